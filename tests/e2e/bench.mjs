// Benchmark: the Loop Returns widget over 200 returns x 5 line items, in headless Chromium against
// the release build in dist/. Prints the first-render time and the time of an update that changes
// one field (median of several runs). Run with `bash scripts/bench.sh`.
import { serveDir, launch, openPage } from "./harness.mjs";

const RUNS = Number(process.env.BENCH_RUNS || 7);
const site = await serveDir();
const browser = await launch();
try {
  const { page, errors } = await openPage(browser, site.url + "/");
  await page.waitForFunction(() => window.SidebarWidgets && document.querySelector(".sw-widget"));
  const result = await page.evaluate(async (runs) => {
    const base = await (await fetch("demo/loop-returns.json")).json();
    const sample = base.data["123"].data[0];
    const returns = Array.from({ length: 200 }, (_, i) => ({
      ...sample, id: 5000 + i, order_name: "#" + (5000 + i), state: i % 3 ? "open" : "closed",
      line_items: Array.from({ length: 5 }, (_, j) => ({ ...sample.line_items[0], id: i * 10 + j, title: `Item ${j} of return ${i}` })),
    }));
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // The reactive system runs its effects in microtasks: wait for those first, then for timers.
    let spins = 0;
    const frame = () => (++spins % 1000 ? Promise.resolve() : new Promise((r) => setTimeout(r, 0)));
    async function measure(limit) {
      const template = structuredClone(base.widgets[0]);
      template.template.widgets[0].widgets[1].meta.limit = limit;
      const firsts = [], updates = [];
      for (let run = 0; run < runs; run++) {
        const el = document.createElement("div");
        el.style.width = "340px";
        document.body.append(el);
        const data = { "123": { status: "success", data: structuredClone(returns) } };
        const opts = { ...base, widgets: [template], data };
        let t0 = performance.now();
        const h = window.SidebarWidgets.mount(el, opts);
        el.getBoundingClientRect(); // include style and layout
        firsts.push(performance.now() - t0);
        const title = el.querySelector(".sw-list > .sw-card .sw-card__title");
        data["123"].data[0].state = "updated-" + run;
        t0 = performance.now();
        h.update({ data });
        while (!title.textContent.includes("updated-" + run)) await frame();
        el.getBoundingClientRect();
        updates.push(performance.now() - t0);
        h.unmount();
        el.remove();
      }
      return { first: median(firsts), update: median(updates), cards: null };
    }
    return { defaultLimit: await measure(""), all: await measure(200) };
  }, RUNS);
  const fmt = (x) => x.toFixed(1).padStart(7) + " ms";
  console.log(`Loop Returns, 200 returns x 5 line items, median of ${RUNS} runs (headless Chromium, release build)`);
  console.log(`  list limit default (3 shown):  first render ${fmt(result.defaultLimit.first)}   update one field ${fmt(result.defaultLimit.update)}`);
  console.log(`  list limit 200 (all shown):    first render ${fmt(result.all.first)}   update one field ${fmt(result.all.update)}`);
  if (errors.length) console.log("console errors:", errors);
} finally {
  await browser.close();
  await site.close();
}
