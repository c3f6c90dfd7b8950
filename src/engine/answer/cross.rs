//! Answers across sectors: which parts mention a topic, and the facets
//! (a property each part has or lacks, with the sheet's sentence as
//! evidence).

use crate::intents::{Facet, FacetMode, Intent};
use crate::knowledge::{Section, SectionKind, Sector};
use crate::lang::Lang;
use crate::messages::num;
use crate::reply::Reply;
use crate::resolve::{Entity, Resolution};
use crate::text::{Token, fold};

use super::super::Engine;
use super::section::DESCRIBED;

impl Engine {
    /// The words a question is about: its loose words without keywords;
    /// of those the ones the sheet has, when it has some ("penger" in
    /// "fått penger fra medfinansieringsordningen" is not how the sheet
    /// says it); and of those the rare ones (inverse document frequency at
    /// least 70 % of the rarest's).
    pub(in crate::engine) fn topic_words(&self, toks: &[Token], res: &Resolution) -> Vec<Token> {
        // A word misspelt by one letter stands for the sheet's word
        // ("skytjenster", "inteligens").
        let all: Vec<Token> = self
            .loose_words(toks, res)
            .into_iter()
            .map(|t| {
                if self.search.has_stem(&t.stem) {
                    return t;
                }
                match self.search.sheet_spelling(&t.surface) {
                    Some((surface, stem)) => Token { surface, stem, ..t },
                    None => t,
                }
            })
            .collect();
        // The sheet's words: its paragraphs' and its agency lists', and the
        // heads of its compounds ("CERT" of "VegCERT", "ombud" of
        // "Barneombudet"). Worked out once per word (a scan of every
        // agency's words for one the sheet lacks).
        let in_sheet: Vec<bool> = all
            .iter()
            .map(|t| {
                self.search.has_stem(&t.stem)
                    || self.search.is_informative(&t.stem)
                    || !self.search.compounds_ending_in(t).is_empty()
                    || self
                        .entry_stems()
                        .iter()
                        .flatten()
                        .flatten()
                        .any(|s| *s == t.stem || heads(s, t))
            })
            .collect();
        let mut loose: Vec<usize> = (0..all.len())
            .filter(|&i| !self.rules.is_keyword(&all[i].stem))
            .collect();
        if loose.is_empty() || !loose.iter().any(|&i| in_sheet[i]) {
            // "Hvilke sektorer nevner medfinansiering?", "which sectors have
            // co-governance structures (samstyring)?": the keyword is the
            // topic.
            loose = (0..all.len()).collect();
        }
        if loose.iter().any(|&i| in_sheet[i]) {
            loose.retain(|&i| in_sheet[i]);
        } else if !res.mentions.is_empty() {
            // No word the sheet has, but a name: the name is the topic
            // ("which ministries work together with KS?").
            loose.clear();
        }
        let loose: Vec<Token> = loose.into_iter().map(|i| all[i].clone()).collect();
        let max = loose
            .iter()
            .map(|t| self.search.idf(&t.stem))
            .fold(0.0f32, f32::max);
        loose
            .into_iter()
            .filter(|t| self.search.idf(&t.stem) >= 0.7 * max)
            .collect()
    }

