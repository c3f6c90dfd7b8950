//! Sector answers: one section of a part, its agencies, an overview, the
//! list of parts, and asking which sector when the question names none.

use crate::intents::{FacetMode, Intent};
use crate::knowledge::{Block, Section, SectionKind, Sector};
use crate::lang::Lang;
use crate::messages::num;
use crate::reply::{Part, Reply, Source};

use super::super::Engine;
use super::super::decide::Decision;

/// The sections an overview or a "not in the sheet" reply lists.
pub(in crate::engine) const DESCRIBED: [SectionKind; 5] = [
    SectionKind::Coordination,
    SectionKind::Strategies,
    SectionKind::Portfolio,
    SectionKind::Funding,
    SectionKind::Measures,
];

impl Engine {
    pub(in crate::engine) fn sector_suggestions(&self, s: &Sector, lang: Lang) -> Vec<String> {
        [
            (SectionKind::Funding, "suggest-funding"),
            (SectionKind::Strategies, "suggest-strategies"),
            (SectionKind::Agencies, "suggest-agencies"),
            (SectionKind::Coordination, "suggest-coordination"),
        ]
        .into_iter()
        .filter(|(kind, _)| s.has(*kind))
        .map(|(_, key)| self.say_with(lang, key, &[("abbr", s.ministry.abbr.as_str().into())]))
        .collect()
    }

    /// The sections of `kind` a part describes, lower-cased for a sentence.
    fn described(&self, s: &Sector, except: SectionKind, lang: Lang) -> Vec<String> {
        DESCRIBED
            .into_iter()
            .filter(|k| *k != except && s.has(*k))
            .map(|k| self.section_name(k, lang).to_lowercase())
            .collect()
    }

