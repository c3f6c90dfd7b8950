//! Criterion benchmarks of the engine: build, a rule-answered question, a
//! search-answered question, and batch throughput over the question set.
//!
//! Run: `cargo bench --bench engine`. Figures are in the README.

/// The allocator the `faktabot` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use faktabot::Engine;
use std::hint::black_box;

const RULE: &[&str] = &[
    "Hvem eier Lånekassen?",
    "Hvordan finansieres digitalisering i helsesektoren?",
    "kva strategiar har KD?",
    "Which ministry is NVE under?",
];
const SEARCH: &[&str] = &[
    "Hva er Stimulab?",
    "Hva er terskelverdien for KS-ordningen?",
    "Hva er VegCERT?",
    "Hvem vant fotball-VM i 2018?",
];

fn questions() -> Vec<(String, String)> {
    let set = include_str!("../tests/eval/dev.jsonl");
    set.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["chat"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    c.bench_function("engine_build", |b| {
        b.iter(|| black_box(Engine::bundled().unwrap()))
    });

    let engine = Engine::bundled().unwrap();
    let mut g = c.benchmark_group("question");
    for (i, q) in RULE.iter().enumerate() {
        g.bench_function(format!("rule_{i}"), |b| {
            b.iter(|| black_box(engine.answer_at(None, q, 0)))
        });
    }
    for (i, q) in SEARCH.iter().enumerate() {
        g.bench_function(format!("search_{i}"), |b| {
            b.iter(|| black_box(engine.answer_at(None, q, 0)))
        });
    }
    g.finish();

    let qs = questions();
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(qs.len() as u64));
    g.bench_function("dev_set_with_json", |b| {
        b.iter(|| {
            for (chat, text) in &qs {
                black_box(engine.ask(chat, text).to_json().to_string());
            }
        });
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
