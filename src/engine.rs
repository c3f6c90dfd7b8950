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

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::aliases::{Aliases, SectorNames};
use crate::intents::{Intent, Needs, RuleError, RuleSet};
use crate::knowledge::{Knowledge, Section, SectionKind, Sector};
use crate::lang::{Lang, section_name};
use crate::load::Data;
use crate::reply::{Part, Reply, Source};
use crate::resolve::{Entity, Resolution, Resolver};
use crate::search::{Hit, SearchError, SearchIndex, content_tokens};
use crate::text::{Token, clean, fold, tokens};

/// Tunable behaviour.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Seconds of silence after which a chat's context is forgotten.
    pub context_ttl_secs: u64,
    /// Below this confidence the bot asks "Mente du …?".
    pub min_confidence: f32,
    /// Below this relative margin over a different runner-up intent, too.
    pub min_margin: f32,
    /// Share of a question's content words a search hit must cover.
    pub min_coverage: f32,
    /// The same for listing sectors in a cross-sector answer, where a
    /// partial match is still worth showing next to its quote.
    pub min_cross_coverage: f32,
    /// Most chats whose context is kept in memory by [`Engine::ask`].
    pub max_chats: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            context_ttl_secs: 30 * 60,
            min_confidence: 0.45,
            min_margin: 0.12,
            min_coverage: 0.6,
            min_cross_coverage: 0.5,
            max_chats: 10_000,
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
    /// The last intent that was about an entity.
    pub intent: Option<Intent>,
    /// Unix time of the last question, in seconds.
    pub at: u64,
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
}

/// The answering engine. `Send + Sync`; build once, share behind an `Arc`.
#[derive(Debug)]
pub struct Engine {
    knowledge: Knowledge,
    aliases: Aliases,
    resolver: Resolver,
    rules: RuleSet,
    search: SearchIndex,
    /// For each agency, the search documents that mention it.
    agency_docs: Vec<Vec<usize>>,
    settings: Settings,
    chats: Mutex<HashMap<String, Context>>,
}

/// An intent with its score and the entities it would answer about:
/// (intent, weight, sectors, agencies, asks how many).
type Candidate = (Intent, f32, Vec<usize>, Vec<usize>, bool);

/// What the decision step settled on.
#[derive(Debug, Clone)]
struct Decision {
    intent: Intent,
    sectors: Vec<usize>,
    agencies: Vec<usize>,
    /// A sector named explicitly next to an agency ("Er NVE under FIN?").
    asked_sector: Option<usize>,
    count: bool,
    confidence: f32,
    runner_up: Option<Intent>,
    /// Words that look like names the bot does not know, when the intent
    /// needed an entity and found none ("Hvem eier Statnett?").
    unknown_names: Vec<String>,
}

impl Decision {
    /// The intent needed an entity, and the question names one the sheet
    /// lacks: the answer says so.
    fn not_found(intent: Intent, unknown_names: Vec<String>) -> Decision {
        Decision {
            intent,
            sectors: Vec::new(),
            agencies: Vec::new(),
            asked_sector: None,
            count: false,
            confidence: 0.3,
            runner_up: None,
            unknown_names,
        }
    }
}

