//! The response cache for GETs (per upstream, `cache_ttl`, off by default) and request
//! coalescing.
//!
//! An entry's key is a hash of the upstream, the scope (the calling agent, unless the upstream
//! says `cache_scope = "shared"`), the method, the final URL and the headers sent (secrets
//! included, so two keys never share an entry; only the hash is stored). With `[redis]` entries
//! are in Redis, shared by every instance; without it, in this instance's memory.
//!
//! Identical GETs in flight at once on one instance make one upstream call: the others wait for
//! its answer. Across instances, the first takes a short Redis lock and the others wait for the
//! entry it stores (as nginx's `proxy_cache_lock`). Answers say `X-Sidebar-Proxy-Cache: hit`,
//! `miss` or `coalesced`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use tokio::sync::watch;

use crate::error::ProxyError;
use crate::limits::hashed;
use crate::shared::Shared;
use crate::telemetry;

/// The header that says whether an answer came from the cache.
pub const CACHE_HEADER: &str = "x-sidebar-proxy-cache";

/// The most bytes of answers the in-memory cache (without Redis) keeps.
const MEMORY_BYTES: usize = 64 * 1024 * 1024;

/// How often a call waiting on another instance's lock looks for the entry.
const POLL: Duration = Duration::from_millis(20);

/// Who a cached answer may be served to (`cache_scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheScope {
    /// Only the agent whose call filled it (the default).
    Token,
    /// Every caller: the upstream's answers do not depend on who asks.
    Shared,
}

/// An upstream's cache settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachePolicy {
    /// How long an answer is kept.
    pub ttl: Duration,
    /// Who it may be served to.
    pub scope: CacheScope,
}

/// An upstream's answer, redacted, as it is sent on and cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The upstream's status.
    pub status: u16,
    /// The upstream's `Content-Type` (redacted).
    pub content_type: Option<String>,
    /// The body (redacted).
    pub body: Bytes,
    /// The upstream said `Cache-Control: no-store` or `private`.
    pub no_store: bool,
}

/// Hit, miss or coalesced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Served from the cache.
    Hit,
    /// This call went to the upstream.
    Miss,
    /// This call waited for an identical one's answer.
    Coalesced,
}

impl Outcome {
    /// The header's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Miss => "miss",
            Outcome::Coalesced => "coalesced",
        }
    }
}

impl Stored {
    /// Whether it may be cached: a success the upstream did not mark `no-store` or `private`.
    pub fn cacheable(&self) -> bool {
        (200..300).contains(&self.status) && !self.no_store
    }

    /// The answer to send, marked with `outcome` if the upstream is cached.
    pub fn into_response(self, outcome: Option<Outcome>) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_GATEWAY);
        let headers = response.headers_mut();
        if let Some(ct) = self.content_type.and_then(|ct| HeaderValue::from_str(&ct).ok()) {
            headers.insert(CONTENT_TYPE, ct);
        }
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(o) = outcome {
            headers.insert(CACHE_HEADER, HeaderValue::from_static(o.as_str()));
        }
        response
    }

    /// Status, content type length and text, body.
    fn encode(&self) -> Vec<u8> {
        let ct = self.content_type.as_deref().unwrap_or("").as_bytes();
        let ct_len = u16::try_from(ct.len()).unwrap_or(0);
        let mut out = Vec::with_capacity(4 + ct.len() + self.body.len());
        out.extend_from_slice(&self.status.to_be_bytes());
        out.extend_from_slice(&ct_len.to_be_bytes());
        out.extend_from_slice(ct.get(..usize::from(ct_len)).unwrap_or_default());
        out.extend_from_slice(&self.body);
        out
    }

    fn decode(bytes: &[u8]) -> Option<Stored> {
        let status = u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?]);
        let ct_len = usize::from(u16::from_be_bytes([*bytes.get(2)?, *bytes.get(3)?]));
        let ct = bytes.get(4..4 + ct_len)?;
        let body = bytes.get(4 + ct_len..)?;
        Some(Stored {
            status,
            content_type: (!ct.is_empty()).then(|| String::from_utf8_lossy(ct).into_owned()),
            body: Bytes::copy_from_slice(body),
            no_store: false,
        })
    }
}

