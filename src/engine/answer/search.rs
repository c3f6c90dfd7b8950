//! Full-text answers: the paragraphs that cover the question's words.

use crate::intents::Intent;
use crate::lang::Lang;
use crate::reply::Reply;
use crate::search::{Hit, content_tokens};
use crate::text::Token;

use super::super::Engine;

impl Engine {
    pub(in crate::engine) fn search_answer(
        &self,
        words: &[Token],
        sectors: Option<&[String]>,
        lang: Lang,
    ) -> Option<Reply> {
        if words.is_empty() {
            return None;
        }
        let hits: Vec<Hit> = self.search.search(words, sectors, 10).ok()?;
        let best = hits.first()?.coverage;
        if best < self.settings.min_coverage {
            return None;
        }
        let mut reply = Reply::new(Intent::Search, lang);
        #[allow(clippy::cast_precision_loss)]
        let conf = 0.5 + 0.5 * best * (1.0 - 1.0 / (words.len() as f32 + 1.0));
        reply.confidence = conf;
        reply.para(self.say(lang, "search-intro"));
        for h in hits.iter().filter(|h| h.coverage >= best - 0.2).take(3) {
            let doc = &self.search.docs[h.doc];
            let s = &self.knowledge.sectors[doc.sector];
            let section = &s.sections[doc.section];
            let text = &section.blocks[doc.block].text;
            let src = self.source(s, section, doc.kind, lang);
            let shown = if text.chars().count() > 900 {
                format!("… {} …", self.search.snippet(text, words, 600))
            } else {
                text.clone()
            };
            reply.para(format!("{shown} ({})", src.label));
            reply.sector(&s.id);
            reply.source(src);
        }
        Some(reply)
    }

    /// Search answers, within `scope` first when it is given (a follow-up
    /// searches the sectors the chat was about: "og hvem leder det?"),
    /// else "unknown".
    pub(in crate::engine) fn search_or_unknown(
        &self,
        toks: &[Token],
        scope: &[usize],
        lang: Lang,
    ) -> Reply {
        let words = content_tokens(toks, &self.rules.stopwords);
        let ids: Vec<String> = scope
            .iter()
            .map(|&s| self.knowledge.sectors[s].id.clone())
            .collect();
        (!ids.is_empty())
            .then(|| self.search_answer(&words, Some(&ids), lang))
            .flatten()
            .or_else(|| self.search_answer(&words, None, lang))
            .unwrap_or_else(|| self.unknown(lang))
    }
}
