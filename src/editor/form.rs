//! The form of the selected node: a card's title (with a picker of the `{{variables}}` its data
//! offers), link, icon URL, colour and display; a field's type and title; a list's limit and
//! order; a wrapper's title and accent colour; and the node's menu (move, duplicate, delete).
//! Each input names the property it edits (`data-prop`, a dotted key path); `events` dispatches.

use super::keys::address_key;
use super::state::{node_label, node_type, Editor};
use crate::engine::edit::{data_path_of, display_order, node_at, NodeAddress};
use crate::engine::generate::humanize;
use crate::engine::path::lookup;
use crate::model::Json;
use crate::ui::dom::{DomNode, El};

/// The 11 leaf types, as the template writes them, with their labels.
pub const FIELD_TYPES: [(&str, &str); 11] = [
    ("text", "Text"),
    ("boolean", "Yes/No"),
    ("date", "Date"),
    ("age", "Age"),
    ("url", "URL"),
    ("email", "Email"),
    ("array", "List of values"),
    ("sentiment", "Sentiment"),
    ("rating", "Rating"),
    ("points", "Points"),
    ("percent", "Percent"),
];

fn prop(node: &Json, key: &str) -> Option<Json> {
    let mut v = node;
    for k in key.split('.') {
        v = v.get(k)?;
    }
    Some(v.clone())
}

fn prop_text(node: &Json, key: &str) -> String {
    match prop(node, key) {
        Some(Json::String(s)) => s.to_string(),
        Some(Json::Number(n)) => Json::Number(n).to_text(),
        _ => String::new(),
    }
}

/// A labelled text input editing `key`.
fn text_input(id: &str, key: &'static str, label: &str, node: &Json, hint: Option<&str>) -> El {
    let input_id = format!("{id}{}", key.replace('.', "-"));
    El::with_class("div", "sw-edit-form__row")
        .child(El::new("label").attr("for", input_id.as_str()).child(label))
        .child(
            El::with_class("input", "sw-edit-form__input")
                .attr("id", input_id)
                .attr("type", "text")
                .attr("data-prop", key)
                .attr("autocomplete", "off")
                .value(prop_text(node, key)),
        )
        .child_opt(hint.map(|h| El::with_class("p", "sw-edit-form__hint").child(h)))
}

/// A labelled select editing `key`; `options` are (value, label).
fn select(
    id: &str,
    key: &'static str,
    label: &str,
    options: Vec<(String, String)>,
    now: String,
) -> El {
    let select_id = format!("{id}{}", key.replace('.', "-"));
    let options =
        options.into_iter().map(|(v, l)| DomNode::El(El::new("option").attr("value", v).child(l)));
    El::with_class("div", "sw-edit-form__row")
        .child(El::new("label").attr("for", select_id.as_str()).child(label))
        .child(
            El::with_class("select", "sw-edit-form__input")
                .attr("id", select_id)
                .attr("data-prop", key)
                .children(options.collect::<Vec<_>>())
                .value(now),
        )
}

/// The keys of the card's data that a title can show, as `{{key}}`.
fn variables(data: Option<&Json>) -> Vec<String> {
    let Some(Json::Object(o)) = data else { return Vec::new() };
    o.iter()
        .filter(|(_, v)| !matches!(v, Json::Object(_) | Json::Array(_)))
        // A key a variable would misread (`a.b` is read as two steps, `|` starts a filter).
        .filter(|(k, _)| !k.contains(['.', '[', ']', '|', '{', '}']))
        .map(|(k, _)| format!("{{{{{k}}}}}"))
        .take(50)
        .collect()
}

