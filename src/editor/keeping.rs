//! What keeps an admin's work while an editor is mounted, whether the JS API
//! (`SidebarWidgets.edit`) or the Leptos component (`SidebarEditor`) mounted it: the draft kept
//! from an earlier visit offered back, the `beforeunload` prompt while there are unsaved changes,
//! and the draft forgotten once the host says the widgets are saved. (The draft itself is kept as
//! it changes by `dispatch::changed`, in `draft`.)

use super::draft::{clear, load};
use super::state::{Editor, EditorState};
use crate::model::Json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
/// lives.
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
