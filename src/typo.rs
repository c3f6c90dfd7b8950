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
    index: OnceLock<Index>,
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

/// Hashes of `word` and of every string made from it by deleting up to
/// `k` characters (`k` at most 2), without making those strings: a
/// polynomial hash (wrapping, base [`BASE`]) over the characters, so that
/// the hash of a string with one or two characters left out comes from the
/// word's prefix hashes in a few multiplications, not another pass over the
/// word (a word of n letters has ~n²/2 such strings). Two strings with the
/// same hash are only candidates: every candidate is checked with
/// `osa_distance`, so a collision costs a comparison, never a wrong word.
fn deletion_hashes(word: &str, k: usize, out: &mut Vec<u64>) {
    // prefix[t]: the hash of the first t characters; power[t]: BASE^t.
    let mut prefix: Vec<u64> = vec![0];
    let mut power: Vec<u64> = vec![1];
    for c in word.chars() {
        let (h, p) = (prefix[prefix.len() - 1], power[power.len() - 1]);
        prefix.push(h.wrapping_mul(BASE).wrapping_add(u64::from(c) + 1));
        power.push(p.wrapping_mul(BASE));
    }
    let n = prefix.len() - 1;
    // The hash of characters a..b.
    let part = |a: usize, b: usize| prefix[b].wrapping_sub(prefix[a].wrapping_mul(power[b - a]));
    out.push(prefix[n]);
    if k == 0 {
        return;
    }
    for (i, &before) in prefix[..n].iter().enumerate() {
        let rest = n - i - 1;
        out.push(
            before
                .wrapping_mul(power[rest])
                .wrapping_add(part(i + 1, n)),
        );
        if k >= 2 {
            for j in i + 1..n {
                let (mid, tail) = (j - i - 1, n - j - 1);
                out.push(
                    before
                        .wrapping_mul(power[mid + tail])
                        .wrapping_add(part(i + 1, j).wrapping_mul(power[tail]))
                        .wrapping_add(part(j + 1, n)),
                );
            }
        }
    }
}

/// The base of [`deletion_hashes`] (odd, so that multiplying by it loses
/// nothing modulo 2^64).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// Every deletion hash of every word, with the word's number, in one
/// table: the entries grouped by bucket (a bucket per entry, rounded up to
/// a power of two), each bucket's start in `starts`. Made in two passes
/// over the words (bucket sizes, then places) with two allocations, where a map
/// from hash to a list of words took an allocation per hash and most of
/// the time of the first typo lookup.
#[derive(Clone)]
struct Index {
    /// 64 minus the number of bits of a bucket number.
    shift: u32,
    /// Where each bucket's entries begin in `entries` (and, last, their
    /// number).
    starts: Vec<u32>,
    /// The low 32 bits of the hash (the bucket takes the high ones of a
    /// mix), and the word's number. Two hashes alike in both are taken for
    /// one: a candidate more, checked like every other.
    entries: Vec<(u32, u32)>,
}

impl Index {
    fn new(words: &[String], depths: &[u8]) -> Index {
        let mut hashes = Vec::new();
        let mut each = |f: &mut dyn FnMut(u64, u32)| {
            for (i, (w, d)) in words.iter().zip(depths).enumerate() {
                hashes.clear();
                deletion_hashes(w, usize::from(*d), &mut hashes);
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                for &h in &hashes {
                    f(h, i);
                }
            }
        };
        // One hash for the word, one per letter left out, one per pair
        // (the number of buckets: the entries are counted as they come).
        let n: usize = words
            .iter()
            .zip(depths)
            .map(|(w, d)| {
                let l = w.chars().count();
                1 + if *d >= 1 { l } else { 0 }
                    + if *d >= 2 {
                        l * l.saturating_sub(1) / 2
                    } else {
                        0
                    }
            })
            .sum();
        let bits = n.max(2).next_power_of_two().trailing_zeros();
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1 << bits) + 1];
        each(&mut |h, _| starts[bucket(h, shift) + 1] += 1);
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0u32, 0u32); starts[starts.len() - 1] as usize];
        #[allow(clippy::cast_possible_truncation)]
        each(&mut |h, i| {
            let slot = &mut next[bucket(h, shift)];
            entries[*slot as usize] = (h as u32, i);
            *slot += 1;
        });
        Index {
            shift,
            starts,
            entries,
        }
    }

    /// The numbers of the words with a deletion of this hash (and, rarely,
    /// of another alike in the bits kept).
    fn get(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let b = bucket(h, self.shift);
        #[allow(clippy::cast_possible_truncation)]
        let low = h as u32;
        self.entries[self.starts[b] as usize..self.starts[b + 1] as usize]
            .iter()
            .filter(move |(k, _)| *k == low)
            .map(|(_, i)| *i)
    }
}

/// The bucket of a hash: the high bits of a multiplicative mix (a
/// polynomial hash's high bits alone follow the first letters too closely).
#[allow(clippy::cast_possible_truncation)]
fn bucket(h: u64, shift: u32) -> usize {
    ((h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) >> shift) as usize
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

    fn index(&self) -> &Index {
        self.index
            .get_or_init(|| Index::new(&self.words, &self.depths))
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
        let mut ids: Vec<u32> = hashes.iter().flat_map(|&h| index.get(h)).collect();
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
        // Each hash is the hash of the word with those characters deleted
        // (in the order: none, then i, then (i, j) for each i < j).
        #[test]
        fn deletion_hashes_are_the_hashes_of_the_deletions(word in "[a-cæøå]{0,9}") {
            let chars: Vec<char> = word.chars().collect();
            let one = |s: String| {
                let mut h = Vec::new();
                deletion_hashes(&s, 0, &mut h);
                h[0]
            };
            let without = |skip: &[usize]| {
                one(chars.iter().enumerate().filter(|(i, _)| !skip.contains(i)).map(|(_, c)| c).collect())
            };
            let mut expected = vec![without(&[])];
            for i in 0..chars.len() {
                expected.push(without(&[i]));
                for j in i + 1..chars.len() {
                    expected.push(without(&[i, j]));
                }
            }
            let mut got = Vec::new();
            deletion_hashes(&word, 2, &mut got);
            prop_assert_eq!(got, expected);
        }
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
