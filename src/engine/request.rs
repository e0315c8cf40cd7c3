//! Building the HTTP requests of custom actions (SPEC 3) and integrations (SPEC 5): pure functions,
//! the browser side only sends what they return.

use crate::engine::safety::safe_http_url;
use crate::engine::vars::{interpolate, interpolate_url, percent_encode, value_to_text, Scope};
use crate::model::action::{Action, ActionParam, BodyKind, FieldGroup, FieldRef, Method, ParamKind};
use crate::model::integration::Integration;
use serde_json::{Map, Value};
use std::fmt;

pub const JSON: &str = "application/json";
pub const FORM: &str = "application/x-www-form-urlencoded";

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// The `Content-Type` of the body; `None` when there is no body.
    pub content_type: Option<String>,
}

/// Why a request is not sent.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestError {
    /// A mandatory item is empty: its label.
    MissingMandatory(String),
    /// The URL (as resolved) is not `http:`/`https:`.
    RefusedUrl(String),
    InvalidAction(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::MissingMandatory(label) => {
                write!(f, "\"{label}\" is required: fill it in, then execute again.")
            }
            RequestError::RefusedUrl(url) => {
                let mut shown: String = url.chars().take(80).collect();
                if shown.len() < url.len() {
                    shown.push('…');
                }
                write!(f, "Not sent: only http:// and https:// URLs are requested (the URL is \"{shown}\").")
            }
            RequestError::InvalidAction(m) => write!(f, "Not sent: {m}."),
        }
    }
}

/// An action with every variable resolved (same shape, so the form can be pre-filled from it).
pub type ResolvedAction = Action;

/// Resolves variables in the URL (values percent-encoded, see [`resolve_url`]), in every item's
/// value and label, and in every string nested in the JSON body (other JSON values kept).
pub fn resolve_action(action: &Action, scope: &Scope) -> ResolvedAction {
    let items = |list: &[ActionParam]| -> Vec<ActionParam> {
        list.iter()
            .map(|p| ActionParam {
                label: interpolate(&p.label, scope),
                value: interpolate(&p.value, scope),
                ..p.clone()
            })
            .collect()
    };
    Action {
        method: action.method,
        url: resolve_url(&action.url, scope),
        params: items(&action.params),
        headers: items(&action.headers),
        form: items(&action.form),
        json: resolve_json(&action.json, scope),
        body_kind: action.body_kind,
    }
}

/// A URL template with its variables resolved and percent-encoded. **(ext)** A variable that opens
/// the URL (`{{order.status_url}}?lang=fr`) is the URL's base and is not encoded.
pub fn resolve_url(template: &str, scope: &Scope) -> String {
    let t = template.trim();
    if t.starts_with("{{") {
        if let Some(i) = t.find("}}") {
            let mut cut = i + 2;
            if t.starts_with("{{{") && t.get(cut..).is_some_and(|r| r.starts_with('}')) {
                cut += 1;
            }
            if let (Some(head), Some(tail)) = (t.get(..cut), t.get(cut..)) {
                return interpolate(head, scope) + &interpolate_url(tail, scope);
            }
        }
    }
    interpolate_url(t, scope)
}

/// Every string in a JSON value with its variables resolved; other values as they are.
pub fn resolve_json(v: &Value, scope: &Scope) -> Value {
    match v {
        Value::String(s) => Value::String(interpolate(s, scope)),
        Value::Array(a) => Value::Array(a.iter().map(|x| resolve_json(x, scope)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), resolve_json(x, scope))).collect()),
        other => other.clone(),
    }
}

/// What is sent, once the agent's edits are applied and checked.
struct Prepared {
    url: String,
    params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    form: Vec<(String, String)>,
}

