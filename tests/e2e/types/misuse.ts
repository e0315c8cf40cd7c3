// Misuses of the package's types. Each line marked `// @expect TSnnnn` must produce exactly that
// error, on that line, and no other line may produce any (tests/e2e/types.test.mjs compares them).
import init, { initSync } from "sidebar-widgets";
import type { Integration, SidebarOptions, TemplateNode, Widget } from "sidebar-widgets";
import "sidebar-widgets/element";

declare const root: HTMLElement;
const template: TemplateNode = { type: "wrapper" };

// ------------------------------------------------------------ options
export const wrongTheme: SidebarOptions = { theme: "blue" }; // @expect TS2322
export const wrongView: SidebarOptions = { view: "order" }; // @expect TS2322
export const wrongTimeout: SidebarOptions = { actionTimeout: "30s" }; // @expect TS2322
export const wrongWidgets: SidebarOptions = { widgets: template }; // @expect TS2740
export const unknownMessage: SidebarOptions = { messages: { retryy: "Again" } }; // @expect TS2561
export const messageNotText: SidebarOptions = { messages: { retry: 1 } }; // @expect TS2322
export const unknownOption: SidebarOptions = { themes: "dark" }; // @expect TS2561
export const wrongUser: SidebarOptions = { context: { current_user: { name: 5 } } }; // @expect TS2322
export const unknownContext: SidebarOptions = { context: { tickets: {} } }; // @expect TS2561
export const dataNumber: SidebarOptions = { data: 5 }; // @expect TS2322
export const ticketText: SidebarOptions = { context: { ticket: "42" } }; // @expect TS2322

// ------------------------------------------------------------ widgets and templates
export const noTemplate: Widget = { id: 1, context: "ticket" }; // @expect TS2741
export const wrongContext: Widget = { context: "order", template }; // @expect TS2322
export const widgetsNumber: TemplateNode = { type: "wrapper", widgets: 5 }; // @expect TS2322
export const orderText: TemplateNode = { type: "text", order: "x" }; // @expect TS2322
export const metaArray: TemplateNode = { type: "card", meta: [] }; // @expect TS2559
export const titleObject: TemplateNode = { type: "card", title: { en: "Orders" } }; // @expect TS2322
export const linksNotArray: TemplateNode = { type: "card", meta: { custom: { links: { label: "a", url: "https://x.test" } } } }; // @expect TS2353
export const noUrl: TemplateNode = { type: "card", meta: { custom: { buttons: [{ label: "Go", action: { method: "POST" } }] } } }; // @expect TS2741
export const badMethod: TemplateNode = { type: "card", meta: { custom: { buttons: [{ label: "Go", action: { method: "FETCH", url: "https://x.test" } }] } } }; // @expect TS2322
export const badContentType: TemplateNode = {
  type: "card",
  meta: { custom: { buttons: [{ label: "Go", action: { url: "https://x.test", body: { contentType: "text/plain" } } }] } }, // @expect TS2322
};
export const badItemType: TemplateNode = {
  type: "card",
  meta: { custom: { buttons: [{ label: "Go", action: { url: "https://x.test", params: [{ key: "a", type: "checkbox" }] } }] } }, // @expect TS2322
};
export const noHttp: Integration = { id: 1, name: "Loop" }; // @expect TS2741
export const headerNumber: Integration = { id: 1, http: { url: "https://x.test", headers: { "X-Id": 5 } } }; // @expect TS2322

// ------------------------------------------------------------ the API, the handle, the element, the events
export async function misuse(): Promise<void> {
  const output: string = await init(); // @expect TS2322
  initSync(); // @expect TS2554
  SidebarWidgets.mount("#sidebar", {}); // @expect TS2345
  const handle = SidebarWidgets.mount(root, {});
  handle.trigger(5); // @expect TS2345
  handle.update({ theme: 1 }); // @expect TS2322
  handle.mounted = false; // @expect TS2540
  handle.remove(); // @expect TS2339
  SidebarWidgets.stylesheet; // @expect TS2339
  SidebarWidgets.version = "2"; // @expect TS2540

  const el = document.createElement("sidebar-widgets");
  el.config = "/sidebar-config.json"; // @expect TS2559
  el.handle = null; // @expect TS2540

  root.addEventListener("sidebar-widgets:action", (e) => e.detail.statusCode); // @expect TS2339
  root.addEventListener("sidebar-widgets:action", (e) => e.detail.status.toFixed()); // @expect TS18047
}
