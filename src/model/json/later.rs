//! Objects read when first used (issue 20): the JavaScript API reads a host's list item by item,
//! and an item that is an object is kept as its JSON text, checked (it ends where it should and
//! nests at most 100 levels deep, so that reading it later cannot fail) but read the first time
//! one of its members is asked for. The 1,997 returns an agent does not see cost the copy of
//! their text and one scan of it, not their reading.

use super::parse::Parser;
use super::{Json, Later, Members, Object, ParseError, Shapes, Str, MAX_DEPTH};
use std::sync::{Arc, Mutex, OnceLock};

/// The keys of the objects read, shared by the items of a list read after them (see
/// [`Shapes`]), whenever they are read.
pub type SharedShapes = Arc<Mutex<Shapes>>;

impl Json {
    /// Reads `text` as [`Json::parse_owned_sharing`] does, with the same result and the same
    /// errors, except that an object is kept as its text and read when first used.
    pub fn parse_later(text: String, shapes: &SharedShapes) -> Result<Json, ParseError> {
        if text.starts_with('{') && ends_where_it_should(text.as_bytes()) {
            let raw = Str::own(text);
            let later = Later { raw, shapes: shapes.clone(), read: OnceLock::new() };
            return Ok(Json::Object(Arc::new(Object { entries: Members::Later(Box::new(later)) })));
        }
        // Anything else, and a text that does not pass the scan (so that the error is the
        // parser's own), is read now.
        let mut keys = take(shapes);
        let read = Json::parse_owned_sharing(text, &mut keys);
        give_back(shapes, keys);
        read
    }
}

/// Whether `bytes` are one object or array whose brackets match, nesting at most [`MAX_DEPTH`]
/// levels deep, with nothing after it: what a text that `JSON.stringify` wrote and that the
/// parser accepts looks like (the parser reads it later; a text that still does not read reads as
/// an empty object).
fn ends_where_it_should(bytes: &[u8]) -> bool {
    // The closing bracket of each container open, innermost last.
    let mut open = [0u8; MAX_DEPTH];
    let mut depth = 0;
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        pos += 1;
        match b {
            b'{' | b'[' => {
                let Some(slot) = open.get_mut(depth) else { return false };
                *slot = if b == b'{' { b'}' } else { b']' };
                depth += 1;
            }
            b'}' | b']' => {
                if depth == 0 || open.get(depth - 1) != Some(&b) {
                    return false;
                }
                depth -= 1;
                if depth == 0 {
                    return pos == bytes.len();
                }
            }
            b'"' => loop {
                let Some(rest) = bytes.get(pos..) else { return false };
                let Some(at) = rest.iter().position(|&c| c == b'"' || c == b'\\') else {
                    return false;
                };
                pos += at + 1;
                if bytes.get(pos - 1) == Some(&b'"') {
                    break;
                }
                pos += 1;
            },
            _ => {}
        }
    }
    false
}

fn take(shapes: &SharedShapes) -> Shapes {
    shapes.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default()
}

fn give_back(shapes: &SharedShapes, keys: Shapes) {
    if let Ok(mut s) = shapes.lock() {
        *s = keys;
    }
}

impl Later {
    /// The members, read from the text.
    pub(super) fn read_now(&self) -> Vec<(Arc<str>, Json)> {
        let mut keys = take(&self.shapes);
        let mut p = Parser::at(&self.raw.text, self.raw.start, &mut keys);
        let read = p.value(0).ok().filter(|_| p.pos == self.raw.start + self.raw.len);
        p.into_shapes(&mut keys);
        give_back(&self.shapes, keys);
        match read {
            Some(Json::Object(o)) => match Arc::try_unwrap(o) {
                Ok(Object { entries: Members::Read(entries) }) => entries,
                Ok(o) => o.entries().to_vec(),
                Err(o) => o.entries().to_vec(),
            },
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
