//! Intents and the pattern rules that signal them, kept as data in
//! `intents/*.toml`.
//!
//! A rule is a regular expression over the question's folded text (see
//! [`crate::text::fold`]: lower case, æøå folded, punctuation gone) with a
//! weight. Patterns are written in natural spelling ("hører") and folded
//! the same way when compiled, so authors need not know the folding.
//! Every pattern is compiled when the engine is built; a bad one is an
//! error naming its file and rule, never a failure at question time.

use regex::{Regex, RegexBuilder};

use crate::patterns::Patterns;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use crate::knowledge::SectionKind;
use crate::text::fold_letters;

/// Version of the intent file format.
pub const INTENTS_FORMAT: u32 = 1;

/// What the user asks. Ids are fixed by the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Which ministry an agency belongs to.
    AgencyOwner,
    /// An agency in general.
    AgencyInfo,
    /// Which agencies a ministry has, or how many.
    SectorAgencies,
    /// How digitalisation is funded.
    Funding,
    /// Which strategies a sector has.
    Strategies,
    /// How digitalisation is coordinated.
    Coordination,
    /// Whether there is a portfolio.
    Portfolio,
    /// Which measures are described.
    Measures,
    /// What a ministry is responsible for.
    Responsibility,
    /// A summary of one sector.
    SectorOverview,
    /// Which sectors the bot knows.
    ListSectors,
    /// A question across all sectors.
    CrossSector,
    /// What the bot can do.
    Help,
    /// Greetings and thanks.
    Smalltalk,
    /// Answered by full-text search.
    Search,
    /// Nothing in the sheet answers it.
    Unknown,
    /// What changed from the previous edition of the sheet.
    Changes,
}

/// What an intent needs from the question or the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// An agency.
    Agency,
    /// A sector (an agency stands for its ministry's sector).
    Sector,
    /// Nothing.
    Nothing,
}

impl Intent {
    /// Every intent.
    pub const ALL: [Intent; 17] = [
        Intent::AgencyOwner,
        Intent::AgencyInfo,
        Intent::SectorAgencies,
        Intent::Funding,
        Intent::Strategies,
        Intent::Coordination,
        Intent::Portfolio,
        Intent::Measures,
        Intent::Responsibility,
        Intent::SectorOverview,
        Intent::ListSectors,
        Intent::CrossSector,
        Intent::Help,
        Intent::Smalltalk,
        Intent::Search,
        Intent::Unknown,
        Intent::Changes,
    ];

    /// The id of the JSON contract.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Intent::AgencyOwner => "agency_owner",
            Intent::AgencyInfo => "agency_info",
            Intent::SectorAgencies => "sector_agencies",
            Intent::Funding => "funding",
            Intent::Strategies => "strategies",
            Intent::Coordination => "coordination",
            Intent::Portfolio => "portfolio",
            Intent::Measures => "measures",
            Intent::Responsibility => "responsibility",
            Intent::SectorOverview => "sector_overview",
            Intent::ListSectors => "list_sectors",
            Intent::CrossSector => "cross_sector",
            Intent::Help => "help",
            Intent::Smalltalk => "smalltalk",
            Intent::Search => "search",
            Intent::Unknown => "unknown",
            Intent::Changes => "changes",
        }
    }

    /// Parses an id.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.id() == id)
    }

    /// What the intent needs.
    #[must_use]
    pub fn needs(self) -> Needs {
        match self {
            Intent::AgencyOwner | Intent::AgencyInfo => Needs::Agency,
            Intent::SectorAgencies
            | Intent::Funding
            | Intent::Strategies
            | Intent::Coordination
            | Intent::Portfolio
            | Intent::Measures
            | Intent::Responsibility
            | Intent::SectorOverview => Needs::Sector,
            _ => Needs::Nothing,
        }
    }

    /// The section an intent answers from, for the section intents.
    #[must_use]
    pub fn section(self) -> Option<SectionKind> {
        match self {
            Intent::Funding => Some(SectionKind::Funding),
            Intent::Strategies => Some(SectionKind::Strategies),
            Intent::Coordination => Some(SectionKind::Coordination),
            Intent::Portfolio => Some(SectionKind::Portfolio),
            Intent::Measures => Some(SectionKind::Measures),
            Intent::Responsibility => Some(SectionKind::Responsibility),
            Intent::SectorAgencies => Some(SectionKind::Agencies),
            _ => None,
        }
    }

    /// The intent that answers from a section kind (none for the intro).
    #[must_use]
    pub fn for_section(kind: SectionKind) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.section() == Some(kind))
    }
}

/// A character of plain text: ASCII or a Latin letter Norwegian is
/// written with, where a word is a run of letters, digits and `_` (as for
/// a pattern's Unicode `\b`) and lower case is a pattern's case folding.
/// Not plain: combining marks, `ſ`, `ı`, `İ`, `µ`, `²` and other scripts.
/// What the topic words' pattern (`(?i)\b(?:…)\b`, longest word first)
/// finds in a plain text, without it (~10 ms on a long text with æøå,
/// where the Unicode `\b` runs the slowest engine): every place a topic
/// word occurs between word boundaries, leftmost first and the longest
/// word at a place, without overlaps. Plain text lower-cases letter for
/// letter, so its byte offsets are the text's (none when it does not).
/// A topic word of `inflected` may end in one of `endings` (longest
/// first) there.
fn plain_term_spans(
    ac: &aho_corasick::AhoCorasick,
    endings: &[String],
    inflected: &crate::FastSet<String>,
    text: &str,
) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return Vec::new();
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let boundary =
        |at: usize| word(lower[..at].chars().next_back()) != word(lower[at..].chars().next());
    let mut found: Vec<(usize, usize)> = ac
        .find_overlapping_iter(&lower)
        .filter(|m| boundary(m.start()))
        .filter_map(|m| {
            if boundary(m.end()) {
                return Some((m.start(), m.end()));
            }
            inflected
                .contains(&lower[m.start()..m.end()])
                .then(|| {
                    endings.iter().find_map(|e| {
                        let end = m.end() + e.len();
                        lower[m.end()..]
                            .starts_with(e.as_str())
                            .then_some(end)
                            .filter(|&end| boundary(end))
                    })
                })
                .flatten()
                .map(|end| (m.start(), end))
        })
        .collect();
    found.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let mut out = Vec::with_capacity(found.len());
    let mut at = 0;
    for (start, end) in found {
        if start >= at {
            out.push((start, end));
            at = end;
        }
    }
    out
}

