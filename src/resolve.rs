//! Entity resolution: which sectors and agencies a question names.
//!
//! Every name of every entity (the sheet's own, the names derived from an
//! entry such as "Lånekassen - Statens lånekasse for utdanning", and the
//! hand-kept aliases) is analysed into stems with [`crate::text::tokens`],
//! so inflected and compound forms meet. A question is matched against
//! them as token sequences:
//!
//! * exact folded spelling scores 1.0, the same stem 0.95, a genitive -s
//!   stripped 0.95;
//! * a word the bot does not know at all may be a typo of a name's word:
//!   it is matched within an edit distance bounded by its length
//!   ([`crate::text::typo_budget`]), never on short words, scoring
//!   1 − distance/length;
//! * abbreviations count only as whole words, not when hyphen-joined
//!   ("KS-ordningen" is not KS), and some only in capitals ("FIN");
//! * the longest match wins; two different entities with equal matches on
//!   the same words make the name ambiguous, and the bot lists them.

use crate::aliases::Aliases;
use crate::knowledge::Knowledge;
use crate::text::{Token, fold, tokens, typo_budget};

/// An entity the bot knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// A part of the sheet, by index in [`Knowledge::sectors`].
    Sector(usize),
    /// An agency, by index in [`Resolver::agencies`].
    Agency(usize),
}

/// The first bytes of [`Resolver::names_to_bytes`].
const NAMES_MAGIC: &[u8] = b"faktabot names 1\n";

/// Small words inside names that a question may leave out or mistype.
const FUNCTION_WORDS: &[&str] = &[
    "for", "og", "i", "av", "med", "pa", "til", "of", "and", "the",
];

/// Words that may follow an abbreviation after a hyphen and still leave it
/// the name: inflection ("SF-ene", "NAV-en"), the sector or ministry it
/// heads ("UD-sektoren"), its offices ("NAV-kontorene"). After any other
/// word the abbreviation names something else ("KS-ordningen"). Folded.
const HYPHEN_SUFFIXES: &[&str] = &[
    "en", "ene", "et", "ets", "ens", "s", "a", "ane", "er", "erne", "ar", "ai",
];
const HYPHEN_HEADS: &[&str] = &[
    "sektor",
    "departement",
    "dep",
    "omrad",
    "kontor",
    "system",
    "del",
];
/// Words after an ordinary word that make it a sector's name ("helse
/// sektoren", "culture sector"). Folded.
const SECTOR_HEADS: &[&str] = &[
    "sektor",
    "departement",
    "dep",
    "omrad",
    "felt",
    "sector",
    "ministry",
];

/// An agency: one name, one or more list entries (Mattilsynet stands under
/// two ministries; Norges Bank is listed twice under one).
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    /// Name used in answers: the canonical name where the sheet has a slip.
    pub name: String,
    /// (sector index, entry index) of each list entry.
    pub entries: Vec<(usize, usize)>,
    /// Every name that refers to it, as written.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    One(Entity),
    Ambiguous(usize),
}

#[derive(Debug, Clone, PartialEq)]
struct Alias {
    target: Target,
    written: String,
    stems: Vec<String>,
    surfaces: Vec<String>,
    /// Matched only when typed with the same capitals: all of them for a
    /// name written in capitals ("FIN"), the first for others ("Unit").
    case_sensitive: bool,
    all_caps: bool,
    abbreviation: bool,
    /// A one-word name written in lower case: an ordinary word ("miljø",
    /// "helse") that names a sector only when it stands alone, never as
    /// the head of a hyphenated compound ("CERT-miljøer").
    common_word: bool,
}

/// One name found in a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// What it names.
    pub entity: Entity,
    /// Token range in the question.
    pub tokens: (usize, usize),
    /// 0..1, how close the match is.
    pub quality: f32,
}

/// What a question names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    /// Unambiguous mentions, in the question's order.
    pub mentions: Vec<Mention>,
    /// Names that could mean several entities: each group lists them.
    pub ambiguous: Vec<Vec<Entity>>,
    /// For each token of the question, `true` when it is part of a name.
    pub covered: Vec<bool>,
}

impl Resolution {
    /// Sectors named, in order, without repeats.
    #[must_use]
    pub fn sectors(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for m in &self.mentions {
            if let Entity::Sector(s) = m.entity
                && !out.contains(&s)
            {
                out.push(s);
            }
        }
        out
    }

    /// Agencies named, in order, without repeats.
    #[must_use]
    pub fn agencies(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for m in &self.mentions {
            if let Entity::Agency(a) = m.entity
                && !out.contains(&a)
            {
                out.push(a);
            }
        }
        out
    }

    /// Lowest quality of the mentions (1.0 when there are none).
    #[must_use]
    pub fn quality(&self) -> f32 {
        self.mentions.iter().map(|m| m.quality).fold(1.0, f32::min)
    }
}

/// The name index.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    /// Agencies, in the order first listed.
    pub agencies: Vec<Agency>,
    aliases: Vec<Alias>,
    by_first: crate::FastMap<String, Vec<usize>>,
    /// Folded surfaces and stems of every name word (five letters or
    /// more), for typo matching.
    name_words: crate::typo::Lexicon,
    /// Stems of every word the bot knows (sheet, names, stop words).
    known: crate::FastSet<String>,
    ambiguous: Vec<Vec<Entity>>,
    /// Every agency name's surface with its length and [`letter_counts`],
    /// for [`Resolver::near_names`]; made on its first call.
    near: std::sync::OnceLock<Vec<NearName>>,
}

