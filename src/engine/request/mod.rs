//! Building the HTTP requests of custom actions (SPEC 3) and integrations (SPEC 5): pure functions,
//! the browser side only sends what they return.
//!
//! Both kinds are first decided as an [`Outgoing`] request (target, query parameters, headers and
//! body as plain values, with the non-editable values it carries kept apart as [`Secrets`]), then
//! addressed: straight to the target ([`Outgoing::direct`]), or wrapped in the envelope the host's
//! proxy takes ([`Outgoing::through_proxy`]).

use crate::engine::safety::{has_dot_segment, safe_http_url};
use crate::engine::vars::{interpolate, interpolate_url, percent_encode, secret_names, Scope};
use crate::model::action::{
    parse_method, Action, ActionParam, BodyKind, FieldGroup, FieldRef, Method, ParamKind,
};
use crate::model::integration::Integration;
use crate::model::Json;
use sidebar_widgets_wire::placeholder::{check_declared, has_placeholder, names};
use std::fmt;

pub const JSON_TYPE: &str = "application/json";
pub const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// Values that went into a request but are never shown anywhere (SPEC 7): the non-editable items
/// of an action (API keys), an integration's headers, the proxy token. Its `Debug` says how many,
/// never what, so that formatting a request cannot print them.
#[derive(Clone, Default, PartialEq)]
pub struct Secrets(Vec<String>);

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} hidden)", self.0.len())
    }
}

impl Secrets {
    /// Values this short are removed only where they stand as a word of their own (not inside
    /// another word or number: a hidden `10` leaves "HTTP 410" alone), so that scrubbing them
    /// does not garble the rest of an error text; longer ones wherever they appear.
    pub const SHORT_CHARS: usize = 4;
    /// What a hidden value is replaced with.
    pub const HIDDEN: &'static str = "[hidden]";

    /// Adds a hidden value (trimmed; empty ones hide nothing).
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if !value.is_empty() && !self.0.iter().any(|v| v == value) {
            self.0.push(value.to_string());
        }
    }

    /// Whether the request carries no hidden value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every secret removed, as written and in the encodings an answer may echo it in
    /// (percent-encoded, form-encoded, JSON-escaped).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        // Longest first, so that a value inside another is not half-removed.
        let mut values: Vec<&String> = self.0.iter().collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        for secret in values {
            let json = Json::from(secret.as_str()).to_string();
            let json = json.get(1..json.len().saturating_sub(1)).unwrap_or_default().to_string();
            let encoded = percent_encode(secret);
            let short = secret.chars().count() < Self::SHORT_CHARS;
            for form in [secret.clone(), encoded.replace("%20", "+"), encoded, json] {
                if form.is_empty() || !out.contains(&form) {
                    continue;
                }
                out = if short {
                    replace_words(&out, &form)
                } else {
                    out.replace(&form, Self::HIDDEN)
                };
            }
        }
        out
    }
}

