//! The JavaScript API: `window.SidebarWidgets` (`mount`, `checkOptions`, `version`) and the
//! handle `mount` returns (`update`, `trigger`, `unmount`, `mounted`).
//!
//! Every value a host passes is read defensively: each part of the options on its own (one
//! unreadable part is an error in its place), only through calls that report a JavaScript
//! exception instead of letting it unwind through WebAssembly, and with limits on size and depth.

mod js_json;

use crate::model::json::Json;
use crate::model::options::refused_locale;
use crate::model::options::{
    wrong_kind, OptionsPatch, Part, Problem, RawOptions, MAX_INTEGRATIONS, MAX_WIDGETS,
};
use crate::ui::events::{listen, Listening};
use crate::ui::locale::browser_language;
use crate::ui::locale::intl_tag;
use crate::ui::sidebar::{draw_sidebar, SidebarDrawing};
use crate::ui::state::SidebarState;
use js_json::{Found, Seen};
use js_sys::{Array, Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// One JS value read as JSON (see [`js_json`]); what was left out inside it is added to
/// `problems`, each in its place under `place`.
fn read_part(v: &JsValue, place: &str, problems: &mut Vec<Problem>) -> Part {
    let mut found = Found::new();
    let part = js_json::read(v, None, &mut found).map(|seen| seen.value().clone());
    placed(place, found, problems);
    part
}

/// The parts left out inside the value at `place`, as problems in their places.
fn placed(place: &str, found: Found, problems: &mut Vec<Problem>) {
    problems.extend(found.into_iter().map(|(inner, why)| Problem {
        place: if inner.starts_with('[') {
            format!("{place}{inner}")
        } else {
            format!("{place}.{inner}")
        },
        message: format!("could not be read: {why}"),
    }));
}

/// `obj[key]`, or why reading it threw.
fn get(obj: &JsValue, key: &str) -> Result<JsValue, String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| format!("reading \"{key}\" threw an error"))
}

/// A plain setting (a string or a number) as JSON; anything else reads as null.
fn setting(v: JsValue) -> Json {
    if let Some(s) = v.as_string() {
        Json::from(s)
    } else if let Some(n) = v.as_f64() {
        Json::from(n)
    } else {
        Json::Null
    }
}

/// Each item of an array-like on its own, at most `max`; and how many were left.
fn items(
    v: &JsValue,
    max: usize,
    place: &str,
    problems: &mut Vec<Problem>,
) -> Result<(Vec<Part>, usize), String> {
    if !js_json::is_array(v)? {
        return Err(wrong_kind("an array", js_kind(v)));
    }
    let len = get(v, "length")?.as_f64().filter(|n| n.is_finite() && *n >= 0.0).unwrap_or(0.0);
    let len = len.min(u32::MAX as f64) as u32;
    let read = len.min(max as u32);
    let parts = (0..read)
        .map(|i| {
            Reflect::get_u32(v, i)
                .map_err(|_| js_json::REFUSED.to_string())
                .and_then(|item| read_part(&item, &format!("{place}[{i}]"), problems))
        })
        .collect();
    Ok((parts, (len - read) as usize))
}

