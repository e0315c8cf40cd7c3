// End-to-end, against the release bundle (dist-embed/) and real local HTTP servers: where a
// request may go and what it may carry (issue 16: secret placeholders only where the template
// wrote them, no redirect that takes keys elsewhere, one path rule, short hidden values), and two
// display facts from real templates. Each test is an attack, or what must keep working beside it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOP = JSON.parse(fs.readFileSync(path.join(here, "../../demo/loop-returns.json"), "utf8"));
const SEED_BUTTONS = JSON.parse(fs.readFileSync(path.join(here, "../fixtures/seed-buttons.json"), "utf8"));
const SECRET = "sk_live_9f8e7d6c5b4a";

/** What the page's own origin (the API and the proxy) received, and what the other origin did. */
const received = [];
const elsewhere = [];
let site, other, otherUrl, browser;

function answer(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

before(async () => {
  // Another origin that would gladly take anything: CORS open to every page, header and method.
  other = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      elsewhere.push({ method: req.method, path: req.url, headers: req.headers, body });
      res.writeHead(200, {
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "*",
        "access-control-allow-methods": "*",
        "content-type": "application/json",
      });
      res.end(JSON.stringify({ status: "stolen", data: [] }));
    });
  });
  await new Promise((r) => other.listen(0, "127.0.0.1", r));
  otherUrl = `http://127.0.0.1:${other.address().port}`;

  site = await serveEmbed((req, res) => {
    const url = new URL(req.url, "http://x");
    if (!url.pathname.startsWith("/api/") && url.pathname !== "/proxy") return false;
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body });
      switch (url.pathname) {
        case "/api/307":
          return answer(res, 307, "", { location: `${otherUrl}/steal` });
        case "/api/302":
          return answer(res, 302, "", { location: `${otherUrl}/steal` });
        case "/api/moved":
          return answer(res, 302, "", { location: "/api/returns" });
        case "/api/returns":
          return answer(res, 200, LOOP.data["123"]);
        case "/api/echo":
          return answer(res, 401, `bad code ${url.searchParams.get("code")} for account 7Zq in 17Zq`, { "content-type": "text/plain" });
        case "/proxy":
          return answer(res, 200, { ok: true });
        default:
          return answer(res, 200, { ok: true });
      }
    });
    return true;
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await new Promise((r) => {
    other.close(r);
    other.closeAllConnections();
  });
});

/** The seed's Loop Returns widget with these buttons on its first card. */
function withButtons(buttons, id = "w") {
  const widget = { ...structuredClone(LOOP.widgets[0]), id };
  widget.template.widgets[0].meta.custom = { buttons };
  return widget;
}

/** Mounts, clicks the button labelled `label`, and returns the outcome text once it is there. */
async function clickAndRead(page, options, label) {
  return page.evaluate(async ([options, label]) => {
    const el = fresh();
    window.api.mount(el, options);
    const button = [...el.querySelectorAll(".sw-action--button")].find((b) => b.textContent === label);
    button.click();
    for (let i = 0; i < 400 && !el.querySelector(".sw-outcome"); i++) await new Promise((r) => setTimeout(r, 50));
    return el.querySelector(".sw-outcome")?.textContent ?? "(no outcome)";
  }, [options, label]);
}

test("a_307_from_the_api_does_not_take_the_actions_key_and_body_to_another_origin", async () => {
  elsewhere.length = 0;
  const { page } = await openEmbed(browser, site);
  const button = {
    label: "Refund",
    action: {
      method: "POST", url: `${site.url}/api/307`,
      headers: [{ key: "X-Api-Key", value: SECRET }],
      body: { contentType: "application/json", "application/json": { order: "{{id}}", note: "refund" } },
    },
  };
  const outcome = await clickAndRead(page, { widgets: [withButtons([button])], data: LOOP.data }, "Refund");
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(elsewhere, [], "the other origin received nothing: no preflight, no key, no body");
  assert.match(outcome, /^Refund failed: the server answered with a redirect \(HTTP 3xx\), which was not followed/);
  assert.ok(!outcome.includes(SECRET));
});

test("a_302_on_an_integration_with_headers_does_not_take_them_elsewhere", async () => {
  elsewhere.length = 0;
  const { page } = await openEmbed(browser, site);
  const text = await page.evaluate(async ([loop, base]) => {
    const el = fresh();
    window.api.mount(el, {
      widgets: [loop.widgets[0]],
      integrations: [{ id: 123, name: "Loop", http: { url: `${base}/api/302`, headers: { "X-Authorization": "sk_live_9f8e7d6c5b4a" } } }],
    });
    for (let i = 0; i < 400 && !el.querySelector(".sw-status--error"); i++) await new Promise((r) => setTimeout(r, 50));
    return el.querySelector(".sw-status--error")?.textContent ?? "(no error)";
  }, [LOOP, site.url]);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(elsewhere, [], "the header never reached the other origin");
  assert.match(text, /redirect.*not followed/);
});

test("an_integration_without_headers_or_hidden_values_still_follows_a_redirect", async () => {
  const { page } = await openEmbed(browser, site);
  const returns = await page.evaluate(async ([loop, base]) => {
    const el = fresh();
    window.api.mount(el, { widgets: [loop.widgets[0]], integrations: [{ id: 123, name: "Loop", http: { url: `${base}/api/moved` } }] });
    for (let i = 0; i < 400 && !el.querySelector(".sw-card--root"); i++) await new Promise((r) => setTimeout(r, 50));
    return el.querySelectorAll(".sw-list .sw-card").length;
  }, [LOOP, site.url]);
  assert.ok(returns > 0, "the returns behind the redirect are shown");
});

