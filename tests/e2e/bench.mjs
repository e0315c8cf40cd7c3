// Benchmark (issues 11 and 20): the Loop Returns widget over many returns x 5 line items, in
// headless Chromium against the embeddable release bundle (dist-embed/), each figure beside its
// physical limit measured in the same run, and the ratio between them:
//  - first render: the browser building the identical DOM from an HTML string (innerHTML of a
//    copy), layout forced on both sides;
//  - every card opened: the sidebar clicks every closed chevron, pass after pass, each pass
//    followed by 3 x setTimeout 0 (the browser may draw frames there); the baseline builds the DOM
//    the last pass left with one innerHTML and then yields as many times; layout forced once at
//    the end on both;
//  - 2,000 returns against 200: the agent sees the same returns; how much of it is reading the
//    data is measured apart (`checkOptions` of the same options reads all of them: each list item
//    is written by JSON.stringify, copied into the wasm and scanned; it is parsed when first used,
//    so an `orderBy` list, which needs every item's sort key, would parse them all);
//  - cold start: from inserting the module script to the first widget painted, HTTP cache
//    disabled, served from 127.0.0.1, broken into parts, against the browser fetching and
//    compiling the same wasm with `WebAssembly.compileStreaming` alone, in the same browser.
// Prints figures; asserts nothing. `bash scripts/bench.sh` (or `node tests/e2e/bench.mjs`).
//   BENCH_RUNS=7     runs per figure (the median is printed; 2,000 returns: half as many, at least 3)
//   BENCH_ONLY=cold  the cold start alone
//   BENCH_ONLY=editor the visual editor's figures alone (issue 18)
//   BENCH_ONLY=render the first render and the update, 200 and 2,000 returns, alone (no card opened)
//   SW_DIST_EMBED=dir another build (to compare two bundles back to back)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";
import { editorPages } from "./editor-page.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOP = JSON.parse(fs.readFileSync(path.join(here, "../../demo/loop-returns.json"), "utf8"));
const RUNS = Number(process.env.BENCH_RUNS || 7);
/** Cold starts are short and vary more (each a new page): twice as many. */
const COLD_RUNS = RUNS * 2;
/** The yields each pass of "every card opened" gives the browser, on both sides. */
const YIELDS = 3;

