//! A custom button's rows in its form: query parameters and headers, each with its type (text or
//! dropdown: at most 10 choices separated by `;`), label, key, value, editable and required
//! (offered only when editable or a dropdown), as Gorgias's form has them. A form body's rows
//! (group `form`, `body["application/x-www-form-urlencoded"]`) are the same.

use crate::model::Json;
use crate::ui::dom::{DomNode, El};

/// The row groups, with the label of one row.
pub const GROUPS: [(&str, &str); 2] = [("params", "Query parameter"), ("headers", "Header")];

/// The key of a form body's rows in `body`.
pub const FORM_BODY: &str = "application/x-www-form-urlencoded";

fn rows<'a>(button: &'a Json, group: &str) -> &'a [Json] {
    let action = button.get("action");
    let list = if group == "form" {
        action.and_then(|a| a.get("body")).and_then(|b| b.get(FORM_BODY))
    } else {
        action.and_then(|a| a.get(group))
    };
    list.and_then(Json::as_array).unwrap_or_default()
}

/// The button with the rows of `group` replaced by `list`.
fn with_rows(button: &Json, group: &str, list: Vec<Json>) -> Json {
    let empty = || Json::object(Vec::<(&str, Json)>::new());
    let action = button.get("action").cloned().unwrap_or_else(empty);
    let action = if group == "form" {
        let body = action.get("body").filter(|b| b.is_object()).cloned().unwrap_or_else(empty);
        action.with_member("body", body.with_member(FORM_BODY, Json::from(list)))
    } else {
        action.with_member(group, Json::from(list))
    };
    button.with_member("action", action)
}

fn text(row: &Json, key: &str) -> String {
    match row.get(key) {
        Some(Json::String(s)) => s.to_string(),
        Some(Json::Null) | None => String::new(),
        Some(other) => other.to_text(),
    }
}

fn flag(row: &Json, key: &str) -> bool {
    text(row, key) == "true"
}

/// The attributes naming a row's input.
fn named(el: El, button: usize, group: &str, n: usize, field: &'static str) -> El {
    el.attr("data-custom", "buttons")
        .attr("data-index", button.to_string())
        .attr("data-rows", group)
        .attr("data-row", n.to_string())
        .attr("data-field", field)
}

fn labelled(id: String, label: String, input: El) -> El {
    El::with_class("div", "sw-edit-form__row")
        .child(El::new("label").attr("for", id.as_str()).child(label))
        .child(input.attr("id", id))
}

/// The rows of button `b` (the `i`-th) and the controls to add one.
pub fn rows_view(b: &Json, i: usize, id: &str) -> Vec<DomNode> {
    GROUPS.iter().flat_map(|(group, one)| group_view(b, i, id, group, one)).collect()
}

/// The rows of `group` of button `b` (the `i`-th), `one` naming a row, and the control to add one.
pub fn group_view(b: &Json, i: usize, id: &str, group: &str, one: &str) -> Vec<DomNode> {
    let mut out = Vec::new();
    {
        for (n, row) in rows(b, group).iter().enumerate() {
            let p = format!("{id}b{i}{group}{n}");
            let name = format!("Button {} {} {}", i + 1, one.to_lowercase(), n + 1);
            let dropdown = text(row, "type").eq_ignore_ascii_case("dropdown");
            let editable = flag(row, "editable");
            let kind = El::with_class("select", "sw-edit-form__input")
                .child(El::new("option").attr("value", "text").child("Text"))
                .child(El::new("option").attr("value", "dropdown").child("Dropdown"))
                .value(if dropdown { "dropdown".into() } else { "text".into() });
            let input = |field: &'static str| {
                El::with_class("input", "sw-edit-form__input")
                    .attr("type", "text")
                    .attr("autocomplete", "off")
                    .value(text(row, field))
            };
            let check =
                |field: &'static str, on: bool, enabled: bool, label: &str, suffix: &str| {
                    let cid = format!("{p}{suffix}");
                    El::with_class("div", "sw-edit-form__row sw-edit-form__row--check")
                        .child(
                            named(El::new("input"), i, group, n, field)
                                .attr("id", cid.as_str())
                                .attr("type", "checkbox")
                                .flag("checked", on)
                                .flag("disabled", !enabled),
                        )
                        .child(El::new("label").attr("for", cid).child(label))
                };
            let fieldset = El::with_class("fieldset", "sw-edit-form__custom sw-edit-row")
                .child(El::new("legend").child(name.as_str()))
                .child(labelled(
                    format!("{p}type"),
                    "Type".into(),
                    named(kind, i, group, n, "type"),
                ))
                .child(labelled(
                    format!("{p}label"),
                    "Label".into(),
                    named(input("label"), i, group, n, "label"),
                ))
                .child(labelled(
                    format!("{p}key"),
                    "Key".into(),
                    named(input("key"), i, group, n, "key"),
                ))
                .child(labelled(
                    format!("{p}value"),
                    if dropdown {
                        "Choices (at most 10, separated by ;)".into()
                    } else {
                        "Value".into()
                    },
                    named(input("value"), i, group, n, "value"),
                ))
                .child(check("editable", editable, true, "Editable by the agent", "ed"))
                .child(check(
                    "mandatory",
                    flag(row, "mandatory"),
                    editable || dropdown,
                    "Required",
                    "req",
                ))
                .child(
                    El::with_class("button", "sw-edit-button")
                        .attr("type", "button")
                        .attr("data-sw", "remove-row")
                        .attr("data-index", i.to_string())
                        .attr("data-rows", group)
                        .attr("data-row", n.to_string())
                        .child(format!("Remove {name}")),
                );
            out.push(DomNode::El(fieldset));
        }
        out.push(DomNode::El(
            El::with_class("button", "sw-edit-button")
                .attr("type", "button")
                .attr("data-sw", "add-row")
                .attr("data-index", i.to_string())
                .attr("data-rows", group)
                .child(format!("Add a {} to button {}", one.to_lowercase(), i + 1)),
        ));
    }
    out
}

/// The button with row `n` of `group` changed: `field` set to `value`.
pub fn set_row(button: &Json, group: &str, n: usize, field: &str, value: Json) -> Json {
    let mut list = rows(button, group).to_vec();
    if let Some(row) = list.get_mut(n) {
        *row = row.with_member(field, value);
    }
    with_rows(button, group, list)
}

/// The button with a row added to `group` (a key of its own, so that it is not taken for a
/// duplicate) or row `n` removed.
pub fn add_or_remove(button: &Json, group: &str, remove: Option<usize>) -> Json {
    let mut list = rows(button, group).to_vec();
    match remove {
        Some(n) if n < list.len() => {
            list.remove(n);
        }
        Some(_) => {}
        None => {
            let taken = |k: &str| list.iter().any(|r| text(r, "key") == k);
            let key = (1..)
                .map(|i| {
                    let stem = match group {
                        "params" => "param",
                        "form" => "field",
                        _ => "X-Header-",
                    };
                    format!("{stem}{i}")
                })
                .find(|k| !taken(k))
                .unwrap_or_default();
            list.push(Json::object([
                ("type", Json::from("text")),
                ("label", Json::from("")),
                ("key", Json::from(key)),
                ("value", Json::from("")),
                ("editable", Json::from(false)),
                ("mandatory", Json::from(false)),
            ]));
        }
    }
    with_rows(button, group, list)
}
