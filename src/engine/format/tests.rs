//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! The display rules of each type, and the English locale.
use super::*;
use crate::engine::date::{days_from_civil, with_names, DateNames};
use crate::engine::locale::{grouped, EnglishLocale};
use crate::engine::vars::{interpolate, Purpose, Scope};
use crate::j as json;
use std::rc::Rc;

/// 2024-03-05 (a Tuesday) at 14:05:09 UTC.
const NOW: f64 = 1_709_647_509.0;
const UTC: EnglishLocale = EnglishLocale { offset_minutes: 0 };

fn show(ty: FieldType, v: Json) -> FieldValue {
    display_field(&ty, Some(&v), None, &UTC, NOW)
}
fn d(ty: FieldType, v: Json) -> Shown {
    show(ty, v).shown
}
fn txt(s: &str) -> Shown {
    Shown::Text(s.to_string())
}
fn at(y: i64, m: u32, day: u32, h: i64, min: i64) -> f64 {
    (days_from_civil(y, m, day) * 86400 + h * 3600 + min * 60) as f64
}

#[test]
fn missing_and_null_show_dash_for_every_type() {
    for ty in
        [FieldType::Text, FieldType::Boolean, FieldType::Date, FieldType::Url, FieldType::Guess]
    {
        let none = display_field(&ty, None, None, &UTC, NOW);
        assert_eq!(none, FieldValue { shown: Shown::Missing, copy: String::new(), full: None });
        assert_eq!(d(ty, Json::Null), Shown::Missing);
    }
}

#[test]
fn text_shows_strings_and_numbers_only() {
    assert_eq!(d(FieldType::Text, json!("hello")), txt("hello"));
    assert_eq!(d(FieldType::Text, json!(0)), txt("0"));
    assert_eq!(d(FieldType::Text, json!(12.5)), txt("12.5"));
    assert_eq!(d(FieldType::Text, json!("")), Shown::Missing, "an empty string shows - (SPEC 2)");
    assert_eq!(d(FieldType::Text, json!(true)), Shown::Missing);
    assert_eq!(d(FieldType::Text, json!({"a": 1})), Shown::Missing);
    assert_eq!(d(FieldType::Text, json!([1])), Shown::Missing);
    assert_eq!(show(FieldType::Text, json!("hello")).copy, "hello");
    assert_eq!(d(FieldType::Unknown("stars".into()), json!("x")), txt("x"));
}

#[test]
fn limit_cuts_shown_text_but_not_copy() {
    let v = json!("abcdefghij");
    let f = display_field(&FieldType::Text, Some(&v), Some(4), &UTC, NOW);
    assert_eq!(f.shown, txt("abcd…"));
    assert_eq!(f.copy, "abcdefghij");
    assert_eq!(f.full.as_deref(), Some("abcdefghij"));
    let f = display_field(&FieldType::Text, Some(&v), Some(10), &UTC, NOW);
    assert_eq!((f.shown, f.full), (txt("abcdefghij"), None));
}

#[test]
fn booleans() {
    for (v, b) in [
        (json!(true), true),
        (json!(false), false),
        (json!("true"), true),
        (json!("1"), true),
        (json!("false"), false),
        (json!("0"), false),
        (json!("yes"), false),
        (json!(1), true),
        (json!(-3), true),
        (json!(0), false),
        (json!(0.0), false),
    ] {
        let f = show(FieldType::Boolean, v.clone());
        assert_eq!(f.shown, Shown::Bool(b), "{v}");
        assert_eq!(f.copy, b.to_string());
    }
}

#[test]
fn date_labels_relative_to_now() {
    let label = |t: f64| match d(FieldType::Date, json!(t as i64)) {
        Shown::Date { label, .. } => label,
        other => format!("{other:?}"),
    };
    assert_eq!(label(at(2024, 3, 5, 9, 30)), "Today at 09:30");
    assert_eq!(label(at(2024, 3, 4, 23, 59)), "Yesterday at 23:59");
    assert_eq!(label(at(2024, 3, 3, 8, 0)), "Sunday at 08:00");
    assert_eq!(label(at(2024, 2, 28, 8, 0)), "Wednesday at 08:00");
    assert_eq!(label(at(2024, 2, 27, 8, 0)), "Feb 27, 2024");
    assert_eq!(label(at(2023, 12, 25, 8, 0)), "Dec 25, 2023");
    assert_eq!(label(at(2024, 3, 9, 8, 0)), "Mar 9, 2024"); // future
}

