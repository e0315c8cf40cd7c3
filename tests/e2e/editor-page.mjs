// A page with the visual editor's bundle (dist-embed/sidebar-widgets-editor.js), shared by the
// editor's end-to-end test and its screenshot: /editor.html loads the bundle, then
// `window.openEditor(options)` mounts SidebarWidgets.edit into #mount (its handle: window.handle;
// the details of its sidebar-widgets:change events: window.changes).
import { serveEmbed } from "./harness.mjs";

export const EDITOR_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Edit widgets</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/sidebar.css"><link rel="stylesheet" href="/sidebar-widgets-editor.css">
<style>body { margin: 0; font-family: system-ui, sans-serif; } h1 { font-size: 16px; margin: 12px; }</style>
<body><main><h1>Edit widgets</h1><div id="mount"></div></main><script type="module" src="/editor-page.js"></script>`;
const EDITOR_SCRIPT = `import init from "/sidebar-widgets-editor.js";
await init();
window.changes = [];
window.openEditor = (options) => {
  const el = document.getElementById("mount");
  el.addEventListener("sidebar-widgets:change", (e) => window.changes.push(e.detail));
  window.handle = SidebarWidgets.edit(el, options);
  return true;
};
window.ready = true;`;

/** Answers /editor.html and /editor-page.js (true when it answered). */
export function editorPages(req, res) {
  const { pathname } = new URL(req.url, "http://x");
  if (pathname === "/editor.html") { res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(EDITOR_PAGE); return true; }
  if (pathname === "/editor-page.js") { res.writeHead(200, { "content-type": "text/javascript" }).end(EDITOR_SCRIPT); return true; }
  return false;
}

/** dist-embed/ served with the editor's page. */
export const serveEditor = () => serveEmbed(editorPages);
