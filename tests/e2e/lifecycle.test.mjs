// End-to-end: unmounting while requests are in flight. A panic in WebAssembly would stop every
// sidebar on the page, so answers that arrive after unmount must be dropped quietly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDir, launch, openPage } from "./harness.mjs";

let site, browser;
before(async () => {
  site = await serveDir(undefined, (req, res) => {
    if (!req.url.startsWith("/slow")) return false;
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      res.end(JSON.stringify({ status: "late", data: [] }));
    }, 800);
    return true;
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

test("answers that arrive after unmount are dropped, and the page keeps working", async () => {
  const { page, errors } = await openPage(browser, site.url + "/");
  await page.waitForFunction(() => window.SidebarWidgets && document.querySelector(".sw-widget"));
  const out = await page.evaluate(async (api) => {
    const base = await (await fetch("demo/loop-returns.json")).json();
    const el = () => { const e = document.createElement("div"); document.body.append(e); return e; };
    // A sidebar that is loading its integration, unmounted before the answer.
    const loading = { ...base, data: {}, integrations: [{ ...base.integrations[0], http: { ...base.integrations[0].http, url: api + "/slow-load" } }] };
    const a = window.SidebarWidgets.mount(el(), loading);
    a.unmount();
    // A sidebar sending a custom action, unmounted while it is pending.
    const withButton = structuredClone(base);
    withButton.widgets[0].template.widgets[0].meta.custom = { buttons: [{ label: "Slow", action: { method: "GET", url: api + "/slow-action", params: [], headers: [] } }] };
    const bEl = el();
    let events = 0;
    bEl.addEventListener("sidebar-widgets:action", () => events++);
    const b = window.SidebarWidgets.mount(bEl, withButton);
    bEl.querySelector(".sw-action--button").click();
    await new Promise((r) => setTimeout(r, 50));
    const pending = bEl.querySelector(".sw-action--button").textContent;
    b.unmount();
    await new Promise((r) => setTimeout(r, 1500));
    // Still alive: a new sidebar mounts and renders.
    const c = el();
    window.SidebarWidgets.mount(c, base);
    return { pending, events, title: c.querySelector(".sw-card__title")?.textContent, left: bEl.innerHTML };
  }, site.url);
  assert.equal(out.pending, "Executing action...");
  assert.equal(out.title, "Loop Returns");
  assert.equal(out.left, "");
  assert.equal(out.events, 1, "the outcome is still announced on the mount element");
  assert.deepEqual(errors, []);
});
