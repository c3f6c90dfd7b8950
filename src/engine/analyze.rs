//! Stage 1, analyze: a question's text → [`Analysis`], built once.
//!
//! Everything the later stages read about the question is worked out here
//! and nowhere else: the slash command, filler at the start of the turn,
//! the language, the folded and typo-corrected text, the names, what the
//! rules signal, whether the user introduces themselves or speaks of "us",
//! and (when the rules are weak) what the classifier thinks. Answering and
//! `faktabot explain` both start from the same `Analysis`, so explain can
//! never show a path the answer does not take.

use serde::Serialize;

use crate::classify::{Prediction, question_tokens};
use crate::intents::{Intent, Scored};
use crate::lang::Lang;
use crate::resolve::{Entity, Resolution};
use crate::text::{Token, clean, fold, tokens};

use super::Engine;

/// What the engine reads in a question.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The question after cleaning, the command and leading filler.
    pub text: String,
    /// The slash command's intent, when the message is one ("/etat NVE").
    pub command: Option<Intent>,
    /// A slash command the bot does not know.
    pub unknown_command: Option<String>,
    /// The reply's language.
    pub lang: Lang,
    /// `false` when no word marks the language ("takk", "NVE?"): then the
    /// chat's language is the reply's.
    pub lang_marked: bool,
    /// The first token after words that name a ministry by its task
    /// ("departementet som har ansvar for veiene"): the task words that
    /// find the part.
    pub task_from: Option<usize>,
    /// Folded text, misspelt keywords corrected: what the rules match.
    pub folded: String,
    /// The analysed words.
    #[serde(skip)]
    pub tokens: Vec<Token>,
    /// The names found.
    #[serde(skip)]
    pub resolution: Resolution,
    /// The names found, readable: "agency Lånekassen", "sector kd".
    pub names: Vec<String>,
    /// Intents the rules signal, strongest first.
    pub rules: Vec<Scored>,
    /// The classifier's verdict, when the rules were weak.
    pub classifier: Option<Prediction>,
    /// The message had no text, only punctuation, emoji or white space.
    pub empty: bool,
    /// The whole message is filler or small talk ("ok.", "takk!").
    pub small_talk: bool,
    /// The user says where they work.
    pub introduction: bool,
    /// The question speaks of the user's own organisation ("hos oss").
    pub self_ref: bool,
    /// The question reads as a follow-up ("og hva med KD?").
    pub followup: bool,
    /// The question asks the previous one again about something else
    /// ("samme spørsmål for helse").
    pub repeat: bool,
    /// The question refers to the last of several things the previous
    /// answer named ("sistnevnte", "the latter").
    pub latter: bool,
    /// A reference to an item of a list by its place ("den andre", "the
    /// third one").
    pub ordinal: Option<crate::intents::Ordinal>,
    /// What the reference stood for, when the question was read again
    /// with it: a name of the last answer's list (`true`), or what the
    /// chat is about (`false`).
    pub referred: Option<(String, bool)>,
    /// The question was read again as the chat's topic in the parts it
    /// names ([`crate::engine::Context::topic`]): search answers.
    pub topic_of: bool,
    /// Words that are neither names, stop words nor in the sheet.
    pub unknown_words: Vec<String>,
    /// Ordinary words of a language (the word lists) that the sheet, the
    /// rules and the examples do not have ("chess"): no name the sheet
    /// lacks, but a question with one and nothing else to go on asks
    /// about something the sheet does not cover.
    pub strange_words: Vec<String>,
}

impl Analysis {
    /// Sectors named, in order.
    #[must_use]
    pub fn sectors(&self) -> Vec<usize> {
        self.resolution.sectors()
    }

    /// Agencies named, in order.
    #[must_use]
    pub fn agencies(&self) -> Vec<usize> {
        self.resolution.agencies()
    }

    /// The strongest rule weight, 0 when none matched.
    #[must_use]
    pub fn best_rule(&self) -> f32 {
        self.rules.first().map_or(0.0, |s| s.weight)
    }

