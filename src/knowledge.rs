//! The structured fact sheet: parts (sectors), their sections and agencies.
//!
//! This is the shape of `knowledge/faktaark.json`, written by the importer
//! (`faktabot import`) from the sheet's text and read back by the loader.
//! Every string is the sheet's own wording; nothing here is paraphrased.

use serde::{Deserialize, Serialize};

/// Version of the knowledge file format. Bumped on incompatible changes.
pub const KNOWLEDGE_FORMAT: u32 = 1;

/// The kinds of section a part of the sheet can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// The paragraphs between the part's title and its first heading.
    Intro,
    /// "Koordinering og samhandlingsarenaer" and the like.
    Coordination,
    /// "Strategier".
    Strategies,
    /// "Porteføljer/oversikter over tiltak".
    Portfolio,
    /// "Finansieringsmekanismer".
    Funding,
    /// "Tiltak".
    Measures,
    /// The unheaded paragraph before the agency list.
    Responsibility,
    /// The agency lists.
    Agencies,
}

impl SectionKind {
    /// Every kind, in the order a part presents them.
    pub const ALL: [SectionKind; 8] = [
        SectionKind::Intro,
        SectionKind::Coordination,
        SectionKind::Strategies,
        SectionKind::Portfolio,
        SectionKind::Funding,
        SectionKind::Measures,
        SectionKind::Responsibility,
        SectionKind::Agencies,
    ];

    /// The id used in JSON replies and sources.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            SectionKind::Intro => "intro",
            SectionKind::Coordination => "coordination",
            SectionKind::Strategies => "strategies",
            SectionKind::Portfolio => "portfolio",
            SectionKind::Funding => "funding",
            SectionKind::Measures => "measures",
            SectionKind::Responsibility => "responsibility",
            SectionKind::Agencies => "agencies",
        }
    }

    /// Parses an id as written by [`SectionKind::id`].
    #[must_use]
    pub fn from_id(id: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// One paragraph or list item of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// `true` for a list item ("- ..." in the sheet).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub item: bool,
    /// For an item of the form "Name: description", the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The whole text as in the sheet (for an item, without the dash).
    pub text: String,
}

/// A headed part of a sector's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What the section covers; a combined heading covers two kinds.
    pub kinds: Vec<SectionKind>,
    /// The heading as written in the sheet (empty for intro and
    /// responsibility, which have none).
    pub heading: String,
    /// Paragraphs and items, in order. Empty when the sheet has the
    /// heading and nothing under it.
    pub blocks: Vec<Block>,
}

/// One entry of an agency list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyEntry {
    /// The entry as written ("Lånekassen - Statens lånekasse for utdanning").
    pub name: String,
    /// The list heading it stands under ("Underliggende etater").
    pub group: String,
}

/// The ministry that heads a part of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ministry {
    /// Full Norwegian name ("Kunnskapsdepartementet"); "KS" for the
    /// municipal sector.
    pub name: String,
    /// Abbreviation ("KD").
    pub abbr: String,
}

/// One of the sheet's parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sector {
    /// Stable id ("kd").
    pub id: String,
    /// Title as in the sheet ("Kunnskapssektoren").
    pub title: String,
    /// The ministry (or KS).
    pub ministry: Ministry,
    /// Sections in the sheet's order, intro first.
    pub sections: Vec<Section>,
    /// Agency entries in the sheet's order.
    pub agencies: Vec<AgencyEntry>,
}

impl Sector {
    /// Sections that cover `kind`, in order.
    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.sections
            .iter()
            .filter(move |s| s.kinds.contains(&kind))
    }

    /// `true` when the sheet has at least one non-empty section of `kind`.
    #[must_use]
    pub fn has(&self, kind: SectionKind) -> bool {
        if kind == SectionKind::Agencies {
            return !self.agencies.is_empty();
        }
        self.sections_of(kind).any(|s| !s.blocks.is_empty())
    }

    /// `true` when the sheet has the heading for `kind` but nothing under it.
    #[must_use]
    pub fn has_empty_heading(&self, kind: SectionKind) -> bool {
        let mut any = false;
        for s in self.sections_of(kind) {
            if !s.blocks.is_empty() {
                return false;
            }
            any = true;
        }
        any
    }

    /// The distinct list headings of the agencies, in order.
    #[must_use]
    pub fn agency_groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = Vec::new();
        for a in &self.agencies {
            if !groups.contains(&a.group.as_str()) {
                groups.push(&a.group);
            }
        }
        groups
    }
}

/// The whole fact sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knowledge {
    /// [`KNOWLEDGE_FORMAT`].
    pub format: u32,
    /// The sheet's title.
    pub title: String,
    /// Where the sheet is published.
    pub source_url: String,
    /// "Kilde: Digitaliseringsdirektoratet".
    pub attribution: String,
    /// The sentence under the title.
    pub subtitle: String,
    /// Which edition this is ("2026-12-01"), as `faktabot import
    /// --edition` was told; answers name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// The parts in the sheet's order.
    pub sectors: Vec<Sector>,
    /// Agencies earlier editions listed and this one does not (kept by
    /// `faktabot import` when it replaces an edition), so the bot can say
    /// so instead of taking the name for a neighbour's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<RemovedAgency>,
}

/// An agency an earlier edition listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovedAgency {
    /// The entry as the earlier edition wrote it.
    pub name: String,
    /// The part it was listed in (its title then).
    pub was_in: String,
}

impl Knowledge {
    /// The part with this id.
    #[must_use]
    pub fn sector(&self, id: &str) -> Option<&Sector> {
        self.sectors.iter().find(|s| s.id == id)
    }

    /// Number of agency entries over all parts.
    #[must_use]
    pub fn agency_entries(&self) -> usize {
        self.sectors.iter().map(|s| s.agencies.len()).sum()
    }
}
