// The built-in mock server of the demo page. It wraps `window.fetch` and answers every request to
// https://mock.sidebar-widgets.test/ in the page itself, so that integrations and custom action
// buttons work without a server (and without the internet). Anything else goes to the real fetch.
//
// URL scheme: https://mock.sidebar-widgets.test/<scope>/<behaviour>[/<more>][?query]
//   scope      a story id (or "playground"): requests are logged per scope
//   behaviour  ok       200 with the JSON registered with `setMockData(scope, json)` (or an echo)
//              slow     like ok, after ?ms= milliseconds (default 2500)
//              never    never answers (a permanent loading state; honours the request's abort)
//              error    500 with a JSON error
//              flaky    500 the first time, then like ok (shows Retry working)
//              badjson  200 with a body that is not JSON
//              proxy    a stand-in for the host's proxy (sidebar-widgets-proxy, SPEC 3): takes the
//                       envelope {method, url, params, headers, form, json, content_type}, checks
//                       `Authorization: Bearer <token>` when the scope set one (setMockProxy), fills
//                       in the {{secret.NAME}} placeholders it holds, and answers as the upstream
//                       would: an upstream on this mock origin really gets the request (logged as
//                       "sent by the proxy", secrets masked); any other one (the internet is out of
//                       reach) answers 200 {ok, forwarded: {method, url}}
//              upstream an API that only the proxy can call: 401 unless its X-Authorization is the
//                       key the proxy holds; then like ok (GET) or 200 {ok: true} (other methods)

export const MOCK_ORIGIN = "https://mock.sidebar-widgets.test";
export const mockUrl = (scope, behaviour, rest = "") => `${MOCK_ORIGIN}/${scope}/${behaviour}${rest}`;

const registry = new Map();
const proxies = new Map();
/**
 * The secrets the stand-in proxy holds, by name, as a server would hold them; the sidebar and its
 * options never see them, and the log shows them masked.
 */
const PROXY_SECRETS = { loop_api_key: "sk_demo_9f2c41e7_held_by_the_proxy" };
const SECRET = /\{\{\s*secret\.([A-Za-z0-9_]+)\s*\}\}/g;
const flakyCalls = new Map();
const log = [];
const listeners = new Set();

/** The JSON that `ok`, `slow` and `flaky` answer for a scope. */
export function setMockData(scope, json) {
  registry.set(scope, json);
}

/** How the stand-in proxy of a scope behaves: {token} (the proxyToken it requires). */
export function setMockProxy(scope, settings) {
  proxies.set(scope, settings);
}

/** Forget a scope's requests and its flaky counter (a story re-mounts from a clean slate). */
export function resetScope(scope) {
  flakyCalls.delete(scope);
  for (let i = log.length - 1; i >= 0; i--) if (log[i].scope === scope) log.splice(i, 1);
  listeners.forEach((fn) => fn(scope));
}

/** The requests the mock received for a scope, oldest first. */
export function requestsFor(scope) {
  return log.filter((r) => r.scope === scope);
}