    /// A strong rule and a decent one for another intent within the margin ("what
    /// coordination bodies …": coordination, or agencies?): the
    /// classifier breaks the tie.
    #[must_use]
    pub fn strong_tie(&self, settings: &super::Settings) -> bool {
        match (self.rules.first(), self.rules.get(1)) {
            (Some(a), Some(b)) => {
                a.weight >= settings.strong_rule
                    && b.weight >= settings.decent_rule
                    && a.intent != b.intent
                    && a.weight - b.weight < settings.rule_tie_margin
            }
            _ => false,
        }
    }
}

impl Engine {
    /// Marks as typed in capitals the names that count in lower case in a
    /// question of its language (see [`crate::intents::IntentFile::lower_case_names`]).
    fn lift_lower_case_names(&self, toks: &mut [Token], lang: Option<Lang>) {
        let Some(names) = lang.and_then(|l| self.rules.lower_case_names.get(l.id())) else {
            return;
        };
        for t in toks.iter_mut().filter(|t| !t.upper) {
            if names.contains(&t.surface) {
                t.upper = true;
                t.capital = true;
            }
        }
    }
}

/// Most analyses [`Engine::analyze`] keeps.
pub(super) const MAX_ANALYSES: usize = 4096;

/// Longest text whose analysis is kept.
const MEMO_BYTES: usize = 512;

/// `folded` with each of `names` (whole words) put as one neutral word.
fn mask(folded: &str, names: &[String]) -> String {
    let mut out = format!(" {folded} ");
    for n in names {
        out = out.replacen(&format!(" {n} "), " qqnavn ", 1);
    }
    out.trim().to_owned()
}

