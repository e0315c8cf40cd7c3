//! Which data each node reads, and paths relative to a card's data: what keeps a dropped value or
//! a moved node on the data it showed.
//!
//! A path is read as `engine::path::lookup` reads it: dotted keys with `[n]` indexes, a numeric
//! key being an index too (`items.0` is `items[0]`). A key that itself holds a dot or a bracket
//! cannot be a step of a dotted path (SPEC 2 has no escape): the renderer finds it only as a
//! node's whole `path` (an exact key of its parent's data). The data tree writes such a key
//! escaped ([`escape_key`]) so that a dropped value is found, and a drop that would need it as
//! one step of a longer path is refused ([`super::EditError::KeyNotAStep`]). A list's item card reads
//! each item of the list in turn: in an absolute path it is written `[0]`, the first item, which
//! the data tree shows as the model of every item.

use super::tree::{children, kind, node_at};
use super::{EditError, NodeAddress};
use crate::model::{Json, NodeKind};

/// One step of a data path.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Seg {
    /// A key of an object.
    Key(String),
    /// An index of an array (negative: from the end).
    Index(i64),
    /// Each item of a list, in turn (what a list's item card reads).
    Item,
}

/// The steps of a path, `None` when the renderer could not follow it (`a..b`, `x[0`).
pub(super) fn parse(path: &str) -> Option<Vec<Seg>> {
    let path = path.trim();
    let mut out = Vec::new();
    if path.is_empty() {
        return Some(out);
    }
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, None), |(n, r)| (n, Some(r)));
        let name = name.trim();
        if !name.is_empty() {
            out.push(step(name));
        } else if rest.is_none() {
            return None;
        }
        while let Some(r) = rest {
            let (index, after) = r.split_once(']')?;
            out.push(step(index.trim().trim_matches(['"', '\''])));
            let after = after.trim();
            rest = match after.strip_prefix('[') {
                Some(more) => Some(more),
                None if after.is_empty() => None,
                None => return None,
            };
        }
    }
    Some(out)
}

/// A key as one step of a data tree item's path: `%`, `.`, `[` and `]` percent-escaped (`a.b` is
/// `a%2Eb`), any other key as it is.
pub fn escape_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            '%' => out.push_str("%25"),
            '.' => out.push_str("%2E"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            c => out.push(c),
        }
    }
    out
}

