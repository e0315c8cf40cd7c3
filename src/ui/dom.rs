//! One view type for everything the engine decided: an element with its attributes and children
//! ([`El`]), drawn into the page with [`El::mount`] and drawn again with [`El::redraw`]. With
//! the `leptos` feature it is also a Leptos view (it implements tachys's `Render`), for the
//! component and the editor.
//!
//! Why one type instead of a `view!` per shape: every distinct view type is a copy of tachys's
//! generic build, rebuild, mount and drop code in the bundle, and the sidebar's tree is
//! data-shaped (cards in lists in cards). One non-generic type that builds elements and, on the
//! next render, writes only what differs (attributes, text, `.value`, children matched by key or
//! position) keeps DOM identity across updates for a fraction of the bytes (issue 11). A
//! [`DomNode::Memo`] part is drawn again only when its fingerprint changes.
//!
//! Nothing here writes HTML: elements are created and filled through the DOM, so data never
//! reaches an HTML sink, and no Trusted Types policy is needed.

#[cfg(feature = "leptos")]
use leptos::tachys::{
    html::attribute::any_attribute::AnyAttribute,
    hydration::Cursor,
    renderer::types,
    view::{Mountable, Position, PositionState, Render, RenderHtml},
};
use wasm_bindgen::JsCast;

