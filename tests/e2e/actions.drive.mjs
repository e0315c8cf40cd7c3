// Driver for tests/actions_e2e.rs: plays the agent in headless Chromium against dist/ (served by
// the Rust test) with custom actions pointed at the Rust recorder, and prints what the page showed
// as one JSON line. The Rust test asserts on that and on the requests the recorder received.
import fs from "node:fs";
import { launch, openPage, serveDir } from "./harness.mjs";

// SITE is the URL of a server of dist/, or "-" to serve dist/ here with harness.mjs (the one static
// server of the end-to-end tests; the Rust test then needs none of its own).
const [SITE_ARG, API] = process.argv.slice(2);
const site = SITE_ARG === "-" ? await serveDir() : null;
const SITE = site ? site.url : SITE_ARG;
const SECRET = "l337_5p34k";
const out = {};

// The seed's two buttons, exactly as written there (tests/fixtures), with the URLs pointed at the
// recorder.
const SEED_BUTTONS = JSON.parse(fs.readFileSync(new URL("../fixtures/seed-buttons.json", import.meta.url), "utf8"));
const seedButtons = () => SEED_BUTTONS.map((b) => ({ ...b, action: { ...structuredClone(b.action), url: API + new URL(b.action.url).pathname } }));

const browser = await launch();
const { page, errors } = await openPage(browser, SITE + "/");
await page.waitForFunction(() => window.SidebarWidgets && document.querySelector(".sw-widget"));
const base = await page.evaluate(async () => (await (await fetch("demo/loop-returns.json")).json()));

let mounts = 0;
async function mount(buttons, extra = {}) {
  const id = "m" + ++mounts;
  const options = {
    widgets: [{ id: "actions-" + id, context: "ticket", integration_id: 9, template: { type: "wrapper", widgets: [
      { meta: { link: "", custom: { links: [{ url: "https://developers.gorgias.com/docs/create-integrations-and-widgets-programmatically", label: "My first redirection link" },
                                            { url: "javascript:alert(1)", label: "Bad link" }], buttons }, displayCard: true },
        path: "", type: "card", order: 0, title: "My integration", widgets: [{ type: "text", path: "order_id", title: "Order" }] }] } }],
    integrations: [{ id: 9, name: "Orders", type: "http", http: { url: API + "/unused" } }],
    data: { "9": { order_id: 77 } },
    context: base.context,
    ...extra,
  };
  await page.evaluate(({ id, options }) => {
    const el = document.createElement("div");
    el.id = id;
    document.body.append(el);
    window.__events = window.__events || {};
    window.__events[id] = [];
    el.addEventListener("sidebar-widgets:action", (e) => window.__events[id].push(e.detail));
    window.__handles = window.__handles || {};
    window.__handles[id] = window.SidebarWidgets.mount(el, options);
  }, { id, options });
  return "#" + id;
}
const button = (m, label) => page.locator(`${m} button.sw-action--button`, { hasText: label });
const html = () => page.evaluate(() => document.documentElement.outerHTML);
const outcome = async (m) => {
  await page.waitForSelector(`${m} .sw-outcome`, { timeout: 10000 });
  return page.$eval(`${m} .sw-outcome`, (e) => ({ text: e.textContent, ok: e.classList.contains("sw-outcome--ok") }));
};
const waitOutcome = async (m, n) => page.waitForFunction(([m, n]) => (window.__events[m.slice(1)] || []).length >= n, [m, n], { timeout: 15000 });
const events = (m) => page.evaluate((id) => window.__events[id], m.slice(1));
const formValues = (m) => page.$$eval(`${m} .sw-form .sw-form__input`, (els) => els.map((e) => [e.previousElementSibling?.textContent?.trim(), e.value]));

// 1. The seed's buttons as written: the editable secret is shown pre-filled; edited, then sent.
{
  const m = await mount(seedButtons());
  out.links = await page.$$eval(`${m} .sw-actions > a, ${m} .sw-actions > span`, (els) => els.map((e) => [e.tagName, e.textContent, e.getAttribute("href"), e.getAttribute("target"), e.getAttribute("rel")]));
  await button(m, "My 1st action").click();
  await page.waitForSelector(`${m} .sw-form`);
  out.seedForm = await formValues(m);
  out.seedFocus = await page.evaluate(() => document.activeElement?.className);
  await page.fill(`${m} .sw-form input`, "typed-key");
  await page.press(`${m} .sw-form input`, "Enter");
  await waitOutcome(m, 1);
  out.seedGet = await outcome(m);
  out.seedFormClosed = (await page.$(`${m} .sw-form`)) === null;
  await button(m, "My 2rd action").click();
  await waitOutcome(m, 2);
  out.seedPostForm = (await page.$(`${m} .sw-form`)) === null;
  out.seedEvents = await events(m);
}

// 2. A JSON button with variables, an editable param edited in the form, and a dropdown.
{
  const m = await mount([{ label: "Refund {{order_id}}", action: { method: "POST", url: API + "/json?source=sidebar",
    params: [{ key: "ticket", value: "{{ticket.id}}" }, { key: "reason", label: "Reason", value: "damaged", editable: true, mandatory: true },
             { key: "priority", label: "Priority", type: "dropdown", value: "low;normal;high", editable: true, mandatory: true }],
    headers: [{ key: "X-Agent", value: "{{current_user.email}}" }, { key: "X-Agent-Name", value: "{{current_user.firstname}} {{current_user.lastname}}" }],
    body: { contentType: "application/json", "application/json": { note: "{{current_user.name}} refunds {{ticket.customer.email}}", count: 2, nested: { flag: true, none: null, list: [1, "{{order_id}}"] } } } } }]);
  await button(m, "Refund 77").click();
  await page.waitForSelector(`${m} .sw-form`);
  out.jsonFormBefore = await formValues(m);
  await page.fill(`${m} .sw-form input`, "lost in transit");
  await page.selectOption(`${m} .sw-form select`, "high");
  await page.click(`${m} .sw-form button[type=submit]`);
  await waitOutcome(m, 1);
  out.json = await outcome(m);
}

