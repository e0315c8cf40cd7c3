// End-to-end: the playground. Live re-rendering, JSON errors with line and column, the template
// warnings with their places, "generate from data", and the state kept in the URL and exported as
// the body of POST /api/widgets.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { serveDir, launch } from "./harness.mjs";
import { openDemo, expandAll } from "./storybook.mjs";

let site, browser;
before(async () => { site = await serveDir(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const PREVIEW = ".demo-pg .demo-frame__mount";
const rootTitle = (page) => page.$eval(`${PREVIEW} .sw-card--root > .sw-card__header .sw-card__title`, (e) => e.textContent.trim());
const warnings = (page) => page.$$eval("#pg-warnings .demo-warnings__item", (items) => items.map((li) => [
  li.querySelector(".demo-warnings__place").dataset.place, li.querySelector(".demo-warnings__message").textContent]));

async function openPlayground() {
  const out = await openDemo(browser, site, "#/playground");
  await out.page.waitForSelector(`${PREVIEW} .sw-card--root`);
  return out;
}

test("the playground opens with a working example, no warnings, and re-renders as one types", async () => {
  const { page, errors } = await openPlayground();
  assert.equal(await rootTitle(page), "Jane Doe");
  assert.match(await page.textContent("#pg-warnings"), /No warnings/);
  assert.equal(await page.textContent("#pg-template-status"), "Valid JSON");

  // Typing in the template: the title changes without any other action.
  const template = JSON.parse(await page.inputValue("#pg-template"));
  template.widgets[0].title = "{{first_name}} from {{default_address.city}}";
  await page.fill("#pg-template", JSON.stringify(template, null, 2));
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === "Jane from Lyon",
    `${PREVIEW} .sw-card--root > .sw-card__header .sw-card__title`, { timeout: 3000 });

  // Typing in the data, key by key.
  await page.click("#pg-data");
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  await page.keyboard.type(' "nickname": "Ada",');
  await page.waitForTimeout(300);
  assert.equal(await page.textContent("#pg-data-status"), "Valid JSON");
  // ... and in the context: the frame's ticket bar follows.
  const context = JSON.parse(await page.inputValue("#pg-context"));
  context.ticket.subject = "Damaged parcel";
  await page.fill("#pg-context", JSON.stringify(context, null, 2));
  await page.waitForFunction(() => document.querySelector(".demo-pg .demo-frame__ticket").textContent.includes("Damaged parcel"));
  assert.deepEqual(errors, []);
});

test("a JSON syntax error shows its line and column, keeps the last good preview, and jumps there", async () => {
  const { page, errors } = await openPlayground();
  const broken = '{\n  "first_name": "Jane",\n  "last_name" "Doe"\n}';
  await page.fill("#pg-data", broken);
  await page.waitForSelector(".demo-editor--error #pg-data");
  const status = await page.textContent("#pg-data-status");
  assert.match(status, /^JSON error: Line 3, column 15: expected `:`/);
  assert.equal(await page.getAttribute("#pg-data", "aria-invalid"), "true");
  assert.match(await page.textContent("#pg-stale"), /Showing the last valid version: fix the JSON error in Data/);
  assert.equal(await rootTitle(page), "Jane Doe", "the preview keeps the last valid version");
  await page.click("#pg-data-status button");
  const caret = await page.evaluate(() => {
    const ta = document.querySelector("#pg-data");
    const before = ta.value.slice(0, ta.selectionStart).split("\n");
    return { focused: document.activeElement === ta, line: before.length, column: before.at(-1).length + 1 };
  });
  assert.deepEqual(caret, { focused: true, line: 3, column: 15 });

  // The template too, on another line; fixing it clears the error.
  await page.fill("#pg-template", '{\n  "type": "wrapper",\n  "widgets": [\n    {"type": "card",}\n  ]\n}');
  await page.waitForFunction(() => /Line 4, column/.test(document.querySelector("#pg-template-status").textContent));
  assert.match(await page.textContent("#pg-stale"), /Template and Data/);
  await page.fill("#pg-data", '{"first_name": "Jane", "last_name": "Doe"}');
  await page.fill("#pg-template", '{"type": "wrapper", "widgets": [{"type": "card", "title": "{{last_name}}", "widgets": [{"path": "first_name"}]}]}');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === "Doe", `${PREVIEW} .sw-card--root > .sw-card__header .sw-card__title`);
  assert.equal(await page.isHidden("#pg-stale"), true);
  assert.deepEqual(errors, []);
});

test("the warnings list names each problem and its place in the template", async () => {
  const { page, errors } = await openPlayground();
  const template = {
    type: "wrapper",
    meta: { color: "red; background: url(x)", limit: 3 },
    widgets: [{
      type: "card", title: "{{first_name}} {{nickname}}",
      meta: { link: "javascript:alert(1)", orderBy: "-created_at" },
      widgets: [
        { path: "email", title: "Email", type: "hologram" },
        { path: "middle_name", title: "Middle name", type: "text" },
        { path: "orders_count", title: "Orders", type: "text", meta: { displayCard: false } },
        { type: "card", path: "default_address", title: "Address", meta: { custom: { links: [{ label: "Map", url: "https://maps.example/?q={{city}}" }] } },
          widgets: [{ path: "city", type: "text" }] },
      ],
    }],
  };
  await page.fill("#pg-template", JSON.stringify(template, null, 2));
  await page.waitForFunction(() => document.querySelectorAll("#pg-warnings .demo-warnings__item").length >= 9);
  const got = await warnings(page);
  const expect = [
    ["", /refused colour "red; background: url\(x\)"/],
    ["", /meta "limit" means nothing on the wrapper/],
    ["widgets[0]", /meta "orderBy" means nothing on a card/],
    ["widgets[0]", /variable \{\{nickname\}\} in the title resolves to nothing/],
    ["widgets[0]", /refused URL "javascript:alert\(1\)" in meta\.link/],
    ["widgets[0].widgets[0]", /unknown type "hologram"/],
    ["widgets[0].widgets[1]", /path "middle_name" finds nothing in the sample data/],
    ["widgets[0].widgets[2]", /meta "displayCard" means nothing on a field/],
    ["widgets[0].widgets[3]", /custom actions here never show: only root cards show them/],
  ];
  for (const [place, re] of expect) {
    assert.ok(got.some(([p, m]) => p === place && re.test(m)), `missing ${place} ${re}: got ${JSON.stringify(got)}`);
  }
  assert.equal(await page.textContent("#pg-warnings-count"), String(got.length));

  // A place selects its node in the template editor.
  await page.click('#pg-warnings .demo-warnings__place[data-place="widgets[0].widgets[1]"]');
  const selected = await page.evaluate(() => {
    const ta = document.querySelector("#pg-template");
    return { focused: document.activeElement === ta, text: ta.value.slice(ta.selectionStart, ta.selectionEnd) };
  });
  assert.ok(selected.focused);
  assert.deepEqual(JSON.parse(selected.text), template.widgets[0].widgets[1]);
  await page.click('#pg-warnings .demo-warnings__place[data-place=""]');
  assert.equal(await page.evaluate(() => { const t = document.querySelector("#pg-template"); return t.selectionEnd - t.selectionStart; }),
    (await page.inputValue("#pg-template")).length, "the root is the whole template");
  assert.deepEqual(errors, []);
});

test("generate then render shows every value of the sample data", async () => {
  const { page, errors } = await openPlayground();
  const sample = {
    id: 7781, name: "Ada Lovelace", email: "ada@example.com", website: "https://ada.example.com/profile",
    vip: true, churned: false, signed_up_at: "2019-05-04T10:00:00Z", birthday: "1990-04-12", balance: 0,
    tags: ["analytical", "engine"], _internal: "dropped by rule",
    address: { city: "London", zip: "NW1 6XE", geo: { lat: 51.52, lng: -0.15 } },
    orders: [{ number: "A-1", total: 12.5, paid: true }, { number: "A-2", total: 99, paid: false },
      { number: "A-3", total: 7, paid: true }, { number: "A-4", total: 45.25, paid: false }, { number: "A-5", total: 3.1, paid: true }],
    SKU: "X-1",
  };
  await page.fill("#pg-data", JSON.stringify(sample, null, 2));
  await page.fill("#pg-name", "CRM");
  await page.click("#pg-generate");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#pg-template").value).widgets?.[0]?.title === "CRM");
  await page.waitForSelector(`${PREVIEW} .sw-card--root`);
  assert.match(await page.textContent("#pg-warnings"), /No warnings/, "a generated template is clean over its own data");
  await expandAll(page, PREVIEW);
  const shown = await page.evaluate((sel) => {
    const root = document.querySelector(sel);
    return {
      values: [...root.querySelectorAll(".sw-field__value")].map((v) => v.textContent.trim()),
      labels: [...root.querySelectorAll(".sw-field__label")].map((v) => v.textContent.trim().replace(/:$/, "")),
      dates: [...root.querySelectorAll(".sw-value--date")].map((t) => t.getAttribute("title")),
      titles: [...root.querySelectorAll(".sw-card__title")].map((t) => t.textContent.trim()),
      links: [...root.querySelectorAll("a.sw-field__value")].map((a) => a.getAttribute("href")),
      text: root.textContent,
    };
  }, PREVIEW);
  const has = (v) => shown.values.some((x) => x === v || x.includes(v));
  for (const v of ["7781", "Ada Lovelace", "ada@example.com", "https://ada.example.com/profile", "0", "analytical, engine",
    "London", "NW1 6XE", "51.52", "-0.15", "X-1", "(1990-04-12)"]) assert.ok(has(v), `shows ${v}: ${shown.values.join(" | ")}`);
  for (const o of sample.orders) {
    assert.ok(has(o.number) && has(String(o.total)), `order ${o.number}`);
  }
  assert.equal(shown.values.filter((v) => v === "True").length, 1 + 3, "vip and three paid orders");
  assert.equal(shown.values.filter((v) => v === "False").length, 1 + 2, "churned and two unpaid orders");
  assert.equal(shown.dates.length, 1);
  assert.match(shown.dates[0], /2019/);
  assert.ok(shown.links.includes("mailto:ada@example.com") && shown.links.includes("https://ada.example.com/profile"));
  assert.ok(!shown.text.includes("dropped by rule"), "keys starting with _ are dropped (SPEC 8)");
  assert.ok(shown.labels.includes("SKU") && shown.labels.includes("Signed up at"), shown.labels.join(" | "));
  assert.ok(shown.titles.includes("Address") && shown.titles.includes("Geo"), shown.titles.join(" | "));

  // Undo brings the previous template back.
  await page.click("#pg-undo");
  assert.equal(JSON.parse(await page.inputValue("#pg-template")).widgets[0].title, "{{first_name}} {{last_name}}");
  assert.deepEqual(errors, []);
});

test("the URL keeps the state, and the export is the body of POST /api/widgets", async () => {
  const { page, errors } = await openPlayground();
  await page.fill("#pg-template", '{"type": "wrapper", "widgets": [{"type": "card", "title": "Shared {{first_name}}", "widgets": [{"path": "email", "type": "email"}]}]}');
  await page.fill("#pg-id", "42");
  await page.fill("#pg-name", "Acme CRM");
  await page.waitForFunction(() => /Shared Jane/.test(document.querySelector(".demo-pg .sw-card__title")?.textContent || ""));
  await page.waitForTimeout(500);
  const url = page.url();
  assert.match(url, /#\/playground\?state=z[\w-]+$/);
  const body = JSON.parse(await page.textContent("#pg-export"));
  assert.deepEqual(Object.keys(body), ["context", "type", "integration_id", "order", "template"]);
  assert.equal(body.integration_id, 42);
  assert.equal(body.context, "ticket");
  assert.equal(body.type, "http");
  assert.equal(body.template.widgets[0].title, "Shared {{first_name}}");

  // Copy buttons put the link and the body on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click(".pg-copy-export");
  assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), body);
  await page.click(".pg-copy-link");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

  // A new page with the link shows the same state.
  const other = await openDemo(browser, site, url.slice(url.indexOf("#")));
  await other.page.waitForSelector(`${PREVIEW} .sw-card--root`);
  assert.equal(await other.page.inputValue("#pg-template"), await page.inputValue("#pg-template"));
  assert.equal(await other.page.inputValue("#pg-id"), "42");
  assert.equal(await other.page.inputValue("#pg-name"), "Acme CRM");
  assert.equal(await other.page.$eval(`${PREVIEW} .sw-card__title`, (e) => e.textContent.trim()), "Shared Jane");
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
});

