// TypeScript definitions for sidebar-widgets: the JS module `sidebar-widgets.js` (its default
// export `init`), `window.SidebarWidgets`, the mount options, the Gorgias template shapes
// (widgets, template nodes, custom actions, integrations), the handle and the events.
// The option and template shapes are generated from the JSON Schema (sidebar-widgets-schema.d.ts,
// by types/generate.mjs) and re-exported here; this file adds what a schema cannot say: the
// module, the API, the handle and the events (../shared/SPEC.md section 6).

import type { Messages, SidebarOptions, TemplateNode } from "./sidebar-widgets-schema.js";
// The mount options and the template shapes (SidebarOptions, Widget, TemplateNode, Integration, …).
export * from "./sidebar-widgets-schema.js";

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
 * Every word of the sidebar's own that a host may replace with `options.messages` (the schema's
 * `messages` lists them, each with its English text). `{name}`-style placeholders are filled in by
 * the sidebar.
 */
export type MessageKey = keyof Messages;

// ------------------------------------------------------------------ options

/** Which sidebar is shown: a ticket's, or a customer's (`"user"` is the old name of `"customer"`). */
export type View = NonNullable<SidebarOptions["view"]>;

/** `"auto"` follows the system's `prefers-color-scheme`. */
export type Theme = NonNullable<SidebarOptions["theme"]>;

/** The agent using the sidebar. Templates see only `name`, `firstname`, `lastname` and `email`. */
export type CurrentUser = NonNullable<NonNullable<SidebarOptions["context"]>["current_user"]>;

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
export type NodeType = NonNullable<TemplateNode["type"]>;

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
