// End-to-end: the playground checks the widget against the JSON Schema served with the page
// (demo/schema/sidebar-widgets.schema.json) and lists each error with its place in the template,
// beside the warnings. The built page names the real schema (schema/sidebar-widgets.schema.json,
// copied there by trunk): the last test checks the playground with it. The others serve a tiny
// one of their own and a page that names it, and a page that names none.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveDir, launch, DIST } from "./harness.mjs";
import { openDemo } from "./storybook.mjs";

const SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    widgets: { type: "array", items: { $ref: "#/$defs/widget" } },
    integrations: { type: "array", items: { $ref: "#/$defs/integration" } },
  },
  $defs: {
    widget: { type: "object", required: ["template"], properties: { context: { enum: ["ticket", "customer", "user"] }, template: { $ref: "#/$defs/node" } } },
    integration: { type: "object", required: ["id", "name"], properties: { name: { type: "string", pattern: "^[A-Z]" } } },
    node: {
      type: "object", required: ["type"], additionalProperties: false,
      properties: {
        type: { type: "string" }, title: { type: "string" }, path: { type: "string" }, order: { type: "number" },
        meta: { type: "object", properties: {
          color: { type: "string", pattern: "^#[0-9a-fA-F]{3,8}$" },
          limit: { anyOf: [{ type: "integer", minimum: 0 }, { type: "string", pattern: "^[0-9]*$" }] },
        } },
        widgets: { type: "array", items: { $ref: "#/$defs/node" } },
      },
    },
  },
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let site, bare, real, browser;
before(async () => {
  const META = '<meta name="sidebar-widgets-schema" content="demo/schema/sidebar-widgets.schema.json" />';
  // The built page names the real schema; these tests serve a tiny one of their own in its place,
  // and a copy of the page that names none.
  const built = fs.readFileSync(path.join(DIST, "index.html"), "utf8").replace(/<meta name="sidebar-widgets-schema"[^>]*>/, "");
  const index = built.replace("</head>", `${META}\n</head>`);
  site = await serveDir(undefined, (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    if (pathname === "/" || pathname === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(index);
      return true;
    }
    if (pathname !== "/demo/schema/sidebar-widgets.schema.json") return false;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(SCHEMA));
    return true;
  });
  bare = await serveDir(undefined, (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    if (pathname !== "/" && pathname !== "/index.html") return false;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(built);
    return true;
  });
  real = await serveDir(); // the page as built: it names the real schema, which trunk copied
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); await bare?.close(); await real?.close(); });

const PREVIEW = ".demo-pg .demo-frame__mount";
const schemaErrors = (page) => page.$$eval("#pg-schema-errors .demo-warnings__item", (items) => items.map((li) => [
  li.querySelector(".demo-warnings__place").dataset.place, li.querySelector(".demo-warnings__message").textContent]));

