//! What changed between two editions of the sheet (`faktabot diff OLD
//! NEW`): parts added, removed and renamed, agencies added, removed and
//! moved between ministries, sections whose text changed (with the words
//! that went and came), names in the aliases file that no longer resolve,
//! and cross-sector facets that lost (or gained) their evidence.
//!
//! Pure: two parsed editions and the facets in, a [`Diff`] out. Word
//! diffs are `similar`'s (the diff library insta uses), not our own.

use std::collections::BTreeMap;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::aliases::Aliases;
use crate::intents::Facet;
use crate::knowledge::{Knowledge, SectionKind};
use crate::text::fold;

/// A part whose title or ministry changed (same id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renamed {
    /// Sector id.
    pub id: String,
    /// Title before and after.
    pub title: (String, String),
    /// Ministry's name before and after.
    pub ministry: (String, String),
}

/// An agency entry in one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyChange {
    /// The entry as written.
    pub name: String,
    /// Sector id it is in (or was in).
    pub sector: String,
}

/// An agency listed under another ministry than before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The entry as written in the new edition.
    pub name: String,
    /// Sector ids before and after.
    pub from: String,
    /// Sector id after.
    pub to: String,
}

/// A section whose text changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionChange {
    /// Sector id.
    pub sector: String,
    /// Section id (`funding`, …).
    pub section: String,
    /// Words only the old edition has (at most [`MAX_WORDS`], in order).
    pub removed: Vec<String>,
    /// Words only the new edition has.
    pub added: Vec<String>,
}

/// A facet's evidence in one part, lost or gained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetChange {
    /// Facet id.
    pub facet: String,
    /// Sector id.
    pub sector: String,
}

/// Everything that changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Sector ids (and titles) only the new edition has.
    pub parts_added: Vec<(String, String)>,
    /// Sector ids (and titles) only the old edition has.
    pub parts_removed: Vec<(String, String)>,
    /// Parts whose title or ministry changed.
    pub parts_renamed: Vec<Renamed>,
    /// Agencies only the new edition lists.
    pub agencies_added: Vec<AgencyChange>,
    /// Agencies only the old edition lists.
    pub agencies_removed: Vec<AgencyChange>,
    /// Agencies now listed under another ministry.
    pub agencies_moved: Vec<Moved>,
    /// Sections whose text changed.
    pub sections_changed: Vec<SectionChange>,
    /// `[[agency]]` entries of the aliases file the new edition lacks.
    pub aliases_unresolved: Vec<String>,
    /// Facets that lost their evidence in a part.
    pub facets_lost: Vec<FacetChange>,
    /// Facets that gained evidence in a part.
    pub facets_gained: Vec<FacetChange>,
}

/// Most words shown per side of a section change.
pub const MAX_WORDS: usize = 24;

