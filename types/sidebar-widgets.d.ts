// TypeScript definitions for sidebar-widgets: the JS module `sidebar-widgets.js` (its default
// export `init`), `window.SidebarWidgets`, the mount options, the Gorgias template shapes
// (widgets, template nodes, custom actions, integrations), the handle and the events.
// Hand-written to match the crate's public interface (../shared/SPEC.md section 6).

// ------------------------------------------------------------------ loading the module

/** Where the WebAssembly comes from: a URL or request for `sidebar-widgets_bg.wasm`, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync` can compile without awaiting: the bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** The WebAssembly instance's exports. Opaque: they are for the module's own glue code. */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
  readonly [name: string]: unknown;
}

/**
 * Loads the WebAssembly, installs `window.SidebarWidgets` and fires `sidebar-widgets:ready` on
 * `document`. Without an argument the `.wasm` is fetched next to this module
 * (`new URL("sidebar-widgets_bg.wasm", import.meta.url)`); pass `{module_or_path}` to load it
 * from elsewhere. Calling it again does nothing more.
 */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/** Like `init`, from bytes or a compiled module already at hand, without awaiting. */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

// ------------------------------------------------------------------ the sidebar's own words

/**
 * Every word of the sidebar's own that a host may replace with `options.messages`. THE list of
 * message keys: add new keys here (the schema's `options.messages` lists the same keys, and
 * tests/e2e/types.test.mjs checks that they agree). `{name}`-style placeholders are filled in
 * by the sidebar. The English text is given for each.
 */
export type MessageKey =
  | "editFields" //     "Edit fields" (the form a button opens)
  | "execute" //        "Execute"
  | "cancel" //         "Cancel"
  | "executing" //      "Executing action..."
  | "more" //           "{n} more" (a list's control that shows more items)
  | "retry" //          "Retry"
  | "loading" //        "Loading {name}…"
  | "loadFailed" //     "{name}: {reason}"
  | "refreshFailed" //  "Could not refresh {name}: {reason}"
  | "copyValue" //      "Copy value"
  | "copied" //         "Copied"
  | "true" //           "True" (boolean fields)
  | "false" //          "False"
  | "positive" //       "Positive" (sentiment fields)
  | "negative" //       "Negative"
  | "inconclusive" //   "Inconclusive"
  | "todayAt" //        "Today at {time}"
  | "yesterdayAt" //    "Yesterday at {time}"
  | "weekdayAt" //      "{weekday} at {time}"
  | "expand" //         "Expand section"
  | "collapse" //       "Collapse section"
  | "required" //       "This field is required."
  | "widgetError" //    "This widget could not be shown."
  | "actionDone" //     "{label}: done (HTTP {status})"
  | "actionFailed" //   "{label} failed: {reason}"
  | "unusableButton" // a custom button whose action cannot be sent (its reason follows)
  | "refusedLink" //    a link whose URL was refused (not http, https or mailto)
  | "rating" //         "Rated {value} out of 5"
  | "thisWidget" //  "this widget"
  | "errNetwork" //  "network error: the server could not be reached, or it refused requests from this page (CORS)"
  | "errTimeout" //  "timed out: no answer after {s} s"
  | "errCutOff" //  "the answer was cut off before it was complete: the connection dropped"
  | "errBrowserRefused" //  "the browser refused to send this request (its address, a header or the method is not valid)"
  | "errServer" //  "HTTP {status} (server error)"
  | "errRefused" //  "HTTP {status} (request refused)"
  | "errInvalidJson" //  "the answer is not valid JSON (line {line}, column {column})"
  | "errProxy" //  "the proxy refused the request (HTTP {status}): {reason}"
  | "errMissing" //  "\"{label}\" is required: fill it in, then execute again."
  | "errUrl" //  "Not sent: only http:// and https:// addresses are requested (the address is \"{url}\")."
  | "errDotSegment" //  "Not sent: a value put into the address is \".\" or \"..\", which would change where it goes."
  | "errVariableOrigin" //  "Not sent: the address's origin comes from the data, not from the template, and the request carries hidden values."
  | "errSecretNoProxy" //  "Not sent: it uses a server-held secret, which only the proxy can fill in, and no proxy is set."
  | "errSecretInUrl" //  "Not sent: a server-held secret cannot be put into the address."
  | "errNotSent" // "Not sent: {reason}."
  | "errUndeclaredSecret" // "Not sent: {place} holds text shaped like a server-held secret ({{secret.…}}) that came from the data, the ticket or what was typed: only the template may ask for one."
  | "errRedirect"; // "the server answered with a redirect (HTTP {status}), which was not followed: the request carries hidden values or headers, which must not go to another address"

