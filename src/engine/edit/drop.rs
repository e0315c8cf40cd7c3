//! What dragging a value of the sample data onto a card makes.

use super::paths::{format, is_step, parse, parse_item_path, relative, walk, Seg};
use super::EditError;
use crate::engine::generate::{humanize, node_for_value};
use crate::model::Json;

/// What dropping the sample value at absolute data path `value_path` (dotted, `[n]` for arrays, as
/// engine::path reads, keys holding `.`, `[`, `]` or `%` escaped by [`super::escape_key`], as the
/// data tree writes them) onto the card whose data is at absolute path `card_path` (as
/// [`super::data_path_of`] gives it) makes: a leaf -> a field (type guessed by the rules of
/// engine::generate), an object -> a card with its fields, an array of objects -> a list with its
/// item card; `path` relative to the card, title from the value's key. Err with the reason when
/// the value is not inside the card's data ([`EditError::OutsideData`]), not in the sample
/// ([`EditError::NoSuchValue`]), or behind a key that cannot be a step of the path the node would
/// need ([`EditError::KeyNotAStep`]: such a key can only be a node's whole path).
pub fn node_for_drop(sample: &Json, card_path: &str, value_path: &str) -> Result<Json, EditError> {
    let target = parse_item_path(value_path)
        .ok_or_else(|| EditError::NoSuchValue { path: value_path.to_string() })?;
    let value =
        walk(sample, &target).ok_or_else(|| EditError::NoSuchValue { path: format(&target) })?;
    // A key holding a dot or a bracket is read back only as a node's whole path (an exact key of
    // the card's data): the value must be that key of the card's own data.
    let not_a_step = target.iter().find_map(|s| match s {
        Seg::Key(k) if !is_step(k) => Some(k.clone()),
        _ => None,
    });
    let base = parse(card_path).ok_or_else(|| EditError::OutsideData {
        reason: format!("the card's data path \"{card_path}\" cannot be read"),
    })?;
    let rest = match (relative(&base, &target), not_a_step) {
        (Ok(rest), Some(key)) if rest != [Seg::Key(key.clone())] => {
            return Err(EditError::KeyNotAStep { key })
        }
        (Err(_), Some(key)) => return Err(EditError::KeyNotAStep { key }),
        (rest, _) => rest?,
    };
    let path = format(&rest);
    // The renderer reads an exact key of the card's data first: a dotted path that is also one
    // of its keys would show that key's value instead.
    if rest.len() > 1 && walk(sample, &base).and_then(|d| d.get(&path)).is_some() {
        return Err(EditError::OutsideData {
            reason: format!(
                "the card's data also has a key \"{path}\", which the sidebar would show instead of this value"
            ),
        });
    }
    let key = target.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        _ => None,
    });
    let title = match key.map(humanize) {
        Some(t) if !t.is_empty() => t,
        _ => "Value".to_string(),
    };
    Ok(node_for_value(&path, key.unwrap_or_default(), &title, value))
}
