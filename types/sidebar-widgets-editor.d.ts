// TypeScript definitions for the visual editor's module `sidebar-widgets-editor.js` (the npm
// package's `sidebar-widgets/editor`): the viewer's API plus `SidebarWidgets.edit`, its handle and
// the `sidebar-widgets:change` event. Load it only where widgets are edited: the viewer bundle
// (`sidebar-widgets`) carries none of it.
import type {
  InitInput, InitOutput, SyncInitInput, SidebarOptions, SidebarWidgetsApi, Widget, Integration,
} from "./sidebar-widgets.js";

/** Loads the editor's WebAssembly and installs `window.SidebarWidgets` with `edit` (see the viewer's `init`). */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/** Like `init`, from bytes or a compiled module already at hand. */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/** The options of `edit`: those of `mount`; `data` holds each integration's sample answer, by integration id; an integration's Test goes through `proxy` (with `proxyToken`) when given. */
export type EditorOptions = Pick<SidebarOptions, "widgets" | "integrations" | "data" | "context" | "locale" | "theme" | "proxy" | "proxyToken">;

/** A mounted editor. */
export interface EditorHandle {
  /** The widgets as edited (a fresh copy each call); `[]` once unmounted. */
  widgets(): Widget[];
  /** The integrations, as given. */
  integrations(): Integration[];
  /** Replaces the widgets (one undo step). Throws when not an array or once unmounted. */
  setWidgets(widgets: Widget[]): void;
  /** Undoes the last change; `false` when there is none. */
  undo(): boolean;
  /** Redoes the last undone change; `false` when there is none. */
  redo(): boolean;
  /** The widgets as they are now are saved: leaving no longer asks, the browser's draft is forgotten. */
  saved(): void;
  /** Removes the editor from its element. */
  unmount(): void;
  /** Whether the editor is still mounted. */
  readonly mounted: boolean;
}

/** `window.SidebarWidgets` as the editor's bundle installs it. */
export interface SidebarWidgetsEditorApi extends SidebarWidgetsApi {
  /** Opens the edit mode in `element` (an empty element). Throws when `element` is not an HTML element or an option has the wrong shape. */
  edit(element: HTMLElement, options: EditorOptions): EditorHandle;
}

/** `detail` of `sidebar-widgets:change`: dispatched on the editor's element (bubbles) after each committed change (an edit, an undo, a redo). */
export interface ChangeEventDetail {
  widgets: Widget[];
  integrations: Integration[];
  /** The widget the change was made in; `null` for an undo, a redo, a restored draft or a change of an integration. */
  widget: Widget | null;
}

export type SidebarWidgetsChangeEvent = CustomEvent<ChangeEventDetail>;

declare global {
  interface HTMLElementEventMap {
    /** After each committed change in an editor, on its element. */
    "sidebar-widgets:change": SidebarWidgetsChangeEvent;
  }
}
