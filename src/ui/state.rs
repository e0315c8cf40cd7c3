//! The state of one mounted sidebar: everything it shows in one [`Model`], behind one signal.
//!
//! One signal rather than one per part: each signal type is a copy of the reactive system's
//! generic code in the bundle, and the widgets' drawing is memoised by fingerprint (see
//! `ui::widget`), so a change that does not concern a widget costs it a comparison, not a redraw.
//! Every view, the loader and the JS API read and write the model; it depends on none of them.

use crate::engine::keyed::Keyed;
use crate::engine::loading::needed_integrations;
use crate::engine::messages::Messages;
use crate::engine::render::{unknown_types, Runnable, WidgetUi};
use crate::engine::request::{HttpRequest, Proxy};
use crate::model::options::{OptionsPatch, Problem};
use crate::model::{Context, Integration, Json, Page, Theme, Widget};
use leptos::prelude::*;

/// How long a request may take before it is aborted, unless the host says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Where an integration's request stands.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum LoadStatus {
    #[default]
    Idle,
    Loading,
    Failed(String),
}

/// The last request sent for an integration, and its state.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct IntegrationLoad {
    pub status: LoadStatus,
    /// Bumped on every request: an answer for an older one is dropped.
    pub generation: u64,
    /// What was last requested (or why it was refused): a change of context that changes it
    /// fetches again.
    pub request: Option<Result<HttpRequest, String>>,
}

/// How requests leave the sidebar.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub proxy: Option<Proxy>,
    pub timeout_ms: u32,
}

/// The settings as the host gave them: a proxy needs its token, messages their locale and
/// overrides, whichever update brings them.
#[derive(Clone, Debug, Default)]
struct Settings {
    browser_language: String,
    proxy: Option<String>,
    token: Option<String>,
    timeout_ms: Option<u32>,
    locale: Option<String>,
    overrides: Vec<(String, String)>,
}

/// Everything a mounted sidebar shows.
#[derive(Clone, Debug)]
pub struct Model {
    pub widgets: Vec<Widget>,
    pub integrations: Vec<Integration>,
    /// The data the host gave, by integration id, or why it could not be read.
    pub given: Keyed<Result<Json, String>>,
    /// Data the sidebar fetched itself, by integration id (given data wins).
    pub fetched: Keyed<Json>,
    /// The state of each integration's request.
    pub loads: Keyed<IntegrationLoad>,
    pub context: Context,
    pub page: Page,
    pub theme: Theme,
    pub network: Network,
    /// The sidebar's words, in the agent's language.
    pub messages: Messages,
    /// Parts of the options that could not be read, shown above the widgets.
    pub problems: Vec<Problem>,
    /// What the agent did in each widget, by widget key.
    pub uis: Keyed<WidgetUi>,
    /// Bumped when something every widget shows changes (context, integrations, messages).
    pub revision: u64,
    settings: Settings,
}

impl Model {
    pub fn new(browser_language: String) -> Model {
        Model {
            widgets: Vec::new(),
            integrations: Vec::new(),
            given: Keyed::default(),
            fetched: Keyed::default(),
            loads: Keyed::default(),
            context: Context::default(),
            page: Page::Ticket,
            theme: Theme::Auto,
            network: Network { proxy: None, timeout_ms: DEFAULT_TIMEOUT_MS },
            messages: Messages::new(&browser_language, &[]),
            problems: Vec::new(),
            uis: Keyed::default(),
            revision: 0,
            settings: Settings { browser_language, ..Settings::default() },
        }
    }

    /// An integration's data: given, else fetched; the reason when the given data is unreadable.
    pub fn data_of(&self, id: &str) -> Option<Result<Json, String>> {
        self.given.get(id).cloned().or_else(|| self.fetched.get(id).cloned().map(Ok))
    }

    /// An integration's name ("" when unknown).
    pub fn integration_name(&self, id: &str) -> &str {
        self.integrations.iter().find(|i| i.id == id).map_or("", |i| i.name.as_str())
    }

    /// A widget's state, to change (its revision is bumped: the widget is drawn again).
    pub fn ui_mut(&mut self, widget: &str) -> &mut WidgetUi {
        let ui = self.uis.entry(widget);
        ui.revision = ui.revision.wrapping_add(1);
        ui
    }

    /// Has the loader fetch these integrations again (their last request is forgotten).
    pub fn refetch(&mut self, ids: &[String]) {
        for id in ids {
            if let Some(load) = self.loads.get_mut(id) {
                load.request = None;
            }
        }
    }

    /// `handle.trigger(event)`: the shown integrations subscribed to `event` are fetched again.
    /// Returns how many.
    pub fn trigger(&mut self, event: &str) -> usize {
        let given = |id: &str| self.given.contains(id);
        let ids: Vec<String> =
            needed_integrations(&self.widgets, self.page, &self.integrations, &given)
                .into_iter()
                .filter(|i| i.listens_to(event))
                .map(|i| i.id.clone())
                .collect();
        self.refetch(&ids);
        ids.len()
    }

