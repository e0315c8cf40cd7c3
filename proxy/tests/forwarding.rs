//! Forwarding, secret substitution and malformed envelopes, against fake upstreams on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

// ---------- forwarding and secrets ----------

#[tokio::test]
async fn healthz_answers_ok() {
    let (proxy, _, _) = setup("").await;
    let a = send(client().get(format!("{proxy}/healthz"))).await;
    assert_eq!((a.status, a.body.as_str()), (200, "ok"));
}

#[tokio::test]
async fn upstream_status_body_and_content_type_are_passed_through() {
    let (proxy, main, _) = setup("").await;
    let a = call(&proxy, get(&main.url("/api/plain"))).await;
    assert_eq!(a.status, 201);
    assert_eq!(a.body, "hello");
    assert_eq!(a.header("content-type").as_deref(), Some("text/plain; charset=utf-8"));
    assert_eq!(a.header("x-sidebar-proxy-error"), None);
    // POST / is the same endpoint as POST /forward
    let r = client()
        .post(format!("{proxy}/"))
        .bearer_auth(TOKEN)
        .body(get(&main.url("/api/plain")).to_string());
    assert_eq!(send(r).await.status, 201);
}

#[tokio::test]
async fn secrets_are_substituted_in_header_param_and_nested_json_and_never_returned() {
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({
            "method": "POST",
            "url": main.url("/api/echo?keep=1"),
            "params": {"key": "{{ secret.api_key }}", "plain": "a b"},
            "headers": {"X-Token": "{{secret.api_key}}", "Authorization": "Bearer {{secret.api_key}}"},
            "form": null,
            "json": {"outer": {"list": ["x", "k={{secret.api_key}}"], "n": 1}},
            "placeholders": {"params": {"key": ["api_key"]},
                             "headers": {"X-Token": ["api_key"], "Authorization": ["api_key"]},
                             "json": {"/outer/list/1": ["api_key"]}},
            "content_type": "application/json"
        }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let got = main.last();
    assert_eq!(got.headers["x-token"], API_KEY);
    assert_eq!(got.headers["authorization"], format!("Bearer {API_KEY}"));
    assert_eq!(got.headers["x-fixed"], format!("fixed {FIXED_KEY}"));
    assert_eq!(got.headers["content-type"], "application/json");
    assert_eq!(got.query_value("keep").as_deref(), Some("1"));
    assert_eq!(got.query_value("key").as_deref(), Some(API_KEY));
    assert_eq!(got.query_value("plain").as_deref(), Some("a b"));
    let body: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body["outer"]["list"][1], format!("k={API_KEY}"));
    assert_eq!(body["outer"]["n"], 1);

    // The upstream echoed all of it (raw, JSON-escaped, percent-encoded, base64): none comes back.
    for secret in [API_KEY, FIXED_KEY, "TOPSECRET"] {
        assert!(!a.body.contains(secret), "{secret} leaked: {}", a.body);
    }
    assert!(!a.body.contains("sk_live_TOPSECRET%2Fvalue%2B42"));
    assert!(a.body.contains("[secret removed]"));
    let echo = a.json();
    assert_eq!(echo["token_percent"], "[secret removed]");
    assert_eq!(echo["token_base64"], "[secret removed]");
}

#[tokio::test]
async fn secrets_are_substituted_in_form_fields() {
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({
            "method": "POST", "url": main.url("/api/echo"),
            "form": {"user": "John Doe", "key": "{{secret.api_key}}"},
            "placeholders": {"form": {"key": ["api_key"]}},
            "json": null, "content_type": "application/x-www-form-urlencoded"
        }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let got = main.last();
    assert_eq!(got.headers["content-type"], "application/x-www-form-urlencoded");
    let fields: Vec<(String, String)> =
        url::form_urlencoded::parse(got.body.as_bytes()).into_owned().collect();
    // (fields go in key order: the envelope is a JSON object)
    assert_eq!(fields, vec![("key".into(), API_KEY.into()), ("user".into(), "John Doe".into())]);
    assert!(!a.body.contains(API_KEY) && !a.body.contains("sk_live_TOPSECRET%2Fvalue%2B42"));
}

#[tokio::test]
async fn get_and_delete_send_no_body() {
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({"method": "DELETE", "url": main.url("/api/echo"), "json": {"a": 1}, "content_type": "application/json"}),
    )
    .await;
    assert_eq!(a.status, 200);
    let got = main.last();
    assert_eq!((got.method.as_str(), got.body.as_str()), ("DELETE", ""));
    assert!(!got.headers.contains_key("content-type"));
}

