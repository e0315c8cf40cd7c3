//! Tokens and CORS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

// ---------- auth ----------

#[tokio::test]
async fn missing_bad_tampered_and_expired_tokens_are_401() {
    let (proxy, main, _) = setup("").await;
    let body = get(&main.url("/api/echo")).to_string();
    let a = post_raw(&proxy, None, None, body.clone()).await;
    assert_eq!(a.status, 401);
    assert!(a.error().contains("missing Authorization"));
    assert_eq!(a.header("www-authenticate").as_deref(), Some("Bearer"));

    let basic = send(
        client().post(format!("{proxy}/forward")).basic_auth("a", Some("b")).body(body.clone()),
    )
    .await;
    assert_eq!(basic.status, 401);
    assert!(basic.error().contains("Bearer"));

    let a = post_raw(&proxy, Some("static-token-for-tests-0002"), None, body.clone()).await;
    assert_eq!(a.status, 401);
    a.error();

    let good = minted("agent-1", 60);
    let (payload, signature) = good.rsplit_once('.').unwrap();
    let (_, expiry) = payload.rsplit_once('.').unwrap();
    use base64::Engine as _;
    let other_agent = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("agent-2");
    let tampered = format!("v1.{other_agent}.{expiry}.{signature}");
    let a = post_raw(&proxy, Some(&tampered), None, body.clone()).await;
    assert_eq!(a.status, 401);
    assert!(a.error().contains("signature"));

    let later = format!(
        "{}.{}.{signature}",
        payload.rsplit_once('.').unwrap().0,
        expiry.parse::<u64>().unwrap() + 3600
    );
    let a = post_raw(&proxy, Some(&later), None, body.clone()).await;
    assert_eq!(a.status, 401);
    assert!(a.error().contains("signature"));

    let foreign = sidebar_widgets_proxy::auth::mint(
        b"another-key-another-key-another-key!!",
        "agent-1",
        u64::MAX / 2,
    )
    .unwrap();
    assert_eq!(post_raw(&proxy, Some(&foreign), None, body.clone()).await.status, 401);

    let a = post_raw(&proxy, Some(&minted("agent-1", -5)), None, body.clone()).await;
    assert_eq!(a.status, 401);
    assert!(a.error().contains("expired"));

    for junk in ["v1.", "v1.a.b.c.d", "v1.!!.1.!!", "x".repeat(5000).as_str()] {
        let a = post_raw(&proxy, Some(junk), None, body.clone()).await;
        assert_eq!(a.status, 401, "{junk}");
    }
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn a_minted_token_works() {
    let (proxy, main, _) = setup("").await;
    let a = call_as(&proxy, &minted("agent-42", 60), get(&main.url("/api/echo"))).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(main.hits(), 1);
}

// ---------- CORS ----------

#[tokio::test]
async fn allowed_origin_gets_cors_headers_and_preflight() {
    let (proxy, main, _) = setup("").await;
    let pre = send(
        client()
            .request(reqwest::Method::OPTIONS, format!("{proxy}/forward"))
            .header("origin", ORIGIN)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization, content-type"),
    )
    .await;
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
    assert!(pre.header("access-control-allow-headers").unwrap().contains("authorization"));
    assert!(pre.header("access-control-allow-methods").unwrap().contains("POST"));

    let a =
        post_raw(&proxy, Some(TOKEN), Some(ORIGIN), get(&main.url("/api/echo")).to_string()).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
    assert!(a.header("access-control-expose-headers").unwrap().contains("X-Sidebar-Proxy-Error"));
    // a browser can read whether an answer came from the cache
    assert!(a.header("access-control-expose-headers").unwrap().contains("X-Sidebar-Proxy-Cache"));
    // the proxy's own errors carry them too, so the sidebar can read them
    let a = post_raw(&proxy, None, Some(ORIGIN), get(&main.url("/api/echo")).to_string()).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.header("access-control-allow-origin").as_deref(), Some(ORIGIN));
    // a server (no Origin) with a good token is served
    let a = post_raw(&proxy, Some(TOKEN), None, get(&main.url("/api/echo")).to_string()).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn refused_origin_gets_no_cors_headers_and_403() {
    let (proxy, main, _) = setup("").await;
    let pre = send(
        client()
            .request(reqwest::Method::OPTIONS, format!("{proxy}/forward"))
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "POST"),
    )
    .await;
    assert_eq!(pre.status, 403);
    assert_eq!(pre.header("access-control-allow-origin"), None);
    let a = post_raw(
        &proxy,
        Some(TOKEN),
        Some("https://evil.example"),
        get(&main.url("/api/echo")).to_string(),
    )
    .await;
    assert_eq!(a.status, 403);
    assert!(a.error().contains("allowed_origins"));
    assert_eq!(a.header("access-control-allow-origin"), None);
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn a_token_minted_by_the_documented_recipe_is_accepted() {
    // proxy/README.md, "Signed tokens": payload = "v1." + base64url(agent) + "." + expiry (Unix
    // seconds, decimal); signature = HMAC-SHA256 with the signing key's bytes (the configured
    // text, UTF-8, trimmed) over the payload's bytes; token = payload + "." + base64url(signature);
    // base64url without padding. Written here with the plain crates, not the proxy's code.
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let (proxy, main, _) = setup("").await;
    let expiry =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 600;
    let payload = format!("v1.{}.{expiry}", URL_SAFE_NO_PAD.encode("agent-from-php"));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SIGNING_KEY.as_bytes()).unwrap();
    mac.update(payload.as_bytes());
    let token = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
    let a = call_as(&proxy, &token, get(&main.url("/api/echo"))).await;
    assert_eq!(a.status, 200, "{}", a.body);
    // with padding, it is not the format
    let padded = format!("{token}=");
    assert_eq!(call_as(&proxy, &padded, get(&main.url("/api/echo"))).await.status, 401);
}
