// End-to-end: the demo page's stories. Every story renders without console errors (the malformed
// template story logs exactly the errors the spec asks for), and the interactive ones work against
// the page's built-in mock server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDir, launch } from "./harness.mjs";
import { openDemo, showStory, expandAll } from "./storybook.mjs";

let site, browser;
before(async () => { site = await serveDir(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const mount = (id) => `article[data-story="${id}"] .demo-frame__mount`;
const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());
const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));

test("the default route is the Loop Returns story, first in the navigation", async () => {
  const { page, errors } = await openDemo(browser, site);
  await page.waitForSelector('article[data-story="loop-returns"] .sw-card--root');
  assert.equal(await text(page, "h1"), "Loop Returns, from the Gorgias guide");
  const first = await page.$eval(".demo-nav a", (a) => [a.getAttribute("href"), a.getAttribute("aria-current")]);
  assert.deepEqual(first, ["#/story/loop-returns", "page"]);
  assert.equal(await page.$$eval(".demo-nav a[aria-current]", (a) => a.length), 1);
  // The source panes show what was given, pretty-printed.
  const template = await text(page, "#src-panel-template pre");
  assert.match(template, /^\{\n  "type": "wrapper",/);
  assert.deepEqual(errors, []);
});

test("every story renders its sidebar at 340 px, with its template, data and context, without console errors", async () => {
  const { page, errors } = await openDemo(browser, site);
  const stories = await page.evaluate(() => window.demoStories);
  assert.ok(stories.length >= 19, `${stories.length} stories`);
  const groups = [...new Set(stories.map((s) => s.group))];
  assert.deepEqual(groups, ["Overview", "Fields", "Cards", "Lists", "Links and actions", "States", "Themes", "Languages"]);
  for (const s of stories) {
    const before = errors.length;
    await showStory(page, s.id);
    await page.waitForTimeout(150);
    const info = await page.evaluate((id) => {
      const art = document.querySelector(`article[data-story="${id}"]`);
      return {
        title: art.querySelector("h1").textContent,
        summary: art.querySelector(".demo-lede").textContent,
        // The sidebar's own box, not its mount (whose width the demo's CSS fixes): each mount's
        // .sw-sidebar root, and every widget inside that box.
        widths: [...art.querySelectorAll(".demo-frame__mount")].map((m) => m.querySelector(":scope > .sw-sidebar")?.getBoundingClientRect().width),
        widgetsInside: [...art.querySelectorAll(".demo-frame__mount > .sw-sidebar")].every((sb) => {
          const box = sb.getBoundingClientRect();
          return [...sb.querySelectorAll(".sw-widget")].every((w) => {
            const r = w.getBoundingClientRect();
            return r.width > 0 && r.left >= box.left && r.right <= box.right;
          });
        }),
        tabs: [...art.querySelectorAll('[role="tab"]')].map((t) => t.textContent),
        current: document.querySelector(".demo-nav a[aria-current='page']")?.getAttribute("href"),
        title2: document.title,
      };
    }, s.id);
    assert.equal(info.title, s.title);
    assert.ok(info.summary.length > 20, s.id);
    assert.ok(info.widths.length >= 1 && info.widths.every((w) => w === 340), `${s.id}: the sidebar is ${info.widths} px wide`);
    assert.ok(info.widgetsInside, `${s.id}: every widget lies within the sidebar's 340 px`);
    assert.deepEqual(info.tabs, ["Template", "Data", "Context", "Integrations"]);
    assert.equal(info.current, "#/story/" + s.id);
    assert.match(info.title2, new RegExp(s.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    const fresh = errors.slice(before);
    if (s.expectConsoleErrors) {
      assert.ok(fresh.length > 0, `${s.id} logs its errors`);
      for (const e of fresh) assert.match(e, new RegExp(s.expectConsoleErrors), s.id);
    } else {
      assert.deepEqual(fresh, [], `console errors on ${s.id}`);
    }
  }
});

test("field and card stories show what they promise", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/field-types");
  await page.waitForSelector(mount("field-types") + " .sw-field");
  const m = mount("field-types");
  assert.equal(await page.$$eval(m + " .sw-field", (e) => e.length), 21);
  assert.deepEqual(await texts(page, m + " .sw-badge--true"), ["True", "True"]);
  assert.ok((await texts(page, m + " .sw-value--date")).some((t) => /^(Today|Yesterday) at /.test(t)));
  assert.ok((await texts(page, m + " .sw-field__value")).includes("0"), "0 is a value");

  await showStory(page, "card-display");
  const titles = await texts(page, mount("card-display") + " .sw-card__title");
  assert.ok(titles.includes("Recharge"), "an untitled root card takes the integration's name");
  assert.ok(!titles.includes("Hidden header"), "displayCard: false hides the header");

  await showStory(page, "card-collapsed");
  const toggles = await page.$$eval(mount("card-collapsed") + " .sw-list > .sw-card > .sw-card__header .sw-card__toggle", (t) => t.map((x) => x.getAttribute("aria-expanded")));
  assert.deepEqual(toggles, ["true", "false", "false", "false"]);

  await showStory(page, "list-limit");
  const items = () => page.$$eval(mount("list-limit") + " .sw-list > .sw-card", (e) => e.length);
  assert.equal(await items(), 2);
  await page.click(mount("list-limit") + " .sw-list__more");
  assert.equal(await items(), 4);

  await showStory(page, "list-order");
  const heads = await texts(page, mount("list-order") + " .sw-list > .sw-card > .sw-card__header .sw-card__title");
  assert.deepEqual(heads.slice(0, 3).map((t) => t.split(" ")[0]), ["#1051", "#1043", "#1012"]);
  assert.deepEqual(heads.slice(3).map((t) => t.split(" ")[0]), ["#0951", "#1051", "#0902"]);

  await showStory(page, "list-strings");
  assert.deepEqual((await texts(page, mount("list-strings") + " .sw-list .sw-field__value")).slice(0, 3), ["vip", "wholesale", "returns-risk"]);

  await showStory(page, "hide-if-empty");
  const counts = await page.$$eval(mount("hide-if-empty") + " .sw-card--root", (cards) => cards.map((c) => c.querySelectorAll(".sw-field").length));
  assert.deepEqual(counts, [5, 2], "an empty list renders nothing either way; name and the 0 store credit stay");

  await showStory(page, "themes");
  assert.deepEqual(await page.$$eval(".demo-frame__mount .sw-sidebar", (s) => s.map((x) => x.dataset.theme)), ["light", "dark"]);
  assert.deepEqual(errors, []);
});

test("custom links: variables resolved, a new tab, per list item, javascript: refused", async () => {
  const { page } = await openDemo(browser, site, "#/story/custom-links");
  const m = mount("custom-links");
  await page.waitForSelector(m + " .sw-actions a");
  const links = await page.$eval(m + " .sw-card--root", (card) => [...card.querySelectorAll(":scope > .sw-actions a")].map((x) => [x.textContent, x.getAttribute("href"), x.target, x.rel]));
  assert.deepEqual(links.map(([label, , target, rel]) => [label, target, rel]), [
    ["Open in Shopify", "_blank", "noopener noreferrer"], ["Search orders", "_blank", "noopener noreferrer"], ["Email Jane", "_blank", "noopener noreferrer"],
  ]);
  assert.equal(links[0][1], "https://acme.myshopify.example/admin/customers/88");
  assert.match(links[1][1], /^https:\/\/acme\.myshopify\.example\/admin\/orders\?query=jane\.doe/);
  assert.match(links[2][1], /^mailto:jane\.doe.*subject=Ticket%204521$/);
  assert.equal(await page.$$eval(m + ' a[href^="javascript"]', (a) => a.length), 0, "javascript: is refused");
  assert.ok((await text(page, m)).includes("Run script"), "its label still shows");
  const items = await page.$$eval(m + " .sw-list > .sw-card > .sw-actions a", (a) => a.map((x) => [x.textContent, x.getAttribute("href")]));
  assert.deepEqual(items[0], ["Order #0 in Shopify", "https://acme.myshopify.example/admin/orders/5101"]);
});

// SPEC 4: "A value put into a URL's query or path is percent-encoded": custom links and card title
// links encode the values they put into the URL, as buttons and integration URLs do.
test("custom link values are percent-encoded in the URL's query (SPEC 4)", async () => {
  const { page } = await openDemo(browser, site, "#/story/custom-links");
  const m = mount("custom-links");
  await page.waitForSelector(m + " .sw-actions a");
  const href = await page.$eval(m + " .sw-card--root", (card) => card.querySelectorAll(":scope > .sw-actions a")[1].getAttribute("href"));
  assert.equal(href, "https://acme.myshopify.example/admin/orders?query=jane.doe%2Breturns%40example.com");
});

test("a button with a form sends to the mock; secrets stay out of the page's sidebar; a failure reopens the form", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/button-form");
  const m = mount("button-form");
  await page.waitForSelector(m + " button.sw-action");
  await page.click(`${m} button.sw-action >> text=Refund`);
  await page.waitForSelector(m + " .sw-form");
  const form = await page.evaluate((m) => {
    const f = document.querySelector(m + " .sw-form");
    return {
      labels: [...f.querySelectorAll(".sw-form__label")].map((l) => l.textContent.trim()),
      focused: document.activeElement.classList.contains("sw-form__input") && f.contains(document.activeElement),
      values: [...f.querySelectorAll(".sw-form__input")].map((i) => i.value),
      html: document.querySelector(m).innerHTML,
    };
  }, m);
  assert.ok(form.focused, "the first input is focused");
  assert.equal(form.values[1], "148.00", "the amount is pre-filled from the data");
  assert.equal(form.values[2], "Damaged item", "a mandatory dropdown preselects its first choice");
  assert.ok(!form.html.includes("demo-secret-key"), "a non-editable header is never shown");
  await page.fill(`${m} .sw-form__input >> nth=1`, "42.00");
  await page.selectOption(`${m} select.sw-form__input >> nth=1`, "Wrong size");
  await page.click(`${m} .sw-form button >> text=Execute`);
  await page.waitForSelector(".demo-log__item");
  const logged = await page.$eval(".demo-log__item", (e) => e.textContent);
  assert.match(logged, /POST https:\/\/mock\.sidebar-widgets\.test\/button-form\/ok\/orders\/5101\/refunds\?notify=/);
  assert.match(logged, /x-api-key: demo-secret-key/);
  assert.match(logged, /amount=42\.00&reason=Wrong\+size&note=&agent=alex%40acme-support\.com/);
  await page.waitForSelector(m + " .sw-outcome");
  assert.match(await text(page, m + " .sw-outcome"), /200/);
  assert.match(await text(page, ".demo-log__event"), /"status": 200/);

  await page.click(`${m} button.sw-action >> text=Cancel order`);
  await page.waitForSelector(m + " .sw-form");
  await page.selectOption(`${m} select.sw-form__input`, "no");
  await page.click(`${m} .sw-form button >> text=Execute`);
  await page.waitForSelector(m + " .sw-outcome--error");
  assert.match(await text(page, m + " .sw-outcome--error"), /500/);
  await page.waitForSelector(m + " .sw-form");
  assert.equal(await page.$eval(`${m} select.sw-form__input`, (s) => s.value), "no", "the form reopens with what was typed");
  assert.deepEqual(errors, []);
});

test("buttons without editable items send at once, and show their busy state", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/button-instant");
  const m = mount("button-instant");
  await page.waitForSelector(m + " button.sw-action");
  await page.click(`${m} button.sw-action >> text=Resend confirmation`);
  await page.waitForSelector(".demo-log__item");
  assert.equal(await page.$$eval(m + " .sw-form", (f) => f.length), 0, "no form");
  const body = await page.$eval(".demo-log__item", (e) => e.textContent);
  assert.match(body, /"ticket_id":"4521"/);
  assert.match(body, /"requested_by":"alex@acme-support.com"/);
  await page.click(`${m} button.sw-action >> text=Create label`);
  await page.waitForSelector(`${m} button.sw-action[aria-busy="true"]`);
  await page.waitForSelector(`${m} button.sw-action:not([aria-busy="true"]) >> text=Create label`, { timeout: 5000 });
  await page.click(`${m} button.sw-action >> text=Sync loyalty`);
  await page.waitForSelector(m + " .sw-outcome--error");
  assert.match(await text(page, m + " .sw-outcome--error"), /500/);
  assert.deepEqual(errors, []);
});

