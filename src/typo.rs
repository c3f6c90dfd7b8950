//! Typo matching without a scan over every known word.
//!
//! A word within `k` edits of another (a transposition of two neighbours
//! counting as one, as in `strsim::osa_distance`) shares with it a string
//! made by deleting at most `k` letters from each (the symmetric-deletion
//! idea of SymSpell). The lexicon keeps, for every word, the strings made
//! by deleting up to its own depth of letters; a lookup makes the deletions
//! of the typed word, collects the words that share one, and checks each
//! with `osa_distance`. So the words found are exactly those a comparison
//! with every known word would find, at a cost of a few dozen hash
//! lookups, whatever the number of known words. The index is made on the
//! first lookup, so a start that meets no unknown word never pays for it.

use std::sync::OnceLock;

/// The largest edit distance looked up ([`crate::text::typo_budget`]).
pub const MAX_DISTANCE: usize = 2;

/// Most words of one message that are looked up for typos; a question has
/// far fewer unknown words than this.
pub const MAX_WORDS: usize = 24;

/// A set of words to find misspellings of. Each word keeps its position in
/// the list it was built from, so callers can keep that list's order.
#[derive(Clone)]
pub struct Lexicon {
    words: Vec<String>,
    /// How many edits away each word can be found.
    depths: Vec<u8>,
    /// Length of the longest word, in characters.
    longest: usize,
    index: OnceLock<crate::FastMap<u64, Vec<u32>>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new(std::iter::empty::<String>(), |_| 0)
    }
}

/// Hashes (FNV-1a) of `word` and of every string made from it by deleting
/// up to `k` characters (`k` at most 2), without making those strings. Two
/// strings with the same hash are only candidates: every candidate is
/// checked with `osa_distance`, so a collision costs a comparison, never
/// a wrong word.
fn deletion_hashes(word: &str, k: usize, out: &mut Vec<u64>) {
    let chars: Vec<char> = word.chars().collect();
    let hash = |skip: (usize, usize)| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, c) in chars.iter().enumerate() {
            if i == skip.0 || i == skip.1 {
                continue;
            }
            h ^= u64::from(*c);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    let none = usize::MAX;
    out.push(hash((none, none)));
    if k >= 1 {
        for i in 0..chars.len() {
            out.push(hash((i, none)));
            if k >= 2 {
                for j in i + 1..chars.len() {
                    out.push(hash((i, j)));
                }
            }
        }
    }
}

impl Lexicon {
    /// The lexicon of `words` (duplicates keep their first position); a
    /// word is found up to `depth(word)` edits away (at most
    /// [`MAX_DISTANCE`]).
    pub fn new<S: AsRef<str>>(
        words: impl IntoIterator<Item = S>,
        depth: impl Fn(&str) -> usize,
    ) -> Lexicon {
        let mut list: Vec<String> = Vec::new();
        let mut seen = crate::FastSet::default();
        for w in words {
            let w = w.as_ref();
            if seen.insert(w.to_owned()) {
                list.push(w.to_owned());
            }
        }
        let depths = list
            .iter()
            .map(|w| u8::try_from(depth(w).min(MAX_DISTANCE)).unwrap_or(0))
            .collect();
        let longest = list.iter().map(|w| w.chars().count()).max().unwrap_or(0);
        Lexicon {
            words: list,
            depths,
            longest,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &crate::FastMap<u64, Vec<u32>> {
        self.index.get_or_init(|| {
            let mut index: crate::FastMap<u64, Vec<u32>> = crate::FastMap::default();
            let mut hashes = Vec::new();
            for (i, (w, d)) in self.words.iter().zip(&self.depths).enumerate() {
                hashes.clear();
                deletion_hashes(w, usize::from(*d), &mut hashes);
                for h in &hashes {
                    index
                        .entry(*h)
                        .or_default()
                        .push(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
            index
        })
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

    /// The words within `distance` edits of `word` and within their own
    /// depth, each with its distance, in the order of the list the lexicon
    /// was built from.
    #[must_use]
    pub fn near(&self, word: &str, distance: usize) -> Vec<(&str, usize)> {
        let distance = distance.min(MAX_DISTANCE);
        // No word is nearer than the difference in length: a long word
        // (a 20,000-letter "xxx…") costs nothing, not its deletions.
        if word.chars().count() > self.longest + distance {
            return Vec::new();
        }
        let index = self.index();
        let mut hashes = Vec::new();
        deletion_hashes(word, distance, &mut hashes);
        let mut ids: Vec<u32> = hashes
            .iter()
            .filter_map(|h| index.get(h))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|i| {
                let i = usize::try_from(i).ok()?;
                let w = self.words.get(i)?;
                let d = strsim::osa_distance(word, w);
                (d <= distance.min(usize::from(self.depths[i]))).then_some((w.as_str(), d))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_transpositions_and_keeps_list_order() {
        let lex = Lexicon::new(["strategier", "lånekassen", "strategi", "tiltak"], |_| 2);
        assert_eq!(lex.near("lånekasesn", 1), vec![("lånekassen", 1)]);
        assert_eq!(lex.near("lånekssaen", 2), vec![("lånekassen", 2)]);
        assert_eq!(lex.near("stratgier", 1), vec![("strategier", 1)]);
        assert_eq!(
            lex.near("strategie", 1),
            vec![("strategier", 1), ("strategi", 1)]
        );
        assert_eq!(lex.near("tiltak", 0), vec![("tiltak", 0)]);
        assert!(lex.near("xyz", 2).is_empty());
        assert!(Lexicon::default().near("abc", 1).is_empty());
        assert!(lex.near(&"x".repeat(20_000), 2).is_empty());
        // A word is not found beyond its own depth.
        let shallow = Lexicon::new(["tiltak"], |_| 1);
        assert!(shallow.near("tlitka", 2).is_empty());
    }

    proptest! {
        // Exactly the words a scan with `strsim::osa_distance` finds, at
        // the same distances, in list order.
        #[test]
        fn same_as_a_scan(
            words in proptest::collection::vec("[abcæøå]{1,7}", 1..30),
            query in "[abcæøå]{0,8}",
            distance in 0usize..=2,
            depth in 0usize..=2,
        ) {
            let lex = Lexicon::new(&words, |w| if w.len() % 2 == 0 { depth } else { 2 });
            let mut seen = std::collections::HashSet::new();
            let scan: Vec<(&str, usize)> = words
                .iter()
                .filter(|w| seen.insert(w.as_str()))
                .map(|w| {
                    let own = if w.len() % 2 == 0 { depth } else { 2 };
                    (w.as_str(), strsim::osa_distance(&query, w), own)
                })
                .filter(|(_, d, own)| *d <= distance.min(*own))
                .map(|(w, d, _)| (w, d))
                .collect();
            prop_assert_eq!(lex.near(&query, distance), scan);
        }
    }
}
