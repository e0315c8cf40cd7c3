// End-to-end (issue 9): the release sidebar in headless Chromium with `proxy` set, the real
// sidebar-widgets-proxy binary in the middle, and a fake upstream on 127.0.0.1. The integration's
// data and the seed's two buttons go through the proxy; the upstream receives the server-held
// keys; nothing the browser sent, received or rendered contains them.
// Needs the proxy binary: `cargo build -p sidebar-widgets-proxy` (scripts/test.sh builds it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const LOOP = JSON.parse(fs.readFileSync(path.join(root, "demo/loop-returns.json"), "utf8"));
const SEED_BUTTONS = JSON.parse(fs.readFileSync(path.join(root, "tests/fixtures/seed-buttons.json"), "utf8"));
const BIN = process.env.PROXY_BIN
  || path.join(process.env.CARGO_TARGET_DIR || path.join(root, "target"), "debug", "sidebar-widgets-proxy");

const KEYS = { LOOP_API_KEY: "loop_live_5f0c1e7a9b", MANUEL_KEY: "manuel_8d2b44e1c0", COMMENTS_KEY: "comments_6a9f3d21b7" };
const TOKEN = "agent-token-0123456789abcdef";

const upstreamLog = [];
let upstream, site, proxy, proxyUrl, browser;

const freePort = () => new Promise((resolve) => {
  const s = http.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

before(async () => {
  upstream = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      upstreamLog.push({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body });
      const authorised = req.headers["x-authorization"] === KEYS.LOOP_API_KEY;
      res.writeHead(url.pathname.startsWith("/api/v2/returns") && !authorised ? 401 : 200, { "content-type": "application/json" });
      res.end(url.pathname.startsWith("/api/v2/returns")
        ? JSON.stringify(authorised ? LOOP.data["123"] : { error: `bad key ${req.headers["x-authorization"]}` })
        // APIs echo what they got: the proxy must strip the keys from what comes back.
        : JSON.stringify({ ok: true, echo: req.headers }));
    });
  });
  await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
  const up = `http://127.0.0.1:${upstream.address().port}`;
  site = await serveEmbed();
  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}/forward`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-proxy-"));
  const config = path.join(dir, "proxy.toml");
  fs.writeFileSync(config, `