test("a_customer_named_like_a_secret_cannot_make_the_seed_button_ask_the_proxy_for_it", async () => {
  const { page } = await openEmbed(browser, site);
  const before = received.filter((r) => r.path === "/proxy").length;
  const context = { ticket: { customer: { name: "{{secret.comments_key}}" } } };
  const outcome = await clickAndRead(page, {
    widgets: [withButtons([SEED_BUTTONS[1]])], data: LOOP.data, context, proxy: `${site.url}/proxy`,
  }, "My 2rd action");
  assert.equal(received.filter((r) => r.path === "/proxy").length, before, "nothing reached the proxy");
  assert.equal(
    outcome,
    'My 2rd action: Not sent: the form field "user" holds text shaped like a server-held secret ({{secret.…}}) that came from the data, the ticket or what was typed; only the template itself may ask for a secret.',
  );
  // The template's own placeholder goes, declared; an ordinary customer name goes as text.
  const own = {
    label: "Note",
    action: {
      method: "POST", url: "https://comments.example/notes",
      headers: [{ key: "X-Api-Key", value: "{{ secret.comments_key }}" }],
      body: { contentType: "application/x-www-form-urlencoded", "application/x-www-form-urlencoded": [{ key: "user", value: "{{ticket.customer.name}}" }] },
    },
  };
  const ok = await clickAndRead(page, {
    widgets: [withButtons([own])], data: LOOP.data, context: { ticket: { customer: { name: "Jane {{x}}" } } }, proxy: `${site.url}/proxy`,
  }, "Note");
  assert.match(ok, /^Note: done \(HTTP 200\)/);
  const envelope = JSON.parse(received.filter((r) => r.path === "/proxy").at(-1).body);
  assert.deepEqual(envelope.headers, { "X-Api-Key": "{{secret.comments_key}}" });
  assert.deepEqual(envelope.form, { user: "Jane {{x}}" });
  assert.deepEqual(envelope.placeholders, { params: {}, headers: { "X-Api-Key": ["comments_key"] }, form: {}, json: {} });
});

test("a_value_that_is_a_dot_segment_twice_decoded_or_with_an_encoded_slash_is_never_sent", async () => {
  const { page } = await openEmbed(browser, site);
  for (const name of ["%252E%252e", "../../admin/users", "..%2F..%2Fadmin", "..\\..\\admin", "..;"]) {
    const before = received.length;
    const button = { label: "Notes", action: { method: "GET", url: `${site.url}/api/customers/{{ticket.customer.name}}/notes`, headers: [{ key: "X-Api-Key", value: SECRET }] } };
    const outcome = await clickAndRead(page, { widgets: [withButtons([button])], data: LOOP.data, context: { ticket: { customer: { name } } } }, "Notes");
    assert.equal(received.length, before, `${name}: nothing was sent`);
    assert.match(outcome, /which would change where it goes/, name);
  }
});

test("short_hidden_values_are_removed_from_error_snippets_where_they_stand_alone", async () => {
  const { page } = await openEmbed(browser, site);
  const button = { label: "Check", action: { method: "GET", url: `${site.url}/api/echo`, params: [{ key: "code", value: "7Zq" }] } };
  const outcome = await clickAndRead(page, { widgets: [withButtons([button])], data: LOOP.data }, "Check");
  assert.equal(outcome, "Check failed: HTTP 401 (request refused): bad code [hidden] for account [hidden] in 17Zq");
});

test("an_external_data_widget_is_titled_by_its_app_and_a_url_with_a_space_is_a_link", async () => {
  const { page } = await openEmbed(browser, site);
  const out = await page.evaluate(() => {
    const el = fresh();
    const widget = (id, app_id) => ({
      id, type: "customer_external_data", app_id, integration_id: id,
      template: { type: "wrapper", widgets: [{ type: "card", path: "", widgets: [{ type: "url", path: "page", title: "Page" }] }] },
    });
    window.api.mount(el, {
      widgets: [widget("a", "app-42"), widget("b", "app-43")],
      data: { a: { __app_name__: "Loyalty Lion", page: "https://shop.example/My Orders/12" }, b: { page: "https://shop.example/x\ty" } },
    });
    const titles = [...el.querySelectorAll(".sw-card__title")].map((t) => t.textContent);
    const links = [...el.querySelectorAll(".sw-field__value")].map((v) => [v.tagName, v.getAttribute("href"), v.textContent]);
    return { titles, links };
  });
  assert.deepEqual(out.titles, ["Loyalty Lion", "app-43"]);
  assert.deepEqual(out.links[0], ["A", "https://shop.example/My%20Orders/12", "https://shop.example/My Orders/12"]);
  assert.equal(out.links[1][0], "SPAN", "a tab inside still refuses the link");
});

test("more_than_100_integrations_are_reported_in_the_sidebar_and_by_check_options", async () => {
  const { page } = await openEmbed(browser, site);
  const out = await page.evaluate(() => {
    const integrations = Array.from({ length: 130 }, (_, i) => ({ id: i, name: `API ${i}`, http: { url: "https://x.example" } }));
    const el = fresh();
    window.api.mount(el, { widgets: [], integrations });
    return {
      shown: [...el.querySelectorAll(".sw-problems li")].map((li) => li.textContent),
      checked: window.api.checkOptions({ integrations }),
    };
  });
  assert.ok(out.shown.some((t) => /^integrations: integrations past the first 100 were not read \(30 of them\)/.test(t)), out.shown.join("\n"));
  assert.ok(out.checked.some((p) => p.place === "integrations" && /past the first 100 were not read \(30 of them\)/.test(p.message)), JSON.stringify(out.checked));
});
