// Shared by the end-to-end tests and the benchmark: a static server for dist/ on 127.0.0.1 and
// Debian's headless Chromium driven by playwright-core (it cannot download a browser here).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = path.resolve(here, "../../dist");
// SW_DIST_EMBED points the tests at another build (an older one, to show a test fails there).
export const DIST_EMBED = process.env.SW_DIST_EMBED || path.resolve(here, "../../dist-embed");
/** The demo's Loop Returns options: widgets, integrations, data and context. */
export const LOOP = JSON.parse(fs.readFileSync(path.resolve(here, "../../demo/loop-returns.json"), "utf8"));

/** For one test file: the embeddable bundle served and Chromium launched before its tests, both
 *  stopped after them; `suite.open()` opens a page with the bundle loaded (see `openEmbed`). */
export function embedSuite(extra = null) {
  const suite = { site: null, browser: null };
  suite.open = (options) => openEmbed(suite.browser, suite.site, options);
  before(async () => {
    suite.site = await serveEmbed(extra);
    suite.browser = await launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.site?.close();
  });
  return suite;
}

/** A blank page that loads the embeddable bundle (dist-embed/): `window.api` is the API once
 *  loaded, `fresh()` appends a new mount element. No inline script, so it runs under any CSP. */
export const EMBED_PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/sidebar.css">
<body><script type="module" src="/page.js"></script>`;
const EMBED_SCRIPT = `import init from "/sidebar-widgets.js";
window.fresh = () => { const el = document.createElement("div"); document.body.append(el); return el; };
window.wasm = await init();
window.api = window.SidebarWidgets;`;

/**
 * Serves dist-embed/ with EMBED_PAGE at /page.html (its CSP, when given, in a header), and
 * `extra(req, res)` first (return true when it answered).
 */
export async function serveEmbed(extra = null, { csp = null } = {}) {
  return serveDir(DIST_EMBED, (req, res) => {
    if (extra && extra(req, res)) return true;
    const { pathname } = new URL(req.url, "http://x");
    if (pathname === "/page.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(EMBED_SCRIPT);
      return true;
    }
    if (pathname !== "/page.html") return false;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...(csp ? { "content-security-policy": csp } : {}) });
    res.end(EMBED_PAGE);
    return true;
  });
}

/** Opens EMBED_PAGE and waits for the bundle. */
export async function openEmbed(browser, site, options) {
  const opened = await openPage(browser, site.url + "/page.html", options);
  await opened.page.waitForFunction(() => window.api);
  return opened;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json",
  ".png": "image/png", ".svg": "image/svg+xml",
};

/** Serves `root` on 127.0.0.1 at a free port; `extra(req, res)` may answer first (return true). */
export async function serveDir(root = DIST, extra = null) {
  const server = http.createServer((req, res) => {
    if (extra && extra(req, res)) return;
    const url = new URL(req.url, "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end("not found"); return; }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  // Closing ends the connections a browser still holds open (keep-alive, a request left pending),
  // so that a test file's `after` can never wait on them.
  const close = () => new Promise((r) => {
    server.close(r);
    server.closeAllConnections();
  });
  return { server, url: `http://127.0.0.1:${port}`, close };
}

/** Headless Chromium with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_BIN || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
    ],
  });
}

/** Opens a page and collects its console errors and uncaught exceptions; `init` (a function) runs
 *  in the page before any of its scripts. */
export async function openPage(browser, url, { width = 1100, height = 900, colorScheme = "light", init = null } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme });
  if (init) await page.addInitScript(init);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, errors };
}
