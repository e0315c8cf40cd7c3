// Benchmark (issue 11): the Loop Returns widget over many returns x 5 line items, in headless
// Chromium against the embeddable release bundle (dist-embed/), each figure beside the physical
// limit: the browser building the identical DOM from an HTML string (innerHTML, layout forced).
// Prints figures; asserts nothing. `bash scripts/bench.sh` (or `node tests/e2e/bench.mjs`).
//   BENCH_RUNS=7  runs per figure (the median is printed)
//   BENCH_ONLY=editor  only the visual editor's figures (issue 18)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";
import { editorPages } from "./editor-page.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOOP = JSON.parse(fs.readFileSync(path.join(here, "../../demo/loop-returns.json"), "utf8"));
const RUNS = Number(process.env.BENCH_RUNS || 7);

/** Runs in the page: the timings for `n` returns. */
async function measure([loop, n, runs, openAll]) {
  const sample = loop.data["123"].data[0];
  const returns = Array.from({ length: n }, (_, i) => ({
    ...sample, id: 5000 + i, order_name: "#" + (5000 + i), state: i % 3 ? "open" : "closed",
    line_items: Array.from({ length: 5 }, (_, j) => ({ ...sample.line_items[0], id: i * 10 + j, title: `Item ${j} of return ${i}` })),
  }));
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const settle = async () => { for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0)); };
  const layout = (el) => el.getBoundingClientRect().height + document.body.offsetHeight;
  /** The browser building the same DOM from an HTML string, layout forced. */
  const innerHtml = (html) => {
    const copy = document.createElement("div");
    copy.style.width = "340px";
    document.body.append(copy);
    const t0 = performance.now();
    copy.innerHTML = html;
    layout(copy);
    const ms = performance.now() - t0;
    copy.remove();
    return ms;
  };
  const out = { first: [], firstHtml: [], open: [], openHtml: [], update: [], elements: 0, fields: 0 };
  const mem = () => window.wasm.memory.buffer.byteLength;
  out.memBefore = mem();
  for (let run = 0; run < runs; run++) {
    const el = fresh();
    el.style.width = "340px";
    const data = { "123": { status: "success", data: structuredClone(returns) } };
    let t0 = performance.now();
    const h = window.api.mount(el, { ...loop, data });
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
    if (openAll) {
      // Every return shown (the lists' limit raised to n), then every card opened, as an agent
      // clicking each chevron would (all in one go, then the nested ones).
      const all = JSON.parse(JSON.stringify(loop).replaceAll('"limit":""', `"limit":"${n}"`));
      t0 = performance.now();
      const h2 = window.api.mount(el, { ...all, data });
      for (let pass = 0; pass < 5; pass++) {
        const closed = el.querySelectorAll(".sw-card--collapsed > .sw-card__header > .sw-card__toggle");
        if (!closed.length) break;
        for (const t of closed) t.click();
        await settle();
      }
      layout(el);
      out.open.push(performance.now() - t0);
      out.openHtml.push(innerHtml(el.innerHTML));
      out.elements = el.querySelectorAll(".sw-field *").length + el.querySelectorAll(".sw-field").length;
      out.fields = el.querySelectorAll(".sw-field").length;
      out.allElements = el.querySelectorAll("*").length;
      h2.unmount();
    }
    el.remove();
  }
  out.jsonBytes = JSON.stringify(returns).length;
  return {
    first: median(out.first), firstHtml: median(out.firstHtml), update: median(out.update),
    open: out.open.length ? median(out.open) : null, openHtml: out.openHtml.length ? median(out.openHtml) : null,
    elements: out.elements, fields: out.fields, allElements: out.allElements, jsonBytes: out.jsonBytes,
    memBefore: out.memBefore, memMount: out.memMount, memUpdate: out.memUpdate,
  };
}

/** Runs in the editor's page (issue 18): opening the edit mode over `n` returns as sample data,
 *  then each edit (a field added from the data tree, a move, an undo) until it is drawn. */
async function measureEditor([loop, n, runs]) {
  const sample = loop.data["123"].data[0];
  const returns = Array.from({ length: n }, (_, i) => ({ ...sample, id: 5000 + i, order_name: "#" + (5000 + i) }));
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const until = async (ok) => {
    const t0 = performance.now();
    while (!ok()) {
      if (performance.now() - t0 > 10000) throw new Error("the editor did not show the change");
      await settle();
    }
  };
  const el = document.getElementById("mount");
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
const ms = (x) => (x == null ? "      -" : x.toFixed(1).padStart(7) + " ms");
const mb = (b) => (b / 1048576).toFixed(1) + " MB";
try {
  console.log(`Loop Returns, returns x 5 line items, median of ${RUNS} runs (headless Chromium, dist-embed/ release bundle)`);
  console.log("                                        sidebar    innerHTML  ratio");
  // BENCH_ONLY=editor: the edit mode's figures alone.
  for (const [n, openAll] of process.env.BENCH_ONLY === "editor" ? [] : [[200, true], [2000, false]]) {
    // A fresh page per size, so that the WebAssembly memory figures start from the same place.
    const { page, errors } = await openEmbed(browser, site);
    const r = await page.evaluate(measure, [LOOP, n, n > 500 ? Math.max(3, Math.floor(RUNS / 2)) : RUNS, openAll]);
    console.log(`${n} returns, first render (default limit)  ${ms(r.first)}  ${ms(r.firstHtml)}  ${(r.first / r.firstHtml).toFixed(2)}x`);
    if (r.open != null) {
      console.log(`${n} returns, all shown, every card open ${ms(r.open)}  ${ms(r.openHtml)}  ${(r.open / r.openHtml).toFixed(2)}x`);
    }
    console.log(`${n} returns, update one field              ${ms(r.update)}`);
    console.log(`${n} returns, wasm memory: ${mb(r.memBefore)} at start, ${mb(r.memMount)} after mount, ${mb(r.memUpdate)} after an update (data: ${mb(r.jsonBytes)} of JSON)`);
    if (r.fields) {
      console.log(`${n} returns, every card open: ${r.allElements} elements, ${r.fields} fields, ${(r.elements / r.fields).toFixed(2)} elements per field`);
    }
    if (errors.length) console.log("console errors:", errors);
    await page.close();
  }
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(site.url + "/editor.html");
    await page.waitForFunction(() => window.ready);
    const r = await page.evaluate(measureEditor, [LOOP, 200, RUNS]);
    console.log(`edit mode (sidebar-widgets-editor.js), 200 returns as sample data, median of ${RUNS} runs:`);
    console.log(`  open ${ms(r.open)}   a field added ${ms(r.add)}   a move ${ms(r.move)}   an undo ${ms(r.undo)}`);
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
}
