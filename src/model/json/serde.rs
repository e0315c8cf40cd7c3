//! serde for tests and Rust hosts: a `serde_json` value as a [`Json`] (feature `serde`), and
//! back (tests).

use super::Json;

/// A `serde_json` value as a [`Json`] (feature `serde`, for Rust hosts; and the tests' `json!`).
#[cfg(any(test, feature = "serde"))]
impl From<serde_json::Value> for Json {
    fn from(v: serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            serde_json::Value::Number(n) => Json::from(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Json::from(s),
            serde_json::Value::Array(a) => {
                Json::from(a.into_iter().map(Json::from).collect::<Vec<_>>())
            }
            serde_json::Value::Object(o) => {
                Json::object(o.into_iter().map(|(k, v)| (k, Json::from(v))))
            }
        }
    }
}

/// Test helper: [`Json`] values inside `json!` literals.
#[cfg(test)]
impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => s.serialize_i64(*n as i64),
            Json::Number(n) => s.serialize_f64(*n),
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(o) => {
                let mut map = s.serialize_map(Some(o.len()))?;
                for (k, v) in o.iter() {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// `json!(...)` as a [`Json`], for tests.
#[cfg(test)]
#[macro_export]
macro_rules! j {
    ($($t:tt)+) => {
        $crate::model::json::Json::from(serde_json::json!($($t)+))
    };
}
