//! The draft kept in the browser's storage (`localStorage`) as it changes, so that a reload or
//! a crashed tab loses nothing: one entry per set of widgets the editor was opened with. It is
//! offered back, and leaving asks first, by `keeping`.

use crate::engine::sidebar::fingerprint;
use crate::model::Json;

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
