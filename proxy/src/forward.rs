//! One forwarded call: envelope → policy → secrets → upstream → capped, redacted answer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::header::{
    ACCEPT, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, LOCATION, USER_AGENT,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Uri};
use axum::response::Response;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use url::Url;

use crate::admit;
use crate::allowlist::{self, Upstream};
use crate::auth::Caller;
use crate::cache::{self, Stored};
use crate::client::{self, Clients, Failure, UpstreamClient};
use crate::declared;
use crate::envelope::{self, Body, Method};
use crate::error::ProxyError;
use crate::netguard;
use crate::secrets;
use crate::state::AppState;
use crate::telemetry;
use sidebar_widgets_wire::placeholder;

/// Same-origin redirects (within the upstream) followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

const DEFAULT_USER_AGENT: &str = concat!("sidebar-widgets-proxy/", env!("CARGO_PKG_VERSION"));

/// What the access log says about a call, filled in as far as the call got.
#[derive(Debug, Default, Clone)]
pub struct CallInfo {
    /// The envelope's method, once parsed.
    pub method: Option<Method>,
    /// `scheme://host[:port]/path`, never the query.
    pub url: Option<String>,
    /// The name of the upstream the URL falls under, once selected.
    pub upstream: Option<String>,
    /// Redirects followed (the URL and upstream are where the call ended).
    pub redirects: usize,
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, ProxyError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| {
        ProxyError::bad_request(format!(
            "the header {name} has a value HTTP does not allow (a line break or control character)"
        ))
    })?;
    v.set_sensitive(true);
    Ok(v)
}

fn header_name(name: &str) -> Result<HeaderName, ProxyError> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ProxyError::bad_request(format!("\"{name}\" is not a valid HTTP header name")))
}

fn no_placeholder_in_key(key: &str, field: &str) -> Result<(), ProxyError> {
    if placeholder::has_placeholder(key) {
        return Err(ProxyError::bad_request(format!(
            "a key in \"{field}\" holds a secret placeholder: secrets may only be put in values"
        )));
    }
    Ok(())
}

