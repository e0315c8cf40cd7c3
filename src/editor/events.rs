//! The editor's one set of event listeners, on the element it is mounted in (event delegation,
//! as `ui::events`): controls carry `data-sw` (what they do), nodes `data-node`, drop targets
//! `data-drop`, data tree items `data-tree`, form inputs `data-prop`. Each handler turns what
//! happened into an edit for the engine, then tells the host (`sidebar-widgets:change`).

use super::dispatch::{changed, closest, commit, copy_node, drop_value, paste, step};
use super::draft;
use super::keys::{address_key, parse_address, parse_item};
use super::state::Export;
use super::state::{node_label, EditorState};
use crate::engine::edit::{display_order, generate_template, node_at, Edit, NodeAddress};
use crate::model::widget::id_string;
use crate::model::Json;
pub use crate::ui::events::Listening;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const LISTENED: [&str; 9] =
    ["click", "input", "change", "keydown", "dragstart", "dragover", "drop", "submit", "focusout"];

/// Listens on the element the editor is mounted in, for as long as the returned value lives.
pub fn listen(target: &web_sys::Element, state: EditorState) -> Listening {
    let root = target.clone();
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        // The preview is the sidebar's: its own listeners handle what happens in it.
        if target_el(&ev).is_some_and(|t| closest(&t, ".sw-edit-preview").is_some()) {
            return;
        }
        match ev.type_().as_str() {
            "click" => click(state, &root, &ev),
            "input" | "change" => input(state, &root, &ev),
            "keydown" => {
                if let Some(k) = ev.dyn_ref::<web_sys::KeyboardEvent>() {
                    super::keyboard::keydown(state, &root, k);
                }
            }
            "dragstart" => drag_start(&ev),
            "dragover"
                if target_el(&ev)
                    .and_then(|t| t.closest("[data-drop], [data-node]").ok().flatten())
                    .is_some() =>
            {
                ev.prevent_default();
            }
            "drop" => dropped(state, &root, &ev),
            "submit" => ev.prevent_default(),
            // What is typed next in the box it left is a step of its own.
            "focusout" if target_el(&ev).is_some_and(|t| t.has_attribute("data-prop")) => {
                state.change(&mut |e| e.history.seal());
            }
            _ => {}
        }
    });
    Listening::on(target, &LISTENED, listener)
}

