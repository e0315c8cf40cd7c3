//! The state several proxy instances share through Redis (`[redis]`): the token buckets of the
//! limits (one Lua script, one round trip per call, atomic across instances), revocations, the
//! response cache and its locks.
//!
//! Every Redis call has a short timeout and goes through a [`Breaker`]; a failed or skipped call
//! is [`Unavailable`], and the caller applies [`OnRedisError`]. It is the [`BucketStore`] of a
//! cluster. The connection is made lazily
//! and remade by the `redis` crate's connection manager, so the proxy starts without Redis and
//! recovers by itself when Redis is back.

use std::future::Future;
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};

use crate::auth::Caller;
use crate::breaker::Breaker;
use crate::limits::{hashed, Admission, BucketRef, BucketStore, Unavailable};
use crate::telemetry;

/// What calls do while Redis cannot be reached (`on_redis_error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRedisError {
    /// Limits in memory, each instance enforcing its share (`instances` divides them); the cache
    /// is a miss. The default.
    Local,
    /// Calls go through without limits (and the cache is a miss).
    Open,
    /// Calls are refused with 503.
    Closed,
}

impl OnRedisError {
    /// The setting's name in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            OnRedisError::Local => "local",
            OnRedisError::Open => "open",
            OnRedisError::Closed => "closed",
        }
    }
}

/// `[redis]`, resolved. `Debug` does not print the URL (it may hold a password).
#[derive(Clone)]
pub struct RedisSettings {
    /// `redis://[:password@]host:port[/db]` (or `rediss://`).
    pub url: String,
    /// Put before every key, so that several deployments can share one Redis.
    pub key_prefix: String,
    /// How long one Redis call may take.
    pub timeout: Duration,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// What calls do while Redis cannot be reached.
    pub on_error: OnRedisError,
    /// How many instances share the limits (divides them under `on_redis_error = "local"`).
    pub instances: u32,
    /// Failed Redis calls in a row that open the breaker.
    pub breaker_failures: u32,
    /// How long the open breaker keeps calls from Redis.
    pub breaker_cooldown: Duration,
}

impl std::fmt::Debug for RedisSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSettings")
            .field("url", &"[redacted]")
            .field("key_prefix", &self.key_prefix)
            .field("timeout", &self.timeout)
            .field("on_error", &self.on_error)
            .field("instances", &self.instances)
            .finish_non_exhaustive()
    }
}

