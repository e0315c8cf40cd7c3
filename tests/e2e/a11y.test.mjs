// Accessibility of the demo page: axe-core on every story and the playground (light and dark, and
// with a form and every card open), and the whole page driven with the keyboard alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDir, launch } from "./harness.mjs";
import { openDemo, showStory, seriousViolations, expandAll, tabUntil, describeFocus } from "./storybook.mjs";

let site, browser;
before(async () => { site = await serveDir(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const report = (label, v) => `${label}: ${JSON.stringify(v, null, 1)}`;

for (const theme of ["light", "dark"]) {
  test(`axe-core: no serious or critical violation on any story or the playground (${theme})`, async () => {
    const { page } = await openDemo(browser, site, "", { colorScheme: theme });
    await page.selectOption("#theme", theme);
    const ids = await page.evaluate(() => window.demoStories.map((s) => s.id));
    for (const id of ids) {
      await showStory(page, id);
      await page.waitForTimeout(100);
      const v = await seriousViolations(page);
      assert.deepEqual(v, [], report(id, v));
    }
    // Interactive states: every card open and every list shown in full, an "Edit fields" form open.
    await showStory(page, "loop-returns");
    await expandAll(page, ".demo-frame__mount");
    assert.deepEqual(await seriousViolations(page), [], "loop-returns, expanded");
    await showStory(page, "button-form");
    await page.click(".demo-frame__mount button.sw-action >> text=Refund");
    await page.waitForSelector(".demo-frame__mount .sw-form");
    assert.deepEqual(await seriousViolations(page), [], "button-form, form open");
    await page.evaluate(() => { location.hash = "#/playground"; });
    await page.waitForSelector(".demo-pg .sw-card--root");
    let v = await seriousViolations(page);
    assert.deepEqual(v, [], report("playground", v));
    // ... with a JSON error and with warnings showing.
    await page.fill("#pg-data", '{\n  "a": 1,\n  "b" 2\n}');
    await page.waitForSelector(".demo-editor--error");
    await page.selectOption("#pg-example", "warnings");
    await page.waitForSelector("#pg-warnings .demo-warnings__item");
    v = await seriousViolations(page);
    assert.deepEqual(v, [], report("playground with warnings", v));
  });
}

test("keyboard: skip link, landmarks, a visible focus on every stop, and no trap", async () => {
  const { page } = await openDemo(browser, site);
  await page.waitForSelector(".sw-card--root");
  const landmarks = await page.evaluate(() => ({
    banner: !!document.querySelector("body > header"),
    navs: [...document.querySelectorAll("nav")].map((n) => n.getAttribute("aria-label")),
    main: document.querySelectorAll("main").length,
  }));
  assert.deepEqual(landmarks, { banner: true, navs: ["Sections", "Stories"], main: 1 });

  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { text: a.textContent, visible: r.top >= 0 && r.height > 0 };
  });
  assert.deepEqual(skip, { text: "Skip to content", visible: true });

  // Tab through the whole page: every stop shows the stylesheets' own focus indicator (not the
  // browser's default ring, which any element gets without them), and Tab comes back around.
  // In a sidebar, style/sidebar.css's `.sw-sidebar :focus-visible { outline: 2px solid
  // var(--sw-primary); outline-offset: 1px }`; elsewhere, style/demo.css's `:focus-visible
  // { outline: 2px solid var(--demo-focus) }` (#9db1ff in the top bar).
  const stops = [];
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press("Tab");
    const s = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { body: true };
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      // A colour as the browser computes it (rgb(...)).
      const rgb = (value) => {
        const probe = document.createElement("i");
        probe.style.color = value.trim();
        document.body.append(probe);
        const out = getComputedStyle(probe).color;
        probe.remove();
        return out;
      };
      const sidebar = el.closest(".sw-sidebar");
      const shown = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} offset ${cs.outlineOffset}`;
      let want;
      if (sidebar) {
        const primary = getComputedStyle(sidebar).getPropertyValue("--sw-primary");
        want = primary.trim() ? [`solid 2px ${rgb(primary)} offset 1px`] : ["(no --sw-primary on the sidebar)"];
      } else {
        const color = el.closest(".demo-topbar") ? rgb("#9db1ff") : rgb(getComputedStyle(el).getPropertyValue("--demo-focus"));
        want = ["2px", "-2px"].map((o) => `solid 2px ${color} offset ${o}`);
      }
      return {
        key: el.tagName + "|" + (el.id || el.className) + "|" + (el.textContent || "").trim().slice(0, 30),
        indicator: want.includes(shown) ? true : `${shown}, not ${want.join(" or ")}`,
        inSidebar: !!sidebar,
        size: r.width > 0 && r.height > 0,
        skip: el.id === "skip-link",
      };
    });
    if (s.body) continue;
    if (s.skip) break;
    stops.push(s);
  }
  assert.ok(stops.length > 40 && stops.length < 600, `${stops.length} stops, and Tab came back to the skip link`);
  const bad = stops.filter((s) => s.indicator !== true || !s.size);
  assert.deepEqual(bad, [], "every focus stop is visible and shows its stylesheet's focus indicator");
  assert.ok(stops.filter((s) => s.inSidebar).length > 10, "stops inside the sidebar were checked against sidebar.css");
  const keys = stops.map((s) => s.key);
  for (const want of [/^A\|demo-nav__link\|Playground/, /^SELECT\|theme/, /^BUTTON\|sw-card__toggle/, /^BUTTON\|sw-field__copy/, /^A\|[^|]*sw-card__title/,
    /^BUTTON\|src-tab-template/, /^PRE\|/]) {
    assert.ok(keys.some((k) => want.test(k)), `a stop matching ${want}`);
  }
});

test("keyboard: navigate to a story, fold and unfold cards, switch source tabs", async () => {
  const { page, errors } = await openDemo(browser, site);
  await page.waitForSelector(".sw-card--root");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter"); // skip link
  assert.equal(await page.evaluate(() => document.activeElement.id), "story-title");
  // Back into the navigation (it comes before the main content) and open "Collapsible cards".
  assert.ok(await tabUntil(page, (el) => el.matches('a[href="#/story/card-collapsed"]'), { back: true }) > 0, await describeFocus(page));
  await page.keyboard.press("Enter");
  await page.waitForSelector('article[data-story="card-collapsed"] .sw-card--root');
  await page.waitForFunction(() => document.activeElement?.id === "story-title");
  assert.equal(await page.getAttribute('a[href="#/story/card-collapsed"]', "aria-current"), "page");

  // The second order starts collapsed: open it with Enter, close it with Space.
  assert.ok(await tabUntil(page, (el) => el.matches('.sw-card__toggle[aria-expanded="false"]')) > 0);
  const id = await page.evaluate(() => document.activeElement.getAttribute("aria-controls"));
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-expanded")), "true");
  assert.equal(await page.isVisible(`[id="${id}"]`), true);
  // Its content is now in the tab order.
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate((id) => document.getElementById(id).contains(document.activeElement), id));
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Space");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-expanded")), "false");

  // Source tabs: arrow keys move the selection, Tab goes into the panel.
  assert.ok(await tabUntil(page, (el) => el.getAttribute("role") === "tab") > 0);
  await page.keyboard.press("ArrowRight");
  const tab = await page.evaluate(() => [document.activeElement.textContent, document.activeElement.getAttribute("aria-selected")]);
  assert.deepEqual(tab, ["Data", "true"]);
  assert.equal(await page.isVisible("#src-panel-data"), true);
  assert.equal(await page.isHidden("#src-panel-template"), true);
  await page.keyboard.press("End");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Integrations");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.getElementById("src-panel-integrations").contains(document.activeElement)));
  assert.deepEqual(errors, []);
});

test("keyboard: fill and send a custom action form", async () => {
  const { page, errors } = await openDemo(browser, site);
  await page.waitForSelector(".sw-card--root");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  assert.ok(await tabUntil(page, (el) => el.matches('a[href="#/story/button-form"]'), { back: true }) > 0);
  await page.keyboard.press("Enter");
  await page.waitForSelector('article[data-story="button-form"] .sw-card--root');
  assert.ok(await tabUntil(page, (el) => el.matches("button.sw-action") && el.textContent.trim() === "Refund") > 0);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".demo-frame__mount .sw-form");
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("sw-form__input")), "the form's first input has the focus");
  assert.ok(await tabUntil(page, (el) => el.matches("input.sw-form__input") && el.value === "148.00", { max: 10 }) > 0);
  await page.keyboard.press("Control+A");
  await page.keyboard.type("12.50");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.activeElement.tagName === "SELECT"));
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.value), "Wrong size");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Sorry about that");
  assert.ok(await tabUntil(page, (el) => el.tagName === "BUTTON" && el.textContent.trim() === "Execute", { max: 6 }) > 0);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".demo-log__item");
  const body = await page.textContent(".demo-log__item");
  assert.match(body, /amount=12\.50&reason=Wrong\+size&note=Sorry\+about\+that/);
  await page.waitForSelector(".demo-frame__mount .sw-outcome");
  // Escape-free: Cancel closes a form from the keyboard too.
  assert.ok(await tabUntil(page, (el) => el.matches("button.sw-action") && el.textContent.trim() === "Cancel order", { back: true }) > 0);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".demo-frame__mount .sw-form");
  assert.ok(await tabUntil(page, (el) => el.tagName === "BUTTON" && el.textContent.trim() === "Cancel", { max: 6 }) > 0);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.querySelector(".demo-frame__mount .sw-form"));
  assert.deepEqual(errors, []);
});

test("keyboard: the playground, from the navigation to a live edit, generate and a warning's place", async () => {
  const { page, errors } = await openDemo(browser, site);
  await page.waitForSelector(".sw-card--root");
  assert.ok(await tabUntil(page, (el) => el.matches('.demo-nav a[href="#/playground"]')) > 0);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".demo-pg .sw-card--root");
  assert.ok(await tabUntil(page, (el) => el.id === "pg-template") > 0);
  await page.keyboard.press("Control+A");
  await page.keyboard.type('{"type": "wrapper", "widgets": [{"type": "card", "title": "Typed {{first_name}}", "widgets": [{"path": "email", "type": "hologram"}]}]}');
  await page.waitForFunction(() => document.querySelector(".demo-pg .sw-card__title")?.textContent.trim() === "Typed Jane");
  // The warning's place button is reachable and selects the node.
  assert.ok(await tabUntil(page, (el) => el.classList.contains("demo-warnings__place")) > 0);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "widgets[0].widgets[0]");
  await page.keyboard.press("Enter");
  const sel = await page.evaluate(() => { const t = document.activeElement; return t.id + " " + t.value.slice(t.selectionStart, t.selectionEnd); });
  assert.equal(sel, 'pg-template {"path": "email", "type": "hologram"}');
  // Generate from the keyboard.
  assert.ok(await tabUntil(page, (el) => el.id === "pg-generate", { back: true }) > 0);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".demo-pg .sw-card--root > .sw-card__header .sw-card__title")?.textContent.trim() === "Shopify");
  assert.deepEqual(errors, []);
});
