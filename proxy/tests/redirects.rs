//! Redirects: every hop goes through the decision the envelope's URL goes through.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{json, Value};

/// Upstreams sharing one origin with nested prefixes ("api" at /api, "admin" at /api/admin,
/// GET only; "posts" at /posts, POST only), and "other" on another origin.
async fn nested() -> (String, Fake, Fake) {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let toml = format!(
        r#"
[auth]
static_tokens = ["{TOKEN}"]

[[upstreams]]
name = "api"
origin = "{main}"
path_prefix = "/api"
methods = ["GET", "POST", "PUT"]
allow_private = true
headers = {{ "X-Fixed" = "fixed {{{{secret.fixed_key}}}}" }}

[[upstreams]]
name = "admin"
origin = "{main}"
path_prefix = "/api/admin"
methods = ["GET"]
allow_private = true

[[upstreams]]
name = "posts"
origin = "{main}"
path_prefix = "/posts"
methods = ["POST"]
allow_private = true

[[upstreams]]
name = "other"
origin = "{other}"
allow_private = true

[secrets.api_key]
value = "{API_KEY}"
upstreams = ["api"]

[secrets.fixed_key]
value = "{FIXED_KEY}"
upstreams = ["api"]
"#,
        main = main.origin(),
        other = other.origin()
    );
    (start_proxy(&toml).await, main, other)
}

fn redirect(method: &str, from: &str, status: u16, to: &str) -> Value {
    json!({"method": method, "url": from, "params": {"to": to, "status": status.to_string()},
           "headers": {"X-Token": "{{secret.api_key}}"}, "json": {"a": 1},
           "placeholders": {"headers": {"X-Token": ["api_key"]}}})
}

fn paths(fake: &Fake) -> Vec<String> {
    fake.received.lock().unwrap().iter().map(|r| r.path.clone()).collect()
}

#[tokio::test]
async fn a_redirect_into_a_longer_prefix_upstream_is_refused() {
    let (proxy, main, _) = nested().await;
    for status in [301, 302, 303, 307, 308] {
        let a =
            call(&proxy, redirect("GET", &main.url("/api/redirect"), status, "/api/admin/echo"))
                .await;
        assert_eq!(a.status, 502, "{status}: {}", a.body);
        let e = a.error();
        assert!(e.contains("\"admin\"") && e.contains("\"api\""), "{e}");
    }
    // the secrets and fixed headers filled for "api" never reached "admin"
    assert!(paths(&main).iter().all(|p| p == "/api/redirect"), "{:?}", paths(&main));
}

#[tokio::test]
async fn a_redirect_hop_with_a_dot_segment_in_any_encoding_is_refused() {
    let (proxy, main, _) = nested().await;
    let hops = [
        "/api/..%2fadmin",
        "/api/%252e%252e/admin",
        "/api/%5c..%5c..%5cadmin",
        "/api/..;/admin",
        "/api/x/%2e%2e/%2e%2e/posts",
        "/api/x/..\\..\\admin",
    ];
    for to in hops {
        let a = call(&proxy, redirect("GET", &main.url("/api/redirect"), 302, to)).await;
        assert_eq!(a.status, 502, "{to}: {}", a.body);
        assert!(a.error().contains(".."), "{to}: {}", a.body);
    }
    assert_eq!(main.hits(), hops.len(), "{:?}", paths(&main));
}