impl Engine {
    /// Analyses a question: see the module documentation. An analysis is
    /// a function of the text alone, so the last [`MAX_ANALYSES`] texts
    /// of up to [`MEMO_BYTES`] bytes are analysed once: a question asked
    /// again (a button pressed, the same question in another chat) costs a
    /// lookup.
    #[must_use]
    pub fn analyze(&self, raw: &str) -> Analysis {
        if raw.len() > MEMO_BYTES {
            return self.analyze_text(raw);
        }
        let lock = || {
            self.analyses
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(a) = lock().get(raw) {
            return a.clone();
        }
        let a = self.analyze_text(raw);
        lock().put(raw.to_owned(), a.clone());
        a
    }

    /// [`Engine::analyze`] without the memo.
    pub(super) fn analyze_text(&self, raw: &str) -> Analysis {
        let raw = crate::markup::strip(crate::text::cap(raw));
        let raw = crate::markup::strip_search_operators(&raw);
        let mut text = expand_contractions(&expand_short_ministries(&clean(&raw))).into_owned();
        // "👋": the words emoji stand for.
        if !text.is_ascii() {
            for (e, w) in &self.rules.emoji {
                if text.contains(e.as_str()) {
                    text = text.replace(e.as_str(), &format!(" {w} "));
                }
            }
        }
        let (command, text) = self.split_command(&text);
        let mut all_tokens = tokens(&text);
        let marked = Lang::detect_marked(&all_tokens, &self.rules.markers);
        let tokens = |text: &str| {
            let mut toks = tokens(text);
            self.lift_lower_case_names(&mut toks, marked);
            toks
        };
        self.lift_lower_case_names(&mut all_tokens, marked);
        let lang = marked.unwrap_or(Lang::Nb);
        // Nothing but links ("https://www.digdir.no/…"): no question either.
        let only_links = raw.split_whitespace().all(|w| {
            let w = w.to_ascii_lowercase();
            w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
        });
        let empty = command.is_none() && (!text.chars().any(char::is_alphanumeric) || only_links);
        let (forced, unknown_command) = match command {
            Some(Ok(i)) => (Some(i), None),
            Some(Err(name)) => (None, Some(name)),
            None => (None, None),
        };
        // "takk!", "ok.", "hei hei": the whole message is small talk.
        let full_written = fold(&text);
        let full_corrected = self.corrected(&full_written);
        let full_rules = self.rules.score_readings(&full_written, &full_corrected);
        let (rest, only_filler) = if forced.is_none() {
            self.strip_fillers(&text, &all_tokens)
        } else {
            (None, false)
        };
        let stripped = rest.is_some();
        // The whole message, kept should it be small talk after all.
        let (text, whole) = match rest {
            Some(rest) => (rest, Some(text)),
            None => (text, None),
        };
        // The rules read the question as written; names and search read
        // topic words as the sheet has them ("which sectors mention cloud
        // services?" → "skytjenester").
        let (written, folded) = if stripped {
            let written = fold(&text);
            let folded = self.corrected(&written);
            (written, folded)
        } else {
            (full_written, full_corrected)
        };
        let (toks, whole_tokens) = if stripped {
            (tokens(&text), Some(all_tokens))
        } else {
            (all_tokens, None)
        };
        let greeted = whole_tokens
            .as_ref()
            .is_some_and(|w| self.rules.greets_from(w));
        // "når vart X oppretta?": nynorsk "vart" (was), written without å,
        // is not "vårt" (our), though both fold to "vart".
        // English "IT" in capitals (not in a question all in capitals) is
        // not "it".
        let shouted = !text.chars().any(char::is_lowercase);
        let homograph = |words: &[String], t: &Token| {
            words.iter().any(|w| {
                if w.chars().any(char::is_uppercase) {
                    !shouted && t.word == *w
                } else {
                    t.word.to_lowercase() == *w
                }
            })
        };
        let moves = match self.rules.homographs.get(lang.id()) {
            Some(words) if toks.iter().any(|t| homograph(words, t)) => {
                let kept: Vec<&str> = toks
                    .iter()
                    .filter(|t| !homograph(words, t))
                    .map(|t| t.surface.as_str())
                    .collect();
                self.rules.moves(&kept.join(" "))
            }
            _ => self.rules.moves(&folded),
        };
        // Names the translation made of several words ("the Research
        // Council" → "Forskningsrådet"): the rules read past them too.
        let mut translated_names = Vec::new();
        let (text, toks, resolution) = match self.translate_outside_names(&text, &toks) {
            (Some(translated), _) => {
                translated_names = self.names_of_terms(&text);
                let toks = tokens(&translated);
                let resolution = self
                    .resolver
                    .resolve_tokens_with(&toks, &|w| self.is_word(w));
                (translated, toks, resolution)
            }
            (None, resolution) => (text, toks, resolution),
        };
        let long = match (
            self.long_names(&toks, &resolution),
            translated_names.is_empty(),
        ) {
            (names, true) => names,
            (Some(mut names), false) => {
                names.append(&mut translated_names);
                Some(names)
            }
            (None, false) => Some(translated_names),
        };
        let rest_rules = match long {
            Some(names) => self
                .rules
                .score_readings(&mask(&written, &names), &mask(&folded, &names)),
            // Nothing was stripped: the rules read the same text.
            None if !stripped => full_rules.clone(),
            None => self.rules.score_readings(&written, &folded),
        };
        // "flott, takk skal du ha!": filler, then nothing to ask about.
        let nothing_after_filler = stripped
            && rest_rules.is_empty()
            && resolution.mentions.is_empty()
            && crate::search::content_tokens(&toks, &self.rules.stopwords).is_empty();
        // "takk, og hvem eier NVE?": thanks, then a question: the question.
        let asks_more = rest_rules
            .iter()
            .any(|s| s.intent != Intent::Smalltalk && s.weight >= self.settings.decent_rule);
        let small_talk = forced.is_none()
            && !empty
            && (only_filler
                || nothing_after_filler
                // "takk! og i helsesektoren?": thanks, then a name to ask
                // about (as written, not "mate" for "mat"): the question.
                || !(asks_more
                    || stripped && resolution.mentions.iter().any(|m| m.quality >= 1.0))
                    && full_rules
                        .first()
                        .is_some_and(|s| s.intent == Intent::Smalltalk));
        let rules = if small_talk { full_rules } else { rest_rules };
        // "takk for hjelpen!" is thanks: small talk reads the whole message,
        // its filler too.
        let (text, toks, resolution) = match (small_talk, whole, whole_tokens) {
            (true, Some(whole), Some(whole_tokens)) => {
                let resolution = self
                    .resolver
                    .resolve_tokens_with(&whole_tokens, &|w| self.is_word(w));
                (whole, whole_tokens, resolution)
            }
            _ => (text, toks, resolution),
        };
        // "strategien AID laget sammen med KS": a sector named as a partner
        // of a name before it is not what the question is about (its words
        // stay covered: no topic of their own).
        let mut resolution = resolution;
        if resolution.mentions.len() >= 2 {
            let first = resolution.mentions[0].tokens.0;
            resolution.mentions.retain(|m| {
                !(matches!(m.entity, Entity::Sector(_))
                    && m.tokens.0 > first
                    && self.rules.partner_at(&toks, m.tokens.0))
            });
        }
        let names = self.mention_names(&resolution);
        let (mut unknown_words, strange_words) = self.unknown_words(&toks, &resolution);
        // "finnes det en egen pengepott?": a word a rule of the question
        // asks with, alone, is that rule's, not a name the sheet lacks.
        unknown_words.retain(|w| {
            !rules.iter().any(|s| {
                s.weight >= self.settings.decent_rule && self.rules.is_rule_word(&s.origin, w)
            })
        });
        // "Hvilke etater har departementet som har ansvar for veiene?": the
        // ministry named by its task; the question asks something else of
        // it, so the task's words ask no responsibilities.
        let task_from = self.rules.after_task_words(&toks);
        let mut rules = rules;
        if task_from.is_some()
            && rules.iter().any(|s| {
                s.intent != Intent::Responsibility
                    && s.intent.section().is_some()
                    && s.weight >= self.settings.decent_rule
            })
        {
            rules.retain(|s| s.intent != Intent::Responsibility);
        }
        // "Hva sier arket om strategien til SSB?": what the sheet says of a
        // section, so that section; the general "what does it say about"
        // stands aside for a strong rule of a section.
        if rules
            .first()
            .is_some_and(|s| s.intent.section().is_some() && s.weight >= self.settings.strong_rule)
        {
            let lead = rules[0].weight;
            rules.retain(|s| {
                !(matches!(s.intent, Intent::AgencyInfo | Intent::SectorOverview)
                    && s.weight < lead)
            });
        }
        let mut a = Analysis {
            command: forced,
            unknown_command,
            lang,
            lang_marked: marked.is_some(),
            task_from,
            // "Hello from Datatilsynet! …": a greeting (dropped as filler),
            // "from" (what the question now begins with) and a name right
            // after it.
            introduction: moves.introduction
                || greeted
                    && toks
                        .first()
                        .is_some_and(|t| self.rules.greeting_places.contains(&t.surface))
                    && resolution.mentions.first().is_some_and(|m| m.tokens.0 == 1),
            self_ref: moves.self_ref,
            followup: moves.followup,
            repeat: moves.repeat,
            latter: toks.iter().any(|t| self.rules.latter.contains(&t.surface)),
            ordinal: self.rules.ordinal(&toks),
            referred: None,
            topic_of: false,
            folded,
            tokens: toks,
            resolution,
            names,
            rules,
            classifier: None,
            empty,
            small_talk,
            unknown_words,
            strange_words,
            text,
        };
        if a.command.is_none()
            && !a.small_talk
            && (a.best_rule() < self.settings.strong_rule || a.strong_tie(&self.settings))
        {
            a.classifier = self.classify(&a);
        }
        a
    }

    /// The folded agency names of several words in the question ("Joint
    /// Rescue Coordination Centre", "Student Loan Fund"): the rules read
    /// the question without them, so that a word of a name does not ask
    /// for coordination or funding. `None` when there are none.
    /// The names a resolution found, as [`Analysis::names`] lists them.
    pub(super) fn mention_names(&self, res: &Resolution) -> Vec<String> {
        res.mentions
            .iter()
            .map(|m| match m.entity {
                Entity::Sector(s) => format!("sector {}", self.knowledge.sectors[s].id),
                Entity::Agency(a) => format!("agency {}", self.resolver.agencies[a].name),
            })
            .collect()
    }

    fn long_names(&self, toks: &[Token], res: &Resolution) -> Option<Vec<String>> {
        let names: Vec<String> = res
            .mentions
            .iter()
            .filter(|m| matches!(m.entity, Entity::Agency(_)) && m.tokens.1 - m.tokens.0 >= 2)
            .filter_map(|m| toks.get(m.tokens.0..m.tokens.1))
            .map(crate::text::spoken)
            .collect();
        (!names.is_empty()).then_some(names)
    }

    /// The words of `text` (folded, as the rules read them) that a topic
    /// word of several words stands for when it translates to one agency's
    /// name ("research council" → "Forskningsrådet").
    fn names_of_terms(&self, text: &str) -> Vec<String> {
        self.rules
            .term_spans(text)
            .into_iter()
            .filter_map(|(s, e)| {
                let words = tokens(&text[s..e]);
                if words.len() < 2 {
                    return None;
                }
                let translated = tokens(&self.rules.translate_terms(&text[s..e]));
                let res = self
                    .resolver
                    .resolve_tokens_with(&translated, &|w| self.is_word(w));
                res.mentions
                    .iter()
                    .any(|m| {
                        matches!(m.entity, Entity::Agency(_)) && m.tokens == (0, translated.len())
                    })
                    .then(|| crate::text::spoken(&words))
            })
            .collect()
    }

    /// The question with topic words put as the sheet has them, outside
    /// the names it holds ("Ministry of Education and Research" stays);
    /// `None` when nothing changes; with the names found in `toks`.
    fn translate_outside_names(&self, text: &str, toks: &[Token]) -> (Option<String>, Resolution) {
        let res = self
            .resolver
            .resolve_tokens_with(toks, &|w| self.is_word(w));
        if self.rules.terms.is_empty() {
            return (None, res);
        }
        // A name inside a longer topic word is a word of it: "KS" of "the
        // KS scheme" (KS-ordningen), "transport" of "the national transport
        // plan".
        // The names found, and the names that could mean several entities
        // ("the Ministry of Local Government and Modernisation"), which are
        // kept as written too.
        let mut names: Vec<(usize, usize)> = res.mentions.iter().map(|m| m.tokens).collect();
        let in_mention = |i: usize| {
            res.mentions
                .iter()
                .any(|m| m.tokens.0 <= i && i < m.tokens.1)
        };
        let mut i = 0;
        while i < res.covered.len() {
            let start = i;
            while i < res.covered.len() && res.covered[i] && !in_mention(i) {
                i += 1;
            }
            if i > start {
                names.push((start, i));
            } else {
                i += 1;
            }
        }
        names.sort_unstable();
        let spans = if names.is_empty() {
            Vec::new()
        } else {
            self.rules.term_spans(text)
        };
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for &(from, to) in &names {
            let (Some(first), Some(last)) = (toks.get(from), toks.get(to - 1)) else {
                continue;
            };
            let (start, end) = (first.span.0, last.span.1);
            if start < at
                || spans
                    .iter()
                    .any(|&(s, e)| s <= start && end <= e && e - s > end - start)
            {
                continue;
            }
            out.push_str(&self.rules.translate_terms(&text[at..start]));
            out.push_str(&text[start..end]);
            at = end;
        }
        out.push_str(&self.rules.translate_terms(&text[at..]));
        ((out != text).then_some(out), res)
    }

    /// The classifier's verdict on an analysed question.
    pub(super) fn classify(&self, a: &Analysis) -> Option<Prediction> {
        let model = self.classifier()?;
        let slots: Vec<((usize, usize), bool)> = a
            .resolution
            .mentions
            .iter()
            .map(|m| (m.tokens, matches!(m.entity, Entity::Agency(_))))
            .collect();
        model.predict(&question_tokens(&a.tokens, &slots))
    }

    /// Drops filler words from the start of a turn ("ok.", "greit, og …",
    /// "takk! men …"): returns the rest, or `None` when nothing was
    /// dropped, and whether the message is nothing but filler.
    fn strip_fillers(&self, text: &str, toks: &[Token]) -> (Option<String>, bool) {
        let mut cut = 0;
        for t in toks {
            // The set first: folding the word is the dearer test.
            if !(self.rules.fillers.contains(&t.surface) && fold(&t.word) == t.surface) {
                if cut == 0 {
                    return (None, false);
                }
                let rest = text[cut..].trim_start_matches(|c: char| !c.is_alphanumeric());
                return (Some(rest.to_owned()), false);
            }
            cut = t.span.1;
        }
        (None, !toks.is_empty())
    }
}

/// "kunnskapsdep", "Samferdselsdep.", "nærings-dep", "landbruksdept" →
/// "…departementet", and "sokkeldir", "Utlendingsdir." → "…direktoratet":
/// the short forms people type for a ministry or a directorate.
#[must_use]
pub fn expand_short_ministries(text: &str) -> std::borrow::Cow<'_, str> {
    // Every short form ends a word with "dep", "dept" or "dir" (no other
    // letter folds to d, e, p, i, r or t), so most questions,
    // "departementet" included, never run the pattern (slow on text that
    // is not ASCII). A letter, an ASCII digit or `_` after it is surely a
    // word character; after anything else the pattern decides.
    let bytes = text.as_bytes();
    let ends_word = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| !(c.is_alphabetic() || c.is_ascii_digit() || c == '_'))
    };
    let short_form = (0..bytes.len().saturating_sub(2)).any(|i| {
        let three = &bytes[i..i + 3];
        (three.eq_ignore_ascii_case(b"dep") || three.eq_ignore_ascii_case(b"dir"))
            && (ends_word(i + 3)
                || three.eq_ignore_ascii_case(b"dep")
                    && bytes
                        .get(i + 3)
                        .is_some_and(|b| b.eq_ignore_ascii_case(&b't'))
                    && ends_word(i + 4))
    });
    if !short_form {
        return std::borrow::Cow::Borrowed(text);
    }
    static SHORT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(\p{L}{3,})-?(dept?|dir)\b\.?").expect("a valid pattern")
    });
    SHORT.replace_all(text, |c: &regex::Captures<'_>| short_form_written_out(c))
}