    pub(in crate::engine) fn section_answer(&self, d: &Decision, lang: Lang) -> Reply {
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
                    .find(|f| f.def.mode == FacetMode::AgencyCount)
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
            let title = format!("{} – {}", self.section_name(kind, lang), s.title);
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
                self.section_missing(&mut reply, s, kind, lang);
                continue;
            }
            if kind == SectionKind::Responsibility {
                reply.para(format!("{}:", self.ministry(s, lang)));
            }
            for section in s.sections_of(kind) {
                Engine::push_blocks(&mut reply, section);
                reply.source(self.source(s, section, kind, lang));
            }
        }
        // One list in a one-part answer: what "the second one" is next.
        let lists: Vec<&Vec<String>> = reply
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::List(items) => Some(items),
                _ => None,
            })
            .collect();
        if !many
            && kind != SectionKind::Agencies
            && let [items] = lists[..]
            && items.len() > 1
        {
            reply.listed = items.clone();
            reply.listed_items = true;
        }
        if d.sectors.len() > 3 {
            reply.para(self.say(lang, "first-three-sectors"));
        }
        if let Some(&si) = d.sectors.first() {
            reply.suggestions = self.sector_suggestions(&self.knowledge.sectors[si], lang);
        }
        reply
    }

    /// "what's the second priority area?" after an answer that listed a
    /// section's items: that item, from the chat's part and section;
    /// `None` when the chat's last answer was no such list.
    pub(in crate::engine) fn listed_item(
        &self,
        ctx: &crate::engine::Context,
        reference: crate::intents::Ordinal,
        lang: Lang,
    ) -> Option<Reply> {
        if !ctx.listed_items {
            return None;
        }
        let intent = ctx.intent?;
        let kind = intent.section()?;
        let count = ctx.listed.len();
        let item = reference.of(&ctx.listed)?;
        // Its place in the list, 1 for the first ("the last" is the count).
        let place = match reference.place {
            -1 => count,
            p => usize::try_from(p).ok()?,
        };
        let id = ctx.sectors.first()?;
        let s = self.knowledge.sectors.iter().find(|s| &s.id == id)?;
        let section = s
            .sections_of(kind)
            .find(|sec| sec.blocks.iter().any(|b| b.item && &b.text == item))?;
        let mut reply = Reply::new(intent, lang);
        reply.sector(&s.id);
        reply.title = Some(format!("{} – {}", self.section_name(kind, lang), s.title));
        reply.para(self.say_with(
            lang,
            "listed-item",
            &[("place", num(place)), ("count", num(count))],
        ));
        reply.list(vec![item.clone()]);
        reply.source(self.source(s, section, kind, lang));
        Some(reply)
    }

    /// The items of the last answer's list (one section's, see
    /// [`Engine::listed_item`]) that name an agency the question names
    /// ("which one does Nkom run?" after DFD's funding schemes); `None`
    /// when the question names none, or no item or every item names it.
    pub(in crate::engine) fn listed_items_naming(
        &self,
        ctx: &crate::engine::Context,
        res: &crate::resolve::Resolution,
        lang: Lang,
    ) -> Option<Reply> {
        let intent = ctx.intent?;
        let kind = intent.section()?;
        let asked: Vec<usize> = res
            .mentions
            .iter()
            .filter_map(|m| match m.entity {
                crate::resolve::Entity::Agency(i) => Some(i),
                crate::resolve::Entity::Sector(_) => None,
            })
            .collect();
        if asked.is_empty() {
            return None;
        }
        let names_asked = |item: &String| {
            self.resolver.resolve(item).mentions.iter().any(
                |m| matches!(m.entity, crate::resolve::Entity::Agency(i) if asked.contains(&i)),
            )
        };
        let items: Vec<String> = ctx
            .listed
            .iter()
            .filter(|i| names_asked(i))
            .cloned()
            .collect();
        if items.is_empty() || items.len() == ctx.listed.len() {
            return None;
        }
        let id = ctx.sectors.first()?;
        let s = self.knowledge.sectors.iter().find(|s| &s.id == id)?;
        let section = s
            .sections_of(kind)
            .find(|sec| sec.blocks.iter().any(|b| b.item && b.text == items[0]))?;
        let mut reply = Reply::new(intent, lang);
        reply.sector(&s.id);
        for &i in &asked {
            reply.agencies.push(self.resolver.agencies[i].name.clone());
        }
        reply.title = Some(format!("{} – {}", self.section_name(kind, lang), s.title));
        reply.para(self.say_with(
            lang,
            "listed-items-naming",
            &[
                ("found", num(items.len())),
                ("count", num(ctx.listed.len())),
            ],
        ));
        reply.list(items);
        reply.source(self.source(s, section, kind, lang));
        Some(reply)
    }

    /// The part has no text of this kind: says so (an empty heading is
    /// named), and what the part does describe.
    fn section_missing(&self, reply: &mut Reply, s: &Sector, kind: SectionKind, lang: Lang) {
        let part = ("part", s.title.as_str().into());
        let abbr = ("abbr", s.ministry.abbr.as_str().into());
        reply.para(if s.has_empty_heading(kind) {
            let heading = s
                .sections_of(kind)
                .next()
                .map_or("", |x| x.heading.as_str());
            self.say_with(
                lang,
                "section-empty-heading",
                &[("heading", heading.into()), part, abbr],
            )
        } else {
            let what = self.section_name(kind, lang).to_lowercase();
            self.say_with(
                lang,
                "section-missing",
                &[("section", what.into()), part, abbr],
            )
        });
        let has = self.described(s, kind, lang);
        if !has.is_empty() {
            reply.para(self.say_with(
                lang,
                "section-has-instead",
                &[("sections", self.join(lang, &has).into())],
            ));
        }
        for section in s.sections_of(kind) {
            reply.source(self.source(s, section, kind, lang));
        }
        if reply.sources.is_empty() {
            reply.source(Source {
                sector: s.id.clone(),
                section: SectionKind::Intro.id().to_owned(),
                label: s.title.clone(),
            });
        }
    }

    pub(in crate::engine) fn agency_list(
        &self,
        reply: &mut Reply,
        s: &Sector,
        count: bool,
        lang: Lang,
    ) {
        let n = s.agencies.len();
        let distinct = self
            .resolver
            .agencies
            .iter()
            .filter(|a| {
                a.entries
                    .iter()
                    .any(|(si, _)| self.knowledge.sectors[*si].id == s.id)
            })
            .count();
        reply.para(self.say_with(
            lang,
            "agency-list",
            &[
                ("count", num(n)),
                ("ministry", self.ministry(s, lang).into()),
                ("distinct", num(distinct)),
                ("dupes", num(n.saturating_sub(distinct))),
                ("end", if count { "count" } else { "list" }.into()),
            ],
        ));
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
            reply.listed.extend(items.iter().cloned());
            reply.list(items);
        }
        reply.source(self.agencies_source(s, lang));
    }

    pub(in crate::engine) fn which_sector(
        &self,
        intent: Intent,
        kind: SectionKind,
        lang: Lang,
    ) -> Reply {
        let mut reply = Reply::new(intent, lang);
        reply.confidence = 0.5;
        let name = self.section_name(kind, lang);
        let name = if lang == Lang::En {
            name
        } else {
            name.to_lowercase()
        };
        reply.para(self.say_with(lang, "which-sector", &[("section", name.into())]));
        reply.list(
            self.knowledge
                .sectors
                .iter()
                .filter(|s| s.has(kind))
                .map(|s| format!("{} – {}", s.title, s.ministry.abbr))
                .collect(),
        );
        reply.para(self.say(lang, "which-sector-hint"));
        reply
    }

    pub(in crate::engine) fn overview(&self, d: &Decision, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::SectorOverview, lang);
        let Some(&si) = d.sectors.first() else {
            return self.which_sector(Intent::SectorOverview, SectionKind::Intro, lang);
        };
        let s = &self.knowledge.sectors[si];
        reply.sector(&s.id);
        reply.title = Some(s.title.clone());
        reply.para(self.say_with(
            lang,
            "overview-ministry",
            &[("ministry", self.ministry(s, lang).into())],
        ));
        for kind in [SectionKind::Intro, SectionKind::Responsibility] {
            for section in s.sections_of(kind) {
                Engine::push_blocks(&mut reply, section);
                reply.source(self.source(s, section, kind, lang));
            }
        }
        // What the part is made of, by name: its strategies (the first
        // few titles of their list, or the section's first sentence where
        // it begins with prose), then the arenas it coordinates in and its
        // measures (the first sentence of each, as a list).
        if let Some(section) = s.sections_of(SectionKind::Strategies).next()
            && let Some((shown, more, items)) = gist(section)
        {
            let (list, more) = if items {
                (shown.join("; "), more)
            } else {
                (shown.into_iter().next().unwrap_or_default(), 0)
            };
            reply.para(self.say_with(
                lang,
                "overview-strategies",
                &[("list", list.into()), ("more", num(more))],
            ));
            reply.source(self.source(s, section, SectionKind::Strategies, lang));
        }
        for (kind, id) in [
            (SectionKind::Coordination, "overview-coordination"),
            (SectionKind::Measures, "overview-measures"),
        ] {
            if let Some(section) = s.sections_of(kind).next()
                && let Some((shown, more, _)) = gist(section)
            {
                reply.para(self.say_with(lang, id, &[("more", num(more))]));
                reply.list(shown);
                reply.source(self.source(s, section, kind, lang));
            }
        }
        if !s.agencies.is_empty() {
            let names: Vec<&str> = s.agencies.iter().map(|a| a.name.as_str()).collect();
            reply.para(self.say_with(
                lang,
                "overview-agencies",
                &[
                    ("list", names.join(", ").into()),
                    ("count", num(names.len())),
                ],
            ));
            reply.source(self.agencies_source(s, lang));
        }
        // The sections it has that the overview did not name.
        let rest: Vec<String> = [SectionKind::Portfolio, SectionKind::Funding]
            .into_iter()
            .filter(|k| s.has(*k))
            .map(|k| self.section_name(k, lang).to_lowercase())
            .collect();
        reply.para(self.say_with(
            lang,
            "overview-more",
            &[
                ("sections", self.join(lang, &rest).into()),
                ("has", num(rest.len())),
            ],
        ));
        reply.suggestions = self.sector_suggestions(s, lang);
        reply
    }

    pub(in crate::engine) fn list_sectors(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::ListSectors, lang);
        reply.title = Some(self.say_with(
            lang,
            "list-sectors-title",
            &[("count", num(self.knowledge.sectors.len()))],
        ));
        reply.list(
            self.knowledge
                .sectors
                .iter()
                .map(|s| format!("{} – {}", s.title, self.ministry(s, lang)))
                .collect(),
        );
        reply.listed = self
            .knowledge
            .sectors
            .iter()
            .map(|s| s.ministry.name.clone())
            .collect();
        let publisher = self
            .knowledge
            .attribution
            .split_once(':')
            .map_or(self.knowledge.attribution.as_str(), |(_, p)| p.trim());
        reply.para(self.say_with(
            lang,
            "list-sectors-source",
            &[
                ("title", self.knowledge.title.as_str().into()),
                ("publisher", publisher.into()),
            ],
        ));
        reply
    }
}

