//! The engine: a question's text in, a [`Reply`] out.
//!
//! [`Engine::answer`] is a pure function of the question and the chat's
//! [`Context`]; [`Engine::ask`] wraps it with an in-memory context store
//! keyed by chat, for callers that do not keep context themselves (the
//! CLI). Adapters with their own storage (Telegram's dialogue storage) call
//! `answer` and keep the returned context.
//!
//! The decision, in order:
//! 1. slash commands ("/etat NVE") fix the intent;
//! 2. the resolver finds the agencies and sectors named;
//! 3. every intent rule that matches scores its intent; an intent whose
//!    entity is missing takes it from the context (a follow-up), or is
//!    dropped;
//! 4. with no rule, a named entity alone gets its overview, or the
//!    previous question's intent when the text reads as a follow-up;
//! 5. with neither, full-text search answers, above a relevance threshold,
//!    or the bot says it does not know;
//! 6. two gates (absolute confidence, margin over the runner-up) turn a
//!    doubtful answer into "Mente du …?".

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub mod analyze;
mod answer;
pub mod decide;
pub mod store;

pub use analyze::Analysis;
pub use decide::{Decision, Me};
pub use store::ContextStore;

use crate::aliases::Aliases;
use crate::classify::{Classifier, Training, gather};
use crate::intents::{Intent, Needs, RuleError, RuleSet};
use crate::knowledge::Knowledge;
use crate::load::Data;
use crate::messages::Messages;
use crate::reply::Reply;
use crate::resolve::{Entity, Resolution, Resolver};
use crate::search::{SearchError, SearchIndex, content_tokens};
use crate::text::{Token, fold};

/// The classifier as the build script trained it on the bundled examples
/// (`build.rs`).
const BUILT_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));

/// The bundled examples' stems per label, counted by `build.rs`
/// ([`crate::classify::example_stems_to_bytes`]).
pub(crate) const EXAMPLE_STEMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/example.stems"));
/// The bundled word lists folded, sorted and one per line (`build.rs`).
const VOCABULARY: &str = include_str!(concat!(env!("OUT_DIR"), "/vocabulary.txt"));

/// The classifier's label for "the user says where they work".
pub const INTRODUCE: &str = "introduce";

/// One question's result inside the engine.
struct Turn {
    reply: Reply,
    /// The organisation the user introduced themselves with.
    me: Option<Me>,
    /// What decided.
    stage: String,
    analysis: Option<Analysis>,
    /// The section intent a cross-sector comparison answered, which a
    /// follow-up carries on with ("og strategiene?").
    compared: Option<Intent>,
}

/// A question's way through the stages (`faktabot explain`).
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// What the engine read.
    pub analysis: Analysis,
    /// What decided: a command, a rule (file and number), the classifier
    /// with its probability, a name alone, the context, search.
    pub stage: String,
    /// The reply, as `ask` gives it.
    pub reply: Reply,
}

/// Tunable behaviour.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Seconds of silence after which a chat's context is forgotten.
    pub context_ttl_secs: u64,
    /// Below this confidence the bot asks "Mente du …?".
    pub min_confidence: f32,
    /// Below this relative margin over a different runner-up intent, too.
    pub min_margin: f32,
    /// A section intent this close (relative) to "the agencies" wins over
    /// it: "hvilke tiltak har etatene under ED?" asks for measures, the
    /// agencies are where it looks.
    pub section_over_agencies_margin: f32,
    /// Share of a question's content words a search hit must cover.
    pub min_coverage: f32,
    /// A search hit with this coverage has every word asked.
    pub full_coverage: f32,
    /// The same for listing sectors in a cross-sector answer, where a
    /// partial match is still worth showing next to its quote.
    pub min_cross_coverage: f32,
    /// Most chats whose context is kept in memory by [`Engine::ask`]
    /// (the least recently used are forgotten first).
    pub max_chats: usize,
    /// A rule this strong decides alone; weaker rules share the decision
    /// with the classifier.
    pub strong_rule: f32,
    /// A strong rule and a decent one for another intent closer than this
    /// are a tie that a sure classifier breaks (its choice leads by 1).
    pub rule_tie_margin: f32,
    /// A rule this strong (but weaker than `strong_rule`) stands against
    /// the classifier unless it is surer than `overrule_probability`, and
    /// is never overruled by "off-topic".
    pub decent_rule: f32,
    /// Words past which a message that ends with a question is read by
    /// that question when it names what it asks about.
    pub long_message_words: usize,
    /// The classifier's least probability to overrule a decent rule for
    /// another intent.
    pub overrule_probability: f32,
    /// A follow-up naming a new entity ("og X, …?") asks its own question
    /// when the classifier is this sure of another intent …
    pub sure_other_intent: f32,
    /// … and the name is followed by this many words that name nothing.
    pub own_sentence_words: usize,
    /// The classifier's least probability for its intent to be taken.
    pub min_probability: f32,
    /// The classifier's least probability that a question is off-topic
    /// for the bot to say so when search finds nothing either.
    pub min_off_topic: f32,
    /// ... and to say so whatever search finds.
    pub sure_off_topic: f32,
    /// A stem in at least this many example utterances of an intent is
    /// the language that intent is asked in, never the question's topic.
    pub question_language_min: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            context_ttl_secs: 30 * 60,
            min_confidence: 0.45,
            min_margin: 0.12,
            section_over_agencies_margin: 0.2,
            min_coverage: 0.6,
            full_coverage: 0.95,
            min_cross_coverage: 0.5,
            max_chats: 10_000,
            strong_rule: 3.0,
            rule_tie_margin: 0.15,
            min_probability: 0.5,
            decent_rule: 2.5,
            long_message_words: 40,
            overrule_probability: 0.7,
            sure_other_intent: 0.8,
            own_sentence_words: 2,
            min_off_topic: 0.6,
            sure_off_topic: 0.9,
            question_language_min: 3,
        }
    }
}

/// What a chat talked about last.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// Sector ids of the last answer.
    pub sectors: Vec<String>,
    /// Canonical name of the last agency asked about.
    pub agency: Option<String>,
    /// The last of several agencies the last answer was about (those the
    /// question named), what "sistnevnte", "the latter" refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latter_agency: Option<String>,
    /// The last intent that was about an entity.
    pub intent: Option<Intent>,
    /// Unix time of the last question, in seconds.
    pub at: u64,
    /// The user's own agency ("Jeg jobber i Tolletaten"), canonical name:
    /// what "vi", "oss", "our agency" refer to.
    #[serde(default)]
    pub me_agency: Option<String>,
    /// The user's own sectors (the agency's ministries, or the sector the
    /// user named): what "sektoren vår", "departementet vårt" refer to.
    #[serde(default)]
    pub me_sectors: Vec<String>,
    /// Follow-up questions of the chat's last buttons that are too long
    /// for a chat's button data (Telegram allows 64 bytes), by the key the
    /// button carries. Kept with the context, so that whichever replica
    /// gets the press (they share the context store) can answer it; at
    /// most [`MAX_BUTTONS`], the oldest forgotten first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<(String, String)>,
    /// The language of the last reply: a message no word of which marks a
    /// language ("takk", "cheers") is answered in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::lang::Lang>,
    /// The names of the items the last answer listed, in order: what "den
    /// andre", "the third one" refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed: Vec<String>,
    /// `listed` are the items of one list of a section ("the second
    /// priority area"), not names of agencies or ministries.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listed_items: bool,
    /// The topic words of the last question asked across the parts
    /// ("which sectors mention artificial intelligence?"), as the sheet
    /// spells them: what "and the defence one?" asks of a part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic: Vec<String>,
    /// The last answer listed the parts of the sheet: "how many are
    /// there?" asks how many parts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listed_parts: bool,
}

