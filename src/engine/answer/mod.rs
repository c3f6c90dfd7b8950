//! Stage 3, answer: a [`Decision`] → a [`Reply`]. One module per family of
//! answers: [`agency`] (who owns it, what the sheet says), [`section`] (a
//! sector's sections, agencies, overview), [`cross`] (across sectors),
//! [`search`] (full text) and [`meta`] (help, unknown, small talk, asking
//! back). Every sentence comes from the messages (`intents/messages/`);
//! the builders here only choose the message and its arguments.

mod agency;
mod cross;
mod meta;
mod search;
pub(in crate::engine) mod section;

use crate::aliases::SectorNames;
use crate::intents::{Intent, Needs};
use crate::knowledge::{Section, SectionKind, Sector};
use crate::lang::Lang;
use crate::messages::{Arg, num};
use crate::reply::{Action, Frame, Reply, Source};
use crate::resolve::Resolution;
use crate::search::content_tokens;
use crate::text::Token;

use super::Engine;
use super::decide::Decision;

impl Engine {
    pub(super) fn answer_decision(
        &self,
        d: &Decision,
        toks: &[Token],
        res: &Resolution,
        lang: Lang,
    ) -> Reply {
        if !d.unknown_names.is_empty() && d.agencies.is_empty() && d.sectors.is_empty() {
            return self.not_found(d, toks, lang);
        }
        if d.intent.needs() == Needs::Agency && d.agencies.is_empty() {
            return self.which_agency(d.intent, lang);
        }
        match d.intent {
            Intent::AgencyOwner => self.agency_owner(d, lang),
            Intent::AgencyInfo => self.agency_info(d, toks, res, lang),
            Intent::SectorOverview => self.overview(d, lang),
            Intent::ListSectors => self.list_sectors(lang),
            Intent::CrossSector => self.cross_sector(toks, res, lang),
            Intent::Help => self.help(lang),
            Intent::Changes => self.changes_answer(lang),
            Intent::Smalltalk => self.smalltalk(toks, lang),
            Intent::Search => {
                let ids = self.sector_ids(&d.sectors);
                let mut loose = self.loose_words(toks, res);
                loose.retain(|t| !super::decide::states_with(&d.search_without, t));
                let words = if loose.is_empty() {
                    content_tokens(toks, &self.rules.stopwords)
                } else {
                    loose
                };
                // Search chosen over what the sheet says of a named agency
                // ("hvilken rolle har Helsedirektoratet …") that finds too
                // little: the agency's entry, not "unknown".
                let also = super::decide::field_words(toks, res, &d.sectors);
                let scope = (!ids.is_empty()).then_some(&ids[..]);
                self.search_answer_also(&words, &also, scope, lang)
                    .or_else(|| {
                        // "hvem forvalter X?": without the relation asked.
                        let rest = self.without_who_relation(toks)?;
                        let words: Vec<Token> = words
                            .iter()
                            .filter(|w| rest.iter().any(|t| t.span == w.span))
                            .cloned()
                            .collect();
                        self.search_answer_also(&words, &also, scope, lang)
                    })
                    .map(|mut reply| {
                        if self.rules.asks_how_many(toks) {
                            self.count_the_list(&mut reply, lang);
                        }
                        reply
                    })
                    .unwrap_or_else(|| {
                        if d.agencies.is_empty() {
                            self.unknown(lang)
                        } else {
                            self.agency_info(
                                &Decision {
                                    intent: Intent::AgencyInfo,
                                    ..d.clone()
                                },
                                toks,
                                res,
                                lang,
                            )
                        }
                    })
            }
            Intent::Unknown => self.unknown(lang),
            _ if d.sectors.is_empty() && d.agencies.is_empty() => {
                // A section question without a sector: the part whose
                // section covers the question's topic, else ask which.
                let found = d
                    .intent
                    .section()
                    .filter(|k| *k != SectionKind::Agencies)
                    .and_then(|k| self.sector_by_topic(k, toks, res));
                match found {
                    Some(s) => self.section_answer(
                        &Decision {
                            sectors: vec![s],
                            ..d.clone()
                        },
                        lang,
                    ),
                    None => self.section_answer(d, lang),
                }
            }
            _ => {
                let mut reply = self.section_answer(d, lang);
                self.topic_elsewhere(&mut reply, d, toks, res, lang);
                reply
            }
        }
    }

