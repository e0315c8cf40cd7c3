//! Loading integration data (SPEC 5): the engine says which integrations to fetch and with what
//! request; this sends them, drops answers to older requests, keeps the data on screen while a
//! refresh runs and after it fails, and fetches again on triggers and Retry.

use super::locale::local_offset_minutes;
use super::state::{Model, SidebarState};
use crate::engine::answer::read_json;
use crate::engine::loading::{needed_requests, LoadInputs, PlannedRequest};
use crate::engine::sidebar::LoadStatus;
use crate::net;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// The integrations the shown widgets need fetched now, with their requests.
fn needed(m: &Model) -> Vec<(String, PlannedRequest)> {
    let given = |id: &str| m.given.contains(id);
    needed_requests(&LoadInputs {
        widgets: &m.widgets,
        page: m.page,
        integrations: &m.integrations,
        context: &m.context,
        given: &given,
        proxy: m.network.proxy.as_ref(),
        messages: &m.messages,
        tz_offset_minutes: local_offset_minutes(),
    })
}

/// Sends (again) the request of one integration.
fn fetch(state: SidebarState, id: String, request: PlannedRequest) {
    let mut generation = 0;
    let (mut timeout, mut messages) = (0, None);
    state.change(&mut |m| {
        let entry = m.loads.entry(&id);
        entry.generation += 1;
        generation = entry.generation;
        entry.request = Some(request.clone());
        entry.status = match &request {
            Ok(_) => LoadStatus::Loading,
            Err(why) => LoadStatus::Failed(why.clone()),
        };
        timeout = m.network.timeout_ms;
        messages = Some(m.messages.clone());
    });
    let (Ok(request), Some(messages)) = (request, messages) else { return };
    spawn_local(async move {
        let mut result =
            Some(net::send(&request, timeout).await.and_then(|answer| read_json(&answer.text)));
        state.change(&mut |m| {
            if m.loads.get(&id).map(|e| e.generation) != Some(generation) {
                return; // an answer to an older request
            }
            let status = match result.take() {
                Some(Ok(value)) => {
                    m.fetched.insert(id.clone(), value);
                    LoadStatus::Idle
                }
                Some(Err(e)) => LoadStatus::Failed(e.describe(&messages)),
                None => return,
            };
            if let Some(e) = m.loads.get_mut(&id) {
                e.status = status;
            }
        });
    });
}

/// Fetches whatever the shown widgets need and is not loaded for the current context; runs again
/// whenever the model changes, and sends only requests that differ from the last ones.
pub fn start_loader(state: SidebarState) {
    state.react(Rc::new(move || {
        let mut to_fetch: Vec<(String, PlannedRequest)> = Vec::new();
        state.read(&mut |m| {
            to_fetch = needed(m)
                .into_iter()
                .filter(|(id, request)| {
                    m.loads.get(id).and_then(|e| e.request.as_ref()) != Some(request)
                })
                .collect()
        });
        for (id, request) in to_fetch {
            fetch(state, id, request);
        }
    }));
}
