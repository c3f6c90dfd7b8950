//! The bot's sentences are data (`intents/messages/{nb,nn,en}.ftl`): every
//! id the code asks for is listed and present in all three languages, no
//! reply shows a missing message, and nynorsk and English replies are not
//! framed in bokmål.

use std::collections::BTreeSet;

use faktabot::Engine;
use faktabot::lang::Lang;
use faktabot::load::Data;
use faktabot::messages::{LANGS, Messages, REQUIRED};

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn bundled() -> Messages {
    let [nb, nn, en] = Data::bundled().unwrap().messages;
    Messages::parse(&nb.1, &nn.1, &en.1).unwrap()
}

/// Message ids the answer builders and the adapters name in their source:
/// hyphenated string literals, and the first string argument of the
/// message calls.
fn ids_in_source() -> BTreeSet<String> {
    let hyphenated = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9_]+)+)""#).unwrap();
    let called = regex::Regex::new(
        r#"(?s)\b(?:say|say_with|notice|message|format)\(\s*[A-Za-z_:.]+\s*,\s*"([a-z][a-z0-9_-]*)""#,
    )
    .unwrap();
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(format!("{}/src/engine/answer", root()))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    files.push(format!("{}/src/telegram/mod.rs", root()).into());
    files.push(format!("{}/src/matrix/mod.rs", root()).into());
    let mut ids = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for re in [&hyphenated, &called] {
            for c in re.captures_iter(&text) {
                ids.insert(c[1].to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_id_the_code_uses_is_required_and_present_in_every_language() {
    let used = ids_in_source();
    assert!(used.len() > 40, "the scan found only {used:?}");
    let required: BTreeSet<String> = REQUIRED.iter().map(|s| (*s).to_owned()).collect();
    let unlisted: Vec<&String> = used.difference(&required).collect();
    assert!(
        unlisted.is_empty(),
        "ids used in the code but not in messages::REQUIRED: {unlisted:?}"
    );
    let m = bundled();
    for lang in LANGS {
        for id in REQUIRED {
            assert!(m.has(lang, id), "{id} is missing in {}", lang.id());
        }
    }
    assert!(m.missing().is_empty(), "{:?}", m.missing());
}

#[test]
fn check_reports_a_message_missing_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let intents = dir.path();
    for entry in std::fs::read_dir(format!("{}/intents", root())).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&p, intents.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir(intents.join("messages")).unwrap();
    let nn = std::fs::read_to_string(format!("{}/intents/messages/nn.ftl", root())).unwrap();
    let without: String = nn
        .lines()
        .filter(|l| !l.starts_with("slow-down ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(intents.join("messages/nn.ftl"), without).unwrap();
    let data = Data::from_dirs(None, Some(intents)).unwrap();
    let findings = faktabot::check::check(&data);
    assert!(
        findings
            .iter()
            .any(|f| f.entry == "slow-down" && f.file.ends_with("nn.ftl")),
        "{findings:?}"
    );
}

fn questions() -> Vec<String> {
    let mut out = Vec::new();
    for file in ["dev", "heldout", "blind", "conversations"] {
        let path = format!("{}/tests/eval/{file}.jsonl", root());
        for line in std::fs::read_to_string(path).unwrap().lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v["text"].as_str()
            {
                out.push(t.to_owned());
            }
        }
    }
    out
}

#[test]
fn no_reply_shows_a_missing_or_broken_message() {
    let engine = Engine::bundled().unwrap();
    let mut extra = vec![
        "hjelp".to_owned(),
        "help".to_owned(),
        "/sektorer".to_owned(),
        "/finnesikke".to_owned(),
        String::new(),
        "takk".to_owned(),
    ];
    extra.extend(questions());
    for (i, q) in extra.iter().enumerate() {
        let r = engine.ask(&format!("chat{}", i % 7), q);
        let text = r.render_plain();
        assert!(
            !text.contains('⟦') && !text.contains("{ $") && !text.contains("{$"),
            "{q}: {text}"
        );
        for a in &r.actions {
            assert!(!a.label.contains('⟦'), "{q}: {a:?}");
        }
    }
}

/// Words that are bokmål and never nynorsk or English.
const BOKMAL: &[&str] = &[
    "ikke", "jeg", "hvilke", "hvilken", "hvordan", "hva", "noen", "noe", "sier", "finner", "bare",
    "mener", "hver", "disse", "heter", "dere", "etater",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[test]
fn nynorsk_and_english_messages_hold_no_bokmal_words() {
    let m = bundled();
    for lang in [Lang::Nn, Lang::En] {
        for id in m.ids(lang) {
            // Example questions may quote a command or a name.
            let text = m.format(
                lang,
                id,
                &[
                    ("count", 2usize.into()),
                    ("dupes", 0usize.into()),
                    ("distinct", 2usize.into()),
                    ("deny", "yes".into()),
                    ("end", "list".into()),
                ],
            );
            for w in words(&text) {
                assert!(
                    !BOKMAL.contains(&w.as_str()),
                    "{}: {id} has the bokmål word «{w}»: {text}",
                    lang.id()
                );
            }
        }
    }
}

#[test]
fn nynorsk_questions_get_nynorsk_framing() {
    let engine = Engine::bundled().unwrap();
    for q in [
        "kven eig NVE?",
        "kva etatar ligg under KLD?",
        "korleis blir digitalisering finansiert i helsesektoren?",
        "kven eig Fjasbyrået?",
    ] {
        let r = engine.ask("nn", q);
        assert_eq!(r.lang, Lang::Nn, "{q}");
        let text = r.render_plain();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            !words(first).any(|w| BOKMAL.contains(&w.as_str())),
            "{q}: {first}"
        );
        if !r.sources.is_empty() {
            assert!(text.contains("Kjelde: Faktaark"), "{q}: {text}");
        }
    }
}

#[test]
fn an_adapter_notice_follows_the_language_of_the_question() {
    let engine = Engine::bundled().unwrap();
    assert_eq!(
        engine.language("korleis blir det finansiert i KD?"),
        Lang::Nn
    );
    assert_eq!(engine.language("how is it funded at KD?"), Lang::En);
    assert_eq!(engine.language("hvordan finansieres det?"), Lang::Nb);
    assert_eq!(engine.language(&"x".repeat(100_000)), Lang::Nb);
    let r = engine.notice(Lang::Nn, "slow-down");
    assert!(
        r.render_plain().contains("svarar eg"),
        "{}",
        r.render_plain()
    );
}
