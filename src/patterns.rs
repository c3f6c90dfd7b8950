//! Many regular expressions, matched in one pass.
//!
//! The rules are a few hundred patterns over folded text, and every
//! question is checked against all of them. Compiling each as its own
//! Unicode-aware `Regex` took ~90 ms at every start and ~15 µs per
//! question; here they are a few lazy DFAs (`regex-automata`'s hybrid
//! engine, which builds its states on demand), each over a group of 16
//! patterns in order, that report every pattern matching a text, one pass
//! per group (see [`crate::prebuilt::GROUP`] for why groups). A caller
//! that needs some patterns only ([`Patterns::matches_in`]) runs only
//! their groups. The NFAs took ~7 ms to compile at every start; the
//! bundled rules' NFAs are now made at build time, and each group's is
//! read back when a question first needs that group (see
//! [`crate::prebuilt`] and `Group`).
//!
//! A question runs only the groups with a pattern that can match it: one
//! pass of an Aho-Corasick automaton finds which of the patterns' required
//! strings (made at build time, see [`crate::prebuilt::required`]) it
//! holds. Over the latency mix that left out two groups in five (60,510 ->
//! 36,900 passes) and took 5 % off all the work of a question seen before
//! (222 M -> 211.6 M instructions) and 6 % off a new one (548 M -> 516 M).
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

/// The strings that tell which patterns can match a text at all: one pass
/// of an Aho-Corasick automaton over a question marks the patterns that
/// hold a string of each of their [`required`](crate::prebuilt::required)
/// lists (and those without any), and only the groups holding one of
/// those are run. A group's DFA, run or not, reports the same matches: a
/// pattern without a string of one of its lists matches nowhere.
struct Prefilter {
    strings: aho_corasick::AhoCorasick,
    /// For each string of `strings`, the patterns that need it, each with
    /// the bit of the list it is in.
    needed_by: Vec<Vec<(u32, u8)>>,
    /// For each pattern, the bits of all its lists (0 for none).
    full: Vec<u8>,
    /// The patterns with no strings, run whenever their group is.
    always: Vec<u32>,
}

impl Prefilter {
    /// The strings of `literals` (one entry per pattern).
    fn new(literals: &[crate::prebuilt::Literals]) -> Option<Prefilter> {
        let mut index: crate::FastMap<&[u8], usize> = crate::FastMap::default();
        let mut strings: Vec<&[u8]> = Vec::new();
        let mut needed_by: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut full = vec![0u8; literals.len()];
        let mut always = Vec::new();
        for (p, l) in literals.iter().enumerate() {
            let p32 = u32::try_from(p).ok()?;
            let Some(lists) = l.as_ref().filter(|l| !l.is_empty() && l.len() <= 8) else {
                always.push(p32);
                continue;
            };
            for (c, list) in lists.iter().enumerate() {
                let bit = 1u8 << c;
                full[p] |= bit;
                for s in list {
                    let k = *index.entry(s.as_slice()).or_insert_with(|| {
                        strings.push(s);
                        needed_by.push(Vec::new());
                        strings.len() - 1
                    });
                    if !needed_by[k].contains(&(p32, bit)) {
                        needed_by[k].push((p32, bit));
                    }
                }
            }
        }
        // Its contiguous NFA: as quick to build as the rest of the rules
        // (a DFA made a start 1.2 ms slower for ~2 % faster questions).
        let strings = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(strings)
            .ok()?;
        Some(Prefilter {
            strings,
            needed_by,
            full,
            always,
        })
    }

    /// The patterns that can match `text` (those without strings
    /// included), in no order.
    fn can_match(&self, text: &str) -> Vec<u32> {
        // The strings have white space as a space alone, as folded text
        // has it (see `prebuilt::required`); any other text runs every
        // pattern.
        if text.bytes().any(|b| b != b' ' && SPACES.contains(&b)) {
            return (0..self.full.len())
                .filter_map(|p| u32::try_from(p).ok())
                .collect();
        }
        let mut can = self.always.clone();
        let mut held = vec![0u8; self.full.len()];
        for m in self.strings.find_overlapping_iter(text) {
            for &(p, bit) in &self.needed_by[m.pattern().as_usize()] {
                let h = &mut held[p as usize];
                if *h & bit == 0 {
                    *h |= bit;
                    if *h == self.full[p as usize] {
                        can.push(p);
                    }
                }
            }
        }
        can
    }

    /// Marks in `run` the groups holding a pattern of `range` that can
    /// match `text`.
    #[cfg(test)]
    fn mark(&self, group_of: &[u32], text: &str, range: &Range<usize>, run: &mut [bool]) {
        for p in self.can_match(text) {
            if range.contains(&(p as usize))
                && let Some(r) = run.get_mut(group_of[p as usize] as usize)
            {
                *r = true;
            }
        }
    }
}

