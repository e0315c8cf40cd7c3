// The demo page: a storybook of the sidebar's capabilities and a playground, around the public
// JS API only (window.SidebarWidgets). Hash routes, so no server routing is needed:
//   #/story/<id>             a story (the default is #/story/loop-returns)
//   #/playground?state=...   the playground, its editors packed into `state`
// It boots the page, keeps the theme, renders the navigation and the stories, and routes; the
// shared DOM helpers are in dom.js, the playground in playground.js. It exports nothing.
import { installMock, setMockData, setMockProxy, resetScope, requestsFor, onRequest } from "./mock.js";
import { buildStories } from "./stories.js";
import { pretty, packState } from "./json.js";
import { h, tabs, jsonPane, sidebarFrame, readableUrl } from "./dom.js";
import { renderPlayground, rememberOwnState } from "./playground.js";

installMock();

const $ = (sel, root = document) => root.querySelector(sel);
const main = $("#main");
const themeSelect = $("#theme");

/** Waits for window.SidebarWidgets. */
const apiReady = new Promise((resolve) => {
  if (window.SidebarWidgets) resolve(window.SidebarWidgets);
  else document.addEventListener("sidebar-widgets:ready", () => resolve(window.SidebarWidgets), { once: true });
});

// ------------------------------------------------------------------ theme

/** Every mounted sidebar of the current view: {handle, fixedTheme}. */
let mounts = [];
/** What to do before the view changes (unsubscribe, timers). */
let cleanups = [];

const currentTheme = () => themeSelect.value;
function applyTheme() {
  document.documentElement.dataset.theme = currentTheme();
  for (const m of mounts) if (!m.fixedTheme && m.handle.mounted) m.handle.update({ theme: currentTheme() });
}
themeSelect.addEventListener("change", applyTheme);

/** Mounts a sidebar and remembers it for theme changes and for leaving the view. */
function mountSidebar(api, el, options, fixedTheme = null) {
  const handle = api.mount(el, { ...options, theme: fixedTheme || currentTheme() });
  mounts.push({ handle, fixedTheme });
  if (!window.demoHandle) window.demoHandle = handle;
  return handle;
}

function leaveView() {
  cleanups.forEach((fn) => { try { fn(); } catch { /* leaving anyway */ } });
  cleanups = [];
  for (const m of mounts) if (m.handle.mounted) m.handle.unmount();
  mounts = [];
  window.demoHandle = null;
}
const onLeave = (fn) => cleanups.push(fn);

/** The mock server's log for a scope, live. */
function mockLog(scope) {
  const list = h("ol.demo-log__list");
  const empty = h("p.demo-log__empty", {}, "Nothing yet: press a button in the sidebar.");
  const event = h("pre.demo-log__event", { tabindex: "0", "aria-label": "Last sidebar-widgets:action event", hidden: true });
  const count = h("span.demo-badge", {}, "0");
  const render = () => {
    const reqs = requestsFor(scope);
    count.textContent = String(reqs.length);
    empty.hidden = reqs.length > 0;
    list.textContent = "";
    for (const r of reqs.slice().reverse()) {
      const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join("\n");
      list.append(h("li.demo-log__item", {},
        h("p.demo-log__line", {}, r.via ? h("span.demo-log__via", {}, "sent by the proxy: ") : null, h("span.demo-method", {}, r.method), " ", h("span.demo-log__url", {}, readableUrl(r.url)),
          " ", h("span.demo-log__status" + (typeof r.status === "number" && r.status >= 400 ? " demo-log__status--bad" : ""), {}, `→ ${r.status ?? "…"}`)),
        headers ? h("pre.demo-log__detail", {}, headers) : null,
        r.body ? h("pre.demo-log__detail", {}, r.body) : null));
    }
  };
  render();
  const off = onRequest((s) => { if (s === scope) setTimeout(render, 0); });
  onLeave(off);
  const section = h("section.demo-log", { "aria-labelledby": "log-title" },
    h("h2.demo-log__title", { id: "log-title" }, "The mock server received ", count),
    h("div", { "aria-live": "polite" }, empty, list),
    h("h3.demo-log__subtitle", { hidden: true, id: "event-title" }, "Last sidebar-widgets:action event"),
    event);
  return {
    section,
    showEvent(detail) {
      event.hidden = false;
      section.querySelector("#event-title").hidden = false;
      event.textContent = pretty(detail);
    },
    refresh: render,
  };
}