fn prepare(a: &Action, edits: &[(FieldRef, String)]) -> Result<Prepared, RequestError> {
    let url = safe_http_url(&a.url).ok_or_else(|| RequestError::RefusedUrl(a.url.clone()))?;
    let mut p = Prepared { url, params: Vec::new(), headers: Vec::new(), form: Vec::new() };
    for (r, item) in a.items() {
        let label = item.display_label();
        // Only items the form shows can be edited; the last edit of an item wins.
        let value = match edits.iter().rev().find(|(e, _)| *e == r) {
            Some((_, v)) if item.shown() => v.clone(),
            _ => item.initial_value(),
        };
        if item.kind == ParamKind::Dropdown && !value.is_empty() && !item.choices().contains(&value) {
            return Err(RequestError::InvalidAction(format!("\"{value}\" is not one of the choices of \"{label}\"")));
        }
        if item.mandatory && value.trim().is_empty() {
            return Err(RequestError::MissingMandatory(label.to_string()));
        }
        let key = item.key.trim();
        if key.is_empty() {
            continue;
        }
        let list = match r.group {
            FieldGroup::Params => &mut p.params,
            FieldGroup::Headers => {
                check_header(key, &value)?;
                &mut p.headers
            }
            FieldGroup::Form => &mut p.form,
        };
        list.push((key.to_string(), value));
    }
    Ok(p)
}

/// `fetch` throws on a header name that is not a token or a value with line breaks or characters
/// beyond U+00FF: say so instead.
fn check_header(key: &str, value: &str) -> Result<(), RequestError> {
    let token = key.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let value_ok = value.chars().all(|c| c <= '\u{ff}' && c != '\r' && c != '\n' && c != '\0');
    if token && value_ok {
        Ok(())
    } else {
        let what = if token { "value" } else { "name" };
        Err(RequestError::InvalidAction(format!("header \"{key}\" has a {what} HTTP headers cannot carry")))
    }
}

/// Builds the request of a resolved action with the agent's edits (values typed in the form).
/// Checks the URL, dropdown choices and mandatory items; `params` are appended to the URL's query
/// (keeping its query and `#fragment`); only POST, PUT and PATCH send a body.
pub fn build_request(resolved: &Action, edits: &[(FieldRef, String)]) -> Result<HttpRequest, RequestError> {
    let p = prepare(resolved, edits)?;
    let (body, content_type) = match (resolved.method.sends_body(), resolved.body_kind) {
        (false, _) => (None, None),
        (true, BodyKind::Json) => (Some(resolved.json.to_string()), Some(JSON)),
        (true, BodyKind::Form) => (Some(form_encode(&p.form)), Some(FORM)),
    };
    Ok(HttpRequest {
        method: resolved.method.as_str().into(),
        url: with_query(&p.url, &p.params),
        headers: p.headers,
        body,
        content_type: content_type.map(String::from),
    })
}

