//! The JavaScript API: `window.SidebarWidgets.mount(element, options)` and its handle.

use crate::model::options::{check_json_depth, OptionsPatch, WidgetSource, MAX_JSON_DEPTH};
use crate::ui::sidebar::{Sidebar, SidebarState};
use js_sys::{Array, Object, Reflect, JSON};
use leptos::prelude::*;
use serde_json::{Map, Value};
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A JS value as JSON. Each call reads one value on its own, so that one unreadable part (a cycle,
/// nesting deeper than the reader allows) is reported alone.
fn to_json(v: &JsValue) -> Result<Value, String> {
    if v.is_undefined() {
        return Ok(Value::Null);
    }
    let text =
        JSON::stringify(v).map_err(|_| "it could not be read as JSON (a cycle or an unsupported value)".to_string())?;
    let text: String = text.into();
    check_json_depth(&text, MAX_JSON_DEPTH)?;
    serde_json::from_str(&text).map_err(|e| format!("it could not be read as JSON: {e}"))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads `options` (an object, or a JSON string) into a patch, each widget and each integration's
/// data on its own.
pub fn read_options(options: &JsValue) -> Result<OptionsPatch, String> {
    if let Some(text) = options.as_string() {
        check_json_depth(&text, MAX_JSON_DEPTH).map_err(|e| format!("options: {e}"))?;
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("options are not valid JSON: {e}"))?;
        return Ok(OptionsPatch::from_value(&v));
    }
    if !options.is_object() {
        return Ok(OptionsPatch::default());
    }
    let widgets_js = get(options, "widgets");
    let widgets = Array::is_array(&widgets_js).then(|| {
        Array::from(&widgets_js)
            .iter()
            .map(|w| match to_json(&w) {
                Ok(v) => WidgetSource::Json(v),
                Err(e) => WidgetSource::Unreadable(format!("the widget was not readable: {e}")),
            })
            .collect::<Vec<_>>()
    });
    let mut rest = Map::new();
    for key in ["integrations", "context", "view", "theme", "actionProxy", "actionTimeout"] {
        let v = get(options, key);
        if !v.is_undefined() {
            rest.insert(key.to_string(), to_json(&v).map_err(|e| format!("options.{key}: {e}"))?);
        }
    }
    let data_js = get(options, "data");
    if data_js.is_object() {
        let mut data = Map::new();
        for key in Object::keys(data_js.unchecked_ref::<Object>()).iter() {
            let Some(k) = key.as_string() else { continue };
            match to_json(&get(&data_js, &k)) {
                Ok(v) => {
                    data.insert(k, v);
                }
                Err(e) => {
                    web_sys::console::error_1(&format!("sidebar-widgets: data of integration {k}: {e}").into());
                }
            }
        }
        rest.insert("data".into(), Value::Object(data));
    } else if data_js.is_null() {
        rest.insert("data".into(), Value::Null);
    }
    Ok(OptionsPatch::from_parts(&Value::Object(rest), widgets))
}

/// Applies a patch to a mounted sidebar, touching only the parts that changed.
fn apply(state: SidebarState, patch: OptionsPatch) {
    if let Some(widgets) = patch.widgets {
        if state.widgets.with_untracked(|(_, w)| *w != widgets) {
            state.widgets.update(|(generation, w)| {
                *generation += 1;
                *w = widgets;
            });
        }
    }
    if let Some(i) = patch.integrations {
        if state.integrations.with_untracked(|cur| *cur != i) {
            state.integrations.set(i);
        }
    }
    if let Some(d) = patch.data {
        state.data.set(d);
    }
    if let Some(c) = patch.context {
        if state.context.with_untracked(|cur| *cur != c) {
            state.context.set(c);
        }
    }
    if let Some(v) = patch.view {
        state.view.set(v);
    }
    if let Some(t) = patch.theme {
        state.theme.set(t);
    }
    if let Some(p) = patch.action_proxy {
        state.action_proxy.set(p);
    }
    if let Some(t) = patch.timeout_ms {
        state.timeout_ms.set(t);
    }
}

struct Mounted {
    state: SidebarState,
    /// Dropping it unmounts the view and disposes its reactive owner.
    _view: Box<dyn Any>,
}

/// What `mount` returns to JavaScript.
#[wasm_bindgen]
pub struct SidebarHandle {
    inner: Option<Mounted>,
}

#[wasm_bindgen]
impl SidebarHandle {
    /// Replaces the given parts of the options (`widgets`, `integrations`, `data`, `context`,
    /// `view`, `theme`, `actionProxy`); what did not change keeps its DOM.
    pub fn update(&self, partial: JsValue) -> Result<(), JsValue> {
        let Some(m) = &self.inner else {
            return Err(JsValue::from_str("sidebar-widgets: this sidebar was unmounted"));
        };
        let patch = read_options(&partial).map_err(|e| JsValue::from_str(&format!("sidebar-widgets: {e}")))?;
        apply(m.state, patch);
        Ok(())
    }

    /// Fetches again the integrations subscribed to a trigger (`ticket-updated`, ...).
    pub fn trigger(&self, event: String) -> usize {
        match &self.inner {
            Some(m) => crate::ui::loader::trigger(m.state, &event),
            None => 0,
        }
    }

    /// Removes the sidebar from its element; other sidebars on the page are untouched.
    pub fn unmount(&mut self) {
        self.inner = None;
    }

    /// Whether the sidebar is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.inner.is_some()
    }
}

