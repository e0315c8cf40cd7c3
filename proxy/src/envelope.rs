//! The JSON envelope the sidebar POSTs: what to call, with which parameters, headers and body.
//! Parsing checks shapes and types only; policy (which URLs, which secrets) is elsewhere.

use serde_json::{Map, Value};

use crate::declared::Declared;
use crate::error::ProxyError;

pub use sidebar_widgets_wire::Method;

/// The HTTP method for an envelope's method.
pub fn to_http(method: Method) -> axum::http::Method {
    match method {
        Method::Get => axum::http::Method::GET,
        Method::Post => axum::http::Method::POST,
        Method::Put => axum::http::Method::PUT,
        Method::Patch => axum::http::Method::PATCH,
        Method::Delete => axum::http::Method::DELETE,
    }
}

/// The content type of a JSON body.
pub const JSON: &str = "application/json";
/// The content type of a form body.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// The body to send upstream (before secret substitution).
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body: the method sends none (GET, DELETE), or the envelope gives none to send.
    None,
    /// The envelope's `form` fields, sent `application/x-www-form-urlencoded`.
    Form(Vec<(String, String)>),
    /// The envelope's `json` value, sent as `application/json`.
    Json(Value),
}

/// A parsed envelope (before secret substitution and URL policy).
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The method to call the upstream with.
    pub method: Method,
    /// The absolute URL to call, as written (checked by [`crate::allowlist::check_url`]).
    pub url: String,
    /// Query parameters appended to the URL, in order.
    pub params: Vec<(String, String)>,
    /// Headers to send, in order; none of those [`header_refusal`] refuses.
    pub headers: Vec<(String, String)>,
    /// The body to send.
    pub body: Body,
    /// The secret placeholders the template wrote, per field (`placeholders`).
    pub placeholders: Declared,
}

/// Header names the envelope may not set: hop-by-hop headers and those the proxy controls.
/// An envelope naming one is refused (400) rather than silently changed, so a template author
/// learns at once why a header did not arrive.
const REFUSED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "proxy-authenticate",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "cookie",
    "cookie2",
    "accept-encoding",
    "forwarded",
    "via",
    "x-real-ip",
];

/// Why `name` may not be set through the proxy, if it may not.
pub fn header_refusal(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if REFUSED_HEADERS.contains(&lower.as_str())
        || lower.starts_with("x-forwarded-")
        || lower.starts_with("proxy-")
    {
        return Some(format!(
            "the header \"{name}\" may not be set through the proxy (hop-by-hop, or controlled by the proxy)"
        ));
    }
    if axum::http::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Some(format!("\"{name}\" is not a valid HTTP header name"));
    }
    None
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An object of scalar values (`{}`, missing or null give an empty list). Numbers and booleans
/// are sent as their text; null values are skipped.
fn string_map(
    envelope: &Map<String, Value>,
    field: &str,
) -> Result<Vec<(String, String)>, ProxyError> {
    let Some(value) = envelope.get(field) else { return Ok(Vec::new()) };
    let object = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Object(o) => o,
        other => {
            return Err(ProxyError::bad_request(format!(
                "\"{field}\" must be an object of strings, not {}",
                describe(other)
            )))
        }
    };
    let mut out = Vec::with_capacity(object.len());
    for (key, v) in object {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => continue,
            other => {
                return Err(ProxyError::bad_request(format!(
                    "\"{field}.{key}\" must be a string, not {}",
                    describe(other)
                )))
            }
        };
        out.push((key.clone(), text));
    }
    Ok(out)
}

fn required_string<'a>(
    envelope: &'a Map<String, Value>,
    field: &str,
) -> Result<&'a str, ProxyError> {
    match envelope.get(field) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => {
            Err(ProxyError::bad_request(format!("the envelope has no \"{field}\"")))
        }
        Some(other) => Err(ProxyError::bad_request(format!(
            "\"{field}\" must be a string, not {}",
            describe(other)
        ))),
    }
}

