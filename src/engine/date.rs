//! Date parsing (ISO 8601, Unix seconds) and LDML formatting, without a date crate.
use crate::model::json::parse_decimal;
use crate::model::Json;
use std::cell::RefCell;
use std::rc::Rc;

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const MONTHS_SHORT: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/// Monday first, like [`Civil::weekday`].
pub const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
pub const WEEKDAYS_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Instants are clamped to about ±31 million years, so the arithmetic never overflows.
const MAX_SECONDS: f64 = 1e15;
/// What a browser's `Date` holds: ±8.64e15 ms (ECMA-262's time values). A value past it is not a
/// date: `Intl` would throw on it and `Date` show "Invalid Date".
pub const DATE_LIMIT_SECONDS: f64 = 8.64e12;

/// Seconds since the Unix epoch, or None when the value is not a date.
pub fn parse_datetime(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => from_number(*n),
        Json::String(s) => {
            let s = s.trim();
            match parse_decimal(s) {
                Some(n) => from_number(n),
                None => parse_iso(s),
            }
        }
        _ => None,
    }
}

/// Unix seconds, or milliseconds when the number is too big to be seconds.
fn from_number(n: f64) -> Option<f64> {
    let n = if n > 1e11 { n / 1000.0 } else { n };
    (n.is_finite() && n.abs() <= DATE_LIMIT_SECONDS).then_some(n)
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.i += 1;
        }
        hit
    }
    fn digit(&mut self) -> Option<u32> {
        let d = self.peek().filter(u8::is_ascii_digit)?;
        self.i += 1;
        Some(u32::from(d - b'0'))
    }
    fn num(&mut self, n: usize) -> Option<u32> {
        (0..n).try_fold(0, |v, _| Some(v * 10 + self.digit()?))
    }
}