test("the playground lists the schema's errors with their place in the template, and jumps there", async () => {
  const { page, errors } = await openDemo(browser, site, "#/playground");
  await page.waitForSelector(`${PREVIEW} .sw-card--root`);
  await page.waitForFunction(() => /No errors/.test(document.querySelector("#pg-schema-errors")?.textContent));
  assert.equal(await page.textContent("#pg-schema-count"), "0");
  assert.match(await page.textContent("#pg-schema-note"), /demo\/schema\/sidebar-widgets\.schema\.json/);

  const template = {
    type: "wrapper", meta: { color: "red" },
    widgets: [{ type: "card", titel: "Jane", meta: { limit: "three" },
      widgets: [{ path: "email", type: "email" }, { path: "total_spent", title: 5 }] }],
  };
  await page.fill("#pg-template", JSON.stringify(template, null, 2));
  await page.waitForFunction(() => Number(document.querySelector("#pg-schema-count").textContent) >= 5);
  const got = await schemaErrors(page);
  assert.deepEqual(got.sort(), [
    ["meta.color", '"red" does not match the pattern /^#[0-9a-fA-F]{3,8}$/'],
    ["widgets[0].meta.limit", '"three" does not match the pattern /^[0-9]*$/'], // the string shape was meant
    ["widgets[0].titel", '"titel" is not a known key here'],
    ["widgets[0].widgets[1]", '"type" is missing'],
    ["widgets[0].widgets[1].title", "must be a string, not a number"],
  ].sort());
  // Beside the template warnings.
  assert.equal(await page.evaluate(() => document.querySelector("#pg-warnings").closest("section").nextElementSibling.id), "pg-schema");

  // A place selects its value in the template editor.
  await page.click('#pg-schema-errors .demo-warnings__place[data-place="widgets[0].widgets[1].title"]');
  const selected = await page.evaluate(() => {
    const ta = document.querySelector("#pg-template");
    return { focused: document.activeElement === ta, text: ta.value.slice(ta.selectionStart, ta.selectionEnd) };
  });
  assert.deepEqual(selected, { focused: true, text: "5" });

  // Outside the template (the integration the playground builds from the name field): named, not a jump.
  await page.fill("#pg-name", "acme crm");
  await page.waitForFunction(() => document.querySelector('#pg-schema-errors [data-place="integrations[0].name"]'));
  assert.equal(await page.$eval('#pg-schema-errors [data-place="integrations[0].name"]', (e) => e.tagName), "SPAN");

  // Fixed: no errors. A JSON syntax error: nothing to check.
  await page.fill("#pg-name", "Acme CRM");
  await page.fill("#pg-template", JSON.stringify({ type: "wrapper", widgets: [{ type: "card", title: "Jane", widgets: [{ path: "email", type: "email" }] }] }));
  await page.waitForFunction(() => /No errors/.test(document.querySelector("#pg-schema-errors").textContent));
  await page.fill("#pg-template", "{");
  await page.waitForFunction(() => /Fix the template's JSON/.test(document.querySelector("#pg-schema-errors").textContent));
  assert.deepEqual(errors, []);
});

test("a page that names no schema requests none, and the playground says so", async () => {
  const { page, errors } = await openDemo(browser, bare, "#/playground");
  await page.waitForSelector(`${PREVIEW} .sw-card--root`);
  await page.waitForFunction(() => /No JSON Schema is served/.test(document.querySelector("#pg-schema-note")?.textContent));
  assert.equal(await page.textContent("#pg-schema-count"), "–");
  assert.match(await page.textContent("#pg-warnings"), /No warnings/);
  assert.deepEqual(errors, [], "no request for a schema, so no 404");
});

test("the built page's playground loads the real schema, schema/sidebar-widgets.schema.json, and checks with it", async () => {
  const { page, errors } = await openDemo(browser, real, "#/playground");
  await page.waitForSelector(`${PREVIEW} .sw-card--root`);
  await page.waitForFunction(() => /No errors/.test(document.querySelector("#pg-schema-errors")?.textContent));
  assert.match(await page.textContent("#pg-schema-note"), /demo\/schema\/sidebar-widgets\.schema\.json/);
  // What it loaded is the repository's schema.
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  assert.ok(loaded.includes("/demo/schema/sidebar-widgets.schema.json"), loaded.join("\n"));
  const served = await (await fetch(`${real.url}/demo/schema/sidebar-widgets.schema.json`)).json();
  const repo = JSON.parse(fs.readFileSync(path.join(ROOT, "schema/sidebar-widgets.schema.json"), "utf8"));
  assert.deepEqual(served, repo);
  // Errors only the real schema knows of (the tiny one above has no displayCard and no buttons).
  await page.fill("#pg-template", JSON.stringify({ type: "wrapper", widgets: [{ type: "card", title: "Jane",
    meta: { displayCard: "no", custom: { buttons: [{ label: "Go", action: { method: "FETCH", url: "https://x.test" } }] } },
    widgets: [{ path: "email", type: "email" }] }] }, null, 2));
  await page.waitForFunction(() => Number(document.querySelector("#pg-schema-count").textContent) >= 2);
  const got = (await schemaErrors(page)).sort();
  assert.deepEqual(got.map(([place]) => place), ["widgets[0].meta.custom.buttons[0].action.method", "widgets[0].meta.displayCard"]);
  assert.equal(got[0][1], '"FETCH": Use GET, POST, PUT, PATCH or DELETE.', "the schema's own words");
  assert.equal(got[1][1], 'must be one of true, false, "true", "false", null, not "no"');
  assert.deepEqual(errors, []);
});
