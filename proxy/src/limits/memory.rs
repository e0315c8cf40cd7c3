//! The token buckets of one instance, in memory: the rule of [`super`] (all or none, the longest
//! wait) without a shared store.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use super::{Admission, BucketRef, BucketStore, Limit, Unavailable};
use crate::auth::Caller;
use crate::error::ProxyError;

/// Buckets kept before full (idle) ones are forgotten.
const MAX_TRACKED_BUCKETS: usize = 10_000;

struct Bucket {
    tokens: f64,
    updated: Instant,
    limit: Limit,
}

impl Bucket {
    fn refilled(&self, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        (self.tokens + elapsed * self.limit.per_sec).min(f64::from(self.limit.burst))
    }
}

/// Token buckets in memory, by key.
#[derive(Default)]
pub struct LocalBuckets {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl LocalBuckets {
    /// No buckets yet.
    pub fn new() -> LocalBuckets {
        LocalBuckets::default()
    }

    /// Takes one token from each of `refs` at `now`, or none: `Err((i, seconds))` names the
    /// first empty bucket and the longest wait among the empty ones.
    pub fn take_all(&self, refs: &[BucketRef], now: Instant) -> Result<(), (usize, u64)> {
        if refs.is_empty() {
            return Ok(());
        }
        // A poisoned lock only means another thread panicked mid-update; the map is still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_TRACKED_BUCKETS {
            buckets.retain(|_, b| b.refilled(now) < f64::from(b.limit.burst));
        }
        let mut levels = Vec::with_capacity(refs.len());
        let mut refused: Option<(usize, u64)> = None;
        for (i, r) in refs.iter().enumerate() {
            let tokens = match buckets.get(&r.key) {
                Some(b) if b.limit == r.limit => b.refilled(now),
                _ => f64::from(r.limit.burst),
            };
            if tokens < 1.0 {
                let wait = r.limit.retry_after(tokens);
                refused = Some(match refused {
                    Some((first, w)) => (first, w.max(wait)),
                    None => (i, wait),
                });
            }
            levels.push(tokens);
        }
        if let Some(r) = refused {
            return Err(r);
        }
        for (r, tokens) in refs.iter().zip(levels) {
            buckets.insert(
                r.key.clone(),
                Bucket { tokens: tokens - 1.0, updated: now, limit: r.limit },
            );
        }
        Ok(())
    }

    /// [`take_all`](Self::take_all) now, as a refusal naming the bucket.
    pub fn check(&self, refs: &[BucketRef]) -> Result<(), ProxyError> {
        self.take_all(refs, Instant::now()).map_err(|(i, wait)| match refs.get(i) {
            Some(r) => r.refusal(wait),
            None => ProxyError::too_many("rate limit", wait),
        })
    }
}

impl BucketStore for LocalBuckets {
    async fn take(
        &self,
        _caller: &Caller,
        _token: &str,
        refs: &[BucketRef],
    ) -> Result<Admission, Unavailable> {
        Ok(match self.take_all(refs, Instant::now()) {
            Ok(()) => Admission::Allowed,
            Err((i, wait)) => Admission::Limited(i, wait),
        })
    }
}
