//! The widget template tree, exactly in the Gorgias shape: `{type, title, path, order, meta, widgets}`.
//!
//! Parsing is lenient where Gorgias is (unknown keys are ignored, unknown `type`s become a text
//! field) and strict where a wrong JSON type would make the template mean something else
//! (`"widgets": 5`, `"order": "x"`, `"meta": []`): those are a [`Problem`] naming the place in
//! the template, so the bad widget shows a short message and the others still render.

use super::action::{parse_button, CustomButton};
use super::json::{Json, Object};
use super::problem::Problem;
use std::sync::Arc;

/// How deep a template may nest before it is refused with a visible error.
pub const MAX_TEMPLATE_DEPTH: usize = 40;
/// How many nodes one template may have in all.
pub const MAX_TEMPLATE_NODES: usize = 5_000;

/// What a node is, decided once from its `type` string.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// The widget's panel.
    Wrapper,
    /// A section with a header and content.
    Card,
    /// Renders its first child once per item of an array.
    List,
    /// Any other type: a `Title: value` field.
    Field(FieldType),
}

/// The display type of a leaf.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    Text,
    Boolean,
    Date,
    Age,
    Url,
    Email,
    Array,
    Sentiment,
    Rating,
    Points,
    Percent,
    /// No `type` given: guessed from the value.
    Guess,
    /// A type we do not know: shown as text, with a console warning.
    Unknown(String),
}

impl FieldType {
    pub fn from_type_name(name: &str) -> FieldType {
        match name {
            "text" => FieldType::Text,
            "boolean" => FieldType::Boolean,
            "date" => FieldType::Date,
            "age" => FieldType::Age,
            "url" => FieldType::Url,
            "email" => FieldType::Email,
            "array" => FieldType::Array,
            "sentiment" => FieldType::Sentiment,
            "rating" => FieldType::Rating,
            "points" => FieldType::Points,
            "percent" => FieldType::Percent,
            "" => FieldType::Guess,
            other => FieldType::Unknown(other.to_string()),
        }
    }
}

impl NodeKind {
    pub fn from_type_name(name: &str) -> NodeKind {
        match name {
            "wrapper" => NodeKind::Wrapper,
            "card" => NodeKind::Card,
            "list" => NodeKind::List,
            other => NodeKind::Field(FieldType::from_type_name(other)),
        }
    }
}

/// A custom link: `{label, url}`, both with variables.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CustomLink {
    pub label: String,
    pub url: String,
}

/// The node's `meta`, with the keys we understand typed and the whole object kept for warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// Accent colour (wrapper border, card icon tile). Checked against the colour allowlist when used.
    pub color: Option<String>,
    /// Title link (card), with variables.
    pub link: Option<String>,
    /// Icon before the card title.
    pub picture_url: Option<String>,
    /// `false` renders a card's content without frame or header.
    pub display_card: bool,
    /// List: items shown at first. Leaf: maximum characters. Card: maximum title characters.
    pub limit: Option<usize>,
    /// List sort key: `-key`, `+key` or `key`.
    pub order_by: Option<String>,
    /// (ext) A leaf or list with no value is not rendered at all.
    pub hide_if_empty: bool,
    /// `meta.custom`: custom links, and the buttons, each parsed once when the template is read
    /// (or why it is unusable, shown in its place).
    pub custom_links: Vec<CustomLink>,
    pub custom_buttons: Vec<Result<CustomButton, String>>,
    /// The raw object, for the playground's warnings.
    pub raw: Json,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            color: None,
            link: None,
            picture_url: None,
            display_card: true,
            limit: None,
            order_by: None,
            hide_if_empty: false,
            custom_links: Vec::new(),
            custom_buttons: Vec::new(),
            raw: Json::Null,
        }
    }
}

impl Meta {
    /// Whether this node carries custom links or buttons.
    pub fn has_custom_actions(&self) -> bool {
        !self.custom_links.is_empty() || !self.custom_buttons.is_empty()
    }
}

