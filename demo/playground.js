// The playground: three JSON editors (template, data, context), a live preview, the template's
// warnings pointing at their place, "generate from data", and share/export. Its state lives in the
// URL (#/playground?state=...), so a link reproduces it.
import { pretty, packState, unpackState, locatePlace, locatePath, offsetOf, lineColumnOf } from "./json.js";
import { validate, topLevelKeys, placeOf } from "./schema-check.js";
import { mockUrl, setMockData, resetScope, requestsFor, onRequest } from "./mock.js";
import { CONTEXT } from "./stories.js";
import { h, sidebarFrame, copyButton, readableUrl } from "./dom.js";

const SCOPE = "playground";
/**
 * The JSON Schema of widgets and integrations, when the page serves one: index.html names it in
 * <meta name="sidebar-widgets-schema" content="demo/schema/sidebar-widgets.schema.json"> (next to
 * the trunk link that copies schema/sidebar-widgets.schema.json there). Without that meta tag the
 * playground requests nothing, so a page without a schema logs no 404.
 */
const schemaUrl = () => document.querySelector('meta[name="sidebar-widgets-schema"]')?.getAttribute("content") || null;
let schemaLoad = null;
/** {schema, url} when served, {missing: true} when the page names none, {error, url} when it cannot be read. */
function loadSchema() {
  const url = schemaUrl();
  if (!url) return Promise.resolve({ missing: true });
  schemaLoad ||= fetch(url).then(async (res) => {
    if (!res.ok) return { url, error: `HTTP ${res.status}` };
    try { return { url, schema: await res.json() }; } catch { return { url, error: "it is not valid JSON" }; }
  }, () => ({ url, error: "it could not be fetched" }));
  return schemaLoad;
}

/**
 * What the schema checks, from what its root describes: the mount options ({widgets,
 * integrations}), one widget (the body of POST /api/widgets), or else a template. `templateAt` is
 * where the template sits in it, so that its errors are named as the warnings name places.
 */
function schemaSubject(schema, widget, integration) {
  const keys = topLevelKeys(schema);
  if (keys.has("widgets") || keys.has("integrations")) return { value: { widgets: [widget], integrations: [integration] }, templateAt: ["widgets", 0, "template"] };
  if (keys.has("template")) return { value: widget, templateAt: ["template"] };
  return { value: widget.template, templateAt: [] };
}
/** The state this tab last wrote into its own address (so that a reload is not "a shared link"). */
const OWN_STATE_KEY = "sidebar-widgets:playground-state";
export const rememberOwnState = (packed) => { try { sessionStorage.setItem(OWN_STATE_KEY, packed); } catch { /* private mode */ } };
const ownState = () => { try { return sessionStorage.getItem(OWN_STATE_KEY); } catch { return null; } };

