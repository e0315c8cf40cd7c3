//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! How fast edits are on the seed's Loop Returns widget (a measurement, printed, never asserted).

use super::*;
use crate::engine::edit::{data_path_of, node_for_drop, Edit, History};
use std::time::Instant;

/// `cargo test --release --features editor --lib edit::tests::speed -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a test"]
fn edit_speed_on_the_seed_widget() {
    let seed = include_str!("../../../../tests/fixtures/seed-loop-returns-widget.json");
    let demo = parse(include_str!("../../../../demo/loop-returns.json"));
    let item = demo["data"]["123"]["data"][0].to_string();
    let returns: Vec<String> = (0..200).map(|_| item.clone()).collect();
    let sample = parse(&format!(r#"{{"status": "success", "data": [{}]}}"#, returns.join(",")));
    let mut history = History::new(parse(&format!("[{seed}]")));
    let item_card = at(0, &[0, 1, 0]);
    let rounds = 1000u32;
    let t = Instant::now();
    for i in 0..rounds {
        let title = Edit::SetProperty {
            at: item_card.child(3),
            key: vec!["title".into()],
            value: Some(Json::from(format!("Carrier {i}"))),
        };
        history.apply(&title, Some("title")).unwrap();
    }
    println!("typing a title: {:?} per keystroke", t.elapsed() / rounds);
    let t = Instant::now();
    for _ in 0..rounds {
        let card_path = data_path_of(history.current(), &item_card).unwrap();
        let node = node_for_drop(&sample, &card_path, "data[0].line_items").unwrap();
        history.apply(&Edit::Insert { parent: item_card.clone(), index: 2, node }, None).unwrap();
        history.undo();
    }
    println!("a value dropped on the item card and undone: {:?}", t.elapsed() / rounds);
    let t = Instant::now();
    for i in 0..rounds {
        let from = item_card.child(i as usize % 20);
        let edit = Edit::Move { from, to_parent: item_card.clone(), index: 5 };
        history.apply(&edit, None).unwrap();
    }
    println!("a field moved within the item card: {:?}", t.elapsed() / rounds);
    let t = Instant::now();
    let mut undone = 0;
    while history.undo() {
        undone += 1;
    }
    println!("undo: {:?} per step ({undone} steps)", t.elapsed() / undone.max(1));
}
