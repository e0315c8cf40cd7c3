//! STUB (editor-ui's stand-in until edit-engine's module is merged; replaced by it): the edit
//! operations over the raw widgets array, per /work/notes/edit-contract.md.

use crate::engine::generate::generate_template;
use crate::engine::path::lookup;
use crate::model::Json;
use std::sync::Arc;

/// Where a node sits: the widget's index, then child indexes through each `widgets` array.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NodeAddress {
    /// The widget's index in the widgets array.
    pub widget: usize,
    /// Child indexes from the template's root.
    pub path: Vec<usize>,
}

/// One change an admin makes.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Inserts `node` as child `index` of `parent`.
    Insert { parent: NodeAddress, index: usize, node: Json },
    /// Moves a node.
    Move { from: NodeAddress, to_parent: NodeAddress, index: usize },
    /// Removes the node.
    Delete { at: NodeAddress },
    /// Inserts a copy after the node.
    Duplicate { at: NodeAddress },
    /// Sets or removes a property.
    SetProperty { at: NodeAddress, key: Vec<String>, value: Option<Json> },
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    /// No node there.
    NoSuchNode,
    /// Not a container.
    NotAContainer,
    /// Outside the card's data.
    OutsideData { reason: String },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoSuchNode => f.write_str("that part of the template no longer exists"),
            EditError::NotAContainer => {
                f.write_str("only a card, a list or a wrapper holds others")
            }
            EditError::OutsideData { reason } => f.write_str(reason),
        }
    }
}

fn with_member(v: &Json, key: &str, value: Option<Json>) -> Json {
    let mut members: Vec<(Arc<str>, Json)> = match v {
        Json::Object(o) => o.iter().map(|(k, v)| (Arc::from(k), v.clone())).collect(),
        _ => Vec::new(),
    };
    match (members.iter().position(|(k, _)| &**k == key), value) {
        (Some(i), Some(value)) => {
            if let Some(slot) = members.get_mut(i) {
                slot.1 = value;
            }
        }
        (Some(i), None) => {
            members.remove(i);
        }
        (None, Some(value)) => members.push((Arc::from(key), value)),
        (None, None) => {}
    }
    Json::object(members)
}

fn kids(v: &Json) -> Vec<Json> {
    v.get("widgets").and_then(Json::as_array).map(<[Json]>::to_vec).unwrap_or_default()
}

/// `f` applied to the node at `path` under `node`.
fn change_at(
    node: &Json,
    path: &[usize],
    f: &dyn Fn(&Json) -> Result<Json, EditError>,
) -> Result<Json, EditError> {
    let Some((first, rest)) = path.split_first() else { return f(node) };
    let mut children = kids(node);
    let child = children.get(*first).ok_or(EditError::NoSuchNode)?;
    let new = change_at(child, rest, f)?;
    if let Some(slot) = children.get_mut(*first) {
        *slot = new;
    }
    Ok(with_member(node, "widgets", Some(Json::from(children))))
}

fn change_node(
    widgets: &Json,
    at: &NodeAddress,
    f: &dyn Fn(&Json) -> Result<Json, EditError>,
) -> Result<Json, EditError> {
    let mut all = widgets.as_array().ok_or(EditError::NoSuchNode)?.to_vec();
    let w = all.get(at.widget).ok_or(EditError::NoSuchNode)?;
    let t = w.get("template").ok_or(EditError::NoSuchNode)?;
    let t = change_at(t, &at.path, f)?;
    let w = with_member(w, "template", Some(t));
    if let Some(slot) = all.get_mut(at.widget) {
        *slot = w;
    }
    Ok(Json::from(all))
}

fn set_key(v: &Json, key: &[String], value: &Option<Json>) -> Json {
    match key {
        [] => v.clone(),
        [k] => with_member(v, k, value.clone()),
        [k, rest @ ..] => {
            let inner =
                v.get(k).cloned().unwrap_or_else(|| Json::object(Vec::<(&str, Json)>::new()));
            with_member(v, k, Some(set_key(&inner, rest, value)))
        }
    }
}

