//! Full-text answers: the paragraphs that cover the question's words.

use crate::intents::Intent;
use crate::knowledge::SectionKind;
use crate::lang::Lang;
use crate::reply::Reply;
use crate::search::{Hit, content_tokens};
use crate::text::Token;

use super::super::Engine;

/// Most list items a paragraph ending in a colon brings with it.
const MAX_LEAD_IN_ITEMS: usize = 12;

impl Engine {
    pub(in crate::engine) fn search_answer(
        &self,
        words: &[Token],
        sectors: Option<&[String]>,
        lang: Lang,
    ) -> Option<Reply> {
        self.search_answer_also(words, &[], sectors, lang)
    }

    /// [`Engine::search_answer`], where the items of a paragraph's list
    /// with one of `also` (the word that named the part: "jernbane" of
    /// "hva sier NTP om jernbane?") are shown with it.
    pub(in crate::engine) fn search_answer_also(
        &self,
        words: &[Token],
        also: &[Token],
        sectors: Option<&[String]>,
        lang: Lang,
    ) -> Option<Reply> {
        if words.is_empty() {
            return None;
        }
        let hits: Vec<Hit> = self.search.search(words, sectors, 10).ok()?;
        self.answer_from_hits(&hits, words, also, lang)
    }

    /// A search answer from `hits` (best first) for `words`, or `None`
    /// when the best covers too little of them; with the items of a shown
    /// paragraph's list that have a word of `words` or `also` it lacks.
    fn answer_from_hits(
        &self,
        hits: &[Hit],
        words: &[Token],
        also: &[Token],
        lang: Lang,
    ) -> Option<Reply> {
        let best = hits.first()?.coverage;
        if best < self.settings.min_coverage {
            return None;
        }
        let mut reply = Reply::new(Intent::Search, lang);
        #[allow(clippy::cast_precision_loss)]
        let conf = 0.5 + 0.5 * best * (1.0 - 1.0 / (words.len() as f32 + 1.0));
        reply.confidence = conf;
        reply.para(self.say(lang, "search-intro"));
        // The question's content words, in their order, one after the other
        // in some paragraphs ("Norge digitalt"): those paragraphs are about
        // it. (The words need not be next to each other in the question,
        // only in the paragraph.)
        let phrase: Vec<String> = words.iter().map(|t| t.stem.to_lowercase()).collect();
        let in_phrase = |h: &Hit| phrase.len() >= 2 && self.search.has_phrase(h.doc, &phrase);
        let phrased = hits.iter().any(in_phrase);
        let near: Vec<&Hit> = hits
            .iter()
            .filter(|h| h.coverage >= best - 0.2 && (!phrased || in_phrase(h)))
            .collect();
        // Paragraphs with the question's own words, when there are any,
        // instead of those with only a shorter form ("Viderebruksutvalget"
        // is in one part; another has only "viderebruk").
        let exact = |h: &&Hit| {
            let stems = &self.search.docs[h.doc].stems;
            words.iter().all(|w| stems.contains(&w.stem))
        };
        let any_exact = near.iter().any(exact);
        let shown: Vec<&Hit> = near
            .into_iter()
            .filter(|h| !any_exact || exact(h))
            .take(3)
            .collect();
        // Every paragraph shown comes from one section of one part: the
        // question asked about that section ("hva er rådsmodellen for
        // e-helse?" is about how health coordinates), so say so.
        let place = |h: &&Hit| {
            let d = &self.search.docs[h.doc];
            (d.sector, d.kind)
        };
        if let Some(first) = shown.first().map(place)
            && shown.iter().all(|h| place(h) == first)
            && first.1 != SectionKind::Agencies
            && let Some(intent) = Intent::for_section(first.1)
        {
            reply.intent = intent;
        }
        // Blocks already in the reply (a list brought by its lead-in).
        let mut given: Vec<(usize, usize, usize)> = Vec::new();
        for h in shown {
            let doc = &self.search.docs[h.doc];
            if given.contains(&(doc.sector, doc.section, doc.block)) {
                continue;
            }
            let s = &self.knowledge.sectors[doc.sector];
            let section = &s.sections[doc.section];
            let text = &section.blocks[doc.block].text;
            let src = self.show_paragraph(&mut reply, h.doc, words, lang);
            // "UD arbeider med fire prioriterte satsningsområder:": the
            // paragraph leads into the list after it, which is the answer.
            if text.trim_end().ends_with(':') {
                let items = self.led_in_items(h.doc);
                given.extend((1..=items.len()).map(|i| (doc.sector, doc.section, doc.block + i)));
                reply.list(items);
            } else {
                // The items of its list that have a word the question asks
                // and the paragraph lacks: the word that named the part, or
                // one few paragraphs have.
                let asked: Vec<&Token> = words
                    .iter()
                    .filter(|t| self.search.is_informative(&t.stem))
                    .chain(also)
                    .filter(|t| !self.search.has_word(h.doc, t))
                    .collect();
                let mut items = Vec::new();
                for (i, b) in section.blocks[doc.block + 1..]
                    .iter()
                    .enumerate()
                    .take_while(|(_, b)| b.item)
                {
                    let at = (doc.sector, doc.section, doc.block + 1 + i);
                    let has = self
                        .search
                        .docs
                        .iter()
                        .position(|d| (d.sector, d.section, d.block) == at)
                        .is_some_and(|d| asked.iter().any(|t| self.search.has_word(d, t)));
                    if has && !given.contains(&at) {
                        given.push(at);
                        items.push(b.text.clone());
                    }
                }
                if !items.is_empty() {
                    reply.list(items);
                }
            }
            reply.sector(&s.id);
            reply.source(src);
        }
        Some(reply)
    }

