// The side panel: mounts the sidebar with the configuration (from its URL when one is set, else
// the saved one, else the bundled default) and the context of the active tab, read on demand by
// page-reader.js when that tab is one of the configured helpdesk origins, or of the email the
// agent typed. Other pages are never read: the panel says so and uses the configuration's context.
import init from "./sidebar-widgets.js";
import { loadSettings, fetchConfig, originOf, originPattern } from "./settings.js";
import { readTab } from "./page-reader.js";

const $ = (id) => document.getElementById(id);
const state = {
  settings: null,   // loadSettings(): config, stored, configUrl, configLoadedAt, origins, selectors
  refresh: null,    // what loading the configuration from its URL did when the panel opened
  ungranted: [],    // configured origins Chrome has not granted access to
  page: null,       // page-reader's answer, or {error}
  typed: "",        // an email the agent typed, which wins over the page's
  handle: null,
};

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
}

/** The context handed to the sidebar, with where it came from: "typed", "page" or "config". */
function currentContext() {
  const config = state.settings.config;
  const base = config.context && typeof config.context === "object" ? config.context : {};
  const page = state.page && !state.page.error && (state.page.email || state.page.ticketId) ? state.page : null;
  if (!state.typed && !page) return { source: "config", context: base };
  // Only what we know of this customer: the configuration's sample ticket and customer would mislead.
  const { ticket: _t, customer: _c, ...rest } = base;
  const customer = {};
  const ticket = { customer };
  if (state.typed) {
    customer.email = state.typed;
  } else {
    if (page.email) customer.email = page.email;
    if (page.name) customer.name = page.name;
    if (page.ticketId) ticket.id = /^\d{1,15}$/.test(page.ticketId) ? Number(page.ticketId) : page.ticketId;
  }
  return { source: state.typed ? "typed" : "page", context: { ...rest, ticket, customer } };
}

function describeSource(source) {
  if (source === "typed") return "Typed in this panel";
  if (source === "page") {
    const p = state.page;
    let host = "";
    try { host = new URL(p.url).host; } catch { /* no URL */ }
    const how = [];
    if (p.emailFrom === "selector") how.push("email from the email selector");
    if (p.emailFrom === "mailto") how.push("email from a mailto: link");
    if (p.ticketIdFrom === "selector") how.push("ticket from the ticket selector");
    if (p.ticketIdFrom === "url") how.push("ticket from the URL");
    return `The page "${p.title || host}"${host ? ` (${host})` : ""}: ${how.join(", ")}`;
  }
  const why = state.page?.error || (state.page ? "no customer email or ticket id found on the page" : "reading the page");
  return `The configuration's sample context (${why})`;
}

function describeConfig() {
  const s = state.settings;
  if (s.configUrl) {
    const when = s.configLoadedAt ? new Date(s.configLoadedAt).toLocaleString() : "never";
    if (state.refresh?.error) return `Configuration: the copy of ${s.configUrl} saved ${when}; it could not be loaded again now: ${state.refresh.error}.`;
    return `Configuration: loaded from ${s.configUrl} (${state.refresh?.loaded ? "just now" : when}).`;
  }
  return s.stored ? "Configuration: saved in the extension's settings." : "Configuration: the bundled default (the Loop Returns example).";
}

function render() {
  if (!state.settings || !window.SidebarWidgets) return;
  const config = state.settings.config;
  const { source, context } = currentContext();
  const email = context.ticket?.customer?.email || context.customer?.email || "";
  const ticketId = context.ticket?.id;
  document.body.dataset.theme = config.theme || "auto";
  $("context").dataset.source = source;
  $("context").dataset.page = state.page?.notConfigured ? "not-configured" : state.page?.error ? "unreadable" : state.page ? "read" : "";
  $("context-email").textContent = email || "none";
  $("context-ticket").textContent = ticketId !== undefined && ticketId !== null ? `#${ticketId}` : "none";
  $("context-source").textContent = describeSource(source);
  $("use-page").hidden = source !== "typed";
  const input = $("email");
  if (document.activeElement !== input) input.value = state.typed || (source === "page" ? email : "");
  $("config-source").textContent = describeConfig();
  $("access").hidden = !state.ungranted.length;
  $("access").textContent = state.ungranted.length
    ? `Chrome has not granted access to ${state.ungranted.join(", ")}: those pages are not read until you save the settings again and allow it.`
    : "";

  try {
    if (state.handle) {
      state.handle.update({ context });
    } else {
      // Every option of the configuration goes to the sidebar as it is (proxy, proxyToken, locale,
      // messages, ...), with the context from the page or the typed email.
      const options = { ...config, integrations: config.integrations || [], context, view: config.view || "ticket", theme: config.theme || "auto" };
      state.handle = window.SidebarWidgets.mount($("sidebar"), options);
    }
    showError("");
  } catch (e) {
    showError("The sidebar could not show this configuration: " + (e?.message || e));
  }
}

