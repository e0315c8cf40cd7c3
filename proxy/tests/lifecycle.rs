//! Logs and the server's lifecycle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;

// ---------- logs ----------

#[tokio::test]
async fn the_log_line_holds_no_secret_query_or_token() {
    let captured = global_logs();
    let (proxy, main, other) = setup("").await;
    let token = minted("agent-log", 60);
    let a = call_as(
        &proxy,
        &token,
        json!({"method": "POST", "url": main.url("/api/echo?keep=querytext"), "params": {"q": "{{secret.api_key}}", "p": "paramtext"},
               "headers": {"X-Token": "{{secret.api_key}}"}, "json": {"k": "{{secret.api_key}}"},
               "placeholders": {"params": {"q": ["api_key"]}, "headers": {"X-Token": ["api_key"]}, "json": {"/k": ["api_key"]}}}),
    )
    .await;
    assert_eq!(a.status, 200);
    // a refused call is logged too, with its reason
    let refused = call_as(
        &proxy,
        &token,
        json!({"method": "GET", "url": other.url("/x?secretq=1"), "headers": {"X": "{{secret.api_key}}"},
               "placeholders": {"headers": {"X": ["api_key"]}}}),
    )
    .await;
    assert_eq!(refused.status, 403);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> =
        logs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let forwarded: Vec<_> = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "forwarded" && l["fields"]["agent"] == "agent-log")
        .collect();
    assert_eq!(forwarded.len(), 1, "{logs}");
    let f = &forwarded[0]["fields"];
    assert_eq!(f["agent"], "agent-log");
    assert_eq!(f["method"], "POST");
    assert_eq!(f["url"], main.url("/api/echo"));
    assert_eq!(f["upstream"], "main");
    assert_eq!(f["status"], 200);
    assert!(f["duration_ms"].is_u64());
    let r = lines
        .iter()
        .find(|l| l["fields"]["message"] == "refused" && l["fields"]["agent"] == "agent-log")
        .expect("no refused line");
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
