//! A circuit breaker in front of Redis: after `failures` failed calls in a row it opens, and for
//! `cooldown` calls do not try Redis at all (they take the `on_redis_error` path at once instead
//! of each waiting out the timeout); then one call probes, and its success closes the breaker.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    Probing { since: Instant },
}

/// The breaker (see the module's documentation).
#[derive(Debug)]
pub struct Breaker {
    state: Mutex<State>,
    failures: u32,
    cooldown: Duration,
    /// How long a probe may take before another call may probe instead (its caller may have gone).
    probe_timeout: Duration,
}

impl Breaker {
    /// Opens after `failures` (at least 1) failures in a row, for `cooldown`; a probe that has
    /// not reported after `probe_timeout` is given up.
    pub fn new(failures: u32, cooldown: Duration, probe_timeout: Duration) -> Breaker {
        Breaker {
            state: Mutex::new(State::Closed { failures: 0 }),
            failures: failures.max(1),
            cooldown,
            probe_timeout,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a call may try Redis now (`false`: the breaker is open).
    pub fn allow(&self, now: Instant) -> bool {
        let mut s = self.state();
        match *s {
            State::Closed { .. } => true,
            State::Open { until } if now >= until => {
                *s = State::Probing { since: now };
                true
            }
            State::Open { .. } => false,
            State::Probing { since }
                if now.saturating_duration_since(since) > self.probe_timeout =>
            {
                *s = State::Probing { since: now };
                true
            }
            State::Probing { .. } => false,
        }
    }

    /// The call succeeded: closed.
    pub fn success(&self) {
        *self.state() = State::Closed { failures: 0 };
    }

    /// The call failed; returns whether the breaker is (now) open.
    pub fn failure(&self, now: Instant) -> bool {
        let mut s = self.state();
        let failures = match *s {
            State::Closed { failures } => failures + 1,
            State::Open { .. } | State::Probing { .. } => self.failures,
        };
        *s = if failures >= self.failures {
            State::Open { until: now + self.cooldown }
        } else {
            State::Closed { failures }
        };
        failures >= self.failures
    }

    /// Whether calls are being kept from Redis now.
    pub fn is_open(&self) -> bool {
        !matches!(*self.state(), State::Closed { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_cools_down_probes_and_closes() {
        let b = Breaker::new(3, Duration::from_secs(1), Duration::from_millis(100));
        let t = Instant::now();
        assert!(b.allow(t));
        assert!(!b.failure(t));
        assert!(!b.failure(t));
        assert!(b.failure(t));
        assert!(!b.allow(t + Duration::from_millis(500)));
        // after the cool-down one call probes, the others still do not try
        let later = t + Duration::from_millis(1001);
        assert!(b.allow(later));
        assert!(!b.allow(later));
        // a failed probe opens it again at once
        assert!(b.failure(later));
        assert!(!b.allow(later + Duration::from_millis(10)));
        let again = later + Duration::from_millis(1001);
        assert!(b.allow(again));
        b.success();
        assert!(b.allow(again) && !b.is_open());
        // a probe whose caller went away is given up
        let b = Breaker::new(1, Duration::ZERO, Duration::from_millis(100));
        b.failure(t);
        assert!(b.allow(t));
        assert!(!b.allow(t + Duration::from_millis(50)));
        assert!(b.allow(t + Duration::from_millis(150)));
    }
}