#[test]
fn date_full_and_copy_and_input_forms() {
    let f = show(FieldType::Date, json!("2024-03-05T14:05:09Z"));
    assert_eq!(
        f.shown,
        Shown::Date {
            label: "Today at 14:05".into(),
            full: "Tuesday, March 5, 2024 at 14:05:09".into()
        }
    );
    assert_eq!(f.copy, "2024-03-05T14:05:09Z");
    let f = show(FieldType::Date, json!("1709647509"));
    assert!(matches!(f.shown, Shown::Date { ref label, .. } if label == "Today at 14:05"));
    assert_eq!(f.copy, "1709647509");
    let f = show(FieldType::Date, json!(1_709_647_509_000u64));
    assert!(matches!(f.shown, Shown::Date { ref label, .. } if label == "Today at 14:05"));
}

#[test]
fn date_uses_locale_time_zone_for_day_boundaries() {
    // 23:30 UTC yesterday is 01:30 today in UTC+2.
    let plus2 = EnglishLocale { offset_minutes: 120 };
    let v = json!("2024-03-04T23:30:00Z");
    let f = display_field(&FieldType::Date, Some(&v), None, &plus2, NOW);
    assert!(matches!(f.shown, Shown::Date { ref label, .. } if label == "Today at 01:30"));
    let f = display_field(&FieldType::Date, Some(&v), None, &UTC, NOW);
    assert!(matches!(f.shown, Shown::Date { ref label, .. } if label == "Yesterday at 23:30"));
}

#[test]
fn unparsable_date_shown_as_it_came() {
    assert_eq!(d(FieldType::Date, json!("next tuesday")), txt("next tuesday"));
    assert_eq!(d(FieldType::Date, json!("2024-02-30")), txt("2024-02-30"));
    assert_eq!(d(FieldType::Date, json!(true)), txt("true"));
    assert!(!format!("{:?}", d(FieldType::Date, json!("x"))).contains("Invalid"));
}

/// Past what a browser's `Date` holds, a number is shown as it came, not "Invalid Date".
#[test]
fn a_date_beyond_what_a_browser_holds_is_text() {
    let v = json!(9_007_199_254_740_992u64);
    assert_eq!(d(FieldType::Date, v.clone()), txt("9007199254740992"));
    assert_eq!(d(FieldType::Age, v), txt("9007199254740992"));
    assert_eq!(d(FieldType::Date, json!("-9000000000000")), txt("-9000000000000"));
}

/// `datetime_format` writes the names of the locale the widget is drawn in (issue 16 item 10).
#[test]
fn datetime_format_names_come_from_the_locale() {
    struct French;
    impl Locale for French {
        fn offset_minutes(&self, unix: f64) -> i32 {
            UTC.offset_minutes(unix)
        }
        fn number(&self, n: f64) -> String {
            UTC.number(n)
        }
        fn time(&self, unix: f64) -> String {
            UTC.time(unix)
        }
        fn weekday(&self, unix: f64) -> String {
            UTC.weekday(unix)
        }
        fn short_date(&self, unix: f64) -> String {
            UTC.short_date(unix)
        }
        fn full_date_time(&self, unix: f64) -> String {
            UTC.full_date_time(unix)
        }
        fn date_names(&self) -> Rc<DateNames> {
            Rc::new(crate::engine::date::french_names())
        }
    }
    let data = json!({"at": "2024-03-05T14:05:09Z"});
    let scope =
        Scope { data: &data, globals: vec![], purpose: Purpose::Title, tz_offset_minutes: 0 };
    let title = r#"{{at | datetime_format("EEEE d MMMM")}}"#;
    let shown = |l: &dyn Locale| with_names(l.names_source(), || interpolate(title, &scope));
    assert_eq!(shown(&UTC), "Tuesday 5 March");
    assert_eq!(shown(&French), "mardi 5 mars");
    assert_eq!(interpolate(title, &scope), "Tuesday 5 March");
}

#[test]
fn age_in_years_with_birth_date() {
    assert_eq!(d(FieldType::Age, json!("1990-03-05")), txt("34 (1990-03-05)"));
    assert_eq!(d(FieldType::Age, json!("1990-03-06")), txt("33 (1990-03-06)"));
    assert_eq!(d(FieldType::Age, json!("2000-02-29")), txt("24 (2000-02-29)"));
    assert_eq!(d(FieldType::Age, json!("1985-12-31T00:00:00Z")), txt("38 (1985-12-31)"));
    assert_eq!(d(FieldType::Age, json!("unknown")), txt("unknown"));
    assert_eq!(show(FieldType::Age, json!("1990-03-05")).copy, "1990-03-05");
}

