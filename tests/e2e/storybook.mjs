// Helpers for the demo page's tests (stories, playground, accessibility).
import { createRequire } from "node:module";
import { openPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve("axe-core/axe.min.js");

/** Opens the demo page at `hash` and waits until its first view is rendered. */
export async function openDemo(browser, site, hash = "", opts = {}) {
  const out = await openPage(browser, site.url + "/" + hash, opts);
  await out.page.waitForSelector("html[data-ready]", { timeout: 20000 });
  return out;
}

/** Goes to a story with the keyboard-free hash route and waits for its sidebar. */
export async function showStory(page, id) {
  await page.evaluate((id) => { location.hash = "#/story/" + id; }, id);
  await page.waitForSelector(`article[data-story="${id}"] .demo-frame__mount .sw-sidebar`, { timeout: 10000 });
}

/** axe-core's serious and critical violations on the page, as short strings. */
export async function seriousViolations(page, context = "document") {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (context) => {
    const r = await window.axe.run(context === "document" ? document : document.querySelector(context), { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + n.failureSummary) }));
  }, context);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Opens every collapsed card and presses every "N more" under `root` until nothing is left. */
export async function expandAll(page, root) {
  for (let round = 0; round < 50; round++) {
    const clicked = await page.evaluate((root) => {
      const el = document.querySelector(root);
      const targets = [...el.querySelectorAll('.sw-card__toggle[aria-expanded="false"], .sw-list__more')];
      targets.forEach((t) => t.click());
      return targets.length;
    }, root);
    if (!clicked) return;
    await page.waitForTimeout(30);
  }
}

/** Describes the focused element (for messages). */
export const describeFocus = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return "body";
  return `${a.tagName.toLowerCase()}${a.id ? "#" + a.id : ""}${a.className && typeof a.className === "string" ? "." + a.className.split(" ").join(".") : ""} "${(a.getAttribute("aria-label") || a.textContent || a.value || "").trim().slice(0, 40)}"`;
});

/** Presses Tab (or Shift+Tab) until `predicate(document.activeElement)` holds; returns the presses, or -1. */
export async function tabUntil(page, predicate, { max = 400, back = false, arg = null } = {}) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const hit = await page.evaluate(([src, arg]) => {
      const fn = new Function("el", "arg", `return (${src})(el, arg);`);
      return !!fn(document.activeElement, arg);
    }, [predicate.toString(), arg]);
    if (hit) return i;
  }
  return -1;
}
