// End-to-end: `update({data})` reads again only the parts of the data whose JSON text changed
// (issue 11), so it must still see every change a host can make in place, exactly as reading the
// data afresh would. Each step mutates the same objects, updates one sidebar, and compares it with
// a sidebar freshly mounted on a JSON copy of the data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { embedSuite, LOOP } from "./harness.mjs";

const suite = embedSuite();

test("an update sees every change made in place, as a fresh mount of the same data does", async () => {
  const { page, errors } = await suite.open();
  const out = await page.evaluate(async (loop) => {
    const template = structuredClone(loop.widgets[0]);
    // Every return shown, so that each change is visible in the text.
    template.template.widgets[0].widgets[1].meta = { limit: 50 };
    const sample = loop.data["123"].data[0];
    const entry = { status: "success", data: Array.from({ length: 6 }, (_, i) => ({ ...structuredClone(sample), id: i, order_name: `#${i}` })) };
    const data = { "123": entry };
    const settle = () => new Promise((r) => setTimeout(r, 0));
    const text = (el) => el.innerText.replace(/\s+/g, " ").trim();
    const el = fresh();
    const h = window.api.mount(el, { widgets: [template], integrations: [], data });
    await settle();
    const steps = {
      "a field of one item": () => { entry.data[0].state = "closed"; },
      "a field deep inside an item": () => { entry.data[0].line_items[0].title = "Renamed item"; },
      "the status beside the list": () => { entry.status = "stale"; },
      "a member removed": () => { delete entry.data[2].state; },
      "a member set to undefined, a function and a Symbol": () => { entry.data[3].state = undefined; entry.data[3].order_name = () => 1; entry.data[3].id = Symbol("x"); },
      "an item replaced by one with toJSON": () => { entry.data[4] = { toJSON: () => ({ id: 44, order_name: "#44", state: "from toJSON" }) }; },
      "a Date and a class instance": () => { entry.data[5].created_at = new Date(Date.UTC(2026, 0, 2)); entry.data[5].customer = new (class { constructor() { this.name = "Ann"; } })(); },
      "items reordered": () => { entry.data.reverse(); },
      "items removed": () => { entry.data.length = 3; },
      "an item that is undefined (null in JSON)": () => { entry.data.push(undefined); },
      "the list replaced by an object": () => { entry.data = { id: 9, order_name: "#9", state: "alone" }; },
      "the whole entry replaced": () => { data["123"] = { status: "new", data: [{ id: 1, order_name: "#1", state: "open" }] }; },
      "nothing changed": () => {},
    };
    const results = [];
    for (const [name, change] of Object.entries(steps)) {
      change();
      h.update({ data });
      const copy = fresh();
      const g = window.api.mount(copy, { widgets: [template], integrations: [], data: JSON.parse(JSON.stringify(data)) });
      await settle();
      results.push({ name, updated: text(el), fresh: text(copy) });
      g.unmount();
      copy.remove();
    }
    return results;
  }, LOOP);
  for (const r of out) assert.equal(r.updated, r.fresh, `after "${r.name}"`);
  // And the steps did change what the sidebar shows.
  assert.ok(out[0].updated.includes("closed"));
  assert.ok(out[1].updated.includes("Renamed item"));
  assert.ok(out[5].updated.includes("from toJSON"));
  assert.deepEqual(errors, []);
});