    /// Applies what an update changes.
    pub fn apply(&mut self, patch: OptionsPatch) {
        // The problems of the parts this update gives replace theirs; the others stay.
        let given_parts: Vec<&str> = [
            (patch.widgets.is_some(), "widgets"),
            (patch.integrations.is_some(), "integrations"),
            (patch.data.is_some(), "data"),
            (patch.context.is_some(), "context"),
            (patch.messages.is_some(), "messages"),
            (true, "options"),
        ]
        .into_iter()
        .filter_map(|(given, part)| given.then_some(part))
        .collect();
        self.problems.retain(|p| !given_parts.iter().any(|part| p.place.starts_with(part)));
        self.problems.extend(patch.problems);
        let mut everything_changed = false;
        if let Some(widgets) = patch.widgets {
            self.widgets = widgets;
            let keys: Vec<String> = self.widgets.iter().map(|w| w.key.clone()).collect();
            self.uis.retain_keys(|k| keys.iter().any(|w| w == k));
        }
        if let Some(i) = patch.integrations {
            everything_changed |= self.integrations != i;
            self.integrations = i;
        }
        if let Some(data) = patch.data {
            self.given = data.into_iter().collect();
        }
        if let Some(c) = patch.context {
            everything_changed |= self.context != c;
            self.context = c;
        }
        if let Some(p) = patch.page {
            self.page = p;
        }
        if let Some(t) = patch.theme {
            self.theme = t;
        }
        let s = &mut self.settings;
        if let Some(p) = patch.proxy {
            s.proxy = p;
        }
        if let Some(t) = patch.proxy_token {
            s.token = t;
        }
        if let Some(t) = patch.timeout_ms {
            s.timeout_ms = Some(t);
        }
        if let Some(l) = patch.locale {
            s.locale = l;
        }
        if let Some(m) = patch.messages {
            s.overrides = m;
        }
        self.network = Network {
            proxy: s.proxy.clone().map(|url| Proxy { url, token: s.token.clone() }),
            timeout_ms: s.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
        };
        let messages =
            Messages::new(s.locale.as_deref().unwrap_or(&s.browser_language), &s.overrides);
        everything_changed |= self.messages != messages;
        self.messages = messages;
        if everything_changed {
            self.revision = self.revision.wrapping_add(1);
        }
    }
}

/// A mounted sidebar's state: the model, and the buttons each widget last drew (as they would
/// run if clicked now; read by the event handler, never drawn).
#[derive(Clone, Copy)]
pub struct SidebarState {
    pub model: RwSignal<Model>,
    pub buttons: StoredValue<Keyed<Vec<(String, Runnable)>>>,
    /// Unique in the page: element ids start with it.
    pub serial: usize,
}

static NEXT_SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl SidebarState {
    /// Changes the model; what changed is drawn again. Every change goes through here (and every
    /// untracked read through [`read`](Self::read)), so the reactive system's generic code is in
    /// the bundle once, not once per call site. False when the sidebar was unmounted meanwhile.
    pub fn change(&self, f: &mut dyn FnMut(&mut Model)) -> bool {
        self.model.try_update(|m| f(m)).is_some()
    }

    /// Changes the model without drawing again (what the agent types is already on screen).
    pub fn change_quietly(&self, f: &mut dyn FnMut(&mut Model)) {
        self.model.try_update_untracked(|m| f(m));
    }

    /// Reads the model without subscribing to it.
    pub fn read(&self, f: &mut dyn FnMut(&Model)) {
        self.model.try_with_untracked(|m| f(m));
    }

    /// Applies an update, warning once in the console about what the templates hold that is
    /// shown differently (refused widgets, unknown field types).
    pub fn apply(&self, patch: OptionsPatch) {
        for w in patch.widgets.iter().flatten() {
            match &w.template {
                Err(e) => web_sys::console::error_1(
                    &format!("sidebar-widgets: widget {} not shown: {e}", w.key).into(),
                ),
                Ok(t) => {
                    for (ty, place) in unknown_types(t) {
                        let warning = format!(
                            "sidebar-widgets: widget {}: unknown field type \"{ty}\" at {place}; shown as text",
                            w.key
                        );
                        web_sys::console::warn_1(&warning.into());
                    }
                }
            }
        }
        let mut patch = Some(patch);
        self.change(&mut |m| {
            if let Some(p) = patch.take() {
                m.apply(p);
            }
        });
    }

    /// A new state, in the reactive owner of the view that will show it.
    pub fn new(browser_language: String) -> SidebarState {
        SidebarState {
            model: RwSignal::new(Model::new(browser_language)),
            buttons: StoredValue::new(Keyed::default()),
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}
