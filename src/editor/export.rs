//! Export: what Gorgias's REST API takes (the bodies of `POST /api/widgets` and
//! `POST /api/integrations`, one per widget or integration: what the server writes itself left
//! out) and the sidebar's own mount options, shown to copy or download.

use super::state::{Editor, Export};
use crate::model::Json;
use crate::ui::dom::{DomNode, El};

/// The members the server writes itself (never in a creation body).
const SERVER_KEYS: [&str; 8] = [
    "id",
    "uri",
    "created_datetime",
    "updated_datetime",
    "deactivated_datetime",
    "deleted_datetime",
    "locked_datetime",
    "decoration",
];

fn bodies(list: &Json) -> Json {
    let items = list.as_array().unwrap_or_default();
    Json::from(
        items
            .iter()
            .map(|item| {
                SERVER_KEYS.iter().fold(item.clone(), |v, k| {
                    if v.is_object() {
                        v.without_member(k)
                    } else {
                        v
                    }
                })
            })
            .collect::<Vec<_>>(),
    )
}

/// The JSON exported.
pub fn exported(e: &Editor, what: Export) -> Json {
    match what {
        Export::Widgets => bodies(e.widgets()),
        Export::Integrations => bodies(&e.integrations),
        Export::MountOptions => Json::object([
            ("widgets", e.widgets().clone()),
            ("integrations", e.integrations.clone()),
            ("data", Json::object(e.samples.iter().map(|(k, v)| (k.as_str(), v.clone())))),
            ("context", e.context.clone()),
        ]),
    }
}

impl Export {
    /// Its name in `data-export`.
    pub fn name(self) -> &'static str {
        match self {
            Export::Widgets => "widgets",
            Export::Integrations => "integrations",
            Export::MountOptions => "options",
        }
    }

    /// The export a `data-export` names.
    pub fn from_name(name: &str) -> Option<Export> {
        [Export::Widgets, Export::Integrations, Export::MountOptions]
            .into_iter()
            .find(|e| e.name() == name)
    }

    fn label(self) -> &'static str {
        match self {
            Export::Widgets => "POST /api/widgets bodies",
            Export::Integrations => "POST /api/integrations bodies",
            Export::MountOptions => "Mount options",
        }
    }
}

/// The export choices and, once one is chosen, its JSON with Copy and Download.
pub fn export_view(e: &Editor, serial: usize) -> El {
    let choices: Vec<DomNode> = [Export::Widgets, Export::Integrations, Export::MountOptions]
        .into_iter()
        .map(|x| {
            DomNode::El(
                El::with_class("button", "sw-edit-button")
                    .attr("type", "button")
                    .attr("data-sw", "export")
                    .attr("data-export", x.name())
                    .state("aria-pressed", e.export == Some(x))
                    .child(x.label()),
            )
        })
        .collect();
    let shown = e.export.map(|x| {
        let text = exported(e, x).to_string();
        let id = format!("swe{serial}-export");
        El::with_class("div", "sw-edit-export__out")
            .child(El::new("label").attr("for", id.as_str()).child(x.label()))
            .child(
                El::with_class("textarea", "sw-edit-form__input sw-edit-export__text")
                    .attr("id", id)
                    .attr("readonly", "")
                    .attr("rows", "6")
                    .attr("spellcheck", "false")
                    .child(text.as_str()),
            )
            .child(
                El::with_class("button", "sw-edit-button")
                    .attr("type", "button")
                    .attr("data-sw", "copy-export")
                    .child("Copy"),
            )
            .child(
                El::with_class("a", "sw-edit-button sw-edit-export__download")
                    .attr(
                        "href",
                        format!(
                            "data:application/json;charset=utf-8,{}",
                            crate::engine::vars::percent_encode(&text)
                        ),
                    )
                    .attr("download", format!("sidebar-widgets-{}.json", x.name()))
                    .child("Download"),
            )
    });
    El::with_class("div", "sw-edit-export")
        .attr("role", "group")
        .attr("aria-label", "Export")
        .children(choices)
        .child_opt(shown)
}
