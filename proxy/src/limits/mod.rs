//! Load limits: token buckets (the per-agent `rate_limit_per_minute` and the per-upstream
//! `quota`s) and a cap on upstream calls in flight (`max_concurrent`). Both refuse at once (429)
//! rather than queue.
//!
//! A call takes one token from each of its buckets, or from none: if any bucket is empty the call
//! is refused, with a `Retry-After` of the longest wait among the empty ones, and no bucket is
//! charged. Where the buckets are kept is a [`BucketStore`]: [`LocalBuckets`] in memory (one
//! instance), [`crate::shared::Shared`] in Redis (a cluster, with a Lua script of the same rule),
//! so that one instance without Redis behaves like a cluster of one.

use std::future::Future;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::auth::Caller;
use crate::error::ProxyError;

mod memory;

pub use memory::LocalBuckets;

/// The store could not be reached (Redis failed, timed out, or its breaker is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

/// What a [`BucketStore`] decided for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Every bucket gave a token.
    Allowed,
    /// The agent (or the token) was revoked after the token was issued (Redis only).
    Revoked,
    /// The bucket at this index is empty; retry after so many seconds.
    Limited(usize, u64),
}

/// Where token buckets are kept, with one rule: a call takes one token from each of its buckets
/// or from none, and a refusal names the first empty bucket and the longest wait.
pub trait BucketStore {
    /// Takes a token from each of `refs` for `caller` (holding `token`, for revocation checks
    /// where the store keeps revocations).
    fn take(
        &self,
        caller: &Caller,
        token: &str,
        refs: &[BucketRef],
    ) -> impl Future<Output = Result<Admission, Unavailable>> + Send;
}

/// A token bucket's shape: `burst` calls at once, refilled at `per_sec` calls a second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// Tokens added a second.
    pub per_sec: f64,
    /// The most tokens the bucket holds (at least 1).
    pub burst: u32,
}

impl Limit {
    /// `per_minute` calls of burst, refilled at `per_minute / 60` a second; `None` for 0 (no
    /// limit).
    pub fn per_minute(per_minute: u32) -> Option<Limit> {
        (per_minute > 0).then(|| Limit { per_sec: f64::from(per_minute) / 60.0, burst: per_minute })
    }

    /// This instance's share of a limit that `instances` instances enforce together without a
    /// shared store: the rate and the burst divided (the burst at least 1).
    pub fn share(self, instances: u32) -> Limit {
        let n = instances.max(1);
        Limit { per_sec: self.per_sec / f64::from(n), burst: (self.burst / n).max(1) }
    }

    /// Seconds until a bucket holding `tokens` (< 1) holds one: at least 1, rounded up.
    pub fn retry_after(self, tokens: f64) -> u64 {
        ((1.0 - tokens) / self.per_sec).ceil().max(1.0) as u64
    }
}

/// One part of a quota's key: what the upstream meters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPart {
    /// Written text.
    Text(String),
    /// `{{url.host}}`: the host the call goes to (a shop's own domain, say).
    UrlHost,
    /// `{{agent}}`: the calling agent.
    Agent,
    /// `{{secret.NAME}}`: the value of a secret (an API key metered on its own). Only its hash
    /// is ever stored.
    Secret(String),
}

/// A per-upstream quota (`quota = { rate = "2/s", burst = 40, key = "{{url.host}}" }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Quota {
    /// The bucket's shape.
    pub limit: Limit,
    /// What one bucket is kept per (empty: one bucket for the whole upstream).
    pub key: Vec<KeyPart>,
}

/// Why a bucket refuses: the message a refused call gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BucketKind {
    /// The per-agent limit of `n` calls a minute.
    Agent(u32),
    /// The quota of the named upstream.
    Quota(String),
}

/// One bucket a call takes a token from: its key (a hash: it never holds an agent id, a URL or a
/// secret) and its shape.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketRef {
    /// Hex SHA-256 (first 128 bits) of what the bucket is kept per.
    pub key: String,
    /// The bucket's shape.
    pub limit: Limit,
    /// Which limit it is, for the refusal's message and the metrics.
    pub kind: BucketKind,
}