listen = "127.0.0.1:${port}"
allowed_origins = ["${site.url}"]
[auth]
static_tokens = ["env:TEST_PROXY_TOKEN"]
[[upstreams]]
name = "loop"
origin = "${up}"
path_prefix = "/api/v2/"
methods = ["GET"]
allow_private = true
[[upstreams]]
name = "manuel"
origin = "${up}"
path_prefix = "/posts"
methods = ["GET"]
allow_private = true
[[upstreams]]
name = "comments"
origin = "${up}"
path_prefix = "/comments"
methods = ["POST"]
headers = { "X-Api-Key" = "{{secret.comments_key}}" }
allow_private = true
[secrets.loop_api_key]
value = "env:LOOP_API_KEY"
upstreams = ["loop"]
[secrets.manuel_key]
value = "env:MANUEL_KEY"
upstreams = ["manuel"]
[secrets.comments_key]
value = "env:COMMENTS_KEY"
upstreams = ["comments"]
`);
  assert.ok(fs.existsSync(BIN), `the proxy binary is missing: ${BIN} (cargo build -p sidebar-widgets-proxy)`);
  // RUST_LOG: its default, whatever the caller's environment says (the test reads the access log).
  proxy = spawn(BIN, ["--config", config], { env: { ...process.env, ...KEYS, TEST_PROXY_TOKEN: TOKEN, RUST_LOG: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  proxy.logs = "";
  proxy.stdout.on("data", (d) => (proxy.logs += d));
  proxy.stderr.on("data", (d) => (proxy.logs += d));
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
  site.upstream = up;
});
after(async () => {
  await browser?.close();
  proxy?.kill("SIGTERM");
  await site?.close();
  await new Promise((r) => {
    if (!upstream) return r();
    upstream.close(r);
    upstream.closeAllConnections();
  });
});

test("through the proxy: Loop Returns data and the seed's two buttons, the keys only on the server", async () => {
  const { page, errors } = await openEmbed(browser, site);
  const seen = [];
  page.on("request", (r) => seen.push({ url: r.url(), headers: JSON.stringify(r.headers()), body: r.postData() || "" }));
  page.on("response", async (r) => { try { seen.push({ url: r.url(), body: await r.text() }); } catch { /* no body */ } });
  const up = site.upstream;
  const buttons = structuredClone(SEED_BUTTONS);
  buttons[0].action.url = `${up}/posts`;
  buttons[0].action.headers[0] = { key: "cryptic_key", label: "Secret key", value: "{{secret.manuel_key}}", editable: false, mandatory: true };
  buttons[1].action.url = `${up}/comments`;
  const widget = structuredClone(LOOP.widgets[0]);
  widget.template.widgets[0].meta.custom = { buttons };
  const options = {
    widgets: [widget],
    integrations: [{ ...LOOP.integrations[0], http: { ...LOOP.integrations[0].http,
      url: `${up}/api/v2/returns?from=2010-01-01&to=2050-01-01&customer_email={{ticket.customer.email}}`,
      headers: { "X-Authorization": "{{secret.loop_api_key}}" } } }],
    context: LOOP.context,
    proxy: proxyUrl,
    proxyToken: TOKEN,
  };
  const out = await page.evaluate(async (options) => {
    const el = fresh();
    const events = [];
    el.addEventListener("sidebar-widgets:action", (e) => events.push(e.detail));
    window.api.mount(el, options);
    for (let i = 0; i < 400 && !el.querySelector(".sw-card__title"); i++) await new Promise((r) => setTimeout(r, 50));
    for (const b of el.querySelectorAll(".sw-action--button")) b.click();
    for (let i = 0; i < 400 && el.querySelectorAll(".sw-outcome").length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    return {
      title: el.querySelector(".sw-list .sw-card__title")?.textContent,
      outcomes: [...el.querySelectorAll(".sw-outcome")].map((o) => o.textContent),
      events,
      html: document.documentElement.outerHTML,
    };
  }, options);
  assert.equal(out.title, "Return #1001: open", "the data came through the proxy");
  assert.deepEqual(out.outcomes, ["My 1st action: done (HTTP 200)", "My 2rd action: done (HTTP 200)"]);
  // Both buttons are clicked at once: their events (and the proxy's log lines) come in the order
  // the answers do, which a loaded machine may swap.
  const sorted = (rows) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  assert.deepEqual(sorted(out.events.map((e) => [e.method, e.url])), sorted([["GET", `${up}/posts`], ["POST", `${up}/comments`]]));

  // The upstream received the server-held keys, and the customer's email in the query.
  const got = (p) => upstreamLog.find((r) => r.path === p);
  assert.equal(got("/api/v2/returns").headers["x-authorization"], KEYS.LOOP_API_KEY);
  assert.match(got("/api/v2/returns").query, /customer_email=jane\.doe%2Breturns%40example\.com/);
  assert.equal(got("/posts").headers.cryptic_key, KEYS.MANUEL_KEY);
  assert.equal(got("/comments").headers["x-api-key"], KEYS.COMMENTS_KEY);
  assert.equal(got("/comments").body, "user=Jane+Doe");

  // The browser talked to the proxy only, and never saw a key: not in what it sent, what it
  // received (the upstream echoes its headers), the page, the events or the console.
  assert.ok(seen.filter((s) => s.headers).every((s) => !s.url.startsWith(up)), "no request went around the proxy");
  const everything = [JSON.stringify(seen), out.html, JSON.stringify(out.events), errors.join("\n")].join("\n");
  for (const key of Object.values(KEYS)) assert.ok(!everything.includes(key), `${key.split("_")[0]} key stays on the server`);
  assert.ok(seen.some((s) => s.body && s.body.includes("{{secret.loop_api_key}}")), "the browser sent the placeholder");
  assert.deepEqual(errors, []);
  // The proxy's log: it started, and logged each of the three calls it forwarded (the lines may
  // arrive a little after the answers), yet holds no key.
  const logged = () => proxy.logs.split("\n").filter((l) => l.trim()).map((l) => {
    try { return JSON.parse(l); } catch { return { unparsed: l }; }
  });
  const forwarded = () => logged().filter((l) => l.fields?.message === "forwarded")
    .map((l) => [l.fields.method, new URL(l.fields.url).pathname, l.fields.upstream, l.fields.status]);
  for (let i = 0; i < 200 && forwarded().length < 3; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(logged().some((l) => l.fields?.message === "sidebar-widgets-proxy listening"), `the proxy logged its start:\n${proxy.logs}`);
  assert.deepEqual(sorted(forwarded()), sorted([["GET", "/api/v2/returns", "loop", 200], ["GET", "/posts", "manuel", 200], ["POST", "/comments", "comments", 200]]),
    `the proxy logged the calls it forwarded:\n${proxy.logs}`);
  for (const key of Object.values(KEYS)) assert.ok(!proxy.logs.includes(key), "the proxy's log holds no key");
});

test("a customer named {{secret.comments_key}}: the sidebar refuses, and the proxy refuses an envelope that does not declare it", async () => {
  const { page } = await openEmbed(browser, site);
  const up = site.upstream;
  const buttons = structuredClone(SEED_BUTTONS);
  buttons[1].action.url = `${up}/comments`;
  const widget = structuredClone(LOOP.widgets[0]);
  widget.template.widgets[0].meta.custom = { buttons: [buttons[1]] };
  const before = upstreamLog.length;
  const outcome = await page.evaluate(async ([widget, data, proxy, token]) => {
    const el = fresh();
    const context = { ticket: { customer: { name: "{{secret.comments_key}}" } } };
    window.api.mount(el, { widgets: [widget], data, context, proxy, proxyToken: token });
    el.querySelector(".sw-action--button").click();
    for (let i = 0; i < 400 && !el.querySelector(".sw-outcome"); i++) await new Promise((r) => setTimeout(r, 50));
    return el.querySelector(".sw-outcome")?.textContent;
  }, [widget, LOOP.data, proxyUrl, TOKEN]);
  assert.match(outcome, /the form field "user" holds text shaped like a server-held secret/);
  // A caller other than the sidebar that sends the same envelope without declaring it: the real
  // proxy refuses it, and the upstream never sees the key.
  const envelope = { method: "POST", url: `${up}/comments`, params: {}, headers: {}, json: null,
    form: { user: "{{secret.comments_key}}" }, content_type: "application/x-www-form-urlencoded" };
  const refused = await fetch(proxyUrl, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(envelope) });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /did not write/);
  // Declared where the template wrote it, it is filled in.
  const declared = { ...envelope, form: { user: "Jane" }, headers: { "X-Note": "{{secret.comments_key}}" }, placeholders: { headers: { "X-Note": ["comments_key"] } } };
  const filled = await fetch(proxyUrl, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(declared) });
  assert.equal(filled.status, 200);
  const received = upstreamLog.slice(before);
  assert.equal(received.length, 1, "only the declared call reached the upstream");
  assert.equal(received[0].headers["x-note"], KEYS.COMMENTS_KEY);
  assert.equal(received[0].body, "user=Jane");
  assert.ok(!JSON.stringify(received).includes(`user=${KEYS.COMMENTS_KEY}`));
});
