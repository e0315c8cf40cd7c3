//! JavaScript values read as [`Json`], and read again for what changed only.
//!
//! A value is read through `JSON.stringify` (so that `toJSON`, getters, cycles and BigInts behave
//! exactly as the browser's JSON does) and the sidebar's lenient reader. A host that calls
//! `update({data})` with 2,000 returns of which one field changed should not pay for reading the
//! 1,999 others again: the top of a value (arrays down to depth 3, plain objects down to depth 2,
//! which reaches the items of an integration's list) is walked member by member, each member's
//! JSON text is kept (as a JS string, compared by the engine), and a member whose text did not
//! change keeps the value read last time: the same shared value, so that what is drawn from it is
//! not drawn again either.

use crate::model::json::Json;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// Arrays this deep or less are read item by item; plain objects one level less deep.
const ARRAYS_SPLIT_ABOVE_DEPTH: usize = 3;
const OBJECTS_SPLIT_ABOVE_DEPTH: usize = 2;
/// A longer array (sparse, most likely) is read whole, as `JSON.stringify` would.
const MAX_SPLIT_ITEMS: u32 = 100_000;

/// One JS value as last read: its JSON text, or its members' readings; and the value.
#[derive(Clone)]
pub enum Seen {
    /// The JSON text (a JS string) and what it read as.
    Text(JsValue, Json),
    Items(Vec<Seen>, Json),
    Members(Vec<(String, Seen)>, Json),
}

impl Seen {
    pub fn value(&self) -> &Json {
        match self {
            Seen::Text(_, v) | Seen::Items(_, v) | Seen::Members(_, v) => v,
        }
    }
}

const NOT_JSON: &str = "it could not be read as JSON (a cycle, a BigInt or a getter that throws)";

/// Reads `v` as JSON, reusing what `before` read of the parts whose text is unchanged. `undefined`
/// reads as null; a Symbol or a function is refused, as everything `JSON.stringify` refuses.
pub fn read(v: &JsValue, before: Option<&Seen>) -> Result<Seen, String> {
    if v.is_undefined() {
        return Ok(Seen::Text(JsValue::UNDEFINED, Json::Null));
    }
    let plain = Object::get_prototype_of(&Object::new());
    let mut reader = Reader { object_prototype: plain.into() };
    reader
        .value(v, 0, before)?
        .ok_or_else(|| "it is not a JSON value (a Symbol or a function)".to_string())
}

struct Reader {
    object_prototype: JsValue,
}

impl Reader {
    /// `None` where `JSON.stringify` gives nothing (undefined, a function, a Symbol).
    fn value(
        &mut self,
        v: &JsValue,
        depth: usize,
        before: Option<&Seen>,
    ) -> Result<Option<Seen>, String> {
        if v.is_object() && !self.has_to_json(v)? {
            if depth < ARRAYS_SPLIT_ABOVE_DEPTH && Array::is_array(v) {
                if let Some(seen) = self.items(v, depth, before)? {
                    return Ok(Some(seen));
                }
            } else if depth < OBJECTS_SPLIT_ABOVE_DEPTH && self.is_plain(v) {
                return self.members(v, depth, before).map(Some);
            }
        }
        let text = JsValue::from(JSON::stringify(v).map_err(|_| NOT_JSON.to_string())?);
        if !text.is_string() {
            return Ok(None);
        }
        if let Some(Seen::Text(t, value)) = before {
            if *t == text {
                return Ok(Some(Seen::Text(text, value.clone())));
            }
        }
        let source = text.as_string().unwrap_or_default();
        let value = Json::parse_owned(source)
            .map_err(|e| format!("it could not be read as JSON: {}", e.message))?;
        Ok(Some(Seen::Text(text, value)))
    }

    fn has_to_json(&self, v: &JsValue) -> Result<bool, String> {
        Reflect::get(v, &JsValue::from_str("toJSON"))
            .map(|f| f.is_function())
            .map_err(|_| NOT_JSON.to_string())
    }

    /// An object whose prototype is `Object.prototype` or null (not a Date, a Map, a class...).
    fn is_plain(&self, v: &JsValue) -> bool {
        let proto: JsValue = Object::get_prototype_of(v).into();
        proto.is_null() || proto == self.object_prototype
    }

    /// An array item by item (a missing or unrepresentable item is null, as in JSON); `None` for an
    /// array too long to walk.
    fn items(
        &mut self,
        v: &JsValue,
        depth: usize,
        before: Option<&Seen>,
    ) -> Result<Option<Seen>, String> {
        let len = Reflect::get(v, &JsValue::from_str("length"))
            .map_err(|_| NOT_JSON.to_string())?
            .as_f64()
            .unwrap_or(0.0);
        if !(0.0..=f64::from(MAX_SPLIT_ITEMS)).contains(&len) {
            return Ok(None);
        }
        let old = match before {
            Some(Seen::Items(items, _)) => items.as_slice(),
            _ => &[],
        };
        let mut items = Vec::with_capacity(len as usize);
        for i in 0..len as u32 {
            let item = Reflect::get_u32(v, i).map_err(|_| NOT_JSON.to_string())?;
            let seen = self.value(&item, depth + 1, old.get(i as usize))?;
            items.push(seen.unwrap_or(Seen::Text(JsValue::NULL, Json::Null)));
        }
        let unchanged = old.len() == items.len()
            && old.iter().zip(&items).all(|(a, b)| a.value().identity() == b.value().identity());
        let value = match before {
            Some(seen @ Seen::Items(..)) if unchanged => seen.value().clone(),
            _ => Json::from(items.iter().map(|s| s.value().clone()).collect::<Vec<_>>()),
        };
        Ok(Some(Seen::Items(items, value)))
    }

    /// A plain object member by member, in `Object.keys` order (as `JSON.stringify` writes it);
    /// a member that `JSON.stringify` leaves out is left out.
    fn members(
        &mut self,
        v: &JsValue,
        depth: usize,
        before: Option<&Seen>,
    ) -> Result<Seen, String> {
        let Some(object) = v.dyn_ref::<Object>() else {
            return Err(NOT_JSON.to_string());
        };
        let keys = Object::keys(object);
        let old = match before {
            Some(Seen::Members(members, _)) => members.as_slice(),
            _ => &[],
        };
        let mut members: Vec<(String, Seen)> = Vec::with_capacity(keys.length() as usize);
        for (i, key) in keys.iter().enumerate() {
            let Some(name) = key.as_string() else { continue };
            let member = Reflect::get(v, &key).map_err(|_| NOT_JSON.to_string())?;
            let was = match old.get(i) {
                Some((k, seen)) if *k == name => Some(seen),
                _ => old.iter().find(|(k, _)| *k == name).map(|(_, seen)| seen),
            };
            if let Some(seen) = self.value(&member, depth + 1, was)? {
                members.push((name, seen));
            }
        }
        let unchanged = old.len() == members.len()
            && old
                .iter()
                .zip(&members)
                .all(|((ka, a), (kb, b))| ka == kb && a.value().identity() == b.value().identity());
        let value = match before {
            Some(seen @ Seen::Members(..)) if unchanged => seen.value().clone(),
            _ => Json::object(members.iter().map(|(k, s)| (k.as_str(), s.value().clone()))),
        };
        Ok(Seen::Members(members, value))
    }
}
