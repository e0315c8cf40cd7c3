// End-to-end: the browser extension built in dist-extension/ (scripts/build-extension.sh), loaded
// unpacked into headless Chromium. Its side panel page is opened as a tab (a real side panel needs
// a click on the toolbar button), the options page is driven like an agent would, and a fake
// helpdesk served on 127.0.0.1 is read on demand by page-reader.js, only once it is configured.
//
// Host access: the extension asks for it from the options page (optional_host_permissions, with
// chrome.permissions.request on Save), and headless Chromium cannot click Chrome's prompt. So the
// test loads a copy of the extension whose manifest already grants http://127.0.0.1/*, as if the
// agent had allowed it: chrome.permissions.request then resolves at once for 127.0.0.1 origins.
// Origins on "localhost" stay ungranted, for the case where access was not given.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveDir, DIST } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.resolve(here, "../../dist-extension");
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

// The fake helpdesk: a ticket page with the customer in the default selectors, a page with only a
// mailto: link, an integration API that answers with the email it was asked about, and a
// configuration file the options page can load by address.
const requestedEmails = [];
let servedConfig = null;
let configStatus = 200;
const HELPDESK = {
  "/tickets/4521": `<!doctype html><title>Ticket 4521 - Acme helpdesk</title>
    <header><a href="mailto:support@acme.test">Contact support</a></header>
    <aside><h2 class="customer-name">Maria Lopez</h2><p class="customer-email">maria.lopez@example.com</p></aside>
    <main><h1>Where is my parcel? <span data-ticket-id="4521">#4521</span></h1></main>`,
  "/inbox/conversation": `<!doctype html><title>Conversation - Other helpdesk</title>
    <main><p>From <a href="mailto:omar%2Bvip@example.com?subject=Re%3A%20order">Omar Diaz</a></p></main>`,
};
// Requests for NOT_LOOPBACK's name. Chromium is started with a resolver rule that maps that name
// to the fake helpdesk (so nothing could ever leave this machine), and every request that arrives
// for it is counted here: the extension must send none.
const NOT_LOOPBACK = "config.example.invalid";
const notLoopbackRequests = [];
function helpdesk(req, res) {
  const url = new URL(req.url, "http://127.0.0.1");
  if ((req.headers.host || "").split(":")[0] === NOT_LOOPBACK) {
    notLoopbackRequests.push(req.url);
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(JSON.stringify(servedConfig));
    return true;
  }
  if (HELPDESK[url.pathname]) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(HELPDESK[url.pathname]);
    return true;
  }
  if (url.pathname === "/api/orders") {
    const email = url.searchParams.get("email");
    requestedEmails.push(email);
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" })
      .end(JSON.stringify({ email, count: email.length }));
    return true;
  }
  if (url.pathname === "/sidebar-config.json") { // no CORS header: the extension loads it with host access
    res.writeHead(configStatus, { "content-type": "application/json" }).end(JSON.stringify(servedConfig));
    return true;
  }
  return false;
}

