// GENERATED from schema/sidebar-widgets.schema.json by types/generate.mjs: do not edit by hand.
// Change the schema, then run `node types/generate.mjs` (tests/e2e/types.test.mjs checks that
// this file is what the schema gives). The mount options and the Gorgias template shapes; the
// package's types (sidebar-widgets.d.ts) re-export them.

/**
 * A sidebar-widgets (Gorgias-style) widget template file: one widget ({template, …}), an array of widgets, a whole options object ({widgets, integrations, …}), or a bare template node ({type: "wrapper", widgets: […]}).
 */
export type TemplateFile = Widgets | Widget | TemplateNode | SidebarOptions;
/**
 * The node's settings: color, link, pictureUrl, displayCard, limit, orderBy, hideIfEmpty and custom (links and buttons).
 */
export type NodeMeta = {
  /**
   * A CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(), hsla() or a named colour): on the wrapper, the widget's accent border; on a card, its icon's tile. Anything else is ignored.
   */
  color?: string | null;
  /**
   * Turns a card's title into a link (new tab); {{variables}} from the card's data. http, https or mailto only.
   */
  link?: string | null;
  /**
   * An icon before a card's title (http or https).
   */
  pictureUrl?: string | null;
  /**
   * false: a card shows its content alone, without frame or header. Default true.
   */
  displayCard?: true | false | "true" | "false" | null;
  /**
   * List: how many items show at first (default 3; a "N more" control shows more). Field: at most that many characters, with an ellipsis and the full value on hover. A number or a numeric string; "" or 0 means the default.
   */
  limit?: number | string | null;
  /**
   * List: sorts the items by a key of theirs first: -key descending, +key or key ascending; missing keys sort last.
   */
  orderBy?: string | null;
  /**
   * A field or list with no value is not rendered at all (instead of showing -).
   */
  hideIfEmpty?: true | false | "true" | "false" | null;
  custom?: CustomActions;
} | null;
/**
 * Custom links and buttons, on a root card (a direct child of the wrapper, or the item card of such a list) or on the wrapper itself. They show where the card header shows.
 */
export type CustomActions = {
  /**
   * Links opened in a new tab.
   */
  links?: CustomLink[] | null;
  /**
   * Buttons that send an HTTP request.
   */
  buttons?: CustomButton[] | null;
} | null;
/**
 * A list of {key, label, value, editable, mandatory, type} items, or a plain {key: value} object (sent, never shown).
 */
export type ActionItems =
  | ActionItem[]
  | {
      [k: string]: string | number | boolean | null | undefined;
    }
  | null;
/**
 * The body, sent by POST, PUT and PATCH: contentType picks which of the two.
 */
export type ActionBody = {
  /**
   * application/json (default) or application/x-www-form-urlencoded, in any letter case, optionally with parameters (; charset=utf-8).
   */
  contentType?: "application/json" | "application/x-www-form-urlencoded" | null;
  /**
   * The JSON body; {{variables}} are resolved in every string value.
   */
  "application/json"?: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * The form body's items.
   */
  "application/x-www-form-urlencoded"?: ActionItems;
} | null;
/**
 * Widgets, as the Gorgias API returns them. Only those of the current view show, by ascending order.
 */
export type Widgets = Widget[];

/**
 * A widget: {id, context, type, integration_id, order, template}, the body of Gorgias's POST /api/widgets. Its template renders its integration's data.
 */
export interface Widget {
  /**
   * The widget's id: a stable key, named in action events and error messages.
   */
  id?: number | string | null;
  /**
   * The sidebar it belongs to: "ticket", "customer" or "user" (an old name of "customer"). Without one it shows in every view.
   */
  context?: "ticket" | "customer" | "user";
  /**
   * The integration's kind, e.g. "http".
   */
  type?: string | null;
  /**
   * The integration whose data the template renders (123 and "123" are the same).
   */
  integration_id?: number | string | null;
  /**
   * Widgets show by ascending order.
   */
  order?: number | null;
  template: TemplateNode;
}
/**
 * A node of the template tree: {type, title, path, order, meta, widgets}. The root is a wrapper; a card is a section with a header; a list renders its first child once per item of an array; any other type is a field shown as "Title: value". Unknown keys are ignored.
 */
