//! Loading: the only code that reads `knowledge/` and `intents/`.
//!
//! Data is loaded in two steps, as in snips-nlu: [`Data`] holds the parsed
//! files (I/O and syntax errors name the file), then
//! [`Engine::new`](crate::Engine::new) compiles and validates them (a bad
//! rule fails there, at load, never at question time). The bundled data is
//! compiled into the binary, so `faktabot` answers with no files beside it.

use std::path::{Path, PathBuf};

use crate::aliases::{ALIASES_FORMAT, Aliases};
use crate::classify::{EXAMPLES_FORMAT, ExampleFile};
use crate::intents::{INTENTS_FORMAT, IntentFile};
use crate::knowledge::{KNOWLEDGE_FORMAT, Knowledge};

/// File names inside a knowledge folder.
pub const KNOWLEDGE_FILE: &str = "faktaark.json";
/// The hand-kept names file.
pub const ALIASES_FILE: &str = "aliases.toml";
/// The edition `faktabot import` replaced, kept beside the current one.
pub const PREVIOUS_FILE: &str = "faktaark.previous.json";
/// The sheet's text.
pub const SOURCE_FILE: &str = "faktaark-samordning-digitalisering.txt";

/// The bundled knowledge, compiled in.
pub const BUNDLED_KNOWLEDGE: &str = include_str!("../knowledge/faktaark.json");
/// The bundled aliases, compiled in.
pub const BUNDLED_ALIASES: &str = include_str!("../knowledge/aliases.toml");
/// The bundled sheet text, compiled in.
pub const BUNDLED_SOURCE: &str =
    include_str!("../knowledge/faktaark-samordning-digitalisering.txt");
/// The bundled intent files, compiled in, with their names.
pub const BUNDLED_INTENTS: &[(&str, &str)] = &[
    ("common.toml", include_str!("../intents/common.toml")),
    ("nb.toml", include_str!("../intents/nb.toml")),
    ("nn.toml", include_str!("../intents/nn.toml")),
    ("en.toml", include_str!("../intents/en.toml")),
];

/// The bundled classifier examples, compiled in, with their names.
pub const BUNDLED_EXAMPLES: &[(&str, &str)] = &[
    ("nb.toml", include_str!("../intents/examples/nb.toml")),
    ("nn.toml", include_str!("../intents/examples/nn.toml")),
    ("en.toml", include_str!("../intents/examples/en.toml")),
];

/// The bundled TOML files as `build.rs` wrote them in JSON (empty for one
/// whose TOML does not parse), in the order of [`BUNDLED_INTENTS`].
const BUNDLED_INTENTS_JSON: [&str; 4] = [
    include_str!(concat!(env!("OUT_DIR"), "/intents_common.json")),
    include_str!(concat!(env!("OUT_DIR"), "/intents_nb.json")),
    include_str!(concat!(env!("OUT_DIR"), "/intents_nn.json")),
    include_str!(concat!(env!("OUT_DIR"), "/intents_en.json")),
];
/// [`BUNDLED_EXAMPLES`] in JSON.
const BUNDLED_EXAMPLES_JSON: [&str; 3] = [
    include_str!(concat!(env!("OUT_DIR"), "/intents_examples_nb.json")),
    include_str!(concat!(env!("OUT_DIR"), "/intents_examples_nn.json")),
    include_str!(concat!(env!("OUT_DIR"), "/intents_examples_en.json")),
];
/// [`BUNDLED_ALIASES`] in JSON.
const BUNDLED_ALIASES_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/knowledge_aliases.json"));

/// A bundled TOML file, read from its JSON form (see `build.rs`), or from
/// the TOML when that does not fit `T`, so that the error is the TOML's.
fn parse_bundled<T: serde::de::DeserializeOwned>(
    path: &Path,
    toml: &str,
    json: &str,
) -> Result<T, LoadError> {
    match serde_json::from_str(json) {
        Ok(v) if !json.is_empty() => Ok(v),
        _ => parse_toml(path, toml),
    }
}

/// The folder of example files inside an intents folder.
pub const EXAMPLES_DIR: &str = "examples";

