// The npm package: `npm pack dist-embed` (built by scripts/build-embed.sh) gives a tarball that
// installs offline into an empty host project, whose exports all resolve to files, and from which
// headless Chromium mounts the Loop Returns widget both ways: the JS API
// (node_modules/sidebar-widgets/sidebar-widgets.js) and the <sidebar-widgets> element.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveDir, launch, openPage } from "./harness.mjs";
import { packageJson } from "../../package/make-package.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = path.join(ROOT, "dist-embed");
const PKG = "node_modules/sidebar-widgets";

const API_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>JS API</title>
<link rel="stylesheet" href="./${PKG}/sidebar.css">
</head><body><div id="sidebar"></div>
<script type="module">
  import init from "./${PKG}/sidebar-widgets.js";
  document.addEventListener("sidebar-widgets:ready", () => { window.readyFired = true; });
  const options = await (await fetch("./loop-returns.json")).json();
  await init();
  window.handle = SidebarWidgets.mount(document.getElementById("sidebar"), options);
</script></body></html>`;

const ELEMENT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Element</title>
<script type="module" src="./${PKG}/sidebar-widgets-element.js"></script>
</head><body><sidebar-widgets id="a" theme="dark"></sidebar-widgets>
<script type="module">
  const options = await (await fetch("./loop-returns.json")).json();
  document.getElementById("a").config = options;
</script></body></html>`;

const RETURN_TITLES = ["Return #1001: open", "Return #1002: closed", "Return #1003: review"];
const TITLES_JS = `[...root.querySelectorAll(".sw-card--root > .sw-card__content > .sw-list > .sw-card > .sw-card__header .sw-card__title")].map((e) => e.textContent)`;

let tmp, app, tarball, packed, site, browser;
const requested = [];

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "package.json")),
    "dist-embed/ has no package.json: build it first with `bash scripts/build-embed.sh`");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sw-package-"));
  // npm pack, as a publisher would.
  const out = execFileSync("npm", ["pack", DIST, "--json", "--pack-destination", tmp], { cwd: tmp, encoding: "utf8" });
  packed = JSON.parse(out)[0];
  tarball = path.join(tmp, packed.filename);
  // An empty host project that installs the tarball without the network.
  app = path.join(tmp, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "helpdesk-host", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: app, encoding: "utf8" });
  fs.copyFileSync(path.join(ROOT, "demo/loop-returns.json"), path.join(app, "loop-returns.json"));
  fs.writeFileSync(path.join(app, "api.html"), API_PAGE);
  fs.writeFileSync(path.join(app, "element.html"), ELEMENT_PAGE);
  site = await serveDir(app, (req) => { requested.push(new URL(req.url, "http://x").pathname); return false; });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("npm pack gives sidebar-widgets at the crate's version, with the bundle, the types, the schema and a README", () => {
  const expected = packageJson();
  assert.equal(packed.name, "sidebar-widgets");
  assert.equal(packed.version, expected.version);
  assert.match(expected.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [...expected.files, "package.json"].sort());
  assert.equal(packed.bundled.length, 0);
  const installed = JSON.parse(fs.readFileSync(path.join(app, PKG, "package.json"), "utf8"));
  assert.equal(installed.type, "module");
  assert.equal(installed.types, "./sidebar-widgets.d.ts");
  assert.equal(installed.dependencies, undefined, "no dependencies");
});

