// End-to-end: any `locale` string and any JS value as an option (issue 16 items 3, 4 and 10),
// against the embeddable bundle (dist-embed/, release build: a panic or an exception that reaches
// the WebAssembly aborts every sidebar on the page). Each test is named after what it protects.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveEmbed, openEmbed, launch } from "./harness.mjs";

let site, browser;
before(async () => {
  site = await serveEmbed();
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

/** A widget over integration 7: a card titled with its date's names, and three typed fields. */
const WIDGET = {
  id: 1, context: "ticket", integration_id: 7, order: 0,
  template: { type: "wrapper", widgets: [{
    type: "card", title: '{{name}} {{at | datetime_format("EEEE d MMMM")}}', path: "", meta: { displayCard: true },
    widgets: [
      { type: "text", path: "name", title: "Name" },
      { type: "date", path: "at", title: "At" },
      { type: "points", path: "n", title: "N" },
    ],
  }] },
};
const DATA = { 7: { name: "Ada", at: "2024-03-05T14:05:09Z", n: 12345.5 } };

/** Errors other than the sidebar's own reports of bad options ("sidebar-widgets: place: ..."). */
const real = (errors) => errors.filter((e) => !e.startsWith("sidebar-widgets: "));

/** Installs in the page: `window.draw(el)` (what a sidebar shows) and `window.hostile` makers. */
async function open() {
  const opened = await openEmbed(browser, site);
  await opened.page.evaluate(() => {
    window.settle = () => new Promise((r) => setTimeout(r, 0));
    window.draw = (el) => ({
      title: el.querySelector(".sw-card__title")?.textContent ?? null,
      values: [...el.querySelectorAll(".sw-field__value")].map((v) => v.textContent),
      problems: [...el.querySelectorAll(".sw-problems li")].map((li) => li.textContent),
    });
    window.hostile = {
      revoked: () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; },
      revokedArray: () => { const { proxy, revoke } = Proxy.revocable([], {}); revoke(); return proxy; },
      getPrototypeOf: () => new Proxy({}, { getPrototypeOf() { throw new Error("proto"); } }),
      ownKeys: () => new Proxy({ a: 1 }, { ownKeys() { throw new Error("keys"); } }),
      get: () => new Proxy({ a: 1 }, { get() { throw new Error("get"); } }),
      getter: () => ({ get x() { throw 1; } }),
    };
  });
  return opened;
}

const BAD_LOCALES = ["zh-min-nan", "en-US-US", "root", "abcd", "i-klingon", "en-t-a1", "xx", "<b>", "\u0000",
  "a".repeat(10000), "de-1996-1996"];

test("any_locale_string_at_mount_formats_in_a_tag_intl_accepts_and_is_reported", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(([widget, data, bad]) => {
    const results = [];
    for (const locale of [...bad, "fr", 42, null, {}, ""]) {
      const el = fresh();
      let threw = null, shown = null;
      try {
        window.api.mount(el, { widgets: [widget], integrations: [], data, locale });
        shown = draw(el);
      } catch (e) { threw = String(e); }
      const problems = window.api.checkOptions({ locale });
      results.push({ locale: typeof locale === "string" ? locale.slice(0, 20) : String(locale), threw, shown, problems });
    }
    return results;
  }, [WIDGET, DATA, BAD_LOCALES]);
  for (const r of out) {
    assert.equal(r.threw, null, `${r.locale}: mount threw`);
    assert.match(r.shown.title ?? "", /^Ada /, `${r.locale}: the sidebar draws`);
  }
  for (const r of out.slice(0, BAD_LOCALES.length)) {
    assert.equal(r.shown.values[2], "12,345.5", `${r.locale}: English numbers`);
    assert.match(r.shown.title, /^Ada Tuesday 5 March$/, `${r.locale}: English names`);
    const said = r.problems.filter((p) => p.place === "locale");
    assert.equal(said.length, 1, `${r.locale}: reported ${JSON.stringify(r.problems)}`);
    assert.match(said[0].message, /is not a language tag the browser can format with; English is used$/);
  }
  const fr = out[BAD_LOCALES.length];
  assert.deepEqual(fr.problems, [], "fr is fine");
  assert.match(fr.shown.values[2], /^12\s345,5$/u, "fr formats in French");
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});

