//! How a leaf's value is displayed, by its type (SPEC 2, "Leaves").
#[cfg(test)]
use crate::engine::date::format_ldml;
use crate::engine::date::{civil, local_day, parse_datetime};
use crate::engine::messages::{Messages, Msg};
use crate::engine::safety::safe_http_url;
use crate::model::json::parse_decimal;
use crate::model::{FieldType, Json};

/// Locale-dependent pieces; the browser implements it with Intl, tests use [`EnglishLocale`].
pub trait Locale {
    /// Local time = UTC + this many minutes, at that instant.
    fn offset_minutes(&self, unix: f64) -> i32;
    /// "12,345.5"
    fn number(&self, n: f64) -> String;
    /// "14:05"
    fn time(&self, unix: f64) -> String;
    /// "Monday"
    fn weekday(&self, unix: f64) -> String;
    /// "Mar 5, 2024"
    fn short_date(&self, unix: f64) -> String;
    /// "Tuesday, March 5, 2024 at 14:05:09"
    fn full_date_time(&self, unix: f64) -> String;
    fn today_at(&self, time: &str) -> String {
        Messages::default().fill(Msg::TodayAt, &[("time", time)])
    }
    fn yesterday_at(&self, time: &str) -> String {
        Messages::default().fill(Msg::YesterdayAt, &[("time", time)])
    }
    fn weekday_at(&self, weekday: &str, time: &str) -> String {
        Messages::default().fill(Msg::WeekdayAt, &[("weekday", weekday), ("time", time)])
    }
}

/// Deterministic English with a fixed offset, for tests.
#[cfg(test)]
pub struct EnglishLocale {
    pub offset_minutes: i32,
}

#[cfg(test)]
impl EnglishLocale {
    fn fmt(&self, unix: f64, pattern: &str) -> String {
        format_ldml(unix, self.offset_minutes, pattern)
    }
}

