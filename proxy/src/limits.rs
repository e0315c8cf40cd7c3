//! Load limits of one proxy instance: a per-agent token bucket (`rate_limit_per_minute`) and a
//! cap on upstream calls in flight (`max_concurrent`). Both refuse at once (429) rather than
//! queue. State is in memory: with several instances behind a load balancer, each limits alone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ProxyError;

/// Buckets kept before full (idle) ones are forgotten.
const MAX_TRACKED_AGENTS: usize = 10_000;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A token bucket per agent: `per_minute` calls of burst, refilled at `per_minute / 60` a second.
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// `per_minute == 0`: no limit.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter { per_minute, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one call from `agent`'s bucket, or a 429 saying when to retry.
    pub fn check(&self, agent: &str) -> Result<(), ProxyError> {
        self.check_at(agent, Instant::now())
    }

    /// [`check`](Self::check) at the instant `now` rather than the current one.
    pub fn check_at(&self, agent: &str, now: Instant) -> Result<(), ProxyError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_sec = capacity / 60.0;
        // A poisoned lock only means another thread panicked mid-update; the map is still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_TRACKED_AGENTS && !buckets.contains_key(agent) {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * per_sec
                    < capacity
            });
        }
        let bucket =
            buckets.entry(agent.to_string()).or_insert(Bucket { tokens: capacity, updated: now });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_sec).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_sec).ceil().max(1.0) as u64;
            Err(ProxyError::too_many(
                format!(
                    "rate limit: more than {} calls a minute from this agent; retry in {wait} s",
                    self.per_minute
                ),
                wait,
            ))
        }
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
    use std::time::Duration;

    #[test]
    fn bucket_refills() {
        let r = RateLimiter::new(60);
        let t = Instant::now();
        for _ in 0..60 {
            r.check_at("a", t).unwrap();
        }
        assert_eq!(r.check_at("a", t).unwrap_err().status.as_u16(), 429);
        r.check_at("b", t).unwrap();
        r.check_at("a", t + Duration::from_secs(1)).unwrap();
        assert!(r.check_at("a", t + Duration::from_secs(1)).is_err());
        assert!(RateLimiter::new(0).check_at("a", t).is_ok());
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