export interface TemplateNode {
  /**
   * wrapper (the widget's panel), card (a section with header and content), list (its first child once per array item), or a field: text, boolean, date, age, url, email, array, sentiment, rating, points, percent. Missing: a field whose type is guessed from the value. Unknown: shown as text, with a console warning.
   */
  type?:
    | "wrapper"
    | "card"
    | "list"
    | "text"
    | "boolean"
    | "date"
    | "age"
    | "url"
    | "email"
    | "array"
    | "sentiment"
    | "rating"
    | "points"
    | "percent"
    | (string & {})
    | null;
  /**
   * A card's title or a field's label. In a card's title: {{variables}} from the card's data (then the ticket, customer and current_user), filters (|fallback("…"), |datetime_format("…")), and :shortcode: icons (:cart:, :refund:, …); a field's label is shown as written. A field without a title is labelled with its path's last key; a root card without one takes the integration's name.
   */
  title?: string | number | null;
  /**
   * What this node shows, relative to its parent's data: a key, or "" (or nothing) for the parent's data itself. If no key has that exact name, a dotted path with [n] indexes (loyalty.points_balance, items[0].sku).
   */
  path?: string | number | null;
  /**
   * Siblings show by ascending order; without one, in array order (ties keep array order).
   */
  order?: number | null;
  meta?: NodeMeta;
  /**
   * The children. A list renders only its first child, once per item.
   */
  widgets?: TemplateNode[] | null;
}
/**
 * A link: {label, url}, both with {{variables}} from the card's data plus ticket, customer, current_user, $listIndex, $integrationId and $appId.
 */
export interface CustomLink {
  /**
   * The link's text.
   */
  label: string | number;
  /**
   * http, https or mailto; anything else is refused (the label shows without a link).
   */
  url: string;
}
/**
 * A button: {label, action}. A click sends the action's request, after an "Edit fields" form when some item is editable or a dropdown.
 */
export interface CustomButton {
  /**
   * The button's text, with {{variables}}.
   */
  label: string | number;
  action: CustomAction;
}
/**
 * The request a button sends: {method, url, params, headers, body}. Variables see the card's data plus ticket, customer, current_user, $listIndex, $integrationId, $appId; {{secret.NAME}} is left for the proxy to fill in.
 */
export interface CustomAction {
  /**
   * GET (default), POST, PUT, PATCH or DELETE, in any letter case. Only POST, PUT and PATCH send a body.
   */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "get" | "post" | "put" | "patch" | "delete" | null;
  /**
   * The address, with {{variables}} (percent-encoded); http or https.
   */
  url: string;
  /**
   * Merged into the URL's query string.
   */
  params?: ActionItems;
  /**
   * Request headers.
   */
  headers?: ActionItems;
  body?: ActionBody;
}
/**
 * One item sent with the request. Items that are neither editable nor a dropdown are sent but never shown anywhere in the page (they may hold API keys).
 */
export interface ActionItem {
  /**
   * The parameter, header or form field name.
   */
  key: string | number;
  /**
   * The input's label in the "Edit fields" form (default: the key).
   */
  label?: string | number | null;
  /**
   * The value, with {{variables}}. A dropdown's value lists its choices separated by ; (at most 10).
   */
  value?: string | number | boolean | null;
  /**
   * Shown in the "Edit fields" form, pre-filled with the value.
   */
  editable?: true | false | "true" | "false" | null;
  /**
   * The form refuses to send it empty; a mandatory dropdown preselects its first choice.
   */
  mandatory?: true | false | "true" | "false" | null;
  /**
   * text (default) or dropdown.
   */
  type?: "text" | "dropdown" | null;
}
/**
 * The options of SidebarWidgets.mount (and of a <sidebar-widgets> element's config or src file): the widgets, the integrations they take their data from, and how the sidebar is shown.
 */
