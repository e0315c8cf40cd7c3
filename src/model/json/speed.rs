//! Compiled for tests only: its parent declares it under #[cfg(test)].
use super::*;

/// `cargo test --release --lib json::speed -- --ignored --nocapture`: how fast 3.4 MB reads.
#[test]
#[ignore = "a measurement, not a test"]
fn reading_speed() {
    let demo = Json::parse(include_str!("../../../demo/loop-returns.json")).unwrap();
    let sample = demo["data"]["123"]["data"][0].to_string();
    let items: Vec<String> =
        (0..2000).map(|i| sample.replacen("\"id\":", &format!("\"x\":{i},\"id\":"), 1)).collect();
    let text = format!("{{\"status\":\"success\",\"data\":[{}]}}", items.join(","));
    let t = std::time::Instant::now();
    for _ in 0..10 {
        let v = Json::parse(&text).unwrap();
        std::hint::black_box(&v);
    }
    println!("{} bytes: {:?} per read (with drop)", text.len(), t.elapsed() / 10);
}
