//! The pure engine: every rule of the sidebar as plain functions over plain values.
//! No Leptos, no web-sys: all of it tests on the host with `cargo test`.

pub mod answer;
pub mod date;
pub mod format;
pub mod generate;
pub mod keyed;
pub mod layout;
pub mod lint;
pub mod loading;
pub mod messages;
pub mod path;
pub mod render;
pub mod request;
pub mod safety;
pub mod shortcode;
pub mod vars;
