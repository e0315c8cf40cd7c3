// The visual editor shows the JSON Schema's errors live, on the node they concern (issue 18: "see
// the playground's warnings and the schema's errors on the node they concern, live"), against the
// built editor bundle: the schema shipped with the package, checked by the playground's own checker
// (demo/schema-check.js, bundled into the editor's glue). The demo's Loop Returns conforms and shows
// none; a root card's `displayCard: "yes"` shows on that card, an integration's method "FETCH" in
// the editor's list of errors that concern no node; fixing it in the card form clears it at once,
// and undo brings it back. axe-core stays clean with the errors shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { embedSuite, LOOP } from "./harness.mjs";
import { seriousViolations } from "./storybook.mjs";
import { editorPages } from "./editor-page.mjs";

const suite = embedSuite(editorPages);

async function openEditor(options) {
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(suite.site.url + "/editor.html");
  await page.waitForFunction(() => window.ready);
  await page.evaluate((o) => window.openEditor(o), options);
  await page.waitForSelector(".sw-editor .sw-edit-canvas .sw-card");
  return { page, errors };
}

const options = (widgets = LOOP.widgets, integrations = LOOP.integrations) =>
  ({ widgets, integrations, data: LOOP.data, context: LOOP.context, theme: "light" });
const schemaTexts = (page) => page.$$eval(".sw-editor .sw-edit-warning", (ps) => ps.map((p) => p.textContent).filter((t) => t.includes("Schema")));
const onRootCard = (page) => page.$$eval('.sw-edit-canvas section.sw-card[data-drop="0:0"] > .sw-edit-warning', (ps) => ps.map((p) => p.textContent));
const region = '.sw-editor [role="region"][aria-label="JSON Schema errors"]';

test("a template and integration that conform show no schema error", async () => {
  const { page, errors } = await openEditor(options());
  assert.deepEqual(await schemaTexts(page), []);
  assert.equal(await page.$(region), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test("schema errors show on the node they concern and in the editor's list, live: fixed in the form they go, undone they come back", async () => {
  const widgets = structuredClone(LOOP.widgets);
  widgets[0].template.widgets[0].meta = { ...widgets[0].template.widgets[0].meta, displayCard: "yes" };
  const integrations = structuredClone(LOOP.integrations);
  integrations[0].http.method = "FETCH";
  const { page, errors } = await openEditor(options(widgets, integrations));

  const root = await onRootCard(page);
  assert.equal(root.length, 1, JSON.stringify(root));
  assert.match(root[0], /^Schema: meta\.displayCard: must be one of true, false, "true", "false", null, not "yes"$/);
  const listed = await page.$$eval(`${region} li`, (li) => li.map((x) => x.textContent));
  assert.equal(listed.length, 1, JSON.stringify(listed));
  assert.match(listed[0], new RegExp(`^Integration ${integrations[0].name}: Schema: http\\.method: "FETCH": Use GET, POST, PUT, PATCH or DELETE\\.$`));
  // Nowhere else: the other nodes conform.
  assert.equal((await schemaTexts(page)).length, 2);
  let v = await seriousViolations(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));

  // Fixed in the card's form: the checkbox writes `false`, and the error goes at once.
  await page.click('.sw-edit-canvas button[data-sw="select"][data-node="0:0"]');
  await page.click('input[data-prop="meta.displayCard"]');
  await page.waitForFunction(() => window.handle.widgets()[0].template.widgets[0].meta.displayCard === false);
  await page.waitForFunction(() => !document.querySelector('.sw-edit-canvas section.sw-card[data-drop="0:0"] > .sw-edit-warning'));
  assert.deepEqual(await onRootCard(page), []);
  // Undone: the template is "yes" again, and so is its error.
  await page.click('.sw-edit-toolbar button[data-sw="undo"]');
  await page.waitForFunction(() => document.querySelector('.sw-edit-canvas section.sw-card[data-drop="0:0"] > .sw-edit-warning')?.textContent.startsWith("Schema: meta.displayCard"));
  assert.equal((await page.evaluate(() => window.handle.widgets()))[0].template.widgets[0].meta.displayCard, "yes");
  v = await seriousViolations(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));
  assert.deepEqual(errors, []);
  await page.close();
});
