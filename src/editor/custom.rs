//! A card's custom links (label, URL) and buttons (label, method, URL) in its form: each URL
//! checked by the sidebar's own safety rules as it is typed, and a secret typed into a URL
//! flagged with the advice to use `{{secret.NAME}}` and the proxy. A button is saved as its form
//! saves it (`engine::edit::normalise_button`); its query parameters and headers are rows
//! (`rows`); for POST, PUT and PATCH its body is a JSON object (a text box checked as it is
//! typed: what does not read as an object is said and not saved, the text kept) or form rows.

use super::dispatch::commit;
use super::keys::address_key;
use super::state::EditorState;
use crate::engine::edit::{node_at, normalise_button, Edit, NodeAddress};
use crate::engine::safety::{safe_http_url, safe_link_url};
use crate::model::Json;
use crate::ui::dom::{DomNode, El};
use wasm_bindgen::JsCast;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn list<'a>(node: &'a Json, which: &str) -> &'a [Json] {
    node.get("meta")
        .and_then(|m| m.get("custom"))
        .and_then(|c| c.get(which))
        .and_then(Json::as_array)
        .unwrap_or_default()
}

fn text(v: Option<&Json>) -> &str {
    v.and_then(Json::as_str).unwrap_or("")
}

/// What is wrong with a URL as typed: refused by the safety rules, or holding what looks like a
/// secret (a `key`/`token`/`secret`/`password` query value written out).
pub fn url_problem(url: &str, link: bool) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    // A URL starting with a variable is checked when it is filled in.
    let checked = url.starts_with("{{")
        || if link { safe_link_url(url).is_some() } else { safe_http_url(url).is_some() };
    if !checked {
        return Some(if link {
            "Not shown: a link must start with http://, https:// or mailto:.".into()
        } else {
            "Not sent: an address must start with http:// or https://.".into()
        });
    }
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let secret = query.split('&').any(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = k.to_ascii_lowercase();
        let named = ["key", "token", "secret", "password", "auth", "signature"]
            .iter()
            .any(|s| k.contains(s));
        named && !v.is_empty() && !v.contains("{{")
    });
    secret.then(|| {
        "This looks like a secret written into the address: anyone with the template sees it. Use {{secret.NAME}} and the proxy instead.".into()
    })
}

fn input(
    id: String,
    label: &str,
    value: &str,
    which: &str,
    index: usize,
    field: &'static str,
) -> El {
    El::with_class("div", "sw-edit-form__row")
        .child(El::new("label").attr("for", id.as_str()).child(label))
        .child(
            El::with_class("input", "sw-edit-form__input")
                .attr("id", id)
                .attr("type", "text")
                .attr("autocomplete", "off")
                .attr("data-custom", which)
                .attr("data-index", index.to_string())
                .attr("data-field", field)
                .value(value.to_string()),
        )
}

fn hint(problem: Option<String>) -> Option<El> {
    problem.map(|p| El::with_class("p", "sw-edit-warning").attr("role", "status").child(p))
}

fn small(action: &'static str, label: String, index: Option<usize>) -> El {
    El::with_class("button", "sw-edit-button")
        .attr("type", "button")
        .attr("data-sw", action)
        .attr_opt("data-index", index.map(|i| i.to_string()))
        .child(label)
}