/// The key of a GET of `url` with `headers` on `upstream`, for `agent` unless the scope is shared.
pub fn key(
    upstream: &str,
    policy: &CachePolicy,
    agent: &str,
    url: &str,
    headers: &HeaderMap,
) -> String {
    let scope = match policy.scope {
        CacheScope::Token => agent.as_bytes(),
        CacheScope::Shared => b"",
    };
    let mut sent: Vec<(&str, &[u8])> =
        headers.iter().map(|(k, v)| (k.as_str(), v.as_bytes())).collect();
    sent.sort();
    let mut parts: Vec<&[u8]> = vec![upstream.as_bytes(), scope, b"GET", url.as_bytes()];
    for (k, v) in &sent {
        parts.push(k.as_bytes());
        parts.push(v);
    }
    hashed(&parts)
}

type Flight = watch::Receiver<Option<Result<Stored, ProxyError>>>;

/// The in-memory entries and the calls in flight.
#[derive(Default)]
pub struct Cache {
    memory: Mutex<HashMap<String, (Instant, Stored)>>,
    flights: Mutex<HashMap<String, Flight>>,
}

/// Removes a flight when its leader is done (or gone).
struct FlightGuard<'a> {
    cache: &'a Cache,
    key: &'a str,
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        self.cache.flights.lock().unwrap_or_else(|e| e.into_inner()).remove(self.key);
    }
}

impl Cache {
    /// Empty.
    pub fn new() -> Cache {
        Cache::default()
    }

    fn memory_get(&self, key: &str, now: Instant) -> Option<Stored> {
        let memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.get(key).filter(|(until, _)| *until > now).map(|(_, s)| s.clone())
    }

    fn memory_put(&self, key: &str, stored: &Stored, ttl: Duration, now: Instant) {
        let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        let mut total: usize = memory.values().map(|(_, s)| s.body.len()).sum();
        if total + stored.body.len() > MEMORY_BYTES {
            memory.retain(|_, (until, _)| *until > now);
            total = memory.values().map(|(_, s)| s.body.len()).sum();
        }
        if total + stored.body.len() <= MEMORY_BYTES {
            memory.insert(key.to_string(), (now + ttl, stored.clone()));
        }
    }

    async fn lookup(&self, shared: Option<&Shared>, key: &str) -> Option<Stored> {
        match shared {
            None => self.memory_get(key, Instant::now()),
            // Redis unavailable: a miss.
            Some(s) => s.cache_get(key).await.ok().flatten().and_then(|b| Stored::decode(&b)),
        }
    }

    async fn store(&self, shared: Option<&Shared>, key: &str, stored: &Stored, ttl: Duration) {
        match shared {
            None => self.memory_put(key, stored, ttl, Instant::now()),
            Some(s) => {
                let _ = s.cache_put(key, &stored.encode(), ttl).await;
            }
        }
    }

    /// The cached answer for `key`, or the answer of an identical call in flight, or `fill`'s
    /// (stored if cacheable). `wait` bounds how long another instance's lock is waited on.
    pub async fn get_or_fill<F>(
        &self,
        shared: Option<&Shared>,
        key: &str,
        policy: &CachePolicy,
        wait: Duration,
        fill: F,
    ) -> (Result<Stored, ProxyError>, Outcome)
    where
        F: Future<Output = Result<Stored, ProxyError>>,
    {
        if let Some(hit) = self.lookup(shared, key).await {
            return done(Ok(hit), Outcome::Hit);
        }
        let joined = {
            let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
            match flights.get(key) {
                Some(rx) => Err(rx.clone()),
                None => {
                    let (tx, rx) = watch::channel(None);
                    flights.insert(key.to_string(), rx);
                    Ok(tx)
                }
            }
        };
        let tx = match joined {
            Ok(tx) => tx,
            Err(mut rx) => {
                let answer = rx.wait_for(Option::is_some).await.ok().and_then(|a| a.clone());
                return match answer {
                    Some(a) => done(a, Outcome::Coalesced),
                    // The first call went away: this one calls itself.
                    None => done(fill.await, Outcome::Miss),
                };
            }
        };
        let _guard = FlightGuard { cache: self, key };
        let mut locked = false;
        if let Some(s) = shared {
            match s.lock(key, wait).await {
                Ok(true) => locked = true,
                Ok(false) => {
                    if let Some(found) = wait_for_other(s, key, wait).await {
                        let _ = tx.send(Some(Ok(found.clone())));
                        return done(Ok(found), Outcome::Coalesced);
                    }
                }
                Err(_) => {}
            }
        }
        let answer = fill.await;
        if let Ok(stored) = &answer {
            if stored.cacheable() {
                self.store(shared, key, stored, policy.ttl).await;
            }
        }
        if let (true, Some(s)) = (locked, shared) {
            let _ = s.unlock(key).await;
        }
        let _ = tx.send(Some(answer.clone()));
        done(answer, Outcome::Miss)
    }
}

