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
//              proxy    the actionProxy envelope: answers 200 with what it would have forwarded

export const MOCK_ORIGIN = "https://mock.sidebar-widgets.test";
export const mockUrl = (scope, behaviour, rest = "") => `${MOCK_ORIGIN}/${scope}/${behaviour}${rest}`;

const registry = new Map();
const flakyCalls = new Map();
const log = [];
const listeners = new Set();

/** The JSON that `ok`, `slow` and `flaky` answer for a scope. */
export function setMockData(scope, json) {
  registry.set(scope, json);
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
    case "proxy": {
      let envelope = null;
      try { envelope = JSON.parse(record.body || "null"); } catch { /* recorded as text */ }
      return json(200, { ok: true, forwarded: envelope && { method: envelope.method, url: envelope.url } }, 250);
    }
    default:
      return json(404, { error: `The mock has no behaviour "${behaviour}"` });
  }
}

async function mockFetch(request) {
  const url = new URL(request.url);
  const [, scope = "", behaviour = ""] = url.pathname.split("/");
  const headers = {};
  request.headers.forEach((v, k) => { headers[k] = v; });
  const record = {
    scope, at: new Date(), method: request.method, url: request.url, headers,
    body: ["GET", "HEAD"].includes(request.method) ? "" : await request.text(),
  };
  log.push(record);
  if (log.length > 500) log.shift();
  listeners.forEach((fn) => fn(scope));
  const out = answer(scope, behaviour, url, record);
  record.status = out ? out.status : "(no answer)";
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException("The request was aborted.", "AbortError"));
    if (request.signal?.aborted) return abort();
    request.signal?.addEventListener("abort", abort, { once: true });
    if (!out) return; // never answers
    setTimeout(() => {
      request.signal?.removeEventListener("abort", abort);
      resolve(new Response(out.body, {
        status: out.status,
        headers: { "content-type": out.body.startsWith("<") ? "text/html" : "application/json" },
      }));
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