test("state stories: loading, errors with Retry, empty data, malformed templates", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/state-loading");
  let m = mount("state-loading");
  assert.equal(await page.$$eval(m + " .sw-status--loading", (e) => e.length), 2);
  await page.waitForSelector(m + " .sw-card--root", { timeout: 8000 });
  assert.equal(await page.$$eval(m + " .sw-status--loading", (e) => e.length), 1, "the never-answering one keeps loading");
  const logged = await texts(page, ".demo-log__url");
  assert.ok(logged.some((u) => u.includes("email=jane.doe%2Breturns%40example.com")), logged.join(" | "));

  await showStory(page, "state-error");
  m = mount("state-error");
  await page.waitForFunction((m) => document.querySelectorAll(m + " .sw-status--error").length === 2, m, { timeout: 5000 });
  await page.click(`${m} .sw-retry >> nth=0`);
  await page.waitForSelector(m + " .sw-card--root", { timeout: 5000 });
  assert.equal(await page.$$eval(m + " .sw-status--error", (e) => e.length), 1);

  await showStory(page, "state-empty");
  m = mount("state-empty");
  assert.equal(await page.$$eval(m + " .sw-widget", (e) => e.length), 1);
  await page.waitForFunction(() => /4 widgets given · 1 displayed/.test(document.querySelector(".demo-count")?.textContent || ""));
  assert.deepEqual(errors, []);

  await showStory(page, "state-malformed");
  m = mount("state-malformed");
  assert.equal(await page.$$eval(m + " .sw-widget--error", (e) => e.length), 3);
  assert.equal(await page.$$eval(m + " .sw-card--root", (e) => e.length), 1, "the good widget renders");
  assert.equal(errors.length, 3);
});