fn target_el(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

fn selected(state: EditorState) -> Option<NodeAddress> {
    let mut at = None;
    state.read(&mut |e| at = e.selected.clone());
    at
}

fn select_value(root: &web_sys::Element, role: &str) -> Option<String> {
    let el = root.query_selector(&format!("[data-role=\"{role}\"]")).ok()??;
    Some(el.dyn_ref::<web_sys::HtmlSelectElement>()?.value())
}

fn click(state: EditorState, root: &web_sys::Element, ev: &web_sys::Event) {
    let Some(el) = target_el(ev) else { return };
    let Some(control) = closest(&el, "[data-sw]") else {
        // A data tree item: it becomes the current one; a value with members opens or closes.
        if let Some(item) = closest(&el, "[data-tree]").and_then(|i| i.get_attribute("data-tree")) {
            state.change(&mut |e| {
                e.current = Some(item.clone());
                match e.open.iter().position(|k| *k == item) {
                    Some(i) => {
                        e.open.remove(i);
                    }
                    None => e.open.push(item.clone()),
                }
            });
        }
        return;
    };
    let what = control.get_attribute("data-sw").unwrap_or_default();
    if control.get_attribute("aria-disabled").as_deref() == Some("true")
        && what != "undo"
        && what != "redo"
    {
        return;
    }
    let at = selected(state);
    if super::custom::clicked(state, root, &what, &control, at.clone())
        || super::integration::clicked(state, root, &what, &control)
    {
        return;
    }
    match what.as_str() {
        "select" => {
            let Some(node) = control.get_attribute("data-node").and_then(|k| parse_address(&k))
            else {
                return;
            };
            state.change(&mut |e| {
                let label = node_at(e.widgets(), &node).map(node_label).unwrap_or_default();
                e.announcement = format!("{label} selected: its form is beside the widgets.");
                e.selected = Some(node.clone());
            });
        }
        "preview" => super::preview::toggle(state, root),
        "undo" => {
            step(state, root, false);
        }
        "redo" => {
            step(state, root, true);
        }
        "up" | "down" => {
            // One place up or down among the children as shown (the engine fits the `order`s).
            let Some((from, (parent, index))) =
                at.as_ref().and_then(|a| Some((a.clone(), a.parent()?)))
            else {
                return;
            };
            let mut shown = Vec::new();
            state.read(&mut |e| {
                shown = node_at(e.widgets(), &parent).map(display_order).unwrap_or_default()
            });
            let place = shown.iter().position(|i| *i == index).unwrap_or(0);
            let to = if what == "up" { place.checked_sub(1) } else { Some(place + 1) };
            let Some(to) = to.filter(|t| *t < shown.len()) else { return };
            let moved = parent.child(to);
            let edit = Edit::Move { from, to_parent: parent, index: to };
            if commit(state, root, edit, None, format!("Moved {what}.")) {
                state.change(&mut |e| e.selected = Some(moved.clone()));
            }
        }
        "generate" => {
            let Some(id) = control.get_attribute("data-integration") else { return };
            let mut made = None;
            state.read(&mut |e| {
                let Some(sample) = e.sample(&id) else { return };
                let name = e.integration_name(&id);
                let index = e.widgets().as_array().map_or(0, <[Json]>::len);
                // The integration's id as the integrations write it (a number stays a number).
                let integration_id = e
                    .integrations
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|i| i.get("id"))
                    .find(|v| id_string(v).as_deref() == Some(id.as_str()))
                    .cloned()
                    .unwrap_or_else(|| Json::from(id.as_str()));
                let widget = Json::object([
                    ("context", Json::from("ticket")),
                    ("type", Json::from("http")),
                    ("integration_id", integration_id),
                    ("order", Json::from(index as f64)),
                    ("template", generate_template(sample, &name)),
                ]);
                made = Some((index, widget));
            });
            let Some((index, widget)) = made else { return };
            let edit = Edit::InsertWidget { index, widget };
            if commit(
                state,
                root,
                edit,
                None,
                format!("Widget {} generated from the sample data.", index + 1),
            ) {
                state.change(&mut |e| e.selected = Some(NodeAddress::root(index)));
            }
        }
        "widget-up" | "widget-down" => {
            let Some(from) = at.filter(|a| a.path.is_empty()).map(|a| a.widget) else { return };
            let to = if what == "widget-up" { from.saturating_sub(1) } else { from + 1 };
            let edit = Edit::MoveWidget { from, to };
            if commit(state, root, edit, None, format!("Widget moved to place {}.", to + 1)) {
                state.change(&mut |e| e.selected = Some(NodeAddress::root(to)));
            }
        }
        "duplicate" | "delete" => {
            let Some(at) = at else { return };
            let edit = if what == "delete" {
                Edit::Delete { at: at.clone() }
            } else {
                Edit::Duplicate { at: at.clone() }
            };
            let said =
                if what == "delete" { "Deleted." } else { "Duplicated: the copy is selected." };
            if commit(state, root, edit, None, said.into()) {
                state.change(&mut |e| {
                    e.selected = match (what.as_str(), at.parent()) {
                        ("duplicate", Some((p, i))) => {
                            let mut path = p.path;
                            path.push(i + 1);
                            Some(NodeAddress { widget: p.widget, path })
                        }
                        _ => None,
                    };
                });
            }
        }
        "move" => {
            let (Some(at), Some(to)) =
                (at, select_value(root, "move-target").and_then(|k| parse_address(&k)))
            else {
                return;
            };
            let edit = Edit::Move { from: at, to_parent: to, index: usize::MAX };
            if commit(state, root, edit, None, "Moved to the card.".into()) {
                state.change(&mut |e| e.selected = None);
            }
        }
        "export" => {
            let which = control.get_attribute("data-export").and_then(|n| Export::from_name(&n));
            state.change(&mut |e| e.export = if e.export == which { None } else { which });
        }
        "copy-export" => {
            let text = root
                .query_selector(".sw-edit-export__text")
                .ok()
                .flatten()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                .map(|t| t.value());
            if let (Some(text), Some(w)) = (text, web_sys::window()) {
                let _ = w.navigator().clipboard().write_text(&text);
                state.change(&mut |e| e.announcement = "Copied.".into());
            }
        }
        "copy-node" => {
            let Some(at) = at else { return };
            copy_node(state, &at, "Copied: choose a card and Paste the copy.");
        }
        "paste" => {
            let Some(to) = select_value(root, "move-target").and_then(|k| parse_address(&k)) else {
                return;
            };
            paste(state, root, to, usize::MAX);
        }
        "add" => {
            let mut item = None;
            state.read(&mut |e| item = e.current.clone());
            let (Some(item), Some(to)) =
                (item, select_value(root, "add-target").and_then(|k| parse_address(&k)))
            else {
                return;
            };
            drop_value(state, root, &item, &to);
        }
        "restore" => {
            let mut restored = false;
            state.change(&mut |e| {
                if let Some(d) = e.draft.take() {
                    e.history.replace_all(d);
                    e.selected = None;
                    e.announcement = "The draft was restored.".into();
                    restored = true;
                }
            });
            if restored {
                changed(state, root, None);
            }
        }
        "discard" => {
            state.change(&mut |e| {
                e.draft = None;
                draft::clear(&e.draft_key);
                e.announcement = "The draft was discarded.".into();
            });
        }
        _ => {}
    }
}

