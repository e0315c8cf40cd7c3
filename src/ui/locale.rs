//! The agent's locale and time zone, from the browser's `Intl`, with the sidebar's own words for
//! relative dates.
//!
//! `Intl` throws on a tag it refuses and on a date it cannot hold; an exception that reached
//! WebAssembly would leave the sidebar half-drawn for good. So every call into it here reports a
//! failure instead of throwing (`catch`), the tag is checked by `Intl` itself first ([`intl_tag`]),
//! and a failed call falls back to the English formatting of the engine.

use crate::engine::date::{days_from_civil, DateNames, NamesSource};
use crate::engine::locale::{grouped, EnglishLocale, Locale};
use crate::engine::messages::{Messages, Msg};
use js_sys::{Array, Date, Object, Reflect};
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = getCanonicalLocales, catch)]
    fn canonical_locales(tag: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["Intl", "DateTimeFormat"], js_name = supportedLocalesOf, catch)]
    fn date_locales_of(tag: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["Intl", "NumberFormat"], js_name = supportedLocalesOf, catch)]
    fn number_locales_of(tag: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(tag: &str, options: &Object) -> Result<DateFormat, JsValue>;
    #[wasm_bindgen(method, js_class = "DateTimeFormat", catch)]
    fn format(this: &DateFormat, date: &Date) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_class = "DateTimeFormat", js_name = formatToParts, catch)]
    fn format_to_parts(this: &DateFormat, date: &Date) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat", catch)]
    fn new(tag: &str) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method, js_class = "NumberFormat", catch)]
    fn format(this: &NumberFormat, n: f64) -> Result<JsValue, JsValue>;
}

/// The first item of what an `Intl` call returned, as text.
fn first(list: Result<JsValue, JsValue>) -> Option<String> {
    list.ok()?.dyn_into::<Array>().ok()?.get(0).as_string()
}

/// `tag` as `Intl` writes it, when `Intl` takes it and can format both dates and numbers with it
/// (not merely fall back to its default); `None` otherwise (`zh-min-nan`, `en-US-US`, `root`...).
pub fn intl_tag(tag: &str) -> Option<String> {
    const REMEMBERED: usize = 16;
    thread_local! {
        static CHECKED: RefCell<Vec<(String, Option<String>)>> = const { RefCell::new(Vec::new()) };
    }
    let known = CHECKED.with(|c| {
        let c = c.try_borrow().ok()?;
        c.iter().find(|(t, _)| t == tag).map(|(_, usable)| usable.clone())
    });
    if let Some(usable) = known {
        return usable;
    }
    let usable = first(canonical_locales(tag)).filter(|canonical| {
        first(date_locales_of(canonical)).is_some() && first(number_locales_of(canonical)).is_some()
    });
    CHECKED.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            if c.len() >= REMEMBERED {
                c.remove(0);
            }
            c.push((tag.to_string(), usable.clone()));
        }
    });
    usable
}

/// Formats with a language tag (the `locale` option, else the browser's; English when `Intl`
/// refuses it) and the browser's time zone.
/// `Intl` is asked about the tag only when something is formatted with it: a page's first `Intl`
/// call costs tens of milliseconds, which a widget without numbers or dates should not pay.
pub struct BrowserLocale<'m> {
    messages: &'m Messages,
    tag: OnceCell<String>,
}

/// The tag `Intl` formats with for the requested one (English when it refuses it).
fn formatting_tag(requested: &str) -> String {
    intl_tag(requested).unwrap_or_else(|| "en".into())
}

impl<'m> BrowserLocale<'m> {
    pub fn new(messages: &'m Messages) -> BrowserLocale<'m> {
        BrowserLocale { messages, tag: OnceCell::new() }
    }

    fn tag(&self) -> &str {
        self.tag.get_or_init(|| formatting_tag(&self.messages.locale))
    }

    /// The date with these `Intl.DateTimeFormat` options, or in English when `Intl` fails.
    fn date_string(
        &self,
        unix: f64,
        options: &[(&str, &str)],
        english: fn(&EnglishLocale, f64) -> String,
    ) -> String {
        let date = Date::new(&JsValue::from_f64(unix * 1000.0));
        DateFormat::new(self.tag(), &options_object(options))
            .and_then(|f| f.format(&date))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| {
                english(&EnglishLocale { offset_minutes: self.offset_minutes(unix) }, unix)
            })
    }
}

