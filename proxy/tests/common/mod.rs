//! Fake upstreams and a proxy, all on 127.0.0.1, for the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use serde_json::{json, Value};
use sidebar_widgets_proxy::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const TOKEN: &str = "static-token-for-tests-0001";
pub const SIGNING_KEY: &str = "signing-key-for-tests-0123456789abcdef";
pub const API_KEY: &str = "sk_live_TOPSECRET/value+42";
pub const FIXED_KEY: &str = "fixed-SECRET-9876";
pub const OTHER_KEY: &str = "other-SECRET-5555";
pub const ORIGIN: &str = "https://helpdesk.example.com";

/// What a fake upstream received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn query_value(&self, k: &str) -> Option<String> {
        self.query.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())
    }
}

#[derive(Clone, Default)]
pub struct Fake {
    pub addr: Option<SocketAddr>,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Fake {
    pub fn port(&self) -> u16 {
        self.addr.unwrap().port()
    }
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr.unwrap())
    }
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }
    pub fn hits(&self) -> usize {
        self.received.lock().unwrap().len()
    }
    pub fn last(&self) -> Received {
        self.received.lock().unwrap().last().cloned().expect("the upstream received nothing")
    }
}

fn pct(s: &str) -> String {
    s.bytes()
        .map(
            |b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            },
        )
        .collect()
}

async fn fake_handler(State(fake): State<Fake>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body: Bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let headers: BTreeMap<String, String> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let received = Received {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    fake.received.lock().unwrap().push(received.clone());
    let q = |k: &str| received.query_value(k).unwrap_or_default();
    match parts.uri.path() {
        "/api/plain" => {
            (StatusCode::CREATED, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "hello")
                .into_response()
        }
        "/api/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            "late".into_response()
        }
        "/api/hold" => {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            "held".into_response()
        }
        "/api/gzip" => {
            ([(header::CONTENT_ENCODING, "gzip")], vec![0x1f, 0x8b, 8, 0]).into_response()
        }
        "/api/big" => vec![b'x'; 10_000].into_response(),
        "/api/hang" => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            "too late".into_response()
        }
        path if path.ends_with("/redirect") => {
            // ?to=LOCATION&status=30x (302 by default)
            let status = q("status").parse().ok().and_then(|s| StatusCode::from_u16(s).ok());
            let mut r = status.unwrap_or(StatusCode::FOUND).into_response();
            r.headers_mut().insert(header::LOCATION, HeaderValue::from_str(&q("to")).unwrap());
            r
        }
        "/api/see-other" => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            r.headers_mut().insert(header::LOCATION, HeaderValue::from_static("/api/echo"));
            r
        }
        _ => {
            // Echo everything, and the x-token header in some encodings too.
            let token = received.headers.get("x-token").cloned().unwrap_or_default();
            let b64 = base64::engine::general_purpose::STANDARD.encode(&token);
            let echo = json!({
                "method": received.method,
                "path": received.path,
                "query": received.query,
                "headers": received.headers,
                "body": received.body,
                "token_percent": pct(&token),
                "token_base64": b64,
            });
            ([(header::CONTENT_TYPE, "application/json")], echo.to_string()).into_response()
        }
    }
}

/// A log writer the tests read back.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// The JSON log lines written so far.
    pub fn lines(&self) -> Vec<Value> {
        let logs = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        logs.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

/// The JSON logs of this test binary, from a global subscriber installed on first use. (A
/// per-test `set_default` subscriber loses events when other tests run at the same time on
/// other threads: `tracing` caches per call site whether anyone listens.) Tests pick out their
/// own lines, by agent or URL.
pub fn global_logs() -> Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .event_format(sidebar_widgets_proxy::logline::JsonLine)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        captured
    })
    .clone()
}

/// Starts a fake upstream on 127.0.0.1.
pub async fn start_upstream() -> Fake {
    let mut fake = Fake::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    fake.addr = Some(listener.local_addr().unwrap());
    let router = Router::new().fallback(fake_handler).with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    fake
}

/// A raw upstream that answers every request with a chunked body of `size` bytes (no
/// Content-Length), to test the streaming cap.
pub async fn start_chunked_upstream(size: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n")
                    .await;
                let chunk = vec![b'y'; 1000];
                for _ in 0..size / 1000 {
                    let _ = socket.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await;
                    let _ = socket.write_all(&chunk).await;
                    let _ = socket.write_all(b"\r\n").await;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    addr
}

/// A configuration with the upstreams "main" (`main`, prefix /api/, all methods) and "other"
/// (`other`, GET), both allowed to be private; `top` is put before the tables.
pub fn config(top: &str, main: &Fake, other: &Fake) -> String {
    format!(
        r#"
allowed_origins = ["{ORIGIN}"]
{top}

[auth]
static_tokens = ["{TOKEN}"]
signing_key = "{SIGNING_KEY}"

[[upstreams]]
name = "main"
origin = "{main}"
path_prefix = "/api/"
methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
allow_private = true
headers = {{ "X-Fixed" = "fixed {{{{secret.fixed_key}}}}" }}

[[upstreams]]
name = "other"
origin = "{other}"
methods = ["GET"]
allow_private = true

[secrets.api_key]
value = "{API_KEY}"
upstreams = ["main"]

[secrets.fixed_key]
value = "{FIXED_KEY}"
upstreams = ["main"]

[secrets.other_key]
value = "{OTHER_KEY}"
upstreams = ["other"]
"#,
        main = main.origin(),
        other = other.origin(),
    )
}

/// Starts the proxy for `toml` on 127.0.0.1; returns its base URL.
pub async fn start_proxy(toml: &str) -> String {
    let config = Config::from_toml_str(toml, None).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(sidebar_widgets_proxy::serve(config, listener, std::future::pending()));
    format!("http://{addr}")
}

/// Two fake upstreams and a proxy over them.
pub async fn setup(top: &str) -> (String, Fake, Fake) {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let proxy = start_proxy(&config(top, &main, &other)).await;
    (proxy, main, other)
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    /// The proxy's own error sentence (asserts the answer is one).
    pub fn error(&self) -> String {
        assert_eq!(
            self.headers.get("x-sidebar-proxy-error").map(|v| v.to_str().unwrap()),
            Some("1"),
            "not a proxy error: {} {}",
            self.status,
            self.body
        );
        let e = self.json()["error"].as_str().unwrap().to_string();
        assert!(!e.is_empty());
        e
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string())
    }
}

