// The visual editor's screenshot for the README, into docs/editor.png: `node tests/e2e/screenshot-editor.mjs`
// (after `bash scripts/build-embed.sh`), made like tests/e2e/screenshot.mjs: headless Chromium
// (Debian's) driven by playwright-core, over the demo's Loop Returns options, with the return card
// selected (its form beside it), the data tree open at the first return and a warning showing.
import path from "node:path";
import { launch, openPage, LOOP, DIST } from "./harness.mjs";
import { serveEditor } from "./editor-page.mjs";

const site = await serveEditor();
const browser = await launch();
try {
  const { page, errors } = await openPage(browser, site.url + "/editor.html", { width: 1440, height: 1000 });
  await page.waitForFunction(() => window.ready);
  const widgets = structuredClone(LOOP.widgets);
  // One typical mistake, so that a warning shows on its node.
  widgets[0].template.widgets[0].widgets[1].widgets[0].widgets[3].path = "carier";
  await page.evaluate((o) => window.openEditor(o), { ...LOOP, widgets, theme: "light" });
  await page.waitForSelector(".sw-edit-canvas .sw-card");
  await page.evaluate(() => localStorage.clear());
  await page.click('.sw-edit-canvas button[data-node="0:0.1.0"]');
  await page.click('[data-tree="123|data"]');
  await page.click('[data-tree="123|data[0]"] > .sw-edit-tree__label');
  await page.waitForTimeout(300);
  const file = path.resolve(DIST, "../docs/editor.png");
  await page.screenshot({ path: file });
  console.log("wrote", path.relative(process.cwd(), file), errors.length ? `(console errors: ${errors.join(" | ")})` : "");
} finally {
  await browser.close();
  await site.close();
}
