// The visual editor (issue 18) against the built editor bundle (dist-embed/sidebar-widgets-editor.js):
// SidebarWidgets.edit over the demo's Loop Returns options; values dragged from the data tree with
// the mouse and with the keyboard, a reorder, a card form, undo/redo by button and keys, the
// sidebar-widgets:change event, a data key holding a dot (added as a whole path or refused with the
// reason), the draft offered back after a reload, copy/paste, generate, custom
// links and buttons (a dropdown parameter, a POST form body, both sent to a recorder; a JSON body box
// following undo and redo), Ctrl+C/Ctrl+V across two widgets, the preview in view mode, dates
// formatted as the sidebar formats them, export,
// the seed's Loop Returns integration created in its form and tested against a local recorder (the
// request the seed's curl makes the helpdesk send), and axe-core light and dark.
import { test } from "node:test";
import http from "node:http";
import assert from "node:assert/strict";
import { embedSuite, LOOP } from "./harness.mjs";
import { seriousViolations } from "./storybook.mjs";
import { editorPages } from "./editor-page.mjs";

const suite = embedSuite(editorPages);

const OPTIONS = { widgets: LOOP.widgets, integrations: LOOP.integrations, data: LOOP.data, context: LOOP.context, theme: "light" };

async function openEditor(options = OPTIONS, { colorScheme = "light", page: reuse = null } = {}) {
  const page = reuse || (await suite.browser.newPage({ viewport: { width: 1280, height: 1000 }, colorScheme }));
  const errors = [];
  if (!reuse) {
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(suite.site.url + "/editor.html");
  }
  await page.waitForFunction(() => window.ready);
  await page.evaluate((o) => window.openEditor(o), options);
  await page.waitForSelector(options.widgets?.length ? ".sw-editor .sw-edit-canvas .sw-card" : ".sw-editor");
  return { page, errors };
}

const rootCard = (w) => w[0].template.widgets[0];
const itemCard = (w) => rootCard(w).widgets[1].widgets[0];
const widgets = (page) => page.evaluate(() => window.handle.widgets());

test("opening and taking widgets() without a change gives back the same widgets", async () => {
  const { page, errors } = await openEditor();
  assert.deepEqual(await widgets(page), LOOP.widgets);
  assert.deepEqual(await page.evaluate(() => window.handle.integrations()), LOOP.integrations);
  // The sidebar as it looks: the root card's title, the first return's title filled from the sample.
  const titles = await page.$$eval(".sw-edit-canvas .sw-card__title", (b) => b.map((x) => x.textContent));
  assert.equal(titles[0], "Loop Returns");
  assert.match(titles[1], /^Return #1001: open$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a value dragged with the mouse from the data tree onto a card becomes a field there, and the change is announced to the host", async () => {
  const { page } = await openEditor();
  await page.dragAndDrop('[data-tree="123|status"] > .sw-edit-tree__label', '.sw-edit-canvas section.sw-card[data-drop="0:0"] > .sw-card__header');
  await page.waitForFunction(() => window.changes.length === 1);
  const w = await widgets(page);
  const added = rootCard(w).widgets.at(-1);
  assert.equal(added.path, "status");
  assert.equal(rootCard(w).widgets.length, rootCard(LOOP.widgets).widgets.length + 1);
  const change = await page.evaluate(() => window.changes[0]);
  assert.deepEqual(change.widgets, w);
  assert.deepEqual(change.integrations, LOOP.integrations);
  assert.equal(change.widget.integration_id, 123);
  await page.close();
});

test("a value carried with the keyboard alone (tree arrows, Enter, arrows over the cards, Enter) lands in the card chosen", async () => {
  const { page } = await openEditor();
  await page.focus('[data-tree="123|"]');
  const press = async (key, focused) => {
    await page.keyboard.press(key);
    if (focused) await page.waitForFunction((k) => document.activeElement?.getAttribute("data-tree") === k, focused);
  };
  await press("ArrowRight", "123|status");
  await press("ArrowDown", "123|data");
  await press("ArrowRight");
  await page.waitForSelector('[data-tree="123|data"][aria-expanded="true"]');
  await press("ArrowRight", "123|data[0]");
  await press("ArrowRight");
  await press("ArrowRight", "123|data[0].id");
  await press("Enter");
  await page.waitForFunction(() => /Picked up id/.test(document.querySelector(".sw-edit-live").textContent));
  // Over the wrapper first; the return card is the third target.
  await press("ArrowDown");
  await press("ArrowDown");
  await page.waitForFunction(() => /Over Card .Return/.test(document.querySelector(".sw-edit-live").textContent));
  assert.ok(await page.$('.sw-edit-node--target[data-node="0:0.1.0"]'));
  await press("Enter");
  await page.waitForFunction(() => /added to/.test(document.querySelector(".sw-edit-live").textContent));
  const card = itemCard(await widgets(page));
  assert.equal(card.widgets.at(-1).path, "id");
  assert.equal(card.widgets.length, itemCard(LOOP.widgets).widgets.length + 1);
  // Escape cancels a carry: nothing added.
  await page.focus('[data-tree="123|data[0].id"]');
  await press("Enter");
  await press("Escape");
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector(".sw-edit-live").textContent));
  assert.equal(itemCard(await widgets(page)).widgets.length, card.widgets.length);
  await page.close();
});

