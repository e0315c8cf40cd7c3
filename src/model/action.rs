//! Custom action buttons (SPEC 3): `{label, action: {method, url, params, headers, body}}`.
//!
//! Read leniently, like the template: missing lists are empty, numbers and booleans used as values
//! become their text, unknown keys are ignored, and `params`/`headers`/form items may also be
//! written as a plain `{key: value}` object (sent, not editable). A shape that would change what is
//! sent (`"params": 5`, an unknown method or content type) is a short message for the author.

use super::json::Json;

/// A dropdown lists at most this many choices.
pub const MAX_CHOICES: usize = 10;

/// The HTTP methods an action may use: the rule the proxy shares.
pub use sidebar_widgets_wire::Method;

/// A template's method: case-insensitive, empty for GET (as Gorgias reads it); `None` for any
/// other than GET, POST, PUT, PATCH and DELETE.
pub fn parse_method(s: &str) -> Option<Method> {
    if s.trim().is_empty() {
        Some(Method::Get)
    } else {
        Method::parse(s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Text,
    Dropdown,
}

/// One `{key, label, value, editable, mandatory, type}` item of `params`, `headers` or the form body.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionParam {
    pub key: String,
    pub label: String,
    /// For a dropdown: the choices, separated by `;`.
    pub value: String,
    pub editable: bool,
    pub mandatory: bool,
    pub kind: ParamKind,
}

impl ActionParam {
    /// The label, or the key when the label is empty.
    pub fn display_label(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.key
        } else {
            &self.label
        }
    }

    /// A dropdown's choices: the value split on `;`, trimmed, empties dropped, at most 10.
    /// Empty for a text item.
    pub fn choices(&self) -> Vec<String> {
        if self.kind != ParamKind::Dropdown {
            return Vec::new();
        }
        self.value
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .take(MAX_CHOICES)
            .map(String::from)
            .collect()
    }

    /// Whether the "Edit fields" form shows this item: editable, or a dropdown.
    /// Other items are sent but never shown (they may hold API keys).
    pub fn shown(&self) -> bool {
        self.editable || self.kind == ParamKind::Dropdown
    }

    /// What the form is pre-filled with and what is sent without an edit: the value, or for a
    /// dropdown its first choice when mandatory, else nothing.
    pub fn initial_value(&self) -> String {
        match self.kind {
            ParamKind::Text => self.value.clone(),
            ParamKind::Dropdown if self.mandatory => {
                self.choices().into_iter().next().unwrap_or_default()
            }
            ParamKind::Dropdown => String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`: the `application/json` object.
    Json,
    /// `application/x-www-form-urlencoded`: the form items.
    Form,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub method: Method,
    pub url: String,
    pub params: Vec<ActionParam>,
    pub headers: Vec<ActionParam>,
    /// `body["application/x-www-form-urlencoded"]`.
    pub form: Vec<ActionParam>,
    /// `body["application/json"]`, an object (missing or null: `{}`).
    pub json: Json,
    pub body_kind: BodyKind,
    /// Whether the URL template writes its origin itself (not from a variable): only then may
    /// non-editable items (API keys) be sent (SPEC 7).
    pub literal_origin: bool,
}

/// Which list an item is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldGroup {
    Params,
    Headers,
    Form,
}

/// A stable name for one item of an action: its list and its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldRef {
    pub group: FieldGroup,
    pub index: usize,
}

impl FieldRef {
    /// `params.0`, `headers.1`, `form.2`: the item's name in the "Edit fields" form.
    pub fn name(self) -> String {
        let group = match self.group {
            FieldGroup::Params => "params",
            FieldGroup::Headers => "headers",
            FieldGroup::Form => "form",
        };
        format!("{group}.{}", self.index)
    }

    /// The item a form element's name refers to.
    pub fn from_name(name: &str) -> Option<FieldRef> {
        let (group, index) = name.split_once('.')?;
        let group = match group {
            "params" => FieldGroup::Params,
            "headers" => FieldGroup::Headers,
            "form" => FieldGroup::Form,
            _ => return None,
        };
        Some(FieldRef { group, index: index.parse().ok()? })
    }
}

impl Action {
    /// Whether a form body is sent (POST/PUT/PATCH with `application/x-www-form-urlencoded`).
    pub fn sends_form(&self) -> bool {
        self.method.sends_body() && self.body_kind == BodyKind::Form
    }

    /// Every item that is sent, in the order params, headers, form. Form items count only when
    /// a form body is sent (a GET or a JSON body never sends them, so they are never asked for).
    pub fn items(&self) -> impl Iterator<Item = (FieldRef, &ActionParam)> {
        let form: &[ActionParam] = if self.sends_form() { &self.form } else { &[] };
        [
            (FieldGroup::Params, self.params.as_slice()),
            (FieldGroup::Headers, self.headers.as_slice()),
            (FieldGroup::Form, form),
        ]
        .into_iter()
        .flat_map(|(group, list)| {
            list.iter().enumerate().map(move |(index, p)| (FieldRef { group, index }, p))
        })
    }

    /// Whether clicking opens the "Edit fields" form: some item is editable or a dropdown.
    pub fn needs_form(&self) -> bool {
        self.items().any(|(_, p)| p.shown())
    }

    /// The items the form shows, in the order params, headers, form.
    pub fn editable_fields(&self) -> Vec<(FieldRef, &ActionParam)> {
        self.items().filter(|(_, p)| p.shown()).collect()
    }

    /// The item a [`FieldRef`] names, if any.
    pub fn field(&self, r: FieldRef) -> Option<&ActionParam> {
        match r.group {
            FieldGroup::Params => &self.params,
            FieldGroup::Headers => &self.headers,
            FieldGroup::Form => &self.form,
        }
        .get(r.index)
    }
}

/// A custom button: its label (with variables) and its action.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomButton {
    pub label: String,
    pub action: Action,
}

/// Reads one `meta.custom.buttons[i]`.
pub fn parse_button(v: &Json) -> Result<CustomButton, String> {
    let Json::Object(o) = v else {
        return Err(format!("a button must be an object {{label, action}}, not {}", v.kind_name()));
    };
    let label = o.get("label").map(Json::to_text).unwrap_or_default();
    let action = parse_action(o.get("action").unwrap_or(&Json::Null));
    match action {
        Err(e) if !label.is_empty() => Err(format!("button \"{label}\": {e}")),
        a => Ok(CustomButton { label, action: a? }),
    }
}

/// Whether a URL template writes its origin (scheme, host, port) itself, rather than taking it
/// from a variable: `https://api.example/{{id}}` does, `{{order.admin_url}}/cancel` and
/// `https://{{shop}}.example/` do not.
pub fn literal_origin(template: &str) -> bool {
    let t = template.trim();
    let Some((scheme, rest)) = t.split_once("://") else { return false };
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    !scheme.contains("{{")
        && !authority.is_empty()
        && !authority.contains("{{")
        && !authority.contains("}}")
}

/// Reads one `{method, url, params, headers, body}`.
pub fn parse_action(v: &Json) -> Result<Action, String> {
    let Json::Object(o) = v else {
        return Err(format!(
            "\"action\" must be an object {{method, url, ...}}, not {}",
            v.kind_name()
        ));
    };
    let method = match o.get("method") {
        None | Some(Json::Null) => Method::Get,
        Some(m) => m
            .as_str()
            .and_then(parse_method)
            .ok_or_else(|| format!("unknown method {m}: use GET, POST, PUT, PATCH or DELETE"))?,
    };
    let url = match o.get("url") {
        Some(Json::String(s)) if !s.trim().is_empty() => s.to_string(),
        _ => return Err("the action has no \"url\"".into()),
    };
    let body = match o.get("body") {
        None | Some(Json::Null) => None,
        Some(Json::Object(b)) => Some(b),
        Some(other) => {
            return Err(format!("\"body\" must be an object, not {}", other.kind_name()))
        }
    };
    let body_get = |k: &str| body.and_then(|b| b.get(k));
    let ct =
        body_get("contentType").and_then(Json::as_str).unwrap_or("").trim().to_ascii_lowercase();
    let body_kind = if ct.is_empty() || ct.starts_with("application/json") {
        BodyKind::Json
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        BodyKind::Form
    } else {
        return Err(format!(
            "unsupported body contentType \"{ct}\": use application/json or application/x-www-form-urlencoded"
        ));
    };
    let json = match body_get("application/json") {
        None | Some(Json::Null) => Json::object(Vec::<(String, Json)>::new()),
        Some(j @ Json::Object(_)) => j.clone(),
        Some(other) => {
            return Err(format!(
                "body \"application/json\" must be an object, not {}",
                other.kind_name()
            ))
        }
    };
    Ok(Action {
        method,
        literal_origin: literal_origin(&url),
        url,
        params: parse_items(o.get("params"), "params")?,
        headers: parse_items(o.get("headers"), "headers")?,
        form: parse_items(
            body_get("application/x-www-form-urlencoded"),
            "body \"application/x-www-form-urlencoded\"",
        )?,
        json,
        body_kind,
    })
}

fn parse_items(v: Option<&Json>, what: &str) -> Result<Vec<ActionParam>, String> {
    let item = |key: String, value: &Json| ActionParam {
        key,
        label: String::new(),
        value: value.to_text(),
        editable: false,
        mandatory: false,
        kind: ParamKind::Text,
    };
    match v {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Object(m)) => Ok(m.iter().map(|(k, v)| item(k.to_string(), v)).collect()),
        Some(Json::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let Json::Object(o) = it else {
                    return Err(format!(
                        "{what}[{i}] must be an object {{key, value, ...}}, not {}",
                        it.kind_name()
                    ));
                };
                let text = |k: &str| o.get(k).map(Json::to_text).unwrap_or_default();
                let flag = |k: &str| text(k) == "true";
                let kind = if text("type").trim().eq_ignore_ascii_case("dropdown") {
                    ParamKind::Dropdown
                } else {
                    ParamKind::Text
                };
                Ok(ActionParam {
                    label: text("label"),
                    editable: flag("editable"),
                    mandatory: flag("mandatory"),
                    kind,
                    ..item(text("key"), o.get("value").unwrap_or(&Json::Null))
                })
            })
            .collect(),
        Some(other) => Err(format!("\"{what}\" must be a list, not {}", other.kind_name())),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::j as json;

    /// The two buttons of the seed's "Custom actions" section, exactly as written there (the
    /// fixture the end-to-end tests share).
    pub(crate) fn seed_buttons() -> Json {
        Json::parse(include_str!("../../tests/fixtures/seed-buttons.json")).unwrap()
    }

    #[test]
    fn seed_buttons_parse() {
        let v = seed_buttons();
        let b1 = parse_button(&v[0]).unwrap();
        assert_eq!(b1.label, "My 1st action");
        assert_eq!(b1.action.method, Method::Get);
        assert_eq!(b1.action.url, "https://test-manuel.ngrok.io/posts");
        assert_eq!(b1.action.body_kind, BodyKind::Json);
        assert_eq!(b1.action.json, json!({}));
        assert!(b1.action.params.is_empty() && b1.action.form.is_empty());
        let h = &b1.action.headers[0];
        assert_eq!(
            (h.key.as_str(), h.label.as_str(), h.value.as_str()),
            ("cryptic_key", "Secret key", "l337_5p34k")
        );
        assert!(h.editable && h.mandatory && h.kind == ParamKind::Text);
        assert!(b1.action.needs_form());
        let fields = b1.action.editable_fields();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].0, FieldRef { group: FieldGroup::Headers, index: 0 });

        let b2 = parse_button(&v[1]).unwrap();
        assert_eq!(b2.label, "My 2rd action");
        assert_eq!(b2.action.method, Method::Post);
        assert_eq!(b2.action.body_kind, BodyKind::Form);
        assert_eq!(b2.action.form[0].key, "user");
        assert_eq!(b2.action.form[0].value, "{{ticket.customer.name}}");
        assert!(!b2.action.needs_form());
        assert!(b2.action.editable_fields().is_empty());
    }

    #[test]
    fn methods_parse_case_insensitively() {
        assert_eq!(parse_method("post"), Some(Method::Post));
        assert_eq!(parse_method(" Patch "), Some(Method::Patch));
        assert_eq!(parse_method("delete"), Some(Method::Delete));
        assert_eq!(parse_method("PUT"), Some(Method::Put));
        assert_eq!(parse_method(""), Some(Method::Get));
        assert_eq!(parse_method("HEAD"), None);
        assert!(
            Method::Put.sends_body() && !Method::Delete.sends_body() && !Method::Get.sends_body()
        );
        assert_eq!(Method::Patch.as_str(), "PATCH");
        let e = parse_action(&json!({"url": "https://x.y", "method": "FETCH"})).unwrap_err();
        assert!(e.contains("FETCH") && e.contains("GET, POST"), "{e}");
        assert_eq!(parse_action(&json!({"url": "https://x.y"})).unwrap().method, Method::Get);
    }

    #[test]
    fn wrong_shapes_are_short_messages() {
        assert!(parse_button(&json!("x")).unwrap_err().contains("must be an object"));
        assert!(parse_button(&json!({"label": "Go"}))
            .unwrap_err()
            .starts_with("button \"Go\": \"action\" must be"));
        assert!(parse_action(&json!({})).unwrap_err().contains("url"));
        assert!(parse_action(&json!({"url": "https://x.y", "params": 5}))
            .unwrap_err()
            .contains("\"params\" must be a list"));
        assert!(parse_action(&json!({"url": "https://x.y", "headers": [1]}))
            .unwrap_err()
            .contains("headers[0]"));
        assert!(parse_action(&json!({"url": "https://x.y", "body": []}))
            .unwrap_err()
            .contains("body"));
        let e = parse_action(&json!({"url": "https://x.y", "body": {"contentType": "text/xml"}}))
            .unwrap_err();
        assert!(e.contains("text/xml"), "{e}");
        let e = parse_action(&json!({"url": "https://x.y", "body": {"application/json": [1]}}))
            .unwrap_err();
        assert!(e.contains("application/json"), "{e}");
    }

    #[test]
    fn lenient_values_and_shapes() {
        let a = parse_action(&json!({
            "url": "https://x.y",
            "method": "post",
            "body": {"contentType": "application/x-www-form-urlencoded; charset=utf-8", "application/json": null},
            "params": [{"key": "n", "value": 5}, {"key": "b", "value": true, "editable": "true"}, {"key": "z", "value": null}],
            "headers": {"X-Api": "k", "X-N": 1},
        }))
        .unwrap();
        assert_eq!(a.body_kind, BodyKind::Form);
        assert_eq!(a.json, json!({}));
        assert_eq!(a.params[0].value, "5");
        assert_eq!(a.params[1].value, "true");
        assert!(a.params[1].editable);
        assert_eq!(a.params[2].value, "");
        assert_eq!(a.headers.len(), 2);
        assert_eq!(a.headers[1].value, "1");
        assert!(!a.headers[0].editable);
    }

    #[test]
    fn dropdown_choices() {
        let a = parse_action(&json!({"url": "https://x.y", "params": [
            {"key": "reason", "value": " a ; b;;c ; ", "type": "dropdown"},
            {"key": "many", "value": "1;2;3;4;5;6;7;8;9;10;11;12", "type": "Dropdown", "mandatory": true},
            {"key": "t", "value": "x;y"}
        ]}))
        .unwrap();
        let p = &a.params;
        assert_eq!(p[0].choices(), vec!["a", "b", "c"]);
        assert_eq!(p[0].initial_value(), "");
        assert_eq!(p[1].choices().len(), 10);
        assert_eq!(p[1].initial_value(), "1");
        assert!(p[2].choices().is_empty());
        assert_eq!(p[2].initial_value(), "x;y");
        // a dropdown opens the form even when not editable
        assert!(a.needs_form());
        assert_eq!(a.editable_fields().len(), 2);
    }

    #[test]
    fn field_names_read_back() {
        for group in [FieldGroup::Params, FieldGroup::Headers, FieldGroup::Form] {
            let r = FieldRef { group, index: 3 };
            assert_eq!(FieldRef::from_name(&r.name()), Some(r));
        }
        for bad in ["", "params", "params.x", "cookies.1", "form.-1"] {
            assert_eq!(FieldRef::from_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn display_label_falls_back_to_key() {
        let a = parse_action(
            &json!({"url": "https://x.y", "params": [{"key": "k", "label": " "}, {"key": "k", "label": "L"}]}),
        )
        .unwrap();
        assert_eq!(a.params[0].display_label(), "k");
        assert_eq!(a.params[1].display_label(), "L");
    }

    #[test]
    fn editable_fields_in_order_and_form_only_when_sent() {
        let item = serde_json::json!([{"key": "a", "editable": true}, {"key": "b"}, {"key": "c", "editable": true}]);
        let mut v = serde_json::json!({"url": "https://x.y", "method": "PUT", "params": item, "headers": item,
            "body": {"contentType": "application/x-www-form-urlencoded", "application/x-www-form-urlencoded": item}});
        let a = parse_action(&Json::from(v.clone())).unwrap();
        let refs: Vec<_> =
            a.editable_fields().iter().map(|(r, p)| (r.group, r.index, p.key.clone())).collect();
        assert_eq!(
            refs,
            vec![
                (FieldGroup::Params, 0, "a".to_string()),
                (FieldGroup::Params, 2, "c".into()),
                (FieldGroup::Headers, 0, "a".into()),
                (FieldGroup::Headers, 2, "c".into()),
                (FieldGroup::Form, 0, "a".into()),
                (FieldGroup::Form, 2, "c".into()),
            ]
        );
        assert_eq!(
            a.field(FieldRef { group: FieldGroup::Form, index: 1 }).map(|p| p.key.as_str()),
            Some("b")
        );
        assert!(a.field(FieldRef { group: FieldGroup::Form, index: 9 }).is_none());
        // a GET never sends its form items, so it never asks for them
        v["method"] = serde_json::json!("GET");
        v["params"] = serde_json::json!([]);
        v["headers"] = serde_json::json!([]);
        assert!(!parse_action(&Json::from(v)).unwrap().needs_form());
    }
}
