//! Many regular expressions, matched in one pass.
//!
//! The rules are a few hundred patterns over folded text, and every
//! question is checked against all of them. Compiling each as its own
//! Unicode-aware `Regex` took ~90 ms at every start and ~15 µs per
//! question; here they are a few lazy DFAs (`regex-automata`'s hybrid
//! engine, which builds its states on demand), each over a group of 32
//! patterns in order, that report every pattern matching a text, one pass
//! per group (see [`crate::prebuilt::GROUP`] for why groups). A caller
//! that needs some patterns only ([`Patterns::matches_in`]) runs only
//! their groups. The NFAs took ~7 ms to compile at every start; the
//! bundled rules' NFAs are now made at build time and read back in ~1 ms
//! (see [`crate::prebuilt`]).
//!
//! The DFA is compiled without Unicode classes. Folded text is nearly
//! always ASCII, and on ASCII text an ASCII `\w`, `\b`, `\s`, `\d` or `.`
//! matches exactly what its Unicode form matches. For a text with other
//! letters (Cyrillic, Greek, …) the same patterns are compiled the Unicode
//! way, once, on first need, so no question is read differently.

use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use regex::{Regex, RegexBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};

/// Most memory a group's lazy DFA cache of states may take (per cache).
const CACHE_BYTES: usize = 8 << 20;
use regex_automata::nfa::thompson::NFA;
use regex_automata::{Input, MatchKind, PatternSet};

/// Size limit of one pattern compiled the Unicode way.
const UNICODE_SIZE_LIMIT: usize = 1 << 20;

/// Patterns compiled for matching all at once.
pub struct Patterns {
    sources: Vec<String>,
    /// The patterns without Unicode classes, in lazy DFAs of
    /// [`GROUP`](crate::prebuilt::GROUP) patterns each, with the index of
    /// each pattern in `sources` (ascending within and across groups).
    ascii: Vec<(DFA, Vec<usize>)>,
    /// Patterns that need Unicode even on ASCII text (none of the bundled
    /// rules), always matched one by one.
    unicode_only: Vec<(usize, Regex)>,
    /// Every pattern, the Unicode way, for text that is not ASCII.
    unicode: OnceLock<Vec<Option<Regex>>>,
    /// Sets of caches, one cache per group, each set used by one search at
    /// a time.
    caches: Mutex<Vec<Vec<Cache>>>,
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
fn lazy_dfa(nfa: NFA) -> Result<DFA, String> {
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
            ascii: Vec::new(),
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
        if let Some(nfas) = crate::prebuilt::decode(PREBUILT, &sources)
            && nfas.iter().map(NFA::pattern_len).sum::<usize>() == sources.len()
            && let Some(ascii) = nfas
                .into_iter()
                .scan(0, |next, nfa| {
                    let ids = (*next..*next + nfa.pattern_len()).collect();
                    *next += nfa.pattern_len();
                    Some(lazy_dfa(nfa).ok().map(|dfa| (dfa, ids)))
                })
                .collect::<Option<Vec<_>>>()
        {
            return Ok(Patterns {
                sources,
                ascii,
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
        let mut ascii = Vec::new();
        for (nfa, ids) in compiled.groups {
            match nfa.and_then(lazy_dfa) {
                Ok(dfa) => ascii.push((dfa, ids)),
                Err(message) => errors.push(PatternError {
                    index: ids.first().copied().unwrap_or(0),
                    message,
                }),
            }
        }
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
        self.matches_in(text, 0..self.sources.len())
    }

    /// Which of the patterns numbered `range` match somewhere in `text`, by
    /// index (every other index `false`): only the groups holding them
    /// are run.
    #[must_use]
    pub fn matches_in(&self, text: &str, range: Range<usize>) -> Vec<bool> {
        let mut hit = vec![false; self.sources.len()];
        let range = range.start.min(hit.len())..range.end.min(hit.len());
        if !text.is_ascii() || !self.ascii_matches(text, &range, &mut hit) {
            for i in range {
                hit[i] = self.unicode()[i].as_ref().is_some_and(|r| r.is_match(text));
            }
            return hit;
        }
        for (i, r) in &self.unicode_only {
            if range.contains(i) {
                hit[*i] = r.is_match(text);
            }
        }
        hit
    }

    /// The DFAs' matches among `range`; `false` when one gave up (its
    /// cache thrashing on a pathological text), so that the caller matches
    /// another way.
    fn ascii_matches(&self, text: &str, range: &Range<usize>, hit: &mut [bool]) -> bool {
        let groups: Vec<usize> = (0..self.ascii.len())
            .filter(|&g| {
                let ids = &self.ascii[g].1;
                ids.first().is_some_and(|&a| a < range.end)
                    && ids.last().is_some_and(|&z| z >= range.start)
            })
            .collect();
        if groups.is_empty() {
            return true;
        }
        let mut caches = self
            .caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_else(|| {
                self.ascii
                    .iter()
                    .map(|(dfa, _)| dfa.create_cache())
                    .collect()
            });
        let input = Input::new(text);
        let mut ok = true;
        for g in groups {
            let (dfa, ids) = &self.ascii[g];
            let mut set = PatternSet::new(dfa.pattern_len());
            if dfa
                .try_which_overlapping_matches(&mut caches[g], &input, &mut set)
                .is_err()
            {
                ok = false;
                break;
            }
            for p in set.iter() {
                let i = ids[p.as_usize()];
                if range.contains(&i) {
                    hit[i] = true;
                }
            }
        }
        self.caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(caches);
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

    /// The bundled rules, in their groups, match what each rule compiled
    /// on its own matches, on every question of the project's sets and on
    /// every part of the patterns' own words; `matches_in` gives the same
    /// for its range and nothing outside it.
    #[test]
    fn groups_match_what_each_pattern_matches() {
        let data = crate::load::Data::bundled().unwrap();
        let rules = crate::intents::RuleSet::compile(&data.intents).unwrap();
        let ps = &rules.patterns;
        assert!(ps.ascii.len() > 2, "{} groups", ps.ascii.len());
        // Each pattern as the DFA reads it: no Unicode classes, over bytes.
        let one: Vec<regex::bytes::Regex> = ps
            .sources()
            .iter()
            .map(|s| {
                regex::bytes::RegexBuilder::new(s)
                    .unicode(false)
                    .build()
                    .unwrap()
            })
            .collect();
        let mut texts: Vec<String> = Vec::new();
        for f in std::fs::read_dir("tests/eval").unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let t = crate::text::fold(v["text"].as_str().unwrap_or(""));
                if t.is_ascii() {
                    texts.push(t);
                }
            }
        }
        texts.extend(["", " ", "og", "hvem eier", "og hva med kd"].map(String::from));
        let n = ps.len();
        let mut hits = 0;
        for (k, t) in texts.iter().enumerate() {
            let want: Vec<bool> = one.iter().map(|r| r.is_match(t.as_bytes())).collect();
            assert_eq!(ps.matches(t), want, "{t:?}");
            hits += want.iter().filter(|h| **h).count();
            let (a, b) = ((k * 37) % n, (k * 37) % n + (k % 90));
            let part = ps.matches_in(t, a..b);
            for i in 0..n {
                assert_eq!(part[i], want[i] && (a..b).contains(&i), "{t:?} {i}");
            }
        }
        assert!(hits > texts.len(), "{hits}");
    }

    #[test]
    fn bad_patterns_are_named() {
        let e = Patterns::new(vec!["ok".into(), "(unclosed".into()]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].index, 1);
    }
}