fn parse_iso(s: &str) -> Option<f64> {
    let mut c = Cursor { b: s.as_bytes(), i: 0 };
    let year = i64::from(c.num(4)?);
    c.eat(b'-').then_some(())?;
    let month = c.num(2)?;
    c.eat(b'-').then_some(())?;
    let day = c.num(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86400.0;
    if matches!(c.peek(), Some(b'T' | b't' | b' ')) {
        c.i += 1;
        let hour = c.num(2)?;
        c.eat(b':').then_some(())?;
        let minute = c.num(2)?;
        let mut second = 0.0;
        if c.eat(b':') {
            second = f64::from(c.num(2)?);
            if c.eat(b'.') || c.eat(b',') {
                let mut scale = 0.1;
                second += f64::from(c.digit()?) * scale;
                while let Some(d) = c.digit() {
                    scale /= 10.0;
                    second += f64::from(d) * scale;
                }
            }
        }
        if hour > 23 || minute > 59 || second >= 61.0 {
            return None;
        }
        secs += f64::from(hour * 3600 + minute * 60) + second;
        if !c.eat(b'Z') && !c.eat(b'z') {
            let sign = match c.peek() {
                Some(b'+') => 1.0,
                Some(b'-') => -1.0,
                _ => 0.0,
            };
            if sign != 0.0 {
                c.i += 1;
                let oh = c.num(2)?;
                let om = if c.eat(b':') || c.peek().is_some_and(|b| b.is_ascii_digit()) {
                    c.num(2)?
                } else {
                    0
                };
                if oh > 23 || om > 59 {
                    return None;
                }
                secs -= sign * f64::from(oh * 3600 + om * 60);
            }
        }
    }
    (c.i == c.b.len()).then_some(secs)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let (m, d) = (i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A local calendar date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    /// 1-12
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Monday .. 6 = Sunday
    pub weekday: u32,
}

/// Local seconds since the epoch (UTC + offset), whole seconds, clamped.
fn local_seconds(unix: f64, offset_minutes: i32) -> i64 {
    let t = if unix.is_finite() { unix.clamp(-MAX_SECONDS, MAX_SECONDS).floor() as i64 } else { 0 };
    t + i64::from(offset_minutes) * 60
}

/// The local day number (days since 1970-01-01 in local time) of an instant.
pub fn local_day(unix: f64, offset_minutes: i32) -> i64 {
    local_seconds(unix, offset_minutes).div_euclid(86400)
}

/// The local calendar date and time of an instant: local = UTC + `offset_minutes`.
pub fn civil(unix: f64, offset_minutes: i32) -> Civil {
    let secs = local_seconds(unix, offset_minutes);
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem / 60 % 60,
        second: rem % 60,
        weekday: (days + 3).rem_euclid(7) as u32,
    }
}

/// The names an LDML pattern writes: months and weekdays as they read inside a date ("5 марта",
/// not the stand-alone "март"), and the day periods. The browser's come from `Intl` for the
/// sidebar's language (`Locale::date_names`); a missing name is English.
#[derive(Clone, Debug, PartialEq)]
pub struct DateNames {
    pub months: Vec<String>,
    pub months_short: Vec<String>,
    /// Monday first, like [`Civil::weekday`].
    pub weekdays: Vec<String>,
    pub weekdays_short: Vec<String>,
    pub am: String,
    pub pm: String,
}

impl DateNames {
    pub fn english() -> DateNames {
        let owned = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        DateNames {
            months: owned(&MONTHS),
            months_short: owned(&MONTHS_SHORT),
            weekdays: owned(&WEEKDAYS),
            weekdays_short: owned(&WEEKDAYS_SHORT),
            am: "AM".into(),
            pm: "PM".into(),
        }
    }
}

thread_local! {
    /// The names [`format_ldml`] writes while [`with_names`] runs; English otherwise.
    static NAMES: RefCell<Option<NamesSource>> = const { RefCell::new(None) };
}

/// Where the month and day names come from, asked only when a pattern writes one: reading them
/// from the browser's `Intl` costs time (on a page's first `Intl` call, tens of milliseconds), which
/// a widget without `datetime_format` should not pay (issue 20).
pub type NamesSource = Rc<dyn Fn() -> Rc<DateNames>>;

/// Runs `f` with `names` as the names [`format_ldml`] writes (the `datetime_format` filter, whose
/// callers know no locale), then puts back the previous ones.
pub fn with_names<R>(names: NamesSource, f: impl FnOnce() -> R) -> R {
    let set = |n: Option<NamesSource>| {
        NAMES.with(|cell| cell.try_borrow_mut().map(|mut c| std::mem::replace(&mut *c, n)).ok())
    };
    let before = set(Some(names)).flatten();
    let out = f();
    set(before);
    out
}

/// Formats an instant with an LDML pattern (see the module tests for the letters), with the names
/// of [`with_names`], else English.
pub fn format_ldml(unix: f64, offset_minutes: i32, pattern: &str) -> String {
    let names = NAMES.with(|cell| cell.try_borrow().ok().and_then(|n| n.clone()));
    match names {
        Some(names) => format_ldml_with(unix, offset_minutes, pattern, &names()),
        None => format_ldml_with(unix, offset_minutes, pattern, &DateNames::english()),
    }
}

/// Formats an instant with an LDML pattern and these names.
pub fn format_ldml_with(
    unix: f64,
    offset_minutes: i32,
    pattern: &str,
    names: &DateNames,
) -> String {
    let c = civil(unix, offset_minutes);
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\'' {
            if chars.next_if_eq(&'\'').is_some() {
                out.push('\'');
                continue;
            }
            while let Some(q) = chars.next() {
                if q != '\'' {
                    out.push(q);
                } else if chars.next_if_eq(&'\'').is_some() {
                    out.push('\'');
                } else {
                    break;
                }
            }
            continue;
        }
        let mut n = 1;
        while chars.next_if_eq(&ch).is_some() {
            n += 1;
        }
        field(&mut out, ch, n, &c, names);
    }
    out
}

fn field(out: &mut String, ch: char, n: usize, c: &Civil, names: &DateNames) {
    let num = |v: u32| {
        if n >= 2 {
            format!("{v:02}")
        } else {
            v.to_string()
        }
    };
    let month = (c.month as usize).wrapping_sub(1);
    let wd = c.weekday as usize;
    let name = |own: &[String], english: &[&str], i: usize| {
        own.get(i).map(String::as_str).or_else(|| english.get(i).copied()).unwrap_or("").to_string()
    };
    let s = match ch {
        'y' | 'Y' if n == 2 => format!("{:02}", c.year.rem_euclid(100)),
        'y' | 'Y' => format!("{:0n$}", c.year),
        'M' if n >= 4 => name(&names.months, &MONTHS, month),
        'M' if n == 3 => name(&names.months_short, &MONTHS_SHORT, month),
        'M' => num(c.month),
        'd' => num(c.day),
        'E' if n >= 4 => name(&names.weekdays, &WEEKDAYS, wd),
        'E' => name(&names.weekdays_short, &WEEKDAYS_SHORT, wd),
        'H' => num(c.hour),
        'h' => num(if c.hour.is_multiple_of(12) { 12 } else { c.hour % 12 }),
        'm' => num(c.minute),
        's' => num(c.second),
        'a' => (if c.hour < 12 { &names.am } else { &names.pm }).clone(),
        _ => std::iter::repeat_n(ch, n).collect(),
    };
    out.push_str(&s);
}