/// The custom links and buttons of the card `node`, for its form.
pub fn custom_view(node: &Json, id: &str) -> El {
    let links = list(node, "links");
    let buttons = list(node, "buttons");
    let mut out = El::with_class("fieldset", "sw-edit-form__custom")
        .child(El::new("legend").child("Custom links and buttons"));
    for (i, l) in links.iter().enumerate() {
        let url = text(l.get("url"));
        out = out
            .child(input(
                format!("{id}link{i}label"),
                &format!("Link {} label", i + 1),
                text(l.get("label")),
                "links",
                i,
                "label",
            ))
            .child(input(
                format!("{id}link{i}url"),
                &format!("Link {} URL", i + 1),
                url,
                "links",
                i,
                "url",
            ))
            .child_opt(hint(url_problem(url, true)))
            .child(small("remove-link", format!("Remove link {}", i + 1), Some(i)));
    }
    for (i, b) in buttons.iter().enumerate() {
        let action = b.get("action");
        let url = text(action.and_then(|a| a.get("url")));
        let method = text(action.and_then(|a| a.get("method"))).to_ascii_uppercase();
        let method_id = format!("{id}button{i}method");
        let options: Vec<DomNode> = METHODS
            .iter()
            .map(|m| DomNode::El(El::new("option").attr("value", *m).child(*m)))
            .collect();
        out = out
            .child(input(
                format!("{id}button{i}label"),
                &format!("Button {} label", i + 1),
                text(b.get("label")),
                "buttons",
                i,
                "label",
            ))
            .child(
                El::with_class("div", "sw-edit-form__row")
                    .child(
                        El::new("label")
                            .attr("for", method_id.as_str())
                            .child(format!("Button {} method", i + 1)),
                    )
                    .child(
                        El::with_class("select", "sw-edit-form__input")
                            .attr("id", method_id)
                            .attr("data-custom", "buttons")
                            .attr("data-index", i.to_string())
                            .attr("data-field", "method")
                            .children(options)
                            .value(if method.is_empty() { "GET".into() } else { method }),
                    ),
            )
            .child(input(
                format!("{id}button{i}url"),
                &format!("Button {} URL", i + 1),
                url,
                "buttons",
                i,
                "url",
            ))
            .child_opt(hint(url_problem(url, false)))
            .children(super::rows::rows_view(b, i, id))
            .children(body_view(b, i, id))
            .child(small("remove-button", format!("Remove button {}", i + 1), Some(i)));
    }
    out.child(small("add-link", "Add a link".into(), None)).child(small(
        "add-button",
        "Add a button".into(),
        None,
    ))
}

/// Whether a button's method sends a body (as `parse_method` reads it: empty is GET).
fn sends_body(b: &Json) -> bool {
    let method = text(b.get("action").and_then(|a| a.get("method")));
    crate::model::action::parse_method(method).is_some_and(|m| m.sends_body())
}

/// The body of button `b` (the `i`-th), when its method sends one: its kind (JSON or form), then
/// the JSON object as text or the form rows.
fn body_view(b: &Json, i: usize, id: &str) -> Vec<DomNode> {
    if !sends_body(b) {
        return Vec::new();
    }
    let body = b.get("action").and_then(|a| a.get("body"));
    let kind = text(body.and_then(|b| b.get("contentType"))).trim().to_ascii_lowercase();
    let form = kind.starts_with(super::rows::FORM_BODY);
    let kind_id = format!("{id}button{i}bodytype");
    let mut out = vec![DomNode::El(
        El::with_class("div", "sw-edit-form__row")
            .child(
                El::new("label")
                    .attr("for", kind_id.as_str())
                    .child(format!("Button {} body", i + 1)),
            )
            .child(
                El::with_class("select", "sw-edit-form__input")
                    .attr("id", kind_id)
                    .attr("data-custom", "buttons")
                    .attr("data-index", i.to_string())
                    .attr("data-field", "body-type")
                    .child(El::new("option").attr("value", "json").child("JSON"))
                    .child(El::new("option").attr("value", "form").child("Form fields"))
                    .value(if form { "form".into() } else { "json".into() }),
            ),
    )];
    if form {
        out.extend(super::rows::group_view(b, i, id, "form", "Form field"));
        return out;
    }
    let json_id = format!("{id}button{i}json");
    let problem_id = format!("{json_id}problem");
    let json = body
        .and_then(|b| b.get("application/json"))
        .filter(|j| j.is_object())
        .map_or_else(|| "{}".to_string(), Json::to_string);
    out.push(DomNode::El(
        El::with_class("div", "sw-edit-form__row")
            .child(
                El::new("label")
                    .attr("for", json_id.as_str())
                    .child(format!("Button {} JSON body", i + 1)),
            )
            // Its text as a child, not `.value`: once typed in, a draw never rewrites it.
            .child(
                El::with_class("textarea", "sw-edit-form__input sw-edit-export__text")
                    .attr("id", json_id)
                    .attr("rows", "3")
                    .attr("aria-describedby", problem_id.as_str())
                    .attr("data-custom", "buttons")
                    .attr("data-index", i.to_string())
                    .attr("data-field", "body-json")
                    .child(json),
            )
            .child(
                // Filled in by `typed_json` (not a warning until it says something).
                El::with_class("p", "sw-edit-body-problem")
                    .attr("id", problem_id)
                    .attr("role", "status")
                    .attr("data-body-problem", i.to_string()),
            ),
    ));
    out
}

