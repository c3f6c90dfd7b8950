//! The rules' NFA as bytes, made at build time.
//!
//! Parsing and compiling the few hundred rule patterns into one NFA was the
//! longest part of a start (~7 ms of ~9). `build.rs` compiles the bundled
//! patterns the way [`Patterns`](crate::patterns::Patterns) does and writes
//! the NFA's states with [`encode`]; a start rebuilds the same NFA from
//! them with [`decode`], state for state, through regex-automata's own
//! NFA builder.
//!
//! The bytes begin with the pattern sources they were compiled from and
//! are used only for exactly those sources: other intent files, or a
//! `build.rs` that collected the patterns differently, compile as before,
//! so the bytes can make a start faster but never change what matches.
//! Tests check that the bundled rules take this path and that the NFA
//! rebuilt is the one compiled.

use regex_automata::nfa::thompson::{self, Builder, NFA, State, Transition};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::StateID;
use regex_automata::util::syntax;

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
    /// ASCII text) in groups of [`GROUP`] in order: each group's NFA and
    /// the index in the sources of each of its patterns.
    pub groups: Vec<(Result<NFA, String>, Vec<usize>)>,
    /// The patterns that need Unicode classes (or are no pattern at all).
    pub others: Vec<usize>,
}

/// Compiles `sources`.
#[must_use]
pub fn compile(sources: &[String]) -> Compiled {
    let ascii = syntax::Config::new().unicode(false).utf8(false);
    let mut hirs = Vec::new();
    let mut ids = Vec::new();
    let mut others = Vec::new();
    for (i, p) in sources.iter().enumerate() {
        match syntax::parse_with(p, &ascii) {
            Ok(hir) => {
                hirs.push(hir);
                ids.push(i);
            }
            Err(_) => others.push(i),
        }
    }
    let groups = hirs
        .chunks(GROUP)
        .zip(ids.chunks(GROUP))
        .map(|(hirs, ids)| {
            let nfa = thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .utf8(false)
                        .which_captures(thompson::WhichCaptures::None),
                )
                .build_many_from_hir(hirs)
                .map_err(|e| e.to_string());
            (nfa, ids.to_vec())
        })
        .collect();
    Compiled { groups, others }
}

/// The first bytes, with the format's version.
const MAGIC: &[u8; 8] = b"fbnfa\0\0\x02";

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

/// The NFAs compiled from `sources` (one per group, in order) as bytes;
/// `None` for an NFA with states the format does not keep (captures, which
/// the rules' NFAs have none of).
#[must_use]
pub fn encode(sources: &[String], nfas: &[&NFA]) -> Option<Vec<u8>> {
    let mut out = MAGIC.to_vec();
    put(&mut out, sources.len())?;
    for s in sources {
        put(&mut out, s.len())?;
        out.extend_from_slice(s.as_bytes());
    }
    put(&mut out, nfas.len())?;
    for nfa in nfas {
        encode_nfa(&mut out, nfa)?;
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

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
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

/// The NFAs in `bytes` if they were made from exactly `sources`, else
/// `None` (the caller then compiles the patterns).
#[must_use]
pub fn decode(bytes: &[u8], sources: &[String]) -> Option<Vec<NFA>> {
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
    // Each NFA takes at least a few bytes: a count past that is no count.
    if count > r.bytes.len() {
        return None;
    }
    let nfas = (0..count)
        .map(|_| decode_nfa(&mut r))
        .collect::<Option<Vec<NFA>>>()?;
    r.bytes.is_empty().then_some(nfas)
}

fn decode_nfa(r: &mut Reader<'_>) -> Option<NFA> {
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

    /// The bundled rules start from the bytes `build.rs` wrote, so
    /// `build.rs` collects the patterns as the binary does.
    #[test]
    fn bundled_rules_use_the_prebuilt_nfa() {
        let data = crate::load::Data::bundled().unwrap();
        let rules = crate::intents::RuleSet::compile(&data.intents).unwrap();
        assert!(rules.patterns.is_prebuilt());
    }

    fn nfas(c: Compiled) -> Vec<NFA> {
        c.groups.into_iter().map(|(n, _)| n.unwrap()).collect()
    }

    /// The NFAs read back are the NFAs compiled, state for state.
    #[test]
    fn decoded_nfas_are_the_compiled_ones() {
        let sources = bundled_sources();
        let compiled = compile(&sources);
        assert!(compiled.others.is_empty());
        assert!(compiled.groups.len() > 1);
        let nfas = nfas(compiled);
        let bytes = encode(&sources, &nfas.iter().collect::<Vec<_>>()).unwrap();
        let back = decode(&bytes, &sources).unwrap();
        assert_eq!(nfas.len(), back.len());
        for (nfa, back) in nfas.iter().zip(&back) {
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
        let nfas = nfas(compile(&sources));
        assert_eq!(nfas.len(), 3);
        let bytes = encode(&sources, &nfas.iter().collect::<Vec<_>>()).unwrap();
        assert!(decode(&bytes, &sources).is_some());
        let mut other = sources.clone();
        other[1] = r"^og\s".to_owned();
        assert!(decode(&bytes, &other).is_none());
        assert!(decode(&bytes, &sources[..2]).is_none());
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], &sources).is_none(), "cut at {n}");
        }
        for i in 0..bytes.len() {
            for x in [0u8, 1, 7, 0xff] {
                let mut b = bytes.clone();
                b[i] = x;
                // Either refused or an NFA; never a panic.
                let _ = decode(&b, &sources);
            }
        }
    }
}
