//! Many regular expressions, matched in one pass.
//!
//! The rules are a few hundred patterns over folded text, and every
//! question is checked against all of them. Compiling each as its own
//! Unicode-aware `Regex` took ~90 ms at every start and ~15 µs per
//! question; here they are one lazy DFA (`regex-automata`'s hybrid engine,
//! which builds its states on demand) that reports every pattern matching
//! a text in one pass, well under a microsecond per short question. Its NFA
//! took ~7 ms to compile at every start; the bundled rules' NFA is now made
//! at build time and read back in ~1 ms (see [`crate::prebuilt`]).
//!
//! The DFA is compiled without Unicode classes. Folded text is nearly
//! always ASCII, and on ASCII text an ASCII `\w`, `\b`, `\s`, `\d` or `.`
//! matches exactly what its Unicode form matches. For a text with other
//! letters (Cyrillic, Greek, …) the same patterns are compiled the Unicode
//! way, once, on first need, so no question is read differently.

use std::sync::{Mutex, OnceLock};

use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};

/// Most memory the lazy DFA's cache of states may take (per cache).
const CACHE_BYTES: usize = 32 << 20;
use regex_automata::{Input, MatchKind, PatternSet};

/// Size limit of one pattern compiled the Unicode way.
const UNICODE_SIZE_LIMIT: usize = 1 << 20;

/// Patterns compiled for matching all at once.
pub struct Patterns {
    sources: Vec<String>,
    /// The patterns without Unicode classes, in one DFA, with the index
    /// of each in `sources`.
    ascii: Option<(DFA, Vec<usize>)>,
    /// Patterns that need Unicode even on ASCII text (none of the bundled
    /// rules), always matched one by one.
    unicode_only: Vec<(usize, Regex)>,
    /// Every pattern, the Unicode way, for text that is not ASCII.
    unicode: OnceLock<Vec<Option<Regex>>>,
    caches: Mutex<Vec<Cache>>,
    /// The NFA came from the bytes made at build time.
    prebuilt: bool,
}

impl std::fmt::Debug for Patterns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Patterns")
            .field("patterns", &self.sources.len())
            .finish_non_exhaustive()
    }
}

impl Clone for Patterns {
    fn clone(&self) -> Self {
        Patterns::new(self.sources.clone()).unwrap_or_else(|_| Patterns::empty())
    }
}

impl Default for Patterns {
    fn default() -> Self {
        Patterns::empty()
    }
}

/// A pattern that does not compile: its index and the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Index of the pattern in the list given.
    pub index: usize,
    /// What is wrong.
    pub message: String,
}

/// The lazy DFA over the patterns' NFA.
fn lazy_dfa(nfa: regex_automata::nfa::thompson::NFA) -> Result<DFA, String> {
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                // With a few hundred patterns matched at once a state holds
                // many NFA states: the default 2 MiB cache was cleared and
                // rebuilt all the time (half the time of a batch went to
                // determinising). Memory is taken only as states are made.
                .cache_capacity(CACHE_BYTES),
        )
        .build_from_nfa(nfa)
        .map_err(|e| e.to_string())
}

/// The bundled rules' NFA, written by `build.rs` (empty when it could not
/// make one).
const PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rules.nfa"));

