//! Text normalisation shared by every matcher in the bot.
//!
//! One pipeline turns any string (a question, an alias, a paragraph of the
//! fact sheet, a rule's pattern) into the same canonical form, so that
//! "Lånekassen", "Laanekassen", "lanekassens" and "LÅNEKASSEN" meet. It is
//! used three ways:
//!
//! * [`clean`]: Unicode NFC, soft hyphens, zero-width and control characters
//!   removed, dashes unified. Safe for showing back to a user.
//! * [`fold`]: `clean` + lower case + the Norwegian letters folded to the
//!   ASCII spellings people type (æ→ae, ø→o, å→a, and in ASCII text aa→a,
//!   oe→o), so both spellings meet in one form. Punctuation becomes spaces.
//!   Intent rules are matched against this form.
//! * [`tokens`]: `fold` split into words, compounds such as
//!   "helsesektoren" split before their head ("helse" + "sektoren"), and each
//!   word stemmed with the Snowball Norwegian stemmer, which strips the
//!   genitive -s and the definite and plural endings (-en, -et, -a, -ene,
//!   -ar, -ane ...) of bokmål and nynorsk alike.
//!
//! Every function is linear in its input and caps it at [`MAX_CHARS`], so a
//! megabyte of input costs no more than a long question.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// Longest input, in characters, that the analysis looks at. Longer text is
/// cut (at a character boundary) before anything else happens. Generous,
/// so a question wrapped in thousands of brackets is still read.
pub const MAX_CHARS: usize = 20_000;

/// Most words of one text that are analysed; a question has a few dozen.
pub const MAX_TOKENS: usize = 200;

/// Longest word, in characters, that is analysed; longer ones are cut.
pub const MAX_WORD: usize = 80;

/// Heads of compounds that are split off the word they end, so that
/// "helsesektoren" reads as "helse sektoren" and "justisdepartementet" as
/// "justis departementet". Checked longest first. Folded spelling.
const COMPOUND_HEADS: &[&str] = &[
    "departementenes",
    "departementene",
    "departementets",
    "departementet",
    "departementa",
    "departement",
    "sektorenes",
    "sektorene",
    "sektorens",
    "sektorane",
    "sektoren",
    "sektorar",
    "sektorer",
    // Spoken definite forms ("helsesektorn").
    "sektorns",
    "sektorn",
    "sektor",
    "omradets",
    "omradet",
    "omrade",
    "feltenes",
    "feltene",
    "feltets",
    "feltet",
    "felta",
];

/// Cuts `text` to at most [`MAX_CHARS`] characters.
#[must_use]
pub fn cap(text: &str) -> &str {
    match text.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// NFC, invisible characters removed, dashes and quotes unified, runs of
/// white space collapsed. Keeps case and letters as they are.
#[must_use]
pub fn clean(text: &str) -> String {
    let text = cap(text);
    // Most text is NFC already (the quick check says so without
    // decomposing), and recomposing it costs more than the rest.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        clean_chars(text.len(), text.chars())
    } else {
        clean_chars(text.len(), text.nfc())
    }
}

fn clean_chars(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len.min(MAX_CHARS * 4));
    let mut last_space = true;
    for c in chars {
        let c = match c {
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                continue;
            }
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Folds one lower-case character to its canonical spelling, pushing it on
/// `out`. Letters with diacritics lose them; æ ø å become ae o a.
fn push_folded(c: char, out: &mut String) {
    match c {
        'æ' | 'ä' => out.push_str("ae"),
        'ø' | 'ö' | 'ò' | 'ó' | 'ô' | 'õ' => out.push('o'),
        'å' | 'à' | 'á' | 'â' | 'ã' => out.push('a'),
        'é' | 'è' | 'ê' | 'ë' => out.push('e'),
        'í' | 'ì' | 'î' | 'ï' => out.push('i'),
        'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
        'ç' => out.push('c'),
        'ñ' => out.push('n'),
        'ß' => out.push_str("ss"),
        c => out.push(c),
    }
}

/// Folds the letters of `s` (lower case, æøå to ASCII, aa→a, oe→o) and
/// leaves every other character where it is. Used on rule patterns, whose
/// regex syntax must survive.
#[must_use]
pub fn fold_letters(s: &str) -> String {
    // ASCII is its own normal form, and its letters fold to lower case.
    if s.is_ascii() {
        let out = s.to_ascii_lowercase();
        return match collapse_digraphs(&out) {
            Cow::Borrowed(_) => out,
            Cow::Owned(o) => o,
        };
    }
    fold_letters_unicode(s)
}

/// [`fold_letters`] of any text.
fn fold_letters_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Most text is NFC already, and the quick check costs far less than
    // recomposing it.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                for l in c.to_lowercase() {
                    push_folded(l, &mut out);
                }
            }
        }
    } else {
        for c in s.nfc().flat_map(char::to_lowercase) {
            push_folded(c, &mut out);
        }
    }
    collapse_digraphs(&out).into_owned()
}

