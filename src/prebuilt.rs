//! The rules' NFA as bytes, made at build time.
//!
//! Parsing and compiling the few hundred rule patterns into one NFA was the
//! longest part of a start (~7 ms of ~9). `build.rs` compiles the bundled
//! patterns the way [`Patterns`](crate::patterns::Patterns) does and writes
//! the NFA's states with [`encode`]; [`decode`] checks them at a start, and
//! each group's NFA is rebuilt from them with [`decode_nfa`], state for
//! state, through regex-automata's own NFA builder, when a question first
//! needs that group.
//!
//! The bytes begin with the pattern sources they were compiled from and
//! are used only for exactly those sources: other intent files, or a
//! `build.rs` that collected the patterns differently, compile as before,
//! so the bytes can make a start faster but never change what matches.
//! Tests check that the bundled rules take this path and that the NFA
//! rebuilt is the one compiled.
//!
//! With the NFAs go each pattern's [`required`] strings, one of which every
//! text the pattern matches holds, so that a question runs only the groups
//! whose patterns can match it (parsing the patterns again at a start to
//! find them would cost what the bytes save).

use regex_automata::nfa::thompson::{self, Builder, NFA, State, Transition};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::StateID;
use regex_automata::util::syntax;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Patterns per NFA. One lazy DFA over all few hundred rules had to
/// determinise a new state for nearly every byte of a question it had not
/// seen (a state there is the progress of every pattern at once, and few
/// combinations recur): ~65 µs of matching for each new question. Groups
/// of 32 recur far more often: ~12 µs for a new question, at ~1 µs more for
/// one seen before (measured over the project's question sets). With ~300
/// rules, groups of 16 make a new question cheaper still (the latency
/// mix's first sight: mean 76.7 -> 67.0 µs per question, of 8: 62.6) for
/// ~1 µs more on one seen before (13.3 -> 14.5 µs; of 8: 16.8).
pub const GROUP: usize = 16;

/// The patterns compiled into NFAs, as [`Patterns`] matches them.
///
/// [`Patterns`]: crate::patterns::Patterns
pub struct Compiled {
    /// The patterns read without Unicode classes (see
    /// [`Patterns`](crate::patterns::Patterns) for why that is exact on
    /// ASCII text) in groups of [`GROUP`] in order (rules of one intent
    /// side by side: grouping those that need the same [`required`]
    /// strings instead ran more groups a question, 32,044 -> 35,544 over
    /// the latency mix), those without [`required`] strings in groups of
    /// their own after the others: each group's NFA and the index in the
    /// sources of each of its patterns, in the NFA's order.
    pub groups: Vec<(Result<NFA, String>, Vec<usize>)>,
    /// The patterns that need Unicode classes (or are no pattern at all).
    pub others: Vec<usize>,
    /// Each pattern's [`required`] strings, by index in the sources
    /// (`None` for the others).
    pub literals: Vec<Literals>,
}

/// Lists of strings such that every text a pattern matches holds a string
/// of each list (one of "hvem" and one of "eier", "eig"), or `None` when no
/// short list says so (the pattern is then always run).
pub type Literals = Option<Vec<Vec<Vec<u8>>>>;

/// Fewest bytes of a [`required`] string: a single letter occurs in
/// nearly every question and would run the pattern anyway.
const MIN_LITERAL: usize = 2;

/// Most [`required`] strings of one list.
const MAX_LITERALS: usize = 64;

/// Most [`required`] lists of one pattern (the best ones by [`worth`]).
/// Each list more is more strings for the prefilter's automaton, built at
/// every start: over the latency mix (callgrind, instructions) one list
/// ran 261 M on questions seen again and 750 M on new ones, two 254 M and
/// 715 M, four 252 M and 705 M, but one `ask` from its start took 55.4 M,
/// 60.2 M and 63.2 M, and its peak RSS grew by 3 MiB with four.
const MAX_LISTS: usize = 2;

/// Bytes past which a longer string tells no better than fewer strings do
/// (most of the rules' words are rarer than this in a question already).
const LONG_LITERAL: usize = 4;

