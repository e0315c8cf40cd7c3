// A TypeScript host page that uses every part of the package's types; it must compile with
// `tsc --noEmit --strict` (tests/e2e/types.test.mjs), resolving "sidebar-widgets" through the
// package's `exports`.
import init, { initSync } from "sidebar-widgets";
import type {
  ActionEventDetail, CustomAction, Integration, MessageKey, Messages, OptionsProblem, ProxyEnvelope, SidebarContext,
  SidebarHandle, SidebarOptions, SidebarWidgetsActionEvent, SidebarWidgetsApi, TemplateNode, Theme, TriggerName, View, Widget,
} from "sidebar-widgets";
import "sidebar-widgets/element";
import type { SidebarWidgetsElement } from "sidebar-widgets/element";
import schema from "sidebar-widgets/schema" with { type: "json" };

// ------------------------------------------------------------ templates (the seed's shapes)

const returnsCard: TemplateNode = {
  type: "card",
  title: "Return {{order_name}}: {{state}}",
  meta: { displayCard: true, link: "https://admin.loopreturns.com/returns/{{id}}" },
  widgets: [
    { order: 0, path: "created_at", title: "Created at", type: "date" },
    { order: 1, path: "label_status", title: "Label status", type: "text" },
    { path: "tags", type: "array", meta: { hideIfEmpty: true } },
    { path: "note", title: "Note", meta: { limit: 42 } },
    { path: "mrr", type: "currency" }, // unknown types are allowed (shown as text)
  ],
};

const refund: CustomAction = {
  method: "POST",
  url: "https://api.example.com/orders/{{id}}/refunds",
  params: [{ key: "notify", label: "Notify", value: "yes;no", type: "dropdown", editable: true, mandatory: false }],
  headers: [{ key: "X-Api-Key", value: "{{secret.SHOP_KEY}}", editable: false }],
  body: {
    contentType: "application/x-www-form-urlencoded",
    "application/json": {},
    "application/x-www-form-urlencoded": [{ key: "amount", label: "Amount", value: "{{total_price}}", editable: true, mandatory: true }],
  },
};

const template: TemplateNode = {
  type: "wrapper",
  meta: { color: "#7c3aed" },
  widgets: [
    {
      type: "card",
      title: "Loop Returns",
      path: "",
      meta: {
        displayCard: true,
        link: "https://STORENAME.loopreturns.com/#/",
        pictureUrl: "https://example.com/icon.svg",
        custom: {
          links: [{ label: "Open in Loop", url: "https://admin.loopreturns.com/customers/{{ticket.customer.email}}" }],
          buttons: [
            { label: "Refund", action: refund },
            { label: "Ping", action: { method: "get", url: "https://api.example.com/ping", params: { source: "sidebar" } } },
            { label: "JSON", action: { method: "PATCH", url: "https://api.example.com/x", body: { contentType: "application/json", "application/json": { a: "{{id}}" } } } },
          ],
        },
      },
      widgets: [
        { path: "status", title: "Status", type: "text" },
        { type: "list", path: "data", meta: { limit: "", orderBy: "-created_at" }, widgets: [returnsCard] },
      ],
    },
  ],
};

const widget: Widget = { id: 1, context: "ticket", type: "http", integration_id: 123, order: 0, template };
const customerWidget: Widget = { context: "customer", integration_id: "123", template: { type: "wrapper" } };

const integration: Integration = {
  id: 123,
  name: "Loop Returns",
  type: "http",
  http: {
    url: "https://api.loopreturns.com/api/v2/returns?customer_email={{ticket.customer.email}}",
    method: "GET",
    headers: { "X-Authorization": "{{secret.LOOP_KEY}}" },
    request_content_type: "application/json",
    response_content_type: "application/json",
    form: null,
    triggers: { "ticket-created": true, "ticket-message-created": true, ticket_updated: false },
  },
};

// Every message key, so that a key dropped from MessageKey fails here.
const french: Required<Messages> = {
  editFields: "Modifier les champs", execute: "Exécuter", cancel: "Annuler", executing: "Exécution…", more: "{n} de plus",
  retry: "Réessayer", loading: "Chargement de {name}…", loadFailed: "{name} : {reason}", refreshFailed: "Actualisation de {name} impossible : {reason}",
  copyValue: "Copier", copied: "Copié", true: "Vrai", false: "Faux", positive: "Positif", negative: "Négatif", inconclusive: "Neutre",
  todayAt: "Aujourd'hui à {time}", yesterdayAt: "Hier à {time}", weekdayAt: "{weekday} à {time}", expand: "Déplier", collapse: "Replier",
  required: "Champ obligatoire.", widgetError: "Ce widget ne peut pas être affiché.", actionDone: "{label} : fait (HTTP {status})",
  actionFailed: "{label} a échoué : {reason}", unusableButton: "Bouton inutilisable", refusedLink: "Lien refusé", rating: "Noté {value} sur 5",
  thisWidget: "ce widget", errNetwork: "erreur réseau", errTimeout: "délai dépassé ({s} s)", errCutOff: "réponse coupée",
  errBrowserRefused: "requête refusée par le navigateur", errServer: "HTTP {status} (erreur du serveur)", errRefused: "HTTP {status} (refusée)",
  errInvalidJson: "JSON invalide ({reason})", errProxy: "refusée par le proxy (HTTP {status}) : {reason}", errMissing: "« {label} » est obligatoire.",
  errUrl: "Adresse refusée : {url}", errDotSegment: "Adresse refusée (« . » ou « .. »).", errVariableOrigin: "Origine venue des données.",
  errSecretNoProxy: "Secret sans proxy.", errSecretInUrl: "Secret dans l'adresse.", errNotSent: "Non envoyé : {reason}.",
  errUndeclaredSecret: "Non envoyé : {place} contient un faux secret.", errRedirect: "redirection non suivie (HTTP {status})",
};
const keys: MessageKey[] = Object.keys(french) as MessageKey[];