/** Runs in the page: the timings for `n` returns. */
async function measure([loop, n, runs, openAll, yields]) {
  const sample = loop.data["123"].data[0];
  const returns = Array.from({ length: n }, (_, i) => ({
    ...sample, id: 5000 + i, order_name: "#" + (5000 + i), state: i % 3 ? "open" : "closed",
    line_items: Array.from({ length: 5 }, (_, j) => ({ ...sample.line_items[0], id: i * 10 + j, title: `Item ${j} of return ${i}` })),
  }));
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const settle = async () => { for (let i = 0; i < yields; i++) await new Promise((r) => setTimeout(r, 0)); };
  const layout = (el) => el.getBoundingClientRect().height + document.body.offsetHeight;
  const box = () => { const d = document.createElement("div"); d.style.width = "340px"; document.body.append(d); return d; };
  /** The browser building the same DOM from an HTML string, layout forced. */
  const innerHtml = (html) => {
    const copy = box();
    const t0 = performance.now();
    copy.innerHTML = html;
    layout(copy);
    const ms = performance.now() - t0;
    copy.remove();
    return ms;
  };
  const all = JSON.parse(JSON.stringify(loop).replaceAll('"limit":""', `"limit":"${n}"`));
  const withData = (opts) => ({ ...opts, data: { "123": { status: "success", data: structuredClone(returns) } } });
  /** Every card opened in the sidebar, as an agent clicking each chevron would (all of them, then
   *  the nested ones), each pass followed by the yields: the time and its parts. */
  const openSidebar = async (el) => {
    const opts = withData(all);
    const t0 = performance.now();
    const h = window.api.mount(el, opts);
    let script = performance.now() - t0;
    let passes = 0;
    for (; passes < 5; passes++) {
      const closed = el.querySelectorAll(".sw-card--collapsed > .sw-card__header > .sw-card__toggle");
      if (!closed.length) break;
      const c0 = performance.now();
      for (const t of closed) t.click();
      script += performance.now() - c0;
      await settle();
    }
    const l0 = performance.now();
    layout(el);
    const t1 = performance.now();
    return { h, passes, total: t1 - t0, script, settle: l0 - t0 - script, layout: t1 - l0 };
  };
  /** The limit: the browser building the DOM the last pass left from its HTML, at once, then the
   *  same yields as the sidebar's passes, layout forced at the end. */
  const openHtml = async (html, passes) => {
    const copy = box();
    const t0 = performance.now();
    copy.innerHTML = html;
    const script = performance.now() - t0;
    for (let p = 0; p < passes; p++) await settle();
    const l0 = performance.now();
    layout(copy);
    const t1 = performance.now();
    copy.remove();
    return { total: t1 - t0, script, settle: l0 - t0 - script, layout: t1 - l0 };
  };
  const out = { first: [], firstHtml: [], read: [], open: [], openHtml: [], update: [], elements: 0, fields: 0 };
  const mem = () => window.wasm.memory.buffer.byteLength;
  out.memBefore = mem();
  for (let run = 0; run < runs; run++) {
    const el = fresh();
    el.style.width = "340px";
    const opts = withData(loop);
    const data = opts.data;
    let t0 = performance.now();
    const h = window.api.mount(el, opts);
    layout(el);
    out.first.push(performance.now() - t0);
    out.firstHtml.push(innerHtml(el.innerHTML));
    if (run === 0) out.memMount = mem();
    // One field changes (the first return's state), once the mount has settled; three times.
    await settle();
    const title = el.querySelector(".sw-list > .sw-card .sw-card__title");
    for (let u = 0; u < 3; u++) {
      const mark = `updated-${run}-${u}`;
      data["123"].data[0].state = mark;
      t0 = performance.now();
      h.update({ data });
      while (!title.textContent.includes(mark)) await new Promise((r) => setTimeout(r, 0));
      layout(el);
      out.update.push(performance.now() - t0);
    }
    if (run === 0) out.memUpdate = mem();
    h.unmount();
    el.remove();
    // Reading the data alone: checkOptions reads every return (and checks the templates), once
    // what the mount left has been collected.
    const check = withData(loop);
    await settle();
    t0 = performance.now();
    window.api.checkOptions(check);
    out.read.push(performance.now() - t0);
  }
  // The DOM every card opened makes, taken once outside the timed runs (taking it costs time).
  let last = "";
  if (openAll) {
    const el = fresh();
    el.style.width = "340px";
    const r = await openSidebar(el);
    last = el.innerHTML;
    out.passes = r.passes;
    out.elements = el.querySelectorAll(".sw-field *").length + el.querySelectorAll(".sw-field").length;
    out.fields = el.querySelectorAll(".sw-field").length;
    out.allElements = el.querySelectorAll("*").length;
    r.h.unmount();
    el.remove();
  }
  for (let run = 0; openAll && run < runs; run++) {
    // Alternately, so that neither side always runs on a warmer page.
    const el = fresh();
    el.style.width = "340px";
    const a = await openSidebar(el);
    a.h.unmount();
    el.remove();
    out.open.push(a);
    out.openHtml.push(await openHtml(last, out.passes));
  }
  out.jsonBytes = JSON.stringify(returns).length;
  /** The run whose total is the median, whole (its parts add up). */
  const medianRun = (rs) => rs.slice().sort((a, b) => a.total - b.total)[Math.floor(rs.length / 2)];
  return {
    first: median(out.first), firstHtml: median(out.firstHtml), update: median(out.update), read: median(out.read),
    open: out.open.length ? medianRun(out.open) : null, openHtml: out.openHtml.length ? medianRun(out.openHtml) : null,
    passes: out.passes, elements: out.elements, fields: out.fields, allElements: out.allElements, jsonBytes: out.jsonBytes,
    memBefore: out.memBefore, memMount: out.memMount, memUpdate: out.memUpdate,
  };
}

