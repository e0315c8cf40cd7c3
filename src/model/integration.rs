//! HTTP integrations, in the Gorgias shape `{id, name, type: "http", http: {...}}`.

use super::json::Json;
use super::widget::id_string;

/// The `http` part of an integration: only what the sidebar uses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpSettings {
    pub url: String,
    pub method: String,
    /// Header names and their values (strings may hold variables).
    pub headers: Vec<(String, Json)>,
    pub request_content_type: String,
    /// The body of non-GET requests, its strings with variables.
    pub form: Option<Json>,
    /// The triggers it subscribes to, spelled with dashes (`ticket-updated`).
    pub triggers: Vec<String>,
}

/// One integration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Integration {
    pub id: String,
    pub name: String,
    pub http: HttpSettings,
}

/// `ticket_updated` and `ticket-updated` are one trigger.
fn trigger_name(name: &str) -> String {
    name.trim().replace('_', "-")
}

impl Integration {
    /// Reads one integration; `None` when it has no usable id (it could never be referred to).
    /// Wrongly typed settings read as missing.
    pub fn from_json(v: &Json) -> Option<Integration> {
        let obj = v.as_object()?;
        let id = obj.get("id").and_then(id_string)?;
        let name = obj.get("name").and_then(Json::as_str).unwrap_or_default().to_string();
        let http = obj.get("http").and_then(Json::as_object);
        let text = |k: &str| {
            http.and_then(|h| h.get(k)).and_then(Json::as_str).unwrap_or_default().to_string()
        };
        let members = |k: &str| http.and_then(|h| h.get(k)).and_then(Json::as_object);
        let http = HttpSettings {
            url: text("url"),
            method: text("method"),
            headers: members("headers")
                .map(|h| h.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
                .unwrap_or_default(),
            request_content_type: text("request_content_type"),
            form: http.and_then(|h| h.get("form")).filter(|f| !f.is_null()).cloned(),
            triggers: members("triggers")
                .map(|t| {
                    t.iter()
                        .filter(|(_, on)| on.as_bool() == Some(true))
                        .map(|(k, _)| trigger_name(k))
                        .collect()
                })
                .unwrap_or_default(),
        };
        Some(Integration { id, name, http })
    }

    /// Whether the integration subscribes to a trigger; `ticket_updated` and `ticket-updated` are one.
    pub fn listens_to(&self, event: &str) -> bool {
        let wanted = trigger_name(event);
        self.http.triggers.contains(&wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    #[test]
    fn reads_the_seed_integration() {
        let i = Integration::from_json(&json!({"id": 123, "name": "Loop Returns", "type": "http", "http": {
            "url": "https://api.loopreturns.com/api/v2/returns?customer_email={{ticket.customer.email}}",
            "method": "GET", "headers": {"X-Authorization": "{{YOUR_LOOP_RETURNS_API_KEY}}"},
            "triggers": {"ticket-created": true, "ticket_message_created": true, "ticket-updated": false},
            "request_content_type": "application/json", "form": null}}))
        .unwrap();
        assert_eq!(i.id, "123");
        assert_eq!(
            i.http.headers,
            vec![("X-Authorization".to_string(), json!("{{YOUR_LOOP_RETURNS_API_KEY}}"))]
        );
        assert!(i.listens_to("ticket-created") && i.listens_to("ticket_created"));
        assert!(i.listens_to("ticket-message-created"));
        assert!(!i.listens_to("ticket-updated"));
        assert_eq!(i.http.form, None);
    }

    #[test]
    fn odd_shapes_read_as_missing() {
        assert_eq!(Integration::from_json(&json!({"name": "no id"})), None);
        assert_eq!(Integration::from_json(&json!("x")), None);
        let i = Integration::from_json(
            &json!({"id": "a", "http": {"url": 5, "headers": [1], "triggers": "all"}}),
        )
        .unwrap();
        assert_eq!((i.http.url.as_str(), i.http.headers.len(), i.http.triggers.len()), ("", 0, 0));
    }
}
