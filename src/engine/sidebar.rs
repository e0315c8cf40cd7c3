//! The mounted sidebar's model: everything it shows (widgets, integrations, data and their load
//! state, context, settings, what the agent did), how an update changes it ([`Model::apply`]),
//! and what each widget is drawn from ([`WidgetInputs`], with the fingerprint that decides whether
//! it is drawn again). No Leptos: the ui keeps it in `ui::state`, which draws again after it
//! changes.

use crate::engine::date::with_names;
use crate::engine::keyed::Keyed;
use crate::engine::layout::widget_is_empty;
use crate::engine::loading::needed_integrations;
use crate::engine::locale::Locale;
use crate::engine::messages::Messages;
use crate::engine::render::{render_widget, Env, RenderedWidget, Runnable, WidgetUi};
use crate::engine::request::{HttpRequest, Proxy};
use crate::model::options::{OptionsPatch, Problem};
use crate::model::{Context, Integration, Json, Page, Theme, Widget};
use std::sync::Arc;

/// A hash of some numbers (FNV-1a style): equal inputs, equal fingerprints.
pub fn fingerprint(parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, p| (h ^ p).wrapping_mul(0x0100_0000_01b3).rotate_left(5))
}

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

    /// A button as it would run if clicked now (`button` is its key in the drawn widget): its
    /// widget drawn again from the model, so that what runs is what the agent sees, with no copy
    /// kept aside while drawing.
    pub fn runnable(
        &self,
        widget: &str,
        button: &str,
        now: f64,
        tz_offset_minutes: i32,
        locale: &dyn Locale,
    ) -> Option<Runnable> {
        let w = self.widgets.iter().find(|w| w.key == widget)?;
        let drawn = WidgetInputs::new(self, w, 0, now, tz_offset_minutes).render(locale)?;
        drawn.buttons.into_iter().find(|(k, _)| k == button).map(|(_, r)| r)
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

/// What a widget is drawn from, taken from the model once per render.
pub struct WidgetInputs {
    /// The widget's key.
    pub key: String,
    /// Its place among the shown widgets (element ids use it).
    pub index: usize,
    /// The widget itself (its template is shared).
    pub widget: Widget,
    /// Its integration's data: given or fetched, or why the given data could not be read.
    pub data: Option<Result<Json, String>>,
    /// Where its integration's request stands.
    pub status: LoadStatus,
    /// Its integration's name ("" when unknown).
    pub name: String,
    /// The ticket, the customer and the agent.
    pub context: Context,
    /// The sidebar's words.
    pub messages: Messages,
    /// What the agent did in it.
    pub ui: WidgetUi,
    /// Seconds since the epoch when it is drawn (relative dates: "Today at 14:05").
    pub now: f64,
    /// The agent's time zone: local time = UTC + this many minutes.
    pub tz_offset_minutes: i32,
}

impl WidgetInputs {
    /// The inputs of `widget`, the `index`-th shown, from the model, drawn at `now` in a time zone
    /// `tz_offset_minutes` east of UTC.
    pub fn new(
        model: &Model,
        widget: &Widget,
        index: usize,
        now: f64,
        tz_offset_minutes: i32,
    ) -> WidgetInputs {
        let id = widget.integration_id.as_deref().unwrap_or_default();
        WidgetInputs {
            key: widget.key.clone(),
            index,
            widget: widget.clone(),
            data: model.data_of(id),
            status: model.loads.get(id).map(|l| l.status.clone()).unwrap_or_default(),
            name: model.integration_name(id).to_string(),
            context: model.context.clone(),
            messages: model.messages.clone(),
            ui: model.uis.get(&widget.key).cloned().unwrap_or_default(),
            now,
            tz_offset_minutes,
        }
    }

    /// The widget's template drawn over its data as the agent sees it; `None` when there is
    /// nothing to draw (a refused template, no data yet, or data that shows nothing).
    pub fn render(&self, locale: &dyn Locale) -> Option<RenderedWidget> {
        let template = self.widget.template.as_ref().ok()?;
        let data = match &self.data {
            Some(Ok(d)) if !widget_is_empty(template, Some(d)) => d,
            _ => return None,
        };
        let id = self.widget.integration_id.clone().unwrap_or_default();
        let root_title = self.widget.root_title(data, &self.name);
        let env = Env {
            context: &self.context,
            integration_id: &id,
            root_title: &root_title,
            ui: &self.ui,
            locale,
            messages: &self.messages,
            now: self.now,
            tz_offset_minutes: self.tz_offset_minutes,
        };
        // `datetime_format` in titles and links writes the month and day names of the locale.
        Some(with_names(locale.names_source(), || render_widget(template, data, &env)))
    }

    /// Changes whenever something the widget shows changes: its template, data and load status
    /// (by identity: they are shared, never changed in place), what the agent did in it, the
    /// sidebar-wide revision (context, integrations, language), and the agent's day (relative
    /// dates and ages read differently tomorrow).
    pub fn fingerprint(&self, revision: u64) -> u64 {
        let template = match &self.widget.template {
            Ok(t) => Arc::as_ptr(t) as usize as u64,
            Err(_) => 1,
        };
        let data = match &self.data {
            Some(Ok(d)) => d.identity(),
            Some(Err(_)) => 2,
            None => 3,
        };
        let status = match &self.status {
            LoadStatus::Idle => 0,
            LoadStatus::Loading => 1,
            LoadStatus::Failed(why) => {
                2 ^ fingerprint(&why.bytes().map(u64::from).collect::<Vec<_>>())
            }
        };
        let day = ((self.now + f64::from(self.tz_offset_minutes) * 60.0) / 86_400.0).floor();
        fingerprint(&[
            template,
            data,
            status,
            self.ui.revision,
            revision,
            self.index as u64,
            day as i64 as u64,
        ])
    }
}

#[cfg(test)]
mod tests;
