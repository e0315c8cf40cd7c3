// End-to-end: a host page cannot stop <sidebar-widgets> by DOM clobbering (SPEC 7). Named elements
// of the page (<a id>, <form name>, <img name>, which common HTML sanitisers keep) shadow globals
// such as window.SidebarWidgets; the element uses the bundle's own module exports instead, so it
// still renders. Served from dist-embed/ (scripts/build-embed.sh), the files a host page loads.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveDir, launch, openPage, DIST_EMBED } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOP_RETURNS = fs.readFileSync(path.resolve(here, "../../demo/loop-returns.json"));

// Each variant puts a named element in the page before the element's module runs: it is what
// window.SidebarWidgets (and document.SidebarWidgets for form and img) reads as until the bundle
// sets its own, and what a check like `window.SidebarWidgets ? ... : init()` takes for the API.
const CLOBBERS = {
  "a-id": `<a id="SidebarWidgets" href="https://attacker.example/">help</a>`,
  "form-name": `<form name="SidebarWidgets"><input name="mount"></form>`,
  "img-name": `<img name="SidebarWidgets" src="data:,">`,
  "all": `<a id="SidebarWidgets" href="https://attacker.example/">help</a><form name="SidebarWidgets"><input name="mount"></form><img name="SidebarWidgets" src="data:,">`,
  // Two elements of the same name: the global is an HTMLCollection, whose .mount is an element.
  "collection": `<a id="SidebarWidgets">help</a><a id="SidebarWidgets" name="mount">again</a>`,
};
const page = (clobber) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Ticket</title></head><body>
<p>A customer's message, as the helpdesk's sanitiser let it through:</p>
${clobber}
<script>window.clobbered = Object.prototype.toString.call(window.SidebarWidgets);</script>
<sidebar-widgets id="a" src="/config/loop-returns.json"></sidebar-widgets>
<script type="module" src="/sidebar-widgets-element.js"></script>
</body></html>`;

let site, browser;
before(async () => {
  assert.ok(fs.existsSync(path.join(DIST_EMBED, "sidebar-widgets-element.js")), "dist-embed/ is missing: run `bash scripts/build-embed.sh` first");
  site = await serveDir(DIST_EMBED, (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    if (pathname === "/config/loop-returns.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(LOOP_RETURNS);
      return true;
    }
    const m = /^\/clobber-([\w-]+)\.html$/.exec(pathname);
    if (!m || !CLOBBERS[m[1]]) return false;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(CLOBBERS[m[1]]));
    return true;
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

for (const name of Object.keys(CLOBBERS)) {
  test(`a page clobbering window.SidebarWidgets (${name}) still gets the Loop Returns widget`, async () => {
    const { page: p, errors } = await openPage(browser, `${site.url}/clobber-${name}.html`);
    await p.waitForFunction(() => document.getElementById("a").shadowRoot?.querySelector("[role=alert], .sw-card__title"), null, { timeout: 20000 });
    const seen = await p.evaluate(() => {
      const root = document.getElementById("a").shadowRoot;
      return { alert: root.querySelector("[role=alert]")?.textContent || null, titles: [...root.querySelectorAll(".sw-card__title")].map((t) => t.textContent.trim()) };
    });
    // The clobbering was real: before the bundle loaded, the global was the page's element(s).
    assert.match(await p.evaluate(() => window.clobbered), /^\[object HTML(Anchor|Form|Image)?(Element|Collection)\]$/);
    assert.equal(seen.alert, null);
    assert.ok(seen.titles.includes("Loop Returns"), seen.titles.join(" | "));
    assert.ok(seen.titles.includes("Return #1001: open"), seen.titles.join(" | "));
    assert.deepEqual(errors, []);
    await p.close();
  });
}