/// Mounts a sidebar into `element` with `options`.
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue) -> Result<SidebarHandle, JsValue> {
    let element: web_sys::HtmlElement = element
        .dyn_into()
        .map_err(|_| JsValue::from_str("sidebar-widgets: mount(element, options) needs an HTML element"))?;
    let patch = read_options(&options).map_err(|e| JsValue::from_str(&format!("sidebar-widgets: {e}")))?;
    let cell: Rc<Cell<Option<SidebarState>>> = Rc::new(Cell::new(None));
    let out = cell.clone();
    let view = leptos::mount::mount_to(element, move || {
        let state = SidebarState::new();
        apply(state, patch);
        out.set(Some(state));
        view! { <Sidebar state=state /> }
    });
    match cell.take() {
        Some(state) => Ok(SidebarHandle { inner: Some(Mounted { state, _view: Box::new(view) }) }),
        None => Err(JsValue::from_str("sidebar-widgets: the sidebar did not mount")),
    }
}

/// Installs `window.SidebarWidgets` and announces it with a `sidebar-widgets:ready` event.
pub fn install_global() {
    let Some(window) = web_sys::window() else { return };
    let api = Object::new();
    let mount_fn =
        Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(|element: JsValue, options: JsValue| {
            mount(element, options).map(JsValue::from)
        });
    let _ = Reflect::set(&api, &"mount".into(), mount_fn.as_ref());
    mount_fn.forget();
    // STUB (replace in main): checkOptions(options) -> [{place, message}], the widgets' template errors only.
    let check_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(|options: JsValue| {
        let out = Array::new();
        let push = |place: String, message: String| {
            let e = Object::new();
            let _ = Reflect::set(&e, &"place".into(), &place.into());
            let _ = Reflect::set(&e, &"message".into(), &message.into());
            out.push(&e);
        };
        match read_options(&options) {
            Err(e) => push(String::new(), e),
            Ok(patch) => {
                for (i, w) in patch.widgets.unwrap_or_default().iter().enumerate() {
                    if let Err(e) = &w.template {
                        let sep = if e.place.is_empty() { "" } else { ".template." };
                        push(format!("widgets[{i}]{sep}{}", e.place), e.message.clone());
                    }
                }
            }
        }
        out.into()
    });
    let _ = Reflect::set(&api, &"checkOptions".into(), check_fn.as_ref());
    check_fn.forget();
    let _ = Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into());
    // The sidebar's CSS, for hosts that render it in a shadow root (the <sidebar-widgets> element).
    let _ = Reflect::set(&api, &"stylesheet".into(), &include_str!("../style/sidebar.css").into());
    #[cfg(feature = "playground")]
    crate::playground::install(&api);
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
