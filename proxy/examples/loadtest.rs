//! Load test: a fake upstream and the proxy in this process on 127.0.0.1, N agents x M calls
//! through the proxy and the same directly to the upstream; prints throughput, the latency the
//! proxy adds, and how many calls were answered, refused (429) and lost.
//!
//!     cargo run --release -p sidebar-widgets-proxy --example loadtest -- --agents 50 --calls 200
//!
//! With `--instances N --redis URL` it runs N proxies sharing that Redis and also reports the
//! latency the Redis round trip adds (beside one proxy without Redis), whether a global
//! per-agent limit held across the instances (allowed / expected), and the upstream calls the
//! shared cache and coalescing saved.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Router;
use clap::Parser;
use serde_json::json;
use sidebar_widgets_proxy::{auth, Config};
use tokio::net::TcpListener;

#[derive(Parser)]
#[command(about = "Load-test sidebar-widgets-proxy against an in-process fake upstream")]
struct Args {
    /// Concurrent agents (each with its own signed token).
    #[arg(long, default_value_t = 50)]
    agents: usize,
    /// Sequential calls per agent.
    #[arg(long, default_value_t = 200)]
    calls: usize,
    /// The proxy's rate_limit_per_minute (0: off, the default for this run).
    #[arg(long, default_value_t = 0)]
    rate_limit: u32,
    /// The proxy's max_concurrent (default: twice the agents).
    #[arg(long)]
    max_concurrent: Option<u32>,
    /// Proxy instances, called in turn (more than 1 needs --redis to share their state).
    #[arg(long, default_value_t = 1)]
    instances: usize,
    /// A Redis the instances share (`redis://127.0.0.1:6379/`); keys get a prefix of this run.
    #[arg(long)]
    redis: Option<String>,
    /// The per-agent limit of the global-limit phase (calls a minute).
    #[arg(long, default_value_t = 20)]
    limit_check: u32,
    /// The instances' `[redis] timeout_ms`.
    #[arg(long, default_value_t = 50)]
    redis_timeout_ms: u64,
}

/// The sum of a counter's samples in the process's metrics (all labels).
fn counter(name: &str) -> f64 {
    let Some(h) = sidebar_widgets_proxy::telemetry::install() else { return 0.0 };
    h.render()
        .lines()
        .filter(|l| l.starts_with(name))
        .filter_map(|l| l.rsplit(' ').next().and_then(|v| v.parse::<f64>().ok()))
        .sum()
}

/// Redis errors and fallbacks since the last call.
fn redis_trouble(last: &mut (f64, f64)) -> String {
    let now = (
        counter(sidebar_widgets_proxy::telemetry::REDIS_ERRORS),
        counter(sidebar_widgets_proxy::telemetry::REDIS_FALLBACKS),
    );
    let line = format!(
        "Redis errors {:.0}, calls that fell back to on_redis_error {:.0}",
        (now.0 - last.0).max(0.0),
        (now.1 - last.1).max(0.0)
    );
    *last = now;
    line
}

/// Upstream calls received (the cache phase counts them).
static UPSTREAM_CALLS: AtomicUsize = AtomicUsize::new(0);

const SECRET: &str = "loadtest-secret-value-0123456789";
const KEY: &str = "loadtest-signing-key-0123456789abcdef";