test("custom actions in the playground go to the built-in mock through actionProxy", async () => {
  const { page, errors } = await openPlayground();
  await page.click(`${PREVIEW} button.sw-action`);
  await page.waitForSelector(`${PREVIEW} .sw-form`);
  await page.fill(`${PREVIEW} .sw-form__input`, "Called back, refund confirmed");
  await page.click(`${PREVIEW} .sw-form button >> text=Execute`);
  await page.waitForSelector("#pg-log .demo-log__item");
  assert.match(await page.textContent("#pg-log .demo-log__line"), /POST https:\/\/mock\.sidebar-widgets\.test\/playground\/proxy/);
  const envelope = JSON.parse(await page.textContent("#pg-log .demo-log__detail"));
  assert.equal(envelope.method, "POST");
  assert.equal(envelope.url, "https://acme.myshopify.example/admin/api/customers/88/notes");
  assert.deepEqual(envelope.params, { note: "Called back, refund confirmed" });
  assert.deepEqual(envelope.json, { author: "alex@acme-support.com", ticket: "4521" });
  await page.waitForSelector(`${PREVIEW} .sw-outcome`);
  assert.deepEqual(errors, []);
});

// ---------------------------------------------------------------- shared links and the request log

/** A playground link whose state inflates to `mb` megabytes: a JSON string of spaces. */
function deflateBomb(mb) {
  const big = Buffer.alloc(mb * 1024 * 1024, 0x20);
  Buffer.from('{"template":"').copy(big);
  Buffer.from('"}').copy(big, big.length - 2);
  return "#/playground?state=z" + zlib.deflateRawSync(big, { level: 9 }).toString("base64url");
}

