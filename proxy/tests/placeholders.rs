//! Secret placeholders are filled in only where the template wrote them (the envelope's
//! `placeholders`): data substituted into the template that reads `{{secret.NAME}}` (a customer
//! named so, an API's answer, the agent's input) is refused, never filled in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{json, Value};

const CUSTOMER: &str = "{{secret.api_key}}";

/// Asserts a 400 naming `field`, that no secret came back, and that the upstream got nothing.
fn assert_undeclared(a: &Answer, field: &str, main: &Fake) {
    assert_eq!(a.status, 400, "{field}: {}", a.body);
    let e = a.error();
    assert!(e.contains(field), "expected {field:?} in {e:?}");
    assert!(e.contains("did not write there"), "{e}");
    assert!(!a.body.contains(API_KEY) && !a.body.contains("TOPSECRET"), "{}", a.body);
    assert_eq!(main.hits(), 0, "{field}: the upstream was called");
}

fn post_json(main: &Fake, json: Value, placeholders: Value) -> Value {
    json!({"method": "POST", "url": main.url("/api/echo"), "json": json,
           "content_type": "application/json", "placeholders": placeholders})
}

#[tokio::test]
async fn declared_placeholders_are_filled_in_and_delivered_in_every_field_kind() {
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({
            "method": "POST",
            "url": main.url("/api/echo"),
            "params": {"key": "{{ secret.api_key }}", "plain": "a b"},
            "headers": {"X-Token": "{{secret.api_key}}", "Authorization": "Bearer {{secret.api_key}}"},
            "json": {"auth": {"key": "k={{secret.api_key}}"}, "items": ["x", {"token": "{{secret.api_key}}"}],
                     "a/b": "{{secret.api_key}}{{secret.api_key}}"},
            "content_type": "application/json",
            "placeholders": {
                "params": {"key": ["api_key"]},
                // header names are matched case-insensitively
                "headers": {"x-token": ["api_key"], "Authorization": ["api_key"]},
                "json": {"/auth/key": ["api_key"], "/items/1/token": ["api_key"],
                         "/a~1b": ["api_key", "api_key"]}
            }
        }),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let got = main.last();
    assert_eq!(got.query_value("key").as_deref(), Some(API_KEY));
    assert_eq!(got.headers["x-token"], API_KEY);
    assert_eq!(got.headers["authorization"], format!("Bearer {API_KEY}"));
    let body: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body["auth"]["key"], format!("k={API_KEY}"));
    assert_eq!(body["items"][1]["token"], API_KEY);
    assert_eq!(body["a/b"], format!("{API_KEY}{API_KEY}"));
    assert!(!a.body.contains(API_KEY));

    let a = call(
        &proxy,
        json!({"method": "POST", "url": main.url("/api/echo"),
               "form": {"user": "John Doe", "key": "{{secret.api_key}}"},
               "placeholders": {"form": {"key": ["api_key"]}}}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let fields: Vec<(String, String)> =
        url::form_urlencoded::parse(main.last().body.as_bytes()).into_owned().collect();
    assert_eq!(fields, vec![("key".into(), API_KEY.into()), ("user".into(), "John Doe".into())]);
}

#[tokio::test]
async fn a_customer_named_like_a_placeholder_is_refused_in_each_field_kind() {
    let (proxy, main, _) = setup("").await;
    let url = main.url("/api/echo");
    let cases = [
        (json!({"method": "GET", "url": url, "params": {"name": CUSTOMER}}), "the param \"name\""),
        (
            json!({"method": "GET", "url": url, "headers": {"X-Note": format!("Customer: {CUSTOMER}")}}),
            "the header X-Note",
        ),
        (
            json!({"method": "POST", "url": url, "form": {"user": CUSTOMER}}),
            "the form field \"user\"",
        ),
        (
            post_json(&main, json!({"customer": {"name": CUSTOMER}}), json!({})),
            "\"/customer/name\"",
        ),
        (
            post_json(&main, json!({"lines": [{"note": "ok"}, {"note": CUSTOMER}]}), json!(null)),
            "\"/lines/1/note\"",
        ),
        // the template declared the placeholders it wrote elsewhere, not in this field
        (
            post_json(
                &main,
                json!({"auth": "{{secret.api_key}}", "name": CUSTOMER}),
                json!({"json": {"/auth": ["api_key"]}}),
            ),
            "\"/name\"",
        ),
    ];
    for (envelope, field) in cases {
        let a = call(&proxy, envelope).await;
        assert_undeclared(&a, field, &main);
    }
}

#[tokio::test]
async fn an_undeclared_placeholder_beside_a_declared_one_is_refused() {
    let (proxy, main, _) = setup("").await;
    // the template wrote "Bearer {{secret.api_key}} for {{customer.name}}"; the name is a placeholder
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/echo"),
               "headers": {"Authorization": format!("Bearer {{{{secret.api_key}}}} for {CUSTOMER}")},
               "placeholders": {"headers": {"Authorization": ["api_key"]}}}),
    )
    .await;
    assert_undeclared(&a, "the header Authorization", &main);
    let a = call(
        &proxy,
        post_json(
            &main,
            json!({"items": [format!("{{{{secret.api_key}}}}{CUSTOMER}")]}),
            json!({"json": {"/items/0": ["api_key"]}}),
        ),
    )
    .await;
    assert_undeclared(&a, "\"/items/0\"", &main);
}

#[tokio::test]
async fn a_declared_placeholder_that_is_missing_is_refused() {
    // data that swallowed the template's placeholder ("{{secret.api_key}}" declared, not there)
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/echo"), "params": {"key": "John Doe"},
               "placeholders": {"params": {"key": ["api_key"]}}}),
    )
    .await;
    assert_eq!(a.status, 400, "{}", a.body);
    let e = a.error();
    assert!(e.contains("the param \"key\" lacks a {{secret.NAME}} placeholder"), "{e}");
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn a_placeholder_in_an_envelope_without_placeholders_is_refused() {
    let (proxy, main, _) = setup("").await;
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/echo"), "headers": {"X-Token": CUSTOMER}}),
    )
    .await;
    assert_undeclared(&a, "the header X-Token", &main);
    // no placeholder at all: nothing to declare
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/echo"), "headers": {"X-Note": "{{ticket.id}}"}}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(main.last().headers["x-note"], "{{ticket.id}}");
}

#[tokio::test]
async fn a_malformed_placeholders_declaration_is_400_with_a_reason() {
    let (proxy, main, _) = setup("").await;
    let u = main.url("/api/echo");
    for (placeholders, reason) in [
        (json!("api_key"), "\"placeholders\" must be an object"),
        (json!({"header": {}}), "unknown group \"header\""),
        (json!({"params": ["api_key"]}), "\"placeholders.params\" must be an object"),
        (json!({"headers": {"X-Token": "api_key"}}), "array of secret names"),
        (json!({"form": {"user": [1]}}), "not a secret name"),
        (json!({"json": {"/a": ["secret.api_key"]}}), "not a secret name"),
        (json!({"headers": {"X-Token": [], "x-token": []}}), "case-insensitive"),
    ] {
        let a =
            call(&proxy, json!({"method": "GET", "url": u, "placeholders": placeholders})).await;
        assert_eq!(a.status, 400, "{placeholders}: {}", a.body);
        let e = a.error();
        assert!(e.contains(reason), "{placeholders}: expected {reason:?} in {e:?}");
    }
    assert_eq!(main.hits(), 0);
}
