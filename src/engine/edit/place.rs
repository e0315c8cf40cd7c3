//! Which part of the editor a problem concerns, from where it was found: a template warning's
//! place (`widgets[0].widgets[3].meta.limit`, from the template's root) or a JSON-Schema error's
//! steps from the mount options' root (`["widgets", 2, "template", "widgets", 0, "title"]`), so
//! that the editor shows each beside the node, widget or integration it is about.

use super::NodeAddress;
use crate::model::Json;

/// What a problem is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Concern {
    /// A node of a widget's template; `within` names the part of it (`meta.limit`, `title`; empty
    /// for the node itself).
    Node {
        /// The node.
        at: NodeAddress,
        /// The part of the node, in the template warnings' style.
        within: String,
    },
    /// A widget's own keys (`order`, `context`...), outside its template.
    Widget {
        /// The widget's index in the widgets array.
        widget: usize,
        /// The key, in the template warnings' style.
        within: String,
    },
    /// An integration (its index in the integrations array).
    Integration {
        /// The integration's index.
        index: usize,
        /// The part of it (`http.url`).
        within: String,
    },
    /// Anything else (the options' own keys), with its place.
    Elsewhere(String),
}

/// One step of a place: a key of an object or an index in an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of an object.
    Key(String),
    /// An index in an array.
    Index(usize),
}

impl Step {
    /// The steps of a schema error's `path` (`["widgets", 0, "title"]`); None when one is neither
    /// a string nor a whole number.
    pub fn read_all(path: &Json) -> Option<Vec<Step>> {
        path.as_array()?
            .iter()
            .map(|s| match s {
                Json::String(k) => Some(Step::Key(k.to_string())),
                other => {
                    let n = other.as_f64()?;
                    (n >= 0.0 && n.fract() == 0.0 && n < 4_294_967_296.0)
                        .then_some(Step::Index(n as usize))
                }
            })
            .collect()
    }
}

/// Steps as the template warnings write them: `widgets[0].meta.limit`, a key that is not a plain
/// name quoted (`body["application/json"]`).
pub fn place_text(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            Step::Key(k) if is_plain_name(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => {
                out.push('[');
                out.push_str(&Json::from(k.as_str()).to_string());
                out.push(']');
            }
        }
    }
    out
}

fn is_plain_name(k: &str) -> bool {
    let mut chars = k.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '-')
}

/// The node a path of steps from a template's root names (the indexes through each `widgets`
/// array), and the steps left over.
fn node_steps(steps: &[Step]) -> (Vec<usize>, &[Step]) {
    let mut path = Vec::new();
    let mut rest = steps;
    while let [Step::Key(k), Step::Index(i), tail @ ..] = rest {
        if k != "widgets" {
            break;
        }
        path.push(*i);
        rest = tail;
    }
    (path, rest)
}

/// What a JSON-Schema error found at `steps` (from the root of `{widgets, integrations}`) is about.
pub fn locate_schema_error(steps: &[Step]) -> Concern {
    match steps {
        [Step::Key(w), Step::Index(widget), Step::Key(t), rest @ ..]
            if w == "widgets" && t == "template" =>
        {
            let (path, within) = node_steps(rest);
            Concern::Node { at: NodeAddress { widget: *widget, path }, within: place_text(within) }
        }
        [Step::Key(w), Step::Index(widget), rest @ ..] if w == "widgets" => {
            Concern::Widget { widget: *widget, within: place_text(rest) }
        }
        [Step::Key(i), Step::Index(index), rest @ ..] if i == "integrations" => {
            Concern::Integration { index: *index, within: place_text(rest) }
        }
        _ => Concern::Elsewhere(place_text(steps)),
    }
}

