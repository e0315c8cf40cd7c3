//! JSON values as the sidebar keeps them.
//!
//! Immutable and shared: strings, arrays and objects sit behind an `Arc`, so a card, a list item,
//! a memo and the next update hold the same data instead of copies, and comparing two values that
//! share a part is a pointer comparison. Read leniently where JavaScript is (a string cut in the
//! middle of an emoji, `"\ud83d"`, becomes U+FFFD instead of refusing the whole document) and
//! strictly elsewhere, with a depth limit so that no input can run the WebAssembly stack out.
//!
//! serde_json's `Value` copies every subtree it hands out and refuses lone surrogates; this type
//! does neither, which is what keeps memory in proportion to the data (issue 11).

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

/// A JSON value.
#[derive(Clone, Debug, Default)]
pub enum Json {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Always finite (a number too large for `f64` reads as `null`, as `JSON.stringify` writes it).
    Number(f64),
    /// A string (shared with the text it was read from).
    String(Str),
    /// An array; its items shared by every holder of the value.
    Array(Arc<[Json]>),
    /// An object; its members shared by every holder of the value.
    Object(Arc<Object>),
}

/// A JSON string: a part of the text it was read from, shared with every other string read from
/// that text (reading 2,000 returns makes no allocation per string), or a text of its own.
#[derive(Clone)]
pub struct Str {
    text: Arc<String>,
    start: usize,
    len: usize,
}

impl Str {
    fn own(s: String) -> Str {
        Str { len: s.len(), text: Arc::new(s), start: 0 }
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.text.get(self.start..self.start + self.len).unwrap_or_default()
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        (Arc::ptr_eq(&self.text, &other.text) && self.start == other.start && self.len == other.len)
            || **self == **other
    }
}

/// The members of a JSON object, in their order, each key once (the last value of a repeated key
/// wins, at the place of the first, as `JSON.parse` does).
#[derive(Debug, Default)]
pub struct Object {
    entries: Members,
}

/// An object's members: read, or (an item of a host's list, issue 20) its JSON text, read the
/// first time a member is asked for: the items of a long list that are not shown cost their text
/// alone.
enum Members {
    Read(Vec<(Arc<str>, Json)>),
    Later(Box<Later>),
}

impl Default for Members {
    fn default() -> Members {
        Members::Read(Vec::new())
    }
}

impl fmt::Debug for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

/// An object's text, read when first needed.
struct Later {
    /// The object's JSON text, checked when it was kept (see `later`).
    raw: Str,
    /// The keys of the objects read before it, shared with the other items of its list.
    shapes: Arc<Mutex<Shapes>>,
    read: OnceLock<Vec<(Arc<str>, Json)>>,
}

impl Members {
    fn get(&self) -> &[(Arc<str>, Json)] {
        match self {
            Members::Read(entries) => entries,
            Members::Later(later) => later.read.get_or_init(|| later.read_now()),
        }
    }
}

/// Objects up to this size have their repeated keys merged when read; larger ones (which only
/// malformed text could repeat keys in) are looked up from the end, so the last value still wins.
const DEDUPED_UP_TO: usize = 64;

impl Object {
    /// Builds an object; a repeated key keeps its first place and its last value.
    pub fn new(mut entries: Vec<(Arc<str>, Json)>) -> Object {
        if entries.len() > 1 && entries.len() <= DEDUPED_UP_TO {
            dedupe(&mut entries);
        }
        Object { entries: Members::Read(entries) }
    }

    /// The members as they are (already without repeated keys).
    fn read(entries: Vec<(Arc<str>, Json)>) -> Object {
        Object { entries: Members::Read(entries) }
    }

    /// The members, read now if the object was kept as text.
    fn entries(&self) -> &[(Arc<str>, Json)] {
        self.entries.get()
    }

