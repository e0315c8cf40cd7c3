// Fuzzing the JavaScript API, seeded and bounded (issue 8): random templates, data, contexts and
// odd host values (Symbols, functions, BigInts, cycles, throwing getters and proxies, lone
// surrogates, NaN, deep nesting), mounted, updated, triggered and clicked through, against the
// embeddable release bundle, where a panic aborts the WebAssembly instance. Asserts that nothing
// throws for a bad widget, nothing is uncaught, and a known-good widget still mounts afterwards.
//   FUZZ_SEED=… FUZZ_INPUTS=… node --test tests/e2e/fuzz.test.mjs   to explore further
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOP = JSON.parse(fs.readFileSync(path.join(here, "../../demo/loop-returns.json"), "utf8"));
const SEED = Number(process.env.FUZZ_SEED || 20261127);
const INPUTS = Number(process.env.FUZZ_INPUTS || 1200);
const BATCH = 100;

let site, browser;
before(async () => {
  site = await serveEmbed((req, res) => {
    const url = new URL(req.url, "http://x");
    if (!url.pathname.startsWith("/fuzz/")) return false;
    // Answers chosen by the path: JSON, broken JSON, an error status, or a hang cut by the timeout.
    const kind = url.pathname.split("/")[2];
    const bodies = {
      json: '{"status": "ok", "data": [{"id": 1, "state": "open", "n": 3}, {"id": "1", "state": null}]}',
      broken: '{"status": "ok", "data": [',
      surrogate: '{"s": "\\ud83d", "data": ["\\udc00"]}',
      deep: "[".repeat(5000) + "]".repeat(5000),
      html: "<html>nope</html>",
    };
    if (kind === "hang") return true;
    const status = kind === "error" ? 500 : 200;
    res.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*" });
    res.end(bodies[kind] ?? bodies.json);
    return true;
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

/** Runs in the page: `count` random inputs from `state` (the generator's state); returns what happened. */
async function batch([state, count, base]) {
  let s = state >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(rand() * n);
  const pick = (xs) => xs[int(xs.length)];
  const maybe = (p, f) => (rand() < p ? f() : undefined);

  const STRINGS = ["", " ", "x", "Ada", "\ud83d", "caf\udc00", "{{name}}", "{{ ticket.customer.email }}", "{{secret.k}}",
    "{{ missing | fallback(\"-\") }}", "{{at|datetime_format(\"MMMM d YYYY\")}}", "javascript:alert(1)", "https://x.example/{{id}}",
    "h\u0001ttps:/../admin", "..", "%2e%2e", ".", "<img src=x onerror=alert(1)>", "1000-R", "999", "1e309", "-0", "NaN",
    "2024-03-05T14:05:09Z", "1709647509", ":cart: Orders", "a".repeat(5000), "é🎉", "red;background:url(x)", "#abc", "mailto:a@b.co"];
  const KEYS = ["id", "name", "state", "data", "status", "n", "at", "items", "__proto__", "", "a.b", "customer", "current_user", "0"];
  const TYPES = ["wrapper", "card", "list", "text", "boolean", "date", "age", "url", "email", "array", "sentiment", "rating",
    "points", "percent", "hologram", "", null, 5];

  function odd() {
    const cycle = {}; cycle.self = cycle;
    return pick([Symbol("s"), () => 1, 10n, cycle, { get x() { throw new Error("getter"); } },
      new Proxy({}, { ownKeys() { throw new Error("keys"); }, get() { throw new Error("get"); } }),
      NaN, Infinity, -0, new Date(0), new Map(), undefined]);
  }
  function value(depth) {
    const r = rand();
    if (r < 0.04) return odd();
    if (r < 0.12) return null;
    if (r < 0.2) return rand() < 0.5;
    if (r < 0.35) return pick([0, 1, -1, 3.5, 1e21, 9007199254740993, 985 + int(30), -1e-7]);
    if (r < 0.65 || depth > 4) return pick(STRINGS);
    if (r < 0.8) return Array.from({ length: int(5) }, () => value(depth + 1));
    const o = {};
    for (let i = int(5); i > 0; i--) o[pick(KEYS)] = value(depth + 1);
    return o;
  }
  function action() {
    const item = () => ({ key: pick(["k", "api_key", "X-Key", "", "a b"]), label: pick(["", "Key", "{{name}}"]),
      value: pick(STRINGS), editable: rand() < 0.5, mandatory: rand() < 0.3, type: pick(["text", "dropdown", undefined]) });
    return { method: pick(["GET", "POST", "put", "DELETE", "TRACE", 5, undefined]),
      url: pick([base + "/fuzz/json", base + "/fuzz/error", base + "/fuzz/hang", "{{url}}/x", ...STRINGS]),
      params: maybe(0.8, () => Array.from({ length: int(3) }, item)) ?? pick([5, {}]),
      headers: maybe(0.8, () => Array.from({ length: int(3) }, item)),
      body: maybe(0.5, () => ({ contentType: pick(["application/json", "application/x-www-form-urlencoded", "text/xml"]),
        "application/json": value(2), "application/x-www-form-urlencoded": Array.from({ length: int(3) }, item) })) };
  }
  function meta() {
    const m = {};
    if (rand() < 0.3) m.color = pick(STRINGS);
    if (rand() < 0.3) m.link = pick(STRINGS);
    if (rand() < 0.2) m.pictureUrl = pick(STRINGS);
    if (rand() < 0.2) m.displayCard = pick([true, false, "false", 0]);
    if (rand() < 0.3) m.limit = pick(["", 0, 1, "2", 50, -1, "x", 1e9]);
    if (rand() < 0.3) m.orderBy = pick(["n", "-n", "+state", "", "-", "a.b", "id"]);
    if (rand() < 0.2) m.hideIfEmpty = pick([true, "true", 1]);
    if (rand() < 0.25) m.custom = { links: Array.from({ length: int(3) }, () => ({ label: pick(STRINGS), url: pick(STRINGS) })),
      buttons: Array.from({ length: int(3) }, () => (rand() < 0.9 ? { label: pick(STRINGS), action: action() } : value(1))) };
    return rand() < 0.05 ? value(1) : m;
  }
  function node(depth) {
    if (rand() < 0.03) return value(1);
    const n = { type: pick(TYPES) };
    if (rand() < 0.6) n.title = pick(STRINGS);
    if (rand() < 0.7) n.path = pick([...KEYS, "data", "items[0]", "a.b.c", "[-1]", ""]);
    if (rand() < 0.2) n.order = pick([0, 1, 2, "x", -1, NaN]);
    if (rand() < 0.7) n.meta = meta();
    if (depth < 5 && rand() < 0.7) n.widgets = rand() < 0.05 ? value(1) : Array.from({ length: int(4) }, () => node(depth + 1));
    return n;
  }
  function options() {
    const o = {};
    if (rand() < 0.95) o.widgets = rand() < 0.05 ? value(1) : Array.from({ length: 1 + int(3) }, (_, i) => (rand() < 0.05 ? odd() : {
      id: pick([i, "w" + i, null, i]), context: pick(["ticket", "customer", "user", undefined]), integration_id: pick([1, 2, "1", 3]),
      order: pick([0, 1, undefined, "x"]), template: rand() < 0.9 ? { type: "wrapper", meta: meta(), widgets: Array.from({ length: 1 + int(3) }, () => node(1)) } : node(0) }));
    if (rand() < 0.5) o.integrations = [1, 2, 3].map((id) => ({ id, name: pick(STRINGS), http: { url: pick([`${base}/fuzz/${pick(["json", "broken", "surrogate", "deep", "html", "error", "hang"])}`, ...STRINGS]),
      method: pick(["GET", "POST", undefined]), headers: maybe(0.5, () => ({ "X-Key": pick(STRINGS) })), form: maybe(0.3, () => value(2)),
      triggers: { "ticket-updated": rand() < 0.5 } } }));
    if (rand() < 0.8) o.data = rand() < 0.05 ? odd() : { 1: value(0), 2: { data: Array.from({ length: int(30) }, () => value(1)), n: value(1) } };
    if (rand() < 0.7) o.context = rand() < 0.1 ? odd() : { ticket: value(0), customer: value(0), current_user: value(0) };
    for (const k of ["view", "theme", "proxy", "proxyToken", "actionProxy", "locale", "actionTimeout"]) {
      if (rand() < 0.15) o[k] = pick([...STRINGS, 300, odd(), "fr", "de-CH", "es_MX", "ticket", "dark"]);
    }
    if (rand() < 0.1) o.messages = rand() < 0.5 ? odd() : { more: pick(STRINGS), retry: 5 };
    return rand() < 0.03 ? pick([odd(), "{", "[]", 5, null]) : o;
  }

  const failures = [];
  let inputs = 0;
  for (let i = 0; i < count; i++) {
    const el = document.createElement("div");
    document.body.append(el);
    const step = (what, f) => {
      inputs++;
      try { return f(); } catch (e) { failures.push(`${what}: ${e && e.message}`); return undefined; }
    };
    const h = step("mount", () => window.api.mount(el, options()));
    if (h) {
      for (let u = int(4); u > 0; u--) step("update", () => h.update(options()));
      step("trigger", () => h.trigger(pick(["ticket-updated", "ticket_updated", "", 5])));
      // What an agent would click: toggles, "N more", buttons, Retry, copy; then submit a form.
      for (const c of [...el.querySelectorAll("[data-sw]")].slice(0, 12)) step("click", () => c.click());
      for (const f of el.querySelectorAll("form")) step("submit", () => f.requestSubmit());
      step("unmount", () => h.unmount());
      if (h.mounted) failures.push("still mounted after unmount");
    }
    el.remove();
  }
  return { state: s, failures, inputs };
}

test(`fuzzing mount, update, trigger and clicks with ${INPUTS} random inputs (seed ${SEED})`, async () => {
  const { page, errors } = await openEmbed(browser, site);
  const uncaught = [];
  page.on("pageerror", (e) => uncaught.push(String(e)));
  let state = SEED;
  let inputs = 0;
  const failures = [];
  for (let done = 0; done < INPUTS; done += BATCH) {
    const out = await page.evaluate(batch, [state, Math.min(BATCH, INPUTS - done), site.url]);
    state = out.state;
    inputs += out.inputs;
    failures.push(...out.failures);
  }
  // Answers still in flight (hangs, slow errors) settle after their sidebars are gone.
  await page.waitForTimeout(1500);
  const good = await page.evaluate((loop) => {
    const el = fresh();
    window.api.mount(el, loop);
    return el.querySelector(".sw-card__title")?.textContent;
  }, LOOP);
  console.log(`  ${INPUTS} random options sets, ${inputs} API calls and clicks (seed ${SEED})`);
  assert.deepEqual(failures, [], "nothing a host passes makes the API throw");
  assert.deepEqual(uncaught, [], "nothing is left uncaught (a panic would be a RuntimeError: unreachable)");
  assert.equal(good, "Loop Returns", "a known-good widget still mounts afterwards");
  assert.ok(!errors.some((e) => /unreachable|RuntimeError|recursive use/.test(e)), errors.filter((e) => /unreachable|RuntimeError|recursive/.test(e)).join("\n"));
});
