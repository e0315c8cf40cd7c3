//! How a leaf's value is displayed, by its type (SPEC 2, "Leaves").
use crate::engine::date::{civil, local_day, parse_datetime};
use crate::engine::safety::safe_http_url;
use crate::model::json::parse_decimal;
use crate::model::{FieldType, Json};

use crate::engine::locale::Locale;

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
mod tests;
