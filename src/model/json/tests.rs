//! Compiled for tests only: its parent declares it under #[cfg(test)].
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
    assert_eq!(Json::parse(&deep).map_err(|e| e.message), Err("nested more than 100 levels deep"));
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
    let text =
        format!("{{{}}}", (0..100).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(","));
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
        v.as_array()?.get(i)?.as_object()?.entries().first().map(|(k, _)| k.as_ptr())
    };
    assert!(key(0).is_some());
    assert_eq!(key(0), key(1));
}

/// Items read one text at a time (as the JavaScript API reads a list) share their keys too when
/// read with the same shapes; a different key at the same place is its own.
#[test]
fn items_read_apart_share_keys_through_shapes() {
    let mut shapes = Shapes::default();
    let mut read = |s: &str| Json::parse_owned_sharing(s.to_string(), &mut shapes).unwrap();
    let (a, b, c) =
        (read(r#"{"state": "open"}"#), read(r#"{"state": "closed"}"#), read(r#"{"x": 1}"#));
    let key = |v: &Json| v.as_object().and_then(|o| o.entries().first()).map(|(k, _)| k.clone());
    let (ka, kb, kc) = (key(&a).unwrap(), key(&b).unwrap(), key(&c).unwrap());
    assert!(Arc::ptr_eq(&ka, &kb), "the second item holds the first's key");
    assert_eq!((&*kc, b["state"].as_str()), ("x", Some("closed")));
    let apart = |s: &str| key(&Json::parse(s).unwrap()).unwrap();
    assert!(
        !Arc::ptr_eq(&apart(r#"{"state": 1}"#), &apart(r#"{"state": 2}"#)),
        "not shared without"
    );
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
