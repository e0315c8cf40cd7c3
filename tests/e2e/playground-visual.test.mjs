// End-to-end: the playground's visual editor (issue 18) in sync with its Template editor both ways:
// an edit in the visual editor shows at once in the JSON and the preview, and an edit of the JSON
// at once in the visual editor.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDir, launch } from "./harness.mjs";
import { openDemo, seriousViolations } from "./storybook.mjs";

let site, browser;
before(async () => { site = await serveDir(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const PREVIEW_TITLE = ".demo-pg .demo-frame__mount .sw-card--root > .sw-card__header .sw-card__title";
const VISUAL_ROOT = '#pg-visual .sw-edit-canvas button[data-node="0:0"]';

test("the visual editor and the Template JSON stay in sync, both ways", async () => {
  const { page, errors } = await openDemo(browser, site, "#/playground");
  await page.waitForSelector(VISUAL_ROOT);
  assert.equal((await page.textContent(VISUAL_ROOT)).trim(), "Jane Doe");

  // Visual -> JSON and preview: the root card's title typed in its form.
  await page.click(VISUAL_ROOT);
  const title = page.locator("#pg-visual .sw-edit-form input[data-prop=title]");
  await title.fill("{{first_name}} (visual)");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#pg-template").value).widgets[0].title === "{{first_name}} (visual)");
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === "Jane (visual)", PREVIEW_TITLE);

  // JSON -> visual.
  const template = JSON.parse(await page.inputValue("#pg-template"));
  template.widgets[0].title = "{{last_name}} (json)";
  await page.fill("#pg-template", JSON.stringify(template, null, 2));
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === "Doe (json)", VISUAL_ROOT);
  // The JSON as typed is kept (the visual editor does not write it back).
  assert.equal(await page.inputValue("#pg-template"), JSON.stringify(template, null, 2));
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});