const context: SidebarContext = {
  ticket: { id: 4521, customer: { email: "jane@example.com" } },
  customer: { id: 88 },
  current_user: { name: "Alex Martin", firstname: "Alex", lastname: "Martin", email: "alex@example.com", role: "agent" },
};
const view: View = "ticket";
const theme: Theme = "auto";

const options: SidebarOptions = {
  widgets: [widget, customerWidget],
  integrations: [integration],
  data: { 123: { status: "ok", data: [] } },
  context,
  view,
  theme,
  proxy: "https://helpdesk.example.com/sidebar-proxy",
  actionProxy: "https://helpdesk.example.com/sidebar-proxy",
  proxyToken: "token",
  actionTimeout: 30000,
  locale: "fr",
  messages: { ...french, retry: "Encore" },
};

// ------------------------------------------------------------ the module, the API, the handle

export async function start(root: HTMLElement, wasmBytes: ArrayBuffer): Promise<void> {
  document.addEventListener("sidebar-widgets:ready", (e) => {
    const ready: Event = e;
    console.log(ready.type, window.SidebarWidgets.version);
  });
  await init();
  await init({ module_or_path: new URL("./node_modules/sidebar-widgets/sidebar-widgets_bg.wasm", import.meta.url) });
  await init({ module_or_path: fetch("/sidebar-widgets_bg.wasm") });
  initSync({ module: wasmBytes });

  const api: SidebarWidgetsApi = window.SidebarWidgets;
  const version: string = api.version;
  const problems: OptionsProblem[] = api.checkOptions(options);
  const fromJson: OptionsProblem[] = api.checkOptions(JSON.parse("{}"));
  for (const p of [...problems, ...fromJson]) console.warn(`${p.place}: ${p.message}`);

  const handle: SidebarHandle = api.mount(root, options);
  handle.update({ data: { 123: { status: "refunded" } } });
  handle.update({ theme: "dark", view: "customer", locale: "de-CH", messages: { retry: "Nochmal" }, data: null, proxy: null });
  const triggers: TriggerName[] = ["ticket-created", "ticket-updated", "ticket-self-unsnoozed", "ticket-message-created",
    "ticket-message-failed", "ticket-assignment-updated", "ticket-status-updated"];
  let refetched: number = 0;
  for (const t of triggers) refetched += handle.trigger(t);
  refetched += handle.trigger("ticket_status_updated");
  refetched += handle.trigger("my-own-event");

  root.addEventListener("sidebar-widgets:action", (e) => {
    const detail: ActionEventDetail = e.detail;
    const status: number | null = detail.status;
    const error: string | null = detail.error;
    console.log(detail.widget, detail.button, detail.method.toLowerCase(), detail.url, status, detail.ok, error, e.bubbles);
  });
  document.addEventListener("sidebar-widgets:action", (e: SidebarWidgetsActionEvent) => e.detail.ok);
  window.addEventListener("sidebar-widgets:action", (e) => e.detail.url);

  const stillMounted: boolean = handle.mounted;
  handle.unmount();
  console.log(version, refetched, stillMounted, keys.length);

  // ---------------------------------------------------------- the element
  const el: SidebarWidgetsElement = document.createElement("sidebar-widgets");
  el.setAttribute("src", "/sidebar-config.json");
  el.setAttribute("theme", "dark");
  el.setAttribute("view", "customer");
  el.toggleAttribute("allow-cross-origin-src", true);
  el.config = options;
  el.config = null;
  document.body.append(el);
  const found = document.querySelector("sidebar-widgets");
  if (found) {
    found.config = { ...options, theme: "light" };
    found.handle?.trigger("ticket-updated");
    const h: SidebarHandle | null = found.handle;
    console.log(h?.mounted);
  }
  el.addEventListener("sidebar-widgets:action", (e) => console.log(e.detail.status ?? "no answer"));

  // ---------------------------------------------------------- the schema and the proxy envelope
  console.log(schema.$schema);
  const envelope: ProxyEnvelope = {
    method: "POST", url: "https://api.example.com/x", params: { a: "1" }, headers: {}, form: null, json: { a: 1 },
    content_type: "application/json",
  };
  console.log(envelope);
}

// ------------------------------------------------------------ the visual editor (sidebar-widgets/editor)

import initEditor from "sidebar-widgets/editor";
import type { ChangeEventDetail, EditorHandle, EditorOptions, SidebarWidgetsEditorApi } from "sidebar-widgets/editor";

async function openEditor(el: HTMLElement, widgets: Widget[], integrations: Integration[]): Promise<EditorHandle> {
  await initEditor();
  const api = window.SidebarWidgets as SidebarWidgetsEditorApi;
  const options: EditorOptions = { widgets, integrations, data: { "123": { status: "success" } }, theme: "dark" };
  const editor = api.edit(el, options);
  el.addEventListener("sidebar-widgets:change", (e) => {
    const detail: ChangeEventDetail = e.detail;
    const first: Widget | undefined = detail.widgets[0];
    const changed: Widget | null = detail.widget;
    console.log(first?.template, changed, detail.integrations.length);
  });
  const undone: boolean = editor.undo();
  const redone: boolean = editor.redo();
  editor.setWidgets(editor.widgets());
  const all: Integration[] = editor.integrations();
  editor.saved();
  if (!undone && !redone && all.length === 0 && editor.mounted) editor.unmount();
  return editor;
}
void openEditor;
