//! The editor's JavaScript API (the editor bundle only): `SidebarWidgets.edit(element, options)`
//! and the handle it returns (`widgets`, `integrations`, `setWidgets`, `undo`, `redo`, `saved`,
//! `unmount`). The options are those of `mount`: widgets, integrations, data (the sample answers,
//! by integration id), context, theme, locale.

use super::dispatch::step;
use super::events::{listen, Listening};
use super::keeping;
use super::state::{Editor, EditorState};
use super::view::editor_view;
use crate::model::Json;
use js_sys::{Object, Reflect};
use leptos::prelude::With;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(&format!("sidebar-widgets: {message}")).into()
}

/// `options[key]` as JSON (through `JSON.stringify`, so that a getter or a cycle that throws is
/// an error, never a crash); `Ok(None)` when absent.
fn part(options: &JsValue, key: &str) -> Result<Option<Json>, String> {
    let v = Reflect::get(options, &JsValue::from_str(key))
        .map_err(|_| format!("reading \"{key}\" threw an error"))?;
    if v.is_undefined() {
        return Ok(None);
    }
    let text =
        js_sys::JSON::stringify(&v).map_err(|_| format!("\"{key}\" could not be read as JSON"))?;
    let text = text.as_string().unwrap_or_default();
    Json::parse(&text).map(Some).map_err(|e| format!("\"{key}\" could not be read: {e}"))
}

fn array(v: Option<Json>, key: &str) -> Result<Json, String> {
    match v {
        None | Some(Json::Null) => Ok(Json::from(Vec::<Json>::new())),
        Some(v @ Json::Array(_)) => Ok(v),
        Some(other) => Err(format!("\"{key}\" must be an array, not {}", other.kind_name())),
    }
}

/// The editor the options describe.
fn read(options: &JsValue) -> Result<Editor, String> {
    if !options.is_object() {
        return Err("edit(element, options) needs an options object".into());
    }
    let widgets = array(part(options, "widgets")?, "widgets")?;
    let integrations = array(part(options, "integrations")?, "integrations")?;
    let samples = match part(options, "data")? {
        Some(Json::Object(o)) => o.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        None | Some(Json::Null) => Vec::new(),
        Some(other) => {
            return Err(format!("\"data\" must be an object, not {}", other.kind_name()))
        }
    };
    let mut e = Editor::new(widgets, integrations, samples);
    e.context = part(options, "context")?.unwrap_or_default();
    e.theme = match part(options, "theme")? {
        Some(Json::String(s)) if matches!(&*s, "light" | "dark") => s.to_string(),
        _ => "auto".into(),
    };
    // A Test of an integration goes through the host's proxy when it has one.
    let proxy = match part(options, "proxy")? {
        Some(Json::String(s)) => Some(s.to_string()),
        _ => match part(options, "actionProxy")? {
            Some(Json::String(s)) => Some(s.to_string()),
            _ => None,
        },
    };
    let token = match part(options, "proxyToken")? {
        Some(Json::String(s)) => Some(s.to_string()),
        _ => None,
    };
    e.proxy = proxy
        .and_then(|p| crate::engine::safety::safe_http_url(&p))
        .map(|url| crate::engine::request::Proxy { url, token });
    Ok(e)
}

struct Mounted {
    state: EditorState,
    element: web_sys::Element,
    _listening: Listening,
    _keeping: keeping::Keeping,
    _view: Box<dyn Any>,
}

