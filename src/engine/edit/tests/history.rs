//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! Undo and redo: each edit one step, typing in one text box one step, nothing lost.

use super::*;
use crate::engine::edit::{Edit, EditError, History, MAX_UNDO_STEPS};

fn title(path: &[usize], text: &str) -> Edit {
    Edit::SetProperty { at: at(0, path), key: vec!["title".into()], value: Some(Json::from(text)) }
}

fn title_of(h: &History, path: &[usize]) -> String {
    crate::engine::edit::node_at(h.current(), &at(0, path)).unwrap()["title"].to_text()
}

#[test]
fn an_untouched_history_gives_the_widgets_back_exactly() {
    let h = History::new(widgets());
    assert_eq!(h.current().to_string(), compact(WIDGETS));
    assert!(!h.can_undo() && !h.can_redo());
}

#[test]
fn each_edit_is_one_step_undone_and_redone() {
    let mut h = History::new(widgets());
    h.apply(&title(&[0, 0], "A"), None).unwrap();
    h.apply(&Edit::Delete { at: at(0, &[0, 1]) }, None).unwrap();
    let after = h.current().to_string();
    assert!(h.can_undo() && !h.can_redo());
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0, 1]), "Email", "the deleted field is back");
    assert!(h.undo());
    assert_eq!(h.current().to_string(), compact(WIDGETS));
    assert!(!h.undo() && !h.can_undo());
    assert!(h.redo() && h.redo());
    assert_eq!(h.current().to_string(), after);
    assert!(!h.redo());
    // An edit after an undo drops the steps that were undone.
    h.undo();
    h.apply(&title(&[0, 0], "B"), None).unwrap();
    assert!(!h.can_redo());
    h.undo();
    h.undo();
    assert_eq!(h.current().to_string(), compact(WIDGETS));
}

#[test]
fn typing_in_one_text_box_is_one_step() {
    let mut h = History::new(widgets());
    for text in ["S", "Sh", "Sho", "Shop!"] {
        h.apply(&title(&[0], text), Some("title 0/0")).unwrap();
    }
    assert_eq!(title_of(&h, &[0]), "Shop!");
    // Another box: another step; back to the first box: yet another.
    h.apply(&title(&[0, 0], "N"), Some("title 0/0.0")).unwrap();
    h.apply(&title(&[0], "Shop!!"), Some("title 0/0")).unwrap();
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0]), "Shop!");
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0, 0]), "Name");
    assert!(h.undo());
    assert_eq!(h.current().to_string(), compact(WIDGETS), "the four keystrokes were one step");
    assert!(!h.can_undo());
}

#[test]
fn a_group_ends_with_an_undo_an_ungrouped_edit_or_a_seal() {
    let mut h = History::new(widgets());
    h.apply(&title(&[0], "A"), Some("t")).unwrap();
    h.seal();
    h.apply(&title(&[0], "AB"), Some("t")).unwrap();
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0]), "A", "sealed: a step of its own");
    // After an undo, typing again starts a new step (the undone one can still be redone).
    h.apply(&title(&[0], "AC"), Some("t")).unwrap();
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0]), "A");
    h.redo();
    h.apply(&Edit::Delete { at: at(0, &[0, 0]) }, None).unwrap();
    h.apply(&title(&[0], "ACD"), Some("t")).unwrap();
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0]), "AC", "an ungrouped edit came between");
}

#[test]
fn refused_and_empty_edits_make_no_step() {
    let mut h = History::new(widgets());
    assert_eq!(h.apply(&Edit::Delete { at: at(0, &[]) }, None), Err(EditError::TemplateRoot));
    assert_eq!(h.current().to_string(), compact(WIDGETS));
    h.apply(&title(&[0], "Shop"), None).unwrap();
    assert!(!h.can_undo(), "setting the title it has changes nothing");
    h.replace_all(widgets());
    assert!(!h.can_undo());
}

#[test]
fn replacing_everything_is_one_step() {
    let mut h = History::new(widgets());
    h.apply(&title(&[0], "A"), Some("t")).unwrap();
    h.replace_all(parse("[]"));
    assert_eq!(h.current().to_string(), "[]");
    // Typing after a replacement does not merge into it.
    h.replace_all(widgets());
    h.apply(&title(&[0], "B"), Some("t")).unwrap();
    assert!(h.undo());
    assert_eq!(h.current().to_string(), compact(WIDGETS));
    assert!(h.undo());
    assert_eq!(h.current().to_string(), "[]");
    assert!(h.undo());
    assert_eq!(title_of(&h, &[0]), "A");
}

#[test]
fn the_oldest_steps_are_forgotten_past_the_limit() {
    let mut h = History::new(widgets());
    for i in 0..MAX_UNDO_STEPS + 20 {
        h.apply(&title(&[0], &i.to_string()), None).unwrap();
    }
    let mut undone = 0;
    while h.undo() {
        undone += 1;
    }
    assert_eq!(undone, MAX_UNDO_STEPS);
    assert_eq!(title_of(&h, &[0]), "19");
    assert!(h.redo());
}