const STARTER_DATA = {
  id: 88, email: "jane.doe+returns@example.com", first_name: "Jane", last_name: "Doe", state: "enabled",
  accepts_marketing: true, created_at: "2024-02-11T09:30:00Z", total_spent: "1284.50", orders_count: 12, tags: ["vip", "newsletter"],
  default_address: { address1: "12 Rue des Lilas", city: "Lyon", zip: "69003", country: "France" },
  orders: [
    { id: 5101, name: "#1043", created_at: "2026-11-20T10:15:00Z", total_price: "148.00", financial_status: "paid" },
    { id: 5102, name: "#1051", created_at: "2026-11-24T08:02:00Z", total_price: "39.90", financial_status: "refunded" },
  ],
};
const STARTER_TEMPLATE = {
  type: "wrapper",
  widgets: [{
    type: "card", title: "{{first_name}} {{last_name}}",
    meta: {
      link: "https://acme.myshopify.example/admin/customers/{{id}}",
      custom: {
        links: [{ label: "Orders in Shopify", url: "https://acme.myshopify.example/admin/orders?query={{email}}" }],
        buttons: [{ label: "Add a note", action: { method: "POST", url: "https://acme.myshopify.example/admin/api/customers/{{id}}/notes",
          body: { contentType: "application/json", "application/json": { author: "{{current_user.email}}", ticket: "{{ticket.id}}" } },
          params: [{ key: "note", label: "Note", value: "", editable: true, mandatory: true }] } }],
      },
    },
    widgets: [
      { path: "email", title: "Email", type: "email" },
      { path: "total_spent", title: "Total spent", type: "text" },
      { path: "accepts_marketing", title: "Marketing", type: "boolean" },
      { path: "created_at", title: "Customer since", type: "date" },
      { path: "tags", title: "Tags", type: "array" },
      { type: "card", path: "default_address", title: ":shipping_address: {{city}}, {{country}}", widgets: [
        { path: "address1", title: "Street", type: "text" }, { path: "zip", title: "Postcode", type: "text" }] },
      { type: "list", path: "orders", meta: { orderBy: "-created_at", limit: "" }, widgets: [{
        type: "card", title: ":cart: Order {{name}}", meta: { link: "https://acme.myshopify.example/admin/orders/{{id}}" },
        widgets: [{ path: "created_at", title: "Placed", type: "date" }, { path: "total_price", title: "Total", type: "text" },
          { path: "financial_status", title: "Payment", type: "text" }] }] },
    ],
  }],
};
/** A template that triggers one warning of each kind over the starter data. */
export const WARNINGS_TEMPLATE = {
  type: "wrapper",
  meta: { color: "red; background: url(https://evil.example/x.png)", limit: 3 },
  widgets: [{
    type: "card", title: "{{first_name}} {{nickname}}",
    meta: { link: "javascript:alert(document.cookie)", orderBy: "-created_at" },
    widgets: [
      { path: "email", title: "Email", type: "hologram" },
      { path: "middle_name", title: "Middle name", type: "text" },
      { path: "orders_count", title: "Orders", type: "text", meta: { displayCard: false } },
      { type: "card", path: "default_address", title: "Address",
        meta: { custom: { links: [{ label: "Map", url: "https://maps.example/?q={{city}}" }] } },
        widgets: [{ path: "city", title: "City", type: "text" }] },
    ],
  }],
};

const EXAMPLES = [
  { id: "starter", label: "Starter: a Shopify customer", state: () => ({ template: pretty(STARTER_TEMPLATE), data: pretty(STARTER_DATA), context: pretty(CONTEXT), name: "Shopify", id: 1 }) },
  { id: "warnings", label: "A template with a warning of each kind", state: () => ({ template: pretty(WARNINGS_TEMPLATE), data: pretty(STARTER_DATA), context: pretty(CONTEXT), name: "Shopify", id: 1 }) },
  { id: "empty", label: "Empty template: paste your data, then Generate", state: () => ({ template: pretty({ type: "wrapper", widgets: [] }), data: pretty(STARTER_DATA), context: pretty(CONTEXT), name: "My integration", id: 1 }) },
];

