//! The state of one editor: the widgets' history (undo/redo), the sample data, what is selected
//! and picked up, and what to announce, in one [`Editor`] behind one signal.

use crate::engine::edit::{Edit, EditError, History, NodeAddress};
use crate::model::widget::id_string;
use crate::model::Json;
use leptos::prelude::*;

/// A value of the data tree carried with the keyboard (picked up with Space or Enter).
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    /// The tree item: `integration|path`.
    pub item: String,
    /// The index of the card it is over, among [`Editor::drop_targets`].
    pub target: usize,
}

/// What is exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// `POST /api/widgets` bodies.
    Widgets,
    /// `POST /api/integrations` bodies.
    Integrations,
    /// `SidebarWidgets.mount` options.
    MountOptions,
}

/// Where a Test stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Tested {
    /// Sent, no answer yet.
    Sending,
    /// The answer (its status) became the sample data.
    Answered(u16),
    /// Why it failed (with the status when there was an answer).
    Failed(String),
}

/// Everything an editor shows.
pub struct Editor {
    /// The widgets, with their undo and redo steps.
    pub history: History,
    /// The integrations, as the host gave them (kept as they are).
    pub integrations: Json,
    /// The sample answer of each integration, by integration id.
    pub samples: Vec<(String, Json)>,
    /// `{ticket, customer, current_user}`, for the warnings.
    pub context: Json,
    /// `light`, `dark` or `auto`.
    pub theme: String,
    /// The node whose form is shown.
    pub selected: Option<NodeAddress>,
    /// The data tree's open items (`integration|path`).
    pub open: Vec<String>,
    /// The data tree's current item (`integration|path`): the one in the tab order.
    pub current: Option<String>,
    /// What is being carried with the keyboard.
    pub picked: Option<Picked>,
    /// What the live region says.
    pub announcement: String,
    /// Why the last change was refused.
    pub notice: Option<String>,
    /// The widgets as last saved (given by the host): leaving with others asks first.
    pub saved: Json,
    /// A draft kept from an earlier visit, offered back.
    pub draft: Option<Json>,
    /// The integration whose form is open (its index).
    pub integration: Option<usize>,
    /// The last Test: which integration, and where it stands.
    pub tested: Option<(usize, Tested)>,
    /// The host's proxy (`proxy`, `proxyToken`): a Test goes through it.
    pub proxy: Option<crate::engine::request::Proxy>,
    /// The export shown, if any.
    pub export: Option<Export>,
    /// The node copied (where it was, and what it was then), to paste into a card.
    pub clipboard: Option<(NodeAddress, Json)>,
    /// Where the draft is kept (`localStorage`).
    pub draft_key: String,
    /// Whether the sidebar's own rendering is shown in place of the edit mode.
    pub preview: bool,
    /// The JSON Schema's errors as last checked (`schema::follow` checks after each change,
    /// once the change is drawn), and the widgets and integrations they are the errors of.
    pub schema: (Option<(Json, Json)>, Vec<SchemaError>),
}

/// An error of the JSON Schema and what it concerns (see `schema::follow`).
pub type SchemaError = (crate::engine::edit::Concern, String);

/// A mounted editor's state.
#[derive(Clone, Copy)]
pub struct EditorState {
    /// The editor behind its one signal.
    pub model: RwSignal<Editor>,
    /// Unique in the page: element ids start with it.
    pub serial: usize,
}

