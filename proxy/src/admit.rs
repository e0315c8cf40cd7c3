//! Whether a call may go on: the caller's token not revoked, and a token from each of its
//! buckets (the per-agent limit and the upstream's quota). With `[redis]` this is one round trip
//! to Redis, shared by every instance; without it (or while Redis fails, under
//! `on_redis_error = "local"`) the buckets are in memory.

use url::Url;

use crate::allowlist::Upstream;
use crate::auth::Caller;
use crate::error::ProxyError;
use crate::limits::{Admission, BucketKind, BucketRef, BucketStore, KeyPart, Unavailable};
use crate::shared::OnRedisError;
use crate::state::AppState;
use crate::telemetry;

/// The buckets a call of `agent` to `url` under `upstream` (if the call got that far) takes a
/// token from.
pub fn buckets(state: &AppState, agent: &str, target: Option<(&Upstream, &Url)>) -> Vec<BucketRef> {
    let mut buckets: Vec<BucketRef> =
        BucketRef::agent(agent, state.settings.rate_limit_per_minute).into_iter().collect();
    if let Some((upstream, url, quota)) =
        target.and_then(|(u, url)| u.quota.as_ref().map(|q| (u, url, q)))
    {
        let material: Vec<&[u8]> = quota
            .key
            .iter()
            .map(|part| match part {
                KeyPart::Text(t) => t.as_bytes(),
                KeyPart::UrlHost => url.host_str().unwrap_or("").as_bytes(),
                KeyPart::Agent => agent.as_bytes(),
                KeyPart::Secret(name) => {
                    state.settings.secrets.get(name).map_or(&b""[..], |s| s.value.as_bytes())
                }
            })
            .collect();
        buckets.push(BucketRef::quota(&upstream.name, quota, &material));
    }
    buckets
}

fn limited(bucket: Option<&BucketRef>, wait: u64) -> ProxyError {
    telemetry::rate_limited(matches!(bucket.map(|b| &b.kind), Some(BucketKind::Quota(_))));
    match bucket {
        Some(b) => b.refusal(wait),
        None => ProxyError::too_many("rate limit", wait),
    }
}

/// Admits a call of `caller` (holding `token`) to `url` under `upstream`, or refuses it: 401 if
/// revoked, 429 with `Retry-After` if a bucket is empty, 503 if Redis fails under
/// `on_redis_error = "closed"`. A call refused before it has a target (a bad envelope, a URL
/// outside the allowlist) is admitted with `target` `None`: it counts against the agent's limit.
pub async fn admit(
    state: &AppState,
    caller: &Caller,
    token: &str,
    target: Option<(&Upstream, &Url)>,
) -> Result<(), ProxyError> {
    let refs = buckets(state, &caller.agent, target);
    let Some(shared) = &state.shared else {
        return answer(state.local_buckets.take(caller, token, &refs).await, &refs);
    };
    let taken = shared.take(caller, token, &refs).await;
    if taken.is_ok() {
        return answer(taken, &refs);
    }
    let mode = shared.settings().on_error;
    telemetry::fallback(mode.as_str());
    match mode {
        OnRedisError::Open => Ok(()),
        OnRedisError::Closed => Err(ProxyError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "the proxy's shared state (Redis) is unavailable; retry shortly",
        )),
        OnRedisError::Local => {
            let instances = shared.settings().instances;
            let shares: Vec<BucketRef> = refs
                .into_iter()
                .map(|b| BucketRef { limit: b.limit.share(instances), ..b })
                .collect();
            answer(state.local_buckets.take(caller, token, &shares).await, &shares)
        }
    }
}

/// The refusal for what a [`BucketStore`] decided, if it refused. (Redis being unavailable is
/// handled by [`admit`]; the in-memory store always answers, so `Unavailable` here fails closed.)
fn answer(taken: Result<Admission, Unavailable>, refs: &[BucketRef]) -> Result<(), ProxyError> {
    match taken {
        Ok(Admission::Allowed) => Ok(()),
        Err(Unavailable) => Err(ProxyError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "the proxy's limits could not be checked; retry shortly",
        )),
        Ok(Admission::Revoked) => {
            Err(ProxyError::unauthorized("this token was revoked: ask for a new one"))
        }
        Ok(Admission::Limited(i, wait)) => Err(limited(refs.get(i), wait)),
    }
}
