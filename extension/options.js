// The options page: the helpdesk origins (host access requested from Chrome on Save), the
// configuration (typed, imported from a file, or loaded from an address the panel refreshes it
// from; exported; listed widget by widget with the sidebar's own errors beside each; each widget
// one click from the demo playground), the page selectors and the playground's address, kept in
// chrome.storage.local. "Reset to default" forgets all but the helpdesk origins. "Edit visually"
// opens a widget in the visual editor, whose changes are written back into the configuration.
import init from "./sidebar-widgets.js";
import { packState } from "./demo-json.js";
import { configWithoutSecrets } from "./redact.js";
import {
  DEFAULT_PLAYGROUND_URL, DEFAULT_SELECTORS, configProblems, configUrlProblem, defaultConfig, fetchConfig, loadSettings, originOf,
  originPattern, parseOrigin, selectorProblem, widgetIndexOf,
} from "./settings.js";

const $ = (id) => document.getElementById(id);
const KEYS = Object.keys(DEFAULT_SELECTORS);
let saved = null;            // loadSettings() as last saved
let configLoadedAt = null;   // when the configuration in the form was loaded from its address

function setError(field, errorId, text) {
  $(errorId).textContent = text;
  field.setAttribute("aria-invalid", text ? "true" : "false");
}

function status(text) {
  $("status").textContent = text;
}

function fill(settings) {
  $("origins").value = settings.origins.join("\n");
  $("config-url").value = settings.configUrl;
  $("config").value = JSON.stringify(settings.config, null, 2);
  $("playground-url").placeholder = DEFAULT_PLAYGROUND_URL;
  $("playground-url").value = settings.playgroundUrl === DEFAULT_PLAYGROUND_URL ? "" : settings.playgroundUrl;
  for (const key of KEYS) {
    const input = $(`sel-${key}`);
    input.placeholder = DEFAULT_SELECTORS[key];
    input.value = settings.selectors[key] === DEFAULT_SELECTORS[key] ? "" : settings.selectors[key];
  }
  configLoadedAt = settings.configLoadedAt;
  // An address saved before the https rule: the panel refuses it, so say so here too.
  setError($("config-url"), "config-url-error", settings.configUrl ? configUrlProblem(settings.configUrl) : "");
  showConfig();
}

// ------------------------------------------------------------------ the configuration, checked

/** The configuration in the form: {config, problems} or {jsonError}. */
function checkConfigText() {
  let config;
  try {
    config = JSON.parse($("config").value);
  } catch (e) {
    return { jsonError: "This is not valid JSON: " + e.message };
  }
  return { config, problems: configProblems(config) };
}

const asArray = (v) => (Array.isArray(v) ? v : []);

/** A widget's name: its root card's title (or the wrapper's), else its id. */
function widgetName(w, i) {
  const t = w?.template;
  const titled = t && typeof t === "object" ? [t, ...asArray(t.widgets)].find((n) => n && typeof n.title === "string" && n.title.trim()) : null;
  return titled ? titled.title.trim() : `Widget ${w?.id ?? i + 1}`;
}

const VIEWS = { ticket: "ticket", customer: "customer", user: "customer (\"user\")" };

