//! The playground's helpers, exported on `window.SidebarWidgets` only in the demo build
//! (feature `playground`): template generation, template warnings, JSON error positions.

use crate::engine::{generate::generate_template, lint::lint};
use crate::model::{Context, Node};
use js_sys::{Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

fn to_js(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

/// `SidebarWidgets.checkJson(text)`: `null` when the text is valid JSON, else
/// `{message, line, column}` (1-based).
pub fn check_json(text: &str) -> JsValue {
    match serde_json::from_str::<Value>(text) {
        Ok(_) => JsValue::NULL,
        Err(e) => {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            to_js(&json!({"message": message, "line": e.line(), "column": e.column()}))
        }
    }
}

/// `SidebarWidgets.generateTemplate(sampleDataJson, integrationName)`: a starting template.
pub fn generate(sample_json: &str, name: &str) -> JsValue {
    match serde_json::from_str::<Value>(sample_json) {
        Ok(sample) => to_js(&generate_template(&sample, name)),
        Err(_) => JsValue::NULL,
    }
}

/// `SidebarWidgets.lintTemplate(templateJson, dataJson, contextJson)`: `[{place, message}]`.
pub fn warnings(template_json: &str, data_json: &str, context_json: &str) -> JsValue {
    let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap_or(Value::Null);
    let out = match Node::from_value(&parse(template_json)) {
        Err(e) => json!([{"place": e.place, "message": e.message}]),
        Ok(node) => {
            let context = Context::from_value(&parse(context_json));
            let list: Vec<Value> = lint(&node, &parse(data_json), &context.globals())
                .into_iter()
                .map(|w| json!({"place": w.place, "message": w.message}))
                .collect();
            Value::Array(list)
        }
    };
    to_js(&out)
}

/// Adds the helpers to the `window.SidebarWidgets` object.
pub fn install(api: &js_sys::Object) {
    let check = Closure::<dyn Fn(String) -> JsValue>::new(|t: String| check_json(&t));
    let gen = Closure::<dyn Fn(String, String) -> JsValue>::new(|s: String, n: String| generate(&s, &n));
    let lint = Closure::<dyn Fn(String, String, String) -> JsValue>::new(|t: String, d: String, c: String| {
        warnings(&t, &d, &c)
    });
    let _ = Reflect::set(api, &"checkJson".into(), check.as_ref());
    let _ = Reflect::set(api, &"generateTemplate".into(), gen.as_ref());
    let _ = Reflect::set(api, &"lintTemplate".into(), lint.as_ref());
    check.forget();
    gen.forget();
    lint.forget();
}