async fn upstream(request: Request) -> Response {
    UPSTREAM_CALLS.fetch_add(1, Ordering::Relaxed);
    let ok = request.headers().get("x-api-key").is_some_and(|v| v.as_bytes() == SECRET.as_bytes());
    let query = request.uri().query().unwrap_or("").to_string();
    let body = json!({"ok": ok, "query": query, "returns": [{"id": 1, "state": "open", "total": "42.00"}]});
    ([(CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    answered: usize,
    refused: usize,
    other_status: usize,
    lost: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `agents` tasks of `calls` sequential calls each; `make` builds one call for agent i.
async fn phase<F>(agents: usize, calls: usize, make: F) -> (Tally, Duration)
where
    F: Fn(usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for agent in 0..agents {
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut t = Tally::default();
            for _ in 0..calls {
                let begun = Instant::now();
                match make(agent).send().await {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let body = r.bytes().await;
                        t.latencies.push(begun.elapsed());
                        match (status, body) {
                            (_, Err(_)) => t.lost += 1,
                            (200..=299, Ok(_)) => t.answered += 1,
                            (429, Ok(_)) => t.refused += 1,
                            _ => t.other_status += 1,
                        }
                    }
                    Err(_) => t.lost += 1,
                }
            }
            t
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        match task.await {
            Ok(t) => {
                total.latencies.extend(t.latencies);
                total.answered += t.answered;
                total.refused += t.refused;
                total.other_status += t.other_status;
                total.lost += t.lost;
            }
            Err(_) => total.lost += calls,
        }
    }
    let wall = started.elapsed();
    total.latencies.sort();
    (total, wall)
}

fn report(name: &str, t: &Tally, wall: Duration) {
    let n = t.answered + t.refused + t.other_status + t.lost;
    println!(
        "{name:<7} {n:>6} calls in {:>6.2} s = {:>8.0} calls/s | p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms | answered {}  refused(429) {}  other status {}  lost {}",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        ms(percentile(&t.latencies, 0.50)),
        ms(percentile(&t.latencies, 0.90)),
        ms(percentile(&t.latencies, 0.99)),
        ms(t.latencies.last().copied().unwrap_or_default()),
        t.answered,
        t.refused,
        t.other_status,
        t.lost
    );
}

/// The configuration of one proxy instance; `redis` adds a `[redis]` section.
fn proxy_toml(
    up_addr: SocketAddr,
    rate: u32,
    max_concurrent: u32,
    redis: Option<(&str, &str, usize, u64)>,
) -> String {
    let redis = redis.map_or(String::new(), |(url, prefix, instances, timeout_ms)| {
        format!("[redis]\nurl = \"{url}\"\nkey_prefix = \"{prefix}\"\ninstances = {instances}\ntimeout_ms = {timeout_ms}\n")
    });
    format!(
        r#"
rate_limit_per_minute = {rate}
max_concurrent = {max_concurrent}
{redis}
[auth]
signing_key = "{KEY}"
[[upstreams]]
name = "fake"
origin = "http://{up_addr}"
path_prefix = "/api/"
allow_private = true
headers = {{ "X-Api-Key" = "{{{{secret.api_key}}}}" }}
[[upstreams]]
name = "cached"
origin = "http://{up_addr}"
path_prefix = "/cached/"
allow_private = true
cache_ttl = 60
cache_scope = "shared"
headers = {{ "X-Api-Key" = "{{{{secret.api_key}}}}" }}
[secrets.api_key]
value = "{SECRET}"
upstreams = ["fake", "cached"]
"#
    )
}

/// Starts `n` proxies for `toml` (their own servers, as the binary serves); their addresses.
async fn start_proxies(n: usize, toml: &str) -> Result<Vec<SocketAddr>, String> {
    let mut addrs = Vec::new();
    for _ in 0..n.max(1) {
        let config = Config::from_toml_str(toml, None).map_err(|e| e.to_string())?;
        let px = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        addrs.push(px.local_addr().map_err(|e| e.to_string())?);
        tokio::spawn(sidebar_widgets_proxy::serve(config, px, std::future::pending()));
    }
    Ok(addrs)
}

/// A `make` for [`phase`]: envelopes for `path` (with the agent's query when `per_agent`),
/// posted to `proxies` in turn.
fn envelopes(
    client: &reqwest::Client,
    proxies: Vec<SocketAddr>,
    tokens: Arc<Vec<String>>,
    up_addr: SocketAddr,
    path: &'static str,
    per_agent: bool,
) -> impl Fn(usize) -> reqwest::RequestBuilder + Clone + Send + Sync + 'static {
    let client = client.clone();
    let next = Arc::new(AtomicUsize::new(0));
    move |i: usize| {
        let params = if per_agent {
            json!({"customer_email": format!("agent{i}@example.com")})
        } else {
            json!({"page": (next.load(Ordering::Relaxed) % 10).to_string()})
        };
        let envelope = json!({
            "method": "GET",
            "url": format!("http://{up_addr}{path}"),
            "params": params,
            "headers": {}, "form": null, "json": null, "content_type": null
        });
        let px = proxies[next.fetch_add(1, Ordering::Relaxed) % proxies.len()];
        client
            .post(format!("http://{px}/forward"))
            .bearer_auth(&tokens[i % tokens.len()])
            .body(envelope.to_string())
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let up = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let up_addr = up.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move { axum::serve(up, Router::new().fallback(upstream)).await });

    let max_concurrent =
        args.max_concurrent.unwrap_or((args.agents as u32).saturating_mul(2).max(1));
    let prefix = format!("loadtest-{}-{}:", std::process::id(), auth::now_unix());
    let mut trouble = (0.0, 0.0);
    if args.redis.is_some() {
        sidebar_widgets_proxy::telemetry::install();
    }
    let redis = args
        .redis
        .as_deref()
        .map(|url| (url, prefix.as_str(), args.instances, args.redis_timeout_ms));
    let toml = proxy_toml(up_addr, args.rate_limit, max_concurrent, redis);
    let proxies = start_proxies(args.instances, &toml).await?;

    let expiry = auth::now_unix() + 3600;
    let tokens: Arc<Vec<String>> = Arc::new(
        (0..args.agents)
            .map(|i| auth::mint(KEY.as_bytes(), &format!("agent-{i}"), expiry))
            .collect::<Result<_, _>>()?,
    );
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(args.agents * 2)
        .build()
        .map_err(|e| e.to_string())?;

    let direct = {
        let client = client.clone();
        move |i: usize| {
            client
                .get(format!("http://{up_addr}/api/v2/returns"))
                .query(&[("customer_email", format!("agent{i}@example.com"))])
                .header("x-api-key", SECRET)
        }
    };
    let proxied =
        envelopes(&client, proxies.clone(), tokens.clone(), up_addr, "/api/v2/returns", true);

    println!(
        "loadtest: {} agents x {} calls, 127.0.0.1, {} proxy instance(s){}, max_concurrent {max_concurrent}, rate_limit_per_minute {} ({} cores)",
        args.agents,
        args.calls,
        proxies.len(),
        if args.redis.is_some() { " sharing Redis" } else { "" },
        if args.rate_limit == 0 { "off".to_string() } else { args.rate_limit.to_string() },
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    // warm up connections both ways
    phase(args.agents, 2, direct.clone()).await;
    phase(args.agents, 2, proxied.clone()).await;

    let (d, d_wall) = phase(args.agents, args.calls, direct).await;
    let (p, p_wall) = phase(args.agents, args.calls, proxied).await;
    report("direct", &d, d_wall);
    report("proxy", &p, p_wall);
    let added = |q: f64| ms(percentile(&p.latencies, q)) - ms(percentile(&d.latencies, q));
    println!(
        "added by the proxy: p50 {:+.2} ms  p99 {:+.2} ms | throughput {:.0}% of direct",
        added(0.50),
        added(0.99),
        100.0 * d_wall.as_secs_f64() / p_wall.as_secs_f64()
    );
    let mut lost = p.lost + d.lost;
    if args.redis.is_some() {
        println!("{}", redis_trouble(&mut trouble));
        lost += cluster_phases(&args, &client, up_addr, max_concurrent, &prefix, &p, &mut trouble)
            .await?;
    }
    Ok(lost == 0)
}

/// The phases of a run with Redis: the Redis round trip beside a proxy without Redis, the global
/// limit, the cache. Returns the calls lost.
async fn cluster_phases(
    args: &Args,
    client: &reqwest::Client,
    up_addr: SocketAddr,
    max_concurrent: u32,
    prefix: &str,
    shared: &Tally,
    trouble: &mut (f64, f64),
) -> Result<usize, String> {
    let redis = args.redis.as_deref().unwrap_or_default();
    let expiry = auth::now_unix() + 3600;
    let mint = |tag: &str| -> Result<Arc<Vec<String>>, String> {
        Ok(Arc::new(
            (0..args.agents)
                .map(|i| auth::mint(KEY.as_bytes(), &format!("{tag}-{i}"), expiry))
                .collect::<Result<_, _>>()?,
        ))
    };
    // the same calls through one proxy without Redis
    let local =
        start_proxies(1, &proxy_toml(up_addr, args.rate_limit, max_concurrent, None)).await?;
    let make = envelopes(client, local, mint("local")?, up_addr, "/api/v2/returns", true);
    phase(args.agents, 2, make.clone()).await;
    let (l, l_wall) = phase(args.agents, args.calls, make).await;
    report("memory", &l, l_wall);
    let added = |q: f64| ms(percentile(&shared.latencies, q)) - ms(percentile(&l.latencies, q));
    println!(
        "added by the Redis round trip: p50 {:+.2} ms  p99 {:+.2} ms",
        added(0.50),
        added(0.99)
    );

    // a global per-agent limit across the instances
    let limit = args.limit_check.max(1);
    let prefix_limit = format!("{prefix}limit:");
    let toml = proxy_toml(
        up_addr,
        limit,
        max_concurrent,
        Some((redis, prefix_limit.as_str(), args.instances, args.redis_timeout_ms)),
    );
    let proxies = start_proxies(args.instances, &toml).await?;
    let make = envelopes(client, proxies, mint("limited")?, up_addr, "/api/v2/returns", true);
    let (g, g_wall) = phase(args.agents, args.calls, make).await;
    report("limited", &g, g_wall);
    let refill = g_wall.as_secs_f64() * f64::from(limit) / 60.0;
    let expected = args.agents as f64 * (f64::from(limit) + refill).min(args.calls as f64);
    println!(
        "global limit ({limit}/min per agent over {} instances): allowed {} / expected at most {:.0} (one instance alone would allow up to {})",
        args.instances,
        g.answered,
        expected.floor(),
        args.agents * (limit as usize) * args.instances
    );
    println!("{}", redis_trouble(trouble));

    // the cache: every agent GETs the same 10 pages, on every instance
    let before = UPSTREAM_CALLS.load(Ordering::Relaxed);
    let prefix_cache = format!("{prefix}cache:");
    let toml = proxy_toml(
        up_addr,
        0,
        max_concurrent,
        Some((redis, prefix_cache.as_str(), args.instances, args.redis_timeout_ms)),
    );
    let proxies = start_proxies(args.instances, &toml).await?;
    let make = envelopes(client, proxies, mint("cache")?, up_addr, "/cached/list", false);
    let (c, c_wall) = phase(args.agents, args.calls, make).await;
    report("cached", &c, c_wall);
    let reached = UPSTREAM_CALLS.load(Ordering::Relaxed) - before;
    let n = args.agents * args.calls;
    println!(
        "cache and coalescing: {n} GETs of 10 URLs reached the upstream {reached} times ({} saved, {:.1}%)",
        n.saturating_sub(reached),
        100.0 * n.saturating_sub(reached) as f64 / n.max(1) as f64
    );
    println!("{}", redis_trouble(trouble));
    Ok(l.lost + g.lost + c.lost)
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("some calls were lost");
            std::process::ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
