//! The JSON Schema's errors on what is being edited, live: the playground's own checker
//! (`demo/schema-check.js`, bundled into the editor's glue) run over `{widgets, integrations}`
//! against the schema this crate ships (`schema/sidebar-widgets.schema.json`), each error placed
//! by the engine ([`locate_schema_error`]) on the node, widget or integration it concerns.

use crate::engine::edit::{locate_schema_error, Concern, Step};
use crate::model::Json;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/demo/schema-check.js")]
extern "C" {
    /// `[{path, place, message}]`, empty when `value` conforms.
    #[wasm_bindgen(catch, js_name = validate)]
    fn check_against(schema: &JsValue, value: &JsValue) -> Result<JsValue, JsValue>;
}

/// The schema, as the package ships it.
const SCHEMA: &str = include_str!("../../schema/sidebar-widgets.schema.json");

/// An error of the schema and what it concerns.
pub type SchemaError = (Concern, String);

struct Checked {
    /// The identities of the widgets and integrations last checked.
    of: (u64, u64),
    errors: Vec<SchemaError>,
}

thread_local! {
    static PARSED: JsValue = js_sys::JSON::parse(SCHEMA).unwrap_or(JsValue::NULL);
    static LAST: RefCell<Option<Checked>> = const { RefCell::new(None) };
}

/// The schema's errors on `{widgets, integrations}`, each with what it concerns. Drawing asks
/// after every change and selection: the same values (by identity) are checked once.
pub fn schema_errors(widgets: &Json, integrations: &Json) -> Vec<SchemaError> {
    let of = (widgets.identity(), integrations.identity());
    let cached =
        LAST.with(|last| last.borrow().as_ref().filter(|c| c.of == of).map(|c| c.errors.clone()));
    if let Some(errors) = cached {
        return errors;
    }
    let errors = check(widgets, integrations);
    LAST.with(|last| *last.borrow_mut() = Some(Checked { of, errors: errors.clone() }));
    errors
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