/// Parses the bytes the sidebar POSTed.
pub fn parse(bytes: &[u8]) -> Result<Envelope, ProxyError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ProxyError::bad_request(format!("the request body is not valid JSON ({e})"))
    })?;
    let Value::Object(envelope) = value else {
        return Err(ProxyError::bad_request(format!(
            "the request body must be a JSON object (the envelope), not {}",
            describe(&value)
        )));
    };

    let method_text = required_string(&envelope, "method")?;
    let method = Method::parse(method_text).ok_or_else(|| {
        ProxyError::bad_request(format!(
            "unknown method \"{}\": use GET, POST, PUT, PATCH or DELETE",
            method_text.chars().take(20).collect::<String>()
        ))
    })?;
    let url = required_string(&envelope, "url")?.to_string();
    if url.trim().is_empty() {
        return Err(ProxyError::bad_request("\"url\" is empty"));
    }
    let params = string_map(&envelope, "params")?;
    let headers = string_map(&envelope, "headers")?;
    for (name, _) in &headers {
        if let Some(reason) = header_refusal(name) {
            return Err(ProxyError::bad_request(reason));
        }
    }
    let form = match envelope.get("form") {
        None | Some(Value::Null) => None,
        Some(Value::Object(_)) => Some(string_map(&envelope, "form")?),
        Some(other) => {
            return Err(ProxyError::bad_request(format!(
                "\"form\" must be an object of strings or null, not {}",
                describe(other)
            )))
        }
    };
    let json = match envelope.get("json") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.clone()),
    };
    let content_type = match envelope.get("content_type") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            let essence = s.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            match essence.as_str() {
                JSON => Some(JSON),
                FORM => Some(FORM),
                _ => {
                    return Err(ProxyError::bad_request(format!(
                        "unknown content_type \"{}\": use \"{JSON}\", \"{FORM}\" or null",
                        s.chars().take(60).collect::<String>()
                    )))
                }
            }
        }
        Some(other) => {
            return Err(ProxyError::bad_request(format!(
                "\"content_type\" must be a string or null, not {}",
                describe(other)
            )))
        }
    };

    let body = if !method.sends_body() {
        Body::None
    } else {
        match (content_type, form, json) {
            (Some(FORM), form, _) => Body::Form(form.unwrap_or_default()),
            (Some(_), _, Some(json)) => Body::Json(json),
            (Some(_), _, None) => Body::None,
            (None, Some(_), Some(_)) => {
                return Err(ProxyError::bad_request(
                    "the envelope has both \"form\" and \"json\": set \"content_type\" to say which to send",
                ))
            }
            (None, Some(form), None) => Body::Form(form),
            (None, None, Some(json)) => Body::Json(json),
            (None, None, None) => Body::None,
        }
    };

    let placeholders = Declared::parse(envelope.get("placeholders"))?;
    Ok(Envelope { method, url, params, headers, body, placeholders })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;

    fn p(v: Value) -> Result<Envelope, ProxyError> {
        parse(v.to_string().as_bytes())
    }

    #[test]
    fn full_envelope() {
        let e = p(json!({"method": "POST", "url": "https://a.b/x?keep=1", "params": {"q": "1", "n": 2},
            "headers": {"X-Key": "k"}, "form": null, "json": {"a": [1]}, "content_type": "application/json"}))
        .unwrap();
        assert_eq!(e.method, Method::Post);
        assert_eq!(e.params, vec![("n".into(), "2".into()), ("q".into(), "1".into())]);
        assert_eq!(e.body, Body::Json(json!({"a": [1]})));
    }

    #[test]
    fn get_sends_no_body_and_form_is_inferred() {
        let e = p(json!({"method": "GET", "url": "https://a.b/", "json": {"a": 1}})).unwrap();
        assert_eq!(e.body, Body::None);
        let e = p(json!({"method": "post", "url": "https://a.b/", "form": {"u": "x"}})).unwrap();
        assert_eq!(e.body, Body::Form(vec![("u".into(), "x".into())]));
    }

    #[test]
    fn refusals() {
        assert!(
            p(json!({"method": "POST", "url": "https://a.b/", "form": {}, "json": {}})).is_err()
        );
        assert!(p(json!({"method": "TRACE", "url": "https://a.b/"})).is_err());
        assert!(
            p(json!({"method": "GET", "url": "https://a.b/", "headers": {"Host": "x"}})).is_err()
        );
        assert!(p(
            json!({"method": "GET", "url": "https://a.b/", "headers": {"X-Forwarded-For": "x"}})
        )
        .is_err());
        assert!(p(json!({"method": "GET", "url": "https://a.b/", "content_type": "text/plain"}))
            .is_err());
    }
}