/// One match of the short-form pattern written out; a short head before
/// "dir" is a name of its own ("Digdir", "Bufdir"), kept as written.
#[must_use]
pub fn short_form_written_out(c: &regex::Captures<'_>) -> String {
    if c[2].eq_ignore_ascii_case("dir") {
        if c[1].chars().count() < 5 {
            return c[0].to_owned();
        }
        return format!("{}direktoratet", &c[1]);
    }
    format!("{}departementet", &c[1])
}

/// English "who's", "what's", "where's" written out ("who is"), as the
/// rules read them; a possessive ("NAV's") stays.
fn expand_contractions(text: &str) -> std::borrow::Cow<'_, str> {
    // Most questions have none: the quick test without captures first.
    let text = if !CONTRACTION.is_match(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        CONTRACTION.replace_all(text, contraction_written_out)
    };
    if !may_have_negation(&text) {
        return text;
    }
    match NEGATION.replace_all(&text, |c: &regex::Captures<'_>| {
        match (c.get(1), c.get(2)) {
            (Some(verb), _) => format!("{} not", verb.as_str()),
            (None, Some(w)) if w.as_str().eq_ignore_ascii_case("wo") => "will not".to_owned(),
            _ => "can not".to_owned(),
        }
    }) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s),
    }
}

/// A contraction [`CONTRACTION`] found, written out: "its" is no "it
/// is"; "whats", "hows" as chat writes them are.
fn contraction_written_out(c: &regex::Captures<'_>) -> String {
    if c[2].is_empty() && matches!(c[1].to_ascii_lowercase().as_str(), "it" | "which") {
        c[0].to_owned()
    } else {
        format!("{} is", &c[1])
    }
}

