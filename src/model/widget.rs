//! A widget as the Gorgias API returns it: `{id, context, type, integration_id, order, template}`.

use super::json::Json;
use super::problem::Problem;
use super::template::Node;
use std::sync::Arc;

/// Which sidebar a widget belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Ticket,
    Customer,
}

impl Page {
    /// `"user"` is the old name of `"customer"`.
    pub fn from_name(name: &str) -> Option<Page> {
        match name {
            "ticket" => Some(Page::Ticket),
            "customer" | "user" => Some(Page::Customer),
            _ => None,
        }
    }
}

/// A widget whose envelope parsed; its template may still have been refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Widget {
    /// The widget's id, or `#<index>` when it has none (a stable key all the same).
    pub key: String,
    /// The page it belongs to (`context`); `None`: every page.
    pub page: Option<Page>,
    pub integration_id: Option<String>,
    /// `app_id`, for a widget of a customer's external data (`type: "customer_external_data"`,
    /// data an app wrote onto the customer): its root cards' default title when the data has no
    /// `__app_name__`. `None` for every other type.
    pub external_app: Option<String>,
    pub order: Option<f64>,
    /// The parsed template (shared by every render), or why it was refused (shown in the
    /// widget's place).
    pub template: Result<Arc<Node>, Problem>,
}

/// An id as written, numbers and strings alike (`123` and `"123"` name the same integration).
pub fn id_string(v: &Json) -> Option<String> {
    match v {
        Json::Number(_) => Some(v.to_text()),
        Json::String(s) if !s.is_empty() => Some(s.to_string()),
        _ => None,
    }
}

impl Widget {
    /// The default title of the widget's root cards (SPEC 2 "Cards", Gorgias's `getWidgetTitle`):
    /// for a customer's external data, the data's `__app_name__`, else the widget's `app_id`;
    /// for every other widget, its integration's name.
    pub fn root_title(&self, data: &Json, integration_name: &str) -> String {
        let Some(app_id) = &self.external_app else { return integration_name.to_string() };
        match data.get("__app_name__").and_then(Json::as_str).map(str::trim) {
            Some(name) if !name.is_empty() => name.to_string(),
            _ if !app_id.is_empty() => app_id.clone(),
            _ => integration_name.to_string(),
        }
    }

    /// Whether the widget belongs to a view; a widget that names none is shown in every view.
    pub fn shown_in(&self, page: Page) -> bool {
        self.page.is_none_or(|p| p == page)
    }

    /// A widget that could not be read at all: only its error, in its place.
    pub fn refused(index: usize, message: String) -> Widget {
        Widget {
            key: format!("#{index}"),
            page: None,
            integration_id: None,
            external_app: None,
            order: None,
            template: Err(Problem { place: String::new(), message }),
        }
    }

    /// Reads one widget. Never fails: a bad envelope or template becomes an error in `template`.
    pub fn from_json(v: &Json, index: usize) -> Widget {
        let Json::Object(obj) = v else {
            return Widget::refused(
                index,
                format!("a widget must be an object, not {}", v.kind_name()),
            );
        };
        let key = obj.get("id").and_then(id_string).unwrap_or_else(|| format!("#{index}"));
        let page = obj.get("context").and_then(Json::as_str).and_then(Page::from_name);
        let integration_id = obj.get("integration_id").and_then(id_string);
        let order = obj.get("order").and_then(Json::as_f64);
        let external_app = (obj.get("type").and_then(Json::as_str)
            == Some("customer_external_data"))
        .then(|| obj.get("app_id").and_then(id_string).unwrap_or_default());
        let template = match obj.get("template") {
            // The error's place, from the widget: `template.widgets[2].meta`.
            Some(t) => Node::from_json(t).map(Arc::new).map_err(|e| Problem {
                place: if e.place.is_empty() {
                    "template".into()
                } else {
                    format!("template.{}", e.place)
                },
                message: e.message,
            }),
            None => {
                Err(Problem { place: String::new(), message: "the widget has no template".into() })
            }
        };
        Widget { key, page, integration_id, external_app, order, template }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    /// Gorgias's `getWidgetTitle` and its own test: an external-data widget is titled by the
    /// app's name in its data, else by its `app_id`; any other widget by its integration's name.
    #[test]
    fn root_cards_are_titled_as_gorgias_titles_them() {
        let external = |app_id: Json| {
            Widget::from_json(
                &json!({"type": "customer_external_data", "app_id": app_id, "template": {"type": "wrapper", "widgets": []}}),
                0,
            )
        };
        let named = json!({"__app_name__": " Loyalty Lion ", "points": 12});
        assert_eq!(external(json!("app-42")).root_title(&named, "Loop"), "Loyalty Lion");
        assert_eq!(external(json!("app-42")).root_title(&json!({"points": 12}), "Loop"), "app-42");
        assert_eq!(external(json!(42)).root_title(&json!({"__app_name__": ""}), ""), "42");
        assert_eq!(external(Json::Null).root_title(&json!({}), "Loop"), "Loop");
        let http = Widget::from_json(
            &json!({"type": "http", "app_id": "x", "integration_id": 1, "template": {"type": "wrapper"}}),
            0,
        );
        assert_eq!(http.root_title(&named, "Loop Returns"), "Loop Returns");
    }
}