/// An element to draw.
#[derive(Default)]
pub struct El {
    tag: &'static str,
    /// Matches the element to its previous self among its siblings (and is its `data-key`).
    key: Option<String>,
    attrs: Vec<(&'static str, String)>,
    /// CSS custom properties and properties set through CSSOM (allowed by a strict CSP).
    style: Vec<(&'static str, String)>,
    /// The `.value` property (inputs and selects).
    value: Option<String>,
    kids: Vec<DomNode>,
}

/// A child: an element, text, or a part drawn again only when its fingerprint changes.
pub enum DomNode {
    El(El),
    Text(String),
    Memo { fingerprint: u64, draw: Box<dyn FnOnce() -> DomNode + Send> },
}

impl From<El> for DomNode {
    fn from(e: El) -> DomNode {
        DomNode::El(e)
    }
}

impl From<String> for DomNode {
    fn from(t: String) -> DomNode {
        DomNode::Text(t)
    }
}

impl From<&str> for DomNode {
    fn from(t: &str) -> DomNode {
        DomNode::Text(t.to_string())
    }
}

impl El {
    pub fn new(tag: &'static str) -> El {
        El { tag, ..El::default() }
    }

    /// `<tag class="...">`.
    pub fn with_class(tag: &'static str, class: &str) -> El {
        El::new(tag).attr("class", class)
    }

    /// A control button: a `<button type="button">` whose clicks the one delegated listener
    /// routes by `data-sw` (`toggle`, `copy`, `more`, `retry`, `run`, `cancel`).
    pub fn control(class: &str, action: &'static str) -> El {
        El::with_class("button", class).attr("type", "button").attr("data-sw", action)
    }

    /// A link that opens in a new tab, without giving the opened page a handle on this one or
    /// the helpdesk's address (`href` already passed the engine's URL check).
    pub fn new_tab_link(class: &str, href: String) -> El {
        El::with_class("a", class)
            .attr("href", href)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attrs.push((name, value.into()));
        self
    }

    /// An attribute present only when there is a value.
    pub fn attr_opt(self, name: &'static str, value: Option<String>) -> El {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// A boolean attribute (`hidden`, `disabled`, `required`...).
    pub fn flag(self, name: &'static str, on: bool) -> El {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    /// `"true"` or `"false"`, for `aria-*` states.
    pub fn state(self, name: &'static str, on: bool) -> El {
        self.attr(name, if on { "true" } else { "false" })
    }

    pub fn key(mut self, key: &str) -> El {
        self.key = Some(key.to_string());
        self.attr("data-key", key)
    }

    pub fn style(mut self, property: &'static str, value: Option<String>) -> El {
        if let Some(v) = value {
            self.style.push((property, v));
        }
        self
    }

    pub fn value(mut self, value: String) -> El {
        self.value = Some(value);
        self
    }

    pub fn child(mut self, node: impl Into<DomNode>) -> El {
        self.kids.push(node.into());
        self
    }

    pub fn child_opt(mut self, node: Option<impl Into<DomNode>>) -> El {
        if let Some(n) = node {
            self.kids.push(n.into());
        }
        self
    }

    pub fn children(mut self, nodes: impl IntoIterator<Item = DomNode>) -> El {
        self.kids.extend(nodes);
        self
    }

    /// Draws the element at the end of `parent` (None without a document).
    pub fn mount(self, parent: &web_sys::Element) -> Option<ElState> {
        let s = build_el(self)?;
        let _ = parent.append_child(&s.el);
        Some(s)
    }

    /// Draws the element again over what was drawn, writing only what differs (replaced when its
    /// tag or key changed).
    pub fn redraw(self, state: &mut ElState) {
        if self.tag == state.tag && self.key == state.key {
            rebuild_el(self, state);
        } else if let Some(new) = build_el(self) {
            if let Some(parent) = state.el.parent_node() {
                let _ = parent.replace_child(&new.el, &state.el);
            }
            *state = new;
        }
    }
}

impl ElState {
    /// Removes what was drawn from the page.
    pub fn remove(&self) {
        self.el.remove();
    }
}

/// What was drawn for an [`El`]: the element and what it was drawn with.
pub struct ElState {
    el: web_sys::Element,
    tag: &'static str,
    key: Option<String>,
    attrs: Vec<(&'static str, String)>,
    style: Vec<(&'static str, String)>,
    value: Option<String>,
    kids: Vec<NodeState>,
}

/// What was drawn for a [`DomNode`].
pub enum NodeState {
    El(ElState),
    Text(web_sys::Text, String),
    Memo(u64, Box<NodeState>),
}

thread_local! {
    /// The page's document, looked up once: each look-up is several calls into JavaScript, and
    /// the first render of a sidebar creates hundreds of nodes (issue 20).
    static DOCUMENT: Option<web_sys::Document> = web_sys::window().and_then(|w| w.document());
}

fn create_element(tag: &str) -> Option<web_sys::Element> {
    DOCUMENT.with(|d| d.as_ref()?.create_element(tag).ok())
}

fn create_text(text: &str) -> Option<web_sys::Text> {
    DOCUMENT.with(|d| Some(d.as_ref()?.create_text_node(text)))
}

fn css(el: &web_sys::Element) -> Option<web_sys::CssStyleDeclaration> {
    el.dyn_ref::<web_sys::HtmlElement>().map(|h| h.style())
}

fn set_value(el: &web_sys::Element, value: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    }
}

impl NodeState {
    fn node(&self) -> Option<&web_sys::Node> {
        match self {
            NodeState::El(s) => Some(s.el.unchecked_ref()),
            NodeState::Text(t, _) => Some(t.unchecked_ref()),
            NodeState::Memo(_, inner) => inner.node(),
        }
    }

    fn key(&self) -> Option<&str> {
        match self {
            NodeState::El(s) => s.key.as_deref(),
            NodeState::Memo(_, inner) => inner.key(),
            NodeState::Text(..) => None,
        }
    }

    fn remove(&self) {
        if let Some(n) = self.node() {
            if let Some(parent) = n.parent_node() {
                let _ = parent.remove_child(n);
            }
        }
    }
}

fn build_node(node: DomNode) -> Option<NodeState> {
    Some(match node {
        DomNode::El(e) => NodeState::El(build_el(e)?),
        DomNode::Text(t) => NodeState::Text(create_text(&t)?, t),
        DomNode::Memo { fingerprint, draw } => {
            NodeState::Memo(fingerprint, Box::new(build_node(draw())?))
        }
    })
}

fn build_el(e: El) -> Option<ElState> {
    let el = create_element(e.tag)?;
    for (name, value) in &e.attrs {
        let _ = el.set_attribute(name, value);
    }
    if let Some(style) = (!e.style.is_empty()).then(|| css(&el)).flatten() {
        for (property, value) in &e.style {
            let _ = style.set_property(property, value);
        }
    }
    let mut kids = Vec::with_capacity(e.kids.len());
    for kid in e.kids {
        if let Some(state) = build_node(kid) {
            if let Some(n) = state.node() {
                let _ = el.append_child(n);
            }
            kids.push(state);
        }
    }
    if let Some(v) = &e.value {
        set_value(&el, v);
    }
    Some(ElState {
        el,
        tag: e.tag,
        key: e.key,
        attrs: e.attrs,
        style: e.style,
        value: e.value,
        kids,
    })
}

fn rebuild_el(e: El, s: &mut ElState) {
    // Attributes: write what changed, remove what is gone.
    for (name, value) in &e.attrs {
        if s.attrs.iter().find(|(n, _)| n == name).is_none_or(|(_, old)| old != value) {
            let _ = s.el.set_attribute(name, value);
        }
    }
    for (name, _) in &s.attrs {
        if !e.attrs.iter().any(|(n, _)| n == name) {
            let _ = s.el.remove_attribute(name);
        }
    }
    if e.style != s.style {
        if let Some(style) = css(&s.el) {
            for (property, _) in &s.style {
                if !e.style.iter().any(|(p, _)| p == property) {
                    let _ = style.remove_property(property);
                }
            }
            for (property, value) in &e.style {
                let _ = style.set_property(property, value);
            }
        }
    }
    rebuild_kids(&s.el, e.kids, &mut s.kids);
    // After the children: a select's value needs its options.
    if e.value != s.value {
        if let Some(v) = &e.value {
            set_value(&s.el, v);
        }
    }
    s.attrs = e.attrs;
    s.style = e.style;
    s.value = e.value;
    s.key = e.key;
}

/// Children matched by key where they have one (moved, not rebuilt, when their order changes),
/// else by position.
fn rebuild_kids(parent: &web_sys::Element, kids: Vec<DomNode>, states: &mut Vec<NodeState>) {
    let count = kids.len();
    for (i, kid) in kids.into_iter().enumerate() {
        let key = match &kid {
            DomNode::El(e) => e.key.clone(),
            _ => None,
        };
        if let Some(k) = key {
            if states.get(i).and_then(NodeState::key) != Some(k.as_str()) {
                if let Some(j) = states
                    .iter()
                    .skip(i + 1)
                    .position(|s| s.key() == Some(k.as_str()))
                    .map(|p| p + i + 1)
                {
                    let moved = states.remove(j);
                    if let Some(n) = moved.node() {
                        let before = states.get(i).and_then(NodeState::node);
                        let _ = parent.insert_before(n, before);
                    }
                    states.insert(i, moved);
                }
            }
        }
        match states.get_mut(i) {
            Some(state) => rebuild_node(parent, kid, state),
            None => {
                if let Some(state) = build_node(kid) {
                    if let Some(n) = state.node() {
                        let _ = parent.append_child(n);
                    }
                    states.push(state);
                }
            }
        }
    }
    while states.len() > count {
        if let Some(s) = states.pop() {
            s.remove();
        }
    }
}

fn rebuild_node(parent: &web_sys::Element, node: DomNode, state: &mut NodeState) {
    match (node, &mut *state) {
        (DomNode::Text(t), NodeState::Text(text, old)) => {
            if t != *old {
                text.set_data(&t);
                *old = t;
            }
        }
        (DomNode::El(e), NodeState::El(s)) if e.tag == s.tag && e.key == s.key => rebuild_el(e, s),
        (DomNode::Memo { fingerprint, draw }, NodeState::Memo(old, inner)) => {
            if fingerprint != *old {
                rebuild_node(parent, draw(), inner);
                *old = fingerprint;
            }
        }
        (node, state) => {
            if let Some(new) = build_node(node) {
                if let (Some(n), Some(old)) = (new.node(), state.node()) {
                    let _ = parent.replace_child(n, old);
                }
                *state = new;
            }
        }
    }
}

/// The prefix of the element ids of one widget (unique in the page): `for`, `aria-controls`.
#[derive(Clone)]
pub struct Ids(pub std::sync::Arc<str>);

impl Ids {
    pub fn of(&self, key: &str) -> String {
        format!("{}{key}", self.0)
    }
}

#[cfg(feature = "leptos")]
impl Render for El {
    type State = ElState;

    fn build(self) -> ElState {
        match build_el(self) {
            Some(s) => s,
            // Without a document nothing can be drawn; an empty text node keeps the tree sound.
            None => ElState {
                el: js_sys::Object::new().unchecked_into(),
                tag: "",
                key: None,
                attrs: Vec::new(),
                style: Vec::new(),
                value: None,
                kids: Vec::new(),
            },
        }
    }

    fn rebuild(self, state: &mut ElState) {
        self.redraw(state);
    }
}

#[cfg(feature = "leptos")]
impl Mountable for ElState {
    fn unmount(&mut self) {
        self.el.remove();
    }

    fn mount(&mut self, parent: &types::Element, marker: Option<&types::Node>) {
        let _ = parent.insert_before(&self.el, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self.el.parent_element() {
            Some(parent) => {
                child.mount(&parent, Some(self.el.unchecked_ref()));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<types::Element> {
        vec![self.el.clone()]
    }
}

#[cfg(feature = "leptos")]
leptos::tachys::no_attrs!(El);

/// The sidebar is drawn in the browser only: HTML output exists for the trait's sake.
#[cfg(feature = "leptos")]
impl RenderHtml for El {
    type AsyncOutput = El;
    type Owned = El;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> El {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        fn escape(s: &str) -> String {
            s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
        }
        fn write(e: El, buf: &mut String) {
            buf.push('<');
            buf.push_str(e.tag);
            for (name, value) in &e.attrs {
                buf.push_str(&format!(" {name}=\"{}\"", escape(value)));
            }
            buf.push('>');
            for kid in e.kids {
                write_node(kid, buf);
            }
            buf.push_str(&format!("</{}>", e.tag));
        }
        fn write_node(n: DomNode, buf: &mut String) {
            match n {
                DomNode::El(e) => write(e, buf),
                DomNode::Text(t) => buf.push_str(&escape(&t)),
                DomNode::Memo { draw, .. } => write_node(draw(), buf),
            }
        }
        write(self, buf);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> ElState {
        self.build()
    }

    fn into_owned(self) -> El {
        self
    }
}