    /// The items of the list that paragraph `doc` of the search index
    /// leads into ("… fire prioriterte satsningsområder:"); none for a
    /// paragraph that does not end with a colon.
    pub(in crate::engine) fn led_in_items(&self, doc: usize) -> Vec<String> {
        let d = &self.search.docs[doc];
        let blocks = &self.knowledge.sectors[d.sector].sections[d.section].blocks;
        if !blocks[d.block].text.trim_end().ends_with(':') {
            return Vec::new();
        }
        blocks[d.block + 1..]
            .iter()
            .take_while(|b| b.item)
            .take(MAX_LEAD_IN_ITEMS)
            .map(|b| b.text.clone())
            .collect()
    }

    /// Shows paragraph `doc` of the search index (a snippet around
    /// `words` when it is long) with where it stands; returns its source.
    pub(in crate::engine) fn show_paragraph(
        &self,
        reply: &mut Reply,
        doc: usize,
        words: &[Token],
        lang: Lang,
    ) -> crate::reply::Source {
        let d = &self.search.docs[doc];
        let s = &self.knowledge.sectors[d.sector];
        let section = &s.sections[d.section];
        let text = &section.blocks[d.block].text;
        let src = self.source(s, section, d.kind, lang);
        let shown = if text.chars().count() > 900 {
            format!("… {} …", self.search.snippet(doc, words, 600))
        } else {
            text.clone()
        };
        reply.para(format!("{shown} ({})", src.label));
        src
    }

    /// The question's topic words and the sheet's best paragraphs for
    /// them; `None` when it has none or search fails.
    fn topic_hits(
        &self,
        toks: &[Token],
        res: &crate::resolve::Resolution,
    ) -> Option<(Vec<Token>, Vec<Hit>)> {
        let words = self.topic_words(toks, res);
        if words.is_empty() {
            return None;
        }
        let hits = self.search.search(&words, None, 50).ok()?;
        Some((words, hits))
    }

    /// The one part whose section of `kind` covers the question's topic
    /// words ("hvilket departement har ansvar for pengespill?" → KUD's
    /// responsibilities), for a section question that names no sector.
    /// None when no part does, or two cover them equally well.
    pub(in crate::engine) fn sector_by_topic(
        &self,
        kind: SectionKind,
        toks: &[Token],
        res: &crate::resolve::Resolution,
    ) -> Option<usize> {
        let (_, hits) = self.topic_hits(toks, res)?;
        let mut in_kind = hits.iter().filter(|h| self.search.docs[h.doc].kind == kind);
        let top = in_kind.next()?;
        let sector = self.search.docs[top.doc].sector;
        // Covered well, or as well as anything in the sheet covers it and
        // only in this part ("hvem betaler for kjernejournal og e-resept?":
        // each paragraph has one of the two, all in the health part).
        let only_here = || {
            top.coverage >= self.settings.min_coverage
                && hits
                    .iter()
                    .filter(|h| h.coverage >= top.coverage - 1e-3)
                    .all(|h| self.search.docs[h.doc].sector == sector)
        };
        if top.coverage < self.settings.min_coverage.max(0.75) && !only_here() {
            return None;
        }
        let tie = in_kind
            .any(|h| h.coverage >= top.coverage - 1e-3 && self.search.docs[h.doc].sector != sector);
        (!tie).then_some(sector)
    }

    /// The parts (two or more) whose sections of `kind` have every one of
    /// the question's topic words in a paragraph ("which agencies got money
    /// from the co-financing scheme?": the funding of ED, SD, LMD, …);
    /// empty when fewer do.
    pub(in crate::engine) fn sectors_with_topic(
        &self,
        intent: Intent,
        toks: &[Token],
        res: &crate::resolve::Resolution,
    ) -> Vec<usize> {
        let Some(kind) = intent.section().filter(|k| *k != SectionKind::Agencies) else {
            return Vec::new();
        };
        // Words few paragraphs have ("Hvordan finansieres digitalisering
        // der?" has none).
        let words: Vec<Token> = self
            .topic_words(toks, res)
            .into_iter()
            .filter(|t| self.search.is_informative(&t.stem))
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let Ok(hits) = self.search.search(&words, None, 50) else {
            return Vec::new();
        };
        let mut sectors: Vec<usize> = Vec::new();
        for h in &hits {
            let d = &self.search.docs[h.doc];
            if d.kind == kind
                && !sectors.contains(&d.sector)
                && words.iter().all(|t| self.search.has_word(h.doc, t))
            {
                sectors.push(d.sector);
            }
        }
        if sectors.len() < 2 {
            sectors.clear();
        }
        sectors
    }