/// `+path`/`-path` for each leaf field of a list's item card, labelled with its title.
fn order_options(list: &Json) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "As the data has them".to_string())];
    let item = list.get("widgets").and_then(Json::as_array).and_then(|w| w.first());
    let fields = item.and_then(|c| c.get("widgets")).and_then(Json::as_array).unwrap_or_default();
    for f in fields {
        let path = f.get("path").and_then(Json::as_str).unwrap_or("").trim();
        if path.is_empty() || matches!(node_type(f), "card" | "list" | "wrapper") {
            continue;
        }
        let title = match f.get("title").and_then(Json::as_str) {
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            _ => humanize(path),
        };
        out.push((format!("+{path}"), format!("{title} (ascending)")));
        out.push((format!("-{path}"), format!("{title} (descending)")));
    }
    out
}

fn menu_button(action: &'static str, label: &str, enabled: bool) -> El {
    El::with_class("button", "sw-edit-button")
        .attr("type", "button")
        .attr("data-sw", action)
        // aria-disabled, not disabled: the focus stays on it (Ctrl+Z keeps working from there).
        .state("aria-disabled", !enabled)
        .child(label)
}

/// The node's menu: the ways to move it without dragging, duplicate and delete it.
fn node_menu(e: &Editor, at: &NodeAddress, id: &str) -> El {
    let Some((parent, index)) = at.parent() else {
        // A widget's root: the whole widget moves among the others (their `order` rewritten).
        let count = e.widgets().as_array().map_or(0, <[Json]>::len);
        return El::with_class("div", "sw-edit-form__menu")
            .attr("role", "group")
            .attr("aria-label", "Widget menu")
            .child(menu_button("widget-up", "Move widget up", at.widget > 0))
            .child(menu_button("widget-down", "Move widget down", at.widget + 1 < count));
    };
    let shown = node_at(e.widgets(), &parent).map(display_order).unwrap_or_default();
    let place = shown.iter().position(|i| *i == index).unwrap_or(0);
    let cards: Vec<DomNode> = e
        .drop_targets()
        .into_iter()
        .filter(|(c, _)| *c != parent && !(c.widget == at.widget && c.path.starts_with(&at.path)))
        .map(|(c, label)| {
            DomNode::El(El::new("option").attr("value", address_key(&c)).child(label))
        })
        .collect();
    let has_cards = !cards.is_empty();
    let move_id = format!("{id}move");
    El::with_class("div", "sw-edit-form__menu")
        .attr("role", "group")
        .attr("aria-label", "Node menu")
        .child(menu_button("up", "Move up", place > 0))
        .child(menu_button("down", "Move down", place + 1 < shown.len()))
        .child(menu_button("duplicate", "Duplicate", true))
        .child(menu_button("delete", "Delete", true))
        .child(menu_button("copy-node", "Copy", true))
        .child(
            El::with_class("div", "sw-edit-form__row")
                .child(
                    El::new("label").attr("for", move_id.as_str()).child("Move or paste to card"),
                )
                .child(
                    El::with_class("select", "sw-edit-form__input")
                        .attr("id", move_id)
                        .attr("data-role", "move-target")
                        .flag("disabled", !has_cards)
                        .children(cards),
                )
                .child(menu_button("move", "Move", has_cards))
                .child(menu_button("paste", "Paste the copy", has_cards && e.clipboard.is_some())),
        )
}

