//! The integrations' sample data as an ARIA tree (`role="tree"`/`treeitem`, arrow keys to walk
//! and open it, one item in the tab order): each value can be dragged onto a card with the mouse,
//! carried with the keyboard (Space or Enter), or added with "Add to card…". A list shows its
//! first item, the model for all.

use super::keys::{address_key, item_key, join_path};
use super::state::Editor;
use crate::engine::edit::escape_key;
use crate::model::Json;
use crate::ui::dom::{DomNode, El};

/// How many members of one object or levels the tree shows at most.
const MAX_MEMBERS: usize = 200;
const MAX_LEVEL: usize = 12;

/// A short preview of a value.
fn preview(v: &Json) -> String {
    match v {
        Json::Object(o) if o.len() == 1 => "{1 key}".to_string(),
        Json::Object(o) => format!("{{{} keys}}", o.len()),
        Json::Array(a) if a.len() == 1 => "[1 item]".to_string(),
        Json::Array(a) => format!("[{} items]", a.len()),
        Json::String(s) => {
            let s: String = s.chars().take(40).collect();
            format!("\u{201c}{s}\u{201d}")
        }
        other => other.to_text(),
    }
}

struct Walk<'a> {
    e: &'a Editor,
    integration: &'a str,
    /// The item in the tab order.
    current: String,
}

fn item(w: &Walk, name: &str, path: &str, v: &Json, level: usize) -> El {
    let key = item_key(w.integration, path);
    let container = matches!(v, Json::Object(_) | Json::Array(_)) && level < MAX_LEVEL;
    let open = container && w.e.open.contains(&key);
    let picked = w.e.picked.as_ref().is_some_and(|p| p.item == key);
    let mut li = El::with_class(
        "li",
        if picked { "sw-edit-tree__item sw-edit-tree__item--picked" } else { "sw-edit-tree__item" },
    )
    .attr("role", "treeitem")
    .attr("aria-level", level.to_string())
    .attr("tabindex", if key == w.current { "0" } else { "-1" })
    .attr("draggable", "true")
    .attr("data-tree", key.as_str())
    .state("aria-selected", key == w.current);
    if container {
        li = li.state("aria-expanded", open);
    }
    li = li.child(
        El::with_class("span", "sw-edit-tree__label")
            .child(El::with_class("span", "sw-edit-tree__key").child(name))
            .child(
                El::with_class("span", "sw-edit-tree__preview").child(format!(" {}", preview(v))),
            ),
    );
    if open {
        let kids: Vec<DomNode> = match v {
            Json::Object(o) => o
                .iter()
                .take(MAX_MEMBERS)
                .map(|(k, child)| {
                    DomNode::El(item(w, k, &join_path(path, &escape_key(k)), child, level + 1))
                })
                .collect(),
            Json::Array(a) => a
                .first()
                .map(|first| {
                    DomNode::El(item(
                        w,
                        "[0] (first item, the model for all)",
                        &join_path(path, "[0]"),
                        first,
                        level + 1,
                    ))
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        li = li.child(El::new("ul").attr("role", "group").children(kids));
    }
    li
}

/// The data trees, one per integration with sample data, and the "Add to card…" control.
pub fn tree_view(e: &Editor, serial: usize) -> El {
    let trees: Vec<DomNode> = e
        .samples
        .iter()
        .map(|(id, sample)| {
            let name = e.integration_name(id);
            let name = if name.is_empty() { format!("integration {id}") } else { name };
            let root = item_key(id, "");
            let current =
                e.current.clone().filter(|c| c.starts_with(&format!("{id}|"))).unwrap_or(root);
            let w = Walk { e, integration: id, current };
            let label = format!("Sample data of {name}");
            DomNode::El(
                El::with_class("div", "sw-edit-data__one")
                    .child(El::new("h2").child(label.as_str()))
                    .child(
                        El::with_class("button", "sw-edit-button")
                            .attr("type", "button")
                            .attr("data-sw", "generate")
                            .attr("data-integration", id.as_str())
                            .child("Generate a widget from this data"),
                    )
                    .child(
                        El::with_class("ul", "sw-edit-tree")
                            .attr("role", "tree")
                            .attr("aria-label", label)
                            .child(item(&w, "(answer)", "", sample, 1)),
                    ),
            )
        })
        .collect();
    let targets: Vec<DomNode> = e
        .drop_targets()
        .into_iter()
        .map(|(at, label)| {
            DomNode::El(El::new("option").attr("value", address_key(&at)).child(label))
        })
        .collect();
    let add_id = format!("swe{serial}-add");
    let empty = e.samples.is_empty();
    El::with_class("div", "sw-edit-data")
        .attr("role", "region")
        .attr("aria-label", "Sample data")
        .child_opt(empty.then(|| {
            El::with_class("p", "sw-edit-form__hint")
                .child("No sample data: give `data` to drag values from it.")
        }))
        .children(trees)
        .child(
            El::with_class("div", "sw-edit-data__add")
                .child(
                    El::new("label")
                        .attr("for", add_id.as_str())
                        .child("Add the selected value to"),
                )
                .child(
                    El::with_class("select", "sw-edit-form__input")
                        .attr("id", add_id)
                        .attr("data-role", "add-target")
                        .children(targets),
                )
                .child(
                    El::with_class("button", "sw-edit-button")
                        .attr("type", "button")
                        .attr("data-sw", "add")
                        .flag("disabled", empty)
                        .child("Add to card"),
                ),
        )
}