test("a value outside the card's data is refused with the reason, nothing inserted", async () => {
  const { page } = await openEditor();
  await page.click('[data-tree="123|data"]');
  await page.waitForSelector('[data-tree="123|data[0]"]');
  await page.click('[data-tree="123|data[0]"] > .sw-edit-tree__label');
  await page.dragAndDrop('[data-tree="123|status"] > .sw-edit-tree__label', '.sw-edit-canvas section.sw-card[data-drop="0:0.1.0"] > .sw-card__header');
  await page.waitForSelector(".sw-edit-notice");
  assert.match(await page.textContent(".sw-edit-notice"), /^Not added: /);
  assert.deepEqual(await widgets(page), LOOP.widgets);
  await page.close();
});

test("a data key holding a dot, dragged from the tree: as the field's whole path it is added and shows its value; as one step of a longer path, or where the card's data has that dotted key, refused with the reason", async () => {
  const options = {
    widgets: [{ id: 1, integration_id: 7, template: { type: "wrapper", widgets: [{ type: "card", title: "Shop", path: "", widgets: [] }] } }],
    integrations: [{ id: 7, name: "Shop", type: "http" }],
    data: { 7: { x: { "c.d": "inner dotted" }, "a.b": "exact dotted", a: { b: "nested" } } },
    theme: "light",
  };
  const { page, errors } = await openEditor(options);
  const card = '.sw-edit-canvas section.sw-card[data-drop="0:0"] > .sw-card__header';
  const label = (item) => `[data-tree="${item}"] > .sw-edit-tree__label`;
  // x -> "c.d" from the widget's card: "x.c.d" would be read as x -> c -> d.
  await page.click('[data-tree="7|x"]');
  await page.dragAndDrop(label("7|x.c%2Ed"), card);
  await page.waitForSelector(".sw-edit-notice");
  assert.match(await page.textContent(".sw-edit-notice"), /^Not added: the key "c\.d" holds a dot/);
  assert.deepEqual(await widgets(page), options.widgets);
  // a -> b written "a.b" would show the exact key "a.b": refused too.
  await page.click('[data-tree="7|a"]');
  await page.dragAndDrop(label("7|a.b"), card);
  await page.waitForFunction(() => /also has a key "a\.b"/.test(document.querySelector(".sw-edit-notice")?.textContent));
  assert.deepEqual(await widgets(page), options.widgets);
  // The key "a.b" of the card's own data: its whole path, read back as that key.
  await page.dragAndDrop(label("7|a%2Eb"), card);
  await page.waitForFunction(() => window.changes.length === 1);
  const added = (await widgets(page))[0].template.widgets[0].widgets;
  assert.deepEqual(added.map((f) => f.path), ["a.b"]);
  assert.equal((await page.textContent('.sw-edit-canvas [data-node="0:0.0"] .sw-field__value')).trim(), "exact dotted");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Move down in the node menu reorders; undo and redo by button and by Ctrl+Z / Ctrl+Shift+Z", async () => {
  const { page } = await openEditor();
  await page.click('.sw-edit-canvas button[data-node="0:0.0"]');
  await page.click('.sw-edit-form button[data-sw="down"]');
  await page.waitForFunction(() => window.changes.length === 1);
  let w = await widgets(page);
  assert.equal(rootCard(w).widgets[0].type, "list");
  assert.equal(rootCard(w).widgets[1].path, "status");
  await page.click('.sw-edit-toolbar button[data-sw="undo"]');
  assert.deepEqual(await widgets(page), LOOP.widgets);
  await page.click('.sw-edit-toolbar button[data-sw="redo"]');
  assert.equal(rootCard(await widgets(page)).widgets[1].path, "status");
  await page.keyboard.press("Control+z");
  assert.deepEqual(await widgets(page), LOOP.widgets);
  await page.keyboard.press("Control+Shift+z");
  assert.equal(rootCard(await widgets(page)).widgets[1].path, "status");
  assert.equal(await page.evaluate(() => window.handle.undo()), true);
  assert.deepEqual(await widgets(page), LOOP.widgets);
  await page.close();
});

