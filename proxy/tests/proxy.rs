//! One test per rule of the proxy, against fake upstreams on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
        call(&proxy, json!({"method": "GET", "url": other.url("/x"), "headers": {"X-Token": "{{secret.api_key}}"}}))
            .await;
    assert_eq!(a.status, 403);
    let e = a.error();
    assert!(e.contains("api_key") && e.contains("other"), "{e}");
    assert!(!a.body.contains(API_KEY));
    assert_eq!(other.hits(), 0);
    // and the other way round, in a param
    let a =
        call(&proxy, json!({"method": "GET", "url": main.url("/api/echo"), "params": {"k": "{{secret.other_key}}"}}))
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
        json!({"method": "POST", "url": main.url("/api/echo"), "json": {"a": "{{secret.nope}}"}}),
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
async fn userinfo_in_the_url_is_refused() {
    let (proxy, main, _) = setup("").await;
    let a =
        call(&proxy, get(&format!("http://user:pass@127.0.0.1:{}/api/echo", main.port()))).await;
    assert_eq!(a.status, 403);
    assert!(a.error().contains("user name or password"));
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn cross_origin_redirect_is_not_followed() {
    let (proxy, main, other) = setup("").await;
    // even to another configured upstream
    let a = call(&proxy, json!({"method": "GET", "url": main.url("/api/redirect"), "params": {"to": other.url("/x")}}))
        .await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("another origin"));
    assert_eq!(other.hits(), 0);
    // a same-origin redirect out of the path prefix is not followed either
    let a = call(
        &proxy,
        json!({"method": "GET", "url": main.url("/api/redirect"), "params": {"to": "/other/x"}}),
    )
    .await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("outside"));
    assert_eq!(main.hits(), 2);
}

#[tokio::test]
async fn same_origin_redirect_within_the_upstream_is_followed() {
    let (proxy, main, _) = setup("").await;
    let a = call(&proxy, json!({"method": "GET", "url": main.url("/api/redirect"), "params": {"to": "/api/echo?x=1"}, "headers": {"X-Token": "{{secret.api_key}}"}})).await;
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

// ---------- size and time ----------

#[tokio::test]
async fn request_body_over_the_cap_is_413() {
    let (proxy, main, _) = setup("max_body_bytes = 2048").await;
    let a = call(
        &proxy,
        json!({"method": "POST", "url": main.url("/api/echo"), "json": {"big": "x".repeat(5000)}}),
    )
    .await;
    assert_eq!(a.status, 413);
    assert!(a.error().contains("max_body_bytes"));
    // without a Content-Length (chunked) too: raw HTTP, so nothing announces the size
    let addr = proxy.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /forward HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {TOKEN}\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..3 {
        socket
            .write_all(format!("{:x}\r\n{}\r\n", 1000, " ".repeat(1000)).as_bytes())
            .await
            .unwrap();
    }
    socket.write_all(b"0\r\n\r\n").await.unwrap();
    let mut answer = vec![0u8; 1024];
    let n = socket.read(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("max_body_bytes"), "{answer}");
    assert_eq!(main.hits(), 0);
}

#[tokio::test]
async fn upstream_answer_over_the_cap_is_502() {
    let main = start_upstream().await;
    let chunked = start_chunked_upstream(20_000).await;
    let toml = format!(
        "max_body_bytes = 4096\n[auth]\nstatic_tokens = [\"{TOKEN}\"]\n\
         [[upstreams]]\nname = \"m\"\norigin = \"{}\"\nallow_private = true\n\
         [[upstreams]]\nname = \"c\"\norigin = \"http://{chunked}\"\nallow_private = true\n",
        main.origin()
    );
    let proxy = start_proxy(&toml).await;
    // with a Content-Length
    let a = call(&proxy, get(&main.url("/api/big"))).await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("larger than max_body_bytes"));
    // streamed without one
    let a = call(&proxy, get(&format!("http://{chunked}/stream"))).await;
    assert_eq!(a.status, 502, "{}", a.body);
    assert!(a.error().contains("larger than max_body_bytes"));
}

#[tokio::test]
async fn compressed_upstream_answer_is_502() {
    // a compressed body could hide a secret from the redactor
    let (proxy, main, _) = setup("").await;
    let a = call(&proxy, get(&main.url("/api/gzip"))).await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("compressed"));
}

#[tokio::test]
async fn upstream_timeout_is_504() {
    let (proxy, main, _) = setup("timeout_secs = 0.5").await;
    let started = std::time::Instant::now();
    let a = call(&proxy, get(&main.url("/api/slow"))).await;
    assert_eq!(a.status, 504);
    assert!(a.error().contains("did not answer within 0.5 s"));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn unreachable_upstream_is_502() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = dead.local_addr().unwrap().port();
    drop(dead);
    let toml = format!("[auth]\nstatic_tokens = [\"{TOKEN}\"]\n[[upstreams]]\nname = \"d\"\norigin = \"http://127.0.0.1:{port}\"\nallow_private = true\n");
    let proxy = start_proxy(&toml).await;
    let a = call(&proxy, get(&format!("http://127.0.0.1:{port}/x"))).await;
    assert_eq!(a.status, 502);
    assert!(a.error().contains("could not connect"));
}

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

