// Screenshots of the demo page for the README, into docs/: `node tests/e2e/screenshot.mjs`
// (after `trunk build --release --offline`). Headless Chromium (Debian's), driven by playwright-core.
//   docs/story-loop-returns.png   the default story (the seed's Loop Returns widget)
//   docs/playground.png           the playground, with a template that has two mistakes
//   docs/demo-light.png, docs/demo-dark.png   the default story in the light and dark themes
import path from "node:path";
import fs from "node:fs";
import { serveDir, launch, openPage, DIST } from "./harness.mjs";

const out = path.resolve(DIST, "../docs");
fs.mkdirSync(out, { recursive: true });
const site = await serveDir();
const browser = await launch();

/** Screenshots the viewport (the navigation is sticky, so a full-page shot would cut it). */
async function shoot(page, name) {
  const file = path.join(out, name);
  await page.screenshot({ path: file });
  return file;
}

async function open(hash, { width = 1440, height = 1000, colorScheme = "light" } = {}) {
  const { page, errors } = await openPage(browser, site.url + "/" + hash, { width, height, colorScheme });
  await page.waitForSelector("html[data-ready]", { timeout: 20000 });
  await page.waitForSelector(".demo-frame__mount .sw-widget", { timeout: 10000 });
  await page.waitForTimeout(250);
  return { page, errors };
}

const done = (file, errors) => console.log("wrote", path.relative(process.cwd(), file), errors.length ? `(console errors: ${errors.join(" | ")})` : "");

try {
  {
    const { page, errors } = await open("");
    done(await shoot(page, "story-loop-returns.png"), errors);
    await page.close();
  }
  {
    const { page, errors } = await open("#/playground", { height: 1180 });
    // Two typical mistakes, so that the warnings list has something to say.
    const template = (await page.inputValue("#pg-template"))
      .replace('"path": "email"', '"path": "emial"')
      .replace('"title": "{{first_name}} {{last_name}}"', '"title": "{{first_name}} {{lastname}}"');
    await page.fill("#pg-template", template);
    await page.waitForFunction(() => document.querySelectorAll("#pg-warnings .demo-warnings__item").length === 2);
    // Jump to the second warning's place: the editor selects that node.
    await page.click("#pg-warnings .demo-warnings__item:nth-child(2) .demo-warnings__place");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    done(await shoot(page, "playground.png"), errors);
    await page.close();
  }
  for (const scheme of ["light", "dark"]) {
    const { page, errors } = await open("", { width: 1100, height: 1000, colorScheme: scheme });
    await page.selectOption("#theme", scheme);
    await page.waitForTimeout(200);
    done(await shoot(page, `demo-${scheme}.png`), errors);
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
}