/** Lists the widgets with their integration, view and errors; the other errors go under the JSON. */
function showConfig() {
  const { config, problems, jsonError } = checkConfigText();
  const list = $("widgets");
  list.replaceChildren();
  if (jsonError) {
    setError($("config"), "config-error", jsonError);
    list.append(li("widget__ok", "Fix the JSON below to see the widgets."));
    return { ok: false };
  }
  const byWidget = new Map();
  const general = [];
  for (const p of problems) {
    const i = widgetIndexOf(p);
    if (i === null) general.push(p);
    else byWidget.set(i, [...(byWidget.get(i) || []), p]);
  }
  const summary = byWidget.size ? [`${byWidget.size === 1 ? "A widget has" : `${byWidget.size} widgets have`} errors: see the list of widgets.`] : [];
  setError($("config"), "config-error", [...general.map((p) => (p.place ? `${p.place}: ` : "") + p.message), ...summary].join(" "));
  const widgets = asArray(config?.widgets);
  const integrations = asArray(config?.integrations);
  if (!widgets.length) list.append(li("widget__ok", "No widgets."));
  widgets.forEach((w, i) => {
    const integ = integrations.find((x) => x && w && String(x.id) === String(w.integration_id));
    const errors = byWidget.get(i) || [];
    const item = document.createElement("li");
    item.dataset.index = String(i);
    item.dataset.invalid = String(errors.length > 0);
    const head = document.createElement("div");
    head.className = "widget__head";
    const name = document.createElement("strong");
    name.className = "widget__name";
    name.textContent = widgetName(w, i);
    const meta = document.createElement("span");
    meta.className = "widget__meta";
    const integText = integ ? `${integ.name || "unnamed"} (${integ.id})` : w?.integration_id !== undefined ? `${w.integration_id} (not among the integrations)` : "none";
    meta.textContent = `integration: ${integText} · view: ${VIEWS[w?.context] || (w?.context ? `"${w.context}"` : "every view")}`;
    head.append(name, meta);
    const link = playgroundLink(config, i);
    if (link) head.append(link);
    const edit = document.createElement("button");
    edit.type = "button";
    edit.className = "edit-visually";
    edit.textContent = "Edit visually";
    edit.setAttribute("aria-label", `Edit ${widgetName(w, i)} visually`);
    edit.addEventListener("click", () => editVisually(i));
    head.append(edit);
    item.append(head);
    const errList = document.createElement("ul");
    errList.className = "widget__errors";
    for (const p of errors) {
      const rest = (p.place || "").replace(/^widgets\[\d+\]\.?/, "");
      errList.append(li("", (rest ? `${rest}: ` : "") + p.message));
    }
    if (errors.length) item.append(errList);
    list.append(item);
  });
  return { ok: problems.length === 0, config };
}