/// `true` for a topic word that takes endings: one whose last word has
/// four letters or more and ends in a letter ("tilskotsportal", not "KI").
fn inflectable(term: &str) -> bool {
    let last = term.rsplit(' ').next().unwrap_or(term);
    last.chars().count() >= 4 && last.chars().next_back().is_some_and(char::is_alphabetic)
}

/// `word` without one of `endings` where what is left is one of the
/// topic words that take endings.
fn strip_ending<'a>(
    word: &'a str,
    endings: &[String],
    inflected: &crate::FastSet<String>,
) -> Option<&'a str> {
    endings.iter().find_map(|e| {
        word.strip_suffix(e.as_str())
            .filter(|w| inflected.contains(*w))
    })
}

fn plain(c: char) -> bool {
    (c as u32) < 0x180
        && !matches!(c, '\u{b5}' | '\u{130}' | '\u{131}' | '\u{17f}')
        && (c.is_ascii_digit() || !c.is_numeric())
        || neutral(c)
}

/// A character outside words for a pattern's `\b` and for the plain
/// search alike, with no case: emoji, dashes, curly quotes, symbols (not
/// a letter, digit, mark, connector or joiner). A question with "👋" or
/// "’" is plain text, and needs no pattern of all the topic words (~80 M
/// instructions to compile, on the first such question).
fn neutral(c: char) -> bool {
    !c.is_alphanumeric()
        && !unicode_normalization::char::is_combining_mark(c)
        && !matches!(
            c,
            '_' | '\u{200c}'
                | '\u{200d}'
                | '\u{203f}'
                | '\u{2040}'
                | '\u{2054}'
                | '\u{fe33}'
                | '\u{fe34}'
                | '\u{fe4d}'..='\u{fe4f}' | '\u{ff3f}'
        )
        && c.to_lowercase().eq(std::iter::once(c))
        && c.to_uppercase().eq(std::iter::once(c))
}

/// What a question does in the conversation besides asking (see
/// [`RuleSet::moves`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moves {
    /// "og hva med KD?"
    pub followup: bool,
    /// "jeg jobber i Skatteetaten"
    pub introduction: bool,
    /// "hos oss", "departementet vårt"
    pub self_ref: bool,
    /// "samme spørsmål for KD"
    pub repeat: bool,
}

/// One rule as written in a file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// The intent it signals.
    pub intent: Intent,
    /// Regular expression over the folded question.
    pub pattern: String,
    /// How strongly it signals the intent (1 weak .. 3 decisive).
    #[serde(default = "default_weight")]
    pub weight: f32,
    /// For `agency_owner`: the rule asks how many ("hvor mange") rather than
    /// which. Unused by other intents.
    #[serde(default)]
    pub count: bool,
    /// For `sector_agencies`: the question asks for an agency's sister
    /// agencies ("Hvilke søsteretater har Politiet?"), so a named agency
    /// stands for its ministry. Unused by other intents.
    #[serde(default)]
    pub siblings: bool,
    /// For `unknown`: the sheet states some answers of this kind (a date:
    /// "når ble … opprettet?"), so a paragraph with every word of the
    /// question, each name it gives and a year (or a sum in kroner)
    /// answers instead.
    #[serde(default)]
    pub stated: bool,
    /// For `unknown`: as [`RuleDef::stated`], where the paragraph has one
    /// of these words (folded) instead of a year: "hvem leder …?" is
    /// answered by "Kunnskapsdepartementet leder rådet".
    #[serde(default)]
    pub stated_by: Vec<String>,
}

fn default_weight() -> f32 {
    2.0
}

/// A slash command ("/etat Lånekassen"). Its line in /help is the message
/// `command-<name>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandDef {
    /// Name without the slash.
    pub name: String,
    /// The intent it asks for.
    pub intent: Intent,
    /// What the argument is ("navn"), empty when it takes none.
    #[serde(default)]
    pub arg: String,
}

/// A property of sectors that a cross-sector question can ask for
/// ("which sectors lack a public portfolio?").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetDef {
    /// Stable id.
    pub id: String,
    /// When the folded question matches this, the facet is asked for.
    pub pattern: String,
    /// The section whose text decides.
    pub section: SectionKind,
    /// A sector has the facet when its section's folded text contains one
    /// of these (written naturally, folded at load).
    #[serde(default)]
    pub text_has_any: Vec<String>,
    /// ... or when the sheet has the heading with nothing under it, or not
    /// the section at all.
    #[serde(default)]
    pub empty_counts: bool,
    /// How the facet is decided.
    #[serde(default)]
    pub mode: FacetMode,
}

/// How a facet decides which sectors have it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetMode {
    /// The section's text has one of `text_has_any` (or, with
    /// `empty_counts`, the section is empty or missing).
    #[default]
    Matches,
    /// The section has text and none of `text_has_any` (which then lists
    /// the sheet's ways of saying "there is none").
    Has,
    /// Every sector, ranked by the number of agency entries.
    AgencyCount,
    /// The agencies listed under more than one ministry, with their parts.
    SharedAgencies,
}