/// `url` with `key=value` pairs (percent-encoded, spaces as `%20`) appended to its query.
pub fn with_query(url: &str, params: &[(String, String)]) -> String {
    if params.is_empty() {
        return url.to_string();
    }
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let mut out = base.to_string();
    if !base.contains('?') {
        out.push('?');
    } else if !base.ends_with(['?', '&']) {
        out.push('&');
    }
    let query: Vec<String> =
        params.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
    out.push_str(&query.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// `application/x-www-form-urlencoded`: UTF-8 bytes percent-encoded, spaces as `+`.
pub fn form_encode(pairs: &[(String, String)]) -> String {
    // `percent_encode` turns `%` into `%25`, so `%20` can only be a space.
    let enc = |s: &str| percent_encode(s).replace("%20", "+");
    let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    parts.join("&")
}

/// **(ext)** The JSON the sidebar POSTs to the host's `actionProxy` instead of sending `req` itself:
///
/// ```text
/// { "method": "POST",                      // req.method
///   "url": "https://x.y/a?keep=1",         // the resolved URL, WITHOUT the params merged in
///   "params":  {"key": "value", ...},      // query parameters to add (edits applied)
///   "headers": {"key": "value", ...},      // req.headers
///   "form":    {"key": "value", ...} | null,   // the form body's fields (form bodies only)
///   "json":    {...} | null,               // the resolved JSON body (JSON bodies only)
///   "content_type": "application/json" | "application/x-www-form-urlencoded" | null }
/// ```
///
/// Values are plain (not encoded) strings; of two items with one key the last wins. Call it with a
/// `req` that [`build_request`] returned for the same `resolved` and `edits`.
pub fn proxy_envelope(req: &HttpRequest, resolved: &Action, edits: &[(FieldRef, String)]) -> Value {
    let obj = |pairs: &[(String, String)]| -> Value {
        Value::Object(pairs.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
    };
    let (url, params, form) = match prepare(resolved, edits) {
        Ok(p) => (p.url, obj(&p.params), obj(&p.form)),
        Err(_) => (req.url.clone(), Value::Object(Map::new()), Value::Object(Map::new())),
    };
    let ct = req.content_type.as_deref();
    serde_json::json!({
        "method": req.method,
        "url": url,
        "params": params,
        "headers": obj(&req.headers),
        "form": if ct == Some(FORM) { form } else { Value::Null },
        "json": if ct == Some(JSON) { resolved.json.clone() } else { Value::Null },
        "content_type": ct,
    })
}

/// The request that loads an integration's data (SPEC 5): URL and headers with variables resolved
/// (URL values percent-encoded), the method (GET by default) and, for other methods, the `form`
/// with its strings resolved as the body, in `request_content_type` (JSON unless form-encoded).
pub fn integration_request(integration: &Integration, scope: &Scope) -> Result<HttpRequest, RequestError> {
    let h = &integration.http;
    let url = resolve_url(&h.url, scope);
    let url = safe_http_url(&url).ok_or(RequestError::RefusedUrl(url))?;
    let method = Method::parse(&h.method)
        .ok_or_else(|| RequestError::InvalidAction(format!("the integration's method \"{}\" is unknown", h.method)))?;
    let mut headers = Vec::new();
    for (k, v) in &h.headers {
        let value = match v {
            Value::String(s) => interpolate(s, scope),
            other => value_to_text(other),
        };
        let key = k.trim();
        if !key.is_empty() {
            check_header(key, &value)?;
            headers.push((key.to_string(), value));
        }
    }
    let form = h.form.as_ref().filter(|f| method != Method::Get && !f.is_null());
    let (body, content_type) = match form.map(|f| resolve_json(f, scope)) {
        None => (None, None),
        Some(f) if h.request_content_type.trim().to_ascii_lowercase().starts_with(FORM) => {
            let Value::Object(o) = f else {
                return Err(RequestError::InvalidAction(
                    "the integration's form must be an object to be form-encoded".into(),
                ));
            };
            let pairs: Vec<(String, String)> = o.iter().map(|(k, v)| (k.clone(), value_to_text(v))).collect();
            (Some(form_encode(&pairs)), Some(FORM))
        }
        Some(f) => (Some(f.to_string()), Some(JSON)),
    };
    Ok(HttpRequest { method: method.as_str().into(), url, headers, body, content_type: content_type.map(String::from) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::action::tests::seed_buttons;
    use crate::model::action::{parse_action, parse_button};
    use serde_json::json;

    struct Ctx {
        data: Value,
        ticket: Value,
        customer: Value,
        user: Value,
    }

    fn ctx() -> Ctx {
        Ctx {
            data: json!({"id": 42, "name": "Order #42", "status_url": "https://shop.example/s/42?t=a b"}),
            ticket: json!({"id": 789, "customer": {"name": "John Doe", "email": "john+vip@example.com"}}),
            customer: json!({"name": "John Doe", "email": "john+vip@example.com"}),
            user: json!({"name": "Grace Hopper", "firstname": "Grace", "lastname": "Hopper", "email": "grace@helpdesk.example"}),
        }
    }

    fn scope(c: &Ctx) -> Scope<'_> {
        Scope {
            data: &c.data,
            globals: vec![("ticket", &c.ticket), ("customer", &c.customer), ("current_user", &c.user)],
            tz_offset_minutes: 0,
        }
    }

    fn resolved(action: Value) -> Action {
        let c = ctx();
        resolve_action(&parse_action(&action).unwrap(), &scope(&c))
    }

    fn send(action: Value, edits: &[(FieldRef, String)]) -> Result<HttpRequest, RequestError> {
        build_request(&resolved(action), edits)
    }

    fn r(group: FieldGroup, index: usize) -> FieldRef {
        FieldRef { group, index }
    }

    #[test]
    fn seed_get_button_sends_its_secret_header_and_no_body() {
        let c = ctx();
        let b = parse_button(&seed_buttons()[0]).unwrap();
        let a = resolve_action(&b.action, &scope(&c));
        assert!(a.needs_form());
        let req = build_request(&a, &[]).unwrap();
        assert_eq!(
            req,
            HttpRequest {
                method: "GET".into(),
                url: "https://test-manuel.ngrok.io/posts".into(),
                headers: vec![("cryptic_key".into(), "l337_5p34k".into())],
                body: None,
                content_type: None,
            }
        );
        // the agent edits the secret
        let req = build_request(&a, &[(r(FieldGroup::Headers, 0), "other".into())]).unwrap();
        assert_eq!(req.headers, vec![("cryptic_key".to_string(), "other".to_string())]);
        // it is mandatory
        let e = build_request(&a, &[(r(FieldGroup::Headers, 0), "  ".into())]).unwrap_err();
        assert_eq!(e, RequestError::MissingMandatory("Secret key".into()));
        assert!(e.to_string().contains("\"Secret key\" is required"));
    }

    #[test]
    fn seed_post_button_sends_the_customer_name_form_encoded() {
        let c = ctx();
        let b = parse_button(&seed_buttons()[1]).unwrap();
        let a = resolve_action(&b.action, &scope(&c));
        assert!(!a.needs_form());
        assert_eq!(a.form[0].value, "John Doe");
        let req = build_request(&a, &[]).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(req.url, "https://gorgias-rocks.ngrok.io/comments");
        assert!(req.headers.is_empty());
        assert_eq!(req.body.as_deref(), Some("user=John+Doe"));
        assert_eq!(req.content_type.as_deref(), Some(FORM));
        // a non-editable item cannot be changed by an edit
        let req = build_request(&a, &[(r(FieldGroup::Form, 0), "Mallory".into())]).unwrap();
        assert_eq!(req.body.as_deref(), Some("user=John+Doe"));
    }

    #[test]
    fn params_join_the_existing_query_and_keep_the_fragment() {
        let params =
            json!([{"key": "q", "value": "a b&c=d"}, {"key": "n", "value": "{{id}}"}, {"key": "k y", "value": ""}]);
        let req = send(json!({"url": "https://x.y/s?keep=1#top", "params": params}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?keep=1&q=a%20b%26c%3Dd&n=42&k%20y=#top");
        let req = send(json!({"url": "https://x.y/s", "params": [{"key": "a", "value": "1"}]}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?a=1");
        let req = send(json!({"url": "https://x.y/s?", "params": [{"key": "a", "value": "1"}]}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?a=1");
        let req = send(
            json!({"url": "https://x.y/s?z=0&", "params": [{"key": "", "value": "x"}, {"key": "a", "value": "1"}]}),
            &[],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y/s?z=0&a=1");
        let req = send(json!({"url": "https://x.y/s?z=0#f"}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?z=0#f");
    }

    #[test]
    fn url_variables_are_percent_encoded() {
        let req = send(json!({"url": "https://x.y/c/{{ticket.customer.email}}?n={{name}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/c/john%2Bvip%40example.com?n=Order%20%2342");
        // (ext) a variable opening the URL is its base
        let req = send(json!({"url": "{{status_url}}&u={{name}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://shop.example/s/42?t=a b&u=Order%20%2342");
        let req = send(json!({"url": "{{{status_url}}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://shop.example/s/42?t=a b");
    }

    #[test]
    fn unicode_and_special_characters_in_form_bodies() {
        let form = json!([
            {"key": "name", "value": "Zoë 🎉"},
            {"key": "math", "value": "1+1=2 & 50%"},
            {"key": "empty", "value": ""},
            {"key": "clé", "value": "{{missing.value}}"}
        ]);
        let req = send(
            json!({"url": "https://x.y", "method": "PATCH", "body": {"contentType": FORM, "application/x-www-form-urlencoded": form}}),
            &[],
        )
        .unwrap();
        assert_eq!(req.body.as_deref(), Some("name=Zo%C3%AB+%F0%9F%8E%89&math=1%2B1%3D2+%26+50%25&empty=&cl%C3%A9="));
        assert_eq!(req.method, "PATCH");
    }

    #[test]
    fn unicode_params_and_headers() {
        let req = send(
            json!({"url": "https://x.y", "params": [{"key": "q", "value": "été 🎉"}], "headers": [{"key": "X-Name", "value": "Zoë"}]}),
            &[],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y?q=%C3%A9t%C3%A9%20%F0%9F%8E%89");
        assert_eq!(req.headers, vec![("X-Name".to_string(), "Zoë".to_string())]);
        // fetch would throw on these: refuse with a reason instead
        let e = send(json!({"url": "https://x.y", "headers": [{"key": "X-E", "value": "🎉"}]}), &[]).unwrap_err();
        assert!(matches!(&e, RequestError::InvalidAction(m) if m.contains("X-E")), "{e:?}");
        let e = send(json!({"url": "https://x.y", "headers": [{"key": "bad name", "value": "v"}]}), &[]).unwrap_err();
        assert!(e.to_string().contains("name"));
        let e = send(json!({"url": "https://x.y", "headers": [{"key": "X", "value": "a\r\nSet-Cookie: x"}]}), &[])
            .unwrap_err();
        assert!(matches!(e, RequestError::InvalidAction(_)));
        // empty header keys are skipped
        let req = send(json!({"url": "https://x.y", "headers": [{"key": " ", "value": "v"}]}), &[]).unwrap();
        assert!(req.headers.is_empty());
    }

    #[test]
    fn nested_json_bodies_keep_their_types() {
        let body = json!({
            "contentType": "application/json",
            "application/json": {
                "order": "{{id}}",
                "note": "Hi {{ticket.customer.name}}, from {{current_user.firstname}}",
                "n": 3, "x": 1.5, "ok": true, "none": null,
                "tags": ["{{name}}", 7, false, null, {"deep": "{{missing}}"}],
                "nested": {"agent": {"email": "{{current_user.email}}", "level": 2}}
            }
        });
        let req = send(json!({"url": "https://x.y", "method": "POST", "body": body}), &[]).unwrap();
        assert_eq!(req.content_type.as_deref(), Some(JSON));
        let sent: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            json!({
                "order": "42",
                "note": "Hi John Doe, from Grace",
                "n": 3, "x": 1.5, "ok": true, "none": null,
                "tags": ["Order #42", 7, false, null, {"deep": ""}],
                "nested": {"agent": {"email": "grace@helpdesk.example", "level": 2}}
            })
        );
        // an empty JSON body is `{}`
        let req = send(json!({"url": "https://x.y", "method": "PUT"}), &[]).unwrap();
        assert_eq!(req.body.as_deref(), Some("{}"));
    }

    #[test]
    fn missing_variables_are_empty() {
        let a = resolved(
            json!({"url": "https://x.y/{{nope}}", "params": [{"key": "a", "label": "{{nope}}", "value": "[{{nope.deeper}}]"}]}),
        );
        assert_eq!(a.url, "https://x.y/");
        assert_eq!(a.params[0].value, "[]");
        assert_eq!(a.params[0].label, "");
        assert_eq!(a.params[0].display_label(), "a");
    }

    #[test]
    fn current_user_variables() {
        let a = resolved(json!({"url": "https://x.y/u/{{current_user.lastname}}", "headers": [
            {"key": "X-Agent", "label": "Agent {{current_user.name}}", "value": "{{current_user.firstname}} {{current_user.lastname}} <{{current_user.email}}>"}
        ]}));
        assert_eq!(a.url, "https://x.y/u/Hopper");
        assert_eq!(a.headers[0].label, "Agent Grace Hopper");
        assert_eq!(a.headers[0].value, "Grace Hopper <grace@helpdesk.example>");
    }

    #[test]
    fn mandatory_items_must_not_be_empty() {
        let action = json!({"url": "https://x.y", "method": "POST",
            "params": [{"key": "q", "label": "Query", "value": "{{missing}}", "mandatory": true, "editable": true}],
            "body": {"contentType": FORM, "application/x-www-form-urlencoded": [{"key": "why", "value": "", "mandatory": true}]}});
        assert_eq!(send(action.clone(), &[]).unwrap_err(), RequestError::MissingMandatory("Query".into()));
        // the label falls back to the key
        assert_eq!(
            send(action.clone(), &[(r(FieldGroup::Params, 0), "x".into())]).unwrap_err(),
            RequestError::MissingMandatory("why".into())
        );
    }

    #[test]
    fn edits_override_values_and_the_last_edit_wins() {
        let a = resolved(json!({"url": "https://x.y", "method": "POST",
            "params": [{"key": "q", "value": "{{name}}", "editable": true}, {"key": "api_key", "value": "secret"}],
            "body": {"contentType": FORM, "application/x-www-form-urlencoded": [{"key": "note", "value": "", "editable": true}]}}));
        assert_eq!(a.params[0].value, "Order #42");
        let edits = [
            (r(FieldGroup::Params, 0), "first".to_string()),
            (r(FieldGroup::Params, 0), "new value".to_string()),
            (r(FieldGroup::Params, 1), "hacked".to_string()),
            (r(FieldGroup::Form, 0), "très bien".to_string()),
            (r(FieldGroup::Form, 7), "ignored".to_string()),
        ];
        let req = build_request(&a, &edits).unwrap();
        assert_eq!(req.url, "https://x.y?q=new%20value&api_key=secret");
        assert_eq!(req.body.as_deref(), Some("note=tr%C3%A8s+bien"));
    }

    #[test]
    fn dropdowns_send_a_choice() {
        let a = resolved(json!({"url": "https://x.y", "params": [
            {"key": "reason", "label": "Reason", "value": "damaged; {{name}} ;late", "type": "dropdown", "mandatory": true},
            {"key": "opt", "value": "a;b", "type": "dropdown"}
        ]}));
        assert_eq!(a.params[0].choices(), vec!["damaged", "Order #42", "late"]);
        // untouched: the mandatory one sends its first choice, the other nothing
        assert_eq!(build_request(&a, &[]).unwrap().url, "https://x.y?reason=damaged&opt=");
        let req = build_request(
            &a,
            &[(r(FieldGroup::Params, 0), "Order #42".into()), (r(FieldGroup::Params, 1), "b".into())],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y?reason=Order%20%2342&opt=b");
        let e = build_request(&a, &[(r(FieldGroup::Params, 0), "other".into())]).unwrap_err();
        assert!(matches!(&e, RequestError::InvalidAction(m) if m.contains("Reason")));
        assert_eq!(
            build_request(&a, &[(r(FieldGroup::Params, 0), "".into())]).unwrap_err(),
            RequestError::MissingMandatory("Reason".into())
        );
    }

    #[test]
    fn unsafe_urls_are_refused() {
        for url in ["javascript:alert(1)", "JavaScript:fetch('x')", "data:text/html,x", "/relative", "{{nope}}"] {
            let e = send(json!({"url": url}), &[]).unwrap_err();
            assert!(matches!(e, RequestError::RefusedUrl(_)), "{url}");
            assert!(e.to_string().contains("only http:// and https://"), "{e}");
        }
        // a variable cannot smuggle a scheme in
        let c = ctx();
        let data = json!({"u": "javascript:alert(1)"});
        let s = Scope { data: &data, ..scope(&c) };
        let a = resolve_action(&parse_action(&json!({"url": "{{u}}"})).unwrap(), &s);
        assert!(matches!(build_request(&a, &[]), Err(RequestError::RefusedUrl(_))));
        let long = format!("javascript:{}", "é".repeat(300));
        assert!(RequestError::RefusedUrl(long).to_string().chars().count() < 200);
    }

    #[test]
    fn get_and_delete_send_no_body() {
        for m in ["GET", "delete"] {
            let req = send(
                json!({"url": "https://x.y/1", "method": m, "body": {"contentType": JSON, "application/json": {"a": 1}}}),
                &[],
            )
            .unwrap();
            assert_eq!((req.body, req.content_type), (None, None));
        }
        let req = send(
            json!({"url": "https://x.y/1", "method": "DELETE", "body": {"contentType": FORM, "application/x-www-form-urlencoded": [{"key": "a", "value": "1"}]}}),
            &[],
        )
        .unwrap();
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.body, None);
    }

    #[test]
    fn proxy_envelope_shape() {
        let a = resolved(json!({"url": "https://x.y/a?keep=1", "method": "POST",
            "params": [{"key": "q", "value": "{{name}}", "editable": true}],
            "headers": [{"key": "X-Key", "value": "k"}],
            "body": {"contentType": JSON, "application/json": {"who": "{{current_user.firstname}}", "n": 1}}}));
        let edits = [(r(FieldGroup::Params, 0), "a b".to_string())];
        let req = build_request(&a, &edits).unwrap();
        assert_eq!(
            proxy_envelope(&req, &a, &edits),
            json!({
                "method": "POST",
                "url": "https://x.y/a?keep=1",
                "params": {"q": "a b"},
                "headers": {"X-Key": "k"},
                "form": null,
                "json": {"who": "Grace", "n": 1},
                "content_type": "application/json"
            })
        );
        let c = ctx();
        let b = resolve_action(&parse_button(&seed_buttons()[1]).unwrap().action, &scope(&c));
        let req = build_request(&b, &[]).unwrap();
        assert_eq!(
            proxy_envelope(&req, &b, &[]),
            json!({
                "method": "POST",
                "url": "https://gorgias-rocks.ngrok.io/comments",
                "params": {},
                "headers": {},
                "form": {"user": "John Doe"},
                "json": null,
                "content_type": FORM
            })
        );
    }

    fn loop_returns(headers: Value) -> Integration {
        Integration::from_value(&json!({
            "id": 123,
            "name": "Loop Returns",
            "type": "http",
            "http": {
                "url": "https://api.loopreturns.com/api/v2/returns?from=2010-01-01&to=2050-01-01&customer_email={{ticket.customer.email}}",
                "method": "GET",
                "headers": headers,
                "form": null,
                "triggers": {"ticket-created": true, "ticket-message-created": true, "ticket-updated": true},
                "request_content_type": "application/json",
                "response_content_type": "application/json"
            }
        }))
        .unwrap()
    }

    #[test]
    fn seed_loop_returns_integration_request() {
        let c = ctx();
        let req = integration_request(&loop_returns(json!({"X-Authorization": "sk_live_123"})), &scope(&c)).unwrap();
        assert_eq!(
            req,
            HttpRequest {
                method: "GET".into(),
                url: "https://api.loopreturns.com/api/v2/returns?from=2010-01-01&to=2050-01-01&customer_email=john%2Bvip%40example.com".into(),
                headers: vec![("X-Authorization".into(), "sk_live_123".into())],
                body: None,
                content_type: None,
            }
        );
        // the seed's placeholder is a variable nobody defines: it resolves to nothing
        let req =
            integration_request(&loop_returns(json!({"X-Authorization": "{{YOUR_LOOP_RETURNS_API_KEY}}"})), &scope(&c))
                .unwrap();
        assert_eq!(req.headers, vec![("X-Authorization".to_string(), String::new())]);
    }

    #[test]
    fn integration_bodies_methods_and_refusals() {
        let c = ctx();
        let s = scope(&c);
        let mk = |method: &str, ct: &str, url: &str| {
            Integration::from_value(&json!({"id": 1, "http": {
                "url": url, "method": method, "request_content_type": ct,
                "headers": {"X-Agent": "{{current_user.email}}", "X-N": 5},
                "form": {"email": "{{ticket.customer.email}}", "limit": 10, "vip": true}
            }}))
            .unwrap()
        };
        let req = integration_request(&mk("post", JSON, "https://api.example/q"), &s).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.headers,
            vec![("X-Agent".to_string(), "grace@helpdesk.example".to_string()), ("X-N".to_string(), "5".to_string())]
        );
        let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body, json!({"email": "john+vip@example.com", "limit": 10, "vip": true}));
        assert_eq!(req.content_type.as_deref(), Some(JSON));
        let req = integration_request(&mk("PUT", FORM, "https://api.example/q"), &s).unwrap();
        assert_eq!(req.body.as_deref(), Some("email=john%2Bvip%40example.com&limit=10&vip=true"));
        assert_eq!(req.content_type.as_deref(), Some(FORM));
        // GET (or no method) sends no body
        let req = integration_request(&mk("", JSON, "https://api.example/q"), &s).unwrap();
        assert_eq!((req.method.as_str(), req.body, req.content_type), ("GET", None, None));
        assert!(matches!(
            integration_request(&mk("GET", JSON, "javascript:alert(1)"), &s),
            Err(RequestError::RefusedUrl(_))
        ));
        assert!(matches!(
            integration_request(&mk("TRACE", JSON, "https://a.b"), &s),
            Err(RequestError::InvalidAction(_))
        ));
    }
}