/// The form of the selected node (or how to start).
pub fn form_view(e: &Editor, serial: usize) -> El {
    let frame = El::with_class("aside", "sw-edit-form").attr("aria-label", "Selected part");
    let Some(at) = &e.selected else {
        return frame.child(
            El::with_class("p", "sw-edit-form__hint")
                .child("Select a card, a list or a field to edit it."),
        );
    };
    let Some(node) = node_at(e.widgets(), at) else {
        return frame.child(El::with_class("p", "sw-edit-form__hint").child("Nothing selected."));
    };
    let id = format!("swe{serial}-");
    let ty = node_type(node);
    let data_path = data_path_of(e.widgets(), at).unwrap_or_default();
    let data = e.sample_of(at.widget).and_then(|s| lookup(s, &data_path));
    let mut form = El::with_class("form", "sw-edit-form__fields")
        .attr("data-node", address_key(at))
        .attr("data-sw", "form")
        .child(El::new("h2").child(node_label(node)));
    match ty {
        "wrapper" => {
            form = form.child(text_input(&id, "title", "Title", node, None)).child(text_input(
                &id,
                "meta.color",
                "Accent colour",
                node,
                Some("A CSS colour: #2d5bd7, rgb(…) or a name."),
            ));
            form = form.child(super::custom::custom_view(node, &id));
        }
        "card" => {
            let mut vars: Vec<(String, String)> =
                vec![(String::new(), "Insert a variable…".into())];
            vars.extend(variables(data).into_iter().map(|v| (v.clone(), v)));
            let picker_id = format!("{id}vars");
            form = form
                .child(text_input(&id, "title", "Title", node, None))
                .child(
                    El::with_class("div", "sw-edit-form__row")
                        .child(
                            El::new("label")
                                .attr("for", picker_id.as_str())
                                .child("Title variables"),
                        )
                        .child(
                            El::with_class("select", "sw-edit-form__input")
                                .attr("id", picker_id)
                                .attr("data-role", "insert-variable")
                                .children(
                                    vars.into_iter()
                                        .map(|(v, l)| {
                                            DomNode::El(El::new("option").attr("value", v).child(l))
                                        })
                                        .collect::<Vec<_>>(),
                                )
                                .value(String::new()),
                        ),
                )
                .child(text_input(
                    &id,
                    "meta.link",
                    "Link",
                    node,
                    Some("Opens when the title is clicked; may hold {{variables}}."),
                ))
                .child(text_input(&id, "meta.pictureUrl", "Icon URL", node, None))
                .child(text_input(&id, "meta.color", "Icon colour", node, None));
            let display = !matches!(prop(node, "meta.displayCard"), Some(Json::Bool(false)));
            let check_id = format!("{id}display");
            form = form.child(
                El::with_class("div", "sw-edit-form__row sw-edit-form__row--check")
                    .child(
                        El::new("input")
                            .attr("id", check_id.as_str())
                            .attr("type", "checkbox")
                            .attr("data-prop", "meta.displayCard")
                            .attr("data-kind", "bool")
                            .flag("checked", display),
                    )
                    .child(
                        El::new("label")
                            .attr("for", check_id)
                            .child("Display as a card (frame and header)"),
                    ),
            );
            // Custom links and buttons show on root cards only (SPEC 3).
            if at.path.len() <= 1 {
                form = form.child(super::custom::custom_view(node, &id));
            }
        }
        "list" => {
            let limit_id = format!("{id}meta-limit");
            form = form
                .child(
                    El::with_class("div", "sw-edit-form__row")
                        .child(
                            El::new("label")
                                .attr("for", limit_id.as_str())
                                .child("Items shown at first"),
                        )
                        .child(
                            El::with_class("input", "sw-edit-form__input")
                                .attr("id", limit_id)
                                .attr("type", "number")
                                .attr("min", "1")
                                .attr("data-prop", "meta.limit")
                                .attr("data-kind", "number")
                                .value(prop_text(node, "meta.limit")),
                        ),
                )
                .child(select(
                    &id,
                    "meta.orderBy",
                    "Order by",
                    order_options(node),
                    prop_text(node, "meta.orderBy"),
                ));
        }
        _ => {
            let mut types: Vec<(String, String)> =
                FIELD_TYPES.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect();
            let now = node_type(node).to_string();
            if !types.iter().any(|(v, _)| *v == now) {
                types.insert(
                    0,
                    (
                        now.clone(),
                        if now.is_empty() {
                            "Guessed from the value".into()
                        } else {
                            format!("{now} (unknown: shown as text)")
                        },
                    ),
                );
            }
            form = form
                .child(text_input(&id, "title", "Title", node, None))
                .child(select(&id, "type", "Type", types, now))
                .child(text_input(
                    &id,
                    "path",
                    "Data path",
                    node,
                    Some("Where the value is, from the card's data."),
                ));
        }
    }
    frame.child(form).child(node_menu(e, at, &id))
}
