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

use std::fmt::{self, Write as _};
use std::sync::Arc;

/// A JSON value.
#[derive(Clone, Debug, Default)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    /// Always finite (a number too large for `f64` reads as `null`, as `JSON.stringify` writes it).
    Number(f64),
    String(Str),
    Array(Arc<[Json]>),
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
    entries: Vec<(Arc<str>, Json)>,
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
        Object { entries }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.entries.iter().rev().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| &**k)
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
        if self.entries.len() != other.entries.len() {
            return false;
        }
        let same_keys = self
            .entries
            .iter()
            .zip(&other.entries)
            .all(|((ka, _), (kb, _))| Arc::ptr_eq(ka, kb) || ka == kb);
        if same_keys {
            self.entries.iter().zip(&other.entries).all(|((_, va), (_, vb))| va == vb)
        } else {
            self.entries.iter().all(|(k, v)| other.get(k) == Some(v))
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

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

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
        Json::parse_text(Arc::new(text.to_string()))
    }

    /// [`Json::parse`] of a text that is no longer needed: its strings are parts of it.
    pub fn parse_owned(text: String) -> Result<Json, ParseError> {
        Json::parse_text(Arc::new(text))
    }

    fn parse_text(source: Arc<String>) -> Result<Json, ParseError> {
        let text = source.as_str();
        let mut p =
            Parser { source: &source, text, bytes: text.as_bytes(), pos: 0, shapes: Vec::new() };
        p.skip_ws();
        let v = p.value(0)?;
        p.skip_ws();
        if p.pos < p.bytes.len() {
            return Err(p.error("unexpected text after the JSON value"));
        }
        Ok(v)
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

/// Reads a decimal number (`-12`, `148.00`, `+3`, `.5`, `1e3`) as `f64`; `None` for anything else
/// (`inf`, `0x10`, text, an empty string). Correctly rounded. Most numbers take the exact fast
/// path (at most 15 significant digits, a power of ten up to 22); the rest are read by
/// JavaScript's own `parseFloat` in the browser and by Rust's parser on the host, so the bundle
/// does not carry a second float parser.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let negative = b.first() == Some(&b'-');
    let (mut mantissa, mut digits, mut scale, mut any) = (0u64, 0u32, 0i32, false);
    let mut fraction = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                any = true;
                if mantissa == 0 && c == b'0' {
                    // leading zeros carry no digit
                } else if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    digits += 1;
                } else if !fraction {
                    scale += 1; // a digit beyond what u64 holds: the slow path decides
                    digits += 1;
                }
                if fraction && (digits < 19 || mantissa == 0) {
                    scale -= 1;
                }
            }
            b'.' if !fraction => fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    let mut exponent = 0i32;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        while let Some(c @ b'0'..=b'9') = b.get(i) {
            exponent = exponent.saturating_mul(10).saturating_add(i32::from(c - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent *= sign;
    }
    if i != b.len() {
        return None;
    }
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let power = exponent.saturating_add(scale);
    if digits <= 15 && (-22..=22).contains(&power) {
        let m = mantissa as f64;
        let p = POW10.get(power.unsigned_abs() as usize).copied().unwrap_or(1.0);
        let v = if power < 0 { m / p } else { m * p };
        return Some(if negative { -v } else { v });
    }
    slow_parse(s)
}

#[cfg(target_arch = "wasm32")]
fn slow_parse(s: &str) -> Option<f64> {
    Some(js_sys::parse_float(s))
}

#[cfg(not(target_arch = "wasm32"))]
fn slow_parse(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// Objects and arrays print as JSON cut to this many characters (SPEC 4).
pub const MAX_TEXT_CHARS: usize = 4096;

/// How deeply JSON may nest before it is refused.
pub const MAX_DEPTH: usize = 100;

/// A number as JavaScript prints it (`String(n)`). In the browser it is JavaScript's own
/// formatting, exactly what Gorgias shows; on the host (tests) the same rules in Rust: integers
/// without a fraction, the shortest digits that read back, exponents from 1e21 and below 1e-6.
#[cfg(target_arch = "wasm32")]
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return (n as i64).to_string();
    }
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// A number as JavaScript prints it (see the browser's version above).
#[cfg(not(target_arch = "wasm32"))]
pub fn number_text(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    let abs = n.abs();
    if n.fract() == 0.0 && abs < 1e21 {
        if abs < 9.0e15 {
            return (n as i64).to_string();
        }
        return format!("{n:.0}");
    }
    if !(1e-6..1e21).contains(&abs) {
        let s = format!("{n:e}");
        return match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        };
    }
    n.to_string()
}

