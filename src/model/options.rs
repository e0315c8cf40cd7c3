//! The options of `SidebarWidgets.mount(element, options)` and of `handle.update(partial)`.

use super::{context::Context, integration::Integration, widget::View, widget::Widget};
use serde_json::{Map, Value};

/// Colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    pub fn from_name(name: &str) -> Theme {
        match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// How deeply JSON may nest before it is refused (well under the JSON reader's own limit, so that
/// reading it never runs the WebAssembly stack out).
pub const MAX_JSON_DEPTH: usize = 100;

/// Refuses JSON text nested deeper than `max` arrays and objects, without reading it.
pub fn check_json_depth(text: &str, max: usize) -> Result<(), String> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Err(format!("it is nested more than {max} levels deep"));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// One entry of `widgets` as it reached us: JSON, or the reason it could not be read at all
/// (for instance nesting deeper than the JSON reader allows).
#[derive(Clone, Debug)]
pub enum WidgetSource {
    Json(Value),
    Unreadable(String),
}

/// A partial set of options: what `update` was given. `None` keeps what was there.
#[derive(Clone, Debug, Default)]
pub struct OptionsPatch {
    pub widgets: Option<Vec<Widget>>,
    pub integrations: Option<Vec<Integration>>,
    pub data: Option<Map<String, Value>>,
    pub context: Option<Context>,
    pub view: Option<View>,
    pub theme: Option<Theme>,
    pub action_proxy: Option<Option<String>>,
    /// (ext) `actionTimeout`: milliseconds before a custom action or an integration request is
    /// aborted (default 30 s).
    pub timeout_ms: Option<u32>,
}

/// Everything a sidebar shows.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub widgets: Vec<Widget>,
    pub integrations: Vec<Integration>,
    pub data: Map<String, Value>,
    pub context: Context,
    pub view: Option<View>,
    pub theme: Theme,
    pub action_proxy: Option<String>,
    pub timeout_ms: Option<u32>,
}

impl OptionsPatch {
    /// Reads a patch from the options object. `widgets` is given separately, each entry read on its
    /// own, so that one unreadable widget does not take the others with it.
    pub fn from_parts(rest: &Value, widgets: Option<Vec<WidgetSource>>) -> OptionsPatch {
        let widgets = widgets.map(|list| {
            list.iter()
                .enumerate()
                .map(|(i, src)| match src {
                    WidgetSource::Json(v) => Widget::from_value(v, i),
                    WidgetSource::Unreadable(why) => Widget {
                        key: format!("#{i}"),
                        view: None,
                        integration_id: None,
                        order: None,
                        template: Err(super::TemplateError { place: String::new(), message: why.clone() }),
                    },
                })
                .collect()
        });
        let integrations = rest
            .get("integrations")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Integration::from_value).collect());
        let data = match rest.get("data") {
            Some(Value::Object(m)) => Some(m.clone()),
            Some(Value::Null) => Some(Map::new()),
            _ => None,
        };
        let context = rest.get("context").map(Context::from_value);
        let view = rest.get("view").and_then(Value::as_str).and_then(View::from_name);
        let theme = rest.get("theme").and_then(Value::as_str).map(Theme::from_name);
        let action_proxy = match rest.get("actionProxy") {
            None => None,
            Some(Value::String(s)) if !s.trim().is_empty() => Some(Some(s.trim().to_string())),
            Some(_) => Some(None),
        };
        let timeout_ms = rest
            .get("actionTimeout")
            .and_then(Value::as_f64)
            .filter(|ms| ms.is_finite() && *ms >= 1.0)
            .map(|ms| ms.min(600_000.0) as u32);
        OptionsPatch { widgets, integrations, data, context, view, theme, action_proxy, timeout_ms }
    }

    /// Reads a whole options object (host side: tests, the playground).
    pub fn from_value(v: &Value) -> OptionsPatch {
        let widgets = v
            .get("widgets")
            .and_then(Value::as_array)
            .map(|list| list.iter().cloned().map(WidgetSource::Json).collect());
        OptionsPatch::from_parts(v, widgets)
    }
}

impl Options {
    pub fn apply(&mut self, patch: OptionsPatch) {
        if let Some(w) = patch.widgets {
            self.widgets = w;
        }
        if let Some(i) = patch.integrations {
            self.integrations = i;
        }
        if let Some(d) = patch.data {
            self.data = d;
        }
        if let Some(c) = patch.context {
            self.context = c;
        }
        if let Some(v) = patch.view {
            self.view = Some(v);
        }
        if let Some(t) = patch.theme {
            self.theme = t;
        }
        if let Some(p) = patch.action_proxy {
            self.action_proxy = p;
        }
        if let Some(t) = patch.timeout_ms {
            self.timeout_ms = Some(t);
        }
    }

    pub fn integration(&self, id: &str) -> Option<&Integration> {
        self.integrations.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_depth_is_checked_without_reading() {
        let deep = "[".repeat(101) + &"]".repeat(101);
        assert!(check_json_depth(&deep, 100).is_err());
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(check_json_depth(&ok, 100).is_ok());
        assert!(check_json_depth(r#"{"a": "[[[[[[[[\\\"[[["}"#, 3).is_ok(), "brackets in strings do not count");
    }

    #[test]
    fn one_bad_widget_does_not_take_the_others() {
        let patch = OptionsPatch::from_value(&json!({"widgets": [
            {"id": 1, "template": {"type": "wrapper", "widgets": 5}},
            {"id": 2, "template": {"type": "wrapper"}},
            7
        ], "data": {"1": {"a": 1}}, "theme": "dark", "view": "user"}));
        let widgets = patch.widgets.unwrap_or_default();
        assert_eq!(widgets.len(), 3);
        assert!(widgets[0].template.is_err());
        assert!(widgets[1].template.is_ok());
        assert!(widgets[2].template.is_err());
        assert_eq!(patch.theme, Some(Theme::Dark));
        assert_eq!(patch.view, Some(crate::model::View::Customer), "user is the old name of customer");
    }
}
