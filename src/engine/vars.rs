//! `{{variable}}` interpolation with filters.
use serde_json::Value;

/// What variables can see: the node's own data first, then named globals
/// (`ticket`, `customer`, `current_user`, `$listIndex`, `$integrationId`, `$appId`).
pub struct Scope<'a> {
    pub data: &'a Value,
    pub globals: Vec<(&'a str, &'a Value)>,
    /// The agent's time zone, for `datetime_format`: local time = UTC + this many minutes.
    pub tz_offset_minutes: i32,
}

pub fn interpolate(text: &str, scope: &Scope) -> String {
    let _ = (text, scope);
    todo!()
}
