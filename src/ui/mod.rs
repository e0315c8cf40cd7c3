//! The views. They draw what the engine decided (`engine::render`), hold the mounted
//! sidebar's state (`state`), listen to events once at the sidebar's root (`events`), load
//! integration data (`loader`) and run custom actions (`actions`).

pub mod actions;
pub mod blocks;
#[cfg(feature = "leptos")]
pub mod component;
pub mod dom;
pub mod events;
pub mod loader;
pub mod locale;
pub mod sidebar;
pub mod state;
pub mod timers;
pub mod widget;
