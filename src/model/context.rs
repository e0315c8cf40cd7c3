//! The sidebar's context `{ticket, customer, current_user}`: free-form objects.

use super::json::Json;
use std::sync::Arc;

/// The keys of `current_user` templates may see (SPEC 1).
const USER_KEYS: [&str; 4] = ["name", "firstname", "lastname", "email"];

/// The objects templates and requests may refer to by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    pub ticket: Json,
    pub customer: Json,
    pub current_user: Json,
}

impl Context {
    pub fn from_json(v: &Json) -> Context {
        let get = |k: &str| v.get(k).cloned().unwrap_or_default();
        let ticket = get("ticket");
        // Gorgias puts the customer on the ticket; a context without `customer` borrows it.
        let customer = match get("customer") {
            Json::Null => ticket.get("customer").cloned().unwrap_or_default(),
            c => c,
        };
        Context { ticket, customer, current_user: current_user(v.get("current_user")) }
    }

    /// The named globals in the order variables look them up.
    pub fn globals(&self) -> [(&'static str, &Json); 3] {
        [
            ("ticket", &self.ticket),
            ("customer", &self.customer),
            ("current_user", &self.current_user),
        ]
    }
}

/// The agent as templates see it: `name`, `firstname`, `lastname` and `email` only (a role or a
/// token resolves to nothing), with the names that can be derived from the others filled in.
fn current_user(v: Option<&Json>) -> Json {
    let Some(user) = v.and_then(Json::as_object) else { return Json::Null };
    let text = |k: &str| user.get(k).and_then(Json::as_str).map(str::to_string);
    let (mut name, mut first, mut last) = (text("name"), text("firstname"), text("lastname"));
    if name.is_none() {
        let full =
            [first.clone(), last.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        name = (!full.is_empty()).then_some(full);
    }
    if first.is_none() {
        if let Some(n) = &name {
            let mut words = n.split_whitespace();
            first = words.next().map(str::to_string);
            let rest: Vec<&str> = words.collect();
            if last.is_none() && !rest.is_empty() {
                last = Some(rest.join(" "));
            }
        }
    }
    let mut members: Vec<(Arc<str>, Json)> = Vec::new();
    for (key, derived) in USER_KEYS.iter().zip([name, first, last]) {
        let value = match (derived, user.get(key)) {
            (Some(s), _) => Json::from(s),
            (None, Some(v)) => v.clone(),
            (None, None) => continue,
        };
        members.push((Arc::from(*key), value));
    }
    if let Some(email) = user.get("email") {
        members.push((Arc::from("email"), email.clone()));
    }
    Json::object(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    #[test]
    fn current_user_exposes_only_names_and_email() {
        let c = Context::from_json(&json!({"current_user": {
            "name": "Grace Hopper", "email": "grace@helpdesk.example", "role": "admin",
            "token": "s3cr3t", "meta": {"x": 1}
        }}));
        assert_eq!(
            c.current_user,
            json!({"name": "Grace Hopper", "firstname": "Grace", "lastname": "Hopper", "email": "grace@helpdesk.example"})
        );
        assert_eq!(Context::from_json(&json!({"current_user": "x"})).current_user, Json::Null);
        let c = Context::from_json(
            &json!({"current_user": {"firstname": "Ada", "lastname": "Lovelace"}}),
        );
        assert_eq!(
            c.current_user,
            json!({"name": "Ada Lovelace", "firstname": "Ada", "lastname": "Lovelace"})
        );
    }

    #[test]
    fn customer_comes_from_the_ticket_when_not_given() {
        let c = Context::from_json(&json!({"ticket": {"customer": {"email": "a@b.c"}}}));
        assert_eq!(c.customer, json!({"email": "a@b.c"}));
    }
}
