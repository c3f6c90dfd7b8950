//! Criterion benchmarks of each stage of answering: analyze (text →
//! `Analysis`), decide (`Analysis` → `Decision`), answer (the whole path,
//! reply included), search (the full-text index alone), typo (the
//! automaton over the name words), and the worst message: ~300 unknown
//! words.
//!
//! Run: `cargo bench --bench stages` (figures in the README).

use criterion::{Criterion, criterion_group, criterion_main};
use faktabot::Engine;
use faktabot::engine::{Context, Me};
use faktabot::text::tokens;
use std::hint::black_box;

mod common;
use common::worst;

const QUESTIONS: &[&str] = &[
    "Hvem eier Lånekassen?",
    "Hvordan finansieres digitalisering i helsesektoren?",
    "kva strategiar har KD?",
    "Which ministry is NVE under?",
    "Hva er Stimulab?",
    "hvilke sektorer har ingen digitaliseringsstrategi?",
];

fn stages(c: &mut Criterion) {
    let engine = Engine::bundled().unwrap();
    // Everything built on first use, built now.
    for q in QUESTIONS {
        black_box(engine.answer_at(None, q, 0));
    }
    let ctx = Context::default();
    let me = Me::default();

    let mut g = c.benchmark_group("analyze");
    for (i, q) in QUESTIONS.iter().enumerate() {
        g.bench_function(format!("q{i}"), |b| b.iter(|| black_box(engine.analyze(q))));
    }
    g.finish();

    let mut g = c.benchmark_group("decide");
    for (i, q) in QUESTIONS.iter().enumerate() {
        let a = engine.analyze(q);
        g.bench_function(format!("q{i}"), |b| {
            b.iter(|| black_box(engine.decide(&a, &ctx, &me)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("answer");
    for (i, q) in QUESTIONS.iter().enumerate() {
        g.bench_function(format!("q{i}"), |b| {
            b.iter(|| black_box(engine.answer_at(None, q, 0)))
        });
    }
    g.finish();

    let index = engine.search_index();
    let words = tokens("terskelverdi medfinansieringsordningen prosjekter");
    c.bench_function("search/three_words", |b| {
        b.iter(|| black_box(index.search(&words, None, 3).unwrap()))
    });

    let typos = tokens("Lånekssaen Mattilsynt Skattetaten Brønøysundregistrene Statsforvalteren");
    c.bench_function("typo/resolve_five_names_with_typos", |b| {
        b.iter(|| black_box(engine.resolver().resolve_tokens(&typos)))
    });

    let w = worst();
    c.bench_function("worst/300_unknown_words", |b| {
        b.iter(|| black_box(engine.answer_at(None, &w, 0)))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