test("a deflate bomb in a shared link is refused with a message, and the tab stays responsive", async () => {
  const hash = deflateBomb(200); // under 300 KB of link, 200 MB once inflated
  assert.ok(hash.length < 300_000, `${hash.length} characters`);
  const started = Date.now();
  const { page, errors } = await openDemo(browser, site, hash);
  await page.waitForSelector("#pg-bad-link", { timeout: 10000 });
  assert.match(await page.textContent("#pg-bad-link"), /larger than 4 MB once unpacked.*starter example/);
  await page.waitForSelector(`${PREVIEW} .sw-card--root`);
  assert.equal(await rootTitle(page), "Jane Doe", "the starter example instead");
  assert.equal(await page.isVisible("#pg-shared"), false, "a refused link is not shown as opened");
  assert.ok(Date.now() - started < 15000, `took ${Date.now() - started} ms`);
  // The tab still answers: a timer runs on time, and an edit of the template re-renders the preview.
  const late = await page.evaluate(() => new Promise((r) => { const t = performance.now(); setTimeout(() => r(performance.now() - t), 0); }));
  assert.ok(late < 250, `a timer ran ${late} ms late`);
  const template = JSON.parse(await page.inputValue("#pg-template"));
  template.widgets[0].title = "Still answering";
  await page.fill("#pg-template", JSON.stringify(template, null, 2));
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === "Still answering",
    `${PREVIEW} .sw-card--root > .sw-card__header .sw-card__title`, { timeout: 3000 });
  assert.deepEqual(errors, []);
});