/// What the admin types or picks in the form: one property of the selected node. Typing in one
/// box is one undo step.
fn input(state: EditorState, root: &web_sys::Element, ev: &web_sys::Event) {
    let Some(el) = target_el(ev) else { return };
    if closest(&el, "form[data-integration]").is_some() {
        let text =
            el.dyn_ref::<web_sys::HtmlInputElement>().is_some_and(|i| i.type_() != "checkbox")
                || el.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some();
        if (ev.type_() == "input") == text {
            super::integration::typed(state, root, &el);
        }
        return;
    }
    let Some(at) = closest(&el, "form[data-node]")
        .and_then(|f| f.get_attribute("data-node"))
        .and_then(|k| parse_address(&k))
    else {
        return;
    };
    let text_box =
        el.dyn_ref::<web_sys::HtmlInputElement>().is_some_and(|i| i.type_() != "checkbox")
            || el.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some();
    // Text boxes on each keystroke; selects and checkboxes once, on change.
    if (ev.type_() == "input") != text_box {
        return;
    }
    if super::custom::typed(state, root, &el, &at) {
        return;
    }
    if el.get_attribute("data-role").as_deref() == Some("insert-variable") {
        let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() else { return };
        let var = select.value();
        select.set_value("");
        if var.is_empty() {
            return;
        }
        let mut title = String::new();
        state.read(&mut |e| {
            title = node_at(e.widgets(), &at)
                .and_then(|n| n.get("title"))
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_string();
        });
        let value = if title.is_empty() { var.clone() } else { format!("{title} {var}") };
        let edit =
            Edit::SetProperty { at, key: vec!["title".into()], value: Some(Json::from(value)) };
        commit(state, root, edit, None, format!("{var} added to the title."));
        return;
    }
    let Some(key) = el.get_attribute("data-prop") else { return };
    let kind = el.get_attribute("data-kind").unwrap_or_default();
    let value = if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        if kind == "bool" {
            let mut had = false;
            state.read(&mut |e| {
                had = node_at(e.widgets(), &at)
                    .and_then(|n| n.get("meta"))
                    .and_then(|m| m.get("displayCard"))
                    .is_some();
            });
            match (i.checked(), had) {
                (true, false) => None,
                (checked, _) => Some(Json::from(checked)),
            }
        } else {
            let v = i.value();
            match (kind.as_str(), v.trim()) {
                (_, "") => None,
                ("number", n) => match n.parse::<f64>() {
                    Ok(n) if n.is_finite() && n >= 0.0 => Some(Json::from(n.floor())),
                    _ => return,
                },
                _ => Some(Json::from(v)),
            }
        }
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        let v = s.value();
        (!v.is_empty() || key == "type").then(|| Json::from(v))
    } else {
        return;
    };
    let group = format!("{}|{key}", address_key(&at));
    let edit = Edit::SetProperty { at, key: key.split('.').map(str::to_string).collect(), value };
    commit(state, root, edit, text_box.then_some(group.as_str()), String::new());
}

