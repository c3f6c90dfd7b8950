//! Reply languages and the bot's own sentences in each.
//!
//! The sheet's content is Norwegian and stays so; only the bot's framing
//! ("X står under Y", "X belongs to Y") follows the question's language.
//! Nynorsk questions get nynorsk framing.

use std::collections::HashMap;

use serde::Serialize;

use crate::text::Token;

/// A reply language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Norwegian bokmål.
    Nb,
    /// Norwegian nynorsk.
    Nn,
    /// English.
    En,
}

impl Lang {
    /// Short id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::En => "en",
        }
    }

    /// Picks the string for this language.
    #[must_use]
    pub fn pick<'a>(self, nb: &'a str, nn: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nb => nb,
            Lang::Nn => nn,
            Lang::En => en,
        }
    }

    /// Detects the language of a question from its marker words (from the
    /// intent files). Ties and unmarked text count as bokmål.
    #[must_use]
    pub fn detect(tokens: &[Token], markers: &HashMap<String, String>) -> Lang {
        let (mut nb, mut nn, mut en) = (0, 0, 0);
        for t in tokens {
            match markers.get(&t.surface).map(String::as_str) {
                Some("nb") => nb += 1,
                Some("nn") => nn += 1,
                Some("en") => en += 1,
                _ => {}
            }
        }
        if en > nb + nn {
            Lang::En
        } else if nn > nb {
            Lang::Nn
        } else {
            Lang::Nb
        }
    }

    /// "og" / "and".
    #[must_use]
    pub fn and(self) -> &'static str {
        self.pick("og", "og", "and")
    }

    /// Joins names as "a, b og c".
    #[must_use]
    pub fn join(self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {last}", init.join(", "), self.and()),
        }
    }
}

/// Norwegian name of a section kind, as a user would say it.
#[must_use]
pub fn section_name(kind: crate::knowledge::SectionKind, lang: Lang) -> &'static str {
    use crate::knowledge::SectionKind as K;
    match kind {
        K::Intro => lang.pick("Innledning", "Innleiing", "Introduction"),
        K::Coordination => lang.pick("Samordning", "Samordning", "Coordination"),
        K::Strategies => lang.pick("Strategier", "Strategiar", "Strategies"),
        K::Portfolio => lang.pick("Portefølje", "Portefølje", "Portfolio"),
        K::Funding => lang.pick("Finansiering", "Finansiering", "Funding"),
        K::Measures => lang.pick("Tiltak", "Tiltak", "Measures"),
        K::Responsibility => lang.pick("Ansvarsområde", "Ansvarsområde", "Responsibilities"),
        K::Agencies => lang.pick("Etater og virksomheter", "Etatar og verksemder", "Agencies"),
    }
}