/// One intent file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentFile {
    /// [`INTENTS_FORMAT`].
    pub format: u32,
    /// Language of the file: "nb", "nn", "en", or "any".
    pub lang: String,
    /// Words that mark a question as written in this language.
    #[serde(default)]
    pub markers: Vec<String>,
    /// Words that carry no content for search (question words etc.).
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Words the rules look for, in the forms people type: a misspelt word
    /// ("stratgier") is corrected to the nearest of these before the rules
    /// run.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Patterns that mark a follow-up ("og hva med ...").
    #[serde(default)]
    pub followups: Vec<String>,
    /// Words that open a turn and carry nothing ("ok", "greit", "supert"):
    /// dropped from the start of a question, and a message of nothing
    /// else is small talk.
    #[serde(default)]
    pub fillers: Vec<String>,
    /// Words for the last of several things the previous answer named
    /// ("sistnevnte", "the latter"): a follow-up about that one.
    #[serde(default)]
    pub latter: Vec<String>,
    /// Ordinal words and their places in a list ("andre" = 2, "siste" =
    /// -1, the last): "den andre", "the third one" is that item of the
    /// last answer's list.
    #[serde(default)]
    pub ordinals: std::collections::BTreeMap<String, i32>,
    /// Words an ordinal follows to refer to an item ("den", "det", "the";
    /// "nummer", "number" before a numeral).
    #[serde(default)]
    pub ordinal_determiners: Vec<String>,
    /// Words after an ordinal that stand for the item ("the second one").
    #[serde(default)]
    pub ordinal_pronouns: Vec<String>,
    /// Phrases after an ordinal that say where the item is ("den andre på
    /// lista", "the third in the list"): part of the reference.
    #[serde(default)]
    pub ordinal_places: Vec<String>,
    /// Phrases that pick from the last answer's list by what the items
    /// name ("which one does Nkom run?", "hvilke av dem har Digdir?").
    #[serde(default)]
    pub list_choosers: Vec<String>,
    /// Words that pick from the last answer's list right after a name
    /// ("what does the customs one say?").
    #[serde(default)]
    pub list_choosers_after_name: Vec<String>,
    /// Words that ask who ("hvem", "kven", "who"): the word after one is
    /// the relation asked ("hvem forvalter X?").
    #[serde(default)]
    pub who_words: Vec<String>,
    /// Phrases that ask how many ("hvor mange", "how many"): a search
    /// answer that shows a list says how many items it has.
    #[serde(default)]
    pub how_many: Vec<String>,
    /// Words that put an organisation's name as where the user is ("at",
    /// "i", "hos"): the classifier's introduction holds only with one of
    /// them right before the name ("I'm a bit confused about NVE" is none).
    #[serde(default)]
    pub places: Vec<String>,
    /// Greetings that may come before "from X" ("hello", "hei"): "Hello
    /// from Datatilsynet!" introduces the user.
    #[serde(default)]
    pub greetings: Vec<String>,
    /// Words that, right after a greeting and before a name, say that is
    /// where the user is ("from", "fra").
    #[serde(default)]
    pub greeting_places: Vec<String>,
    /// Words before a name that leave its part out of an answer across
    /// the parts ("utenom DFD", "outside DFD", "bortsett fra KS").
    #[serde(default)]
    pub except: Vec<String>,
    /// Words for a ministry or its part ("departementet", "sektoren",
    /// "ministry"): "vår rolle" asks about the user's agency,
    /// "departementets rolle" about its ministry.
    #[serde(default)]
    pub ministry_words: Vec<String>,
    /// Words for the role an organisation plays ("rolle", "role"): "what
    /// is our role" asks about the user's agency (see `ministry_words`).
    #[serde(default)]
    pub role_words: Vec<String>,
    /// Words that name a ministry by what it is responsible for
    /// ("departementet som har ansvar for", "the ministry in charge of"):
    /// the words after them find the part, and the question asks
    /// something else of it ("Hvilke etater har departementet som har
    /// ansvar for veiene?").
    #[serde(default)]
    pub by_task: Vec<String>,
    /// Words before a sector that make it a partner, not a subject, of
    /// what is named before them ("strategien AID laget sammen med KS").
    #[serde(default)]
    pub partners: Vec<String>,
    /// Words that join names in a list ("og", "and"): a name joined so to
    /// a partner is one too ("med kommunene og statsforvalterne").
    #[serde(default)]
    pub joins: Vec<String>,
    /// Words of this file's language that, written so (without æ, ø, å),
    /// are words of their own, not what their folded form also spells:
    /// nynorsk "vart" (was) is not "vårt" (our). In a question in this
    /// language such a word is no conversational move (not "us"). A word
    /// given in capitals counts only written in capitals, in a question
    /// that is not all capitals: English "IT" (IT services) is not "it".
    #[serde(default)]
    pub homographs: Vec<String>,
    /// Names of the sheet that count only in capitals (`case_sensitive` in
    /// the aliases) because in lower case they are ordinary words of some
    /// language, but of no word of this file's language: in a question in
    /// this language they count in lower case too ("og hva med aid?":
    /// "aid" is an English word, no Norwegian one).
    #[serde(default)]
    pub lower_case_names: Vec<String>,
    /// Groups of names for one thing that the sheet writes either way
    /// (["kunstig intelligens", "KI"]): a part that mentions any of them
    /// mentions it.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Patterns that mark the user saying where they work ("jeg jobber i
    /// …"): the agency or sector named becomes the chat's "us".
    #[serde(default)]
    pub introductions: Vec<String>,
    /// Patterns that refer to the user's own organisation ("vi", "hos
    /// oss", "sektoren vår", "our ministry", "søsteretater").
    #[serde(default)]
    pub self_refs: Vec<String>,
    /// Patterns that ask the previous question again about something else
    /// ("samme spørsmål for landbruket", "same question for health"): the
    /// previous intent holds, whatever else the turn's words suggest.
    #[serde(default)]
    pub repeats: Vec<String>,
    /// Topic words of this language and the sheet's (bokmål) words for
    /// them ("cloud services" → "skytjenester", "tryggleik" →
    /// "sikkerhet"), so that search finds what the sheet calls them.
    /// Replaced as whole words, case-insensitively, longest first.
    #[serde(default)]
    pub terms: std::collections::BTreeMap<String, String>,
    /// Endings a topic word of this file takes and still is that word
    /// ("tilskotsportal" → "tilskotsportalen", "tilskotsportalar"):
    /// the word is found so written and put as the sheet has it,
    /// uninflected.
    #[serde(default)]
    pub term_endings: Vec<String>,
    /// Emoji and the word each stands for ("👋" = "hei"): a message of
    /// emoji is read as those words.
    #[serde(default)]
    pub emoji: std::collections::BTreeMap<String, String>,
    /// The rules.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleDef>,
    /// Slash commands.
    #[serde(default, rename = "command")]
    pub commands: Vec<CommandDef>,
    /// Cross-sector facets.
    #[serde(default, rename = "facet")]
    pub facets: Vec<FacetDef>,
}

/// A rule that did not compile.
#[derive(Debug, thiserror::Error)]
#[error("{file}: rule {index} ({intent}): {message}")]
pub struct RuleError {
    /// The file.
    pub file: String,
    /// 1-based index of the rule (or facet, or follow-up) in its file.
    pub index: usize,
    /// What it is about.
    pub intent: String,
    /// The regex error.
    pub message: String,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The intent.
    pub intent: Intent,
    /// Its pattern, folded.
    pub pattern: String,
    /// Its weight.
    pub weight: f32,
    /// Asks how many.
    pub count: bool,
    /// Asks for sister agencies.
    pub siblings: bool,
    /// The sheet states some answers (see [`RuleDef::stated`]).
    pub stated: bool,
    /// Words that state them (see [`RuleDef::stated_by`]), folded.
    pub stated_by: Vec<String>,
    /// Language of its file.
    pub lang: String,
    /// Where it was written ("intents/nb.toml#12").
    pub origin: String,
}

/// An intent signalled by the rules (or the classifier) for a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// The intent.
    pub intent: Intent,
    /// The best weight among its matching rules.
    pub weight: f32,
    /// A matching rule asks "how many".
    pub count: bool,
    /// A matching rule asks for sister agencies.
    pub siblings: bool,
    /// Where the best rule was written ("intents/nb.toml#rule12"), or
    /// "classifier".
    pub origin: String,
}

