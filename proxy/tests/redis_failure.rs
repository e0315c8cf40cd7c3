//! Redis failing mid-run, under each `on_redis_error`, and coming back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;

const FAST: &str =
    "timeout_ms = 150\nconnect_timeout_ms = 150\nbreaker_failures = 2\nbreaker_cooldown_ms = 300";

async fn statuses(proxy: &str, token: &str, url: &str, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(call_as(proxy, token, get(url)).await.status);
    }
    out
}

/// Calls until one answers `want` (at most `within`); how long it took.
async fn until_status(
    proxy: &str,
    token: &str,
    url: &str,
    want: u16,
    within: Duration,
) -> Duration {
    let started = Instant::now();
    loop {
        if call_as(proxy, token, get(url)).await.status == want {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "no {want} within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Calls until Redis is in use again: a call leaves a bucket in it (under `local` and `open`
/// calls answer 200 either way).
async fn until_redis_used(redis: &RedisServer, proxy: &str, url: &str) {
    let started = Instant::now();
    while !redis.keys().iter().any(|k| k.contains(":rl:")) {
        assert!(started.elapsed() < Duration::from_secs(5), "Redis not used again");
        call_as(proxy, &minted("probe", 60), get(url)).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn proxy_for(redis: &RedisServer, mode: &str) -> (String, Fake) {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let section =
        redis_section(redis, &format!("on_redis_error = \"{mode}\"\ninstances = 2\n{FAST}"));
    let top = format!("rate_limit_per_minute = 4\n{section}");
    (start_proxy(&config(&top, &main, &other)).await, main)
}

#[tokio::test]
async fn local_falls_back_to_this_instances_share_and_recovers() {
    let mut redis = RedisServer::start();
    let (proxy, main) = proxy_for(&redis, "local").await;
    let url = main.url("/api/echo");
    assert_eq!(statuses(&proxy, &minted("a1", 60), &url, 5).await, [200, 200, 200, 200, 429]);
    redis.kill();
    // its share of 4 a minute over 2 instances: 2
    assert_eq!(statuses(&proxy, &minted("a2", 60), &url, 3).await, [200, 200, 429]);
    redis.restart();
    // back on Redis (after the breaker's cool-down): the whole limit again, for a new agent
    until_redis_used(&redis, &proxy, &url).await;
    assert_eq!(statuses(&proxy, &minted("a3", 60), &url, 5).await, [200, 200, 200, 200, 429]);
}

#[tokio::test]
async fn open_lets_calls_through_unlimited() {
    let mut redis = RedisServer::start();
    let (proxy, main) = proxy_for(&redis, "open").await;
    let url = main.url("/api/echo");
    redis.kill();
    assert_eq!(statuses(&proxy, &minted("o1", 60), &url, 8).await, [200; 8]);
    redis.restart();
    until_redis_used(&redis, &proxy, &url).await;
    let got = statuses(&proxy, &minted("o2", 60), &url, 5).await;
    assert_eq!(got, [200, 200, 200, 200, 429], "limited again once Redis is back");
}

#[tokio::test]
async fn closed_refuses_with_503_and_recovers() {
    let mut redis = RedisServer::start();
    let (proxy, main) = proxy_for(&redis, "closed").await;
    let url = main.url("/api/echo");
    let token = minted("c1", 60);
    assert_eq!(call_as(&proxy, &token, get(&url)).await.status, 200);
    redis.kill();
    let a = call_as(&proxy, &token, get(&url)).await;
    assert_eq!(a.status, 503);
    assert!(a.error().contains("Redis"));
    let hits = main.hits();
    assert_eq!(statuses(&proxy, &token, &url, 3).await, [503; 3]);
    assert_eq!(main.hits(), hits, "nothing reached the upstream");
    redis.restart();
    let took = until_status(&proxy, &token, &url, 200, Duration::from_secs(5)).await;
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn while_redis_hangs_the_breaker_keeps_calls_from_waiting_out_the_timeout() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    // a timeout long enough to tell a call that waited for Redis from one that did not, even on
    // a loaded machine; a cool-down longer than the run, so no probe
    let hang = "timeout_ms = 400\nconnect_timeout_ms = 400\nbreaker_failures = 2\nbreaker_cooldown_ms = 60000";
    let top = format!("rate_limit_per_minute = 4\n{}", redis_section(&redis, hang));
    let proxy = start_proxy(&config(&top, &main, &other)).await;
    let url = main.url("/api/echo");
    assert_eq!(call_as(&proxy, &minted("b0", 60), get(&url)).await.status, 200);
    redis.pause();
    // 12 calls: without the breaker each would wait out the 400 ms timeout
    let mut waited = 0;
    for i in 0..12 {
        let started = Instant::now();
        let s = call_as(&proxy, &minted(&format!("b{i}"), 60), get(&url)).await.status;
        assert_eq!(s, 200);
        if started.elapsed() >= Duration::from_millis(390) {
            waited += 1;
        }
    }
    assert_eq!(waited, 2, "only the calls before the breaker opened waited for Redis");
    redis.resume();
}

#[tokio::test]
async fn the_proxy_starts_without_redis_and_uses_it_once_it_answers() {
    let logs = global_logs();
    let mut redis = RedisServer::start();
    redis.kill();
    let (proxy, main) = proxy_for(&redis, "local").await;
    let url = main.url("/api/echo");
    // it says so
    let started = Instant::now();
    while !logs.lines().iter().any(|l| {
        l["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Redis does not answer at start-up"))
    }) {
        assert!(started.elapsed() < Duration::from_secs(3), "no start-up log line about Redis");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(statuses(&proxy, &minted("s1", 60), &url, 3).await, [200, 200, 429]);
    redis.restart();
    until_redis_used(&redis, &proxy, &url).await;
    assert_eq!(statuses(&proxy, &minted("s2", 60), &url, 5).await, [200, 200, 200, 200, 429]);
}