test("any_locale_string_at_update_keeps_the_sidebar_drawing_without_a_trap", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(async ([widget, data, bad]) => {
    const results = [];
    for (const locale of bad) {
      const el = fresh();
      const h = window.api.mount(el, { widgets: [widget], integrations: [], data, locale: "fr" });
      let threw = null;
      try {
        h.update({ locale });
        await settle();
        h.update({ data: { 7: { ...data[7], name: "Bob" } } });
        await settle();
        h.update({ locale: "de" });
        await settle();
      } catch (e) { threw = String(e); }
      results.push({ locale: locale.slice(0, 20), threw, shown: draw(el), mounted: h.mounted });
      h.unmount();
    }
    // Still alive: a new sidebar mounts and draws.
    const el = fresh();
    window.api.mount(el, { widgets: [widget], integrations: [], data, locale: "en" });
    return { results, after: draw(el) };
  }, [WIDGET, DATA, BAD_LOCALES]);
  for (const r of out.results) {
    assert.equal(r.threw, null, `${r.locale}: update threw`);
    assert.equal(r.mounted, true);
    assert.equal(r.shown.title, "Bob Dienstag 5 März", `${r.locale}: drawn after the bad locale`);
  }
  assert.equal(out.after.title, "Ada Tuesday 5 March");
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});

test("datetime_format_month_and_day_names_follow_the_locale", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(async ([widget, data]) => {
    const titles = {};
    for (const locale of ["en", "fr", "de-CH", "es"]) {
      const el = fresh();
      window.api.mount(el, { widgets: [widget], integrations: [], data, locale });
      titles[locale] = draw(el).title;
    }
    const el = fresh();
    const h = window.api.mount(el, { widgets: [widget], integrations: [], data, locale: "en" });
    h.update({ locale: "fr" });
    await settle();
    titles.updated = draw(el).title;
    return titles;
  }, [WIDGET, DATA]);
  assert.equal(out.en, "Ada Tuesday 5 March");
  assert.equal(out.fr, "Ada mardi 5 mars");
  assert.equal(out["de-CH"], "Ada Dienstag 5 März");
  assert.equal(out.es, "Ada martes 5 marzo");
  assert.equal(out.updated, "Ada mardi 5 mars");
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});

test("a_date_beyond_what_a_browser_holds_shows_as_text_not_invalid_date", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(([widget]) => {
    const shown = [];
    for (const at of [9007199254740992, "9007199254740992", -8.65e15, 8.64e15 + 1000]) {
      const el = fresh();
      window.api.mount(el, { widgets: [widget], integrations: [], data: { 7: { name: "Ada", at, n: 1 } }, locale: "fr" });
      shown.push({ at: String(at), ...draw(el), text: el.textContent });
    }
    return shown;
  }, [WIDGET]);
  for (const s of out) {
    assert.ok(!/Invalid Date/i.test(s.text), `${s.at}: ${s.text}`);
    assert.equal(s.values[1], s.at, `${s.at} shows as it came`);
    assert.equal(s.title, `Ada ${s.at}`);
  }
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});

/** Where each hostile value goes, and where its problem must be said. `H` is the hostile value. */
const PLACES = [
  ["options", "(H) => H", ""],
  ["widgets", "(H) => ({ widgets: H })", "widgets"],
  ["widgets[0]", "(H) => ({ widgets: [H] })", "widgets[0]"],
  ["a template", "(H, w) => ({ widgets: [{ ...w, template: H }] })", "widgets[0].template"],
  ["a template's node", "(H, w) => ({ widgets: [{ ...w, template: { ...w.template, widgets: [H, ...w.template.widgets] } }] })", "widgets[0].template.widgets[0]"],
  ["integrations", "(H) => ({ integrations: H })", "integrations"],
  ["integrations[0].http", "(H) => ({ integrations: [{ id: 8, name: 'x', type: 'http', http: H }] })", "integrations[0].http"],
  ["data", "(H) => ({ data: H })", "data"],
  ["data.7", "(H) => ({ data: { 7: H } })", "data.7"],
  ["data.7.deep", "(H, w, d) => ({ data: { 7: { ...d[7], deep: { list: [{ more: H }] } } } })", "data.7.deep.list[0].more"],
  ["context", "(H) => ({ context: H })", "context"],
  ["context.customer", "(H) => ({ context: { ticket: { id: 1 }, customer: H } })", "context.customer"],
  ["messages", "(H) => ({ messages: H })", "messages"],
  ["messages.retry", "(H) => ({ messages: { retry: H } })", "messages.retry"],
];

