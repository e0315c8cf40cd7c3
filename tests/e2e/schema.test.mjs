// The JSON Schema (schema/sidebar-widgets.schema.json, draft 2020-12), checked with ajv: it accepts
// every template in the repository (demo/loop-returns.json, every story of the demo page, the
// seed's custom actions example), refuses what the renderer refuses with an error at the right
// place (the same widgets given to the bundle's checkOptions and mount, in dist-embed/, which refuse
// them too, or draw the button unusable; a few values only the schema refuses are listed as such),
// and lists exactly the message keys of the TypeScript definitions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";
import { REFUSED } from "./refused-templates.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema/sidebar-widgets.schema.json"), "utf8"));
const loopReturns = JSON.parse(fs.readFileSync(path.join(ROOT, "demo/loop-returns.json"), "utf8"));

// Strict: unknown keywords, keywords of the wrong type and the like are errors in the schema
// itself (strictRequired aside: the top level's `if` tests for a "template" key on purpose).
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
// VS Code shows patternErrorMessage instead of the bare pattern; tsType is the TypeScript type
// types/generate.mjs gives a property (stricter than what the sidebar reads: the canonical
// spellings). For ajv both are annotations.
ajv.addVocabulary(["patternErrorMessage", "tsType"]);
ajv.addSchema(schema, "sw");
const validate = ajv.getSchema("sw");
const def = (name) => ajv.getSchema(`sw#/$defs/${name}`);

const explain = (errors) => (errors || []).map((e) => `${e.instancePath || "(root)"} ${e.message}`).join("\n");
function accepts(v, value, what) {
  const ok = v(value);
  assert.ok(ok, `${what} should be valid:\n${explain(v.errors)}`);
}

const wrap = (widgets) => ({ id: 1, context: "ticket", integration_id: 1, template: { type: "wrapper", widgets } });

