//! "Preview in view mode": the draft drawn by the sidebar itself (`SidebarWidgets.mount`, the
//! viewer's own code in the same bundle) with the sample data, in place of the edit mode, and back.
//! Reached through the JS API, not the viewer's Rust module, which installs the editor (no import
//! cycle). While shown it follows each change (undo, redo) through the handle's `update`.

use super::state::{Editor, EditorState};
use crate::model::Json;
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The sidebar shown by each editor (by the element it is mounted in).
    static SHOWN: RefCell<Vec<(web_sys::Element, JsValue)>> = const { RefCell::new(Vec::new()) };
}

fn to_js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

/// The `mount` options of the draft: widgets, integrations, the sample answers, context, theme.
fn options(e: &Editor) -> Json {
    let data = Json::object(e.samples.iter().map(|(k, v)| (k.as_str(), v.clone())));
    Json::object([
        ("widgets", e.widgets().clone()),
        ("integrations", e.integrations.clone()),
        ("data", data),
        ("context", e.context.clone()),
        ("theme", Json::from(e.theme.as_str())),
    ])
}

/// Calls `target[name](arg)`.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = Reflect::get(target, &JsValue::from_str(name)).ok()?.dyn_into().ok()?;
    let list = js_sys::Array::new();
    for a in args {
        list.push(a);
    }
    f.apply(target, &list).ok()
}

fn taken(root: &web_sys::Element) -> Option<JsValue> {
    SHOWN.with(|all| {
        let mut all = all.try_borrow_mut().ok()?;
        let i = all.iter().position(|(r, _)| r == root)?;
        Some(all.swap_remove(i).1)
    })
}

/// Shows the preview (or goes back to editing when it is shown).
pub fn toggle(state: EditorState, root: &web_sys::Element) {
    if let Some(handle) = taken(root) {
        let _ = call(&handle, "unmount", &[]);
        state.change(&mut |e| {
            e.preview = false;
            e.announcement = "Back to editing.".into();
        });
        return;
    }
    let Some(host) = root.query_selector(".sw-edit-preview").ok().flatten() else { return };
    let mut opts = Json::Null;
    state.read(&mut |e| opts = options(e));
    let api = web_sys::window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("SidebarWidgets")).ok())
        .unwrap_or(JsValue::UNDEFINED);
    let Some(handle) = call(&api, "mount", &[host.into(), to_js(&opts)]) else { return };
    SHOWN.with(|all| {
        if let Ok(mut all) = all.try_borrow_mut() {
            all.push((root.clone(), handle));
        }
    });
    state.change(&mut |e| {
        e.preview = true;
        e.announcement = "The widgets as the sidebar shows them, with the sample data.".into();
    });
}

/// After a change: the preview, when shown, draws the widgets as they are now.
pub fn refresh(state: EditorState, root: &web_sys::Element) {
    let handle = SHOWN.with(|all| {
        let all = all.try_borrow().ok()?;
        all.iter().find(|(r, _)| r == root).map(|(_, h)| h.clone())
    });
    let Some(handle) = handle else { return };
    let mut widgets = Json::Null;
    state.read(&mut |e| widgets = Json::object([("widgets", e.widgets().clone())]));
    let _ = call(&handle, "update", &[to_js(&widgets)]);
}