export async function renderPlayground(main, ctx) {
  const { api, params, mountSidebar, onLeave, setHashProvider, storyById } = ctx;
  const packed = params.get("state");
  const unpacked = packed ? await unpackState(packed) : null;
  const fromUrl = unpacked?.value;
  const loopStory = storyById.get("loop-returns");
  const examples = [...EXAMPLES];
  if (loopStory) {
    const o = loopStory.options;
    examples.splice(1, 0, { id: "loop-returns", label: "Loop Returns (the seed)", state: () => ({
      template: pretty(o.widgets[0].template), data: pretty(o.data[String(o.widgets[0].integration_id)]), context: pretty(o.context), name: "Loop Returns", id: o.widgets[0].integration_id }) });
  }
  let state = examples[0].state();
  if (fromUrl && typeof fromUrl === "object") {
    for (const k of ["template", "data", "context"]) {
      if (typeof fromUrl[k] === "string") state[k] = fromUrl[k];
      else if (fromUrl[k] !== undefined) state[k] = pretty(fromUrl[k]);
    }
    if (typeof fromUrl.name === "string") state.name = fromUrl.name;
    if (Number.isInteger(fromUrl.id) && fromUrl.id > 0) state.id = fromUrl.id;
  }
  const bad = unpacked && !(fromUrl && typeof fromUrl === "object") ? unpacked.error || "the link's state is not an object" : null;
  // A state that this tab did not write itself came from a link someone shared.
  const shared = !bad && packed && packed !== ownState();

  // ---------------------------------------------------------------- editors
  const editors = {};
  function editor(key, label, hint, rows) {
    const id = `pg-${key}`;
    const ta = h("textarea.demo-editor__text", { id, rows, spellcheck: "false", autocapitalize: "off", autocomplete: "off",
      "aria-describedby": `${id}-status ${id}-hint`, "data-editor": key });
    ta.value = state[key];
    const status = h("p.demo-editor__status", { id: `${id}-status`, "aria-live": "polite" });
    const pos = h("span.demo-editor__pos", { "aria-hidden": "true" }, "Ln 1, Col 1");
    const box = h("div.demo-editor", { "data-key": key },
      h("div.demo-editor__head", {}, h("label.demo-editor__label", { for: id }, label), h("span.demo-editor__hint", { id: `${id}-hint` }, hint), pos),
      ta, status);
    const showPos = () => {
      const { line, column } = lineColumnOf(ta.value, ta.selectionStart);
      pos.textContent = `Ln ${line}, Col ${column}`;
    };
    ta.addEventListener("input", () => { schedule(); showPos(); });
    for (const ev of ["keyup", "click", "focus", "select"]) ta.addEventListener(ev, showPos);
    // Enter keeps the current line's indentation (through insertText, so Undo still works).
    ta.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const start = ta.selectionStart;
      const lineStart = ta.value.lastIndexOf("\n", start - 1) + 1;
      const indent = /^[ \t]*/.exec(ta.value.slice(lineStart))[0];
      const opens = /[{[]\s*$/.test(ta.value.slice(lineStart, start));
      e.preventDefault();
      if (!document.execCommand("insertText", false, "\n" + indent + (opens ? "  " : ""))) {
        ta.setRangeText("\n" + indent + (opens ? "  " : ""), start, ta.selectionEnd, "end");
        ta.dispatchEvent(new Event("input"));
      }
    });
    editors[key] = { ta, status, box, label };
    return box;
  }

  /** Selects text in an editor and scrolls it into view. */
  function selectIn(key, start, end = start) {
    const { ta } = editors[key];
    ta.focus();
    ta.setSelectionRange(start, end);
    const line = ta.value.slice(0, start).split("\n").length;
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 18;
    ta.scrollTop = Math.max(0, (line - 3) * lh);
    ta.dispatchEvent(new Event("select"));
  }

  // ---------------------------------------------------------------- toolbar
  const nameInput = h("input.demo-input", { id: "pg-name", type: "text", value: state.name, autocomplete: "off" });
  const idInput = h("input.demo-input demo-input--narrow", { id: "pg-id", type: "number", min: "1", step: "1", value: String(state.id) });
  const proxyBox = h("input", { id: "pg-proxy", type: "checkbox", checked: true });
  const exampleSelect = h("select.demo-input", { id: "pg-example" },
    h("option", { value: "" }, "Choose…"), examples.map((e) => h("option", { value: e.id }, e.label)));
  const toolbarStatus = h("p.demo-toolbar__status", { role: "status", id: "pg-toolbar-status" });
  let undoText = null;
  const undoButton = h("button.demo-button demo-button--small demo-button--quiet", { type: "button", hidden: true, id: "pg-undo" }, "Undo");
  undoButton.addEventListener("click", () => {
    if (undoText == null) return;
    setEditor("template", undoText);
    undoText = null;
    undoButton.hidden = true;
    toolbarStatus.textContent = "The template is back as it was.";
    editors.template.ta.focus();
  });
  const generateButton = h("button.demo-button demo-button--primary", { type: "button", id: "pg-generate" }, "Generate template from data");
  generateButton.addEventListener("click", () => {
    const err = api.checkJson(editors.data.ta.value);
    if (err) {
      toolbarStatus.textContent = `Fix the data's JSON first (line ${err.line}, column ${err.column}).`;
      return;
    }
    const generated = api.generateTemplate(editors.data.ta.value, nameInput.value.trim() || "My integration");
    if (!generated) return;
    undoText = editors.template.ta.value;
    setEditor("template", pretty(generated));
    undoButton.hidden = false;
    toolbarStatus.textContent = "Generated a template from the sample data: edit it from here.";
  });
  exampleSelect.addEventListener("change", () => {
    const ex = examples.find((e) => e.id === exampleSelect.value);
    if (!ex) return;
    const s = ex.state();
    undoText = editors.template.ta.value;
    undoButton.hidden = false;
    for (const k of ["template", "data", "context"]) editors[k].ta.value = s[k];
    nameInput.value = s.name;
    idInput.value = String(s.id);
    exampleSelect.value = "";
    toolbarStatus.textContent = `Loaded "${ex.label}".`;
    refresh();
  });
  for (const el of [nameInput, idInput]) el.addEventListener("input", schedule);
  proxyBox.addEventListener("change", refresh);

  function setEditor(key, text) {
    editors[key].ta.value = text;
    refresh();
  }

  // ---------------------------------------------------------------- preview, warnings, export
  const { frame, mountEl } = sidebarFrame(safeParse(state.context) || CONTEXT, null);
  const staleNote = h("p.demo-stale", { role: "status", id: "pg-stale" });
  const warningsList = h("ul.demo-warnings__list", { id: "pg-warnings" });
  const warningsCount = h("span.demo-badge", { id: "pg-warnings-count" }, "0");
  const schemaList = h("ul.demo-warnings__list", { id: "pg-schema-errors" });
  const schemaCount = h("span.demo-badge", { id: "pg-schema-count" }, "–");
  const schemaNote = h("p.demo-muted", { id: "pg-schema-note" }, "Loading the JSON Schema…");
  const exportPre = h("pre.demo-code__pre demo-code__pre--short", { tabindex: "0", id: "pg-export", "aria-label": "POST /api/widgets request body" });
  const logList = h("ol.demo-log__list", { id: "pg-log" });
  const logEmpty = h("p.demo-log__empty", {}, "Custom action buttons send here when the box above the preview is ticked.");

  const editorsCol = h("div.demo-pg__editors", {},
    h("div.demo-pg__settings", {},
      h("div.demo-field", {}, h("label", { for: "pg-name" }, "Integration name"), nameInput),
      h("div.demo-field", {}, h("label", { for: "pg-id" }, "Integration id"), idInput)),
    editor("template", "Template", "the widget's template, as in POST /api/widgets", 22),
    h("section.demo-warnings", { "aria-labelledby": "pg-warnings-title" },
      h("h2.demo-section-title", { id: "pg-warnings-title" }, "Template warnings ", warningsCount),
      h("p.demo-muted", {}, "What will not show as you probably meant, checked against the sample data. Each one names its place in the template: select it to jump there."),
      warningsList),
    h("section.demo-warnings", { "aria-labelledby": "pg-schema-title", id: "pg-schema" },
      h("h2.demo-section-title", { id: "pg-schema-title" }, "JSON Schema errors ", schemaCount),
      schemaNote,
      schemaList),
    editor("data", "Data", "a sample of the integration's JSON answer", 14),
    editor("context", "Context", "{ticket, customer, current_user}", 8));

  const previewCol = h("div.demo-pg__preview", {},
    h("div.demo-pg__preview-head", {},
      h("h2.demo-section-title", {}, "Live preview"),
      h("label.demo-check", {}, proxyBox, " Send custom actions to the built-in mock")),
    staleNote, frame,
    h("section.demo-export", { "aria-labelledby": "pg-export-title" },
      h("div.demo-code__bar", {},
        h("h2.demo-section-title", { id: "pg-export-title" }, h("span.demo-method", {}, "POST"), " /api/widgets"),
        copyButton("Copy request body", () => exportPre.textContent, "pg-copy-export")),
      h("p.demo-muted", {}, "The Gorgias REST API request that creates this widget."),
      exportPre),
    h("section.demo-log", { "aria-labelledby": "pg-log-title" },
      h("h2.demo-log__title", { id: "pg-log-title" }, "The mock server received"),
      h("div", { "aria-live": "polite" }, logEmpty, logList)));

  // The visual editor (the demo build has the editor feature): the same widget, in sync with the
  // Template editor both ways.
  const visualMount = h("div.demo-visual__mount", { id: "pg-visual" });
  const visualSection = api.edit ? h("section.demo-visual", { "aria-labelledby": "pg-visual-title" },
    h("h2.demo-section-title", { id: "pg-visual-title" }, "Visual editor"),
    h("p.demo-muted", {}, "Select a part to edit it, drag values from the sample data onto cards (or carry them with Space, the arrows and Enter). Changes here show at once in the Template above, and the other way round."),
    visualMount) : null;
  let visual = null;
  let visualInputs = null;
  let visualWidgets = null;
  function syncVisual(widget, integration, data, context) {
    if (!api.edit) return;
    const inputs = JSON.stringify([integration, data, context]);
    const widgets = JSON.stringify([widget]);
    if (visual && inputs === visualInputs) {
      if (widgets !== visualWidgets) {
        visualWidgets = widgets;
        visual.setWidgets([widget]);
        visual.saved();
      }
      return;
    }
    visual?.unmount();
    visualMount.replaceChildren();
    visualInputs = inputs;
    visualWidgets = widgets;
    const theme = document.documentElement.dataset.theme || "auto";
    visual = api.edit(visualMount, { widgets: [widget], integrations: [integration], data: { [integration.id]: data }, context, theme });
  }
  visualMount.addEventListener("sidebar-widgets:change", (e) => {
    const widget = e.detail.widgets[0];
    if (!widget) return;
    visualWidgets = JSON.stringify(e.detail.widgets);
    visual.saved();
    editors.template.ta.value = pretty(widget.template);
    refresh();
  });
  onLeave(() => visual?.unmount());

  const shareButton = copyButton("Copy link", () => location.href, "pg-copy-link");
  main.replaceChildren(h("article.demo-story demo-playground", { "aria-labelledby": "pg-title" },
    h("header.demo-story__header", {},
      h("div", {},
        h("p.demo-eyebrow", {}, "Tools"),
        h("h1.demo-title", { id: "pg-title", tabindex: "-1" }, "Playground"),
        h("p.demo-lede", {}, "Write a template against your integration's data and see it live. Everything stays in this page, and in its address: share the link to share the state.")),
      h("div.demo-story__tools", {}, shareButton)),
    h("div.demo-toolbar", { role: "group", "aria-label": "Playground tools" }, generateButton,
      h("label.demo-toolbar__label", { for: "pg-example" }, "Load an example"), exampleSelect, undoButton, toolbarStatus),
    bad ? h("p.demo-stale", { role: "alert", id: "pg-bad-link" }, `Not opened: ${bad}. Showing the starter example.`) : null,
    shared ? h("p.demo-banner", { role: "status", id: "pg-shared" },
      h("strong", {}, "Opened from a shared link. "),
      "The template, data and context below came with the link, not from this page: check where its links and buttons send before you use them.") : null,
    h("div.demo-pg", {}, editorsCol, previewCol),
    visualSection));
  document.title = "Playground · sidebar-widgets";

  // ---------------------------------------------------------------- live
  setMockData(SCOPE, safeParse(state.data));
  resetScope(SCOPE);
  const handle = mountSidebar(api, mountEl, { widgets: [], integrations: [], data: {}, context: safeParse(state.context) || {} });
  let timer = null;
  let urlTimer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  }
  onLeave(() => { clearTimeout(timer); clearTimeout(urlTimer); });

  function currentState() {
    return { template: editors.template.ta.value, data: editors.data.ta.value, context: editors.context.ta.value,
      name: nameInput.value, id: integrationId() };
  }
  function integrationId() {
    const n = Number.parseInt(idInput.value, 10);
    return Number.isFinite(n) && n > 0 ? n : 1;
  }

  let hash = location.hash;
  setHashProvider(() => hash);
  function saveToUrl() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(async () => {
      const packedNow = await packState(currentState());
      rememberOwnState(packedNow);
      hash = "#/playground?state=" + packedNow;
      history.replaceState(null, "", hash);
    }, 250);
  }

  function refresh() {
    clearTimeout(timer);
    const errors = {};
    for (const key of ["template", "data", "context"]) {
      const { ta, status, box } = editors[key];
      const err = api.checkJson(ta.value);
      errors[key] = err;
      ta.setAttribute("aria-invalid", err ? "true" : "false");
      box.classList.toggle("demo-editor--error", !!err);
      status.replaceChildren();
      if (err) {
        const go = h("button.demo-linkbutton", { type: "button", "data-line": err.line, "data-column": err.column },
          `Line ${err.line}, column ${err.column}`);
        go.addEventListener("click", () => selectIn(key, offsetOf(ta.value, err.line, err.column)));
        status.append(h("span.demo-editor__error", {}, "JSON error: "), go, `: ${err.message}`);
      } else {
        status.append(h("span.demo-editor__ok", {}, "Valid JSON"));
      }
    }
    saveToUrl();
    const broken = Object.entries(errors).filter(([, e]) => e).map(([k]) => editors[k].label);
    if (broken.length) {
      staleNote.textContent = `Showing the last valid version: fix the JSON error in ${broken.join(" and ")}.`;
      staleNote.hidden = false;
      if (errors.template) {
        warningsList.replaceChildren(h("li.demo-warnings__none", {}, "Fix the template's JSON to see its warnings."));
        warningsCount.textContent = "–";
        schemaList.replaceChildren(h("li.demo-warnings__none", {}, "Fix the template's JSON to check it against the schema."));
        schemaCount.textContent = "–";
      }
      return;
    }
    staleNote.hidden = true;
    const template = JSON.parse(editors.template.ta.value);
    const data = JSON.parse(editors.data.ta.value);
    const context = JSON.parse(editors.context.ta.value);
    const id = integrationId();
    const name = nameInput.value.trim() || "My integration";
    setMockData(SCOPE, data);
    handle.update({
      widgets: [{ id: "playground", context: "ticket", type: "http", integration_id: id, order: 0, template }],
      integrations: [{ id, name, type: "http", http: { url: mockUrl(SCOPE, "ok"), method: "GET", headers: {}, triggers: {} } }],
      data: { [id]: data },
      context,
      actionProxy: proxyBox.checked ? mockUrl(SCOPE, "proxy") : null,
    });
    const bar = frame.querySelector(".demo-frame__bar");
    const t = context?.ticket || {};
    bar.firstChild.textContent = (t.id ? `Ticket #${t.id}` : "Ticket") + (t.subject ? ` · ${t.subject}` : "");
    bar.lastChild.textContent = t.customer?.name || context?.customer?.name || "";

    const warnings = api.lintTemplate(editors.template.ta.value, editors.data.ta.value, editors.context.ta.value) || [];
    warningsCount.textContent = String(warnings.length);
    warningsList.replaceChildren(...(warnings.length ? warnings.map((w) => {
      const place = w.place || "(the root)";
      const jump = h("button.demo-warnings__place", { type: "button", "data-place": w.place, title: "Select this node in the template" }, place);
      jump.addEventListener("click", () => {
        const range = locatePlace(editors.template.ta.value, w.place);
        if (range) selectIn("template", range.start, range.end);
      });
      return h("li.demo-warnings__item", {}, jump, h("span.demo-warnings__message", {}, w.message));
    }) : [h("li.demo-warnings__none", {}, "No warnings: every path, variable, URL and colour checks out against the sample data.")]));

    const widgetBody = { context: "ticket", type: "http", integration_id: id, order: 0, template };
    syncVisual({ id: "playground", ...widgetBody }, { id, name, type: "http" }, data, context);
    exportPre.textContent = pretty(widgetBody);
    lastChecked = { widget: widgetBody, integration: { id, name, type: "http", http: { url: mockUrl(SCOPE, "ok"), method: "GET", headers: {}, triggers: {} } } };
    showSchemaErrors();
  }

  // ---------------------------------------------------------------- JSON Schema
  let lastChecked = null;
  let schemaState = null;
  function showSchemaErrors() {
    if (!schemaState || !lastChecked) return;
    if (!schemaState.schema) {
      schemaCount.textContent = "–";
      schemaNote.textContent = schemaState.missing
        ? "No JSON Schema is served with this page: only the warnings above apply."
        : `The JSON Schema (${schemaState.url}) could not be read: ${schemaState.error}.`;
      schemaList.replaceChildren();
      return;
    }
    schemaNote.textContent = `The widget checked against ${schemaState.url}. Each error names its place in the template: select it to jump there.`;
    const { value, templateAt } = schemaSubject(schemaState.schema, lastChecked.widget, lastChecked.integration);
    const inTemplate = (path) => templateAt.every((step, i) => path[i] === step);
    const found = validate(schemaState.schema, value);
    schemaCount.textContent = String(found.length);
    schemaList.replaceChildren(...(found.length ? found.map((e) => {
      if (!inTemplate(e.path)) {
        // Outside the template: the widget or integration the playground builds around it.
        return h("li.demo-warnings__item", {}, h("span.demo-warnings__place demo-warnings__place--outside", { "data-place": e.place }, e.place || "(the options)"),
          h("span.demo-warnings__message", {}, e.message));
      }
      const rel = e.path.slice(templateAt.length);
      const place = placeOf(rel);
      const jump = h("button.demo-warnings__place", { type: "button", "data-place": place, title: "Select this in the template" }, place || "(the root)");
      jump.addEventListener("click", () => {
        const range = locatePath(editors.template.ta.value, rel);
        if (range) selectIn("template", range.start, range.end);
      });
      return h("li.demo-warnings__item", {}, jump, h("span.demo-warnings__message", {}, e.message));
    }) : [h("li.demo-warnings__none", {}, "No errors: the widget conforms to the schema.")]));
  }
  loadSchema().then((s) => { schemaState = s; showSchemaErrors(); });

  const renderLog = () => {
    const reqs = requestsFor(SCOPE);
    logEmpty.hidden = reqs.length > 0;
    logList.replaceChildren(...reqs.slice().reverse().map((r) => h("li.demo-log__item", {},
      h("p.demo-log__line", {}, r.via ? h("span.demo-log__via", {}, "sent by the proxy: ") : null, h("span.demo-method", {}, r.method), " ", h("span.demo-log__url", {}, readableUrl(r.url)), " ", h("span.demo-log__status", {}, `→ ${r.status ?? "…"}`)),
      r.body ? h("pre.demo-log__detail", {}, prettyIfJson(r.body)) : null)));
  };
  onLeave(onRequest((s) => { if (s === SCOPE) setTimeout(renderLog, 0); }));
  renderLog();
  refresh();
}

function safeParse(text) {
  try { return JSON.parse(text); } catch { return null; }
}
function prettyIfJson(text) {
  const v = safeParse(text);
  return v == null ? text : pretty(v);
}
