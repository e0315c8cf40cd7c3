//! What every handler ends with (events, keyboard, custom): an edit committed as one undo step
//! (or refused with its reason), an undo or a redo, the draft kept and the host told
//! (`sidebar-widgets:change`), a value of the data tree dropped onto a card, the focus moved once
//! drawn, and after an undo the boxes that keep typed text show the undone state. It depends on
//! none of the handlers.

use super::draft;
use super::keys::parse_item;
use super::state::{node_label, EditorState};
use crate::engine::edit::{copy_for, data_path_of, node_at, node_for_drop, Edit, NodeAddress};
use crate::model::widget::id_string;
use crate::model::Json;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The closest element matching `selector`, from `el` up.
pub fn closest(el: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    el.closest(selector).ok().flatten()
}

fn to_js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

/// After every committed change: the draft is kept (or forgotten once nothing is unsaved) and
/// the host is told with `sidebar-widgets:change` (`{widgets, integrations, widget}`).
pub fn changed(state: EditorState, root: &web_sys::Element, widget: Option<usize>) {
    let mut detail = None;
    state.read(&mut |e| {
        if e.unsaved() {
            draft::save(&e.draft_key, e.widgets());
        } else {
            draft::clear(&e.draft_key);
        }
        let w = widget.and_then(|i| e.widget(i)).cloned().unwrap_or(Json::Null);
        detail = Some(Json::object([
            ("widgets", e.widgets().clone()),
            ("integrations", e.integrations.clone()),
            ("widget", w),
        ]));
    });
    let Some(detail) = detail else { return };
    super::preview::refresh(state, root);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&to_js(&detail));
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict("sidebar-widgets:change", &init)
    {
        let _ = root.dispatch_event(&event);
    }
}

/// Applies an edit as one step; on success tells the host. Returns whether it was done.
pub fn commit(
    state: EditorState,
    root: &web_sys::Element,
    edit: Edit,
    group: Option<&str>,
    said: String,
) -> bool {
    let widget = match &edit {
        Edit::Insert { parent, .. } => Some(parent.widget),
        Edit::Move { from, .. } => Some(from.widget),
        Edit::Delete { at } | Edit::Duplicate { at } | Edit::SetProperty { at, .. } => {
            Some(at.widget)
        }
        Edit::SetWidgetProperty { widget, .. } => Some(*widget),
        Edit::MoveWidget { to, .. } => Some(*to),
        Edit::InsertWidget { index, .. } | Edit::ReplaceWidget { index, .. } => Some(*index),
        Edit::DeleteWidget { .. } => None,
    };
    let mut ok = false;
    state.change(&mut |e| {
        ok = e.commit(&edit, group).is_ok();
        if ok && !said.is_empty() {
            e.announcement = said.clone();
        }
    });
    if ok {
        changed(state, root, widget);
    }
    ok
}

/// Undoes (or redoes) one step; tells the host when there was one.
pub fn step(state: EditorState, root: &web_sys::Element, redo: bool) -> bool {
    let mut done = false;
    state.change(&mut |e| {
        done = if redo { e.history.redo() } else { e.history.undo() };
        e.notice = None;
        e.announcement = match (done, redo) {
            (true, false) => "Undone.".into(),
            (true, true) => "Redone.".into(),
            (false, false) => "Nothing to undo.".into(),
            (false, true) => "Nothing to redo.".into(),
        };
        if e.selected.as_ref().is_some_and(|at| node_at(e.widgets(), at).is_none()) {
            e.selected = None;
        }
    });
    if done {
        changed(state, root, None);
        show_undone_text(root);
    }
    done
}

