//! The agent's locale as the engine sees it: numbers, times, dates and the words of relative
//! dates, behind one trait ([`Locale`]) that the browser implements with `Intl` (`ui::locale`) and
//! that English implements in Rust (the tests, and the browser's fallback).

use crate::engine::date::{DateNames, NamesSource};
use crate::engine::messages::{Messages, Msg};
use std::rc::Rc;

mod english;
pub use english::{grouped, EnglishLocale};

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
    /// "Today at 14:05", in the sidebar's language.
    fn today_at(&self, time: &str) -> String {
        Messages::default().fill(Msg::TodayAt, &[("time", time)])
    }
    /// "Yesterday at 14:05", in the sidebar's language.
    fn yesterday_at(&self, time: &str) -> String {
        Messages::default().fill(Msg::YesterdayAt, &[("time", time)])
    }
    /// "Monday at 14:05", in the sidebar's language.
    fn weekday_at(&self, weekday: &str, time: &str) -> String {
        Messages::default().fill(Msg::WeekdayAt, &[("weekday", weekday), ("time", time)])
    }
    /// The month and day names of `datetime_format` patterns (`MMMM`, `EEEE`...).
    fn date_names(&self) -> Rc<DateNames> {
        Rc::new(DateNames::english())
    }
    /// The same names, read only when a pattern writes one (see [`NamesSource`]); these, at once,
    /// unless a locale reads them lazily.
    fn names_source(&self) -> NamesSource {
        let names = self.date_names();
        Rc::new(move || names.clone())
    }
}
