//! Integrations (SPEC 5): the request that loads an integration's data, decided as an
//! [`Outgoing`] request.

use super::{check_header, checked_url, place, Body, Outgoing, RequestError, Secrets, FORM_TYPE};
use crate::engine::vars::{interpolate, resolve_json_checked, resolve_url, secret_names, Scope};
use crate::model::action::{parse_method, FieldGroup};
use crate::model::integration::Integration;
use crate::model::Json;
use sidebar_widgets_wire::placeholder::check_declared;

/// The request that loads an integration's data (SPEC 5): URL and headers with variables resolved
/// (URL values percent-encoded), the method (GET by default) and, for other methods, the `form`
/// with its strings resolved as the body, in `request_content_type` (JSON unless form-encoded).
/// The headers (API keys) are its secrets: a URL whose origin comes from a variable cannot carry
/// them.
pub fn integration_request(
    integration: &Integration,
    scope: &Scope,
) -> Result<Outgoing, RequestError> {
    let h = &integration.http;
    let url = checked_url(&resolve_url(&h.url, scope))?;
    let method = parse_method(&h.method).ok_or_else(|| {
        RequestError::InvalidAction(format!("the integration's method \"{}\" is unknown", h.method))
    })?;
    let mut out = Outgoing {
        method,
        url,
        params: Vec::new(),
        headers: Vec::new(),
        body: Body::None,
        secrets: Secrets::default(),
    };
    for (k, v) in &h.headers {
        let value = match v {
            Json::String(s) => {
                let value = interpolate(s, scope);
                if check_declared(&value, &secret_names(s)).is_err() {
                    return Err(RequestError::UndeclaredSecret(place(FieldGroup::Headers, k)));
                }
                value
            }
            other => other.to_text(),
        };
        let key = k.trim();
        if !key.is_empty() {
            check_header(key, &value)?;
            if !value.trim().is_empty() && !crate::model::action::literal_origin(&h.url) {
                return Err(RequestError::VariableOrigin);
            }
            out.secrets.add(&value);
            out.headers.push((key.to_string(), value));
        }
    }
    let form = h.form.as_ref().filter(|f| method.sends_body() && !f.is_null());
    let mut undeclared = None;
    let form = form.map(|f| resolve_json_checked(f, scope, &mut undeclared));
    if let Some(place) = undeclared {
        return Err(RequestError::UndeclaredSecret(place));
    }
    out.body = match form {
        None => Body::None,
        Some(f) if h.request_content_type.trim().to_ascii_lowercase().starts_with(FORM_TYPE) => {
            let Json::Object(o) = f else {
                return Err(RequestError::InvalidAction(
                    "the integration's form must be an object to be form-encoded".into(),
                ));
            };
            Body::Form(o.iter().map(|(k, v)| (k.to_string(), v.to_text())).collect())
        }
        Some(f) => Body::Json(f),
    };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;
    use crate::engine::vars::Scope;
    use crate::j as json;
    use crate::model::integration::Integration;
    use crate::model::Json;

    fn loop_returns(headers: Json) -> Integration {
        Integration::from_json(&json!({
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
        let req = integration_request(
            &loop_returns(json!({"X-Authorization": "sk_live_123"})),
            &scope(&c),
        )
        .and_then(|o| o.direct())
        .unwrap();
        assert_eq!(
            req,
            HttpRequest {
                method: "GET".into(),
                url: "https://api.loopreturns.com/api/v2/returns?from=2010-01-01&to=2050-01-01&customer_email=john%2Bvip%40example.com".into(),
                headers: vec![("X-Authorization".into(), "sk_live_123".into())],
                body: None,
                content_type: None,
                secrets: {
                    let mut s = Secrets::default();
                    s.add("sk_live_123");
                    s
                },
                through_proxy: false,
                follow_redirects: false,
            }
        );
        // the seed's placeholder is a variable nobody defines: it resolves to nothing
        let req = integration_request(
            &loop_returns(json!({"X-Authorization": "{{YOUR_LOOP_RETURNS_API_KEY}}"})),
            &scope(&c),
        )
        .and_then(|o| o.direct())
        .unwrap();
        assert_eq!(req.headers, vec![("X-Authorization".to_string(), String::new())]);
    }

    #[test]
    fn integration_bodies_methods_and_refusals() {
        let c = ctx();
        let s = scope(&c);
        let integration_request =
            |i: &Integration, s: &Scope| integration_request(i, s).and_then(|o| o.direct());
        let mk = |method: &str, ct: &str, url: &str| {
            Integration::from_json(&json!({"id": 1, "http": {
                "url": url, "method": method, "request_content_type": ct,
                "headers": {"X-Agent": "{{current_user.email}}", "X-N": 5},
                "form": {"email": "{{ticket.customer.email}}", "limit": 10, "vip": true}
            }}))
            .unwrap()
        };
        let req = integration_request(&mk("post", JSON_TYPE, "https://api.example/q"), &s).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.headers,
            vec![
                ("X-Agent".to_string(), "grace@helpdesk.example".to_string()),
                ("X-N".to_string(), "5".to_string())
            ]
        );
        let body = Json::parse(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body, json!({"email": "john+vip@example.com", "limit": 10, "vip": true}));
        assert_eq!(req.content_type.as_deref(), Some(JSON_TYPE));
        let req = integration_request(&mk("PUT", FORM_TYPE, "https://api.example/q"), &s).unwrap();
        assert_eq!(req.body.as_deref(), Some("email=john%2Bvip%40example.com&limit=10&vip=true"));
        assert_eq!(req.content_type.as_deref(), Some(FORM_TYPE));
        // GET (or no method) sends no body
        let req = integration_request(&mk("", JSON_TYPE, "https://api.example/q"), &s).unwrap();
        assert_eq!((req.method.as_str(), req.body, req.content_type), ("GET", None, None));
        assert!(matches!(
            integration_request(&mk("GET", JSON_TYPE, "javascript:alert(1)"), &s),
            Err(RequestError::RefusedUrl(_))
        ));
        assert!(matches!(
            integration_request(&mk("TRACE", JSON_TYPE, "https://a.b"), &s),
            Err(RequestError::InvalidAction(_))
        ));
    }
}