/// An agency name's surface as [`Resolver::near_names`] compares it.
#[derive(Debug, Clone)]
struct NearName {
    agency: usize,
    surface: String,
    chars: usize,
    counts: [u16; 32],
}

/// How many of a word's characters fall in each of 32 buckets.
///
/// One edit changes these counts by at most 2 in all (a substitution takes
/// one from a bucket and adds one to another, an insertion or deletion
/// changes one, a transposition none), and characters sharing a bucket only
/// make two words look closer. So half the difference of two words' counts,
/// rounded up, is at most their edit distance (`strsim::osa_distance`): a
/// word whose counts differ by more than twice the budget is farther than
/// the budget, found in a few dozen steps instead of the distance's
/// length × length.
fn letter_counts(w: &str) -> [u16; 32] {
    let mut c = [0u16; 32];
    for ch in w.chars() {
        let i = (u32::from(ch) % 32) as usize;
        c[i] = c[i].saturating_add(1);
    }
    c
}

/// The summed difference of two words' [`letter_counts`].
fn counts_apart(a: &[u16; 32], b: &[u16; 32]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| usize::from(x.abs_diff(*y)))
        .sum()
}

/// Names derived from a list entry: the whole entry, the parts around and
/// inside brackets, the parts around a dash, each without a company suffix.
#[must_use]
pub fn derived_names(entry: &str) -> Vec<String> {
    let mut parts: Vec<String> = vec![entry.to_owned()];
    if let (Some(open), Some(close)) = (entry.find('('), entry.rfind(')'))
        && open < close
    {
        let outside = format!("{} {}", &entry[..open], &entry[close + 1..]);
        parts.push(outside.trim().to_owned());
        parts.push(entry[open + 1..close].trim().to_owned());
    }
    let mut more = Vec::new();
    for p in &parts {
        for sep in [" - ", " – ", " -"] {
            if p.contains(sep) {
                more.extend(p.split(sep).map(|s| s.trim().to_owned()));
            }
        }
    }
    parts.extend(more);
    // "Direktoratet for samfunnssikkerhet og beredskap" is also called by
    // its first field: "Direktoratet for samfunnssikkerhet".
    let first_fields: Vec<String> = parts
        .iter()
        .filter_map(|p| {
            let after_for = p.find(" for ")? + " for ".len();
            let and = after_for + p[after_for..].find(" og ")?;
            (p[..and].split_whitespace().count() >= 3).then(|| p[..and].trim().to_owned())
        })
        .collect();
    parts.extend(first_fields);
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        let mut names = vec![p.clone()];
        for suffix in [" AS", " SF", " ASA"] {
            if let Some(stripped) = p.strip_suffix(suffix) {
                names.push(stripped.trim().to_owned());
            }
        }
        for n in names {
            if n.chars().any(char::is_alphanumeric) && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// The key that groups list entries into one agency.
fn agency_key(entry: &str) -> String {
    let primary = derived_names(entry)
        .into_iter()
        .nth(1)
        .unwrap_or_else(|| entry.to_owned());
    let key = if entry.contains('(') {
        primary
    } else {
        entry.to_owned()
    };
    fold(&key)
}

fn is_abbreviation(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    !name.contains(' ')
        && letters.len() <= 5
        && letters.iter().filter(|c| c.is_uppercase()).count() >= 2
}

impl Resolver {
    /// Builds the index. `extra_known` adds words the bot knows that are in
    /// neither the sheet nor the names (stop words of the intent files).
    #[must_use]
    pub fn new<'a>(
        knowledge: &Knowledge,
        aliases: &Aliases,
        extra_known: impl IntoIterator<Item = &'a String>,
    ) -> Resolver {
        let mut r = Resolver::without_sheet_words(knowledge, aliases, extra_known);
        for s in &knowledge.sectors {
            for sec in &s.sections {
                for b in &sec.blocks {
                    r.known
                        .extend(crate::text::tokens_all(&b.text).into_iter().map(|t| t.stem));
                }
            }
        }
        r
    }

    /// [`Resolver::new`] without the stems of the sheet's paragraphs, for a
    /// caller that has them already (the search index does) and adds them
    /// with [`Resolver::add_known`].
    ///
    /// The names of the bundled sheet and aliases are analysed at build
    /// time (see [`Resolver::names_to_bytes`]); any other knowledge or
    /// aliases are analysed here.
    pub fn without_sheet_words<'a>(
        knowledge: &Knowledge,
        aliases: &Aliases,
        extra_known: impl IntoIterator<Item = &'a String>,
    ) -> Resolver {
        let fingerprint = Resolver::names_fingerprint(knowledge, aliases);
        let mut r = Resolver::names_from_bytes(crate::NAMES, fingerprint)
            .unwrap_or_else(|| Resolver::names(knowledge, aliases));
        r.index_name_words();
        for w in extra_known {
            r.known.extend(tokens(w).into_iter().map(|t| t.stem));
        }
        r
    }

    /// Every name of every agency and sector, analysed: the resolver
    /// without its word lists ([`Resolver::index_name_words`]).
    #[must_use]
    pub fn names(knowledge: &Knowledge, aliases: &Aliases) -> Resolver {
        let mut r = Resolver::default();
        // Agencies from the lists.
        let mut by_key: crate::FastMap<String, usize> = crate::FastMap::default();
        for (si, s) in knowledge.sectors.iter().enumerate() {
            for (ei, e) in s.agencies.iter().enumerate() {
                let key = agency_key(&e.name);
                let ai = *by_key.entry(key).or_insert_with(|| {
                    r.agencies.push(Agency {
                        name: e.name.clone(),
                        entries: Vec::new(),
                        names: Vec::new(),
                    });
                    r.agencies.len() - 1
                });
                r.agencies[ai].entries.push((si, ei));
                for n in derived_names(&e.name) {
                    if !r.agencies[ai].names.contains(&n) {
                        r.agencies[ai].names.push(n);
                    }
                }
            }
        }
        // Hand-kept agency names.
        let mut agency_case: Vec<Vec<String>> = vec![Vec::new(); r.agencies.len()];
        for a in &aliases.agencies {
            let key = agency_key(&a.entry);
            let Some(&ai) = by_key.get(&key) else {
                continue;
            };
            if let Some(c) = &a.canonical {
                r.agencies[ai].name.clone_from(c);
            }
            // "Norwegian Offshore Directorate" is also "the Offshore
            // Directorate": an English name without "Norwegian" (when
            // two words or more are left).
            let unprefixed: Vec<String> = a
                .aliases
                .iter()
                .filter_map(|n| n.strip_prefix("Norwegian "))
                .filter(|rest| rest.split_whitespace().count() >= 2)
                .map(str::to_owned)
                .collect();
            for n in a
                .canonical
                .iter()
                .chain(&a.aliases)
                .chain(&a.case_sensitive)
                .chain(&unprefixed)
            {
                if !r.agencies[ai].names.contains(n) {
                    r.agencies[ai].names.push(n.clone());
                }
            }
            agency_case[ai].extend(a.case_sensitive.iter().cloned());
        }
        for (ai, case_sensitive) in agency_case.iter().enumerate() {
            let names = r.agencies[ai].names.clone();
            for n in names {
                let cs = case_sensitive.contains(&n);
                r.add_alias(&n, Target::One(Entity::Agency(ai)), cs);
            }
        }
        // Sectors.
        for (si, s) in knowledge.sectors.iter().enumerate() {
            let target = Target::One(Entity::Sector(si));
            let names = aliases.sectors.iter().find(|n| n.id == s.id);
            let mut all: Vec<(String, bool)> =
                vec![(s.title.clone(), false), (s.ministry.name.clone(), false)];
            if !s.ministry.abbr.is_empty() {
                let cs = names.is_some_and(|n| n.case_sensitive.contains(&s.ministry.abbr));
                all.push((s.ministry.abbr.clone(), cs));
            }
            if let Some(n) = names {
                all.push((n.english.clone(), false));
                all.extend(
                    english_short_names(&n.english)
                        .into_iter()
                        .map(|a| (a, false)),
                );
                all.push((n.sector_nb.clone(), false));
                all.extend(n.aliases.iter().map(|a| (a.clone(), false)));
                all.extend(n.case_sensitive.iter().map(|a| (a.clone(), true)));
            }
            for (name, cs) in all {
                r.add_alias(&name, target, cs);
            }
        }
        // Declared ambiguous names.
        for amb in &aliases.ambiguous {
            let cands: Vec<Entity> = amb
                .candidates
                .iter()
                .filter_map(|c| r.entity_by_name(knowledge, c))
                .collect();
            r.ambiguous.push(cands);
            let idx = r.ambiguous.len() - 1;
            r.add_alias(&amb.name, Target::Ambiguous(idx), false);
        }
        r
    }

    /// The names' words: known, and found when misspelt.
    fn index_name_words(&mut self) {
        let mut words: crate::FastSet<String> = crate::FastSet::default();
        for a in &self.aliases {
            words.extend(a.surfaces.iter().cloned());
            // Stems too: "Arbeidstlsyn" is one letter from the stem of
            // "Arbeidstilsynet", three from the name as listed.
            words.extend(a.stems.iter().cloned());
            self.known.extend(a.stems.iter().cloned());
        }
        let mut name_words: Vec<String> = words
            .into_iter()
            .filter(|w| w.chars().count() >= 5)
            .collect();
        name_words.sort();
        // Found as far as a word of its length may be misspelt.
        self.name_words = crate::typo::Lexicon::new(name_words, |w| typo_budget(w.chars().count()));
    }

    /// A fingerprint of everything [`Resolver::names`] reads: the parts'
    /// ids, titles, ministries and agency lists, and the aliases file.
    #[must_use]
    pub fn names_fingerprint(knowledge: &Knowledge, aliases: &Aliases) -> u64 {
        let mut h = crate::bytes::Fingerprint::default();
        h.eat(NAMES_MAGIC);
        for s in &knowledge.sectors {
            for t in [&s.id, &s.title, &s.ministry.name, &s.ministry.abbr] {
                h.eat(t.as_bytes());
            }
            h.eat(&s.agencies.len().to_le_bytes());
            for e in &s.agencies {
                h.eat(e.name.as_bytes());
            }
        }
        h.eat(&aliases.sectors.len().to_le_bytes());
        for n in &aliases.sectors {
            for t in [
                &n.id,
                &n.title,
                &n.ministry,
                &n.abbr,
                &n.english,
                &n.sector_nb,
                &n.sector_en,
            ] {
                h.eat(t.as_bytes());
            }
            h.eat_all(&n.aliases);
            h.eat_all(&n.case_sensitive);
        }
        h.eat(&aliases.agencies.len().to_le_bytes());
        for a in &aliases.agencies {
            h.eat(a.entry.as_bytes());
            h.eat_all(&a.canonical.iter().cloned().collect::<Vec<_>>());
            h.eat_all(&a.aliases);
            h.eat_all(&a.case_sensitive);
        }
        h.eat(&aliases.ambiguous.len().to_le_bytes());
        for a in &aliases.ambiguous {
            h.eat(a.name.as_bytes());
            h.eat_all(&a.candidates);
        }
        h.0
    }

    /// The names ([`Resolver::names`]) as bytes, with the fingerprint of
    /// what they were made from: what the build script writes for the
    /// bundled sheet and aliases, so that a start reads the ~1,000 names'
    /// analysis instead of making it (a third of a one-question start).
    #[must_use]
    pub fn names_to_bytes(&self, fingerprint: u64) -> Vec<u8> {
        use crate::bytes::{put_str, put_strs, put_u32};
        let entity = |out: &mut Vec<u8>, e: Entity| match e {
            Entity::Sector(i) => {
                out.push(0);
                put_u32(out, i);
            }
            Entity::Agency(i) => {
                out.push(1);
                put_u32(out, i);
            }
        };
        let mut out = Vec::new();
        crate::bytes::put_header(&mut out, NAMES_MAGIC, fingerprint);
        put_u32(&mut out, self.agencies.len());
        for a in &self.agencies {
            put_str(&mut out, &a.name);
            put_u32(&mut out, a.entries.len());
            for &(si, ei) in &a.entries {
                put_u32(&mut out, si);
                put_u32(&mut out, ei);
            }
            put_strs(&mut out, &a.names);
        }
        put_u32(&mut out, self.aliases.len());
        for a in &self.aliases {
            match a.target {
                Target::One(e) => entity(&mut out, e),
                Target::Ambiguous(i) => {
                    out.push(2);
                    put_u32(&mut out, i);
                }
            }
            put_str(&mut out, &a.written);
            put_strs(&mut out, &a.stems);
            put_strs(&mut out, &a.surfaces);
            out.push(
                u8::from(a.case_sensitive)
                    | u8::from(a.all_caps) << 1
                    | u8::from(a.abbreviation) << 2
                    | u8::from(a.common_word) << 3,
            );
        }
        put_u32(&mut out, self.ambiguous.len());
        for group in &self.ambiguous {
            put_u32(&mut out, group.len());
            for &e in group {
                entity(&mut out, e);
            }
        }
        out
    }

    /// The names written by [`Resolver::names_to_bytes`], if `bytes` hold
    /// them for this fingerprint (and are whole).
    fn names_from_bytes(bytes: &[u8], fingerprint: u64) -> Option<Resolver> {
        let mut r = crate::bytes::Reader(bytes);
        r.header(NAMES_MAGIC, fingerprint)?;
        fn entity(r: &mut crate::bytes::Reader<'_>, tag: u8) -> Option<Entity> {
            match tag {
                0 => Some(Entity::Sector(r.number()?)),
                1 => Some(Entity::Agency(r.number()?)),
                _ => None,
            }
        }
        let mut out = Resolver::default();
        for _ in 0..r.number()? {
            let name = r.string()?;
            let entries = (0..r.number()?)
                .map(|_| Some((r.number()?, r.number()?)))
                .collect::<Option<Vec<_>>>()?;
            let names = r.strings()?;
            out.agencies.push(Agency {
                name,
                entries,
                names,
            });
        }
        for idx in 0..r.number()? {
            let tag = r.take(1)?[0];
            let target = if tag == 2 {
                Target::Ambiguous(r.number()?)
            } else {
                Target::One(entity(&mut r, tag)?)
            };
            let written = r.string()?;
            let stems = r.strings()?;
            let surfaces = r.strings()?;
            let flags = r.take(1)?[0];
            out.by_first
                .entry(stems.first()?.clone())
                .or_default()
                .push(idx);
            out.aliases.push(Alias {
                target,
                written,
                stems,
                surfaces,
                case_sensitive: flags & 1 != 0,
                all_caps: flags & 2 != 0,
                abbreviation: flags & 4 != 0,
                common_word: flags & 8 != 0,
            });
        }
        for _ in 0..r.number()? {
            let group = (0..r.number()?)
                .map(|_| {
                    let tag = r.take(1)?[0];
                    entity(&mut r, tag)
                })
                .collect::<Option<Vec<_>>>()?;
            out.ambiguous.push(group);
        }
        r.0.is_empty().then_some(out)
    }

    /// Adds stems to the words the resolver knows (the sheet's, when it
    /// was made without them).
    pub fn add_known<'a>(&mut self, stems: impl IntoIterator<Item = &'a String>) {
        self.known.extend(stems.into_iter().cloned());
    }

    fn add_alias(&mut self, name: &str, target: Target, case_sensitive: bool) {
        let toks = tokens(name);
        if toks.is_empty() {
            return;
        }
        let stems: Vec<String> = toks.iter().map(|t| t.stem.clone()).collect();
        // A name already there has the same first stem.
        if self.by_first.get(&stems[0]).is_some_and(|ids| {
            ids.iter()
                .any(|&i| self.aliases[i].target == target && self.aliases[i].stems == stems)
        }) {
            return;
        }
        if toks.len() == 2 && !name.contains('(') {
            // "NorgesBank", "Statenshelsetilsyn": the name typed as one word.
            let joined: String = toks.iter().map(|t| t.surface.as_str()).collect();
            if joined.chars().count() >= 8 && tokens(&joined).len() == 1 {
                self.add_alias(&joined, target, false);
            }
        }
        let idx = self.aliases.len();
        self.by_first.entry(stems[0].clone()).or_default().push(idx);
        self.aliases.push(Alias {
            target,
            written: name.to_owned(),
            surfaces: toks.iter().map(|t| t.surface.clone()).collect(),
            stems,
            case_sensitive,
            all_caps: name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase),
            abbreviation: is_abbreviation(name),
            common_word: toks.len() == 1 && name.chars().next().is_some_and(char::is_lowercase),
        });
    }

    /// Finds a sector by id or an agency by any of its names (exact).
    #[must_use]
    pub fn entity_by_name(&self, knowledge: &Knowledge, name: &str) -> Option<Entity> {
        if let Some(i) = knowledge.sectors.iter().position(|s| s.id == name) {
            return Some(Entity::Sector(i));
        }
        let key = fold(name);
        self.agencies
            .iter()
            .position(|a| fold(&a.name) == key || a.names.iter().any(|n| fold(n) == key))
            .map(Entity::Agency)
    }

    /// Every (name, entity) pair the index holds, for validation. Ambiguous
    /// names come with all their candidates.
    #[must_use]
    pub fn all_names(&self) -> Vec<(String, Vec<Entity>)> {
        self.aliases
            .iter()
            .map(|a| {
                let ents = match a.target {
                    Target::One(e) => vec![e],
                    Target::Ambiguous(i) => self.ambiguous[i].clone(),
                };
                (a.written.clone(), ents)
            })
            .collect()
    }

    /// Names of agencies whose words are close to `words` (edit distance up
    /// to a third of the word), best first, at most `limit`: for "did you
    /// mean" when nothing matched within the typo budget.
    #[must_use]
    pub fn near_names(&self, words: &[String], limit: usize) -> Vec<String> {
        let mut scored: Vec<(usize, String)> = Vec::new();
        // Suggestions for the first few words that need them: a message of
        // hundreds of unknown words costs no more than one of a dozen.
        for w in words
            .iter()
            .filter(|w| w.chars().count() >= 4)
            .take(crate::typo::MAX_WORDS)
        {
            let len = w.chars().count();
            let budget = (len / 3).max(1);
            let counts = letter_counts(w);
            for n in self.near_list() {
                let s = n.surface.as_str();
                if n.chars.abs_diff(len) > budget && !s.starts_with(w.as_str()) {
                    continue;
                }
                let d = if len >= 5 && s.starts_with(w.as_str()) {
                    0
                } else if counts_apart(&counts, &n.counts) > 2 * budget {
                    // Farther than the budget whatever the order of the
                    // letters: no need for the distance itself.
                    continue;
                } else {
                    strsim::osa_distance(w, s)
                };
                if d <= budget {
                    let name = self.agencies[n.agency].name.clone();
                    if !scored.iter().any(|(_, n)| *n == name) {
                        scored.push((d, name));
                    }
                }
            }
        }
        scored.sort();
        scored.into_iter().take(limit).map(|(_, n)| n).collect()
    }

    /// The agency names' surfaces, measured once (a scan counted each
    /// one's characters and letters again for every unknown word: ~0.4 M
    /// instructions a question with one).
    fn near_list(&self) -> &[NearName] {
        self.near.get_or_init(|| {
            self.aliases
                .iter()
                .filter_map(|a| match a.target {
                    Target::One(Entity::Agency(agency)) => Some((agency, a)),
                    _ => None,
                })
                .flat_map(|(agency, a)| {
                    a.surfaces.iter().map(move |s| NearName {
                        agency,
                        surface: s.clone(),
                        chars: s.chars().count(),
                        counts: letter_counts(s),
                    })
                })
                .collect()
        })
    }

    /// `true` when the stem is a word of the sheet, a name or a stop word.
    #[must_use]
    pub fn is_known(&self, stem: &str) -> bool {
        self.known.contains(stem)
    }

    /// Alternatives for one question token: (stem, quality).
    /// Also whether typo matching was tried (only when `fuzzy`).
    fn alternatives(
        &self,
        t: &Token,
        fuzzy: bool,
        is_word: &dyn Fn(&str) -> bool,
    ) -> (Vec<(String, f32)>, bool) {
        let mut alts = vec![(t.stem.clone(), 1.0)];
        if t.surface != t.stem {
            alts.push((t.surface.clone(), 1.0));
        }
        if let Some(base) = t.surface.strip_suffix('s')
            && base.len() >= 2
        {
            alts.push((base.to_owned(), 0.95));
            alts.push((crate::text::stem(base), 0.95));
        }
        let len = t.surface.chars().count();
        // A four-letter word may be a longer name word missing a letter
        // ("Entu" for "Entur"), never another four-letter word.
        let budget = if len == 4 { 1 } else { typo_budget(len) };
        let looked = fuzzy
            && budget > 0
            && !self.known.contains(&t.stem)
            && !self.by_first.contains_key(&t.stem)
            && !is_word(&t.surface);
        if looked {
            let first = t.surface.chars().next();
            let mut best: Vec<(&str, usize)> = Vec::new();
            for (w, d) in self.name_words.near(&t.surface, budget) {
                let wl = w.chars().count();
                let allowed = if len == 4 {
                    usize::from(wl > 4 && w.chars().next() == first)
                } else {
                    budget.min(typo_budget(wl))
                };
                if allowed == 0 {
                    continue;
                }
                if d <= allowed {
                    best.push((w, d));
                }
            }
            if let Some(min) = best.iter().map(|b| b.1).min() {
                for (w, d) in best.into_iter().filter(|b| b.1 == min) {
                    #[allow(clippy::cast_precision_loss)]
                    let q = 1.0 - d as f32 / len as f32;
                    alts.push((crate::text::stem(w), q));
                    alts.push((w.to_owned(), q));
                }
            }
        }
        (alts, looked)
    }

    /// Finds the names in already analysed tokens.
    #[must_use]
    pub fn resolve_tokens(&self, toks: &[Token]) -> Resolution {
        self.resolve_tokens_with(toks, &|_| false)
    }

    /// [`Resolver::resolve_tokens`], where a word for which `is_word` holds
    /// is a word of the language, never a misspelt name ("policy" is not
    /// "police", so not Politiet).
    #[must_use]
    pub fn resolve_tokens_with(
        &self,
        toks: &[Token],
        is_word: &dyn Fn(&str) -> bool,
    ) -> Resolution {
        // Typo matching for the first few words that need it: a question
        // has a handful; a message of hundreds of unknown words costs no
        // more than one of a dozen.
        let mut typo_words = 0;
        let alts: Vec<Vec<(String, f32)>> = toks
            .iter()
            .map(|t| {
                let fuzzy = typo_words < crate::typo::MAX_WORDS;
                let (alts, looked) = self.alternatives(t, fuzzy, is_word);
                typo_words += usize::from(looked);
                alts
            })
            .collect();
        // (start, len, quality, exact, target, common word)
        let mut found: Vec<(usize, usize, f32, bool, Target, bool)> = Vec::new();
        for start in 0..toks.len() {
            let mut seen: crate::FastSet<usize> = crate::FastSet::default();
            for (first, q0) in &alts[start] {
                let Some(cands) = self.by_first.get(first) else {
                    continue;
                };
                for &ai in cands {
                    if !seen.insert(ai) {
                        continue;
                    }
                    let a = &self.aliases[ai];
                    if let Some((q, exact, len)) = self.match_at(a, toks, &alts, start, *q0) {
                        found.push((start, len, q, exact, a.target, a.common_word));
                    }
                }
            }
        }
        // Longest first, then best quality, then exact spelling.
        found.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then(y.2.total_cmp(&x.2))
                .then(y.3.cmp(&x.3))
                .then(x.0.cmp(&y.0))
        });
        let mut covered = vec![false; toks.len()];
        let mut res = Resolution::default();
        let mut commons: Vec<bool> = Vec::new();
        let mut i = 0;
        while i < found.len() {
            let (start, len, q, exact, _, _) = found[i];
            let mut group: Vec<Target> = Vec::new();
            let mut common = true;
            let mut j = i;
            while j < found.len()
                && found[j].0 == start
                && found[j].1 == len
                && (found[j].2 - q).abs() < 1e-6
                && found[j].3 == exact
            {
                if !group.contains(&found[j].4) {
                    group.push(found[j].4);
                }
                common &= found[j].5;
                j += 1;
            }
            // Lower-ranked matches at the same span are not rivals.
            while j < found.len() && found[j].0 == start && found[j].1 == len {
                j += 1;
            }
            i = j;
            if covered[start..start + len].iter().any(|c| *c) {
                continue;
            }
            for c in &mut covered[start..start + len] {
                *c = true;
            }
            let mut ents: Vec<Entity> = Vec::new();
            for t in group {
                match t {
                    Target::One(e) => ents.push(e),
                    Target::Ambiguous(k) => ents.extend(self.ambiguous[k].iter().copied()),
                }
            }
            ents.sort();
            ents.dedup();
            if ents.len() == 1 {
                res.mentions.push(Mention {
                    entity: ents[0],
                    tokens: (start, start + len),
                    quality: q,
                });
                commons.push(common);
            } else if !ents.is_empty() {
                res.ambiguous.push(ents);
            }
        }
        drop_topic_words(&mut res.mentions, &mut commons, &mut covered, toks);
        res.mentions.sort_by_key(|m| m.tokens.0);
        res.covered = covered;
        res
    }

    fn match_at(
        &self,
        a: &Alias,
        toks: &[Token],
        alts: &[Vec<(String, f32)>],
        start: usize,
        q0: f32,
    ) -> Option<(f32, bool, usize)> {
        let n = a.stems.len();
        if start >= toks.len() {
            return None;
        }
        let t = &toks[start];
        if a.case_sensitive
            && !(if a.all_caps {
                t.upper
            } else {
                t.capital || t.upper
            })
        {
            return None;
        }
        if a.common_word && start > 0 && toks[start - 1].hyphen_joined {
            return None;
        }
        // "SF-ene": the inflection is part of the name.
        let mut suffix = 0;
        if n == 1 && (a.abbreviation || a.case_sensitive) && t.hyphen_joined {
            let next = toks.get(start + 1).map_or("", |t| t.surface.as_str());
            if HYPHEN_SUFFIXES.contains(&next) {
                suffix = 1;
            } else if !HYPHEN_HEADS.iter().any(|h| next.starts_with(h)) {
                return None;
            }
        }
        let mut q = q0;
        let mut exact = toks[start].surface == a.surfaces[0];
        let matches = |j: usize, k: usize| -> Option<f32> {
            alts.get(j)?
                .iter()
                .filter(|(s, _)| *s == a.stems[k] || *s == a.surfaces[k])
                .map(|(_, q)| *q)
                .fold(None, |acc: Option<f32>, x| {
                    Some(acc.map_or(x, |a| a.max(x)))
                })
        };
        // j: next question token; k: next name token.
        let mut j = start + 1;
        for k in 1..n {
            if let Some(best) = matches(j, k) {
                q = q.min(best);
                exact &= toks[j].surface == a.surfaces[k];
                j += 1;
                continue;
            }
            // A small word inside a name ("for", "og") may be left out or
            // mistyped ("Direktoratet fr byggkvalitet").
            if k + 1 < n && FUNCTION_WORDS.contains(&a.surfaces[k].as_str()) {
                exact = false;
                q = q.min(0.9);
                if matches(j, k + 1).is_some() {
                    continue; // left out: the question goes on with the next name word
                }
                // Mistyped: one edit from it ("fr" for "for"); not another
                // small word ("ministry's digitalisation" is no "Ministry of
                // Digitalisation").
                if toks.get(j).is_some_and(|t| {
                    t.surface.chars().count() <= 4
                        && strsim::levenshtein(&t.surface, &a.surfaces[k]) <= 1
                }) && matches(j + 1, k + 1).is_some()
                {
                    j += 1; // mistyped
                    continue;
                }
            }
            return None;
        }
        let consumed = j - start + suffix;
        // A short name (abbreviation) must be typed as it is: no stemming
        // or typo tolerance on a word of three letters or fewer.
        if a.abbreviation && n == 1 {
            let t = &toks[start];
            let bare = t.surface.strip_suffix('s').unwrap_or(&t.surface);
            if t.surface != a.surfaces[0] && bare != a.surfaces[0] {
                return None;
            }
        }
        if exact {
            q = q.max(1.0);
        } else {
            q = q.min(0.97);
        }
        Some((q, exact, consumed))
    }

    /// Finds the names in a question.
    #[must_use]
    pub fn resolve(&self, question: &str) -> Resolution {
        self.resolve_tokens(&tokens(question))
    }
}