    pub(in crate::engine) fn cross_sector(
        &self,
        toks: &[Token],
        res: &Resolution,
        lang: Lang,
    ) -> Reply {
        let mut reply = Reply::new(Intent::CrossSector, lang);
        let folded = fold(&crate::text::spoken(toks));
        let mut loose = self.topic_words(toks, res);
        // "Hvilke sektorer har strategier for kunstig intelligens?": a
        // sector that has the facet answers only when its section has the
        // topic too, so a topic makes it a search of that section. A topic
        // here is a name: words of the sheet, none the facet's own ("offentlig
        // tilgjengelig" of a public portfolio, "strateg" of
        // "digitaliseringsstrategi"), one after the other in the question
        // ("kunstig intelligens"), or a word with other names ("KI"). One
        // plain word ("nasjonale strategier") leaves the facet to answer.
        let mut only = None;
        if let Some(facet) = self.rules.facet(&folded) {
            let own = |w: &str| {
                let def = &facet.def;
                def.pattern.contains(w)
                    || facet.needles.iter().any(|n| n.contains(w))
                    || def
                        .pattern
                        .split(|c: char| !c.is_alphabetic())
                        .any(|p| p.chars().count() >= 4 && w.contains(p))
            };
            let topic: Vec<Token> = loose
                .iter()
                .filter(|t| self.search.has_stem(&t.stem) && !own(&t.surface) && !own(&t.stem))
                .cloned()
                .collect();
            // "strategier for digital sikkerhet": one topic word and the
            // word beside it (a common one, so no topic word of its own)
            // that a section of the facet's kind has as a phrase.
            let beside = match topic.as_slice() {
                [one] if self.topic_phrase(toks, &topic).is_none() => {
                    self.beside_in_sections(toks, one, facet.def.section)
                }
                _ => None,
            };
            let named = self.topic_phrase(toks, &topic).is_some()
                || !self.rules.synonyms_of(&topic).is_empty()
                || beside.is_some();
            if let Some(phrase) = beside {
                loose = phrase;
            }
            if facet.def.mode == FacetMode::Has && named {
                only = Some(facet);
            } else {
                return self.facet_answer(facet, lang);
            }
        }
        // Otherwise: which sectors mention the question's topic: its
        // rarest words, without the words the rules look for; or, when
        // its only topic is an agency ("hvilke sektorer nevner
        // Kystverket?"), the parts that mention or list that agency.
        // A common word beside the agency is no topic of its own ("Hvilke
        // sektorer samarbeider med Statsforvalteren?").
        // "utenom DFD", "outside DFD": that part is left out.
        let left_out = self.left_out(toks, res);
        let agencies = res.agencies();
        if !agencies.is_empty() && !loose.iter().any(|t| self.search.is_informative(&t.stem)) {
            return self.agency_across(&agencies, toks, res, &left_out, lang);
        }
        // "utenom KS sin egen del, hvilke departementer nevner KS?": a part
        // named again, not after "utenom", is the topic, its own part left
        // out.
        let mut named: Vec<usize> = Vec::new();
        for m in &res.mentions {
            if let Entity::Sector(si) = m.entity
                && !self.rules.except_at(toks, m.tokens.0)
                && !named.contains(&si)
            {
                named.push(si);
            }
        }
        if !named.is_empty()
            && !loose.iter().any(|t| self.search.is_informative(&t.stem))
            && let Some(reply) = self.sector_across(&named, toks, res, &left_out, lang)
        {
            return reply;
        }
        // "How is digitalisation funded across the sectors?", "compare the
        // sectors' strategies": a section asked of every sector, when what
        // is left of the question beyond the section and "across" is
        // question language (no topic of its own, which the search below
        // looks for, and "not mentioned" answers when nothing has it).
        if named.is_empty()
            && agencies.is_empty()
            && let Some(kind) = self.section_asked(&folded)
            && self
                .loose_words(toks, res)
                .iter()
                .filter(|t| !self.rules.is_keyword(&t.stem))
                .all(|t| !self.search.has_stem(&t.stem) && self.is_word(&t.surface))
        {
            return self.section_across(kind, lang);
        }
        let all = self.search.docs.len();
        // One topic word is also the head of the sheet's compounds of it
        // ("CERT": "VegCERT", "MiljøCERT"): a part with either mentions it.
        let compounds = self.compounds_of(&loose);
        let either = !compounds.is_empty()
            || toks
                .iter()
                .any(|t| matches!(t.surface.as_str(), "eller" | "or"));
        // "kunstig intelligens" is also "KI" in the sheet.
        let others = self.rules.synonyms_of(&loose);
        let either = either || !others.is_empty();
        loose.extend(compounds);
        let groups: Vec<Vec<Token>> = if others.is_empty() {
            loose.iter().map(|w| vec![w.clone()]).collect()
        } else {
            std::iter::once(loose.clone())
                .chain(others.iter().cloned())
                .collect()
        };
        loose.extend(others.into_iter().flatten());
        let mut hits = if either && groups.len() > 1 {
            // "X eller Y": a part that mentions either answers.
            let mut merged: Vec<crate::search::Hit> = Vec::new();
            for g in &groups {
                for h in self.search.search(g, None, all).unwrap_or_default() {
                    match merged.iter_mut().find(|m| m.doc == h.doc) {
                        Some(m) => m.coverage = m.coverage.max(h.coverage),
                        None => merged.push(h),
                    }
                }
            }
            merged.sort_by(|a, b| {
                b.coverage
                    .total_cmp(&a.coverage)
                    .then(b.score.total_cmp(&a.score))
            });
            merged
        } else {
            self.search.search(&loose, None, all).unwrap_or_default()
        };
        if let Some(facet) = only {
            hits.retain(|h| self.search.docs[h.doc].kind == facet.def.section);
        }
        let best = hits.first().map_or(0.0, |h| h.coverage);
        // No section of the kind has the topic: the facet answers after all.
        if let Some(facet) = only
            && best < self.settings.min_cross_coverage
        {
            return self.facet_answer(facet, lang);
        }
        let listed = if only.is_some() {
            Vec::new()
        } else {
            self.listed_agencies(&loose)
        };
        if loose.is_empty() || (best < self.settings.min_cross_coverage && listed.is_empty()) {
            reply.para(self.say(lang, "cross-none"));
            return reply;
        }
        reply.title = Some(self.say(lang, "cross-title"));
        let mut seen: Vec<usize> = left_out.clone();
        let mut items = Vec::new();
        // "Fremtidens digitale Norge": topic words that follow each other
        // in the question and in some paragraphs name what those
        // paragraphs name; a paragraph with only some of them does not.
        let phrase = (!either)
            .then(|| self.topic_phrase(toks, &loose))
            .flatten()
            .filter(|p| hits.iter().any(|h| self.search.has_phrase(h.doc, p)))
            .or_else(|| {
                // Or the sheet's words around one rare topic word ("fremtid"
                // of "Fremtidens digitale Norge"), as some paragraph has them.
                (!either && loose.len() == 1)
                    .then(|| {
                        self.topic_runs(toks, &loose[0])
                            .into_iter()
                            .find(|p| hits.iter().any(|h| self.search.has_phrase(h.doc, p)))
                    })
                    .flatten()
            });
        for h in hits.iter().filter(|h| {
            h.coverage >= self.settings.min_cross_coverage
                && phrase
                    .as_ref()
                    .is_none_or(|p| self.search.has_phrase(h.doc, p))
        }) {
            if !seen.contains(&self.search.docs[h.doc].sector) {
                seen.push(self.search.docs[h.doc].sector);
                items.push(self.mention(&mut reply, h.doc, &loose, lang));
            }
        }
        // The agency lists are part of the sheet too: "hvilke sektorer har
        // virksomheter på Svalbard?" is answered by the agencies' names.
        for (si, names) in listed {
            if seen.contains(&si) {
                continue;
            }
            seen.push(si);
            let s = &self.knowledge.sectors[si];
            let shown: Vec<String> = names
                .iter()
                .map(|&ei| {
                    self.say_with(
                        lang,
                        "cross-listed-agency",
                        &[
                            ("agency", s.agencies[ei].name.as_str().into()),
                            ("group", s.agencies[ei].group.as_str().into()),
                        ],
                    )
                })
                .collect();
            items.push(format!(
                "{} – {}: {}",
                s.title,
                s.ministry.name,
                shown.join("; ")
            ));
            reply.sector(&s.id);
            reply.source(self.agencies_source(s, lang));
        }
        reply.list(items);
        reply
    }