#[test]
fn urls_become_links_cut_to_60() {
    let f = show(FieldType::Url, json!(" HTTPS://shop.example.com/a "));
    assert_eq!(
        f.shown,
        Shown::Link {
            text: "HTTPS://shop.example.com/a".into(),
            href: "HTTPS://shop.example.com/a".into()
        }
    );
    let long = format!("https://example.com/{}", "x".repeat(100));
    let f = show(FieldType::Url, json!(long));
    let shown = format!("{}…", long.chars().take(60).collect::<String>());
    assert_eq!(f.shown, Shown::Link { text: shown, href: long.clone() });
    assert_eq!(f.full.as_deref(), Some(long.as_str()));
    assert_eq!(f.copy, long);
    let spaced = show(FieldType::Url, json!("https://shop.example/My Orders/12"));
    assert_eq!(
        spaced.shown,
        Shown::Link {
            text: "https://shop.example/My Orders/12".into(),
            href: "https://shop.example/My%20Orders/12".into()
        }
    );
    assert_eq!(d(FieldType::Url, json!("javascript:alert(1)")), txt("javascript:alert(1)"));
    assert_eq!(d(FieldType::Url, json!("ftp://x")), txt("ftp://x"));
    assert_eq!(d(FieldType::Url, json!("http")), txt("http"));
    assert_eq!(d(FieldType::Url, json!("é")), txt("é"));
    // the browser would read these as relative to the helpdesk page
    assert_eq!(d(FieldType::Url, json!("https:/../admin")), txt("https:/../admin"));
    assert_eq!(d(FieldType::Url, json!("h\u{1}ttps://x.y")), txt("h\u{1}ttps://x.y"));
    assert_eq!(d(FieldType::Url, json!(42)), txt("42"));
}

#[test]
fn url_respects_smaller_limit() {
    let v = json!("https://example.com/abc");
    let f = display_field(&FieldType::Url, Some(&v), Some(8), &UTC, NOW);
    assert_eq!(
        f.shown,
        Shown::Link { text: "https://…".into(), href: "https://example.com/abc".into() }
    );
    assert_eq!(f.full.as_deref(), Some("https://example.com/abc"));
}

#[test]
fn emails() {
    assert_eq!(
        d(FieldType::Email, json!(" jane.doe+shop@example.co.uk ")),
        Shown::Link {
            text: "jane.doe+shop@example.co.uk".into(),
            href: "mailto:jane.doe+shop@example.co.uk".into()
        }
    );
    for bad in [
        "jane",
        "@example.com",
        "jane@example",
        "a@b@c.com",
        "ja ne@x.com",
        "a@.com",
        "a@x.com?cc=b@y.com",
        "a@x.",
    ] {
        assert_eq!(d(FieldType::Email, json!(bad)), txt(bad), "{bad}");
    }
}

#[test]
fn arrays_joined() {
    assert_eq!(d(FieldType::Array, json!(["vip", "b2b"])), txt("vip, b2b"));
    assert_eq!(
        d(FieldType::Array, json!([5, null, 9])),
        txt("5, -, 9"),
        "a null item shows - in its place"
    );
    assert_eq!(d(FieldType::Array, json!([1, true, "x", null, ""])), txt("1, true, x, -, -"));
    assert_eq!(
        d(FieldType::Array, json!([{"a": 1}, [2]])),
        Shown::Lines(vec!["1".into(), "2".into()])
    );
    assert_eq!(d(FieldType::Array, json!([])), Shown::Missing);
    assert_eq!(d(FieldType::Array, json!("solo")), txt("solo"));
    assert_eq!(d(FieldType::Array, json!({"a": 1})), Shown::Missing);
}

#[test]
fn sentiments() {
    for (v, s) in [
        (json!(0.4), Sentiment::Positive),
        (json!(0.9), Sentiment::Positive),
        (json!(-0.4), Sentiment::Negative),
        (json!("-0.7"), Sentiment::Negative),
        (json!(0), Sentiment::Inconclusive),
        (json!(0.39), Sentiment::Inconclusive),
    ] {
        assert_eq!(d(FieldType::Sentiment, v), Shown::Sentiment(s));
    }
    assert_eq!(d(FieldType::Sentiment, json!("great")), Shown::Missing);
}

#[test]
fn ratings_points_percent() {
    assert_eq!(d(FieldType::Rating, json!(4.5)), Shown::Rating { value: 4.5, text: "4.5".into() });
    assert_eq!(d(FieldType::Rating, json!(4)), Shown::Rating { value: 4.0, text: "4".into() });
    assert_eq!(d(FieldType::Points, json!(12345.5)), Shown::Points("12,345.5".into()));
    assert_eq!(show(FieldType::Points, json!(12345.5)).copy, "12345.5");
    assert_eq!(d(FieldType::Percent, json!(42)), Shown::Percent("42%".into()));
    assert_eq!(d(FieldType::Percent, json!(12.5)), Shown::Percent("12.5%".into()));
    assert_eq!(d(FieldType::Percent, json!(" 7.25 ")), Shown::Percent("7.25%".into()));
    assert_eq!(d(FieldType::Percent, json!("lots")), txt("lots"));
    assert_eq!(d(FieldType::Points, json!(true)), Shown::Missing);
}

