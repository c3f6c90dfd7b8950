//! Property tests: whatever comes in, exactly one reply comes out, within
//! limits, and nothing panics.

use std::sync::OnceLock;

use faktabot::Engine;
use faktabot::reply::MAX_ANSWER_CHARS;
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::bundled().expect("engine"))
}

fn check(text: &str) {
    let reply = engine().ask("prop", text);
    let answer = reply.render_plain();
    assert!(!answer.trim().is_empty(), "empty answer for {text:?}");
    assert!(answer.chars().count() <= MAX_ANSWER_CHARS);
    assert!((0.0..=1.0).contains(&reply.confidence));
    let json = reply.to_json();
    assert!(json["intent"].is_string());
    assert!(serde_json::to_string(&json).is_ok());
}

/// Words the bot knows, to build questions that reach deep paths.
const WORDS: &[&str] = &[
    "hvem",
    "eier",
    "NVE",
    "hvilke",
    "strategier",
    "har",
    "KD",
    "finansieres",
    "i",
    "helsesektoren",
    "og",
    "hva",
    "med",
    "der",
    "Mattilsynet",
    "sektorer",
    "mangler",
    "portefølje",
    "kva",
    "etatar",
    "How",
    "is",
    "funded",
    "the",
    "ministry",
    "of",
    "Finance",
    "/etat",
    "/sok",
    "«",
    "»",
    "(",
    ")",
    "*",
    ":",
    "\"",
    "KS-ordningen",
    "Lånekasen",
    "øæå",
    "tiltak",
    "hvor",
    "mange",
    "?",
    "Statens",
    "Forbruker",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_gets_one_reply_within_limits(text in ".{0,300}") {
        check(&text);
    }

    #[test]
    fn any_mix_of_known_words_gets_one_reply(words in prop::collection::vec(prop::sample::select(WORDS), 0..25)) {
        check(&words.join(" "));
    }

    #[test]
    fn any_bytes_decoded_lossily_get_a_reply(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn normalising_never_panics_and_stays_bounded(text in "\\PC{0,500}") {
        let folded = faktabot::text::fold(&text);
        prop_assert!(folded.chars().count() <= faktabot::text::MAX_CHARS * 2);
        let toks = faktabot::text::tokens(&text);
        prop_assert!(toks.len() <= faktabot::text::MAX_TOKENS);
        for t in &toks {
            prop_assert!(text.get(t.span.0..t.span.1).is_some());
        }
    }
}

#[test]
fn pathological_inputs_get_a_reply() {
    for text in [
        String::new(),
        " ".repeat(10_000),
        format!("{}hvem eier NVE{}", "(".repeat(5_000), ")".repeat(5_000)),
        "[".repeat(100_000),
        "a".repeat(1 << 20),
        "\u{0}\u{1}\u{7f}".repeat(1000),
        "😀".repeat(10_000),
        "<b>".repeat(3000),
        format!("{}~*?:^", "\"".repeat(3000)),
        "e\u{301}".repeat(5000),
    ] {
        check(&text);
    }
}

/// Pieces of text around the prefilters' edges: short ministry forms,
/// Norwegian letters, letters whose case folding is not their lower case,
/// marks, digits and a topic word of each language.
const EDGE: &[&str] = &[
    "dep",
    "DEPT",
    "dept",
    "dir",
    "DIR.",
    "sokkel",
    "Dig",
    "kunnskaps",
    "nærings-",
    "departementet",
    "dep.",
    "depot",
    "ø",
    "Æ",
    "å",
    "ſ",
    "ı",
    "İ",
    "µ",
    "²",
    "\u{301}",
    "_",
    "-",
    " ",
    "?",
    "skyteneste",
    "Tryggleik",
    "cloud",
    "services",
    "SKYTENESTER",
    "digital",
    "tryggleik",
    "٣",
    "ß",
    "K",
    "felles",
    "løysingar",
    "Løysing",
    "informasjons",
    "Digital Tryggleik",
    "høgare utdanning",
    "e-",
    "cloud service",
    "Information Security",
    // Neither letters nor word characters, without case (emoji, quotes,
    // dashes) beside those that are word characters or have case.
    "👋",
    "’",
    "–",
    "\u{200d}",
    "‿",
    "Ⓐ",
    "\u{2126}",
    "\u{212a}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The short-form prefilter skips only texts the pattern leaves as
    /// they are.
    #[test]
    fn short_ministry_prefilter_is_exact(parts in proptest::collection::vec(proptest::sample::select(EDGE), 0..8)) {
        let text: String = parts.concat();
        let pattern = regex::Regex::new(r"(?i)\b(\p{L}{3,})-?(dept?|dir)\b\.?").unwrap();
        let by_pattern = pattern.replace_all(&text, faktabot::engine::analyze::short_form_written_out);
        prop_assert_eq!(
            faktabot::engine::analyze::expand_short_ministries(&text).into_owned(),
            by_pattern.into_owned()
        );
    }

    /// Skipping the topic words' pattern on a text without a topic word's
    /// first word changes nothing.
    #[test]
    fn topic_word_prefilter_is_exact(parts in proptest::collection::vec(proptest::sample::select(EDGE), 0..8)) {
        let text: String = parts.concat();
        let rules = engine().rules();
        let pattern = rules.terms_pattern().expect("the bundled rules have topic words");
        let by_pattern = pattern.replace_all(&text, |c: &regex::Captures<'_>| {
            rules.terms.get(&c[0].to_lowercase()).cloned().unwrap_or_else(|| c[0].to_owned())
        });
        prop_assert_eq!(rules.translate_terms(&text), by_pattern.into_owned());
    }
}