thread_local! {
    static EDITORS: RefCell<Vec<(u32, Rc<Mounted>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

fn mounted(id: u32) -> Option<Rc<Mounted>> {
    EDITORS.with(|all| {
        let all = all.try_borrow().ok()?;
        all.iter().find(|(i, _)| *i == id).map(|(_, m)| m.clone())
    })
}

fn to_js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

/// What `edit` returns: the number of a mounted editor (it lives until `unmount()`).
#[wasm_bindgen]
pub struct EditorHandle {
    id: u32,
}

#[wasm_bindgen]
impl EditorHandle {
    /// The widgets as edited (a fresh JSON value each call); `[]` once unmounted.
    pub fn widgets(&self) -> JsValue {
        let mut out = Json::from(Vec::<Json>::new());
        if let Some(m) = mounted(self.id) {
            m.state.read(&mut |e| out = e.widgets().clone());
        }
        to_js(&out)
    }

    /// The integrations (as given).
    pub fn integrations(&self) -> JsValue {
        let mut out = Json::from(Vec::<Json>::new());
        if let Some(m) = mounted(self.id) {
            m.state.read(&mut |e| out = e.integrations.clone());
        }
        to_js(&out)
    }

    /// Replaces the widgets (one undo step). Throws when `widgets` is not an array.
    #[wasm_bindgen(js_name = setWidgets)]
    pub fn set_widgets(&self, widgets: JsValue) -> Result<(), JsValue> {
        let Some(m) = mounted(self.id) else { return Err(js_error("this editor was unmounted")) };
        let holder = Object::new();
        let _ = Reflect::set(&holder, &"widgets".into(), &widgets);
        let w =
            part(&holder, "widgets").and_then(|w| array(w, "widgets")).map_err(|e| js_error(&e))?;
        m.state.change(&mut |e| {
            e.history.replace_all(w.clone());
            e.selected = None;
            e.picked = None;
        });
        Ok(())
    }

    /// Undoes the last change; false when there is none.
    pub fn undo(&self) -> bool {
        mounted(self.id).is_some_and(|m| step(m.state, &m.element, false))
    }

    /// Redoes the last undone change; false when there is none.
    pub fn redo(&self) -> bool {
        mounted(self.id).is_some_and(|m| step(m.state, &m.element, true))
    }

    /// Tells the editor the widgets as they are now are saved: leaving no longer asks, and the
    /// draft kept in the browser is forgotten.
    pub fn saved(&self) {
        if let Some(m) = mounted(self.id) {
            m.state.change(&mut |e| {
                let now = e.widgets().clone();
                keeping::saved(e, now);
            });
        }
    }

    /// Removes the editor from its element.
    pub fn unmount(&self) {
        let taken = EDITORS.with(|all| {
            let mut all = all.try_borrow_mut().ok()?;
            let i = all.iter().position(|(i, _)| *i == self.id)?;
            Some(all.swap_remove(i))
        });
        drop(taken);
    }

    /// Whether the editor is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        mounted(self.id).is_some()
    }
}

/// Mounts an editor into `element` with the options of `mount`.
pub fn edit(element: JsValue, options: JsValue) -> Result<EditorHandle, JsValue> {
    let element: web_sys::HtmlElement =
        element.dyn_into().map_err(|_| js_error("edit(element, options) needs an HTML element"))?;
    let editor = read(&options).map_err(|e| js_error(&e))?;
    let cell: Rc<Cell<Option<EditorState>>> = Rc::new(Cell::new(None));
    let out = cell.clone();
    let mut editor = Some(editor);
    let view = leptos::mount::mount_to(element.clone(), move || {
        let state = editor.take().map(EditorState::new);
        if let Some(s) = state {
            super::schema::follow(s);
        }
        out.set(state);
        move || match state {
            Some(s) => s.model.with(|e| editor_view(e, s.serial)),
            None => crate::ui::dom::El::new("div"),
        }
    });
    let Some(state) = cell.take() else { return Err(js_error("the editor did not mount")) };
    let target: web_sys::Element = element.into();
    let mounted = Rc::new(Mounted {
        state,
        element: target.clone(),
        _listening: listen(&target, state),
        _keeping: keeping::keep(state),
        _view: Box::new(view),
    });
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    EDITORS
        .with(|all| all.try_borrow_mut().map(|mut all| all.push((id, mounted))))
        .map_err(|_| js_error("the editor did not mount"))?;
    Ok(EditorHandle { id })
}

/// Adds `edit` to the `window.SidebarWidgets` object.
pub fn install(api: &Object) {
    let edit_fn = Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        |element: JsValue, options: JsValue| edit(element, options).map(JsValue::from),
    );
    let _ = Reflect::set(api, &"edit".into(), edit_fn.as_ref());
    edit_fn.forget();
}