test("stories open in the playground with their template, data and context", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/card-titles");
  await page.click("text=Edit in the playground");
  await page.waitForSelector("#pg-template");
  await page.waitForSelector(".demo-pg .demo-frame__mount .sw-card--root");
  const t = JSON.parse(await page.inputValue("#pg-template"));
  assert.equal(t.widgets[0].title, "{{first_name}} {{last_name}}");
  assert.equal(await page.inputValue("#pg-name"), "Shopify");
  assert.equal(await text(page, ".demo-pg .sw-card--root > .sw-card__header .sw-card__title"), "Jane Doe");
  assert.deepEqual(errors, []);
});

test("the theme menu restyles the page and every sidebar", async () => {
  const { page } = await openDemo(browser, site, "#/story/field-types");
  await page.waitForSelector(".sw-sidebar");
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.selectOption("#theme", "dark");
  await page.waitForFunction(() => document.querySelector(".sw-sidebar").dataset.theme === "dark");
  assert.notEqual(await bg(), light);
  await showStory(page, "list-limit");
  assert.equal(await page.$eval(".sw-sidebar", (s) => s.dataset.theme), "dark", "a newly shown story takes the chosen theme");
  await expandAll(page, mount("list-limit"));
});

// ---------------------------------------------------------------- the proxy mode story