test("a field dragged with the mouse onto its sibling takes its place", async () => {
  const { page } = await openEditor();
  await page.dragAndDrop('.sw-edit-canvas [data-node="0:0.0"]', '.sw-edit-canvas [data-node="0:0.1"] > .sw-edit-select--list');
  await page.waitForFunction(() => window.changes.length === 1);
  const w = await widgets(page);
  assert.deepEqual(rootCard(w).widgets.map((n) => n.path), ["data", "status"]);
  assert.deepEqual(rootCard(w).widgets[0], rootCard(LOOP.widgets).widgets[1]);
  await page.close();
});

test("a field copied and pasted into another card shows the same data there; the original stays", async () => {
  const { page } = await openEditor();
  await page.click('.sw-edit-canvas button[data-node="0:0.0"]');
  await page.click('.sw-edit-form button[data-sw="copy-node"]');
  await page.selectOption('.sw-edit-form select[data-role="move-target"]', "0:");
  await page.click('.sw-edit-form button[data-sw="paste"]');
  await page.waitForFunction(() => window.changes.length === 1);
  const w = await widgets(page);
  assert.deepEqual(w[0].template.widgets.at(-1), rootCard(LOOP.widgets).widgets[0]);
  assert.deepEqual(rootCard(w), rootCard(LOOP.widgets));
  await page.close();
});

test("Ctrl+C and Ctrl+V: a field copied from one widget and pasted into another widget of the same integration shows the same value; not while typing in a box", async () => {
  const { page } = await openEditor();
  await page.click('.sw-edit-data button[data-sw="generate"][data-integration="123"]');
  await page.waitForSelector('.sw-edit-canvas [data-widget="1"] section.sw-card');
  const field = '.sw-edit-canvas button[data-node="0:0.0"]';
  const value = await page.textContent(`${field} .sw-field__value`);
  await page.click(field);
  await page.keyboard.press("Control+c");
  // The other widget's first card.
  const card = page.locator('.sw-edit-canvas [data-widget="1"] section.sw-card > .sw-card__header > button[data-sw="select"]').first();
  const key = await card.getAttribute("data-node");
  await card.click();
  const before = await widgets(page);
  // In a text box, Ctrl+V is the text's: nothing is pasted into the widgets.
  await page.focus(".sw-edit-form input[data-prop=title]");
  await page.keyboard.press("Control+v");
  assert.deepEqual(await widgets(page), before);
  await card.focus();
  await page.keyboard.press("Control+v");
  await page.waitForFunction((n) => window.handle.widgets()[1] && JSON.stringify(window.handle.widgets()) !== n, JSON.stringify(before));
  const w = await widgets(page);
  const path = key.split(":")[1].split(".").filter((x) => x !== "").map(Number);
  let node = w[1].template;
  for (const i of path) node = node.widgets[i];
  const pasted = node.widgets.at(-1);
  assert.equal(pasted.type, rootCard(LOOP.widgets).widgets[0].type);
  assert.equal(pasted.title, rootCard(LOOP.widgets).widgets[0].title);
  const pastedKey = `1:${[...path, node.widgets.length - 1].join(".")}`;
  assert.equal(await page.textContent(`.sw-edit-canvas button[data-node="${pastedKey}"] .sw-field__value`), value);
  // Widget 0 is as it was.
  assert.deepEqual(w[0], before[0]);
  await page.close();
});

test("a widget generated from the sample data, then moved above the other: `order` follows its place", async () => {
  const { page } = await openEditor();
  await page.click('.sw-edit-data button[data-sw="generate"][data-integration="123"]');
  await page.waitForSelector('.sw-edit-canvas [data-widget="1"]');
  let w = await widgets(page);
  assert.equal(w.length, 2);
  assert.equal(w[1].integration_id, 123);
  assert.equal(w[1].template.type, "wrapper");
  assert.ok(JSON.stringify(w[1].template).includes('"path":"status"'));
  // The new widget's root is selected: its menu moves it.
  await page.click('.sw-edit-form button[data-sw="widget-up"]');
  await page.waitForFunction(() => window.changes.length === 2);
  w = await widgets(page);
  assert.deepEqual(w[1].template, LOOP.widgets[0].template);
  assert.deepEqual(w.map((x) => x.order), [0, 1]);
  await page.close();
});