/// ASCII white space, as `\s` without Unicode matches it.
const SPACES: [u8; 6] = [b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r'];

/// What the last text matched was found to hold, kept for the next call
/// with the same text: a question asks for its rules, then its moves, its
/// facets, each a range of the patterns, mostly over the same text, and
/// the prefilter's pass and each group's pass are made once for it.
struct Seen {
    /// [`Patterns::id`] of the patterns matched.
    patterns: u64,
    text: String,
    /// The patterns that can match it ([`Prefilter::can_match`]; every
    /// pattern without a prefilter).
    can: Vec<u32>,
    /// For each group run so far, the patterns of it that match (by index
    /// in the sources).
    groups: Vec<Option<Vec<usize>>>,
}

thread_local! {
    static SEEN: std::cell::RefCell<Option<Seen>> = const { std::cell::RefCell::new(None) };
}

/// A number of its own for each [`Patterns`] made.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A group's lazy DFA, made on first need: a question runs only the groups
/// its strings call for (4 to 7 of 24 for most), and making all 24 at a
/// start took ~14 M of the ~57 M instructions of a first answer.
struct Group {
    /// The index in the sources of each of its patterns, in the DFA's
    /// order.
    ids: Vec<usize>,
    /// The NFA's bytes made at build time (see [`crate::prebuilt`]);
    /// `None` for a group compiled at once.
    bytes: Option<&'static [u8]>,
    dfa: OnceLock<Option<DFA>>,
}

impl Group {
    /// The group's DFA: from its bytes, or compiled from its sources when
    /// they do not read back (the same patterns, so the same matches).
    fn dfa(&self, sources: &[String]) -> Option<&DFA> {
        self.dfa
            .get_or_init(|| {
                let nfa = self
                    .bytes
                    .and_then(|b| crate::prebuilt::decode_nfa(b, self.ids.len()))
                    .or_else(|| {
                        let mine: Vec<&str> =
                            self.ids.iter().map(|&i| sources[i].as_str()).collect();
                        crate::prebuilt::compile_group(&mine).ok()
                    })?;
                lazy_dfa(nfa).ok()
            })
            .as_ref()
    }
}

/// Patterns compiled for matching all at once.
pub struct Patterns {
    sources: Vec<String>,
    /// The patterns without Unicode classes, in lazy DFAs of
    /// [`GROUP`](crate::prebuilt::GROUP) patterns each, with the index of
    /// each pattern in `sources` (see [`crate::prebuilt::Compiled`]).
    ascii: Vec<Group>,
    /// Patterns that need Unicode even on ASCII text (none of the bundled
    /// rules), always matched one by one.
    unicode_only: Vec<(usize, Regex)>,
    /// Every pattern, the Unicode way, for text that is not ASCII.
    unicode: OnceLock<Vec<Option<Regex>>>,
    /// Sets of caches, one cache per group (made as the group is first
    /// run), each set used by one search at a time.
    caches: Mutex<Vec<Vec<Option<Cache>>>>,
    /// The NFA came from the bytes made at build time.
    prebuilt: bool,
    /// Which patterns can match a text (`None`: run every group).
    prefilter: Option<Prefilter>,
    /// The group of each pattern in `ascii` (`u32::MAX` for one in none).
    group_of: Vec<u32>,
    /// This set's own number, for [`Seen`].
    id: u64,
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
            prefilter: None,
            group_of: Vec::new(),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Compiles `sources` (already folded). Errors name each pattern that
    /// does not compile. The bundled rules' NFA is read from the bytes
    /// `build.rs` wrote (see [`crate::prebuilt`]).
    pub fn new(sources: Vec<String>) -> Result<Patterns, Vec<PatternError>> {
        if let Some((groups, literals)) = crate::prebuilt::decode(PREBUILT, &sources) {
            let ascii = groups
                .into_iter()
                .map(|(bytes, ids)| Group {
                    ids,
                    bytes: Some(bytes),
                    dfa: OnceLock::new(),
                })
                .collect();
            return Ok(Patterns::assemble(
                sources,
                ascii,
                Vec::new(),
                &literals,
                true,
            ));
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
                Ok(dfa) => ascii.push(Group {
                    ids,
                    bytes: None,
                    dfa: OnceLock::from(Some(dfa)),
                }),
                Err(message) => errors.push(PatternError {
                    index: ids.first().copied().unwrap_or(0),
                    message,
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Patterns::assemble(
            sources,
            ascii,
            unicode_only,
            &compiled.literals,
            false,
        ))
    }

    fn assemble(
        sources: Vec<String>,
        ascii: Vec<Group>,
        unicode_only: Vec<(usize, Regex)>,
        literals: &[crate::prebuilt::Literals],
        prebuilt: bool,
    ) -> Patterns {
        let mut group_of = vec![u32::MAX; sources.len()];
        for (g, group) in ascii.iter().enumerate() {
            for &i in &group.ids {
                if let (Some(slot), Ok(g)) = (group_of.get_mut(i), u32::try_from(g)) {
                    *slot = g;
                }
            }
        }
        let prefilter = Prefilter::new(literals);
        Patterns {
            sources,
            ascii,
            unicode_only,
            unicode: OnceLock::new(),
            caches: Mutex::new(Vec::new()),
            prebuilt,
            prefilter,
            group_of,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
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
    /// index (every other index `false`): only the groups holding one of
    /// them that can match are run, and each at most once for a text
    /// asked about again right after (see [`Seen`]). (Matching every
    /// pattern once per text up front, as a question asks for its rules,
    /// moves and facets in turn, ran groups no call needed: over the
    /// latency mix 211.6 M -> 210.6 M instructions on questions seen
    /// before, 516 M -> 522 M on new ones.)
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
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            let fresh = !seen
                .as_ref()
                .is_some_and(|s| s.patterns == self.id && s.text == text);
            if fresh {
                let can = match &self.prefilter {
                    Some(prefilter) => prefilter.can_match(text),
                    None => (0..self.sources.len())
                        .filter_map(|p| u32::try_from(p).ok())
                        .collect(),
                };
                *seen = Some(Seen {
                    patterns: self.id,
                    text: text.to_owned(),
                    can,
                    groups: vec![None; self.ascii.len()],
                });
            }
            let Some(seen) = seen.as_mut() else {
                return false;
            };
            let mut run = vec![false; self.ascii.len()];
            for &p in &seen.can {
                if range.contains(&(p as usize))
                    && let Some(r) = run.get_mut(self.group_of[p as usize] as usize)
                {
                    *r = true;
                }
            }
            if run.iter().zip(&seen.groups).any(|(r, g)| *r && g.is_none()) {
                let mut caches = self
                    .caches
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .pop()
                    .unwrap_or_else(|| self.ascii.iter().map(|_| None).collect());
                let input = Input::new(text);
                let mut ok = true;
                for (g, group) in self.ascii.iter().enumerate() {
                    if !run[g] || seen.groups[g].is_some() {
                        continue;
                    }
                    let Some(dfa) = group.dfa(&self.sources) else {
                        ok = false;
                        break;
                    };
                    let cache = caches[g].get_or_insert_with(|| dfa.create_cache());
                    let mut set = PatternSet::new(dfa.pattern_len());
                    if dfa
                        .try_which_overlapping_matches(cache, &input, &mut set)
                        .is_err()
                    {
                        ok = false;
                        break;
                    }
                    seen.groups[g] = Some(set.iter().map(|p| group.ids[p.as_usize()]).collect());
                }
                self.caches
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(caches);
                if !ok {
                    // Not kept: the next call matches another way too.
                    seen.groups.iter_mut().for_each(|g| *g = None);
                    return false;
                }
            }
            for (g, matched) in seen.groups.iter().enumerate() {
                if run[g] {
                    for &i in matched.iter().flatten() {
                        if range.contains(&i) {
                            hit[i] = true;
                        }
                    }
                }
            }
            true
        })
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
        // The example utterances too (the patterns' own words, so many
        // strings the prefilter looks for).
        for (_, file) in &data.examples {
            for set in &file.intents {
                for e in &set.examples {
                    let t =
                        crate::text::fold(&e.replace("{etat}", "nve").replace("{sektor}", "kd"));
                    if t.is_ascii() {
                        texts.push(t);
                    }
                }
            }
        }
        texts.extend(["", " ", "og", "hvem eier", "og hva med kd"].map(String::from));
        let n = ps.len();
        let mut hits = 0;
        // The prefilter is there, and leaves groups out.
        let prefilter = ps.prefilter.as_ref().expect("a prefilter");
        let mut skipped = 0;
        for t in &texts {
            let mut run = vec![false; ps.ascii.len()];
            prefilter.mark(&ps.group_of, t, &(0..n), &mut run);
            skipped += run.iter().filter(|r| !**r).count();
        }
        assert!(skipped * 3 > texts.len() * ps.ascii.len(), "{skipped}");
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

    /// A bundled group's DFA is made from the bytes of build time when a
    /// text first needs the group, and only then; a group whose bytes do
    /// not read back is compiled from its sources.
    #[test]
    fn groups_are_made_on_first_need() {
        let data = crate::load::Data::bundled().unwrap();
        let rules = crate::intents::RuleSet::compile(&data.intents).unwrap();
        let ps = &rules.patterns;
        for g in &ps.ascii {
            assert!(g.dfa.get().is_none());
            let bytes = g.bytes.expect("bytes of build time");
            assert!(crate::prebuilt::decode_nfa(bytes, g.ids.len()).is_some());
        }
        assert!(ps.matches("hvem eier nve").iter().any(|m| *m));
        let made = ps.ascii.iter().filter(|g| g.dfa.get().is_some()).count();
        assert!(made > 0 && made * 2 < ps.ascii.len(), "{made}");
        let broken = Group {
            ids: ps.ascii[0].ids.clone(),
            bytes: Some(b"no nfa"),
            dfa: OnceLock::new(),
        };
        let dfa = broken.dfa(ps.sources()).expect("compiled from the sources");
        assert_eq!(dfa.pattern_len(), broken.ids.len());
    }

    #[test]
    fn bad_patterns_are_named() {
        let e = Patterns::new(vec!["ok".into(), "(unclosed".into()]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].index, 1);
    }
}