test("every export of the installed package resolves to a file", async () => {
  const require = createRequire(path.join(app, "package.json"));
  const want = {
    "sidebar-widgets": "sidebar-widgets.js",
    "sidebar-widgets/element": "sidebar-widgets-element.js",
    "sidebar-widgets/sidebar.css": "sidebar.css",
    "sidebar-widgets/sidebar-widgets_bg.wasm": "sidebar-widgets_bg.wasm",
    "sidebar-widgets/schema": "sidebar-widgets.schema.json",
    "sidebar-widgets/editor": "sidebar-widgets-editor.js",
    "sidebar-widgets/editor.css": "sidebar-widgets-editor.css",
  };
  for (const [specifier, file] of Object.entries(want)) {
    const resolved = require.resolve(specifier);
    assert.equal(resolved, fs.realpathSync(path.join(app, PKG, file)), specifier);
    assert.ok(fs.statSync(resolved).size > 0, specifier);
  }
  const installed = JSON.parse(fs.readFileSync(path.join(app, PKG, "package.json"), "utf8"));
  for (const [key, target] of Object.entries(installed.exports)) {
    const paths = typeof target === "string" ? [target] : Object.values(target);
    for (const p of paths) assert.ok(fs.existsSync(path.join(app, PKG, p)), `${key} -> ${p}`);
  }
  const schema = JSON.parse(fs.readFileSync(require.resolve("sidebar-widgets/schema"), "utf8"));
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  // The module exports what the types declare: init (default) and initSync.
  const js = fs.readFileSync(require.resolve("sidebar-widgets"), "utf8");
  assert.match(js, /export ?\{[^}]*\binitSync\b[^}]*\bas default\b[^}]*\}|export ?\{[^}]*\bas default\b[^}]*\binitSync\b[^}]*\}/);
});

test("the JS API, imported from the installed package, mounts the Loop Returns widget", async () => {
  requested.length = 0;
  const { page, errors } = await openPage(browser, site.url + "/api.html");
  await page.waitForFunction(() => window.handle && document.querySelector(".sw-card__title"));
  const seen = await page.evaluate(`(() => {
    const root = document;
    const w = getComputedStyle(document.querySelector(".sw-widget"));
    return {
      ready: window.readyFired === true,
      version: SidebarWidgets.version,
      title: document.querySelector(".sw-card--root .sw-card__title").textContent,
      titles: ${TITLES_JS},
      radius: w.borderRadius,
      mounted: window.handle.mounted,
      triggered: window.handle.trigger("ticket-updated"),
    };
  })()`);
  assert.equal(seen.ready, true, "sidebar-widgets:ready fired on document");
  assert.equal(seen.version, packageJson().version, "SidebarWidgets.version is the package's version");
  assert.equal(seen.title, "Loop Returns");
  assert.deepEqual(seen.titles, RETURN_TITLES);
  assert.equal(seen.radius, "8px", "the package's sidebar.css applies");
  assert.equal(seen.mounted, true);
  assert.equal(typeof seen.triggered, "number");
  const after = await page.evaluate(() => { window.handle.unmount(); return { mounted: window.handle.mounted, left: document.getElementById("sidebar").childElementCount }; });
  assert.deepEqual(after, { mounted: false, left: 0 });
  assert.ok(requested.includes(`/${PKG}/sidebar-widgets_bg.wasm`), "the wasm came from the installed package");
  assert.deepEqual(errors, []);
});

test("the <sidebar-widgets> element, from the installed package, shows the Loop Returns widget from its config property", async () => {
  requested.length = 0;
  const { page, errors } = await openPage(browser, site.url + "/element.html");
  await page.waitForFunction(() => document.getElementById("a").shadowRoot?.querySelector(".sw-card__title"));
  const seen = await page.evaluate(`(() => {
    const el = document.getElementById("a");
    const root = el.shadowRoot;
    return {
      titles: ${TITLES_JS},
      theme: root.querySelector(".sw-sidebar").dataset.theme,
      handle: !!el.handle && el.handle.mounted,
      lightDom: document.querySelectorAll(".sw-sidebar").length,
    };
  })()`);
  assert.deepEqual(seen.titles, RETURN_TITLES);
  assert.equal(seen.theme, "dark", "the theme attribute reaches the sidebar");
  assert.equal(seen.handle, true);
  assert.equal(seen.lightDom, 0, "rendered in the shadow root");
  for (const f of ["sidebar-widgets-element.js", "sidebar-widgets.js", "sidebar-widgets_bg.wasm"]) {
    assert.ok(requested.includes(`/${PKG}/${f}`), `${f} came from the installed package`);
  }
  assert.deepEqual(errors, []);
});