/// "who's", "what's" (and as chat writes them, "whos", "whats"): the
/// question words the rules read as "who is". ASCII word boundaries: the
/// words are ASCII, and so the quick test needs no slower engine on text
/// with "æøå".
static CONTRACTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?-u:\b)(who|what|where|how|which|when|that|there|here|it)('?)s(?-u:\b)",
    )
    .expect("a valid pattern")
});

/// "don't", "doesnt", "isn't", "won't", "can't": a "not" the negative
/// rules and facets see ("which sectors don't have a portfolio?").
static NEGATION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(do|does|did|is|are|was|were|has|have|had|could|should|would)n'?t\b|\b(wo|ca)n't\b",
    )
    .expect("a valid pattern")
});

/// Whether `text` can hold a negation [`expand_contractions`] writes out:
/// a word of ASCII letters ending in "nt" or "n't" whose letters before
/// the "n" are one of its verbs. Most questions have none, and the
/// pattern, whose Unicode word boundaries its DFA cannot take on text
/// that is not ASCII, costs a backtracking pass (~20,000 instructions)
/// over every Norwegian "departementet". Letters the pattern's case
/// folding matches beyond ASCII (the long s, the Kelvin sign) leave the
/// decision to the pattern.
fn may_have_negation(text: &str) -> bool {
    const VERBS: [&str; 15] = [
        "do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "could", "should",
        "would", "wo", "ca",
    ];
    if text.contains(['\u{17f}', '\u{212a}']) {
        return true;
    }
    let bytes = text.as_bytes();
    let ends_word = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| !(c.is_alphabetic() || c.is_ascii_digit() || c == '_'))
    };
    (0..bytes.len()).any(|i| {
        if !bytes[i].eq_ignore_ascii_case(&b'n') {
            return false;
        }
        let t = if bytes.get(i + 1) == Some(&b'\'') {
            i + 2
        } else {
            i + 1
        };
        if !bytes.get(t).is_some_and(|b| b.eq_ignore_ascii_case(&b't')) || !ends_word(t + 1) {
            return false;
        }
        let start = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        VERBS
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(&bytes[start..i]))
    })
}