/// Lists of strings every match of `hir` holds one string of each of, or
/// `None` when no list of strings of [`MIN_LITERAL`] bytes or more says
/// so: those every match begins with, or ends with (by regex-syntax's
/// literal extraction, the one the `regex` crate finds its prefilters
/// with), and those of every part of a sequence ([`contained`]), the best
/// [`MAX_LISTS`] by [`worth`]. More than the best alone: "hvem" of "hvem
/// eier" occurs in many questions, "hvem" and one of "eier", "eig" in few
/// (over the latency mix, a text ran 12 groups of 24 with the best list
/// alone, 6.8 with the best four).
#[must_use]
pub fn required(hir: &Hir) -> Literals {
    let mut lists: Vec<Vec<Vec<u8>>> = [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| {
            let seq = Extractor::new().kind(kind).extract(hir);
            seq.min_literal_len()?;
            Some(
                seq.literals()?
                    .iter()
                    .map(|l| l.as_bytes().to_vec())
                    .collect(),
            )
        })
        .collect();
    parts(hir, &mut lists);
    // White space as a space alone, as folded text has it (the prefilter
    // runs every pattern on a text with other white space): "hva\s" is
    // one string, not six.
    for l in &mut lists {
        for s in l.iter_mut() {
            for b in s.iter_mut() {
                if b.is_ascii_whitespace() || *b == 0x0b {
                    *b = b' ';
                }
            }
        }
        l.sort();
        l.dedup();
    }
    let mut seen = std::collections::HashSet::new();
    lists.retain(|l| worth(l).is_some() && seen.insert(l.clone()));
    // A list that another one implies (each string of that one holds one
    // of this one: "hva" beside "hva "), one at a time, tells nothing more.
    let mut i = 0;
    while i < lists.len() {
        let implied = (0..lists.len()).any(|j| {
            j != i
                && lists[j].iter().all(|a| {
                    lists[i]
                        .iter()
                        .any(|b| a.windows(b.len()).any(|w| w == b.as_slice()))
                })
        });
        if implied {
            lists.remove(i);
        } else {
            i += 1;
        }
    }
    lists.sort_by_key(|l| std::cmp::Reverse(worth(l)));
    lists.truncate(MAX_LISTS);
    (!lists.is_empty()).then_some(lists)
}

/// The [`contained`] list of every part of `hir` as a sequence (a
/// sequence's parts, within groups and repetitions at least once).
fn parts(hir: &Hir, out: &mut Vec<Vec<Vec<u8>>>) {
    match hir.kind() {
        HirKind::Capture(capture) => parts(&capture.sub, out),
        HirKind::Repetition(repetition) if repetition.min >= 1 => parts(&repetition.sub, out),
        HirKind::Concat(items) => items.iter().for_each(|p| parts(p, out)),
        _ => out.extend(contained(hir)),
    }
}

/// How well `strings` tell a pattern apart: the length of the shortest
/// up to [`LONG_LITERAL`] bytes, then the fewer the better, then the
/// length of the shortest; `None` for a list too short or too long.
fn worth(strings: &[Vec<u8>]) -> Option<(usize, std::cmp::Reverse<usize>, usize)> {
    let min = strings.iter().map(Vec::len).min()?;
    (min >= MIN_LITERAL && strings.len() <= MAX_LITERALS).then_some((
        min.min(LONG_LITERAL),
        std::cmp::Reverse(strings.len()),
        min,
    ))
}

/// Strings one of which every match of `hir` holds anywhere: a literal
/// itself; for a sequence, the best list of any of its parts (every match
/// of the sequence holds a match of each part); for alternatives, the
/// lists of all of them together; for a repetition at least once, its
/// part's. `None` where a part can match without any such string (a
/// class, an optional part, an assertion).
#[must_use]
pub fn contained(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Capture(capture) => contained(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => contained(&repetition.sub),
        HirKind::Alternation(alternatives) => {
            let mut all = Vec::new();
            for a in alternatives {
                all.extend(contained(a)?);
            }
            (all.len() <= MAX_LITERALS).then_some(all)
        }
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(contained)
            .filter(|strings| worth(strings).is_some())
            .max_by_key(|strings| worth(strings)),
        _ => None,
    }
}