fn options_object(options: &[(&str, &str)]) -> Object {
    let opts = Object::new();
    for (k, v) in options {
        let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    opts
}

/// The names `Intl` writes for `tag`, each as it reads inside a date; English where it fails.
/// Kept per tag: a page's sidebars use one or two.
fn date_names_of(tag: &str) -> Rc<DateNames> {
    const REMEMBERED: usize = 8;
    thread_local! {
        static NAMES: RefCell<Vec<(String, Rc<DateNames>)>> = const { RefCell::new(Vec::new()) };
    }
    let known = NAMES.with(|n| {
        let n = n.try_borrow().ok()?;
        n.iter().find(|(t, _)| t == tag).map(|(_, names)| names.clone())
    });
    if let Some(names) = known {
        return names;
    }
    let names = Rc::new(read_date_names(tag));
    NAMES.with(|n| {
        if let Ok(mut n) = n.try_borrow_mut() {
            if n.len() >= REMEMBERED {
                n.remove(0);
            }
            n.push((tag.to_string(), names.clone()));
        }
    });
    names
}

fn read_date_names(tag: &str) -> DateNames {
    let english = DateNames::english();
    // Milliseconds at `hour` UTC on a day of 2024 (2024-01-01 was a Monday).
    let at = |month: u32, day: u32, hour: f64| {
        let days = days_from_civil(2024, month, day) as f64;
        Date::new(&JsValue::from_f64((days * 86400.0 + hour * 3600.0) * 1000.0))
    };
    // The `kind` part of each date, formatted with `options`; English for any that fails.
    let parts = |options: &[(&str, &str)], kind: &str, dates: Vec<Date>, english: &[String]| {
        let format = DateFormat::new(tag, &options_object(options)).ok();
        let names: Vec<String> = dates
            .iter()
            .zip(english)
            .map(|(date, english)| {
                format
                    .as_ref()
                    .and_then(|f| part_of(f.format_to_parts(date), kind))
                    .unwrap_or_else(|| english.clone())
            })
            .collect();
        names
    };
    let months = || (1..=12).map(|m| at(m, 15, 12.0)).collect::<Vec<_>>();
    let days = || (1..=7).map(|d| at(1, d, 12.0)).collect::<Vec<_>>();
    let utc = ("timeZone", "UTC");
    let periods = parts(
        &[("hour", "numeric"), ("hour12", "true"), utc],
        "dayPeriod",
        vec![at(1, 1, 9.0), at(1, 1, 21.0)],
        &[english.am.clone(), english.pm.clone()],
    );
    let mut periods = periods.into_iter();
    DateNames {
        months: parts(
            &[("month", "long"), ("day", "numeric"), utc],
            "month",
            months(),
            &english.months,
        ),
        months_short: parts(
            &[("month", "short"), ("day", "numeric"), utc],
            "month",
            months(),
            &english.months_short,
        ),
        weekdays: parts(&[("weekday", "long"), utc], "weekday", days(), &english.weekdays),
        weekdays_short: parts(
            &[("weekday", "short"), utc],
            "weekday",
            days(),
            &english.weekdays_short,
        ),
        am: periods.next().unwrap_or_else(|| english.am.clone()),
        pm: periods.next().unwrap_or_else(|| english.pm.clone()),
    }
}

/// The text of the part of type `kind` in what `formatToParts` returned.
fn part_of(parts: Result<JsValue, JsValue>, kind: &str) -> Option<String> {
    let parts = parts.ok()?.dyn_into::<Array>().ok()?;
    parts.iter().find_map(|p| {
        let is_kind = Reflect::get(&p, &"type".into()).ok()?.as_string()? == kind;
        let value = Reflect::get(&p, &"value".into()).ok()?.as_string()?;
        (is_kind && !value.trim().is_empty()).then_some(value)
    })
}

/// The browser's language (`navigator.language`), English when it says nothing.
pub fn browser_language() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into())
}

/// Seconds since the epoch, now.
pub fn now_unix() -> f64 {
    Date::now() / 1000.0
}

/// The agent's time zone offset now, for `datetime_format` in titles and links.
pub fn local_offset_minutes() -> i32 {
    -(Date::new_0().get_timezone_offset() as i32)
}

impl Locale for BrowserLocale<'_> {
    fn offset_minutes(&self, unix: f64) -> i32 {
        -(Date::new(&JsValue::from_f64(unix * 1000.0)).get_timezone_offset() as i32)
    }
    fn number(&self, n: f64) -> String {
        NumberFormat::new(self.tag())
            .and_then(|f| f.format(n))
            .ok()
            .and_then(|s| s.as_string())
            // JavaScript's own `String(n)`: Rust's float formatting would add ~15 KB to the bundle.
            .unwrap_or_else(|| grouped(&crate::model::json::number_text(n)))
    }
    fn time(&self, unix: f64) -> String {
        self.date_string(unix, &[("hour", "2-digit"), ("minute", "2-digit")], EnglishLocale::time)
    }
    fn weekday(&self, unix: f64) -> String {
        self.date_string(unix, &[("weekday", "long")], EnglishLocale::weekday)
    }
    fn short_date(&self, unix: f64) -> String {
        let options = [("year", "numeric"), ("month", "short"), ("day", "numeric")];
        self.date_string(unix, &options, EnglishLocale::short_date)
    }
    fn full_date_time(&self, unix: f64) -> String {
        let options = [("dateStyle", "full"), ("timeStyle", "medium")];
        self.date_string(unix, &options, EnglishLocale::full_date_time)
    }
    fn today_at(&self, time: &str) -> String {
        self.messages.fill(Msg::TodayAt, &[("time", time)])
    }
    fn yesterday_at(&self, time: &str) -> String {
        self.messages.fill(Msg::YesterdayAt, &[("time", time)])
    }
    fn weekday_at(&self, weekday: &str, time: &str) -> String {
        self.messages.fill(Msg::WeekdayAt, &[("weekday", weekday), ("time", time)])
    }
    fn date_names(&self) -> Rc<DateNames> {
        date_names_of(self.tag())
    }
    fn names_source(&self) -> NamesSource {
        let requested = self.messages.locale.clone();
        Rc::new(move || date_names_of(&formatting_tag(&requested)))
    }
}