pub async fn send(request: reqwest::RequestBuilder) -> Answer {
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r.text().await.unwrap();
    Answer { status, headers, body }
}

/// POSTs `body` to `{proxy}/forward` with `token` (if any) and `origin` (if any).
pub async fn post_raw(
    proxy: &str,
    token: Option<&str>,
    origin: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Answer {
    let mut r = client()
        .post(format!("{proxy}/forward"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(o) = origin {
        r = r.header("origin", o);
    }
    send(r).await
}

/// POSTs the envelope with the static token.
pub async fn call(proxy: &str, envelope: Value) -> Answer {
    post_raw(proxy, Some(TOKEN), None, envelope.to_string()).await
}

pub async fn call_as(proxy: &str, token: &str, envelope: Value) -> Answer {
    post_raw(proxy, Some(token), None, envelope.to_string()).await
}

/// A signed token for `agent` expiring `ttl_secs` from now (negative: already expired).
pub fn minted(agent: &str, ttl_secs: i64) -> String {
    let now = sidebar_widgets_proxy::auth::now_unix() as i64;
    sidebar_widgets_proxy::auth::mint(SIGNING_KEY.as_bytes(), agent, (now + ttl_secs) as u64)
        .unwrap()
}

pub fn get(url: &str) -> Value {
    json!({"method": "GET", "url": url})
}

/// A free port on 127.0.0.1 (bound, read and released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A `redis-server` of this test's own on a free 127.0.0.1 port, without persistence; killed
/// when dropped (also when the test fails).
pub struct RedisServer {
    child: Option<std::process::Child>,
    pub port: u16,
    dir: std::path::PathBuf,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("sidebar-proxy-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut r = RedisServer { child: None, port, dir };
        r.restart();
        r
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Starts it again on the same port (after [`kill`](Self::kill)), and waits until it answers.
    pub fn restart(&mut self) {
        let child = std::process::Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server is not installed (scripts/setup.sh installs it)");
        self.child = Some(child);
        for _ in 0..200 {
            if self.cli(&["PING"]).trim() == "PONG" {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            self.signal("-CONT");
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn signal(&self, sig: &str) {
        if let Some(c) = &self.child {
            let _ = std::process::Command::new("kill").args([sig, &c.id().to_string()]).status();
        }
    }

    /// Stops it answering (SIGSTOP): calls to it time out rather than fail at once.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    pub fn resume(&self) {
        self.signal("-CONT");
    }

    /// `redis-cli` against it; its output.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("redis-cli")
            .args(["-p", &self.port.to_string()])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Every key in it.
    pub fn keys(&self) -> Vec<String> {
        self.cli(&["--scan"]).lines().map(str::to_string).collect()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// A `[redis]` section for `redis` with `extra` lines (put last in a configuration: the keys
/// after it belong to it). Unless `extra` sets its own, Redis calls get a generous timeout: on a
/// loaded test machine the default 50 ms can expire, and a call that falls back to local limits
/// or a cache miss is not what the tests of shared state are about (the failure tests set theirs).
pub fn redis_section(redis: &RedisServer, extra: &str) -> String {
    let timeout = if extra.contains("timeout_ms") { "" } else { "timeout_ms = 2000\n" };
    format!(
        "[redis]\nurl = \"{}\"\nkey_prefix = \"t{}:\"\n{timeout}{extra}\n",
        redis.url(),
        redis.port
    )
}

/// A signed token for `agent` issued `issued_ago` seconds ago, living a minute.
pub fn minted_issued(agent: &str, issued_ago: i64) -> String {
    let now = sidebar_widgets_proxy::auth::now_unix() as i64;
    sidebar_widgets_proxy::auth::mint_issued(
        SIGNING_KEY.as_bytes(),
        agent,
        (now - issued_ago) as u64,
        (now + 60) as u64,
    )
    .unwrap()
}

/// [`config`] with `main_extra` lines in the "main" upstream (a quota, a cache).
pub fn config_with(top: &str, main_extra: &str, main: &Fake, other: &Fake) -> String {
    config(top, main, other).replacen(
        "path_prefix = \"/api/\"",
        &format!("path_prefix = \"/api/\"\n{main_extra}"),
        1,
    )
}
