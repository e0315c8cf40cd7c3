//! The sidebar's context `{ticket, customer, current_user}`: free-form objects.

use serde_json::{Map, Value};

/// The objects templates and requests may refer to by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    pub ticket: Value,
    pub customer: Value,
    pub current_user: Value,
}

impl Context {
    pub fn from_value(v: &Value) -> Context {
        let get = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
        let ticket = get("ticket");
        // Gorgias puts the customer on the ticket; a context without `customer` borrows it.
        let customer = match get("customer") {
            Value::Null => ticket.get("customer").cloned().unwrap_or(Value::Null),
            c => c,
        };
        let mut current_user = get("current_user");
        // Templates use `firstname`/`lastname`/`name`: fill in what can be derived.
        if let Value::Object(user) = &mut current_user {
            complete_user_names(user);
        }
        Context { ticket, customer, current_user }
    }

    /// The named globals in the order variables look them up.
    pub fn globals(&self) -> [(&'static str, &Value); 3] {
        [("ticket", &self.ticket), ("customer", &self.customer), ("current_user", &self.current_user)]
    }
}

fn complete_user_names(user: &mut Map<String, Value>) {
    let text = |u: &Map<String, Value>, k: &str| u.get(k).and_then(Value::as_str).map(str::to_string);
    if text(user, "name").is_none() {
        let full =
            [text(user, "firstname"), text(user, "lastname")].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if !full.is_empty() {
            user.insert("name".into(), Value::String(full));
        }
    }
    if text(user, "firstname").is_none() {
        if let Some(name) = text(user, "name") {
            if let Some(first) = name.split_whitespace().next() {
                user.insert("firstname".into(), Value::String(first.to_string()));
            }
            let rest: Vec<&str> = name.split_whitespace().skip(1).collect();
            if text(user, "lastname").is_none() && !rest.is_empty() {
                user.insert("lastname".into(), Value::String(rest.join(" ")));
            }
        }
    }
}