let context, extensionId, site, elsewhere, demoSite, profile, emptyRoot, extCopy;
before(async () => {
  assert.ok(fs.existsSync(path.join(EXT, "manifest.json")),
    "dist-extension/ is missing: run `bash scripts/build-extension.sh` first");
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "sw-ext-profile-"));
  emptyRoot = fs.mkdtempSync(path.join(os.tmpdir(), "sw-ext-site-"));
  extCopy = fs.mkdtempSync(path.join(os.tmpdir(), "sw-ext-copy-"));
  fs.cpSync(EXT, extCopy, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(EXT, "manifest.json"), "utf8"));
  manifest.host_permissions = ["http://127.0.0.1/*"]; // what the agent would have allowed (see the top)
  fs.writeFileSync(path.join(extCopy, "manifest.json"), JSON.stringify(manifest, null, 2));
  site = await serveDir(emptyRoot, helpdesk);
  elsewhere = await serveDir(emptyRoot, helpdesk); // the same pages on another origin, not configured
  demoSite = fs.existsSync(path.join(DIST, "index.html")) ? await serveDir(DIST) : null;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_BIN || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 420, height: 900 },
    acceptDownloads: true,
    args: [`--disable-extensions-except=${extCopy}`, `--load-extension=${extCopy}`, ...FLAGS,
      `--host-resolver-rules=MAP ${NOT_LOOPBACK} ${new URL(site.url).host}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost`],
  });
  const worker = context.serviceWorkers()[0] || (await context.waitForEvent("serviceworker", { timeout: 20000 }));
  extensionId = new URL(worker.url()).host;
});
after(async () => {
  await context?.close();
  for (const s of [site, elsewhere, demoSite]) await s?.close();
  for (const dir of [profile, emptyRoot, extCopy]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openExtensionPage(file) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`chrome-extension://${extensionId}/${file}`);
  return { page, errors };
}

const cardTitles = (page) => page.$$eval(".sw-card__title", (els) => els.map((e) => e.textContent.trim()));

/** Forgets every setting (each test starts from the bundled default). */
async function clearSettings() {
  const { page } = await openExtensionPage("options.html");
  await page.evaluate(() => chrome.storage.local.clear());
  await page.close();
}

/** Fills the options page (configuration, helpdesk origins) and saves it, as an agent would. */
async function saveInOptions({ config, origins = [] }) {
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  await page.fill("#config", JSON.stringify(config, null, 2));
  await page.fill("#origins", origins.join("\n"));
  await page.click("#save");
  await page.waitForFunction(() => /^(Saved|Not saved)/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#status"), /^Saved/, await page.textContent("#status"));
  const stored = await page.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(stored.config, config);
  assert.deepEqual(stored.origins, origins.length ? origins : undefined);
  assert.deepEqual(errors, []);
  await page.close();
}

/** A configuration whose card title shows the customer email the sidebar was given. */
function ordersConfig({ withData }) {
  return {
    widgets: [{
      id: 1, context: "ticket", type: "http", integration_id: 7,
      template: { type: "wrapper", widgets: [{
        type: "card", path: "", title: "Orders of {{ticket.customer.email}}", meta: { displayCard: true },
        widgets: [{ type: "text", path: "count", title: "Orders" }, { type: "email", path: "email", title: "Asked for" }],
      }] },
    }],
    integrations: [{ id: 7, name: "Orders", type: "http",
      http: { method: "GET", url: `${site.url}/api/orders?email={{ticket.customer.email}}` } }],
    ...(withData ? { data: { 7: { count: 3, email: "sample@example.com" } } } : {}),
    context: { ticket: { id: 1, customer: { email: "sample@example.com", name: "Sample" } } },
    theme: "light",
  };
}

/** Opens the side panel with every chrome.scripting.executeScript call it makes recorded. */
async function openPanel() {
  const out = await openExtensionPage("sidepanel.html");
  await out.page.evaluate(() => {
    window.injected = [];
    const original = chrome.scripting.executeScript.bind(chrome.scripting);
    chrome.scripting.executeScript = (options, ...rest) => {
      window.injected.push(options.target.tabId);
      return original(options, ...rest);
    };
  });
  return out;
}
const activeTabId = (panel) => panel.evaluate(async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0].id);

test("the extension loads with a Manifest V3 service worker, and runs nothing in web pages by itself", async () => {
  assert.match(extensionId, /^[a-p]{32}$/);
  const { page } = await openExtensionPage("sidepanel.html");
  const manifest = await page.evaluate(() => chrome.runtime.getManifest());
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.side_panel.default_path, "sidepanel.html");
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  // The manifest as built: no content script on every page, no host access until the agent grants it.
  const built = JSON.parse(fs.readFileSync(path.join(EXT, "manifest.json"), "utf8"));
  assert.equal(built.content_scripts, undefined);
  assert.equal(built.host_permissions, undefined);
  assert.deepEqual(built.optional_host_permissions, ["https://*/*", "http://*/*"]);
  assert.deepEqual(built.permissions, ["storage", "sidePanel", "scripting"]);
  await page.close();
});

test("the side panel renders the Loop Returns widget from the bundled default configuration", async () => {
  await clearSettings();
  const { page, errors } = await openExtensionPage("sidepanel.html");
  await page.waitForSelector(".sw-widget .sw-card__title");
  const titles = await cardTitles(page);
  assert.ok(titles.includes("Loop Returns"), titles.join(" | "));
  assert.ok(titles.includes("Return #1001: open"), titles.join(" | "));
  assert.match(await page.textContent("#config-source"), /bundled default/);
  // This tab is the panel itself, so there is no page to read: the configuration's sample context.
  await page.waitForFunction(() => /panel is the active tab/.test(document.getElementById("context-source").textContent));
  assert.equal(await page.getAttribute("#context", "data-source"), "config");
  assert.equal(await page.textContent("#context-email"), "jane.doe+returns@example.com");
  assert.equal(await page.textContent("#context-ticket"), "#4521");
  assert.deepEqual(errors, [], "no console errors");
  await page.close();
});

