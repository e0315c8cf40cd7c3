//! The fake APIs of the end-to-end tests, in plain std Rust: a recorder that answers CORS
//! preflights, records every request and answers by path. The page itself is served by the
//! drivers (tests/e2e/harness.mjs, the one static server of the end-to-end tests).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
    pub fn query(&self) -> &str {
        self.target.split_once('?').map(|(_, q)| q).unwrap_or("")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What a handler answers: status, content type, body.
pub type Answer = (u16, &'static str, Vec<u8>);
type Handler = dyn Fn(&Recorded) -> Answer + Send + Sync;

/// A server on 127.0.0.1 at a free port, served by a thread per connection.
pub struct Server {
    pub url: String,
    pub log: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    pub fn start(handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread_log = log.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = handler.clone();
                let log = thread_log.clone();
                thread::spawn(move || {
                    let _ = serve(stream, &*handler, &log);
                });
            }
        });
        Server { url, log }
    }

    /// Every request but CORS preflights, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log
            .lock()
            .map(|l| l.iter().filter(|r| r.method != "OPTIONS").cloned().collect())
            .unwrap_or_default()
    }

    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.path() == path).collect()
    }

    pub fn preflights(&self) -> usize {
        self.log.lock().map(|l| l.iter().filter(|r| r.method == "OPTIONS").count()).unwrap_or(0)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Recorded>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let mut headers = BTreeMap::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let len = headers.get("content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body)?;
        let req = Recorded { method, target, headers, body };
        if let Ok(mut l) = log.lock() {
            l.push(req.clone());
        }
        let (status, content_type, answer) =
            if req.method == "OPTIONS" { (204, "text/plain", Vec::new()) } else { handler(&req) };
        let allow_headers = req.header("access-control-request-headers").unwrap_or("*").to_string();
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, POST, PUT, PATCH, DELETE, OPTIONS\r\n\
             Access-Control-Allow-Headers: {allow_headers}\r\nAccess-Control-Max-Age: 0\r\nCache-Control: no-store\r\n\r\n",
            reason(status),
            answer.len()
        );
        let mut out = stream.try_clone()?;
        out.write_all(head.as_bytes())?;
        out.write_all(&answer)?;
        out.flush()?;
    }
}

/// A counter shared with a handler.
pub fn counter() -> Arc<AtomicUsize> {
    Arc::new(AtomicUsize::new(0))
}

pub fn bump(c: &AtomicUsize) -> usize {
    c.fetch_add(1, Ordering::SeqCst)
}

/// Runs a node script from tests/e2e with arguments; returns its stdout (panics with its output on failure).
pub fn run_driver(script: &str, args: &[&str]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let out = std::process::Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .output()
        .expect("node is needed for the end-to-end tests (scripts/setup.sh installs it)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    stdout
}