/// Fewest letters of a word that stands for a compound of the chat's
/// topic it ends ("ordning" of "medfinansieringsordning"), and fewest
/// letters before it in the compound.
const MIN_TOPIC_HEAD: usize = 4;

/// Most long button questions a chat's context keeps.
pub const MAX_BUTTONS: usize = 32;

impl Context {
    /// Keeps a long button's question under its key.
    pub fn remember_button(&mut self, key: String, question: String) {
        self.buttons.retain(|(k, _)| *k != key);
        self.buttons.push((key, question));
        if self.buttons.len() > MAX_BUTTONS {
            let extra = self.buttons.len() - MAX_BUTTONS;
            self.buttons.drain(..extra);
        }
    }

    /// The question of a long button, if the chat still has it.
    #[must_use]
    pub fn button(&self, key: &str) -> Option<&str> {
        self.buttons
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, q)| q.as_str())
    }
}

/// Building the engine failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Data files could not be loaded.
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    /// Intent rules did not compile.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Rules(Vec<RuleError>),
    /// The search index could not be built.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// A message file does not parse.
    #[error(transparent)]
    Messages(#[from] crate::messages::MessagesError),
}

/// The answering engine. `Send + Sync`; build once, share behind an `Arc`.
#[derive(Debug)]
pub struct Engine {
    knowledge: Knowledge,
    aliases: Aliases,
    resolver: Resolver,
    rules: RuleSet,
    search: SearchIndex,
    /// The example utterances the classifier learns from.
    examples: Vec<(String, crate::classify::ExampleFile)>,
    /// The learned stage, trained on first use (none when the intents
    /// folder has no examples).
    classifier: OnceLock<Option<Classifier>>,
    /// Folded words of the examples: ordinary language, never a name the
    /// bot lacks ("regningen", "leiar"). This and the next three are
    /// worked out on first use: a start makes only what every question
    /// needs.
    example_words: OnceLock<crate::FastSet<String>>,
    /// The word lists' texts (`intents/vocabulary`), and their words
    /// folded, made on first use: ordinary words of the languages ("document",
    /// "kapittel"), never a name the bot lacks nor a misspelt keyword.
    vocabulary_text: Vec<(String, String)>,
    vocabulary: OnceLock<Vec<std::borrow::Cow<'static, str>>>,
    /// For each stem and label, how many example utterances of that label
    /// hold it: a stem the examples of an intent use is the language that
    /// intent is asked in ("rollen" for agency info), not a topic that
    /// only search can answer.
    example_stems: OnceLock<crate::classify::ExampleStems>,
    /// The stems of every agency entry's name, per part, for cross-sector
    /// questions answered from the agency lists.
    entry_stems: OnceLock<Vec<Vec<Vec<String>>>>,
    /// Every block's text folded, per part and section.
    folded_blocks: OnceLock<Vec<Vec<Vec<String>>>>,
    /// The rules' keyword each misspelt word was read as (or none), as
    /// [`Engine::corrected`] found it: a word's correction depends on the
    /// word alone. Emptied when it holds [`MAX_CORRECTIONS`] words.
    corrections: std::sync::RwLock<crate::FastMap<String, Option<String>>>,
    /// The analyses of the last questions, by their text
    /// ([`Engine::analyze`]).
    analyses: std::sync::Mutex<lru::LruCache<String, Analysis>>,
    /// For each agency, the search documents that mention it; for each
    /// sector, the other parts' paragraphs that name its ministry.
    mention_docs: OnceLock<MentionDocs>,
    /// The bot's sentences in each language.
    messages: Messages,
    settings: Settings,
    /// Shared with the engine that replaces this one on a reload.
    chats: std::sync::Arc<ContextStore>,
    /// What changed from the previous edition, and that edition's name,
    /// when the knowledge folder keeps one.
    changes: Option<(crate::diff::Diff, Knowledge)>,
}

/// Most misspelt words whose correction [`Engine`] keeps.
const MAX_CORRECTIONS: usize = 1 << 16;

/// For each agency and each sector, the paragraphs that mention it.
type MentionDocs = (Vec<Vec<usize>>, Vec<Vec<usize>>);