fn js_kind(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if v.is_string() {
        "a string"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.is_function() {
        "a function"
    } else if v.is_symbol() {
        "a Symbol"
    } else if v.is_object() {
        "an object"
    } else {
        "another kind of value"
    }
}

/// Options that could not be read at all: nothing changes, and the sidebar says why.
fn unreadable(message: String) -> OptionsPatch {
    OptionsPatch {
        problems: vec![Problem { place: "options".into(), message }],
        ..OptionsPatch::default()
    }
}

/// What was read of each integration's data last time (see the `js_json` module).
pub(crate) type SeenData = Vec<(String, Seen)>;

/// Reads `options` (an object, or JSON text) part by part. Never fails: what cannot be read is a
/// problem shown in its place. With `seen`, the data is read again only where its text changed,
/// and `seen` becomes what was read this time.
pub fn read_options(options: &JsValue, seen: Option<&mut SeenData>) -> OptionsPatch {
    let mut patch = read_parts(options, seen);
    check_locale(&mut patch);
    patch
}

/// A `locale` of the right shape that the browser's `Intl` still refuses is English, and said so.
fn check_locale(patch: &mut OptionsPatch) {
    if let Some(Some(tag)) = &patch.locale {
        if tag != "en" && intl_tag(tag).is_none() {
            let message = refused_locale(tag);
            patch.problems.push(Problem { place: "locale".into(), message });
            patch.locale = Some(Some("en".into()));
        }
    }
}

fn read_parts(options: &JsValue, seen: Option<&mut SeenData>) -> OptionsPatch {
    if let Some(text) = options.as_string() {
        return match Json::parse_owned(text) {
            Ok(v) => OptionsPatch::read(RawOptions::from_json(&v)),
            Err(e) => unreadable(format!("the options are not valid JSON: {e}")),
        };
    }
    if options.is_undefined() || options.is_null() {
        return OptionsPatch::default();
    }
    if !options.is_object() {
        return unreadable(format!("the options must be an object, not {}", js_kind(options)));
    }
    let mut raw = RawOptions::default();
    let mut problems = Vec::new();
    // What was left out inside the parts, in its place.
    let mut found = Vec::new();
    // Each setting given (not undefined), or why reading it threw.
    let present = |key: &str| -> Option<Result<JsValue, String>> {
        match get(options, key) {
            Ok(v) if v.is_undefined() => None,
            other => Some(other),
        }
    };
    if let Some(v) = present("widgets") {
        match v.and_then(|v| items(&v, MAX_WIDGETS, "widgets", &mut found)) {
            Ok((parts, dropped)) => {
                raw.widgets = Some(parts);
                raw.widgets_dropped = dropped;
            }
            Err(why) => problems.push(("widgets", why)),
        }
    }
    if let Some(v) = present("integrations") {
        match v.and_then(|v| items(&v, MAX_INTEGRATIONS, "integrations", &mut found)) {
            Ok((parts, dropped)) => {
                raw.integrations = Some(parts);
                raw.integrations_dropped = dropped;
            }
            Err(why) => problems.push(("integrations", why)),
        }
    }
    if let Some(v) = present("data") {
        match v {
            Err(why) => problems.push(("data", why)),
            Ok(v) if v.is_null() => raw.data = Some(Vec::new()),
            Ok(v) if v.is_object() => match Reflect::own_keys(&v) {
                Ok(keys) => {
                    let mut data = Vec::new();
                    let mut now = SeenData::new();
                    let before: &[(String, Seen)] = seen.as_deref().map_or(&[], Vec::as_slice);
                    for key in keys.iter().take(MAX_WIDGETS * 10) {
                        let Some(k) = key.as_string() else { continue };
                        let was = before.iter().find(|(id, _)| *id == k).map(|(_, s)| s);
                        let mut inside = Found::new();
                        let part = Reflect::get(&v, &key)
                            .map_err(|_| js_json::REFUSED.to_string())
                            .and_then(|d| js_json::read(&d, was, &mut inside));
                        placed(&format!("data.{k}"), inside, &mut found);
                        data.push((
                            k.clone(),
                            part.as_ref().map(|s| s.value().clone()).map_err(Clone::clone),
                        ));
                        if let Ok(part) = part {
                            now.push((k, part));
                        }
                    }
                    raw.data = Some(data);
                    if let Some(seen) = seen {
                        *seen = now;
                    }
                }
                Err(_) => problems.push(("data", "its keys could not be read".into())),
            },
            Ok(v) => problems.push(("data", wrong_kind("an object", js_kind(&v)))),
        }
    }
    if let Some(v) = present("context") {
        raw.context = Some(v.and_then(|v| read_part(&v, "context", &mut found)));
    }
    if let Some(v) = present("messages") {
        raw.messages = Some(v.and_then(|v| read_part(&v, "messages", &mut found)));
    }
    let plain = |key: &str| present(key).and_then(Result::ok).map(setting);
    raw.view = plain("view");
    raw.theme = plain("theme");
    raw.proxy = plain("proxy").or_else(|| plain("actionProxy"));
    raw.proxy_token = plain("proxyToken");
    raw.action_timeout = plain("actionTimeout");
    raw.locale = plain("locale");
    let mut patch = OptionsPatch::read(raw);
    patch.problems.extend(problems.into_iter().map(|(place, why)| Problem {
        place: place.to_string(),
        message: format!("could not be read: {why}"),
    }));
    patch.problems.extend(found);
    patch
}

struct Mounted {
    state: SidebarState,
    /// Dropping them stops listening, then removes the drawing.
    _listening: Listening,
    _view: SidebarDrawing,
    /// What the data read as last time: an update reads again only what changed.
    seen: RefCell<SeenData>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // Nothing runs again for this sidebar: answers arriving later are dropped.
        self.state.dispose();
    }
}

/// What `mount` returns to JavaScript: the number of a mounted sidebar. The sidebar lives until
/// `unmount()`, not until JavaScript collects the handle: a host that keeps no reference to it
/// still has its sidebar.
#[wasm_bindgen]
pub struct SidebarHandle {
    id: u32,
}