/// "aa"→"a" and "oe"→"o": the ASCII spellings of å and ø, in runs of four
/// letters or more (so abbreviations such as "OED" keep their letters);
/// in shorter runs only "aa", which no short Norwegian or English word
/// has but "å", "på", "nå", "så" written without å ("aa", "paa").
fn collapse_digraphs(s: &str) -> Cow<'_, str> {
    // One pass over the bytes: faster on short words than two substring
    // searches.
    if !s
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w, [b'a', b'a'] | [b'o', b'e']))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    // Each run of letters as a slice of `s`, changed only when it is long
    // enough and holds a digraph.
    let mut run_start = None;
    let flush = |run: &str, out: &mut String| {
        if (run.contains("aa") || run.contains("oe")) && run.chars().count() >= 4 {
            out.push_str(&run.replace("aa", "a").replace("oe", "o"));
        } else if run.contains("aa") {
            out.push_str(&run.replace("aa", "a"));
        } else {
            out.push_str(run);
        }
    };
    for (i, c) in s.char_indices() {
        if c.is_alphabetic() {
            run_start.get_or_insert(i);
        } else {
            if let Some(st) = run_start.take() {
                flush(&s[st..i], &mut out);
            }
            out.push(c);
        }
    }
    if let Some(st) = run_start {
        flush(&s[st..], &mut out);
    }
    Cow::Owned(out)
}

/// [`collapse_digraphs`] as it was written first, for the test.
#[cfg(test)]
fn collapse_digraphs_reference(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 4 {
            out.push_str(&run.replace("aa", "a").replace("oe", "o"));
        } else {
            out.push_str(&run.replace("aa", "a"));
        }
        run.clear();
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The matching form of `text`: cleaned, lower case, letters folded,
/// every run of characters that are not letters or digits turned into one
/// space. Hyphens inside words become spaces too ("e-helse" → "e helse").
#[must_use]
pub fn fold(text: &str) -> String {
    // ASCII needs no normalisation, and cleaning only turns white space
    // and control characters into single spaces, as folding does anyway.
    if text.is_ascii() {
        let mut out = String::with_capacity(text.len().min(MAX_CHARS));
        let mut last_space = true;
        for b in text.bytes().take(MAX_CHARS) {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
                last_space = false;
            } else if !last_space {
                out.push(' ');
                last_space = true;
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        return match collapse_digraphs(&out) {
            Cow::Borrowed(_) => out,
            Cow::Owned(o) => o,
        };
    }
    let cleaned = clean(text);
    let mut out = String::with_capacity(cleaned.len());
    let mut last_space = true;
    for c in cleaned.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            push_folded(c, &mut out);
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    collapse_digraphs(&out).into_owned()
}

/// One word of a text after analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as written ("Lånekassens"); both halves of a split
    /// compound carry the whole word.
    pub word: String,
    /// Folded spelling ("lanekassens").
    pub surface: String,
    /// Stem of the folded spelling ("lanekass").
    pub stem: String,
    /// The word as written was all upper case and at least two letters
    /// ("NVE", "FIN", also with a genitive s: "AIDs"): used for
    /// abbreviations that are also common words.
    pub upper: bool,
    /// The word as written began with a capital letter.
    pub capital: bool,
    /// The word is joined by a hyphen to the next one ("KS-ordningen"):
    /// an abbreviation there names something else.
    pub hyphen_joined: bool,
    /// Byte range of the word in the analysed text.
    pub span: (usize, usize),
}

fn stemmer() -> &'static frostem::Stemmer {
    static STEMMER: OnceLock<frostem::Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| frostem::Stemmer::new(frostem::Algorithm::Norwegian))
}

/// Stem of one folded word.
#[must_use]
pub fn stem(word: &str) -> String {
    if word.chars().count() <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_owned();
    }
    // The stems of words met before, per thread: a question's words recur
    // across questions, and a lookup costs a fifth of stemming. At most
    // `STEMS_KEPT` words, then forgotten all at once.
    const STEMS_KEPT: usize = 1 << 14;
    thread_local! {
        static STEMS: std::cell::RefCell<crate::FastMap<String, String>> =
            std::cell::RefCell::default();
    }
    STEMS.with_borrow_mut(|kept| {
        if let Some(s) = kept.get(word) {
            return s.clone();
        }
        let s = stemmer().stem(word).into_owned();
        keep_bounded(kept, STEMS_KEPT, word.to_owned(), s.clone());
        s
    })
}

