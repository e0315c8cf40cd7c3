// What the extension keeps in chrome.storage.local, shared by the side panel and the options page:
//   config:    the sidebar's mount options (widgets, integrations, data, context, view, theme,
//              actionProxy); when absent, the bundled default-config.json (the Loop Returns example)
//   selectors: the CSS selectors content.js reads the page with ({email, ticketId, name})

export const DEFAULT_SELECTORS = Object.freeze({
  email: '[data-customer-email], .customer-email, [itemprop="email"]',
  ticketId: "[data-ticket-id], .ticket-id",
  name: "[data-customer-name], .customer-name",
});

export async function defaultConfig() {
  const res = await fetch(chrome.runtime.getURL("default-config.json"));
  if (!res.ok) throw new Error(`default-config.json: HTTP ${res.status}`);
  return res.json();
}

/** The configuration and where it came from: {config, stored: true|false}. */
export async function loadConfig() {
  const { config } = await chrome.storage.local.get("config");
  if (config && typeof config === "object") return { config, stored: true };
  return { config: await defaultConfig(), stored: false };
}

/** The selectors, each falling back to its default when not set. */
export async function loadSelectors() {
  const { selectors } = await chrome.storage.local.get("selectors");
  const out = { ...DEFAULT_SELECTORS };
  for (const key of Object.keys(out)) {
    const value = selectors?.[key];
    if (typeof value === "string" && value.trim()) out[key] = value.trim();
  }
  return out;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The problems with a configuration (mount options), as sentences; empty when it is usable. */
export function configProblems(config) {
  if (!isObject(config)) return ["The configuration must be a JSON object ({ ... })."];
  const problems = [];
  if (!Array.isArray(config.widgets)) {
    problems.push('"widgets" must be an array of widgets.');
  } else {
    config.widgets.forEach((w, i) => {
      if (!isObject(w)) problems.push(`widgets[${i}] must be an object.`);
      else if (!isObject(w.template)) problems.push(`widgets[${i}] has no "template" object.`);
    });
  }
  if (config.integrations !== undefined) {
    if (!Array.isArray(config.integrations)) problems.push('"integrations" must be an array.');
    else if (config.integrations.some((i) => !isObject(i) || i.id === undefined)) {
      problems.push('Each integration must be an object with an "id".');
    }
  }
  for (const key of ["data", "context"]) {
    if (config[key] !== undefined && config[key] !== null && !isObject(config[key])) {
      problems.push(`"${key}" must be an object.`);
    }
  }
  if (config.view !== undefined && !["ticket", "customer"].includes(config.view)) {
    problems.push('"view" must be "ticket" or "customer".');
  }
  if (config.theme !== undefined && !["light", "dark", "auto"].includes(config.theme)) {
    problems.push('"theme" must be "light", "dark" or "auto".');
  }
  if (config.actionProxy !== undefined && config.actionProxy !== null && typeof config.actionProxy !== "string") {
    problems.push('"actionProxy" must be a URL.');
  }
  return problems;
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