fn done(
    answer: Result<Stored, ProxyError>,
    outcome: Outcome,
) -> (Result<Stored, ProxyError>, Outcome) {
    telemetry::cache(outcome.as_str());
    (answer, outcome)
}

/// Waits (at most `wait`) for the instance holding the lock on `key` to store its answer;
/// `None` if it released the lock without one, or Redis failed, or time ran out.
async fn wait_for_other(s: &Shared, key: &str, wait: Duration) -> Option<Stored> {
    let deadline = Instant::now() + wait;
    while Instant::now() < deadline {
        tokio::time::sleep(POLL).await;
        match s.cache_get(key).await {
            Ok(Some(b)) => return Stored::decode(&b),
            Ok(None) => {}
            Err(_) => return None,
        }
        if !s.locked(key).await.unwrap_or(false) {
            // Released: stored just now, or not cacheable.
            return s.cache_get(key).await.ok().flatten().and_then(|b| Stored::decode(&b));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn encoding_round_trips_and_keys_are_scoped() {
        let s = Stored {
            status: 200,
            content_type: Some("application/json".into()),
            body: Bytes::from_static(b"{\"a\":1}"),
            no_store: false,
        };
        assert_eq!(Stored::decode(&s.encode()).unwrap(), s);
        assert!(Stored::decode(&[1]).is_none());
        let token = CachePolicy { ttl: Duration::from_secs(1), scope: CacheScope::Token };
        let shared = CachePolicy { scope: CacheScope::Shared, ..token };
        let h = HeaderMap::new();
        assert_ne!(key("u", &token, "a", "http://x/", &h), key("u", &token, "b", "http://x/", &h));
        assert_eq!(
            key("u", &shared, "a", "http://x/", &h),
            key("u", &shared, "b", "http://x/", &h)
        );
        let mut with_key = HeaderMap::new();
        with_key.insert("x-key", HeaderValue::from_static("k1"));
        assert_ne!(
            key("u", &shared, "a", "http://x/", &h),
            key("u", &shared, "a", "http://x/", &with_key)
        );
    }

    #[tokio::test]
    async fn identical_calls_in_flight_make_one() {
        let cache = std::sync::Arc::new(Cache::new());
        let policy = CachePolicy { ttl: Duration::from_secs(60), scope: CacheScope::Shared };
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (cache, calls) = (cache.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                let fill = async {
                    calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    Ok(Stored {
                        status: 200,
                        content_type: None,
                        body: Bytes::new(),
                        no_store: false,
                    })
                };
                cache.get_or_fill(None, "k", &policy, Duration::from_secs(1), fill).await.1
            }));
        }
        let mut outcomes = Vec::new();
        for t in tasks {
            outcomes.push(t.await.unwrap());
        }
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(outcomes.iter().filter(|o| **o == Outcome::Miss).count(), 1);
        let fill = async { Err(ProxyError::bad_gateway("not called")) };
        let again = cache.get_or_fill(None, "k", &policy, Duration::from_secs(1), fill).await;
        assert_eq!(again.1, Outcome::Hit);
    }
}