const PROXY = "https://mock.sidebar-widgets.test/proxy-mode/proxy";
const UPSTREAM = "https://mock.sidebar-widgets.test/proxy-mode/upstream";
const TOKEN = "agent-42.demo-proxy-token";
const KEY_PREFIX = "sk_demo_"; // the key only the stand-in proxy holds

test("the proxy story's stand-in proxy: takes the envelope with the token, fills in the secret, answers as the API would", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/proxy-mode");
  await page.waitForSelector(mount("proxy-mode") + " .sw-sidebar");
  // What the sidebar is given: the placeholder, the proxy and the token; never the key.
  const given = await text(page, "#src-panel-integrations pre");
  assert.match(given, /"X-Authorization": "\{\{secret\.loop_api_key\}\}"/);
  const call = (url, init) => page.evaluate(async ([url, init]) => {
    const res = await fetch(url, init);
    return { status: res.status, proxyError: res.headers.get("x-sidebar-proxy-error"), body: await res.json() };
  }, [url, init]);
  const envelope = (extra = {}) => JSON.stringify({ method: "GET", url: `${UPSTREAM}/api/v2/returns`, params: { customer_email: "jane.doe+returns@example.com" },
    headers: { "X-Authorization": "{{secret.loop_api_key}}" }, form: null, json: null, content_type: null, ...extra });
  const post = (body, token = TOKEN) => call(PROXY, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

  // The API itself refuses anyone but the proxy (this is what a bundle without the proxy gets).
  assert.equal((await call(`${UPSTREAM}/api/v2/returns`, { headers: { "X-Authorization": "" } })).status, 401);
  // The proxy refuses a call without the agent's token, an unknown secret, a secret in the URL.
  assert.deepEqual(await post(envelope(), null), { status: 401, proxyError: "1", body: { error: "The proxy needs Authorization: Bearer <proxyToken>" } });
  assert.equal((await post(envelope({ headers: { "X-Authorization": "{{secret.nope}}" } }))).status, 400);
  assert.equal((await post(envelope({ url: `${UPSTREAM}/{{secret.loop_api_key}}` }))).status, 400);
  // With the token it fills in the key and answers with the API's answer: the Loop Returns sample.
  const ok = await post(envelope());
  assert.equal(ok.status, 200);
  assert.equal(ok.proxyError, null);
  assert.equal(ok.body.data[0].order_name, "#1001");
  // A button's envelope: a JSON body, answered {ok: true}.
  const button = await post(envelope({ method: "POST", url: `${UPSTREAM}/api/v2/returns/sync`, params: {}, json: { customer_email: "jane.doe+returns@example.com" }, content_type: "application/json" }));
  assert.deepEqual(button, { status: 200, proxyError: null, body: { ok: true } });

  // The log shows the envelopes as received (placeholder, bearer token) and what the proxy sent on, key masked.
  // (the sidebar's own request for the story's data goes through the proxy too)
  await page.waitForFunction(() => document.querySelectorAll(".demo-log__via").length >= 2);
  const log = await texts(page, ".demo-log__item");
  const upstreamCall = log.find((l) => l.startsWith("sent by the proxy: GET") && l.includes("customer_email=jane.doe%2Breturns%40example.com"));
  assert.ok(upstreamCall, log.join("\n---\n"));
  assert.match(upstreamCall, /x-authorization: •••••• \(filled in by the proxy\)/);
  assert.ok(log.some((l) => /^POST .*proxy-mode\/proxy/.test(l) && l.includes(`authorization: Bearer ${TOKEN}`) && l.includes("{{secret.loop_api_key}}")));
  assert.ok(log.some((l) => l.startsWith("sent by the proxy: POST") && l.includes('"customer_email":"jane.doe+returns@example.com"')));
  assert.ok(!(await page.evaluate(() => document.documentElement.outerHTML)).includes(KEY_PREFIX), "the key is never in the page");
  assert.deepEqual(errors, []);
});