#[cfg(test)]
mod short_ministry_tests {
    use super::{
        CONTRACTION, NEGATION, expand_contractions, expand_short_ministries, may_have_negation,
    };

    proptest::proptest! {
        /// The quick test never misses a negation the pattern finds.
        #[test]
        fn the_negation_test_misses_nothing_the_pattern_finds(
            text in "((do|DO|Does|is|IS|wo|Ca|had|were|xdo|di|ſhould)(n'?t|N'T|nT)?|[a-zé]{1,4}|[ .,?'_1é\u{212a}]){0,10}"
        ) {
            proptest::prop_assert!(!NEGATION.is_match(&text) || may_have_negation(&text));
            proptest::prop_assert_eq!(expand_contractions(&text).into_owned(), written_out(&text));
        }
    }

    /// What [`expand_contractions`] gives with the patterns always run.
    fn written_out(text: &str) -> String {
        let text = CONTRACTION.replace_all(text, super::contraction_written_out);
        NEGATION
            .replace_all(&text, |c: &regex::Captures<'_>| {
                match (c.get(1), c.get(2)) {
                    (Some(verb), _) => format!("{} not", verb.as_str()),
                    (None, Some(w)) if w.as_str().eq_ignore_ascii_case("wo") => {
                        "will not".to_owned()
                    }
                    _ => "can not".to_owned(),
                }
            })
            .into_owned()
    }

    #[test]
    fn the_negation_test_passes_over_norwegian_words_in_nt() {
        for text in [
            "Hvilke etater har Kunnskapsdepartementet?",
            "hvilket departement",
            "kjent",
        ] {
            assert!(!may_have_negation(text), "{text}");
        }
        for text in ["which don't", "DOESNT", "it won't", "Isn't it?", "hadnt"] {
            assert!(may_have_negation(text), "{text}");
        }
    }

    #[test]
    fn contractions_are_written_out() {
        assert_eq!(
            expand_contractions("Who's in charge of NAV? What's DigiFin?"),
            "Who is in charge of NAV? What is DigiFin?"
        );
        assert_eq!(expand_contractions("NAV's strategy"), "NAV's strategy");
        assert_eq!(expand_contractions("whose it is"), "whose it is");
        assert_eq!(
            expand_contractions(
                "which sectors don't have one, and which doesnt? I can't say, it won't"
            ),
            "which sectors do not have one, and which does not? I can not say, it will not"
        );
        assert_eq!(
            expand_contractions("Hvem eier Statnett?"),
            "Hvem eier Statnett?"
        );
    }

    #[test]
    fn short_ministry_names_are_written_out() {
        for (short, long) in [
            (
                "Hvilke planer har kunnskapsdep?",
                "Hvilke planer har kunnskapsdepartementet?",
            ),
            (
                "prosjektlisten til Landbruksdep.?",
                "prosjektlisten til Landbruksdepartementet?",
            ),
            ("hva gjør nærings-dep", "hva gjør næringsdepartementet"),
            ("Samferdselsdept og KS", "Samferdselsdepartementet og KS"),
            (
                "er sjøfartsdir under NFD?",
                "er sjøfartsdirektoratet under NFD?",
            ),
            ("Utlendingsdir. og UNE", "Utlendingsdirektoratet og UNE"),
        ] {
            assert_eq!(expand_short_ministries(short), long);
        }
        for same in [
            "hvilket dep er NVE under",
            "depot",
            "Kunnskapsdepartementet",
            "deprimert",
            "direkte",
            "dir",
            "hvem eier Digdir og Bufdir?",
        ] {
            assert_eq!(expand_short_ministries(same), same);
        }
    }
}