/// Compiles `sources`.
#[must_use]
pub fn compile(sources: &[String]) -> Compiled {
    let ascii = syntax::Config::new().unicode(false).utf8(false);
    let mut hirs = Vec::new();
    let mut ids = Vec::new();
    let mut others = Vec::new();
    let mut literals = vec![None; sources.len()];
    for (i, p) in sources.iter().enumerate() {
        match syntax::parse_with(p, &ascii) {
            Ok(hir) => {
                literals[i] = required(&hir);
                hirs.push(hir);
                ids.push(i);
            }
            Err(_) => others.push(i),
        }
    }
    // The patterns no required strings tell (run for every question)
    // together in groups of their own: spread among the others they made
    // six groups in 23 run for every question (over the latency mix ~9
    // groups a text).
    type Numbered = Vec<(Hir, usize)>;
    let (told, untold): (Numbered, Numbered) = hirs
        .into_iter()
        .zip(ids)
        .partition(|(_, i)| literals[*i].is_some());
    let groups = told
        .chunks(GROUP)
        .chain(untold.chunks(GROUP))
        .map(|chunk| {
            let (hirs, ids): (Vec<Hir>, Vec<usize>) = chunk.iter().cloned().unzip();
            (nfa_of(&hirs), ids)
        })
        .collect();
    Compiled {
        groups,
        others,
        literals,
    }
}

/// One group's NFA, as [`compile`] makes it.
fn nfa_of(hirs: &[Hir]) -> Result<NFA, String> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(false)
                .which_captures(thompson::WhichCaptures::None),
        )
        .build_many_from_hir(hirs)
        .map_err(|e| e.to_string())
}

/// The NFA of one group of patterns (already folded), as [`compile`]
/// makes it; an error for a pattern that needs Unicode classes.
pub fn compile_group(sources: &[&str]) -> Result<NFA, String> {
    let ascii = syntax::Config::new().unicode(false).utf8(false);
    let hirs = sources
        .iter()
        .map(|p| syntax::parse_with(p, &ascii).map_err(|e| e.to_string()))
        .collect::<Result<Vec<Hir>, String>>()?;
    nfa_of(&hirs)
}

/// The first bytes, with the format's version.
const MAGIC: &[u8; 8] = b"fbnfa\0\0\x05";

const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const UNION: u8 = 3;
const BINARY_UNION: u8 = 4;
const FAIL: u8 = 5;
const MATCH: u8 = 6;

fn put(out: &mut Vec<u8>, n: usize) -> Option<()> {
    out.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
    Some(())
}

fn put_transition(out: &mut Vec<u8>, t: &Transition) -> Option<()> {
    out.extend_from_slice(&[t.start, t.end]);
    put(out, t.next.as_usize())
}

/// The NFAs compiled from `sources` (one per group, in order) and each
/// source's [`required`] strings as bytes; `None` for an NFA with states
/// the format does not keep (captures, which the rules' NFAs have none of)
/// or literals not one per source.
#[must_use]
pub fn encode(
    sources: &[String],
    groups: &[(&NFA, &[usize])],
    literals: &[Literals],
) -> Option<Vec<u8>> {
    if literals.len() != sources.len() {
        return None;
    }
    let mut out = MAGIC.to_vec();
    put(&mut out, sources.len())?;
    for s in sources {
        put(&mut out, s.len())?;
        out.extend_from_slice(s.as_bytes());
    }
    put(&mut out, groups.len())?;
    for (nfa, ids) in groups {
        // Its length first, so that a start can pass over it (see
        // [`decode`]).
        let mut states = Vec::new();
        encode_nfa(&mut states, nfa)?;
        if ids.len() != nfa.pattern_len() {
            return None;
        }
        put(&mut out, states.len())?;
        out.extend_from_slice(&states);
        put(&mut out, ids.len())?;
        for &i in *ids {
            put(&mut out, i)?;
        }
    }
    for l in literals {
        // 0: none; n + 1: n lists, each its number of strings, then each
        // string.
        put(&mut out, l.as_ref().map_or(0, |l| l.len() + 1))?;
        for list in l.iter().flatten() {
            put(&mut out, list.len())?;
            for s in list {
                put(&mut out, s.len())?;
                out.extend_from_slice(s);
            }
        }
    }
    Some(out)
}

