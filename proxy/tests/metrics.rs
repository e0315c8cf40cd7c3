//! `GET /metrics` on `metrics_listen`, parsed by a Prometheus text parser. (One test in its own
//! binary: the metrics recorder is process-wide.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use prometheus_parse::{Scrape, Value};

fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == metric)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match &s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            Value::Histogram(h) => h.last().map_or(0.0, |b| b.count),
            Value::Summary(_) => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn metrics_are_served_in_the_prometheus_format_with_bounded_labels() {
    let redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let port = free_port();
    let top = format!(
        "metrics_listen = \"127.0.0.1:{port}\"\nrate_limit_per_minute = 2\n{}",
        redis_section(&redis, "")
    );
    let proxy = start_proxy(&config_with(&top, "cache_ttl = 30", &main, &other)).await;
    let agent = minted("agent-metrics@example.com", 60);
    let echo = main.url("/api/echo?customer=jane");
    assert_eq!(call_as(&proxy, &agent, get(&echo)).await.status, 200);
    assert_eq!(call_as(&proxy, &agent, get(&echo)).await.status, 200); // a hit
    assert_eq!(call_as(&proxy, &agent, get(&echo)).await.status, 429);
    assert_eq!(call(&proxy, get("https://elsewhere.example/x")).await.status, 403);
    assert_eq!(call_as(&proxy, "bad-token-000000000", get(&echo)).await.status, 401);

    let text = send(client().get(format!("http://127.0.0.1:{port}/metrics"))).await;
    assert_eq!(text.status, 200);
    assert!(text.header("content-type").unwrap().starts_with("text/plain"));
    let scrape = Scrape::parse(text.body.lines().map(|l| Ok(l.to_string()))).unwrap();
    assert!(!scrape.samples.is_empty(), "{}", text.body);

    let calls = "sidebar_proxy_calls_total";
    assert_eq!(value(&scrape, calls, &[("upstream", "main"), ("status", "200")]), 2.0);
    assert_eq!(value(&scrape, calls, &[("upstream", "main"), ("status", "429")]), 1.0);
    assert_eq!(value(&scrape, calls, &[("status", "401")]), 1.0);
    assert_eq!(value(&scrape, "sidebar_proxy_refusals_total", &[("reason", "rate_limited")]), 1.0);
    assert_eq!(value(&scrape, "sidebar_proxy_refusals_total", &[("reason", "forbidden")]), 1.0);
    assert_eq!(value(&scrape, "sidebar_proxy_rate_limited_total", &[("limit", "agent")]), 1.0);
    assert_eq!(value(&scrape, "sidebar_proxy_cache_total", &[("outcome", "miss")]), 1.0);
    assert_eq!(value(&scrape, "sidebar_proxy_cache_total", &[("outcome", "hit")]), 1.0);
    assert_eq!(
        value(&scrape, "sidebar_proxy_upstream_duration_seconds", &[("upstream", "main")]),
        1.0,
        "one upstream call in the latency histogram"
    );
    assert_eq!(value(&scrape, "sidebar_proxy_calls_in_flight", &[]), 0.0);

    // bounded labels: names from a fixed list, values never an agent, a customer or a URL
    let allowed =
        ["upstream", "status", "reason", "limit", "outcome", "op", "mode", "le", "quantile"];
    for s in &scrape.samples {
        for (k, v) in s.labels.iter() {
            assert!(allowed.contains(&k.as_str()), "label {k} on {}", s.metric);
            for leak in ["agent-", "jane", "example", "http", "127.0.0.1", "/"] {
                assert!(!v.contains(leak), "{}{{{k}={v}}}", s.metric);
            }
        }
    }

    // Redis failing shows as errors and fallbacks
    drop(redis);
    call_as(&proxy, &minted("agent-2", 60), get(&other.url("/x"))).await;
    let text = send(client().get(format!("http://127.0.0.1:{port}/metrics"))).await;
    let scrape = Scrape::parse(text.body.lines().map(|l| Ok(l.to_string()))).unwrap();
    assert!(value(&scrape, "sidebar_proxy_redis_errors_total", &[("op", "admit")]) >= 1.0);
    assert_eq!(value(&scrape, "sidebar_proxy_redis_fallbacks_total", &[("mode", "local")]), 1.0);
}