/** A page with nothing loaded, for the cold start. */
const COLD_PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body>`;
/** The module script the cold start inserts: the bundle as a host page loads it, then one mount. */
const COLD_SCRIPT = `import init from "/sidebar-widgets.js";
performance.mark("sw-js");
await init();
performance.mark("sw-init");
const el = document.createElement("div");
el.style.width = "340px";
document.body.append(el);
window.SidebarWidgets.mount(el, window.coldOptions);
performance.mark("sw-mount");
window.coldMounted = !!el.querySelector(".sw-widget");
// Painted: the frame after the one the widget was drawn in has started.
requestAnimationFrame(() => requestAnimationFrame(() => { performance.mark("sw-painted"); window.coldDone(); }));`;

/** The same through the <sidebar-widgets> element (it loads the bundle and the CSS itself). */
const COLD_ELEMENT_SCRIPT = `import "/sidebar-widgets-element.js";
performance.mark("sw-js");
const el = document.createElement("sidebar-widgets");
el.style.width = "340px";
el.config = window.coldOptions;
document.body.append(el);
const seen = new MutationObserver(() => {
  if (!el.shadowRoot.querySelector(".sw-widget")) return;
  seen.disconnect();
  performance.mark("sw-mount");
  window.coldMounted = true;
  requestAnimationFrame(() => requestAnimationFrame(() => { performance.mark("sw-painted"); window.coldDone(); }));
});
seen.observe(el.shadowRoot, { childList: true, subtree: true });`;

/** One cold start in a new page with the HTTP cache disabled: `how` is "limit" (the wasm compiled
 *  alone), "module" (the bundle's module, then mount) or "element" (<sidebar-widgets>). */
async function coldOnce(browser, site, how) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  // Which compile path the bundle takes (its glue falls back to a buffer when streaming fails).
  await page.addInitScript(() => {
    window.streamed = 0;
    for (const name of ["instantiateStreaming", "compileStreaming"]) {
      const f = WebAssembly[name];
      WebAssembly[name] = function (...a) { window.streamed++; return f.apply(this, a); };
    }
  });
  await page.goto(site.url + "/cold.html");
  const r = await page.evaluate(async ([how, loop]) => {
    const t0 = performance.now();
    if (how === "limit") {
      await WebAssembly.compileStreaming(fetch("/sidebar-widgets_bg.wasm"));
      return { total: performance.now() - t0 };
    }
    window.coldOptions = loop;
    const done = new Promise((r) => { window.coldDone = r; });
    if (how === "module") {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "/sidebar.css";
      document.head.append(link);
    }
    const s = document.createElement("script");
    s.type = "module";
    s.src = how === "module" ? "/cold.js" : "/cold-element.js";
    document.head.append(s);
    await done;
    const mark = (n) => (performance.getEntriesByName(n)[0]?.startTime ?? NaN) - t0;
    const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
    return {
      total: mark("sw-painted"), js: mark("sw-js"), wasmEnd: wasm.responseEnd - t0, init: mark("sw-init"),
      mount: mark("sw-mount"), mounted: window.coldMounted, streamed: window.streamed,
    };
  }, [how, LOOP]);
  await page.close();
  return r;
}

/** Cold starts, ours and the limit alternately; the medians. */
async function coldStart(browser) {
  const site = await serveEmbed((req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    if (pathname === "/cold.html") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(COLD_PAGE);
    else if (pathname === "/cold.js") res.writeHead(200, { "content-type": "text/javascript" }).end(COLD_SCRIPT);
    else if (pathname === "/cold-element.js") res.writeHead(200, { "content-type": "text/javascript" }).end(COLD_ELEMENT_SCRIPT);
    else return false;
    return true;
  });
  const runs = { module: [], element: [], limit: [] };
  try {
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const how of Object.keys(runs)) runs[how].push(await coldOnce(browser, site, how));
    }
  } finally {
    await site.close();
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sum = (rs) => {
    const m = (k) => median(rs.map((r) => r[k]));
    return {
      total: m("total"), min: Math.min(...rs.map((r) => r.total)), js: m("js"), wasmEnd: m("wasmEnd"), init: m("init"), mount: m("mount"),
      mounted: rs.every((r) => r.mounted), streamed: rs.every((r) => r.streamed > 0),
    };
  };
  const limits = runs.limit.map((r) => r.total);
  return { module: sum(runs.module), element: sum(runs.element), limit: median(limits), limitMin: Math.min(...limits) };
}

/** Runs in the editor's page (issue 18): opening the edit mode over `n` returns as sample data,
 *  then each edit (a field added from the data tree, a move, an undo) until the DOM shows it, its
 *  layout forced (seen by a MutationObserver; the paint that follows is the browser's next frame). */
async function measureEditor([loop, n, runs]) {
  const sample = loop.data["123"].data[0];
  const returns = Array.from({ length: n }, (_, i) => ({ ...sample, id: 5000 + i, order_name: "#" + (5000 + i) }));
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const el = document.getElementById("mount");
  // Until the DOM shows the change, its layout forced: a MutationObserver sees each change of the
  // editor's element as it is made (polling with setTimeout(0) added the timer's clamping and up
  // to a frame of waiting to every figure).
  const until = (ok) => new Promise((resolve, reject) => {
    const done = () => { el.getBoundingClientRect(); resolve(); };
    if (ok()) { done(); return; }
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error("the editor did not show the change")); }, 10000);
    const mo = new MutationObserver(() => { if (ok()) { mo.disconnect(); clearTimeout(timer); done(); } });
    mo.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const out = { open: [], add: [], move: [], undo: [] };
  for (let run = 0; run < runs; run++) {
    localStorage.clear();
    let t0 = performance.now();
    const h = SidebarWidgets.edit(el, { ...loop, data: { "123": { status: "success", data: returns } } });
    await until(() => el.querySelector(".sw-edit-canvas .sw-card"));
    el.getBoundingClientRect();
    out.open.push(performance.now() - t0);
    const nodes = () => el.querySelectorAll(".sw-edit-canvas [data-node]").length;
    const before = nodes();
    el.querySelector('[data-tree="123|status"] > .sw-edit-tree__label').click();
    await settle();
    el.querySelector('[data-role="add-target"]').value = "0:0";
    t0 = performance.now();
    el.querySelector('[data-sw="add"]').click();
    await until(() => nodes() > before);
    out.add.push(performance.now() - t0);
    el.querySelector('.sw-edit-canvas button[data-node="0:0.0"]').click();
    await until(() => el.querySelector('.sw-edit-form [data-sw="down"]'));
    // Whether the root card shows its list first (addresses follow the array, so the class tells).
    const listFirst = () => !!el.querySelector('.sw-edit-canvas [data-node="0:0"] > .sw-card__content > .sw-list:first-child');
    t0 = performance.now();
    el.querySelector('.sw-edit-form [data-sw="down"]').click();
    await until(() => listFirst());
    out.move.push(performance.now() - t0);
    t0 = performance.now();
    el.querySelector('[data-sw="undo"]').click();
    await until(() => !listFirst());
    out.undo.push(performance.now() - t0);
    h.saved();
    h.unmount();
  }
  return { open: median(out.open), add: median(out.add), move: median(out.move), undo: median(out.undo) };
}

const site = await serveEmbed(editorPages);
const browser = await launch();
const ms = (x) => (x == null ? "       -" : x.toFixed(1).padStart(8) + " ms");
const mb = (b) => (b / 1048576).toFixed(1) + " MB";
const ratio = (a, b) => (a / b).toFixed(2) + "x";
try {
  console.log(`Loop Returns, returns x 5 line items, median of ${RUNS} runs (2,000 returns: ${Math.max(3, Math.floor(RUNS / 2))}) in headless Chromium, dist-embed/ release bundle`);
  console.log("                                              sidebar        limit   ratio (sidebar / limit)");
  const first = {};
  for (const [n, openAll] of [undefined, "render"].includes(process.env.BENCH_ONLY) ? [[200, !process.env.BENCH_ONLY], [2000, false]] : []) {
    // A fresh page per size, so that the WebAssembly memory figures start from the same place.
    const { page, errors } = await openEmbed(browser, site);
    const r = await page.evaluate(measure, [LOOP, n, n > 500 ? Math.max(3, Math.floor(RUNS / 2)) : RUNS, openAll, YIELDS]);
    first[n] = r.first;
    console.log(`${String(n).padStart(5)} returns, first render (default limit)  ${ms(r.first)}  ${ms(r.firstHtml)}   ${ratio(r.first, r.firstHtml)} innerHTML, layout forced on both`);
    console.log(`${String(n).padStart(5)} returns, reading the data alone        ${ms(r.read)}                (checkOptions: every return's JSON written, copied and scanned, ${mb(r.jsonBytes)}; an object is parsed when first used)`);
    if (r.open) {
      const o = r.open, h = r.openHtml;
      console.log(`${String(n).padStart(5)} returns, all shown, every card open    ${ms(o.total)}  ${ms(h.total)}   ${ratio(o.total, h.total)} innerHTML, like for like: ${r.passes} passes x ${YIELDS} setTimeout(0) yields on both sides (innerHTML builds the final DOM once), layout forced once at the end on both`);
      console.log(`        of which script (mount, clicks / innerHTML) ${ms(o.script)}  ${ms(h.script)}`);
      console.log(`        of which yields (sidebar: its rendering)    ${ms(o.settle)}  ${ms(h.settle)}`);
      console.log(`        of which the final style and layout         ${ms(o.layout)}  ${ms(h.layout)}`);
    }
    console.log(`${String(n).padStart(5)} returns, update one field              ${ms(r.update)}`);
    console.log(`${String(n).padStart(5)} returns, wasm memory: ${mb(r.memBefore)} at start, ${mb(r.memMount)} after mount, ${mb(r.memUpdate)} after an update (data: ${mb(r.jsonBytes)} of JSON)`);
    if (r.fields) {
      console.log(`${String(n).padStart(5)} returns, every card open: ${r.allElements} elements, ${r.fields} fields, ${(r.elements / r.fields).toFixed(2)} elements per field`);
    }
    if (errors.length) console.log("console errors:", errors);
    await page.close();
  }
  if (first[200]) console.log(`2,000 / 200 returns, first render: ${ratio(first[2000], first[200])} (the agent sees the same returns; the others are written as JSON, copied and scanned, not parsed: see "reading the data alone"; these lists have no orderBy: with one, every item would be parsed for its sort key)`);
  if (!["editor", "render"].includes(process.env.BENCH_ONLY)) {
    const cold = await coldStart(browser);
    console.log(`cold start, median of ${COLD_RUNS} (fastest in brackets) (HTTP cache disabled, 127.0.0.1, a module script inserted -> the first widget painted, the demo's Loop Returns options):`);
    console.log(`  limit: WebAssembly.compileStreaming(fetch(the same wasm)) alone ${ms(cold.limit)} (${ms(cold.limitMin).trim()})`);
    for (const [name, c] of [["module (init, then mount)", cold.module], ["<sidebar-widgets> element", cold.element]]) {
      console.log(`  ${name.padEnd(26)} ${ms(c.total)} (${ms(c.min).trim()})   ${ratio(c.total, cold.limit)} compile alone (fastest: ${ratio(c.min, cold.limitMin)}); streaming compilation: ${c.streamed ? "yes" : "NO"}; widget drawn: ${c.mounted ? "yes" : "NO"}`);
      console.log(`    from the insertion: JS evaluated ${ms(c.js)}, wasm received ${ms(c.wasmEnd)},${Number.isNaN(c.init) ? "" : ` compiled and instantiated ${ms(c.init)},`} widget in the DOM ${ms(c.mount)}, painted ${ms(c.total)}`);
    }
  }
  if (!["cold", "render"].includes(process.env.BENCH_ONLY)) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(site.url + "/editor.html");
    await page.waitForFunction(() => window.ready);
    const r = await page.evaluate(measureEditor, [LOOP, 200, RUNS]);
    console.log(`edit mode (sidebar-widgets-editor.js), 200 returns as sample data, median of ${RUNS} runs (from the click until the DOM shows it, layout forced):`);
    console.log(`  open ${ms(r.open)}   a field added ${ms(r.add)}   a move ${ms(r.move)}   an undo ${ms(r.undo)}`);
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
}