/// What is wrong with a JSON body as typed, or the object it reads as.
pub fn read_json_body(typed: &str) -> Result<Json, String> {
    match Json::parse(typed) {
        Ok(j) if j.is_object() => Ok(j),
        Ok(j) => Err(format!("Not saved: the body must be a JSON object, not {}.", j.kind_name())),
        Err(e) => Err(format!("Not saved: this is not JSON yet ({e}).")),
    }
}

/// The button with its body's kind (`json` or `form`) set, the member it uses present.
fn with_body_kind(b: &Json, kind: &str) -> Json {
    let empty = || Json::object(Vec::<(&str, Json)>::new());
    let action = b.get("action").cloned().unwrap_or_else(empty);
    let body = action.get("body").filter(|b| b.is_object()).cloned().unwrap_or_else(empty);
    let body = if kind == "form" {
        let rows = body.get(super::rows::FORM_BODY).cloned().unwrap_or(Json::from(Vec::new()));
        body.with_member("contentType", Json::from(super::rows::FORM_BODY))
            .with_member(super::rows::FORM_BODY, rows)
    } else {
        let json = body.get("application/json").cloned().unwrap_or_else(empty);
        body.with_member("contentType", Json::from("application/json"))
            .with_member("application/json", json)
    };
    b.with_member("action", action.with_member("body", body))
}

/// The JSON body typed into `el`: saved when it reads as an object, else the reason said beside
/// it (nothing saved, the text kept).
fn typed_json(
    state: EditorState,
    root: &web_sys::Element,
    el: &web_sys::Element,
    at: &NodeAddress,
    index: usize,
) {
    let typed = el.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default();
    let problem = el.parent_element().and_then(|row| {
        row.query_selector(&format!("[data-body-problem=\"{index}\"]")).ok().flatten()
    });
    let read = read_json_body(&typed);
    if let Some(p) = &problem {
        p.set_text_content(read.as_ref().err().map(String::as_str));
    }
    let Ok(json) = read else { return };
    let group = format!("{}|buttons|{index}|body-json", address_key(at));
    change(state, root, at.clone(), "buttons", Some(group), &|mut items| {
        if let Some(item) = items.get_mut(index) {
            let b = with_body_kind(item, "json");
            let action = b.get("action").cloned().unwrap_or(Json::Null);
            let body = action.get("body").cloned().unwrap_or(Json::Null);
            *item = normalise_button(&b.with_member(
                "action",
                action.with_member("body", body.with_member("application/json", json.clone())),
            ));
        }
        items
    });
}

/// The links or buttons after `f` changed them, set on the node as one edit.
fn change(
    state: EditorState,
    root: &web_sys::Element,
    at: NodeAddress,
    which: &str,
    group: Option<String>,
    f: &dyn Fn(Vec<Json>) -> Vec<Json>,
) {
    let mut items = Vec::new();
    state.read(&mut |e| {
        items = node_at(e.widgets(), &at).map(|n| list(n, which).to_vec()).unwrap_or_default()
    });
    let items = f(items);
    let key = vec!["meta".to_string(), "custom".to_string(), which.to_string()];
    let edit = Edit::SetProperty { at, key, value: Some(Json::from(items)) };
    commit(state, root, edit, group.as_deref(), String::new());
}