// SPEC 3 and 5: the `proxy` option sends integrations and actions through the proxy, with
// `proxyToken`, and {{secret.NAME}} passed through untouched.
test("the proxy story's sidebar gets its data and sends its button through the proxy", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/proxy-mode");
  const m = mount("proxy-mode");
  await page.waitForFunction((m) => [...document.querySelectorAll(m + " .sw-card__title")].some((t) => t.textContent.trim() === "Return #1001: open"), m, { timeout: 8000 });
  const log = await texts(page, ".demo-log__item");
  assert.ok(log.some((l) => /^POST .*proxy-mode\/proxy/.test(l) && l.includes(`authorization: Bearer ${TOKEN}`) && l.includes("{{secret.loop_api_key}}")), log.join("\n---\n"));
  assert.ok(!log.some((l) => /^GET .*proxy-mode\/upstream/.test(l)), "the sidebar never calls the API itself");
  await page.click(`${m} button.sw-action >> text=Resync returns`, { timeout: 5000 });
  await page.waitForSelector(m + " .sw-outcome", { timeout: 5000 });
  assert.match(await text(page, m + " .sw-outcome"), /200/);
  assert.match(await text(page, ".demo-log__event"), /"url": "https:\/\/mock\.sidebar-widgets\.test\/proxy-mode\/upstream\/api\/v2\/returns\/sync"/);
  assert.ok(!(await page.evaluate(() => document.documentElement.outerHTML)).includes(KEY_PREFIX));
  assert.deepEqual(errors, []);
});

test("the French story speaks French, with an override of one message", async () => {
  const { page, errors } = await openDemo(browser, site, "#/story/language-fr");
  const m = mount("language-fr");
  await page.waitForSelector(m + " .sw-status--error", { timeout: 8000 });
  const copy = await page.$eval(m + " .sw-field__copy", (b) => b.getAttribute("aria-label"));
  assert.equal(copy, "Copier la valeur");
  const toggle = await page.$eval(m + " .sw-card__toggle", (b) => b.getAttribute("aria-label"));
  assert.match(toggle, /section/i);
  assert.doesNotMatch(toggle, /^(Collapse|Expand) /, "the toggle's label is not English");
  const body = await page.$eval(m, (e) => e.textContent);
  assert.match(body, /Réessayer maintenant/, "the messages option replaced Retry");
  assert.doesNotMatch(body, /\bRetry\b|Copy value|Loading/);
  assert.deepEqual(errors, []);
});
