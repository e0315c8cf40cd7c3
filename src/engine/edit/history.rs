//! Undo and redo over whole snapshots of the widgets (each shares all but the changed parts with
//! the one before, so a step costs what the edit changed).

use super::{apply, Edit, EditError};
use crate::model::Json;

/// How many steps undo goes back at most (the oldest are forgotten first).
pub const MAX_UNDO_STEPS: usize = 500;

/// Undo/redo over whole snapshots. [`History::apply`] with `Some(group)` merges into the previous
/// step when that step had the same group and nothing came between (typing in one text box = one
/// step); `None` always makes a new step.
#[derive(Clone, Debug)]
pub struct History {
    /// Every state kept, oldest first; `states[at]` is the current one.
    states: Vec<Json>,
    at: usize,
    /// The group of the step that made the current state, while more of it may merge into it.
    open_group: Option<String>,
}

impl History {
    /// A history whose first state is `widgets`, as given (an untouched history gives them back
    /// exactly).
    pub fn new(widgets: Json) -> History {
        History { states: vec![widgets], at: 0, open_group: None }
    }

    /// The widgets as they are now.
    pub fn current(&self) -> &Json {
        // `at` is always a valid index; the fallback is never used.
        self.states.get(self.at).unwrap_or(&NULL)
    }

    /// Makes `edit`, as one step (or as part of the previous one, see [`History`]). An edit that
    /// changes nothing makes no step. On `Err` nothing changes.
    pub fn apply(&mut self, edit: &Edit, group: Option<&str>) -> Result<(), EditError> {
        let next = apply(self.current(), edit)?;
        self.commit(next, group);
        Ok(())
    }

    /// Replaces the widgets as a whole (the JS API's `setWidgets`): one step of its own.
    pub fn replace_all(&mut self, widgets: Json) {
        self.commit(widgets, None);
    }

    /// Ends the current group: the next edit is a step of its own even with the same group (a
    /// text box that lost the focus).
    pub fn seal(&mut self) {
        self.open_group = None;
    }

    fn commit(&mut self, next: Json, group: Option<&str>) {
        if next == *self.current() && next.to_string() == self.current().to_string() {
            return;
        }
        let merge = group.is_some() && self.at > 0 && self.open_group.as_deref() == group;
        self.states.truncate(self.at + 1);
        if merge {
            if let Some(last) = self.states.last_mut() {
                *last = next;
            }
        } else {
            self.states.push(next);
            if self.states.len() > MAX_UNDO_STEPS + 1 {
                self.states.remove(0);
            }
            self.at = self.states.len() - 1;
        }
        self.open_group = group.map(str::to_string);
    }

    /// Goes back one step; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        self.open_group = None;
        if self.at == 0 {
            return false;
        }
        self.at -= 1;
        true
    }

    /// Goes forward one undone step; `false` when there is none.
    pub fn redo(&mut self) -> bool {
        self.open_group = None;
        if self.at + 1 >= self.states.len() {
            return false;
        }
        self.at += 1;
        true
    }

    /// Whether [`History::undo`] would do something.
    pub fn can_undo(&self) -> bool {
        self.at > 0
    }

    /// Whether [`History::redo`] would do something.
    pub fn can_redo(&self) -> bool {
        self.at + 1 < self.states.len()
    }
}

static NULL: Json = Json::Null;
