//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! What the request tests share: a ticket, a customer and an agent, and shortcuts to decide and
//! address an action.
#![allow(dead_code)]

use super::*;
use crate::engine::vars::{Purpose, Scope};
use crate::j as json;
use crate::model::action::{parse_action, FieldGroup, FieldRef};
use crate::model::Json;

pub struct Ctx {
    pub data: Json,
    pub ticket: Json,
    pub customer: Json,
    pub user: Json,
}

pub fn ctx() -> Ctx {
    Ctx {
        data: json!({"id": 42, "name": "Order #42", "status_url": "https://shop.example/s/42?t=a%20b"}),
        ticket: json!({"id": 789, "customer": {"name": "John Doe", "email": "john+vip@example.com"}}),
        customer: json!({"name": "John Doe", "email": "john+vip@example.com"}),
        user: json!({"name": "Grace Hopper", "firstname": "Grace", "lastname": "Hopper", "email": "grace@helpdesk.example"}),
    }
}

pub fn scope(c: &Ctx) -> Scope<'_> {
    Scope {
        data: &c.data,
        globals: vec![("ticket", &c.ticket), ("customer", &c.customer), ("current_user", &c.user)],
        purpose: Purpose::Request,
        tz_offset_minutes: 0,
    }
}

pub fn resolved(action: Json) -> ResolvedAction {
    let c = ctx();
    resolve_action(&parse_action(&action).unwrap(), &scope(&c))
}

/// Decides and addresses an action directly, as the sidebar does without a proxy.
pub fn build_request(
    a: &ResolvedAction,
    edits: &[(FieldRef, String)],
) -> Result<HttpRequest, RequestError> {
    action_request(a, edits)?.direct()
}

pub fn send(action: Json, edits: &[(FieldRef, String)]) -> Result<HttpRequest, RequestError> {
    build_request(&resolved(action), edits)
}

pub fn r(group: FieldGroup, index: usize) -> FieldRef {
    FieldRef { group, index }
}