    /// "Hvor mange nivåer har den?" answered by a paragraph with one list:
    /// how many items the list has, before it.
    pub(in crate::engine) fn count_the_list(&self, reply: &mut Reply, lang: Lang) {
        let lists: Vec<usize> = reply
            .parts
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, crate::reply::Part::List(_)))
            .map(|(i, _)| i)
            .collect();
        let [at] = lists[..] else {
            return;
        };
        let crate::reply::Part::List(items) = &reply.parts[at] else {
            return;
        };
        let line = self.say_with(lang, "list-count", &[("count", num(items.len()))]);
        reply.parts.insert(at, crate::reply::Part::Paragraph(line));
    }

    /// A part without the section asked for, asked about a topic
    /// ("Are there any digital programmes in the defence sector?"): the
    /// paragraph of that part that has the topic, after the note that the
    /// section is missing.
    fn topic_elsewhere(
        &self,
        reply: &mut Reply,
        d: &Decision,
        toks: &[Token],
        res: &Resolution,
        lang: Lang,
    ) {
        let (&[si], Some(kind)) = (&d.sectors[..], d.intent.section()) else {
            return;
        };
        let s = &self.knowledge.sectors[si];
        if kind == SectionKind::Agencies || s.has(kind) {
            return;
        }
        let topic = self.topic_words_for(toks, res, d.intent);
        if topic.is_empty() {
            return;
        }
        let ids = [s.id.clone()];
        let Some(hit) = self
            .search
            .search(&topic, Some(&ids), 1)
            .ok()
            .and_then(|h| h.into_iter().next())
            .filter(|h| h.coverage >= self.settings.min_coverage)
        else {
            return;
        };
        reply.para(self.say(lang, "section-topic-elsewhere"));
        let src = self.show_paragraph(reply, hit.doc, &topic, lang);
        // "… fire prioriterte satsningsområder:": its list is the answer.
        let items = self.led_in_items(hit.doc);
        if !items.is_empty() {
            reply.list(items);
        }
        reply.source(src);
    }

    // ----- messages -----------------------------------------------------

    /// A message without arguments.
    pub(super) fn say(&self, lang: Lang, id: &str) -> String {
        self.messages.get(lang, id)
    }

    /// A message with arguments.
    pub(super) fn say_with(&self, lang: Lang, id: &str, args: &[Arg<'_>]) -> String {
        self.messages.format(lang, id, args)
    }

    /// "a, b og c".
    pub(super) fn join(&self, lang: Lang, items: &[String]) -> String {
        self.messages.join(lang, items)
    }

    /// A section's name as a user would say it ("Finansiering").
    pub(super) fn section_name(&self, kind: SectionKind, lang: Lang) -> String {
        self.say(lang, &format!("section-{}", kind.id()))
    }

    /// Fills in the words the plain rendering puts around the body (source
    /// lines, the note on a shortened answer) and the buttons under it.
    /// Every reply the engine gives passes here.
    pub(super) fn frame(&self, reply: &mut Reply) {
        let lang = reply.lang;
        reply.frame = Frame {
            sources: reply
                .sources
                .iter()
                .map(|s| match &self.knowledge().edition {
                    Some(edition) => self.say_with(
                        lang,
                        "source-line-edition",
                        &[
                            ("label", s.label.as_str().into()),
                            ("edition", edition.as_str().into()),
                        ],
                    ),
                    None => {
                        self.say_with(lang, "source-line", &[("label", s.label.as_str().into())])
                    }
                })
                .collect(),
            shortened: self.say(lang, "shortened"),
        };
        reply.actions = self.actions(reply);
    }

    /// The buttons under an answer: the candidates of an ambiguous name,
    /// else the sector's other sections.
    fn actions(&self, reply: &Reply) -> Vec<Action> {
        if !reply.candidates.is_empty() {
            return reply
                .candidates
                .iter()
                .take(6)
                .map(|c| Action {
                    label: c.clone(),
                    query: format!("/etat {c}"),
                })
                .collect();
        }
        let about_sector = reply.intent.needs() == Needs::Sector
            || reply.intent == Intent::AgencyOwner
            || reply.intent == Intent::AgencyInfo;
        let [id] = &reply.sectors[..] else {
            return Vec::new();
        };
        let Some(sector) = self.knowledge.sector(id).filter(|_| about_sector) else {
            return Vec::new();
        };
        let abbr = &sector.ministry.abbr;
        [
            ("finansiering", Intent::Funding, "button-funding"),
            ("strategier", Intent::Strategies, "button-strategies"),
            ("departement", Intent::SectorAgencies, "button-agencies"),
            ("samordning", Intent::Coordination, "button-coordination"),
        ]
        .into_iter()
        .filter(|(_, intent, _)| *intent != reply.intent)
        .map(|(cmd, _, key)| Action {
            label: self.say(reply.lang, key),
            query: format!("/{cmd} {abbr}"),
        })
        .collect()
    }

    /// A reply of one message: the adapters' own notices (rate limit,
    /// errors, leaving a room), in the language of the question.
    #[must_use]
    pub fn notice(&self, lang: Lang, id: &str) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.para(self.say(lang, id));
        self.frame(&mut reply);
        reply
    }

    /// One message as plain text, for an adapter.
    #[must_use]
    pub fn message(&self, lang: Lang, id: &str) -> String {
        self.say(lang, id)
    }

    // ----- naming -------------------------------------------------------

    pub(super) fn names(&self, s: &Sector) -> Option<&SectorNames> {
        self.aliases.sectors.iter().find(|n| n.id == s.id)
    }

    /// "Kunnskapsdepartementet (KD)", in English with the English name.
    pub(super) fn ministry(&self, s: &Sector, lang: Lang) -> String {
        let abbr = &s.ministry.abbr;
        match (lang, self.names(s)) {
            (Lang::En, Some(n)) if abbr != &s.ministry.name => {
                format!("{} ({abbr}, {})", s.ministry.name, n.english)
            }
            (Lang::En, Some(n)) => format!("{} ({})", s.ministry.name, n.english),
            _ if abbr.is_empty() || abbr == &s.ministry.name => s.ministry.name.clone(),
            _ => format!("{} ({abbr})", s.ministry.name),
        }
    }

    pub(super) fn label(
        &self,
        s: &Sector,
        section: &Section,
        kind: SectionKind,
        lang: Lang,
    ) -> String {
        let heading = if section.heading.is_empty() {
            self.section_name(kind, lang)
        } else {
            section.heading.clone()
        };
        format!("{} › {heading}", s.title)
    }

    pub(super) fn source(
        &self,
        s: &Sector,
        section: &Section,
        kind: SectionKind,
        lang: Lang,
    ) -> Source {
        Source {
            sector: s.id.clone(),
            section: kind.id().to_owned(),
            label: self.label(s, section, kind, lang),
        }
    }

    pub(super) fn agencies_source(&self, s: &Sector, lang: Lang) -> Source {
        let groups = s.agency_groups().join(", ");
        let heading = if groups.is_empty() {
            self.section_name(SectionKind::Agencies, lang)
        } else {
            groups
        };
        Source {
            sector: s.id.clone(),
            section: SectionKind::Agencies.id().to_owned(),
            label: format!("{} › {heading}", s.title),
        }
    }

    /// Renders the blocks of a section as paragraphs and lists.
    pub(super) fn push_blocks(reply: &mut Reply, section: &Section) {
        let mut items: Vec<String> = Vec::new();
        for b in &section.blocks {
            if b.item {
                items.push(b.text.clone());
            } else {
                if !items.is_empty() {
                    reply.list(std::mem::take(&mut items));
                }
                reply.para(b.text.clone());
            }
        }
        reply.list(items);
    }
}
