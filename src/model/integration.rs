//! HTTP integrations, in the Gorgias shape `{id, name, type: "http", http: {...}}`.

use super::widget::id_string;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The `http` part of an integration.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    pub url: String,
    pub method: String,
    pub headers: Map<String, Value>,
    pub request_content_type: String,
    pub response_content_type: String,
    pub form: Option<Value>,
    pub triggers: Map<String, Value>,
}

/// One integration. Only what the sidebar uses is kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Integration {
    pub id: String,
    pub name: String,
    pub http: HttpSettings,
}

impl Integration {
    /// Reads one integration; `None` when it has no usable id (it could never be referred to).
    pub fn from_value(v: &Value) -> Option<Integration> {
        let obj = v.as_object()?;
        let id = obj.get("id").and_then(id_string)?;
        let name = obj.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let http =
            obj.get("http").and_then(|h| serde_json::from_value::<HttpSettings>(h.clone()).ok()).unwrap_or_default();
        Some(Integration { id, name, http })
    }

    /// Whether the integration subscribes to a trigger; `ticket_updated` and `ticket-updated` are one.
    pub fn listens_to(&self, event: &str) -> bool {
        let wanted = event.replace('_', "-");
        self.http.triggers.iter().any(|(k, v)| k.replace('_', "-") == wanted && v.as_bool().unwrap_or(false))
    }
}
