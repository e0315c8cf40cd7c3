//! What dragging a value of the sample data onto a card makes.

use super::paths::{format, parse, relative, Seg};
use super::EditError;
use crate::engine::generate::{humanize, node_for_value};
use crate::engine::path::lookup;
use crate::model::Json;

/// What dropping the sample value at absolute data path `value_path` (dotted, `[n]` for arrays, as
/// engine::path reads) onto the card whose data is at absolute path `card_path` (as
/// [`super::data_path_of`] gives it) makes: a leaf -> a field (type guessed by the rules of
/// engine::generate), an object -> a card with its fields, an array of objects -> a list with its
/// item card; `path` relative to the card, title from the value's key. Err with the reason when
/// the value is not inside the card's data ([`EditError::OutsideData`]) or not in the sample
/// ([`EditError::NoSuchValue`]).
pub fn node_for_drop(sample: &Json, card_path: &str, value_path: &str) -> Result<Json, EditError> {
    let no_value = || EditError::NoSuchValue { path: value_path.to_string() };
    let value = lookup(sample, value_path).ok_or_else(no_value)?;
    let target = parse(value_path).ok_or_else(no_value)?;
    let base = parse(card_path).ok_or_else(|| EditError::OutsideData {
        reason: format!("the card's data path \"{card_path}\" cannot be read"),
    })?;
    let path = format(&relative(&base, &target)?);
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
