//! Agency answers: which ministry owns it, what the sheet says about it,
//! and a name the sheet does not have.

use crate::intents::Intent;
use crate::knowledge::AgencyEntry;
use crate::lang::Lang;
use crate::messages::num;
use crate::reply::Reply;
use crate::resolve::Resolution;
use crate::text::Token;

use super::super::Engine;
use super::super::decide::Decision;

impl Engine {
    pub(in crate::engine) fn agency_owner(&self, d: &Decision, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::AgencyOwner, lang);
        for &a in d.agencies.iter().take(3) {
            let agency = &self.resolver.agencies[a];
            reply.agencies.push(agency.name.clone());
            let owners = self.owner_sectors(&[a]);
            let owner_names: Vec<String> = owners
                .iter()
                .map(|&s| self.ministry(&self.knowledge.sectors[s], lang))
                .collect();
            let joined = self.join(lang, &owner_names);
            let mut verdict = None;
            let mut denied = String::new();
            if let Some(asked) = d.asked_sector {
                if owners.contains(&asked) {
                    verdict = Some(self.say(lang, "owner-yes"));
                } else {
                    verdict = Some(self.say(lang, "owner-no"));
                    denied.clone_from(&self.knowledge.sectors[asked].ministry.name);
                }
            }
            let sentence = self.say_with(
                lang,
                "agency-owner",
                &[
                    ("count", num(owners.len())),
                    ("agency", agency.name.as_str().into()),
                    ("owners", joined.into()),
                    ("deny", if denied.is_empty() { "no" } else { "yes" }.into()),
                    ("denied", denied.into()),
                ],
            );
            reply.para(match verdict {
                Some(v) => format!("{v} {sentence}"),
                None => sentence,
            });
            let mut details = Vec::new();
            for &s in &owners {
                let sector = &self.knowledge.sectors[s];
                let entries: Vec<&AgencyEntry> = agency
                    .entries
                    .iter()
                    .filter(|(si, _)| *si == s)
                    .map(|&(si, ei)| &self.knowledge.sectors[si].agencies[ei])
                    .collect();
                for e in &entries {
                    details.push(self.say_with(
                        lang,
                        "agency-entry",
                        &[
                            ("name", e.name.as_str().into()),
                            ("group", e.group.as_str().into()),
                            ("part", sector.title.as_str().into()),
                        ],
                    ));
                }
                reply.sector(&sector.id);
                reply.source(self.agencies_source(sector, lang));
            }
            if details.len() > 1 {
                reply.para(self.say(lang, "agency-listed-as-many"));
                reply.list(details);
            } else if let Some(one) = details.pop() {
                reply.para(self.say_with(lang, "agency-listed-as", &[("entry", one.into())]));
            }
        }
        if let Some(id) = reply.sectors.first().cloned()
            && let Some(sector) = self.knowledge.sector(&id)
        {
            reply.suggestions = self.sector_suggestions(sector, lang);
        }
        reply
    }

    pub(in crate::engine) fn agency_info(
        &self,
        d: &Decision,
        toks: &[Token],
        res: &Resolution,
        lang: Lang,
    ) -> Reply {
        let owner = Decision {
            intent: Intent::AgencyOwner,
            asked_sector: None,
            ..d.clone()
        };
        let mut reply = self.agency_owner(&owner, lang);
        reply.intent = Intent::AgencyInfo;
        let loose = self.loose_words(toks, res);
        for &a in d.agencies.iter().take(2) {
            let agency = &self.resolver.agencies[a];
            let name = || ("agency", agency.name.as_str().into());
            let docs = &self.agency_docs()[a];
            if docs.is_empty() {
                reply.para(self.say_with(lang, "agency-only-listed", &[name()]));
                continue;
            }
            // Rank mentions by the question's other words, then the
            // agency's own part before passing mentions in others, then
            // sheet order.
            let own = self.owner_sectors(&[a]);
            let mut ranked: Vec<(usize, usize, bool)> = docs
                .iter()
                .map(|&di| {
                    let doc = &self.search.docs[di];
                    let hits = loose.iter().filter(|t| doc.stems.contains(&t.stem)).count();
                    (di, hits, own.contains(&doc.sector))
                })
                .collect();
            ranked.sort_by(|x, y| y.1.cmp(&x.1).then(y.2.cmp(&x.2)).then(x.0.cmp(&y.0)));
            reply.para(self.say_with(lang, "agency-mentions", &[name()]));
            let mut shown = 0;
            let mut more: Vec<String> = Vec::new();
            for (di, _, _) in ranked {
                let doc = &self.search.docs[di];
                let sector = &self.knowledge.sectors[doc.sector];
                let section = &sector.sections[doc.section];
                let src = self.source(sector, section, doc.kind, lang);
                if shown < 4 {
                    let text = &section.blocks[doc.block].text;
                    // Quoted with its source; the reply stays about the
                    // agency's own part ("that ministry" after it is the
                    // owner, not every part that mentions the agency).
                    reply.para(format!("{} ({})", text, src.label));
                    reply.source(src);
                    shown += 1;
                } else if !more.contains(&src.label) {
                    more.push(src.label);
                }
            }
            if !more.is_empty() {
                reply.para(self.say_with(
                    lang,
                    "also-mentioned",
                    &[("places", more.join("; ").into())],
                ));
            }
        }
        reply
    }

    /// The question needs an agency or sector, and names one the sheet
    /// does not have. Says so, and offers the nearest names it knows.
    pub(in crate::engine) fn not_found(&self, d: &Decision, toks: &[Token], lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = d.confidence;
        let mut shown: Vec<String> = Vec::new();
        for t in toks.iter().filter(|t| d.unknown_names.contains(&t.surface)) {
            if !shown.contains(&t.word) {
                shown.push(t.word.clone());
            }
        }
        reply.para(self.say_with(
            lang,
            "not-found",
            &[
                ("words", shown.join(" ").into()),
                ("parts", num(self.knowledge.sectors.len())),
                ("agencies", num(self.resolver.agencies.len())),
            ],
        ));
        let near = self.resolver.near_names(&d.unknown_names, 3);
        if !near.is_empty() {
            reply.para(self.say(lang, "not-found-near"));
            reply.candidates.clone_from(&near);
            reply.list(near);
        }
        reply
    }
}