fn encode_nfa(out: &mut Vec<u8>, nfa: &NFA) -> Option<()> {
    out.push(u8::from(nfa.is_utf8()));
    put(out, nfa.states().len())?;
    put(out, nfa.pattern_len())?;
    for p in nfa.patterns() {
        put(out, nfa.start_pattern(p)?.as_usize())?;
    }
    put(out, nfa.start_anchored().as_usize())?;
    put(out, nfa.start_unanchored().as_usize())?;
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                out.push(BYTE_RANGE);
                put_transition(out, trans)?;
            }
            State::Sparse(sparse) => {
                out.push(SPARSE);
                put(out, sparse.transitions.len())?;
                for t in &sparse.transitions {
                    put_transition(out, t)?;
                }
            }
            State::Look { look, next } => {
                out.push(LOOK);
                put(out, look.as_repr() as usize)?;
                put(out, next.as_usize())?;
            }
            State::Union { alternates } => {
                out.push(UNION);
                put(out, alternates.len())?;
                for a in alternates {
                    put(out, a.as_usize())?;
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(BINARY_UNION);
                put(out, alt1.as_usize())?;
                put(out, alt2.as_usize())?;
            }
            State::Fail => out.push(FAIL),
            State::Match { pattern_id } => {
                out.push(MATCH);
                put(out, pattern_id.as_usize())?;
            }
            State::Dense(_) | State::Capture { .. } => return None,
        }
    }
    Some(())
}

/// Reads what [`encode`] wrote.
struct Reader<'a> {
    bytes: &'a [u8],
    /// The number of states: every state number read is below it (a
    /// builder would panic on one past the end).
    states: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn number(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
    }

    fn state(&mut self) -> Option<StateID> {
        let n = self.number()?;
        if n >= self.states {
            return None;
        }
        StateID::new(n).ok()
    }

    fn transition(&mut self) -> Option<Transition> {
        let start = self.byte()?;
        let end = self.byte()?;
        Some(Transition {
            start,
            end,
            next: self.state()?,
        })
    }
}

/// What [`decode`] reads: the groups (each NFA's bytes, for
/// [`decode_nfa`], with the index in the sources of each of its patterns)
/// and each source's [`required`] strings.
pub type Decoded<'a> = (Vec<(&'a [u8], Vec<usize>)>, Vec<Literals>);

/// The groups and the sources' [`required`] strings in `bytes` if they
/// were made from exactly `sources` (every source in one group), else
/// `None` (the caller then compiles the patterns). The NFAs are not read
/// here: a question runs only the few groups its strings call for (4 to 7
/// of 24 for most), so each is read on first need, and one that does not
/// read back is compiled from its sources then.
#[must_use]
pub fn decode<'a>(bytes: &'a [u8], sources: &[String]) -> Option<Decoded<'a>> {
    let mut r = Reader { bytes, states: 0 };
    if r.take(MAGIC.len())? != MAGIC || r.number()? != sources.len() {
        return None;
    }
    for s in sources {
        let n = r.number()?;
        if r.take(n)? != s.as_bytes() {
            return None;
        }
    }
    let count = r.number()?;
    // Each group takes a few bytes at least: a count past that is no count.
    if count > r.bytes.len() {
        return None;
    }
    let mut seen = vec![false; sources.len()];
    let groups = (0..count)
        .map(|_| {
            let n = r.number()?;
            let nfa = r.take(n)?;
            let patterns = r.number()?;
            if patterns > r.bytes.len() {
                return None;
            }
            let ids = (0..patterns)
                .map(|_| {
                    let i = r.number()?;
                    // Each source once.
                    (!std::mem::replace(seen.get_mut(i)?, true)).then_some(i)
                })
                .collect::<Option<Vec<usize>>>()?;
            Some((nfa, ids))
        })
        .collect::<Option<Vec<_>>>()?;
    let literals = sources
        .iter()
        .map(|_| decode_literals(&mut r))
        .collect::<Option<Vec<Literals>>>()?;
    (r.bytes.is_empty() && seen.iter().all(|s| *s)).then_some((groups, literals))
}

/// The NFA of one group's bytes (of [`decode`]) with `patterns` patterns,
/// or `None` when they are not one.
#[must_use]
pub fn decode_nfa(bytes: &[u8], patterns: usize) -> Option<NFA> {
    let mut r = Reader { bytes, states: 0 };
    let nfa = read_nfa(&mut r)?;
    (r.bytes.is_empty() && nfa.pattern_len() == patterns).then_some(nfa)
}

