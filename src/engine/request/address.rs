//! Addressing a decided request: straight to its target ([`Outgoing::direct`]), or wrapped in the
//! envelope the host's proxy takes ([`Outgoing::through_proxy`]).

use super::{check_header, public_address, RequestError, Secrets, FORM_TYPE, JSON_TYPE};
use crate::engine::safety::safe_http_url;
use crate::engine::vars::{percent_encode, pointer_token};
use crate::model::action::Method;
use crate::model::Json;
use sidebar_widgets_wire::placeholder::{has_placeholder, names};

/// A request ready for `fetch`.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// The `Content-Type` of the body; `None` when there is no body.
    pub content_type: Option<String>,
    /// What must be removed from anything shown of this request or its answer.
    pub secrets: Secrets,
    /// Sent to the host's proxy (whose own refusals are then read as such).
    pub through_proxy: bool,
    /// Whether the browser may follow a redirect: only for a request that carries no hidden
    /// value, no header and no proxy envelope, since the browser cannot tell where a redirect goes
    /// before following it, and a 307 takes the headers and the body along (SPEC 7).
    pub follow_redirects: bool,
}

/// What may be printed of a request: its method, its address without query or credentials, the
/// names of its headers and the size of its body, never a value (SPEC 7: formatting a request for
/// a log or an error cannot print its secrets).
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &public_address(&self.url))
            .field("headers", &self.headers.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>())
            .field("body_bytes", &self.body.as_ref().map(String::len))
            .field("content_type", &self.content_type)
            .field("secrets", &self.secrets)
            .field("through_proxy", &self.through_proxy)
            .field("follow_redirects", &self.follow_redirects)
            .finish()
    }
}

/// As for [`HttpRequest`]: names and sizes, never values.
impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(k, _)| k.clone()).collect()
        };
        f.debug_struct("Outgoing")
            .field("method", &self.method)
            .field("url", &public_address(&self.url))
            .field("params", &names(&self.params))
            .field("headers", &names(&self.headers))
            .field(
                "body",
                &match &self.body {
                    Body::None => "none".to_string(),
                    Body::Json(_) => "json".to_string(),
                    Body::Form(pairs) => format!("form {:?}", names(pairs)),
                },
            )
            .field("secrets", &self.secrets)
            .finish()
    }
}

/// A body before it is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    None,
    Json(Json),
    Form(Vec<(String, String)>),
}

/// A request decided, not yet addressed.
#[derive(Clone, PartialEq)]
pub struct Outgoing {
    pub method: Method,
    /// The checked target, without `params`.
    pub url: String,
    /// Query parameters to add to `url`.
    pub params: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub secrets: Secrets,
}

/// The host's proxy (SPEC 3, `proxy` option): where requests go instead, and the token it wants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Proxy {
    pub url: String,
    pub token: Option<String>,
}

impl Outgoing {
    /// Whether a `{{secret.NAME}}` placeholder is anywhere in what is sent.
    fn holds_secret_placeholder(&self) -> bool {
        let pairs = self.params.iter().chain(&self.headers).chain(match &self.body {
            Body::Form(f) => f.as_slice(),
            _ => &[],
        });
        let in_json = match &self.body {
            Body::Json(v) => has_placeholder(&v.to_string()),
            _ => false,
        };
        in_json || pairs.into_iter().any(|(k, v)| has_placeholder(k) || has_placeholder(v))
    }

    /// What may be shown of the target: the address without credentials, query or fragment.
    pub fn public_url(&self) -> String {
        public_address(&self.url)
    }

    /// The request sent straight to its target: `params` appended to the URL's query (keeping
    /// its query and `#fragment`), the body encoded. A server-held secret cannot be sent so.
    pub fn direct(&self) -> Result<HttpRequest, RequestError> {
        if has_placeholder(&self.url) {
            return Err(RequestError::SecretInUrl);
        }
        if self.holds_secret_placeholder() {
            return Err(RequestError::SecretWithoutProxy);
        }
        let (body, content_type) = match &self.body {
            Body::None => (None, None),
            Body::Json(v) => (Some(v.to_string()), Some(JSON_TYPE)),
            Body::Form(pairs) => (Some(form_encode(pairs)), Some(FORM_TYPE)),
        };
        Ok(HttpRequest {
            method: self.method.as_str().into(),
            url: with_query(&self.url, &self.params),
            headers: self.headers.clone(),
            body,
            content_type: content_type.map(String::from),
            follow_redirects: self.headers.is_empty() && self.secrets.is_empty(),
            secrets: self.secrets.clone(),
            through_proxy: false,
        })
    }

