//! The classifier's examples are new phrasings: none of the question sets
//! the bot is scored on (the shared sample in `tests/eval/dev.jsonl` and
//! `conversations.jsonl`, and the project's own held-out sets) may appear
//! among them, after normalisation.

use std::collections::HashSet;

use faktabot::load::Data;

/// Lower case, NFC, words only: "Hvem eier NVE?" → "hvem eier nve".
fn norm(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let t: String = text.nfc().collect::<String>().to_lowercase();
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn set_questions(file: &str) -> Vec<(String, String)> {
    let path = format!("{}/tests/eval/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            (
                v["id"].as_str().unwrap_or_default().to_owned(),
                v["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn no_scored_question_is_a_training_example() {
    let data = Data::bundled().expect("bundled data");
    let examples: HashSet<String> = data
        .examples
        .iter()
        .flat_map(|(_, f)| f.intents.iter())
        .flat_map(|s| s.examples.iter())
        .map(|e| norm(&e.replace("{etat}", "X").replace("{sektor}", "Y")))
        .collect();
    assert!(examples.len() > 1000, "{} examples", examples.len());
    let mut leaks = Vec::new();
    for file in [
        "dev.jsonl",
        "conversations.jsonl",
        "heldout.jsonl",
        "heldout-conversations.jsonl",
        "blind.jsonl",
        "tune.jsonl",
        "fresh-a.jsonl",
        "fresh-b.jsonl",
        "fresh-c.jsonl",
        "fresh-d.jsonl",
        "fresh-e.jsonl",
        "fresh-f.jsonl",
        "fresh-g.jsonl",
    ] {
        for (id, text) in set_questions(file) {
            let n = norm(&text);
            if !n.is_empty() && examples.contains(&n) {
                leaks.push(format!("{file} {id}: «{text}»"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "questions used as examples:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn every_label_has_examples_in_every_language() {
    let data = Data::bundled().expect("bundled data");
    let langs: Vec<&str> = data.examples.iter().map(|(_, f)| f.lang.as_str()).collect();
    assert_eq!(langs, ["nb", "nn", "en"]);
    let labels = |i: usize| -> HashSet<&str> {
        data.examples[i]
            .1
            .intents
            .iter()
            .map(|s| s.id.as_str())
            .collect()
    };
    assert_eq!(labels(0), labels(1));
    assert_eq!(labels(0), labels(2));
    for (file, f) in &data.examples {
        for s in &f.intents {
            assert!(
                s.examples.len() >= 20,
                "{file}: {} has {}",
                s.id,
                s.examples.len()
            );
        }
    }
}

#[test]
fn the_classifier_generalises_across_folds() {
    let data = Data::bundled().expect("bundled data");
    let (labels, examples) = faktabot::classify::gather(&data.examples);
    let (right, total) = faktabot::classify::cross_validate(&labels, &examples, 5);
    #[allow(clippy::cast_precision_loss)]
    let accuracy = right as f64 / total as f64;
    assert!(accuracy >= 0.85, "5-fold accuracy {accuracy:.3}");
}
