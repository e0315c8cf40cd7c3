// End-to-end: what a third-party API's data, a hostile template or an odd host value can do to the
// sidebar (issue 8), against the embeddable bundle (dist-embed/, release build: a panic there aborts
// the whole WebAssembly instance). Each test is named after what it protects.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOP = JSON.parse(fs.readFileSync(path.join(here, "../../demo/loop-returns.json"), "utf8"));
const SECRET = "sk_live_9f8e7d6c5b4a";

/** What the fake API received. */
const received = [];
let site, browser;

function answer(res, status, body, type = "application/json") {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

before(async () => {
  site = await serveEmbed((req, res) => {
    const url = new URL(req.url, "http://x");
    if (!url.pathname.startsWith("/api/")) return false;
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body });
      switch (url.pathname) {
        case "/api/returns":
          return answer(res, 200, LOOP.data["123"]);
        case "/api/surrogate":
          // JSON text with a lone surrogate escape: third-party text cut in the middle of an emoji.
          return answer(res, 200, '{"status": "caf\\ud83d", "data": [{"id": 1, "order_name": "#1\\udc00", "state": "open"}]}');
        case "/api/mixed-orders": {
          const data = Array.from({ length: 25 }, (_, i) => ({ id: i, order_name: String(985 + i), state: "open" }));
          data.splice(7, 0, { id: 100, order_name: "1006-EX", state: "x" });
          data.splice(19, 0, { id: 101, order_name: "998-R", state: "y" });
          return answer(res, 200, { status: "ok", data });
        }
        case "/api/cut":
          // A 200 whose body stops before its end: headers and the first bytes, then nothing.
          res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
          res.write('{"status": "partial", "data": [');
          return; // never ended: the sidebar's timeout must report it
        case "/api/echo":
          // APIs echo what they were sent in their errors.
          return answer(res, 401, `invalid key '${req.headers["x-api-key"] || ""}' (query ${url.search})`, "text/plain");
        default:
          return answer(res, 200, { ok: true });
      }
    });
    return true;
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

/** A widget over integration `id` with the seed's Loop Returns template. */
const loopWidget = (id, extra = {}) => ({ ...structuredClone(LOOP.widgets[0]), id: `w${id}`, integration_id: id, ...extra });
const integration = (id, url, extra = {}) => ({ id, name: `API ${id}`, type: "http", http: { url, method: "GET", headers: {}, ...extra } });

/** Runs `fn(arg)` in the page (its `fresh()` gives a new mount element, `api` the bundle's API). */
const inPage = (page, fn, arg) => page.evaluate(fn, arg);

const until = (page, fn, arg, timeout = 8000) => page.waitForFunction(fn, arg, { timeout });

test("order_by_never_panics_on_order_numbers_mixed_with_suffixed_ones (given and fetched)", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const template = structuredClone(LOOP.widgets[0]);
  template.template.widgets[0].widgets[1].meta = { limit: 30, orderBy: "order_name" };
  const out = await inPage(page, async ([template, base]) => {
    const el = fresh(), api = window.api;
    const data = Array.from({ length: 25 }, (_, i) => ({ id: i, order_name: String(985 + i), state: "open" }));
    data.splice(7, 0, { id: 100, order_name: "1006-EX", state: "x" });
    api.mount(el, { widgets: [template], integrations: [], data: { "123": { status: "ok", data } } });
    const fetched = fresh();
    api.mount(fetched, { widgets: [template], integrations: [{ id: 123, name: "Loop", http: { url: base + "/api/mixed-orders" } }] });
    await new Promise((r) => setTimeout(r, 600));
    const titles = (root) => [...root.querySelectorAll(".sw-list > .sw-card .sw-card__title")].map((t) => t.textContent);
    return { given: titles(el), fetched: titles(fetched), loading: fetched.querySelectorAll(".sw-status--loading").length };
  }, [template, site.url]);
  assert.equal(out.given.length, 26);
  assert.equal(out.given[0], "Return 985: open");
  assert.equal(out.given[25], "Return 1006-EX: x", "numbers first by value, then the rest as text");
  assert.equal(out.fetched.length, 27, "the fetched widget is not stuck on Loading");
  assert.equal(out.loading, 0);
  assert.deepEqual(errors, []);
});

