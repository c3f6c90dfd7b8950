//! The hand-kept names file, `knowledge/aliases.toml`.
//!
//! The sheet names each ministry once and each agency the way its list
//! does. People type abbreviations, old names, English names and
//! misspellings; this file lists them, one entry per sector and per agency.
//! It also fixes the sheet's slips ("Diskrimineringsnemda") through
//! `canonical`, without touching the sheet's text.

use serde::{Deserialize, Serialize};

/// Version of the aliases file format.
pub const ALIASES_FORMAT: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aliases {
    /// [`ALIASES_FORMAT`].
    pub format: u32,
    /// One entry per part of the sheet.
    #[serde(default, rename = "sector")]
    pub sectors: Vec<SectorNames>,
    /// One entry per agency that needs names beyond its list entry.
    #[serde(default, rename = "agency")]
    pub agencies: Vec<AgencyNames>,
    /// Names that mean more than one thing.
    #[serde(default, rename = "ambiguous")]
    pub ambiguous: Vec<Ambiguous>,
}

/// Names of one part of the sheet and its ministry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorNames {
    /// Stable id ("kd").
    pub id: String,
    /// The part's title as in the sheet: how the importer recognises it.
    pub title: String,
    /// Full Norwegian name of the ministry ("KS" for the municipal sector).
    pub ministry: String,
    /// Abbreviation ("KD").
    pub abbr: String,
    /// Official English name of the ministry.
    pub english: String,
    /// What the sector is called in a sentence, in bokmål
    /// ("kunnskapssektoren").
    pub sector_nb: String,
    /// ... and in English ("the education sector").
    pub sector_en: String,
    /// Other names: short, informal, former, English, misspelt.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names matched only when typed in capitals, because in lower case
    /// they are common words ("FIN", "AID").
    #[serde(default)]
    pub case_sensitive: Vec<String>,
}

/// Names of one agency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyNames {
    /// The entry as written in the sheet's list: the key to the agency.
    pub entry: String,
    /// The right name where the sheet's entry has a slip.
    #[serde(default)]
    pub canonical: Option<String>,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names matched only when typed in capitals.
    #[serde(default)]
    pub case_sensitive: Vec<String>,
}

/// A name that stands for several entities: the bot lists them instead of
/// guessing.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambiguous {
    /// The name as people type it.
    pub name: String,
    /// Canonical names (or sector ids) of what it may mean.
    pub candidates: Vec<String>,
}

impl Aliases {
    /// The sector entry whose title folds to the same text as `title`.
    #[must_use]
    pub fn sector_by_title(&self, title: &str) -> Option<&SectorNames> {
        let key = crate::text::fold(title);
        self.sectors
            .iter()
            .find(|s| crate::text::fold(&s.title) == key)
    }
}
