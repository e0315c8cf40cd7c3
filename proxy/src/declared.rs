//! The envelope's `placeholders`: for each string of `params`, `headers`, `form` and `json`, the
//! secret names the template's own text wrote there. The proxy fills a string in only when the
//! placeholders it holds are exactly those
//! ([`sidebar_widgets_wire::placeholder::check_declared`]): a value the sidebar substituted into
//! the template (a customer's name, an API's answer, the agent's input) that happens to read
//! `{{secret.NAME}}` is refused, never filled in.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sidebar_widgets_wire::placeholder;

use crate::error::ProxyError;

/// The groups of `placeholders`, as the envelope names them.
const GROUPS: [&str; 4] = ["params", "headers", "form", "json"];

/// What the template declared, per field. A missing field declares nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    params: BTreeMap<String, Vec<String>>,
    /// Keyed by the header's name in lower case (header names are case-insensitive).
    headers: BTreeMap<String, Vec<String>>,
    form: BTreeMap<String, Vec<String>>,
    /// Keyed by the RFC 6901 JSON Pointer of a string inside `json` (`/auth/key`, `/items/0`).
    json: BTreeMap<String, Vec<String>>,
}

fn bad(message: String) -> ProxyError {
    ProxyError::bad_request(message)
}

fn names_list(group: &str, key: &str, value: &Value) -> Result<Vec<String>, ProxyError> {
    let Value::Array(items) = value else {
        return Err(bad(format!(
            "\"placeholders.{group}\" must map each key to an array of secret names (\"{key}\" does not)"
        )));
    };
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(name) if placeholder::valid_name(name) => names.push(name.clone()),
            _ => {
                return Err(bad(format!(
                    "\"placeholders.{group}\" lists, for \"{key}\", something that is not a secret name (letters, digits, _ and -)"
                )))
            }
        }
    }
    Ok(names)
}

fn group(
    object: &Map<String, Value>,
    name: &str,
    lower_keys: bool,
) -> Result<BTreeMap<String, Vec<String>>, ProxyError> {
    let entries = match object.get(name) {
        None | Some(Value::Null) => return Ok(BTreeMap::new()),
        Some(Value::Object(entries)) => entries,
        Some(_) => {
            return Err(bad(format!(
                "\"placeholders.{name}\" must be an object of arrays of secret names"
            )))
        }
    };
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        let names = names_list(name, key, value)?;
        let key = if lower_keys { key.to_ascii_lowercase() } else { key.clone() };
        if out.insert(key, names).is_some() {
            return Err(bad(format!(
                "\"placeholders.{name}\" names one header twice (header names are case-insensitive)"
            )));
        }
    }
    Ok(out)
}

impl Declared {
    /// Reads the envelope's `placeholders` (missing or null: nothing declared).
    pub fn parse(value: Option<&Value>) -> Result<Declared, ProxyError> {
        let object = match value {
            None | Some(Value::Null) => return Ok(Declared::default()),
            Some(Value::Object(object)) => object,
            Some(_) => {
                return Err(bad(
                    "\"placeholders\" must be an object with \"params\", \"headers\", \"form\" and \"json\"".into(),
                ))
            }
        };
        if let Some(unknown) = object.keys().find(|k| !GROUPS.contains(&k.as_str())) {
            return Err(bad(format!(
                "\"placeholders\" has an unknown group \"{}\": use \"params\", \"headers\", \"form\" or \"json\"",
                unknown.chars().take(40).collect::<String>()
            )));
        }
        Ok(Declared {
            params: group(object, "params", false)?,
            headers: group(object, "headers", true)?,
            form: group(object, "form", false)?,
            json: group(object, "json", false)?,
        })
    }

    /// The placeholders declared for the query parameter `key` (none if not listed).
    pub fn param(&self, key: &str) -> &[String] {
        self.params.get(key).map_or(&[], Vec::as_slice)
    }

    /// The placeholders declared for the header `name`, in any case.
    pub fn header(&self, name: &str) -> &[String] {
        self.headers.get(&name.to_ascii_lowercase()).map_or(&[], Vec::as_slice)
    }

    /// The placeholders declared for the form field `key`.
    pub fn form(&self, key: &str) -> &[String] {
        self.form.get(key).map_or(&[], Vec::as_slice)
    }

    /// `pointer`: RFC 6901, as [`pointer_push`] builds it.
    pub fn json(&self, pointer: &str) -> &[String] {
        self.json.get(pointer).map_or(&[], Vec::as_slice)
    }
}

/// Refuses `value` (a 400 naming the field as `what`, never the value) unless its placeholders
/// are well-formed and exactly `declared`.
pub fn check(
    value: &str,
    declared: &[String],
    what: &dyn std::fmt::Display,
) -> Result<(), ProxyError> {
    if let Err(malformed) = placeholder::parse(value) {
        return Err(bad(format!("{what} holds {malformed}")));
    }
    placeholder::check_declared(value, declared).map_err(|undeclared| {
        let found = placeholder::names(value).map_or(0, |n| n.len());
        if found < declared.len() {
            bad(format!(
                "{what} lacks a {{{{secret.NAME}}}} placeholder that the template wrote there (data substituted into the template may have replaced it)"
            ))
        } else {
            bad(format!(
                "{what} {undeclared}; the template lists the placeholders it writes in the envelope's \"placeholders\""
            ))
        }
    })
}

/// `pointer` extended by one reference token, escaped as RFC 6901 says (`~` as `~0`, `/` as
/// `~1`).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes() {
        let d = Declared::parse(Some(&json!({
            "params": {"q": ["a"]}, "headers": {"X-Key": ["k", "k"]}, "form": null,
            "json": {"/a~1b/0": ["j"]}
        })))
        .unwrap();
        assert_eq!(d.param("q"), ["a"]);
        assert_eq!(d.header("x-key"), ["k", "k"]);
        assert!(d.param("Q").is_empty() && d.form("q").is_empty());
        assert_eq!(d.json(&pointer_push(&pointer_push("", "a/b"), "0")), ["j"]);
        assert_eq!(Declared::parse(None).unwrap(), Declared::default());
        for bad in [
            json!([]),
            json!({"param": {}}),
            json!({"params": []}),
            json!({"params": {"q": "a"}}),
            json!({"params": {"q": [1]}}),
            json!({"params": {"q": ["a.b"]}}),
            json!({"params": {"q": [""]}}),
            json!({"headers": {"X-A": [], "x-a": []}}),
        ] {
            assert_eq!(Declared::parse(Some(&bad)).unwrap_err().status.as_u16(), 400, "{bad}");
        }
    }

    #[test]
    fn only_declared_placeholders_pass_and_the_value_is_never_named() {
        let k = vec!["k".to_string()];
        assert!(check("Bearer {{secret.k}}", &k, &"the header A").is_ok());
        let e = check("{{secret.k}} {{secret.k}}", &k, &"the header A").unwrap_err();
        assert!(e.message.starts_with("the header A holds a {{secret.NAME}} placeholder"));
        assert!(check("{{secret.k}", &[], &"x").unwrap_err().message.contains("malformed"));
        let e = check("John Doe", &k, &"the param \"q\"").unwrap_err();
        assert!(e.message.starts_with("the param \"q\" lacks a {{secret.NAME}}"), "{e}");
    }
}
