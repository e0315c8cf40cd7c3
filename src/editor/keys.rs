//! How the editor's elements name what they stand for, in `data-*` attributes: a node address
//! as `widget:i.j.k` (the root: `widget:`), a data tree item as `integration|path`.

use crate::engine::edit::NodeAddress;

/// `2:0.3` for widget 2's root's first child's fourth child.
pub fn address_key(at: &NodeAddress) -> String {
    let path: Vec<String> = at.path.iter().map(usize::to_string).collect();
    format!("{}:{}", at.widget, path.join("."))
}

/// The address a key names (None when it names none).
pub fn parse_address(key: &str) -> Option<NodeAddress> {
    let (widget, path) = key.split_once(':')?;
    let widget = widget.parse().ok()?;
    let path = if path.is_empty() {
        Vec::new()
    } else {
        path.split('.').map(|p| p.parse().ok()).collect::<Option<Vec<usize>>>()?
    };
    Some(NodeAddress { widget, path })
}

/// `integration|path` for a data tree item.
pub fn item_key(integration: &str, path: &str) -> String {
    format!("{integration}|{path}")
}

/// The integration and the path of a data tree item.
pub fn parse_item(key: &str) -> Option<(&str, &str)> {
    key.split_once('|')
}

/// A child path under a data path: `a.b` + `c` = `a.b.c`; `a` + `[0]` = `a[0]`.
pub fn join_path(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.trim_start_matches('.').to_string()
    } else if child.starts_with('[') {
        format!("{parent}{child}")
    } else {
        format!("{parent}.{child}")
    }
}
