// Shared by schema.test.mjs (ajv and the bundle) and schema-check.test.mjs (the playground's
// checker, demo/schema-check.js): templates the JSON Schema (schema/sidebar-widgets.schema.json)
// refuses (after src/model/template.rs, src/model/action.rs), each with where the schema must say
// so, and how the renderer (the bundle's checkOptions and mount) takes the same widget:
//   "node"     refused: checkOptions and the widget's error name the node that holds the error
//   "button"   the template is shown, with that button drawn as an unusable one, saying why
//   "lenient"  the renderer reads it (its default in its place): only the schema refuses it
// Each is wrapped as a widget; the paths are relative to the widget.
export const REFUSED = [
  ["a node that is not an object", { type: "wrapper", widgets: [42] }, "/template/widgets/0", "node"],
  ["a node that is a string", { type: "wrapper", widgets: ["card"] }, "/template/widgets/0", "node"],
  ["a template that is a string", "card with status", "/template", "node"],
  ['"widgets": 5', { type: "wrapper", widgets: 5 }, "/template/widgets", "node"],
  ['"widgets" an object', { type: "wrapper", widgets: { type: "text" } }, "/template/widgets", "node"],
  ['"order": "x"', { type: "wrapper", widgets: [{ type: "text", order: "x" }] }, "/template/widgets/0/order", "node"],
  ['"meta": []', { type: "wrapper", meta: [] }, "/template/meta", "node"],
  ['"meta": "x"', { type: "wrapper", widgets: [{ type: "card", meta: "x" }] }, "/template/widgets/0/meta", "node"],
  ["a title that is an object", { type: "wrapper", widgets: [{ type: "card", title: { en: "x" } }] }, "/template/widgets/0/title", "node"],
  ["a title that is a boolean", { type: "wrapper", widgets: [{ type: "text", title: true }] }, "/template/widgets/0/title", "node"],
  ['"type" a number', { type: "wrapper", widgets: [{ type: 3 }] }, "/template/widgets/0/type", "node"],
  ['"path" an array', { type: "wrapper", widgets: [{ type: "text", path: ["a"] }] }, "/template/widgets/0/path", "node"],
  ["meta.custom not an object", { type: "wrapper", widgets: [{ type: "card", meta: { custom: [] } }] }, "/template/widgets/0/meta/custom", "node"],
  ["meta.custom.links not an array", { type: "wrapper", widgets: [{ type: "card", meta: { custom: { links: { label: "a", url: "https://x.test" } } } }] }, "/template/widgets/0/meta/custom/links", "node"],
  ["a link that is not an object", { type: "wrapper", widgets: [{ type: "card", meta: { custom: { links: ["https://x.test"] } } }] }, "/template/widgets/0/meta/custom/links/0", "node"],
  ["meta.custom.buttons not an array", { type: "wrapper", widgets: [{ type: "card", meta: { custom: { buttons: "Refund" } } }] }, "/template/widgets/0/meta/custom/buttons", "node"],
  ["a button whose action has no url", { type: "wrapper", widgets: [{ type: "card", meta: { custom: { buttons: [{ label: "Go", action: { method: "POST" } }] } } }] }, "/template/widgets/0/meta/custom/buttons/0/action", "button"],
  ["a button whose url is blank", { type: "wrapper", widgets: [{ type: "card", meta: { custom: { buttons: [{ label: "Go", action: { url: "  " } }] } } }] }, "/template/widgets/0/meta/custom/buttons/0/action/url", "button"],
  ["a button without an action", { type: "wrapper", widgets: [{ type: "card", meta: { custom: { buttons: [{ label: "Go" }] } } }] }, "/template/widgets/0/meta/custom/buttons/0", "button"],
  ["an action that is a string", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: "https://x.test" }] } } }, "/template/meta/custom/buttons/0/action", "button"],
  ["an unknown method", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { method: "FETCH", url: "https://x.test" } }] } } }, "/template/meta/custom/buttons/0/action/method", "button"],
  ["a method that is a number", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { method: 1, url: "https://x.test" } }] } } }, "/template/meta/custom/buttons/0/action/method", "button"],
  ["a contentType other than the two", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { method: "POST", url: "https://x.test", body: { contentType: "text/plain" } } }] } } }, "/template/meta/custom/buttons/0/action/body/contentType", "button"],
  ["a body that is a string", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { method: "POST", url: "https://x.test", body: "a=1" } }] } } }, "/template/meta/custom/buttons/0/action/body", "button"],
  ['"application/json" an array', { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { method: "POST", url: "https://x.test", body: { "application/json": [1] } } }] } } }, "/template/meta/custom/buttons/0/action/body/application~1json", "button"],
  ['"params": 5', { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { url: "https://x.test", params: 5 } }] } } }, "/template/meta/custom/buttons/0/action/params", "button"],
  ["a header item that is a string", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { url: "https://x.test", headers: ["X-Key: 1"] } }] } } }, "/template/meta/custom/buttons/0/action/headers/0", "button"],
  ["a form item without key", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { method: "POST", url: "https://x.test", body: { contentType: "application/x-www-form-urlencoded", "application/x-www-form-urlencoded": [{ value: "1" }] } } }] } } }, "/template/meta/custom/buttons/0/action/body/application~1x-www-form-urlencoded/0", "lenient"],
  ["an item type other than text and dropdown", { type: "wrapper", meta: { custom: { buttons: [{ label: "Go", action: { url: "https://x.test", params: [{ key: "a", type: "checkbox", editable: true }] } }] } } }, "/template/meta/custom/buttons/0/action/params/0/type", "lenient"],
  ["a list limit that is not a count", { type: "wrapper", widgets: [{ type: "list", path: "x", meta: { limit: "all" } }] }, "/template/widgets/0/meta/limit", "lenient"],
  ["displayCard that is not a boolean", { type: "wrapper", widgets: [{ type: "card", meta: { displayCard: "no" } }] }, "/template/widgets/0/meta/displayCard", "lenient"],
  ["a colour that is not a string", { type: "wrapper", meta: { color: 255 } }, "/template/meta/color", "lenient"],
];