#[test]
fn guessed_types() {
    assert_eq!(guess_type(&json!(true)), FieldType::Boolean);
    assert_eq!(guess_type(&json!([1])), FieldType::Array);
    assert_eq!(guess_type(&json!("x")), FieldType::Text);
    assert_eq!(guess_type(&json!(3)), FieldType::Text);
    assert_eq!(d(FieldType::Guess, json!(false)), Shown::Bool(false));
    assert_eq!(d(FieldType::Guess, json!(["a", "b"])), txt("a, b"));
    assert_eq!(d(FieldType::Guess, json!(0)), txt("0"));
    assert_eq!(d(FieldType::Guess, json!({"a": 1})), Shown::Missing);
}

#[test]
fn arrays_of_objects_show_one_line_per_item_never_raw_json() {
    // A Shopify customer's addresses.
    let addresses = Json::parse(
        r#"[
        {"address1": "1 Main St", "address2": null, "city": "Paris", "zip": "75001", "country": "France", "default": true, "company": ""},
        {"address1": "2 Side St", "city": "Lyon", "province": null, "geo": {"lat": 1}, "tags": ["a"]},
        {"all": null},
        null
    ]"#,
    )
    .unwrap();
    let f = show(FieldType::Array, addresses);
    assert_eq!(
        f.shown,
        Shown::Lines(vec![
            "1 Main St, Paris, 75001, France, true".into(),
            "2 Side St, Lyon".into(),
            "-".into(),
            "-".into()
        ])
    );
    assert_eq!(f.copy, "1 Main St, Paris, 75001, France, true\n2 Side St, Lyon\n-\n-");
    assert!(!f.copy.contains("null") && !f.copy.contains('{'));
}

#[test]
fn empty_strings_show_dash_for_every_type() {
    for ty in [
        FieldType::Text,
        FieldType::Url,
        FieldType::Email,
        FieldType::Date,
        FieldType::Guess,
        FieldType::Points,
    ] {
        assert_eq!(d(ty.clone(), json!("")), Shown::Missing, "{ty:?}");
    }
}

#[test]
fn empty_values() {
    for v in [json!(null), json!(false), json!(""), json!([]), json!({})] {
        assert!(is_empty_value(Some(&v)), "{v}");
    }
    assert!(is_empty_value(None));
    for v in [json!(0), json!(0.0), json!(true), json!(" "), json!([0]), json!({"a": null})] {
        assert!(!is_empty_value(Some(&v)), "{v}");
    }
}

#[test]
fn truncation_counts_characters_not_bytes() {
    assert_eq!(truncate_chars("héllo wörld", 5), ("héllo…".to_string(), true));
    assert_eq!(truncate_chars("日本語", 3), ("日本語".to_string(), false));
    assert_eq!(truncate_chars("日本語", 2), ("日本…".to_string(), true));
    assert_eq!(truncate_chars("abc", 0), ("…".to_string(), true));
    assert_eq!(truncate_chars("", 0), (String::new(), false));
}

#[test]
fn english_locale_numbers_and_dates() {
    let n = |x: f64| UTC.number(x);
    assert_eq!(n(12345.5), "12,345.5");
    assert_eq!(n(-1234.0), "-1,234");
    assert_eq!(n(0.25), "0.25");
    assert_eq!(n(0.0), "0");
    assert_eq!(n(999.999), "1,000");
    assert_eq!(n(1234567.891), "1,234,567.89");
    assert_eq!(n(-0.001), "0");
    assert_eq!(n(100.0), "100");
    assert_eq!(UTC.time(NOW), "14:05");
    assert_eq!(UTC.weekday(NOW), "Tuesday");
    assert_eq!(UTC.short_date(NOW), "Mar 5, 2024");
    assert_eq!(UTC.full_date_time(NOW), "Tuesday, March 5, 2024 at 14:05:09");
    let tokyo = EnglishLocale { offset_minutes: 540 };
    assert_eq!(tokyo.time(NOW), "23:05");
}

#[test]
fn the_browsers_fallback_groups_javascripts_number_text() {
    assert_eq!(grouped("12345.5"), "12,345.5");
    assert_eq!(grouped("-1234567"), "-1,234,567");
    assert_eq!(grouped("999"), "999");
    assert_eq!(grouped("0.000123"), "0.000123");
    assert_eq!(grouped("1e+21"), "1e+21");
    assert_eq!(grouped("NaN"), "NaN");
    assert_eq!(grouped("-Infinity"), "-Infinity");
    assert_eq!(grouped(""), "");
}