impl fmt::Display for Json {
    /// Compact JSON, as `JSON.stringify` writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Json::Number(n) => f.write_str(&number_text(*n)),
            Json::String(s) => write_string(f, s),
            Json::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    fmt::Display::fmt(item, f)?;
                }
                f.write_char(']')
            }
            Json::Object(o) => {
                f.write_char('{')?;
                for (i, (k, v)) in o.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_string(f, k)?;
                    f.write_char(':')?;
                    fmt::Display::fmt(v, f)?;
                }
                f.write_char('}')
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        f.write_str(s.get(start..i).unwrap_or_default())?;
        if escape.is_empty() {
            write!(f, "\\u{:04x}", c as u32)?;
        } else {
            f.write_str(escape)?;
        }
        start = i + c.len_utf8();
    }
    f.write_str(s.get(start..).unwrap_or_default())?;
    f.write_char('"')
}

/// Why JSON text was refused, and where (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

struct Parser<'t> {
    source: &'t Arc<String>,
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// The keys of the last object read at each depth: the items of a list usually have the same
    /// keys in the same order, so they share them instead of each holding copies.
    shapes: Vec<Vec<Arc<str>>>,
}

impl<'t> Parser<'t> {
    fn error(&self, message: &'static str) -> ParseError {
        let before = self.text.get(..self.pos.min(self.text.len())).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ParseError { line, column, message }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Moves to the next `"`, `\\` or control character (the end of a string's plain run).
    #[inline(always)]
    fn skip_plain(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos +=
            rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(rest.len());
    }

    fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Json::String(match self.string()? {
                Text::Slice(part) => Str {
                    text: self.source.clone(),
                    start: self.pos - 1 - part.len(),
                    len: part.len(),
                },
                Text::Owned(own) => Str::own(own),
            })),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("unexpected end of the text")),
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> Result<Json, ParseError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        let mut ok = digits(self)
            && !(leading_zero
                && self.pos - start > 1 + usize::from(self.bytes.get(start) == Some(&b'-')));
        if ok && self.peek() == Some(b'.') {
            self.pos += 1;
            ok = digits(self);
        }
        if ok && matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            ok = digits(self);
        }
        let n: Option<f64> =
            if ok { self.text.get(start..self.pos).and_then(parse_decimal) } else { None };
        match n {
            Some(n) => Ok(Json::from(n)),
            None => {
                self.pos = start;
                Err(self.error("invalid number"))
            }
        }
    }

    /// Reads a string at `"`, unescaping; lone surrogates become U+FFFD. A string without escapes
    /// (most of them) is a slice of the text, copied once where it is kept.
    fn string(&mut self) -> Result<Text<'t>, ParseError> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        self.skip_plain();
        if self.peek() == Some(b'"') {
            let slice = self.text.get(start..self.pos).unwrap_or_default();
            self.pos += 1;
            return Ok(Text::Slice(slice));
        }
        let mut out = String::from(self.text.get(start..self.pos).unwrap_or_default());
        loop {
            let start = self.pos;
            self.skip_plain();
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Text::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape in a string")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let s = self.text.get(self.pos..self.pos + 4)?;
        let n = u32::from_str_radix(s, 16).ok()?;
        if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(n)
    }

    /// After `\u`: a character, a surrogate pair, or U+FFFD for a lone surrogate.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4().ok_or_else(|| self.error("invalid \\u escape in a string"))?;
        if (0xD800..0xDC00).contains(&first) {
            let save = self.pos;
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                self.pos += 2;
                if let Some(second) = self.hex4() {
                    if (0xDC00..0xE000).contains(&second) {
                        let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                }
            }
            self.pos = save;
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    fn array(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested more than 100 levels deep"));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::from(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::from(items));
                }
                _ => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
    }

    /// The `index`-th key of an object at `depth`, shared with the previous object there when it
    /// had the same key at the same place (then nothing is allocated).
    fn key(&mut self, depth: usize, index: usize) -> Result<(Arc<str>, bool), ParseError> {
        let text = self.string()?;
        let known = self
            .shapes
            .get(depth)
            .and_then(|shape| shape.get(index))
            .filter(|k| ***k == *text.as_str());
        Ok(match known {
            Some(k) => (k.clone(), true),
            None => (text.into_arc(), false),
        })
    }

    fn object(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested more than 100 levels deep"));
        }
        self.pos += 1;
        let expected = self.shapes.get(depth).map_or(0, Vec::len);
        let mut members = Vec::with_capacity(expected);
        // Every key as the previous object's at this depth: no repeated key to look for.
        let mut same_shape = true;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(Arc::new(Object { entries: members })));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a \"key\" in an object"));
            }
            let (k, known) = self.key(depth, members.len())?;
            same_shape &= known;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after a key"));
            }
            self.pos += 1;
            self.skip_ws();
            let v = self.value(depth)?;
            members.push((k, v));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    let object = if same_shape && members.len() == expected {
                        Object { entries: members }
                    } else {
                        let object = Object::new(members);
                        if self.shapes.len() <= depth {
                            self.shapes.resize_with(depth + 1, Vec::new);
                        }
                        if let Some(shape) = self.shapes.get_mut(depth) {
                            shape.clear();
                            shape.extend(object.entries.iter().map(|(k, _)| k.clone()));
                        }
                        object
                    };
                    return Ok(Json::Object(Arc::new(object)));
                }
                _ => return Err(self.error("expected `,` or `}` in an object")),
            }
        }
    }
}

