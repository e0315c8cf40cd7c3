// TypeScript definitions for the element module `sidebar-widgets-element.js`: importing it defines
// `<sidebar-widgets>` (it loads sidebar-widgets.js and its .wasm from beside itself). The module
// exports nothing; these types make `document.querySelector("sidebar-widgets")` and
// `document.createElement("sidebar-widgets")` typed.
import type { SidebarHandle, SidebarOptions } from "./sidebar-widgets.js";

/**
 * `<sidebar-widgets>`: a sidebar in its own shadow root, isolated from the page's CSS.
 *
 * Attributes:
 * - `src`: URL of a JSON file with the options (same origin as the page unless
 *   `allow-cross-origin-src` is present);
 * - `theme`: `light`, `dark` or `auto` (overrides `config.theme`);
 * - `view`: `ticket` or `customer` (overrides `config.view`);
 * - `allow-cross-origin-src` (boolean): lets `src` be on another origin.
 *
 * Removing the element unmounts its sidebar.
 */
export interface SidebarWidgetsElement extends HTMLElement {
  /** The mount options; setting them mounts the sidebar, or updates it. */
  config: SidebarOptions | null;
  /** The mounted sidebar's handle (`update`, `trigger`, `unmount`), `null` until mounted and after removal. */
  readonly handle: SidebarHandle | null;
}

declare global {
  interface HTMLElementTagNameMap {
    "sidebar-widgets": SidebarWidgetsElement;
  }
}
