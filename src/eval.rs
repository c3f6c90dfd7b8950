//! `faktabot eval`: scores the engine on a question set.
//!
//! The checks are those of the question-set format (README, "Answer quality": intent, sectors,
//! sectors_include, answer_has, answer_any, answer_lacks, answer non-empty
//! and within 4096 characters), run in process on the same JSON reply the
//! CLI prints, so both scorers agree.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::engine::Engine;

/// One line of a question set.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// Case id.
    pub id: String,
    /// Conversation id.
    pub chat: String,
    /// The question.
    pub text: String,
    /// Expected intent.
    #[serde(default)]
    pub intent: Option<String>,
    /// Expected sectors, exactly.
    #[serde(default)]
    pub sectors: Option<Vec<String>>,
    /// Sectors that must be among the reply's.
    #[serde(default)]
    pub sectors_include: Vec<String>,
    /// Strings the answer must contain.
    #[serde(default)]
    pub answer_has: Vec<String>,
    /// Strings of which the answer must contain one.
    #[serde(default)]
    pub answer_any: Vec<String>,
    /// Strings the answer must not contain.
    #[serde(default)]
    pub answer_lacks: Vec<String>,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// Why it failed; empty when it passed.
    pub why: Vec<String>,
    /// The answer given.
    pub answer: String,
}

/// The outcome of a whole set.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every case's outcome, in order.
    pub outcomes: Vec<Outcome>,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Checks one JSON reply against a case; returns why it fails.
#[must_use]
pub fn check_case(case: &Case, out: &serde_json::Value) -> Vec<String> {
    let mut why = Vec::new();
    let answer = out.get("answer").and_then(|a| a.as_str()).unwrap_or("");
    if answer.trim().is_empty() {
        why.push("empty answer".to_owned());
    }
    let n = answer.chars().count();
    if n > 4096 {
        why.push(format!("answer has {n} chars (> 4096)"));
    }
    let a = norm(answer);
    let sectors: Vec<String> = out
        .get("sectors")
        .and_then(|s| s.as_array())
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(intent) = &case.intent {
        let got = out.get("intent").and_then(|i| i.as_str()).unwrap_or("");
        if got != intent {
            why.push(format!("intent {got:?} != {intent:?}"));
        }
    }
    if let Some(want) = &case.sectors {
        let mut w = want.clone();
        let mut g = sectors.clone();
        w.sort();
        g.sort();
        if w != g {
            why.push(format!("sectors {sectors:?} != {want:?}"));
        }
    }
    for s in &case.sectors_include {
        if !sectors.contains(s) {
            why.push(format!("sector {s} missing from {sectors:?}"));
        }
    }
    for h in &case.answer_has {
        if !a.contains(&norm(h)) {
            why.push(format!("answer lacks {h:?}"));
        }
    }
    if !case.answer_any.is_empty() && !case.answer_any.iter().any(|h| a.contains(&norm(h))) {
        why.push(format!("answer has none of {:?}", case.answer_any));
    }
    for h in &case.answer_lacks {
        if a.contains(&norm(h)) {
            why.push(format!("answer holds {h:?}"));
        }
    }
    why
}

/// Parses a JSON-lines question set.
pub fn parse_set(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Runs every case through `engine`, conversations in file order.
#[must_use]
pub fn run(engine: &Engine, cases: &[Case]) -> Report {
    let outcomes = cases
        .iter()
        .map(|c| {
            let chat = format!("eval:{}", c.chat);
            let reply = engine.ask(&chat, &c.text).to_json();
            Outcome {
                why: check_case(c, &reply),
                answer: reply["answer"].as_str().unwrap_or("").to_owned(),
                case: c.clone(),
            }
        })
        .collect();
    Report { outcomes }
}

impl Report {
    /// Share of cases that passed.
    #[must_use]
    pub fn accuracy(&self) -> f64 {
        if self.outcomes.is_empty() {
            return 0.0;
        }
        let ok = self.outcomes.iter().filter(|o| o.why.is_empty()).count();
        #[allow(clippy::cast_precision_loss)]
        let r = ok as f64 / self.outcomes.len() as f64;
        r
    }

    /// The printed report: per-intent table, failures, accuracy.
    #[must_use]
    pub fn render(&self, show: usize) -> String {
        let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for o in &self.outcomes {
            let k = o
                .case
                .intent
                .clone()
                .unwrap_or_else(|| "content".to_owned());
            let e = by.entry(k).or_default();
            if o.why.is_empty() {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        let mut s = String::new();
        for (k, (p, f)) in &by {
            let _ = writeln!(s, "  {k:16} {p:4}/{:<4}", p + f);
        }
        for o in self
            .outcomes
            .iter()
            .filter(|o| !o.why.is_empty())
            .take(show)
        {
            let answer: String = o.answer.chars().take(160).collect();
            let _ = writeln!(
                s,
                "FAIL {} {:?}: {} | answer: {:?}",
                o.case.id,
                o.case.text.chars().take(80).collect::<String>(),
                o.why.join("; "),
                answer
            );
        }
        let ok = self.outcomes.iter().filter(|o| o.why.is_empty()).count();
        let _ = writeln!(s, "accuracy {:.3}", self.accuracy());
        let _ = writeln!(s, "{ok} passed, {} failed", self.outcomes.len() - ok);
        s
    }
}
