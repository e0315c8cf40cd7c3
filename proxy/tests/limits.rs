//! Size, time and load limits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

#[tokio::test]
async fn refused_calls_count_against_the_agents_limit_too() {
    let (proxy, main, _) = setup("rate_limit_per_minute = 3").await;
    let token = minted("agent-refused", 60);
    assert_eq!(post_raw(&proxy, Some(&token), None, "not json").await.status, 400);
    assert_eq!(call_as(&proxy, &token, get("https://elsewhere.example/x")).await.status, 403);
    assert_eq!(call_as(&proxy, &token, get(&main.url("/api/echo"))).await.status, 200);
    let a = call_as(&proxy, &token, get("https://elsewhere.example/x")).await;
    assert_eq!(a.status, 429, "{}", a.body);
    assert_eq!(main.hits(), 1);
}