/// One node of the template tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The `type` string as written.
    pub type_name: String,
    pub title: Option<String>,
    /// `""` means the parent's data itself.
    pub path: String,
    pub order: Option<f64>,
    pub meta: Meta,
    /// Children, shared so that views (a list renders its child once per item) never copy them.
    pub widgets: Vec<Arc<Node>>,
    /// Where the node stands in the template, e.g. `widgets[0].widgets[3]` (root: `""`).
    pub place: String,
}

fn err(place: &str, message: impl Into<String>) -> Problem {
    Problem { place: place.to_string(), message: message.into() }
}

fn opt_string(obj: &Object, key: &str, place: &str) -> Result<Option<String>, Problem> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.to_string())),
        // Numbers in a title are harmless: show them.
        Some(n @ Json::Number(_)) => Ok(Some(n.to_text())),
        Some(other) => {
            Err(err(place, format!("\"{key}\" must be a string, not {}", other.kind_name())))
        }
    }
}

/// `limit` as Gorgias takes it: a number or a numeric string; empty, `0`, missing or junk -> None.
pub fn parse_limit(v: Option<&Json>) -> Option<usize> {
    let n = match v? {
        Json::Number(n) => *n,
        Json::String(s) => super::json::parse_decimal(s.trim())?,
        _ => return None,
    };
    if n.is_finite() && n >= 1.0 {
        Some(n.min(1_000_000.0) as usize)
    } else {
        None
    }
}

/// A flag written as a boolean or as `"true"`/`"false"`; anything else is the default.
pub fn parse_flag(v: Option<&Json>, default: bool) -> bool {
    match v {
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) if &**s == "false" => false,
        Some(Json::String(s)) if &**s == "true" => true,
        _ => default,
    }
}

fn parse_meta(v: Option<&Json>, place: &str) -> Result<Meta, Problem> {
    let obj = match v {
        None | Some(Json::Null) => return Ok(Meta::default()),
        Some(Json::Object(o)) => o,
        Some(other) => {
            return Err(err(
                place,
                format!("\"meta\" must be an object, not {}", other.kind_name()),
            ))
        }
    };
    let text = |key: &str| -> Option<String> {
        match obj.get(key) {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.to_string()),
            _ => None,
        }
    };
    let mut meta = Meta {
        color: text("color"),
        link: text("link"),
        picture_url: text("pictureUrl"),
        display_card: parse_flag(obj.get("displayCard"), true),
        limit: parse_limit(obj.get("limit")),
        order_by: text("orderBy").map(|s| s.trim().to_string()),
        hide_if_empty: parse_flag(obj.get("hideIfEmpty"), false),
        custom_links: Vec::new(),
        custom_buttons: Vec::new(),
        raw: v.cloned().unwrap_or_default(),
    };
    match obj.get("custom") {
        None | Some(Json::Null) => {}
        Some(Json::Object(custom)) => {
            match custom.get("links") {
                None | Some(Json::Null) => {}
                Some(Json::Array(links)) => {
                    for (i, link) in links.iter().enumerate() {
                        let Json::Object(l) = link else {
                            return Err(err(
                                place,
                                format!("meta.custom.links[{i}] must be an object"),
                            ));
                        };
                        let field = |k: &str| match l.get(k) {
                            Some(v @ (Json::String(_) | Json::Number(_))) => v.to_text(),
                            _ => String::new(),
                        };
                        meta.custom_links
                            .push(CustomLink { label: field("label"), url: field("url") });
                    }
                }
                Some(other) => {
                    return Err(err(
                        place,
                        format!("meta.custom.links must be an array, not {}", other.kind_name()),
                    ))
                }
            }
            match custom.get("buttons") {
                None | Some(Json::Null) => {}
                Some(Json::Array(buttons)) => {
                    meta.custom_buttons = buttons.iter().map(parse_button).collect()
                }
                Some(other) => {
                    return Err(err(
                        place,
                        format!("meta.custom.buttons must be an array, not {}", other.kind_name()),
                    ))
                }
            }
        }
        Some(other) => {
            return Err(err(
                place,
                format!("meta.custom must be an object, not {}", other.kind_name()),
            ))
        }
    }
    Ok(meta)
}

