// Driver for tests/loading_e2e.rs: the sidebar fetches its own data from the Rust fake
// integration server; prints what the page showed at each step as one JSON line.
import { launch, openPage, serveDir } from "./harness.mjs";

// SITE is the URL of a server of dist/, or "-" to serve dist/ here with harness.mjs (the one static
// server of the end-to-end tests; the Rust test then needs none of its own).
const [SITE_ARG, API] = process.argv.slice(2);
const site = SITE_ARG === "-" ? await serveDir() : null;
const SITE = site ? site.url : SITE_ARG;
const out = {};
const browser = await launch();
const { page, errors } = await openPage(browser, SITE + "/");
await page.waitForFunction(() => window.SidebarWidgets && document.querySelector(".sw-widget"));
const base = await page.evaluate(async () => (await (await fetch("demo/loop-returns.json")).json()));

const loopTemplate = base.widgets[0].template;
const integration = (id, path, triggers = { "ticket-created": true, "ticket-message-created": true, "ticket-updated": true }) => ({
  id, name: "Loop Returns " + id, type: "http",
  http: { url: API + path + "?from=2010-01-01&to=2050-01-01&customer_email={{ticket.customer.email}}", method: "GET",
          headers: { "X-Authorization": "loop-key-123" }, triggers, request_content_type: "application/json", response_content_type: "application/json" },
});
let n = 0;
async function mount(integrations, widgets, extra = {}) {
  const id = "m" + ++n;
  await page.evaluate(({ id, options }) => {
    const el = document.createElement("div");
    el.id = id;
    document.body.append(el);
    window.__h = window.__h || {};
    // Every loading placeholder the sidebar ever drew, even one gone before anyone looked.
    window.__loading = window.__loading || {};
    const seen = (window.__loading[id] = new Set());
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of [r.target, ...r.addedNodes]) {
          if (n.nodeType !== 1) continue;
          for (const e of [n, ...n.querySelectorAll(".sw-status--loading")]) if (e.matches(".sw-status--loading")) seen.add(e);
        }
      }
    }).observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
    window.__h[id] = window.SidebarWidgets.mount(el, options);
  }, { id, options: { integrations, widgets, context: base.context, ...extra } });
  return "#" + id;
}
const widget = (id, integration_id, order = 0) => ({ id, context: "ticket", integration_id, order, template: loopTemplate });
const titles = (m) => page.$$eval(`${m} .sw-card--root > .sw-card__content > .sw-list > .sw-card > .sw-card__header .sw-card__title`, (e) => e.map((x) => x.textContent));
const status = (m) => page.$$eval(`${m} .sw-status`, (e) => e.map((x) => ({ cls: x.className, text: x.textContent.trim() })));
const call = (m, fn, ...args) => page.evaluate(({ id, fn, args }) => { const r = window.__h[id][fn](...args); return r === undefined ? null : r; }, { id: m.slice(1), fn, args });
const wait = (ms) => page.waitForTimeout(ms);
const waitFor = (m, sel) => page.waitForSelector(`${m} ${sel}`, { timeout: 10000 });

// 1. Loads, with the encoded email and the header; two widgets on one integration: one request.
{
  const m = await mount([integration(1, "/ok")], [widget("a", 1), widget("b", 1, 1)]);
  await waitFor(m, ".sw-card--root");
  out.loadingSeen = await page.evaluate((id) => window.__loading[id].size, m.slice(1));
  out.okTitles = await titles(m);
  out.okWidgets = await page.$$eval(`${m} .sw-widget`, (e) => e.length);
}

// 2. Failures show a short error with Retry; Retry works once the server answers.
for (const kind of ["notfound", "error", "badjson", "slow"]) {
  const m = await mount([integration(10, "/" + kind)], [widget("w", 10)], { actionTimeout: 1000 });
  await waitFor(m, ".sw-status--error");
  out[kind] = await status(m);
  await page.click(`${m} .sw-retry`);
  await waitFor(m, ".sw-card--root");
  out[kind + "Retried"] = await titles(m);
}

// 3. Triggers fetch again exactly the subscribed integrations.
{
  const m = await mount(
    [integration(20, "/trig-a", { "ticket-updated": true }), integration(21, "/trig-b", { "ticket_created": true })],
    [widget("a", 20), widget("b", 21, 1)]);
  await waitFor(m, ".sw-widget .sw-card--root");
  await wait(300);
  out.triggerUpdated = await call(m, "trigger", "ticket-updated");
  await wait(500);
  out.triggerCreated = await call(m, "trigger", "ticket-created");
  await wait(500);
  out.triggerNone = await call(m, "trigger", "ticket-message-created");
  await wait(500);
}

// 4. Stale data stays visible after a failed refresh, with the error beside it.
{
  const m = await mount([integration(30, "/toggle")], [widget("w", 30)]);
  await waitFor(m, ".sw-card--root");
  out.staleBefore = await titles(m);
  await page.evaluate((url) => fetch(url, { method: "POST" }), API + "/control/fail");
  await call(m, "trigger", "ticket-updated");
  await waitFor(m, ".sw-status--error");
  out.staleAfter = await titles(m);
  out.staleStatus = await status(m);
}

// 5. A late answer to an older request never overwrites the newer one.
{
  const m = await mount([integration(40, "/race")], [widget("w", 40)]);
  await wait(200); // the first (slow) request is in flight
  await call(m, "trigger", "ticket-updated");
  await waitFor(m, ".sw-card--root");
  await wait(2500); // the slow answer arrives now
  out.race = await titles(m);
}

// 6. A context change that changes the URL fetches again; the same context does not.
{
  const m = await mount([integration(50, "/ctx")], [widget("w", 50)]);
  await waitFor(m, ".sw-card--root");
  const ctx = structuredClone(base.context);
  await page.evaluate(({ id, ctx }) => window.__h[id].update({ context: ctx }), { id: m.slice(1), ctx });
  await wait(400);
  ctx.ticket.customer.email = "sam@example.com";
  await page.evaluate(({ id, ctx }) => window.__h[id].update({ context: ctx }), { id: m.slice(1), ctx });
  await wait(600);
}

out.errors = errors.filter((e) => !e.includes("Failed to load resource"));
await browser.close();
await site?.close();
console.log(JSON.stringify(out));
