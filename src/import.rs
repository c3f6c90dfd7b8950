//! The importer: the sheet's plain text in, [`Knowledge`] out.
//!
//! The text is a flat list of lines: part titles, section headings,
//! paragraphs and "- " items. It has no markup that says which is which,
//! so the importer reads it as a small state machine:
//!
//! * the first line is the sheet's title, the second its subtitle;
//! * a known section heading (matched in folded form, see [`HEADINGS`])
//!   opens a section; a combined heading opens one section of two kinds;
//! * a line made only of agency-list words ("Etater/virksomheter",
//!   "Selskaper/statsforetak", even the misspelt "Virskomheter/medlemmer")
//!   opens an agency list, and the paragraph just before it is the
//!   ministry's responsibility;
//! * after an agency list, the first line that is neither an item nor
//!   another list heading is the next part's title. This is why a strategy
//!   whose title ends in "sektoren" is never taken for a part.
//!
//! What it cannot place (a part title not in the aliases file, a part with
//! no responsibility paragraph or no agencies) is reported as a
//! [`Problem`], never dropped silently.

use crate::aliases::Aliases;
use crate::knowledge::{
    AgencyEntry, Block, KNOWLEDGE_FORMAT, Knowledge, Ministry, Section, SectionKind, Sector,
};
use crate::text::fold;

/// Where the sheet is published.
pub const SOURCE_URL: &str = "https://www.digdir.no/digital-samhandling/faktaark-med-beskrivelser-av-samordning-av-digitalisering-i-hver-sektor/7668";
/// The attribution every copy carries.
pub const ATTRIBUTION: &str = "Kilde: Digitaliseringsdirektoratet";

/// Section headings the sheet uses, folded, with what they cover.
pub const HEADINGS: &[(&str, &[SectionKind])] = &[
    (
        "koordinering og samhandlingsarenaer",
        &[SectionKind::Coordination],
    ),
    (
        "organisatoriske styringsmekanismer",
        &[SectionKind::Coordination],
    ),
    ("strategier", &[SectionKind::Strategies]),
    (
        "portefoljer oversikter over tiltak",
        &[SectionKind::Portfolio],
    ),
    (
        "strategier portefoljer og oversikter over tiltak",
        &[SectionKind::Strategies, SectionKind::Portfolio],
    ),
    ("finansieringsmekanismer", &[SectionKind::Funding]),
    ("tiltak", &[SectionKind::Measures]),
];

/// Words an agency-list heading is made of (folded).
const AGENCY_HEADING_WORDS: &[&str] = &[
    "etater",
    "etatar",
    "virksomheter",
    "virskomheter",
    "verksemder",
    "underliggende",
    "underliggjande",
    "selskaper",
    "selskap",
    "statsforetak",
    "medlemmer",
    "og",
];

/// Something the importer could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the source text.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn heading_kinds(line: &str) -> Option<&'static [SectionKind]> {
    let key = fold(line);
    HEADINGS
        .iter()
        .find(|(h, _)| *h == key)
        .map(|(_, kinds)| *kinds)
}

/// A short line with no closing punctuation reads as a heading: the sheet
/// writes every paragraph as sentences.
fn looks_like_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=6).contains(&words)
        && !line.ends_with(['.', ':', '?', '!', ';', ')', ','])
        && line.chars().next().is_some_and(char::is_uppercase)
}

/// The known heading a line is a variant of ("Strategiar", "Finansierings-
/// mekanismar", "Tiltaka"): close in spelling, by normalised
/// Damerau-Levenshtein similarity.
fn heading_variant(line: &str) -> Option<(&'static [SectionKind], &'static str)> {
    let key = fold(line);
    HEADINGS
        .iter()
        .map(|(h, kinds)| (strsim::normalized_damerau_levenshtein(h, &key), *kinds, *h))
        .filter(|(sim, _, _)| *sim >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, kinds, h)| (kinds, h))
}

