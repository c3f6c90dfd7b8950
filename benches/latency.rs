//! Per-question latency over a realistic mix (every question of the
//! project's own sets), which criterion does not report: each question
//! seen for the first time, then seen again (mean, p50, p99 and max); the worst message (~300 unknown words); and throughput as the
//! number of chats grows (the context store evicts in O(1)).
//!
//! Run: `cargo bench --bench latency` (or `scripts/bench`, which runs it).

use std::time::Instant;

use faktabot::Engine;

mod common;
use common::worst;

const SETS: &[&str] = &[
    include_str!("../tests/eval/dev.jsonl"),
    include_str!("../tests/eval/conversations.jsonl"),
    include_str!("../tests/eval/heldout.jsonl"),
    include_str!("../tests/eval/heldout-conversations.jsonl"),
    include_str!("../tests/eval/tune.jsonl"),
    include_str!("../tests/eval/fresh-a.jsonl"),
    include_str!("../tests/eval/fresh-c.jsonl"),
];

fn questions() -> Vec<(String, String)> {
    SETS.iter()
        .enumerate()
        .flat_map(|(i, set)| {
            set.lines().filter(|l| !l.trim().is_empty()).map(move |l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    format!("{i}:{}", v["chat"].as_str().unwrap_or("x")),
                    v["text"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect()
}

#[allow(clippy::cast_precision_loss)]
fn main() {
    let engine = Engine::bundled().expect("engine");
    let qs = questions();
    // First sight: each question the first time this process sees it, as
    // in a chat (the rules' lazy DFAs still making states, the search
    // index built on the first search).
    let mut first: Vec<u128> = qs
        .iter()
        .map(|(chat, q)| {
            let t = Instant::now();
            std::hint::black_box(engine.ask(chat, q));
            t.elapsed().as_nanos()
        })
        .collect();
    first.sort_unstable();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let p99 = first[((first.len() as f64 - 1.0) * 0.99).round() as usize] as f64 / 1000.0;
    println!(
        "first sight, {} questions once each: mean {:.1} µs, p50 {:.1} µs, p99 {p99:.1} µs",
        first.len(),
        first.iter().sum::<u128>() as f64 / first.len() as f64 / 1000.0,
        first[first.len() / 2] as f64 / 1000.0,
    );
    let rounds = 20;
    let mut v: Vec<u128> = Vec::with_capacity(qs.len() * rounds);
    let mut each: Vec<Vec<u128>> = vec![Vec::with_capacity(rounds); qs.len()];
    for _ in 0..rounds {
        for (i, (chat, q)) in qs.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(engine.ask(chat, q));
            let ns = t.elapsed().as_nanos();
            v.push(ns);
            each[i].push(ns);
        }
    }
    v.sort_unstable();
    let us = |q: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = ((v.len() as f64 - 1.0) * q).round() as usize;
        v[i] as f64 / 1000.0
    };
    let mean = v.iter().sum::<u128>() as f64 / v.len() as f64 / 1000.0;
    println!(
        "per question, {} questions × {rounds}: mean {mean:.1} µs, p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        qs.len(),
        us(0.5),
        us(0.99),
        us(1.0)
    );

    // The slowest questions seen again (median of their rounds): where
    // the tail of the mix comes from.
    let mut slowest: Vec<(u128, &str)> = each
        .iter_mut()
        .zip(&qs)
        .map(|(t, (_, q))| {
            t.sort_unstable();
            (t[t.len() / 2], q.as_str())
        })
        .collect();
    slowest.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    for (ns, q) in slowest.iter().take(10) {
        let shown: String = q.chars().take(70).collect();
        println!("  slow: {:>7.1} µs  {shown:?}", *ns as f64 / 1000.0);
    }

    let w = worst();
    let mut t_worst: Vec<u128> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.answer_at(None, &w, 0));
            t.elapsed().as_nanos()
        })
        .collect();
    t_worst.sort_unstable();
    println!(
        "worst message ({} bytes, ~300 unknown words): median {:.2} ms",
        w.len(),
        t_worst[10] as f64 / 1e6
    );

    // The same questions, each from another chat, as the chats pile up.
    for chats in [10usize, 10_000, 100_000, 1_000_000] {
        let engine = Engine::bundled().expect("engine");
        let n = chats.max(200_000);
        let t = Instant::now();
        for i in 0..n {
            let (_, q) = &qs[i % qs.len()];
            std::hint::black_box(engine.ask(&format!("chat{}", i % chats), q));
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{chats:>9} chats: {:>8.0} questions/s ({n} questions)",
            n as f64 / secs
        );
    }
}
