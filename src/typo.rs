//! Typo matching without a scan: the known words sit in an FST, and a
//! misspelt word is looked up with a Levenshtein automaton over it.
//!
//! The automaton counts a transposition of two neighbouring letters as one
//! edit ("Lånekssaen"), the same distance as `strsim::osa_distance`
//! (restricted Damerau-Levenshtein), so the words found are exactly those
//! a comparison with every known word would find, at a cost that grows
//! with the word's length, not with the number of known words. Both crates
//! are tantivy's own (`tantivy-fst`, `levenshtein_automata`); the
//! automaton builders, which take a few milliseconds, are made on first
//! use and shared.

use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy_fst::{Automaton, IntoStreamer, Map, Streamer};

/// The largest edit distance asked for ([`crate::text::typo_budget`]).
pub const MAX_DISTANCE: usize = 2;

/// Most words of one message that are looked up for typos (each costs an
/// automaton); a question has far fewer unknown words than this.
pub const MAX_WORDS: usize = 24;

/// A set of words to find misspellings of. Each word keeps its position in
/// the list it was built from, so callers can keep that list's order.
#[derive(Clone)]
pub struct Lexicon {
    map: std::sync::Arc<Map<Vec<u8>>>,
    words: Vec<String>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words.len())
            .finish()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new(std::iter::empty::<String>())
    }
}

fn builder(distance: usize) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; MAX_DISTANCE] =
        [OnceLock::new(), OnceLock::new()];
    BUILDERS[distance - 1].get_or_init(|| {
        #[allow(clippy::cast_possible_truncation)]
        LevenshteinAutomatonBuilder::new(distance as u8, true)
    })
}

/// The automaton as `tantivy-fst` walks it.
struct Walk<'a>(&'a DFA);

impl Automaton for Walk<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

impl Lexicon {
    /// The lexicon of `words` (duplicates keep their first position).
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Lexicon {
        let mut list: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for w in words {
            let w = w.as_ref();
            if seen.insert(w.to_owned()) {
                list.push(w.to_owned());
            }
        }
        let mut sorted: Vec<(usize, &str)> = list.iter().map(String::as_str).enumerate().collect();
        sorted.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
        // Sorted and without duplicates: the only input an FST refuses.
        let map = Map::from_iter(sorted.into_iter().map(|(i, w)| (w, i as u64)))
            .expect("sorted, unique keys");
        Lexicon {
            map: std::sync::Arc::new(map),
            words: list,
        }
    }

    /// Number of words.
    #[must_use]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// `true` when it has no word.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words within `distance` edits of `word` (0 is an exact lookup),
    /// each with its distance, in the order of the list the lexicon was
    /// built from.
    #[must_use]
    pub fn near(&self, word: &str, distance: usize) -> Vec<(&str, usize)> {
        if distance == 0 {
            return self
                .map
                .get(word)
                .map(|i| (self.words[usize::try_from(i).unwrap_or(0)].as_str(), 0))
                .into_iter()
                .collect();
        }
        let dfa = builder(distance.min(MAX_DISTANCE)).build_dfa(word);
        let mut stream = self.map.search(Walk(&dfa)).into_stream();
        let mut out: Vec<(usize, usize)> = Vec::new();
        while let Some((key, i)) = stream.next() {
            if let Distance::Exact(d) = dfa.eval(key) {
                out.push((usize::try_from(i).unwrap_or(0), usize::from(d)));
            }
        }
        out.sort_unstable();
        out.into_iter()
            .map(|(i, d)| (self.words[i].as_str(), d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_transpositions_and_keeps_list_order() {
        let lex = Lexicon::new(["strategier", "lånekassen", "strategi", "tiltak"]);
        assert_eq!(lex.near("lånekssaen", 1), vec![("lånekassen", 1)]);
        assert_eq!(lex.near("stratgier", 1), vec![("strategier", 1)]);
        assert_eq!(
            lex.near("strategie", 1),
            vec![("strategier", 1), ("strategi", 1)]
        );
        assert_eq!(lex.near("tiltak", 0), vec![("tiltak", 0)]);
        assert!(lex.near("xyz", 2).is_empty());
        assert!(Lexicon::default().near("abc", 1).is_empty());
    }

    proptest! {
        // The automaton finds exactly the words a scan with
        // `strsim::osa_distance` finds, at the same distances.
        #[test]
        fn same_as_a_scan(
            words in proptest::collection::vec("[abcæøå]{1,7}", 1..30),
            query in "[abcæøå]{0,8}",
            distance in 1usize..=2,
        ) {
            let lex = Lexicon::new(&words);
            let mut seen = std::collections::HashSet::new();
            let scan: Vec<(&str, usize)> = words
                .iter()
                .filter(|w| seen.insert(w.as_str()))
                .map(|w| (w.as_str(), strsim::osa_distance(&query, w)))
                .filter(|(_, d)| *d <= distance)
                .collect();
            prop_assert_eq!(lex.near(&query, distance), scan);
        }
    }
}