// 3. A form-encoded POST with an editable comment, and the seed's hidden `user`.
{
  const b = seedButtons()[1];
  b.action.body["application/x-www-form-urlencoded"].push({ key: "comment", label: "Comment", value: "", editable: true, mandatory: false });
  const m = await mount([b]);
  await button(m, "My 2rd action").click();
  await page.waitForSelector(`${m} .sw-form`);
  out.formFields = await formValues(m);
  await page.fill(`${m} .sw-form input`, "Refund approved & sent = 100% +tax, café");
  await page.click(`${m} .sw-form button[type=submit]`);
  await waitOutcome(m, 1);
  out.form = await outcome(m);
}

// 4. A mandatory field left empty blocks sending; Escape cancels.
{
  const m = await mount(seedButtons());
  await button(m, "My 1st action").click();
  await page.fill(`${m} .sw-form input`, "");
  await page.click(`${m} .sw-form button[type=submit]`);
  await page.waitForTimeout(300);
  out.mandatoryError = await page.$eval(`${m} .sw-form .sw-form__error`, (e) => e.textContent);
  out.mandatoryEvents = (await events(m)).length;
  await page.press(`${m} .sw-form input`, "Escape");
  out.escapeClosed = (await page.$(`${m} .sw-form`)) === null;
  // The focus moves back once the closed form is drawn (the next frame): wait for it to land.
  await page.waitForFunction(() => document.activeElement?.tagName === "BUTTON", null, { timeout: 3000 }).catch(() => {});
  out.focusBack = await page.evaluate(() => document.activeElement?.textContent);
}

// 5. A 500 keeps the form and what was typed; executing again succeeds.
{
  const m = await mount([{ label: "Flaky", action: { method: "POST", url: API + "/flaky", params: [],
    headers: [], body: { contentType: "application/x-www-form-urlencoded", "application/x-www-form-urlencoded": [{ key: "note", label: "Note", value: "", editable: true }] } } }]);
  await button(m, "Flaky").click();
  await page.fill(`${m} .sw-form input`, "typed before the failure");
  await page.click(`${m} .sw-form button[type=submit]`);
  await waitOutcome(m, 1);
  out.failure = await outcome(m);
  out.failureFormValues = await formValues(m);
  await page.click(`${m} .sw-form button[type=submit]`);
  await waitOutcome(m, 2);
  out.retry = await outcome(m);
  out.flakyEvents = await events(m);
}

// 6. A slow answer past the timeout is reported as a timeout.
{
  const m = await mount([{ label: "Slow", action: { method: "GET", url: API + "/slow", params: [], headers: [] } }], { actionTimeout: 1000 });
  await button(m, "Slow").click();
  out.pendingLabel = await button(m, "Executing action...").textContent().catch(() => null);
  out.pendingDisabled = await page.$eval(`${m} button.sw-action--button`, (e) => e.disabled);
  await waitOutcome(m, 1);
  out.timeout = await outcome(m);
}

// 7. A double click sends one request.
{
  const m = await mount([{ label: "Once", action: { method: "POST", url: API + "/double", params: [], headers: [], body: { contentType: "application/json", "application/json": { a: 1 } } } }]);
  await button(m, "Once").dblclick();
  await waitOutcome(m, 1);
  await page.waitForTimeout(500);
  out.doubleEvents = (await events(m)).length;
}

// 8. The secret switched to not editable: sent at once, never in the page.
{
  const buttons = seedButtons();
  buttons[0].action.headers[0].editable = false;
  const m = await mount(buttons);
  out.secretBefore = (await html()).includes(SECRET);
  await page.route(API + "/posts", async (route) => { out.secretDuring = (await html()).includes(SECRET); await route.continue(); });
  await button(m, "My 1st action").click();
  await waitOutcome(m, 1);
  out.secretAfter = (await html()).includes(SECRET);
  out.secretNoForm = (await page.$(`${m} .sw-form`)) === null;
  out.secretOutcome = await outcome(m);
  await page.unroute(API + "/posts");
}

// 9. With actionProxy, the envelope goes to the proxy.
{
  const m = await mount([{ label: "Proxied", action: { method: "PUT", url: API + "/target?x=1", params: [{ key: "p", value: "{{ticket.id}}" }],
    headers: [{ key: "X-Key", value: "k" }], body: { contentType: "application/json", "application/json": { who: "{{current_user.firstname}}" } } } }],
    { actionProxy: API + "/proxy" });
  await button(m, "Proxied").click();
  await waitOutcome(m, 1);
  out.proxy = await outcome(m);
  out.proxyEvents = await events(m);
}

// 10. A refused URL is not sent and says why.
{
  const m = await mount([{ label: "Evil", action: { method: "GET", url: "javascript:alert(1)", params: [], headers: [] } }]);
  await button(m, "Evil").click();
  out.refused = await outcome(m);
}

out.errors = errors.filter((e) => !e.includes("Failed to load resource"));
await browser.close();
await site?.close();
console.log(JSON.stringify(out));
