//! The sidebar's one set of event listeners, on its root element (event delegation): every
//! control carries `data-sw` (what it does) and the keys it needs, so no element has a listener
//! of its own.

use super::actions;
use super::state::SidebarState;
use super::timers::after_ms;
use crate::model::action::FieldRef;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The closest element carrying `data-sw` to where the event happened, and what it does.
fn control(ev: &web_sys::Event) -> Option<(web_sys::Element, String)> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let control = el.closest("[data-sw]").ok()??;
    let what = control.get_attribute("data-sw")?;
    Some((control, what))
}

/// The element the sidebar is mounted in (where it listens, and where action events go).
fn root(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.current_target()?.dyn_into::<web_sys::Element>().ok()
}

/// The key of the widget an element is in.
fn widget_of(el: &web_sys::Element) -> Option<String> {
    el.closest("[data-widget]").ok()??.get_attribute("data-widget")
}

/// The closest value of an attribute, from the element up.
fn closest_attr(el: &web_sys::Element, name: &str) -> Option<String> {
    el.closest(&format!("[{name}]")).ok()??.get_attribute(name)
}

/// The event types the sidebar listens to, all with one function.
const LISTENED: [&str; 5] = ["click", "submit", "input", "change", "keydown"];

/// Listeners on the element a sidebar (or the editor) is mounted in, one function for every event
/// type it names; dropping it removes them.
pub struct Listening {
    target: web_sys::Element,
    types: &'static [&'static str],
    listener: Closure<dyn Fn(web_sys::Event)>,
}

impl Listening {
    /// Adds `listener` on `target` for each of `types`, until the returned value is dropped.
    pub fn on(
        target: &web_sys::Element,
        types: &'static [&'static str],
        listener: Closure<dyn Fn(web_sys::Event)>,
    ) -> Listening {
        for ty in types {
            let _ = target.add_event_listener_with_callback(ty, listener.as_ref().unchecked_ref());
        }
        Listening { target: target.clone(), types, listener }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        for ty in self.types {
            let _ = self
                .target
                .remove_event_listener_with_callback(ty, self.listener.as_ref().unchecked_ref());
        }
    }
}

/// Listens on the element the sidebar is mounted in, for as long as the returned value lives.
pub fn listen(target: &web_sys::Element, state: SidebarState) -> Listening {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        match ev.type_().as_str() {
            "click" => click(state, &ev),
            "submit" => submit(state, &ev),
            "input" | "change" => input(state, &ev),
            "keydown" => {
                if let Some(k) = ev.dyn_ref::<web_sys::KeyboardEvent>() {
                    keydown(state, k);
                }
            }
            _ => {}
        }
    });
    Listening::on(target, &LISTENED, listener)
}

fn click(state: SidebarState, ev: &web_sys::Event) {
    let Some((el, what)) = control(ev) else { return };
    let mount = root(ev);
    match what.as_str() {
        "copy" => copy(&el, root(ev)),
        "retry" => {
            if let Some(id) = el.get_attribute("data-integration") {
                state.change(&mut |m| m.refetch(std::slice::from_ref(&id)));
            }
        }
        "toggle" => {
            let (Some(widget), Some(card)) =
                (widget_of(&el), el.closest("section.sw-card").ok().flatten())
            else {
                return;
            };
            let Some(key) = card.get_attribute("data-key") else { return };
            // The card's state as drawn decides.
            let open = !card.class_list().contains("sw-card--collapsed");
            state.change(&mut |m| m.ui_mut(&widget).toggled.insert(key.clone(), !open));
        }
        "more" => {
            let (Some(widget), Some(list)) = (widget_of(&el), el.get_attribute("data-list")) else {
                return;
            };
            let n = el.get_attribute("data-n").and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
            state.change(&mut |m| m.ui_mut(&widget).shown.insert(list.clone(), n));
        }
        "run" => {
            let (Some(widget), Some(key)) = (widget_of(&el), el.get_attribute("data-button"))
            else {
                return;
            };
            if actions::click(state, &widget, &key, mount) {
                if let Some(r) = root(ev) {
                    actions::focus_later(r, "form.sw-form", key);
                }
            }
        }
        "cancel" => {
            let (Some(widget), Some(key)) = (widget_of(&el), el.get_attribute("data-button"))
            else {
                return;
            };
            actions::cancel(state, &widget, &key);
            if let Some(r) = root(ev) {
                actions::focus_later(r, "button.sw-action--button", key);
            }
        }
        _ => {}
    }
}

fn submit(state: SidebarState, ev: &web_sys::Event) {
    let Some((el, what)) = control(ev) else { return };
    if what != "form" {
        return;
    }
    ev.prevent_default();
    let (Some(widget), Some(key)) = (widget_of(&el), el.get_attribute("data-button")) else {
        return;
    };
    actions::submit(state, &widget, &key, root(ev));
}

/// What the agent types in an "Edit fields" form is kept, so that nothing typed is lost.
fn input(state: SidebarState, ev: &web_sys::Event) {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Some(field) = el.get_attribute("name").and_then(|n| FieldRef::from_name(&n)) else {
        return;
    };
    let value = if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        return;
    };
    let (Some(widget), Some(key)) = (widget_of(&el), closest_attr(&el, "data-button")) else {
        return;
    };
    actions::typed(state, &widget, &key, field, value);
}

/// Escape in a form cancels it.
fn keydown(state: SidebarState, ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Escape" {
        return;
    }
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Some(form) = el.closest("form.sw-form").ok().flatten() else { return };
    let (Some(widget), Some(key)) = (widget_of(&form), form.get_attribute("data-button")) else {
        return;
    };
    ev.prevent_default();
    actions::cancel(state, &widget, &key);
    if let Some(r) = root(ev) {
        actions::focus_later(r, "button.sw-action--button", key);
    }
}

/// Copies a field's value: its `data-copy`, else the text of the value element before it. The
/// control says "Copied" for a moment.
fn copy(button: &web_sys::Element, root: Option<web_sys::Element>) {
    let text = button
        .get_attribute("data-copy")
        .or_else(|| button.previous_element_sibling().and_then(|v| v.text_content()));
    let Some(window) = web_sys::window() else { return };
    let written = window.navigator().clipboard().write_text(&text.unwrap_or_default());
    // A refusal (no clipboard permission, the page not focused) is awaited here, not left as an
    // unhandled rejection on the host page.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(written).await;
    });
    let label = button.get_attribute("aria-label").unwrap_or_default();
    let copied = root
        .and_then(|r| r.first_element_child())
        .and_then(|r| r.get_attribute("data-copied"))
        .unwrap_or_default();
    let _ = button.class_list().add_1("sw-field__copy--done");
    let _ = button.set_attribute("aria-label", &copied);
    let button = button.clone();
    after_ms(
        Box::new(move || {
            let _ = button.class_list().remove_1("sw-field__copy--done");
            let _ = button.set_attribute("aria-label", &label);
        }),
        1200,
    );
}
