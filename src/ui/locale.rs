//! The agent's locale and time zone, from the browser's `Intl`.

use crate::engine::format::Locale;
use js_sys::{Date, Number, Object, Reflect};
use wasm_bindgen::JsValue;

/// Formats with the browser's language and time zone.
pub struct BrowserLocale {
    language: String,
}

impl BrowserLocale {
    pub fn new() -> BrowserLocale {
        thread_local! {
            static LANGUAGE: String =
                web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en-US".into());
        }
        BrowserLocale { language: LANGUAGE.with(String::clone) }
    }

    fn date_string(&self, unix: f64, options: &[(&str, &str)]) -> String {
        let opts = Object::new();
        for (k, v) in options {
            let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        Date::new(&JsValue::from_f64(unix * 1000.0)).to_locale_string(&self.language, &opts).into()
    }
}

impl Default for BrowserLocale {
    fn default() -> Self {
        BrowserLocale::new()
    }
}

/// Seconds since the epoch, now.
pub fn now_unix() -> f64 {
    Date::now() / 1000.0
}

impl Locale for BrowserLocale {
    fn offset_minutes(&self, unix: f64) -> i32 {
        -(Date::new(&JsValue::from_f64(unix * 1000.0)).get_timezone_offset() as i32)
    }
    fn number(&self, n: f64) -> String {
        Number::from(n).to_locale_string(&self.language).into()
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
}

/// The agent's time zone offset now, for `datetime_format` in titles and links.
pub fn local_offset_minutes() -> i32 {
    -(Date::new_0().get_timezone_offset() as i32)
}
