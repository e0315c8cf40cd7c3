//! Custom links and buttons (SPEC 3): their labels and URLs resolved, each button's action
//! resolved as it would run now, and its "Edit fields" form.

use super::{
    Actions, FormField, FormState, Position, RenderedButton, RenderedForm, RenderedLink, Renderer,
    Runnable,
};
use crate::engine::messages::Msg;
use crate::engine::request::resolve_action;
use crate::engine::safety::safe_link_url;
use crate::engine::vars::{interpolate, resolve_url, Purpose};
use crate::model::action::{Action, ParamKind};
use crate::model::{Json, Node};

impl Renderer<'_, '_> {
    /// The custom links and buttons of a node, over its data (SPEC 3).
    pub(super) fn actions(
        &mut self,
        node: &Node,
        data: &Json,
        key: &str,
        pos: Position,
    ) -> Actions {
        let vars = self.action_vars(pos);
        let link_scope = self.scope(data, Purpose::CustomLink, &vars);
        let links = node
            .meta
            .custom_links
            .iter()
            .map(|l| {
                let label = interpolate(&l.label, &link_scope);
                let url = resolve_url(&l.url, &link_scope);
                let label = if label.trim().is_empty() { url.clone() } else { label };
                let href = safe_link_url(&url);
                let refused_reason =
                    href.is_none().then(|| self.env.messages.get(Msg::RefusedLink).to_string());
                RenderedLink { label, href, refused_reason }
            })
            .collect();
        let request_scope = self.scope(data, Purpose::Request, &vars);
        let mut buttons = Vec::new();
        let mut runnables = Vec::new();
        for (i, parsed) in node.meta.custom_buttons.iter().enumerate() {
            let button_key = format!("{key}#{i}");
            let button = match parsed {
                Ok(b) => b,
                Err(why) => {
                    buttons.push(RenderedButton {
                        key: button_key,
                        text: self.env.messages.get(Msg::UnusableButton).to_string(),
                        pending: false,
                        unusable: Some(why.clone()),
                        form: None,
                        outcome: None,
                    });
                    continue;
                }
            };
            let label = interpolate(&button.label, &link_scope);
            let action = resolve_action(&button.action, &request_scope);
            let pending = self.env.ui.pending.contains(&button_key);
            let form = self
                .env
                .ui
                .forms
                .get(&button_key)
                .map(|state| self.form(&button_key, &label, &action, state));
            buttons.push(RenderedButton {
                key: button_key.clone(),
                text: if pending {
                    self.env.messages.get(Msg::Executing).to_string()
                } else {
                    label.clone()
                },
                pending,
                unusable: None,
                form,
                outcome: self.env.ui.outcomes.get(&button_key).cloned(),
            });
            runnables.push((button_key, Runnable { label, action }));
        }
        self.buttons.extend(runnables);
        Actions { links, buttons }
    }

    /// The "Edit fields" form: one input per editable item or dropdown, with what the agent typed
    /// (or the resolved value at first).
    fn form(&self, key: &str, label: &str, action: &Action, state: &FormState) -> RenderedForm {
        let m = self.env.messages;
        let fields = action
            .editable_fields()
            .into_iter()
            .map(|(r, p)| {
                let value = state
                    .values
                    .iter()
                    .find(|(e, _)| *e == r)
                    .map_or_else(|| p.initial_value(), |(_, v)| v.clone());
                let choices = (p.kind == ParamKind::Dropdown).then(|| {
                    let mut c = p.choices();
                    if !p.mandatory {
                        c.insert(0, String::new());
                    }
                    c
                });
                FormField {
                    field: r,
                    id: format!("{key}-{}", r.name()),
                    label: p.display_label().to_string(),
                    value,
                    mandatory: p.mandatory,
                    choices,
                    missing: state.missing.contains(&r),
                }
            })
            .collect();
        RenderedForm {
            aria_label: format!("{}: {label}", m.get(Msg::EditFields)),
            title: m.get(Msg::EditFields).to_string(),
            fields,
            execute: m
                .get(if self.env.ui.pending.contains(key) { Msg::Executing } else { Msg::Execute })
                .to_string(),
            cancel: m.get(Msg::Cancel).to_string(),
            required_text: m.get(Msg::Required).to_string(),
        }
    }
}
