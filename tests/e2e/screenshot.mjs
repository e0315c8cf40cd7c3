// Takes screenshots of the demo page (light and dark) into docs/: `node tests/e2e/screenshot.mjs`.
import path from "node:path";
import fs from "node:fs";
import { serveDir, launch, openPage, DIST } from "./harness.mjs";

const out = path.resolve(DIST, "../docs");
fs.mkdirSync(out, { recursive: true });
const site = await serveDir();
const browser = await launch();
try {
  for (const scheme of ["light", "dark"]) {
    const { page, errors } = await openPage(browser, site.url + "/", { width: 1100, height: 1000, colorScheme: scheme });
    await page.waitForSelector(".sw-widget .sw-card__title");
    await page.waitForTimeout(200);
    const file = path.join(out, `demo-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log("wrote", file, errors.length ? `(console errors: ${errors.join(" | ")})` : "");
  }
} finally {
  await browser.close();
  await site.close();
}
