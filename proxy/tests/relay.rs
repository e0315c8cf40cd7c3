//! No open relay: the URL rules, upstream choice, private addresses and refused headers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

// ---------- no open relay ----------

#[tokio::test]
async fn url_outside_every_upstream_is_refused_with_a_reason() {
    let (proxy, main, _) = setup("").await;
    let stranger = start_upstream().await;
    for url in [
        stranger.url("/api/echo"),
        "https://example.com/api/echo".to_string(),
        format!("https://127.0.0.1:{}/api/echo", main.port()),
    ] {
        let a = call(&proxy, get(&url)).await;
        assert_eq!(a.status, 403, "{url}");
        assert!(a.error().contains("not a configured upstream"), "{}", a.body);
    }
    assert_eq!(stranger.hits() + main.hits(), 0);
}

#[tokio::test]
async fn method_not_allowed_for_the_upstream_is_refused() {
    let (proxy, _, other) = setup("").await;
    let a = call(&proxy, json!({"method": "POST", "url": other.url("/x"), "json": {}})).await;
    assert_eq!(a.status, 403);
    assert!(a.error().contains("method POST is not allowed"));
    assert_eq!(other.hits(), 0);
}

#[tokio::test]
async fn path_outside_the_prefix_is_refused() {
    let (proxy, main, _) = setup("").await;
    for path in ["/other/x", "/apix", "/"] {
        let a = call(&proxy, get(&main.url(path))).await;
        assert_eq!(a.status, 403, "{path}");
        assert!(a.error().contains("outside"), "{}", a.body);
    }
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn dot_segment_escapes_are_refused() {
    let (proxy, main, _) = setup("").await;
    for path in [
        "/api/../other/x",
        "/api/./echo",
        "/api/%2e%2e/other/x",
        "/api/%2E./other/x",
        "/api/..%2fother/x",
        "/api/%252e%252e/other/x",
        "/api/..\\other/x",
    ] {
        let a = call(&proxy, get(&main.url(path))).await;
        assert_eq!(a.status, 403, "{path}: {}", a.body);
        assert!(a.error().contains(".."), "{}", a.body);
    }
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn a_dot_segment_with_a_path_parameter_is_refused() {
    // Tomcat and others read "..;x" as ".."
    let (proxy, main, _) = setup("").await;
    for path in
        ["/api/..;/admin", "/api/.;x/echo", "/api/%2e%2e%3b/admin", "/api/%5c..%5c..%5cadmin"]
    {
        let a = call(&proxy, get(&main.url(path))).await;
        assert_eq!(a.status, 403, "{path}: {}", a.body);
        assert!(a.error().contains(".."), "{}", a.body);
    }
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn userinfo_in_the_url_is_refused() {
    let (proxy, main, _) = setup("").await;
    let a =
        call(&proxy, get(&format!("http://user:pass@127.0.0.1:{}/api/echo", main.port()))).await;
    assert_eq!(a.status, 403);
    assert!(a.error().contains("user name or password"));
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allow_private() {
    let fake = start_upstream().await;
    let toml = format!(
        r#"
[auth]
static_tokens = ["{TOKEN}"]
[[upstreams]]
name = "ip"
origin = "http://127.0.0.1:{port}"
[[upstreams]]
name = "name"
origin = "http://localhost:{port}"
[[upstreams]]
name = "v6"
origin = "http://[::1]:{port}"
"#,
        port = fake.port()
    );
    let proxy = start_proxy(&toml).await;
    for url in [
        fake.url("/api/echo"),
        format!("http://localhost:{}/api/echo", fake.port()),
        format!("http://[::1]:{}/x", fake.port()),
    ] {
        let a = call(&proxy, get(&url)).await;
        assert_eq!(a.status, 403, "{url}: {}", a.body);
        let e = a.error();
        assert!(e.contains("loopback") && e.contains("allow_private"), "{e}");
    }
    assert_eq!(fake.hits(), 0);
    // the same upstream with allow_private = true is reached
    let proxy =
        start_proxy(&toml.replace("name = \"name\"", "name = \"name\"\nallow_private = true"))
            .await;
    let a = call(&proxy, get(&format!("http://localhost:{}/api/echo", fake.port()))).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn refused_and_proxy_controlled_headers_are_refused() {
    let (proxy, main, _) = setup("").await;
    for h in [
        "Host",
        "Content-Length",
        "Connection",
        "Transfer-Encoding",
        "Cookie",
        "Accept-Encoding",
        "X-Forwarded-For",
        "Proxy-Authorization",
        "bad header",
    ] {
        let a = call(
            &proxy,
            json!({"method": "GET", "url": main.url("/api/echo"), "headers": {h: "x"}}),
        )
        .await;
        assert_eq!(a.status, 400, "{h}");
        a.error();
    }
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/echo"), "headers": {"X-Ok": "line\nbreak"}}),
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(main.hits(), 0);
}
