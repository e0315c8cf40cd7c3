//! One forwarded call: envelope → policy → secrets → upstream → capped, redacted answer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, USER_AGENT};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;
use url::Url;

use crate::admit;
use crate::allowlist::{self, Upstream};
use crate::auth::Caller;
use crate::cache::{self, Stored};
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
/// answered from the cache when the upstream has one.
pub async fn forward(
    state: &Arc<AppState>,
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
            let what = format!("the param \"{k}\"");
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
        let what = format!("the header {k}");
        declared::check(v, env.placeholders.header(k), &what)?;
        let value = secrets::substitute(v, all, name, &what)?;
        headers.append(header_name(k)?, header_value(k, &value)?);
    }
    // The operator's fixed headers win over the envelope's.
    for (k, v) in &upstream.headers {
        let value = secrets::substitute(v, all, name, &format!("the upstream's header {k}"))?;
        headers.insert(header_name(k)?, header_value(k, &value)?);
    }
    if !headers.contains_key(USER_AGENT) {
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
    }

    let payload: Option<Vec<u8>> = match &env.body {
        Body::None => None,
        Body::Form(fields) => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in fields {
                no_placeholder_in_key(k, "form")?;
                let what = format!("the form field \"{k}\"");
                declared::check(v, env.placeholders.form(k), &what)?;
                form.append_pair(k, &secrets::substitute(v, all, name, &what)?);
            }
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(envelope::FORM));
            Some(form.finish().into_bytes())
        }
        Body::Json(value) => {
            let value = secrets::substitute_json(value, all, name, &env.placeholders, "")?;
            let bytes = serde_json::to_vec(&value).map_err(|e| {
                ProxyError::bad_request(format!("the json body cannot be serialized ({e})"))
            })?;
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(envelope::JSON));
            Some(bytes)
        }
    };

    let policy = upstream.cache.filter(|_| env.method == Method::Get);
    let key = policy.map(|p| cache::key(&upstream.name, &p, &caller.agent, url.as_str(), &headers));
    let fetch = async {
        let _permit = state.inflight.try_acquire()?;
        let client =
            if upstream.allow_private { &state.open_client } else { &state.guarded_client };
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

/// The sentence for a failed upstream call: the error chain without the URL (which could hold
/// a secret in its query).
fn classify(state: &AppState, upstream: &Upstream, e: reqwest::Error) -> ProxyError {
    if let Some(refused) = netguard::find_refused(&e) {
        return ProxyError::forbidden(refused.message());
    }
    if e.is_timeout() {
        return timeout_error(state, upstream);
    }
    let e = e.without_url();
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    let detail: String = detail.chars().take(300).collect();
    if e.is_connect() {
        ProxyError::bad_gateway(format!(
            "could not connect to the upstream {} ({detail})",
            upstream.origin_text
        ))
    } else {
        ProxyError::bad_gateway(format!(
            "the call to the upstream {} failed ({detail})",
            upstream.origin_text
        ))
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

#[allow(clippy::too_many_arguments)]
async fn send(
    state: &AppState,
    client: &reqwest::Client,
    upstream: &Upstream,
    mut method: Method,
    mut url: Url,
    mut headers: HeaderMap,
    mut payload: Option<Vec<u8>>,
    info: &mut CallInfo,
) -> Result<Stored, ProxyError> {
    let mut redirects = 0;
    loop {
        let mut request =
            client.request(envelope::to_reqwest(method), url.clone()).headers(headers.clone());
        if let Some(p) = &payload {
            request = request.body(p.clone());
        }
        let answer = request.send().await.map_err(|e| classify(state, upstream, e))?;
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

async fn read_answer(
    state: &AppState,
    upstream: &Upstream,
    mut answer: reqwest::Response,
) -> Result<Stored, ProxyError> {
    let max = state.settings.max_body_bytes;
    let too_large = || {
        ProxyError::bad_gateway(format!(
            "the upstream {}'s answer is larger than max_body_bytes ({max} bytes)",
            upstream.origin_text
        ))
    };
    if answer.content_length().is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let encoded = answer
        .headers()
        .get(axum::http::header::CONTENT_ENCODING)
        .is_some_and(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"));
    if encoded {
        // The proxy asks for no compression; a compressed answer could hide a secret from the
        // redactor, so it is not passed on.
        return Err(ProxyError::bad_gateway(format!(
            "the upstream {} sent a compressed answer (Content-Encoding) although none was asked for",
            upstream.origin_text
        )));
    }
    let status = answer.status().as_u16();
    let no_store = answer.headers().get_all(CACHE_CONTROL).iter().any(|v| {
        let v = v.to_str().unwrap_or("no-store").to_ascii_lowercase();
        v.contains("no-store") || v.contains("private")
    });
    let content_type = answer
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|s| state.redactor.redact(s));
    let mut body = Vec::new();
    while let Some(chunk) = answer.chunk().await.map_err(|e| classify(state, upstream, e))? {
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let body = Bytes::from(state.redactor.redact_bytes(body));
    Ok(Stored { status, content_type, body, no_store })
}