/// Revocation check, then all-or-nothing token buckets (the rule of
/// [`crate::limits::LocalBuckets`]), on Redis's clock.
/// KEYS: agent revocation, token revocation, then the buckets.
/// ARGV: the token's issue time (Unix s), then per bucket: tokens a millisecond, burst.
const ADMIT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local revoked = redis.call('GET', KEYS[1])
if revoked and tonumber(revoked) >= tonumber(ARGV[1]) then return {-1, 0} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {-1, 0} end
local levels = {}
local first, wait = 0, 0
for i = 3, #KEYS do
  local rate = tonumber(ARGV[2 * i - 4])
  local burst = tonumber(ARGV[2 * i - 3])
  local h = redis.call('HMGET', KEYS[i], 't', 'u')
  local tokens = tonumber(h[1]) or burst
  local updated = tonumber(h[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
  levels[i] = tokens
  if tokens < 1 then
    local w = math.ceil((1 - tokens) / rate / 1000)
    if w < 1 then w = 1 end
    if first == 0 then first = i - 2 end
    if w > wait then wait = w end
  end
end
if first > 0 then return {first, wait} end
for i = 3, #KEYS do
  local rate = tonumber(ARGV[2 * i - 4])
  local burst = tonumber(ARGV[2 * i - 3])
  redis.call('HSET', KEYS[i], 't', tostring(levels[i] - 1), 'u', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate) + 1000)
end
return {0, 0}
";

/// The shared state's client (see the module's documentation).
pub struct Shared {
    manager: ConnectionManager,
    breaker: Breaker,
    settings: RedisSettings,
    admit: Script,
}

/// A Redis client for `url` (its error never repeats the URL, which may hold a password).
fn client(url: &str) -> Result<redis::Client, String> {
    redis::Client::open(url)
        .map_err(|e| format!("redis.url is not a usable Redis URL ({:?})", e.kind()))
}

/// Sends PING to the Redis at `url` and waits at most `timeout` for PONG (for `check`).
pub async fn ping(url: &str, timeout: Duration) -> Result<(), String> {
    let client = client(url)?;
    let attempt = async {
        let mut c = client.get_multiplexed_async_connection().await?;
        redis::cmd("PING").query_async::<String>(&mut c).await
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(format!("Redis did not answer PING ({:?})", e.kind())),
        Err(_) => Err(format!("Redis did not answer PING within {} ms", timeout.as_millis())),
    }
}

impl Shared {
    /// A client that connects on first use (so the proxy starts while Redis is down).
    pub fn new(settings: RedisSettings) -> Result<Shared, String> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(settings.connect_timeout))
            .set_response_timeout(Some(settings.timeout))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(10))
            .set_max_delay(Duration::from_millis(100));
        let manager = ConnectionManager::new_lazy_with_config(client(&settings.url)?, config)
            .map_err(|e| format!("cannot set up the Redis client ({:?})", e.kind()))?;
        let probe_timeout = settings.timeout.max(settings.connect_timeout) * 2;
        Ok(Shared {
            manager,
            breaker: Breaker::new(
                settings.breaker_failures,
                settings.breaker_cooldown,
                probe_timeout,
            ),
            admit: Script::new(ADMIT),
            settings,
        })
    }

    /// Tries Redis once at start-up and says in the log (and the `redis_up` metric) whether it
    /// answers; the proxy serves either way.
    pub async fn probe_at_start(&self) {
        let mut conn = self.manager.clone();
        let ping = redis::cmd("PING");
        match self.run("ping", ping.query_async::<String>(&mut conn)).await {
            Ok(_) => tracing::info!("Redis answers: limits, revocations and the cache are shared"),
            Err(_) => {
                telemetry::redis_up(false);
                tracing::warn!(
                    on_redis_error = self.settings.on_error.as_str(),
                    "Redis does not answer at start-up: calls follow on_redis_error until it does"
                );
            }
        }
    }

    /// The settings it was built from.
    pub fn settings(&self) -> &RedisSettings {
        &self.settings
    }

    /// `key_prefix` + `kind` + `:` + `hash`.
    pub fn key(&self, kind: &str, hash: &str) -> String {
        format!("{}{kind}:{hash}", self.settings.key_prefix)
    }

    /// Runs one Redis call behind the breaker and the timeout.
    async fn run<T, F>(&self, op: &'static str, call: F) -> Result<T, Unavailable>
    where
        F: Future<Output = redis::RedisResult<T>>,
    {
        if !self.breaker.allow(Instant::now()) {
            telemetry::redis_skipped(op);
            return Err(Unavailable);
        }
        // The first call after start-up also connects.
        let limit = self.settings.timeout + self.settings.connect_timeout;
        let outcome = tokio::time::timeout(limit, call).await;
        match outcome {
            Ok(Ok(value)) => {
                if self.breaker.is_open() {
                    tracing::info!(op, "Redis answers again: shared state back in use");
                }
                self.breaker.success();
                telemetry::redis_up(true);
                Ok(value)
            }
            failed => {
                let why = match failed {
                    Ok(Err(e)) => format!("{:?}", e.kind()),
                    _ => "timed out".to_string(),
                };
                telemetry::redis_error(op);
                if self.breaker.failure(Instant::now()) {
                    telemetry::redis_up(false);
                    tracing::warn!(op, error = %why, on_redis_error = self.settings.on_error.as_str(),
                        "Redis unavailable: calls follow on_redis_error until it answers again");
                }
                Err(Unavailable)
            }
        }
    }

    /// Checks revocations and takes a token from each of `buckets` (all or none), in one
    /// round trip.
    pub async fn admit(
        &self,
        agent: &str,
        token: &str,
        issued_at: u64,
        buckets: &[BucketRef],
    ) -> Result<Admission, Unavailable> {
        let mut invocation = self.admit.prepare_invoke();
        invocation
            .key(self.revoked_agent_key(agent))
            .key(self.revoked_token_key(token))
            .arg(issued_at);
        for b in buckets {
            invocation.key(self.key("rl", &b.key));
            invocation.arg(format!("{}", b.limit.per_sec / 1000.0)).arg(b.limit.burst);
        }
        let mut conn = self.manager.clone();
        let (first, wait): (i64, i64) =
            self.run("admit", invocation.invoke_async(&mut conn)).await?;
        Ok(match first {
            0 => Admission::Allowed,
            n if n < 0 => Admission::Revoked,
            n => Admission::Limited(usize::try_from(n - 1).unwrap_or(0), wait.max(1) as u64),
        })
    }

    fn revoked_agent_key(&self, agent: &str) -> String {
        self.key("revoked-agent", &hashed(&[agent.as_bytes()]))
    }

    fn revoked_token_key(&self, token: &str) -> String {
        self.key("revoked-token", &hashed(&[token.as_bytes()]))
    }

    /// Refuses `agent`'s tokens issued up to `at` (Unix s), for `keep`.
    pub async fn revoke_agent(
        &self,
        agent: &str,
        at: u64,
        keep: Duration,
    ) -> Result<(), Unavailable> {
        let key = self.revoked_agent_key(agent);
        let mut conn = self.manager.clone();
        self.run("revoke", conn.set_ex::<_, _, ()>(key, at, keep.as_secs().max(1))).await
    }

    /// Refuses `token` until `keep` has passed (its expiry).
    pub async fn revoke_token(&self, token: &str, keep: Duration) -> Result<(), Unavailable> {
        let key = self.revoked_token_key(token);
        let mut conn = self.manager.clone();
        self.run("revoke", conn.set_ex::<_, _, ()>(key, 1, keep.as_secs().max(1))).await
    }

    /// The cached answer under `key`, if any.
    pub async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, Unavailable> {
        let mut conn = self.manager.clone();
        self.run("cache_get", conn.get::<_, Option<Vec<u8>>>(self.key("cache", key))).await
    }

    /// Stores an answer under `key` for `ttl`.
    pub async fn cache_put(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<(), Unavailable> {
        let mut conn = self.manager.clone();
        let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        self.run("cache_put", conn.pset_ex::<_, _, ()>(self.key("cache", key), value, ms)).await
    }

    /// Takes the lock on filling `key` for `ttl`; `false` if another instance holds it.
    pub async fn lock(&self, key: &str, ttl: Duration) -> Result<bool, Unavailable> {
        let mut conn = self.manager.clone();
        let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.key("lock", key)).arg(1).arg("NX").arg("PX").arg(ms);
        let set: Option<String> = self.run("lock", cmd.query_async(&mut conn)).await?;
        Ok(set.is_some())
    }

    /// Whether the lock on filling `key` is held.
    pub async fn locked(&self, key: &str) -> Result<bool, Unavailable> {
        let mut conn = self.manager.clone();
        self.run("lock", conn.exists::<_, bool>(self.key("lock", key))).await
    }

    /// Releases the lock on filling `key`.
    pub async fn unlock(&self, key: &str) -> Result<(), Unavailable> {
        let mut conn = self.manager.clone();
        self.run("lock", conn.del::<_, ()>(self.key("lock", key))).await
    }
}

impl BucketStore for Shared {
    async fn take(
        &self,
        caller: &Caller,
        token: &str,
        refs: &[BucketRef],
    ) -> Result<Admission, Unavailable> {
        self.admit(&caller.agent, token, caller.issued_at, refs).await
    }
}
