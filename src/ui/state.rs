//! The state of one mounted sidebar: everything it shows in one [`Model`] (the engine's), behind
//! one signal.
//!
//! One signal rather than one per part: each signal type is a copy of the reactive system's
//! generic code in the bundle, and the widgets' drawing is memoised by fingerprint (see
//! `ui::widget`), so a change that does not concern a widget costs it a comparison, not a redraw.
//! Every view, the loader and the JS API read and write the model; it depends on none of them.

use crate::engine::render::unknown_types;
pub use crate::engine::sidebar::Model;
use crate::model::options::OptionsPatch;
use leptos::prelude::*;

/// A mounted sidebar's state: the model behind its signal.
#[derive(Clone, Copy)]
pub struct SidebarState {
    pub model: RwSignal<Model>,
    /// Unique in the page: element ids start with it.
    pub serial: usize,
}

static NEXT_SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl SidebarState {
    /// Changes the model; what changed is drawn again. Every change goes through here (and every
    /// untracked read through [`read`](Self::read)), so the reactive system's generic code is in
    /// the bundle once, not once per call site. False when the sidebar was unmounted meanwhile.
    pub fn change(&self, f: &mut dyn FnMut(&mut Model)) -> bool {
        self.model.try_update(|m| f(m)).is_some()
    }

    /// Changes the model without drawing again (what the agent types is already on screen).
    pub fn change_quietly(&self, f: &mut dyn FnMut(&mut Model)) {
        self.model.try_update_untracked(|m| f(m));
    }

    /// Reads the model without subscribing to it.
    pub fn read(&self, f: &mut dyn FnMut(&Model)) {
        self.model.try_with_untracked(|m| f(m));
    }

    /// Applies an update, warning once in the console about what the templates hold that is
    /// shown differently (refused widgets, unknown field types).
    pub fn apply(&self, patch: OptionsPatch) {
        for w in patch.widgets.iter().flatten() {
            match &w.template {
                Err(e) => web_sys::console::error_1(
                    &format!("sidebar-widgets: widget {} not shown: {e}", w.key).into(),
                ),
                Ok(t) => {
                    for (ty, place) in unknown_types(t) {
                        let warning = format!(
                            "sidebar-widgets: widget {}: unknown field type \"{ty}\" at {place}; shown as text",
                            w.key
                        );
                        web_sys::console::warn_1(&warning.into());
                    }
                }
            }
        }
        let mut patch = Some(patch);
        self.change(&mut |m| {
            if let Some(p) = patch.take() {
                m.apply(p);
            }
        });
    }

    /// A new state, in the reactive owner of the view that will show it.
    pub fn new(browser_language: String) -> SidebarState {
        SidebarState {
            model: RwSignal::new(Model::new(browser_language)),
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}