static NEXT_SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl EditorState {
    /// A new state in the current reactive owner.
    pub fn new(editor: Editor) -> EditorState {
        EditorState {
            model: RwSignal::new(editor),
            serial: NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Changes the editor; what changed is drawn again. False once unmounted.
    pub fn change(&self, f: &mut dyn FnMut(&mut Editor)) -> bool {
        self.model.try_update(|m| f(m)).is_some()
    }

    /// Reads the editor without subscribing.
    pub fn read(&self, f: &mut dyn FnMut(&Editor)) {
        self.model.try_with_untracked(|m| f(m));
    }
}

/// What a node is, from its `type`.
pub fn node_type(node: &Json) -> &str {
    node.get("type").and_then(Json::as_str).map(str::trim).unwrap_or("")
}

/// Whether a node of this type holds others.
pub fn is_container(ty: &str) -> bool {
    matches!(ty, "wrapper" | "card" | "list")
}

impl Editor {
    /// An editor of `widgets` (the JSON array) with nothing selected.
    pub fn new(widgets: Json, integrations: Json, samples: Vec<(String, Json)>) -> Editor {
        // Each answer's first level is shown.
        let open = samples.iter().map(|(id, _)| super::keys::item_key(id, "")).collect();
        Editor {
            history: History::new(widgets.clone()),
            integrations,
            samples,
            context: Json::Null,
            theme: "auto".into(),
            selected: None,
            open,
            current: None,
            picked: None,
            announcement: String::new(),
            notice: None,
            integration: None,
            tested: None,
            proxy: None,
            export: None,
            clipboard: None,
            draft_key: super::draft::draft_key(&widgets),
            preview: false,
            schema: (None, Vec::new()),
            saved: widgets,
            draft: None,
        }
    }

    /// The widgets now.
    pub fn widgets(&self) -> &Json {
        self.history.current()
    }

    /// Applies an edit as one undo step (`group`: typing in one box merges into one step); a
    /// refusal is kept to be shown with its reason.
    pub fn commit(&mut self, edit: &Edit, group: Option<&str>) -> Result<(), EditError> {
        let done = self.history.apply(edit, group);
        self.notice = done.as_ref().err().map(|e| format!("Not done: {e}."));
        if let Err(e) = &done {
            self.announcement = format!("Not done: {e}.");
        }
        done
    }

    /// The widget object at `index`.
    pub fn widget(&self, index: usize) -> Option<&Json> {
        self.widgets().as_array()?.get(index)
    }

    /// The sample data of the widget at `index` (its integration's).
    pub fn sample_of(&self, index: usize) -> Option<&Json> {
        let id = self.widget(index)?.get("integration_id").and_then(id_string)?;
        self.sample(&id)
    }

    /// The sample data of an integration.
    pub fn sample(&self, id: &str) -> Option<&Json> {
        self.samples.iter().find(|(i, _)| i == id).map(|(_, d)| d)
    }

    /// An integration's name ("" when unknown).
    pub fn integration_name(&self, id: &str) -> String {
        let all = self.integrations.as_array().unwrap_or_default();
        all.iter()
            .find(|i| i.get("id").and_then(id_string).as_deref() == Some(id))
            .and_then(|i| i.get("name").and_then(Json::as_str))
            .unwrap_or("")
            .to_string()
    }

    /// The widgets showing integration `id`.
    pub fn widgets_of(&self, id: &str) -> Vec<usize> {
        let all = self.widgets().as_array().unwrap_or_default();
        (0..all.len())
            .filter(|i| {
                all.get(*i).and_then(|w| w.get("integration_id")).and_then(id_string).as_deref()
                    == Some(id)
            })
            .collect()
    }

    /// The cards (and wrappers) a value can be dropped onto, with their labels, in the order
    /// they are drawn.
    pub fn drop_targets(&self) -> Vec<(NodeAddress, String)> {
        let mut out = Vec::new();
        let all = self.widgets().as_array().unwrap_or_default();
        for (i, w) in all.iter().enumerate() {
            if let Some(t) = w.get("template") {
                targets(t, &NodeAddress { widget: i, path: Vec::new() }, &mut out);
            }
        }
        out
    }

    /// Whether there are changes the host was not told are saved.
    pub fn unsaved(&self) -> bool {
        self.widgets() != &self.saved
    }
}

/// A node's label in menus: its kind and title.
pub fn node_label(node: &Json) -> String {
    let ty = node_type(node);
    let kind = match ty {
        "wrapper" => "Widget",
        "card" => "Card",
        "list" => "List",
        _ => "Field",
    };
    let title = node.get("title").and_then(Json::as_str).unwrap_or("").trim();
    let path = node.get("path").and_then(Json::as_str).unwrap_or("").trim();
    match (title.is_empty(), path.is_empty()) {
        (false, _) => format!("{kind} \u{201c}{title}\u{201d}"),
        (true, false) => format!("{kind} ({path})"),
        (true, true) => kind.to_string(),
    }
}

fn targets(node: &Json, at: &NodeAddress, out: &mut Vec<(NodeAddress, String)>) {
    let ty = node_type(node);
    if ty == "card" || ty == "wrapper" {
        let label = if ty == "wrapper" {
            format!("The panel of widget {}", at.widget + 1)
        } else {
            format!("{} in widget {}", node_label(node), at.widget + 1)
        };
        out.push((at.clone(), label));
    }
    for (i, child) in
        node.get("widgets").and_then(Json::as_array).unwrap_or_default().iter().enumerate()
    {
        let mut path = at.path.clone();
        path.push(i);
        targets(child, &NodeAddress { widget: at.widget, path }, out);
    }
}