/// A compiled facet.
#[derive(Debug, Clone)]
pub struct Facet {
    /// The definition.
    pub def: FacetDef,
    /// Folded `text_has_any`.
    pub needles: Vec<String>,
}

/// A reference to a list's item by its place ([`RuleSet::ordinal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ordinal {
    /// The tokens of the reference, `from..to`.
    pub tokens: (usize, usize),
    /// 1 for the first, 2 for the second; -1 for the last.
    pub place: i32,
}

impl Ordinal {
    /// The item of `items` the reference is to, if there is one.
    #[must_use]
    pub fn of<'a, T>(&self, items: &'a [T]) -> Option<&'a T> {
        match self.place {
            -1 => items.last(),
            p => items.get(usize::try_from(p).ok()?.checked_sub(1)?),
        }
    }
}

/// Every rule, command and word list, compiled.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Rules, in load order.
    pub rules: Vec<Rule>,
    /// Commands.
    pub commands: Vec<CommandDef>,
    /// Facets.
    pub facets: Vec<Facet>,
    /// Every pattern (rules, facets, follow-ups, introductions, references
    /// to the user's own organisation), matched in one pass.
    pub patterns: Patterns,
    /// Where each kind's patterns start in `patterns`: facets, follow-ups,
    /// introductions, self references, repeats, end.
    bounds: [usize; 6],
    /// Folded filler words.
    pub fillers: crate::FastSet<String>,
    /// Folded words for the last of several things named before.
    pub latter: crate::FastSet<String>,
    /// Folded ordinal words and their places (-1: the last).
    pub ordinals: crate::FastMap<String, i32>,
    /// Folded words an ordinal follows.
    pub ordinal_determiners: crate::FastSet<String>,
    /// Folded words after an ordinal that stand for the item.
    pub ordinal_pronouns: crate::FastSet<String>,
    /// The words of each phrase after an ordinal that says where the item
    /// is, folded.
    pub ordinal_places: Vec<Vec<String>>,
    /// The words of each phrase that picks from the last answer's list by
    /// what the items name, folded.
    pub list_choosers: Vec<Vec<String>>,
    /// Words that pick from the last answer's list right after a name,
    /// folded.
    pub list_choosers_after_name: crate::FastSet<String>,
    /// Words that ask who, folded.
    pub who_words: crate::FastSet<String>,
    /// The words of each phrase that asks how many, folded.
    pub how_many: Vec<Vec<String>>,
    /// Folded words that put a name as where the user is.
    pub places: crate::FastSet<String>,
    /// Folded greetings that may come before "from X".
    pub greetings: crate::FastSet<String>,
    /// Folded words that, after a greeting, put a name as where the user is.
    pub greeting_places: crate::FastSet<String>,
    /// Folded words (one or more each) that leave out the part named after
    /// them.
    pub except: Vec<Vec<String>>,
    /// Folded words for a ministry or its part.
    pub ministry_words: crate::FastSet<String>,
    /// Folded words for the role an organisation plays.
    pub role_words: crate::FastSet<String>,
    /// Folded words that name a ministry by its task
    /// ([`IntentFile::by_task`]).
    pub by_task: Vec<Vec<String>>,
    /// Folded words before a partner sector ([`IntentFile::partners`]).
    pub partners: Vec<Vec<String>>,
    /// Folded words that join names in a list ([`IntentFile::joins`]).
    pub joins: crate::FastSet<String>,
    /// Per language id, the written words that are never a conversational
    /// move ([`IntentFile::homographs`]): lower case, or in capitals for a
    /// word that counts only so written.
    pub homographs: crate::FastMap<String, Vec<String>>,
    /// Per language id, the folded names that count in lower case in a
    /// question of that language ([`IntentFile::lower_case_names`]).
    pub lower_case_names: crate::FastMap<String, Vec<String>>,
    /// The synonym groups, each name as its tokens.
    pub synonyms: Vec<Vec<Vec<crate::text::Token>>>,
    /// Emoji and the words they stand for ([`IntentFile::emoji`]).
    pub emoji: Vec<(String, String)>,
    /// Topic words (lower case) and the sheet's words for them.
    pub terms: crate::FastMap<String, String>,
    /// Endings a topic word may take (lower case, longest first; see
    /// [`IntentFile::term_endings`]).
    term_endings: Vec<String>,
    /// The topic words (lower case) of the files with endings that take
    /// them (see [`inflectable`]).
    inflected_terms: crate::FastSet<String>,
    /// One pattern for every topic word, longest first: compiled on the
    /// first question that holds a topic word's first word (one pattern,
    /// not one per word, which would cost more).
    terms_regex: OnceLock<Option<Regex>>,
    /// The topic words in one automaton, for plain text (see
    /// [`RuleSet::translate_terms`]).
    terms_automaton: OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// The first words of the topic words (lower case).
    term_heads: crate::FastSet<String>,
    /// A topic word starts with something other than a word: every
    /// question is matched against the pattern.
    every_question_has_terms: bool,
    /// Folded stop words and their stems.
    pub stopwords: crate::FastSet<String>,
    /// Folded keywords, for correcting typos.
    pub keywords: Vec<String>,
    /// The keywords, for finding a misspelt one.
    keyword_lexicon: OnceLock<crate::typo::Lexicon>,
    /// The stop words and language markers, for telling a misspelt
    /// question word ("whcih", "hvilek") from a name (made on first use).
    question_lexicon: OnceLock<crate::typo::Lexicon>,
    /// Stems of the keywords.
    pub keyword_stems: crate::FastSet<String>,
    /// Folded language markers with their language.
    pub markers: crate::FastMap<String, String>,
}

const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Checks and folds a pattern over folded text. Upper-case escapes are
/// refused: folding lower-cases the pattern, so `\S` would silently
/// become `\s`.
fn prepare(pattern: &str) -> Result<String, String> {
    for esc in ["\\S", "\\W", "\\D", "\\B"] {
        if pattern.contains(esc) {
            return Err(format!(
                "{esc} would be lower-cased by folding; write it another way (\\w+, [^ ]+)"
            ));
        }
    }
    Ok(fold_letters(pattern))
}

/// Where a pattern was written, for error messages.
struct Origin {
    file: String,
    index: usize,
    what: String,
}