/// The bot's sentences (Fluent), compiled in: nb, nn, en.
pub const BUNDLED_MESSAGES: [(&str, &str); 3] = [
    ("nb.ftl", include_str!("../intents/messages/nb.ftl")),
    ("nn.ftl", include_str!("../intents/messages/nn.ftl")),
    ("en.ftl", include_str!("../intents/messages/en.ftl")),
];

/// The folder of message files inside an intents folder.
pub const MESSAGES_DIR: &str = "messages";

/// The folder of word lists inside an intents folder: ordinary words of
/// each language, one per line, which are never a name the bot lacks.
pub const VOCABULARY_DIR: &str = "vocabulary";

/// The bundled word lists, compiled in: nb, nn, en.
pub const BUNDLED_VOCABULARY: [(&str, &str); 3] = [
    ("nb.txt", include_str!("../intents/vocabulary/nb.txt")),
    ("nn.txt", include_str!("../intents/vocabulary/nn.txt")),
    ("en.txt", include_str!("../intents/vocabulary/en.txt")),
];

/// A loading error. Every variant names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file's content could not be parsed.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column where it gives them.
        message: String,
    },
    /// A file has a format version this build does not read.
    #[error("{path}: format {found} is not supported (this build reads format {expected})")]
    Format {
        /// The file.
        path: PathBuf,
        /// What the file says.
        found: u32,
        /// What this build reads.
        expected: u32,
    },
    /// An intents folder holds no rule files.
    #[error("{path}: no .toml intent files")]
    NoIntents {
        /// The folder.
        path: PathBuf,
    },
}

/// Parsed data files, not yet compiled.
#[derive(Debug, Clone)]
pub struct Data {
    /// The structured sheet.
    pub knowledge: Knowledge,
    /// The names file.
    pub aliases: Aliases,
    /// Intent files with their names, in load order.
    pub intents: Vec<(String, IntentFile)>,
    /// Example utterances for the classifier, per file.
    pub examples: Vec<(String, ExampleFile)>,
    /// The Fluent sources of the bot's sentences, nb, nn and en, each
    /// with its path (compiled by [`Engine::new`](crate::Engine::new)).
    pub messages: [(String, String); 3],
    /// The word lists (`vocabulary/*.txt`), each with its path: ordinary
    /// words of the languages, one per line (`#` starts a comment).
    pub vocabulary: Vec<(String, String)>,
    /// The edition `faktabot import` replaced (`faktaark.previous.json`
    /// beside the knowledge), for "what is new in the sheet?".
    pub previous: Option<Knowledge>,
}

fn parse_json<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, LoadError> {
    toml::from_str(text).map_err(|e| LoadError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })
}

fn read(path: &Path) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })
}

fn check_format(path: &Path, found: u32, expected: u32) -> Result<(), LoadError> {
    if found == expected {
        Ok(())
    } else {
        Err(LoadError::Format {
            path: path.to_owned(),
            found,
            expected,
        })
    }
}

/// Parses knowledge and aliases from their texts; `dir` names them in errors.
pub fn parse_knowledge(
    dir: &Path,
    knowledge: &str,
    aliases: &str,
) -> Result<(Knowledge, Aliases), LoadError> {
    let kpath = dir.join(KNOWLEDGE_FILE);
    let apath = dir.join(ALIASES_FILE);
    let k: Knowledge = parse_json(&kpath, knowledge)?;
    check_format(&kpath, k.format, KNOWLEDGE_FORMAT)?;
    let a: Aliases = parse_toml(&apath, aliases)?;
    check_format(&apath, a.format, ALIASES_FORMAT)?;
    Ok((k, a))
}

/// Parses one intent file; `path` names it in errors.
pub fn parse_intents(path: &Path, text: &str) -> Result<IntentFile, LoadError> {
    let f: IntentFile = parse_toml(path, text)?;
    check_format(path, f.format, INTENTS_FORMAT)?;
    Ok(f)
}

/// Parses one example file; `path` names it in errors.
pub fn parse_examples(path: &Path, text: &str) -> Result<ExampleFile, LoadError> {
    let f: ExampleFile = parse_toml(path, text)?;
    check_format(path, f.format, EXAMPLES_FORMAT)?;
    Ok(f)
}