// ------------------------------------------------------------------ stories

let stories = [];
let storyById = new Map();

function renderNav(route) {
  const nav = $("#story-nav");
  if (!nav.childElementCount) {
    const groups = [];
    for (const s of stories) {
      let g = groups.find((x) => x.name === s.group);
      if (!g) groups.push((g = { name: s.group, items: [] }));
      g.items.push(s);
    }
    const tools = { name: "Tools", items: [{ id: "playground", title: "Playground", href: "#/playground" }] };
    groups.splice(1, 0, tools);
    groups.forEach((g, gi) => {
      const labelId = `nav-group-${gi}`;
      nav.append(h("div.demo-nav__group", {},
        h("p.demo-nav__heading", { id: labelId }, g.name),
        h("ul.demo-nav__list", { "aria-labelledby": labelId },
          g.items.map((s) => h("li", {}, h("a.demo-nav__link", { href: s.href || `#/story/${s.id}`, "data-route": s.id }, s.title))))));
    });
  }
  const current = route.kind === "playground" ? "playground" : route.id;
  for (const a of nav.querySelectorAll("a[data-route]")) {
    if (a.dataset.route === current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const inStory = route.kind === "story";
  const topStories = $("#topnav-stories");
  const topPlayground = $("#topnav-playground");
  if (inStory) topStories.setAttribute("aria-current", "true");
  else topStories.removeAttribute("aria-current");
  if (inStory) topPlayground.removeAttribute("aria-current");
  else topPlayground.setAttribute("aria-current", "page");
}

/** What the Data tab shows, and whether the story fetches its data. */
function dataPanes(story) {
  const o = story.options;
  const given = o.data && Object.keys(o.data).length ? o.data : null;
  if (given) {
    const ids = Object.keys(given);
    return jsonPane(ids.length === 1 ? given[ids[0]] : given, "Data",
      ids.length === 1 ? `options.data["${ids[0]}"]: the integration's JSON answer` : "options.data: each integration's JSON answer, by integration id");
  }
  return jsonPane(story.mock?.data ?? {}, "What the mock answers",
    "No data is given: the sidebar fetches each integration's http.url. The mock answers (when it answers):");
}

function templatePane(story) {
  const ws = story.options.widgets;
  if (ws.length === 1) return jsonPane(ws[0].template, "Template", `widgets[0].template (widget "${ws[0].id}")`);
  return jsonPane(ws, "Widgets", `options.widgets: ${ws.length} widgets, each with its template`);
}

async function renderStory(story, api) {
  const o = story.options;
  if (story.mock) setMockData(story.mock.scope, story.mock.data);
  if (story.mock?.proxy) setMockProxy(story.mock.scope, story.mock.proxy);
  resetScope(story.id);

  const frames = story.frames || [{ label: null, theme: null }];
  const stage = h("div.demo-stage");
  const frameEls = frames.map((f) => sidebarFrame(o.context, f.label, f.theme));
  stage.append(h("div.demo-frames", {}, frameEls.map((f) => f.frame)));
  const log = story.log ? mockLog(story.id) : null;
  const counter = story.count ? h("p.demo-count", { role: "status" }) : null;
  if (counter) stage.append(counter);
  if (log) stage.append(log.section);

  const canEdit = o.widgets.length === 1 && o.data && Object.keys(o.data).length === 1;
  const tools = h("div.demo-story__tools", {},
    canEdit ? h("button.demo-button", { type: "button", onclick: () => openInPlayground(story) }, "Edit in the playground") : null,
    h("button.demo-button demo-button--quiet", { type: "button", "data-replay": "",
      onclick: () => route(true).then(() => $("[data-replay]")?.focus()) }, "Replay"));

  const source = h("section.demo-source", { "aria-labelledby": "source-title" },
    h("h2.demo-source__title", { id: "source-title" }, "What the sidebar was given"),
    tabs("What the sidebar was given", [
      { id: "template", label: "Template", panel: templatePane(story) },
      { id: "data", label: "Data", panel: dataPanes(story) },
      { id: "context", label: "Context", panel: jsonPane(o.context, "Context", "options.context: the open ticket and the agent") },
      { id: "integrations", label: "Integrations", panel: jsonPane(o.integrations, "Integrations", "options.integrations") },
    ], "src"));

  const notes = story.notes?.length
    ? h("section.demo-notes", { "aria-labelledby": "notes-title" },
      h("h2.demo-notes__title", { id: "notes-title" }, "What to look for"),
      h("ul", {}, story.notes.map((n) => h("li", { html: n }))))
    : null;

  main.replaceChildren(h("article.demo-story", { "aria-labelledby": "story-title", "data-story": story.id },
    h("header.demo-story__header", {},
      h("div", {},
        h("p.demo-eyebrow", {}, story.group),
        h("h1.demo-title", { id: "story-title", tabindex: "-1" }, story.title),
        h("p.demo-lede", {}, story.summary)),
      tools),
    h("div.demo-story__body" + (frames.length > 1 ? " demo-story__body--stacked" : ""), {}, stage, h("div.demo-story__side", {}, notes, source))));
  document.title = `${story.title} · sidebar-widgets`;

  frames.forEach((f, i) => {
    const el = frameEls[i].mountEl;
    if (log) el.addEventListener("sidebar-widgets:action", (e) => log.showEvent(e.detail));
    mountSidebar(api, el, o, f.theme);
  });
  if (counter) {
    const update = () => {
      const shown = frameEls[0].mountEl.querySelectorAll(".sw-widget").length;
      counter.textContent = `${o.widgets.length} widgets given · ${shown} displayed`;
    };
    requestAnimationFrame(update);
  }
}

async function openInPlayground(story) {
  const o = story.options;
  const w = o.widgets[0];
  const integ = o.integrations.find((i) => i.id === w.integration_id) || { name: "My integration" };
  const state = {
    template: pretty(w.template), data: pretty(o.data[Object.keys(o.data)[0]]), context: pretty(o.context),
    name: integ.name, id: w.integration_id,
  };
  const packed = await packState(state);
  rememberOwnState(packed); // opened from this page's own story, not from a shared link
  location.hash = "#/playground?state=" + packed;
}

// ------------------------------------------------------------------ router

function parseRoute() {
  const hash = location.hash;
  const story = /^#\/story\/([\w-]+)/.exec(hash);
  if (story && storyById.has(story[1])) return { kind: "story", id: story[1] };
  if (/^#\/playground(\?|$)/.test(hash)) return { kind: "playground", params: new URLSearchParams(hash.split("?")[1] || "") };
  return { kind: "story", id: "loop-returns" };
}

let api = null;
let lastRouteKey = null;
/** The playground's current URL hash (it keeps its state there as one types). */
let playgroundHash = null;

async function route(force = false, focus = false) {
  const r = parseRoute();
  const key = r.kind === "story" ? "story:" + r.id : "playground:" + (r.params.get("state") || "");
  if (!force && key === lastRouteKey) return;
  // "Playground" clicked while in the playground: keep the work in progress.
  if (!force && r.kind === "playground" && !r.params.get("state") && lastRouteKey?.startsWith("playground:") && playgroundHash) {
    history.replaceState(null, "", playgroundHash());
    return;
  }
  lastRouteKey = key;
  leaveView();
  playgroundHash = null;
  renderNav(r);
  if (r.kind === "story") await renderStory(storyById.get(r.id), api);
  else await renderPlayground(main, { api, params: r.params, setHashProvider: (fn) => { playgroundHash = fn; }, mountSidebar, onLeave, storyById });
  if (focus) {
    window.scrollTo(0, 0);
    $("#main h1")?.focus({ preventScroll: true });
  }
}

$("#skip-link").addEventListener("click", (e) => {
  e.preventDefault();
  ($("#main h1") || main).focus();
});

async function start() {
  api = await apiReady;
  const loopReturns = await (await fetch("demo/loop-returns.json")).json();
  stories = buildStories({ origin: location.origin, now: Date.now(), loopReturns });
  storyById = new Map(stories.map((s) => [s.id, s]));
  window.demoStories = stories.map((s) => ({ id: s.id, title: s.title, group: s.group, expectConsoleErrors: s.expectConsoleErrors?.source || null }));
  applyTheme();
  await route(true);
  window.addEventListener("hashchange", () => route(false, true));
  document.documentElement.dataset.ready = "true";
}

start().catch((e) => {
  main.replaceChildren(h("p.demo-boot demo-boot--error", { role: "alert" }, "The demo could not start: " + e));
  throw e;
});