fn decode_literals(r: &mut Reader<'_>) -> Option<Literals> {
    let Some(n) = r.number()?.checked_sub(1) else {
        return Some(None);
    };
    // Each list and each string take a byte at least.
    if n > r.bytes.len() {
        return None;
    }
    let lists = (0..n)
        .map(|_| {
            let m = r.number()?;
            if m > r.bytes.len() {
                return None;
            }
            (0..m)
                .map(|_| {
                    let len = r.number()?;
                    r.take(len).map(<[u8]>::to_vec)
                })
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Some(lists))
}

fn read_nfa(r: &mut Reader<'_>) -> Option<NFA> {
    let utf8 = r.byte()? == 1;
    let states = r.number()?;
    r.states = states;
    let patterns = r.number()?;
    let starts = (0..patterns)
        .map(|_| r.state())
        .collect::<Option<Vec<StateID>>>()?;
    let start_anchored = r.state()?;
    let start_unanchored = r.state()?;
    let mut b = Builder::new();
    b.set_utf8(utf8);
    for id in 0..states {
        let added = match r.byte()? {
            BYTE_RANGE => b.add_range(r.transition()?),
            SPARSE => {
                let n = r.number()?;
                let ts = (0..n).map(|_| r.transition()).collect::<Option<Vec<_>>>()?;
                b.add_sparse(ts)
            }
            LOOK => {
                let look = Look::from_repr(u32::try_from(r.number()?).ok()?)?;
                b.add_look(r.state()?, look)
            }
            UNION => {
                let n = r.number()?;
                let alts = (0..n).map(|_| r.state()).collect::<Option<Vec<_>>>()?;
                b.add_union(alts)
            }
            BINARY_UNION => {
                let alts = vec![r.state()?, r.state()?];
                b.add_union(alts)
            }
            FAIL => b.add_fail(),
            MATCH => {
                // A pattern's match state is added inside that pattern;
                // the patterns are numbered in the order of their matches.
                let pattern = r.number()?;
                let start = *starts.get(pattern)?;
                if b.pattern_len() != pattern {
                    return None;
                }
                b.start_pattern().ok()?;
                let sid = b.add_match();
                b.finish_pattern(start).ok()?;
                sid
            }
            _ => return None,
        };
        // Every state keeps its number, so the transitions read stay right.
        if added.ok()?.as_usize() != id {
            return None;
        }
    }
    if b.pattern_len() != patterns {
        return None;
    }
    b.build(start_anchored, start_unanchored).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_sources() -> Vec<String> {
        let data = crate::load::Data::bundled().unwrap();
        crate::intents::RuleSet::compile(&data.intents)
            .unwrap()
            .patterns
            .sources()
            .to_vec()
    }

    fn required_of(pattern: &str) -> Literals {
        let ascii = syntax::Config::new().unicode(false).utf8(false);
        required(&syntax::parse_with(pattern, &ascii).unwrap())
    }

    /// The lists of [`required`], each sorted, in sorted order.
    fn lists_of(pattern: &str) -> Option<Vec<Vec<String>>> {
        let mut lists: Vec<Vec<String>> = required_of(pattern)?
            .into_iter()
            .map(|l| {
                l.into_iter()
                    .map(|s| String::from_utf8(s).unwrap())
                    .collect()
            })
            .collect();
        lists.sort();
        Some(lists)
    }

    fn lists(v: &[&[&str]]) -> Option<Vec<Vec<String>>> {
        Some(
            v.iter()
                .map(|l| l.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        )
    }

    /// The strings looked for first: every word a match must hold, each
    /// part's alternatives together, nothing where a match may hold no
    /// word of two letters.
    #[test]
    fn required_strings() {
        // "hva" and a space: the space's list implies "hva" alone.
        assert_eq!(
            lists_of(r"\bhva\s+(slags\s+)?strategi\w*"),
            lists(&[&["hva "], &["strategi"]])
        );
        assert_eq!(
            lists_of(r"\bhvem\s+eier\b"),
            lists(&[&[" eier"], &["hvem "]])
        );
        assert_eq!(
            lists_of(r"\b(hvordan|korleis)\b.*\bfinansier"),
            lists(&[&["finansier"], &["hvordan", "korleis"]])
        );
        assert_eq!(
            lists_of(r"\b(eies|eid)\b.*\bav\b"),
            lists(&[&["av"], &["eid", "eies"]])
        );
        assert_eq!(
            lists_of(r"\b(budsjett|penger)\b"),
            lists(&[&["budsjett", "penger"]])
        );
        assert_eq!(lists_of(r"^og\b"), lists(&[&["og"]]));
        // Every match ends with one of these.
        assert_eq!(lists_of(r"(a|b|c)+x"), lists(&[&["ax", "bx", "cx"]]));
        assert_eq!(required_of(r"\w+\s*\?"), None);
        assert_eq!(required_of(r"(hvem)?\s*\d+"), None);
        // At most the best few lists.
        let many = required_of(r"\bab\s+cd\s+ef\s+gh\s+ij\s+klmn\b").unwrap();
        assert_eq!(many.len(), MAX_LISTS);
        assert_eq!(many[0], vec![b" klmn".to_vec()]);
    }

    /// The bundled rules start from the bytes `build.rs` wrote, so
    /// `build.rs` collects the patterns as the binary does.
    #[test]
    fn bundled_rules_use_the_prebuilt_nfa() {
        let data = crate::load::Data::bundled().unwrap();
        let rules = crate::intents::RuleSet::compile(&data.intents).unwrap();
        assert!(rules.patterns.is_prebuilt());
    }

    fn nfas(c: Compiled) -> (Vec<(NFA, Vec<usize>)>, Vec<Literals>) {
        (
            c.groups
                .into_iter()
                .map(|(n, ids)| (n.unwrap(), ids))
                .collect(),
            c.literals,
        )
    }

    fn refs(groups: &[(NFA, Vec<usize>)]) -> Vec<(&NFA, &[usize])> {
        groups.iter().map(|(n, ids)| (n, ids.as_slice())).collect()
    }

    /// The NFAs read back are the NFAs compiled, state for state.
    #[test]
    fn decoded_nfas_are_the_compiled_ones() {
        let sources = bundled_sources();
        let compiled = compile(&sources);
        assert!(compiled.others.is_empty());
        assert!(compiled.groups.len() > 1);
        let (nfas, literals) = nfas(compiled);
        let bytes = encode(&sources, &refs(&nfas), &literals).unwrap();
        let (back, literals_back) = decode(&bytes, &sources).unwrap();
        assert_eq!(literals, literals_back);
        // Most rules have strings to look for first.
        let with = literals.iter().filter(|l| l.is_some()).count();
        assert!(with * 2 > literals.len(), "{with} of {}", literals.len());
        assert_eq!(nfas.len(), back.len());
        for ((nfa, ids), (bytes, ids_back)) in nfas.iter().zip(&back) {
            assert_eq!(ids, ids_back);
            assert!(decode_nfa(bytes, ids.len() + 1).is_none());
            let back = decode_nfa(bytes, ids.len()).unwrap();
            assert_eq!(format!("{nfa:?}"), format!("{back:?}"));
            assert_eq!(
                format!("{:?}", nfa.byte_classes()),
                format!("{:?}", back.byte_classes())
            );
            assert_eq!(nfa.look_set_any(), back.look_set_any());
        }
    }

    /// Bytes for other sources, cut short, or changed are refused, never
    /// a panic.
    #[test]
    fn other_or_broken_bytes_are_refused() {
        // Three groups.
        let sources: Vec<String> = [r"\bhvem\b.*\beier\b", r"^og\b", r"(a|b|c)+x"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain((0..2 * GROUP).map(|i| format!(r"\bw{i}\b")))
            .collect();
        let (nfas, literals) = nfas(compile(&sources));
        assert_eq!(nfas.len(), 3);
        let bytes = encode(&sources, &refs(&nfas), &literals).unwrap();
        assert!(decode(&bytes, &sources).is_some());
        let mut other = sources.clone();
        other[1] = r"^og\s".to_owned();
        assert!(decode(&bytes, &other).is_none());
        assert!(decode(&bytes, &sources[..2]).is_none());
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], &sources).is_none(), "cut at {n}");
        }
        let (groups, _) = decode(&bytes, &sources).unwrap();
        for (nfa, ids) in &groups {
            assert!(decode_nfa(nfa, ids.len()).is_some());
            for n in 0..nfa.len() {
                assert!(decode_nfa(&nfa[..n], ids.len()).is_none(), "cut at {n}");
            }
        }
        for i in 0..bytes.len() {
            for x in [0u8, 1, 7, 0xff] {
                let mut b = bytes.clone();
                b[i] = x;
                // Either refused or groups whose NFAs are refused or read;
                // never a panic.
                if let Some((groups, _)) = decode(&b, &sources) {
                    for (nfa, ids) in &groups {
                        let _ = decode_nfa(nfa, ids.len());
                    }
                }
            }
        }
    }
}