/** Reads the active tab, only if it is a configured helpdesk with access granted. Later calls win. */
let readSeq = 0;
async function readPage() {
  const seq = ++readSeq;
  let page;
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const self = await chrome.tabs.getCurrent(); // set when this page is open as a tab, not a panel
    // tab.url is only known for pages the extension has host access to.
    const origin = tab?.url ? originOf(tab.url) : null;
    if (!tab) page = { error: "no active tab" };
    else if (self && tab.id === self.id) page = { error: "this panel is the active tab" };
    else if (!origin || !state.settings.origins.includes(origin)) {
      page = { error: "this page is not one of the configured helpdesks, so it is not read", notConfigured: true };
    } else if (!(await chrome.permissions.contains({ origins: [originPattern(origin)] }))) {
      page = { error: `Chrome has not granted access to ${origin}` };
    } else {
      const answer = await readTab(tab.id, state.settings.selectors);
      page = answer.page || { error: answer.error };
    }
  } catch {
    page = { error: "this tab cannot be read" };
  }
  if (seq !== readSeq) return;
  state.page = page;
  render();
}

async function reloadSettings() {
  state.settings = await loadSettings();
  const granted = await Promise.all(state.settings.origins.map((o) => chrome.permissions.contains({ origins: [originPattern(o)] })));
  state.ungranted = state.settings.origins.filter((_, i) => !granted[i]);
  state.handle?.unmount();
  state.handle = null;
}

/** When the configuration has a URL, loads it again (each time the panel opens) and saves the copy. */
async function refreshFromUrl() {
  const { configUrl } = state.settings;
  if (!configUrl) return;
  const got = await fetchConfig(configUrl);
  if (got.error) {
    state.refresh = { error: got.error };
    return;
  }
  state.refresh = { loaded: true };
  state.settings = { ...state.settings, config: got.config, stored: true, configLoadedAt: Date.now() };
  await chrome.storage.local.set({ config: got.config, configLoadedAt: state.settings.configLoadedAt });
}

/** JSON with sorted keys: storage does not keep an object's key order. */
function canonical(value) {
  return JSON.stringify(value, (_k, v) => (v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

let rereadTimer = 0;
function rereadSoon() {
  clearTimeout(rereadTimer);
  rereadTimer = setTimeout(readPage, 150);
}

async function main() {
  $("email-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("email");
    if (!input.reportValidity()) return;
    state.typed = input.value.trim();
    input.blur();
    render();
  });
  $("use-page").addEventListener("click", () => {
    state.typed = "";
    $("email").value = "";
    readPage();
  });
  $("read-page").addEventListener("click", readPage);
  $("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());

  // Follow the agent: another tab, a page loaded or changed (single-page helpdesks change the URL).
  const win = await chrome.windows.getCurrent();
  chrome.tabs.onActivated.addListener(({ windowId }) => { if (windowId === win.id) rereadSoon(); });
  chrome.tabs.onUpdated.addListener((_id, change, tab) => {
    if (tab.active && tab.windowId === win.id && (change.status === "complete" || change.url || change.title)) rereadSoon();
  });
  chrome.storage.onChanged.addListener(async (changes, area) => {
    if (area !== "local") return;
    const keys = ["config", "configUrl", "selectors", "origins"].filter((k) => changes[k]);
    // The copy this panel just saved from the configuration's URL: already shown.
    const own = keys.length === 1 && keys[0] === "config" && canonical(changes.config.newValue) === canonical(state.settings?.config);
    if (!keys.length || own) return;
    await reloadSettings();
    state.refresh = null;
    if (changes.selectors || changes.origins) await readPage();
    else render();
  });
  chrome.permissions.onAdded.addListener(async () => { await reloadSettings(); await readPage(); });
  chrome.permissions.onRemoved.addListener(async () => { await reloadSettings(); await readPage(); });

  try {
    await Promise.all([reloadSettings(), init({ module_or_path: new URL("./sidebar-widgets_bg.wasm", import.meta.url) })]);
    await refreshFromUrl();
  } catch (e) {
    showError("The sidebar could not start: " + (e?.message || e));
    return;
  }
  render();
  await readPage();
}

main();