test("the card form edits the title (one undo step for what is typed in the box), link and colour; the variable picker inserts {{key}}", async () => {
  const { page } = await openEditor();
  await page.click('.sw-edit-canvas button[data-node="0:0.1.0"]');
  const title = page.locator(".sw-edit-form input[data-prop=title]");
  await title.fill("");
  await title.type("Return {{order_name}}!", { delay: 5 });
  await page.fill('.sw-edit-form input[data-prop="meta.color"]', "#ff0000");
  let card = itemCard(await widgets(page));
  assert.equal(card.title, "Return {{order_name}}!");
  assert.equal(card.meta.color, "#ff0000");
  assert.deepEqual(Object.keys(card.meta), ["displayCard", "link", "color"]);
  // The canvas shows the title as the sidebar would.
  await page.waitForFunction(() => document.querySelector('.sw-edit-canvas button[data-node="0:0.1.0"]').textContent === "Return #1001!");
  await page.selectOption('.sw-edit-form select[data-role="insert-variable"]', "{{carrier}}");
  assert.equal(itemCard(await widgets(page)).title, "Return {{order_name}}! {{carrier}}");
  // Undo: the variable, the colour, then the whole typed title at once.
  await page.evaluate(() => { window.handle.undo(); window.handle.undo(); window.handle.undo(); });
  assert.deepEqual(await widgets(page), LOOP.widgets);
  await page.close();
});

test("a card's custom link and button in its form: URLs checked as typed, a secret in an address flagged", async () => {
  const { page } = await openEditor();
  // Custom actions show on root cards (SPEC 3): an item card's form does not offer them.
  await page.click('.sw-edit-canvas button[data-node="0:0.1.0"]');
  assert.equal(await page.$('.sw-edit-form button[data-sw="add-button"]'), null);
  await page.click('.sw-edit-canvas button[data-node="0:0"]');
  await page.click('.sw-edit-form button[data-sw="add-button"]');
  await page.fill('.sw-edit-form input[data-custom="buttons"][data-field="label"]', "Refund");
  await page.selectOption('.sw-edit-form select[data-custom="buttons"][data-field="method"]', "POST");
  const url = '.sw-edit-form input[data-custom="buttons"][data-field="url"]';
  await page.fill(url, "javascript:alert(1)");
  await page.waitForSelector(".sw-edit-form__custom .sw-edit-warning >> text=Not sent");
  await page.fill(url, "https://api.example.com/refund?api_key=s3cr3t");
  await page.waitForSelector(".sw-edit-form__custom .sw-edit-warning >> text=/looks like a secret.*secret.NAME/");
  await page.fill(url, "https://api.example.com/refund/{{id}}");
  await page.waitForFunction(() => !document.querySelector(".sw-edit-form__custom .sw-edit-warning"));
  await page.click('.sw-edit-form button[data-sw="add-link"]');
  await page.fill('.sw-edit-form input[data-custom="links"][data-field="label"]', "Order");
  await page.fill('.sw-edit-form input[data-custom="links"][data-field="url"]', "https://shop.example/{{order_name}}");
  const card = rootCard(await widgets(page));
  assert.deepEqual(card.meta.custom, {
    buttons: [{ label: "Refund", action: { method: "POST", url: "https://api.example.com/refund/{{id}}", params: [], headers: [] } }],
    links: [{ label: "Order", url: "https://shop.example/{{order_name}}" }],
  });
  await page.close();
});

