//! A custom button as its form saves it (Gorgias's rules), so that what is saved is what the
//! form showed and nothing the form hid is sent.

use crate::model::action::{parse_method, MAX_CHOICES};
use crate::model::Json;

/// The key of a JSON body.
const JSON_BODY: &str = "application/json";
/// The key of a form body (its rows).
const FORM_BODY: &str = "application/x-www-form-urlencoded";

/// A custom button as saved by its form (Gorgias's rules): the unused body flavour reset (the
/// JSON object to `{}`, the form rows to `[]`), both when the method sends no body (only POST,
/// PUT and PATCH do); in `params`, `headers` and the form rows, a row whose key an earlier row
/// has is dropped (the first wins), a row neither editable nor a dropdown is not mandatory (the
/// form offers "required" only for those), and a dropdown keeps its first 10 choices (all the
/// sidebar offers). Everything else is kept as it was, in its order;
/// a button whose method or body type the sidebar refuses keeps its body as written.
pub fn normalise_button(button: &Json) -> Json {
    let Some(action @ Json::Object(_)) = button.get("action") else { return button.clone() };
    let mut action = action.clone();
    for list in ["params", "headers"] {
        if let Some(rows @ Json::Array(_)) = action.get(list) {
            action = action.with_member(list, clean_rows(rows));
        }
    }
    if let Some(body @ Json::Object(_)) = action.get("body") {
        let method = match action.get("method") {
            None | Some(Json::Null) => parse_method(""),
            Some(m) => m.as_str().and_then(parse_method),
        };
        let content_type = match body.get("contentType") {
            None | Some(Json::Null) => Some(String::new()),
            Some(t) => t.as_str().map(|t| t.trim().to_ascii_lowercase()),
        };
        let form = content_type.as_deref().and_then(|t| {
            if t.is_empty() || t.starts_with(JSON_BODY) {
                Some(false)
            } else {
                t.starts_with(FORM_BODY).then_some(true)
            }
        });
        let mut body = body.clone();
        if let Some(rows @ Json::Array(_)) = body.get(FORM_BODY) {
            body = body.with_member(FORM_BODY, clean_rows(rows));
        }
        if let (Some(method), Some(form)) = (method, form) {
            let sends = method.sends_body();
            if (!sends || form) && body.get(JSON_BODY).is_some() {
                body = body.with_member(JSON_BODY, Json::object(Vec::<(String, Json)>::new()));
            }
            if (!sends || !form) && body.get(FORM_BODY).is_some() {
                body = body.with_member(FORM_BODY, Json::from(Vec::new()));
            }
        }
        action = action.with_member("body", body);
    }
    button.with_member("action", action)
}

/// The rows without those whose key an earlier row has, each not mandatory unless the form can
/// ask for it.
fn clean_rows(rows: &Json) -> Json {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for row in rows.as_array().unwrap_or_default() {
        if !row.is_object() {
            out.push(row.clone());
            continue;
        }
        let key = row.get("key").map(Json::to_text).unwrap_or_default();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let flag = |k: &str| row.get(k).is_some_and(|v| v.to_text() == "true");
        let dropdown =
            row.get("type").is_some_and(|t| t.to_text().trim().eq_ignore_ascii_case("dropdown"));
        let mut row = row.clone();
        if flag("mandatory") && !flag("editable") && !dropdown {
            row = row.with_member("mandatory", Json::Bool(false));
        }
        let value = row.get("value").map(Json::to_text).unwrap_or_default();
        let choices: Vec<&str> =
            value.split(';').map(str::trim).filter(|c| !c.is_empty()).collect();
        if dropdown && choices.len() > MAX_CHOICES {
            let kept = choices.get(..MAX_CHOICES).unwrap_or_default().join(";");
            row = row.with_member("value", Json::from(kept));
        }
        out.push(row);
    }
    Json::from(out)
}
