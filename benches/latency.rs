//! Latency percentiles (p50, p99) of rule-answered and search-answered
//! questions, which criterion does not report.
//!
//! Run: `cargo bench --bench latency`.

use std::time::Instant;

use faktabot::Engine;
use faktabot::intents::Intent;

fn main() {
    let engine = Engine::bundled().expect("engine");
    let set = include_str!("../tests/eval/dev.jsonl");
    let questions: Vec<String> = set
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut rule = Vec::new();
    let mut search = Vec::new();
    let rounds = 40;
    for _ in 0..rounds {
        for q in &questions {
            let t = Instant::now();
            let (reply, _) = engine.answer_at(None, q, 0);
            let ns = t.elapsed().as_nanos();
            match reply.intent {
                Intent::Search | Intent::CrossSector | Intent::Unknown => search.push(ns),
                _ => rule.push(ns),
            }
        }
    }
    for (name, mut v) in [("rule-answered", rule), ("search/unknown-answered", search)] {
        v.sort_unstable();
        let p = |q: f64| {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let i = ((v.len() as f64 - 1.0) * q).round() as usize;
            v[i] as f64 / 1000.0
        };
        println!(
            "{name:24} n={:6}  p50 {:8.1} µs  p99 {:8.1} µs  max {:8.1} µs",
            v.len(),
            p(0.5),
            p(0.99),
            p(1.0)
        );
    }
}