/// The bundled knowledge and aliases.
fn bundled_knowledge() -> Result<(Knowledge, Aliases), LoadError> {
    let dir = Path::new("knowledge");
    let kpath = dir.join(KNOWLEDGE_FILE);
    let apath = dir.join(ALIASES_FILE);
    let k: Knowledge = parse_json(&kpath, BUNDLED_KNOWLEDGE)?;
    check_format(&kpath, k.format, KNOWLEDGE_FORMAT)?;
    let a: Aliases = parse_bundled(&apath, BUNDLED_ALIASES, BUNDLED_ALIASES_JSON)?;
    check_format(&apath, a.format, ALIASES_FORMAT)?;
    Ok((k, a))
}

/// Parses the aliases file alone (the importer needs it).
pub fn parse_aliases(path: &Path, text: &str) -> Result<Aliases, LoadError> {
    let a: Aliases = parse_toml(path, text)?;
    check_format(path, a.format, ALIASES_FORMAT)?;
    Ok(a)
}

impl Data {
    /// The data compiled into the binary.
    pub fn bundled() -> Result<Data, LoadError> {
        let (knowledge, aliases) = bundled_knowledge()?;
        let intents = bundled_intents()?;
        Ok(Data {
            knowledge,
            aliases,
            intents,
            examples: bundled_examples()?,
            messages: bundled_messages(),
            vocabulary: bundled_vocabulary(),
            previous: None,
        })
    }

    /// Data from folders; `None` takes the bundled files for that part.
    pub fn from_dirs(knowledge: Option<&Path>, intents: Option<&Path>) -> Result<Data, LoadError> {
        // The knowledge and the intents are parsed on two threads (~2 ms
        // each of a one-question start, and independent).
        let (sheet, rules) = std::thread::scope(|s| {
            let rules = s.spawn(|| match intents {
                Some(dir) => Ok((
                    intents_from_dir(dir)?,
                    examples_from_dir(dir)?,
                    messages_from_dir(dir)?,
                    vocabulary_from_dir(dir)?,
                )),
                None => Ok((
                    bundled_intents()?,
                    bundled_examples()?,
                    bundled_messages(),
                    bundled_vocabulary(),
                )),
            });
            let sheet = knowledge_from_dir(knowledge);
            let rules: Result<_, LoadError> = rules
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (sheet, rules)
        });
        let (knowledge, aliases, previous) = sheet?;
        let (intents, examples, messages, vocabulary) = rules?;
        Ok(Data {
            knowledge,
            aliases,
            intents,
            examples,
            messages,
            vocabulary,
            previous,
        })
    }
}

/// The knowledge and aliases of a folder (`None`: the bundled ones), and
/// the previous edition the folder keeps, if any.
fn knowledge_from_dir(
    dir: Option<&Path>,
) -> Result<(Knowledge, Aliases, Option<Knowledge>), LoadError> {
    let previous = match dir.map(|d| d.join(PREVIOUS_FILE)) {
        Some(p) if p.exists() => {
            let text = read(&p)?;
            let k: Knowledge = parse_json(&p, &text)?;
            Some(k)
        }
        _ => None,
    };
    let (knowledge, aliases) = match dir {
        Some(dir) => {
            let k = read(&dir.join(KNOWLEDGE_FILE))?;
            let a = read(&dir.join(ALIASES_FILE))?;
            parse_knowledge(dir, &k, &a)?
        }
        None => bundled_knowledge()?,
    };
    Ok((knowledge, aliases, previous))
}

fn bundled_intents() -> Result<Vec<(String, IntentFile)>, LoadError> {
    BUNDLED_INTENTS
        .iter()
        .zip(BUNDLED_INTENTS_JSON)
        .map(|((name, text), json)| {
            let path = Path::new("intents").join(name);
            let f: IntentFile = parse_bundled(&path, text, json)?;
            check_format(&path, f.format, INTENTS_FORMAT)?;
            Ok((path.display().to_string(), f))
        })
        .collect()
}

fn bundled_examples() -> Result<Vec<(String, ExampleFile)>, LoadError> {
    BUNDLED_EXAMPLES
        .iter()
        .zip(BUNDLED_EXAMPLES_JSON)
        .map(|((name, text), json)| {
            let path = Path::new("intents").join(EXAMPLES_DIR).join(name);
            let f: ExampleFile = parse_bundled(&path, text, json)?;
            check_format(&path, f.format, EXAMPLES_FORMAT)?;
            Ok((path.display().to_string(), f))
        })
        .collect()
}