/// A drag from the data tree carries its item key; a drag of a node, `node ` and its address.
fn drag_start(ev: &web_sys::Event) {
    let Some(el) = target_el(ev) else { return };
    let Some(dt) = ev.dyn_ref::<web_sys::DragEvent>().and_then(|d| d.data_transfer()) else {
        return;
    };
    if let Some(key) = closest(&el, "[data-tree]").and_then(|i| i.get_attribute("data-tree")) {
        let _ = dt.set_data("text/plain", &key);
        dt.set_effect_allowed("copy");
    } else if let Some(key) =
        closest(&el, "[data-node][draggable]").and_then(|n| n.get_attribute("data-node"))
    {
        let _ = dt.set_data("text/plain", &format!("node {key}"));
        dt.set_effect_allowed("move");
    }
}

/// A value dropped onto a card; a node dropped onto another: into it when it is a card of
/// another parent, else at its place.
fn dropped(state: EditorState, root: &web_sys::Element, ev: &web_sys::Event) {
    let Some(el) = target_el(ev) else { return };
    let data = ev
        .dyn_ref::<web_sys::DragEvent>()
        .and_then(|d| d.data_transfer())
        .and_then(|dt| dt.get_data("text/plain").ok())
        .unwrap_or_default();
    if let Some(from) = data.strip_prefix("node ").and_then(parse_address) {
        let Some(over) = closest(&el, "[data-node]")
            .and_then(|n| n.get_attribute("data-node"))
            .and_then(|k| parse_address(&k))
        else {
            return;
        };
        ev.prevent_default();
        if over == from || over.widget != from.widget || over.path.starts_with(&from.path) {
            return;
        }
        let into = el.closest("[data-drop]").ok().flatten().is_some_and(|c| {
            c.get_attribute("data-node").and_then(|k| parse_address(&k)).as_ref() == Some(&over)
        }) && over.parent().map(|(p, _)| p) != from.parent().map(|(p, _)| p);
        let edit = match (into, over.parent()) {
            (true, _) | (false, None) => Edit::Move { from, to_parent: over, index: usize::MAX },
            (false, Some((parent, index))) => {
                // Its place as shown: the node dropped on it takes it.
                let mut place = 0;
                state.read(&mut |e| {
                    let shown =
                        node_at(e.widgets(), &parent).map(display_order).unwrap_or_default();
                    place = shown.iter().position(|i| *i == index).unwrap_or(0);
                });
                Edit::Move { from, to_parent: parent, index: place }
            }
        };
        if commit(state, root, edit, None, "Moved.".into()) {
            state.change(&mut |e| e.selected = None);
        }
        return;
    }
    let Some(card) = closest(&el, "[data-drop]") else { return };
    ev.prevent_default();
    let Some(to) = card.get_attribute("data-drop").and_then(|k| parse_address(&k)) else {
        return;
    };
    if parse_item(&data).is_some() {
        drop_value(state, root, &data, &to);
    }
}
