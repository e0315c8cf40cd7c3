//! Compiled for tests only: its parent declares it under #[cfg(test)].
use super::*;

fn later(text: &str) -> Result<Json, ParseError> {
    Json::parse_later(text.to_string(), &SharedShapes::default())
}

/// Whether `v` is an object kept as text and not read yet.
fn unread(v: &Json) -> bool {
    matches!(v, Json::Object(o) if matches!(&o.entries, Members::Later(l) if l.read.get().is_none()))
}

const ITEM: &str = r#"{"id":1,"state":"open","items":[{"a":"x\"y\\"}],"tags":["\ud83d\ude00","\u00e9\n","\ud83d"],"n":-1.5e+30,"o":{},"e":[]}"#;

#[test]
fn an_object_is_read_when_first_used_as_parsing_would() {
    let v = later(ITEM).unwrap();
    assert!(unread(&v), "kept as text");
    assert_eq!(v, Json::parse(ITEM).unwrap());
    assert!(!unread(&v), "comparing it read it");
    let v = later(ITEM).unwrap();
    assert_eq!(v["items"][0]["a"].as_str(), Some("x\"y\\"));
    assert_eq!(v["tags"][0].as_str(), Some("😀"));
    assert_eq!(v["tags"][2].as_str(), Some("\u{FFFD}"));
    assert_eq!(v.to_string(), Json::parse(ITEM).unwrap().to_string());
    let demo = Json::parse(include_str!("../../../../demo/loop-returns.json")).unwrap();
    let item = demo["data"]["123"]["data"][0].to_string();
    assert_eq!(later(&item).unwrap().to_string(), item);
}

#[test]
fn anything_else_is_read_now_with_the_same_result_or_error() {
    for text in ["1", "\"s\"", "null", "[{\"a\":1}]", "true", "{}"] {
        assert_eq!(later(text).ok(), Json::parse(text).ok(), "{text}");
    }
    let deep = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    assert!(unread(&later(&deep(MAX_DEPTH)).unwrap()), "100 levels: kept");
    assert_eq!(later(&deep(MAX_DEPTH)).unwrap(), Json::parse(&deep(MAX_DEPTH)).unwrap());
    assert_eq!(
        later(&deep(MAX_DEPTH + 1)).unwrap_err(),
        Json::parse(&deep(MAX_DEPTH + 1)).unwrap_err()
    );
    for bad in ["{", "{]", "{\"a\":[}", "{}x", "{} ", "{\"a}", "{\"a\\\"}"] {
        assert_eq!(later(bad).err(), Json::parse(bad).err(), "{bad}");
    }
}

#[test]
fn items_read_later_share_their_keys() {
    let shapes = SharedShapes::default();
    let read = |s: &str| Json::parse_later(s.to_string(), &shapes).unwrap();
    let (a, b) = (read(r#"{"state":"open"}"#), read(r#"{"state":"closed"}"#));
    assert!(unread(&a) && unread(&b));
    let key = |v: &Json| v.as_object().and_then(|o| o.entries().first().map(|(k, _)| k.clone()));
    assert_eq!(b["state"].as_str(), Some("closed"));
    assert!(Arc::ptr_eq(&key(&a).unwrap(), &key(&b).unwrap()));
}

#[test]
fn objects_kept_as_the_same_text_are_equal_unread() {
    let (a, b) = (later(ITEM).unwrap(), later(ITEM).unwrap());
    assert!(a == b && unread(&a) && unread(&b));
    let c = later(&ITEM.replace("open", "shut")).unwrap();
    assert_ne!(a, c);
    // The same members in another order: equal, as JSON means it.
    assert_eq!(later(r#"{"a":1,"b":2}"#).unwrap(), later(r#"{"b":2,"a":1}"#).unwrap());
}