test("the options page validates with the sidebar's model (checkOptions), saves, and the side panel follows", async () => {
  await clearSettings();
  const { page: panel, errors: panelErrors } = await openExtensionPage("sidepanel.html");
  await panel.waitForSelector(".sw-card__title");

  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  assert.match(await page.inputValue("#config"), /"Loop Returns"/, "the form starts from the default");
  assert.match(await page.textContent("#widgets"), /Loop Returns.*integration: Loop Returns \(123\) · view: ticket/);
  // Not JSON, then a malformed widget, then a bad selector, then a bad origin: nothing is saved.
  await page.fill("#config", "{ widgets: ");
  await page.click("#save");
  assert.match(await page.textContent("#config-error"), /not valid JSON/);
  assert.equal(await page.getAttribute("#config", "aria-invalid"), "true");
  const malformed = { widgets: [ordersConfig({ withData: true }).widgets[0], { id: 2, integration_id: 7, template: { type: "wrapper", widgets: 5 } }],
    integrations: ordersConfig({ withData: true }).integrations };
  await page.fill("#config", JSON.stringify(malformed));
  await page.click("#save");
  // The model's own message, beside the widget it is about (the other widget is fine).
  const expected = await page.evaluate((c) => SidebarWidgets.checkOptions(c), malformed);
  assert.equal(expected.length, 1);
  assert.match(expected[0].place, /^widgets\[1\]/);
  assert.match(await page.textContent('#widgets li[data-index="1"] .widget__errors'), new RegExp(expected[0].message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  assert.match(expected[0].message, /"widgets" must be an array/);
  assert.equal(await page.getAttribute('#widgets li[data-index="1"]', "data-invalid"), "true");
  assert.equal(await page.getAttribute('#widgets li[data-index="0"]', "data-invalid"), "false");
  assert.match(await page.textContent("#status"), /Not saved/);
  await page.fill("#config", JSON.stringify(ordersConfig({ withData: true })));
  await page.fill("#sel-email", "div[");
  await page.click("#save");
  assert.match(await page.textContent("#sel-email-error"), /not a valid CSS selector/);
  assert.equal(await page.textContent("#config-error"), "");
  await page.fill("#sel-email", ".customer-email");
  await page.fill("#origins", "https://acme.gorgias.com/tickets/1");
  await page.click("#save");
  assert.match(await page.textContent("#origins-error"), /more than an origin/);
  assert.deepEqual(await page.evaluate(() => chrome.storage.local.get(null)), {});

  await page.fill("#origins", "");
  await page.click("#save");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
  const stored = await page.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(stored.config, ordersConfig({ withData: true }));
  assert.equal(stored.selectors.email, ".customer-email");

  // The open panel switches to it, and so does a new one.
  await panel.waitForFunction(() => [...document.querySelectorAll(".sw-card__title")].some((e) => e.textContent === "Orders of sample@example.com"));
  assert.match(await panel.textContent("#config-source"), /saved in the extension/);
  const { page: fresh, errors: freshErrors } = await openExtensionPage("sidepanel.html");
  await fresh.waitForSelector(".sw-card__title");
  assert.deepEqual(await cardTitles(fresh), ["Orders of sample@example.com"]);
  assert.equal(await fresh.textContent(".sw-field__value"), "3");

  // view: "user" (the old name of "customer") is the model's to accept, and it does.
  await page.fill("#config", JSON.stringify({ ...ordersConfig({ withData: true }), view: "user" }));
  await page.click("#save");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved") && document.getElementById("config-error").textContent === "");
  assert.equal((await page.evaluate(() => chrome.storage.local.get("config"))).config.view, "user");

  // Reset to default: storage emptied, the form and the panels back to Loop Returns.
  await page.click("#reset");
  await page.waitForFunction(() => /Reset/.test(document.getElementById("status").textContent));
  assert.deepEqual(await page.evaluate(() => chrome.storage.local.get(null)), {});
  assert.equal(await page.inputValue("#sel-email"), "");
  await fresh.waitForFunction(() => [...document.querySelectorAll(".sw-card__title")].some((e) => e.textContent === "Return #1001: open"));

  assert.deepEqual([...errors, ...panelErrors, ...freshErrors], [], "no console errors");
  for (const p of [page, panel, fresh]) await p.close();
});

test("a configured helpdesk origin is read on demand, and the side panel uses it as the context", async () => {
  await clearSettings();
  await saveInOptions({ config: ordersConfig({ withData: false }), origins: [site.url] });
  const desk = await context.newPage();
  await desk.goto(`${site.url}/tickets/4521`);
  const { page: panel, errors } = await openPanel();
  await desk.bringToFront(); // the helpdesk becomes the active tab, as when the agent works in it

  // page-reader.js answers with what the default selectors find.
  const ask = () => panel.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const { DEFAULT_SELECTORS } = await import("./settings.js");
    const { readTab } = await import("./page-reader.js");
    return (await readTab(tab.id, DEFAULT_SELECTORS)).page;
  });
  const answer = await ask();
  assert.equal(answer.email, "maria.lopez@example.com");
  assert.equal(answer.emailFrom, "selector");
  assert.equal(answer.name, "Maria Lopez");
  assert.equal(answer.ticketId, "4521");
  assert.equal(answer.ticketIdFrom, "selector");

  // The panel follows the active tab: the sidebar is given that customer and fetches for them.
  await panel.waitForFunction(() => document.getElementById("context").dataset.source === "page");
  assert.equal(await panel.textContent("#context-email"), "maria.lopez@example.com");
  assert.equal(await panel.textContent("#context-ticket"), "#4521");
  assert.match(await panel.textContent("#context-source"), /Ticket 4521 - Acme helpdesk.*email from the email selector/);
  await panel.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Orders of maria.lopez@example.com");
  await panel.waitForFunction(() => [...document.querySelectorAll(".sw-field__value")].some((e) => e.textContent === "maria.lopez@example.com"));
  assert.ok(requestedEmails.includes("maria.lopez@example.com"), requestedEmails.join(", "));
  assert.ok((await panel.evaluate(() => window.injected)).includes(await activeTabId(panel)), "read by injection into that tab");

  // A single-page helpdesk moving to another ticket without loading a page.
  await desk.evaluate(() => {
    history.pushState(null, "", "/tickets/4522");
    document.querySelector("[data-ticket-id]").dataset.ticketId = "4522";
    document.querySelector(".customer-email").textContent = "li.wei@example.com";
  });
  await panel.waitForFunction(() => document.getElementById("context-email").textContent === "li.wei@example.com");
  assert.equal(await panel.textContent("#context-ticket"), "#4522");

  // Another page, where only a mailto: link names the customer.
  await desk.goto(`${site.url}/inbox/conversation`);
  const mailto = await ask();
  assert.equal(mailto.email, "omar+vip@example.com");
  assert.equal(mailto.emailFrom, "mailto");
  assert.equal(mailto.name, "Omar Diaz");
  assert.equal(mailto.ticketId, "");
  await panel.waitForFunction(() => document.getElementById("context-email").textContent === "omar+vip@example.com");
  assert.match(await panel.textContent("#context-source"), /email from a mailto: link/);
  await panel.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Orders of omar+vip@example.com");

  // The agent types another email; clearing it goes back to the page's customer.
  await panel.fill("#email", "typed.customer@example.com");
  await panel.press("#email", "Enter");
  await panel.waitForFunction(() => document.getElementById("context").dataset.source === "typed");
  assert.equal(await panel.textContent("#context-email"), "typed.customer@example.com");
  assert.equal(await panel.textContent("#context-source"), "Typed in this panel");
  await panel.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Orders of typed.customer@example.com");
  assert.ok(requestedEmails.includes("typed.customer@example.com"));
  await panel.click("#use-page");
  await panel.waitForFunction(() => document.getElementById("context").dataset.source === "page");
  assert.equal(await panel.textContent("#context-email"), "omar+vip@example.com");

  // What the extension injects cannot read its storage (the configuration), where Chrome allows that restriction.
  const fromPage = await panel.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const [r] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: async () => {
      try { return "read: " + JSON.stringify(Object.keys(await chrome.storage.local.get(null))); } catch (e) { return "refused: " + e.message; }
    } });
    return r.result;
  });
  // Chrome's own refusal for a context below the TRUSTED_CONTEXTS access level, not any error.
  assert.equal(fromPage, "refused: Access to storage is not allowed from this context.");

  assert.deepEqual(errors, [], "no console errors");
  await panel.close();
  await desk.close();
});