#[cfg(test)]
impl Locale for EnglishLocale {
    fn offset_minutes(&self, _unix: f64) -> i32 {
        self.offset_minutes
    }
    fn number(&self, n: f64) -> String {
        if !n.is_finite() {
            return n.to_string();
        }
        let fixed = format!("{:.2}", n.abs());
        let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let frac = frac.trim_end_matches('0');
        let mut out = String::new();
        if n < 0.0 && (int != "0" || !frac.is_empty()) {
            out.push('-');
        }
        let len = int.chars().count();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (len - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }
    fn time(&self, unix: f64) -> String {
        self.fmt(unix, "HH:mm")
    }
    fn weekday(&self, unix: f64) -> String {
        self.fmt(unix, "EEEE")
    }
    fn short_date(&self, unix: f64) -> String {
        self.fmt(unix, "MMM d, yyyy")
    }
    fn full_date_time(&self, unix: f64) -> String {
        self.fmt(unix, "EEEE, MMMM d, yyyy 'at' HH:mm:ss")
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sentiment {
    Positive,
    Negative,
    Inconclusive,
}

/// How a leaf's value is shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// Shows "-".
    Missing,
    Text(String),
    /// One line per item: an `array` of objects (SPEC 2).
    Lines(Vec<String>),
    /// True/False badge.
    Bool(bool),
    /// Calendar label, full date-time on hover.
    Date {
        label: String,
        full: String,
    },
    /// A URL (text cut to 60 chars with "…") or a mailto: link.
    Link {
        text: String,
        href: String,
    },
    Sentiment(Sentiment),
    /// `text` = the number as shown, e.g. "4.5".
    Rating {
        value: f64,
        text: String,
    },
    /// Locale-formatted number.
    Points(String),
    /// E.g. "42%".
    Percent(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldValue {
    pub shown: Shown,
    /// What the copy-to-clipboard control copies (the full value; "" when missing).
    pub copy: String,
    /// Full value on hover when the shown text was cut by `meta.limit`.
    pub full: Option<String>,
}

/// Link texts of URLs are cut to this many characters.
const URL_TEXT_MAX: usize = 60;

fn plain(shown: Shown, copy: String) -> FieldValue {
    FieldValue { shown, copy, full: None }
}

fn missing() -> FieldValue {
    plain(Shown::Missing, String::new())
}

/// Text display, cut to `limit` characters with the whole text on hover.
fn text(s: String, limit: Option<usize>) -> FieldValue {
    let (shown, cut) = limit.map_or((s.clone(), false), |l| truncate_chars(&s, l));
    FieldValue { shown: Shown::Text(shown), full: cut.then(|| s.clone()), copy: s }
}

/// A string or number as it is; None for anything else.
fn as_text(v: &Json) -> Option<String> {
    match v {
        Json::String(_) | Json::Number(_) => Some(v.to_text()),
        _ => None,
    }
}

/// The value as it came: strings as they are, anything else as compact JSON.
fn raw_text(v: &Json) -> String {
    as_text(v).unwrap_or_else(|| v.to_string())
}

/// A number, or a string holding one.
pub fn as_number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => Some(*n),
        Json::String(s) => parse_decimal(s.trim()).filter(|n| n.is_finite()),
        _ => None,
    }
}

fn text_rule(v: &Json, limit: Option<usize>) -> FieldValue {
    as_text(v).map_or_else(missing, |s| text(s, limit))
}

/// An e-mail address as the `email` type shows it as a link (and the generator picks that type).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || "@<>()[]\\,;:\"?#/".contains(c);
    !local.is_empty()
        && !local.chars().any(bad)
        && !domain.chars().any(bad)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// An item of an `array` field: scalars as text, null as "-", an object (or array) as its
/// non-empty scalar values joined with ", " (SPEC 2: Shopify addresses), never raw JSON.
fn array_item_text(v: &Json) -> String {
    let scalars: Vec<String> = match v {
        Json::Null => return "-".into(),
        Json::Object(o) => o
            .iter()
            .map(|(_, x)| x)
            .filter(|x| is_scalar(x) && !is_empty_value(Some(x)))
            .map(Json::to_text)
            .collect(),
        Json::Array(a) => a
            .iter()
            .filter(|x| is_scalar(x) && !is_empty_value(Some(x)))
            .map(Json::to_text)
            .collect(),
        Json::String(s) if s.is_empty() => return "-".into(),
        other => return other.to_text(),
    };
    if scalars.is_empty() {
        "-".into()
    } else {
        scalars.join(", ")
    }
}

fn is_scalar(v: &Json) -> bool {
    matches!(v, Json::Bool(_) | Json::Number(_) | Json::String(_))
}

pub fn display_field(
    ty: &FieldType,
    value: Option<&Json>,
    limit: Option<usize>,
    locale: &dyn Locale,
    now_unix: f64,
) -> FieldValue {
    let v = match value {
        // SPEC 2: missing, null and an empty string all show "-", whatever the type.
        None | Some(Json::Null) => return missing(),
        Some(Json::String(s)) if s.is_empty() => return missing(),
        Some(v) => v,
    };
    match ty {
        FieldType::Text | FieldType::Unknown(_) => text_rule(v, limit),
        FieldType::Guess => display_field(&guess_type(v), Some(v), limit, locale, now_unix),
        FieldType::Boolean => {
            let b = match v {
                Json::Bool(b) => *b,
                Json::String(s) => {
                    let s = s.trim();
                    s.eq_ignore_ascii_case("true") || s == "1"
                }
                Json::Number(n) => *n != 0.0,
                _ => return missing(),
            };
            plain(Shown::Bool(b), b.to_string())
        }
        FieldType::Date => match parse_datetime(v) {
            None => text(raw_text(v), limit),
            Some(t) => {
                let day = local_day(t, locale.offset_minutes(t));
                let today = local_day(now_unix, locale.offset_minutes(now_unix));
                let label = match today - day {
                    0 => locale.today_at(&locale.time(t)),
                    1 => locale.yesterday_at(&locale.time(t)),
                    2..=6 => locale.weekday_at(&locale.weekday(t), &locale.time(t)),
                    _ => locale.short_date(t),
                };
                plain(Shown::Date { label, full: locale.full_date_time(t) }, raw_text(v))
            }
        },
        FieldType::Age => match parse_datetime(v) {
            None => text(raw_text(v), limit),
            Some(t) => {
                let b = civil(t, 0);
                let n = civil(now_unix, locale.offset_minutes(now_unix));
                let years = n.year - b.year - i64::from((n.month, n.day) < (b.month, b.day));
                let shown = format!("{years} ({:04}-{:02}-{:02})", b.year, b.month, b.day);
                plain(Shown::Text(shown), raw_text(v))
            }
        },
        FieldType::Url => match v {
            Json::String(s) => match safe_http_url(s) {
                None => text(s.to_string(), limit),
                Some(href) => {
                    // The value as written (a space stays a space); the link as the browser reads it.
                    let written = s.trim().to_string();
                    let max = limit.map_or(URL_TEXT_MAX, |l| l.min(URL_TEXT_MAX));
                    let (shown, cut) = truncate_chars(&written, max);
                    FieldValue {
                        shown: Shown::Link { text: shown, href },
                        full: cut.then(|| written.clone()),
                        copy: written,
                    }
                }
            },
            _ => text_rule(v, limit),
        },
        FieldType::Email => match v {
            Json::String(s) if is_email(s.trim()) => {
                let addr = s.trim();
                let (shown, cut) =
                    limit.map_or((addr.to_string(), false), |l| truncate_chars(addr, l));
                FieldValue {
                    shown: Shown::Link { text: shown, href: format!("mailto:{addr}") },
                    copy: addr.to_string(),
                    full: cut.then(|| addr.to_string()),
                }
            }
            _ => text_rule(v, limit),
        },
        FieldType::Array => match v {
            Json::Array(items) if items.is_empty() => missing(),
            Json::Array(items) => {
                let lines: Vec<String> = items.iter().map(array_item_text).collect();
                if items.iter().any(|i| matches!(i, Json::Object(_) | Json::Array(_))) {
                    let copy = lines.join("\n");
                    plain(Shown::Lines(lines), copy)
                } else {
                    text(lines.join(", "), limit)
                }
            }
            _ => text_rule(v, limit),
        },
        FieldType::Sentiment => match as_number(v) {
            Some(n) => {
                let s = if n >= 0.4 {
                    Sentiment::Positive
                } else if n <= -0.4 {
                    Sentiment::Negative
                } else {
                    Sentiment::Inconclusive
                };
                plain(Shown::Sentiment(s), raw_text(v))
            }
            None => missing(),
        },
        FieldType::Rating | FieldType::Points | FieldType::Percent => match as_number(v) {
            Some(n) => {
                let shown = match v {
                    Json::String(s) => s.trim().to_string(),
                    _ => raw_text(v),
                };
                let display = match ty {
                    FieldType::Rating => Shown::Rating { value: n, text: shown.clone() },
                    FieldType::Points => Shown::Points(locale.number(n)),
                    _ => Shown::Percent(format!("{shown}%")),
                };
                plain(display, shown)
            }
            None => text_rule(v, limit),
        },
    }
}

/// The type of a leaf without `type`: booleans and arrays are recognised, the rest is text.
pub fn guess_type(v: &Json) -> FieldType {
    match v {
        Json::Bool(_) => FieldType::Boolean,
        Json::Array(_) => FieldType::Array,
        _ => FieldType::Text,
    }
}

/// SPEC "Empty widgets": missing, null, false, "", [] and {} are empty; numbers (0 too) are not.
pub fn is_empty_value(v: Option<&Json>) -> bool {
    match v {
        None | Some(Json::Null) | Some(Json::Bool(false)) => true,
        Some(Json::String(s)) => s.is_empty(),
        Some(Json::Array(a)) => a.is_empty(),
        Some(Json::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}

/// Cuts `s` to `max` characters followed by "…"; the flag says whether it was cut. The one
/// truncation rule of the sidebar (field values, titles, messages).
pub fn truncate_chars(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((i, _)) => (format!("{}…", s.get(..i).unwrap_or(s)), true),
        None => (s.to_string(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::date::days_from_civil;
    use crate::j as json;

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
        assert_eq!(
            d(FieldType::Text, json!("")),
            Shown::Missing,
            "an empty string shows - (SPEC 2)"
        );
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
        assert_eq!(
            d(FieldType::Rating, json!(4.5)),
            Shown::Rating { value: 4.5, text: "4.5".into() }
        );
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
}
