// What the options page may send toward the demo playground. "Open in the playground" packs a
// widget's template into a link to an address that is only a setting (http://127.0.0.1:8080/ by
// default: whatever listens there gets it, and the link lands in the browser's history). So
// nothing secret goes with it: every value the sidebar sends but never shows is replaced by
// MARKER, visibly, for the agent to set again in the playground:
//   - in custom action buttons (`meta.custom.buttons[].action`, on any node of the template):
//     the items of `params`, `headers` and `body["application/x-www-form-urlencoded"]` whose
//     `editable` is not true (and every value of those written as a plain {key: value} object);
//   - every integration's `http.headers` value, and the `proxyToken`.
// A value made only of {{variables}} (`{{ticket.customer.email}}`, `{{secret.loop_api_key}}`) is
// kept: it names where the value comes from, and holds none. The configuration itself is never
// changed: this works on a copy.

export const MARKER = "[removed: set it again in the playground]";

/** `{{ anything }}` placeholders, and only them (with spaces). */
const ONLY_VARIABLES = /^\s*(?:\{\{[^{}]*\}\}\s*)+$/;

/** A hidden value as it may leave: kept when it is only variables, else the marker. */
function hide(value) {
  if (value === undefined || value === null || value === "") return value;
  return typeof value === "string" && ONLY_VARIABLES.test(value) ? value : MARKER;
}

/** An action's item list (or {key: value} object) with its hidden values replaced. */
function hideItems(items) {
  if (Array.isArray(items)) {
    return items.map((item) => {
      if (!item || typeof item !== "object" || Array.isArray(item)) return hide(item);
      return item.editable === true || !("value" in item) ? item : { ...item, value: hide(item.value) };
    });
  }
  if (items && typeof items === "object") return Object.fromEntries(Object.entries(items).map(([k, v]) => [k, hide(v)]));
  return hide(items);
}

/** Integration headers: every value is sent and never shown, whatever else an item says. */
function hideAll(headers) {
  if (Array.isArray(headers)) return headers.map((h) => (h && typeof h === "object" && "value" in h ? { ...h, value: hide(h.value) } : hide(h)));
  if (headers && typeof headers === "object") return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, hide(v)]));
  return hide(headers);
}

function hideAction(action) {
  if (!action || typeof action !== "object" || Array.isArray(action)) return action;
  const out = { ...action };
  for (const key of ["params", "headers"]) if (key in out) out[key] = hideItems(out[key]);
  const form = "application/x-www-form-urlencoded";
  if (out.body && typeof out.body === "object" && !Array.isArray(out.body) && form in out.body) {
    out.body = { ...out.body, [form]: hideItems(out.body[form]) };
  }
  return out;
}

/** A template (any JSON) with every button's action redacted, wherever in it the button is. */
export function templateWithoutSecrets(node) {
  if (Array.isArray(node)) return node.map(templateWithoutSecrets);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "buttons" && Array.isArray(value)) {
      out[key] = value.map((b) => (b && typeof b === "object" && !Array.isArray(b) && "action" in b
        ? templateWithoutSecrets({ ...b, action: hideAction(b.action) })
        : templateWithoutSecrets(b)));
    } else {
      out[key] = templateWithoutSecrets(value);
    }
  }
  return out;
}

/** The configuration as the playground may see it: templates, integration headers and the proxy token redacted. */
export function configWithoutSecrets(config) {
  if (!config || typeof config !== "object" || Array.isArray(config)) return config;
  const out = { ...config };
  if (Array.isArray(out.widgets)) {
    out.widgets = out.widgets.map((w) => (w && typeof w === "object" && !Array.isArray(w) ? { ...w, template: templateWithoutSecrets(w.template) } : w));
  }
  if (Array.isArray(out.integrations)) {
    out.integrations = out.integrations.map((i) => {
      if (!i || typeof i !== "object" || !i.http || typeof i.http !== "object" || !("headers" in i.http)) return i;
      return { ...i, http: { ...i.http, headers: hideAll(i.http.headers) } };
    });
  }
  if ("proxyToken" in out && out.proxyToken !== "" && out.proxyToken !== null) out.proxyToken = MARKER;
  return out;
}