/// Keeps `value` under `key` in a memo of at most `max` entries: a full
/// memo is forgotten all at once (no order to keep, no eviction scan).
pub fn keep_bounded<K: Eq + std::hash::Hash, V>(
    memo: &mut crate::FastMap<K, V>,
    max: usize,
    key: K,
    value: V,
) {
    if memo.len() >= max {
        memo.clear();
    }
    memo.insert(key, value);
}

/// Splits a folded word before a known compound head, when what stands
/// before it is a word of its own (three letters or more), and gives the
/// head as the list has it. A head of [`FUZZY_HEAD`] letters or more
/// mistyped by one letter (one wrong, missing, extra, or two swapped:
/// "helsesekotren") splits too, after a word of four letters or more.
fn split_compound(word: &str) -> Option<(&str, &'static str)> {
    for head in COMPOUND_HEADS {
        if let Some(prefix) = word.strip_suffix(head)
            && prefix.len() >= 3
        {
            return Some((prefix, head));
        }
    }
    if !word.is_ascii() || word.len() < FUZZY_HEAD + 3 {
        return None;
    }
    // The letters a text has, as bits: a head with two letters the tail
    // lacks is two edits away at least, so most words need no distance.
    let letters = |t: &[u8]| {
        t.iter()
            .filter(|b| b.is_ascii_lowercase())
            .fold(0u32, |m, b| m | 1 << (b - b'a'))
    };
    let (last, before_last) = (
        word.as_bytes()[word.len() - 1],
        word.as_bytes()[word.len() - 2],
    );
    for head in COMPOUND_HEADS.iter().filter(|h| h.len() >= FUZZY_HEAD) {
        // The same last letter, or one letter missing, extra or swapped
        // at the end ("helsedepartemente").
        let h = head.as_bytes();
        if h[h.len() - 1] != last && h[h.len() - 2] != last && h[h.len() - 1] != before_last {
            continue;
        }
        for len in head.len() - 1..=head.len() + 1 {
            let Some(cut) = word.len().checked_sub(len).filter(|&c| c >= 4) else {
                continue;
            };
            let tail = &word[cut..];
            if tail.as_bytes().first() == head.as_bytes().first()
                && (letters(head.as_bytes()) & !letters(tail.as_bytes())).count_ones() <= 1
                && strsim::osa_distance(tail, head) == 1
            {
                return Some((&word[..cut], head));
            }
        }
    }
    None
}

/// Fewest letters of a compound head that is still found mistyped.
const FUZZY_HEAD: usize = 8;

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_invisible(c) || is_combining(c)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// NFC, invisible characters removed, white space collapsed; dashes,
/// quotes and every other character kept as written. The importer stores
/// the sheet's text in this form, so it stays the sheet's own wording.
#[must_use]
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfc() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The words of `toks` as folded, one space apart ("statens vegvesen").
#[must_use]
pub fn spoken(toks: &[Token]) -> String {
    toks.iter()
        .map(|t| t.surface.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Analyses `text` into tokens: see the module documentation. Spans are
/// byte ranges of `text` itself. At most [`MAX_TOKENS`] tokens.
#[must_use]
pub fn tokens(text: &str) -> Vec<Token> {
    analyse(text, MAX_TOKENS)
}

/// [`tokens`] without the limit on their number, for the sheet's own
/// paragraphs.
#[must_use]
pub fn tokens_all(text: &str) -> Vec<Token> {
    analyse(text, usize::MAX)
}

fn analyse(text: &str, max_tokens: usize) -> Vec<Token> {
    let text = cap(text);
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some(&(start, c)) = iter.peek() {
        if !c.is_alphanumeric() {
            iter.next();
            continue;
        }
        let mut end = start;
        let mut letters = 0usize;
        let mut uppers = 0usize;
        while let Some(&(i, c)) = iter.peek() {
            if !is_word_char(c) {
                break;
            }
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    uppers += 1;
                }
            }
            end = i + c.len_utf8();
            iter.next();
        }
        if out.len() >= max_tokens {
            break;
        }
        let full = &text[start..end];
        let word = match full.char_indices().nth(MAX_WORD) {
            Some((i, _)) => &full[..i],
            None => full,
        };
        let mut after = text[end..].chars();
        let hyphen_joined =
            after.next().is_some_and(is_dash) && after.next().is_some_and(char::is_alphanumeric);
        // "AIDs", "KDDs": an abbreviation with the genitive s still counts
        // as written in capitals.
        let genitive = letters >= 3 && uppers + 1 == letters && word.ends_with('s');
        let upper = letters >= 2 && (uppers == letters || genitive);
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let folded = fold(word);
        if folded.is_empty() {
            continue;
        }
        let span = (start, end);
        match split_compound(&folded) {
            Some((prefix, head)) => {
                out.push(Token {
                    word: word.to_owned(),
                    surface: prefix.to_owned(),
                    stem: stem(prefix),
                    upper,
                    capital,
                    hyphen_joined: false,
                    span,
                });
                out.push(Token {
                    word: word.to_owned(),
                    surface: head.to_owned(),
                    stem: stem(head),
                    upper,
                    capital: false,
                    hyphen_joined,
                    span,
                });
            }
            None => out.push(Token {
                word: word.to_owned(),
                stem: stem(&folded),
                surface: folded,
                upper,
                capital,
                hyphen_joined,
                span,
            }),
        }
    }
    out
}