#[tokio::test]
async fn the_token_command_mints_a_token_the_proxy_accepts() {
    let dir = std::env::temp_dir().join(format!("sidebar-proxy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (proxy, main, other) = setup("").await;
    let path = dir.join("proxy.toml");
    // the secrets come from the environment: `token` needs only the signing key
    let toml = config("", &main, &other)
        .replace(&format!("value = \"{API_KEY}\""), "value = \"env:SURELY_UNSET_VAR_FOR_TEST\"");
    std::fs::write(&path, toml).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["token", "--config", path.to_str().unwrap(), "--agent", "agent-cli", "--ttl", "30m"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("v1."));
    let a = call_as(&proxy, &token, get(&main.url("/api/echo"))).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["token", "--config", path.to_str().unwrap(), "--agent", "a", "--ttl", "1y"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn the_check_command_validates_the_example_config() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/proxy.example.toml");
    let run = |with_env: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"));
        c.args(["check", "--config", example]);
        for var in [
            "SIDEBAR_PROXY_TOKEN",
            "SIDEBAR_PROXY_SIGNING_KEY",
            "LOOP_API_KEY",
            "MANUEL_CRYPTIC_KEY",
            "COMMENTS_API_KEY",
        ] {
            c.env_remove(var);
            if with_env {
                c.env(var, format!("{var}-value-0123456789abcdef0123456789"));
            }
        }
        c.output().unwrap()
    };
    let ok = run(true);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{stdout} {}", String::from_utf8_lossy(&ok.stderr));
    assert!(stdout.contains("upstream loop: https://api.loopreturns.com/api/v2/"), "{stdout}");
    assert!(!stdout.contains("-value-0123"), "check printed a secret: {stdout}");
    let missing = run(false);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("environment variable"));
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

// ---------- load ----------

#[tokio::test]
async fn rate_limit_per_agent_gives_429() {
    let (proxy, main, _) = setup("rate_limit_per_minute = 3").await;
    let env = get(&main.url("/api/echo"));
    for _ in 0..3 {
        assert_eq!(call(&proxy, env.clone()).await.status, 200);
    }
    let a = call(&proxy, env.clone()).await;
    assert_eq!(a.status, 429);
    assert!(a.error().contains("rate limit"));
    assert!(a.header("retry-after").is_some());
    // another agent has its own bucket
    assert_eq!(call_as(&proxy, &minted("agent-b", 60), env).await.status, 200);
    assert_eq!(main.hits(), 4);
}

#[tokio::test]
async fn concurrency_cap_gives_429_instead_of_queueing() {
    let (proxy, main, _) = setup("max_concurrent = 1").await;
    let held = {
        let proxy = proxy.clone();
        let env = get(&main.url("/api/hold"));
        tokio::spawn(async move { call(&proxy, env).await })
    };
    while main.hits() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = std::time::Instant::now();
    let a = call(&proxy, get(&main.url("/api/echo"))).await;
    assert_eq!(a.status, 429);
    assert!(a.error().contains("max_concurrent"));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(held.await.unwrap().status, 200);
    assert_eq!(call(&proxy, get(&main.url("/api/echo"))).await.status, 200);
}

// ---------- logs ----------

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_log_line_holds_no_secret_query_or_token() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().json().with_writer(move || writer.clone()).finish();
    // current_thread: the proxy's tasks run on this thread, under this subscriber
    let _guard = tracing::subscriber::set_default(subscriber);
    let (proxy, main, other) = setup("").await;
    let token = minted("agent-log", 60);
    let a = call_as(
        &proxy,
        &token,
        json!({"method": "POST", "url": main.url("/api/echo?keep=querytext"), "params": {"q": "{{secret.api_key}}", "p": "paramtext"},
               "headers": {"X-Token": "{{secret.api_key}}"}, "json": {"k": "{{secret.api_key}}"}}),
    )
    .await;
    assert_eq!(a.status, 200);
    // a refused call is logged too, with its reason
    let refused = call_as(
        &proxy,
        &token,
        json!({"method": "GET", "url": other.url("/x?secretq=1"), "headers": {"X": "{{secret.api_key}}"}}),
    )
    .await;
    assert_eq!(refused.status, 403);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> =
        logs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let forwarded: Vec<_> =
        lines.iter().filter(|l| l["fields"]["message"] == "forwarded").collect();
    assert_eq!(forwarded.len(), 1, "{logs}");
    let f = &forwarded[0]["fields"];
    assert_eq!(f["agent"], "agent-log");
    assert_eq!(f["method"], "POST");
    assert_eq!(f["url"], main.url("/api/echo"));
    assert_eq!(f["upstream"], "main");
    assert_eq!(f["status"], 200);
    assert!(f["duration_ms"].is_u64());
    let r = lines.iter().find(|l| l["fields"]["message"] == "refused").expect("no refused line");
    assert_eq!(r["fields"]["status"], 403);
    assert!(r["fields"]["error"].as_str().unwrap().contains("api_key"));
    for forbidden in [
        API_KEY,
        "TOPSECRET",
        FIXED_KEY,
        "querytext",
        "paramtext",
        "keep=",
        "secretq",
        &token,
        TOKEN,
    ] {
        assert!(!logs.contains(forbidden), "the log holds {forbidden:?}: {logs}");
    }
}

// ---------- lifecycle ----------

#[tokio::test]
async fn serve_shuts_down_gracefully() {
    let (main, other) = (start_upstream().await, start_upstream().await);
    let config =
        sidebar_widgets_proxy::Config::from_toml_str(&config("", &main, &other), None).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sidebar_widgets_proxy::serve(config, listener, async move {
        let _ = stopped.await;
    }));
    let a = call(&format!("http://{addr}"), get(&main.url("/api/echo"))).await;
    assert_eq!(a.status, 200);
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap().unwrap();
}
