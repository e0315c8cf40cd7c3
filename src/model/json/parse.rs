//! Reading JSON text: leniently where JavaScript is (lone surrogates), strictly elsewhere, with a
//! depth limit; strings share the text they were read from.

use super::{parse_decimal, Json, Object, Str, MAX_DEPTH};
use std::fmt;
use std::sync::Arc;

/// The keys of the objects read last, by depth, kept from one text to the next: the items of a
/// list read one by one (as the JavaScript API reads them) then share their keys too, instead of
/// each allocating its own (issue 20).
#[derive(Default)]
pub struct Shapes(Vec<Vec<Arc<str>>>);

impl Json {
    pub(super) fn parse_text(source: Arc<String>, shapes: &mut Shapes) -> Result<Json, ParseError> {
        let text = source.as_str();
        let shapes_before = std::mem::take(&mut shapes.0);
        let mut p =
            Parser { source: &source, text, bytes: text.as_bytes(), pos: 0, shapes: shapes_before };
        p.skip_ws();
        let read = p.value(0).and_then(|v| {
            p.skip_ws();
            if p.pos < p.bytes.len() {
                return Err(p.error("unexpected text after the JSON value"));
            }
            Ok(v)
        });
        shapes.0 = p.shapes;
        read
    }
}

/// Why JSON text was refused, and where (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// The line where the text stops being JSON, from 1.
    pub line: usize,
    /// The column on that line, in characters, from 1.
    pub column: usize,
    /// What was expected there, in English (for developers: the sidebar shows line and column).
    pub message: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for ParseError {}

pub(super) struct Parser<'t> {
    source: &'t Arc<String>,
    text: &'t str,
    bytes: &'t [u8],
    pub(super) pos: usize,
    /// The keys of the last object read at each depth: the items of a list usually have the same
    /// keys in the same order, so they share them instead of each holding copies.
    shapes: Vec<Vec<Arc<str>>>,
}

impl<'t> Parser<'t> {
    /// A parser of `source` from `pos`, with the keys of `shapes` (taken: give them back with
    /// [`Parser::into_shapes`]).
    pub(super) fn at(source: &'t Arc<String>, pos: usize, shapes: &mut Shapes) -> Parser<'t> {
        let text = source.as_str();
        let shapes = std::mem::take(&mut shapes.0);
        Parser { source, text, bytes: text.as_bytes(), pos, shapes }
    }

    pub(super) fn into_shapes(self, shapes: &mut Shapes) {
        shapes.0 = self.shapes;
    }

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

    pub(super) fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
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
            return Ok(Json::Object(Arc::new(Object::read(members))));
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
                        Object::read(members)
                    } else {
                        let object = Object::new(members);
                        if self.shapes.len() <= depth {
                            self.shapes.resize_with(depth + 1, Vec::new);
                        }
                        if let Some(shape) = self.shapes.get_mut(depth) {
                            shape.clear();
                            shape.extend(object.entries().iter().map(|(k, _)| k.clone()));
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