/// A string as read: a slice of the text, or unescaped.
enum Text<'t> {
    Slice(&'t str),
    Owned(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Slice(s) => s,
            Text::Owned(s) => s,
        }
    }

    fn into_arc(self) -> Arc<str> {
        match self {
            Text::Slice(s) => Arc::from(s),
            Text::Owned(s) => Arc::from(s),
        }
    }
}

/// A `serde_json` value as a [`Json`] (feature `serde`, for Rust hosts; and the tests' `json!`).
#[cfg(any(test, feature = "serde"))]
impl From<serde_json::Value> for Json {
    fn from(v: serde_json::Value) -> Json {
        match v {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            serde_json::Value::Number(n) => Json::from(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Json::from(s),
            serde_json::Value::Array(a) => {
                Json::from(a.into_iter().map(Json::from).collect::<Vec<_>>())
            }
            serde_json::Value::Object(o) => {
                Json::object(o.into_iter().map(|(k, v)| (k, Json::from(v))))
            }
        }
    }
}

/// Test helper: [`Json`] values inside `json!` literals.
#[cfg(test)]
impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => s.serialize_i64(*n as i64),
            Json::Number(n) => s.serialize_f64(*n),
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(o) => {
                let mut map = s.serialize_map(Some(o.len()))?;
                for (k, v) in o.iter() {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// `json!(...)` as a [`Json`], for tests.
#[cfg(test)]
#[macro_export]
macro_rules! j {
    ($($t:tt)+) => {
        $crate::model::json::Json::from(serde_json::json!($($t)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Json {
        match Json::parse(s) {
            Ok(v) => v,
            Err(e) => panic!("{s:?}: {e}"),
        }
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(
            r#" {"a": [1, -2.5, 3e2, 0, -0, true, false, null], "b": {"c": "d"}, "": "empty key"} "#,
        );
        assert_eq!(v.get("a").and_then(Json::as_array).map(<[Json]>::len), Some(8));
        assert_eq!(v.get("b").and_then(|b| b.get("c")).and_then(Json::as_str), Some("d"));
        assert_eq!(v.get("").and_then(Json::as_str), Some("empty key"));
        assert_eq!(
            v.to_string(),
            r#"{"a":[1,-2.5,300,0,0,true,false,null],"b":{"c":"d"},"":"empty key"}"#
        );
    }

    #[test]
    fn keeps_object_order_as_javascript_does() {
        assert_eq!(parse(r#"{"z": 1, "a": 2, "m": 3}"#).to_string(), r#"{"z":1,"a":2,"m":3}"#);
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        assert_eq!(parse(r#"{"a": 1, "b": 2, "a": 3}"#).to_string(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn unescapes_strings() {
        let v = parse(r#""a\"b\\c\/d\n\t\u00e9\ud83c\udf89""#);
        assert_eq!(v.as_str(), Some("a\"b\\c/d\n\té🎉"));
        assert_eq!(v.to_string(), r#""a\"b\\c/d\n\té🎉""#);
        assert_eq!(Json::from("\u{1}").to_string(), r#""\u0001""#);
    }

    #[test]
    fn lone_surrogates_read_as_replacement_characters() {
        // Third-party text cut in the middle of an emoji.
        assert_eq!(parse(r#""\ud83d""#).as_str(), Some("\u{FFFD}"));
        assert_eq!(parse(r#""ab\ud83d""#).as_str(), Some("ab\u{FFFD}"));
        assert_eq!(parse(r#""\ude00x""#).as_str(), Some("\u{FFFD}x"));
        assert_eq!(parse(r#""\ud83d\ud83d\ude00""#).as_str(), Some("\u{FFFD}😀"));
        assert_eq!(parse(r#""\ud83d\n""#).as_str(), Some("\u{FFFD}\n"));
        assert_eq!(parse(r#"{"\ud83d": 1}"#).get("\u{FFFD}"), Some(&Json::Number(1.0)));
    }

    #[test]
    fn refuses_what_json_parse_refuses_with_a_place() {
        for (text, line, column) in [
            ("", 1, 1),
            ("{", 1, 2),
            ("[1,]", 1, 4),
            ("{\"a\" 1}", 1, 6),
            ("{\n  \"a\": tru\n}", 2, 8),
            ("01", 1, 1),
            ("-", 1, 1),
            ("1.", 1, 1),
            ("1e", 1, 1),
            ("\"a\u{1}\"", 1, 3),
            ("\"\\x\"", 1, 3),
            ("\"\\u12\"", 1, 4),
            ("'a'", 1, 1),
            ("[1] x", 1, 5),
            ("{\"a\":1,}", 1, 8),
            ("\"unterminated", 1, 14),
        ] {
            match Json::parse(text) {
                Ok(v) => panic!("{text:?} read as {v}"),
                Err(e) => assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}"),
            }
        }
    }

    #[test]
    fn nesting_is_limited() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(Json::parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            Json::parse(&deep).map_err(|e| e.message),
            Err("nested more than 100 levels deep")
        );
        let very_deep = "{\"a\":".repeat(100_000);
        assert!(Json::parse(&very_deep).is_err());
    }

    #[test]
    fn decimals_read_exactly_as_rusts_parser_does() {
        for text in [
            "0",
            "-0",
            "12",
            "+3",
            ".5",
            "5.",
            "148.00",
            "0.1",
            "0.3",
            "1e3",
            "1E-7",
            "2.5e+10",
            "123456789012345",
            "1234567890123456789",
            "0.000001",
            "9007199254740993",
            "1.7976931348623157e308",
            "4.9e-324",
            "3.14159265358979323846",
            "00012",
            "1e22",
            "1e23",
            "0.1e-22",
            "1e400",
        ] {
            let want: f64 = text.parse().unwrap();
            assert_eq!(parse_decimal(text).map(f64::to_bits), Some(want.to_bits()), "{text}");
        }
        for text in [
            "", "-", "+", ".", "e5", "1e", "1e+", "0x10", "inf", "NaN", " 1", "1 ", "1.2.3", "--1",
            "١٢",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        for (n, s) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-42.0, "-42"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123456789012.0, "123456789012"),
            (9007199254740993.0, "9007199254740992"),
        ] {
            assert_eq!(number_text(n), s, "{n}");
        }
        assert_eq!(
            parse("1e400"),
            Json::Null,
            "too large reads as null, as JSON.stringify writes Infinity"
        );
    }

    #[test]
    fn large_objects_are_indexed_and_found() {
        let text = format!(
            "{{{}}}",
            (0..100).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(",")
        );
        let v = parse(&text);
        for i in 0..100 {
            assert_eq!(v.get(&format!("k{i}")), Some(&Json::Number(i as f64)));
        }
        assert_eq!(v.get("k100"), None);
        let dup = format!(
            "{{{}, \"k5\": \"last\"}}",
            (0..40).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(",")
        );
        assert_eq!(parse(&dup).get("k5").and_then(Json::as_str), Some("last"));
    }

    #[test]
    fn shared_parts_compare_by_pointer_and_equal_parts_by_value() {
        let a = parse(r#"{"items": [{"id": 1}, {"id": 2}]}"#);
        let b = a.clone();
        assert_eq!(a, b);
        let c = parse(r#"{"items": [{"id": 1}, {"id": 2}]}"#);
        assert_eq!(a, c);
        assert_ne!(a, parse(r#"{"items": [{"id": 1}, {"id": 3}]}"#));
        assert_ne!(Json::Number(1.0), Json::from("1"));
        assert_eq!(
            parse(r#"{"a": 1, "b": [2]}"#),
            parse(r#"{"b": [2], "a": 1}"#),
            "members in any order"
        );
        assert_ne!(parse(r#"{"a": 1, "b": 2}"#), parse(r#"{"a": 1, "c": 2}"#));
    }

    #[test]
    fn keys_are_shared_between_list_items() {
        let v = parse(r#"[{"state": "open"}, {"state": "closed"}]"#);
        let key = |i: usize| -> Option<*const u8> {
            v.as_array()?.get(i)?.as_object()?.entries.first().map(|(k, _)| k.as_ptr())
        };
        assert!(key(0).is_some());
        assert_eq!(key(0), key(1));
    }

    #[test]
    fn text_of_values() {
        assert_eq!(Json::Null.to_text(), "");
        assert_eq!(Json::from("s").to_text(), "s");
        assert_eq!(Json::from(-1.0).to_text(), "-1");
        assert_eq!(Json::from(1.5).to_text(), "1.5");
        assert_eq!(Json::from(true).to_text(), "true");
        assert_eq!(parse("[1, null]").to_text(), "[1,null]");
        assert_eq!(parse("{}").to_text(), "{}");
        let big = Json::from(vec![Json::from("é".repeat(5000))]);
        assert_eq!(big.to_text().chars().count(), MAX_TEXT_CHARS);
    }
}

#[cfg(test)]
mod speed {
    use super::*;

    /// `cargo test --release --lib json::speed -- --ignored --nocapture`: how fast 3.4 MB reads.
    #[test]
    #[ignore = "a measurement, not a test"]
    fn reading_speed() {
        let demo = Json::parse(include_str!("../../demo/loop-returns.json")).unwrap();
        let sample = demo["data"]["123"]["data"][0].to_string();
        let items: Vec<String> = (0..2000)
            .map(|i| sample.replacen("\"id\":", &format!("\"x\":{i},\"id\":"), 1))
            .collect();
        let text = format!("{{\"status\":\"success\",\"data\":[{}]}}", items.join(","));
        let t = std::time::Instant::now();
        for _ in 0..10 {
            let v = Json::parse(&text).unwrap();
            std::hint::black_box(&v);
        }
        println!("{} bytes: {:?} per read (with drop)", text.len(), t.elapsed() / 10);
    }
}