test("a_non_json_value_gets_an_error_in_its_place_and_never_poisons_the_handle", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const out = await inPage(page, async (loop) => {
    const el = fresh(), api = window.api;
    const good = { ...loop.widgets[0], id: "good" };
    const threw = [];
    const attempt = (what, fn) => { try { fn(); } catch (e) { threw.push(`${what}: ${e.message}`); } };
    let h;
    attempt("mount", () => { h = api.mount(el, { widgets: [Symbol("w"), () => 1, 10n, good], data: loop.data, context: loop.context }); });
    const first = { errors: el.querySelectorAll(".sw-widget--error").length, good: el.querySelectorAll(".sw-card--root").length };
    const cycle = {}; cycle.self = cycle;
    const getter = { get boom() { throw new Error("getter"); } };
    const proxy = new Proxy({}, { ownKeys() { throw new Error("keys"); } });
    for (const bad of [{ "123": Symbol() }, { "123": () => 1 }, { "123": cycle }, { "123": getter }, proxy, { "123": 5n }]) {
      attempt("update", () => h.update({ data: bad }));
    }
    attempt("update context", () => h.update({ context: cycle }));
    attempt("update widgets", () => h.update({ widgets: Symbol() }));
    attempt("update", () => h.update({ data: loop.data, context: loop.context, widgets: [good] }));
    await new Promise((r) => setTimeout(r, 50));
    const after = el.querySelectorAll(".sw-card--root").length;
    attempt("trigger", () => h.trigger(Symbol()));
    attempt("unmount", () => h.unmount());
    return { threw, first, after, mounted: h.mounted, left: el.innerHTML };
  }, LOOP);
  assert.deepEqual(out.threw, [], "no odd value makes mount or update throw");
  assert.deepEqual(out.first, { errors: 3, good: 1 }, "a Symbol, a function and a BigInt each get an error in their place");
  assert.equal(out.after, 1, "the handle still works after every odd value");
  assert.equal(out.mounted, false);
  assert.equal(out.left, "");
  assert.ok(errors.every((e) => e.startsWith("sidebar-widgets:")), errors.join("\n"));
});

test("lone_surrogates_read_as_replacement_characters_in_options_and_in_fetched_json", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const out = await inPage(page, async ([loop, base]) => {
    const el = fresh(), api = window.api;
    const widget = { ...loop.widgets[0], id: "s" };
    widget.template.widgets[0].title = "{{ticket.customer.name}} {{status}}";
    api.mount(el, {
      widgets: [widget],
      integrations: [{ id: 123, name: "Loop \ud83d", http: { url: base + "/api/surrogate?q=\ud83d" } }],
      context: { ticket: { customer: { name: "Zo\ud83d" } } },
    });
    await new Promise((r) => setTimeout(r, 600));
    return { title: el.querySelector(".sw-card__title")?.textContent, item: el.querySelector(".sw-list .sw-card__title")?.textContent };
  }, [LOOP, site.url]);
  assert.equal(out.title, "Zo\ufffd caf\ufffd");
  assert.equal(out.item, "Return #1\ufffd: open");
  const sent = received.find((r) => r.path === "/api/surrogate");
  assert.equal(sent.query, "?q=%EF%BF%BD", "the URL carries U+FFFD, percent-encoded");
  assert.deepEqual(errors, []);
});

test("too_deep_a_context_and_too_many_widgets_are_one_error_each_and_the_rest_renders", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const out = await inPage(page, async (loop) => {
    const el = fresh(), api = window.api;
    let deep = {};
    for (let i = 0; i < 300; i++) deep = { next: deep };
    const widgets = new Array(100000);
    widgets[0] = { ...loop.widgets[0], id: "first" };
    const t0 = performance.now();
    api.mount(el, { widgets, data: loop.data, context: { ticket: deep } });
    return {
      ms: performance.now() - t0,
      problems: [...el.querySelectorAll(".sw-problems li")].map((li) => li.textContent),
      rendered: el.querySelectorAll(".sw-card--root").length,
      refused: el.querySelectorAll(".sw-widget--error").length,
    };
  }, LOOP);
  assert.equal(out.rendered, 1, "the one real widget renders");
  assert.equal(out.refused, 99, "the other 99 read (holes) are refused in their place");
  assert.ok(out.problems.some((p) => /^context: the context could not be read \(it could not be read as JSON: nested more than 100 levels deep\)/.test(p)), out.problems.join("\n"));
  assert.ok(out.problems.some((p) => /^widgets: 99900 widgets were not shown/.test(p)), out.problems.join("\n"));
  console.log(`  mounting a sparse array of 100,000 widgets took ${out.ms.toFixed(0)} ms`);
  assert.ok(errors.length > 0, "the problems are in the console too");
});