test("any_js_value_in_any_option_never_throws_and_is_reported_in_its_place", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(async ([widget, data, places]) => {
    const results = [];
    for (const kind of Object.keys(hostile)) {
      for (const [name, src, place] of places) {
        const make = eval(src);
        const base = { widgets: [widget], integrations: [], data };
        const what = `${kind} as ${name}`;
        const r = { what, place, threw: [] };
        const step = (label, f) => { try { return f(); } catch (e) { r.threw.push(`${label}: ${e}`); } };
        r.problems = step("checkOptions", () => window.api.checkOptions(make(hostile[kind](), widget, data)));
        r.isArray = Array.isArray(r.problems);
        r.problems = r.isArray ? r.problems.map((p) => ({ place: p.place, message: p.message })) : r.problems;
        // At mount: the hostile part with the rest of the options.
        const el = fresh();
        const mountOptions = name === "options" ? hostile[kind]() : { ...base, ...make(hostile[kind](), widget, data) };
        const h = step("mount", () => window.api.mount(el, mountOptions));
        r.atMount = draw(el);
        // At update: a good sidebar, then the hostile part, then good data again.
        const el2 = fresh();
        const h2 = window.api.mount(el2, base);
        step("update", () => h2.update(make(hostile[kind](), widget, data)));
        await settle();
        step("update after", () => h2.update({ data: { 7: { ...data[7], name: "Bob" } } }));
        await settle();
        r.afterUpdate = draw(el2);
        h?.unmount();
        h2.unmount();
        results.push(r);
      }
    }
    return results;
  }, [WIDGET, DATA, PLACES]);
  const failures = [];
  for (const r of out) {
    if (r.threw.length) failures.push(`${r.what}: threw ${r.threw.join("; ")}`);
    if (!r.isArray) { failures.push(`${r.what}: checkOptions did not return an array`); continue; }
    // Reflect.ownKeys, Reflect.get and JSON.stringify never ask for a prototype: such a `data`,
    // or such a value deep inside (read through JSON.stringify), reads as an empty object.
    const readable = ["getPrototypeOf as data", "getPrototypeOf as data.7.deep"].includes(r.what);
    if (r.place && !readable && !r.problems.some((p) => p.place === r.place || p.place.startsWith(r.place + ".") || p.place.startsWith(r.place + "[")))
      failures.push(`${r.what}: no problem at ${r.place}: ${JSON.stringify(r.problems)}`);
    if (r.afterUpdate.title !== "Bob Tuesday 5 March" && !["widgets", "widgets[0]", "a template", "a template's node"].includes(r.what.split(" as ")[1]))
      failures.push(`${r.what}: after update shows ${JSON.stringify(r.afterUpdate)}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});

test("a_part_that_refuses_to_be_read_is_left_out_and_the_rest_renders", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(([widget, data]) => {
    const el = fresh();
    const options = {
      widgets: [widget], integrations: [],
      data: { 7: { ...data[7], extra: hostile.revoked(), more: { get x() { throw 1; }, y: 2 } } },
      context: { ticket: { id: 4521 }, customer: hostile.get(), current_user: hostile.revokedArray() },
    };
    const problems = window.api.checkOptions(options);
    window.api.mount(el, options);
    return { problems, shown: draw(el) };
  }, [WIDGET, DATA]);
  const places = out.problems.map((p) => p.place).sort();
  assert.deepEqual(places, ["context.current_user", "context.customer", "data.7.extra", "data.7.more.x"]);
  for (const p of out.problems) assert.match(p.message, /^could not be read: the object refused to be read/);
  assert.equal(out.shown.title, "Ada Tuesday 5 March");
  assert.deepEqual(out.shown.values.slice(0, 1), ["Ada"]);
  assert.equal(out.shown.values[2], "12,345.5");
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});

test("an_intl_that_throws_falls_back_to_english_without_a_throw_or_a_trap", async () => {
  const { page, errors } = await open();
  const out = await page.evaluate(async ([widget, data]) => {
    const refuse = () => { throw new RangeError("refused"); };
    const saved = { d: Intl.DateTimeFormat, n: Intl.NumberFormat, c: Intl.getCanonicalLocales };
    Intl.DateTimeFormat = refuse;
    Intl.NumberFormat = refuse;
    Intl.getCanonicalLocales = refuse;
    const r = { threw: null };
    try {
      const el = fresh();
      const h = window.api.mount(el, { widgets: [widget], integrations: [], data, locale: "fr" });
      r.atMount = draw(el);
      h.update({ locale: "de", data: { 7: { ...data[7], name: "Bob" } } });
      await settle();
      r.afterUpdate = draw(el);
      r.problems = window.api.checkOptions({ locale: "fr" });
    } catch (e) { r.threw = String(e); }
    Object.assign(Intl, { DateTimeFormat: saved.d, NumberFormat: saved.n, getCanonicalLocales: saved.c });
    return r;
  }, [WIDGET, DATA]);
  assert.equal(out.threw, null);
  assert.deepEqual(out.atMount.title, "Ada Tuesday 5 March");
  assert.deepEqual(out.atMount.values, ["Ada", "Mar 5, 2024", "12,345.5"]);
  assert.equal(out.afterUpdate.title, "Bob Tuesday 5 March");
  assert.deepEqual(out.problems.map((p) => p.place), ["locale"]);
  assert.equal(real(errors).length, 0, real(errors).join("\n"));
});