#[tokio::test]
async fn a_hop_keeps_or_changes_the_method_as_browsers_do_and_must_be_allowed() {
    let (proxy, main, _) = nested().await;
    // 307 and 308 keep the method and the body
    for status in [307, 308] {
        let a =
            call(&proxy, redirect("POST", &main.url("/api/redirect"), status, "/api/echo")).await;
        assert_eq!(a.status, 200, "{status}: {}", a.body);
        let got = main.last();
        assert_eq!((got.method.as_str(), got.body.as_str()), ("POST", "{\"a\":1}"), "{status}");
    }
    // 301 and 302 turn a POST into a GET without a body; 303 turns anything into a GET
    for (method, status) in [("POST", 301), ("POST", 302), ("PUT", 303)] {
        let a =
            call(&proxy, redirect(method, &main.url("/api/redirect"), status, "/api/echo")).await;
        assert_eq!(a.status, 200, "{status}: {}", a.body);
        let got = main.last();
        assert_eq!((got.method.as_str(), got.body.as_str()), ("GET", ""), "{method} {status}");
        assert!(!got.headers.contains_key("content-type"));
    }
    // ... and other methods keep theirs through a 301/302
    let a = call(&proxy, redirect("PUT", &main.url("/api/redirect"), 302, "/api/echo")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!((main.last().method.as_str(), main.last().body.as_str()), ("PUT", "{\"a\":1}"));

    // a POST-only upstream: its 303 would make a GET, which it does not allow
    let before = main.hits();
    let post = json!({"method": "POST", "url": main.url("/posts/redirect"),
                      "params": {"to": "/posts/echo", "status": "303"}, "json": {}});
    let a = call(&proxy, post).await;
    assert_eq!(a.status, 502, "{}", a.body);
    assert!(a.error().contains("GET is not allowed"), "{}", a.body);
    assert_eq!(main.hits(), before + 1);
    assert_eq!(main.last().path, "/posts/redirect");
}

#[tokio::test]
async fn a_post_redirected_with_307_into_a_get_only_upstream_is_refused() {
    let (proxy, main, _) = nested().await;
    let a =
        call(&proxy, redirect("POST", &main.url("/api/redirect"), 307, "/api/admin/echo")).await;
    assert_eq!(a.status, 502, "{}", a.body);
    a.error();
    assert_eq!(paths(&main), vec!["/api/redirect"]);
}

#[tokio::test]
async fn a_secret_filled_for_one_upstream_never_travels_to_another() {
    let (proxy, main, other) = nested().await;
    for to in [other.url("/x"), main.url("/posts/echo")] {
        let a = call(&proxy, redirect("GET", &main.url("/api/redirect"), 302, &to)).await;
        assert_eq!(a.status, 502, "{to}: {}", a.body);
        assert!(a.error().contains("another upstream"), "{}", a.body);
    }
    assert_eq!(other.hits(), 0);
    assert_eq!(paths(&main), vec!["/api/redirect", "/api/redirect"]);
}

#[tokio::test]
async fn the_log_line_says_where_a_redirected_call_ended() {
    let captured = global_logs();
    let (proxy, main, _) = nested().await;
    let a = call(&proxy, redirect("GET", &main.url("/api/redirect"), 302, "/api/x/echo")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = call(&proxy, redirect("GET", &main.url("/api/redirect"), 302, "/api/admin/x")).await;
    assert_eq!(a.status, 502, "{}", a.body);
    let lines = captured.lines();
    let calls: Vec<&Value> = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "forwarded" || l["fields"]["message"] == "refused")
        .filter(|l| l["fields"]["url"].as_str().is_some_and(|u| u.starts_with(&main.origin())))
        .collect();
    assert_eq!(calls.len(), 2, "{lines:?}");
    assert_eq!(calls[0]["fields"]["url"], main.url("/api/x/echo"));
    assert_eq!(calls[0]["fields"]["upstream"], "api");
    assert_eq!(calls[0]["fields"]["redirects"], 1);
    assert_eq!(calls[1]["fields"]["url"], main.url("/api/admin/x"));
    assert_eq!(calls[1]["fields"]["upstream"], "admin");
}

#[tokio::test]
async fn cross_origin_redirect_is_not_followed() {
    let (proxy, main, other) = setup("").await;
    // even to another configured upstream
    let a = call(&proxy, json!({"method": "GET", "url": main.url("/api/redirect"), "params": {"to": other.url("/x")}}))
        .await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("another upstream"), "{}", a.body);
    assert_eq!(other.hits(), 0);
    // a same-origin redirect out of the path prefix is not followed either
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/redirect"), "params": {"to": "/other/x"}}),
    )
    .await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("outside"), "{}", a.body);
    assert_eq!(main.hits(), 2);
}

#[tokio::test]
async fn same_origin_redirect_within_the_upstream_is_followed() {
    let (proxy, main, _) = setup("").await;
    let a = call(&proxy, json!({"method": "GET", "url": main.url("/api/redirect"), "params": {"to": "/api/echo?x=1"}, "headers": {"X-Token": "{{secret.api_key}}"}, "placeholders": {"headers": {"X-Token": ["api_key"]}}})).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(main.last().path, "/api/echo");
    assert_eq!(main.last().headers["x-token"], API_KEY);
    // 303 turns a POST into a GET without a body
    let a = call(
        &proxy,
        json!({"method": "POST", "url": main.url("/api/see-other"), "json": {"a": 1}}),
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!((main.last().method.as_str(), main.last().body.as_str()), ("GET", ""));
}