thread_local! {
    /// Every mounted sidebar, by its handle's number.
    static MOUNTED: RefCell<Vec<(u32, Rc<Mounted>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// The mounted sidebar `id`, if it still is.
fn mounted(id: u32) -> Option<Rc<Mounted>> {
    MOUNTED.with(|all| {
        let all = all.try_borrow().ok()?;
        all.iter().find(|(i, _)| *i == id).map(|(_, m)| m.clone())
    })
}

fn js_error(message: String) -> JsValue {
    js_sys::Error::new(&format!("sidebar-widgets: {message}")).into()
}

#[wasm_bindgen]
impl SidebarHandle {
    /// Replaces the given parts of the options (`widgets`, `integrations`, `data`, `context`,
    /// `view`, `theme`, `proxy`/`actionProxy`, `proxyToken`, `actionTimeout`, `locale`,
    /// `messages`). A widget is drawn again only when its template, its integration's data, the
    /// context, the language or the agent's use of it changed, and then only the changed text
    /// and attributes of its elements are written: elements that stay keep their identity.
    pub fn update(&self, partial: JsValue) -> Result<(), JsValue> {
        let Some(m) = mounted(self.id) else {
            return Err(js_error("this sidebar was unmounted".into()));
        };
        // An update from inside this one (a getter of the options calling update) reads afresh.
        let patch = match m.seen.try_borrow_mut() {
            Ok(mut seen) => read_options(&partial, Some(&mut seen)),
            Err(_) => read_options(&partial, None),
        };
        m.state.apply(patch);
        Ok(())
    }

    /// Fetches again the integrations subscribed to a trigger (`ticket-updated`, ...); returns
    /// how many.
    pub fn trigger(&self, event: JsValue) -> usize {
        match (mounted(self.id), event.as_string()) {
            (Some(m), Some(event)) => {
                let mut count = 0;
                m.state.change(&mut |model| count = model.trigger(&event));
                count
            }
            _ => 0,
        }
    }

    /// Removes the sidebar from its element; other sidebars on the page are untouched.
    pub fn unmount(&self) {
        let taken = MOUNTED.with(|all| {
            let mut all = all.try_borrow_mut().ok()?;
            let i = all.iter().position(|(i, _)| *i == self.id)?;
            Some(all.swap_remove(i))
        });
        // Dropped here, outside the registry: unmounting the view may run the host's code.
        drop(taken);
    }

    /// Whether the sidebar is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        mounted(self.id).is_some()
    }
}

/// Mounts a sidebar into `element` with `options`.
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue) -> Result<SidebarHandle, JsValue> {
    let element: web_sys::HtmlElement = element
        .dyn_into()
        .map_err(|_| js_error("mount(element, options) needs an HTML element".into()))?;
    let mut seen = SeenData::new();
    let patch = read_options(&options, Some(&mut seen));
    let target: web_sys::Element = element.into();
    let state = SidebarState::new(browser_language());
    state.apply(patch);
    let view = draw_sidebar(state, &target);
    let listening = listen(&target, state);
    let mounted =
        Rc::new(Mounted { state, _listening: listening, _view: view, seen: RefCell::new(seen) });
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    MOUNTED
        .with(|all| all.try_borrow_mut().map(|mut all| all.push((id, mounted))))
        .map_err(|_| js_error("the sidebar did not mount".into()))?;
    Ok(SidebarHandle { id })
}

/// `SidebarWidgets.checkOptions(options)`: the problems `mount` would show, each `{place,
/// message}`, without mounting anything.
#[wasm_bindgen(js_name = checkOptions)]
pub fn check_options(options: JsValue) -> Array {
    read_options(&options, None)
        .all_problems()
        .into_iter()
        .map(|p| {
            let o = Object::new();
            let _ = Reflect::set(&o, &"place".into(), &p.place.into());
            let _ = Reflect::set(&o, &"message".into(), &p.message.into());
            JsValue::from(o)
        })
        .collect()
}

/// Installs `window.SidebarWidgets` and announces it with a `sidebar-widgets:ready` event.
pub fn install_global() {
    let Some(window) = web_sys::window() else { return };
    let api = Object::new();
    let mount_fn = Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        |element: JsValue, options: JsValue| mount(element, options).map(JsValue::from),
    );
    let _ = Reflect::set(&api, &"mount".into(), mount_fn.as_ref());
    mount_fn.forget();
    let check_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(|options: JsValue| {
        JsValue::from(check_options(options))
    });
    let _ = Reflect::set(&api, &"checkOptions".into(), check_fn.as_ref());
    check_fn.forget();
    let _ = Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into());
    #[cfg(feature = "playground")]
    crate::playground::install(&api);
    #[cfg(feature = "editor")]
    crate::editor::api::install(&api);
    let _ = Reflect::set(&window, &"SidebarWidgets".into(), &api);
    if let Some(document) = window.document() {
        if let Ok(event) = web_sys::CustomEvent::new("sidebar-widgets:ready") {
            let _ = document.dispatch_event(&event);
        }
    }
}

#[wasm_bindgen(start)]
fn start() {
    install_global();
}
