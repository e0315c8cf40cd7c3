//! The widgets as the sidebar shows them, every part selectable: cards with their header, tile
//! and title, lists with their item card drawn once over the first item, fields with their sample
//! value formatted as the sidebar formats it (`engine::format` through `value_view`, in the
//! browser's language and time zone, as the viewer does). A widget without sample data is drawn all the same, its values as placeholders. Each
//! part carries its address (`data-node`); cards and wrappers are drop targets (`data-drop`).

use super::keys::address_key;
use super::state::{node_label, node_type, Editor};
use crate::engine::edit::{display_order, NodeAddress};
use crate::engine::format::display_field;
use crate::engine::messages::Messages;
use crate::engine::path::select_path;
use crate::engine::render::value_view;
use crate::engine::safety::{safe_color, safe_http_url};
use crate::engine::vars::{interpolate, Purpose, Scope};
use crate::model::template::parse_limit;
use crate::model::widget::id_string;
use crate::model::FieldType;
use crate::model::Json;
use crate::ui::dom::{DomNode, El};
use crate::ui::locale::{browser_language, now_unix, BrowserLocale};

/// What a node is drawn with.
struct Ctx<'a> {
    /// Warnings by address key.
    warnings: &'a [(String, String)],
    selected: Option<String>,
    /// The drop target being chosen with the keyboard.
    target: Option<String>,
    /// What values are formatted with, as the sidebar formats them.
    locale: &'a BrowserLocale<'a>,
    messages: &'a Messages,
    now: f64,
}

/// The button that selects a node; its text is what the admin sees of it.
fn select_button(key: &str, class: &str, selected: bool, label: String) -> El {
    El::with_class("button", class)
        .attr("type", "button")
        .attr("data-sw", "select")
        .attr("data-node", key)
        .state("aria-pressed", selected)
        .child(label)
}

fn warnings_of(key: &str, ctx: &Ctx) -> Vec<DomNode> {
    ctx.warnings
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, w)| DomNode::El(El::with_class("p", "sw-edit-warning").child(w.as_str())))
        .collect()
}

fn text(node: &Json, key: &str) -> String {
    node.get(key).and_then(Json::as_str).unwrap_or("").to_string()
}

fn meta(node: &Json, key: &str) -> String {
    node.get("meta").and_then(|m| m.get(key)).and_then(Json::as_str).unwrap_or("").to_string()
}

/// The children in the order the sidebar shows them (a list: its item card only).
fn children(node: &Json, at: &NodeAddress, data: Option<&Json>, ctx: &Ctx) -> Vec<DomNode> {
    let kids = node.get("widgets").and_then(Json::as_array).unwrap_or_default();
    display_order(node)
        .into_iter()
        .filter_map(|i| {
            let kid = kids.get(i)?;
            Some(DomNode::El(node_view(kid, &at.child(i), data, ctx)))
        })
        .collect()
}

/// A title with its variables filled from the card's data (as the sidebar fills them).
fn title_text(title: &str, data: Option<&Json>) -> String {
    match data {
        Some(d) => {
            let scope = Scope {
                data: d,
                globals: Vec::new(),
                purpose: Purpose::Title,
                tz_offset_minutes: 0,
            };
            interpolate(title, &scope)
        }
        None => title.to_string(),
    }
}