/// "arbeidet med trygg digital oppvekst i kultursektoren": an ordinary word
/// that can name a sector ("oppvekst", "helse") is the question's topic,
/// not a second sector, when the question also names a sector by a proper
/// name, unless the two are joined ("helse og justis", "KD or health").
fn drop_topic_words(
    mentions: &mut Vec<Mention>,
    commons: &mut Vec<bool>,
    covered: &mut [bool],
    toks: &[Token],
) {
    let is_sector = |m: &Mention| matches!(m.entity, Entity::Sector(_));
    // "helse sektoren" (from "helsesektoren"): a head makes the word a name.
    for (m, c) in mentions.iter().zip(commons.iter_mut()) {
        if toks
            .get(m.tokens.1)
            .is_some_and(|t| SECTOR_HEADS.iter().any(|h| t.surface.starts_with(h)))
        {
            *c = false;
        }
    }
    // "the transport sector", "helse sektoren": the head is part of the
    // name, not a word of the question's topic.
    for m in mentions.iter_mut().filter(|m| is_sector(m)) {
        let end = m.tokens.1;
        if toks
            .get(end)
            .is_some_and(|t| SECTOR_HEADS.iter().any(|h| t.surface.starts_with(h)))
            && !covered.get(end).copied().unwrap_or(true)
        {
            m.tokens.1 = end + 1;
            covered[end] = true;
        }
    }
    let proper = mentions
        .iter()
        .zip(commons.iter())
        .any(|(m, c)| is_sector(m) && !*c);
    if !proper {
        return;
    }
    let joined = |m: &Mention| {
        let before = m.tokens.0.checked_sub(1).and_then(|i| toks.get(i));
        let after = toks.get(m.tokens.1);
        let joins = |t: Option<&Token>| {
            t.is_some_and(|t| {
                matches!(
                    t.surface.as_str(),
                    "og" | "and" | "eller" | "or" | "vs" | "versus" | "mot"
                )
            })
        };
        joins(before) || joins(after) || toks[m.tokens.0].surface.ends_with(',')
    };
    let mut k = 0;
    while k < mentions.len() {
        let m = &mentions[k];
        if commons[k] && is_sector(m) && !joined(m) {
            for c in &mut covered[m.tokens.0..m.tokens.1] {
                *c = false;
            }
            mentions.remove(k);
            commons.remove(k);
        } else {
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled names are read from the bytes made at build time, and
    /// what is read is what analysing them makes; other aliases, or
    /// damaged bytes, are not read.
    #[test]
    fn the_bundled_names_are_read_back_and_they_are_the_analysis() {
        let data = crate::load::Data::bundled().unwrap();
        let fingerprint = Resolver::names_fingerprint(&data.knowledge, &data.aliases);
        let read = Resolver::names_from_bytes(crate::NAMES, fingerprint)
            .expect("build.rs wrote the names of exactly the bundled sheet and aliases");
        let made = Resolver::names(&data.knowledge, &data.aliases);
        assert!(made.aliases.len() > 500, "{}", made.aliases.len());
        assert_eq!(read.agencies, made.agencies);
        assert_eq!(read.aliases, made.aliases);
        assert_eq!(read.ambiguous, made.ambiguous);
        assert_eq!(read.by_first, made.by_first);
        let mut other = data.aliases.clone();
        other.agencies[0].aliases.push("Nytt navn".to_owned());
        let changed = Resolver::names_fingerprint(&data.knowledge, &other);
        assert_ne!(changed, fingerprint);
        assert!(Resolver::names_from_bytes(crate::NAMES, changed).is_none());
        let bytes = made.names_to_bytes(7);
        for cut in [0, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                Resolver::names_from_bytes(&bytes[..cut], 7).is_none(),
                "{cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Resolver::names_from_bytes(&longer, 7).is_none());
    }

    proptest::proptest! {
        /// Half the letter counts' difference never exceeds the edit
        /// distance, so the suggestions' shortcut skips no word within it.
        #[test]
        fn letter_counts_bound_the_distance(a in "[a-zæøå ]{0,14}", b in "[a-zæøå ]{0,14}") {
            let bound = counts_apart(&letter_counts(&a), &letter_counts(&b)).div_ceil(2);
            proptest::prop_assert!(bound <= strsim::osa_distance(&a, &b));
        }
    }

    #[test]
    fn derives_names_from_list_entries() {
        let n = derived_names("Lånekassen - Statens lånekasse for utdanning");
        assert!(n.contains(&"Lånekassen".to_owned()));
        assert!(n.contains(&"Statens lånekasse for utdanning".to_owned()));
        let n = derived_names("Eksportfinansiering Norge (Eksfin)");
        assert!(n.contains(&"Eksfin".to_owned()));
        assert!(n.contains(&"Eksportfinansiering Norge".to_owned()));
        let n = derived_names("Avinor AS");
        assert!(n.contains(&"Avinor".to_owned()));
        let n = derived_names("Veterinærinstituttet -VI");
        assert!(n.contains(&"VI".to_owned()));
        let n = derived_names("Norsk helsenett SF");
        assert!(n.contains(&"Norsk helsenett".to_owned()));
        let n = derived_names("Direktoratet for samfunnssikkerhet og beredskap (DSB)");
        assert!(n.contains(&"Direktoratet for samfunnssikkerhet".to_owned()));
        // Not before the field: "Arbeids- og velferdsetaten" is no "Arbeids-".
        let n = derived_names("Arbeids- og velferdsetaten (Nav)");
        assert!(!n.iter().any(|x| x == "Arbeids-"), "{n:?}");
    }

    #[test]
    fn groups_entries_by_name() {
        assert_eq!(
            agency_key("Norges Bank"),
            agency_key("Norges Bank (Statens pensjonsfond utland)")
        );
        assert_ne!(
            agency_key("Statsforvalteren"),
            agency_key("Statsforvalterens fellestjenester")
        );
    }

    #[test]
    fn recognises_abbreviations() {
        assert!(is_abbreviation("NVE"));
        assert!(is_abbreviation("IMDi"));
        assert!(!is_abbreviation("Sikt"));
        assert!(!is_abbreviation("Nav"));
    }
}

/// The short forms people use for a ministry's English name: "Ministry of
/// Health and Care Services" is also "Ministry of Health", "Health
/// Ministry", "Ministry of Care Services"; "-isation" is also "-ization".
#[must_use]
pub fn english_short_names(english: &str) -> Vec<String> {
    let Some(rest) = english.strip_prefix("Ministry of ") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let parts: Vec<&str> = rest
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 {
        for p in &parts {
            out.push(format!("Ministry of {p}"));
            out.push(format!("{p} Ministry"));
        }
    } else {
        out.push(format!("{rest} Ministry"));
    }
    let american: Vec<String> = out
        .iter()
        .chain(std::iter::once(&english.to_owned()))
        .filter(|n| n.contains("isation"))
        .map(|n| n.replace("isation", "ization"))
        .collect();
    out.extend(american);
    out
}

#[cfg(test)]
mod english_tests {
    use super::english_short_names;

    #[test]
    fn english_ministry_names_have_their_short_forms() {
        let n = english_short_names("Ministry of Digitalisation and Public Governance");
        for want in [
            "Ministry of Digitalisation",
            "Digitalisation Ministry",
            "Ministry of Public Governance",
            "Ministry of Digitalization",
            "Ministry of Digitalization and Public Governance",
        ] {
            assert!(n.iter().any(|x| x == want), "{want} in {n:?}");
        }
        let n = english_short_names("Ministry of Trade, Industry and Fisheries");
        assert!(n.iter().any(|x| x == "Ministry of Fisheries"));
        assert!(n.iter().any(|x| x == "Trade Ministry"));
        assert_eq!(
            english_short_names("Ministry of Transport"),
            vec!["Transport Ministry"]
        );
        assert!(english_short_names("KS (Norwegian Association)").is_empty());
    }
}