test("a page whose origin is not configured is not read: nothing injected, the panel says so", async () => {
  await clearSettings();
  await saveInOptions({ config: ordersConfig({ withData: false }), origins: [site.url] });
  const desk = await context.newPage();
  await desk.goto(`${elsewhere.url}/tickets/4521`); // the same page, on an origin that is not configured
  const { page: panel, errors } = await openPanel();
  await desk.bringToFront();
  await panel.click("#read-page");
  await panel.waitForFunction(() => document.getElementById("context").dataset.page === "not-configured");
  assert.match(await panel.textContent("#context-source"), /sample context \(this page is not one of the configured helpdesks/);
  assert.equal(await panel.getAttribute("#context", "data-source"), "config");
  assert.equal(await panel.textContent("#context-email"), "sample@example.com");
  await panel.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Orders of sample@example.com");
  assert.deepEqual(await panel.evaluate(() => window.injected), [], "no script injected anywhere");
  // The typed email still works there.
  await panel.fill("#email", "typed.elsewhere@example.com");
  await panel.press("#email", "Enter");
  await panel.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Orders of typed.elsewhere@example.com");
  assert.ok(!requestedEmails.includes("maria.lopez@example.com") || requestedEmails.lastIndexOf("maria.lopez@example.com") < requestedEmails.indexOf("typed.elsewhere@example.com"));

  // A configured origin Chrome has not granted access to (localhost is not in this test's grant):
  // the panel names it, and its pages are not read either.
  await panel.evaluate(async (origins) => chrome.storage.local.set({ origins }), [site.url, site.url.replace("127.0.0.1", "localhost")]);
  await panel.waitForFunction(() => !document.getElementById("access").hidden);
  assert.match(await panel.textContent("#access"), /has not granted access to http:\/\/localhost:\d+/);
  await desk.goto(`${site.url.replace("127.0.0.1", "localhost")}/tickets/4521`);
  await panel.click("#use-page");
  await panel.waitForFunction(() => document.getElementById("context").dataset.page === "not-configured");
  assert.deepEqual(await panel.evaluate(() => window.injected), []);
  assert.deepEqual(errors, []);
  await panel.close();
  await desk.close();
});

test("a configuration file is imported, exported, and listed widget by widget with the model's errors", async () => {
  await clearSettings();
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  const config = ordersConfig({ withData: true });
  config.widgets.push({ id: 2, context: "customer", integration_id: 99, template: { type: "wrapper", widgets: [{ type: "card", title: "Notes", widgets: "none" }] } });
  await page.setInputFiles("#import", { name: "team-config.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(config)) });
  await page.waitForFunction(() => /Imported team-config\.json/.test(document.getElementById("status").textContent));
  assert.deepEqual(JSON.parse(await page.inputValue("#config")), config);
  const items = await page.$$eval("#widgets > li", (lis) => lis.map((li) => ({
    name: li.querySelector(".widget__name").textContent, meta: li.querySelector(".widget__meta").textContent,
    errors: [...li.querySelectorAll(".widget__errors li")].map((e) => e.textContent) })));
  assert.deepEqual(items.map((i) => [i.name, i.meta]), [
    ["Orders of {{ticket.customer.email}}", "integration: Orders (7) · view: ticket"],
    ["Notes", "integration: 99 (not among the integrations) · view: customer"],
  ]);
  assert.deepEqual(items[0].errors, []);
  assert.equal(items[1].errors.length, 1);
  assert.match(items[1].errors[0], /widgets\[0\].*"widgets" must be an array, not a string/);
  await page.click("#save");
  assert.match(await page.textContent("#status"), /Not saved/);

  // Fixed, then exported: the file is the configuration.
  config.widgets[1].template.widgets[0].widgets = [];
  await page.fill("#config", JSON.stringify(config));
  await page.waitForFunction(() => !document.querySelector("#widgets .widget__errors"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  assert.equal(download.suggestedFilename(), "sidebar-widgets-config.json");
  assert.deepEqual(JSON.parse(fs.readFileSync(await download.path(), "utf8")), config);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Edit visually: a widget edited in the visual editor is written back into the configuration, and Save keeps it", async () => {
  await clearSettings();
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  const before = JSON.parse(await page.inputValue("#config"));
  await page.click('#widgets li[data-index="0"] button.edit-visually');
  await page.waitForSelector('#visual-mount .sw-edit-canvas button[data-node="0:0.0"]');
  await page.click('#visual-mount .sw-edit-canvas button[data-node="0:0.0"]');
  await page.fill("#visual-mount .sw-edit-form input[data-prop=title]", "Return status");
  await page.waitForFunction(() => JSON.parse(document.getElementById("config").value).widgets[0].template.widgets[0].widgets[0].title === "Return status");
  const edited = JSON.parse(await page.inputValue("#config"));
  // Only that title changed.
  before.widgets[0].template.widgets[0].widgets[0].title = "Return status";
  assert.deepEqual(edited, before);
  await page.click("#save");
  await page.waitForFunction(() => /^(Saved|Not saved)/.test(document.getElementById("status").textContent));
  const stored = await page.evaluate(() => chrome.storage.local.get(null));
  assert.equal(stored.config.widgets[0].template.widgets[0].widgets[0].title, "Return status");
  await page.click("#visual-done");
  assert.equal(await page.isHidden("#visual"), true);
  assert.deepEqual(errors, []);
  await page.close();
  await clearSettings();
});

test("a widget opens in the demo playground with its template, sample data and context", { skip: !fs.existsSync(path.join(DIST, "index.html")) && "dist/ is not built" }, async () => {
  await clearSettings();
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  assert.equal(await page.getAttribute("#playground-url", "placeholder"), "http://127.0.0.1:8080/");
  await page.fill("#config", JSON.stringify(ordersConfig({ withData: true })));
  await page.fill("#playground-url", demoSite.url + "/");
  await page.waitForFunction((base) => document.querySelector("#widgets .open-playground")?.href.startsWith(base + "/#/playground?state=z"), demoSite.url);
  const [pg] = await Promise.all([context.waitForEvent("page"), page.click("#widgets .open-playground")]);
  await pg.waitForSelector(".demo-pg .demo-frame__mount .sw-card--root", { timeout: 20000 });
  assert.deepEqual(JSON.parse(await pg.inputValue("#pg-template")), ordersConfig({ withData: true }).widgets[0].template);
  assert.deepEqual(JSON.parse(await pg.inputValue("#pg-data")), { count: 3, email: "sample@example.com" });
  assert.equal(await pg.inputValue("#pg-name"), "Orders");
  assert.equal(await pg.inputValue("#pg-id"), "7");
  assert.equal(await pg.$eval(".demo-pg .sw-card--root .sw-card__title", (e) => e.textContent.trim()), "Orders of sample@example.com");
  assert.ok(await pg.isVisible("#pg-shared"), "the playground says the state came with a link");
  // Saved with the settings.
  await page.click("#save");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
  assert.equal((await page.evaluate(() => chrome.storage.local.get("playgroundUrl"))).playgroundUrl, demoSite.url + "/");
  assert.deepEqual(errors, []);
  await pg.close();
  await page.close();
});

test("a configuration loaded from an address is kept up to date each time the panel opens", async () => {
  await clearSettings();
  const v1 = ordersConfig({ withData: true });
  v1.widgets[0].template.widgets[0].title = "Version 1 for {{ticket.customer.email}}";
  servedConfig = v1;
  configStatus = 200;
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  await page.fill("#config-url", `${site.url}/sidebar-config.json`);
  await page.click("#load-url");
  await page.waitForFunction(() => /^Loaded from/.test(document.getElementById("status").textContent));
  assert.deepEqual(JSON.parse(await page.inputValue("#config")), v1);
  await page.click("#save");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
  const stored = await page.evaluate(() => chrome.storage.local.get(null));
  assert.equal(stored.configUrl, `${site.url}/sidebar-config.json`);
  assert.deepEqual(stored.config, v1);

  // The address now serves version 2: a panel that opens shows it, and saves the copy.
  const v2 = structuredClone(v1);
  v2.widgets[0].template.widgets[0].title = "Version 2 for {{ticket.customer.email}}";
  servedConfig = v2;
  const first = await openExtensionPage("sidepanel.html");
  await first.page.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Version 2 for sample@example.com");
  assert.match(await first.page.textContent("#config-source"), /loaded from http:\/\/127\.0\.0\.1:\d+\/sidebar-config\.json \(just now\)/);
  assert.deepEqual((await page.evaluate(() => chrome.storage.local.get("config"))).config, v2);

  // The address fails: the next panel shows the saved copy and says why.
  configStatus = 500;
  const second = await openExtensionPage("sidepanel.html");
  await second.page.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Version 2 for sample@example.com");
  assert.match(await second.page.textContent("#config-source"), /the copy of .*sidebar-config\.json saved .*could not be loaded again now: .*answered HTTP 500/);

  // It serves a malformed widget: refused with the model's message, the saved copy stays.
  configStatus = 200;
  servedConfig = { widgets: [{ id: 1, template: { type: "wrapper", widgets: 5 } }] };
  const third = await openExtensionPage("sidepanel.html");
  await third.page.waitForFunction(() => /has errors: widgets\[0\].*"widgets" must be an array/.test(document.getElementById("config-source").textContent));
  assert.equal(await third.page.textContent(".sw-card__title"), "Version 2 for sample@example.com");
  const expected500 = /Failed to load resource: the server responded with a status of 500/; // Chrome's own line for the failed load
  assert.deepEqual([...errors, ...first.errors, ...second.errors.filter((e) => !expected500.test(e)), ...third.errors], []);
  for (const p of [page, first.page, second.page, third.page]) await p.close();
});

// ---------------------------------------------------------------- secrets stay in the extension (issue 16, item 6)

const MARKER = "[removed: set it again in the playground]";
/** A configuration with hidden values in every place they may be: non-editable action items (as
 *  lists and as plain objects, in params, headers and a form body), an integration header, and the
 *  proxy token. Editable items, variables and {{secret.NAME}} placeholders are not secrets. */
function secretsConfig() {
  const config = ordersConfig({ withData: true });
  const root = config.widgets[0].template.widgets[0];
  root.meta.custom = {
    links: [{ label: "Orders admin", url: "https://admin.acme.example/orders" }],
    buttons: [
      { label: "Refund", action: {
        method: "POST", url: "https://api.acme.example/refund",
        headers: [
          { key: "X-Api-Key", label: "API key", value: "sk_live_HEADER_SECRET_1", editable: false },
          { key: "X-Shop-Key", value: "SHOP_SECRET_2" },
          { key: "X-Note", label: "Note", value: "editable-note", editable: true },
          { key: "Authorization", value: "{{secret.loop_api_key}}", editable: false },
        ],
        params: [
          { key: "token", value: "PARAM_SECRET_3", editable: "true" },
          { key: "email", value: "{{ticket.customer.email}}", editable: false },
        ],
        body: { contentType: "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded": [{ key: "pin", value: "FORM_SECRET_4", editable: false, mandatory: true }] },
      } },
      { label: "Cancel", action: { method: "GET", url: "https://api.acme.example/cancel",
        params: { api_key: "MAP_PARAM_SECRET_5" }, headers: { "X-Other": "MAP_HEADER_SECRET_6" } } },
    ],
  };
  config.integrations[0].http.headers = { Authorization: "Bearer INTEGRATION_SECRET_7" };
  config.proxyToken = "PROXY_TOKEN_SECRET_8";
  return config;
}
const SECRETS = ["HEADER_SECRET_1", "SHOP_SECRET_2", "PARAM_SECRET_3", "FORM_SECRET_4", "MAP_PARAM_SECRET_5",
  "MAP_HEADER_SECRET_6", "INTEGRATION_SECRET_7", "PROXY_TOKEN_SECRET_8"];

test("'Open in the playground' links carry no hidden value and no proxy token, only a marker in their place", async () => {
  await clearSettings();
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  const config = secretsConfig();
  assert.deepEqual(await page.evaluate((c) => SidebarWidgets.checkOptions(c), config), [], "a configuration the sidebar accepts");
  await page.fill("#config", JSON.stringify(config, null, 2));
  await page.waitForFunction(() => {
    const links = document.querySelectorAll("#widgets .open-playground");
    return document.querySelector("#widgets .widget__name")?.textContent === "Orders of {{ticket.customer.email}}" &&
      links.length && [...links].every((a) => a.href && !a.dataset.pending);
  });
  // Every link of the page (what a click opens), and the state packed in each, unpacked.
  const sent = await page.evaluate(async () => {
    const { unpackState } = await import("./demo-json.js");
    return Promise.all([...document.querySelectorAll("a[href]")].map(async (a) => {
      const packed = new URL(a.href).hash.split("state=")[1];
      return { href: a.href, text: a.textContent, state: packed ? (await unpackState(packed)).value : null };
    }));
  });
  assert.equal(sent.length, 1, JSON.stringify(sent.map((s) => s.href)));
  const everything = JSON.stringify(sent);
  for (const secret of SECRETS) assert.ok(!everything.includes(secret), `${secret} is in what goes to the playground`);
  const template = JSON.parse(sent[0].state.template);
  const [refund, cancel] = template.widgets[0].meta.custom.buttons;
  assert.deepEqual(refund.action.headers.map((h) => h.value), [MARKER, MARKER, "editable-note", "{{secret.loop_api_key}}"]);
  assert.deepEqual(refund.action.params.map((h) => h.value), [MARKER, "{{ticket.customer.email}}"]);
  assert.deepEqual(refund.action.body["application/x-www-form-urlencoded"].map((h) => h.value), [MARKER]);
  assert.deepEqual(cancel.action.params, { api_key: MARKER });
  assert.deepEqual(cancel.action.headers, { "X-Other": MARKER });
  // The rest of the template is as written: labels, keys, URLs, links.
  assert.equal(refund.action.headers[0].key, "X-Api-Key");
  assert.equal(refund.action.url, "https://api.acme.example/refund");
  assert.deepEqual(template.widgets[0].meta.custom.links, config.widgets[0].template.widgets[0].meta.custom.links);
  // The form itself keeps the secrets (they are the agent's settings): only the link is redacted.
  assert.deepEqual(JSON.parse(await page.inputValue("#config")), config);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Export says, next to the button, that the file holds the secrets", async () => {
  await clearSettings();
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");
  const described = await page.evaluate(() => {
    const button = document.getElementById("export");
    const ids = (button.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)).filter(Boolean).map((el) => ({ id: el.id, text: el.textContent }));
  });
  const note = described.find((d) => /secret/i.test(d.text));
  assert.ok(note, "the Export button is described by a note about secrets: " + JSON.stringify(described));
  assert.match(note.text, /API keys/);
  assert.match(note.text, /proxy token/);
  assert.ok(await page.isVisible("#" + note.id), "the note is visible");
  assert.deepEqual(errors, []);
  await page.close();
});

// ---------------------------------------------------------------- configuration only over https (issue 16, item 7)

test("a configuration address over plain http is refused unless it is loopback, and never requested", async () => {
  await clearSettings();
  servedConfig = ordersConfig({ withData: true });
  configStatus = 200;
  notLoopbackRequests.length = 0;
  const { page, errors } = await openExtensionPage("options.html");
  await page.waitForSelector("html[data-ready]");

  // The rule, from settings.js: https anywhere; http only to this computer.
  const verdicts = await page.evaluate(async () => {
    const { configUrlProblem } = await import("./settings.js");
    const urls = ["https://config.acme.example/sidebar.json", "http://127.0.0.1:8123/c.json", "http://localhost/c.json",
      "http://LOCALHOST:9/c.json", "http://[::1]:9/c.json", "http://config.example.invalid/c.json", "http://127.0.0.1.nip.io/c.json",
      "http://localhost.acme.example/c.json", "http://10.0.0.1/c.json", "ftp://127.0.0.1/c.json", "not a url"];
    return Object.fromEntries(urls.map((u) => [u, configUrlProblem(u)]));
  });
  for (const ok of ["https://config.acme.example/sidebar.json", "http://127.0.0.1:8123/c.json", "http://localhost/c.json", "http://LOCALHOST:9/c.json", "http://[::1]:9/c.json"]) {
    assert.equal(verdicts[ok], "", ok);
  }
  for (const refused of ["http://config.example.invalid/c.json", "http://127.0.0.1.nip.io/c.json", "http://localhost.acme.example/c.json", "http://10.0.0.1/c.json"]) {
    assert.match(verdicts[refused], /only over https/, refused);
  }
  assert.match(verdicts["ftp://127.0.0.1/c.json"], /not an http\(s\) address/);
  assert.match(verdicts["not a url"], /not an http\(s\) address/);

  // "Load now": refused with a message, no request.
  const plain = `http://${NOT_LOOPBACK}/sidebar-config.json`;
  await page.fill("#config-url", plain);
  await page.click("#load-url");
  await page.waitForFunction(() => document.getElementById("config-url-error").textContent !== "");
  assert.match(await page.textContent("#config-url-error"), /only over https/);
  assert.equal(await page.getAttribute("#config-url", "aria-invalid"), "true");
  assert.doesNotMatch(await page.textContent("#status"), /Loaded/);
  // "Save": not saved, the same message.
  await page.fill("#config", JSON.stringify(ordersConfig({ withData: true })));
  await page.click("#save");
  await page.waitForFunction(() => /^Not saved/.test(document.getElementById("status").textContent));
  assert.match(await page.textContent("#config-url-error"), /only over https/);
  assert.deepEqual(await page.evaluate(() => chrome.storage.local.get(null)), {});

  // Loopback over http loads.
  await page.fill("#config-url", `${site.url}/sidebar-config.json`);
  await page.click("#load-url");
  await page.waitForFunction(() => /^Loaded from/.test(document.getElementById("status").textContent));
  assert.equal(await page.textContent("#config-url-error"), "");
  await page.click("#save");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Saved"));
  await page.close();

  // A plain-http address already stored (by an older version): every refresh refuses it, the last
  // good configuration stays, and the options page says why.
  const good = ordersConfig({ withData: true });
  good.widgets[0].template.widgets[0].title = "Last good for {{ticket.customer.email}}";
  const { page: setter } = await openExtensionPage("options.html");
  await setter.evaluate(async ([config, configUrl]) => chrome.storage.local.set({ config, configUrl, configLoadedAt: Date.now() - 60_000 }), [good, plain]);
  await setter.close();
  const panel = await openExtensionPage("sidepanel.html");
  await panel.page.waitForFunction(() => document.querySelector(".sw-card__title")?.textContent === "Last good for sample@example.com");
  await panel.page.waitForFunction(() => /could not be loaded again now/.test(document.getElementById("config-source").textContent));
  assert.match(await panel.page.textContent("#config-source"), /only over https/);
  assert.deepEqual((await panel.page.evaluate(() => chrome.storage.local.get("config"))).config, good);
  const options = await openExtensionPage("options.html");
  await options.page.waitForSelector("html[data-ready]");
  assert.match(await options.page.textContent("#config-url-error"), /only over https/);

  await panel.page.waitForTimeout(300);
  assert.deepEqual(notLoopbackRequests, [], "no request to the non-loopback address");
  assert.deepEqual([...errors, ...panel.errors, ...options.errors], []);
  await panel.page.close();
  await options.page.close();
});
