// What the extension keeps in chrome.storage.local (readable by its own pages and service worker
// only: background.js restricts the area to trusted contexts), shared by the side panel and the
// options page:
//   config:        the sidebar's mount options (widgets, integrations, data, context, view, theme,
//                  proxy, ...); when absent, the bundled default-config.json (the Loop Returns example)
//   configUrl:     where to load the configuration from (the panel refreshes `config` from it each
//                  time it opens, and keeps the saved copy when it cannot): https, or plain http to
//                  this computer only (configUrlProblem), checked again before every request
//   configLoadedAt: when `config` was last loaded from configUrl (ms since the epoch)
//   origins:       the helpdesk origins the agent configured (["https://acme.gorgias.com"]): the only
//                  pages the panel reads, with the host access Chrome granted for them
//   selectors:     the CSS selectors the page is read with ({email, ticketId, name})
//   playgroundUrl: the demo playground's address, to open a widget's template there

export const DEFAULT_SELECTORS = Object.freeze({
  email: '[data-customer-email], .customer-email, [itemprop="email"]',
  ticketId: "[data-ticket-id], .ticket-id",
  name: "[data-customer-name], .customer-name",
});

/** The demo page that `bash scripts/demo.sh` serves. */
export const DEFAULT_PLAYGROUND_URL = "http://127.0.0.1:8080/";

export async function defaultConfig() {
  const res = await fetch(chrome.runtime.getURL("default-config.json"));
  if (!res.ok) throw new Error(`default-config.json: HTTP ${res.status}`);
  return res.json();
}

/** Everything stored, with defaults: {config, stored, configUrl, configLoadedAt, origins, selectors, playgroundUrl}. */
export async function loadSettings() {
  const got = await chrome.storage.local.get(["config", "configUrl", "configLoadedAt", "origins", "selectors", "playgroundUrl"]);
  const stored = isObject(got.config);
  return {
    config: stored ? got.config : await defaultConfig(),
    stored,
    configUrl: typeof got.configUrl === "string" ? got.configUrl : "",
    configLoadedAt: typeof got.configLoadedAt === "number" ? got.configLoadedAt : null,
    origins: Array.isArray(got.origins) ? got.origins.filter((o) => typeof o === "string") : [],
    selectors: selectorsFrom(got.selectors),
    playgroundUrl: typeof got.playgroundUrl === "string" && got.playgroundUrl ? got.playgroundUrl : DEFAULT_PLAYGROUND_URL,
  };
}

/** The selectors, each falling back to its default when not set. */
function selectorsFrom(selectors) {
  const out = { ...DEFAULT_SELECTORS };
  for (const key of Object.keys(out)) {
    const value = selectors?.[key];
    if (typeof value === "string" && value.trim()) out[key] = value.trim();
  }
  return out;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The problems with a configuration, as `[{place, message}]` (empty when it is usable): exactly
 * what SidebarWidgets.mount would show, from the sidebar's own model (checkOptions). Needs the
 * bundle loaded.
 */
export function configProblems(config) {
  if (!isObject(config)) return [{ place: "", message: "The configuration must be a JSON object ({ ... })." }];
  return window.SidebarWidgets.checkOptions(config) || [];
}

/** The widget a problem belongs to (its place starts with widgets[i]), or null. */
export function widgetIndexOf(problem) {
  const m = /^widgets\[(\d+)\]/.exec(problem.place || "");
  return m ? Number(m[1]) : null;
}

/** "https://Acme.Gorgias.com/" -> {origin: "https://acme.gorgias.com"}, or {error}. */
export function parseOrigin(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: `"${text.trim()}" is not an address (write it as https://acme.gorgias.com).` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { error: `"${text.trim()}" is not an http(s) address.` };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || url.username || url.password) {
    return { error: `"${text.trim()}" is more than an origin: write only https://host (and :port).` };
  }
  return { origin: url.origin };
}

/** The host permission pattern for an origin ("https://acme.gorgias.com/*"). */
export const originPattern = (origin) => origin + "/*";

/** The origin of a URL, or null. */
export function originOf(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** The host names of this computer, where a configuration may be loaded over plain http. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Why the configuration may not be loaded from `url`, or "" when it may. The configuration decides
 * which APIs the sidebar calls with the agent's context and which headers it sends them, so it is
 * loaded only over https, where nobody on the network can read or change it on the way; plain
 * http only from this computer (http://127.0.0.1, http://localhost, http://[::1], any port).
 */
export function configUrlProblem(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not an http(s) address.`;
  }
  if (u.protocol === "https:") return "";
  if (u.protocol !== "http:") return `"${url}" is not an http(s) address.`;
  if (LOOPBACK_HOSTS.has(u.hostname)) return "";
  return `${u.origin} is plain http: the configuration is loaded only over https (plain http only from this ` +
    "computer: http://127.0.0.1, http://localhost or http://[::1]). Use its https:// address.";
}

/**
 * Loads a configuration from its URL: only an address configUrlProblem accepts (anything else is
 * refused without a request), fetched without cookies or redirects, as JSON, and checked with the
 * sidebar's model. Resolves to {config} or {error} (a sentence).
 */
export async function fetchConfig(url) {
  const refused = configUrlProblem(url);
  if (refused) return { error: refused.replace(/\.$/, "") };
  let res;
  try {
    res = await fetch(url, { credentials: "omit", redirect: "error", cache: "no-cache", referrerPolicy: "no-referrer" });
  } catch {
    return { error: `${url} could not be reached (network, or a redirect, which is not followed)` };
  }
  if (!res.ok) return { error: `${url} answered HTTP ${res.status}` };
  let config;
  try {
    config = await res.json();
  } catch {
    return { error: `${url} did not answer JSON` };
  }
  const problems = configProblems(config);
  if (problems.length) return { error: `the configuration at ${url} has errors: ${problems.map((p) => (p.place ? p.place + ": " : "") + p.message).join("; ")}`, problems, config };
  return { config };
}

/** The problem with a CSS selector list, or "" when the browser accepts it. */
export function selectorProblem(selector) {
  if (!selector.trim()) return "";
  try {
    document.createDocumentFragment().querySelector(selector);
    return "";
  } catch {
    return `"${selector}" is not a valid CSS selector.`;
  }
}
