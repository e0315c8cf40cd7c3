//! Running code later: after the next frame is drawn, or after a delay (the browser's timers,
//! without a framework's). The callbacks are boxed: one closure type each, so wasm-bindgen's
//! glue for it is in the bundle once, not once per call site.

use wasm_bindgen::prelude::*;

/// Runs `f` before the next frame is painted (after what was just changed is drawn).
pub fn after_frame(f: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else { return };
    let f = Closure::once_into_js(f);
    let _ = window.request_animation_frame(f.unchecked_ref());
}

/// Runs `f` after `ms` milliseconds.
pub fn after_ms(f: Box<dyn FnOnce()>, ms: i32) {
    let Some(window) = web_sys::window() else { return };
    let f = Closure::once_into_js(f);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
}