export interface SidebarOptions {
  widgets?: Widgets;
  /**
   * The HTTP integrations the widgets take their data from, as the Gorgias API returns them.
   */
  integrations?: Integration[];
  /**
   * Integration data keyed by integration id ({"123": {...}}). Integrations whose data is not given are requested by the sidebar (their http.url).
   */
  data?: {
    [k: string]: unknown | undefined;
  } | null;
  context?: SidebarContext;
  /**
   * Which sidebar is shown: "ticket" (default) or "customer" ("user" is its old name). Only widgets of that context show.
   */
  view?: "ticket" | "customer" | "user";
  /**
   * "light", "dark", or "auto" (default: follows the system).
   */
  theme?: "light" | "dark" | "auto";
  /**
   * URL of the host's proxy: integration requests and custom actions are POSTed there as the envelope {method, url, params, headers, form, json, content_type} instead of being sent from the browser, so that targets without CORS work and {{secret.NAME}} placeholders are filled in there.
   */
  proxy?: string | null;
  /**
   * The older name of proxy.
   */
  actionProxy?: string | null;
  /**
   * Sent to the proxy with each call.
   */
  proxyToken?: string | null;
  /**
   * Milliseconds before an integration request or a custom action is aborted (default 30000).
   */
  actionTimeout?: number;
  /**
   * BCP 47 language tag ("fr", "de-CH") of the sidebar's own words and of date and number formats; default the browser's. Built-in words: en, fr, de, es.
   */
  locale?: string;
  messages?: Messages;
}
/**
 * An HTTP integration, as the Gorgias API returns it: {id, name, type, http}.
 */
export interface Integration {
  /**
   * Widgets name it by integration_id (123 and "123" are the same).
   */
  id: number | string;
  /**
   * Titles the root cards of its widgets that have no title of their own.
   */
  name?: string;
  /**
   * "http".
   */
  type?: string;
  http: IntegrationHttp;
}
/**
 * How the sidebar requests the integration's data when options.data does not have it.
 */
export interface IntegrationHttp {
  /**
   * With {{ticket.…}}, {{customer.…}} and {{current_user.…}} variables, percent-encoded (e.g. …?email={{ticket.customer.email}}); http or https.
   */
  url: string;
  /**
   * GET (default), POST, PUT, PATCH or DELETE, in any letter case.
   */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "get" | "post" | "put" | "patch" | "delete";
  /**
   * Request headers, values with variables.
   */
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * How form is sent: application/json (default) or application/x-www-form-urlencoded.
   */
  request_content_type?: string;
  /**
   * The answer must be JSON.
   */
  response_content_type?: string;
  /**
   * The body of non-GET requests, its strings resolved with variables.
   */
  form?: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * Helpdesk events that make the sidebar request it again (handle.trigger): ticket-created, ticket-updated, ticket-self-unsnoozed, ticket-message-created, ticket-message-failed, ticket-assignment-updated, ticket-status-updated (underscores work too).
   */
  triggers?: {
    /**
     * true: the sidebar requests this integration again on ticket-created (handle.trigger("ticket-created")).
     */
    "ticket-created"?: boolean;
    /**
     * true: the sidebar requests this integration again on ticket-updated (handle.trigger("ticket-updated")).
     */
    "ticket-updated"?: boolean;
    /**
     * true: the sidebar requests this integration again on ticket-self-unsnoozed (handle.trigger("ticket-self-unsnoozed")).
     */
    "ticket-self-unsnoozed"?: boolean;
    /**
     * true: the sidebar requests this integration again on ticket-message-created (handle.trigger("ticket-message-created")).
     */
    "ticket-message-created"?: boolean;
    /**
     * true: the sidebar requests this integration again on ticket-message-failed (handle.trigger("ticket-message-failed")).
     */
    "ticket-message-failed"?: boolean;
    /**
     * true: the sidebar requests this integration again on ticket-assignment-updated (handle.trigger("ticket-assignment-updated")).
     */
    "ticket-assignment-updated"?: boolean;
    /**
     * true: the sidebar requests this integration again on ticket-status-updated (handle.trigger("ticket-status-updated")).
     */
    "ticket-status-updated"?: boolean;
    [k: string]: boolean | undefined;
  };
}
/**
 * What templates, links, buttons and integration URLs may refer to as {{ticket.…}}, {{customer.…}} and {{current_user.…}}.
 */
