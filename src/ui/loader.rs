//! Loading integration data (SPEC 5): one request per integration however many widgets use it,
//! answers older than the latest request ignored, data on screen kept while a refresh runs and
//! after it fails, and triggers that fetch again exactly the subscribed integrations.

use super::locale::local_offset_minutes;
use super::sidebar::SidebarState;
use crate::engine::request::{integration_request, HttpRequest};
use crate::engine::vars::Scope;
use crate::net;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// Where an integration's request stands.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum LoadStatus {
    #[default]
    Idle,
    Loading,
    Failed(String),
}

/// The last request sent for an integration, and its state.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct IntegrationLoad {
    pub status: LoadStatus,
    /// Bumped on every request: an answer for an older one is dropped.
    pub generation: u64,
    /// What was last requested (or refused): a change of context that changes it fetches again.
    pub request: Option<Result<HttpRequest, String>>,
}

/// The integrations the shown widgets need fetched (their data was not given), with the request
/// each would send now.
fn needed(state: SidebarState) -> Vec<(String, Result<HttpRequest, String>)> {
    let view = state.view.get();
    let mut ids: Vec<String> = state.widgets.with(|(_, widgets)| {
        widgets
            .iter()
            .filter(|w| w.template.is_ok() && w.shown_in(view))
            .filter_map(|w| w.integration_id.clone())
            .collect()
    });
    ids.sort();
    ids.dedup();
    ids.retain(|id| state.data.with(|d| !d.contains_key(id)));
    let context = state.context.get();
    state.integrations.with(|list| {
        ids.into_iter()
            .filter_map(|id| {
                let integration = list.iter().find(|i| i.id == id)?;
                let scope = Scope {
                    data: &Value::Null,
                    globals: context.globals().to_vec(),
                    tz_offset_minutes: local_offset_minutes(),
                };
                Some((id, integration_request(integration, &scope).map_err(|e| e.to_string())))
            })
            .collect()
    })
}

/// Sends (again) the request of one integration.
fn fetch(state: SidebarState, id: String, request: Result<HttpRequest, String>) {
    let mut generation = 0;
    let _ = state.loads.try_update(|loads| {
        let entry = loads.entry(id.clone()).or_default();
        entry.generation += 1;
        generation = entry.generation;
        entry.request = Some(request.clone());
        entry.status = match &request {
            Ok(_) => LoadStatus::Loading,
            Err(why) => LoadStatus::Failed(why.clone()),
        };
    });
    let Ok(request) = request else { return };
    let timeout = state.timeout_ms.get_untracked();
    spawn_local(async move {
        let result = net::fetch_json(&request, timeout).await;
        let latest = state.loads.try_with_untracked(|l| l.get(&id).map(|e| e.generation)).flatten();
        if latest != Some(generation) {
            return;
        }
        match result {
            Ok(value) => {
                let _ = state.fetched.try_update(|f| {
                    f.insert(id.clone(), value);
                });
                let _ = state.loads.try_update(|l| {
                    if let Some(e) = l.get_mut(&id) {
                        e.status = LoadStatus::Idle;
                    }
                });
            }
            Err(e) => {
                let _ = state.loads.try_update(|l| {
                    if let Some(entry) = l.get_mut(&id) {
                        entry.status = LoadStatus::Failed(e.to_string());
                    }
                });
            }
        }
    });
}

/// Fetches whatever the shown widgets need and is not loaded for the current context; runs again
/// whenever widgets, integrations, given data, context or view change.
pub fn start_loader(state: SidebarState) {
    Effect::new(move |_| {
        for (id, request) in needed(state) {
            let last = state.loads.with_untracked(|l| l.get(&id).and_then(|e| e.request.clone()));
            if last.as_ref() != Some(&request) {
                fetch(state, id, request);
            }
        }
    });
}

/// `handle.trigger(event)`: fetches again the needed integrations subscribed to the event.
/// Returns how many were fetched.
pub fn trigger(state: SidebarState, event: &str) -> usize {
    let needed = untrack(|| needed(state));
    let mut count = 0;
    for (id, request) in needed {
        let listens = state.integrations.with_untracked(|l| l.iter().any(|i| i.id == id && i.listens_to(event)));
        if listens {
            fetch(state, id, request);
            count += 1;
        }
    }
    count
}

/// The Retry control: fetches one integration again.
pub fn retry(state: SidebarState, id: &str) {
    if let Some((id, request)) = untrack(|| needed(state)).into_iter().find(|(i, _)| i == id) {
        fetch(state, id, request);
    }
}
