//! Stage 3, answer: a [`Decision`] → a [`Reply`], one builder per family
//! (agency, section, cross-sector, search, meta).

use crate::aliases::SectorNames;
use crate::intents::{Intent, Needs};
use crate::knowledge::{Section, SectionKind, Sector};
use crate::lang::{Lang, section_name};
use crate::reply::{Part, Reply, Source};
use crate::resolve::{Entity, Resolution};
use crate::search::{Hit, content_tokens};
use crate::text::{Token, fold};

use super::Engine;
use super::decide::{Decision, Me};

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
            Intent::Smalltalk => self.smalltalk(toks, lang),
            Intent::Search => {
                let ids: Vec<String> = d
                    .sectors
                    .iter()
                    .map(|&s| self.knowledge.sectors[s].id.clone())
                    .collect();
                let loose = self.loose_words(toks, res);
                let words = if loose.is_empty() {
                    content_tokens(toks, &self.rules.stopwords)
                } else {
                    loose
                };
                self.search_answer(&words, (!ids.is_empty()).then_some(&ids[..]), lang)
                    .unwrap_or_else(|| self.unknown(lang))
            }
            Intent::Unknown => self.unknown(lang),
            _ => self.section_answer(d, lang),
        }
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

    pub(super) fn label(s: &Sector, section: &Section, kind: SectionKind, lang: Lang) -> String {
        let heading = if section.heading.is_empty() {
            section_name(kind, lang).to_owned()
        } else {
            section.heading.clone()
        };
        format!("{} › {heading}", s.title)
    }

    pub(super) fn source(s: &Sector, section: &Section, kind: SectionKind, lang: Lang) -> Source {
        Source {
            sector: s.id.clone(),
            section: kind.id().to_owned(),
            label: Engine::label(s, section, kind, lang),
        }
    }

    pub(super) fn agencies_source(s: &Sector, lang: Lang) -> Source {
        let groups = s.agency_groups().join(", ");
        let heading = if groups.is_empty() {
            section_name(SectionKind::Agencies, lang).to_owned()
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

    // ----- answers ------------------------------------------------------

    pub(super) fn agency_owner(&self, d: &Decision, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::AgencyOwner, lang);
        for &a in d.agencies.iter().take(3) {
            let agency = &self.resolver.agencies[a];
            reply.agencies.push(agency.name.clone());
            let owners = self.owner_sectors(&[a]);
            let owner_names: Vec<String> = owners
                .iter()
                .map(|&s| self.ministry(&self.knowledge.sectors[s], lang))
                .collect();
            let joined = lang.join(&owner_names);
            let mut text = String::new();
            let mut denied = None;
            if let Some(asked) = d.asked_sector {
                if owners.contains(&asked) {
                    text.push_str(lang.pick("Ja. ", "Ja. ", "Yes. "));
                } else {
                    text.push_str(lang.pick("Nei. ", "Nei. ", "No. "));
                    denied = Some(self.knowledge.sectors[asked].ministry.name.clone());
                }
            }
            text.push_str(&match (lang, owners.len()) {
                (Lang::En, 1) => format!("{} belongs to {joined}", agency.name),
                (Lang::En, n) => format!(
                    "{} is listed under {} ministries: {joined}",
                    agency.name,
                    number(n, lang)
                ),
                (Lang::Nn, 1) => format!("{} ligg under {joined}", agency.name),
                (Lang::Nn, n) => format!(
                    "{} står under {} departement: {joined}",
                    agency.name,
                    number(n, lang)
                ),
                (Lang::Nb, 1) => format!("{} ligger under {joined}", agency.name),
                (Lang::Nb, n) => format!(
                    "{} står under {} departementer: {joined}",
                    agency.name,
                    number(n, lang)
                ),
            });
            match denied {
                Some(m) => text.push_str(&match lang {
                    Lang::En => format!(", not under {m}."),
                    Lang::Nn => format!(", ikkje under {m}."),
                    Lang::Nb => format!(", ikke under {m}."),
                }),
                None => text.push('.'),
            }
            reply.para(text);
            let mut details = Vec::new();
            for &s in &owners {
                let sector = &self.knowledge.sectors[s];
                let entries: Vec<&crate::knowledge::AgencyEntry> = agency
                    .entries
                    .iter()
                    .filter(|(si, _)| *si == s)
                    .map(|&(si, ei)| &self.knowledge.sectors[si].agencies[ei])
                    .collect();
                for e in &entries {
                    details.push(match lang {
                        Lang::En => format!(
                            "«{}» under «{}» in the part «{}»",
                            e.name, e.group, sector.title
                        ),
                        _ => format!(
                            "«{}» under «{}» i delen «{}»",
                            e.name, e.group, sector.title
                        ),
                    });
                }
                reply.sector(&sector.id);
                reply.source(Engine::agencies_source(sector, lang));
            }
            if details.len() > 1 {
                reply.para(lang.pick(
                    "Faktaarket fører den opp slik:",
                    "Faktaarket fører han opp slik:",
                    "The fact sheet lists it as:",
                ));
                reply.list(details);
            } else if let Some(one) = details.pop() {
                reply.para(match lang {
                    Lang::En => format!("The fact sheet lists it as {one}."),
                    Lang::Nn => format!("Faktaarket fører han opp som {one}."),
                    Lang::Nb => format!("Faktaarket fører den opp som {one}."),
                });
            }
        }
        if let Some(id) = reply.sectors.first().cloned()
            && let Some(sector) = self.knowledge.sector(&id)
        {
            reply.suggestions = self.sector_suggestions(sector, lang);
        }
        reply
    }

    pub(super) fn agency_info(
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
            let docs = &self.agency_docs[a];
            if docs.is_empty() {
                reply.para(match lang {
                    Lang::En => format!(
                        "The fact sheet names {} only in the agency list; it says nothing more about it.",
                        agency.name
                    ),
                    Lang::Nn => format!(
                        "Faktaarket nemner {} berre i lista over verksemder; det seier ikkje meir om han.",
                        agency.name
                    ),
                    Lang::Nb => format!(
                        "Faktaarket nevner {} bare i listen over virksomheter; det sier ikke mer om den.",
                        agency.name
                    ),
                });
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
            reply.para(match lang {
                Lang::En => format!("What the fact sheet says about {}:", agency.name),
                Lang::Nn => format!("Dette seier faktaarket om {}:", agency.name),
                Lang::Nb => format!("Dette sier faktaarket om {}:", agency.name),
            });
            let mut shown = 0;
            let mut more: Vec<String> = Vec::new();
            for (di, _, _) in ranked {
                let doc = &self.search.docs[di];
                let sector = &self.knowledge.sectors[doc.sector];
                let section = &sector.sections[doc.section];
                let src = Engine::source(sector, section, doc.kind, lang);
                if shown < 4 {
                    let text = &section.blocks[doc.block].text;
                    reply.para(format!("{} ({})", text, src.label));
                    reply.sector(&sector.id);
                    reply.source(src);
                    shown += 1;
                } else if !more.contains(&src.label) {
                    more.push(src.label);
                }
            }
            if !more.is_empty() {
                reply.para(format!(
                    "{} {}.",
                    lang.pick("Nevnt også i:", "Nemnd òg i:", "Also mentioned in:"),
                    more.join("; ")
                ));
            }
        }
        reply
    }

    /// The question needs an agency or sector, and names one the sheet
    /// does not have. Says so, and offers the nearest names it knows.
    pub(super) fn not_found(&self, d: &Decision, toks: &[Token], lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = d.confidence;
        let mut shown: Vec<String> = Vec::new();
        for t in toks.iter().filter(|t| d.unknown_names.contains(&t.surface)) {
            if !shown.contains(&t.word) {
                shown.push(t.word.clone());
            }
        }
        let words = shown.join(" ");
        reply.para(match lang {
            Lang::En => format!(
                "I find no agency, ministry or sector called «{words}» in the fact sheet, so I cannot answer that. The fact sheet lists about 150 agencies under 17 ministries and KS."
            ),
            Lang::Nn => format!(
                "Eg finn ingen etat, verksemd, departement eller sektor som heiter «{words}» i faktaarket, så eg kan ikkje svare på det. Faktaarket fører opp om lag 150 etatar under 17 departement og KS."
            ),
            Lang::Nb => format!(
                "Jeg finner ingen etat, virksomhet, departement eller sektor som heter «{words}» i faktaarket, så jeg kan ikke svare på det. Faktaarket fører opp om lag 150 etater under 17 departementer og KS."
            ),
        });
        let near = self.resolver.near_names(&d.unknown_names, 3);
        if !near.is_empty() {
            reply.para(lang.pick(
                "Mente du kanskje:",
                "Meinte du kanskje:",
                "Did you perhaps mean:",
            ));
            reply.candidates.clone_from(&near);
            reply.list(near);
        }
        reply
    }

    pub(super) fn sector_suggestions(&self, s: &Sector, lang: Lang) -> Vec<String> {
        let abbr = &s.ministry.abbr;
        let mut out = Vec::new();
        for (kind, nb, en) in [
            (
                SectionKind::Funding,
                "Hvordan finansieres digitalisering hos",
                "How is digitalisation funded at",
            ),
            (
                SectionKind::Strategies,
                "Hvilke strategier har",
                "Which strategies does",
            ),
            (
                SectionKind::Agencies,
                "Hvilke etater ligger under",
                "Which agencies are under",
            ),
            (
                SectionKind::Coordination,
                "Hvordan samordnes digitalisering hos",
                "How is digitalisation coordinated at",
            ),
        ] {
            if s.has(kind) {
                out.push(match lang {
                    Lang::En if kind == SectionKind::Strategies => format!("{en} {abbr} have?"),
                    Lang::En => format!("{en} {abbr}?"),
                    _ => format!("{nb} {abbr}?"),
                });
            }
        }
        out
    }

    pub(super) fn section_answer(&self, d: &Decision, lang: Lang) -> Reply {
        let kind = d.intent.section().unwrap_or(SectionKind::Intro);
        let mut reply = Reply::new(d.intent, lang);
        for &a in &d.agencies {
            reply.agencies.push(self.resolver.agencies[a].name.clone());
        }
        if d.sectors.is_empty() {
            // "Hvor mange etater er det i alt?": the counts of every sector.
            if kind == SectionKind::Agencies
                && let Some(f) = self
                    .rules
                    .facets
                    .iter()
                    .find(|f| f.def.mode == crate::intents::FacetMode::AgencyCount)
            {
                let mut r = self.facet_answer(f, lang);
                r.intent = Intent::SectorAgencies;
                r.sectors.clear();
                return r;
            }
            return self.which_sector(d.intent, kind, lang);
        }
        let many = d.sectors.len() > 1;
        for &si in d.sectors.iter().take(3) {
            let s = &self.knowledge.sectors[si];
            reply.sector(&s.id);
            let what = section_name(kind, lang);
            let title = format!("{what} – {}", s.title);
            if many {
                reply.parts.push(Part::Heading(title));
            } else {
                reply.title = Some(title);
            }
            if kind == SectionKind::Agencies {
                self.agency_list(&mut reply, s, d.count, lang);
                continue;
            }
            if !s.has(kind) {
                let empty_heading = s.has_empty_heading(kind);
                let abbr = &s.ministry.abbr;
                let what = section_name(kind, lang).to_lowercase();
                reply.para(match (lang, empty_heading) {
                    (Lang::En, true) => format!(
                        "The fact sheet has the heading «{}» in the part «{}» ({abbr}), but lists nothing under it.",
                        s.sections_of(kind).next().map_or("", |x| x.heading.as_str()),
                        s.title
                    ),
                    (Lang::En, false) => format!(
                        "The fact sheet says nothing about {what} for «{}» ({abbr}).",
                        s.title
                    ),
                    (Lang::Nn, true) => format!(
                        "Faktaarket har overskrifta «{}» i delen «{}» ({abbr}), men fører ikkje opp noko under ho.",
                        s.sections_of(kind).next().map_or("", |x| x.heading.as_str()),
                        s.title
                    ),
                    (Lang::Nn, false) => format!(
                        "Faktaarket seier ingenting om {what} for «{}» ({abbr}).",
                        s.title
                    ),
                    (Lang::Nb, true) => format!(
                        "Faktaarket har overskriften «{}» i delen «{}» ({abbr}), men fører ikke opp noe under den.",
                        s.sections_of(kind).next().map_or("", |x| x.heading.as_str()),
                        s.title
                    ),
                    (Lang::Nb, false) => format!(
                        "Faktaarket sier ingenting om {what} for «{}» ({abbr}).",
                        s.title
                    ),
                });
                let has: Vec<String> = [
                    SectionKind::Coordination,
                    SectionKind::Strategies,
                    SectionKind::Portfolio,
                    SectionKind::Funding,
                    SectionKind::Measures,
                ]
                .into_iter()
                .filter(|k| *k != kind && s.has(*k))
                .map(|k| section_name(k, lang).to_lowercase())
                .collect();
                if !has.is_empty() {
                    reply.para(match lang {
                        Lang::En => format!("For this part it does describe {}.", lang.join(&has)),
                        Lang::Nn => format!("For denne delen skildrar det {}.", lang.join(&has)),
                        Lang::Nb => format!("For denne delen beskriver det {}.", lang.join(&has)),
                    });
                }
                for section in s.sections_of(kind) {
                    reply.source(Engine::source(s, section, kind, lang));
                }
                if reply.sources.is_empty() {
                    reply.source(Source {
                        sector: s.id.clone(),
                        section: SectionKind::Intro.id().to_owned(),
                        label: s.title.clone(),
                    });
                }
                continue;
            }
            if kind == SectionKind::Responsibility {
                reply.para(format!("{}:", self.ministry(s, lang)));
            }
            for section in s.sections_of(kind) {
                Engine::push_blocks(&mut reply, section);
                reply.source(Engine::source(s, section, kind, lang));
            }
        }
        if d.sectors.len() > 3 {
            reply.para(lang.pick(
                "(Viser de tre første sektorene; spør om de andre hver for seg.)",
                "(Viser dei tre første sektorane; spør om dei andre kvar for seg.)",
                "(Showing the first three sectors; ask about the others one by one.)",
            ));
        }
        if let Some(&si) = d.sectors.first() {
            reply.suggestions = self.sector_suggestions(&self.knowledge.sectors[si], lang);
        }
        reply
    }

    pub(super) fn agency_list(&self, reply: &mut Reply, s: &Sector, count: bool, lang: Lang) {
        let ministry = self.ministry(s, lang);
        let n = s.agencies.len();
        let distinct = {
            let mut names: Vec<&str> = Vec::new();
            for (ai, a) in self.resolver.agencies.iter().enumerate() {
                let _ = ai;
                if a.entries
                    .iter()
                    .any(|(si, _)| self.knowledge.sectors[*si].id == s.id)
                {
                    names.push(&a.name);
                }
            }
            names.len()
        };
        let mut first = match lang {
            Lang::En => format!("The fact sheet lists {n} agencies and companies under {ministry}"),
            Lang::Nn => format!("Faktaarket fører opp {n} etatar og verksemder under {ministry}"),
            Lang::Nb => format!("Faktaarket fører opp {n} etater og virksomheter under {ministry}"),
        };
        if distinct < n {
            first.push_str(&match lang {
                Lang::En => format!(" ({distinct} different; one is listed more than once)"),
                Lang::Nn => format!(" ({distinct} ulike; ei er ført opp meir enn éin gong)"),
                Lang::Nb => format!(" ({distinct} ulike; én er oppført mer enn én gang)"),
            });
        }
        first.push(if count { '.' } else { ':' });
        reply.para(first);
        let groups = s.agency_groups();
        for g in &groups {
            let items: Vec<String> = s
                .agencies
                .iter()
                .filter(|a| &a.group == g)
                .map(|a| a.name.clone())
                .collect();
            if groups.len() > 1 {
                reply.para(format!("{g}:"));
            }
            reply.list(items);
        }
        reply.source(Engine::agencies_source(s, lang));
    }

    pub(super) fn which_agency(&self, intent: Intent, lang: Lang) -> Reply {
        let mut reply = Reply::new(intent, lang);
        reply.confidence = 0.5;
        reply.para(lang.pick(
            "Hvilken etat eller virksomhet mener du? Skriv for eksempel «/etat Lånekassen» eller «Hvem eier NVE?».",
            "Kva etat eller verksemd meiner du? Skriv til dømes «/etat Lånekassen» eller «Kven eig NVE?».",
            "Which agency do you mean? For example «/etat Lånekassen» or «Which ministry is NVE under?».",
        ));
        reply
    }

    pub(super) fn which_sector(&self, intent: Intent, kind: SectionKind, lang: Lang) -> Reply {
        let mut reply = Reply::new(intent, lang);
        reply.confidence = 0.5;
        reply.para(match lang {
            Lang::En => format!(
                "Which sector do you mean? The fact sheet describes «{}» for each of these:",
                section_name(kind, lang)
            ),
            Lang::Nn => format!(
                "Kva sektor meiner du? Faktaarket skildrar «{}» for kvar av desse:",
                section_name(kind, lang).to_lowercase()
            ),
            Lang::Nb => format!(
                "Hvilken sektor mener du? Faktaarket beskriver «{}» for hver av disse:",
                section_name(kind, lang).to_lowercase()
            ),
        });
        reply.list(
            self.knowledge
                .sectors
                .iter()
                .filter(|s| s.has(kind))
                .map(|s| format!("{} – {}", s.title, s.ministry.abbr))
                .collect(),
        );
        reply.para(lang.pick(
            "Skriv for eksempel: «… i kunnskapssektoren» eller «… hos KD».",
            "Skriv til dømes: «… i kunnskapssektoren» eller «… hos KD».",
            "For example: «… in the education sector» or «… at KD».",
        ));
        reply
    }

    pub(super) fn overview(&self, d: &Decision, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::SectorOverview, lang);
        let Some(&si) = d.sectors.first() else {
            return self.which_sector(Intent::SectorOverview, SectionKind::Intro, lang);
        };
        let s = &self.knowledge.sectors[si];
        reply.sector(&s.id);
        reply.title = Some(s.title.clone());
        reply.para(format!(
            "{}: {}",
            lang.pick("Departement", "Departement", "Ministry"),
            self.ministry(s, lang)
        ));
        for section in s.sections_of(SectionKind::Intro) {
            Engine::push_blocks(&mut reply, section);
            reply.source(Engine::source(s, section, SectionKind::Intro, lang));
        }
        for section in s.sections_of(SectionKind::Responsibility) {
            Engine::push_blocks(&mut reply, section);
            reply.source(Engine::source(
                s,
                section,
                SectionKind::Responsibility,
                lang,
            ));
        }
        let mut has: Vec<String> = Vec::new();
        for kind in [
            SectionKind::Coordination,
            SectionKind::Strategies,
            SectionKind::Portfolio,
            SectionKind::Funding,
            SectionKind::Measures,
        ] {
            if s.has(kind) {
                has.push(section_name(kind, lang).to_lowercase());
            }
        }
        let n = s.agencies.len();
        reply.para(match lang {
            Lang::En => format!(
                "The part also covers {} and lists {n} agencies. Ask about any of them.",
                lang.join(&has)
            ),
            Lang::Nn => format!(
                "Delen omtalar òg {} og fører opp {n} etatar og verksemder. Spør gjerne om kvar av dei.",
                lang.join(&has)
            ),
            Lang::Nb => format!(
                "Delen omtaler også {} og fører opp {n} etater og virksomheter. Spør gjerne om hver av dem.",
                lang.join(&has)
            ),
        });
        reply.suggestions = self.sector_suggestions(s, lang);
        reply
    }

    pub(super) fn list_sectors(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::ListSectors, lang);
        reply.title = Some(
            lang.pick(
                "Faktaarket har 17 deler:",
                "Faktaarket har 17 delar:",
                "The fact sheet has 17 parts:",
            )
            .replace("17", &self.knowledge.sectors.len().to_string()),
        );
        reply.list(
            self.knowledge
                .sectors
                .iter()
                .map(|s| format!("{} – {}", s.title, self.ministry(s, lang)))
                .collect(),
        );
        reply.source(Source {
            sector: String::new(),
            section: String::new(),
            label: self.knowledge.title.clone(),
        });
        reply.sources.clear();
        reply.para(format!(
            "{} {}",
            lang.pick(
                "Kilde: «Faktaark om samordning av digitalisering i hver sektor»,",
                "Kjelde: «Faktaark om samordning av digitalisering i hver sektor»,",
                "Source: «Faktaark om samordning av digitalisering i hver sektor»,",
            ),
            self.knowledge.attribution.trim_start_matches("Kilde: ")
        ));
        reply
    }

    /// The words a question is about: its loose words without keywords;
    /// of those the ones the sheet has, when it has some ("penger" in
    /// "fått penger fra medfinansieringsordningen" is not how the sheet
    /// says it); and of those the rare ones (inverse document frequency at
    /// least 70 % of the rarest's).
    pub(super) fn topic_words(&self, toks: &[Token], res: &Resolution) -> Vec<Token> {
        let all = self.loose_words(toks, res);
        let mut loose: Vec<Token> = all
            .iter()
            .filter(|t| !self.rules.is_keyword(&t.stem))
            .cloned()
            .collect();
        if loose.is_empty() {
            // "Hvilke sektorer nevner medfinansiering?": the keyword is the topic.
            loose = all;
        }
        let in_sheet =
            |t: &Token| self.search.has_stem(&t.stem) || self.search.is_informative(&t.stem);
        if loose.iter().any(in_sheet) {
            loose.retain(in_sheet);
        }
        let max = loose
            .iter()
            .map(|t| self.search.idf(&t.stem))
            .fold(0.0f32, f32::max);
        loose
            .into_iter()
            .filter(|t| self.search.idf(&t.stem) >= 0.7 * max)
            .collect()
    }

    pub(super) fn cross_sector(&self, toks: &[Token], res: &Resolution, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::CrossSector, lang);
        let folded = fold(
            &toks
                .iter()
                .map(|t| t.surface.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if let Some(facet) = self.rules.facets.iter().find(|f| f.regex.is_match(&folded)) {
            return self.facet_answer(facet, lang);
        }
        // Otherwise: which sectors mention the question's topic: its
        // rarest words, without the words the rules look for.
        let loose = self.topic_words(toks, res);
        let hits = self
            .search
            .search(&loose, None, self.search.docs.len())
            .unwrap_or_default();
        let best = hits.first().map_or(0.0, |h| h.coverage);
        if loose.is_empty() || best < self.settings.min_cross_coverage {
            reply.para(lang.pick(
                "Faktaarket nevner ikke dette i noen sektor, så jeg kan ikke svare på det.",
                "Faktaarket nemner ikkje dette i nokon sektor, så eg kan ikkje svare på det.",
                "The fact sheet does not mention this in any sector, so I cannot answer it.",
            ));
            return reply;
        }
        reply.title = Some(
            lang.pick(
                "Disse sektorene nevner dette i faktaarket:",
                "Desse sektorane nemner dette i faktaarket:",
                "These sectors mention this in the fact sheet:",
            )
            .to_owned(),
        );
        let mut seen: Vec<usize> = Vec::new();
        let mut items = Vec::new();
        for h in hits
            .iter()
            .filter(|h| h.coverage >= self.settings.min_cross_coverage)
        {
            let doc = &self.search.docs[h.doc];
            if seen.contains(&doc.sector) {
                continue;
            }
            seen.push(doc.sector);
            let s = &self.knowledge.sectors[doc.sector];
            let section = &s.sections[doc.section];
            let text = &section.blocks[doc.block].text;
            let snippet = self.search.snippet(text, &loose, 220);
            items.push(format!("{} – {}: «{}»", s.title, s.ministry.name, snippet));
            reply.sector(&s.id);
            reply.source(Engine::source(s, section, doc.kind, lang));
        }
        reply.list(items);
        reply
    }

    /// The sectors that have (or lack) a facet, each with the sheet's own
    /// sentence as evidence.
    pub(super) fn facet_answer(&self, facet: &crate::intents::Facet, lang: Lang) -> Reply {
        use crate::intents::FacetMode;
        let mut reply = Reply::new(Intent::CrossSector, lang);
        let title = lang.pick(
            &facet.def.title_nb,
            &facet.def.title_nb,
            &facet.def.title_en,
        );
        reply.title = Some(title.to_owned());
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
                reply.source(Engine::agencies_source(s, lang));
            }
            reply.list(items);
            reply.para(match lang {
                Lang::En => format!("In all {} entries.", self.knowledge.agency_entries()),
                Lang::Nn => format!("Til saman {} oppføringar.", self.knowledge.agency_entries()),
                Lang::Nb => format!(
                    "Til sammen {} oppføringer.",
                    self.knowledge.agency_entries()
                ),
            });
            return reply;
        }
        for s in &self.knowledge.sectors {
            let sections: Vec<&Section> = s.sections_of(kind).collect();
            let evidence = sections.iter().find_map(|section| {
                section
                    .blocks
                    .iter()
                    .find(|b| {
                        let fb = fold(&b.text);
                        facet.needles.iter().any(|n| fb.contains(n.as_str()))
                    })
                    .map(|b| (b.text.clone(), *section))
            });
            let empty = !s.has(kind);
            match facet.def.mode {
                FacetMode::Matches => {
                    if let Some((text, section)) = evidence {
                        items.push(format!("{} ({}): «{}»", s.title, s.ministry.abbr, text));
                        reply.sector(&s.id);
                        reply.source(Engine::source(s, section, kind, lang));
                    } else if empty && facet.def.empty_counts {
                        items.push(match lang {
                            Lang::En => {
                                format!("{} ({}): nothing listed", s.title, s.ministry.abbr)
                            }
                            Lang::Nn => {
                                format!("{} ({}): ingenting ført opp", s.title, s.ministry.abbr)
                            }
                            Lang::Nb => {
                                format!("{} ({}): ingenting oppført", s.title, s.ministry.abbr)
                            }
                        });
                        reply.sector(&s.id);
                        if let Some(section) = sections.first() {
                            reply.source(Engine::source(s, section, kind, lang));
                        }
                    }
                }
                FacetMode::Has => {
                    if !empty && evidence.is_none() {
                        let first = sections
                            .iter()
                            .flat_map(|x| x.blocks.iter())
                            .map(|b| b.name.clone().unwrap_or_else(|| b.text.clone()))
                            .next()
                            .unwrap_or_default();
                        let first: String = if first.chars().count() > 160 {
                            first.chars().take(160).collect::<String>() + " …"
                        } else {
                            first
                        };
                        items.push(format!("{} ({}): «{first}»", s.title, s.ministry.abbr));
                        reply.sector(&s.id);
                        if let Some(section) = sections.first() {
                            reply.source(Engine::source(s, section, kind, lang));
                        }
                    }
                }
                FacetMode::AgencyCount => {}
            }
        }
        if items.is_empty() {
            reply.para(lang.pick(
                "Ingen sektor i faktaarket passer.",
                "Ingen sektor i faktaarket passar.",
                "No sector in the fact sheet matches.",
            ));
        }
        reply.list(items);
        reply
    }

    pub(super) fn search_answer(
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
        reply.para(lang.pick(
            "Dette fant jeg i faktaarket:",
            "Dette fann eg i faktaarket:",
            "This is what the fact sheet says:",
        ));
        for h in hits.iter().filter(|h| h.coverage >= best - 0.2).take(3) {
            let doc = &self.search.docs[h.doc];
            let s = &self.knowledge.sectors[doc.sector];
            let section = &s.sections[doc.section];
            let text = &section.blocks[doc.block].text;
            let src = Engine::source(s, section, doc.kind, lang);
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
    pub(super) fn search_or_unknown(&self, toks: &[Token], scope: &[usize], lang: Lang) -> Reply {
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

    pub(super) fn examples(lang: Lang) -> Vec<String> {
        match lang {
            Lang::En => vec![
                "Which ministry is NVE under?".into(),
                "How is digitalisation funded in the health sector?".into(),
                "Which strategies does KD have?".into(),
                "Which agencies are under JD?".into(),
                "Which sectors have received co-funding?".into(),
            ],
            Lang::Nn => vec![
                "Kven eig NVE?".into(),
                "Korleis blir digitalisering finansiert i helsesektoren?".into(),
                "Kva strategiar har KD?".into(),
                "Kva etatar ligg under JD?".into(),
                "Kva sektorar har fått medfinansiering?".into(),
            ],
            Lang::Nb => vec![
                "Hvem eier NVE?".into(),
                "Hvordan finansieres digitalisering i helsesektoren?".into(),
                "Hvilke strategier har KD?".into(),
                "Hvilke etater ligger under JD?".into(),
                "Hvilke sektorer har fått medfinansiering?".into(),
            ],
        }
    }

    pub(super) fn unknown(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = 0.2;
        reply.para(lang.pick(
            "Det vet jeg ikke – faktaarket om samordning av digitalisering sier ingenting om det. Dette kan jeg svare på:",
            "Det veit eg ikkje – faktaarket om samordning av digitalisering seier ingenting om det. Dette kan eg svare på:",
            "I don't know that; the fact sheet on coordination of digitalisation says nothing about it. Here is what I can answer:",
        ));
        reply.list(Engine::examples(lang));
        reply.suggestions = Engine::examples(lang);
        reply
    }

    pub(super) fn nothing_to_answer(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = 0.0;
        reply.para(lang.pick(
            "Jeg fant ikke noe spørsmål i meldingen. Spør for eksempel:",
            "Eg fann ikkje noko spørsmål i meldinga. Spør til dømes:",
            "I found no question in the message. Ask for example:",
        ));
        reply.list(Engine::examples(lang));
        reply
    }

    pub(super) fn unknown_command(&self, name: &str, lang: Lang) -> Reply {
        let mut reply = self.help(lang);
        reply.parts.insert(
            0,
            Part::Paragraph(match lang {
                Lang::En => format!("I don't know the command /{name}."),
                Lang::Nn => format!("Eg kjenner ikkje kommandoen /{name}."),
                Lang::Nb => format!("Jeg kjenner ikke kommandoen /{name}."),
            }),
        );
        reply
    }

    /// The help text, with the commands from the intent files.
    #[must_use]
    pub fn help(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Help, lang);
        reply.title = Some(
            lang.pick("faktabot – hjelp", "faktabot – hjelp", "faktabot – help")
                .to_owned(),
        );
        reply.para(lang.pick(
            "Jeg svarer på spørsmål om hvordan staten samordner digitalisering i hver sektor, ut fra Digitaliseringsdirektoratets faktaark. Jeg kan fortelle hvilket departement en etat hører til, og om samordning, strategier, porteføljer, finansiering, tiltak, ansvarsområder og etater i hver av de 17 delene. Spør på bokmål, nynorsk eller engelsk, for eksempel:",
            "Eg svarar på spørsmål om korleis staten samordnar digitalisering i kvar sektor, ut frå faktaarket til Digitaliseringsdirektoratet. Eg kan fortelje kva departement ein etat høyrer til, og om samordning, strategiar, porteføljar, finansiering, tiltak, ansvarsområde og etatar i kvar av dei 17 delane. Spør på bokmål, nynorsk eller engelsk, til dømes:",
            "I answer questions about how the Norwegian government coordinates digitalisation in each sector, from Digitaliseringsdirektoratet's fact sheet. I can tell which ministry an agency belongs to, and about coordination, strategies, portfolios, funding, measures, responsibilities and agencies in each of the 17 parts. Ask in Norwegian or English, for example:",
        ));
        reply.list(Engine::examples(lang));
        let cmds: Vec<String> = self
            .rules
            .commands
            .iter()
            .map(|c| {
                let arg = if c.arg.is_empty() {
                    String::new()
                } else {
                    format!(" <{}>", c.arg)
                };
                format!(
                    "/{}{arg} – {}",
                    c.name,
                    lang.pick(&c.help_nb, &c.help_nb, &c.help_en)
                )
            })
            .collect();
        if !cmds.is_empty() {
            reply.para(lang.pick("Kommandoer:", "Kommandoar:", "Commands:"));
            reply.list(cmds);
        }
        reply.para(format!(
            "{} {}",
            self.knowledge.attribution, self.knowledge.source_url
        ));
        reply
    }

    /// The reply to "Jeg er ny i Tolletaten": welcome, which ministry the
    /// agency is under, and that the bot now knows who "vi" are.
    pub(super) fn welcome(&self, me: &Me, lang: Lang) -> Reply {
        let (mut reply, name) = if let Some(a) = me.agency {
            let d = Decision {
                agencies: vec![a],
                ..Decision::for_intent(Intent::AgencyOwner)
            };
            (
                self.agency_owner(&d, lang),
                self.resolver.agencies[a].name.clone(),
            )
        } else {
            let d = Decision {
                sectors: me.sectors.clone(),
                ..Decision::for_intent(Intent::SectorOverview)
            };
            let name = me
                .sectors
                .first()
                .map(|&s| self.knowledge.sectors[s].ministry.name.clone())
                .unwrap_or_default();
            (self.overview(&d, lang), name)
        };
        reply.parts.insert(
            0,
            Part::Paragraph(match lang {
                Lang::En => format!("Welcome to {name}!"),
                Lang::Nn => format!("Velkomen til {name}!"),
                Lang::Nb => format!("Velkommen til {name}!"),
            }),
        );
        reply.para(lang.pick(
            "Jeg husker hvor du jobber, så du kan spørre om «oss», «departementet vårt» eller «søsteretatene våre».",
            "Eg hugsar kvar du jobbar, så du kan spørje om «oss», «departementet vårt» eller «søsteretatane våre».",
            "I'll remember where you work, so you can ask about «us», «our ministry» or «our sister agencies».",
        ));
        reply
    }

    pub(super) fn smalltalk(&self, toks: &[Token], lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Smalltalk, lang);
        let thanks = toks.iter().any(|t| {
            t.surface.starts_with("takk") || t.surface.starts_with("thank") || t.surface == "thx"
        });
        let bye = toks.iter().any(|t| {
            matches!(
                t.surface.as_str(),
                "ha" | "bye" | "goodbye" | "hadet" | "farvel"
            )
        });
        let greeting = toks.iter().any(|t| {
            matches!(
                t.surface.as_str(),
                "hei"
                    | "hallo"
                    | "heisann"
                    | "halla"
                    | "hoi"
                    | "morn"
                    | "hi"
                    | "hello"
                    | "hey"
                    | "god"
                    | "good"
            )
        });
        let text = if thanks {
            lang.pick(
                "Bare hyggelig! Spør gjerne om mer.",
                "Berre hyggeleg! Spør gjerne om meir.",
                "You're welcome! Ask me anything else about the fact sheet.",
            )
        } else if bye {
            lang.pick("Ha det bra!", "Ha det bra!", "Goodbye!")
        } else if greeting {
            lang.pick(
                "Hei! Jeg svarer på spørsmål om samordning av digitalisering i hver sektor. Skriv «hjelp» for å se hva jeg kan.",
                "Hei! Eg svarar på spørsmål om samordning av digitalisering i kvar sektor. Skriv «hjelp» for å sjå kva eg kan.",
                "Hi! I answer questions about how digitalisation is coordinated in each Norwegian government sector. Type «help» to see what I can do.",
            )
        } else {
            lang.pick(
                "Greit! Spør gjerne om mer.",
                "Greitt! Spør gjerne om meir.",
                "All right! Ask me anything else about the fact sheet.",
            )
        };
        reply.para(text);
        reply
    }

    pub(super) fn entity_label(&self, e: Entity, lang: Lang) -> String {
        match e {
            Entity::Sector(s) => {
                let s = &self.knowledge.sectors[s];
                format!("{} ({})", self.ministry(s, lang), s.title)
            }
            Entity::Agency(ai) => {
                let a = &self.resolver.agencies[ai];
                let owners: Vec<String> = self
                    .owner_sectors(&[ai])
                    .iter()
                    .map(|&s| self.knowledge.sectors[s].ministry.abbr.clone())
                    .collect();
                format!("{} ({})", a.name, owners.join(", "))
            }
        }
    }

    pub(super) fn ambiguous(&self, group: &[Entity], lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        let has_agency = group.iter().any(|e| matches!(e, Entity::Agency(_)));
        reply.intent = if has_agency {
            Intent::AgencyInfo
        } else {
            Intent::SectorOverview
        };
        reply.confidence = 0.3;
        let labels: Vec<String> = group.iter().map(|&e| self.entity_label(e, lang)).collect();
        reply.candidates = group
            .iter()
            .map(|&e| match e {
                Entity::Sector(s) => self.knowledge.sectors[s].ministry.name.clone(),
                Entity::Agency(a) => self.resolver.agencies[a].name.clone(),
            })
            .collect();
        reply.para(lang.pick(
            "Navnet kan bety flere ting. Mente du:",
            "Namnet kan tyde fleire ting. Meinte du:",
            "That name could mean several things. Did you mean:",
        ));
        reply.list(labels);
        reply.suggestions.clone_from(&reply.candidates);
        reply
    }

    pub(super) fn intent_phrase(intent: Intent, lang: Lang) -> &'static str {
        match intent {
            Intent::AgencyOwner => lang.pick(
                "hvilket departement den hører til",
                "kva departement han høyrer til",
                "which ministry it belongs to",
            ),
            Intent::AgencyInfo => lang.pick(
                "hva faktaarket sier om den",
                "kva faktaarket seier om han",
                "what the fact sheet says about it",
            ),
            Intent::SectorAgencies => lang.pick("etatene", "etatane", "the agencies"),
            Intent::Funding => lang.pick("finansieringen", "finansieringa", "the funding"),
            Intent::Strategies => lang.pick("strategiene", "strategiane", "the strategies"),
            Intent::Coordination => lang.pick("samordningen", "samordninga", "the coordination"),
            Intent::Portfolio => lang.pick("porteføljen", "porteføljen", "the portfolio"),
            Intent::Measures => lang.pick("tiltakene", "tiltaka", "the measures"),
            Intent::Responsibility => {
                lang.pick("ansvarsområdet", "ansvarsområdet", "the responsibilities")
            }
            Intent::SectorOverview => lang.pick(
                "en oversikt over sektoren",
                "ei oversikt over sektoren",
                "an overview of the sector",
            ),
            Intent::ListSectors => lang.pick(
                "hvilke sektorer faktaarket dekker",
                "kva sektorar faktaarket dekkjer",
                "which sectors the fact sheet covers",
            ),
            Intent::CrossSector => lang.pick(
                "en sammenligning på tvers av sektorer",
                "ei samanlikning på tvers av sektorar",
                "a comparison across sectors",
            ),
            Intent::Help => lang.pick("hjelp", "hjelp", "help"),
            Intent::Smalltalk | Intent::Search | Intent::Unknown => {
                lang.pick("noe annet", "noko anna", "something else")
            }
        }
    }

    pub(super) fn did_you_mean(&self, d: &Decision, other: Intent, lang: Lang) -> Reply {
        let mut reply = Reply::new(d.intent, lang);
        reply.confidence = d.confidence;
        let about: Vec<String> = d
            .sectors
            .iter()
            .map(|&s| self.knowledge.sectors[s].title.clone())
            .chain(
                d.agencies
                    .iter()
                    .map(|&a| self.resolver.agencies[a].name.clone()),
            )
            .collect();
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" ({})", lang.join(&about))
        };
        reply.para(format!(
            "{} «{}» {} «{}»{about}?",
            lang.pick(
                "Jeg er ikke sikker på hva du spør om. Mente du",
                "Eg er ikkje sikker på kva du spør om. Meinte du",
                "I'm not sure what you are asking. Did you mean"
            ),
            Engine::intent_phrase(d.intent, lang),
            lang.or(),
            Engine::intent_phrase(other, lang),
        ));
        for &s in &d.sectors {
            reply.sector(&self.knowledge.sectors[s].id);
        }
        reply.suggestions = vec![
            Engine::intent_phrase(d.intent, lang).to_owned(),
            Engine::intent_phrase(other, lang).to_owned(),
        ];
        reply
    }
}

/// Small numbers as words ("to departementer"), larger as digits.
fn number(n: usize, lang: Lang) -> String {
    let words = match lang {
        Lang::En => ["zero", "one", "two", "three", "four", "five"],
        _ => ["null", "én", "to", "tre", "fire", "fem"],
    };
    words
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

impl Lang {
    fn or(self) -> &'static str {
        self.pick("eller", "eller", "or")
    }
}
