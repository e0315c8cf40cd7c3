//! The editor drawn from its state: the toolbar (undo, redo, whether changes are unsaved), the
//! draft kept from an earlier visit, the reason of the last refusal, then the widgets, the form of
//! the selected part and the sample data side by side, and the live region that announces.

use super::canvas::canvas_view;
use super::form::form_view;
use super::keys::address_key;
use super::state::Editor;
use super::tree::tree_view;
use crate::engine::edit::{locate_template_place, Concern, NodeAddress};
use crate::engine::lint::lint;
use crate::model::{Context, Json, Node};
use crate::ui::dom::El;

/// What is wrong with each part, by node address key, as the admin reads it: the warnings of
/// every widget's template over its sample data, what a template cannot be read for, and the JSON
/// Schema's errors; and, apart, the schema's errors that concern no node (an integration's).
pub fn problems(e: &Editor) -> (Vec<(String, String)>, Vec<String>) {
    let context = Context::from_json(&e.context);
    let globals = context.globals();
    let mut on_nodes = Vec::new();
    let all = e.widgets().as_array().unwrap_or_default();
    for (i, w) in all.iter().enumerate() {
        let Some(t) = w.get("template") else { continue };
        let problems = match Node::from_json(t) {
            Ok(node) => match e.sample_of(i) {
                Some(sample) => lint(&node, sample, &globals),
                None => Vec::new(),
            },
            Err(p) => vec![p],
        };
        for p in problems {
            let (path, _) = locate_template_place(&p.place);
            let key = address_key(&NodeAddress { widget: i, path });
            on_nodes.push((key, format!("Warning: {}", p.message)));
        }
    }
    let mut elsewhere = Vec::new();
    for (concern, message) in e.schema.1.iter().cloned() {
        let said = |within: &str| match within {
            "" => format!("Schema: {message}"),
            _ => format!("Schema: {within}: {message}"),
        };
        match concern {
            Concern::Node { at, within } => on_nodes.push((address_key(&at), said(&within))),
            Concern::Widget { widget, within } => {
                let within = format!("the widget's {within}");
                on_nodes.push((address_key(&NodeAddress::root(widget)), said(within.trim_end())));
            }
            Concern::Integration { index, within } => {
                let name = e
                    .integrations
                    .as_array()
                    .and_then(|all| all.get(index))
                    .and_then(|i| i.get("name"))
                    .and_then(Json::as_str)
                    .unwrap_or("(unnamed)");
                elsewhere.push(format!("Integration {name}: {}", said(&within)));
            }
            Concern::Elsewhere(place) => elsewhere.push(said(&place)),
        }
    }
    (on_nodes, elsewhere)
}

fn button(action: &'static str, label: &str, enabled: bool) -> El {
    El::with_class("button", "sw-edit-button")
        .attr("type", "button")
        .attr("data-sw", action)
        // aria-disabled, not disabled: the focus stays on it (Ctrl+Z keeps working from there).
        .state("aria-disabled", !enabled)
        .child(label)
}

/// The whole editor.
pub fn editor_view(e: &Editor, serial: usize) -> El {
    let (warnings, elsewhere) = problems(e);
    let schema = (!elsewhere.is_empty()).then(|| {
        El::with_class("div", "sw-edit-schema")
            .attr("role", "region")
            .attr("aria-label", "JSON Schema errors")
            .child(
                El::new("ul").children(
                    elsewhere
                        .into_iter()
                        .map(|m| El::with_class("li", "sw-edit-warning").child(m).into()),
                ),
            )
    });
    let toolbar = El::with_class("div", "sw-edit-toolbar")
        .attr("role", "group")
        .attr("aria-label", "History")
        .child(
            button("undo", "Undo", e.history.can_undo())
                .attr("aria-keyshortcuts", "Control+Z Meta+Z"),
        )
        .child(
            button("redo", "Redo", e.history.can_redo())
                .attr("aria-keyshortcuts", "Control+Shift+Z Meta+Shift+Z"),
        )
        .child(
            El::with_class("button", "sw-edit-button")
                .attr("type", "button")
                .attr("data-sw", "preview")
                .state("aria-pressed", e.preview)
                .child("Preview in view mode"),
        )
        .child(El::with_class("span", "sw-edit-toolbar__status").child(if e.unsaved() {
            "Unsaved changes (kept as a draft in this browser)"
        } else {
            "No unsaved changes"
        }));
    let draft =
        e.draft.as_ref().map(|_| {
            El::with_class("div", "sw-edit-draft")
                .attr("role", "region")
                .attr("aria-label", "Draft")
                .child(El::new("p").child(
                    "A draft of these widgets from an earlier visit was kept in this browser.",
                ))
                .child(button("restore", "Restore the draft", true))
                .child(button("discard", "Discard it", true))
        });
    let notice = e
        .notice
        .as_ref()
        .map(|n| El::with_class("p", "sw-edit-notice").attr("role", "alert").child(n.as_str()));
    El::with_class("div", "sw-sidebar sw-editor")
        .attr("data-theme", e.theme.as_str())
        .child(toolbar)
        .child(super::export::export_view(e, serial))
        .child_opt(draft)
        .child_opt(notice)
        .child_opt(schema)
        .child(
            El::with_class("div", "sw-edit-preview")
                .attr("role", "region")
                .attr("aria-label", "Preview in view mode")
                .flag("hidden", !e.preview),
        )
        .child(
            El::with_class("div", "sw-edit-body")
                .flag("hidden", e.preview)
                .child(canvas_view(e, &warnings))
                .child(form_view(e, serial))
                .child(
                    El::with_class("div", "sw-edit-side")
                        .child(super::integration::integrations_view(e, serial))
                        .child(tree_view(e, serial)),
                ),
        )
        .child(
            El::with_class("div", "sw-edit-live")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .child(e.announcement.as_str()),
        )
}
