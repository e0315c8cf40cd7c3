//! Changed copies of a value, for the editor: each returns a new value that shares every untouched
//! part with the old one (a change deep in a template copies only the objects and arrays on the
//! way to it), keeps the order of the other members and items, and leaves the old value as it was
//! (undo keeps it). Applied to a value of the wrong kind they return it unchanged.

use super::{Json, Object};
use std::sync::Arc;

impl Json {
    /// The object with `key` set to `value`: replaced in its place when the key is there, else
    /// appended at the end. Anything but an object is returned unchanged.
    pub fn with_member(&self, key: &str, value: Json) -> Json {
        let Json::Object(o) = self else { return self.clone() };
        let mut entries = o.entries().to_vec();
        match entries.iter_mut().rev().find(|(k, _)| &**k == key) {
            Some(slot) => slot.1 = value,
            None => entries.push((Arc::from(key), value)),
        }
        Json::Object(Arc::new(Object::read(entries)))
    }

    /// The object without `key` (the others in their order). Anything but an object, or an object
    /// without that key, is returned unchanged.
    pub fn without_member(&self, key: &str) -> Json {
        let Json::Object(o) = self else { return self.clone() };
        if !o.contains_key(key) {
            return self.clone();
        }
        let entries = o.entries().iter().filter(|(k, _)| &**k != key).cloned().collect();
        Json::Object(Arc::new(Object::read(entries)))
    }

    /// The array with item `index` replaced by `value`. Anything but an array, or an index past
    /// its end, is returned unchanged.
    pub fn with_item(&self, index: usize, value: Json) -> Json {
        let Json::Array(items) = self else { return self.clone() };
        if index >= items.len() {
            return self.clone();
        }
        let mut items = items.to_vec();
        if let Some(slot) = items.get_mut(index) {
            *slot = value;
        }
        Json::from(items)
    }

    /// The array with `value` inserted before item `index` (an index past the end appends).
    /// Anything but an array is returned unchanged.
    pub fn inserting(&self, index: usize, value: Json) -> Json {
        let Json::Array(items) = self else { return self.clone() };
        let mut items = items.to_vec();
        items.insert(index.min(items.len()), value);
        Json::from(items)
    }

    /// The array without item `index`. Anything but an array, or an index past its end, is
    /// returned unchanged.
    pub fn removing(&self, index: usize) -> Json {
        let Json::Array(items) = self else { return self.clone() };
        if index >= items.len() {
            return self.clone();
        }
        let mut items = items.to_vec();
        items.remove(index);
        Json::from(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Json {
        Json::parse(s).unwrap()
    }

    #[test]
    fn members_are_replaced_in_place_or_appended() {
        let o = parse(r#"{"z": 1, "a": {"deep": [1, 2]}, "m": 3}"#);
        assert_eq!(o.with_member("a", Json::from("x")).to_string(), r#"{"z":1,"a":"x","m":3}"#);
        assert_eq!(
            o.with_member("new", Json::Null).to_string(),
            r#"{"z":1,"a":{"deep":[1,2]},"m":3,"new":null}"#
        );
        // The old value is untouched and the untouched members are shared, not copied.
        assert_eq!(o.to_string(), r#"{"z":1,"a":{"deep":[1,2]},"m":3}"#);
        let changed = o.with_member("z", Json::from(2.0));
        assert_eq!(changed["a"].identity(), o["a"].identity());
        assert_eq!(Json::from(1.0).with_member("a", Json::Null), Json::from(1.0));
    }

    #[test]
    fn members_are_removed_keeping_the_order_of_the_others() {
        let o = parse(r#"{"z": 1, "a": 2, "m": 3}"#);
        assert_eq!(o.without_member("a").to_string(), r#"{"z":1,"m":3}"#);
        assert_eq!(o.without_member("nope").to_string(), r#"{"z":1,"a":2,"m":3}"#);
        assert_eq!(
            o.without_member("nope").identity(),
            o.identity(),
            "no copy when nothing changes"
        );
        assert_eq!(parse("[1]").without_member("a").to_string(), "[1]");
    }

    #[test]
    fn items_are_replaced_inserted_and_removed() {
        let a = parse(r#"[1, {"x": 1}, 3]"#);
        assert_eq!(a.with_item(0, Json::from("a")).to_string(), r#"["a",{"x":1},3]"#);
        assert_eq!(a.with_item(3, Json::from("a")).to_string(), r#"[1,{"x":1},3]"#);
        assert_eq!(a.inserting(1, Json::Null).to_string(), r#"[1,null,{"x":1},3]"#);
        assert_eq!(a.inserting(0, Json::Null).to_string(), r#"[null,1,{"x":1},3]"#);
        assert_eq!(a.inserting(99, Json::Null).to_string(), r#"[1,{"x":1},3,null]"#);
        assert_eq!(a.removing(1).to_string(), "[1,3]");
        assert_eq!(a.removing(3).to_string(), r#"[1,{"x":1},3]"#);
        assert_eq!(a.removing(0).removing(0).removing(0).to_string(), "[]");
        assert_eq!(a.to_string(), r#"[1,{"x":1},3]"#, "the old array is untouched");
        let o = parse(r#"{"a": 1}"#);
        assert_eq!(o.inserting(0, Json::Null), o);
        assert_eq!(o.removing(0), o);
        assert_eq!(o.with_item(0, Json::Null), o);
    }
}
