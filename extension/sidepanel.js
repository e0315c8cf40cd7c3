// The side panel: mounts the sidebar with the stored configuration (or the bundled default) and
// the context of the active tab, as read by content.js, or of the email the agent typed.
import init from "./sidebar-widgets.js";
import { loadConfig, loadSelectors } from "./settings.js";

const $ = (id) => document.getElementById(id);
const state = {
  config: null,     // the mount options
  stored: false,    // whether they come from chrome.storage (else default-config.json)
  selectors: null,  // for content.js
  page: null,       // content.js's answer, or {error}
  typed: "",        // an email the agent typed, which wins over the page's
  handle: null,
};

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = !text;
}

/** The context handed to the sidebar, with where it came from: "typed", "page" or "config". */
function currentContext() {
  const base = state.config.context && typeof state.config.context === "object" ? state.config.context : {};
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

function render() {
  if (!state.config || !window.SidebarWidgets) return;
  const { source, context } = currentContext();
  const email = context.ticket?.customer?.email || context.customer?.email || "";
  const ticketId = context.ticket?.id;
  document.body.dataset.theme = state.config.theme || "auto";
  $("context").dataset.source = source;
  $("context-email").textContent = email || "none";
  $("context-ticket").textContent = ticketId !== undefined && ticketId !== null ? `#${ticketId}` : "none";
  $("context-source").textContent = describeSource(source);
  $("use-page").hidden = source !== "typed";
  const input = $("email");
  if (document.activeElement !== input) input.value = state.typed || (source === "page" ? email : "");
  $("config-source").textContent = state.stored
    ? "Configuration: saved in the extension's settings."
    : "Configuration: the bundled default (the Loop Returns example).";

  try {
    if (state.handle) {
      state.handle.update({ context });
    } else {
      const { widgets, integrations, data, view, theme, actionProxy, actionTimeout } = state.config;
      const options = { widgets, integrations: integrations || [], context, view: view || "ticket", theme: theme || "auto" };
      if (data) options.data = data;
      if (actionProxy) options.actionProxy = actionProxy;
      if (actionTimeout) options.actionTimeout = actionTimeout;
      state.handle = window.SidebarWidgets.mount($("sidebar"), options);
    }
    showError("");
  } catch (e) {
    showError("The sidebar could not show this configuration: " + (e?.message || e));
  }
}

// Asks the active tab's content script for its context. Later calls win over earlier ones.
let readSeq = 0;
async function readPage() {
  const seq = ++readSeq;
  let page;
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const self = await chrome.tabs.getCurrent(); // set when this page is open as a tab, not a panel
    if (!tab) page = { error: "no active tab" };
    else if (self && tab.id === self.id) page = { error: "this panel is the active tab" };
    else {
      page = await chrome.tabs.sendMessage(tab.id, { type: "sidebar-widgets:read-context", selectors: state.selectors });
      page = page || { error: "the page did not answer" };
    }
  } catch {
    page = { error: "this tab cannot be read: a browser page, or a page opened before the extension was installed (reload it)" };
  }
  if (seq !== readSeq) return;
  state.page = page;
  render();
}

async function loadSettings() {
  const [{ config, stored }, selectors] = await Promise.all([loadConfig(), loadSelectors()]);
  state.config = config;
  state.stored = stored;
  state.selectors = selectors;
  state.handle?.unmount();
  state.handle = null;
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
    if (area !== "local" || !(changes.config || changes.selectors)) return;
    await loadSettings();
    if (changes.selectors) await readPage();
    else render();
  });

  try {
    await Promise.all([
      loadSettings(),
      init({ module_or_path: new URL("./sidebar-widgets_bg.wasm", import.meta.url) }),
    ]);
  } catch (e) {
    showError("The sidebar could not start: " + (e?.message || e));
    return;
  }
  render();
  await readPage();
}

main();
