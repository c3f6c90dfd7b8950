//! The words of the bundled sheet's paragraphs, analysed at build time.
//!
//! A start analysed every paragraph of the sheet (~8,000 words: folding,
//! compound splitting, stemming) to make the search index's word
//! statistics: a third of the work of a start, the same on every start.
//! `build.rs` analyses the bundled paragraphs with the crate's own `text`
//! module and writes each word's place, folded spelling and stem with
//! [`encode`]; a start reads them back with [`decode`].
//!
//! The bytes begin with the paragraphs they were made from and are used
//! only for exactly those texts: other knowledge (`--knowledge`, a reload)
//! is analysed as before, so the bytes can make a start faster but never
//! change a word. A test checks that the bundled sheet takes this path and
//! that the words read back are the ones the analysis gives.

const MAGIC: &[u8] = b"faktabot sheet words 1\n";

/// One word of a paragraph: byte range in the paragraph, folded spelling,
/// stem.
pub type Word<'a> = ((usize, usize), &'a str, &'a str);

/// A paragraph with its words as the analysis gives them (place, folded
/// spelling, stem), for [`encode`].
pub type Analysed<'a> = (&'a str, Vec<((usize, usize), String, String)>);

/// The bytes for `paragraphs`, each given with its words.
#[must_use]
pub fn encode(paragraphs: &[Analysed<'_>]) -> Vec<u8> {
    let mut strings: Vec<&str> = Vec::new();
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for (_, words) in paragraphs {
        for (_, surface, stem) in words {
            for s in [surface.as_str(), stem.as_str()] {
                if !ids.contains_key(s) {
                    ids.insert(s, u32::try_from(strings.len()).unwrap_or(u32::MAX));
                    strings.push(s);
                }
            }
        }
    }
    let mut out = MAGIC.to_vec();
    let number = |n: usize, out: &mut Vec<u8>| {
        out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    };
    number(paragraphs.len(), &mut out);
    for (text, _) in paragraphs {
        number(text.len(), &mut out);
        out.extend_from_slice(text.as_bytes());
    }
    number(strings.len(), &mut out);
    for s in &strings {
        number(s.len(), &mut out);
        out.extend_from_slice(s.as_bytes());
    }
    for (_, words) in paragraphs {
        number(words.len(), &mut out);
        for ((from, to), surface, stem) in words {
            number(*from, &mut out);
            number(*to, &mut out);
            number(ids[surface.as_str()] as usize, &mut out);
            number(ids[stem.as_str()] as usize, &mut out);
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
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

    fn number(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
    }
}

/// The words of each of `paragraphs`, when `bytes` were made from exactly
/// these paragraphs; `None` otherwise (or when the bytes are damaged).
#[must_use]
pub fn decode<'a>(bytes: &'a [u8], paragraphs: &[&str]) -> Option<Vec<Vec<Word<'a>>>> {
    let mut r = Reader { bytes };
    if r.take(MAGIC.len())? != MAGIC || r.number()? != paragraphs.len() {
        return None;
    }
    for p in paragraphs {
        let n = r.number()?;
        if r.take(n)? != p.as_bytes() {
            return None;
        }
    }
    let count = r.number()?;
    if count > r.bytes.len() {
        return None;
    }
    let strings = (0..count)
        .map(|_| {
            let n = r.number()?;
            std::str::from_utf8(r.take(n)?).ok()
        })
        .collect::<Option<Vec<&str>>>()?;
    let out = paragraphs
        .iter()
        .map(|p| {
            let n = r.number()?;
            if n > r.bytes.len() {
                return None;
            }
            (0..n)
                .map(|_| {
                    let (from, to) = (r.number()?, r.number()?);
                    let surface = *strings.get(r.number()?)?;
                    let stem = *strings.get(r.number()?)?;
                    // A place inside the paragraph, on character bounds.
                    p.get(from..to)?;
                    Some(((from, to), surface, stem))
                })
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    r.bytes.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_wrote_and_only_for_the_same_paragraphs() {
        let words = |t: &str| -> Vec<((usize, usize), String, String)> {
            crate::text::tokens_all(t)
                .into_iter()
                .map(|t| (t.span, t.surface, t.stem))
                .collect()
        };
        let texts = ["Lånekassen har strategier.", "Tiltak i KS-ordningen"];
        let paragraphs: Vec<_> = texts.iter().map(|t| (*t, words(t))).collect();
        let bytes = encode(&paragraphs);
        let back = decode(&bytes, &texts).expect("the same paragraphs");
        for ((_, want), got) in paragraphs.iter().zip(&back) {
            let got: Vec<_> = got
                .iter()
                .map(|(span, s, st)| (*span, (*s).to_owned(), (*st).to_owned()))
                .collect();
            assert_eq!(&got, want);
        }
        assert!(decode(&bytes, &["Lånekassen har strategier."]).is_none());
        assert!(decode(&bytes, &["Lånekassen har strategier!", texts[1]]).is_none());
        assert!(decode(&bytes[..bytes.len() - 1], &texts).is_none());
        assert!(decode(b"", &texts).is_none());
    }
}
