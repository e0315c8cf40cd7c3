// End-to-end: the script-tag embedding. A host page with hostile CSS embeds two
// <sidebar-widgets> elements; both render as they should, and the host page is untouched.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serveDir, launch, openPage, DIST } from "./harness.mjs";

const HOSTILE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Helpdesk</title>
<style>
  * { all: unset; }
  div { display: none; }
  .sw-card__title, .sw-widget { color: red !important; font-size: 40px !important; background: lime !important; }
  button { display: none !important; }
  #host-p { display: block; font: 17px serif; color: rgb(10, 20, 30); margin: 5px; }
</style>
<script type="module" src="/sidebar-widgets-element.js"></script>
</head><body>
<p id="host-p">Ticket #4521 from Jane</p>
<sidebar-widgets id="a" src="/demo/loop-returns.json"></sidebar-widgets>
<sidebar-widgets id="b" theme="dark"></sidebar-widgets>
<script>
  const p = document.getElementById("host-p");
  const cs = getComputedStyle(p);
  window.hostBefore = [cs.display, cs.fontSize, cs.fontFamily, cs.color, cs.margin].join("|");
  fetch("/demo/loop-returns.json").then((r) => r.json()).then((c) => { document.getElementById("b").config = c; });
</script>
</body></html>`;

const csp = (policy) => `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<script type="module" src="/sidebar-widgets-element.js"></script></head><body>
<sidebar-widgets id="a" src="/demo/loop-returns.json"></sidebar-widgets></body></html>`;

let site, browser;
before(async () => {
  site = await serveDir(undefined, (req, res) => {
    const pages = {
      "/hostile.html": HOSTILE,
      "/csp-blocked.html": csp("script-src 'self'"),
      "/csp-allowed.html": csp("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"),
    };
    const page = pages[new URL(req.url, "http://x").pathname];
    if (!page) return false;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(page);
    return true;
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

const inShadow = (page, id, fn, arg) => page.evaluate(([id, src, arg]) => {
  const root = document.getElementById(id).shadowRoot;
  return new Function("root", "arg", src)(root, arg);
}, [id, fn, arg]);

test("two elements render in shadow roots, untouched by hostile host CSS", async () => {
  const { page, errors } = await openPage(browser, site.url + "/hostile.html");
  for (const id of ["a", "b"]) {
    await page.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector(".sw-card__title"), id);
  }
  for (const id of ["a", "b"]) {
    const seen = await inShadow(page, id, `
      const titles = [...root.querySelectorAll(".sw-card--root > .sw-card__content > .sw-list > .sw-card > .sw-card__header .sw-card__title")].map((e) => e.textContent);
      const t = getComputedStyle(root.querySelector(".sw-card__title"));
      const w = getComputedStyle(root.querySelector(".sw-widget"));
      const toggle = getComputedStyle(root.querySelector(".sw-card__toggle"));
      return { titles, titleSize: t.fontSize, titleColor: t.color, widgetDisplay: w.display, widgetBg: w.backgroundColor, toggleDisplay: toggle.display,
               theme: root.querySelector(".sw-sidebar").dataset.theme };`);
    assert.deepEqual(seen.titles, ["Return #1001: open", "Return #1002: closed", "Return #1003: review"], id);
    assert.notEqual(seen.titleSize, "40px", id);
    assert.notEqual(seen.titleColor, "rgb(255, 0, 0)", id);
    assert.notEqual(seen.widgetDisplay, "none", id);
    assert.notEqual(seen.widgetBg, "rgb(0, 255, 0)", id);
    assert.notEqual(seen.toggleDisplay, "none", id);
    if (id === "b") assert.equal(seen.theme, "dark");
  }
  const darkBg = await inShadow(page, "b", `return getComputedStyle(root.querySelector(".sw-widget")).backgroundColor;`);
  const lightBg = await inShadow(page, "a", `return getComputedStyle(root.querySelector(".sw-widget")).backgroundColor;`);
  assert.notEqual(darkBg, lightBg, "the theme attribute reaches the sidebar");
  // The host page's own element is unchanged, and no sidebar style leaked out.
  const after = await page.evaluate(() => {
    const cs = getComputedStyle(document.getElementById("host-p"));
    return [cs.display, cs.fontSize, cs.fontFamily, cs.color, cs.margin].join("|");
  });
  assert.equal(after, await page.evaluate(() => window.hostBefore));
  assert.equal(await page.evaluate(() => document.querySelectorAll(".sw-sidebar").length), 0, "nothing in the light DOM");
  assert.deepEqual(errors, []);
});

test("removing an element unmounts its sidebar; the other stays", async () => {
  const { page } = await openPage(browser, site.url + "/hostile.html");
  await page.waitForFunction(() => ["a", "b"].every((id) => document.getElementById(id).shadowRoot?.querySelector(".sw-card__title")));
  const out = await page.evaluate(async () => {
    const a = document.getElementById("a");
    const mountPoint = a.shadowRoot.querySelector(".sw-sidebar").parentElement;
    a.remove();
    await new Promise((r) => setTimeout(r, 50));
    return { left: mountPoint.innerHTML, handle: a.handle, other: !!document.getElementById("b").shadowRoot.querySelector(".sw-card__title") };
  });
  assert.equal(out.left, "");
  assert.equal(out.handle, null);
  assert.equal(out.other, true);
});

test("a page whose CSP blocks WebAssembly gets a clear message; a strict CSP with 'wasm-unsafe-eval' renders, styled", async () => {
  const blocked = await openPage(browser, site.url + "/csp-blocked.html");
  await blocked.page.waitForFunction(() => document.getElementById("a").shadowRoot?.querySelector("[role=alert]"));
  const text = await blocked.page.evaluate(() => document.getElementById("a").shadowRoot.querySelector("[role=alert]").textContent);
  assert.match(text, /wasm-unsafe-eval/);
  const allowed = await openPage(browser, site.url + "/csp-allowed.html");
  await allowed.page.waitForFunction(() => document.getElementById("a").shadowRoot?.querySelector(".sw-card__title"));
  // No 'unsafe-inline' for styles: the sheet is adopted, and accent colours are set through CSSOM.
  const styled = await allowed.page.evaluate(() => {
    const root = document.getElementById("a").shadowRoot;
    return { radius: getComputedStyle(root.querySelector(".sw-widget")).borderRadius };
  });
  assert.equal(styled.radius, "8px");
  assert.deepEqual(allowed.errors.filter((e) => /Content Security Policy/i.test(e)), []);
});

// ---------------------------------------------------------------- where `src` may load from (SPEC 7)

describe("src loads from the page's own origin only, unless the host opts in", () => {
  // Another origin (another port of 127.0.0.1) that serves a configuration by CORS and counts
  // every request it gets, with the headers it got.
  let other, page, otherRequests = [];
  const ownCookies = [];
  const config = () => JSON.parse(fs.readFileSync(path.join(DIST, "demo/loop-returns.json"), "utf8"));
  const pages = {};
  let pagesSite;
  before(async () => {
    other = await serveDir(DIST, (req, res) => {
      otherRequests.push({ url: req.url, cookie: req.headers.cookie || null, referer: req.headers.referer || null, origin: req.headers.origin || null });
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(JSON.stringify(config()));
      return true;
    });
    const element = (attrs) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
      <script>document.cookie = "helpdesk_session=s3cr3t; path=/";</script>
      <script type="module" src="/sidebar-widgets-element.js"></script></head>
      <body><sidebar-widgets id="a" ${attrs}></sidebar-widgets></body></html>`;
    Object.assign(pages, {
      "/src-same.html": element('src="/demo/loop-returns.json"'),
      "/src-cross.html": element(`src="${other.url}/config.json"`),
      "/src-cross-allowed.html": element(`src="${other.url}/config.json" allow-cross-origin-src`),
      "/src-redirect.html": element('src="/redirect-to-other"'),
      "/src-data.html": element(`src="data:application/json,${encodeURIComponent("{}")}" allow-cross-origin-src`),
    });
    pagesSite = await serveDir(undefined, (req, res) => {
      const { pathname } = new URL(req.url, "http://x");
      if (pathname === "/demo/loop-returns.json") ownCookies.push(req.headers.cookie || null);
      if (pathname === "/redirect-to-other") {
        res.writeHead(302, { location: `${other.url}/config.json` }).end();
        return true;
      }
      if (!pages[pathname]) return false;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pages[pathname]);
      return true;
    });
  });
  after(async () => { await other?.close(); await pagesSite?.close(); });

  const shadow = (page) => page.evaluate(() => {
    const root = document.getElementById("a").shadowRoot;
    return { alert: root?.querySelector("[role=alert]")?.textContent || null, titles: [...(root?.querySelectorAll(".sw-card__title") || [])].map((t) => t.textContent.trim()) };
  });
  const settle = (page) => page.waitForFunction(() => {
    const root = document.getElementById("a").shadowRoot;
    return root?.querySelector("[role=alert], .sw-card__title");
  }, null, { timeout: 10000 });

  test("a same-origin src loads, with the page's own cookies", async () => {
    ({ page } = await openPage(browser, pagesSite.url + "/src-same.html"));
    await settle(page);
    const seen = await shadow(page);
    assert.equal(seen.alert, null);
    assert.ok(seen.titles.includes("Loop Returns"), seen.titles.join(" | "));
    assert.deepEqual(ownCookies, ["helpdesk_session=s3cr3t"], "one request, with the page's session cookie");
  });

  test("a cross-origin src is refused with a message in the element's place, and never requested", async () => {
    otherRequests = [];
    const { page, errors } = await openPage(browser, pagesSite.url + "/src-cross.html");
    await settle(page);
    const seen = await shadow(page);
    assert.match(seen.alert, /not loaded: http:\/\/127\.0\.0\.1:\d+ is not this page's origin .*allow-cross-origin-src/);
    assert.deepEqual(seen.titles, []);
    await page.waitForTimeout(300);
    assert.deepEqual(otherRequests, [], "the other origin got no request");
    assert.deepEqual(errors, []);
  });

  test("a same-origin src that redirects to another origin is refused before that origin is requested", async () => {
    otherRequests = [];
    const { page } = await openPage(browser, pagesSite.url + "/src-redirect.html");
    await settle(page);
    assert.match((await shadow(page)).alert, /could not be loaded from \/redirect-to-other/);
    await page.waitForTimeout(300);
    assert.deepEqual(otherRequests, []);
  });

  test("with allow-cross-origin-src it loads, by CORS, without cookies or referrer", async () => {
    otherRequests = [];
    const { page } = await openPage(browser, pagesSite.url + "/src-cross-allowed.html");
    await settle(page);
    const seen = await shadow(page);
    assert.equal(seen.alert, null);
    assert.ok(seen.titles.includes("Loop Returns"), seen.titles.join(" | "));
    assert.equal(otherRequests.length, 1, JSON.stringify(otherRequests));
    assert.deepEqual(otherRequests[0], { url: "/config.json", cookie: null, referer: null, origin: pagesSite.url },
      "cookies for 127.0.0.1 would go to any of its ports: credentials are omitted");
  });

  test("even with the opt-in, only http(s) addresses load", async () => {
    const { page } = await openPage(browser, pagesSite.url + "/src-data.html");
    await settle(page);
    assert.match((await shadow(page)).alert, /only http\(s\) addresses are allowed, not data:/);
  });
});