/** Overrides of the sidebar's own words, by key; missing keys keep the `locale`'s text. */
export type Messages = Partial<Record<MessageKey, string>>;

// ------------------------------------------------------------------ options

/** Which sidebar is shown: a ticket's, or a customer's (`"user"` is the old name of `"customer"`). */
export type View = "ticket" | "customer" | "user";

/** `"auto"` follows the system's `prefers-color-scheme`. */
export type Theme = "light" | "dark" | "auto";

/** The agent using the sidebar. Templates see only `name`, `firstname`, `lastname` and `email`. */
export interface CurrentUser {
  name?: string;
  firstname?: string;
  lastname?: string;
  email?: string;
  [key: string]: unknown;
}

/** What templates, links, buttons and integration URLs may refer to as `{{ticket.…}}`, `{{customer.…}}`, `{{current_user.…}}`. */
export interface SidebarContext {
  /** The open ticket, as the helpdesk has it (`ticket.customer.email` is what integrations usually need). */
  ticket?: Record<string, unknown>;
  /** The customer; without it, `ticket.customer` is used. */
  customer?: Record<string, unknown>;
  current_user?: CurrentUser;
}

/** The options of `SidebarWidgets.mount`, `handle.update` and the `<sidebar-widgets>` element's `config`. */
export interface SidebarOptions {
  /** The widgets, as the Gorgias API returns them. Only those of the current `view` are shown, by ascending `order`. */
  widgets?: Widget[];
  /** The HTTP integrations the widgets take their data from. */
  integrations?: Integration[];
  /**
   * Integration data keyed by integration id (`{"123": {...}}`). Integrations whose data is not
   * given are requested by the sidebar. `null` in `update` forgets all given data.
   */
  data?: Record<string, unknown> | null;
  context?: SidebarContext;
  /** Default `"ticket"`. */
  view?: View;
  /** Default `"auto"`. */
  theme?: Theme;
  /**
   * URL of the host's proxy: integration requests and custom actions are POSTed there as the
   * envelope {@link ProxyEnvelope} instead of being sent from the browser. `null` or `""` in
   * `update` stops using it.
   */
  proxy?: string | null;
  /** The older name of `proxy`. */
  actionProxy?: string | null;
  /** Sent to the proxy with each call. */
  proxyToken?: string | null;
  /** Milliseconds before an integration request or custom action is aborted (default 30000). */
  actionTimeout?: number;
  /** BCP 47 language tag (`"fr"`, `"de-CH"`) of the sidebar's words and of date and number formats; default the browser's. Built-in words: en, fr, de, es. */
  locale?: string;
  /** Replacements for any of the sidebar's own words. */
  messages?: Messages;
}

/**
 * What the sidebar POSTs (as JSON) to `options.proxy` for each integration request or custom
 * action; the proxy sends the request and answers with the upstream's answer. Values are plain
 * strings, not percent-encoded.
 */
export interface ProxyEnvelope {
  method: HttpMethod;
  /** The resolved URL, without `params` merged in. */
  url: string;
  /** Query parameters to add. */
  params: Record<string, string>;
  headers: Record<string, string>;
  /** The form body's fields (form bodies only). */
  form: Record<string, string> | null;
  /** The resolved JSON body (JSON bodies only). */
  json: unknown;
  content_type: "application/json" | "application/x-www-form-urlencoded" | null;
}

/** One problem `checkOptions` found: where (`widgets[0].template.widgets[2]`) and what. */
export interface OptionsProblem {
  place: string;
  message: string;
}

// ------------------------------------------------------------------ the API and the handle

