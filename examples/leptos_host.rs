//! A Leptos app that shows the sidebar with the component, not the global: the seed's Loop
//! Returns example, with the theme, the language and the ticket as signals the sidebar follows.
//!
//! Built by the test command:
//! `cargo build --example leptos_host --target wasm32-unknown-unknown`.

#[cfg(target_arch = "wasm32")]
mod app {
    use leptos::prelude::*;
    use sidebar_widgets::{Json, Sidebar};

    /// The seed's Loop Returns example: widgets, integrations, data and context.
    const EXAMPLE: &str = include_str!("../demo/loop-returns.json");

    #[component]
    pub fn App() -> impl IntoView {
        let options = Json::parse(EXAMPLE).unwrap_or_default();
        let (theme, set_theme) = signal("light".to_string());
        let (locale, set_locale) = signal("en".to_string());
        let context = RwSignal::new(options["context"].clone());
        view! {
            <main>
                <h1>"Ticket #4521"</h1>
                <button on:click=move |_| set_theme.update(|t| *t = if t == "light" { "dark".into() } else { "light".into() })>
                    "Switch the theme"
                </button>
                <button on:click=move |_| set_locale.set("fr".into())>"En français"</button>
                <Sidebar
                    widgets=options["widgets"].clone()
                    integrations=options["integrations"].clone()
                    data=options["data"].clone()
                    context=context
                    theme=theme
                    locale=locale
                />
            </main>
        }
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(app::App);
}