/// The decision every URL the proxy calls goes through, the envelope's and each redirect hop's:
/// the URL rules ([`allowlist::check_url`]), the upstream it falls under (the longest matching
/// prefix, [`allowlist::select`]), then, if `bound` is the call's upstream, that it is the same
/// one (its secrets and fixed headers travel with the call), that upstream's methods, and the
/// private-address rule. The access log's URL and upstream are updated first, so a refusal is
/// logged where it happened.
fn decide<'a>(
    state: &'a AppState,
    raw: &str,
    method: Method,
    bound: Option<&Upstream>,
    info: &mut CallInfo,
) -> Result<(Url, &'a Upstream), ProxyError> {
    let url = allowlist::check_url(raw)?;
    info.url = Some(allowlist::url_for_log(&url));
    let upstream = allowlist::select(&state.settings.upstreams, &url)?;
    info.upstream = Some(upstream.name.clone());
    if let Some(bound) = bound.filter(|b| b.name != upstream.name) {
        return Err(ProxyError::forbidden(format!(
            "it falls under another upstream (\"{}\"), and the call carries the headers and secrets of \"{}\"",
            upstream.name, bound.name
        )));
    }
    if !upstream.methods.contains(&method) {
        return Err(ProxyError::forbidden(format!(
            "the method {method} is not allowed for the upstream \"{}\" (allowed: {})",
            upstream.name,
            upstream.methods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }
    if !upstream.allow_private {
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(reason) = ip.and_then(netguard::refused_reason) {
            return Err(ProxyError::forbidden(format!(
                "{} is a {reason} address; the proxy does not call such addresses unless the upstream has allow_private = true",
                url.host_str().unwrap_or_default()
            )));
        }
    }
    Ok((url, upstream))
}

/// Runs one call for an authenticated caller (holding `token`): admitted by [`admit::admit`],
/// answered from the cache when the upstream has one; `clients` are the serving thread's.
pub async fn forward(
    state: &Arc<AppState>,
    clients: &Clients,
    caller: &Caller,
    token: &str,
    body: &[u8],
    info: &mut CallInfo,
) -> Result<Response, ProxyError> {
    let decided = envelope::parse(body).and_then(|env| {
        info.method = Some(env.method);
        let (url, upstream) = decide(state, &env.url, env.method, None, info)?;
        Ok((env, url, upstream))
    });
    let (env, url, upstream) = match decided {
        Ok(d) => d,
        Err(e) => {
            // Refused calls count against the agent's limit too (and a limited agent is told so).
            admit::admit(state, caller, token, None).await?;
            return Err(e);
        }
    };
    admit::admit(state, caller, token, Some((upstream, &url))).await?;

    let all = &state.settings.secrets;
    let name = upstream.name.as_str();

    let mut url = url;
    if !env.params.is_empty() {
        let mut pairs = Vec::with_capacity(env.params.len());
        for (k, v) in &env.params {
            no_placeholder_in_key(k, "params")?;
            let what = std::fmt::from_fn(|f| write!(f, "the param \"{k}\""));
            declared::check(v, env.placeholders.param(k), &what)?;
            pairs.push((k, secrets::substitute(v, all, name, &what)?));
        }
        let mut query = url.query_pairs_mut();
        for (k, v) in &pairs {
            query.append_pair(k, v);
        }
    }

    let mut headers = HeaderMap::new();
    for (k, v) in &env.headers {
        no_placeholder_in_key(k, "headers")?;
        let what = std::fmt::from_fn(|f| write!(f, "the header {k}"));
        declared::check(v, env.placeholders.header(k), &what)?;
        let value = secrets::substitute(v, all, name, &what)?;
        headers.append(header_name(k)?, header_value(k, &value)?);
    }
    // The operator's fixed headers win over the envelope's.
    for (k, v) in &upstream.headers {
        let what = std::fmt::from_fn(|f| write!(f, "the upstream's header {k}"));
        let value = secrets::substitute(v, all, name, &what)?;
        headers.insert(header_name(k)?, header_value(k, &value)?);
    }
    if !headers.contains_key(USER_AGENT) {
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
    }
    if !headers.contains_key(ACCEPT) {
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
    }

    let payload: Option<Bytes> = match &env.body {
        Body::None => None,
        Body::Form(fields) => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in fields {
                no_placeholder_in_key(k, "form")?;
                let what = std::fmt::from_fn(|f| write!(f, "the form field \"{k}\""));
                declared::check(v, env.placeholders.form(k), &what)?;
                form.append_pair(k, &secrets::substitute(v, all, name, &what)?);
            }
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(envelope::FORM));
            Some(Bytes::from(form.finish()))
        }
        Body::Json(value) => {
            let value = secrets::substitute_json(value, all, name, &env.placeholders, "")?;
            let bytes = serde_json::to_vec(&value).map_err(|e| {
                ProxyError::bad_request(format!("the json body cannot be serialized ({e})"))
            })?;
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(envelope::JSON));
            Some(Bytes::from(bytes))
        }
    };

    let policy = upstream.cache.filter(|_| env.method == Method::Get);
    let key = policy.map(|p| cache::key(&upstream.name, &p, &caller.agent, url.as_str(), &headers));
    let fetch = async {
        let _permit = state.inflight.try_acquire()?;
        let client = clients.of(upstream);
        let started = std::time::Instant::now();
        let call = send(state, client, upstream, env.method, url, headers, payload, info);
        let answer = match tokio::time::timeout(state.settings.timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(timeout_error(state, upstream)),
        };
        telemetry::upstream_latency(&upstream.name, started.elapsed().as_secs_f64());
        answer
    };
    match (policy, key) {
        (Some(policy), Some(key)) => {
            let shared = state.shared.as_ref();
            let (answer, outcome) =
                state.cache.get_or_fill(shared, &key, &policy, state.settings.timeout, fetch).await;
            answer.map(|a| a.into_response(Some(outcome)))
        }
        _ => fetch.await.map(|a| a.into_response(None)),
    }
}