/// After an undo or a redo, once drawn: the boxes a draw does not rewrite once typed in (a
/// button's JSON body, whose invalid text is kept while typed) show what was undone to, and
/// their "not saved" message goes.
fn show_undone_text(root: &web_sys::Element) {
    let root = root.clone();
    request_animation_frame(move || {
        let Ok(boxes) = root.query_selector_all(r#"textarea[data-field="body-json"]"#) else {
            return;
        };
        for i in 0..boxes.length() {
            if let Some(t) =
                boxes.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                if let Ok(drawn) = t.default_value() {
                    t.set_value(&drawn);
                }
            }
        }
        if let Ok(said) = root.query_selector_all("[data-body-problem]") {
            for i in 0..said.length() {
                if let Some(p) = said.item(i) {
                    p.set_text_content(None);
                }
            }
        }
    });
}

/// Focuses an element of the editor once drawn.
pub fn focus_later(root: &web_sys::Element, selector: String) {
    let root = root.clone();
    request_animation_frame(move || {
        if let Some(el) = root.query_selector(&selector).ok().flatten() {
            if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
}

/// Drops the data tree item `item` onto the card at `card`: the engine makes the node, refused
/// with its reason when the value is outside the card's data.
pub fn drop_value(
    state: EditorState,
    root: &web_sys::Element,
    item: &str,
    card: &NodeAddress,
) -> bool {
    let Some((integration, path)) = parse_item(item) else { return false };
    let mut made: Result<(Json, String), String> = Err(String::new());
    state.read(&mut |e| {
        let card_node = node_at(e.widgets(), card);
        let card_integration =
            e.widget(card.widget).and_then(|w| w.get("integration_id")).and_then(id_string);
        made = match (e.sample(integration), card_node) {
            (Some(sample), Some(node)) if card_integration.as_deref() == Some(integration) => {
                let card_path = data_path_of(e.widgets(), card).unwrap_or_default();
                node_for_drop(sample, &card_path, path)
                    .map(|n| (n, node_label(node)))
                    .map_err(|why| format!("Not added: {why}."))
            }
            (_, None) => Err("Not added: that card no longer exists.".into()),
            _ => Err(format!(
                "Not added: this value is from the sample data of {}, and that card shows another integration's data.",
                e.integration_name(integration)
            )),
        };
    });
    match made {
        Ok((node, card_label)) => {
            let said = format!("{} added to {card_label}.", node_label(&node));
            let edit = Edit::Insert { parent: card.clone(), index: usize::MAX, node };
            commit(state, root, edit, None, said)
        }
        Err(why) => {
            state.change(&mut |e| {
                e.notice = Some(why.clone());
                e.announcement = why.clone();
            });
            false
        }
    }
}

/// Keeps the node at `at` to paste (what it is now, and where), saying `said`.
pub fn copy_node(state: EditorState, at: &NodeAddress, said: &str) {
    state.change(&mut |e| {
        e.clipboard = node_at(e.widgets(), at).map(|n| (at.clone(), n.clone()));
        e.announcement = said.into();
    });
}

/// Pastes the copied node into the container `to` at `index` (`usize::MAX`: last), rewritten to
/// show the same data there; refused with the reason when it cannot.
pub fn paste(state: EditorState, root: &web_sys::Element, to: NodeAddress, index: usize) {
    let mut made: Result<Json, String> = Err(String::new());
    state.read(&mut |e| {
        made = match &e.clipboard {
            // Rewritten to show the same data where it is pasted, if it is still there.
            Some((from, node)) if node_at(e.widgets(), from) == Some(node) => {
                copy_for(e.widgets(), from, &to).map_err(|why| format!("Not pasted: {why}."))
            }
            Some(_) => {
                Err("Not pasted: the copied part changed since it was copied; copy it again."
                    .into())
            }
            None => Err("Nothing copied yet.".into()),
        };
    });
    match made {
        Ok(node) => {
            let edit = Edit::Insert { parent: to, index, node };
            commit(state, root, edit, None, "Pasted.".into());
        }
        Err(why) => {
            state.change(&mut |e| {
                e.notice = Some(why.clone());
                e.announcement = why.clone();
            });
        }
    };
}
