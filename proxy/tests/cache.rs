//! The shared GET cache and request coalescing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

const CACHED: &str = "cache_ttl = 30";
const SHARED: &str = "cache_ttl = 30\ncache_scope = \"shared\"";

fn outcome(a: &Answer) -> String {
    a.header("x-sidebar-proxy-cache").unwrap_or_else(|| "none".into())
}

/// `n` identical GETs of `path` at once, spread over `proxies`; their answers.
async fn at_once(proxies: &[String], url: &str, n: usize) -> Vec<Answer> {
    let mut tasks = Vec::new();
    for i in 0..n {
        let proxy = proxies[i % proxies.len()].clone();
        let url = url.to_string();
        tasks.push(tokio::spawn(async move { call(&proxy, get(&url)).await }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn tally(answers: &[Answer]) -> (usize, usize, usize) {
    let n = |o: &str| answers.iter().filter(|a| outcome(a) == o).count();
    (n("miss"), n("coalesced"), n("hit"))
}

#[tokio::test]
async fn ten_identical_gets_at_once_on_one_instance_reach_the_upstream_once() {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let proxy = start_proxy(&config_with("", CACHED, &main, &other)).await;
    let answers = at_once(std::slice::from_ref(&proxy), &main.url("/api/hold"), 10).await;
    assert!(answers.iter().all(|a| a.status == 200 && a.body == "held"));
    assert_eq!(main.hits(), 1);
    assert_eq!(tally(&answers), (1, 9, 0));
    let again = call(&proxy, get(&main.url("/api/hold"))).await;
    assert_eq!((outcome(&again).as_str(), again.body.as_str()), ("hit", "held"));
    assert_eq!(main.hits(), 1);
}

#[tokio::test]
async fn ten_identical_gets_at_once_on_two_instances_sharing_redis_reach_the_upstream_once() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let toml = config_with(&redis_section(&redis, ""), CACHED, &main, &other);
    let proxies = [start_proxy(&toml).await, start_proxy(&toml).await];
    let answers = at_once(&proxies, &main.url("/api/hold"), 10).await;
    assert!(answers.iter().all(|a| a.status == 200 && a.body == "held"), "{}", answers[0].body);
    assert_eq!(main.hits(), 1, "the other instance waited for the first answer");
    let (miss, coalesced, hit) = tally(&answers);
    assert_eq!((miss, coalesced + hit), (1, 9));
    // later calls on either instance are hits
    for p in &proxies {
        assert_eq!(outcome(&call(p, get(&main.url("/api/hold"))).await), "hit");
    }
    assert_eq!(main.hits(), 1);
}

#[tokio::test]
async fn a_scoped_entry_is_not_served_to_another_agent_unless_shared() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let section = redis_section(&redis, "");
    let scoped = start_proxy(&config_with(&section, CACHED, &main, &other)).await;
    let url = main.url("/api/echo");
    let (a, b) = (minted("agent-a", 60), minted("agent-b", 60));
    assert_eq!(outcome(&call_as(&scoped, &a, get(&url)).await), "miss");
    assert_eq!(outcome(&call_as(&scoped, &a, get(&url)).await), "hit");
    assert_eq!(outcome(&call_as(&scoped, &b, get(&url)).await), "miss");
    assert_eq!(main.hits(), 2);

    let main2 = start_upstream().await;
    let shared = start_proxy(&config_with(&section, SHARED, &main2, &other)).await;
    let url = main2.url("/api/echo");
    assert_eq!(outcome(&call_as(&shared, &a, get(&url)).await), "miss");
    assert_eq!(outcome(&call_as(&shared, &b, get(&url)).await), "hit");
    assert_eq!(main2.hits(), 1);
}

#[tokio::test]
async fn what_is_not_cached() {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let proxy = start_proxy(&config_with("", SHARED, &main, &other)).await;
    // other requests (another query, other headers) are other entries
    let echo = main.url("/api/echo");
    assert_eq!(outcome(&call(&proxy, get(&echo)).await), "miss");
    let with_param = json!({"method": "GET", "url": echo, "params": {"q": "1"}});
    assert_eq!(outcome(&call(&proxy, with_param).await), "miss");
    let with_header = json!({"method": "GET", "url": echo, "headers": {"Accept": "text/csv"}});
    assert_eq!(outcome(&call(&proxy, with_header).await), "miss");
    // POSTs are neither cached nor marked
    let post = json!({"method": "POST", "url": echo, "json": {}});
    assert_eq!(outcome(&call(&proxy, post.clone()).await), "none");
    assert_eq!(outcome(&call(&proxy, post).await), "none");
    // an error status is not stored
    let status = main.url("/api/redirect?status=404");
    assert_eq!(outcome(&call(&proxy, get(&status)).await), "miss");
    assert_eq!(outcome(&call(&proxy, get(&status)).await), "miss");
    // an upstream without cache_ttl
    assert_eq!(outcome(&call(&proxy, get(&other.url("/x"))).await), "none");
    assert_eq!(main.hits(), 7);
}

#[tokio::test]
async fn with_redis_unavailable_the_cache_is_a_miss() {
    let mut redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let section = redis_section(&redis, "timeout_ms = 100\nconnect_timeout_ms = 100");
    let proxy = start_proxy(&config_with(&section, SHARED, &main, &other)).await;
    let url = main.url("/api/echo");
    assert_eq!(outcome(&call(&proxy, get(&url)).await), "miss");
    assert_eq!(outcome(&call(&proxy, get(&url)).await), "hit");
    redis.kill();
    for _ in 0..3 {
        let a = call(&proxy, get(&url)).await;
        assert_eq!((a.status, outcome(&a).as_str()), (200, "miss"));
    }
    assert_eq!(main.hits(), 4);
}