test("a state opened from a shared link says so in a banner; the page's own state does not", async () => {
  const { page, errors } = await openPlayground();
  assert.equal(await page.isVisible("#pg-shared"), false, "a fresh playground");
  await page.fill("#pg-name", "Shared CRM");
  await page.waitForFunction(() => /state=z/.test(location.hash));
  await page.waitForTimeout(400);
  const url = page.url();
  // Reloading the tab's own state is not a shared link.
  await page.reload();
  await page.waitForSelector("html[data-ready]");
  await page.waitForSelector(`${PREVIEW} .sw-card--root`);
  assert.equal(await page.inputValue("#pg-name"), "Shared CRM");
  assert.equal(await page.isVisible("#pg-shared"), false, "the tab's own state after a reload");
  // The same link opened elsewhere is.
  const other = await openDemo(browser, site, url.slice(url.indexOf("#")));
  await other.page.waitForSelector("#pg-shared");
  assert.match(await other.page.textContent("#pg-shared"), /Opened from a shared link.*check where its links and buttons send/);
  assert.equal(await other.page.getAttribute("#pg-shared", "role"), "status");
  assert.equal(await other.page.inputValue("#pg-name"), "Shared CRM");
  // "Edit in the playground" from a story is the page's own doing: no banner.
  const story = await openDemo(browser, site, "#/story/card-titles");
  await story.page.click("text=Edit in the playground");
  await story.page.waitForSelector(`${PREVIEW} .sw-card--root`);
  assert.equal(await story.page.isVisible("#pg-shared"), false);
  assert.deepEqual([...errors, ...other.errors, ...story.errors], []);
});

test("a request URL that decodeURI cannot read does not stop the request log", async () => {
  const { page, errors } = await openPlayground();
  await page.uncheck("#pg-proxy"); // the buttons send to the mock directly
  const button = (label, query) => ({ label, action: { method: "GET", url: `https://mock.sidebar-widgets.test/playground/ok/notes?${query}` } });
  await page.fill("#pg-template", JSON.stringify({ type: "wrapper", widgets: [{
    type: "card", title: "Buttons", meta: { custom: { buttons: [button("Latin-1", "q=caf%E9"), button("Plain", "q=cafe")] } },
    widgets: [{ path: "email", type: "email" }] }] }));
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} button.sw-action`).length === 2, PREVIEW);
  await page.click(`${PREVIEW} button.sw-action >> text=Latin-1`);
  await page.waitForSelector("#pg-log .demo-log__item");
  assert.match(await page.textContent("#pg-log .demo-log__url"), /q=caf%E9$/, "shown as it was sent");
  await page.click(`${PREVIEW} button.sw-action >> text=Plain`);
  await page.waitForFunction(() => document.querySelectorAll("#pg-log .demo-log__item").length === 2);
  assert.match(await page.textContent("#pg-log .demo-log__item .demo-log__url"), /q=cafe$/, "the newest first");
  assert.deepEqual(errors, []);
});