fn is_agency_heading(line: &str) -> bool {
    if line.len() > 60 || line.ends_with('.') {
        return false;
    }
    let key = fold(line);
    !key.is_empty() && key.split(' ').all(|w| AGENCY_HEADING_WORDS.contains(&w))
}

/// Splits "Name: description." into its name, when the name is short and
/// the description reads as a sentence.
fn split_named_item(text: &str) -> Option<String> {
    let (name, rest) = text.split_once(": ")?;
    let rest = rest.trim();
    if name.chars().count() > 140 || rest.is_empty() {
        return None;
    }
    let sentence = rest.ends_with('.') || rest.contains(". ");
    sentence.then(|| name.trim().to_owned())
}

#[derive(PartialEq)]
enum State {
    Title,
    Body,
    Agencies,
}

/// Imports the sheet's text. `aliases` supplies each part's id and ministry.
#[must_use]
pub fn import(text: &str, aliases: &Aliases) -> (Knowledge, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, crate::text::tidy(l)))
        .filter(|(_, l)| !l.is_empty());
    let title = lines.next().map(|(_, l)| l).unwrap_or_default();
    let subtitle = lines.next().map(|(_, l)| l).unwrap_or_default();
    let mut knowledge = Knowledge {
        format: KNOWLEDGE_FORMAT,
        title,
        source_url: SOURCE_URL.to_owned(),
        attribution: ATTRIBUTION.to_owned(),
        subtitle,
        edition: None,
        sectors: Vec::new(),
        removed: Vec::new(),
    };
    let mut state = State::Title;
    let mut group = String::new();
    let mut title_line = 0;
    for (n, line) in lines {
        let item = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("-\u{a0}"));
        if state == State::Title
            || (state == State::Agencies && item.is_none() && !is_agency_heading(&line))
        {
            if let Some(done) = knowledge.sectors.last() {
                finish(done, title_line, &mut problems);
            }
            knowledge
                .sectors
                .push(new_sector(&line, n, aliases, &mut problems));
            title_line = n;
            state = State::Body;
            continue;
        }
        let sector = knowledge.sectors.last_mut().expect("a part is open");
        if let Some(item) = item {
            let item = item.trim().to_owned();
            if state == State::Agencies {
                sector.agencies.push(AgencyEntry {
                    name: item,
                    group: group.clone(),
                });
            } else {
                let section = sector.sections.last_mut().expect("intro is open");
                let name = if section.kinds.contains(&SectionKind::Strategies)
                    || section.kinds.contains(&SectionKind::Funding)
                    || section.kinds.contains(&SectionKind::Coordination)
                {
                    split_named_item(&item)
                } else {
                    None
                };
                section.blocks.push(Block {
                    item: true,
                    name,
                    text: item,
                });
            }
        } else if is_agency_heading(&line) {
            if state == State::Body {
                take_responsibility(sector, n, &mut problems);
            }
            group = line;
            state = State::Agencies;
        } else if let Some(kinds) = heading_kinds(&line) {
            sector.sections.push(Section {
                kinds: kinds.to_vec(),
                heading: line,
                blocks: Vec::new(),
            });
        } else if let Some((kinds, known)) = looks_like_heading(&line)
            .then(|| heading_variant(&line))
            .flatten()
        {
            problems.push(Problem {
                line: n,
                message: format!(
                    "heading «{line}» is not one the importer knows; read as «{known}», its closest known heading (add it to import::HEADINGS if that is right)"
                ),
            });
            sector.sections.push(Section {
                kinds: kinds.to_vec(),
                heading: line,
                blocks: Vec::new(),
            });
        } else {
            let section = sector.sections.last_mut().expect("intro is open");
            if looks_like_heading(&line) {
                let under = if section.heading.is_empty() {
                    "the part's introduction".to_owned()
                } else {
                    format!("«{}»", section.heading)
                };
                problems.push(Problem {
                    line: n,
                    message: format!(
                        "«{line}» looks like a heading, but is no heading the importer knows: kept as a paragraph under {under}"
                    ),
                });
            }
            section.blocks.push(Block {
                item: false,
                name: None,
                text: line,
            });
        }
    }
    match knowledge.sectors.last() {
        Some(done) => finish(done, title_line, &mut problems),
        None => problems.push(Problem {
            line: 1,
            message: "no part found in the text".to_owned(),
        }),
    }
    (knowledge, problems)
}

