//! Several instances on one Redis: global limits and quotas, revocation, Redis failures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;

fn retry_after(a: &Answer) -> u64 {
    a.header("retry-after").unwrap().parse().unwrap()
}

/// `calls` calls of `token` spread over `proxies` in turn; the statuses.
async fn spread(proxies: &[String], token: &str, url: &str, calls: usize) -> Vec<Answer> {
    let mut out = Vec::new();
    for i in 0..calls {
        out.push(call_as(&proxies[i % proxies.len()], token, get(url)).await);
    }
    out
}

fn count(answers: &[Answer], status: u16) -> usize {
    answers.iter().filter(|a| a.status == status).count()
}

#[tokio::test]
async fn two_instances_on_one_redis_keep_one_per_agent_limit_exactly() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let top = format!("rate_limit_per_minute = 5\n{}", redis_section(&redis, ""));
    let toml = config(&top, &main, &other);
    let proxies = [start_proxy(&toml).await, start_proxy(&toml).await];
    let token = minted("agent-global", 60);
    let answers = spread(&proxies, &token, &main.url("/api/echo"), 12).await;
    assert_eq!(count(&answers, 200), 5, "one limit of 5 for both instances");
    assert_eq!(count(&answers, 429), 7);
    assert_eq!(main.hits(), 5);
    let refused = answers.iter().find(|a| a.status == 429).unwrap();
    assert!(refused.error().contains("5 calls a minute"));
    // 5 a minute: one more call in 12 s
    assert!((11..=12).contains(&retry_after(refused)), "{}", retry_after(refused));
    // another agent has its own bucket, on either instance
    assert_eq!(
        call_as(&proxies[1], &minted("agent-other", 60), get(&main.url("/api/echo"))).await.status,
        200
    );
}