fn unicode_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(UNICODE_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

impl Patterns {
    fn empty() -> Patterns {
        Patterns {
            sources: Vec::new(),
            ascii: None,
            unicode_only: Vec::new(),
            unicode: OnceLock::new(),
            caches: Mutex::new(Vec::new()),
            prebuilt: false,
        }
    }

    /// Compiles `sources` (already folded). Errors name each pattern that
    /// does not compile. The bundled rules' NFA is read from the bytes
    /// `build.rs` wrote (see [`crate::prebuilt`]).
    pub fn new(sources: Vec<String>) -> Result<Patterns, Vec<PatternError>> {
        if let Some(nfa) = crate::prebuilt::decode(PREBUILT, &sources)
            && nfa.pattern_len() == sources.len()
            && let Ok(dfa) = lazy_dfa(nfa)
        {
            let ids = (0..sources.len()).collect();
            return Ok(Patterns {
                sources,
                ascii: Some((dfa, ids)),
                unicode_only: Vec::new(),
                unicode: OnceLock::new(),
                caches: Mutex::new(Vec::new()),
                prebuilt: true,
            });
        }
        let compiled = crate::prebuilt::compile(&sources);
        let mut unicode_only = Vec::new();
        let mut errors = Vec::new();
        // Not expressible without Unicode (a class of non-ASCII letters,
        // say), or not a pattern at all.
        for &i in &compiled.others {
            match unicode_regex(&sources[i]) {
                Ok(r) => unicode_only.push((i, r)),
                Err(message) => errors.push(PatternError { index: i, message }),
            }
        }
        let ascii = match compiled.nfa {
            None => None,
            Some(nfa) => match nfa.and_then(lazy_dfa) {
                Ok(dfa) => Some((dfa, compiled.ids)),
                Err(message) => {
                    errors.push(PatternError { index: 0, message });
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Patterns {
            sources,
            ascii,
            unicode_only,
            unicode: OnceLock::new(),
            caches: Mutex::new(Vec::new()),
            prebuilt: false,
        })
    }

    /// `true` when the NFA was read from the bytes made at build time.
    #[must_use]
    pub fn is_prebuilt(&self) -> bool {
        self.prebuilt
    }

    /// Number of patterns.
    #[must_use]
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// `true` when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The patterns as given.
    #[must_use]
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Every pattern compiled the Unicode way (what a text that is not
    /// ASCII is matched with); `None` for one that does not compile so.
    pub fn unicode(&self) -> &[Option<Regex>] {
        self.unicode
            .get_or_init(|| self.sources.iter().map(|p| unicode_regex(p).ok()).collect())
    }

    /// Which patterns match somewhere in `text`, by index.
    #[must_use]
    pub fn matches(&self, text: &str) -> Vec<bool> {
        let mut hit = vec![false; self.sources.len()];
        if !text.is_ascii() || !self.ascii_matches(text, &mut hit) {
            for (h, r) in hit.iter_mut().zip(self.unicode()) {
                *h = r.as_ref().is_some_and(|r| r.is_match(text));
            }
            return hit;
        }
        for (i, r) in &self.unicode_only {
            hit[*i] = r.is_match(text);
        }
        hit
    }

    /// The DFA's matches; `false` when it gave up (its cache thrashing on
    /// a pathological text), so that the caller matches another way.
    fn ascii_matches(&self, text: &str, hit: &mut [bool]) -> bool {
        let Some((dfa, ids)) = &self.ascii else {
            return true;
        };
        let mut cache = self
            .caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_else(|| dfa.create_cache());
        let mut set = PatternSet::new(dfa.pattern_len());
        let ok = dfa
            .try_which_overlapping_matches(&mut cache, &Input::new(text), &mut set)
            .is_ok();
        self.caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(cache);
        if ok {
            for p in set.iter() {
                hit[ids[p.as_usize()]] = true;
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[&str]) -> Patterns {
        Patterns::new(v.iter().map(|s| (*s).to_owned()).collect()).unwrap()
    }

    #[test]
    fn reports_every_matching_pattern() {
        let ps = p(&[r"\bhvem\b", r"\beier\b", r"^og\b", r"\bxyz\b", r"\s*$"]);
        assert_eq!(
            ps.matches("hvem eier nve"),
            vec![true, true, false, false, true]
        );
        assert_eq!(
            ps.matches("og hvem da"),
            vec![true, false, true, false, true]
        );
    }

    #[test]
    fn text_beyond_ascii_is_matched_the_unicode_way() {
        let ps = p(&[r"\bслово\b", r"^\w+$", r"\bhvem\b"]);
        assert_eq!(ps.matches("слово"), vec![true, true, false]);
        assert_eq!(ps.matches("hvem"), vec![false, true, true]);
        // An ASCII \b would see a boundary inside "дa".
        let ps = p(&[r"\ba\b"]);
        assert_eq!(ps.matches("дa"), vec![false]);
        assert_eq!(ps.matches("a"), vec![true]);
    }

    #[test]
    fn bad_patterns_are_named() {
        let e = Patterns::new(vec!["ok".into(), "(unclosed".into()]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].index, 1);
    }
}
