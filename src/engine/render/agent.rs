//! What the agent did in a widget (cards opened, "N more", forms being filled, buttons in flight
//! and their outcomes): the input the walk reads besides the template and the data.

use crate::engine::keyed::Keyed;
use crate::model::action::FieldRef;

/// What the agent did in one widget, by the keys the blocks carry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WidgetUi {
    /// Cards opened or closed by the agent: their state instead of the default.
    pub toggled: Keyed<bool>,
    /// Lists whose "N more" was used: how many items they show.
    pub shown: Keyed<usize>,
    /// Open "Edit fields" forms, by button key.
    pub forms: Keyed<FormState>,
    /// Buttons whose request is in flight.
    pub pending: Keyed<()>,
    /// The last outcome of each button.
    pub outcomes: Keyed<Outcome>,
    /// Bumped on every change: the widget is drawn again.
    pub revision: u64,
}

/// An open "Edit fields" form: what the agent typed (kept through failures and refreshes), and
/// which mandatory fields were found empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    pub values: Vec<(FieldRef, String)>,
    pub missing: Vec<FieldRef>,
}

impl FormState {
    pub fn set(&mut self, r: FieldRef, value: String) {
        match self.values.iter_mut().find(|(e, _)| *e == r) {
            Some(slot) => slot.1 = value,
            None => self.values.push((r, value)),
        }
    }
}

/// What happened to a button's last request.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}
