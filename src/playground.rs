//! The playground's helpers, exported on `window.SidebarWidgets` only in the demo build
//! (feature `playground`): template generation, template warnings, JSON error positions.

use crate::engine::{generate::generate_template, lint::lint};
use crate::model::{Context, Json, Node};
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;

fn to_js(v: &Json) -> JsValue {
    JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

fn text(v: &JsValue) -> String {
    v.as_string().unwrap_or_default()
}

/// `SidebarWidgets.checkJson(text)`: `null` when the text is valid JSON, else
/// `{message, line, column}` (1-based).
pub fn check_json(text: &str) -> JsValue {
    match Json::parse(text) {
        Ok(_) => JsValue::NULL,
        Err(e) => to_js(&Json::object([
            ("message", Json::from(e.message)),
            ("line", Json::from(e.line as f64)),
            ("column", Json::from(e.column as f64)),
        ])),
    }
}

/// `SidebarWidgets.generateTemplate(sampleDataJson, integrationName)`: a starting template.
pub fn generate(sample_json: &str, name: &str) -> JsValue {
    match Json::parse(sample_json) {
        Ok(sample) => to_js(&generate_template(&sample, name)),
        Err(_) => JsValue::NULL,
    }
}

/// `SidebarWidgets.lintTemplate(templateJson, dataJson, contextJson)`: `[{place, message}]`.
pub fn warnings(template_json: &str, data_json: &str, context_json: &str) -> JsValue {
    let parse = |t: &str| Json::parse(t).unwrap_or_default();
    let warning = |place: String, message: String| {
        Json::object([("place", Json::from(place)), ("message", Json::from(message))])
    };
    let out = match Node::from_json(&parse(template_json)) {
        Err(e) => Json::from(vec![warning(e.place, e.message)]),
        Ok(node) => {
            let context = Context::from_json(&parse(context_json));
            Json::from(
                lint(&node, &parse(data_json), &context.globals())
                    .into_iter()
                    .map(|w| warning(w.place, w.message))
                    .collect::<Vec<_>>(),
            )
        }
    };
    to_js(&out)
}

/// Adds the helpers to the `window.SidebarWidgets` object.
pub fn install(api: &js_sys::Object) {
    let check = Closure::<dyn Fn(JsValue) -> JsValue>::new(|t: JsValue| check_json(&text(&t)));
    let gen = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|s: JsValue, n: JsValue| {
        generate(&text(&s), &text(&n))
    });
    let lint = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> JsValue>::new(
        |t: JsValue, d: JsValue, c: JsValue| warnings(&text(&t), &text(&d), &text(&c)),
    );
    let _ = Reflect::set(api, &"checkJson".into(), check.as_ref());
    let _ = Reflect::set(api, &"generateTemplate".into(), gen.as_ref());
    let _ = Reflect::set(api, &"lintTemplate".into(), lint.as_ref());
    check.forget();
    gen.forget();
    lint.forget();
}