impl RuleSet {
    /// The files' stop words, folded, and their stems: what
    /// [`RuleSet::stopwords`] holds, without compiling the rules (the
    /// engine resolves names with them while the rules compile).
    #[must_use]
    pub fn stopwords_of(files: &[(String, IntentFile)]) -> crate::FastSet<String> {
        let mut out = crate::FastSet::default();
        for (_, f) in files {
            for w in &f.stopwords {
                let folded = crate::text::fold(w);
                out.insert(crate::text::stem(&folded));
                out.insert(folded);
            }
        }
        out
    }

    /// Compiles the files. Errors name the file and the rule.
    pub fn compile(files: &[(String, IntentFile)]) -> Result<RuleSet, Vec<RuleError>> {
        let mut set = RuleSet::default();
        let mut errors = Vec::new();
        // The patterns of each kind, in file order: rules, facets,
        // follow-ups, introductions, self references.
        let mut kinds: [Vec<(String, Origin)>; 6] = Default::default();
        // Each pattern is checked and folded once (folding is most of the
        // work here).
        let mut push = |kind: usize,
                        prepared: Result<String, String>,
                        origin: Origin,
                        errors: &mut Vec<RuleError>| {
            match prepared {
                Ok(p) => kinds[kind].push((p, origin)),
                Err(message) => errors.push(RuleError {
                    file: origin.file,
                    index: origin.index,
                    intent: origin.what,
                    message,
                }),
            }
        };
        for (file, f) in files {
            for (i, r) in f.rules.iter().enumerate() {
                let origin = Origin {
                    file: file.clone(),
                    index: i + 1,
                    what: r.intent.id().to_owned(),
                };
                let prepared = prepare(&r.pattern);
                if let Ok(p) = &prepared {
                    set.rules.push(Rule {
                        intent: r.intent,
                        pattern: p.clone(),
                        weight: r.weight,
                        count: r.count,
                        siblings: r.siblings,
                        stated: r.stated,
                        stated_by: r.stated_by.iter().map(|w| crate::text::fold(w)).collect(),
                        lang: f.lang.clone(),
                        origin: format!("{file}#rule{}", i + 1),
                    });
                }
                push(0, prepared, origin, &mut errors);
            }
            for (i, fd) in f.facets.iter().enumerate() {
                let origin = Origin {
                    file: file.clone(),
                    index: i + 1,
                    what: format!("facet {}", fd.id),
                };
                let prepared = prepare(&fd.pattern);
                if prepared.is_ok() {
                    set.facets.push(Facet {
                        needles: fd
                            .text_has_any
                            .iter()
                            .map(|s| crate::text::fold(s))
                            .collect(),
                        def: fd.clone(),
                    });
                }
                push(1, prepared, origin, &mut errors);
            }
            for (kind, what, patterns) in [
                (2, "followup", &f.followups),
                (3, "introduction", &f.introductions),
                (4, "self_ref", &f.self_refs),
                (5, "repeat", &f.repeats),
            ] {
                for (i, p) in patterns.iter().enumerate() {
                    push(
                        kind,
                        prepare(p),
                        Origin {
                            file: file.clone(),
                            index: i + 1,
                            what: what.to_owned(),
                        },
                        &mut errors,
                    );
                }
            }
        }
        let mut sources = Vec::new();
        let mut origins = Vec::new();
        for (k, list) in kinds.into_iter().enumerate() {
            if k > 0 {
                set.bounds[k - 1] = sources.len();
            }
            for (p, o) in list {
                sources.push(p);
                origins.push(o);
            }
        }
        set.bounds[5] = sources.len();
        match Patterns::new(sources) {
            Ok(p) => set.patterns = p,
            Err(bad) => errors.extend(bad.into_iter().map(|e| {
                let o = &origins[e.index.min(origins.len().saturating_sub(1))];
                RuleError {
                    file: o.file.clone(),
                    index: o.index,
                    intent: o.what.clone(),
                    message: e.message,
                }
            })),
        }
        for (_, f) in files {
            for w in &f.fillers {
                set.fillers.insert(crate::text::fold(w));
            }
            for w in &f.latter {
                set.latter.insert(crate::text::fold(w));
            }
            for (w, &place) in &f.ordinals {
                set.ordinals.insert(crate::text::fold(w), place);
            }
            for w in &f.ordinal_determiners {
                set.ordinal_determiners.insert(crate::text::fold(w));
            }
            for w in &f.ministry_words {
                set.ministry_words.insert(crate::text::fold(w));
            }
            for w in &f.role_words {
                set.role_words.insert(crate::text::fold(w));
            }
            for w in &f.ordinal_pronouns {
                set.ordinal_pronouns.insert(crate::text::fold(w));
            }
            for w in &f.list_choosers_after_name {
                set.list_choosers_after_name.insert(crate::text::fold(w));
            }
            for w in &f.who_words {
                set.who_words.insert(crate::text::fold(w));
            }
            for (phrases, into) in [
                (&f.ordinal_places, &mut set.ordinal_places),
                (&f.list_choosers, &mut set.list_choosers),
                (&f.how_many, &mut set.how_many),
            ] {
                for p in phrases {
                    let words: Vec<String> = crate::text::fold(p)
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if !words.is_empty() && !into.contains(&words) {
                        into.push(words);
                    }
                }
            }
            for w in &f.greetings {
                set.greetings.insert(crate::text::fold(w));
            }
            for w in &f.greeting_places {
                set.greeting_places.insert(crate::text::fold(w));
            }
            for w in &f.places {
                set.places.insert(crate::text::fold(w));
            }
            set.except.extend(folded_word_lists(&f.except));
            set.by_task.extend(folded_word_lists(&f.by_task));
            set.partners.extend(folded_word_lists(&f.partners));
            set.joins
                .extend(f.joins.iter().map(|w| crate::text::fold(w)));
            set.emoji
                .extend(f.emoji.iter().map(|(e, w)| (e.clone(), w.clone())));
            if !f.homographs.is_empty() {
                set.homographs
                    .entry(f.lang.clone())
                    .or_default()
                    .extend(f.homographs.iter().map(|w| {
                        if w.chars().any(char::is_uppercase) {
                            w.clone()
                        } else {
                            w.to_lowercase()
                        }
                    }));
            }
            if !f.lower_case_names.is_empty() {
                set.lower_case_names
                    .entry(f.lang.clone())
                    .or_default()
                    .extend(f.lower_case_names.iter().map(|w| crate::text::fold(w)));
            }
            for group in &f.synonyms {
                set.synonyms
                    .push(group.iter().map(|n| crate::text::tokens(n)).collect());
            }
            for (from, to) in &f.terms {
                set.terms.insert(from.to_lowercase(), to.clone());
            }
            if !f.term_endings.is_empty() {
                set.inflected_terms.extend(
                    f.terms
                        .keys()
                        .map(|k| k.to_lowercase())
                        .filter(|k| inflectable(k)),
                );
            }
            for e in &f.term_endings {
                let e = e.to_lowercase();
                if !e.is_empty() && !set.term_endings.contains(&e) {
                    set.term_endings.push(e);
                }
            }
            set.commands.extend(f.commands.iter().cloned());
            for w in &f.keywords {
                let folded = crate::text::fold(w);
                set.keyword_stems.insert(crate::text::stem(&folded));
                if !set.keywords.contains(&folded) {
                    set.keywords.push(folded);
                }
            }
            for w in &f.markers {
                set.markers.insert(crate::text::fold(w), f.lang.clone());
            }
        }
        set.term_endings.sort_by_key(|e| std::cmp::Reverse(e.len()));
        set.stopwords = RuleSet::stopwords_of(files);
        // The first word of every topic word, for skipping the pattern on
        // a question that holds none of them.
        set.term_heads = set
            .terms
            .keys()
            .map(|k| {
                k.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        set.every_question_has_terms = set.term_heads.contains("");
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }

    /// The best weight of each intent whose rules match `folded` (with the
    /// rule that gave it), and whether a matching rule asks "how many";
    /// strongest first.
    #[must_use]
    pub fn score(&self, folded: &str) -> Vec<Scored> {
        self.score_readings(folded, folded)
    }

    /// The intents signalled by either reading of a question: as written
    /// and with misspelt keywords corrected. A correction adds a reading,
    /// never takes the literal one away ("when was Digdir founded" is not
    /// only "… funded").
    #[must_use]
    pub fn score_readings(&self, written: &str, corrected: &str) -> Vec<Scored> {
        let rules = 0..self.bounds[0];
        let mut hit = self.patterns.matches_in(written, rules.clone());
        if corrected != written {
            for (h, c) in hit
                .iter_mut()
                .zip(self.patterns.matches_in(corrected, rules))
            {
                *h |= c;
            }
        }
        let mut out: Vec<Scored> = Vec::new();
        for (r, _) in self.rules.iter().zip(&hit).filter(|(_, h)| **h) {
            match out.iter_mut().find(|s| s.intent == r.intent) {
                Some(entry) => {
                    if r.weight > entry.weight {
                        entry.weight = r.weight;
                        entry.origin.clone_from(&r.origin);
                    }
                    entry.count |= r.count;
                    entry.siblings |= r.siblings;
                }
                None => out.push(Scored {
                    intent: r.intent,
                    weight: r.weight,
                    count: r.count,
                    siblings: r.siblings,
                    origin: r.origin.clone(),
                }),
            }
        }
        out.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        out
    }

    /// `true` when the rule written at `origin` matches `word` (folded)
    /// alone, and no end of it: the word is one the rule asks with
    /// ("pengepott"), not a name the sheet lacks; a word the rule finds
    /// only at its end ("aksjeportefølje") still is.
    #[must_use]
    pub fn is_rule_word(&self, origin: &str, word: &str) -> bool {
        let Some(i) = self.rules[..self.bounds[0].min(self.rules.len())]
            .iter()
            .position(|r| r.origin == origin)
        else {
            return false;
        };
        let matches = |w: &str| {
            self.patterns
                .matches_in(w, i..i + 1)
                .get(i)
                .copied()
                .unwrap_or(false)
        };
        matches(word)
            && !word
                .char_indices()
                .skip(3)
                .any(|(at, _)| word[at..].chars().count() >= 3 && matches(&word[at..]))
    }

    /// `true` when the question reads as a follow-up ("og hva med KD?").
    #[must_use]
    pub fn is_followup(&self, folded: &str) -> bool {
        self.any_of(2, folded)
    }

    /// `true` when the question asks the previous one again about
    /// something else ("samme spørsmål for KD").
    #[must_use]
    pub fn is_repeat(&self, folded: &str) -> bool {
        self.any_of(5, folded)
    }

    /// `true` when the words right before token `at` make what follows
    /// a partner ([`IntentFile::partners`]).
    #[must_use]
    pub fn partner_at(&self, toks: &[crate::text::Token], at: usize) -> bool {
        one_right_before(&self.partners, toks, at)
    }

    /// A reference to an item of a list by its place ("den andre", "the
    /// third one", "nummer 2"): the tokens it spans and the place (1 the
    /// first, -1 the last). "For det første", "for the first time" are
    /// none.
    #[must_use]
    pub fn ordinal(&self, toks: &[crate::text::Token]) -> Option<Ordinal> {
        (0..toks.len().saturating_sub(1)).find_map(|i| {
            if !self.ordinal_determiners.contains(&toks[i].surface)
                || i > 0 && toks[i - 1].surface == "for"
            {
                return None;
            }
            let word = &toks[i + 1].surface;
            let place = match self.ordinals.get(word) {
                Some(&p) => p,
                None => word.parse::<i32>().ok().filter(|n| (1..100).contains(n))?,
            };
            let mut to = i + 2;
            if toks
                .get(to)
                .is_some_and(|t| self.ordinal_pronouns.contains(&t.surface))
            {
                to += 1;
            }
            if let Some(phrase) = self.ordinal_places.iter().find(|p| {
                toks.get(to..to + p.len())
                    .is_some_and(|ts| ts.iter().zip(p.iter()).all(|(t, w)| t.surface == *w))
            }) {
                to += phrase.len();
            }
            Some(Ordinal {
                tokens: (i, to),
                place,
            })
        })
    }

    /// `true` when the message begins with greetings and then a word such
    /// as "from" ("Hello from Datatilsynet!", "hei fra NVE").
    #[must_use]
    pub fn greets_from(&self, toks: &[crate::text::Token]) -> bool {
        toks.iter()
            .position(|t| !self.greetings.contains(&t.surface))
            .filter(|&i| i > 0)
            .and_then(|i| toks.get(i))
            .is_some_and(|t| self.greeting_places.contains(&t.surface))
    }

    /// `true` when the question picks from the last answer's list by what
    /// its items name ([`IntentFile::list_choosers`]).
    #[must_use]
    pub fn chooses_from_list(
        &self,
        toks: &[crate::text::Token],
        res: &crate::resolve::Resolution,
    ) -> bool {
        has_phrase(&self.list_choosers, toks)
            || res.mentions.iter().any(|m| {
                toks.get(m.tokens.1)
                    .is_some_and(|t| self.list_choosers_after_name.contains(&t.surface))
            })
    }

    /// `true` for a word of a phrase that asks how many ("mange").
    #[must_use]
    pub fn is_how_many_word(&self, word: &str) -> bool {
        self.how_many.iter().flatten().any(|w| w == word)
    }

    /// The place of the word right after the question's first word when
    /// that asks who ("forvalter" of "hvem forvalter X?").
    #[must_use]
    pub fn who_relation(&self, toks: &[crate::text::Token]) -> Option<usize> {
        let first = toks.first()?;
        (self.who_words.contains(&first.surface) && toks.len() > 2).then_some(1)
    }

    /// `true` when the question asks how many ([`IntentFile::how_many`]).
    #[must_use]
    pub fn asks_how_many(&self, toks: &[crate::text::Token]) -> bool {
        has_phrase(&self.how_many, toks)
    }

    /// `true` when the question asks about the role an organisation plays
    /// ([`IntentFile::role_words`]) and has no word for a ministry or its
    /// part ([`IntentFile::ministry_words`]): "kva rolle har vi?", not
    /// "hva er departementets rolle?".
    #[must_use]
    pub fn asks_an_agencys_role(&self, toks: &[crate::text::Token]) -> bool {
        toks.iter().any(|t| self.role_words.contains(&t.surface)) && !self.says_ministry(toks)
    }

    /// `true` when a word of the question is one for a ministry or its
    /// part ([`IntentFile::ministry_words`]).
    #[must_use]
    pub fn says_ministry(&self, toks: &[crate::text::Token]) -> bool {
        toks.iter()
            .any(|t| self.ministry_words.contains(&t.surface))
    }

    /// `true` when the words `from..to` only join names in a list ("og",
    /// "and"; none at all counts too).
    #[must_use]
    pub fn only_joins(&self, toks: &[crate::text::Token], from: usize, to: usize) -> bool {
        toks.get(from..to)
            .is_some_and(|between| between.iter().all(|t| self.joins.contains(&t.surface)))
    }

    /// `true` when the words right before token `at` leave out the part
    /// named there ([`IntentFile::except`]).
    #[must_use]
    pub fn except_at(&self, toks: &[crate::text::Token], at: usize) -> bool {
        one_right_before(&self.except, toks, at)
    }

    /// Where the words naming a ministry by its task end
    /// ([`IntentFile::by_task`]): the index of the first token after
    /// them, if the question has them.
    #[must_use]
    pub fn after_task_words(&self, toks: &[crate::text::Token]) -> Option<usize> {
        self.by_task.iter().find_map(|words| {
            toks.windows(words.len())
                .position(|w| w.iter().zip(words).all(|(t, x)| t.surface == *x))
                .map(|at| at + words.len())
                .filter(|&end| end < toks.len())
        })
    }

    /// The conversational moves of a question ([`RuleSet::is_followup`],
    /// [`RuleSet::is_introduction`], [`RuleSet::refers_to_self`],
    /// [`RuleSet::is_repeat`]) from one pass of the patterns.
    #[must_use]
    pub fn moves(&self, folded: &str) -> Moves {
        let hit = self
            .patterns
            .matches_in(folded, self.bounds[1]..self.bounds[5]);
        let any = |k: usize| {
            let (from, to) = (self.bounds[k - 1], self.bounds[k]);
            from < to && hit[from..to].contains(&true)
        };
        Moves {
            followup: any(2),
            introduction: any(3),
            self_ref: any(4),
            repeat: any(5),
        }
    }

    /// `true` when a pattern of kind `k` (see `bounds`) matches.
    fn any_of(&self, k: usize, folded: &str) -> bool {
        let (from, to) = (self.bounds[k - 1], self.bounds[k]);
        from < to && self.patterns.matches_in(folded, from..to)[from..to].contains(&true)
    }

    /// The first facet whose trigger matches the folded question.
    #[must_use]
    pub fn facet(&self, folded: &str) -> Option<&Facet> {
        let hit = self
            .patterns
            .matches_in(folded, self.bounds[0]..self.bounds[1]);
        self.facets
            .iter()
            .zip(&hit[self.bounds[0]..self.bounds[1]])
            .find(|(_, h)| **h)
            .map(|(f, _)| f)
    }

    /// Follow-up patterns, as written (folded).
    #[must_use]
    pub fn followup_patterns(&self) -> &[String] {
        &self.patterns.sources()[self.bounds[1]..self.bounds[2]]
    }

    /// The keywords as a typo lexicon (made on first use).
    pub fn keyword_lexicon(&self) -> &crate::typo::Lexicon {
        self.keyword_lexicon.get_or_init(|| {
            crate::typo::Lexicon::new(&self.keywords, |_| crate::typo::MAX_DISTANCE)
        })
    }

    /// The stop words and language markers as a typo lexicon (made on
    /// first use): the question's own language, misspelt.
    pub fn question_lexicon(&self) -> &crate::typo::Lexicon {
        self.question_lexicon.get_or_init(|| {
            let mut words: Vec<&String> =
                self.stopwords.iter().chain(self.markers.keys()).collect();
            words.sort();
            words.dedup();
            crate::typo::Lexicon::new(words, |_| 1)
        })
    }

    /// The other names of the thing `topic` names, when its words are one
    /// name of a synonym group (by stems, in order).
    #[must_use]
    pub fn synonyms_of(&self, topic: &[crate::text::Token]) -> Vec<Vec<crate::text::Token>> {
        let same = |name: &[crate::text::Token]| {
            name.len() == topic.len() && name.iter().zip(topic).all(|(a, b)| a.stem == b.stem)
        };
        self.synonyms
            .iter()
            .find(|group| group.iter().any(|n| same(n)))
            .map(|group| group.iter().filter(|n| !same(n)).cloned().collect())
            .unwrap_or_default()
    }

    /// `true` when a word (by its stem) is one the rules look for
    /// ("finansieringen", "finansieringa"): it names what is asked, not a
    /// topic.
    #[must_use]
    pub fn is_keyword(&self, stem: &str) -> bool {
        self.keyword_stems.contains(stem)
    }

    /// `false` when the topic words' pattern cannot match `text`: it only
    /// matches where a word equals (without case) a topic word's first
    /// word. Exact for ASCII and for the Latin letters Norwegian is
    /// written with, where a word is a run of letters, digits and `_` (as
    /// for the pattern's `\b`) and lower case is the pattern's case
    /// folding; for other text (combining marks, `ſ`, `ı`, `²`, other
    /// scripts) the pattern decides. The Unicode pattern is slow on text
    /// that is not ASCII (~50 µs), and most questions have no topic word.
    fn may_have_terms(&self, text: &str) -> bool {
        if self.every_question_has_terms {
            return true;
        }
        let head = |w: &str| {
            self.term_heads.contains(w)
                || strip_ending(w, &self.term_endings, &self.inflected_terms).is_some()
        };
        if text.is_ascii() {
            return text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| !w.is_empty() && head(&w.to_ascii_lowercase()));
        }
        if !text.chars().all(plain) {
            return true;
        }
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| !w.is_empty() && head(&w.to_lowercase()))
    }

