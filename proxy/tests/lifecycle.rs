//! Logs and the server's lifecycle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

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

/// Starts the proxy through `serve` with a shutdown trigger.
async fn serving(top: &str) -> (String, Fake, tokio::sync::oneshot::Sender<()>, ServerTask) {
    let (main, other) = (start_upstream().await, start_upstream().await);
    let config =
        sidebar_widgets_proxy::Config::from_toml_str(&config(top, &main, &other), None).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sidebar_widgets_proxy::serve(config, listener, async move {
        let _ = stopped.await;
    }));
    (format!("http://{addr}"), main, stop, server)
}

type ServerTask = tokio::task::JoinHandle<std::io::Result<()>>;

/// How long until the server closes `socket` (reads until EOF or an error).
async fn closed_after(socket: &mut tokio::net::TcpStream, limit: Duration) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit, socket.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn a_slowloris_client_is_disconnected_after_the_header_read_timeout() {
    use tokio::io::AsyncWriteExt;
    let (proxy, _main, _stop, _server) =
        serving("header_read_timeout_secs = 0.5\nidle_timeout_secs = 30").await;
    let addr = proxy.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(b"POST /forward HTTP/1.1\r\nHost: x\r\nAuthoriz").await.unwrap();
    let closed = closed_after(&mut socket, Duration::from_secs(5)).await;
    let closed = closed.expect("the half-sent request was still open after 5 s");
    assert!(closed >= Duration::from_millis(400), "closed too early: {closed:?}");
    // trickling a byte now and then does not keep it open either
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    for b in b"GET /healthz HTTP/1.1\r\n" {
        if socket.write_all(&[*b]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(closed_after(&mut socket, Duration::from_secs(5)).await.is_some());
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_idle_timeout() {
    use tokio::io::AsyncWriteExt;
    let (proxy, _main, _stop, _server) =
        serving("header_read_timeout_secs = 30\nidle_timeout_secs = 0.5").await;
    let addr = proxy.trim_start_matches("http://");
    // connected, says nothing
    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    assert!(closed_after(&mut silent, Duration::from_secs(5)).await.is_some());
    // keep-alive after an answer
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let closed = closed_after(&mut socket, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "the keep-alive connection was still open after 5 s");
    // a call slower than the idle timeout is not cut: it is not idle
    let (proxy, main, _stop, _server) = serving("idle_timeout_secs = 0.5").await;
    let a = call(&proxy, get(&main.url("/api/hold"))).await;
    assert_eq!((a.status, a.body.as_str()), (200, "held"));
}

#[tokio::test]
async fn shutdown_cuts_calls_still_in_flight_after_the_grace() {
    let (proxy, main, stop, server) = serving("shutdown_grace_secs = 0.5\ntimeout_secs = 60").await;
    let url = main.url("/api/hang");
    let hanging = tokio::spawn(async move { call_result(&proxy, get(&url)).await });
    while main.hits() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(3), server)
        .await
        .expect("serve did not return within the shutdown grace")
        .unwrap()
        .unwrap();
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(400) && took < Duration::from_secs(2), "{took:?}");
    // the cut call ends at once (connection closed), not when the upstream answers
    let answer = tokio::time::timeout(Duration::from_secs(2), hanging).await.unwrap().unwrap();
    assert!(answer.is_err(), "the hanging call was answered: {answer:?}");
}

/// [`call`], but a transport error is returned instead of panicking.
async fn call_result(proxy: &str, envelope: serde_json::Value) -> Result<u16, String> {
    let r = client()
        .post(format!("{proxy}/forward"))
        .bearer_auth(TOKEN)
        .body(envelope.to_string())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(r.status().as_u16())
}