/// `text` with each occurrence of `word` that no letter or digit touches on either side replaced
/// with [`Secrets::HIDDEN`].
fn replace_words(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(i) = rest.find(word) {
        let (head, tail) = rest.split_at(i);
        let prev = head.chars().next_back().or(before);
        let after = tail.get(word.len()..).unwrap_or_default();
        let next = after.chars().next();
        out.push_str(head);
        let alone =
            !prev.is_some_and(char::is_alphanumeric) && !next.is_some_and(char::is_alphanumeric);
        if alone {
            out.push_str(Secrets::HIDDEN);
        } else {
            out.push_str(word);
        }
        before = word.chars().next_back();
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A request ready for `fetch`.
#[derive(Debug, Clone, PartialEq)]
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

/// A body before it is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    None,
    Json(Json),
    Form(Vec<(String, String)>),
}

/// A request decided, not yet addressed.
#[derive(Debug, Clone, PartialEq)]
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

/// Why a request is not sent.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestError {
    /// Mandatory items are empty: which, and the label of the first.
    MissingMandatory {
        fields: Vec<FieldRef>,
        label: String,
    },
    /// The URL (as resolved) is not an absolute `http:`/`https:` URL: what may be shown of it.
    RefusedUrl(String),
    /// A variable in the URL's path is `.` or `..`, which would move the request elsewhere.
    DotSegment,
    /// Non-editable values would go to an origin a variable chose (SPEC 7).
    VariableOrigin,
    /// A `{{secret.NAME}}` placeholder, and no proxy to fill it in.
    SecretWithoutProxy,
    /// A `{{secret.NAME}}` placeholder in the URL itself.
    SecretInUrl,
    /// Text shaped like a `{{secret.NAME}}` placeholder where the template did not write one: it
    /// came from the data, the context or the agent's input (SPEC 7), in the item or body string
    /// named here. Only the template's own text may ask the proxy for a secret.
    UndeclaredSecret(String),
    InvalidAction(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::MissingMandatory { label, .. } => {
                write!(f, "\"{label}\" is required: fill it in, then execute again.")
            }
            RequestError::RefusedUrl(url) => {
                let (shown, _) = crate::engine::format::truncate_chars(url, 80);
                write!(f, "Not sent: only http:// and https:// URLs are requested (the URL is \"{shown}\").")
            }
            RequestError::DotSegment => {
                f.write_str("Not sent: a value put into the address is \".\" or \"..\", which would change where it goes.")
            }
            RequestError::VariableOrigin => f.write_str(
                "Not sent: the address's origin comes from the data, not from the template, and the request carries hidden values.",
            ),
            RequestError::SecretWithoutProxy => {
                f.write_str("Not sent: it uses a server-held secret, which only the proxy can fill in, and no proxy is set.")
            }
            RequestError::SecretInUrl => f.write_str("Not sent: a server-held secret cannot be put into the address."),
            RequestError::UndeclaredSecret(place) => write!(
                f,
                "Not sent: {place} holds text shaped like a server-held secret ({{{{secret.…}}}}) that the template did not write there."
            ),
            RequestError::InvalidAction(m) => write!(f, "Not sent: {m}."),
        }
    }
}

/// The address without its credentials, query or fragment: what may be shown of a URL (the
/// `sidebar-widgets:action` event, refusals).
pub fn public_address(url: &str) -> String {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let base = url.get(..end).unwrap_or_default();
    let Some((scheme, rest)) = base.split_once("://") else { return base.to_string() };
    let authority_end = rest.find(['/', '\\']).unwrap_or(rest.len());
    let (authority, path) = (
        rest.get(..authority_end).unwrap_or_default(),
        rest.get(authority_end..).unwrap_or_default(),
    );
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    format!("{scheme}://{host}{path}")
}

/// A URL to request: absolute `http(s)`, as the browser reads it, with no dot segment to move it.
fn checked_url(url: &str) -> Result<String, RequestError> {
    let checked =
        safe_http_url(url).ok_or_else(|| RequestError::RefusedUrl(public_address(url)))?;
    if has_dot_segment(&checked) {
        return Err(RequestError::DotSegment);
    }
    Ok(checked)
}

/// An action with every variable resolved (same shape, so the form can be pre-filled from it).
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedAction {
    pub action: Action,
    /// The first item or body string where substituted text wrote a `{{secret.NAME}}` placeholder
    /// that the template's own text did not: such an action is never sent.
    pub undeclared: Option<String>,
}

impl std::ops::Deref for ResolvedAction {
    type Target = Action;
    fn deref(&self) -> &Action {
        &self.action
    }
}

/// Where a resolved string is, for [`RequestError::UndeclaredSecret`]: `the header "X-Key"`.
fn place(group: FieldGroup, key: &str) -> String {
    let what = match group {
        FieldGroup::Params => "the parameter",
        FieldGroup::Headers => "the header",
        FieldGroup::Form => "the form field",
    };
    format!("{what} \"{}\"", key.trim())
}

