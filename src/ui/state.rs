//! The state of one mounted sidebar: everything it shows in one [`Model`] (the engine's), and what
//! runs again when it changes (the view and the loader).
//!
//! No reactive library: the model is one value, and every change goes through
//! [`change`](SidebarState::change), which schedules the sidebar's reactions (drawing, loading)
//! once, on a microtask, after the code that changed it is done, however many changes it made.
//! The widgets' drawing is memoised by fingerprint (see `ui::widget`), so a change that does not
//! concern a widget costs it a comparison, not a redraw. (Leptos's signals did this before; the
//! reactive system was 10 KB of the bundle for one signal, issue 20.)
//! Every view, the loader and the JS API read and write the model; it depends on none of them.

use crate::engine::render::unknown_types;
pub use crate::engine::sidebar::Model;
use crate::model::options::OptionsPatch;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A mounted sidebar's state: a handle on its model (copied freely into event handlers and tasks).
#[derive(Clone, Copy)]
pub struct SidebarState {
    /// Unique in the page: element ids start with it, and it finds the model.
    pub serial: usize,
}

/// What runs again after the model changed.
type Reaction = Rc<dyn Fn()>;

/// One sidebar's model and reactions.
struct Slot {
    serial: usize,
    model: RefCell<Model>,
    reactions: RefCell<Vec<Reaction>>,
    scheduled: Cell<bool>,
}

thread_local! {
    /// The mounted sidebars' models (a few at most on a page).
    static SLOTS: RefCell<Vec<Rc<Slot>>> = const { RefCell::new(Vec::new()) };
}

static NEXT_SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl SidebarState {
    fn slot(&self) -> Option<Rc<Slot>> {
        SLOTS.with(|all| all.try_borrow().ok()?.iter().find(|s| s.serial == self.serial).cloned())
    }

    /// Changes the model; what changed is drawn again (on a microtask). False when the sidebar
    /// was unmounted meanwhile (or the model is being changed already).
    pub fn change(&self, f: &mut dyn FnMut(&mut Model)) -> bool {
        let Some(slot) = self.slot() else { return false };
        let Ok(mut m) = slot.model.try_borrow_mut() else { return false };
        f(&mut m);
        drop(m);
        schedule(slot);
        true
    }

    /// Changes the model without drawing again (what the agent types is already on screen).
    pub fn change_quietly(&self, f: &mut dyn FnMut(&mut Model)) {
        if let Some(slot) = self.slot() {
            if let Ok(mut m) = slot.model.try_borrow_mut() {
                f(&mut m);
            }
        }
    }

    /// Reads the model.
    pub fn read(&self, f: &mut dyn FnMut(&Model)) {
        if let Some(slot) = self.slot() {
            if let Ok(m) = slot.model.try_borrow() {
                f(&m);
            }
        }
    }

    /// Runs `reaction` after every change of the model (from the next microtask on), until the
    /// sidebar is [disposed](Self::dispose).
    pub fn react(&self, reaction: Reaction) {
        if let Some(slot) = self.slot() {
            if let Ok(mut all) = slot.reactions.try_borrow_mut() {
                all.push(reaction);
            }
            schedule(slot);
        }
    }

    /// Forgets the model and its reactions (the sidebar was unmounted): later changes do nothing.
    pub fn dispose(&self) {
        let taken = SLOTS.with(|all| {
            let mut all = all.try_borrow_mut().ok()?;
            let i = all.iter().position(|s| s.serial == self.serial)?;
            Some(all.swap_remove(i))
        });
        if let Some(slot) = taken {
            // Dropped outside the registry: a reaction may hold what runs the host's code.
            let reactions = slot.reactions.take();
            drop(reactions);
        }
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

    /// A new state (its sidebar is mounted until [`dispose`](Self::dispose)).
    pub fn new(browser_language: String) -> SidebarState {
        let serial = NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let slot = Rc::new(Slot {
            serial,
            model: RefCell::new(Model::new(browser_language)),
            reactions: RefCell::new(Vec::new()),
            scheduled: Cell::new(false),
        });
        SLOTS.with(|all| {
            if let Ok(mut all) = all.try_borrow_mut() {
                all.push(slot);
            }
        });
        SidebarState { serial }
    }
}

/// Runs the slot's reactions on the next microtask, once for every change made until then.
fn schedule(slot: Rc<Slot>) {
    if slot.scheduled.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        slot.scheduled.set(false);
        let reactions: Vec<Reaction> = match slot.reactions.try_borrow() {
            Ok(r) => r.clone(),
            Err(_) => return,
        };
        for r in reactions {
            r();
        }
    });
}