test("a button configured in the form with a dropdown parameter, then clicked in the sidebar: the recorder gets what the form said", async () => {
  const seen = [];
  const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST" };
  const recorder = http.createServer((req, res) => {
    if (req.method === "OPTIONS") { res.writeHead(204, cors).end(); return; }
    seen.push({ method: req.method, url: req.url });
    res.writeHead(200, { ...cors, "content-type": "application/json" }).end("{}");
  });
  await new Promise((r) => recorder.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${recorder.address().port}`;
  try {
    const { page } = await openEditor();
    await page.click('.sw-edit-canvas button[data-node="0:0"]');
    await page.click('.sw-edit-form button[data-sw="add-button"]');
    const b = (field) => `.sw-edit-form [data-custom="buttons"][data-index="0"][data-field="${field}"]:not([data-rows])`;
    await page.fill(b("label"), "Exchange");
    await page.selectOption(b("method"), "POST");
    await page.fill(b("url"), `${base}/exchange/{{status}}`);
    await page.click('.sw-edit-form [data-sw="add-row"][data-rows="params"]');
    const row = (field) => `.sw-edit-form [data-rows="params"][data-row="0"][data-field="${field}"]`;
    await page.selectOption(row("type"), "dropdown");
    await page.fill(row("label"), "Reason");
    await page.fill(row("key"), "reason");
    await page.fill(row("value"), "Size;Colour;Other");
    await page.check(row("editable"));
    const w = await widgets(page);
    const button = rootCard(w).meta.custom.buttons[0];
    assert.deepEqual(button.action.params, [{ type: "dropdown", label: "Reason", key: "reason", value: "Size;Colour;Other", editable: true, mandatory: false }]);
    // The sidebar draws it; the agent picks a reason and sends.
    await page.evaluate((o) => {
      const el = document.createElement("div");
      el.id = "viewer";
      document.body.append(el);
      window.viewer = SidebarWidgets.mount(el, o);
    }, { ...OPTIONS, widgets: w });
    await page.click("#viewer button.sw-action--button >> nth=0");
    await page.waitForSelector("#viewer form.sw-form select");
    await page.selectOption("#viewer form.sw-form select", "Colour");
    await page.click('#viewer form.sw-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector("#viewer .sw-outcome"));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, "POST");
    assert.equal(seen[0].url, "/exchange/success?reason=Colour");
    await page.close();
  } finally {
    await new Promise((r) => { recorder.close(r); recorder.closeAllConnections(); });
  }
});

test("a POST button's body in its form: JSON checked as typed (nothing saved while invalid), then form rows; clicked in the sidebar, the recorder gets the form body", async () => {
  const seen = [];
  const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST" };
  const recorder = http.createServer((req, res) => {
    if (req.method === "OPTIONS") { res.writeHead(204, cors).end(); return; }
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, type: req.headers["content-type"], body });
      res.writeHead(200, { ...cors, "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise((r) => recorder.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${recorder.address().port}`;
  try {
    const { page } = await openEditor();
    await page.click('.sw-edit-canvas button[data-node="0:0"]');
    await page.click('.sw-edit-form button[data-sw="add-button"]');
    const b = (field) => `.sw-edit-form [data-custom="buttons"][data-index="0"][data-field="${field}"]:not([data-rows])`;
    const button = async () => rootCard(await widgets(page)).meta.custom.buttons[0];
    await page.fill(b("label"), "Note");
    // A GET sends no body: no body in the form.
    assert.equal(await page.locator(b("body-type")).count(), 0);
    await page.selectOption(b("method"), "POST");
    await page.fill(b("url"), `${base}/notes/{{status}}`);
    // Invalid JSON: said beside it, nothing saved, the text kept.
    await page.fill(b("body-json"), '{"a": ');
    assert.match(await page.textContent('[data-body-problem="0"]'), /not JSON/);
    assert.equal((await button()).action.body, undefined);
    assert.equal(await page.inputValue(b("body-json")), '{"a": ');
    await page.fill(b("body-json"), "[1]");
    assert.match(await page.textContent('[data-body-problem="0"]'), /object/);
    await page.fill(b("body-json"), '{"a": 1}');
    assert.equal(await page.textContent('[data-body-problem="0"]'), "");
    assert.deepEqual((await button()).action.body, { contentType: "application/json", "application/json": { a: 1 } });
    // Form rows instead: the JSON is reset (Gorgias's rule), duplicate keys dropped.
    await page.selectOption(b("body-type"), "form");
    const row = (n, field) => `.sw-edit-form [data-rows="form"][data-row="${n}"][data-field="${field}"]`;
    await page.click('.sw-edit-form [data-sw="add-row"][data-rows="form"]');
    await page.fill(row(0, "key"), "source");
    await page.fill(row(0, "value"), "sidebar");
    await page.click('.sw-edit-form [data-sw="add-row"][data-rows="form"]');
    await page.fill(row(1, "label"), "Note");
    await page.fill(row(1, "key"), "note");
    await page.check(row(1, "editable"));
    await page.check(row(1, "mandatory"));
    const saved = (await button()).action.body;
    assert.deepEqual(saved, {
      contentType: "application/x-www-form-urlencoded",
      "application/json": {},
      "application/x-www-form-urlencoded": [
        { type: "text", label: "", key: "source", value: "sidebar", editable: false, mandatory: false },
        { type: "text", label: "Note", key: "note", value: "", editable: true, mandatory: true },
      ],
    });
    // A third row given the first one's key is dropped.
    await page.click('.sw-edit-form [data-sw="add-row"][data-rows="form"]');
    await page.fill(row(2, "key"), "source");
    assert.equal((await button()).action.body["application/x-www-form-urlencoded"].length, 2);
    const w = await widgets(page);
    await page.evaluate((o) => {
      const el = document.createElement("div");
      el.id = "viewer";
      document.body.append(el);
      window.viewer = SidebarWidgets.mount(el, o);
    }, { ...OPTIONS, widgets: w });
    await page.click("#viewer button.sw-action--button >> nth=0");
    await page.waitForSelector("#viewer form.sw-form input");
    await page.fill("#viewer form.sw-form input", "size too small");
    await page.click('#viewer form.sw-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector("#viewer .sw-outcome"));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, "POST");
    assert.equal(seen[0].url, "/notes/success");
    assert.match(seen[0].type, /^application\/x-www-form-urlencoded/);
    assert.equal(seen[0].body, "source=sidebar&note=size+too+small");
    await page.close();
  } finally {
    await new Promise((r) => { recorder.close(r); recorder.closeAllConnections(); });
  }
});

test("a button's JSON body box: invalid text typed stays through other redraws, an undo shows the undone body in the box (its message gone), a redo the redone one", async () => {
  const { page } = await openEditor();
  await page.click('.sw-edit-canvas button[data-node="0:0"]');
  await page.click('.sw-edit-form button[data-sw="add-button"]');
  const b = (field) => `.sw-edit-form [data-custom="buttons"][data-index="0"][data-field="${field}"]:not([data-rows])`;
  const body = async () => rootCard(await widgets(page)).meta.custom.buttons[0].action.body;
  const boxReads = async () => JSON.parse(await page.inputValue(b("body-json")));
  await page.fill(b("label"), "Note");
  await page.selectOption(b("method"), "POST");
  await page.fill(b("body-json"), '{"a": 1}');
  assert.deepEqual((await body())["application/json"], { a: 1 });
  // Invalid text typed: nothing saved, and it stays while something else is edited and drawn.
  await page.fill(b("body-json"), '{"a": 1, "b": ');
  assert.match(await page.textContent('[data-body-problem="0"]'), /not JSON/);
  await page.fill(b("label"), "Note 2");
  assert.equal(await page.inputValue(b("body-json")), '{"a": 1, "b": ');
  assert.deepEqual((await body())["application/json"], { a: 1 });
  // Undo (the label): the box shows the body as it is, its message gone.
  await page.click('.sw-edit-toolbar [data-sw="undo"]');
  await page.waitForFunction(() => window.handle.widgets()[0].template.widgets[0].meta.custom.buttons[0].label === "Note");
  assert.deepEqual(await boxReads(), { a: 1 });
  assert.equal(await page.textContent('[data-body-problem="0"]'), "");
  // Undo again (what was typed into the box): the box shows the empty body; redo brings it back.
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => JSON.stringify(window.handle.widgets()[0].template.widgets[0].meta.custom.buttons[0].action.body?.["application/json"] ?? {}) === "{}");
  assert.deepEqual(await boxReads(), {});
  await page.keyboard.press("Control+Shift+z");
  await page.waitForFunction(() => window.handle.widgets()[0].template.widgets[0].meta.custom.buttons[0].action.body?.["application/json"]?.a === 1);
  assert.deepEqual(await boxReads(), { a: 1 });
  await page.close();
});

test("preview in view mode, by keyboard: the draft drawn by the sidebar itself (every return), following undo, then back to editing", async () => {
  const { page, errors } = await openEditor();
  await page.click('.sw-edit-canvas button[data-node="0:0"]');
  await page.fill(".sw-edit-form input[data-prop=title]", "Returns at Loop");
  const toggle = page.locator('.sw-edit-toolbar [data-sw="preview"]');
  assert.equal(await page.isVisible(".sw-edit-preview"), false);
  await toggle.focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector(".sw-edit-preview .sw-card");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.equal(await page.isVisible(".sw-edit-body"), false);
  // The sidebar's own rendering: its titles, each return (the canvas draws one), no edit controls.
  const titles = () => page.$$eval(".sw-edit-preview .sw-card__title", (b) => b.map((x) => x.textContent));
  assert.equal((await titles())[0], "Returns at Loop");
  assert.ok((await titles()).length > 2, "every return is drawn");
  assert.equal(await page.locator(".sw-edit-preview [data-node]").count(), 0);
  // It follows an undo.
  await page.click('.sw-edit-toolbar [data-sw="undo"]');
  await page.waitForFunction(() => document.querySelector(".sw-edit-preview .sw-card__title")?.textContent === "Loop Returns");
  // Back, by keyboard again: the edit mode, the preview emptied.
  await toggle.focus();
  await page.keyboard.press("Space");
  await page.waitForSelector(".sw-edit-body", { state: "visible" });
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  assert.equal(await page.isVisible(".sw-edit-preview"), false);
  assert.equal(await page.locator(".sw-edit-preview .sw-card").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a date field in the canvas is formatted as the sidebar formats it (the same text and hover as the view mode's), not raw", async () => {
  const { page } = await openEditor();
  const k = itemCard(LOOP.widgets).widgets.findIndex((n) => n.path === "created_at");
  const raw = LOOP.data[Object.keys(LOOP.data)[0]].data[0].created_at;
  const value = `.sw-edit-canvas button[data-node="0:0.1.0.${k}"] .sw-field__value`;
  assert.equal(await page.textContent(value), raw);
  await page.click(`.sw-edit-canvas button[data-node="0:0.1.0.${k}"]`);
  await page.selectOption('.sw-edit-form select[data-prop="type"]', "date");
  await page.waitForFunction((s) => document.querySelector(s)?.classList.contains("sw-value--date"), value);
  const shown = await page.textContent(value);
  const hover = await page.getAttribute(value, "title");
  assert.notEqual(shown, raw);
  await page.click('.sw-edit-toolbar [data-sw="preview"]');
  await page.waitForSelector(".sw-edit-preview .sw-value--date");
  assert.equal(await page.textContent(".sw-edit-preview .sw-value--date >> nth=0"), shown);
  assert.equal(await page.getAttribute(".sw-edit-preview .sw-value--date >> nth=0", "title"), hover);
  await page.close();
});

test("export: the POST /api/widgets and /api/integrations bodies (no server-written members) and the mount options", async () => {
  const { page } = await openEditor();
  const text = () => page.inputValue(".sw-edit-export__text");
  await page.click('[data-sw="export"][data-export="widgets"]');
  const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !["id", "uri", "decoration"].includes(k) && !k.endsWith("_datetime")));
  assert.deepEqual(JSON.parse(await text()), LOOP.widgets.map(strip));
  await page.click('[data-sw="export"][data-export="integrations"]');
  const integrations = JSON.parse(await text());
  assert.deepEqual(integrations, LOOP.integrations.map(strip));
  assert.equal(integrations[0].id, undefined);
  assert.equal(integrations[0].http.url, LOOP.integrations[0].http.url);
  await page.click('[data-sw="export"][data-export="options"]');
  assert.deepEqual(JSON.parse(await text()), { widgets: LOOP.widgets, integrations: LOOP.integrations, data: LOOP.data, context: LOOP.context });
  assert.equal(await page.getAttribute(".sw-edit-export__download", "download"), "sidebar-widgets-options.json");
  await page.close();
});

test("the seed's Loop Returns integration created in the form as the seed's curl creates it, then tested: the recorder gets the request the helpdesk would send (method, path, query with the customer's email filled in and encoded, headers), its answer becomes the sample data; a failing Test shows the status and error", async () => {
  // The seed's integration (demo/loop-returns.json holds the seed's answer to its curl): its host
  // replaced by a local recorder, its API key placeholder by a key, as the seed says to do.
  const seed = LOOP.integrations[0];
  const KEY = "loop-api-key-7f3a";
  const SEED_HOST = "https://api.loopreturns.com";
  assert.ok(seed.http.url.startsWith(SEED_HOST + "/api/v2/returns?"), seed.http.url);
  assert.deepEqual(seed.http.headers, { "X-Authorization": "{{YOUR_LOOP_RETURNS_API_KEY}}" });
  const seen = [];
  const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST" };
  const recorder = http.createServer((req, res) => {
    if (req.method === "OPTIONS") { res.writeHead(204, cors).end(); return; }
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(LOOP.data["123"]));
  });
  await new Promise((r) => recorder.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${recorder.address().port}`;
  const urlTemplate = seed.http.url.replace(SEED_HOST, base);
  try {
    const { page } = await openEditor({ widgets: [], integrations: [], data: {}, context: LOOP.context, theme: "light" });
    const field = (f) => `.sw-edit-integration [data-integration-field="${f}"]`;
    await page.click('[data-sw="new-integration"]');
    await page.fill(field("name"), seed.name);
    await page.fill(field("description"), seed.description);
    await page.fill(field("http.url"), urlTemplate);
    await page.selectOption(field("http.method"), seed.http.method);
    await page.selectOption(field("http.request_content_type"), seed.http.request_content_type);
    await page.selectOption(field("http.response_content_type"), seed.http.response_content_type);
    for (const [n, name] of Object.keys(seed.http.headers).entries()) {
      await page.click('.sw-edit-integration [data-sw="add-header"]');
      await page.fill(`.sw-edit-integration [data-header="${n}"][data-part="key"]`, name);
      await page.fill(`.sw-edit-integration [data-header="${n}"][data-part="value"]`, KEY);
    }
    for (const trigger of Object.keys(seed.http.triggers)) {
      await page.check(`.sw-edit-integration [data-trigger="${trigger.replaceAll("-", "_")}"]`);
    }
    // What the editor holds is the seed's integration (triggers' "-" and "_" are the same, SPEC 5).
    const [made] = await page.evaluate(() => window.handle.integrations());
    const triggers = (t) => Object.fromEntries(Object.entries(t).filter(([, on]) => on).map(([k]) => [k.replaceAll("-", "_"), true]));
    assert.equal(made.name, seed.name);
    assert.equal(made.description, seed.description);
    assert.equal(made.type, seed.type);
    assert.equal(made.http.url, urlTemplate);
    assert.equal(made.http.method, seed.http.method);
    assert.deepEqual(made.http.headers, { "X-Authorization": KEY });
    assert.equal(made.http.request_content_type, seed.http.request_content_type);
    assert.equal(made.http.response_content_type, seed.http.response_content_type);
    assert.deepEqual(triggers(made.http.triggers), triggers(seed.http.triggers));
    // Test, with the sample context: the request the seed's integration makes the helpdesk send.
    await page.click('.sw-edit-integration [data-sw="test-integration"]');
    await page.waitForSelector(".sw-edit-integration__status >> text=/Answered 200/");
    assert.equal(seen.length, 1);
    const email = LOOP.context.ticket.customer.email;
    assert.match(email, /\+.*@/, "an email whose + and @ must be encoded");
    assert.equal(seen[0].method, "GET");
    assert.equal(seen[0].url, `/api/v2/returns?from=2010-01-01&to=2050-01-01&customer_email=${encodeURIComponent(email)}`);
    assert.equal(new URL(seen[0].url, base).searchParams.get("customer_email"), email);
    assert.equal(seen[0].headers["x-authorization"], KEY);
    assert.equal(seen[0].headers.cookie, undefined);
    assert.equal(seen[0].headers.authorization, undefined);
    // Nothing but the browser's own headers and the seed's one.
    const browsers = /^(host|connection|user-agent|accept|accept-encoding|accept-language|origin|referer|sec-.*|pragma|cache-control|content-length)$/;
    assert.deepEqual(Object.keys(seen[0].headers).filter((h) => !browsers.test(h)), ["x-authorization"]);
    // The answer is the sample data: the tree shows it, and a widget is generated from it.
    await page.waitForSelector('[data-tree="1|status"]');
    assert.match(await page.textContent('[data-tree="1|status"]'), /success/);
    await page.waitForSelector('[data-tree="1|data"]');
    await page.click('[data-sw="generate"][data-integration="1"]');
    await page.waitForSelector('.sw-edit-canvas [data-widget="0"] .sw-card');
    assert.equal((await widgets(page))[0].integration_id, 1);
    // A failing Test shows the status and the error; the sample data stays.
    recorder.removeAllListeners("request");
    recorder.on("request", (req, res) => { res.writeHead(req.method === "OPTIONS" ? 204 : 503, cors).end("Loop is down for maintenance"); });
    await page.click('.sw-edit-integration [data-sw="test-integration"]');
    await page.waitForSelector(".sw-edit-integration__status >> text=/Failed: /");
    const status = await page.textContent(".sw-edit-integration__status");
    assert.match(status, /503/);
    assert.match(status, /Loop is down for maintenance/);
    assert.match(await page.textContent('[data-tree="1|status"]'), /success/);
    await page.close();
  } finally {
    await new Promise((r) => { recorder.close(r); recorder.closeAllConnections(); });
  }
});

test("the draft is kept as it changes and offered back after a reload; restoring it brings the change back", async () => {
  const { page } = await openEditor();
  await page.evaluate(() => localStorage.clear());
  await page.click('.sw-edit-canvas button[data-node="0:0.0"]');
  await page.click('.sw-edit-form button[data-sw="delete"]');
  const edited = await widgets(page);
  assert.equal(rootCard(edited).widgets.length, rootCard(LOOP.widgets).widgets.length - 1);
  await page.reload();
  await openEditor(OPTIONS, { page });
  await page.waitForSelector(".sw-edit-draft");
  assert.deepEqual(await widgets(page), LOOP.widgets, "opened as given until the draft is restored");
  await page.click('.sw-edit-draft button[data-sw="restore"]');
  assert.deepEqual(await widgets(page), edited);
  assert.equal(await page.$(".sw-edit-draft"), null);
  // Saved: the draft is forgotten.
  await page.evaluate(() => window.handle.saved());
  await page.reload();
  await openEditor(OPTIONS, { page });
  assert.equal(await page.$(".sw-edit-draft"), null);
  await page.close();
});

for (const theme of ["light", "dark"]) {
  test(`axe-core: no serious or critical violation in the edit mode (${theme}), with a card's form open`, async () => {
    const { page } = await openEditor({ ...OPTIONS, theme }, { colorScheme: theme });
    let v = await seriousViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 1));
    await page.click('.sw-edit-canvas button[data-node="0:0.1.0"]');
    await page.click('[data-tree="123|data"]');
    v = await seriousViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 1));
    await page.click('.sw-edit-canvas button[data-node="0:0.1"]');
    v = await seriousViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 1));
    // The integration's form and an export open.
    await page.click('[data-sw="edit-integration"][data-index="0"]');
    await page.click('[data-sw="export"][data-export="widgets"]');
    await page.waitForSelector(".sw-edit-integration");
    v = await seriousViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 1));
    await page.close();
  });
}