fn section_text(k: &Knowledge, sector: usize, kind: SectionKind) -> String {
    k.sectors[sector]
        .sections_of(kind)
        .flat_map(|s| {
            std::iter::once(s.heading.clone()).chain(s.blocks.iter().map(|b| b.text.clone()))
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn agencies(k: &Knowledge) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for s in &k.sectors {
        for a in &s.agencies {
            out.entry(fold(&a.name))
                .or_insert_with(|| (a.name.clone(), s.id.clone()));
        }
    }
    out
}

/// The sector ids where a facet finds its evidence.
fn facet_sectors(k: &Knowledge, facet: &Facet) -> Vec<String> {
    if facet.needles.is_empty() {
        return Vec::new();
    }
    k.sectors
        .iter()
        .filter(|s| {
            s.sections_of(facet.def.section)
                .flat_map(|x| x.blocks.iter())
                .any(|b| {
                    let t = fold(&b.text);
                    facet.needles.iter().any(|n| t.contains(n.as_str()))
                })
        })
        .map(|s| s.id.clone())
        .collect()
}

/// The changes from `old` to `new`; `aliases` is the names file the new
/// edition will be read with, `facets` the cross-sector facets.
#[must_use]
pub fn diff(old: &Knowledge, new: &Knowledge, aliases: &Aliases, facets: &[Facet]) -> Diff {
    let mut d = Diff::default();
    for s in &new.sectors {
        match old.sectors.iter().find(|o| o.id == s.id) {
            None => d.parts_added.push((s.id.clone(), s.title.clone())),
            Some(o) if o.title != s.title || o.ministry.name != s.ministry.name => {
                d.parts_renamed.push(Renamed {
                    id: s.id.clone(),
                    title: (o.title.clone(), s.title.clone()),
                    ministry: (o.ministry.name.clone(), s.ministry.name.clone()),
                });
            }
            Some(_) => {}
        }
    }
    for o in &old.sectors {
        if new.sectors.iter().all(|s| s.id != o.id) {
            d.parts_removed.push((o.id.clone(), o.title.clone()));
        }
    }
    let (before, after) = (agencies(old), agencies(new));
    for (key, (name, sector)) in &after {
        match before.get(key) {
            None => d.agencies_added.push(AgencyChange {
                name: name.clone(),
                sector: sector.clone(),
            }),
            Some((_, was)) if was != sector => d.agencies_moved.push(Moved {
                name: name.clone(),
                from: was.clone(),
                to: sector.clone(),
            }),
            Some(_) => {}
        }
    }
    for (key, (name, sector)) in &before {
        if !after.contains_key(key) {
            d.agencies_removed.push(AgencyChange {
                name: name.clone(),
                sector: sector.clone(),
            });
        }
    }
    for (ni, s) in new.sectors.iter().enumerate() {
        let Some(oi) = old.sectors.iter().position(|o| o.id == s.id) else {
            continue;
        };
        // Agencies are compared one by one above, not as text.
        for kind in SectionKind::ALL
            .into_iter()
            .filter(|k| *k != SectionKind::Agencies)
        {
            let (a, b) = (section_text(old, oi, kind), section_text(new, ni, kind));
            if a == b {
                continue;
            }
            let words = TextDiff::from_words(&a, &b);
            let mut removed = Vec::new();
            let mut added = Vec::new();
            for change in words.iter_all_changes() {
                let w = change.value().trim();
                if w.is_empty() {
                    continue;
                }
                match change.tag() {
                    ChangeTag::Delete if removed.len() < MAX_WORDS => removed.push(w.to_owned()),
                    ChangeTag::Insert if added.len() < MAX_WORDS => added.push(w.to_owned()),
                    _ => {}
                }
            }
            d.sections_changed.push(SectionChange {
                sector: s.id.clone(),
                section: kind.id().to_owned(),
                removed,
                added,
            });
        }
    }
    let entries: Vec<String> = new
        .sectors
        .iter()
        .flat_map(|s| s.agencies.iter().map(|a| a.name.clone()))
        .collect();
    for a in &aliases.agencies {
        if !entries.contains(&a.entry) {
            d.aliases_unresolved.push(a.entry.clone());
        }
    }
    for f in facets {
        let (was, now) = (facet_sectors(old, f), facet_sectors(new, f));
        for s in was.iter().filter(|s| !now.contains(s)) {
            d.facets_lost.push(FacetChange {
                facet: f.def.id.clone(),
                sector: s.clone(),
            });
        }
        for s in now.iter().filter(|s| !was.contains(s)) {
            d.facets_gained.push(FacetChange {
                facet: f.def.id.clone(),
                sector: s.clone(),
            });
        }
    }
    d
}

impl Diff {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Diff::default()
    }

    /// The diff as lines for a person.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        for (id, title) in &self.parts_added {
            out.push(format!("+ part {id}: «{title}»"));
        }
        for (id, title) in &self.parts_removed {
            out.push(format!("- part {id}: «{title}»"));
        }
        for r in &self.parts_renamed {
            out.push(format!(
                "~ part {}: «{}» → «{}» (ministry «{}» → «{}»)",
                r.id, r.title.0, r.title.1, r.ministry.0, r.ministry.1
            ));
        }
        for a in &self.agencies_added {
            out.push(format!("+ agency «{}» under {}", a.name, a.sector));
        }
        for a in &self.agencies_removed {
            out.push(format!("- agency «{}» (was under {})", a.name, a.sector));
        }
        for m in &self.agencies_moved {
            out.push(format!(
                "~ agency «{}» moved: {} → {}",
                m.name, m.from, m.to
            ));
        }
        for c in &self.sections_changed {
            let mut line = format!("~ {} {}:", c.sector, c.section);
            if !c.removed.is_empty() {
                line.push_str(&format!(" [-{}-]", c.removed.join(" ")));
            }
            if !c.added.is_empty() {
                line.push_str(&format!(" {{+{}+}}", c.added.join(" ")));
            }
            out.push(line);
        }
        for a in &self.aliases_unresolved {
            out.push(format!(
                "! knowledge/aliases.toml: [[agency]] «{a}» is not in the new edition"
            ));
        }
        for f in &self.facets_lost {
            out.push(format!(
                "! facet {}: its evidence in {} is gone",
                f.facet, f.sector
            ));
        }
        for f in &self.facets_gained {
            out.push(format!("+ facet {}: now found in {}", f.facet, f.sector));
        }
        if out.is_empty() {
            out.push("no changes".to_owned());
        }
        out.join("\n") + "\n"
    }
}