/// Items of a section an overview names.
const OVERVIEW_ITEMS: usize = 3;

/// What an overview says of a section: the titles of its first few
/// items, or the first sentences of its first few paragraphs (lead-ins
/// ending in a colon skipped), how many it leaves out, and whether the
/// first it names is a list item.
fn gist(section: &Section) -> Option<(Vec<String>, usize, bool)> {
    let named: Vec<&Block> = section
        .blocks
        .iter()
        .filter(|b| b.item || !b.text.trim_end().ends_with(':'))
        .collect();
    if named.is_empty() {
        return None;
    }
    let shown = named
        .iter()
        .take(OVERVIEW_ITEMS)
        .map(|b| short_title(&b.text, if b.item { ": " } else { ". " }))
        .collect();
    Some((
        shown,
        named.len().saturating_sub(OVERVIEW_ITEMS),
        named[0].item,
    ))
}

/// A list item's title or a paragraph's first sentence: up to the first
/// `end` after 20 characters, at most 160 characters. A full stop ends a
/// sentence only after a word of two letters or more in one case ("KS",
/// "regler") or a name of five letters or more ("Finansdepartementet"),
/// and before a capital, so "6. oktober", "Meld. St. 9" and "bl.a." do
/// not.
fn short_title(text: &str, end: &str) -> String {
    let ends_here = |i: usize| {
        if end != ". " {
            return true;
        }
        let before = text[..i].rsplit(|c: char| !c.is_alphabetic()).next();
        let word_ends = before.is_some_and(|w| {
            let n = w.chars().count();
            let rest_lower = w.chars().skip(1).all(char::is_lowercase);
            n >= 2 && (w.chars().all(char::is_lowercase) || w.chars().all(char::is_uppercase))
                || n >= 5 && rest_lower
        }) && text[..i].ends_with(|c: char| c.is_alphabetic());
        let capital_next = text[i + end.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        word_ends && capital_next
    };
    let cut = text
        .match_indices(end)
        .map(|(i, _)| i)
        .find(|&i| i >= 20 && ends_here(i))
        .unwrap_or(text.len());
    let title = text[..cut].trim().trim_end_matches('.');
    if title.chars().count() > 160 {
        let short: String = title.chars().take(159).collect();
        format!("{}…", short.trim_end())
    } else {
        title.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::short_title;

    #[test]
    fn a_first_sentence_ends_at_a_full_stop_between_sentences_only() {
        assert_eq!(
            short_title(
                "Utvalget ble opprettet 6. oktober 2021 sammen med KS. Det leverte.",
                ". "
            ),
            "Utvalget ble opprettet 6. oktober 2021 sammen med KS"
        );
        assert_eq!(
            short_title(
                "Planen følger opp Meld. St. 9 (2023–2024) om helse. Den gjelder.",
                ". "
            ),
            "Planen følger opp Meld. St. 9 (2023–2024) om helse"
        );
        assert_eq!(
            short_title("Nasjonal e-helsestrategi: mål for sektoren", ": "),
            "Nasjonal e-helsestrategi"
        );
        let long = "ord ".repeat(100);
        assert!(short_title(&long, ". ").ends_with('…'));
    }
}
