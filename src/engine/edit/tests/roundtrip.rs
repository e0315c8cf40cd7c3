//! Compiled for tests only: its parent declares it under #[cfg(test)].
//! The exact round trip over every template of the repository: the fixtures and the demo's JSON
//! (the seed's Loop Returns widget as the seed writes it, and as the demo has it), every JSON
//! example of the docs, every story of the demo page and every malformed template the schema
//! tests refuse (read with node from demo/stories.js and tests/e2e/refused-templates.mjs).
//! Opening one and taking the widgets back gives the same text; setting a property of any node
//! and setting it back, deleting a node and inserting it again, or moving it to its own place,
//! gives the same text again: nothing else was touched, and key order and spellings were kept.

use super::*;
use crate::engine::edit::{apply, display_order, node_at, Edit, History};
use std::path::{Path, PathBuf};

/// JSON text without the whitespace between its tokens (strings kept as written).
fn minify(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Every ```json block of a Markdown text.
fn json_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim() == "```json" => current = Some(String::new()),
            Some(block) if line.trim() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

/// The stories of the demo page and the schema tests' malformed templates, as compact JSON
/// texts (JSON.stringify's), by name.
fn node_templates(root: &Path) -> Vec<(String, String)> {
    let script = r#"
        import fs from "node:fs";
        const { buildStories } = await import("./demo/stories.js");
        const { REFUSED } = await import("./tests/e2e/refused-templates.mjs");
        const loopReturns = JSON.parse(fs.readFileSync("demo/loop-returns.json", "utf8"));
        const stories = buildStories({ origin: "http://127.0.0.1:8080", now: Date.parse("2026-11-26T12:00:00Z"), loopReturns });
        const out = stories.map((s) => ["story " + s.id, JSON.stringify(s.options.widgets ?? [])]);
        for (const [name, template] of REFUSED) out.push(["refused: " + name, JSON.stringify([{ template }])]);
        process.stdout.write(JSON.stringify(out));
    "#;
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| {
            panic!("node is needed to read the demo's stories (scripts/setup.sh installs it): {e}")
        });
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let list = parse(&String::from_utf8(output.stdout).unwrap());
    list.as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].to_text(), pair[1].as_str().unwrap().to_string()))
        .collect()
}

/// Every template of the repository: (where, its JSON text).
fn repository_texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in ["tests/fixtures", "demo"] {
        for file in files(&root.join(dir), "json") {
            let name = file.strip_prefix(root).unwrap().display().to_string();
            texts.push((name, std::fs::read_to_string(&file).unwrap()));
        }
    }
    let mut docs = files(&root.join("docs"), "md");
    docs.extend([root.join("README.md"), root.join("schema/README.md")]);
    for file in docs {
        let name = file.strip_prefix(root).unwrap().display().to_string();
        for (i, block) in
            json_blocks(&std::fs::read_to_string(&file).unwrap()).into_iter().enumerate()
        {
            texts.push((format!("{name}, JSON example {}", i + 1), block));
        }
    }
    texts.extend(node_templates(root));
    texts
}

/// The widgets array a document holds: mount options' `widgets`, a widget, a template (as a
/// widget's), a widgets array, custom buttons (on a card); `None` for anything else.
fn widgets_of(doc: &Json) -> Option<Json> {
    let wrap = |template: Json| Json::from(vec![Json::object([("template", template)])]);
    match doc {
        Json::Array(items) if items.iter().all(|w| w.get("template").is_some()) => {
            Some(doc.clone())
        }
        Json::Array(items) if items.iter().all(|b| b.get("action").is_some()) => {
            let custom = Json::object([("buttons", doc.clone())]);
            let meta = Json::object([("custom", custom)]);
            Some(wrap(Json::object([("type", Json::from("card")), ("meta", meta)])))
        }
        Json::Object(o) if o.contains_key("template") => Some(Json::from(vec![doc.clone()])),
        Json::Object(o) if o.contains_key("http") => None,
        Json::Object(o) if o.contains_key("type") => Some(wrap(doc.clone())),
        Json::Object(o) => o.get("widgets").filter(|w| w.as_array().is_some()).cloned(),
        _ => None,
    }
}

