//! The JSON Schema's errors on what is being edited, live: the playground's own checker
//! (`demo/schema-check.js`, bundled into the editor's glue) run over `{widgets, integrations}`
//! against the schema this crate ships (`schema/sidebar-widgets.schema.json`), each error placed
//! by the engine ([`locate_schema_error`]) on the node, widget or integration it concerns.

use super::state::{Editor, EditorState, SchemaError};
use crate::engine::edit::{locate_schema_error, Concern, Step};
use crate::model::Json;
use crate::ui::timers::after_ms;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/demo/schema-check.js")]
extern "C" {
    /// `[{path, place, message}]`, empty when `value` conforms.
    #[wasm_bindgen(catch, js_name = validate)]
    fn check_against(schema: &JsValue, value: &JsValue) -> Result<JsValue, JsValue>;
}

/// The schema, as the package ships it.
const SCHEMA: &str = include_str!("../../schema/sidebar-widgets.schema.json");

thread_local! {
    static PARSED: JsValue = js_sys::JSON::parse(SCHEMA).unwrap_or(JsValue::NULL);
}

/// Whether `state.schema` holds the errors of the widgets and integrations as they are now (the
/// values checked are kept, so an unchanged value is the same one, compared in one step).
fn up_to_date(e: &Editor) -> bool {
    e.schema.0.as_ref().is_some_and(|(w, i)| w == e.widgets() && *i == e.integrations)
}

/// Keeps `state.schema` up to date: after each change of the widgets or integrations, once that
/// change is drawn (a timer, so the edit itself is drawn without waiting for the check), checks
/// them and stores the errors, which draws them. Until then the errors last found stay shown.
pub fn follow(state: EditorState) {
    Effect::new(move |_| {
        let mut checked = true;
        state.model.with(|e| checked = up_to_date(e));
        if checked {
            return;
        }
        after_ms(
            Box::new(move || {
                let mut found = None;
                state.read(&mut |e| {
                    if !up_to_date(e) {
                        let errors = check(e.widgets(), &e.integrations);
                        found = Some((Some((e.widgets().clone(), e.integrations.clone())), errors));
                    }
                });
                if found.is_some() {
                    state.change(&mut |e| e.schema = found.take().unwrap_or_default());
                }
            }),
            0,
        );
    });
}

fn check(widgets: &Json, integrations: &Json) -> Vec<SchemaError> {
    let value =
        Json::object([("widgets", widgets.clone()), ("integrations", integrations.clone())]);
    let Ok(value) = js_sys::JSON::parse(&value.to_string()) else { return Vec::new() };
    let found = PARSED.with(|schema| {
        if schema.is_null() {
            return Err(());
        }
        check_against(schema, &value).map_err(|_| ())
    });
    let Ok(found) = found else {
        return vec![(
            Concern::Elsewhere(String::new()),
            "The JSON Schema could not be checked.".into(),
        )];
    };
    let text = js_sys::JSON::stringify(&found).map(String::from).unwrap_or_default();
    let Ok(found) = Json::parse(&text) else { return Vec::new() };
    found
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let steps = Step::read_all(e.get("path")?)?;
            let message = e.get("message")?.as_str()?.to_string();
            Some((locate_schema_error(&steps), message))
        })
        .collect()
}