/// The widgets after `edit`.
pub fn apply(widgets: &Json, edit: &Edit) -> Result<Json, EditError> {
    match edit {
        Edit::SetProperty { at, key, value } => {
            change_node(widgets, at, &|n| Ok(set_key(n, key, value)))
        }
        Edit::Insert { parent, index, node } => change_node(widgets, parent, &|p| {
            let mut c = kids(p);
            c.insert((*index).min(c.len()), node.clone());
            Ok(with_member(p, "widgets", Some(Json::from(c))))
        }),
        Edit::Delete { at } | Edit::Duplicate { at } => {
            let (last, parent_path) = at.path.split_last().ok_or(EditError::NoSuchNode)?;
            let parent = NodeAddress { widget: at.widget, path: parent_path.to_vec() };
            let dup = matches!(edit, Edit::Duplicate { .. });
            change_node(widgets, &parent, &|p| {
                let mut c = kids(p);
                let n = c.get(*last).cloned().ok_or(EditError::NoSuchNode)?;
                if dup {
                    c.insert(last + 1, n);
                } else {
                    c.remove(*last);
                }
                Ok(with_member(p, "widgets", Some(Json::from(c))))
            })
        }
        Edit::Move { from, to_parent, index } => {
            let node = node_at(widgets, from).cloned().ok_or(EditError::NoSuchNode)?;
            let removed = apply(widgets, &Edit::Delete { at: from.clone() })?;
            apply(&removed, &Edit::Insert { parent: to_parent.clone(), index: *index, node })
        }
    }
}

/// The node at an address.
pub fn node_at<'a>(widgets: &'a Json, at: &NodeAddress) -> Option<&'a Json> {
    let mut n = widgets.as_array()?.get(at.widget)?.get("template")?;
    for i in &at.path {
        n = n.get("widgets")?.as_array()?.get(*i)?;
    }
    Some(n)
}

/// Undo/redo over snapshots.
pub struct History {
    past: Vec<(Json, Option<String>)>,
    now: Json,
    group: Option<String>,
    future: Vec<Json>,
}

impl History {
    /// A history starting at `widgets`.
    pub fn new(widgets: Json) -> History {
        History { past: Vec::new(), now: widgets, group: None, future: Vec::new() }
    }
    /// The widgets now.
    pub fn current(&self) -> &Json {
        &self.now
    }
    /// Applies an edit as a step.
    pub fn apply(&mut self, edit: &Edit, group: Option<&str>) -> Result<(), EditError> {
        let new = apply(&self.now, edit)?;
        if group.is_none() || self.group.as_deref() != group || !self.future.is_empty() {
            self.past.push((self.now.clone(), self.group.clone()));
        }
        self.group = group.map(str::to_string);
        self.now = new;
        self.future.clear();
        Ok(())
    }
    /// Replaces everything (one step).
    pub fn replace_all(&mut self, widgets: Json) {
        self.past.push((std::mem::replace(&mut self.now, widgets), None));
        self.group = None;
        self.future.clear();
    }
    /// Undoes a step.
    pub fn undo(&mut self) -> bool {
        let Some((prev, _)) = self.past.pop() else { return false };
        self.future.push(std::mem::replace(&mut self.now, prev));
        self.group = None;
        true
    }
    /// Redoes a step.
    pub fn redo(&mut self) -> bool {
        let Some(next) = self.future.pop() else { return false };
        self.past.push((std::mem::replace(&mut self.now, next), None));
        true
    }
    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }
    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

/// `value_path` relative to `card_path`.
pub fn relativise(card_path: &str, value_path: &str) -> Result<String, EditError> {
    if card_path.is_empty() {
        return Ok(value_path.to_string());
    }
    value_path
        .strip_prefix(card_path)
        .and_then(|r| if r.is_empty() { Some("") } else { r.strip_prefix('.') })
        .map(str::to_string)
        .ok_or_else(|| EditError::OutsideData {
            reason: format!("{value_path} is not inside this card's data ({card_path})"),
        })
}

/// What dropping the value at `value_path` onto the card at `card_path` makes.
pub fn node_for_drop(sample: &Json, card_path: &str, value_path: &str) -> Result<Json, EditError> {
    let rel = relativise(card_path, value_path)?;
    let v = lookup(sample, value_path).ok_or(EditError::NoSuchNode)?;
    let name = rel.rsplit('.').next().unwrap_or("");
    let generated = generate_template(v, &crate::engine::generate::humanize(name));
    let node = generated.get("widgets").and_then(Json::as_array).and_then(|w| w.first()).cloned();
    let node = node.unwrap_or_else(|| Json::object([("type", Json::from("text"))]));
    Ok(with_member(&node, "path", Some(Json::from(rel))))
}

/// The absolute data path the node at `at` reads.
pub fn data_path_of(widgets: &Json, at: &NodeAddress) -> Option<String> {
    let mut n = widgets.as_array()?.get(at.widget)?.get("template")?;
    let mut out = String::new();
    let push = |n: &Json, out: &mut String| {
        let p = n.get("path").and_then(Json::as_str).unwrap_or("");
        if !p.is_empty() {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(p);
        }
        if n.get("type").and_then(Json::as_str) == Some("list") {
            out.push_str("[0]");
        }
    };
    push(n, &mut out);
    for i in &at.path {
        n = n.get("widgets")?.as_array()?.get(*i)?;
        push(n, &mut out);
    }
    Some(out)
}