// The embeddable bundle (dist-embed/), for what the renderer itself says of the same input.
let site, browser;
before(async () => { site = await serveEmbed(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test("the schema compiles in strict mode and is draft 2020-12", () => {
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  for (const name of ["options", "widgets", "widget", "templateNode", "meta", "action", "integration"]) {
    assert.equal(typeof def(name), "function", name);
  }
});

test("demo/loop-returns.json (the seed's widget and integration) is valid, whole and in parts", () => {
  accepts(validate, loopReturns, "demo/loop-returns.json");
  accepts(validate, loopReturns.widgets, "its widgets array");
  accepts(validate, loopReturns.widgets[0], "its widget");
  accepts(validate, loopReturns.widgets[0].template, "its template alone");
  accepts(def("integration"), loopReturns.integrations[0], "its integration");
});

test("every story of the demo page is valid (except the malformed templates it shows on purpose)", async () => {
  const { buildStories } = await import(path.join(ROOT, "demo/stories.js"));
  const stories = buildStories({ origin: "http://127.0.0.1:8080", now: Date.parse("2026-11-26T12:00:00Z"), loopReturns });
  assert.ok(stories.length >= 19);
  let widgets = 0;
  for (const story of stories) {
    if (story.id === "state-malformed") continue;
    accepts(validate, story.options, `story ${story.id}`);
    widgets += story.options.widgets.length;
  }
  assert.ok(widgets >= 25, `${widgets} widgets checked`);
  // The malformed story: its good widget is valid, each bad one is refused where it is bad.
  const malformed = stories.find((s) => s.id === "state-malformed").options;
  accepts(validate, { ...malformed, widgets: [malformed.widgets[0]] }, "the malformed story's good widget");
  assert.equal(validate(malformed), false);
  const places = new Set(validate.errors.map((e) => e.instancePath));
  for (const p of ["/widgets/1/template", "/widgets/2/template/widgets", "/widgets/3/template/widgets/0/widgets/0"]) {
    assert.ok(places.has(p), `an error at ${p}:\n${explain(validate.errors)}`);
  }
});

test("the seed's custom actions card and its templates' Gorgias leniencies are valid", () => {
  // The "Custom actions" section of the seed, exactly as written there.
  const seedCard = {
    meta: {
      link: "",
      custom: {
        links: [{ url: "https://developers.gorgias.com/docs/create-integrations-and-widgets-programmatically", label: "My first redirection link" }],
        buttons: JSON.parse(fs.readFileSync(new URL("../fixtures/seed-buttons.json", import.meta.url), "utf8")),
      },
      displayCard: true,
    },
    path: "", type: "card", order: 0, title: "My integration", widgets: [],
  };
  accepts(validate, wrap([seedCard]), "the seed's custom actions card");
  // What the renderer reads without complaint.
  const lenient = {
    type: "card", title: 42, path: "", order: 1.5, unknownKey: { anything: true },
    meta: {
      limit: " 4 ", orderBy: "", hideIfEmpty: "true", displayCard: "false", color: null, somethingElse: 1,
      custom: { buttons: [
        { label: "lower-case method, params as an object", action: { method: "post", url: "https://x.test/{{id}}", params: { a: "1", b: 2 },
          body: { contentType: "Application/JSON; charset=utf-8", "application/json": { x: "{{id}}" } } } },
        { label: "no method", action: { url: "https://x.test/", headers: [{ key: "X-Key", value: "{{secret.KEY}}" }] } },
        { label: "dropdown", action: { method: "Delete", url: "https://x.test/", params: [{ key: "why", value: "a;b", type: "Dropdown", editable: "true" }] } },
      ], links: [] },
    },
    widgets: [{ path: "x" }, { type: "hologram", path: "y", widgets: null, meta: null }, { type: "list", path: "z", meta: { limit: 0 }, widgets: [{ type: "text" }] }],
  };
  accepts(validate, wrap([lenient]), "lenient template");
  accepts(validate, { widgets: [wrap([])], integrations: [{ id: "7", http: { url: "https://x.test/?e={{ticket.customer.email}}", method: "get", triggers: { ticket_updated: true } } }],
    data: null, view: "user", theme: "auto", proxy: "/proxy", proxyToken: "t", actionTimeout: 5000, locale: "de-CH",
    messages: { retry: "Nochmal", more: "{n} weitere" } }, "a whole options object");
});


// Each template of tests/e2e/refused-templates.mjs is refused by the schema where it is wrong, and
// the renderer takes it as its fourth column says.

/** The template node that holds a schema error, in the renderer's style: "/template/widgets/0/meta"
 *  is in "template.widgets[0]". */
function nodeOf(pointer) {
  const parts = pointer.split("/").slice(1);
  let node = "", i = 0;
  for (; i < parts.length; i++) {
    if (parts[i] === "template") node = "template";
    else if (parts[i] === "widgets" && /^\d+$/.test(parts[i + 1] ?? "")) node += `.widgets[${parts[++i]}]`;
    else break;
  }
  return node;
}

test("templates the schema refuses are refused, with an error where they are wrong, as the renderer does", async () => {
  for (const [what, template, place] of REFUSED) {
    const widget = { id: "w", context: "ticket", integration_id: 1, template };
    assert.equal(validate(widget), false, `${what} should be refused`);
    const places = validate.errors.map((e) => e.instancePath);
    assert.ok(places.includes(place), `${what}: expected an error at ${place}, got:\n${explain(validate.errors)}`);
    // The same, as an array of widgets and inside an options object: the place moves with it.
    assert.equal(validate([widget]), false, `${what} (in an array)`);
    assert.ok(validate.errors.some((e) => e.instancePath === "/0" + place), `${what} (in an array) at /0${place}`);
    assert.equal(validate({ widgets: [wrap([]), widget] }), false, `${what} (in options)`);
    assert.ok(validate.errors.some((e) => e.instancePath === "/widgets/1" + place), `${what} (in options) at /widgets/1${place}`);
  }
  // The renderer, on the same widget (after a good one, as in options above): the bundle's
  // checkOptions, and what mount draws.
  const { page } = await openEmbed(browser, site);
  const rendered = await page.evaluate(async ([rows, good]) => {
    const out = [];
    for (const [what, template] of rows) {
      const options = { widgets: [good, { id: "w", context: "ticket", integration_id: 1, template }], data: { "1": { a: "A", x: [1, 2] } } };
      const el = fresh();
      const h = window.api.mount(el, options);
      await new Promise((r) => setTimeout(r, 0));
      out.push({
        what,
        problems: window.api.checkOptions(options).map((p) => p.place),
        widgetError: el.querySelector(".sw-widget--error")?.textContent ?? null,
        unusable: [...el.querySelectorAll(".sw-action--refused")].map((b) => b.title),
      });
      h.unmount();
      el.remove();
    }
    return out;
  }, [REFUSED.map(([what, template]) => [what, template]), wrap([])]);
  REFUSED.forEach(([what, , place, how], i) => {
    const r = rendered[i];
    assert.equal(r.what, what);
    if (how === "node") {
      const node = nodeOf(place);
      assert.deepEqual(r.problems, [`widgets[1].${node}`], `${what}: checkOptions refuses it at its node`);
      assert.ok(r.widgetError?.includes(` ${node}: `), `${what}: mount shows the widget's error at ${node}: ${r.widgetError}`);
    } else if (how === "button") {
      assert.deepEqual([r.problems, r.widgetError], [[], null], `${what}: the template itself is read`);
      assert.equal(r.unusable.length, 1, `${what}: the button is drawn unusable`);
      assert.match(r.unusable[0], /^button "Go": \S/, `${what}: and says why`);
    } else {
      assert.equal(how, "lenient", what);
      assert.deepEqual([r.problems, r.widgetError, r.unusable], [[], null, []], `${what}: the renderer reads it`);
    }
  });
  assert.deepEqual([...new Set(REFUSED.map((r) => r[3]))].sort(), ["button", "lenient", "node"]);
});

test("widgets, integrations and options that are wrong are refused where they are wrong", () => {
  const cases = [
    ["a widget without template", [{ id: 1, context: "ticket" }], "/0", "required"],
    ["an unknown widget context", [{ context: "order", template: { type: "wrapper" } }], "/0/context", "enum"],
    ["a widget order that is a string", [{ order: "1", template: { type: "wrapper" } }], "/0/order", "type"],
    ["a widget that is a number", [5], "/0", "type"],
    ["an integration without id", { integrations: [{ http: { url: "https://x.test" } }] }, "/integrations/0", "required"],
    ["an integration without http.url", { integrations: [{ id: 1, http: { method: "GET" } }] }, "/integrations/0/http", "required"],
    ["an integration method that is unknown", { integrations: [{ id: 1, http: { url: "https://x.test", method: "SEND" } }] }, "/integrations/0/http/method", "pattern"],
    ["a header that is not a string", { integrations: [{ id: 1, http: { url: "https://x.test", headers: { "X-Id": 5 } } }] }, "/integrations/0/http/headers/X-Id", "type"],
    ["a trigger that is not a boolean", { integrations: [{ id: 1, http: { url: "https://x.test", triggers: { "ticket-updated": "yes" } } }] }, "/integrations/0/http/triggers/ticket-updated", "type"],
    ["a wrong theme", { theme: "blue" }, "/theme", "enum"],
    ["a wrong view", { view: "order" }, "/view", "enum"],
    ["a timeout that is a string", { actionTimeout: "30s" }, "/actionTimeout", "type"],
    ["an unknown message key", { messages: { retryy: "Again" } }, "/messages", "additionalProperties"],
    ["a message that is not a string", { messages: { retry: 1 } }, "/messages/retry", "type"],
    ["data that is an array", { data: [] }, "/data", "type"],
    ["a file that is a number", 5, "", "type"],
  ];
  for (const [what, value, place, keyword] of cases) {
    assert.equal(validate(value), false, `${what} should be refused`);
    assert.ok(validate.errors.some((e) => e.instancePath === place && e.keyword === keyword),
      `${what}: expected ${keyword} at ${place || "(root)"}, got:\n${explain(validate.errors)}`);
  }
});

test("a bare template node and the $defs can be used on their own", () => {
  accepts(validate, { type: "wrapper", widgets: [{ type: "card", title: "T", widgets: [{ path: "a" }] }] }, "a bare template");
  assert.equal(validate({ type: "wrapper", widgets: [{ order: "x" }] }), false);
  assert.ok(validate.errors.some((e) => e.instancePath === "/widgets/0/order"));
  assert.equal(def("templateNode")({ widgets: 5 }), false);
  assert.equal(def("widget")({ template: { type: "wrapper" } }), true);
});

test("the schema's message keys are exactly the TypeScript Messages keys, each described", () => {
  const dts = fs.readFileSync(path.join(ROOT, "types/sidebar-widgets-schema.d.ts"), "utf8");
  const body = dts.match(/export interface Messages \{([\s\S]*?)\n\}/)[1];
  const keys = [...body.matchAll(/^ {2}(\w+)\?: string;$/gm)].map((m) => m[1]);
  assert.ok(keys.length >= 28, `${keys.length} keys in the union`);
  const props = schema.$defs.messages.properties;
  assert.deepEqual(Object.keys(props).sort(), [...keys].sort());
  for (const k of keys) assert.ok(props[k].description.length > 10, k);
});

test("every property in the schema has a description an editor can show", () => {
  const missing = [];
  const walk = (node, where) => {
    if (!node || typeof node !== "object") return;
    if (node.properties) {
      for (const [k, v] of Object.entries(node.properties)) {
        const described = typeof v.description === "string" || (v.$ref && schema.$defs[v.$ref.split("/").pop()].description);
        if (!described) missing.push(`${where}/${k}`);
        walk(v, `${where}/properties/${k}`);
      }
    }
  };
  for (const [name, d] of Object.entries(schema.$defs)) {
    if (typeof d.description !== "string") missing.push(`$defs/${name}`);
    walk(d, `$defs/${name}`);
  }
  assert.deepEqual(missing, []);
});

// The documentation's examples: every ```json block of the README and of docs/ is a whole JSON
// document the schema accepts (fragments use ```jsonc or ```text fences instead).
const DOCS = ["README.md", "docs/templates.md", "docs/embedding.md"];

/** The ```json fenced blocks of a Markdown text (not ```jsonc), in order: [{line, text}]. */
function jsonBlocks(markdown) {
  const blocks = [];
  const fence = /^([ \t]*)```json[ \t]*\r?\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
  for (const m of markdown.matchAll(fence)) {
    const line = markdown.slice(0, m.index).split("\n").length;
    blocks.push({ line, text: m[2] });
  }
  return blocks;
}

test("every JSON example in the README and docs/ is valid against the schema", () => {
  const checked = {};
  for (const file of DOCS) {
    const blocks = jsonBlocks(fs.readFileSync(path.join(ROOT, file), "utf8"));
    blocks.forEach(({ line, text }, i) => {
      const where = `${file}, json block ${i + 1} (line ${line})`;
      let value;
      try {
        value = JSON.parse(text);
      } catch (e) {
        assert.fail(`${where} is not valid JSON: ${e.message}`);
      }
      accepts(validate, value, where);
    });
    checked[file] = blocks.length;
  }
  assert.ok(checked["docs/templates.md"] >= 3, `${checked["docs/templates.md"]} json blocks checked in docs/templates.md`);
});