    /// The one part whose best paragraph for the question's topic words
    /// has each of them itself, when that paragraph is outside the
    /// sections of `kind` and none of those has them all ("hva er
    /// tilskuddsportalen?": KDD's measures have the word; DFD's funding
    /// has only "tilskudd", its first part). None otherwise.
    pub(in crate::engine) fn sector_with_topic_elsewhere(
        &self,
        kind: SectionKind,
        toks: &[Token],
        res: &crate::resolve::Resolution,
    ) -> Option<usize> {
        let (words, hits) = self.topic_hits(toks, res)?;
        let has_all = |doc: usize| words.iter().all(|t| self.search.has_word(doc, t));
        let top = hits.first()?;
        let sector = self.search.docs[top.doc].sector;
        let elsewhere = self.search.docs[top.doc].kind != kind
            && has_all(top.doc)
            && !hits
                .iter()
                .any(|h| self.search.docs[h.doc].kind == kind && has_all(h.doc))
            && hits
                .iter()
                .filter(|h| has_all(h.doc))
                .all(|h| self.search.docs[h.doc].sector == sector);
        elsewhere.then_some(sector)
    }

    /// A part named after a question across the parts, whose paragraphs
    /// lack the chat's topic: says so, part by part.
    pub(in crate::engine) fn topic_missing(
        &self,
        ctx: &super::super::Context,
        a: &super::super::analyze::Analysis,
        lang: Lang,
    ) -> Reply {
        let mut reply = Reply::new(Intent::Search, lang);
        reply.confidence = 0.7;
        let mut sectors = a.sectors();
        for s in self.owner_sectors(&a.agencies()) {
            if !sectors.contains(&s) {
                sectors.push(s);
            }
        }
        let topic = ctx.topic.join(" ");
        for &si in &sectors {
            let s = &self.knowledge.sectors[si];
            reply.para(self.say_with(
                lang,
                "topic-missing",
                &[
                    ("topic", topic.as_str().into()),
                    ("part", s.title.as_str().into()),
                    ("abbr", s.ministry.abbr.as_str().into()),
                ],
            ));
            reply.sector(&s.id);
        }
        reply
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
        let ids = self.sector_ids(scope);
        (!ids.is_empty())
            .then(|| self.search_answer(&words, Some(&ids), lang))
            .flatten()
            .or_else(|| self.search_answer(&words, None, lang))
            .map(|mut reply| {
                if self.rules.asks_how_many(toks) {
                    self.count_the_list(&mut reply, lang);
                }
                reply
            })
            .or_else(|| {
                let rest = self.without_who_relation(toks)?;
                let reply = self.search_or_unknown(&rest, scope, lang);
                (reply.intent != Intent::Unknown).then_some(reply)
            })
            .unwrap_or_else(|| self.unknown(lang))
    }

    /// "hvem forvalter medfinansieringsordningen?": the question without
    /// the relation it asks ("forvalter"), which the sheet often states
    /// another way ("… (Digdir)"), so that the paragraphs about what it is
    /// asked of answer; `None` when the question does not ask who, or
    /// nothing informative is left. Without a "who" word left either, so
    /// it applies once.
    pub(in crate::engine) fn without_who_relation(&self, toks: &[Token]) -> Option<Vec<Token>> {
        let verb = self.rules.who_relation(toks)?;
        if self.rules.stopwords.contains(&toks[verb].surface) {
            return None;
        }
        let rest: Vec<Token> = toks[verb + 1..].to_vec();
        content_tokens(&rest, &self.rules.stopwords)
            .iter()
            .any(|t| self.search.is_informative(&t.stem))
            .then_some(rest)
    }

    /// [`Engine::search_or_unknown`] for a question in a conversation that
    /// does not read as a follow-up: the conversation's sectors answer when
    /// their paragraphs cover the question as well as the best anywhere
    /// ("hvilke utvalg finnes?" while talking about KS), else the whole
    /// sheet does.
    pub(in crate::engine) fn search_preferring(
        &self,
        toks: &[Token],
        context: &[usize],
        lang: Lang,
    ) -> Reply {
        if context.is_empty() {
            return self.search_or_unknown(toks, &[], lang);
        }
        let words = content_tokens(toks, &self.rules.stopwords);
        let ids = self.sector_ids(context);
        let hits = |scope: Option<&[String]>| {
            if words.is_empty() {
                return Vec::new();
            }
            self.search.search(&words, scope, 10).unwrap_or_default()
        };
        let cover = |h: &[Hit]| h.first().map_or(0.0, |h| h.coverage);
        let (here, all) = (hits(Some(&ids)), hits(None));
        let chosen = if cover(&here) >= self.settings.min_coverage && cover(&here) >= cover(&all) {
            &here
        } else {
            &all
        };
        self.answer_from_hits(chosen, &words, &[], lang)
            .or_else(|| {
                let rest = self.without_who_relation(toks)?;
                let reply = self.search_preferring(&rest, context, lang);
                (reply.intent != Intent::Unknown).then_some(reply)
            })
            .unwrap_or_else(|| self.unknown(lang))
    }
}