fn node_view(node: &Json, at: &NodeAddress, parent: Option<&Json>, ctx: &Ctx) -> El {
    let key = address_key(at);
    let ty = node_type(node);
    let path = text(node, "path");
    let data = parent.and_then(|d| select_path(d, &path));
    let selected = ctx.selected.as_deref() == Some(key.as_str());
    let mut class = match ty {
        "wrapper" => "sw-edit-node sw-edit-node--wrapper".to_string(),
        "card" => "sw-card sw-edit-node".to_string(),
        "list" => "sw-list sw-edit-node sw-edit-node--list".to_string(),
        _ => "sw-field sw-edit-node sw-edit-node--field".to_string(),
    };
    if selected {
        class.push_str(" sw-edit-node--selected");
    }
    if ctx.target.as_deref() == Some(key.as_str()) {
        class.push_str(" sw-edit-node--target");
    }
    let tag = if ty == "card" { "section" } else { "div" };
    let el = El::with_class(tag, &class).attr("data-node", key.as_str());
    // Any part but a widget's root can be dragged to another place (the node menu does it too).
    let el = if at.path.is_empty() { el } else { el.attr("draggable", "true") };
    let title = text(node, "title");
    match ty {
        "wrapper" | "card" => {
            let color = safe_color(&meta(node, "color"));
            let el = el.attr("data-drop", key.as_str());
            let shown = title_text(&title, data);
            let label = if shown.trim().is_empty() { node_label(node) } else { shown };
            let head = if ty == "card" {
                let icon = safe_http_url(&meta(node, "pictureUrl")).map(|src| {
                    El::new("img")
                        .attr("src", src)
                        .attr("alt", "")
                        .attr("referrerpolicy", "no-referrer")
                });
                let tile = (icon.is_some() || color.is_some()).then(|| {
                    El::with_class("span", "sw-card__icon")
                        .attr("aria-hidden", "true")
                        .style("background-color", color.clone())
                        .child_opt(icon)
                });
                El::with_class("div", "sw-card__header").child_opt(tile).child(select_button(
                    &key,
                    "sw-card__title sw-edit-select",
                    selected,
                    label,
                ))
            } else {
                El::with_class("div", "sw-edit-node__bar").child(select_button(
                    &key,
                    "sw-edit-select sw-edit-select--wrapper",
                    selected,
                    label,
                ))
            };
            let el = if ty == "wrapper" { el.style("--sw-accent", color) } else { el };
            el.child(head).children(warnings_of(&key, ctx)).child(
                El::with_class("div", "sw-card__content").children(children(node, at, data, ctx)),
            )
        }
        "list" => {
            let items = data.and_then(Json::as_array);
            let label = match items {
                Some(items) => format!("List of {} (first item shown)", items.len()),
                None => "List (no sample items)".to_string(),
            };
            el.child(select_button(&key, "sw-edit-select sw-edit-select--list", selected, label))
                .children(warnings_of(&key, ctx))
                .children(children(node, at, items.and_then(|i| i.first()), ctx))
        }
        _ => {
            // No sample: a placeholder. Else the value as the sidebar shows it.
            let (value, class, full) = match data {
                None => ("\u{2014}".to_string(), "", None),
                Some(Json::Object(_)) => ("(object)".to_string(), "", None),
                Some(v) => {
                    let limit = parse_limit(node.get("meta").and_then(|m| m.get("limit")));
                    let ty = FieldType::from_type_name(ty);
                    let shown = display_field(&ty, Some(v), limit, ctx.locale, ctx.now);
                    let shown = value_view(shown, ctx.messages);
                    (shown.text, shown.class, shown.title)
                }
            };
            let label = if title.is_empty() { path.clone() } else { title };
            el.child(
                El::with_class("button", "sw-edit-select sw-edit-select--field")
                    .attr("type", "button")
                    .attr("data-sw", "select")
                    .attr("data-node", key.as_str())
                    .state("aria-pressed", selected)
                    .child(El::with_class("span", "sw-field__label").child(format!("{label}: ")))
                    .child(
                        El::with_class("span", &format!("sw-field__value {class}"))
                            .attr_opt("title", full)
                            .child(value),
                    ),
            )
            .children(warnings_of(&key, ctx))
        }
    }
}

/// Every widget, in the order of the widgets array.
pub fn canvas_view(e: &Editor, warnings: &[(String, String)]) -> El {
    let target = e
        .picked
        .as_ref()
        .and_then(|p| e.drop_targets().into_iter().nth(p.target))
        .map(|(at, _)| address_key(&at));
    let messages = Messages::new(&browser_language(), &[]);
    let locale = BrowserLocale::new(&messages);
    let ctx = Ctx {
        warnings,
        selected: e.selected.as_ref().map(address_key),
        target,
        locale: &locale,
        messages: &messages,
        now: now_unix(),
    };
    let all = e.widgets().as_array().unwrap_or_default();
    let widgets = all.iter().enumerate().map(|(i, w)| {
        let id = w.get("integration_id").and_then(id_string).unwrap_or_default();
        let name = e.integration_name(&id);
        let sample = e.sample_of(i);
        let head = match sample {
            Some(_) => format!("Widget {}: {name}", i + 1),
            None => format!("Widget {}: {name} (no sample data: placeholders shown)", i + 1),
        };
        let body = match w.get("template") {
            Some(t) => node_view(t, &NodeAddress { widget: i, path: Vec::new() }, sample, &ctx),
            None => El::with_class("p", "sw-edit-warning").child("This widget has no template."),
        };
        DomNode::El(
            El::with_class("div", "sw-widget sw-edit-widget")
                .attr("data-widget", i.to_string())
                .child(El::with_class("h3", "sw-edit-widget__head").child(head))
                .child(body),
        )
    });
    El::with_class("div", "sw-edit-canvas")
        .attr("role", "region")
        .attr("aria-label", "Widgets")
        .children(widgets.collect::<Vec<_>>())
}
