//! The agent's locale and time zone, from the browser's `Intl`, with the sidebar's own words for
//! relative dates.

use crate::engine::format::Locale;
use crate::engine::messages::{Messages, Msg};
use js_sys::{Date, Number, Object, Reflect};
use wasm_bindgen::JsValue;

/// Formats with a language tag (the `locale` option, else the browser's) and the browser's time
/// zone.
pub struct BrowserLocale<'m> {
    messages: &'m Messages,
}

impl<'m> BrowserLocale<'m> {
    pub fn new(messages: &'m Messages) -> BrowserLocale<'m> {
        BrowserLocale { messages }
    }

    fn date_string(&self, unix: f64, options: &[(&str, &str)]) -> String {
        let opts = Object::new();
        for (k, v) in options {
            let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        Date::new(&JsValue::from_f64(unix * 1000.0))
            .to_locale_string(&self.messages.locale, &opts)
            .into()
    }
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
        Number::from(n).to_locale_string(&self.messages.locale).into()
    }
    fn time(&self, unix: f64) -> String {
        self.date_string(unix, &[("hour", "2-digit"), ("minute", "2-digit")])
    }
    fn weekday(&self, unix: f64) -> String {
        self.date_string(unix, &[("weekday", "long")])
    }
    fn short_date(&self, unix: f64) -> String {
        self.date_string(unix, &[("year", "numeric"), ("month", "short"), ("day", "numeric")])
    }
    fn full_date_time(&self, unix: f64) -> String {
        self.date_string(unix, &[("dateStyle", "full"), ("timeStyle", "medium")])
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
}