/// Unix time in seconds (0 before 1970), the clock of stored contexts.
#[must_use]
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Engine {
    /// Builds the engine from parsed data: compiles the rules, indexes the
    /// names and the text.
    pub fn new(data: Data) -> Result<Engine, EngineError> {
        Engine::with_settings(data, Settings::default())
    }

    /// [`Engine::new`] with other settings.
    pub fn with_settings(data: Data, settings: Settings) -> Result<Engine, EngineError> {
        // The rules (the longest part of a start) and the sentences are made
        // on a second thread while this one indexes the text and the names;
        // the names then learn the text's words.
        let (rules, messages, resolver, search) = std::thread::scope(|s| {
            let second = s.spawn(|| {
                let rules = RuleSet::compile(&data.intents);
                let [nb, nn, en] = &data.messages;
                (rules, Messages::parse(&nb.1, &nn.1, &en.1))
            });
            let search = SearchIndex::build(&data.knowledge);
            let stopwords = RuleSet::stopwords_of(&data.intents);
            let mut resolver =
                Resolver::without_sheet_words(&data.knowledge, &data.aliases, stopwords.iter());
            if let Ok(search) = &search {
                resolver.add_known(search.vocabulary());
            }
            let (rules, messages) = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (rules, messages, resolver, search)
        });
        let rules = rules.map_err(EngineError::Rules)?;
        let search = search?.with_synonyms(&rules.synonyms);
        let messages = messages?;
        let changes = data.previous.as_ref().map(|before| {
            (
                crate::diff::diff(before, &data.knowledge, &data.aliases, &rules.facets),
                before.clone(),
            )
        });
        let chats = std::sync::Arc::new(ContextStore::new(
            settings.max_chats,
            settings.context_ttl_secs,
        ));
        Ok(Engine {
            knowledge: data.knowledge,
            aliases: data.aliases,
            resolver,
            rules,
            search,
            examples: data.examples,
            classifier: OnceLock::new(),
            example_words: OnceLock::new(),
            vocabulary_text: data.vocabulary,
            vocabulary: OnceLock::new(),
            example_stems: OnceLock::new(),
            entry_stems: OnceLock::new(),
            folded_blocks: OnceLock::new(),
            corrections: std::sync::RwLock::default(),
            analyses: std::sync::Mutex::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(analyze::MAX_ANALYSES)
                    .unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            mention_docs: OnceLock::new(),
            messages,
            settings,
            chats,
            changes,
        })
    }

    /// The engine on the data compiled into the binary.
    pub fn bundled() -> Result<Engine, EngineError> {
        Engine::new(Data::bundled()?)
    }

    /// The learned stage, trained on first use.
    fn classifier(&self) -> Option<&Classifier> {
        self.classifier
            .get_or_init(|| {
                (!self.examples.is_empty()).then(|| {
                    let (labels, examples) = gather(&self.examples);
                    let training = Training::default();
                    // Trained at build time on the bundled examples; on
                    // others, trained here.
                    let print = crate::classify::fingerprint(&labels, &examples, training);
                    Classifier::from_bytes(BUILT_MODEL, print)
                        .unwrap_or_else(|| Classifier::train(labels, &examples, training))
                })
            })
            .as_ref()
    }

    /// `true` for a folded word of the example utterances: a word users
    /// write, so never a misspelling of a name or keyword.
    fn is_word(&self, folded: &str) -> bool {
        self.example_words().contains(folded)
    }

    /// `true` for a folded word of the word lists.
    fn in_vocabulary(&self, folded: &str) -> bool {
        self.vocabulary
            .get_or_init(|| {
                // The bundled lists as `build.rs` folded and sorted them;
                // other lists are folded here.
                let bundled = self.vocabulary_text.len() == crate::load::BUNDLED_VOCABULARY.len()
                    && self
                        .vocabulary_text
                        .iter()
                        .zip(crate::load::BUNDLED_VOCABULARY)
                        .all(|((_, a), (_, b))| a == b);
                if bundled {
                    VOCABULARY
                        .split('\n')
                        .map(std::borrow::Cow::Borrowed)
                        .collect()
                } else {
                    crate::text::vocabulary_words(
                        self.vocabulary_text.iter().map(|(_, t)| t.as_str()),
                    )
                    .into_iter()
                    .map(std::borrow::Cow::Owned)
                    .collect()
                }
            })
            .binary_search_by(|w| w.as_ref().cmp(folded))
            .is_ok()
    }

    /// Folded words of the example utterances.
    fn example_words(&self) -> &crate::FastSet<String> {
        self.example_words.get_or_init(|| {
            self.examples
                .iter()
                .flat_map(|(_, f)| f.intents.iter())
                .flat_map(|s| s.examples.iter())
                // A word written with a capital is a name ("hva er
                // hovedstaden i Sverige"): an example does not make it a
                // word of the language.
                .flat_map(|e| e.split_whitespace())
                .filter(|w| !w.starts_with(char::is_uppercase))
                .flat_map(|w| fold(w).split(' ').map(str::to_owned).collect::<Vec<_>>())
                .filter(|w| !w.is_empty())
                .collect()
        })
    }

    /// For each stem and label, how many example utterances of that label
    /// hold it.
    fn example_stems(&self) -> &crate::classify::ExampleStems {
        self.example_stems.get_or_init(|| {
            // The bundled examples' stems were counted at build time.
            let print = crate::classify::example_stems_fingerprint(&self.examples);
            crate::classify::example_stems_from_bytes(EXAMPLE_STEMS, print)
                .unwrap_or_else(|| crate::classify::example_stems(&self.examples))
        })
    }

    /// Every block's text folded: `[part][section][block]`, as the
    /// knowledge orders them (a facet looks for its words in every part).
    fn folded_blocks(&self) -> &[Vec<Vec<String>>] {
        self.folded_blocks.get_or_init(|| {
            self.knowledge
                .sectors
                .iter()
                .map(|s| {
                    s.sections
                        .iter()
                        .map(|section| section.blocks.iter().map(|b| fold(&b.text)).collect())
                        .collect()
                })
                .collect()
        })
    }

    /// The ids of parts given by their places in the sheet.
    fn sector_ids(&self, sectors: &[usize]) -> Vec<String> {
        sectors
            .iter()
            .map(|&s| self.knowledge.sectors[s].id.clone())
            .collect()
    }

    /// The stems of every agency entry's name, per part.
    fn entry_stems(&self) -> &[Vec<Vec<String>>] {
        self.entry_stems.get_or_init(|| {
            self.knowledge
                .sectors
                .iter()
                .map(|s| {
                    s.agencies
                        .iter()
                        .map(|a| {
                            crate::text::tokens(&a.name)
                                .into_iter()
                                .map(|t| t.stem)
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
    }

    /// For each agency, the search documents that mention it.
    fn agency_docs(&self) -> &[Vec<usize>] {
        &self.mention_docs().0
    }

    /// For each sector, the other parts' paragraphs that name its ministry.
    fn sector_docs(&self) -> &[Vec<usize>] {
        &self.mention_docs().1
    }

    fn mention_docs(&self) -> &MentionDocs {
        self.mention_docs.get_or_init(|| {
            let (resolver, knowledge) = (&self.resolver, &self.knowledge);
            let mut agency_docs = vec![Vec::new(); resolver.agencies.len()];
            let mut sector_docs = vec![Vec::new(); knowledge.sectors.len()];
            for (di, d) in self.search.docs.iter().enumerate() {
                let text = &knowledge.sectors[d.sector].sections[d.section].blocks[d.block].text;
                let toks = crate::text::tokens_all(text);
                let res = resolver.resolve_tokens(&toks);
                for a in res.agencies() {
                    agency_docs[a].push(di);
                }
                // Another part's paragraph that names a ministry (or KS) by
                // its name or abbreviation, not by a common word it also
                // answers to.
                for m in &res.mentions {
                    if let crate::resolve::Entity::Sector(si) = m.entity
                        && si != d.sector
                        && !sector_docs[si].contains(&di)
                    {
                        let said =
                            crate::text::spoken(&toks[m.tokens.0..m.tokens.1.min(toks.len())]);
                        let ministry = &knowledge.sectors[si].ministry;
                        if fold(&said) == fold(&ministry.name)
                            || (!ministry.abbr.is_empty() && said == ministry.abbr)
                        {
                            sector_docs[si].push(di);
                        }
                    }
                }
            }
            (agency_docs, sector_docs)
        })
    }

    /// Takes over the chats' contexts of `old` (on a reload), so that a
    /// conversation goes on with the new edition.
    pub fn adopt_contexts(&mut self, old: &Engine) {
        self.chats = old.chats.clone();
    }

    /// The knowledge it answers from.
    #[must_use]
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The name index.
    #[must_use]
    pub fn resolver(&self) -> &Resolver {
        &self.resolver
    }

    /// The full-text index.
    #[must_use]
    pub fn search_index(&self) -> &SearchIndex {
        &self.search
    }

    /// The compiled rules.
    #[must_use]
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The bot's sentences.
    #[must_use]
    pub fn messages(&self) -> &Messages {
        &self.messages
    }

    /// The language a message is written in (for an adapter's own
    /// notices, such as "slow down"): its marker words only, not the whole
    /// analysis, so it is cheap and safe on the path where answering
    /// failed.
    #[must_use]
    pub fn language(&self, text: &str) -> crate::lang::Lang {
        let text: String = text.chars().take(2_000).collect();
        crate::lang::Lang::detect(&crate::text::tokens(&text), &self.rules.markers)
    }

    /// Answers `text` in chat `chat`, keeping the chat's context in memory.
    pub fn ask(&self, chat: &str, text: &str) -> Reply {
        self.ask_at(chat, text, now_secs())
    }

    /// [`Engine::ask`] at a given time (Unix seconds), for tests.
    pub fn ask_at(&self, chat: &str, text: &str, now: u64) -> Reply {
        let ctx = self.chats.get(chat, now);
        let (reply, ctx) = self.answer_at(ctx.as_ref(), text, now);
        self.chats.put(chat, ctx);
        reply
    }

    /// Answers `text` given the chat's context; returns the reply and the
    /// chat's new context. Pure apart from reading the clock.
    pub fn answer(&self, ctx: Option<&Context>, text: &str) -> (Reply, Context) {
        self.answer_at(ctx, text, now_secs())
    }

    /// [`Engine::answer`] at a given time (Unix seconds).
    pub fn answer_at(&self, ctx: Option<&Context>, text: &str, now: u64) -> (Reply, Context) {
        let ctx = ctx
            .filter(|c| now.saturating_sub(c.at) <= self.settings.context_ttl_secs)
            .cloned()
            .unwrap_or_default();
        let turn = self.run(&ctx, text);
        let mut reply = turn.reply;
        reply.confidence = reply.confidence.clamp(0.0, 1.0);
        self.frame(&mut reply);
        // Read as the chat's topic, or a part named that lacks it: the
        // topic holds for the next part named.
        let keeps_topic = turn
            .analysis
            .as_ref()
            .is_some_and(|a| a.topic_of || self.names_only(&ctx, a));
        let mut next = ctx;
        next.at = now;
        next.lang = Some(reply.lang);
        if let Some(me) = turn.me {
            next.me_agency = me.agency.map(|a| self.resolver.agencies[a].name.clone());
            next.me_sectors = self.sector_ids(&me.sectors);
        }
        if !reply.sectors.is_empty() && reply.candidates.is_empty() {
            next.sectors.clone_from(&reply.sectors);
            next.agency = reply.agencies.first().cloned();
            next.latter_agency = reply
                .agencies
                .last()
                .filter(|_| reply.agencies.len() > 1)
                .cloned();
        }
        if reply.intent.needs() != Needs::Nothing && !reply.sectors.is_empty() {
            next.intent = Some(reply.intent);
        }
        next.listed_parts = reply.intent == Intent::ListSectors;
        // What "the second one" refers to next: the items this answer
        // lists; a question about one of them keeps the list.
        let listed = self.listed(&reply);
        let from_list = turn
            .analysis
            .as_ref()
            .is_some_and(|a| a.referred.as_ref().is_some_and(|r| r.1));
        if !listed.is_empty() || !from_list && !reply.sectors.is_empty() {
            next.listed = listed;
            next.listed_items = reply.listed_items;
        }
        if let Some(intent) = turn.compared {
            next.intent = Some(intent);
        }
        // The topic of a question across the parts, for a follow-up that
        // names one of them; a question about something else ends it.
        match &turn.analysis {
            Some(a) if reply.intent == Intent::CrossSector => {
                // Without the words questions are asked in, unless those
                // are the whole topic ("medfinansieringsordningen").
                let words = self.topic_words(&a.tokens, &a.resolution);
                let topic: Vec<String> = words
                    .iter()
                    .filter(|t| !self.is_question_language_anywhere(&t.stem))
                    .map(|t| t.surface.clone())
                    .collect();
                next.topic = if topic.is_empty() {
                    words.into_iter().map(|t| t.surface).collect()
                } else {
                    topic
                };
            }
            Some(_) if keeps_topic => {}
            _ if !reply.sectors.is_empty() || reply.intent.needs() != Needs::Nothing => {
                next.topic.clear();
            }
            _ => {}
        }
        (reply, next)
    }

    /// `true` when the chat has a topic and the question names parts or
    /// agencies and asks nothing else ("og i helsesektoren?", "what about
    /// the defence one?").
    fn names_only(&self, ctx: &Context, a: &Analysis) -> bool {
        !ctx.topic.is_empty()
            && a.command.is_none()
            && !a.self_ref
            && !a.resolution.mentions.is_empty()
            && a.best_rule() < self.settings.decent_rule
            && self
                .loose_words(&a.tokens, &a.resolution)
                .iter()
                .all(|t| self.is_question_language_anywhere(&t.stem))
    }

    /// "What about the defence one?" after a question across the parts:
    /// the chat's topic in the parts (or the agencies) the question names,
    /// read again as those names and the topic (or another name the sheet
    /// has for it: "KI" for "kunstig intelligens"), when the question
    /// asks nothing else and those parts' paragraphs have it.
    fn topic_followup(&self, ctx: &Context, a: &Analysis) -> Option<Analysis> {
        if !self.names_only(ctx, a) {
            return None;
        }
        let names: Vec<&str> = a
            .resolution
            .mentions
            .iter()
            .filter_map(|m| {
                let first = a.tokens.get(m.tokens.0)?;
                let last = a.tokens.get(m.tokens.1.checked_sub(1)?)?;
                a.text.get(first.span.0..last.span.1)
            })
            .collect();
        let names = names.join(" ");
        let topic = ctx.topic.join(" ");
        let others: Vec<String> = self
            .rules
            .synonyms_of(&crate::text::tokens(&topic))
            .iter()
            .map(|name| crate::text::spoken(name))
            .collect();
        std::iter::once(topic).chain(others).find_map(|topic| {
            let mut again = self.analyze(&format!("{names} {topic}"));
            let mut sectors = again.sectors();
            sectors.extend(self.owner_sectors(&again.agencies()));
            let words = self.loose_words(&again.tokens, &again.resolution);
            if sectors.is_empty() || words.is_empty() || !self.good_search(&words, &sectors) {
                return None;
            }
            again.topic_of = true;
            again.followup = true;
            again.lang = a.lang;
            again.lang_marked = a.lang_marked;
            Some(again)
        })
    }

    /// "hvem forvalter ordningen?" after "hvilke sektorer nevner
    /// medfinansieringsordningen?": a word of the question (naming
    /// nothing) that is the head of a word of the chat's topic, read again
    /// as that word; `None` when no word is.
    fn topic_head_followup(&self, ctx: &Context, a: &Analysis) -> Option<Analysis> {
        if ctx.topic.is_empty() || a.command.is_some() || !a.resolution.mentions.is_empty() {
            return None;
        }
        let topic: Vec<(Token, &String)> = ctx
            .topic
            .iter()
            .filter_map(|w| crate::text::tokens(w).into_iter().next().map(|t| (t, w)))
            .collect();
        let (at, word) = a.tokens.iter().find_map(|t| {
            let n = t.stem.chars().count();
            (n >= MIN_TOPIC_HEAD && !self.rules.stopwords.contains(&t.surface))
                .then(|| {
                    topic.iter().find(|(w, _)| {
                        w.stem.ends_with(t.stem.as_str())
                            && w.stem.chars().count() >= n + MIN_TOPIC_HEAD
                    })
                })
                .flatten()
                .map(|(_, w)| (t.span, *w))
        })?;
        let text = format!("{}{word}{}", &a.text[..at.0], &a.text[at.1..]);
        let mut again = self.analyze(&text);
        again.followup = true;
        again.lang = a.lang;
        again.lang_marked = a.lang_marked;
        Some(again)
    }

    /// The name an ordinal reference stands for: the item of the last
    /// answer's list at its place (`true`); with no list, what the chat is
    /// about (`false`): the last of several agencies for "the last one",
    /// else the chat's agency, else the ministry of its part.
    fn ordinal_target(&self, ctx: &Context, o: crate::intents::Ordinal) -> Option<(String, bool)> {
        // A section's items are no names to ask about.
        if !ctx.listed.is_empty() && !ctx.listed_items {
            return o.of(&ctx.listed).map(|n| (n.clone(), true));
        }
        let latter = ctx.latter_agency.as_ref().filter(|_| o.place == -1);
        if let Some(name) = latter.or(ctx.agency.as_ref()) {
            return Some((name.clone(), false));
        }
        let &s = self.context_sectors(ctx).first()?;
        Some((self.knowledge.sectors[s].ministry.name.clone(), false))
    }

    /// The names of the items a reply lists: its own list, else the
    /// parts of a cross-sector answer or the agencies a question named.
    fn listed(&self, reply: &Reply) -> Vec<String> {
        if !reply.listed.is_empty() {
            reply.listed.clone()
        } else if reply.intent == Intent::CrossSector && reply.sectors.len() > 1 {
            reply
                .sectors
                .iter()
                .filter_map(|id| self.knowledge.sectors.iter().find(|s| &s.id == id))
                .map(|s| s.ministry.name.clone())
                .collect()
        } else if reply.agencies.len() > 1 {
            reply.agencies.clone()
        } else {
            Vec::new()
        }
    }

    /// The user's own organisation as the context remembers it.
    fn context_me(&self, ctx: &Context) -> Me {
        Me {
            agency: ctx.me_agency.as_ref().and_then(|n| self.agency_named(n)),
            sectors: ctx
                .me_sectors
                .iter()
                .filter_map(|id| self.knowledge.sectors.iter().position(|s| &s.id == id))
                .collect(),
        }
    }

    /// The organisation a user introduces themselves with ("Jeg er ny i
    /// Tolletaten"), if the question is an introduction.
    pub(super) fn introduced(&self, a: &Analysis) -> Option<Me> {
        // A follow-up ("og i Forsvaret?") carries the chat on; only a rule
        // (or the classifier on a turn that is no follow-up) introduces.
        // A decent rule for a question is a question ("Jeg er i tvil om hvem
        // som eier NVE"), not the classifier's introduction.
        let by_classifier = !a.followup
            && a.best_rule() < self.settings.decent_rule
            && a.classifier.as_ref().is_some_and(|p| {
                p.label == INTRODUCE && p.probability >= self.settings.min_probability
            });
        // ... with the name as where the user is ("I'm with Forsvarsmateriell",
        // not "I'm a bit confused about NVE").
        let placed = || {
            a.resolution.mentions.first().is_some_and(|m| {
                m.tokens.0 > 0
                    && a.tokens
                        .get(m.tokens.0 - 1)
                        .is_some_and(|t| self.rules.places.contains(&t.surface))
            })
        };
        if !(a.introduction || by_classifier && placed()) {
            return None;
        }
        if let Some(&agency) = a.agencies().first() {
            return Some(Me {
                agency: Some(agency),
                sectors: self.owner_sectors(&[agency]),
            });
        }
        let sectors = a.sectors();
        (!sectors.is_empty()).then_some(Me {
            agency: None,
            sectors,
        })
    }

    /// An introduction with no question beside it.
    fn only_introduces(&self, a: &Analysis) -> bool {
        // "I'm a project manager at Digdir. What is our ministry
        // responsible for?": a decent rule that speaks of "us" is the
        // question beside the introduction.
        a.best_rule() < self.settings.strong_rule
            && !(a.self_ref && a.best_rule() >= self.settings.decent_rule)
            && a.classifier.as_ref().is_none_or(|p| {
                p.probability < self.settings.min_probability
                    || !matches!(
                        Intent::from_id(&p.label),
                        Some(i) if i.needs() != Needs::Nothing && i != Intent::AgencyInfo && i != Intent::SectorOverview
                    )
            })
    }

    /// Leaves out of `a`'s names those after partner words
    /// ([`RuleSet::partner_at`]) and those joined to one in a list.
    fn drop_partners(&self, a: &mut Analysis) {
        let toks = &a.tokens;
        let mentions = &a.resolution.mentions;
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| mentions[i].tokens.0);
        let mut partner = vec![false; mentions.len()];
        let mut partner_end: Option<usize> = None;
        for i in order {
            let (from, to) = mentions[i].tokens;
            partner[i] = self.rules.partner_at(toks, from)
                || partner_end
                    .is_some_and(|end| end <= from && self.rules.only_joins(toks, end, from));
            if partner[i] {
                partner_end = Some(to);
            }
        }
        let mut i = 0;
        a.resolution.mentions.retain(|_| {
            i += 1;
            !partner[i - 1]
        });
        a.names = self.mention_names(&a.resolution);
    }

    /// One question through the stages: analyze, decide, answer.
    fn run(&self, ctx: &Context, raw: &str) -> Turn {
        let mut a = self.analyze(raw);
        // A long message that tells a story and then asks ("... so which
        // ministry is SPK under?"): its question, when that names what it
        // asks about and a rule reads it; the story's other names are no
        // part of it.
        // The last sentence that is such a question, of the last few
        // ("… is which ministry Valgdirektoratet reports to. Can you
        // help?": the one before the plea).
        if a.tokens.len() > self.settings.long_message_words {
            for question in last_sentences(raw, 4) {
                let q = self.analyze(question);
                if q.best_rule() >= self.settings.decent_rule && !q.resolution.mentions.is_empty() {
                    a = q;
                    break;
                }
            }
        }
        // An answer from the last answer's list of one section's items.
        let lang = if a.lang_marked {
            a.lang
        } else {
            ctx.lang.unwrap_or(a.lang)
        };
        // Only when the question asks nothing else: "who owns the first
        // one?" and "kva for eit departement er X under?" ask of a name.
        let asks_nothing_else = a.rules.first().is_none_or(|r| {
            r.weight < self.settings.decent_rule
                || Some(r.intent) == ctx.intent
                || matches!(r.intent, Intent::AgencyInfo | Intent::SectorOverview)
        });
        let from_list = match a.ordinal {
            // "what's the second priority area?": that item of the list,
            // from the same section.
            Some(o) if a.resolution.mentions.is_empty() && asks_nothing_else => self
                .listed_item(ctx, o, lang)
                .map(|r| (r, "an item of the last answer's list")),
            // "which one does Nkom run?": the items that name the agency.
            None if ctx.listed_items
                && asks_nothing_else
                && self.rules.chooses_from_list(&a.tokens, &a.resolution) =>
            {
                self.listed_items_naming(ctx, &a.resolution, lang)
                    .map(|r| (r, "the last answer's list items that name it"))
            }
            _ => None,
        };
        if let Some((reply, stage)) = from_list {
            a.referred = Some((String::new(), true));
            return Turn {
                reply,
                me: None,
                stage: stage.to_owned(),
                analysis: Some(a),
                compared: None,
            };
        }
        // "og den andre?", "tell me about the third one": the question
        // read again with the name the reference stands for.
        if let Some(o) = a.ordinal
            && a.resolution.mentions.is_empty()
            && let (Some(first), Some(last)) = (
                a.tokens.get(o.tokens.0),
                o.tokens.1.checked_sub(1).and_then(|i| a.tokens.get(i)),
            )
            && let (Some(before), Some(after)) =
                (a.text.get(..first.span.0), a.text.get(last.span.1..))
            && let Some((name, listed)) = self.ordinal_target(ctx, o)
        {
            let text = format!("{before}{name}{after}");
            let mut again = self.analyze(&text);
            // What the chat is about: a follow-up of it. An item of a
            // list of agencies or parts, asked with nothing else ("og den
            // tredje?"), is asked about, not given the list's question
            // again; after "who owns the second one?", "and the first?"
            // still asks the owner.
            again.followup |= !listed;
            if listed
                && again.best_rule() < self.settings.decent_rule
                && matches!(
                    ctx.intent,
                    None | Some(Intent::SectorAgencies | Intent::ListSectors | Intent::CrossSector)
                )
            {
                again.followup = false;
            }
            again.referred = Some((name, listed));
            a = again;
        }
        // "hvilke sektorer nevner medfinansieringsordningen?", then "hvem
        // forvalter ordningen?": the head of the chat's topic stands for it.
        if let Some(again) = self.topic_head_followup(ctx, &a) {
            a = again;
        }
        // "which sectors mention AI?", then "what about the defence one?":
        // the chat's topic asked of the part named.
        let topic_missing = match self.topic_followup(ctx, &a) {
            Some(again) => {
                a = again;
                false
            }
            None => self.names_only(ctx, &a),
        };
        // "I'm comparing Patentstyret and Luftfartstilsynet. Who owns the
        // second one?": a reference by place to the agencies the same
        // message names, before the reference.
        let mut named_list = Vec::new();
        if let Some(o) = a.ordinal {
            let named: Vec<usize> = a
                .resolution
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| matches!(m.entity, Entity::Agency(_)) && m.tokens.1 <= o.tokens.0)
                .map(|(i, _)| i)
                .collect();
            if named.len() >= 2
                && let Some(&keep) = o.of(&named)
            {
                // The list "the first" refers to next.
                named_list = named
                    .iter()
                    .filter_map(|&i| match a.resolution.mentions[i].entity {
                        Entity::Agency(x) => Some(self.resolver.agencies[x].name.clone()),
                        Entity::Sector(_) => None,
                    })
                    .collect();
                let mention = a.resolution.mentions[keep].clone();
                a.resolution
                    .mentions
                    .retain(|m| !matches!(m.entity, Entity::Agency(_)) || *m == mention);
                a.names = self.mention_names(&a.resolution);
            }
        }
        // "takk", "NVE?": no word says the language; the chat's stands.
        if !a.lang_marked
            && let Some(lang) = ctx.lang
        {
            a.lang = lang;
        }
        let lang = a.lang;
        let plain = |reply: Reply, stage: &str| Turn {
            reply,
            me: None,
            stage: stage.to_owned(),
            analysis: None,
            compared: None,
        };
        if topic_missing {
            return Turn {
                reply: self.topic_missing(ctx, &a, lang),
                me: None,
                stage: "topic follow-up".to_owned(),
                analysis: Some(a),
                compared: None,
            };
        }
        if let Some(name) = &a.unknown_command {
            return plain(self.unknown_command(name, lang), "command");
        }
        match a.command {
            Some(Intent::Help) => return plain(self.help(lang), "command"),
            Some(Intent::ListSectors) => return plain(self.list_sectors(lang), "command"),
            _ => {}
        }
        if a.empty {
            return plain(self.nothing_to_answer(lang), "empty");
        }
        if a.small_talk {
            let stage = a
                .rules
                .first()
                .map_or("filler", |s| s.origin.as_str())
                .to_owned();
            return plain(self.smalltalk(&a.tokens, lang), &stage);
        }
        let introduced = self.introduced(&a);
        let me = introduced.clone().unwrap_or_else(|| self.context_me(ctx));
        if introduced.is_some() && self.only_introduces(&a) {
            let reply = self.welcome(&me, lang);
            return Turn {
                reply,
                me: introduced,
                stage: "introduction".to_owned(),
                analysis: Some(a),
                compared: None,
            };
        }
        // "Jeg er ny i Digdir. Hva har departementet vårt ansvar for?": the
        // name introduces the user, and the question asks about "us".
        let a = match &introduced {
            Some(intro) if a.self_ref => {
                let mut a = a;
                a.resolution
                    .mentions
                    .retain(|m| match (m.entity, intro.agency) {
                        (Entity::Agency(x), Some(mine)) => x != mine,
                        (Entity::Sector(s), None) => !intro.sectors.contains(&s),
                        _ => true,
                    });
                a.names = self.mention_names(&a.resolution);
                a
            }
            _ => a,
        };
        // "Hvordan samarbeider vi med kommunene og statsforvalterne?", "and
        // how is it coordinated with the municipalities?": the names "we"
        // (or what the chat is about) work with are partners, not what the
        // question asks about.
        let a = if a.self_ref && !me.is_empty()
            || a.followup && !self.context_sectors(ctx).is_empty()
        {
            let mut a = a;
            self.drop_partners(&mut a);
            a
        } else {
            a
        };
        if !self.knowledge().removed.is_empty()
            && let Some(removed) = self.removed_named(&fold(&a.text))
        {
            return plain(self.removed_answer(removed, lang), "removed from the sheet");
        }
        if let Some(group) = a.resolution.ambiguous.first()
            && a.resolution.mentions.is_empty()
        {
            let reply = self.ambiguous(group, lang);
            return Turn {
                reply,
                me: introduced,
                stage: "ambiguous name".to_owned(),
                analysis: Some(a),
                compared: None,
            };
        }
        let mut compared = None;
        let decision = self
            .decide(&a, ctx, &me)
            .map(|d| self.unless_unknown_topic(d, &a));
        let (reply, stage) = match decision {
            None => {
                // "when does the ministry get involved?" after an answer
                // about several parts: the user's own ministry, when known.
                let here = if self.rules.says_ministry(&a.tokens)
                    && ctx.sectors.len() > 1
                    && !me.sectors.is_empty()
                {
                    me.sectors.clone()
                } else {
                    self.context_sectors(ctx)
                };
                let reply = if a.self_ref && !me.is_empty() {
                    self.search_or_unknown(&a.tokens, &me.sectors, lang)
                } else if a.followup {
                    self.search_or_unknown(&a.tokens, &here, lang)
                } else {
                    self.search_preferring(&a.tokens, &here, lang)
                };
                (reply, "search".to_owned())
            }
            Some(d) if d.runner_up.is_some() && d.confidence < self.settings.min_confidence => {
                let other = d.runner_up.unwrap_or(Intent::Unknown);
                (
                    self.did_you_mean(&d, other, lang),
                    format!("{} (did you mean)", d.stage),
                )
            }
            Some(d) => {
                let mut reply = self.answer_decision(&d, &a.tokens, &a.resolution, lang);
                reply.confidence = d.confidence;
                if !named_list.is_empty() {
                    reply.listed = named_list;
                }
                if d.compared && reply.intent == d.intent {
                    reply.intent = Intent::CrossSector;
                    compared = Some(d.intent);
                }
                (reply, d.stage)
            }
        };
        Turn {
            reply,
            me: introduced,
            stage,
            analysis: Some(a),
            compared,
        }
    }

    /// How the engine reads a question and why it answers as it does, for
    /// people who write rules and names (`faktabot explain`): the
    /// analysis, the stage that decided and the reply, taken from the same
    /// path as [`Engine::ask`] (with an empty context).
    #[must_use]
    pub fn trace(&self, text: &str) -> Trace {
        self.trace_in(&Context::default(), text)
    }

    /// [`Engine::trace`] in a chat with the given context (what earlier
    /// questions left).
    #[must_use]
    pub fn trace_in(&self, ctx: &Context, text: &str) -> Trace {
        let turn = self.run(ctx, text);
        let analysis = turn.analysis.unwrap_or_else(|| self.analyze(text));
        let mut reply = turn.reply;
        self.frame(&mut reply);
        Trace {
            analysis,
            stage: turn.stage,
            reply,
        }
    }

    /// [`Engine::trace`] as text.
    #[must_use]
    pub fn explain(&self, text: &str) -> String {
        self.explain_in(&Context::default(), text)
    }

    /// [`Engine::trace_in`] as text.
    #[must_use]
    pub fn explain_in(&self, ctx: &Context, text: &str) -> String {
        use std::fmt::Write as _;
        let t = self.trace_in(ctx, text);
        let a = &t.analysis;
        let mut out = String::new();
        let _ = writeln!(out, "text:     {}", a.text);
        let _ = writeln!(out, "folded:   {}", a.folded);
        let words: Vec<String> = a
            .tokens
            .iter()
            .map(|t| format!("{}→{}", t.surface, t.stem))
            .collect();
        let _ = writeln!(out, "tokens:   {}", words.join(" "));
        let _ = writeln!(out, "lang:     {}", a.lang.id());
        for m in &a.resolution.mentions {
            let what = match m.entity {
                Entity::Sector(s) => format!("sector {}", self.knowledge.sectors[s].id),
                Entity::Agency(a) => format!("agency {}", self.resolver.agencies[a].name),
            };
            let _ = writeln!(
                out,
                "name:     {what} (tokens {}..{}, quality {:.2})",
                m.tokens.0, m.tokens.1, m.quality
            );
        }
        for g in &a.resolution.ambiguous {
            let _ = writeln!(out, "ambiguous: {} candidates", g.len());
        }
        for r in &a.rules {
            let _ = writeln!(
                out,
                "rule:     {} {:.1} ({})",
                r.intent.id(),
                r.weight,
                r.origin
            );
        }
        match &a.classifier {
            Some(p) => {
                let runner = p
                    .runner_up
                    .as_ref()
                    .map(|(l, q)| format!(", then {l} {q:.2}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "classifier: {} {:.2}{runner}", p.label, p.probability);
            }
            None => {
                let _ = writeln!(
                    out,
                    "classifier: not asked (a rule is strong, or a command)"
                );
            }
        }
        let flags: Vec<&str> = [
            (a.small_talk, "small talk"),
            (a.introduction, "introduction"),
            (a.self_ref, "speaks of us"),
            (a.followup, "follow-up"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if !flags.is_empty() {
            let _ = writeln!(out, "reads as: {}", flags.join(", "));
        }
        if !a.unknown_words.is_empty() {
            let _ = writeln!(out, "unknown:  {}", a.unknown_words.join(" "));
        }
        if !a.strange_words.is_empty() {
            let _ = writeln!(out, "strange:  {}", a.strange_words.join(" "));
        }
        let content = content_tokens(&a.tokens, &self.rules.stopwords);
        if let Ok(hits) = self.search.search(&content, None, 3) {
            for h in hits {
                let d = &self.search.docs[h.doc];
                let s = &self.knowledge.sectors[d.sector];
                let text: String = s.sections[d.section].blocks[d.block]
                    .text
                    .chars()
                    .take(70)
                    .collect();
                let _ = writeln!(
                    out,
                    "search:   cov {:.2} bm25 {:.2} [{} {}] {text}",
                    h.coverage,
                    h.score,
                    s.id,
                    d.kind.id()
                );
            }
        }
        let _ = writeln!(out, "decided:  {}", t.stage);
        let _ = writeln!(
            out,
            "reply:    {} {:?} confidence {:.2}",
            t.reply.intent.id(),
            t.reply.sectors,
            t.reply.confidence
        );
        out
    }

    /// The folded question with misspelt keywords corrected ("stratgier" →
    /// "strategier"), for the rules. A word is corrected only when the bot
    /// does not know it and exactly one keyword is within its typo budget.
    fn corrected(&self, folded: &str) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut looked = 0;
        for w in folded.split(' ') {
            let len = w.chars().count();
            let budget = crate::text::typo_budget(len);
            // The cheap tests first: most words are short or stop words.
            if budget == 0
                || looked >= crate::typo::MAX_WORDS
                || self.rules.stopwords.contains(w)
                || self.resolver.is_known(&crate::text::stem(w))
                // an ordinary word of a word list ("cross" is no "crops")
                || self.in_vocabulary(w)
            {
                out.push(w.to_owned());
                continue;
            }
            looked += 1;
            let keyword = self.correction(w, budget);
            out.push(keyword.unwrap_or_else(|| w.to_owned()));
        }
        out.join(" ")
    }

    /// What the rules read for `w`, a word the bot does not know (memoised):
    /// the one keyword within `budget` edits ("fundded" → "funded"), else,
    /// for a word the sheet does not have either, the one stop word or
    /// language marker one edit away ("whcih" → "which", "hvilek" →
    /// "hvilke").
    fn correction(&self, w: &str, budget: usize) -> Option<String> {
        // A word too short to be misspelt is not looked up ("bod" is one
        // edit from many stop words).
        if budget == 0 {
            return None;
        }
        if let Some(known) = self
            .corrections
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(w)
        {
            return known.clone();
        }
        let found = self.keyword_near(w, budget).or_else(|| {
            if self.search.has_surface(w) {
                return None;
            }
            match self.rules.question_lexicon().near(w, 1)[..] {
                [(q, _)] => Some(q.to_owned()),
                _ => None,
            }
        });
        let mut memo = self
            .corrections
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::text::keep_bounded(&mut memo, MAX_CORRECTIONS, w.to_owned(), found.clone());
        found
    }

    /// The one rule keyword nearest `w` within `budget` edits, if one is
    /// nearer than every other.
    fn keyword_near(&self, w: &str, budget: usize) -> Option<String> {
        let mut best: Option<(usize, &str)> = None;
        let mut tie = false;
        for (k, d) in self.rules.keyword_lexicon().near(w, budget) {
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, _)) if d == bd => tie = true,
                _ => {
                    best = Some((d, k));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie).map(|(_, k)| k.to_owned())
    }

    /// Splits "/cmd@bot rest" into the command's intent (or its unknown
    /// name) and the rest.
    fn split_command(&self, text: &str) -> (Option<Result<Intent, String>>, String) {
        let Some(rest) = text.strip_prefix('/') else {
            return (None, text.to_owned());
        };
        let (word, arg) = rest.split_once(' ').unwrap_or((rest, ""));
        let name = word.split('@').next().unwrap_or(word);
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return (None, text.to_owned());
        }
        match self.rules.command(name) {
            Some(c) => (Some(Ok(c.intent)), arg.trim().to_owned()),
            None => (Some(Err(name.to_owned())), arg.trim().to_owned()),
        }
    }

    fn context_sectors(&self, ctx: &Context) -> Vec<usize> {
        ctx.sectors
            .iter()
            .filter_map(|id| self.knowledge.sectors.iter().position(|s| &s.id == id))
            .collect()
    }

    fn context_agency(&self, ctx: &Context) -> Option<usize> {
        self.agency_named(ctx.agency.as_ref()?)
    }

    /// The agency with this canonical name (what a context keeps).
    fn agency_named(&self, name: &str) -> Option<usize> {
        self.resolver.agencies.iter().position(|a| a.name == name)
    }

    fn owner_sectors(&self, agencies: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for &a in agencies {
            for &(s, _) in &self.resolver.agencies[a].entries {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// Words of the question that are neither names nor stop words.
    fn loose_words(&self, toks: &[Token], res: &Resolution) -> Vec<Token> {
        let free = toks
            .iter()
            .enumerate()
            .filter(|(i, _)| !res.covered.get(*i).copied().unwrap_or(false))
            .map(|(_, t)| t);
        crate::search::content_tokens_of(free, &self.rules.stopwords)
    }

    /// Words of the question that are in neither the sheet, the names nor
    /// the stop words, as written (a name the bot lacks, or a typo it could
    /// not place).
    /// Also the ordinary words of the word lists that would otherwise be
    /// such words (the second list).
    fn unknown_words(&self, toks: &[Token], res: &Resolution) -> (Vec<String>, Vec<String>) {
        let mut out: Vec<String> = Vec::new();
        let mut strange: Vec<String> = Vec::new();
        // Typo lookups for the first few words that need them, as elsewhere.
        let mut looked = 0;
        let mut misspelt = |w: &str| {
            looked += 1;
            looked <= crate::typo::MAX_WORDS && self.search.is_misspelt_word(w)
        };
        for (i, t) in toks.iter().enumerate() {
            if res.covered.get(i).copied().unwrap_or(false)
                || self.rules.stopwords.contains(&t.surface)
                || self.resolver.is_known(&t.stem)
                || self.rules.is_keyword(&t.stem)
                || self.is_word(&t.surface)
                || t.surface.chars().all(|c| c.is_ascii_digit())
                || t.surface.chars().count() < 2
                || misspelt(&t.surface)
                || self.is_question_compound(&t.surface)
                // an abbreviation the sheet's compounds end in ("CERT" of
                // "VegCERT")
                || t.word.len() >= 3
                    && t.word.chars().all(|c| c.is_ascii_uppercase())
                    && !self.search.compounds_ending_in(t).is_empty()
                // a misspelt keyword or question word ("fundded", "whcih")
                || self.correction(&t.surface, crate::text::typo_budget(t.surface.chars().count())).is_some()
            {
                continue;
            }
            let list = if self.in_vocabulary(&t.surface) {
                &mut strange
            } else {
                &mut out
            };
            if !list.contains(&t.surface) {
                list.push(t.surface.clone());
            }
        }
        (out, strange)
    }

    /// `true` when `word` is a word of the sheet joined to a keyword of the
    /// rules ("samordningsarenaene": "samordning" and "arenaene"): a
    /// question's word, though the sheet never writes
    /// the compound, not a name the bot lacks. Both parts have four
    /// letters or more; the first may end in a joining "s" or "e".
    fn is_question_compound(&self, word: &str) -> bool {
        let known_first = |m: &str| {
            self.resolver.is_known(&crate::text::stem(m))
                || ["s", "e"].iter().any(|j| {
                    m.strip_suffix(j).is_some_and(|m| {
                        m.chars().count() >= 4 && self.resolver.is_known(&crate::text::stem(m))
                    })
                })
        };
        let asked_with = |h: &str| self.rules.is_keyword(&crate::text::stem(h));
        word.char_indices().skip(4).any(|(i, _)| {
            let (m, h) = word.split_at(i);
            h.chars().count() >= 4 && asked_with(h) && known_first(m)
        })
    }

    fn good_search(&self, loose: &[Token], sectors: &[usize]) -> bool {
        self.search_covers(loose, sectors, self.settings.min_coverage)
    }

    /// `true` when the best paragraph of `sectors` (all, when empty) for
    /// `loose` covers at least `min` of it.
    fn search_covers(&self, loose: &[Token], sectors: &[usize], min: f32) -> bool {
        let ids = self.sector_ids(sectors);
        self.search
            .search(loose, (!ids.is_empty()).then_some(&ids[..]), 1)
            .ok()
            .and_then(|h| h.first().map(|h| h.coverage >= min))
            .unwrap_or(false)
    }
}

/// The last sentence of `text` that ends with a question mark, when it is
/// not the whole text.
fn last_question(text: &str) -> Option<&str> {
    let end = text.rfind('?')?;
    let head = &text[..end];
    let start = head.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let q = text[start..=end].trim();
    (start > 0 && q.split_whitespace().count() >= 2).then_some(q)
}

/// The message's last question ([`last_question`]) and then its last
/// sentences of two words or more, from the end, at most `n` in all:
/// where a long message's question may be.
fn last_sentences(text: &str, n: usize) -> Vec<&str> {
    let mut out: Vec<&str> = last_question(text).into_iter().collect();
    let sentences = text
        .split_inclusive(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() >= 2 && s.len() < text.trim().len());
    for s in sentences.rev() {
        if out.len() >= n {
            break;
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::bundled().expect("bundled data loads")
    }

    #[test]
    fn context_expires() {
        let e = engine();
        let r = e.ask_at("c", "Hvem eier Husbanken?", 1000);
        assert_eq!(r.sectors, vec!["kdd"]);
        let r = e.ask_at("c", "Hvordan finansieres digitalisering der?", 1010);
        assert_eq!(r.intent, Intent::Funding);
        assert_eq!(r.sectors, vec!["kdd"]);
        let r = e.ask_at(
            "c",
            "Hvordan finansieres digitalisering der?",
            1010 + 3 * 3600,
        );
        assert!(r.sectors.is_empty(), "{r:?}");
    }

    #[test]
    fn chats_do_not_share_context() {
        let e = engine();
        e.ask_at("a", "Fortell om helsesektoren", 10);
        let r = e.ask_at("b", "Hvilke strategier har de?", 11);
        assert!(r.sectors.is_empty());
    }

    /// The memo of analyses gives back what analysing gives, and a copy a
    /// caller changes does not change it.
    #[test]
    fn a_remembered_analysis_is_the_analysis() {
        let e = engine();
        let q = "kva strategiar har KD?";
        let fresh = format!("{:?}", e.analyze_text(q));
        let mut first = e.analyze(q);
        assert_eq!(format!("{first:?}"), fresh);
        first.tokens.clear();
        first.followup = !first.followup;
        assert_eq!(format!("{:?}", e.analyze(q)), fresh);
        // A long text is analysed each time, never kept.
        let long = "hvem eier NVE ".repeat(60);
        assert_eq!(
            format!("{:?}", e.analyze(&long)),
            format!("{:?}", e.analyze_text(&long))
        );
    }
}
