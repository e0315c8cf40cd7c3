// The options page: the configuration (JSON, validated) and the page selectors, kept in
// chrome.storage.local. "Reset to default" forgets both: the bundled default-config.json applies.
import { DEFAULT_SELECTORS, configProblems, defaultConfig, loadConfig, loadSelectors, selectorProblem } from "./settings.js";

const $ = (id) => document.getElementById(id);
const KEYS = Object.keys(DEFAULT_SELECTORS);

function setError(field, errorId, text) {
  $(errorId).textContent = text;
  field.setAttribute("aria-invalid", text ? "true" : "false");
}

function fill(config, selectors) {
  $("config").value = JSON.stringify(config, null, 2);
  for (const key of KEYS) {
    const input = $(`sel-${key}`);
    input.placeholder = DEFAULT_SELECTORS[key];
    input.value = selectors[key] === DEFAULT_SELECTORS[key] ? "" : selectors[key];
  }
}

/** The settings in the form, or null after marking what is wrong. */
function read() {
  let config = null;
  let problems;
  try {
    config = JSON.parse($("config").value);
    problems = configProblems(config);
  } catch (e) {
    problems = ["This is not valid JSON: " + e.message];
  }
  setError($("config"), "config-error", problems.join(" "));
  let firstBad = problems.length ? $("config") : null;
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
  return { config, selectors };
}

function status(text) {
  $("status").textContent = text;
}

$("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  const settings = read();
  if (!settings) {
    status("Not saved: fix the marked fields.");
    return;
  }
  await chrome.storage.local.set(settings);
  status("Saved. Open side panels show it now.");
});

$("reset").addEventListener("click", async () => {
  await chrome.storage.local.remove(["config", "selectors"]);
  fill(await defaultConfig(), DEFAULT_SELECTORS);
  setError($("config"), "config-error", "");
  for (const key of KEYS) setError($(`sel-${key}`), `sel-${key}-error`, "");
  status("Reset to the default configuration (the Loop Returns example) and selectors.");
});

const [{ config, stored }, selectors] = await Promise.all([loadConfig(), loadSelectors()]);
fill(config, selectors);
status(stored ? "" : "Showing the default configuration (the Loop Returns example).");
document.documentElement.dataset.ready = "true";