fn new_sector(title: &str, line: usize, aliases: &Aliases, problems: &mut Vec<Problem>) -> Sector {
    let (id, ministry) = match aliases.sector_by_title(title) {
        Some(s) => (
            s.id.clone(),
            Ministry {
                name: s.ministry.clone(),
                abbr: s.abbr.clone(),
            },
        ),
        None => {
            problems.push(Problem {
                line,
                message: format!(
                    "part title «{title}» is not in knowledge/aliases.toml: add a [[sector]] entry with this title"
                ),
            });
            let id = fold(title).replace(' ', "-");
            (
                id,
                Ministry {
                    name: title.to_owned(),
                    abbr: String::new(),
                },
            )
        }
    };
    Sector {
        id,
        title: title.to_owned(),
        ministry,
        sections: vec![Section {
            kinds: vec![SectionKind::Intro],
            heading: String::new(),
            blocks: Vec::new(),
        }],
        agencies: Vec::new(),
    }
}

/// Moves the paragraph just before the first agency heading into a
/// responsibility section of its own.
fn take_responsibility(sector: &mut Sector, line: usize, problems: &mut Vec<Problem>) {
    let last = sector.sections.last_mut().expect("intro is open");
    match last.blocks.last() {
        Some(b) if !b.item && last.blocks.len() > usize::from(last.kinds == [SectionKind::Intro]) => {
            let block = last.blocks.pop().expect("checked");
            sector.sections.push(Section {
                kinds: vec![SectionKind::Responsibility],
                heading: String::new(),
                blocks: vec![block],
            });
        }
        _ => problems.push(Problem {
            line,
            message: format!(
                "part «{}»: no paragraph before the agency list to take as the ministry's responsibility",
                sector.title
            ),
        }),
    }
}

fn finish(sector: &Sector, line: usize, problems: &mut Vec<Problem>) {
    if sector.agencies.is_empty() {
        problems.push(Problem {
            line,
            message: format!("part «{}» has no agency list", sector.title),
        });
    }
    if sector.sections.len() < 2 {
        problems.push(Problem {
            line,
            message: format!("part «{}» has no section headings", sector.title),
        });
    }
}

/// Carries what `old` (the edition being replaced) knew over into `new`:
/// the agencies `old` listed that `new` does not join `new.removed` (with
/// those `old` had already lost), except any `new` lists again.
pub fn carry_over(old: &Knowledge, new: &mut Knowledge) {
    let listed = |k: &Knowledge, name: &str| {
        k.sectors
            .iter()
            .any(|s| s.agencies.iter().any(|a| fold(&a.name) == fold(name)))
    };
    let mut removed: Vec<crate::knowledge::RemovedAgency> = old
        .removed
        .iter()
        .filter(|r| !listed(new, &r.name))
        .cloned()
        .collect();
    for s in &old.sectors {
        for a in &s.agencies {
            if !listed(new, &a.name) && removed.iter().all(|r| fold(&r.name) != fold(&a.name)) {
                removed.push(crate::knowledge::RemovedAgency {
                    name: a.name.clone(),
                    was_in: s.title.clone(),
                });
            }
        }
    }
    new.removed = removed;
}