/** `fn(scope)` after each request the mock receives. Returns an unsubscribe function. */
export function onRequest(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const json = (status, body, delay = 0) => ({ status, body: JSON.stringify(body), delay });

function answer(scope, behaviour, url, record) {
  const data = registry.has(scope) ? registry.get(scope) : undefined;
  switch (behaviour) {
    case "ok":
      return json(200, data !== undefined ? data : { ok: true, received: { method: record.method, path: url.pathname } });
    case "slow":
      return json(200, data !== undefined ? data : { ok: true }, Number(url.searchParams.get("ms")) || 2500);
    case "never":
      return null;
    case "error":
      return json(500, { error: url.searchParams.get("reason") || "Internal server error (mock)" }, 300);
    case "flaky": {
      const n = (flakyCalls.get(scope) || 0) + 1;
      flakyCalls.set(scope, n);
      return n % 2 === 1 ? json(500, { error: "Upstream timed out (mock): press Retry" }, 400) : json(200, data !== undefined ? data : { ok: true }, 400);
    }
    case "badjson":
      return { status: 200, body: "<html><body>Maintenance</body></html>", delay: 200 };
    case "proxy":
      return proxy(scope, record);
    case "upstream": {
      if (record.realHeaders["x-authorization"] !== PROXY_SECRETS.loop_api_key) {
        return json(401, { error: "Missing or wrong X-Authorization: this API is reached only through the proxy, which holds the key" }, 150);
      }
      return json(200, record.method === "GET" && data !== undefined ? data : { ok: true }, 150);
    }
    default:
      return json(404, { error: `The mock has no behaviour "${behaviour}"` });
  }
}

const mask = (text) => String(text).replace(/sk_demo_\w+/g, "•••••• (filled in by the proxy)");

/**
 * The stand-in proxy. Its own refusals carry `X-Sidebar-Proxy-Error: 1`, as the real one's do;
 * otherwise it answers with the upstream's status and body.
 */
async function proxy(scope, record) {
  const own = (status, error) => ({ ...json(status, { error }, 100), proxyError: true });
  const settings = proxies.get(scope) || {};
  if (settings.token && record.realHeaders.authorization !== `Bearer ${settings.token}`) {
    return own(401, "The proxy needs Authorization: Bearer <proxyToken>");
  }
  let env;
  try { env = JSON.parse(record.body); } catch { return own(400, "The envelope is not JSON"); }
  if (!env || typeof env.url !== "string" || !/^https?:\/\//.test(env.url)) return own(400, "The envelope needs an absolute http(s) url");
  if (SECRET.test(env.url)) { SECRET.lastIndex = 0; return own(400, "Secrets are not allowed in the url"); }
  let unknown = null;
  const fill = (v) => (typeof v === "string" ? v.replace(SECRET, (m, name) => {
    if (Object.hasOwn(PROXY_SECRETS, name)) return PROXY_SECRETS[name];
    unknown = name;
    return m;
  }) : v);
  const fillAll = (v) => (Array.isArray(v) ? v.map(fillAll) : v && typeof v === "object"
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillAll(x)])) : fill(v));
  const headers = fillAll(env.headers || {});
  const params = fillAll(env.params || {});
  const form = env.form == null ? null : fillAll(env.form);
  const body = env.json == null ? null : fillAll(env.json);
  if (unknown) return own(400, `The proxy holds no secret named "${unknown}"`);
  const method = String(env.method || "GET").toUpperCase();
  if (!env.url.startsWith(MOCK_ORIGIN + "/")) {
    // The internet is out of reach: answer as a button's upstream would.
    return json(200, { ok: true, forwarded: { method, url: env.url } }, 250);
  }
  const url = new URL(env.url);
  for (const [k, v] of Object.entries(params)) if (v != null) url.searchParams.append(k, String(v));
  const init = { method, headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v != null).map(([k, v]) => [k, String(v)])) };
  if (["POST", "PUT", "PATCH"].includes(method)) {
    const formBody = env.content_type === "application/x-www-form-urlencoded" || (env.content_type == null && form != null);
    if (formBody) {
      init.body = new URLSearchParams(Object.entries(form || {}).filter(([, v]) => v != null).map(([k, v]) => [k, String(v)])).toString();
      init.headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (body != null) {
      init.body = JSON.stringify(body);
      init.headers["content-type"] = "application/json";
    }
  }
  const res = await mockFetch(new Request(url, init), { via: "proxy" });
  return { status: res.status, body: await res.text(), delay: 0 };
}

async function mockFetch(request, { via = null } = {}) {
  const url = new URL(request.url);
  const [, scope = "", behaviour = ""] = url.pathname.split("/");
  const realHeaders = {};
  request.headers.forEach((v, k) => { realHeaders[k] = v; });
  // What the log shows: what was received, with the proxy's secrets masked.
  const headers = Object.fromEntries(Object.entries(realHeaders).map(([k, v]) => [k, mask(v)]));
  const body = ["GET", "HEAD"].includes(request.method) ? "" : await request.text();
  const record = { scope, at: new Date(), method: request.method, url: request.url, headers, body: mask(body), via };
  Object.defineProperty(record, "realHeaders", { value: realHeaders, enumerable: false });
  Object.defineProperty(record, "realBody", { value: body, enumerable: false });
  log.push(record);
  if (log.length > 500) log.shift();
  listeners.forEach((fn) => fn(scope));
  const out = await answer(scope, behaviour, url, { ...record, body, realHeaders });
  record.status = out ? out.status : "(no answer)";
  listeners.forEach((fn) => fn(scope));
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException("The request was aborted.", "AbortError"));
    if (request.signal?.aborted) return abort();
    request.signal?.addEventListener("abort", abort, { once: true });
    if (!out) return; // never answers
    setTimeout(() => {
      request.signal?.removeEventListener("abort", abort);
      const headers = { "content-type": out.body.startsWith("<") ? "text/html" : "application/json" };
      if (out.proxyError) headers["x-sidebar-proxy-error"] = "1";
      resolve(new Response(out.body, { status: out.status, headers }));
    }, out.delay);
  });
}

/** Installs the mock (once). */
export function installMock() {
  if (window.fetch.__sidebarWidgetsMock) return;
  const realFetch = window.fetch;
  const wrapped = function fetch(input, init) {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(MOCK_ORIGIN + "/")) {
      try {
        return mockFetch(new Request(input, init));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return realFetch.call(window, input, init);
  };
  wrapped.__sidebarWidgetsMock = true;
  window.fetch = wrapped;
}