function li(className, text) {
  const el = document.createElement("li");
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

// ------------------------------------------------------------------ the playground

/** The playground's base address from the form, or null when it is not an http(s) address. */
function playgroundBase() {
  const text = $("playground-url").value.trim() || DEFAULT_PLAYGROUND_URL;
  return originOf(text) ? new URL(text) : null;
}

/**
 * "Open in the playground" for a widget: its template, sample data and context, packed in the link,
 * with every hidden value (non-editable action items, integration headers, the proxy token) replaced
 * by a visible marker (redact.js): the link goes to whatever listens at the playground's address.
 */
function playgroundLink(fullConfig, index) {
  const config = configWithoutSecrets(fullConfig);
  const w = config.widgets[index];
  const integ = asArray(config.integrations).find((x) => x && w && String(x.id) === String(w.integration_id));
  const base = playgroundBase();
  if (!base || !w || typeof w.template !== "object" || w.template === null) return null;
  const a = document.createElement("a");
  a.className = "open-playground";
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.textContent = "Open in the playground";
  const id = Number(w.integration_id);
  const data = config.data && typeof config.data === "object" ? config.data[String(w.integration_id)] : undefined;
  const state = {
    template: JSON.stringify(w.template, null, 2),
    data: JSON.stringify(data ?? {}, null, 2),
    context: JSON.stringify(config.context && typeof config.context === "object" ? config.context : {}, null, 2),
    name: integ?.name || "My integration",
    id: Number.isInteger(id) && id > 0 ? id : 1,
  };
  a.dataset.pending = "true";
  packState(state).then((packed) => {
    const url = new URL(base);
    url.hash = "#/playground?state=" + packed;
    a.href = url.href;
    delete a.dataset.pending;
  });
  return a;
}

// ------------------------------------------------------------------ the visual editor

// "Edit visually": the editor's bundle (sidebar-widgets-editor.js, loaded on first use) opens the
// widget with the configuration's integrations, sample data and context; each change is written
// back into the configuration above (Save keeps it, as for a typed change).
let editorLoaded = null;
let visual = null;
let visualIndex = -1;
async function editVisually(index) {
  const { config, jsonError } = checkConfigText();
  const w = asArray(config?.widgets)[index];
  if (jsonError || !w) return;
  try {
    editorLoaded ||= import("./sidebar-widgets-editor.js").then((m) =>
      m.default({ module_or_path: new URL("./sidebar-widgets-editor_bg.wasm", import.meta.url) }));
    await editorLoaded;
  } catch (e) {
    status("The visual editor could not be loaded: " + (e?.message || e));
    return;
  }
  visual?.unmount();
  const mount = $("visual-mount");
  mount.replaceChildren();
  $("visual-title").textContent = `Editing "${widgetName(w, index)}" visually`;
  $("visual").hidden = false;
  visualIndex = index;
  const data = config.data && typeof config.data === "object" ? config.data : {};
  const context = config.context && typeof config.context === "object" ? config.context : {};
  visual = window.SidebarWidgets.edit(mount, { widgets: [w], integrations: asArray(config.integrations), data, context, theme: config.theme });
  $("visual-title").focus();
}
$("visual-mount").addEventListener("sidebar-widgets:change", (e) => {
  const { config } = checkConfigText();
  const widget = e.detail.widgets[0];
  if (!config || !widget || !asArray(config.widgets)[visualIndex]) return;
  config.widgets[visualIndex] = widget;
  $("config").value = JSON.stringify(config, null, 2);
  // The configuration above holds it now (Save keeps it): the editor has nothing of its own to keep.
  visual.saved();
  showConfig();
  status("Edited visually: Save keeps the change.");
});
$("visual-done").addEventListener("click", () => {
  visual?.unmount();
  visual = null;
  $("visual").hidden = true;
  $("widgets").querySelector(`li[data-index="${visualIndex}"] .edit-visually`)?.focus();
});

// ------------------------------------------------------------------ reading and saving the form

/** The settings in the form, or null after marking what is wrong. Synchronous (Save's gesture). */
function read() {
  const checked = showConfig();
  let firstBad = checked.ok ? null : $("config");

  const origins = [];
  const originErrors = [];
  for (const line of $("origins").value.split(/[\n,]+/).map((l) => l.trim()).filter(Boolean)) {
    const { origin, error } = parseOrigin(line);
    if (error) originErrors.push(error);
    else if (!origins.includes(origin)) origins.push(origin);
  }
  setError($("origins"), "origins-error", originErrors.join(" "));
  if (originErrors.length) firstBad ||= $("origins");

  const configUrl = $("config-url").value.trim();
  const urlError = configUrl ? configUrlProblem(configUrl) : "";
  setError($("config-url"), "config-url-error", urlError);
  if (urlError) firstBad ||= $("config-url");

  const playgroundUrl = $("playground-url").value.trim();
  const pgError = playgroundUrl && !originOf(playgroundUrl) ? `"${playgroundUrl}" is not an http(s) address.` : "";
  setError($("playground-url"), "playground-url-error", pgError);
  if (pgError) firstBad ||= $("playground-url");

  const selectors = {};
  for (const key of KEYS) {
    const input = $(`sel-${key}`);
    const problem = selectorProblem(input.value);
    setError(input, `sel-${key}-error`, problem);
    if (problem) firstBad ||= input;
    selectors[key] = input.value.trim();
  }
  if (firstBad) {
    firstBad.focus();
    return null;
  }
  return { config: checked.config, origins, configUrl, playgroundUrl, selectors };
}

$("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  const settings = read();
  if (!settings) {
    status("Not saved: fix the marked fields.");
    return;
  }
  // Host access for the helpdesks (to read their pages) and for the configuration's address (to
  // load it whatever its CORS), asked in the click's gesture, before anything else is awaited.
  const wanted = [...settings.origins, ...(settings.configUrl ? [originOf(settings.configUrl)] : [])];
  const patterns = [...new Set(wanted)].map(originPattern);
  let granted = true;
  try {
    if (patterns.length) granted = await chrome.permissions.request({ origins: patterns });
  } catch (e) {
    granted = false;
    console.warn("sidebar-widgets: chrome.permissions.request failed", e);
  }
  if (!granted) {
    setError($("origins"), "origins-error", `Chrome did not grant access to ${wanted.join(", ")}: the panel could not read those pages.`);
    status("Not saved: access to the helpdesk origins was not granted.");
    return;
  }
  const values = { config: settings.config, selectors: settings.selectors };
  const forget = [];
  for (const [key, value] of [["origins", settings.origins.length ? settings.origins : null], ["configUrl", settings.configUrl || null],
    ["playgroundUrl", settings.playgroundUrl || null], ["configLoadedAt", settings.configUrl ? configLoadedAt : null]]) {
    if (value === null || value === undefined) forget.push(key);
    else values[key] = value;
  }
  await chrome.storage.local.set(values);
  if (forget.length) await chrome.storage.local.remove(forget);
  // Give back the access that no setting needs any more (required ones cannot be removed: fine).
  const before = new Set([...(saved?.origins || []), ...(saved?.configUrl ? [originOf(saved.configUrl)] : [])]);
  const stale = [...before].filter((o) => o && !wanted.includes(o)).map(originPattern);
  if (stale.length) await chrome.permissions.remove({ origins: stale }).catch(() => {});
  saved = await loadSettings();
  status("Saved. Open side panels show it now.");
});