#[tokio::test]
async fn three_instances_keep_an_upstream_quota_under_concurrent_calls() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let top = format!("rate_limit_per_minute = 0\n{}", redis_section(&redis, ""));
    let quota = "quota = { rate = \"1/m\", burst = 4, key = \"{{url.host}}\" }";
    let toml = config_with(&top, quota, &main, &other);
    let proxies = [start_proxy(&toml).await, start_proxy(&toml).await, start_proxy(&toml).await];
    let mut tasks = Vec::new();
    for i in 0..15 {
        let proxy = proxies[i % 3].clone();
        let url = main.url("/api/echo");
        let token = minted(&format!("agent-{i}"), 60);
        tasks.push(tokio::spawn(async move { call_as(&proxy, &token, get(&url)).await }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert_eq!(count(&answers, 200), 4, "a quota of 4 across three instances");
    assert_eq!(main.hits(), 4, "the upstream received at most the quota");
    let refused = answers.iter().find(|a| a.status == 429).unwrap();
    assert!(refused.error().contains("\"main\"'s quota"), "{}", refused.body);
    assert!((58..=60).contains(&retry_after(refused)), "{}", retry_after(refused));
    // the other upstream has no quota
    assert_eq!(call(&proxies[0], get(&other.url("/x"))).await.status, 200);
}

#[tokio::test]
async fn one_instance_without_redis_limits_the_same_way() {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let quota = "quota = { rate = \"1/m\", burst = 4 }";
    let proxy = start_proxy(&config_with("rate_limit_per_minute = 5", quota, &main, &other)).await;
    let token = minted("agent-local", 60);
    let answers = spread(std::slice::from_ref(&proxy), &token, &main.url("/api/echo"), 6).await;
    assert_eq!(count(&answers, 200), 4, "the quota (4) before the agent's limit (5)");
    let refused = &answers[4];
    assert!(refused.error().contains("quota"));
    assert!((58..=60).contains(&retry_after(refused)));
    // the refused calls took nothing from the agent's bucket: it has one call left
    assert_eq!(call_as(&proxy, &token, get(&other.url("/x"))).await.status, 200);
    let a = call_as(&proxy, &token, get(&other.url("/x"))).await;
    assert_eq!(a.status, 429);
    assert!(a.error().contains("5 calls a minute"));
    assert!((11..=12).contains(&retry_after(&a)));
}

#[tokio::test]
async fn a_revoked_agent_is_refused_by_every_instance_within_a_second() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let toml = config(&redis_section(&redis, ""), &main, &other);
    let dir = std::env::temp_dir().join(format!("sidebar-proxy-revoke-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("proxy.toml");
    std::fs::write(&path, &toml).unwrap();
    let proxies = [start_proxy(&toml).await, start_proxy(&toml).await];
    let old = minted_issued("agent-leaked", 10);
    let bystander = minted_issued("agent-fine", 10);
    let url = main.url("/api/echo");
    for p in &proxies {
        assert_eq!(call_as(p, &old, get(&url)).await.status, 200);
    }
    let revoke = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
            .args(["revoke", "--config", path.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    revoke(&["--agent", "agent-leaked"]);
    let revoked_at = Instant::now();
    for p in &proxies {
        let a = call_as(p, &old, get(&url)).await;
        assert_eq!(a.status, 401);
        assert!(a.error().contains("revoked"));
        assert_eq!(call_as(p, &bystander, get(&url)).await.status, 200);
    }
    assert!(revoked_at.elapsed() < Duration::from_secs(1));
    // a token issued after the revocation works
    let fresh = sidebar_widgets_proxy::auth::mint_issued(
        SIGNING_KEY.as_bytes(),
        "agent-leaked",
        sidebar_widgets_proxy::auth::now_unix() + 2,
        sidebar_widgets_proxy::auth::now_unix() + 60,
    )
    .unwrap();
    assert_eq!(call_as(&proxies[1], &fresh, get(&url)).await.status, 200);
    // one token
    revoke(&["--token", &bystander]);
    assert_eq!(call_as(&proxies[0], &bystander, get(&url)).await.status, 401);
    assert_eq!(call_as(&proxies[0], &minted_issued("agent-fine", 0), get(&url)).await.status, 200);
    // the keys hold neither the agent ids nor the tokens
    for k in redis.keys() {
        assert!(!k.contains("agent-") && !k.contains(&bystander[..20]), "{k}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn no_secret_agent_or_url_in_redis_keys() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let top = format!("rate_limit_per_minute = 100\n{}", redis_section(&redis, ""));
    let extra = "quota = { rate = \"10/s\", key = \"{{secret.api_key}}:{{agent}}:{{url.host}}\" }\ncache_ttl = 30";
    let toml = config_with(&top, extra, &main, &other);
    let proxy = start_proxy(&toml).await;
    let env = serde_json::json!({"method": "GET", "url": main.url("/api/echo"),
        "headers": {"X-Token": "{{secret.api_key}}"}, "params": {"q": "customer@example.com"},
        "placeholders": {"headers": {"X-Token": ["api_key"]}}});
    let a = call_as(&proxy, &minted("agent-keys@example.com", 60), env).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.header("x-sidebar-proxy-cache").as_deref(), Some("miss"));
    let keys = redis.keys();
    assert!(keys.iter().any(|k| k.contains(":cache:")), "{keys:?}");
    assert!(keys.iter().any(|k| k.contains(":rl:")), "{keys:?}");
    for k in &keys {
        for leak in
            [API_KEY, "sk_live", FIXED_KEY, "agent-keys", "customer", "127.0.0.1", "/api/", "echo"]
        {
            assert!(!k.contains(leak), "the key {k} holds {leak}");
        }
    }
    // the cached body is the redacted one
    for k in keys.iter().filter(|k| k.contains(":cache:")) {
        let v = redis.cli(&["GET", k]);
        assert!(!v.contains(API_KEY) && !v.contains(FIXED_KEY), "{v}");
    }
}