/// French names, for the tests of the names' plumbing.
#[cfg(test)]
pub fn french_names() -> DateNames {
    let names = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
    DateNames {
        months: names(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        ),
        months_short: names("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
        weekdays: names("lundi mardi mercredi jeudi vendredi samedi dimanche"),
        weekdays_short: names("lun. mar. mer. jeu. ven. sam. dim."),
        ..DateNames::english()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    fn p(s: &str) -> Option<f64> {
        parse_datetime(&json!(s))
    }

    // 2024-03-05T14:05:09Z, a Tuesday.
    const T: f64 = 1_709_647_509.0;

    #[test]
    fn days_from_civil_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 3, 5), 19_787);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(1900, 1, 1), -25_567);
    }

    #[test]
    fn civil_round_trips_every_day_over_centuries() {
        let mut d = days_from_civil(1890, 1, 1);
        while d < days_from_civil(2110, 1, 1) {
            let c = civil(d as f64 * 86400.0, 0);
            assert_eq!(days_from_civil(c.year, c.month, c.day), d);
            d += 1;
        }
    }

    #[test]
    fn civil_fields_and_weekday() {
        let c = civil(T, 0);
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.second), (2024, 3, 5, 14, 5, 9));
        assert_eq!(c.weekday, 1); // Tuesday
        assert_eq!(civil(0.0, 0).weekday, 3); // 1970-01-01 was a Thursday
        let leap = civil(days_from_civil(2024, 2, 29) as f64 * 86400.0, 0);
        assert_eq!((leap.month, leap.day), (2, 29));
    }

    #[test]
    fn civil_applies_offset_across_midnight() {
        let c = civil(T, 10 * 60); // UTC+10: 00:05 next day
        assert_eq!((c.day, c.hour, c.minute, c.weekday), (6, 0, 5, 2));
        let c = civil(days_from_civil(2024, 1, 1) as f64 * 86400.0, -60);
        assert_eq!((c.year, c.month, c.day, c.hour), (2023, 12, 31, 23));
        let c = civil(-1.0, 0);
        assert_eq!((c.year, c.month, c.day, c.second), (1969, 12, 31, 59));
    }

    #[test]
    fn civil_never_panics_on_extreme_values() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300] {
            let _ = civil(v, i32::MAX);
            let _ = civil(v, i32::MIN);
            let _ = format_ldml(v, 0, "yyyy-MM-dd EEEE MMMM");
        }
    }

    #[test]
    fn parses_numbers_as_seconds_or_millis() {
        assert_eq!(parse_datetime(&json!(1_709_647_509)), Some(T));
        assert_eq!(parse_datetime(&json!(1_709_647_509_000u64)), Some(T));
        assert_eq!(parse_datetime(&json!(1_709_647_509.5)), Some(T + 0.5));
        assert_eq!(parse_datetime(&json!(0)), Some(0.0));
        assert_eq!(parse_datetime(&json!(-86400)), Some(-86400.0));
        assert_eq!(p("1709647509"), Some(T));
        assert_eq!(p(" 1709647509000 "), Some(T));
    }

    #[test]
    fn parses_iso_forms() {
        let day = days_from_civil(2024, 3, 5) as f64 * 86400.0;
        assert_eq!(p("2024-03-05"), Some(day));
        assert_eq!(p("2024-03-05T14:05"), Some(T - 9.0));
        assert_eq!(p("2024-03-05T14:05:09"), Some(T));
        assert_eq!(p("2024-03-05T14:05:09Z"), Some(T));
        assert_eq!(p("2024-03-05t14:05:09z"), Some(T));
        assert_eq!(p("2024-03-05 14:05:09"), Some(T));
        assert_eq!(p("2024-03-05T14:05:09.250Z"), Some(T + 0.25));
        assert_eq!(p("2024-03-05T15:05:09+01:00"), Some(T));
        assert_eq!(p("2024-03-05T15:05:09+0100"), Some(T));
        assert_eq!(p("2024-03-05T09:05:09-05"), Some(T));
        assert_eq!(p("2024-03-05T09:35:09-04:30"), Some(T));
        let v = p("2021-01-19 20:36:21.742013+00:00").unwrap_or(0.0);
        let whole =
            days_from_civil(2021, 1, 19) as f64 * 86400.0 + 20.0 * 3600.0 + 36.0 * 60.0 + 21.0;
        assert!((v - whole - 0.742013).abs() < 1e-5);
    }

    #[test]
    fn rejects_invalid_dates_and_garbage() {
        for s in [
            "",
            "abc",
            "2024-13-01",
            "2024-00-10",
            "2024-02-30",
            "2023-02-29",
            "2024-03-05T24:00",
            "2024-03-05T12:60",
            "2024-03-05T12",
            "2024-03-05T12:00:00.",
            "2024-03-05T12:00+25:00",
            "2024-03-05T12:00 junk",
            "2024-3-5",
            "NaN",
            "inf",
            "5 March 2024",
            "2024-03-05T12:00:00+",
            "é2024-03-05",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
        assert_eq!(p("2024-02-29"), Some(days_from_civil(2024, 2, 29) as f64 * 86400.0));
        assert_eq!(parse_datetime(&json!(true)), None);
        assert_eq!(parse_datetime(&json!(null)), None);
        assert_eq!(parse_datetime(&json!({"a": 1})), None);
        assert_eq!(parse_datetime(&json!(1e300)), None);
        assert_eq!(p("2024"), Some(2024.0)); // numeric strings are Unix seconds
    }

    /// A browser's `Date` holds ±8.64e15 ms (±100,000,000 days): past that, `Intl` throws and
    /// `Date` says "Invalid Date", so the value is not a date (found by fuzzing).
    #[test]
    fn instants_a_browser_cannot_hold_are_not_dates() {
        assert_eq!(parse_datetime(&json!(9_007_199_254_740_992u64)), None);
        assert_eq!(p("9007199254740992"), None);
        assert_eq!(parse_datetime(&json!(8.64e15)), Some(8.64e12));
        assert_eq!(parse_datetime(&json!(8.64e15 + 1000.0)), None);
        assert_eq!(parse_datetime(&json!(-8.64e12)), Some(-8.64e12));
        assert_eq!(parse_datetime(&json!(-8.64e12 - 1.0)), None);
        assert_eq!(parse_datetime(&json!(-1e15)), None);
        assert!(p("9999-12-31T23:59:59Z").is_some());
    }

    /// Month and day names (and AM/PM) come from the names given, in the format's context.
    #[test]
    fn formats_names_in_the_language_given() {
        let fr = french_names();
        assert_eq!(format_ldml_with(T, 0, "EEEE d MMMM yyyy", &fr), "mardi 5 mars 2024");
        assert_eq!(format_ldml_with(T, 0, "EEE d MMM, h a", &fr), "mar. 5 mars, 2 PM");
        assert_eq!(format_ldml(T, 0, "EEEE d MMMM"), "Tuesday 5 March");
        let fr = Rc::new(fr);
        let shown = with_names(Rc::new(move || fr.clone()), || format_ldml(T, 0, "EEEE d MMMM"));
        assert_eq!(shown, "mardi 5 mars");
        assert_eq!(format_ldml(T, 0, "EEEE d MMMM"), "Tuesday 5 March", "the names are restored");
        let short = DateNames { months: vec!["only".into()], ..DateNames::english() };
        assert_eq!(format_ldml_with(T, 0, "MMMM", &short), "March", "a missing name is English");
    }

    /// The names are asked for only when a pattern is formatted (issue 20: reading them from `Intl`
    /// costs a page's first `Intl` call, which a widget without `datetime_format` should not pay).
    #[test]
    fn names_are_read_only_when_a_pattern_is_formatted() {
        let asked = Rc::new(std::cell::Cell::new(0));
        let counter = asked.clone();
        let source: NamesSource = Rc::new(move || {
            counter.set(counter.get() + 1);
            Rc::new(french_names())
        });
        with_names(source.clone(), || ());
        assert_eq!(asked.get(), 0, "nothing formatted, nothing read");
        assert_eq!(with_names(source, || format_ldml(T, 0, "MMMM")), "mars");
        assert_eq!(asked.get(), 1);
    }

    #[test]
    fn formats_ldml_letters() {
        assert_eq!(format_ldml(T, 0, "yyyy-MM-dd HH:mm:ss"), "2024-03-05 14:05:09");
        assert_eq!(format_ldml(T, 0, "YYYY yy y"), "2024 24 2024");
        assert_eq!(format_ldml(T, 0, "MMMM MMM MM M"), "March Mar 03 3");
        assert_eq!(format_ldml(T, 0, "EEEE EEE E, d"), "Tuesday Tue Tue, 5");
        assert_eq!(format_ldml(T, 0, "h:mm a"), "2:05 PM");
        assert_eq!(format_ldml(T, 0, "hh H m s"), "02 14 5 9");
        assert_eq!(format_ldml(T - 14.0 * 3600.0, 0, "h a"), "12 AM");
        assert_eq!(format_ldml(T - 2.0 * 3600.0, 0, "h a"), "12 PM");
    }

    #[test]
    fn formats_quoted_literals_and_other_characters() {
        assert_eq!(format_ldml(T, 0, "MMM d 'at' HH:mm"), "Mar 5 at 14:05");
        assert_eq!(format_ldml(T, 0, "HH'h' o''clock"), "14h o'clock");
        assert_eq!(format_ldml(T, 0, "'it''s' yyyy"), "it's 2024");
        assert_eq!(format_ldml(T, 0, "[d/M] xyz"), "[5/3] x2024z");
        assert_eq!(format_ldml(T, 0, "'unterminated"), "unterminated");
        assert_eq!(format_ldml(T, 60, "HH:mm"), "15:05");
    }
}