fn now_secs() -> u64 {
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
        let rules = RuleSet::compile(&data.intents).map_err(EngineError::Rules)?;
        let resolver = Resolver::new(&data.knowledge, &data.aliases, rules.stopwords.iter());
        let search = SearchIndex::build(&data.knowledge)?;
        let mut agency_docs = vec![Vec::new(); resolver.agencies.len()];
        for (di, d) in search.docs.iter().enumerate() {
            let text = &data.knowledge.sectors[d.sector].sections[d.section].blocks[d.block].text;
            for a in resolver
                .resolve_tokens(&crate::text::tokens_all(text))
                .agencies()
            {
                agency_docs[a].push(di);
            }
        }
        Ok(Engine {
            knowledge: data.knowledge,
            aliases: data.aliases,
            resolver,
            rules,
            search,
            agency_docs,
            settings,
            chats: Mutex::new(HashMap::new()),
        })
    }

    /// The engine on the data compiled into the binary.
    pub fn bundled() -> Result<Engine, EngineError> {
        Engine::new(Data::bundled()?)
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

    /// The compiled rules.
    #[must_use]
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Answers `text` in chat `chat`, keeping the chat's context in memory.
    pub fn ask(&self, chat: &str, text: &str) -> Reply {
        self.ask_at(chat, text, now_secs())
    }

    /// [`Engine::ask`] at a given time (Unix seconds), for tests.
    pub fn ask_at(&self, chat: &str, text: &str, now: u64) -> Reply {
        let ctx = self
            .chats
            .lock()
            .map(|m| m.get(chat).cloned())
            .unwrap_or_default();
        let (reply, ctx) = self.answer_at(ctx.as_ref(), text, now);
        if let Ok(mut m) = self.chats.lock() {
            if m.len() >= self.settings.max_chats && !m.contains_key(chat) {
                // Forget the chat that has been quiet longest.
                if let Some(oldest) = m.iter().min_by_key(|(_, c)| c.at).map(|(k, _)| k.clone()) {
                    m.remove(&oldest);
                }
            }
            m.insert(chat.to_owned(), ctx);
        }
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
        let mut reply = self.reply(&ctx, text);
        reply.confidence = reply.confidence.clamp(0.0, 1.0);
        let mut next = ctx;
        next.at = now;
        if !reply.sectors.is_empty() && reply.candidates.is_empty() {
            next.sectors.clone_from(&reply.sectors);
            next.agency = reply.agencies.first().cloned();
        }
        if reply.intent.needs() != Needs::Nothing && !reply.sectors.is_empty() {
            next.intent = Some(reply.intent);
        }
        (reply, next)
    }

    fn reply(&self, ctx: &Context, raw: &str) -> Reply {
        let text = clean(raw);
        let (command, text) = self.split_command(&text);
        let toks = tokens(&text);
        let lang = Lang::detect(&toks, &self.rules.markers);
        if let Some(cmd) = &command {
            match cmd {
                Err(name) => return self.unknown_command(name, lang),
                Ok(Intent::Help) => return self.help(lang),
                Ok(Intent::ListSectors) => return self.list_sectors(lang),
                Ok(_) => {}
            }
        }
        if command.is_none() && !text.chars().any(char::is_alphanumeric) {
            return self.nothing_to_answer(lang);
        }
        let folded = self.corrected(&fold(&text));
        let res = self.resolver.resolve_tokens(&toks);
        if let Some(group) = res.ambiguous.first()
            && res.mentions.is_empty()
        {
            return self.ambiguous(group, lang);
        }
        let forced = command.and_then(Result::ok);
        let decision = self.decide(ctx, &toks, &folded, &res, forced);
        let Some(d) = decision else {
            return self.search_or_unknown(&toks, lang);
        };
        if let Some(other) = d.runner_up
            && d.confidence < self.settings.min_confidence
        {
            return self.did_you_mean(&d, other, lang);
        }
        let mut reply = self.answer_decision(&d, &toks, &res, lang);
        reply.confidence = d.confidence;
        reply
    }

    /// How the engine reads a question, for people who write rules and
    /// names (`faktabot explain`): tokens, names found, rule matches, search
    /// hits and the reply's intent.
    #[must_use]
    pub fn explain(&self, text: &str) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let text = clean(text);
        let toks = tokens(&text);
        let folded = self.corrected(&fold(&text));
        let _ = writeln!(out, "folded:   {folded}");
        let words: Vec<String> = toks
            .iter()
            .map(|t| format!("{}→{}", t.surface, t.stem))
            .collect();
        let _ = writeln!(out, "tokens:   {}", words.join(" "));
        let res = self.resolver.resolve_tokens(&toks);
        for m in &res.mentions {
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
        for g in &res.ambiguous {
            let _ = writeln!(out, "ambiguous: {} candidates", g.len());
        }
        for r in self
            .rules
            .rules
            .iter()
            .filter(|r| r.regex.is_match(&folded))
        {
            let _ = writeln!(
                out,
                "rule:     {} {:.1} ({})",
                r.intent.id(),
                r.weight,
                r.origin
            );
        }
        let unknown = self.unknown_words(&toks, &res);
        if !unknown.is_empty() {
            let _ = writeln!(out, "unknown:  {}", unknown.join(" "));
        }
        let content = content_tokens(&toks, &self.rules.stopwords);
        if let Ok(hits) = self.search.search(&content, None, 3) {
            for h in hits {
                let d = &self.search.docs[h.doc];
                let s = &self.knowledge.sectors[d.sector];
                let t: String = s.sections[d.section].blocks[d.block]
                    .text
                    .chars()
                    .take(70)
                    .collect();
                let _ = writeln!(
                    out,
                    "search:   cov {:.2} bm25 {:.2} [{} {}] {t}",
                    h.coverage,
                    h.score,
                    s.id,
                    d.kind.id()
                );
            }
        }
        let (reply, _) = self.answer_at(None, &text, 0);
        let _ = writeln!(
            out,
            "reply:    {} {:?} confidence {:.2}",
            reply.intent.id(),
            reply.sectors,
            reply.confidence
        );
        out
    }

    /// The folded question with misspelt keywords corrected ("stratgier" →
    /// "strategier"), for the rules. A word is corrected only when the bot
    /// does not know it and exactly one keyword is within its typo budget.
    fn corrected(&self, folded: &str) -> String {
        let mut out: Vec<String> = Vec::new();
        for w in folded.split(' ') {
            let len = w.chars().count();
            let budget = crate::text::typo_budget(len);
            let st = crate::text::stem(w);
            if budget == 0 || self.rules.stopwords.contains(w) || self.resolver.is_known(&st) {
                out.push(w.to_owned());
                continue;
            }
            let mut best: Option<(usize, &str)> = None;
            let mut tie = false;
            for k in &self.rules.keywords {
                if k.chars().count().abs_diff(len) > budget {
                    continue;
                }
                let d = strsim::osa_distance(w, k);
                if d > budget {
                    continue;
                }
                match best {
                    Some((bd, _)) if d > bd => {}
                    Some((bd, _)) if d == bd => tie = true,
                    _ => {
                        best = Some((d, k));
                        tie = false;
                    }
                }
            }
            match best {
                Some((_, k)) if !tie => out.push(k.to_owned()),
                _ => out.push(w.to_owned()),
            }
        }
        out.join(" ")
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
        let name = ctx.agency.as_ref()?;
        self.resolver.agencies.iter().position(|a| &a.name == name)
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
        let free: Vec<Token> = toks
            .iter()
            .enumerate()
            .filter(|(i, _)| !res.covered.get(*i).copied().unwrap_or(false))
            .map(|(_, t)| t.clone())
            .collect();
        content_tokens(&free, &self.rules.stopwords)
    }

    #[allow(clippy::too_many_lines)]
    fn decide(
        &self,
        ctx: &Context,
        toks: &[Token],
        folded: &str,
        res: &Resolution,
        forced: Option<Intent>,
    ) -> Option<Decision> {
        let q_sectors = res.sectors();
        let q_agencies = res.agencies();
        let quality = res.quality();
        // A word the bot does not know may be a name it lacks: then the
        // question is not a follow-up about the previous entity.
        let unknown = self.unknown_words(toks, res);
        // Nor is a question with a word only a few paragraphs have: it asks
        // about that ("Hva er Stimulab?"), not about the last entity.
        let informative = self
            .loose_words(toks, res)
            .iter()
            .any(|t| self.search.is_informative(&t.stem));
        let (ctx_sectors, ctx_agency) = if unknown.is_empty() && !informative {
            (self.context_sectors(ctx), self.context_agency(ctx))
        } else {
            (Vec::new(), None)
        };
        let followup = self.rules.is_followup(folded);

        let scored: Vec<(Intent, f32, bool)> = match forced {
            Some(i) => vec![(i, 3.0, false)],
            None => self.rules.score(folded),
        };
        // Each scored intent with the entities it can use.
        let mut options: Vec<Candidate> = Vec::new();
        for (intent, w, count) in &scored {
            let (intent, w, count) = (*intent, *w, *count);
            match intent.needs() {
                Needs::Agency => {
                    if !q_agencies.is_empty() {
                        options.push((intent, w + 1.0, Vec::new(), q_agencies.clone(), count));
                    } else if let Some(a) = ctx_agency.filter(|_| q_sectors.is_empty()) {
                        options.push((intent, w * 0.9, Vec::new(), vec![a], count));
                    }
                }
                Needs::Sector => {
                    let agency_stands_in = !matches!(
                        intent,
                        Intent::Responsibility | Intent::SectorOverview | Intent::SectorAgencies
                    );
                    if !q_sectors.is_empty() {
                        options.push((
                            intent,
                            w + 1.0,
                            q_sectors.clone(),
                            q_agencies.clone(),
                            count,
                        ));
                    } else if !q_agencies.is_empty() {
                        if agency_stands_in {
                            options.push((
                                intent,
                                w + 0.8,
                                self.owner_sectors(&q_agencies),
                                q_agencies.clone(),
                                count,
                            ));
                        } else {
                            options.push((
                                Intent::AgencyInfo,
                                w + 0.5,
                                Vec::new(),
                                q_agencies.clone(),
                                count,
                            ));
                        }
                    } else if !ctx_sectors.is_empty() {
                        options.push((intent, w * 0.9, ctx_sectors.clone(), Vec::new(), count));
                    } else if w >= 2.5
                        && intent != Intent::SectorOverview
                        && unknown.is_empty()
                        && !self.answers_by_search(toks, res)
                    {
                        // Asked without naming a sector: the answer asks which.
                        options.push((intent, w * 0.6, Vec::new(), Vec::new(), count));
                    }
                }
                Needs::Nothing => {
                    let w = if intent == Intent::CrossSector && !q_sectors.is_empty() {
                        w * 0.5
                    } else {
                        w
                    };
                    options.push((intent, w, Vec::new(), Vec::new(), count));
                }
            }
        }
        options.sort_by(|a, b| b.1.total_cmp(&a.1));
        // A command without its argument and nothing in the context to use:
        // the answer asks for it ("/etat" → "Hvilken etat?").
        if options.is_empty()
            && let Some(intent) = forced
            && intent.needs() == Needs::Agency
            && q_sectors.is_empty()
        {
            options.push((intent, 3.0, Vec::new(), Vec::new(), false));
        }
        if options.is_empty()
            && !unknown.is_empty()
            && q_sectors.is_empty()
            && let Some((intent, _, _)) = scored
                .iter()
                .find(|(i, w, _)| i.needs() != Needs::Nothing && *w >= 2.5)
        {
            return Some(Decision::not_found(*intent, unknown));
        }
        if let Some((mut intent, w, mut sectors, agencies, count)) = options.first().cloned() {
            let runner_up = options
                .iter()
                .find(|o| o.0 != intent)
                .filter(|o| (w - o.1) / w < self.settings.min_margin)
                .map(|o| o.0);
            // "Hva er OPS Landbruk?": a generic question about an entity
            // with a word only a few paragraphs of its sector have is
            // better answered by those paragraphs.
            if matches!(intent, Intent::SectorOverview | Intent::AgencyInfo) {
                let scope = if sectors.is_empty() {
                    self.owner_sectors(&agencies)
                } else {
                    sectors.clone()
                };
                if self.prefer_search(&self.loose_words(toks, res), &scope) {
                    intent = Intent::Search;
                    sectors = scope;
                }
            }
            let runner_up = runner_up.filter(|_| intent != Intent::Search);
            let mut confidence = (w / 3.0).min(1.0) * quality;
            if runner_up.is_some() {
                confidence = confidence.min(self.settings.min_confidence - 0.01);
            }
            let asked_sector = if intent == Intent::AgencyOwner {
                q_sectors.first().copied()
            } else {
                None
            };
            return Some(Decision {
                intent,
                sectors,
                agencies,
                asked_sector,
                count,
                confidence,
                runner_up,
                unknown_names: Vec::new(),
            });
        }
        // No rule: entities alone.
        let loose = self.loose_words(toks, res);
        if q_agencies.is_empty() && q_sectors.is_empty() && !unknown.is_empty() && followup {
            // "og Statnett?": a follow-up about a name the sheet lacks.
            if let Some(intent) = ctx.intent {
                return Some(Decision::not_found(intent, unknown));
            }
        }
        let short = loose.is_empty() || followup;
        if !q_agencies.is_empty() {
            let owners = self.owner_sectors(&q_agencies);
            let intent = match ctx.intent {
                Some(i) if short && i.needs() == Needs::Agency => i,
                Some(i) if short && i.section().is_some() && i != Intent::Responsibility => i,
                _ if self.prefer_search(&loose, &owners) => Intent::Search,
                _ => Intent::AgencyInfo,
            };
            let sectors = if intent.needs() == Needs::Sector || intent == Intent::Search {
                self.owner_sectors(&q_agencies)
            } else {
                Vec::new()
            };
            return Some(Decision {
                intent,
                sectors,
                agencies: q_agencies,
                asked_sector: None,
                count: false,
                confidence: 0.8 * quality,
                runner_up: None,
                unknown_names: Vec::new(),
            });
        }
        if !q_sectors.is_empty() {
            let intent = match ctx.intent {
                Some(i) if short && i.needs() == Needs::Sector => i,
                Some(Intent::AgencyOwner | Intent::AgencyInfo) if short => Intent::SectorAgencies,
                _ => {
                    if self.prefer_search(&loose, &q_sectors) {
                        Intent::Search
                    } else {
                        Intent::SectorOverview
                    }
                }
            };
            return Some(Decision {
                intent,
                sectors: q_sectors,
                agencies: Vec::new(),
                asked_sector: None,
                count: false,
                confidence: 0.8 * quality,
                runner_up: None,
                unknown_names: Vec::new(),
            });
        }
        None
    }

    /// `true` when the loose words hold an informative one and search in
    /// `sectors` (all when empty) finds them.
    fn prefer_search(&self, loose: &[Token], sectors: &[usize]) -> bool {
        loose.iter().any(|t| self.search.is_informative(&t.stem))
            && self.good_search(loose, sectors)
    }

    /// `true` when the question has a word that only a few paragraphs
    /// have, and search finds it: then search answers better than asking
    /// which sector was meant ("Hvordan finansieres Stimulab?").
    fn answers_by_search(&self, toks: &[Token], res: &Resolution) -> bool {
        let loose = self.loose_words(toks, res);
        loose.iter().any(|t| self.search.is_informative(&t.stem)) && self.good_search(&loose, &[])
    }

    /// Words of the question that are in neither the sheet, the names nor
    /// the stop words, as written (a name the bot lacks, or a typo it could
    /// not place).
    fn unknown_words(&self, toks: &[Token], res: &Resolution) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if res.covered.get(i).copied().unwrap_or(false)
                || self.rules.stopwords.contains(&t.surface)
                || self.resolver.is_known(&t.stem)
                || t.surface.chars().all(|c| c.is_ascii_digit())
                || t.surface.chars().count() < 2
            {
                continue;
            }
            if !out.contains(&t.surface) {
                out.push(t.surface.clone());
            }
        }
        out
    }

    fn good_search(&self, loose: &[Token], sectors: &[usize]) -> bool {
        let ids: Vec<String> = sectors
            .iter()
            .map(|&s| self.knowledge.sectors[s].id.clone())
            .collect();
        self.search
            .search(loose, (!ids.is_empty()).then_some(&ids[..]), 1)
            .ok()
            .and_then(|h| h.first().map(|h| h.coverage >= self.settings.min_coverage))
            .unwrap_or(false)
    }

    fn answer_decision(&self, d: &Decision, toks: &[Token], res: &Resolution, lang: Lang) -> Reply {
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

    fn names(&self, s: &Sector) -> Option<&SectorNames> {
        self.aliases.sectors.iter().find(|n| n.id == s.id)
    }

    /// "Kunnskapsdepartementet (KD)", in English with the English name.
    fn ministry(&self, s: &Sector, lang: Lang) -> String {
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

    fn label(s: &Sector, section: &Section, kind: SectionKind, lang: Lang) -> String {
        let heading = if section.heading.is_empty() {
            section_name(kind, lang).to_owned()
        } else {
            section.heading.clone()
        };
        format!("{} › {heading}", s.title)
    }

    fn source(s: &Sector, section: &Section, kind: SectionKind, lang: Lang) -> Source {
        Source {
            sector: s.id.clone(),
            section: kind.id().to_owned(),
            label: Engine::label(s, section, kind, lang),
        }
    }

    fn agencies_source(s: &Sector, lang: Lang) -> Source {
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
    fn push_blocks(reply: &mut Reply, section: &Section) {
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

    fn agency_owner(&self, d: &Decision, lang: Lang) -> Reply {
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

    fn agency_info(&self, d: &Decision, toks: &[Token], res: &Resolution, lang: Lang) -> Reply {
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
            // Rank mentions by the question's other words, then sheet order.
            let mut ranked: Vec<(usize, usize)> = docs
                .iter()
                .map(|&di| {
                    let doc = &self.search.docs[di];
                    let hits = loose.iter().filter(|t| doc.stems.contains(&t.stem)).count();
                    (di, hits)
                })
                .collect();
            ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            reply.para(match lang {
                Lang::En => format!("What the fact sheet says about {}:", agency.name),
                Lang::Nn => format!("Dette seier faktaarket om {}:", agency.name),
                Lang::Nb => format!("Dette sier faktaarket om {}:", agency.name),
            });
            let mut shown = 0;
            let mut more: Vec<String> = Vec::new();
            for (di, _) in ranked {
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
    fn not_found(&self, d: &Decision, toks: &[Token], lang: Lang) -> Reply {
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

    fn sector_suggestions(&self, s: &Sector, lang: Lang) -> Vec<String> {
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

    fn section_answer(&self, d: &Decision, lang: Lang) -> Reply {
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

    fn agency_list(&self, reply: &mut Reply, s: &Sector, count: bool, lang: Lang) {
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

    fn which_agency(&self, intent: Intent, lang: Lang) -> Reply {
        let mut reply = Reply::new(intent, lang);
        reply.confidence = 0.5;
        reply.para(lang.pick(
            "Hvilken etat eller virksomhet mener du? Skriv for eksempel «/etat Lånekassen» eller «Hvem eier NVE?».",
            "Kva etat eller verksemd meiner du? Skriv til dømes «/etat Lånekassen» eller «Kven eig NVE?».",
            "Which agency do you mean? For example «/etat Lånekassen» or «Which ministry is NVE under?».",
        ));
        reply
    }

    fn which_sector(&self, intent: Intent, kind: SectionKind, lang: Lang) -> Reply {
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

    fn overview(&self, d: &Decision, lang: Lang) -> Reply {
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

    fn list_sectors(&self, lang: Lang) -> Reply {
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

    fn cross_sector(&self, toks: &[Token], res: &Resolution, lang: Lang) -> Reply {
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
        // Otherwise: which sectors mention the question's words.
        let loose = self.loose_words(toks, res);
        let hits = self.search.search(&loose, None, 60).unwrap_or_default();
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
    fn facet_answer(&self, facet: &crate::intents::Facet, lang: Lang) -> Reply {
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

    fn search_answer(
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

    fn search_or_unknown(&self, toks: &[Token], lang: Lang) -> Reply {
        let words = content_tokens(toks, &self.rules.stopwords);
        self.search_answer(&words, None, lang)
            .unwrap_or_else(|| self.unknown(lang))
    }

    fn examples(lang: Lang) -> Vec<String> {
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

    fn unknown(&self, lang: Lang) -> Reply {
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

    fn nothing_to_answer(&self, lang: Lang) -> Reply {
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

    fn unknown_command(&self, name: &str, lang: Lang) -> Reply {
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

    fn smalltalk(&self, toks: &[Token], lang: Lang) -> Reply {
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
        let text = if thanks {
            lang.pick(
                "Bare hyggelig! Spør gjerne om mer.",
                "Berre hyggeleg! Spør gjerne om meir.",
                "You're welcome! Ask me anything else about the fact sheet.",
            )
        } else if bye {
            lang.pick("Ha det bra!", "Ha det bra!", "Goodbye!")
        } else {
            lang.pick(
                "Hei! Jeg svarer på spørsmål om samordning av digitalisering i hver sektor. Skriv «hjelp» for å se hva jeg kan.",
                "Hei! Eg svarar på spørsmål om samordning av digitalisering i kvar sektor. Skriv «hjelp» for å sjå kva eg kan.",
                "Hi! I answer questions about how digitalisation is coordinated in each Norwegian government sector. Type «help» to see what I can do.",
            )
        };
        reply.para(text);
        reply
    }

    fn entity_label(&self, e: Entity, lang: Lang) -> String {
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

    fn ambiguous(&self, group: &[Entity], lang: Lang) -> Reply {
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

    fn intent_phrase(intent: Intent, lang: Lang) -> &'static str {
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

    fn did_you_mean(&self, d: &Decision, other: Intent, lang: Lang) -> Reply {
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
}