/// What is typed or picked in a link's or button's input. True when it was one.
pub fn typed(
    state: EditorState,
    root: &web_sys::Element,
    el: &web_sys::Element,
    at: &NodeAddress,
) -> bool {
    let (Some(which), Some(index), Some(field)) = (
        el.get_attribute("data-custom"),
        el.get_attribute("data-index").and_then(|i| i.parse::<usize>().ok()),
        el.get_attribute("data-field"),
    ) else {
        return false;
    };
    if field == "body-json" {
        typed_json(state, root, el, at, index);
        return true;
    }
    let checkbox = el.dyn_ref::<web_sys::HtmlInputElement>().filter(|i| i.type_() == "checkbox");
    let value = if let Some(c) = checkbox {
        if c.checked() {
            "true".to_string()
        } else {
            "false".to_string()
        }
    } else if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        return true;
    };
    if let (Some(rows), Some(n)) = (
        el.get_attribute("data-rows"),
        el.get_attribute("data-row").and_then(|n| n.parse::<usize>().ok()),
    ) {
        let group = format!("{}|{which}|{index}|{rows}|{n}|{field}", address_key(at));
        let v = if checkbox.is_some() {
            Json::from(value == "true")
        } else {
            Json::from(value.as_str())
        };
        change(
            state,
            root,
            at.clone(),
            "buttons",
            checkbox.is_none().then_some(group),
            &|mut items| {
                if let Some(item) = items.get_mut(index) {
                    *item =
                        normalise_button(&super::rows::set_row(item, &rows, n, &field, v.clone()));
                }
                items
            },
        );
        return true;
    }
    let group = format!("{}|{which}|{index}|{field}", address_key(at));
    let is_buttons = which == "buttons";
    change(state, root, at.clone(), &which, Some(group), &|mut items| {
        if let Some(item) = items.get_mut(index) {
            *item =
                if !is_buttons {
                    item.with_member(&field, Json::from(value.as_str()))
                } else if field == "body-type" {
                    normalise_button(&with_body_kind(item, &value))
                } else if field == "label" {
                    normalise_button(&item.with_member("label", Json::from(value.as_str())))
                } else {
                    let action = item
                        .get("action")
                        .cloned()
                        .unwrap_or_else(|| Json::object(Vec::<(&str, Json)>::new()));
                    normalise_button(&item.with_member(
                        "action",
                        action.with_member(&field, Json::from(value.as_str())),
                    ))
                };
        }
        items
    });
    true
}

/// Add or remove a link or a button. True when the control was one of those.
pub fn clicked(
    state: EditorState,
    root: &web_sys::Element,
    what: &str,
    control: &web_sys::Element,
    at: Option<NodeAddress>,
) -> bool {
    if what == "add-row" || what == "remove-row" {
        let (Some(at), Some(b), Some(group)) = (
            at,
            control.get_attribute("data-index").and_then(|i| i.parse::<usize>().ok()),
            control.get_attribute("data-rows"),
        ) else {
            return true;
        };
        let remove = if what == "remove-row" {
            control.get_attribute("data-row").and_then(|n| n.parse::<usize>().ok())
        } else {
            None
        };
        change(state, root, at, "buttons", None, &|mut items| {
            if let Some(item) = items.get_mut(b) {
                *item = normalise_button(&super::rows::add_or_remove(item, &group, remove));
            }
            items
        });
        return true;
    }
    let which = match what {
        "add-link" | "remove-link" => "links",
        "add-button" | "remove-button" => "buttons",
        _ => return false,
    };
    let Some(at) = at else { return true };
    let index = control.get_attribute("data-index").and_then(|i| i.parse::<usize>().ok());
    let adding = what.starts_with("add");
    change(state, root, at, which, None, &|mut items| {
        if adding {
            items.push(if which == "links" {
                Json::object([("label", Json::from("")), ("url", Json::from(""))])
            } else {
                Json::object([
                    ("label", Json::from("")),
                    (
                        "action",
                        Json::object([
                            ("method", Json::from("GET")),
                            ("url", Json::from("")),
                            ("params", Json::from(Vec::new())),
                            ("headers", Json::from(Vec::new())),
                        ]),
                    ),
                ])
            });
        } else if let Some(i) = index.filter(|i| *i < items.len()) {
            items.remove(i);
        }
        items
    });
    true
}
