// End-to-end: a sidebar's memory is let go when it is unmounted (issue 11). A helpdesk page mounts
// a sidebar per ticket the agent opens, all day: 600 mount, use and unmount cycles must leave the
// WebAssembly memory where the first ones took it, and nothing in the page. WebAssembly memory never
// shrinks, so a leak shows as growth after the first cycles have set the high-water mark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { embedSuite, LOOP } from "./harness.mjs";

const suite = embedSuite();

test("600 mount, use and unmount cycles leak no memory and leave nothing in the page", async () => {
  const { page, errors } = await suite.open();
  const r = await page.evaluate(async (loop) => {
    const sample = loop.data["123"].data[0];
    const returns = (tag) => Array.from({ length: 40 }, (_, i) => ({
      ...sample, id: 7000 + i, order_name: `#${7000 + i}`, state: `${tag}-${i}`,
    }));
    const settle = () => new Promise((r) => setTimeout(r, 0));
    const mem = () => window.wasm.memory.buffer.byteLength;
    const cycle = async (n) => {
      const el = fresh();
      const h = window.api.mount(el, { ...loop, data: { "123": { status: "success", data: returns("a" + n) } } });
      await settle();
      // Used as an agent would: a card opened, the data updated, a trigger, the theme switched.
      el.querySelector(".sw-card--collapsed .sw-card__toggle")?.click();
      h.update({ data: { "123": { status: "success", data: returns("b" + n) } } });
      h.update({ theme: n % 2 ? "dark" : "light" });
      h.trigger("ticket-updated");
      await settle();
      const drawn = el.querySelectorAll(".sw-field").length;
      h.unmount();
      const left = el.childNodes.length;
      el.remove();
      return { drawn, left };
    };
    const bodyBefore = document.body.children.length;
    const first = [];
    for (let n = 0; n < 100; n++) first.push(await cycle(n));
    const warm = mem();
    const rest = [];
    for (let n = 100; n < 600; n++) rest.push(await cycle(n));
    return {
      warm, end: mem(),
      drawn: Math.min(...first.concat(rest).map((c) => c.drawn)),
      left: Math.max(...first.concat(rest).map((c) => c.left)),
      bodyBefore, bodyChildren: document.body.children.length,
    };
  }, LOOP);
  // Every cycle drew the widget and unmounting emptied its element.
  assert.ok(r.drawn > 10, `each sidebar drew its fields (${r.drawn})`);
  assert.equal(r.left, 0, "unmount leaves nothing in the element");
  // ... and nothing in the page: each mount element was removed, and the sidebars added none.
  assert.equal(r.bodyChildren, r.bodyBefore, "the page's body holds what it held before the cycles");
  // After 100 cycles have set the high-water mark, 500 more add nothing (none, when this was
  // written). A leak of 2 KB a cycle, one card's worth of data, would add 1000 KB (about 16 of
  // WebAssembly's 64 KiB pages): twice this limit, which leaves room for the free space the
  // allocator held at the high-water mark.
  const grown = r.end - r.warm;
  assert.ok(grown <= 512 * 1024, `wasm memory grew by ${grown} bytes over 500 cycles (from ${r.warm})`);
  assert.deepEqual(errors, []);
});

test("a sidebar whose handle the host let go stays mounted through garbage collection", async () => {
  const { page, errors } = await suite.open();
  await page.evaluate((loop) => {
    // The handle is not kept: only unmount() ends a sidebar.
    window.api.mount(fresh(), loop);
    window.kept = window.api.mount(fresh(), loop);
  }, LOOP);
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < 3; i++) {
    // Garbage, then a full collection; finalizers run after it, in a later task.
    await page.evaluate(() => { for (let i = 0; i < 2e5; i++) window.junk = { i, s: "x" + i }; });
    await cdp.send("HeapProfiler.collectGarbage");
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  }
  const out = await page.evaluate(() => {
    const [a, b] = document.querySelectorAll("body > div");
    const before = { a: a.querySelectorAll(".sw-field").length, b: b.querySelectorAll(".sw-field").length };
    // Still alive: its copy control and chevrons answer.
    a.querySelector(".sw-card__toggle")?.click();
    window.kept.unmount();
    return { ...before, bAfter: b.childNodes.length, mounted: window.kept.mounted };
  });
  assert.ok(out.a > 3, `the sidebar without a handle is still drawn (${out.a} fields)`);
  assert.equal(out.a, out.b);
  assert.equal(out.bAfter, 0, "unmount() still ends a sidebar");
  assert.equal(out.mounted, false);
  assert.deepEqual(errors, []);
});
