// End-to-end: the built dist/ served over HTTP, opened in headless Chromium as an agent would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDir, launch, openPage } from "./harness.mjs";

let site, browser;
before(async () => { site = await serveDir(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test("the demo page shows the Loop Returns widget from the seed", async () => {
  const { page, errors } = await openPage(browser, site.url + "/");
  await page.waitForSelector(".sw-widget .sw-card__title");
  const titles = await page.$$eval(".sw-card--root > .sw-card__content > .sw-list > .sw-card > .sw-card__header .sw-card__title", (els) => els.map((e) => e.textContent));
  assert.deepEqual(titles, ["Return #1001: open", "Return #1002: closed", "Return #1003: review"]);
  const root = await page.$eval(".sw-card--root .sw-card__title", (e) => [e.textContent, e.getAttribute("href")]);
  assert.deepEqual(root, ["Loop Returns", "https://STORENAME.loopreturns.com/#/"]);
  assert.deepEqual(errors, [], "no console errors");
});

test("the window API: ready event, mount, update, unmount", async () => {
  // Listening before the page's scripts run: what each sidebar-widgets:ready event found.
  const init = () => {
    window.readyEvents = [];
    document.addEventListener("sidebar-widgets:ready", (e) => {
      window.readyEvents.push({ onDocument: e.target === document, mount: typeof window.SidebarWidgets?.mount });
    });
  };
  const { page, errors } = await openPage(browser, site.url + "/", { init });
  await page.waitForSelector(".sw-widget");
  assert.deepEqual(await page.evaluate(() => window.readyEvents), [{ onDocument: true, mount: "function" }],
    "sidebar-widgets:ready fired once, on document, once window.SidebarWidgets was there");
  const out = await page.evaluate(async () => {
    const el = document.createElement("div");
    document.body.append(el);
    const opts = await (await fetch("demo/loop-returns.json")).json();
    const h = window.SidebarWidgets.mount(el, opts);
    const before = el.querySelector(".sw-list > .sw-card .sw-card__title").textContent;
    opts.data["123"].data[0].state = "refunded";
    h.update({ data: opts.data });
    await new Promise((r) => setTimeout(r, 20));
    const after = el.querySelector(".sw-list > .sw-card .sw-card__title").textContent;
    h.unmount();
    return { before, after, left: el.innerHTML };
  });
  assert.equal(out.before, "Return #1001: open");
  assert.equal(out.after, "Return #1001: refunded");
  assert.equal(out.left, "");
  assert.deepEqual(errors, []);
});

test("the theme option switches to dark colours", async () => {
  const { page } = await openPage(browser, site.url + "/");
  await page.waitForSelector(".sw-widget");
  const light = await page.$eval(".sw-widget", (e) => getComputedStyle(e).backgroundColor);
  await page.selectOption("#theme", "dark");
  await page.waitForFunction(() => document.querySelector(".sw-sidebar").dataset.theme === "dark");
  const dark = await page.$eval(".sw-widget", (e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(light, dark);
});