/// A template warning's place (`widgets[0].widgets[3].meta.limit`, from the template's root)
/// read as the node it concerns (path `[0, 3]`) and the part of it (`meta.limit`). A place that
/// does not start with node steps concerns the root.
pub fn locate_template_place(place: &str) -> (Vec<usize>, String) {
    let mut path = Vec::new();
    let mut rest = place;
    loop {
        let tail = rest.strip_prefix('.').unwrap_or(rest);
        let Some(after) = tail.strip_prefix("widgets[") else { break };
        let Some((index, after)) = after.split_once(']') else { break };
        let Ok(index) = index.parse::<usize>() else { break };
        path.push(index);
        rest = after;
    }
    (path, rest.strip_prefix('.').unwrap_or(rest).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(json: &str) -> Vec<Step> {
        let parsed = Json::parse(json).unwrap_or(Json::Null);
        Step::read_all(&parsed).unwrap_or_default()
    }

    #[test]
    fn a_schema_error_in_a_template_goes_to_its_node() {
        assert_eq!(
            locate_schema_error(&steps(
                r#"["widgets",1,"template","widgets",0,"widgets",2,"title"]"#
            )),
            Concern::Node {
                at: NodeAddress { widget: 1, path: vec![0, 2] },
                within: "title".into()
            }
        );
        assert_eq!(
            locate_schema_error(&steps(r#"["widgets",0,"template","meta","limit"]"#)),
            Concern::Node { at: NodeAddress::root(0), within: "meta.limit".into() }
        );
        assert_eq!(
            locate_schema_error(&steps(
                r#"["widgets",0,"template","widgets",3,"meta","custom","buttons",0,"action","body","application/json"]"#
            )),
            Concern::Node {
                at: NodeAddress { widget: 0, path: vec![3] },
                within: r#"meta.custom.buttons[0].action.body["application/json"]"#.into()
            }
        );
        // The node itself (a `type` it does not know, say).
        assert_eq!(
            locate_schema_error(&steps(r#"["widgets",0,"template","widgets",1]"#)),
            Concern::Node { at: NodeAddress { widget: 0, path: vec![1] }, within: String::new() }
        );
    }

    #[test]
    fn a_schema_error_outside_templates_goes_to_its_widget_or_integration() {
        assert_eq!(
            locate_schema_error(&steps(r#"["widgets",2,"order"]"#)),
            Concern::Widget { widget: 2, within: "order".into() }
        );
        assert_eq!(
            locate_schema_error(&steps(r#"["integrations",0,"http","url"]"#)),
            Concern::Integration { index: 0, within: "http.url".into() }
        );
        assert_eq!(
            locate_schema_error(&steps(r#"["locale"]"#)),
            Concern::Elsewhere("locale".into())
        );
        assert_eq!(locate_schema_error(&[]), Concern::Elsewhere(String::new()));
    }

    #[test]
    fn steps_are_read_only_from_keys_and_whole_numbers() {
        assert_eq!(steps(r#"["a",0]"#), vec![Step::Key("a".into()), Step::Index(0)]);
        for bad in [r#"["a",-1]"#, r#"["a",1.5]"#, r#"["a",null]"#, r#"{"a":1}"#, "3"] {
            let parsed = Json::parse(bad).unwrap_or(Json::Null);
            assert_eq!(Step::read_all(&parsed), None, "{bad}");
        }
    }

    #[test]
    fn template_places_are_read_as_the_warnings_write_them() {
        assert_eq!(locate_template_place(""), (vec![], String::new()));
        assert_eq!(locate_template_place("widgets[0].widgets[3]"), (vec![0, 3], String::new()));
        assert_eq!(locate_template_place("widgets[1].meta.limit"), (vec![1], "meta.limit".into()));
        assert_eq!(locate_template_place("meta.orderBy"), (vec![], "meta.orderBy".into()));
        // Not node steps: left as they are.
        assert_eq!(locate_template_place("widgets[x].title"), (vec![], "widgets[x].title".into()));
        assert_eq!(place_text(&steps(r#"["a b",0,"c"]"#)), r#"["a b"][0].c"#);
    }
}