export interface SidebarContext {
  /**
   * The open ticket, as the helpdesk has it ({{ticket.customer.email}} is what integrations usually need).
   */
  ticket?: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * The customer; without it, ticket.customer is used.
   */
  customer?: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * The agent using the sidebar. Templates see only name, firstname, lastname and email; any other key resolves to nothing.
   */
  current_user?: {
    /**
     * {{current_user.name}}; made from firstname and lastname when missing.
     */
    name?: string | null;
    /**
     * {{current_user.firstname}}; the first word of name when missing.
     */
    firstname?: string | null;
    /**
     * {{current_user.lastname}}; the rest of name when missing.
     */
    lastname?: string | null;
    /**
     * {{current_user.email}}.
     */
    email?: string | null;
    [k: string]: unknown | undefined;
  } | null;
}
/**
 * Replacements for the sidebar's own words, by key; missing keys keep the locale's text. Placeholders in braces are filled in by the sidebar.
 */
export interface Messages {
  /**
   * Default: "Edit fields". The title of the form a button opens when it has editable items.
   */
  editFields?: string;
  /**
   * Default: "Execute". The form's send button.
   */
  execute?: string;
  /**
   * Default: "Cancel". The form's cancel button.
   */
  cancel?: string;
  /**
   * Default: "Executing action…". A button's text while its request is in flight.
   */
  executing?: string;
  /**
   * Default: "{n} more". A list's control that shows more items; {n} is how many are still hidden.
   */
  more?: string;
  /**
   * Default: "Retry". The control that requests an integration again after a failure.
   */
  retry?: string;
  /**
   * Default: "Loading {name}…". The placeholder while an integration loads; {name} is its name.
   */
  loading?: string;
  /**
   * Default: "{name}: {reason}". A failed integration request.
   */
  loadFailed?: string;
  /**
   * Default: "Could not refresh {name}: {reason}". A failed refresh; the data already shown stays.
   */
  refreshFailed?: string;
  /**
   * Default: "Copy value". The copy-to-clipboard control of a field.
   */
  copyValue?: string;
  /**
   * Default: "Copied". The copy control, just after copying.
   */
  copied?: string;
  /**
   * Default: "True". A boolean field that is true.
   */
  true?: string;
  /**
   * Default: "False". A boolean field that is false.
   */
  false?: string;
  /**
   * Default: "Positive". A sentiment field of 0.4 or more.
   */
  positive?: string;
  /**
   * Default: "Negative". A sentiment field of -0.4 or less.
   */
  negative?: string;
  /**
   * Default: "Inconclusive". A sentiment field between the two.
   */
  inconclusive?: string;
  /**
   * Default: "Today at {time}". A date field of today.
   */
  todayAt?: string;
  /**
   * Default: "Yesterday at {time}". A date field of yesterday.
   */
  yesterdayAt?: string;
  /**
   * Default: "{weekday} at {time}". A date field within the last week.
   */
  weekdayAt?: string;
  /**
   * Default: "Expand section". The label of a collapsed card's toggle.
   */
  expand?: string;
  /**
   * Default: "Collapse section". The label of an open card's toggle.
   */
  collapse?: string;
  /**
   * Default: "This field is required.". A mandatory form field left empty.
   */
  required?: string;
  /**
   * Default: "This widget could not be shown.". A widget whose template was refused.
   */
  widgetError?: string;
  /**
   * Default: "{label}: done (HTTP {status})". A custom action that succeeded.
   */
  actionDone?: string;
  /**
   * Default: "{label} failed: {reason}". A custom action that failed.
   */
  actionFailed?: string;
  /**
   * A custom button whose action cannot be sent (its reason follows).
   */
  unusableButton?: string;
  /**
   * A link whose URL was refused (not http, https or mailto).
   */
  refusedLink?: string;
  /**
   * Default: "Rated {value} out of 5". The accessible text of a rating field's stars.
   */
  rating?: string;
  /**
   * Default: "this widget". The name used in loading and error texts when the integration has none.
   */
  thisWidget?: string;
  /**
   * Default: "network error: the server could not be reached, or it refused requests from this page (CORS)". A request that got no answer.
   */
  errNetwork?: string;
  /**
   * Default: "timed out: no answer after {s} s". A request aborted after the timeout; {s} is the timeout in seconds.
   */
  errTimeout?: string;
  /**
   * Default: "the answer was cut off before it was complete: the connection dropped". An answer that stopped before its end.
   */
  errCutOff?: string;
  /**
   * Default: "the browser refused to send this request (its address, a header or the method is not valid)". A request the browser would not build.
   */
  errBrowserRefused?: string;
  /**
   * Default: "HTTP {status} (server error)". A 5xx answer; a snippet of it follows.
   */
  errServer?: string;
  /**
   * Default: "HTTP {status} (request refused)". A 4xx answer; a snippet of it follows.
   */
  errRefused?: string;
  /**
   * Default: "the answer is not valid JSON (line {line}, column {column})". An integration's answer that is not JSON ({reason} is also filled in, as line:column).
   */
  errInvalidJson?: string;
  /**
   * Default: "the proxy refused the request (HTTP {status}): {reason}". The host's proxy refused or failed a request, with its reason.
   */
  errProxy?: string;
  /**
   * Default: '"{label}" is required: fill it in, then execute again.'. A mandatory item of a button is empty.
   */
  errMissing?: string;
  /**
   * Default: 'Not sent: only http:// and https:// addresses are requested (the address is "{url}").'. A request whose address is refused.
   */
  errUrl?: string;
  /**
   * Default: 'Not sent: a value put into the address is "." or "..", which would change where it goes.'. A variable that would move the request's path.
   */
  errDotSegment?: string;
  /**
   * Default: "Not sent: the address's origin comes from the data, not from the template, and the request carries hidden values.". Hidden values (API keys) aimed at an origin the data chose.
   */
  errVariableOrigin?: string;
  /**
   * Default: "Not sent: it uses a server-held secret, which only the proxy can fill in, and no proxy is set.". A {{secret.NAME}} placeholder without a proxy.
   */
  errSecretNoProxy?: string;
  /**
   * Default: "Not sent: a server-held secret cannot be put into the address.". A {{secret.NAME}} placeholder in the address.
   */
  errSecretInUrl?: string;
  /**
   * Default: "Not sent: {reason}.". A request refused for another reason (a dropdown value, a header).
   */
  errNotSent?: string;
  /**
   * Default: "Not sent: {place} holds text shaped like a server-held secret ({{secret.…}}) that came from the data, the ticket or what was typed; only the template itself may ask for a secret.". Substituted text shaped like a {{secret.NAME}} placeholder.
   */
  errUndeclaredSecret?: string;
  /**
   * Default: "the server answered with a redirect (HTTP {status}), which was not followed: the request carries hidden values or headers, which must not go to another address". A redirect not followed.
   */
  errRedirect?: string;
}