/// Resolves variables in the URL (values percent-encoded, see [`resolve_url`]), in every item's
/// value and label, and in every string nested in the JSON body (other JSON values kept), noting
/// where substituted text wrote a secret placeholder the template did not.
pub fn resolve_action(action: &Action, scope: &Scope) -> ResolvedAction {
    let mut undeclared = None;
    let mut items = |list: &[ActionParam], group: FieldGroup| -> Vec<ActionParam> {
        list.iter()
            .map(|p| {
                let value = interpolate(&p.value, scope);
                if undeclared.is_none() && check_declared(&value, &secret_names(&p.value)).is_err()
                {
                    undeclared = Some(place(group, &p.key));
                }
                ActionParam { label: interpolate(&p.label, scope), value, ..p.clone() }
            })
            .collect()
    };
    let (params, headers, form) = (
        items(&action.params, FieldGroup::Params),
        items(&action.headers, FieldGroup::Headers),
        items(&action.form, FieldGroup::Form),
    );
    let json = resolve_json_checked(&action.json, scope, "", &mut undeclared);
    ResolvedAction {
        action: Action {
            url: resolve_url(&action.url, scope),
            params,
            headers,
            form,
            json,
            ..action.clone()
        },
        undeclared,
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

/// Every string in a JSON value with its variables resolved; other values as they are. The first
/// string (by its JSON Pointer, RFC 6901) where substituted text wrote a secret placeholder that
/// the template's string did not is noted in `undeclared`.
fn resolve_json_checked(
    v: &Json,
    scope: &Scope,
    pointer: &str,
    undeclared: &mut Option<String>,
) -> Json {
    match v {
        Json::String(s) => {
            let out = interpolate(s, scope);
            if undeclared.is_none() && check_declared(&out, &secret_names(s)).is_err() {
                *undeclared = Some(format!("the body's \"{pointer}\""));
            }
            Json::from(out)
        }
        Json::Array(a) => Json::from(
            a.iter()
                .enumerate()
                .map(|(i, x)| resolve_json_checked(x, scope, &format!("{pointer}/{i}"), undeclared))
                .collect::<Vec<_>>(),
        ),
        Json::Object(o) => Json::object(o.iter().map(|(k, x)| {
            let pointer = format!("{pointer}/{}", pointer_token(k));
            (k, resolve_json_checked(x, scope, &pointer, undeclared))
        })),
        other => other.clone(),
    }
}

/// A key as one token of a JSON Pointer: `~` as `~0`, `/` as `~1` (RFC 6901).
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The value an item is sent with: the agent's last edit when the form shows it, else its own.
fn item_value(r: FieldRef, item: &ActionParam, edits: &[(FieldRef, String)]) -> String {
    match edits.iter().rev().find(|(e, _)| *e == r) {
        Some((_, v)) if item.shown() => v.clone(),
        _ => item.initial_value(),
    }
}

/// The mandatory items that are empty once the edits are applied, in form order.
pub fn missing_mandatory(a: &Action, edits: &[(FieldRef, String)]) -> Vec<FieldRef> {
    a.items()
        .filter(|(r, item)| item.mandatory && item_value(*r, item, edits).trim().is_empty())
        .map(|(r, _)| r)
        .collect()
}

/// Decides the request of a resolved action with the agent's edits (values typed in the form).
/// Checks the URL, dropdown choices and mandatory items, and where hidden values may go;
/// only POST, PUT and PATCH send a body.
pub fn action_request(
    resolved: &ResolvedAction,
    edits: &[(FieldRef, String)],
) -> Result<Outgoing, RequestError> {
    if let Some(place) = &resolved.undeclared {
        return Err(RequestError::UndeclaredSecret(place.clone()));
    }
    let resolved = &resolved.action;
    let url = checked_url(&resolved.url)?;
    let missing = missing_mandatory(resolved, edits);
    if let Some(first) = missing.first() {
        let label =
            resolved.field(*first).map(|p| p.display_label().to_string()).unwrap_or_default();
        return Err(RequestError::MissingMandatory { fields: missing, label });
    }
    let mut out = Outgoing {
        method: resolved.method,
        url,
        params: Vec::new(),
        headers: Vec::new(),
        body: Body::None,
        secrets: Secrets::default(),
    };
    let mut form = Vec::new();
    for (r, item) in resolved.items() {
        let value = item_value(r, item, edits);
        let label = item.display_label();
        if item.kind == ParamKind::Dropdown && !value.is_empty() && !item.choices().contains(&value)
        {
            return Err(RequestError::InvalidAction(format!(
                "\"{value}\" is not one of the choices of \"{label}\""
            )));
        }
        let key = item.key.trim();
        if key.is_empty() {
            continue;
        }
        // What the agent typed is theirs, never the template's: it may not ask for a secret.
        if value != item.initial_value() && has_placeholder(&value) {
            return Err(RequestError::UndeclaredSecret(place(r.group, key)));
        }
        if !item.shown() && !value.trim().is_empty() {
            if !resolved.literal_origin {
                return Err(RequestError::VariableOrigin);
            }
            out.secrets.add(&value);
        }
        let list = match r.group {
            FieldGroup::Params => &mut out.params,
            FieldGroup::Headers => {
                check_header(key, &value)?;
                &mut out.headers
            }
            FieldGroup::Form => &mut form,
        };
        list.push((key.to_string(), value));
    }
    out.body = match (resolved.method.sends_body(), resolved.body_kind) {
        (false, _) => Body::None,
        (true, BodyKind::Json) => Body::Json(resolved.json.clone()),
        (true, BodyKind::Form) => Body::Form(form),
    };
    Ok(out)
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
        Err(RequestError::InvalidAction(format!(
            "header \"{key}\" has a {what} HTTP headers cannot carry"
        )))
    }
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
pub fn form_encode(pairs: &[(String, String)]) -> String {
    // `percent_encode` turns `%` into `%25`, so `%20` can only be a space.
    let enc = |s: &str| percent_encode(s).replace("%20", "+");
    let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    parts.join("&")
}

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
    let form = form.map(|f| resolve_json_checked(f, scope, "", &mut undeclared));
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
    use super::*;
    use crate::engine::vars::Purpose;
    use crate::j as json;
    use crate::model::action::tests::seed_buttons;
    use crate::model::action::{parse_action, parse_button};

    struct Ctx {
        data: Json,
        ticket: Json,
        customer: Json,
        user: Json,
    }

    fn ctx() -> Ctx {
        Ctx {
            data: json!({"id": 42, "name": "Order #42", "status_url": "https://shop.example/s/42?t=a%20b"}),
            ticket: json!({"id": 789, "customer": {"name": "John Doe", "email": "john+vip@example.com"}}),
            customer: json!({"name": "John Doe", "email": "john+vip@example.com"}),
            user: json!({"name": "Grace Hopper", "firstname": "Grace", "lastname": "Hopper", "email": "grace@helpdesk.example"}),
        }
    }

    fn scope(c: &Ctx) -> Scope<'_> {
        Scope {
            data: &c.data,
            globals: vec![
                ("ticket", &c.ticket),
                ("customer", &c.customer),
                ("current_user", &c.user),
            ],
            purpose: Purpose::Request,
            tz_offset_minutes: 0,
        }
    }

    fn resolved(action: Json) -> ResolvedAction {
        let c = ctx();
        resolve_action(&parse_action(&action).unwrap(), &scope(&c))
    }

    /// Decides and addresses an action directly, as the sidebar does without a proxy.
    fn build_request(
        a: &ResolvedAction,
        edits: &[(FieldRef, String)],
    ) -> Result<HttpRequest, RequestError> {
        action_request(a, edits)?.direct()
    }

    fn send(action: Json, edits: &[(FieldRef, String)]) -> Result<HttpRequest, RequestError> {
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
                secrets: Secrets::default(),
                through_proxy: false,
                // an editable header is not hidden, but a header all the same: a redirect could
                // take it to another origin
                follow_redirects: false,
            }
        );
        // the agent edits the secret
        let req = build_request(&a, &[(r(FieldGroup::Headers, 0), "other".into())]).unwrap();
        assert_eq!(req.headers, vec![("cryptic_key".to_string(), "other".to_string())]);
        // it is mandatory
        let e = build_request(&a, &[(r(FieldGroup::Headers, 0), "  ".into())]).unwrap_err();
        assert_eq!(
            e,
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Headers, 0)],
                label: "Secret key".into()
            }
        );
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
        assert_eq!(req.content_type.as_deref(), Some(FORM_TYPE));
        // a non-editable item cannot be changed by an edit
        let req = build_request(&a, &[(r(FieldGroup::Form, 0), "Mallory".into())]).unwrap();
        assert_eq!(req.body.as_deref(), Some("user=John+Doe"));
    }

    #[test]
    fn params_join_the_existing_query_and_keep_the_fragment() {
        let params = json!([{"key": "q", "value": "a b&c=d"}, {"key": "n", "value": "{{id}}"}, {"key": "k y", "value": ""}]);
        let req = send(json!({"url": "https://x.y/s?keep=1#top", "params": params}), &[]).unwrap();
        assert_eq!(req.url, "https://x.y/s?keep=1&q=a%20b%26c%3Dd&n=42&k%20y=#top");
        let req =
            send(json!({"url": "https://x.y/s", "params": [{"key": "a", "value": "1"}]}), &[])
                .unwrap();
        assert_eq!(req.url, "https://x.y/s?a=1");
        let req =
            send(json!({"url": "https://x.y/s?", "params": [{"key": "a", "value": "1"}]}), &[])
                .unwrap();
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
        let req = send(json!({"url": "https://x.y/c/{{ticket.customer.email}}?n={{name}}"}), &[])
            .unwrap();
        assert_eq!(req.url, "https://x.y/c/john%2Bvip%40example.com?n=Order%20%2342");
        // (ext) a variable opening the URL is its base
        let req = send(json!({"url": "{{status_url}}&u={{name}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://shop.example/s/42?t=a%20b&u=Order%20%2342");
        let req = send(json!({"url": "{{{status_url}}}"}), &[]).unwrap();
        assert_eq!(req.url, "https://shop.example/s/42?t=a%20b");
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
            json!({"url": "https://x.y", "method": "PATCH", "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": form}}),
            &[],
        )
        .unwrap();
        assert_eq!(
            req.body.as_deref(),
            Some("name=Zo%C3%AB+%F0%9F%8E%89&math=1%2B1%3D2+%26+50%25&empty=&cl%C3%A9=")
        );
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
        let e =
            send(json!({"url": "https://x.y", "headers": [{"key": "X-E", "value": "🎉"}]}), &[])
                .unwrap_err();
        assert!(matches!(&e, RequestError::InvalidAction(m) if m.contains("X-E")), "{e:?}");
        let e = send(
            json!({"url": "https://x.y", "headers": [{"key": "bad name", "value": "v"}]}),
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("name"));
        let e = send(
            json!({"url": "https://x.y", "headers": [{"key": "X", "value": "a\r\nSet-Cookie: x"}]}),
            &[],
        )
        .unwrap_err();
        assert!(matches!(e, RequestError::InvalidAction(_)));
        // empty header keys are skipped
        let req = send(json!({"url": "https://x.y", "headers": [{"key": " ", "value": "v"}]}), &[])
            .unwrap();
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
        assert_eq!(req.content_type.as_deref(), Some(JSON_TYPE));
        let sent = Json::parse(req.body.as_deref().unwrap()).unwrap();
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
            "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": [{"key": "why", "value": "", "mandatory": true}]}});
        assert_eq!(
            send(action.clone(), &[]).unwrap_err(),
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Params, 0), r(FieldGroup::Form, 0)],
                label: "Query".into()
            }
        );
        // the label falls back to the key
        assert_eq!(
            send(action.clone(), &[(r(FieldGroup::Params, 0), "x".into())]).unwrap_err(),
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Form, 0)],
                label: "why".into()
            }
        );
    }

    #[test]
    fn edits_override_values_and_the_last_edit_wins() {
        let a = resolved(json!({"url": "https://x.y", "method": "POST",
            "params": [{"key": "q", "value": "{{name}}", "editable": true}, {"key": "api_key", "value": "secret"}],
            "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": [{"key": "note", "value": "", "editable": true}]}}));
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
            &[
                (r(FieldGroup::Params, 0), "Order #42".into()),
                (r(FieldGroup::Params, 1), "b".into()),
            ],
        )
        .unwrap();
        assert_eq!(req.url, "https://x.y?reason=Order%20%2342&opt=b");
        let e = build_request(&a, &[(r(FieldGroup::Params, 0), "other".into())]).unwrap_err();
        assert!(matches!(&e, RequestError::InvalidAction(m) if m.contains("Reason")));
        assert_eq!(
            build_request(&a, &[(r(FieldGroup::Params, 0), "".into())]).unwrap_err(),
            RequestError::MissingMandatory {
                fields: vec![r(FieldGroup::Params, 0)],
                label: "Reason".into()
            }
        );
    }

    #[test]
    fn unsafe_urls_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:fetch('x')",
            "data:text/html,x",
            "/relative",
            "{{nope}}",
        ] {
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
                json!({"url": "https://x.y/1", "method": m, "body": {"contentType": JSON_TYPE, "application/json": {"a": 1}}}),
                &[],
            )
            .unwrap();
            assert_eq!((req.body, req.content_type), (None, None));
        }
        let req = send(
            json!({"url": "https://x.y/1", "method": "DELETE", "body": {"contentType": FORM_TYPE, "application/x-www-form-urlencoded": [{"key": "a", "value": "1"}]}}),
            &[],
        )
        .unwrap();
        assert_eq!(req.method, "DELETE");
        assert_eq!(req.body, None);
    }

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
    fn a_variable_that_is_a_dot_segment_refuses_the_request() {
        // `.../customers/{{ticket.customer.name}}/orders` with the name ".." would fetch /v1/orders.
        // Once or twice decoded, with an encoded slash or a backslash, or a `;` parameter: the
        // proxy refuses each of these, and so does the sidebar, with the same rule.
        for name in [
            "..",
            ".",
            "%2e%2e",
            "%2E.",
            ".%2e",
            "%252E%252e",
            "../../admin",
            "..%2F..%2Fadmin%2Fusers",
            "..\\..\\admin",
            "..;",
            "x/../..",
        ] {
            let c = ctx();
            let ticket = json!({"customer": {"name": name}});
            let s = Scope {
                globals: vec![("ticket", &ticket), ("current_user", &c.user)],
                ..scope(&c)
            };
            let a = resolve_action(
                &parse_action(&json!({"url": "https://api.example/v1/customers/{{ticket.customer.name}}/notes",
                    "headers": [{"key": "X-Key", "value": "sk_live_abc"}]}))
                .unwrap(),
                &s,
            );
            assert_eq!(build_request(&a, &[]), Err(RequestError::DotSegment), "{name}");
            let i = Integration::from_json(&json!({"id": 1, "http": {
                "url": "https://api.example/v1/customers/{{ticket.customer.name}}/orders",
                "headers": {"X-Key": "sk_live_abc"}}}))
            .unwrap();
            assert_eq!(integration_request(&i, &s), Err(RequestError::DotSegment), "{name}");
        }
        assert!(RequestError::DotSegment.to_string().contains("\"..\""));
        // a name with dots in it is fine
        let c = ctx();
        let ticket = json!({"customer": {"name": "a..b"}});
        let s = Scope { globals: vec![("ticket", &ticket)], ..scope(&c) };
        let a = resolve_action(
            &parse_action(&json!({"url": "https://x.y/c/{{ticket.customer.name}}"})).unwrap(),
            &s,
        );
        assert_eq!(build_request(&a, &[]).map(|r| r.url), Ok("https://x.y/c/a..b".to_string()));
    }

    #[test]
    fn data_cannot_choose_where_hidden_values_go() {
        let c = ctx();
        let data = json!({"admin_url": "https://evil.example", "shop": "evil"});
        let s = Scope { data: &data, ..scope(&c) };
        let key = json!([{"key": "X-Api-Key", "value": "sk_live_abc"}]);
        for url in [
            "{{admin_url}}/cancel",
            "{{{admin_url}}}/cancel",
            "https://{{shop}}.example/cancel",
            "https://x.y:{{id}}/",
        ] {
            let a =
                resolve_action(&parse_action(&json!({"url": url, "headers": key})).unwrap(), &s);
            assert_eq!(build_request(&a, &[]), Err(RequestError::VariableOrigin), "{url}");
            // the same action without hidden items still works
            let a = resolve_action(&parse_action(&json!({"url": url})).unwrap(), &s);
            assert!(!matches!(build_request(&a, &[]), Err(RequestError::VariableOrigin)), "{url}");
        }
        // an editable item is the agent's own: it may go there
        let a = resolve_action(
            &parse_action(
                &json!({"url": "{{admin_url}}/cancel", "params": [{"key": "note", "value": "x", "editable": true}]}),
            )
            .unwrap(),
            &s,
        );
        assert_eq!(
            build_request(&a, &[]).map(|r| r.url),
            Ok("https://evil.example/cancel?note=x".to_string())
        );
        // a literal origin with variables in the path carries its key
        let a = resolve_action(
            &parse_action(&json!({"url": "https://api.example/o/{{id}}", "headers": key})).unwrap(),
            &s,
        );
        assert!(build_request(&a, &[]).is_ok());
        // an integration whose origin comes from the context cannot carry its headers either
        let ticket = json!({"customer": {"site": "https://customer-chosen.example"}});
        let s = Scope { globals: vec![("ticket", &ticket)], ..scope(&c) };
        let i = Integration::from_json(
            &json!({"id": 1, "http": {"url": "{{ticket.customer.site}}/api",
            "headers": {"X-Key": "sk_live_abc"}}}),
        )
        .unwrap();
        assert_eq!(integration_request(&i, &s), Err(RequestError::VariableOrigin));
    }

    #[test]
    fn hidden_values_are_scrubbed_from_what_is_shown() {
        let a = resolved(
            json!({"url": "https://x.y/o?api_key=literal_key_1", "params": [{"key": "api_key", "value": "sk live/abc"}],
            "headers": [{"key": "X-Key", "value": "hdr-secret-9"}, {"key": "X-Note", "value": "agent note", "editable": true}]}),
        );
        let out = action_request(&a, &[]).unwrap();
        let req = out.direct().unwrap();
        assert_eq!(req.url, "https://x.y/o?api_key=literal_key_1&api_key=sk%20live%2Fabc");
        assert_eq!(out.public_url(), "https://x.y/o", "the event's address has no query");
        let echoed = "bad key 'sk live/abc' (sk%20live%2Fabc, sk+live%2Fabc) and hdr-secret-9; note: agent note";
        assert_eq!(
            req.secrets.scrub(echoed),
            "bad key '[hidden]' ([hidden], [hidden]) and [hidden]; note: agent note",
            "the agent's own typing is not hidden"
        );
        assert_eq!(format!("{:?}", req.secrets), "Secrets(2 hidden)");
        assert!(
            !format!("{req:?}").contains("hdr-secret-9") || format!("{req:?}").contains("headers")
        );
        let json_escaped = Secrets(vec!["a\"b\\c".into()]);
        assert_eq!(json_escaped.scrub(r#"{"k":"a\"b\\c"}"#), r#"{"k":"[hidden]"}"#);
    }

    #[test]
    fn short_hidden_values_are_removed_where_they_stand_alone() {
        let mut short = Secrets::default();
        for v in ["10", "k7", "x"] {
            short.add(v);
        }
        short.add("  ");
        assert_eq!(format!("{short:?}"), "Secrets(3 hidden)", "an empty value hides nothing");
        assert_eq!(
            short.scrub(r#"HTTP 410: limit 10 is over; key "k7" (k%37? no: k7x) x, box"#),
            r#"HTTP 410: limit [hidden] is over; key "[hidden]" (k%37? no: k7x) [hidden], box"#
        );
        // A short value inside a longer one leaves it to the longer one.
        let mut both = Secrets::default();
        both.add("ab");
        both.add("ab-cd-ef");
        assert_eq!(both.scrub("ab-cd-ef / ab"), "[hidden] / [hidden]");
    }

    #[test]
    fn public_address_drops_credentials_query_and_fragment() {
        assert_eq!(
            public_address("https://user:pw@api.example:8443/v1/x?api_key=k#frag"),
            "https://api.example:8443/v1/x"
        );
        assert_eq!(public_address(" https://api.example "), "https://api.example");
        assert_eq!(public_address("https://a@b@api.example/p@q"), "https://api.example/p@q");
        assert_eq!(public_address("javascript:alert(1)?x"), "javascript:alert(1)");
        assert!(!RequestError::RefusedUrl(public_address("ftp://u:secret@x.y/?k=secret"))
            .to_string()
            .contains("secret"));
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

#[cfg(test)]
mod placeholder_tests;