/// The key [`escape_key`] escaped.
fn unescape_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('%') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let code = rest.get(i + 1..i + 3);
        let c = match code {
            Some("25") => Some('%'),
            Some("2E" | "2e") => Some('.'),
            Some("5B" | "5b") => Some('['),
            Some("5D" | "5d") => Some(']'),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = rest.get(i + 3..).unwrap_or_default();
            }
            None => {
                out.push('%');
                rest = rest.get(i + 1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The steps of a data tree item's path (keys escaped by [`escape_key`]).
pub(super) fn parse_item_path(path: &str) -> Option<Vec<Seg>> {
    let segs = parse(path)?;
    Some(
        segs.into_iter()
            .map(|s| match s {
                Seg::Key(k) if k.contains('%') => Seg::Key(unescape_key(&k)),
                s => s,
            })
            .collect(),
    )
}

/// Whether a key can be one step of a dotted path (read back as that key).
pub(super) fn is_step(key: &str) -> bool {
    !key.contains(['.', '[', ']'])
}

/// The value at `steps` in `data` (as `engine::path::lookup` follows a path, with keys as they are).
pub(super) fn walk<'a>(data: &'a Json, steps: &[Seg]) -> Option<&'a Json> {
    let mut cur = data;
    for s in steps {
        cur = match (s, cur) {
            (Seg::Key(k), Json::Object(map)) => map.get(k)?,
            (Seg::Index(n), Json::Object(map)) => map.get(&n.to_string())?,
            (Seg::Index(n), Json::Array(items)) => {
                let i = if *n < 0 { i64::try_from(items.len()).ok()? + n } else { *n };
                items.get(usize::try_from(i).ok()?)?
            }
            (Seg::Item, Json::Array(items)) => items.first()?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A key, or an index when it is a whole number (as `lookup` reads it on an array).
fn step(text: &str) -> Seg {
    match text.parse::<i64>() {
        Ok(n) if n.to_string() == text => Seg::Index(n),
        _ => Seg::Key(text.to_string()),
    }
}

/// The path text of steps: `a.b[2].c`, an item written `[0]`.
pub(super) fn format(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(n) => out.push_str(&format!("[{n}]")),
            Seg::Item => out.push_str("[0]"),
        }
    }
    out
}

/// The steps a node's own `path` adds to its parent's data: none for a wrapper (it passes its
/// parent's data on); `None` when the path cannot be read (or is not a string).
fn own_steps(node: &Json) -> Option<Vec<Seg>> {
    if kind(node) == NodeKind::Wrapper {
        return Some(Vec::new());
    }
    match node.get("path") {
        None | Some(Json::Null) => Some(Vec::new()),
        Some(Json::String(s)) => parse(s),
        Some(n @ Json::Number(_)) => parse(&n.to_text()),
        Some(_) => None,
    }
}

/// The absolute steps of the data the node at `at` reads.
pub(super) fn node_steps(widgets: &Json, at: &NodeAddress) -> Option<Vec<Seg>> {
    node_at(widgets, at)?;
    let mut node = widgets.as_array()?.get(at.widget)?.get("template")?;
    let mut steps = own_steps(node)?;
    for &i in &at.path {
        if kind(node) == NodeKind::List {
            steps.push(Seg::Item);
        }
        node = children(node).ok()?.get(i)?;
        steps.extend(own_steps(node)?);
    }
    Some(steps)
}

/// The absolute steps of the data the children of the node at `at` get: a list's children get
/// each of its items.
pub(super) fn child_steps(widgets: &Json, at: &NodeAddress) -> Option<Vec<Seg>> {
    let mut steps = node_steps(widgets, at)?;
    if kind(node_at(widgets, at)?) == NodeKind::List {
        steps.push(Seg::Item);
    }
    Some(steps)
}

/// The absolute data path the node at `at` reads (concatenating each ancestor's path; a list's
/// item card reads the list's items: `[0]` stands for them, the model item), for the data tree to
/// know which values belong to which card. `None` when there is no such node or a path on the
/// way cannot be read.
pub fn data_path_of(widgets: &Json, at: &NodeAddress) -> Option<String> {
    Some(format(&node_steps(widgets, at)?))
}

/// `value_path` relative to `card_path`, both absolute data paths as [`data_path_of`] writes them;
/// [`EditError::OutsideData`] with the reason when the value is not inside the card's data.
pub fn relativise(card_path: &str, value_path: &str) -> Result<String, EditError> {
    let unreadable =
        |p: &str| EditError::OutsideData { reason: format!("the path \"{p}\" cannot be read") };
    let base = parse(card_path).ok_or_else(|| unreadable(card_path))?;
    let target = parse(value_path).ok_or_else(|| unreadable(value_path))?;
    Ok(format(&relative(&base, &target)?))
}

/// The steps from `base` to `target`, when `target` is inside `base` and the rest can be a path
/// of a node whose parent reads `base`.
pub(super) fn relative(base: &[Seg], target: &[Seg]) -> Result<Vec<Seg>, EditError> {
    let outside = |reason: String| Err(EditError::OutsideData { reason });
    let shared = base.iter().zip(target).take_while(|(a, b)| a == b).count();
    if shared < base.len() {
        let is_index = |s: Option<&Seg>| matches!(s, Some(Seg::Index(_) | Seg::Item));
        if base.get(shared) == Some(&Seg::Item) && is_index(target.get(shared)) {
            return outside(format!(
                "\"{}\" reads one given item of the list \"{}\", not each item the card shows",
                format(target),
                show(base.get(..shared).unwrap_or_default())
            ));
        }
        if is_index(base.get(shared)) && is_index(target.get(shared)) {
            return outside(format!(
                "\"{}\" belongs to another item of the list than the card's: use a value of the first item, the model of them all",
                format(target)
            ));
        }
        return outside(format!(
            "\"{}\" is outside the data of the card (\"{}\")",
            show(target),
            show(base)
        ));
    }
    let rest = target.get(shared..).unwrap_or_default();
    if let Some(item) = rest.iter().position(|s| *s == Seg::Item) {
        let list = target.get(..shared + item).unwrap_or_default();
        return outside(format!(
            "it shows a value of each item of the list \"{}\": outside that list's item card there is no item to read",
            show(list)
        ));
    }
    if matches!(rest.first(), Some(Seg::Index(_))) {
        return outside(format!(
            "\"{}\" is an item of a list: put it into the list's item card",
            show(target)
        ));
    }
    Ok(rest.to_vec())
}

/// A path for a message (the whole data: "the widget's data").
fn show(segs: &[Seg]) -> String {
    if segs.is_empty() {
        "the widget's data".to_string()
    } else {
        format(segs)
    }
}

/// The node, once moved from a parent whose children read `old_base` to one whose children read
/// `new_base`, with its path rewritten to show the same data (a wrapper's children's paths, as
/// it passes its data on); [`EditError::OutsideData`] when no path can.
pub(super) fn rebase(node: &Json, old_base: &[Seg], new_base: &[Seg]) -> Result<Json, EditError> {
    if old_base == new_base {
        return Ok(node.clone());
    }
    if kind(node) == NodeKind::Wrapper {
        let moved: Result<Vec<Json>, EditError> =
            children(node)?.iter().map(|c| rebase(c, old_base, new_base)).collect();
        return Ok(super::tree::with_children(node, moved?));
    }
    let own = own_steps(node).ok_or_else(|| EditError::OutsideData {
        reason: format!("its path {} cannot be read", node["path"]),
    })?;
    let mut target = old_base.to_vec();
    target.extend(own);
    let path = relative(new_base, &target)?;
    if path.is_empty() && node.get("path").is_none() {
        return Ok(node.clone());
    }
    Ok(node.with_member("path", Json::from(format(&path))))
}