fn bundled_vocabulary() -> Vec<(String, String)> {
    BUNDLED_VOCABULARY
        .iter()
        .map(|(name, text)| {
            let path = Path::new("intents").join(VOCABULARY_DIR).join(name);
            (path.display().to_string(), (*text).to_owned())
        })
        .collect()
}

/// The word lists of an intents folder: its `vocabulary/*.txt`, none
/// where it has no such folder.
fn vocabulary_from_dir(dir: &Path) -> Result<Vec<(String, String)>, LoadError> {
    let dir = dir.join(VOCABULARY_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Ok((p.display().to_string(), read(&p)?)))
        .collect()
}

fn bundled_messages() -> [(String, String); 3] {
    BUNDLED_MESSAGES.map(|(name, text)| {
        let path = Path::new("intents").join(MESSAGES_DIR).join(name);
        (path.display().to_string(), text.to_owned())
    })
}

/// The message files of an intents folder (`messages/{nb,nn,en}.ftl`); a
/// language without a file there keeps the bundled one.
fn messages_from_dir(dir: &Path) -> Result<[(String, String); 3], LoadError> {
    let mut out = bundled_messages();
    for (slot, (name, _)) in out.iter_mut().zip(BUNDLED_MESSAGES) {
        let path = dir.join(MESSAGES_DIR).join(name);
        if path.exists() {
            *slot = (path.display().to_string(), read(&path)?);
        }
    }
    Ok(out)
}

/// The `.toml` files of a folder, sorted.
fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Reads and parses each file, naming it in errors.
fn parse_files<T>(
    paths: Vec<PathBuf>,
    parse: fn(&Path, &str) -> Result<T, LoadError>,
) -> Result<Vec<(String, T)>, LoadError> {
    paths
        .into_iter()
        .map(|p| {
            let text = read(&p)?;
            Ok((p.display().to_string(), parse(&p, &text)?))
        })
        .collect()
}

/// The example files of an intents folder (`examples/*.toml`); none is
/// fine (the engine then has no learned stage).
fn examples_from_dir(dir: &Path) -> Result<Vec<(String, ExampleFile)>, LoadError> {
    let paths = toml_files(&dir.join(EXAMPLES_DIR)).unwrap_or_default();
    parse_files(paths, parse_examples)
}

fn intents_from_dir(dir: &Path) -> Result<Vec<(String, IntentFile)>, LoadError> {
    let paths = toml_files(dir).map_err(|source| LoadError::Io {
        path: dir.to_owned(),
        source,
    })?;
    if paths.is_empty() {
        return Err(LoadError::NoIntents {
            path: dir.to_owned(),
        });
    }
    parse_files(paths, parse_intents)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON `build.rs` writes reads as the same values as the TOML.
    #[test]
    fn bundled_json_is_the_toml() {
        for ((name, toml), json) in BUNDLED_INTENTS.iter().zip(BUNDLED_INTENTS_JSON) {
            let path = Path::new(name);
            assert!(!json.is_empty(), "{name}");
            let a: IntentFile = parse_toml(path, toml).unwrap();
            let b: IntentFile = serde_json::from_str(json).unwrap();
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}");
        }
        for ((name, toml), json) in BUNDLED_EXAMPLES.iter().zip(BUNDLED_EXAMPLES_JSON) {
            let path = Path::new(name);
            let a: ExampleFile = parse_toml(path, toml).unwrap();
            let b: ExampleFile = serde_json::from_str(json).unwrap();
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}");
        }
        let a: Aliases = parse_toml(Path::new("aliases"), BUNDLED_ALIASES).unwrap();
        let b: Aliases = serde_json::from_str(BUNDLED_ALIASES_JSON).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    /// JSON that does not fit the type falls back to the TOML, whose error
    /// names the file.
    #[test]
    fn unfit_json_reports_the_toml_error() {
        let err = parse_bundled::<Aliases>(Path::new("x.toml"), "format = [", "{}").unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
    }
}
