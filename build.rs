//! Trains the intent classifier on the bundled example utterances at build
//! time, so that a start reads a model instead of training one (~140 ms).
//!
//! The build script compiles the crate's own `text` and `classify` modules,
//! so the model is the one the binary would train: `Engine` uses it only
//! when the examples it loads have the fingerprint written with it, and
//! trains otherwise (an `--intents` folder with other examples).
//!
//! It also writes each bundled TOML file (intents, examples, aliases) as
//! JSON: a start parsed ~200 KB of TOML in ~3 ms, the same data as JSON in
//! a tenth of that. The binary reads the JSON into the same types, and the
//! TOML (for its error message) only if the JSON does not fit them.

#[allow(dead_code, clippy::all)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code, clippy::all)]
#[path = "src/classify.rs"]
mod classify;

#[allow(dead_code, clippy::all)]
#[path = "src/prebuilt.rs"]
mod prebuilt;

#[allow(dead_code, clippy::all)]
#[path = "src/sheetwords.rs"]
mod sheetwords;

#[allow(dead_code, clippy::all)]
#[path = "src/bytes.rs"]
mod bytes;

#[allow(dead_code, clippy::all)]
#[path = "src/knowledge.rs"]
mod knowledge;

#[allow(dead_code, clippy::all)]
#[path = "src/aliases.rs"]
mod aliases;

#[allow(dead_code, clippy::all)]
#[path = "src/typo.rs"]
mod typo;

#[allow(dead_code, clippy::all)]
#[path = "src/resolve.rs"]
mod resolve;

/// What the crate's modules compiled here expect at the crate's root.
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
type FastSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;
/// No names yet: the build script makes them.
const NAMES: &[u8] = &[];

const EXAMPLES: &[&str] = &["nb.toml", "nn.toml", "en.toml"];

/// The bundled TOML files the binary reads, written as JSON.
const TOML_FILES: &[&str] = &[
    "intents/common.toml",
    "intents/nb.toml",
    "intents/nn.toml",
    "intents/en.toml",
    "intents/examples/nb.toml",
    "intents/examples/nn.toml",
    "intents/examples/en.toml",
    "knowledge/aliases.toml",
];

/// The rule patterns of the bundled intent files in the order the binary
/// collects them (`RuleSet::compile`: every file's rules, then every
/// file's facets, follow-ups, introductions, self references and
/// repeats), folded as it folds them. Should this ever differ from the
/// binary's list, the binary sees that the bytes are not for its patterns
/// and compiles them itself (and a test fails).
fn rule_patterns() -> Option<Vec<String>> {
    let files = TOML_FILES[..4]
        .iter()
        .map(|p| toml::from_str::<toml::Value>(&std::fs::read_to_string(p).ok()?).ok())
        .collect::<Option<Vec<_>>>()?;
    let mut out = Vec::new();
    for (key, field) in [
        ("rule", Some("pattern")),
        ("facet", Some("pattern")),
        ("followups", None),
        ("introductions", None),
        ("self_refs", None),
        ("repeats", None),
    ] {
        for f in &files {
            let Some(list) = f.get(key) else { continue };
            for item in list.as_array()? {
                let p = match field {
                    Some(name) => item.get(name)?.as_str()?,
                    None => item.as_str()?,
                };
                out.push(text::fold_letters(p));
            }
        }
    }
    Some(out)
}

/// The rules' NFA as `prebuilt::encode` writes it, or nothing.
fn rules_nfa() -> Vec<u8> {
    let Some(sources) = rule_patterns() else {
        return Vec::new();
    };
    let compiled = prebuilt::compile(&sources);
    if !compiled.others.is_empty() {
        return Vec::new();
    }
    let groups: Option<Vec<_>> = compiled
        .groups
        .iter()
        .map(|(nfa, ids)| Some((nfa.as_ref().ok()?, ids.as_slice())))
        .collect();
    groups
        .and_then(|groups| prebuilt::encode(&sources, &groups, &compiled.literals))
        .unwrap_or_default()
}

/// The words of every paragraph of the bundled sheet, in the order the
/// search index takes them (every block of every section of every sector),
/// as `sheetwords::encode` writes them; nothing when the sheet does not
/// read (the binary then reports it).
fn sheet_words() -> Vec<u8> {
    let Some(sheet) = std::fs::read_to_string("knowledge/faktaark.json")
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        return Vec::new();
    };
    let texts: Vec<&str> = sheet["sectors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["sections"].as_array().into_iter().flatten())
        .flat_map(|c| c["blocks"].as_array().into_iter().flatten())
        .filter_map(|b| b["text"].as_str())
        .collect();
    let paragraphs: Vec<_> = texts
        .iter()
        .map(|t| {
            let words = text::tokens_all(t)
                .into_iter()
                .map(|w| (w.span, w.surface, w.stem))
                .collect();
            (*t, words)
        })
        .collect();
    sheetwords::encode(&paragraphs)
}

