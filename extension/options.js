// The options page: the helpdesk origins (host access requested from Chrome on Save), the
// configuration (JSON, checked with the sidebar's own model) and the page selectors, kept in
// chrome.storage.local. "Reset to default" forgets all but the helpdesk origins.
import init from "./sidebar-widgets.js";
import {
  DEFAULT_SELECTORS, configProblems, defaultConfig, loadSettings, originPattern, parseOrigin, selectorProblem,
} from "./settings.js";

const $ = (id) => document.getElementById(id);
const KEYS = Object.keys(DEFAULT_SELECTORS);
let saved = null; // loadSettings() as last saved

function setError(field, errorId, text) {
  $(errorId).textContent = text;
  field.setAttribute("aria-invalid", text ? "true" : "false");
}

function status(text) {
  $("status").textContent = text;
}

function fill(settings) {
  $("origins").value = settings.origins.join("\n");
  $("config").value = JSON.stringify(settings.config, null, 2);
  for (const key of KEYS) {
    const input = $(`sel-${key}`);
    input.placeholder = DEFAULT_SELECTORS[key];
    input.value = settings.selectors[key] === DEFAULT_SELECTORS[key] ? "" : settings.selectors[key];
  }
}

/** The settings in the form, or null after marking what is wrong. Synchronous (Save's gesture). */
function read() {
  let config = null;
  let problems;
  try {
    config = JSON.parse($("config").value);
    problems = configProblems(config).map((p) => (p.place ? `${p.place}: ` : "") + p.message);
  } catch (e) {
    problems = ["This is not valid JSON: " + e.message];
  }
  setError($("config"), "config-error", problems.join(" "));
  let firstBad = problems.length ? $("config") : null;

  const origins = [];
  const originErrors = [];
  for (const line of $("origins").value.split(/[\n,]+/).map((l) => l.trim()).filter(Boolean)) {
    const { origin, error } = parseOrigin(line);
    if (error) originErrors.push(error);
    else if (!origins.includes(origin)) origins.push(origin);
  }
  setError($("origins"), "origins-error", originErrors.join(" "));
  if (originErrors.length) firstBad ||= $("origins");

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
  return { config, origins, selectors };
}

$("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  const settings = read();
  if (!settings) {
    status("Not saved: fix the marked fields.");
    return;
  }
  // Host access for the helpdesks, to read their pages: asked in the click's gesture, before
  // anything else is awaited.
  const patterns = settings.origins.map(originPattern);
  let granted = true;
  try {
    if (patterns.length) granted = await chrome.permissions.request({ origins: patterns });
  } catch (e) {
    granted = false;
    console.warn("sidebar-widgets: chrome.permissions.request failed", e);
  }
  if (!granted) {
    setError($("origins"), "origins-error", `Chrome did not grant access to ${settings.origins.join(", ")}: the panel could not read those pages.`);
    status("Not saved: access to the helpdesk origins was not granted.");
    return;
  }
  await chrome.storage.local.set({ config: settings.config, selectors: settings.selectors });
  if (settings.origins.length) await chrome.storage.local.set({ origins: settings.origins });
  else await chrome.storage.local.remove("origins");
  // Give back the access that no setting needs any more (required ones cannot be removed: fine).
  const stale = (saved?.origins || []).filter((o) => !settings.origins.includes(o)).map(originPattern);
  if (stale.length) await chrome.permissions.remove({ origins: stale }).catch(() => {});
  saved = await loadSettings();
  status("Saved. Open side panels show it now.");
});

$("reset").addEventListener("click", async () => {
  await chrome.storage.local.remove(["config", "selectors"]);
  saved = await loadSettings();
  fill({ ...saved, config: await defaultConfig() });
  setError($("config"), "config-error", "");
  for (const key of KEYS) setError($(`sel-${key}`), `sel-${key}-error`, "");
  status("Reset to the default configuration (the Loop Returns example) and selectors. The helpdesk origins are kept.");
});

try {
  const [settings] = await Promise.all([loadSettings(), init({ module_or_path: new URL("./sidebar-widgets_bg.wasm", import.meta.url) })]);
  saved = settings;
  fill(settings);
  status(settings.stored ? "" : "Showing the default configuration (the Loop Returns example).");
} catch (e) {
  status("The settings could not be loaded: " + (e?.message || e));
}
document.documentElement.dataset.ready = "true";