test("a_body_cut_off_after_a_2xx_is_a_timeout_not_a_success", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const out = await inPage(page, async ([loop, base]) => {
    const el = fresh(), api = window.api;
    const events = [];
    el.addEventListener("sidebar-widgets:action", (e) => events.push(e.detail));
    const widget = { ...loop.widgets[0], id: "cut" };
    widget.template.widgets[0].meta.custom = { buttons: [{ label: "Cut", action: { method: "GET", url: base + "/api/cut" } }] };
    const other = fresh();
    api.mount(other, { widgets: [{ ...loop.widgets[0], id: "cut-load" }], integrations: [{ id: 123, name: "Loop", http: { url: base + "/api/cut" } }], actionTimeout: 1200 });
    api.mount(el, { widgets: [widget], data: loop.data, actionTimeout: 1200 });
    el.querySelector(".sw-action--button").click();
    await new Promise((r) => setTimeout(r, 2500));
    return { outcome: el.querySelector(".sw-outcome")?.textContent, event: events[0], load: other.querySelector(".sw-status--error")?.textContent };
  }, [LOOP, site.url]);
  assert.equal(out.outcome, "Cut failed: timed out: no answer after 2 s");
  assert.equal(out.event.ok, false);
  assert.equal(out.event.status, null);
  assert.match(out.load, /timed out: no answer after 2 s/, "not 'not valid JSON'");
  assert.deepEqual(errors, []);
});

test("hidden_values_never_reach_the_page_the_event_or_the_console", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const logs = [];
  page.on("console", (m) => logs.push(m.text()));
  const out = await inPage(page, async ([loop, base, secret]) => {
    const el = fresh(), api = window.api;
    const events = [];
    el.addEventListener("sidebar-widgets:action", (e) => events.push(e.detail));
    const widget = { ...loop.widgets[0], id: "keys" };
    widget.template.widgets[0].meta.custom = { buttons: [
      { label: "Echo", action: { method: "GET", url: base + "/api/echo?keep=1", params: [{ key: "api_key", value: secret }], headers: [{ key: "X-Api-Key", value: secret }] } },
      // The browser refuses to build this request; its own message would hold the URL and the key.
      { label: "Broken", action: { method: "GET", url: "https://[bad/x", params: [{ key: "api_key", value: secret }] } },
    ] };
    api.mount(el, { widgets: [widget], data: loop.data, integrations: [{ id: 7, name: "Echoing API", http: { url: base + "/api/echo", headers: { "X-Api-Key": secret } } }] });
    const buttons = el.querySelectorAll(".sw-action--button");
    buttons[0].click();
    buttons[1].click();
    const loading = fresh();
    api.mount(loading, { widgets: [{ ...loop.widgets[0], id: "echo-load", integration_id: 7 }], integrations: [{ id: 7, name: "Echoing API", http: { url: base + "/api/echo", headers: { "X-Api-Key": secret } } }] });
    await new Promise((r) => setTimeout(r, 1200));
    return {
      outcomes: [...el.querySelectorAll(".sw-outcome")].map((o) => o.textContent),
      events,
      load: loading.querySelector(".sw-status--error")?.textContent,
      html: document.documentElement.outerHTML,
    };
  }, [LOOP, site.url, SECRET]);
  assert.equal(received.filter((r) => r.path === "/api/echo" && r.headers["x-api-key"] === SECRET).length, 2, "the key is sent");
  assert.equal(out.outcomes[0], "Echo failed: HTTP 401 (request refused): invalid key '[hidden]' (query ?keep=1&api_key=[hidden])");
  assert.equal(out.outcomes[1], "Broken failed: the browser refused to send this request (its address, a header or the method is not valid)");
  const event = (button) => out.events.find((e) => e.button === button);
  assert.equal(event("Echo").url, site.url + "/api/echo", "the event's address has no query");
  assert.match(event("Echo").error, /\[hidden\]/);
  assert.equal(event("Broken").url, "https://[bad/x");
  assert.match(out.load, /HTTP 401 \(request refused\): invalid key '\[hidden\]'/);
  for (const where of [out.html, JSON.stringify(out.events), logs.join("\n"), errors.join("\n")]) {
    assert.ok(!where.includes(SECRET), "the key shows nowhere");
  }
});