/// The resolver's names of the bundled sheet and aliases, as
/// `Resolver::names_to_bytes` writes them; nothing when they do not read
/// (the binary then analyses the names, or reports what is wrong).
fn names() -> Vec<u8> {
    let Some(knowledge) = std::fs::read_to_string("knowledge/faktaark.json")
        .ok()
        .and_then(|t| serde_json::from_str::<knowledge::Knowledge>(&t).ok())
    else {
        return Vec::new();
    };
    let Some(aliases) = std::fs::read_to_string("knowledge/aliases.toml")
        .ok()
        .and_then(|t| toml::from_str::<aliases::Aliases>(&t).ok())
    else {
        return Vec::new();
    };
    let fingerprint = resolve::Resolver::names_fingerprint(&knowledge, &aliases);
    resolve::Resolver::names(&knowledge, &aliases).names_to_bytes(fingerprint)
}

/// `path` as JSON in `OUT_DIR` (its path with `/` as `_`, `.json` for
/// `.toml`); an empty file for TOML that does not parse, which the binary
/// then reports.
fn write_json(out: &std::path::Path, path: &str) {
    let json = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| toml::from_str::<toml::Value>(&text).ok())
        .and_then(|value| serde_json::to_string(&value).ok())
        .unwrap_or_default();
    let name = path.replace('/', "_").replace(".toml", ".json");
    std::fs::write(out.join(name), json).expect("OUT_DIR is writable");
}

/// Links the command-line build as a position-dependent executable on
/// Linux: a position-independent one had ~33,000 relocations that the
/// loader applies on every start (~1 ms of a one-question `ask`, and the
/// pages it writes). A build with a network adapter (Telegram, Matrix, the
/// web page) stays position-independent, so a server keeps the address
/// randomisation that goes with it.
fn no_pie() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let adapter = ["TELEGRAM", "MATRIX", "SERVE"]
        .iter()
        .any(|f| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some());
    if linux && !adapter {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

fn main() {
    for f in [
        "build.rs",
        "src/text.rs",
        "src/classify.rs",
        "src/prebuilt.rs",
        "src/sheetwords.rs",
        "src/bytes.rs",
        "src/knowledge.rs",
        "src/aliases.rs",
        "src/typo.rs",
        "src/resolve.rs",
        "knowledge/faktaark.json",
        "intents/examples",
        "intents/common.toml",
        "intents/nb.toml",
        "intents/nn.toml",
        "intents/en.toml",
        "knowledge/aliases.toml",
        "intents/vocabulary",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    no_pie();
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for path in TOML_FILES {
        write_json(&out, path);
    }
    std::fs::write(out.join("rules.nfa"), rules_nfa()).expect("OUT_DIR is writable");
    std::fs::write(out.join("sheet.words"), sheet_words()).expect("OUT_DIR is writable");
    std::fs::write(out.join("names.bin"), names()).expect("OUT_DIR is writable");
    // The word lists folded and sorted, one per line (see
    // `text::vocabulary_words`), in the order the binary bundles them.
    let lists: Vec<String> = ["nb.txt", "nn.txt", "en.txt"]
        .iter()
        .filter_map(|n| std::fs::read_to_string(format!("intents/vocabulary/{n}")).ok())
        .collect();
    let words = text::vocabulary_words(lists.iter().map(String::as_str));
    std::fs::write(out.join("vocabulary.txt"), words.join("\n")).expect("OUT_DIR is writable");
    let files: Vec<(String, classify::ExampleFile)> = EXAMPLES
        .iter()
        .filter_map(|name| {
            let path = format!("intents/examples/{name}");
            let text = std::fs::read_to_string(&path).ok()?;
            // A file that does not parse is reported when the binary loads
            // it; the binary then trains, as without a model.
            toml::from_str(&text).ok().map(|f| (path, f))
        })
        .collect();
    let bytes = if files.len() == EXAMPLES.len() {
        let (labels, examples) = classify::gather(&files);
        let training = classify::Training::default();
        let print = classify::fingerprint(&labels, &examples, training);
        classify::Classifier::train(labels, &examples, training).to_bytes(print)
    } else {
        Vec::new()
    };
    std::fs::write(out.join("model.bin"), bytes).expect("OUT_DIR is writable");
    let stems = if files.len() == EXAMPLES.len() {
        let print = classify::example_stems_fingerprint(&files);
        classify::example_stems_to_bytes(&classify::example_stems(&files), print)
    } else {
        Vec::new()
    };
    std::fs::write(out.join("example.stems"), stems).expect("OUT_DIR is writable");
}
