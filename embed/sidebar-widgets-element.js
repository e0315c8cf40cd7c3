// <sidebar-widgets>: the script-tag embedding. Include this module next to sidebar-widgets.js and
// sidebar-widgets_bg.wasm, then put <sidebar-widgets src="config.json"></sidebar-widgets> in the
// page (or set its `config` property to the mount options). Each element renders in its own shadow
// root with the sidebar's CSS, so the host page's CSS and the sidebar's do not meet.
//
// Where `src` may load from (SPEC 7). A configuration decides which APIs the sidebar calls with
// the agent's context, so by default it comes from the page's own origin only: `src` on another
// origin is refused with a message in the element's place, and not requested at all. A host that
// means it opts in with the boolean attribute `allow-cross-origin-src`. How each is fetched:
//   same origin   mode "same-origin" (a redirect to another origin fails before that origin is
//                 requested; same-origin redirects are followed), credentials "same-origin" (the
//                 host's own session cookies, for a configuration behind its login)
//   other origin  only with allow-cross-origin-src, and only http(s): mode "cors" (that server
//                 must allow this page by CORS), credentials "omit" (no cookies for it),
//                 redirect "error" (the host opted in to that URL, not to wherever it redirects),
//                 referrerPolicy "no-referrer" (the helpdesk page's URL names the ticket)
// A page with an opaque origin (file:, a sandboxed frame) has no "own origin": only the opt-in
// loads there.
//
// The API is the bundle's own module exports (`mount`), never the global window.SidebarWidgets:
// a host page's named elements (<a id="SidebarWidgets">, <form name="SidebarWidgets">, which
// HTML sanitisers keep) shadow that global, and must not be able to stop or impersonate the API.
//
// Cold start (issue 20): this module starts fetching the bundle's JS, its wasm and the CSS at once
// when it is evaluated, instead of one after the other (this module, then the JS it imports, then
// the wasm that JS fetches); the wasm is still compiled while it streams in.
const wasmUrl = new URL("./sidebar-widgets_bg.wasm", import.meta.url);
const cssUrl = new URL("./sidebar.css", import.meta.url);
let loading = null;
/** The sidebar's CSS, fetched once from beside this module (the bundle does not carry a copy):
 *  "" when it cannot be had, so that the sidebar still works, unstyled. */
let sidebarCss = "";
function loadBundle() {
  if (loading) return loading;
  const css = fetch(cssUrl, { credentials: "same-origin" })
    .then((res) => (res.ok ? res.text() : ""))
    .catch(() => "")
    .then((text) => { sidebarCss = text; });
  const wasm = fetch(wasmUrl);
  // A failure is said by init() below, in the element's place; not as an unhandled rejection.
  wasm.catch(() => {});
  // init() starts the module's own instance once (a later call returns it), whatever the page did.
  const api = import("./sidebar-widgets.js").then((bundle) => bundle.default({ module_or_path: wasm }).then(() => ({ mount: bundle.mount })));
  loading = Promise.all([api, css]).then(([a]) => a);
  return loading;
}
loadBundle().catch(() => {});

const HOST_CSS = ":host{display:block;all:initial;contain:content}:host([hidden]){display:none}" +
  ".sw-embed-message{font:13px/1.45 system-ui,sans-serif;padding:10px 12px;border-radius:8px;" +
  "color:#7f1d1d;background:#fef2f2;border:1px solid #fecaca}";

function message(error) {
  const text = String(error && (error.message || error));
  if (/WebAssembly|wasm|Content Security Policy|CSP/i.test(text)) {
    return "The sidebar could not start: this page blocks WebAssembly. Its Content-Security-Policy needs " +
      "'wasm-unsafe-eval' in script-src.";
  }
  return "The sidebar could not start: " + text;
}

// Constructed stylesheets, shared by every element and allowed by a strict CSP (no
// 'unsafe-inline' needed); a <style> element where they are not supported.
const sheets = new Map();
function adoptStyles(root, css) {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    root.prepend(style);
  }
}