    /// **(ext)** The envelope the host's proxy takes (SPEC 3), POSTed to it as JSON with the
    /// proxy token as a bearer token:
    ///
    /// ```text
    /// { "method": "POST",                      // the target's method
    ///   "url": "https://x.y/a?keep=1",         // the checked URL, WITHOUT the params merged in
    ///   "params":  {"key": "value", ...},      // query parameters to add (edits applied)
    ///   "headers": {"key": "value", ...},
    ///   "form":    {"key": "value", ...} | null,   // the form body's fields (form bodies only)
    ///   "json":    {...} | null,               // the resolved JSON body (JSON bodies only)
    ///   "content_type": "application/json" | "application/x-www-form-urlencoded" | null,
    ///   "placeholders": {                      // the secrets the TEMPLATE wrote, per string:
    ///     "headers": {"X-Api-Key": ["loop_api_key"]},      // by key (params, headers, form)
    ///     "json": {"/auth/key": ["k"]} } }                  // by JSON Pointer in `json`
    /// ```
    ///
    /// Values are plain (not encoded) strings; of two items with one key the last wins.
    /// `{{secret.NAME}}` placeholders are passed as they are, for the proxy to fill in, and
    /// `placeholders` declares them: the proxy fills a string in only when the placeholders in it
    /// are exactly those declared (SPEC 7). The request was refused before it got here if any came
    /// from substituted text, so the declaration is read off the values.
    pub fn through_proxy(&self, proxy: &Proxy) -> Result<HttpRequest, RequestError> {
        if has_placeholder(&self.url) {
            return Err(RequestError::SecretInUrl);
        }
        let obj = |pairs: &[(String, String)]| -> Json {
            Json::object(pairs.iter().map(|(k, v)| (k.as_str(), Json::from(v.as_str()))))
        };
        let (form, json, content_type) = match &self.body {
            Body::None => (Json::Null, Json::Null, Json::Null),
            Body::Json(v) => (Json::Null, v.clone(), Json::from(JSON_TYPE)),
            Body::Form(pairs) => (obj(pairs), Json::Null, Json::from(FORM_TYPE)),
        };
        let declared = |pairs: &[(String, String)]| -> Json {
            let mut last: Vec<(&str, Json)> = Vec::new();
            for (k, v) in pairs {
                last.retain(|(key, _)| key != k);
                last.push((k.as_str(), names_json(v)));
            }
            last.retain(|(_, names)| !matches!(names, Json::Array(a) if a.is_empty()));
            Json::object(last)
        };
        let mut in_json = Vec::new();
        if let Body::Json(v) = &self.body {
            json_placeholders(v, String::new(), &mut in_json);
        }
        let placeholders = Json::object([
            ("params", declared(&self.params)),
            ("headers", declared(&self.headers)),
            (
                "form",
                match &self.body {
                    Body::Form(pairs) => declared(pairs),
                    _ => declared(&[]),
                },
            ),
            ("json", Json::object(in_json.iter().map(|(p, n)| (p.as_str(), n.clone())))),
        ]);
        let envelope = Json::object([
            ("method", Json::from(self.method.as_str())),
            ("url", Json::from(self.url.as_str())),
            ("params", obj(&self.params)),
            ("headers", obj(&self.headers)),
            ("form", form),
            ("json", json),
            ("content_type", content_type),
            ("placeholders", placeholders),
        ]);
        let url = safe_http_url(&proxy.url)
            .ok_or_else(|| RequestError::RefusedUrl(public_address(&proxy.url)))?;
        let mut secrets = self.secrets.clone();
        let mut headers = Vec::new();
        if let Some(token) = proxy.token.as_deref().filter(|t| !t.is_empty()) {
            check_header("Authorization", token)?;
            secrets.add(token);
            headers.push(("Authorization".to_string(), format!("Bearer {token}")));
        }
        Ok(HttpRequest {
            method: "POST".into(),
            url,
            headers,
            body: Some(envelope.to_string()),
            content_type: Some(JSON_TYPE.into()),
            secrets,
            through_proxy: true,
            follow_redirects: false,
        })
    }

    /// Addressed as the host set it up: through its proxy when there is one, else directly.
    pub fn addressed(&self, proxy: Option<&Proxy>) -> Result<HttpRequest, RequestError> {
        match proxy {
            Some(p) => self.through_proxy(p),
            None => self.direct(),
        }
    }
}

/// The secret names a string holds, as a JSON array (a malformed placeholder holds none: the
/// request was refused before, see [`RequestError::UndeclaredSecret`]).
fn names_json(s: &str) -> Json {
    let list = names(s).unwrap_or_default();
    Json::from(list.into_iter().map(Json::from).collect::<Vec<_>>())
}

/// The JSON Pointer and secret names of every string in `v` that holds a placeholder.
fn json_placeholders(v: &Json, pointer: String, out: &mut Vec<(String, Json)>) {
    match v {
        Json::String(s) if has_placeholder(s) => out.push((pointer, names_json(s))),
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                json_placeholders(x, format!("{pointer}/{i}"), out);
            }
        }
        Json::Object(o) => {
            for (k, x) in o.iter() {
                json_placeholders(x, format!("{pointer}/{}", pointer_token(k)), out);
            }
        }
        _ => {}
    }
}

