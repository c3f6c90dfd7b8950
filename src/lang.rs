//! Reply languages. The bot's sentences in each are in
//! `intents/messages/` (see [`crate::messages`]).
//!
//! The sheet's content is Norwegian and stays so; only the bot's framing
//! ("X står under Y", "X belongs to Y") follows the question's language.
//! Nynorsk questions get nynorsk framing.

use serde::{Deserialize, Serialize};

use crate::text::Token;

/// A reply language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// Detects the language of a question from its marker words (from the
    /// intent files). Ties and unmarked text count as bokmål.
    #[must_use]
    pub fn detect(tokens: &[Token], markers: &crate::FastMap<String, String>) -> Lang {
        Lang::detect_marked(tokens, markers).unwrap_or(Lang::Nb)
    }

    /// [`Lang::detect`], or `None` when the text has no marker word at all
    /// ("takk", "NVE?"): then a chat's language stands.
    #[must_use]
    pub fn detect_marked(
        tokens: &[Token],
        markers: &crate::FastMap<String, String>,
    ) -> Option<Lang> {
        let (mut nb, mut nn, mut en) = (0, 0, 0);
        for t in tokens {
            match markers.get(&t.surface).map(String::as_str) {
                Some("nb") => nb += 1,
                Some("nn") => nn += 1,
                Some("en") => en += 1,
                _ => {}
            }
        }
        if nb + nn + en == 0 {
            return None;
        }
        Some(if en > nb + nn {
            Lang::En
        } else if nn > nb {
            Lang::Nn
        } else {
            Lang::Nb
        })
    }
}
