//! JavaScript values read as [`Json`], and read again for what changed only.
//!
//! A value is read through `JSON.stringify` (so that `toJSON`, getters, cycles and BigInts behave
//! exactly as the browser's JSON does) and the sidebar's lenient reader. A host that calls
//! `update({data})` with 2,000 returns of which one field changed should not pay for reading the
//! 1,999 others again: the top of a value (arrays down to depth 3, plain objects down to depth 2,
//! which reaches the items of an integration's list) is walked member by member, each member's
//! JSON text is kept (as a JS string, compared by the engine), and a member whose text did not
//! change keeps the value read last time: the same shared value, so that what is drawn from it is
//! not drawn again either. A member below that is an object (a list item) is kept as its text and
//! read when first used ([`Json::parse_later`]): the items an agent does not see are not read.

//!
//! Any JS value can be given, hostile ones too: a revoked `Proxy`, a `Proxy` whose traps throw, a
//! getter that throws. Every step of the reading reports an exception instead of letting it
//! through; a part that cannot be read is left out and its place said (see [`Found`]), and the
//! rest is read. A value `JSON.stringify` refuses is walked member by member to find where.

use crate::model::json::{Json, SharedShapes, MAX_DEPTH};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws on a revoked `Proxy`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array_or_throw(v: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`, which runs a `Proxy`'s `ownKeys` and `getOwnPropertyDescriptor` traps.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn keys_or_throw(v: &JsValue) -> Result<Array, JsValue>;
}

/// Whether `v` is an array; `Err` when asking threw (a revoked `Proxy`).
pub fn is_array(v: &JsValue) -> Result<bool, String> {
    is_array_or_throw(v).map_err(|_| REFUSED.to_string())
}

/// Why an object could not be read, for any exception its reading threw.
pub const REFUSED: &str =
    "the object refused to be read (a revoked Proxy, or a trap or getter that throws)";

/// The parts left out of a value that was read, each with its place inside the value
/// (`customer.email`, `[2].name`) and why.
pub type Found = Vec<(String, String)>;

/// At most this many parts left out are said, for one value.
const MAX_FOUND: usize = 20;
/// At most this many objects that `JSON.stringify` refused are walked member by member to find
/// where, for one value.
const MAX_WALKED: usize = 1_000;
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

/// Why a part could not be read: one that refuses (or that `JSON.stringify` refuses) is left out
/// in its place; past a limit of size or depth the whole value is refused, as ever.
enum Why {
    Here(String),
    Whole(String),
}

impl From<String> for Why {
    fn from(why: String) -> Why {
        Why::Here(why)
    }
}

const NOT_JSON: &str = "it could not be read as JSON (a cycle, a BigInt or a getter that throws)";

/// Reads `v` as JSON, reusing what `before` read of the parts whose text is unchanged. `undefined`
/// reads as null; a Symbol or a function is refused, as everything `JSON.stringify` refuses. A part
/// inside that cannot be read is left out (null in an array) and added to `found`.
pub fn read(v: &JsValue, before: Option<&Seen>, found: &mut Found) -> Result<Seen, String> {
    if v.is_undefined() {
        return Ok(Seen::Text(JsValue::UNDEFINED, Json::Null));
    }
    let plain = Reflect::get_prototype_of(&js_sys::Object::new()).map(JsValue::from);
    let mut reader = Reader {
        object_prototype: plain.unwrap_or(JsValue::NULL),
        place: String::new(),
        found,
        walking: Vec::new(),
        walked: 0,
        shapes: SharedShapes::default(),
    };
    match reader.value(v, 0, before, false) {
        Ok(Some(seen)) => Ok(seen),
        Ok(None) => Err("it is not a JSON value (a Symbol or a function)".to_string()),
        Err(Why::Here(why) | Why::Whole(why)) => Err(why),
    }
}

struct Reader<'f> {
    object_prototype: JsValue,
    /// Where the reader is, from the value's root (`customer.email`).
    place: String,
    found: &'f mut Found,
    /// The objects being walked, outermost first: one met again is a cycle.
    walking: Vec<JsValue>,
    walked: usize,
    /// The keys read so far, shared by the items read after them.
    shapes: SharedShapes,
}

impl Reader<'_> {
    /// `None` where `JSON.stringify` gives nothing (undefined, a function, a Symbol). `walk`: read
    /// member by member whatever the depth (`JSON.stringify` refused it).
    fn value(
        &mut self,
        v: &JsValue,
        depth: usize,
        before: Option<&Seen>,
        walk: bool,
    ) -> Result<Option<Seen>, Why> {
        let mut walkable = false;
        if v.is_object() && !self.has_to_json(v)? {
            if is_array(v)? {
                walkable = true;
                if walk || depth < ARRAYS_SPLIT_ABOVE_DEPTH {
                    if let Some(seen) = self.inside(v, depth, |r| r.items(v, depth, before))? {
                        return Ok(Some(seen));
                    }
                }
            } else if self.is_plain(v)? {
                walkable = true;
                if walk || depth < OBJECTS_SPLIT_ABOVE_DEPTH {
                    return self.inside(v, depth, |r| r.members(v, depth, before).map(Some));
                }
            }
        }
        let text = match JSON::stringify(v) {
            Ok(text) => JsValue::from(text),
            // Something inside refuses: walk it to say where, and keep the rest.
            Err(_) if walkable && !walk => {
                self.walked += 1;
                if self.walked > MAX_WALKED {
                    return Err(Why::Whole(NOT_JSON.to_string()));
                }
                return self.value(v, depth, before, true);
            }
            Err(_) => return Err(Why::Here(NOT_JSON.to_string())),
        };
        if !text.is_string() {
            return Ok(None);
        }
        if let Some(Seen::Text(t, value)) = before {
            if *t == text {
                return Ok(Some(Seen::Text(text, value.clone())));
            }
        }
        let source = text.as_string().unwrap_or_default();
        let value = Json::parse_later(source, &self.shapes)
            .map_err(|e| Why::Whole(format!("it could not be read as JSON: {}", e.message)))?;
        Ok(Some(Seen::Text(text, value)))
    }

    /// Runs `read` over the members of `v`, unless `v` is already being walked (a cycle) or too
    /// deep.
    fn inside<T>(
        &mut self,
        v: &JsValue,
        depth: usize,
        read: impl FnOnce(&mut Self) -> Result<T, Why>,
    ) -> Result<T, Why> {
        if self.walking.iter().any(|w| w == v) {
            return Err(Why::Here("it contains itself (a cycle)".into()));
        }
        if depth >= MAX_DEPTH {
            return Err(Why::Whole(format!("it is nested more than {MAX_DEPTH} levels deep")));
        }
        self.walking.push(v.clone());
        let out = read(self);
        self.walking.pop();
        out
    }

    /// Reads the member at `at` (a key or an index) of the value being read; one that cannot be
    /// read is added to what was found and reads as `None`.
    fn member(
        &mut self,
        at: &str,
        get: Result<JsValue, JsValue>,
        depth: usize,
        before: Option<&Seen>,
    ) -> Result<Option<Seen>, Why> {
        let outer = self.place.len();
        if !at.starts_with('[') && !self.place.is_empty() {
            self.place.push('.');
        }
        self.place.push_str(at);
        let read = match get {
            Ok(member) => self.value(&member, depth + 1, before, false),
            Err(_) => Err(Why::Here(REFUSED.to_string())),
        };
        let out = match read {
            Err(Why::Here(why)) => {
                if self.found.len() < MAX_FOUND {
                    self.found.push((self.place.clone(), why));
                }
                Ok(None)
            }
            other => other,
        };
        self.place.truncate(outer);
        out
    }

    fn has_to_json(&self, v: &JsValue) -> Result<bool, String> {
        Reflect::get(v, &JsValue::from_str("toJSON"))
            .map(|f| f.is_function())
            .map_err(|_| REFUSED.to_string())
    }

    /// An object whose prototype is `Object.prototype` or null (not a Date, a Map, a class...).
    fn is_plain(&self, v: &JsValue) -> Result<bool, String> {
        let proto: JsValue = Reflect::get_prototype_of(v).map_err(|_| REFUSED.to_string())?.into();
        Ok(proto.is_null() || proto == self.object_prototype)
    }

    /// An array item by item (a missing, unrepresentable or unreadable item is null, as in JSON);
    /// `None` for an array too long to walk.
    fn items(
        &mut self,
        v: &JsValue,
        depth: usize,
        before: Option<&Seen>,
    ) -> Result<Option<Seen>, Why> {
        let len = Reflect::get(v, &JsValue::from_str("length"))
            .map_err(|_| REFUSED.to_string())?
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
            let item = Reflect::get_u32(v, i);
            let seen = self.member(&format!("[{i}]"), item, depth, old.get(i as usize))?;
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
    /// a member that `JSON.stringify` leaves out, or that cannot be read, is left out.
    fn members(&mut self, v: &JsValue, depth: usize, before: Option<&Seen>) -> Result<Seen, Why> {
        let keys = keys_or_throw(v).map_err(|_| REFUSED.to_string())?;
        let old = match before {
            Some(Seen::Members(members, _)) => members.as_slice(),
            _ => &[],
        };
        let mut members: Vec<(String, Seen)> = Vec::with_capacity(keys.length() as usize);
        for (i, key) in keys.iter().enumerate() {
            let Some(name) = key.as_string() else { continue };
            let member = Reflect::get(v, &key);
            let was = match old.get(i) {
                Some((k, seen)) if *k == name => Some(seen),
                _ => old.iter().find(|(k, _)| *k == name).map(|(_, seen)| seen),
            };
            if let Some(seen) = self.member(&name, member, depth, was)? {
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
