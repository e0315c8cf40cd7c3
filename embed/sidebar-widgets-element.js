// <sidebar-widgets>: the script-tag embedding. Include this module next to sidebar-widgets.js and
// sidebar-widgets_bg.wasm, then put <sidebar-widgets src="config.json"></sidebar-widgets> in the
// page (or set its `config` property to the mount options). Each element renders in its own shadow
// root with the sidebar's CSS, so the host page's CSS and the sidebar's do not meet.
import init from "./sidebar-widgets.js";

const wasmUrl = new URL("./sidebar-widgets_bg.wasm", import.meta.url);
let loading = null;
function loadBundle() {
  if (window.SidebarWidgets) return Promise.resolve(window.SidebarWidgets);
  loading = loading || init({ module_or_path: wasmUrl }).then(() => window.SidebarWidgets);
  return loading;
}

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

class SidebarWidgetsElement extends HTMLElement {
  static observedAttributes = ["src", "theme", "view"];
  #config = null;
  #handle = null;
  #mountPoint = null;
  #loadId = 0;

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
    this.#handle?.unmount();
    this.#handle = null;
    this.#mountPoint = null;
  }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value || !this.isConnected) return;
    if (name === "src") this.#loadSrc();
    else if (this.#handle) this.#handle.update({ [name]: value });
  }

  async #loadSrc() {
    const id = ++this.#loadId;
    const src = this.getAttribute("src");
    try {
      const res = await fetch(new URL(src, document.baseURI));
      if (!res.ok) throw new Error(`could not load ${src}: HTTP ${res.status}`);
      const config = await res.json();
      if (id === this.#loadId) this.config = config;
    } catch (e) {
      if (id === this.#loadId) this.#showMessage("The sidebar configuration could not be loaded: " + (e.message || e));
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
    adoptStyles(root, HOST_CSS + api.stylesheet);
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