/// Hex SHA-256 (first 128 bits) of `parts`, each length-prefixed so that no two lists collide.
pub fn hashed(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

impl BucketRef {
    /// The per-agent bucket.
    pub fn agent(agent: &str, per_minute: u32) -> Option<BucketRef> {
        let limit = Limit::per_minute(per_minute)?;
        Some(BucketRef {
            key: hashed(&[b"agent", agent.as_bytes()]),
            limit,
            kind: BucketKind::Agent(per_minute),
        })
    }

    /// The bucket of `upstream`'s quota for one value of its key (`material`, the key parts
    /// resolved).
    pub fn quota(upstream: &str, quota: &Quota, material: &[&[u8]]) -> BucketRef {
        let mut parts: Vec<&[u8]> = vec![b"quota", upstream.as_bytes()];
        parts.extend_from_slice(material);
        BucketRef {
            key: hashed(&parts),
            limit: quota.limit,
            kind: BucketKind::Quota(upstream.to_string()),
        }
    }

    /// The refusal for a call this bucket refused, retrying in `retry_after` seconds.
    pub fn refusal(&self, retry_after: u64) -> ProxyError {
        let message = match &self.kind {
            BucketKind::Agent(n) => format!(
                "rate limit: more than {n} calls a minute from this agent; retry in {retry_after} s"
            ),
            BucketKind::Quota(name) => {
                format!("the upstream \"{name}\"'s quota is used up; retry in {retry_after} s")
            }
        };
        ProxyError::too_many(message, retry_after)
    }
}

/// The cap on upstream calls in flight.
#[derive(Clone)]
pub struct Inflight {
    max: usize,
    semaphore: Arc<Semaphore>,
}

impl Inflight {
    /// A cap of `max` upstream calls in flight at once.
    pub fn new(max: usize) -> Inflight {
        Inflight { max, semaphore: Arc::new(Semaphore::new(max)) }
    }

    /// A permit held for the duration of one upstream call, or a 429.
    pub fn try_acquire(&self) -> Result<OwnedSemaphorePermit, ProxyError> {
        self.semaphore.clone().try_acquire_owned().map_err(|_| {
            ProxyError::too_many(
                format!(
                    "the proxy is busy: {} upstream calls are already in flight (max_concurrent); retry shortly",
                    self.max
                ),
                1,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::time::{Duration, Instant};

    fn agent(a: &str, n: u32) -> Vec<BucketRef> {
        BucketRef::agent(a, n).into_iter().collect()
    }

    #[test]
    fn bucket_refills() {
        let r = LocalBuckets::new();
        let t = Instant::now();
        for _ in 0..60 {
            r.take_all(&agent("a", 60), t).unwrap();
        }
        assert_eq!(r.take_all(&agent("a", 60), t).unwrap_err(), (0, 1));
        r.take_all(&agent("b", 60), t).unwrap();
        r.take_all(&agent("a", 60), t + Duration::from_secs(1)).unwrap();
        assert!(r.take_all(&agent("a", 60), t + Duration::from_secs(1)).is_err());
        assert!(BucketRef::agent("a", 0).is_none());
    }

    #[test]
    fn all_or_nothing_with_the_longest_wait() {
        let r = LocalBuckets::new();
        let t = Instant::now();
        let quota = Quota { limit: Limit { per_sec: 0.5, burst: 2 }, key: vec![] };
        let q = BucketRef::quota("shop", &quota, &[b"a.example"]);
        let both = vec![BucketRef::agent("a", 3).unwrap(), q.clone()];
        r.take_all(&both, t).unwrap();
        r.take_all(&both, t).unwrap();
        // the quota is empty: refused with its wait (2 s), and the agent's bucket not charged
        assert_eq!(r.take_all(&both, t).unwrap_err(), (1, 2));
        r.take_all(&agent("a", 3), t).unwrap();
        assert_eq!(r.take_all(&agent("a", 3), t).unwrap_err(), (0, 20));
        assert!(r.check(&[q]).unwrap_err().message.contains("\"shop\"'s quota"));
    }

    #[test]
    fn shares_and_keys() {
        let l = Limit { per_sec: 2.0, burst: 40 }.share(3);
        assert_eq!(l.burst, 13);
        assert!((l.per_sec - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(Limit { per_sec: 1.0, burst: 1 }.share(5).burst, 1);
        let k = hashed(&[b"quota", b"shop", b"sk_live_1"]);
        assert_eq!(k.len(), 32);
        assert!(!k.contains("sk_live"));
        assert_ne!(hashed(&[b"ab", b"c"]), hashed(&[b"a", b"bc"]));
    }

    #[test]
    fn inflight_cap() {
        let i = Inflight::new(1);
        let p = i.try_acquire().unwrap();
        assert!(i.try_acquire().is_err());
        drop(p);
        assert!(i.try_acquire().is_ok());
    }
}
