//! The editor's keys (called by `events`): Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z anywhere in it;
//! Ctrl/Cmd+C and Ctrl/Cmd+V copy the selected part and paste the copy into it (a card or a
//! wrapper) or after it, unless the focus is in a text box (where they copy and paste text); in the
//! data tree, the arrows walk and open it, and Space or Enter picks a value up to carry it onto a
//! card with the arrows (Space or Enter drops it, Escape cancels), each step announced.

use super::dispatch::{closest, copy_node, drop_value, focus_later, paste, step};
use super::keys::parse_item;
use super::state::node_type;
use super::state::{EditorState, Picked};
use crate::engine::edit::node_at;
use wasm_bindgen::JsCast;

/// Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, and the data tree's keys.
pub fn keydown(state: EditorState, root: &web_sys::Element, ev: &web_sys::KeyboardEvent) {
    let key = ev.key();
    if (ev.ctrl_key() || ev.meta_key()) && key.eq_ignore_ascii_case("z") {
        ev.prevent_default();
        step(state, root, ev.shift_key());
        return;
    }
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let copy = key.eq_ignore_ascii_case("c");
    if (ev.ctrl_key() || ev.meta_key()) && (copy || key.eq_ignore_ascii_case("v")) {
        let typing =
            matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "textarea" | "select")
                || el.closest("[contenteditable]").ok().flatten().is_some();
        if !typing {
            copy_or_paste(state, root, ev, copy);
        }
        return;
    }
    let Some(item) = el.get_attribute("data-tree") else { return };
    let mut picked = None;
    state.read(&mut |e| picked = e.picked.clone());
    if let Some(p) = picked {
        carry(state, root, ev, p);
    } else {
        walk(state, root, ev, &el, item);
    }
}

/// Keyboard drag: the arrows choose the card, Space or Enter drops, Escape cancels.
fn carry(state: EditorState, root: &web_sys::Element, ev: &web_sys::KeyboardEvent, p: Picked) {
    let key = ev.key();
    let mut targets = Vec::new();
    state.read(&mut |e| targets = e.drop_targets());
    let count = targets.len().max(1);
    let target = match key.as_str() {
        "ArrowDown" | "ArrowRight" => (p.target + 1) % count,
        "ArrowUp" | "ArrowLeft" => (p.target + count - 1) % count,
        " " | "Enter" => {
            ev.prevent_default();
            state.change(&mut |e| e.picked = None);
            if let Some((at, _)) = targets.get(p.target) {
                drop_value(state, root, &p.item, at);
            }
            return;
        }
        "Escape" => {
            ev.prevent_default();
            state.change(&mut |e| {
                e.picked = None;
                e.announcement = "Cancelled: nothing was added.".into();
            });
            return;
        }
        _ => return,
    };
    ev.prevent_default();
    let label = targets.get(target).map(|(_, l)| l.clone()).unwrap_or_default();
    state.change(&mut |e| {
        e.picked = Some(Picked { item: p.item.clone(), target });
        e.announcement = format!("Over {label}. Space or Enter drops it there, Escape cancels.");
    });
}

/// The data tree's keys: arrows walk and open it, Space or Enter picks a value up.
fn walk(
    state: EditorState,
    root: &web_sys::Element,
    ev: &web_sys::KeyboardEvent,
    el: &web_sys::Element,
    item: String,
) {
    let key = ev.key();
    let Some(tree) = closest(el, "[role=tree]") else { return };
    let items = tree.query_selector_all("[role=treeitem]").ok();
    let all: Vec<String> = (0..items.as_ref().map_or(0, |l| l.length()))
        .filter_map(|i| {
            items.as_ref()?.item(i)?.dyn_into::<web_sys::Element>().ok()?.get_attribute("data-tree")
        })
        .collect();
    let here = all.iter().position(|k| *k == item).unwrap_or(0);
    let expanded = el.get_attribute("aria-expanded");
    let mut open: Option<bool> = None;
    let next = match key.as_str() {
        "ArrowDown" => all.get(here + 1).cloned(),
        "ArrowUp" => here.checked_sub(1).and_then(|i| all.get(i)).cloned(),
        "Home" => all.first().cloned(),
        "End" => all.last().cloned(),
        "ArrowRight" => match expanded.as_deref() {
            Some("false") => {
                open = Some(true);
                None
            }
            Some("true") => all.get(here + 1).cloned(),
            _ => None,
        },
        "ArrowLeft" => match expanded.as_deref() {
            Some("true") => {
                open = Some(false);
                None
            }
            _ => el
                .parent_element()
                .and_then(|g| closest(&g, "[role=treeitem]"))
                .and_then(|p| p.get_attribute("data-tree")),
        },
        " " | "Enter" => {
            ev.prevent_default();
            let Some((integration, _)) = parse_item(&item) else { return };
            let mut targets = Vec::new();
            let mut first = 0;
            state.read(&mut |e| {
                targets = e.drop_targets();
                let mine = e.widgets_of(integration);
                first = targets.iter().position(|(at, _)| mine.contains(&at.widget)).unwrap_or(0);
            });
            let Some((_, label)) = targets.get(first) else { return };
            let name = el
                .query_selector(".sw-edit-tree__key")
                .ok()
                .flatten()
                .and_then(|k| k.text_content())
                .unwrap_or_default();
            let said = format!("Picked up {name}. Over {label}. Arrow keys choose another card, Space or Enter drops it, Escape cancels.");
            state.change(&mut |e| {
                e.picked = Some(Picked { item: item.clone(), target: first });
                e.announcement = said.clone();
            });
            return;
        }
        _ => return,
    };
    ev.prevent_default();
    if let Some(open) = open {
        state.change(&mut |e| {
            e.open.retain(|k| *k != item);
            if open {
                e.open.push(item.clone());
            }
        });
    }
    if let Some(next) = next {
        state.change(&mut |e| e.current = Some(next.clone()));
        focus_later(
            root,
            format!("[data-tree=\"{}\"]", next.replace('\\', "\\\\").replace('"', "\\\"")),
        );
    }
}

/// Ctrl/Cmd+C: the selected part copied. Ctrl/Cmd+V: the copy pasted into the selected part when
/// it holds others (a card, a wrapper), else after it among its siblings.
fn copy_or_paste(
    state: EditorState,
    root: &web_sys::Element,
    ev: &web_sys::KeyboardEvent,
    copy: bool,
) {
    let mut at = None;
    let mut container = false;
    let mut has_copy = false;
    state.read(&mut |e| {
        at = e.selected.clone();
        container = at
            .as_ref()
            .and_then(|a| node_at(e.widgets(), a))
            .is_some_and(|n| matches!(node_type(n), "card" | "wrapper"));
        has_copy = e.clipboard.is_some();
    });
    let Some(at) = at else { return };
    if copy {
        ev.prevent_default();
        copy_node(state, &at, "Copied: select a card and press Ctrl+V (or Paste) to paste it.");
        return;
    }
    if !has_copy {
        return;
    }
    ev.prevent_default();
    match (container, at.parent()) {
        (true, _) | (false, None) => paste(state, root, at, usize::MAX),
        (false, Some((parent, index))) => paste(state, root, parent, index + 1),
    }
}