test("the_sidebars_own_requests_carry_no_cookies", async () => {
  const { page } = await openEmbed(browser, site);
  await inPage(page, async ([loop, base]) => {
    const el = fresh(), api = window.api;
    document.cookie = "helpdesk_session=abc123; path=/";
    const widget = { ...loop.widgets[0], id: "c", integration_id: 9 };
    widget.template.widgets[0].meta.custom = { buttons: [{ label: "Post", action: { method: "POST", url: base + "/api/cookie-action" } }] };
    api.mount(el, { widgets: [widget], integrations: [{ id: 9, name: "Same origin", http: { url: base + "/api/returns?cookie=1" } }] });
    await new Promise((r) => setTimeout(r, 500));
    el.querySelector(".sw-action--button").click();
    await new Promise((r) => setTimeout(r, 500));
  }, [LOOP, site.url]);
  const own = received.filter((r) => r.query === "?cookie=1" || r.path === "/api/cookie-action");
  assert.equal(own.length, 2);
  for (const r of own) assert.equal(r.headers.cookie, undefined, `${r.method} ${r.path} carried no cookie`);
});

test("icons_load_without_a_referrer", async () => {
  const { page } = await openEmbed(browser, site);
  const policy = await inPage(page, async (loop) => {
    const el = fresh(), api = window.api;
    const widget = { ...loop.widgets[0], id: "i" };
    widget.template.widgets[0].meta.pictureUrl = "https://cdn.example/logo.png";
    api.mount(el, { widgets: [widget], data: loop.data });
    return el.querySelector(".sw-card__icon img")?.getAttribute("referrerpolicy");
  }, LOOP);
  assert.equal(policy, "no-referrer");
});

test("a_page_that_enforces_trusted_types_can_mount_the_sidebar", async () => {
  const strict = await serveEmbed(null, { csp: "require-trusted-types-for 'script'; trusted-types 'none'; script-src 'self' 'wasm-unsafe-eval'" });
  try {
    const { page, errors } = await openEmbed(browser, strict);
    const out = await inPage(page, async (loop) => {
    const el = fresh(), api = window.api;
      const widget = { ...loop.widgets[0], id: "tt" };
      widget.template.widgets[0].meta.custom = { buttons: [{ label: "Form", action: { method: "POST", url: "https://x.example", params: [{ key: "a", value: "1", editable: true }] } }] };
      api.mount(el, { widgets: [widget], data: loop.data, context: loop.context });
      el.querySelector(".sw-action--button").click();
      await new Promise((r) => setTimeout(r, 100));
      el.querySelectorAll(".sw-card__toggle")[2].click();
      await new Promise((r) => setTimeout(r, 100));
      return { title: el.querySelector(".sw-card__title")?.textContent, form: !!el.querySelector(".sw-form input"), fields: el.querySelectorAll(".sw-field").length };
    }, LOOP);
    assert.deepEqual(out, { title: "Loop Returns", form: true, fields: out.fields });
    assert.ok(out.fields > 10);
    assert.deepEqual(errors, [], "no HTML sink was used");
  } finally {
    await strict.close();
  }
});

test("empty_strings_null_items_and_arrays_of_objects_show_as_in_gorgias", async () => {
  const { page } = await openEmbed(browser, site);
  const values = await inPage(page, async () => {
    const el = fresh(), api = window.api;
    api.mount(el, {
      widgets: [{ id: "d", integration_id: 1, template: { type: "wrapper", widgets: [{ type: "card", title: "Shopify", widgets: [
        { type: "text", path: "note", title: "Note" },
        { type: "array", path: "scores", title: "Scores" },
        { type: "array", path: "addresses", title: "Addresses" }] }] } }],
      data: { 1: { note: "", scores: [5, null, 9], addresses: [{ address1: "1 Main St", city: "Paris", zip: null, default: true }, { address1: "2 Side St", city: "Lyon", country: "" }] } },
    });
    return [...el.querySelectorAll(".sw-field__value")].map((v) => v.innerText);
  });
  assert.deepEqual(values, ["-", "5, -, 9", "1 Main St, Paris, true\n2 Side St, Lyon"]);
});