fn timeout_error(state: &AppState, upstream: &Upstream) -> ProxyError {
    ProxyError::gateway_timeout(format!(
        "the upstream {} did not answer within {} s",
        upstream.origin_text,
        state.settings.timeout.as_secs_f64()
    ))
}

/// The answer for a failed upstream call (`connecting`: before a connection was made). Its
/// sentence has the error chain, which holds no URL (whose query could hold a secret).
fn classify(
    state: &AppState,
    upstream: &Upstream,
    e: &(dyn std::error::Error + 'static),
    connecting: bool,
) -> ProxyError {
    match client::failure(e, connecting) {
        Failure::Refused(message) => ProxyError::forbidden(message),
        Failure::TimedOut => timeout_error(state, upstream),
        Failure::Connect(detail) => ProxyError::bad_gateway(format!(
            "could not connect to the upstream {} ({detail})",
            upstream.origin_text
        )),
        Failure::Other(detail) => ProxyError::bad_gateway(format!(
            "the call to the upstream {} failed ({detail})",
            upstream.origin_text
        )),
    }
}

/// The method a redirect with `status` is followed with, as browsers do: 303 makes a GET, 301
/// and 302 turn a POST into a GET, and 307 and 308 keep the method (and its body).
pub fn redirected_method(status: u16, method: Method) -> Method {
    match (status, method) {
        (303, _) | (301 | 302, Method::Post) => Method::Get,
        _ => method,
    }
}

/// The next hop of a redirect from `upstream`, if the proxy may follow it: the same decision as
/// the envelope's URL ([`decide`], also on the `Location` as the upstream wrote it, before it is
/// resolved), and the same upstream as the call's, whose secrets and fixed headers it carries.
fn next_hop(
    state: &AppState,
    upstream: &Upstream,
    location: &str,
    base: &Url,
    method: Method,
    info: &mut CallInfo,
) -> Result<Url, ProxyError> {
    let refused = |why: String| {
        ProxyError::bad_gateway(format!(
            "the upstream \"{}\" redirected to a location the proxy does not follow: {why}",
            upstream.name
        ))
    };
    let written = location.split(['?', '#']).next().unwrap_or_default();
    if sidebar_widgets_wire::path::has_dot_segment(written) {
        return Err(refused("its path holds . or .. segments (in some encoding)".into()));
    }
    let next = base.join(location).map_err(|e| refused(format!("it is not a URL ({e})")))?;
    let (next, _) = decide(state, next.as_str(), method, Some(upstream), info)
        .map_err(|e| refused(e.message))?;
    Ok(next)
}

/// The request for one hop: the URL as the `Uri` hyper sends (the `Host` header is hyper's).
fn request(
    upstream: &Upstream,
    method: Method,
    url: &Url,
    headers: &HeaderMap,
    payload: &Option<Bytes>,
) -> Result<Request<Full<Bytes>>, ProxyError> {
    let uri: Uri = url.as_str().parse().map_err(|_| {
        ProxyError::bad_request(format!(
            "the URL cannot be sent to the upstream \"{}\" (it is not a valid HTTP URI)",
            upstream.name
        ))
    })?;
    let mut request = Request::new(Full::new(payload.clone().unwrap_or_default()));
    *request.method_mut() = envelope::to_http(method);
    *request.uri_mut() = uri;
    *request.headers_mut() = headers.clone();
    Ok(request)
}

#[allow(clippy::too_many_arguments)]
async fn send(
    state: &AppState,
    client: &UpstreamClient,
    upstream: &Upstream,
    mut method: Method,
    mut url: Url,
    mut headers: HeaderMap,
    mut payload: Option<Bytes>,
    info: &mut CallInfo,
) -> Result<Stored, ProxyError> {
    let mut redirects = 0;
    loop {
        let request = request(upstream, method, &url, &headers, &payload)?;
        let answer = client
            .request(request)
            .await
            .map_err(|e| classify(state, upstream, &e, e.is_connect()))?;
        let status = answer.status().as_u16();
        let location = answer.headers().get(LOCATION);
        let Some(location) = location.filter(|_| matches!(status, 301 | 302 | 303 | 307 | 308))
        else {
            return read_answer(state, upstream, answer).await;
        };
        let location = location.to_str().map_err(|_| {
            ProxyError::bad_gateway(format!(
                "the upstream \"{}\" redirected to an invalid location",
                upstream.name
            ))
        })?;
        redirects += 1;
        info.redirects = redirects;
        if redirects > MAX_REDIRECTS {
            return Err(ProxyError::bad_gateway(format!(
                "the upstream \"{}\" redirected more than {MAX_REDIRECTS} times",
                upstream.name
            )));
        }
        let next_method = redirected_method(status, method);
        url = next_hop(state, upstream, location, &url, next_method, info)?;
        if next_method != method {
            method = next_method;
            payload = None;
            headers.remove(CONTENT_TYPE);
        }
    }
}

/// A body as it arrives: one chunk kept as it was read, more chunks joined.
enum Gathered {
    Empty,
    One(Bytes),
    Joined(Vec<u8>),
}

impl Gathered {
    fn len(&self) -> usize {
        match self {
            Gathered::Empty => 0,
            Gathered::One(b) => b.len(),
            Gathered::Joined(v) => v.len(),
        }
    }

    fn push(self, chunk: Bytes) -> Gathered {
        match self {
            Gathered::Empty => Gathered::One(chunk),
            Gathered::One(first) => {
                let mut all = Vec::with_capacity(first.len() + chunk.len());
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                Gathered::Joined(all)
            }
            Gathered::Joined(mut all) => {
                all.extend_from_slice(&chunk);
                Gathered::Joined(all)
            }
        }
    }
}

/// The answer's status, content type and body, capped at `max_body_bytes` and redacted. A body
/// that arrives in one piece (the usual small answer) and holds no secret is passed on as it
/// was read, without a copy.
async fn read_answer(
    state: &AppState,
    upstream: &Upstream,
    answer: hyper::Response<Incoming>,
) -> Result<Stored, ProxyError> {
    let max = state.settings.max_body_bytes;
    let too_large = || {
        ProxyError::bad_gateway(format!(
            "the upstream {}'s answer is larger than max_body_bytes ({max} bytes)",
            upstream.origin_text
        ))
    };
    let (parts, mut incoming) = answer.into_parts();
    let declared = parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let encoded = parts
        .headers
        .get(CONTENT_ENCODING)
        .is_some_and(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"));
    if encoded {
        // The proxy asks for no compression; a compressed answer could hide a secret from the
        // redactor, so it is not passed on.
        return Err(ProxyError::bad_gateway(format!(
            "the upstream {} sent a compressed answer (Content-Encoding) although none was asked for",
            upstream.origin_text
        )));
    }
    let status = parts.status.as_u16();
    let no_store = parts.headers.get_all(CACHE_CONTROL).iter().any(|v| {
        let v = v.to_str().unwrap_or("no-store").to_ascii_lowercase();
        v.contains("no-store") || v.contains("private")
    });
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|s| state.redactor.redact(s).into_owned());
    let mut body = Gathered::Empty;
    while let Some(frame) = incoming.frame().await {
        let frame = frame.map_err(|e| classify(state, upstream, &e, false))?;
        let Ok(chunk) = frame.into_data() else { continue };
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body = body.push(chunk);
    }
    let body = match body {
        Gathered::Empty => Bytes::new(),
        Gathered::One(only) => state.redactor.redact_shared(only),
        Gathered::Joined(all) => Bytes::from(state.redactor.redact_bytes(all)),
    };
    Ok(Stored { status, content_type, body, no_store })
}