/// Edits that undo each other, on every node: the text comes back exactly.
fn edits_and_their_inverse(name: &str, widgets: &Json) -> usize {
    let original = widgets.to_string();
    let mut checked = 0;
    let same = |done: Json, what: &str, at: &NodeAddress| {
        assert_eq!(done.to_string(), original, "{name}: {what} at {at:?}");
    };
    for at in addresses(widgets) {
        let node = node_at(widgets, &at).unwrap().clone();
        let title = |value: Option<Json>| Edit::SetProperty {
            at: at.clone(),
            key: vec!["title".into()],
            value,
        };
        if let Ok(edited) = apply(widgets, &title(Some(Json::from("✎ edited")))) {
            assert_ne!(edited.to_string(), original);
            same(
                apply(&edited, &title(node.get("title").cloned())).unwrap(),
                "title set and set back",
                &at,
            );
            checked += 1;
        }
        let meta = |key: &[&str], value: Option<Json>| Edit::SetProperty {
            at: at.clone(),
            key: key.iter().map(|k| k.to_string()).collect(),
            value,
        };
        if let Ok(edited) = apply(widgets, &meta(&["meta", "limit"], Some(Json::from(5.0)))) {
            let back = match node.get("meta") {
                None => meta(&["meta"], None),
                Some(m) => meta(&["meta", "limit"], m.get("limit").cloned()),
            };
            same(apply(&edited, &back).unwrap(), "meta.limit set and set back", &at);
        }
        let Some((parent, index)) = at.parent() else { continue };
        let in_order = display_order(node_at(widgets, &parent).unwrap())
            .into_iter()
            .enumerate()
            .all(|(p, i)| p == i);
        let deleted = apply(widgets, &Edit::Delete { at: at.clone() }).unwrap();
        if in_order && node.is_object() {
            let again = Edit::Insert { parent: parent.clone(), index, node: node.clone() };
            same(apply(&deleted, &again).unwrap(), "deleted and inserted again", &at);
            checked += 1;
        }
        let to_its_place = Edit::Move { from: at.clone(), to_parent: parent, index };
        same(apply(widgets, &to_its_place).unwrap(), "moved to its own place", &at);
    }
    checked
}

#[test]
fn every_template_of_the_repository_round_trips_exactly() {
    let texts = repository_texts();
    let (mut templates, mut nodes) = (0, 0);
    let mut names = Vec::new();
    for (name, text) in &texts {
        let Ok(doc) = Json::parse(text) else {
            panic!("{name} is not JSON");
        };
        // Reading and writing keeps every byte but the whitespace.
        assert_eq!(doc.to_string(), minify(text), "{name}");
        let Some(widgets) = widgets_of(&doc) else { continue };
        let history = History::new(widgets.clone());
        assert_eq!(history.current().to_string(), widgets.to_string(), "{name}");
        nodes += edits_and_their_inverse(name, &widgets);
        templates += widgets.as_array().map_or(0, <[Json]>::len);
        names.push(name.clone());
    }
    for expected in [
        "tests/fixtures/seed-loop-returns-widget.json",
        "tests/fixtures/seed-buttons.json",
        "demo/loop-returns.json",
        "docs/templates.md, JSON example 1",
        "docs/embedding.md, JSON example 1",
        "story loop-returns",
        "story state-malformed",
        "refused: \"widgets\": 5",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} is not among {names:?}");
    }
    assert!(names.iter().filter(|n| n.starts_with("story ")).count() >= 19, "{names:?}");
    assert!(templates >= 70, "{templates} widgets");
    eprintln!("{} documents, {templates} widgets, {nodes} nodes edited and restored", names.len());
    assert!(nodes >= 500, "{nodes} nodes edited and restored");
}