/** `window.SidebarWidgets`, installed by `init()`. */
export interface SidebarWidgetsApi {
  /** Renders a sidebar into `element` (appended to what it holds: give it an empty element) and returns its handle; the sidebar stays until `handle.unmount()`. Throws when `element` is not an HTML element. */
  mount(element: HTMLElement, options: SidebarOptions): SidebarHandle;
  /** The errors `mount` would show for these options, without mounting; `[]` when there are none. */
  checkOptions(options: unknown): OptionsProblem[];
  /** The crate's version, e.g. `"0.1.0"`. */
  readonly version: string;
}

/** The integration triggers (SPEC 5); `handle.trigger` and `http.triggers` also accept them with underscores. */
export type TriggerName =
  | "ticket-created"
  | "ticket-updated"
  | "ticket-self-unsnoozed"
  | "ticket-message-created"
  | "ticket-message-failed"
  | "ticket-assignment-updated"
  | "ticket-status-updated";

/** `"ticket-updated"` written `"ticket_updated"`. */
export type Underscored<S extends string> = S extends `${infer A}-${infer B}` ? Underscored<`${A}_${B}`> : S;

/** A trigger in either spelling. */
export type AnyTriggerName = TriggerName | Underscored<TriggerName>;

/** A mounted sidebar. */
export interface SidebarHandle {
  /** Replaces the given parts of the options; what did not change keeps its DOM. Throws once unmounted. */
  update(partial: Partial<SidebarOptions>): void;
  /** Fetches again the integrations subscribed to `event`; returns how many. 0 once unmounted. */
  trigger(event: AnyTriggerName | (string & {})): number;
  /** Removes the sidebar from its element; other sidebars are untouched. */
  unmount(): void;
  /** Whether the sidebar is still mounted. */
  readonly mounted: boolean;
}

// ------------------------------------------------------------------ events

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `detail` of `sidebar-widgets:action`: the outcome of one custom action. */
export interface ActionEventDetail {
  /** The widget's `id` (or `#<index>` when it has none). */
  widget: string;
  /** The button's label, variables resolved. */
  button: string;
  method: HttpMethod;
  /** The address, without query or credentials. */
  url: string;
  /** The HTTP status, or `null` when there was no answer (network error, timeout, refusal). */
  status: number | null;
  ok: boolean;
  /** A short reason when it failed, else `null`. */
  error: string | null;
}

/** Dispatched on the mount element (bubbles, composed) after each custom action. */
export type SidebarWidgetsActionEvent = CustomEvent<ActionEventDetail>;

// ------------------------------------------------------------------ templates (the Gorgias shapes)

/** The display types of a field (leaf). Any other string shows as text (with a console warning). */
export type FieldType =
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
  | "percent";

/** `wrapper` (the widget's panel), `card` (a section), `list` (one child per array item) or a field type. */
export type NodeType = "wrapper" | "card" | "list" | FieldType | (string & {});

/** A widget, as the Gorgias API has it: `{id, context, type, integration_id, order, template}`. */
export interface Widget {
  id?: number | string;
  /** The view it belongs to; a widget without one shows in every view. */
  context?: View;
  /** The integration's kind, e.g. `"http"`. */
  type?: string;
  /** The integration whose data the template renders (`123` and `"123"` are the same). */
  integration_id?: number | string;
  /** Widgets show by ascending `order`. */
  order?: number;
  /** The template tree; its root is a `wrapper`. */
  template: TemplateNode;
}

/** A node of the template tree: `{type, title, path, order, meta, widgets}`. */
export interface TemplateNode {
  /** Missing: a field whose type is guessed from its value. */
  type?: NodeType | null;
  /** Card title or field label, with `{{variables}}` and `:shortcode:` icons. A field without one is labelled with its path's last key. */
  title?: string | number | null;
  /** What this node shows, relative to its parent's data: a key, a dotted path (`a.b[0]`), or `""` for the parent's data itself. */
  path?: string | number | null;
  /** Siblings show by ascending `order`; without one, in array order. */
  order?: number | null;
  meta?: NodeMeta | null;
  /** Children. A list renders only its first child, once per item. */
  widgets?: TemplateNode[] | null;
}