/// `url` with `key=value` pairs (percent-encoded, spaces as `%20`) appended to its query.
fn with_query(url: &str, params: &[(String, String)]) -> String {
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
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect();
    out.push_str(&query.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// `application/x-www-form-urlencoded`: UTF-8 bytes percent-encoded, spaces as `+`.
fn form_encode(pairs: &[(String, String)]) -> String {
    // `percent_encode` turns `%` into `%25`, so `%20` can only be a space.
    let enc = |s: &str| percent_encode(s).replace("%20", "+");
    let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;
    use crate::engine::vars::{Purpose, Scope};
    use crate::j as json;
    use crate::model::action::tests::seed_buttons;
    use crate::model::action::{parse_action, parse_button, FieldGroup, FieldRef};
    use crate::model::Json;

    #[test]
    fn proxy_envelope_shape() {
        let proxy = Proxy {
            url: "https://proxy.example/forward".into(),
            token: Some("agent-token-1".into()),
        };
        let envelope = |a: &ResolvedAction, edits: &[(FieldRef, String)]| -> (HttpRequest, Json) {
            let req = action_request(a, edits).and_then(|o| o.through_proxy(&proxy)).unwrap();
            let body = Json::parse(req.body.as_deref().unwrap_or_default()).unwrap();
            (req, body)
        };
        let a = resolved(json!({"url": "https://x.y/a?keep=1", "method": "POST",
            "params": [{"key": "q", "value": "{{name}}", "editable": true}],
            "headers": [{"key": "X-Key", "value": "k"}],
            "body": {"contentType": JSON_TYPE, "application/json": {"who": "{{current_user.firstname}}", "n": 1}}}));
        let edits = [(r(FieldGroup::Params, 0), "a b".to_string())];
        let (req, body) = envelope(&a, &edits);
        assert_eq!(
            (req.method.as_str(), req.url.as_str()),
            ("POST", "https://proxy.example/forward")
        );
        assert_eq!(
            req.headers,
            vec![("Authorization".to_string(), "Bearer agent-token-1".to_string())]
        );
        assert_eq!(req.content_type.as_deref(), Some(JSON_TYPE));
        assert_eq!(
            req.secrets.scrub("echo agent-token-1"),
            "echo [hidden]",
            "the token is never shown"
        );
        assert_eq!(
            body,
            json!({
                "method": "POST",
                "url": "https://x.y/a?keep=1",
                "params": {"q": "a b"},
                "headers": {"X-Key": "k"},
                "form": null,
                "json": {"who": "Grace", "n": 1},
                "content_type": "application/json",
                "placeholders": {"params": {}, "headers": {}, "form": {}, "json": {}}
            })
        );
        let c = ctx();
        let b = resolve_action(&parse_button(&seed_buttons()[1]).unwrap().action, &scope(&c));
        assert_eq!(
            envelope(&b, &[]).1,
            json!({
                "method": "POST",
                "url": "https://gorgias-rocks.ngrok.io/comments",
                "params": {},
                "headers": {},
                "form": {"user": "John Doe"},
                "json": null,
                "content_type": FORM_TYPE,
                "placeholders": {"params": {}, "headers": {}, "form": {}, "json": {}}
            })
        );
    }

    #[test]
    fn secret_placeholders_need_the_proxy() {
        let c = ctx();
        let s = Scope { purpose: Purpose::Request, ..scope(&c) };
        let a = resolve_action(
            &parse_action(&json!({"url": "https://api.example/x", "headers": [{"key": "X-Key", "value": "{{secret.loop_api_key}}"}]}))
                .unwrap(),
            &s,
        );
        let out = action_request(&a, &[]).unwrap();
        assert_eq!(out.direct(), Err(RequestError::SecretWithoutProxy));
        let proxy = Proxy { url: "https://proxy.example/forward".into(), token: None };
        let req = out.through_proxy(&proxy).unwrap();
        assert!(req.body.unwrap_or_default().contains(r#""X-Key":"{{secret.loop_api_key}}""#));
        // in a JSON body too
        let a = resolve_action(
            &parse_action(&json!({"url": "https://api.example/x", "method": "POST",
                "body": {"application/json": {"auth": {"key": "{{ secret.k }}"}}}}))
            .unwrap(),
            &s,
        );
        assert_eq!(
            action_request(&a, &[]).and_then(|o| o.direct()),
            Err(RequestError::SecretWithoutProxy)
        );
        // never in the address, not even through the proxy
        let a = resolve_action(
            &parse_action(&json!({"url": "https://api.example/x?k={{secret.k}}"})).unwrap(),
            &s,
        );
        let out = action_request(&a, &[]).unwrap();
        assert_eq!(out.through_proxy(&proxy), Err(RequestError::SecretInUrl));
        assert_eq!(out.direct(), Err(RequestError::SecretInUrl));
    }
}