    /// `topic` with the question's word right before or after it, in the
    /// question's order, when a section of kind `kind` has the two as a
    /// phrase and that word is a word of the sheet, long enough to be no
    /// function word, and no keyword of the rules ("strategier").
    fn beside_in_sections(
        &self,
        toks: &[Token],
        topic: &Token,
        kind: crate::knowledge::SectionKind,
    ) -> Option<Vec<Token>> {
        let at = toks
            .iter()
            .position(|t| t.span == topic.span || t.stem == topic.stem)?;
        let fits = |t: &Token| {
            t.stem.chars().count() >= 5
                && self.search.has_stem(&t.stem)
                && !self.rules.is_keyword(&t.stem)
        };
        let mut pairs = Vec::new();
        if at > 0 && fits(&toks[at - 1]) {
            pairs.push(vec![toks[at - 1].clone(), topic.clone()]);
        }
        if let Some(next) = toks.get(at + 1).filter(|t| fits(t)) {
            pairs.push(vec![topic.clone(), next.clone()]);
        }
        pairs.into_iter().find(|pair| {
            let phrase: Vec<String> = pair.iter().map(|t| t.stem.to_lowercase()).collect();
            self.search
                .docs
                .iter()
                .enumerate()
                .any(|(i, d)| d.kind == kind && self.search.has_phrase(i, &phrase))
        })
    }