    /// The text with topic words replaced by the sheet's words for them.
    #[must_use]
    pub fn translate_terms(&self, text: &str) -> String {
        let spans = self.term_spans(text);
        if spans.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in spans {
            out.push_str(&text[at..start]);
            let found = &text[start..end];
            let lower = found.to_lowercase();
            let to = self.terms.get(&lower).or_else(|| {
                strip_ending(&lower, &self.term_endings, &self.inflected_terms)
                    .and_then(|w| self.terms.get(w))
            });
            match to {
                Some(to) => out.push_str(to),
                None => out.push_str(found),
            }
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Where the topic words of `text` are (byte ranges, in order, without
    /// overlaps; the longest at a place).
    #[must_use]
    pub fn term_spans(&self, text: &str) -> Vec<(usize, usize)> {
        if !self.may_have_terms(text) {
            return Vec::new();
        }
        if !self.every_question_has_terms
            && text.chars().all(plain)
            && let Some(ac) = self.terms_automaton()
        {
            return plain_term_spans(ac, &self.term_endings, &self.inflected_terms, text);
        }
        let Some(regex) = self.terms_pattern() else {
            return Vec::new();
        };
        regex
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// The topic words in one automaton, built on first use; `None` when
    /// a topic word is not plain (then the pattern matches).
    fn terms_automaton(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.terms_automaton
            .get_or_init(|| {
                if self.terms.is_empty() || !self.terms.keys().all(|k| k.chars().all(plain)) {
                    return None;
                }
                aho_corasick::AhoCorasick::new(self.terms.keys())
                    .map_err(|e| tracing::error!("topic words: {e}"))
                    .ok()
            })
            .as_ref()
    }

    /// The topic words' pattern, compiled on first use; `None` when there
    /// are no topic words or the pattern is too big.
    pub fn terms_pattern(&self) -> Option<&Regex> {
        self.terms_regex
            .get_or_init(|| {
                if self.terms.is_empty() {
                    return None;
                }
                // Longest first, so "cloud services" goes before "cloud".
                let mut words: Vec<&String> = self.terms.keys().collect();
                words.sort_by_key(|w| std::cmp::Reverse(w.len()));
                // Those that take endings first, with them.
                let (inflected, rest): (Vec<&String>, Vec<&String>) = words
                    .iter()
                    .partition(|w| self.inflected_terms.contains(w.as_str()));
                let alternation = |words: &[&String]| {
                    words
                        .iter()
                        .map(|w| regex::escape(w))
                        .collect::<Vec<_>>()
                        .join("|")
                };
                let endings: Vec<String> =
                    self.term_endings.iter().map(|e| regex::escape(e)).collect();
                let mut groups = Vec::new();
                if !inflected.is_empty() {
                    groups.push(format!(
                        "(?:{})(?:{})?",
                        alternation(&inflected),
                        endings.join("|")
                    ));
                }
                if !rest.is_empty() {
                    groups.push(format!("(?:{})", alternation(&rest)));
                }
                RegexBuilder::new(&format!(r"(?i)\b(?:{})\b", groups.join("|")))
                    .size_limit(REGEX_SIZE_LIMIT * 8)
                    .build()
                    .map_err(|e| tracing::error!("topic words: {e}"))
                    .ok()
            })
            .as_ref()
    }

    /// `true` when the user says where they work ("jeg er ny i …").
    #[must_use]
    pub fn is_introduction(&self, folded: &str) -> bool {
        self.any_of(3, folded)
    }

    /// `true` when the question refers to the user's own organisation.
    #[must_use]
    pub fn refers_to_self(&self, folded: &str) -> bool {
        self.any_of(4, folded)
    }

    /// The command with this name, if any.
    #[must_use]
    pub fn command(&self, name: &str) -> Option<&CommandDef> {
        self.commands
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// Each phrase of a word list folded and split into its words.
fn folded_word_lists(phrases: &[String]) -> impl Iterator<Item = Vec<String>> + '_ {
    phrases
        .iter()
        .map(|w| crate::text::fold(w).split(' ').map(str::to_owned).collect())
}

/// `true` when one of `lists` is the words right before token `at`.
fn one_right_before(lists: &[Vec<String>], toks: &[crate::text::Token], at: usize) -> bool {
    lists.iter().any(|words| {
        at >= words.len()
            && toks[at - words.len()..at]
                .iter()
                .zip(words)
                .all(|(t, w)| t.surface == *w)
    })
}

/// `true` when the tokens hold one of `phrases` (each its folded words).
fn has_phrase(phrases: &[Vec<String>], toks: &[crate::text::Token]) -> bool {
    phrases.iter().any(|p| {
        toks.windows(p.len())
            .any(|ts| ts.iter().zip(p).all(|(t, w)| t.surface == *w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rules: &str) -> Vec<(String, IntentFile)> {
        vec![("t.toml".to_owned(), toml::from_str(rules).unwrap())]
    }

    #[test]
    fn patterns_are_folded_like_questions() {
        let set = RuleSet::compile(&file(
            "format = 1\nlang = \"nb\"\n[[rule]]\nintent = \"agency_owner\"\npattern = 'hører .* under'\n",
        ))
        .unwrap();
        let scored = set.score(&crate::text::fold(
            "Hvilket departement hører NVE inn under?",
        ));
        assert_eq!(scored[0].intent, Intent::AgencyOwner);
    }

    #[test]
    fn a_bad_pattern_names_its_file_and_rule() {
        let errors = RuleSet::compile(&file(
            "format = 1\nlang = \"nb\"\n[[rule]]\nintent = \"funding\"\npattern = 'x'\n[[rule]]\nintent = \"funding\"\npattern = '(unclosed'\n",
        ))
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        let msg = errors[0].to_string();
        assert!(msg.starts_with("t.toml: rule 2 (funding)"), "{msg}");
    }

    #[test]
    fn upper_case_escapes_are_refused() {
        let errors = RuleSet::compile(&file(
            "format = 1\nlang = \"nb\"\n[[rule]]\nintent = \"funding\"\npattern = 'hva\\s+\\S+\\s+med'\n",
        ))
        .unwrap_err();
        assert!(errors[0].to_string().contains("\\S"), "{}", errors[0]);
    }

    #[test]
    fn ids_round_trip() {
        for i in Intent::ALL {
            assert_eq!(Intent::from_id(i.id()), Some(i));
        }
    }
}