/// Edit distance allowed between a typed word and a known word of the
/// given length: none for short words (abbreviations), one from five
/// letters, two from nine.
#[must_use]
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// `text` after `prefix`, compared without case, character by character:
/// never cuts a character in two, also where lower-casing changes a
/// character's length in bytes (the Kelvin sign "K" lower-cases to "k").
#[must_use]
pub fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let pre = prefix.to_lowercase();
    let mut seen = String::new();
    for (i, c) in text.char_indices() {
        if seen.len() >= pre.len() {
            return (seen == pre).then(|| &text[i..]);
        }
        seen.extend(c.to_lowercase());
        if !pre.starts_with(&seen) {
            return None;
        }
    }
    (seen == pre).then_some("")
}

/// The first place `needle` occurs in `text`, compared without case as
/// [`strip_prefix_ci`] does: a byte range of `text` itself (lower-casing
/// may change a text's length, "K" KELVIN SIGN being 3 bytes and "k" 1).
#[must_use]
pub fn find_ci(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    text.char_indices().find_map(|(i, _)| {
        strip_prefix_ci(&text[i..], needle).map(|rest| i..text.len() - rest.len())
    })
}

/// The words of word lists (one per line, `#` starts a comment), folded
/// as questions are, sorted and without repeats: what `build.rs` writes
/// for the bundled lists and the binary looks words up in.
#[must_use]
pub fn vocabulary_words<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut words: Vec<String> = texts
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .filter(|w| !w.is_empty() && !w.contains(' '))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Runs taken as slices collapse as runs copied out did.
        #[test]
        fn collapse_digraphs_is_the_reference(s in "([a-zæø ,.-]|aa|oe|aaa|ooe){0,30}") {
            proptest::prop_assert_eq!(collapse_digraphs(&s).into_owned(), collapse_digraphs_reference(&s));
        }

        /// Skipping NFC for text the quick check calls NFC cleans as
        /// recomposing every text did (letters, combining marks, Hangul,
        /// invisible characters, dashes).
        #[test]
        fn clean_is_clean_after_nfc(s in "([a-zåøæ A-Z.,-]|\u{0301}|\u{030A}|\u{0308}|\u{00AD}|\u{2013}|\u{1100}|\u{1161}|\u{AC00}|\u{212B}|\u{00C5}){0,30}") {
            proptest::prop_assert_eq!(clean(&s), clean_chars(s.len(), cap(&s).nfc()));
        }

        /// The ASCII shortcut of `fold_letters` folds as the general way.
        #[test]
        fn ascii_fold_letters_is_the_general_fold(s in "([ -~]|aa|oe|AA|Oe){0,30}") {
            proptest::prop_assert_eq!(fold_letters(&s), fold_letters_unicode(&s));
        }

        /// Folding without recomposing text the quick check calls NFC (and
        /// ASCII without lower-casing tables) folds as recomposing all did.
        #[test]
        fn fold_letters_is_the_fold_after_nfc(s in "([a-zåøæ A-ZÅØÆÉ.,()|]|aa|oe|\u{0301}|\u{030A}|\u{0308}|\u{212B}|\u{0130}|\u{1E9E}){0,30}") {
            let mut reference = String::new();
            for c in s.nfc().flat_map(char::to_lowercase) {
                push_folded(c, &mut reference);
            }
            proptest::prop_assert_eq!(fold_letters_unicode(&s), collapse_digraphs(&reference).into_owned());
        }
    }

    #[test]
    fn find_ci_gives_ranges_of_the_text_itself() {
        let t = "Hei \u{212A}ATT, @FaktaBot: hvem eier NVE?";
        let r = find_ci(t, "@faktabot").unwrap();
        assert_eq!(&t[r], "@FaktaBot");
        assert_eq!(find_ci("abc", "x"), None);
        assert_eq!(find_ci("abc", ""), None);
    }

    fn stems(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.stem).collect()
    }

    #[test]
    fn ascii_spellings_meet_norwegian_letters() {
        assert_eq!(fold("Lånekassen"), fold("Laanekassen"));
        assert_eq!(fold("Lånekassen"), fold("lanekassen"));
        assert_eq!(fold("Miljødirektoratet"), fold("Miljoedirektoratet"));
        assert_eq!(fold("Miljødirektoratet"), fold("MILJODIREKTORATET"));
        assert_eq!(fold("Veterinærinstituttet"), "veterinaerinstituttet");
    }

    #[test]
    fn invisible_characters_and_dashes_are_cleaned() {
        assert_eq!(clean("Låne\u{00AD}kassen\u{200B}"), "Lånekassen");
        assert_eq!(clean("Sikt – tjenester"), "Sikt - tjenester");
        assert_eq!(clean("  a \t\n b  "), "a b");
        assert_eq!(fold("Hvem eier «NVE»?!"), "hvem eier nve");
        // NFD input meets NFC input.
        assert_eq!(fold("La\u{030A}nekassen"), fold("Lånekassen"));
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        assert_eq!(stems("departementet"), stems("departementets"));
        assert_eq!(stems("strategier"), stems("strategiar"));
        assert_eq!(stems("etater"), stems("etatar"));
        assert_eq!(stems("Lånekassens"), stems("Lånekassen"));
    }

    #[test]
    fn compounds_split_before_their_head() {
        assert_eq!(stems("helsesektoren"), stems("helse sektor"));
        // Mistyped at the end of the head: a letter missing.
        assert_eq!(stems("helsedepartemente"), stems("helse departementet"));
        assert_eq!(stems("justisdepartementet"), stems("justis departement"));
        assert_eq!(stems("finanssektoren"), stems("finans sektor"));
        // A head alone is not split.
        assert_eq!(stems("sektoren").len(), 1);
    }

    #[test]
    fn flags_abbreviations_and_hyphen_compounds() {
        let t = tokens("KS-ordningen og NVE");
        assert!(t[0].upper && t[0].hyphen_joined);
        assert!(!t[1].hyphen_joined);
        assert!(t[3].upper && !t[3].hyphen_joined);
    }

    #[test]
    fn huge_input_is_capped() {
        let s = "ø".repeat(1_000_000);
        assert!(fold(&s).len() <= MAX_CHARS);
        assert!(tokens(&s).len() <= 2);
        assert!(tokens(&s)[0].surface.len() <= MAX_WORD);
        assert!(tokens(&"ord ".repeat(10_000)).len() <= MAX_TOKENS);
    }

    #[test]
    fn tidy_keeps_the_sheets_characters() {
        assert_eq!(
            tidy("Sikt – tjenester\u{00AD}  (2024–2030)"),
            "Sikt – tjenester (2024–2030)"
        );
    }

    #[test]
    fn token_spans_point_into_the_text() {
        let text = "Sikt – Kunn\u{00AD}skap «Låne\u{AD}kassen»";
        for t in tokens(text) {
            assert!(text.get(t.span.0..t.span.1).is_some());
        }
        assert_eq!(tokens(text)[1].surface, "kunnskap");
        assert!(tokens("NAV–kontor")[0].hyphen_joined);
    }

    #[test]
    fn strips_a_prefix_without_case_and_never_inside_a_character() {
        assert_eq!(strip_prefix_ci("!FaktaBot hei", "!faktabot"), Some(" hei"));
        assert_eq!(strip_prefix_ci("!fakta", "!faktabot"), None);
        assert_eq!(strip_prefix_ci("!faktabot", "!faktabot"), Some(""));
        // U+212A KELVIN SIGN lower-cases to an ASCII k: 3 bytes become 1.
        assert_eq!(
            strip_prefix_ci("!fa\u{212A}tabot: hei", "!faktabot"),
            Some(": hei")
        );
        assert_eq!(
            strip_prefix_ci("\u{212A}\u{212A}\u{212A}", "kk"),
            Some("\u{212A}")
        );
        assert_eq!(strip_prefix_ci("hei", ""), Some("hei"));
    }
}