    /// The JSON text it was read from, if it was kept as text (read or not since).
    fn raw(&self) -> Option<&str> {
        match &self.entries {
            Members::Later(later) => Some(&later.raw),
            Members::Read(_) => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.entries().iter().rev().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.entries().iter().map(|(k, v)| (&**k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries().iter().map(|(k, _)| &**k)
    }
}

/// Keeps the first place and the last value of each key.
fn dedupe(entries: &mut Vec<(Arc<str>, Json)>) {
    let mut i = 1;
    while i < entries.len() {
        let earlier = entries.get(..i).and_then(|before| {
            let key = &entries.get(i)?.0;
            before.iter().position(|(k, _)| Arc::ptr_eq(k, key) || k == key)
        });
        match earlier {
            Some(j) => {
                let (_, v) = entries.remove(i);
                if let Some(slot) = entries.get_mut(j) {
                    slot.1 = v;
                }
            }
            None => i += 1,
        }
    }
}

/// Objects are equal when they have the same members, in any order (as JSON means them); the
/// common case, the same keys in the same order, is compared pairwise.
impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        // Two objects kept as the same text (a list item unchanged by an update): equal unread.
        if let (Some(a), Some(b)) = (self.raw(), other.raw()) {
            if a == b {
                return true;
            }
        }
        let (mine, theirs) = (self.entries(), other.entries());
        if mine.len() != theirs.len() {
            return false;
        }
        let same_keys =
            mine.iter().zip(theirs).all(|((ka, _), (kb, _))| Arc::ptr_eq(ka, kb) || ka == kb);
        if same_keys {
            mine.iter().zip(theirs).all(|((_, va), (_, vb))| va == vb)
        } else {
            mine.iter().all(|(k, v)| other.get(k) == Some(v))
        }
    }
}

impl PartialEq for Json {
    fn eq(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Null, Json::Null) => true,
            (Json::Bool(a), Json::Bool(b)) => a == b,
            (Json::Number(a), Json::Number(b)) => a == b,
            (Json::String(a), Json::String(b)) => a == b,
            (Json::Array(a), Json::Array(b)) => Arc::ptr_eq(a, b) || a == b,
            (Json::Object(a), Json::Object(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        }
    }
}

impl Json {
    /// A JSON object from its members.
    pub fn object<K: Into<Arc<str>>>(members: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Object(Arc::new(Object::new(
            members.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        )))
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The text of a string; `None` for anything else.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a number; `None` for anything else (numeric strings included).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The value of a boolean; `None` for anything else.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items of an array; `None` for anything else.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members of an object; `None` for anything else.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Whether it is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// The member `key` of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.get(key)
    }

    /// A number that stays the same as long as this value is the same one (not merely an equal
    /// one): what memoised drawing compares.
    pub fn identity(&self) -> u64 {
        match self {
            Json::Null => 0,
            Json::Bool(b) => 1 + u64::from(*b),
            Json::Number(n) => n.to_bits(),
            Json::String(s) => s.as_ptr() as usize as u64,
            Json::Array(a) => a.as_ptr() as usize as u64,
            Json::Object(o) => Arc::as_ptr(o) as usize as u64,
        }
    }

    /// A short name of the value's type, for messages ("a string", "an array"...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The value as an agent reads it (SPEC 4): strings as they are, numbers and booleans as JSON
    /// prints them, null as `""`, objects and arrays as compact JSON cut to 4096 characters.
    pub fn to_text(&self) -> String {
        match self {
            Json::Null => String::new(),
            Json::String(s) => s.to_string(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => number_text(*n),
            _ => {
                let mut s = self.to_string();
                if let Some((i, _)) = s.char_indices().nth(MAX_TEXT_CHARS) {
                    s.truncate(i);
                }
                s
            }
        }
    }

    /// Reads JSON text. Lone surrogate escapes (`"\ud83d"`) read as U+FFFD; nesting deeper than
    /// 100 levels is refused.
    pub fn parse(text: &str) -> Result<Json, ParseError> {
        Json::parse_text(Arc::new(text.to_string()), &mut Shapes::default())
    }

    /// [`Json::parse`] of a text that is no longer needed: its strings are parts of it.
    pub fn parse_owned(text: String) -> Result<Json, ParseError> {
        Json::parse_text(Arc::new(text), &mut Shapes::default())
    }

    /// [`Json::parse_owned`] of one text of many alike (a list's items), sharing the keys of the
    /// objects with those read before with the same `shapes`.
    pub fn parse_owned_sharing(text: String, shapes: &mut Shapes) -> Result<Json, ParseError> {
        Json::parse_text(Arc::new(text), shapes)
    }
}

static NULL: Json = Json::Null;

/// `v["key"]`: the member, or null (as in JavaScript, without the exception).
impl std::ops::Index<&str> for Json {
    type Output = Json;
    fn index(&self, key: &str) -> &Json {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `v[0]`: the item, or null.
impl std::ops::Index<usize> for Json {
    type Output = Json;
    fn index(&self, i: usize) -> &Json {
        self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(Str::own(s.to_string()))
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(Str::own(s))
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        if n.is_finite() {
            Json::Number(n)
        } else {
            Json::Null
        }
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Json {
        Json::Array(Arc::from(items))
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(v: Option<T>) -> Json {
        v.map_or(Json::Null, Into::into)
    }
}

/// Objects and arrays print as JSON cut to this many characters (SPEC 4).
pub const MAX_TEXT_CHARS: usize = 4096;

/// How deeply JSON may nest before it is refused.
pub const MAX_DEPTH: usize = 100;

mod later;
/// The editor's changed copies of values (the editor build) and their tests.
#[cfg(any(test, feature = "editor"))]
mod mutate;
mod number;
mod parse;
#[cfg(any(test, feature = "serde"))]
mod serde;
#[cfg(test)]
mod speed;
#[cfg(test)]
mod tests;
mod write;

pub use later::SharedShapes;
pub use number::{number_text, parse_decimal};
pub use parse::{ParseError, Shapes};
