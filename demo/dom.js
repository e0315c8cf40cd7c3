// The demo page's shared DOM helpers: an element builder, copy buttons, the 340 px sidebar frame,
// ARIA tabs and the JSON viewer. Used by the stories (app.js) and the playground (playground.js).
import { pretty, highlightInto } from "./json.js";

/** `h("div.demo-x", {attrs}, ...children)`: a small element builder (text children are text nodes). */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(" ");
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "html") el.innerHTML = v; // only for the page's own copy, never for data
    else if (k === "class") el.className += (el.className ? " " : "") + v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** Copies text; resolves to true when it worked. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h("textarea", { class: "demo-offscreen", "aria-hidden": "true", tabindex: "-1" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

/** A button that copies `getText()` and says so for a moment. */
export function copyButton(label, getText, extraClass = "") {
  const status = h("span.demo-copy__status", { role: "status" });
  const btn = h("button.demo-button demo-button--small" + (extraClass ? " " + extraClass : ""), { type: "button" }, label);
  btn.addEventListener("click", async () => {
    const ok = await copyText(getText());
    status.textContent = ok ? "Copied" : "Copy failed: select the text instead";
    setTimeout(() => { status.textContent = ""; }, 2000);
  });
  return h("span.demo-copy", {}, btn, status);
}

/** The 340 px sidebar frame: a bar with the open ticket, and the mount element. */
export function sidebarFrame(context, label, theme = null) {
  const ticket = context?.ticket || {};
  const who = ticket.customer?.name || context?.customer?.name || "";
  const mountEl = h("div.demo-frame__mount");
  const caption = label ? h("figcaption.demo-frame__label", {}, label) : null;
  const frame = h("figure.demo-frame" + (theme ? ` demo-frame--${theme}` : ""), { "aria-label": label ? `Sidebar, ${label}` : "Sidebar preview, 340 pixels wide" },
    h("div.demo-frame__bar", {},
      h("span.demo-frame__ticket", {}, ticket.id ? `Ticket #${ticket.id}` : "Ticket", ticket.subject ? ` · ${ticket.subject}` : ""),
      h("span.demo-frame__who", {}, who)),
    mountEl, caption);
  return { frame, mountEl };
}

/** ARIA tabs: [{id, label, panel: Element}] -> element. Arrow keys, Home and End move between tabs. */
export function tabs(name, items, idPrefix) {
  const list = h("div.demo-tabs__list", { role: "tablist", "aria-label": name });
  const panels = [];
  const buttons = items.map((it, i) => {
    const tabId = `${idPrefix}-tab-${it.id}`;
    const panelId = `${idPrefix}-panel-${it.id}`;
    const b = h("button.demo-tabs__tab", { type: "button", role: "tab", id: tabId, "aria-controls": panelId,
      "aria-selected": i === 0 ? "true" : "false", tabindex: i === 0 ? "0" : "-1" }, it.label);
    const p = h("div.demo-tabs__panel", { role: "tabpanel", id: panelId, "aria-labelledby": tabId, hidden: i !== 0 }, it.panel);
    panels.push(p);
    return b;
  });
  const select = (i, focus) => {
    buttons.forEach((b, j) => {
      b.setAttribute("aria-selected", String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (focus) buttons[i].focus();
  };
  buttons.forEach((b, i) => {
    b.addEventListener("click", () => select(i, false));
    b.addEventListener("keydown", (e) => {
      const n = buttons.length;
      const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (to !== undefined) { e.preventDefault(); select(to, true); }
    });
  });
  list.append(...buttons);
  return h("div.demo-tabs", {}, list, ...panels);
}

/** A JSON viewer: pretty-printed, highlighted, scrollable with the keyboard, with a Copy button. */
export function jsonPane(value, label, note) {
  const text = typeof value === "string" ? value : pretty(value);
  const code = h("code");
  highlightInto(code, text);
  return h("div.demo-code", {},
    h("div.demo-code__bar", {}, note ? h("p.demo-code__note", {}, note) : h("span"), copyButton("Copy JSON", () => text)),
    h("pre.demo-code__pre", { tabindex: "0", "aria-label": label }, code));
}

/** A URL as a person reads it (percent-escapes decoded), or as it is when it does not decode. */
export function readableUrl(url) {
  try {
    return decodeURI(url);
  } catch {
    return String(url); // a malformed escape (%E9, %ZZ): decodeURI throws URIError
  }
}
