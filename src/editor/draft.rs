//! What keeps an admin's work, for every mounted editor whether the JS API (`SidebarWidgets.edit`)
//! or the Leptos component (`SidebarEditor`) mounted it: the draft kept in the browser's storage
//! (`localStorage`) as it changes, so that a reload or a crashed tab loses nothing (one entry per
//! set of widgets the editor was opened with), offered back when the editor opens again, and the
//! `beforeunload` prompt while there are unsaved changes.

use super::state::{Editor, EditorState};
use crate::engine::sidebar::fingerprint;
use crate::model::Json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The storage key of the draft of an editor opened with `widgets`.
pub fn draft_key(widgets: &Json) -> String {
    let text = widgets.to_string();
    let hash = fingerprint(&text.bytes().map(u64::from).collect::<Vec<_>>());
    format!("sidebar-widgets-editor:draft:{hash:x}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Keeps the widgets as the draft (storage full or refused: nothing is kept, nothing breaks).
pub fn save(key: &str, widgets: &Json) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, &widgets.to_string());
    }
}

/// The draft kept under `key`, if any.
pub fn load(key: &str) -> Option<Json> {
    let text = storage()?.get_item(key).ok()??;
    Json::parse(&text).ok().filter(|v| v.as_array().is_some())
}

/// Forgets the draft.
pub fn clear(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The host saved `widgets`: leaving asks only while the edited widgets differ from them, and
/// the draft is forgotten once they are the same.
pub fn saved(e: &mut Editor, widgets: Json) {
    e.saved = widgets;
    if !e.unsaved() {
        clear(&e.draft_key);
    }
}

/// What a mounted editor keeps while it lives (see [`keep`]); dropping it removes the prompt.
pub struct Keeping(Option<Closure<dyn Fn(web_sys::BeforeUnloadEvent)>>);

impl Drop for Keeping {
    fn drop(&mut self) {
        if let (Some(w), Some(c)) = (web_sys::window(), &self.0) {
            let _ =
                w.remove_event_listener_with_callback("beforeunload", c.as_ref().unchecked_ref());
        }
    }
}

/// Offers back the draft kept from an earlier visit (when it differs from the widgets opened)
/// and asks before the page is left with unsaved changes, for as long as the returned value
/// lives. The draft itself is kept as it changes by `dispatch::changed`.
pub fn keep(state: EditorState) -> Keeping {
    state.change(&mut |e| e.draft = load(&e.draft_key).filter(|d| d != e.widgets()));
    let Some(window) = web_sys::window() else { return Keeping(None) };
    let c = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            let mut unsaved = false;
            state.read(&mut |e| unsaved = e.unsaved());
            if unsaved {
                ev.prevent_default();
                ev.set_return_value("");
            }
        },
    );
    let _ = window.add_event_listener_with_callback("beforeunload", c.as_ref().unchecked_ref());
    Keeping(Some(c))
}