impl Node {
    /// Parses a template from JSON, refusing trees deeper than [`MAX_TEMPLATE_DEPTH`] or larger than
    /// [`MAX_TEMPLATE_NODES`].
    pub fn from_json(v: &Json) -> Result<Node, Problem> {
        let mut count = 0usize;
        Node::parse(v, String::new(), 0, &mut count)
    }

    fn parse(v: &Json, place: String, depth: usize, count: &mut usize) -> Result<Node, Problem> {
        if depth > MAX_TEMPLATE_DEPTH {
            return Err(err(&place, format!("nested more than {MAX_TEMPLATE_DEPTH} levels deep")));
        }
        *count += 1;
        if *count > MAX_TEMPLATE_NODES {
            return Err(err(&place, format!("more than {MAX_TEMPLATE_NODES} nodes")));
        }
        let obj = match v {
            Json::Object(o) => o,
            other => {
                return Err(err(
                    &place,
                    format!("a node must be an object, not {}", other.kind_name()),
                ))
            }
        };
        let type_name = match obj.get("type") {
            None | Some(Json::Null) => String::new(),
            Some(Json::String(s)) => s.trim().to_string(),
            Some(other) => {
                return Err(err(
                    &place,
                    format!("\"type\" must be a string, not {}", other.kind_name()),
                ))
            }
        };
        let title = opt_string(obj, "title", &place)?;
        let path = opt_string(obj, "path", &place)?.unwrap_or_default();
        let order = match obj.get("order") {
            None | Some(Json::Null) => None,
            Some(Json::Number(n)) => Some(*n),
            Some(other) => {
                return Err(err(
                    &place,
                    format!("\"order\" must be a number, not {}", other.kind_name()),
                ))
            }
        };
        let meta = parse_meta(obj.get("meta"), &place)?;
        let widgets = match obj.get("widgets") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(children)) => {
                let mut out = Vec::with_capacity(children.len());
                for (i, child) in children.iter().enumerate() {
                    let child_place = if place.is_empty() {
                        format!("widgets[{i}]")
                    } else {
                        format!("{place}.widgets[{i}]")
                    };
                    out.push(Arc::new(Node::parse(child, child_place, depth + 1, count)?));
                }
                out
            }
            Some(other) => {
                return Err(err(
                    &place,
                    format!("\"widgets\" must be an array, not {}", other.kind_name()),
                ))
            }
        };
        Ok(Node {
            kind: NodeKind::from_type_name(&type_name),
            type_name,
            title,
            path,
            order,
            meta,
            widgets,
            place,
        })
    }
}

/// A template node from JSON that must read, for the tests of every module that draws or checks
/// templates (one helper, not a copy per test module).
#[cfg(test)]
pub fn test_node(v: Json) -> Node {
    match Node::from_json(&v) {
        Ok(n) => n,
        Err(e) => panic!("test template refused: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    #[test]
    fn buttons_are_parsed_once_when_the_template_is_read() {
        let node = Node::from_json(&json!({"type": "card", "meta": {"custom": {"buttons": [
            {"label": "Go", "action": {"method": "POST", "url": "https://x.example/{{id}}"}},
            {"label": "Broken", "action": {"method": "FETCH", "url": "https://x.example"}},
            "not a button"
        ]}}}))
        .unwrap();
        let buttons = &node.meta.custom_buttons;
        assert_eq!(buttons.len(), 3);
        let go = buttons[0].as_ref().unwrap();
        assert_eq!((go.label.as_str(), go.action.url.as_str()), ("Go", "https://x.example/{{id}}"));
        assert!(buttons[1].as_ref().unwrap_err().starts_with("button \"Broken\": unknown method"));
        assert!(buttons[2].as_ref().unwrap_err().contains("must be an object"));
        assert!(node.meta.has_custom_actions());
    }
}
