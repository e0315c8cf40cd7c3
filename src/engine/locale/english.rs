//! The English locale (tests, and the browser's fallback when `Intl` refuses).
use super::Locale;
use crate::engine::date::{format_ldml_with, DateNames};

/// Deterministic English with a fixed offset: the tests' locale, and what the browser's falls back
/// to when `Intl` fails.
pub struct EnglishLocale {
    pub offset_minutes: i32,
}

impl EnglishLocale {
    fn fmt(&self, unix: f64, pattern: &str) -> String {
        format_ldml_with(unix, self.offset_minutes, pattern, &DateNames::english())
    }
}

/// A number's text (`-12345.5`, as JavaScript prints it) with its integer part grouped by
/// thousands (`-12,345.5`); text in another shape (an exponent, `NaN`) as it is.
pub fn grouped(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

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