$("reset").addEventListener("click", async () => {
  await chrome.storage.local.remove(["config", "configUrl", "configLoadedAt", "selectors", "playgroundUrl"]);
  saved = await loadSettings();
  fill({ ...saved, config: await defaultConfig() });
  for (const [id, err] of [["config", "config-error"], ["config-url", "config-url-error"], ["playground-url", "playground-url-error"]]) setError($(id), err, "");
  for (const key of KEYS) setError($(`sel-${key}`), `sel-${key}-error`, "");
  status("Reset to the default configuration (the Loop Returns example), selectors and playground address. The helpdesk origins are kept.");
});

// ------------------------------------------------------------------ load, import, export

$("load-url").addEventListener("click", async () => {
  const url = $("config-url").value.trim();
  // Refused before anything is asked or requested: https, or plain http to this computer only.
  const refused = configUrlProblem(url);
  if (refused) {
    setError($("config-url"), "config-url-error", `Not loaded: ${refused}`);
    status("");
    return;
  }
  const origin = originOf(url);
  // Access to that origin lets the extension load it whatever its CORS; without it, CORS decides.
  try { await chrome.permissions.request({ origins: [originPattern(origin)] }); } catch { /* CORS then */ }
  const got = await fetchConfig(url);
  if (got.config || got.problems) {
    $("config").value = JSON.stringify(got.config, null, 2);
    configLoadedAt = Date.now();
    showConfig();
  }
  setError($("config-url"), "config-url-error", got.config ? "" : got.problems ? "It has errors: see the widgets below." : `Not loaded: ${got.error}.`);
  if (got.config) status(`Loaded from ${url}. Save to keep it; the side panel loads it again from there each time it opens.`);
});

$("import").addEventListener("change", async () => {
  const file = $("import").files?.[0];
  if (!file) return;
  $("config").value = await file.text();
  $("import").value = "";
  const { ok } = showConfig();
  status(ok ? `Imported ${file.name}: check it, then Save.` : `Imported ${file.name}, which has errors: see below.`);
});

$("export").addEventListener("click", () => {
  const { config, jsonError } = checkConfigText();
  const text = jsonError ? $("config").value : JSON.stringify(config, null, 2) + "\n";
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  a.download = "sidebar-widgets-config.json";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  status("Exported as sidebar-widgets-config.json. It holds the API keys and the proxy token: keep it private.");
});

let typingTimer = 0;
for (const id of ["config", "playground-url"]) {
  $(id).addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(showConfig, 200);
  });
}

try {
  const [settings] = await Promise.all([loadSettings(), init({ module_or_path: new URL("./sidebar-widgets_bg.wasm", import.meta.url) })]);
  saved = settings;
  fill(settings);
  status(settings.stored ? "" : "Showing the default configuration (the Loop Returns example).");
} catch (e) {
  status("The settings could not be loaded: " + (e?.message || e));
}
document.documentElement.dataset.ready = "true";