#[tokio::test]
async fn secret_aimed_outside_its_scope_is_refused() {
    let (proxy, main, other) = setup("").await;
    let a =
        call(&proxy, json!({"method": "GET", "url": other.url("/x"), "headers": {"X-Token": "{{secret.api_key}}"},
            "placeholders": {"headers": {"X-Token": ["api_key"]}}}))
            .await;
    assert_eq!(a.status, 403);
    let e = a.error();
    assert!(e.contains("api_key") && e.contains("other"), "{e}");
    assert!(!a.body.contains(API_KEY));
    assert_eq!(other.hits(), 0);
    // and the other way round, in a param
    let a =
        call(&proxy, json!({"method": "GET", "url": main.url("/api/echo"), "params": {"k": "{{secret.other_key}}"},
            "placeholders": {"params": {"k": ["other_key"]}}}))
            .await;
    assert_eq!(a.status, 403);
    assert!(a.error().contains("other_key"));
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn unknown_secret_is_refused() {
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({"method": "POST", "url": main.url("/api/echo"), "json": {"a": "{{secret.nope}}"},
               "placeholders": {"json": {"/a": ["nope"]}}}),
    )
    .await;
    assert_eq!(a.status, 403);
    assert!(a.error().contains("unknown secret \"nope\""));
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn secret_placeholder_in_url_is_refused() {
    let (proxy, main, _) = setup("").await;
    for url in [main.url("/api/{{secret.api_key}}"), main.url("/api/echo?k={{ secret.api_key }}")] {
        let a = call(&proxy, get(&url)).await;
        assert_eq!(a.status, 400);
        assert!(a.error().contains("URL"));
    }
    assert_eq!(main.hits(), 0);
}

// ---------- malformed envelopes ----------

#[tokio::test]
async fn every_kind_of_malformed_envelope_is_400_with_a_reason() {
    let (proxy, main, _) = setup("max_body_bytes = 65536").await;
    let u = main.url("/api/echo");
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "not valid JSON"),
        ("".into(), "not valid JSON"),
        ("{\"method\": \"GET\", ".into(), "not valid JSON"),
        ("[1, 2]".into(), "must be a JSON object"),
        ("\"GET\"".into(), "must be a JSON object"),
        (json!({"method": "GET"}).to_string(), "no \"url\""),
        (json!({"url": u}).to_string(), "no \"method\""),
        (json!({"method": 1, "url": u}).to_string(), "\"method\" must be a string"),
        (json!({"method": "GET", "url": 5}).to_string(), "\"url\" must be a string"),
        (json!({"method": "GET", "url": ["x"]}).to_string(), "\"url\" must be a string"),
        (
            json!({"method": "GET", "url": u, "params": "a=b"}).to_string(),
            "\"params\" must be an object",
        ),
        (
            json!({"method": "GET", "url": u, "params": {"a": {"b": 1}}}).to_string(),
            "\"params.a\" must be a string",
        ),
        (
            json!({"method": "GET", "url": u, "headers": ["X: y"]}).to_string(),
            "\"headers\" must be an object",
        ),
        (
            json!({"method": "GET", "url": u, "headers": {"X": [1]}}).to_string(),
            "\"headers.X\" must be a string",
        ),
        (
            json!({"method": "POST", "url": u, "form": "a=b"}).to_string(),
            "\"form\" must be an object",
        ),
        (
            json!({"method": "POST", "url": u, "content_type": 3}).to_string(),
            "\"content_type\" must be a string",
        ),
        (
            json!({"method": "POST", "url": u, "content_type": "text/xml"}).to_string(),
            "unknown content_type",
        ),
        (
            json!({"method": "POST", "url": u, "form": {"a": "1"}, "json": {"a": 1}}).to_string(),
            "both",
        ),
        (json!({"method": "TRACE", "url": u}).to_string(), "unknown method"),
        (json!({"method": "CONNECT", "url": u}).to_string(), "unknown method"),
        (json!({"method": "GET", "url": ""}).to_string(), "empty"),
        (json!({"method": "GET", "url": "not a url"}).to_string(), "not a valid absolute URL"),
        (json!({"method": "GET", "url": "/api/echo"}).to_string(), "not a valid absolute URL"),
        (json!({"method": "GET", "url": "ftp://127.0.0.1/api/"}).to_string(), "https://"),
        (json!({"method": "GET", "url": "javascript:alert(1)"}).to_string(), "https://"),
        (json!({"method": "GET", "url": "http://"}).to_string(), "not a valid absolute URL"),
        (json!({"method": "GET", "url": format!("{u}\u{0}")}).to_string(), "control characters"),
        (
            json!({"method": "GET", "url": u, "headers": {"X": "{{secret.api_key"}}).to_string(),
            "malformed secret placeholder",
        ),
        (
            json!({"method": "GET", "url": u, "params": {"{{secret.api_key}}": "v"}}).to_string(),
            "only be put in values",
        ),
    ];
    for (body, reason) in cases {
        let a = post_raw(&proxy, Some(TOKEN), None, body.clone()).await;
        assert_eq!(a.status, 400, "{body}: {}", a.body);
        let e = a.error();
        assert!(e.contains(reason), "{body}: expected {reason:?} in {e:?}");
    }
    let huge = json!({"method": "GET", "url": u, "params": {"x": "y".repeat(100_000)}}).to_string();
    let a = post_raw(&proxy, Some(TOKEN), None, huge).await;
    assert_eq!(a.status, 413);
    a.error();
    // the wrong HTTP method on the endpoint, and an unknown path
    let a = send(client().get(format!("{proxy}/forward")).bearer_auth(TOKEN)).await;
    assert_eq!(a.status, 405);
    a.error();
    let a = send(client().post(format!("{proxy}/nope")).bearer_auth(TOKEN)).await;
    assert_eq!(a.status, 404);
    a.error();
    assert_eq!(main.hits(), 0);
}