    /// The topic words' stems when there are two or more and they follow
    /// each other in the question.
    fn topic_phrase(&self, toks: &[Token], topic: &[Token]) -> Option<Vec<String>> {
        if topic.len() < 2 {
            return None;
        }
        // A topic word may carry the sheet's spelling of a misspelt one:
        // the same word of the question (its place) is the same word.
        let same =
            |a: &Token, b: &Token| a.stem == b.stem || (a.span == b.span && a.word == b.word);
        toks.windows(topic.len())
            .any(|run| run.iter().zip(topic).all(|(a, b)| same(a, b)))
            .then(|| topic.iter().map(|t| t.stem.to_lowercase()).collect())
    }

    /// The runs of the question's words around `topic` that the sheet has
    /// (no stop words among them), two words or more, longest first, as
    /// lower-case stems.
    fn topic_runs(&self, toks: &[Token], topic: &Token) -> Vec<Vec<String>> {
        let Some(at) = toks
            .iter()
            .position(|t| t.span == topic.span || t.stem == topic.stem)
        else {
            return Vec::new();
        };
        let ok =
            |t: &Token| !self.rules.stopwords.contains(&t.surface) && self.search.has_stem(&t.stem);
        let mut start = at;
        while start > 0 && ok(&toks[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < toks.len() && ok(&toks[end]) {
            end += 1;
        }
        let mut runs: Vec<Vec<String>> = Vec::new();
        for len in (2..=end - start).rev() {
            for from in start..=end - len {
                if (from..from + len).contains(&at) {
                    runs.push(
                        toks[from..from + len]
                            .iter()
                            .map(|t| t.stem.to_lowercase())
                            .collect(),
                    );
                }
            }
        }
        runs
    }

    /// The parts a question leaves out: a sector named right after one of
    /// the rules' `except` words ("utenom DFD", "other than KS").
    fn left_out(&self, toks: &[Token], res: &Resolution) -> Vec<usize> {
        res.mentions
            .iter()
            .filter_map(|m| match m.entity {
                Entity::Sector(si) => Some((si, m.tokens.0)),
                _ => None,
            })
            .filter(|&(_, at)| self.rules.except_at(toks, at))
            .map(|(si, _)| si)
            .collect()
    }

    /// The section a strong rule asks for in `folded` (one the parts
    /// describe in text), if any.
    fn section_asked(&self, folded: &str) -> Option<SectionKind> {
        self.rules
            .score(folded)
            .iter()
            .filter(|s| s.weight >= self.settings.strong_rule)
            .find_map(|s| s.intent.section().filter(|k| DESCRIBED.contains(k)))
    }

    /// One section of every part: each part's first entry, then the parts
    /// that do not describe it.
    fn section_across(&self, kind: SectionKind, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::CrossSector, lang);
        let name = self.section_name(kind, lang);
        reply.title = Some(self.say_with(
            lang,
            "cross-section-title",
            &[
                ("name", name.as_str().into()),
                ("section", name.to_lowercase().into()),
            ],
        ));
        let mut items = Vec::new();
        let mut without = Vec::new();
        for s in &self.knowledge.sectors {
            match first_entry(s.sections_of(kind)) {
                Some((text, section)) if s.has(kind) => {
                    items.push(format!("{} ({}): «{text}»", s.title, s.ministry.abbr));
                    reply.sector(&s.id);
                    reply.source(self.source(s, section, kind, lang));
                }
                _ => without.push(format!("{} ({})", s.title, s.ministry.abbr)),
            }
        }
        reply.list(items);
        if !without.is_empty() {
            reply.para(self.say_with(
                lang,
                "cross-section-without",
                &[
                    ("section", name.to_lowercase().into()),
                    ("sectors", without.join(", ").into()),
                ],
            ));
        }
        reply
    }

    /// The sheet's compounds whose head is the one topic word (four
    /// letters or more; [`crate::search::SearchIndex::compounds_ending_in`]),
    /// as tokens with an empty `word` (they were not typed).
    fn compounds_of(&self, loose: &[Token]) -> Vec<Token> {
        let [t] = loose else {
            return Vec::new();
        };
        if t.stem.chars().count() < 4 {
            return Vec::new();
        }
        self.search
            .compounds_ending_in(t)
            .into_iter()
            .map(|v| Token {
                word: String::new(),
                surface: v.clone(),
                stem: v,
                ..t.clone()
            })
            .collect()
    }

    /// The agency entries, per part, whose names hold enough of the topic
    /// words (a word, or the head of a compound in the name).
    fn listed_agencies(&self, topic: &[Token]) -> Vec<(usize, Vec<usize>)> {
        // Only rare words: a common one ("digital") is in many names and
        // says nothing about them.
        // Each with whether it is long enough to be the start or the head
        // of a compound (counted once, not once per name).
        let topic: Vec<(&Token, bool)> = topic
            .iter()
            .filter(|t| !self.search.has_stem(&t.stem) || self.search.is_informative(&t.stem))
            .map(|t| (t, t.stem.chars().count() >= 4))
            .collect();
        if topic.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
        for (si, entries) in self.entry_stems().iter().enumerate() {
            let mut names = Vec::new();
            for (ei, stems) in entries.iter().enumerate() {
                let found = topic
                    .iter()
                    .filter(|(t, long)| {
                        let stem = t.stem.as_str();
                        stems.iter().any(|n| {
                            n == stem
                                || (*long
                                    && (n.starts_with(stem)
                                        || (n.len() > stem.len() && n.ends_with(stem))))
                        })
                    })
                    .count();
                #[allow(clippy::cast_precision_loss)]
                let share = found as f32 / topic.len() as f32;
                if found > 0 && share >= self.settings.min_cross_coverage {
                    names.push(ei);
                }
            }
            if !names.is_empty() {
                out.push((si, names));
            }
        }
        out
    }

    /// One part's line in a cross-sector answer: the part, its ministry and
    /// the paragraph's words around `words`; the part becomes a sector and
    /// a source of the reply.
    fn mention(&self, reply: &mut Reply, doc: usize, words: &[Token], lang: Lang) -> String {
        let snippet = self.search.snippet(doc, words, 220);
        let doc = &self.search.docs[doc];
        let s = &self.knowledge.sectors[doc.sector];
        let section = &s.sections[doc.section];
        reply.sector(&s.id);
        reply.source(self.source(s, section, doc.kind, lang));
        format!("{} – {}: «{}»", s.title, s.ministry.name, snippet)
    }

    /// Where the sheet names an agency: each part that mentions it (with
    /// the sentence), then the parts that list it among their agencies.
    fn agency_across(
        &self,
        agencies: &[usize],
        toks: &[Token],
        res: &Resolution,
        left_out: &[usize],
        lang: Lang,
    ) -> Reply {
        let mut reply = Reply::new(Intent::CrossSector, lang);
        reply.title = Some(self.say(lang, "cross-title"));
        let mut items = Vec::new();
        let mut seen: Vec<usize> = left_out.to_vec();
        for &a in agencies.iter().take(4) {
            let agency = &self.resolver.agencies[a];
            reply.agencies.push(agency.name.clone());
            let docs = &self.agency_docs()[a];
            self.mentions_of(
                Entity::Agency(a),
                docs,
                (toks, res),
                &mut reply,
                &mut items,
                &mut seen,
                lang,
            );
            for &(si, ei) in &agency.entries {
                if seen.contains(&si) {
                    continue;
                }
                seen.push(si);
                let s = &self.knowledge.sectors[si];
                let listed = self.say_with(
                    lang,
                    "cross-listed",
                    &[("group", s.agencies[ei].group.as_str().into())],
                );
                items.push(format!("{} – {}: {listed}", s.title, s.ministry.name));
                reply.sector(&s.id);
                reply.source(self.agencies_source(s, lang));
            }
        }
        if items.is_empty() {
            reply.title = None;
            reply.para(self.say(lang, "cross-none"));
        }
        reply.list(items);
        reply
    }

    /// One line per part among `docs` not yet `seen`, quoting the words
    /// around the question's name for `entity`.
    #[allow(clippy::too_many_arguments)]
    fn mentions_of(
        &self,
        entity: Entity,
        docs: &[usize],
        (toks, res): (&[Token], &Resolution),
        reply: &mut Reply,
        items: &mut Vec<String>,
        seen: &mut Vec<usize>,
        lang: Lang,
    ) {
        let name_words: Vec<Token> = res
            .mentions
            .iter()
            .filter(|m| m.entity == entity)
            .flat_map(|m| toks[m.tokens.0..m.tokens.1.min(toks.len())].iter().cloned())
            .collect();
        for &di in docs {
            if !seen.contains(&self.search.docs[di].sector) {
                seen.push(self.search.docs[di].sector);
                items.push(self.mention(reply, di, &name_words, lang));
            }
        }
    }

    /// Where other parts name a ministry (or KS): "which ministries work
    /// with KS?"; `None` when none does.
    fn sector_across(
        &self,
        named: &[usize],
        toks: &[Token],
        res: &Resolution,
        left_out: &[usize],
        lang: Lang,
    ) -> Option<Reply> {
        let mut reply = Reply::new(Intent::CrossSector, lang);
        reply.title = Some(self.say(lang, "cross-title"));
        let mut items = Vec::new();
        let mut seen: Vec<usize> = left_out.to_vec();
        for &si in named.iter().take(2) {
            let docs = &self.sector_docs()[si];
            self.mentions_of(
                Entity::Sector(si),
                docs,
                (toks, res),
                &mut reply,
                &mut items,
                &mut seen,
                lang,
            );
        }
        if items.is_empty() {
            return None;
        }
        reply.list(items);
        Some(reply)
    }

    /// The sectors that have (or lack) a facet, each with the sheet's own
    /// sentence as evidence.
    pub(in crate::engine) fn facet_answer(&self, facet: &Facet, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::CrossSector, lang);
        reply.title = Some(self.say(lang, &format!("facet-{}", facet.def.id)));
        let kind = facet.def.section;
        let mut items = Vec::new();
        if facet.def.mode == FacetMode::AgencyCount {
            let mut order: Vec<&Sector> = self.knowledge.sectors.iter().collect();
            order.sort_by_key(|s| std::cmp::Reverse(s.agencies.len()));
            for s in order {
                items.push(format!(
                    "{} ({}): {}",
                    s.title,
                    s.ministry.abbr,
                    s.agencies.len()
                ));
                reply.sector(&s.id);
                reply.source(self.agencies_source(s, lang));
            }
            reply.list(items);
            reply.para(self.say_with(
                lang,
                "facet-total",
                &[("count", num(self.knowledge.agency_entries()))],
            ));
            return reply;
        }
        if facet.def.mode == FacetMode::SharedAgencies {
            return self.shared_agencies(reply, lang);
        }
        for (s, folded) in self.knowledge.sectors.iter().zip(self.folded_blocks()) {
            let sections: Vec<&Section> = s.sections_of(kind).collect();
            let evidence = s
                .sections
                .iter()
                .zip(folded)
                .filter(|(section, _)| section.kinds.contains(&kind))
                .find_map(|(section, folded)| {
                    section
                        .blocks
                        .iter()
                        .zip(folded)
                        .find(|(_, fb)| facet.needles.iter().any(|n| fb.contains(n.as_str())))
                        .map(|(b, _)| (b.text.clone(), section))
                });
            let empty = !s.has(kind);
            let shown = match facet.def.mode {
                FacetMode::Matches => match evidence {
                    Some((text, section)) => Some((format!("«{text}»"), Some(section))),
                    None if empty && facet.def.empty_counts => Some((
                        self.say(lang, "facet-nothing-listed"),
                        sections.first().copied(),
                    )),
                    None => None,
                },
                FacetMode::Has if !empty && evidence.is_none() => {
                    let first = first_entry(sections.iter().copied()).map(|(t, _)| t);
                    Some((
                        format!("«{}»", first.unwrap_or_default()),
                        sections.first().copied(),
                    ))
                }
                FacetMode::Has | FacetMode::AgencyCount | FacetMode::SharedAgencies => None,
            };
            if let Some((what, section)) = shown {
                items.push(format!("{} ({}): {what}", s.title, s.ministry.abbr));
                reply.sector(&s.id);
                if let Some(section) = section {
                    reply.source(self.source(s, section, kind, lang));
                }
            }
        }
        if items.is_empty() {
            reply.para(self.say(lang, "facet-none"));
        }
        reply.list(items);
        reply
    }

