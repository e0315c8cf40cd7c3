//! Selecting data by a template `path`, and looking up `{{variable}}` paths.
use serde_json::Value;

/// SPEC 2 "Paths": the data a child node gets from its parent's data.
pub fn select_path<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    let _ = (data, path);
    todo!()
}

/// A dotted path with `[n]` and `[-n]` indexes, as variables use it: `a.b[0].c`, `items[-1]`.
pub fn lookup<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    let _ = (data, path);
    todo!()
}