/** How to fetch `src` (see the top of this file), or an Error saying why it is refused. */
function srcRequest(src, allowCrossOrigin) {
  let url;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    throw new Error(`"${src}" is not a URL.`);
  }
  const own = location.origin;
  if (own !== "null" && url.origin === own) {
    return { url, init: { mode: "same-origin", credentials: "same-origin", redirect: "follow" } };
  }
  if (!allowCrossOrigin) {
    throw new Error(`${url.origin === "null" ? url.protocol : url.origin} is not this page's origin (${own}). Serve the ` +
      "configuration from this page's origin, or add the allow-cross-origin-src attribute to load it from there.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`only http(s) addresses are allowed, not ${url.protocol}`);
  return { url, init: { mode: "cors", credentials: "omit", redirect: "error", referrerPolicy: "no-referrer" } };
}

class SidebarWidgetsElement extends HTMLElement {
  static observedAttributes = ["src", "theme", "view", "allow-cross-origin-src"];
  #config = null;
  #handle = null;
  #mountPoint = null;
  #loadId = 0;
  /** Set by connectedCallback: attribute callbacks before it (an upgrade) are its job. */
  #connected = false;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  /** The mount options (widgets, integrations, data, context, view, theme, actionProxy). */
  get config() { return this.#config; }
  set config(value) {
    this.#config = value;
    this.#render();
  }

  /** The mounted sidebar's handle (update, trigger, unmount), once mounted. */
  get handle() { return this.#handle; }

  connectedCallback() {
    this.#connected = true;
    // A `config` set before this module defined the element is an own property: take it over.
    if (Object.prototype.hasOwnProperty.call(this, "config")) {
      const value = this.config;
      delete this.config;
      this.#config = value;
    }
    if (this.getAttribute("src") && !this.#config) this.#loadSrc();
    else this.#render();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#handle?.unmount();
    this.#handle = null;
    this.#mountPoint = null;
  }

  attributeChangedCallback(name, oldValue, value) {
    // On upgrade, every attribute present reports a change before connectedCallback, which loads
    // `src` once for all of them.
    if (oldValue === value || !this.#connected) return;
    if (name === "src" || (name === "allow-cross-origin-src" && this.getAttribute("src"))) this.#loadSrc();
    else if (this.#handle) this.#handle.update({ [name]: value });
  }

  async #loadSrc() {
    const id = ++this.#loadId;
    const src = this.getAttribute("src");
    let request;
    try {
      request = srcRequest(src, this.hasAttribute("allow-cross-origin-src"));
    } catch (e) {
      this.#showMessage("The sidebar configuration was not loaded: " + e.message);
      return;
    }
    try {
      const res = await fetch(request.url, request.init);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const config = await res.json();
      if (id === this.#loadId) this.config = config;
    } catch (e) {
      if (id === this.#loadId) {
        const why = e instanceof SyntaxError ? "it is not valid JSON" : e instanceof TypeError ? "the request failed (network, CORS, or a redirect that is not allowed)" : e.message || String(e);
        this.#showMessage(`The sidebar configuration could not be loaded from ${src}: ${why}.`);
      }
    }
  }

  #options() {
    const options = { ...(this.#config || {}) };
    for (const name of ["theme", "view"]) if (this.hasAttribute(name)) options[name] = this.getAttribute(name);
    return options;
  }

  async #render() {
    if (!this.isConnected || !this.#config) return;
    let api;
    try {
      api = await loadBundle();
    } catch (e) {
      this.#showMessage(message(e));
      return;
    }
    if (!this.isConnected) return;
    if (this.#handle) {
      this.#handle.update(this.#options());
      return;
    }
    const root = this.shadowRoot;
    root.replaceChildren();
    adoptStyles(root, HOST_CSS + sidebarCss);
    this.#mountPoint = document.createElement("div");
    root.append(this.#mountPoint);
    try {
      this.#handle = api.mount(this.#mountPoint, this.#options());
    } catch (e) {
      this.#showMessage(message(e));
    }
  }

  #showMessage(text) {
    const root = this.shadowRoot;
    adoptStyles(root, HOST_CSS);
    const box = document.createElement("div");
    box.className = "sw-embed-message";
    box.setAttribute("role", "alert");
    box.textContent = text;
    root.replaceChildren(box);
  }
}

if (!customElements.get("sidebar-widgets")) customElements.define("sidebar-widgets", SidebarWidgetsElement);