/// The knowledge as the pretty JSON the importer writes (with a final
/// newline), so a re-import can be compared byte for byte.
#[must_use]
pub fn to_json(knowledge: &Knowledge) -> String {
    let mut s = serde_json::to_string_pretty(knowledge).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases() -> Aliases {
        toml::from_str(
            r#"
format = 1
[[sector]]
id = "xd"
title = "X-departementets område"
ministry = "X-departementet"
abbr = "XD"
english = "Ministry of X"
sector_nb = "x-sektoren"
sector_en = "the x sector"
"#,
        )
        .unwrap()
    }

    #[test]
    fn parses_headings_items_and_agency_lists() {
        let text = "Tittel\nUndertittel\nX-departementets område\nIntro.\nStrategier\n- Strategi for helsesektoren\n- Navn: En beskrivelse.\nFinansieringsmekanismer\nPenger.\nXD har ansvar for alt.\nEtater\n- A\nSelskaper/statsforetak\n- B AS\nUkjent sektoren\nIntro to.\nTiltak\nNoe.\nAnsvar.\nVirskomheter/medlemmer\n- C\n";
        let (k, problems) = import(text, &aliases());
        assert_eq!(k.sectors.len(), 2);
        let x = &k.sectors[0];
        assert_eq!(x.id, "xd");
        assert_eq!(x.ministry.abbr, "XD");
        let strategies: Vec<_> = x.sections_of(SectionKind::Strategies).collect();
        assert_eq!(strategies[0].blocks.len(), 2);
        assert_eq!(strategies[0].blocks[1].name.as_deref(), Some("Navn"));
        assert_eq!(strategies[0].blocks[0].name, None);
        let resp: Vec<_> = x.sections_of(SectionKind::Responsibility).collect();
        assert_eq!(resp[0].blocks[0].text, "XD har ansvar for alt.");
        assert_eq!(x.agencies.len(), 2);
        assert_eq!(x.agencies[1].group, "Selskaper/statsforetak");
        // The unknown part is kept and reported.
        assert_eq!(k.sectors[1].title, "Ukjent sektoren");
        assert_eq!(k.sectors[1].agencies[0].group, "Virskomheter/medlemmer");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("Ukjent sektoren"));
    }

    #[test]
    fn empty_sections_are_kept_empty() {
        let text = "T\nU\nX-departementets område\nIntro.\nStrategier\nTiltak\nNoe.\nAnsvar.\nEtater\n- A\n";
        let (k, problems) = import(text, &aliases());
        assert!(problems.is_empty(), "{problems:?}");
        assert!(k.sectors[0].has_empty_heading(SectionKind::Strategies));
        assert!(!k.sectors[0].has(SectionKind::Strategies));
    }

    #[test]
    fn heading_variants_are_placed_and_reported_and_unknown_headings_kept() {
        let text = "T\nU\nX-departementets område\nIntro.\nStrategiar\n- Ein strategi\nFinansieringsmekanismar\nPengar.\nNoe helt annet\nMer tekst.\nAnsvar.\nEtater\n- A\n";
        let (k, problems) = import(text, &aliases());
        let x = &k.sectors[0];
        let strategies: Vec<_> = x.sections_of(SectionKind::Strategies).collect();
        assert_eq!(strategies.len(), 1, "{:?}", x.sections);
        assert_eq!(strategies[0].heading, "Strategiar");
        assert_eq!(strategies[0].blocks[0].text, "Ein strategi");
        assert_eq!(x.sections_of(SectionKind::Funding).count(), 1);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![5, 7, 9], "{problems:?}");
        assert!(
            problems[0].message.contains("«Strategiar»")
                && problems[0].message.contains("strategier")
        );
        assert!(problems[2].message.contains("«Noe helt annet»"));
        // The unknown heading is kept (as a paragraph), not dropped.
        let funding: Vec<_> = x.sections_of(SectionKind::Funding).collect();
        assert!(funding[0].blocks.iter().any(|b| b.text == "Noe helt annet"));
    }

    #[test]
    fn missing_responsibility_is_reported() {
        let text = "T\nU\nX-departementets område\nIntro.\nTiltak\n- Noe\nEtater\n- A\n";
        let (_, problems) = import(text, &aliases());
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("responsibility"))
        );
    }
}
