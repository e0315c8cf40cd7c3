//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! A property test: random sequences of edits (valid and refused ones, some grouped as typing,
//! undos and redos between them) on the test widgets and on the seed's Loop Returns widget; then
//! undoing everything gives the original text exactly, and redoing everything the last state.
//! Every move that is made keeps the moved node on the data it showed, and after every change of
//! structure the renderer still reads every widget it read before. The random numbers come
//! from a small seeded generator written here, so a failure names its seed and replays.

use super::*;
use crate::engine::edit::{data_path_of, node_at, Edit, History};

/// SplitMix64: small, seeded, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const NODES: [&str; 4] = [
    r#"{"type": "text", "path": "name", "title": "Name"}"#,
    r#"{"type": "card", "path": "address", "title": "Address", "widgets": [{"type": "text", "path": "city"}]}"#,
    r#"{"type": "list", "path": "orders", "meta": {"limit": 2}, "widgets": [{"type": "card", "title": "Order", "widgets": []}]}"#,
    r#"{"path": "x.y[1]", "order": 3, "type": "date", "unknown": {"a": [1, 2]}}"#,
];

const VALUES: [&str; 7] = [r#""Title""#, "5", r#""""#, "null", "true", r#"{"a": 1}"#, "[]"];

const KEYS: [&[&str]; 7] = [
    &["title"],
    &["meta", "limit"],
    &["meta", "orderBy"],
    &["meta", "custom", "links"],
    &["path"],
    &["order"],
    &["meta"],
];

/// A widget to insert: the last one, or a new one when none is left.
fn spare(widgets: &Json) -> Json {
    match widgets.as_array().and_then(<[Json]>::last) {
        Some(w) => w.clone(),
        None => parse(r#"{"integration_id": 7, "template": {"type": "wrapper", "widgets": []}}"#),
    }
}

fn random_edit(rng: &mut Rng, widgets: &Json) -> Edit {
    let all = addresses(widgets);
    let nodes: Vec<&NodeAddress> = all.iter().collect();
    let non_roots: Vec<&NodeAddress> = all.iter().filter(|a| !a.path.is_empty()).collect();
    let count = widgets.as_array().map_or(0, <[Json]>::len);
    let node_or_root = |rng: &mut Rng, list: &[&NodeAddress]| -> NodeAddress {
        if list.is_empty() {
            NodeAddress::root(0)
        } else {
            rng.pick(list).clone()
        }
    };
    let key = |rng: &mut Rng| rng.pick(&KEYS).iter().map(|k| k.to_string()).collect::<Vec<_>>();
    let value = |rng: &mut Rng| (rng.below(4) > 0).then(|| parse(rng.pick(&VALUES)));
    match rng.below(12) {
        0 | 1 => Edit::Insert {
            parent: node_or_root(rng, &nodes),
            index: rng.below(6),
            node: parse(rng.pick(&NODES)),
        },
        2..=4 => {
            let from = node_or_root(rng, &non_roots);
            // Half of them to an ancestor (which holds its data), the others anywhere.
            let to_parent = if rng.below(2) == 0 {
                NodeAddress {
                    widget: from.widget,
                    path: from.path[..rng.below(from.path.len())].to_vec(),
                }
            } else {
                node_or_root(rng, &nodes)
            };
            Edit::Move { from, to_parent, index: rng.below(6) }
        }
        5 => Edit::Delete { at: node_or_root(rng, &non_roots) },
        6 => Edit::Duplicate { at: node_or_root(rng, &non_roots) },
        7 | 8 => {
            Edit::SetProperty { at: node_or_root(rng, &nodes), key: key(rng), value: value(rng) }
        }
        9 => Edit::SetWidgetProperty {
            widget: rng.below(count + 1),
            key: key(rng),
            value: value(rng),
        },
        10 => Edit::MoveWidget { from: rng.below(count + 1), to: rng.below(count + 1) },
        _ => match rng.below(3) {
            0 => Edit::InsertWidget { index: rng.below(count + 1), widget: spare(widgets) },
            1 => Edit::ReplaceWidget { index: rng.below(count), widget: spare(widgets) },
            _ => Edit::DeleteWidget { index: rng.below(count) },
        },
    }
}

/// After a move was made: the moved node is where the edit said and reads the data it read.
fn check_move(before: &Json, after: &Json, edit: &Edit, seed: u64) {
    let Edit::Move { from, to_parent, index } = edit else { return };
    let (from_parent, from_index) = from.parent().unwrap();
    let mut dest = to_parent.clone();
    let depth = from_parent.path.len();
    if dest.widget == from.widget
        && dest.path.starts_with(&from_parent.path)
        && dest.path.len() > depth
        && dest.path[depth] > from_index
    {
        dest.path[depth] -= 1;
    }
    let count = node_at(after, &dest).unwrap()["widgets"].as_array().unwrap().len();
    let moved = dest.child((*index).min(count - 1));
    let (old, new) = (node_at(before, from).unwrap(), node_at(after, &moved).unwrap());
    for key in ["type", "title", "widgets", "meta"] {
        if key != "widgets" || old["type"].as_str() != Some("wrapper") {
            assert_eq!(
                old.get(key).map(Json::to_string),
                new.get(key).map(Json::to_string),
                "seed {seed}: {key} of {edit:?}"
            );
        }
    }
    if old["type"].as_str() != Some("wrapper") {
        assert_eq!(
            data_path_of(before, from),
            data_path_of(after, &moved),
            "seed {seed}: {edit:?}"
        );
    }
}

/// How many widgets there are.
fn count(widgets: &Json) -> isize {
    widgets.as_array().unwrap().len() as isize
}

/// How many widgets the renderer reads without refusing their template.
fn readable(widgets: &Json) -> isize {
    let all = widgets.as_array().unwrap();
    all.iter()
        .enumerate()
        .filter(|(i, w)| crate::model::Widget::from_json(w, *i).template.is_ok())
        .count() as isize
}

#[test]
fn random_edits_all_undone_give_the_original_exactly() {
    let seed_widget = include_str!("../../../../tests/fixtures/seed-loop-returns-widget.json");
    // Siblings whose `order` shows them out of array order, too.
    let shuffled = parse(
        r#"[{"integration_id": 1, "template": {"type": "card", "path": "", "widgets": [
            {"type": "text", "path": "a", "order": 3}, {"type": "card", "path": "b", "order": 1, "widgets": [
                {"type": "text", "path": "c"}, {"type": "text", "path": "d", "order": 0}]},
            {"type": "text", "path": "e"}, {"type": "list", "path": "f", "order": 2, "widgets": [
                {"type": "card", "widgets": [{"type": "text", "path": "g", "order": 5}, {"type": "text", "path": "h", "order": 4}]}]}]}}]"#,
    );
    let starts = [widgets(), parse(&format!("[{seed_widget}, {seed_widget}]")), shuffled];
    let (mut made, mut refused, mut moves, mut checked) = (0, 0, 0, 0);
    for seed in 0..450u64 {
        let mut rng = Rng(seed);
        let original = starts[(seed % 3) as usize].clone();
        let mut history = History::new(original.clone());
        let groups = ["title", "limit"];
        for _ in 0..rng.below(40) + 1 {
            match rng.below(10) {
                0 => {
                    history.undo();
                }
                1 => {
                    history.redo();
                }
                _ => {
                    let before = history.current().clone();
                    let edit = random_edit(&mut rng, &before);
                    let group = (rng.below(3) == 0).then(|| rng.pick(&groups));
                    match history.apply(&edit, group) {
                        Ok(()) => {
                            made += 1;
                            let after = history.current().clone();
                            if !matches!(
                                edit,
                                Edit::SetProperty { .. } | Edit::SetWidgetProperty { .. }
                            ) {
                                // Structure only: when the renderer could read every widget, it still can.
                                if readable(&before) == count(&before) {
                                    assert_eq!(
                                        readable(&after),
                                        count(&after),
                                        "seed {seed}: {edit:?}"
                                    );
                                    checked += 1;
                                }
                            }
                            if matches!(edit, Edit::Move { .. })
                                && after.to_string() != before.to_string()
                            {
                                check_move(&before, &after, &edit, seed);
                                moves += 1;
                            }
                        }
                        Err(_) => {
                            refused += 1;
                            assert_eq!(
                                history.current().to_string(),
                                before.to_string(),
                                "seed {seed}"
                            );
                        }
                    }
                }
            }
        }
        while history.redo() {}
        let last = history.current().to_string();
        while history.undo() {}
        assert_eq!(history.current().to_string(), original.to_string(), "seed {seed}");
        while history.redo() {}
        assert_eq!(history.current().to_string(), last, "seed {seed}");
    }
    eprintln!("{made} edits made, {refused} refused, {moves} moves checked, {checked} read back");
    assert!(checked > 1000, "{checked} edits read back by the renderer");
    assert!(
        made > 2000 && refused > 200 && moves > 200,
        "{made} made, {refused} refused, {moves} moves"
    );
}