/** A node's `meta`. */
export interface NodeMeta {
  /** CSS colour: the wrapper's accent border, a card's icon tile. */
  color?: string;
  /** A card's title link (new tab), with `{{variables}}` from the card's data. */
  link?: string;
  /** Icon before a card's title (http or https). */
  pictureUrl?: string;
  /** `false`: a card shows its content alone, without frame or header. */
  displayCard?: boolean;
  /** List: items shown at first (default 3). Field: at most that many characters. A number or a numeric string; `""` means the default. */
  limit?: number | string;
  /** List sort key: `-key` descending, `+key` or `key` ascending. */
  orderBy?: string;
  /** A field or list with no value is not rendered at all. */
  hideIfEmpty?: boolean;
  /** Custom links and buttons, on a root card (or the wrapper). */
  custom?: CustomActions | null;
}

export interface CustomActions {
  links?: CustomLink[];
  buttons?: CustomButton[];
}

/** Opened in a new tab; label and URL with `{{variables}}`. */
export interface CustomLink {
  label: string;
  url: string;
}

export interface CustomButton {
  label: string;
  action: CustomAction;
}

/** The HTTP request a button sends. */
export interface CustomAction {
  /** Default GET; any letter case. */
  method?: HttpMethod | Lowercase<HttpMethod>;
  /** With `{{variables}}`; http or https. */
  url: string;
  /** Merged into the URL's query string. A `{key: value}` object is sent as is, never shown. */
  params?: ActionItem[] | Record<string, string | number | boolean | null>;
  headers?: ActionItem[] | Record<string, string | number | boolean | null>;
  /** Sent by POST, PUT and PATCH only. */
  body?: ActionBody;
}

export interface ActionBody {
  /** Which of the two bodies is sent (default JSON). */
  contentType?: "application/json" | "application/x-www-form-urlencoded";
  /** The JSON body; `{{variables}}` are resolved in every string value. */
  "application/json"?: Record<string, unknown> | null;
  /** The form body's items. */
  "application/x-www-form-urlencoded"?: ActionItem[] | Record<string, string | number | boolean | null> | null;
}

/** One item of `params`, `headers` or a form body. Items that are not editable are sent but never shown. */
export interface ActionItem {
  key: string;
  /** The input's label in the "Edit fields" form (default: the key). */
  label?: string;
  /** With `{{variables}}`. A dropdown's value lists its choices separated by `;` (at most 10). */
  value?: string | number | boolean | null;
  /** Shown in the "Edit fields" form. */
  editable?: boolean;
  /** The form refuses to send it empty. */
  mandatory?: boolean;
  type?: "text" | "dropdown";
}

/** An HTTP integration, as the Gorgias API has it. */
export interface Integration {
  /** Widgets name it by `integration_id`. */
  id: number | string;
  /** Titles root cards that have no title of their own. */
  name?: string;
  type?: "http";
  http: IntegrationHttp;
}

/** How the sidebar requests an integration's data when `options.data` does not have it. */
export interface IntegrationHttp {
  /** With `{{ticket.…}}`, `{{customer.…}}`, `{{current_user.…}}` (percent-encoded). */
  url: string;
  /** Default GET; any letter case. */
  method?: HttpMethod | Lowercase<HttpMethod>;
  headers?: Record<string, string>;
  /** `application/json` (default) or `application/x-www-form-urlencoded`: how `form` is sent. */
  request_content_type?: string;
  response_content_type?: string;
  /** The body of non-GET requests, strings resolved with variables. */
  form?: Record<string, unknown> | null;
  /** Which triggers fetch it again (`handle.trigger`). */
  triggers?: Partial<Record<AnyTriggerName, boolean>> & { [trigger: string]: boolean };
}

// ------------------------------------------------------------------ globals

declare global {
  /** Installed by `init()` (present once `sidebar-widgets:ready` has fired). */
  var SidebarWidgets: SidebarWidgetsApi;

  interface Window {
    /** Installed by `init()` (present once `sidebar-widgets:ready` has fired). */
    SidebarWidgets: SidebarWidgetsApi;
  }

  interface HTMLElementEventMap {
    /** After each custom action, on the mount element. */
    "sidebar-widgets:action": SidebarWidgetsActionEvent;
  }

  interface DocumentEventMap {
    /** `window.SidebarWidgets` is available. */
    "sidebar-widgets:ready": Event;
    /** Bubbled up from a mount element. */
    "sidebar-widgets:action": SidebarWidgetsActionEvent;
  }

  interface WindowEventMap {
    /** Bubbled up from a mount element. */
    "sidebar-widgets:action": SidebarWidgetsActionEvent;
  }
}