    /// "Står noen etater under to departementer?": each agency listed in
    /// more than one part, with those parts.
    fn shared_agencies(&self, mut reply: Reply, lang: Lang) -> Reply {
        let mut items = Vec::new();
        for agency in &self.resolver.agencies {
            let mut parts: Vec<usize> = Vec::new();
            for &(si, _) in &agency.entries {
                if !parts.contains(&si) {
                    parts.push(si);
                }
            }
            if parts.len() < 2 {
                continue;
            }
            let names: Vec<String> = parts
                .iter()
                .map(|&si| {
                    let s = &self.knowledge.sectors[si];
                    reply.sector(&s.id);
                    reply.source(self.agencies_source(s, lang));
                    format!("{} ({})", s.title, s.ministry.abbr)
                })
                .collect();
            items.push(format!("{}: {}", agency.name, names.join(", ")));
        }
        if items.is_empty() {
            reply.para(self.say(lang, "facet-none"));
        }
        reply.list(items);
        reply
    }
}

/// The first entry of some sections (a block's name, or its text), cut at
/// 160 characters, with the section it is in.
fn first_entry<'a>(sections: impl Iterator<Item = &'a Section>) -> Option<(String, &'a Section)> {
    sections
        .flat_map(|section| section.blocks.iter().map(move |b| (b, section)))
        .map(|(b, section)| (b.name.clone().unwrap_or_else(|| b.text.clone()), section))
        .next()
        .map(|(text, section)| {
            let text = if text.chars().count() > 160 {
                text.chars().take(160).collect::<String>() + " …"
            } else {
                text
            };
            (text, section)
        })
}

/// `true` when the question's word `t` is the head of the compound `stem`
/// of an agency's name, four letters or more ("ombud" of "barneombud").
fn heads(stem: &str, t: &Token) -> bool {
    // The cheap tests first: this runs over every word of every agency.
    stem.len() > t.stem.len() && stem.ends_with(t.stem.as_str()) && t.stem.chars().count() >= 4
}
