//! Stage 2, decide: an [`Analysis`] and the chat's [`Context`] → a
//! [`Decision`].
//!
//! Signals come from one of three places, in order of precision: a slash
//! command; the pattern rules when one is strong (at least
//! [`Settings::strong_rule`](super::Settings)); otherwise the classifier
//! when it is sure enough, else the weak rules. Each signalled intent then
//! takes the entities it needs from the question, from the user's own
//! organisation when the question says "vi"/"our", or from the chat's
//! last answer (a follow-up). With no signal, a named entity alone gets
//! its overview; with nothing, search or "unknown" answers. Two gates
//! (absolute confidence, margin over a runner-up) turn doubt into
//! "Mente du …?".

use crate::intents::{Intent, Needs, Scored};
use crate::knowledge::SectionKind;
use crate::text::Token;

use super::analyze::Analysis;
use super::{Context, Engine};

/// An intent with its score and the entities it would answer about:
/// (intent, weight, sectors, agencies, asks how many).
type Candidate = (Intent, f32, Vec<usize>, Vec<usize>, bool);

/// The user's own organisation, as they told the chat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Me {
    /// Their agency.
    pub agency: Option<usize>,
    /// Its ministries' sectors, or the sector they named.
    pub sectors: Vec<usize>,
}

impl Me {
    /// Nothing known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.agency.is_none() && self.sectors.is_empty()
    }
}

/// What the decision step settled on.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The intent answered.
    pub intent: Intent,
    /// Sectors the answer is about.
    pub sectors: Vec<usize>,
    /// Agencies the answer is about.
    pub agencies: Vec<usize>,
    /// A sector named explicitly next to an agency ("Er NVE under FIN?").
    pub asked_sector: Option<usize>,
    /// The question asks how many.
    pub count: bool,
    /// 0..1.
    pub confidence: f32,
    /// A different intent almost as likely.
    pub runner_up: Option<Intent>,
    /// Words that look like names the bot does not know, when the intent
    /// needed an entity and found none ("Hvem eier Statnett?").
    pub unknown_names: Vec<String>,
    /// Words of the question a search answer leaves out: those that state
    /// the answer ("vann" of "Kven vann Digitaliseringsprisen?", which the
    /// paragraph says as "vant").
    pub search_without: Vec<String>,
    /// What decided: "command", a rule's origin, "classifier 0.83",
    /// "name alone", "context".
    pub stage: String,
    /// A section of two or more sectors the question names, asked to be
    /// compared ("compare how FD and JD fund digitalisation"): answered
    /// section by section, and a cross-sector reply.
    pub compared: bool,
}

impl Decision {
    /// A decision for `intent` with nothing else settled.
    #[must_use]
    pub fn for_intent(intent: Intent) -> Decision {
        Decision::new(intent, "")
    }

    fn new(intent: Intent, stage: impl Into<String>) -> Decision {
        Decision {
            intent,
            sectors: Vec::new(),
            agencies: Vec::new(),
            asked_sector: None,
            count: false,
            confidence: 0.8,
            runner_up: None,
            unknown_names: Vec::new(),
            search_without: Vec::new(),
            stage: stage.into(),
            compared: false,
        }
    }

    /// The intent needed an entity, and the question names one the sheet
    /// lacks: the answer says so.
    fn not_found(intent: Intent, unknown_names: Vec<String>, stage: &str) -> Decision {
        Decision {
            confidence: 0.3,
            unknown_names,
            search_without: Vec::new(),
            ..Decision::new(intent, stage)
        }
    }
}

impl Engine {
    /// The intents signalled for a question, and what signalled them.
    fn signals(&self, a: &Analysis) -> Vec<Scored> {
        if let Some(intent) = a.command {
            return vec![Scored {
                intent,
                weight: 3.0,
                count: false,
                siblings: false,
                origin: "command".to_owned(),
            }];
        }
        if a.best_rule() >= self.settings.strong_rule {
            let mut rules = a.rules.clone();
            // Tied strong rules: the one the classifier prefers leads.
            if a.strong_tie(&self.settings)
                && let Some(p) = &a.classifier
                && p.probability >= self.settings.overrule_probability
                && let Some(i) = rules.iter().take(2).position(|s| s.intent.id() == p.label)
            {
                let lead = rules[0].weight;
                rules[i].weight = lead + 1.0;
                rules[i].origin = format!("{} (classifier {:.2})", rules[i].origin, p.probability);
                rules.sort_by(|x, y| y.weight.total_cmp(&x.weight));
            }
            return rules;
        }
        if let Some(p) = &a.classifier
            && p.probability >= self.settings.min_probability
            && let Some(intent) = Intent::from_id(&p.label)
            && !matches!(intent, Intent::Unknown | Intent::Search)
            // "Kva seier arket om sektoravgifta?" is no request for the
            // list of parts: that carries no topic of the sheet.
            && !(intent == Intent::ListSectors
                && self.has_topic_word(&self.loose_words(&a.tokens, &a.resolution)))
            // "Kan du gje meg ei oppskrift på fårikål?" asks the bot for
            // something, but for words neither the sheet nor the word
            // lists have: no request for help with the sheet.
            && !(intent == Intent::Help
                && a.rules.iter().all(|r| r.intent != Intent::Help)
                && !a.unknown_words.is_empty())
        {
            let rule = a.rules.iter().find(|s| s.intent == intent);
            // A weak rule for another intent stands unless the classifier
            // is sure.
            if rule.is_none()
                && a.best_rule() >= self.settings.decent_rule
                && p.probability < self.settings.overrule_probability
            {
                return a.rules.clone();
            }
            return vec![Scored {
                intent,
                weight: (1.0 + 2.0 * p.probability).max(rule.map_or(0.0, |r| r.weight)),
                count: rule.is_some_and(|r| r.count),
                siblings: rule.is_some_and(|r| r.siblings),
                origin: format!("classifier {:.2}", p.probability),
            }];
        }
        a.rules.clone()
    }

    /// The classifier is sure the question is one the sheet cannot
    /// answer, and search finds nothing that covers its words either.
    fn off_topic(&self, a: &Analysis) -> bool {
        a.command.is_none()
            && a.best_rule() < self.settings.strong_rule
            && a.best_rule() < self.settings.decent_rule
            && a.classifier.as_ref().is_some_and(|p| {
                // Sure of it, and the question names nothing of the sheet;
                // or fairly sure, and no paragraph answers it ("Hvem leverer
                // IKT-tjenester til Meteorologisk institutt?" names an agency
                // whose part says who does).
                p.label == Intent::Unknown.id()
                    && (p.probability >= self.settings.sure_off_topic
                        && a.resolution.mentions.is_empty()
                        || p.probability >= self.settings.min_off_topic
                            && !self.answers_by_search(&a.tokens, &a.resolution))
            })
    }

    /// "og KS?", "hva med forsvarssektoren?": a follow-up that names a new
    /// entity and asks nothing else keeps the previous question's intent.
    fn carries_on(&self, a: &Analysis, ctx: &Context) -> Option<Scored> {
        let previous = ctx.intent?;
        let named = !a.agencies().is_empty() || !a.sectors().is_empty();
        let bare = self.loose_words(&a.tokens, &a.resolution).is_empty();
        let fits = match previous.needs() {
            Needs::Agency => !a.agencies().is_empty(),
            Needs::Sector => true,
            Needs::Nothing => false,
        };
        // "Samme spørsmål for landbruket – vi samarbeider mye med dem":
        // asked again about what it names, whatever else it says; "back
        // to us, same question": about the user's own.
        let repeated = a.repeat && (named || a.self_ref);
        // "Er Veterinærinstituttet under dei?" after a question about
        // funding: a rule asks about the agency it names, not the chat's
        // last question again.
        let asks_agency = !a.agencies().is_empty()
            && previous.needs() != Needs::Agency
            && a.rules
                .iter()
                .any(|r| r.intent.needs() == Needs::Agency && r.weight >= 2.0);
        // "What does it say about Datatilsynet?" after an owner question: a
        // rule asks for something else of what it names.
        let asks_other = a
            .rules
            .iter()
            .any(|r| r.intent != previous && r.weight >= self.settings.decent_rule);
        // "og Kystverket, hører det til samferdsel?" after a question about
        // an agency: the name followed by a sentence of its own, which the
        // classifier is sure asks something else ("and what about the
        // Ministry of Defence?" has nothing after the name).
        let says_other = a.resolution.mentions.first().is_some_and(|m| {
            a.resolution
                .covered
                .iter()
                .skip(m.tokens.1)
                .filter(|c| !**c)
                .count()
                >= self.settings.own_sentence_words
        }) && a.classifier.as_ref().is_some_and(|p| {
            p.label != previous.id() && p.probability >= self.settings.sure_other_intent
        });
        (a.command.is_none()
            && (repeated
                || a.best_rule() < self.settings.strong_rule
                    && a.followup
                    && named
                    && bare
                    && !asks_agency
                    && !asks_other
                    && !says_other)
            && fits)
            .then(|| Scored {
                intent: previous,
                weight: 2.5,
                count: false,
                // "Hvilke etater har KD?" → "og i Forsvaret?": an agency
                // named in a follow-up stands for its ministry.
                siblings: previous.needs() == Needs::Sector,
                origin: "follow-up of the previous question".to_owned(),
            })
    }

    /// Stage 2: what to answer, from the analysis, the chat's context and
    /// what is known about the user; `None` when nothing fits.
    #[allow(clippy::too_many_lines)]
    #[must_use]
    pub fn decide(&self, a: &Analysis, ctx: &Context, me: &Me) -> Option<Decision> {
        let toks = &a.tokens;
        let q_agencies = a.agencies();
        let mut q_sectors = a.sectors();
        // "departementet som har ansvar for pensjoner": the part whose
        // responsibilities have the task's words; those words then name
        // it, as a name would, and are no topic of their own.
        let mut task_res = None;
        if q_sectors.is_empty()
            && q_agencies.is_empty()
            && let Some(from) = a.task_from
            && let Some(s) = self.sector_by_topic(
                SectionKind::Responsibility,
                &toks[from..],
                &crate::resolve::Resolution::default(),
            )
        {
            q_sectors = vec![s];
            let mut r = a.resolution.clone();
            r.covered.resize(toks.len(), false);
            r.covered[from..].iter_mut().for_each(|c| *c = true);
            task_res = Some(r);
        }
        let res = task_res.as_ref().unwrap_or(&a.resolution);
        let quality = res.quality();
        if self.off_topic(a) {
            let p = a.classifier.as_ref().map_or(0.0, |p| p.probability);
            return Some(Decision {
                confidence: p,
                ..Decision::new(Intent::Unknown, format!("classifier {p:.2}"))
            });
        }
        // "how many are there?" right after the list of the parts: how
        // many parts (the list's answer says it), not agencies per part.
        if ctx.listed_parts
            && q_sectors.is_empty()
            && q_agencies.is_empty()
            && self.rules.asks_how_many(toks)
            && crate::search::content_tokens(toks, &self.rules.stopwords)
                .iter()
                .all(|t| self.rules.is_how_many_word(&t.surface))
            // A stop word that a rule asks with ("agencies" of "how many
            // agencies are there?") asks how many of those.
            && !toks
                .iter()
                .any(|t| !self.rules.is_how_many_word(&t.surface) && self.rules.is_keyword(&t.stem))
        {
            return Some(Decision {
                confidence: 0.9,
                ..Decision::new(Intent::ListSectors, "context (how many of the list)")
            });
        }
        // "Hva koster …?", "when was … founded?": a strong rule for what
        // the sheet never holds decides, whatever the question names.
        let follows = a.command.is_none() && {
            // Unless the sheet states it: "Når ble Viderebruksutvalget
            // opprettet?" has its date in a paragraph that has every word;
            // so where such a rule is beside another ("Hvem leder
            // Samstyringsrådet for digitalisering …?" also matches a
            // coordination rule), the paragraph that states it answers.
            let stated = a
                .rules
                .iter()
                .filter(|m| m.intent == Intent::Unknown && m.weight >= self.settings.strong_rule)
                .find_map(|m| {
                    self.rules
                        .rules
                        .iter()
                        .find(|r| r.origin == m.origin && (r.stated || !r.stated_by.is_empty()))
                });
            if let Some(rule) = stated
                && let Some(sector) = self.sheet_states_it(a, &rule.stated_by)
            {
                // Searched in that paragraph's part.
                return Some(Decision {
                    sectors: vec![sector],
                    agencies: q_agencies,
                    search_without: rule.stated_by.clone(),
                    ..Decision::new(
                        Intent::Search,
                        format!("{} (a paragraph has every word and states it)", rule.origin),
                    )
                });
            }
            // "og hvem leder det?" after an answer about a council: a
            // question with nothing of its own follows the chat instead.
            let follows = stated.is_some_and(|r| {
                !r.stated_by.is_empty()
                    && q_sectors.is_empty()
                    && q_agencies.is_empty()
                    && a.unknown_words.is_empty()
                    && !self.context_sectors(ctx).is_empty()
                    && self.loose_words(&a.tokens, &a.resolution).iter().all(|t| {
                        states_with(&r.stated_by, t) || self.is_question_language_anywhere(&t.stem)
                    })
            });
            if let Some(top) = a.rules.first()
                && top.intent == Intent::Unknown
                && top.weight >= self.settings.strong_rule
                && !follows
            {
                return Some(Decision {
                    confidence: 1.0,
                    ..Decision::new(Intent::Unknown, top.origin.clone())
                });
            }
            follows
        };
        // Read as if that rule had not matched.
        let unruled;
        let a = if follows {
            let mut b = a.clone();
            b.rules.retain(|m| m.intent != Intent::Unknown);
            if b.classifier.is_none() && b.best_rule() < self.settings.strong_rule {
                b.classifier = self.classify(&b);
            }
            unruled = b;
            &unruled
        } else {
            a
        };
        // A word the bot does not know may be a name it lacks: then the
        // question is not a follow-up about the previous entity.
        let mut unknown = a.unknown_words.clone();
        // A word of the task that found the part is no name the sheet lacks.
        if let (Some(_), Some(from)) = (&task_res, a.task_from) {
            unknown.retain(|w| !toks[from..].iter().any(|t| t.surface == *w));
        }
        // Nor is a question with a word only a few paragraphs have: it asks
        // about that ("Hva er Stimulab?"), not about the last entity.
        // Words the examples of some intent ask with ("betaler", "planene")
        // do not count: "og hvem betaler?" still follows the chat.
        let loose: Vec<Token> = self
            .loose_words(toks, res)
            .into_iter()
            .filter(|t| !self.is_question_language_anywhere(&t.stem))
            .collect();
        let informative = self.has_topic_word(&loose) || self.has_topic_phrase(&loose);
        // "Hvilke utvalg finnes?" while talking about KS: a topic word the
        // section a rule asks for has, in the chat's sectors, is that
        // section's, not a new subject.
        let informative = informative
            && !(unknown.is_empty()
                && q_sectors.is_empty()
                && q_agencies.is_empty()
                && self.topic_in_context_section(a, &self.context_sectors(ctx)));
        // "hos oss", "departementet vårt": the user's own organisation.
        let use_me = a.self_ref && !me.is_empty();
        let (ctx_sectors, ctx_agency, from) = if use_me {
            (me.sectors.clone(), me.agency, "self")
        } else if unknown.is_empty() && !informative && a.latter {
            // "sistnevnte": the last of the things the last answer named.
            match ctx
                .latter_agency
                .as_ref()
                .and_then(|n| self.agency_named(n))
            {
                Some(ag) => (self.owner_sectors(&[ag]), Some(ag), "context"),
                None => (
                    self.context_sectors(ctx)
                        .last()
                        .copied()
                        .into_iter()
                        .collect(),
                    None,
                    "context",
                ),
            }
        } else if unknown.is_empty() && !informative {
            (
                self.context_sectors(ctx),
                self.context_agency(ctx),
                "context",
            )
        } else {
            (Vec::new(), None, "context")
        };
        let followup = a.followup;
        let mut scored = match self.carries_on(a, ctx) {
            Some(carried) => vec![carried],
            None => self.signals(a),
        };
        // "Hvilke departementer har etater som jobber med energi?": a strong
        // "which sectors" question asks for a list of sectors; a sector it
        // names is its topic, not its subject. (With an agency named it may
        // still ask for the agency's ministries; without a rule that asks
        // about the agency it asks which parts work with it: "Hvilke
        // sektorer samarbeider med Statsforvalteren?".)
        let about_agency = !q_agencies.is_empty()
            && scored.iter().any(|s| {
                s.intent.needs() == Needs::Agency && s.weight >= self.settings.decent_rule
            });
        // "Deltek vi i noko samarbeid på tvers av sektorar?": a section
        // asked of the user's own part that works across the sectors, not
        // a question across them.
        let ours_across = use_me
            && q_sectors.is_empty()
            && q_agencies.is_empty()
            && scored
                .iter()
                .any(|s| s.intent.section().is_some() && s.weight >= self.settings.decent_rule);
        if ours_across {
            scored.retain(|s| s.intent != Intent::CrossSector);
        }
        if a.command.is_none()
            && !about_agency
            && let Some(across) = scored
                .iter()
                .find(|s| s.intent == Intent::CrossSector && s.weight >= self.settings.strong_rule)
                .cloned()
            && !scored
                .iter()
                .any(|s| s.intent.needs() == Needs::Nothing && s.weight > across.weight)
        {
            scored = vec![across];
        }
        let forced = a.command;
        // "Hvilket departement eier Innovasjon Norge?": an owner asked for
        // words written as a name that no name of the sheet covers and the
        // sheet never writes one after the other: a name it lacks, not a
        // topic to look for across the sectors.
        if forced.is_none()
            && q_agencies.is_empty()
            && q_sectors.is_empty()
            && !use_me
            && let Some(sc) = scored
                .iter()
                .find(|s| s.intent == Intent::AgencyOwner && s.weight >= self.settings.strong_rule)
            && let Some(name) = self.unlisted_name(toks, res)
        {
            return Some(Decision::not_found(sc.intent, name, &sc.origin));
        }
        // Each scored intent with the entities it can use.
        let mut options: Vec<(Candidate, &str)> = Vec::new();
        for sc in &scored {
            let (intent, w, count) = (sc.intent, sc.weight, sc.count);
            let origin = sc.origin.as_str();
            match intent.needs() {
                Needs::Agency => {
                    if !q_agencies.is_empty() {
                        options.push((
                            (intent, w + 1.0, Vec::new(), q_agencies.clone(), count),
                            origin,
                        ));
                    } else if let Some(ag) = ctx_agency.filter(|_| {
                        (q_sectors.is_empty() || use_me)
                            // "Hva er departementets rolle?" after an
                            // agency: the ministry's, not the agency's.
                            && !(intent == Intent::AgencyInfo && self.rules.says_ministry(toks))
                    }) {
                        options.push(((intent, w * 0.9, Vec::new(), vec![ag], count), origin));
                    } else if intent == Intent::AgencyOwner
                        && q_sectors.is_empty()
                        && unknown.is_empty()
                        && !use_me
                        && forced.is_none()
                        && !scored.iter().any(|o| {
                            o.intent.needs() != Needs::Agency
                                && o.weight >= self.settings.decent_rule
                        })
                        && self.has_topic_word(&self.loose_words(toks, res))
                    {
                        // "Kva departement nyttar sektoravgifter?": which
                        // ministry, with no agency but a topic, asks across
                        // the sectors.
                        options.push((
                            (Intent::CrossSector, w * 0.8, Vec::new(), Vec::new(), false),
                            origin,
                        ));
                    }
                }
                Needs::Sector => {
                    // An agency stands for its ministry, except where the
                    // question is about the agency itself; "Hvilke
                    // søsteretater har Politiet?" asks about its ministry.
                    let agency_stands_in = !matches!(
                        intent,
                        Intent::Responsibility | Intent::SectorOverview | Intent::SectorAgencies
                    ) || sc.siblings;
                    if !q_sectors.is_empty() {
                        options.push((
                            (
                                intent,
                                w + 1.0,
                                q_sectors.clone(),
                                q_agencies.clone(),
                                count,
                            ),
                            origin,
                        ));
                    } else if !q_agencies.is_empty() {
                        if agency_stands_in {
                            options.push((
                                (
                                    intent,
                                    w + 0.8,
                                    self.owner_sectors(&q_agencies),
                                    q_agencies.clone(),
                                    count,
                                ),
                                origin,
                            ));
                        } else {
                            options.push((
                                (
                                    Intent::AgencyInfo,
                                    w + 0.5,
                                    Vec::new(),
                                    q_agencies.clone(),
                                    count,
                                ),
                                origin,
                            ));
                        }
                    } else if let Some(mine) = me.agency.filter(|_| {
                        use_me
                            && matches!(intent, Intent::Responsibility | Intent::SectorOverview)
                            && self.rules.asks_an_agencys_role(toks)
                    }) {
                        // "Kva rolle har vi?" from Helsedirektoratet: the
                        // agency's, what the sheet says of it; the
                        // responsibilities and the overview are the
                        // ministry's.
                        options.push((
                            (Intent::AgencyInfo, w * 0.9, Vec::new(), vec![mine], count),
                            origin,
                        ));
                    } else if !ctx_sectors.is_empty() {
                        options.push((
                            (intent, w * 0.9, ctx_sectors.clone(), Vec::new(), count),
                            origin,
                        ));
                    } else if w >= 2.5
                        && intent != Intent::SectorOverview
                        && unknown.is_empty()
                        && a.strange_words.is_empty()
                    {
                        let across = !self.sectors_with_topic(intent, toks, res).is_empty();
                        if across {
                            // "Which agencies got money from the co-financing
                            // scheme?": a topic that sections of that kind in
                            // several parts have asks across the parts.
                            options.push((
                                (Intent::CrossSector, w * 0.9, Vec::new(), Vec::new(), false),
                                origin,
                            ));
                        } else if !self.answers_by_search(toks, res) {
                            // Asked without naming a sector: the answer asks which.
                            options
                                .push(((intent, w * 0.6, Vec::new(), Vec::new(), count), origin));
                        } else if let Some(s) = intent
                            .section()
                            .filter(|k| *k != crate::knowledge::SectionKind::Agencies)
                            .and_then(|k| {
                                // The part that has the topic itself, in
                                // another section, before one whose section
                                // has only its parts (that section then
                                // answers, for a rule not strong enough to
                                // hold its own).
                                (w < self.settings.strong_rule)
                                    .then(|| self.sector_with_topic_elsewhere(k, toks, res))
                                    .flatten()
                                    .or_else(|| self.sector_by_topic(k, toks, res))
                            })
                        {
                            // "Hvem betaler for de nasjonale e-helseløsningene?":
                            // the one part whose section of that kind covers
                            // the topic.
                            options.push(((intent, w * 0.9, vec![s], Vec::new(), count), origin));
                        }
                    }
                }
                Needs::Nothing => {
                    let w = if intent == Intent::CrossSector
                        && !q_sectors.is_empty()
                        && w < self.settings.strong_rule
                    {
                        w * 0.5
                    } else {
                        w
                    };
                    options.push(((intent, w, Vec::new(), Vec::new(), count), origin));
                }
            }
        }
        options.sort_by(|x, y| y.0.1.total_cmp(&x.0.1));
        // "Hvilke pengeordninger forvalter virksomhetene under DFD?",
        // "which bodies steer …": the agencies are where the question
        // looks, the section is what it asks for. A section intent as
        // close as a did-you-mean to "the agencies" wins.
        let asks_section = |i: Intent| {
            i.section().is_some_and(|k| {
                !matches!(
                    k,
                    SectionKind::Agencies | SectionKind::Responsibility | SectionKind::Intro
                )
            })
        };
        if forced.is_none()
            && let [first, second, ..] = options.as_slice()
            && (first.0.1 - second.0.1) / first.0.1 < self.settings.section_over_agencies_margin
            && let Some(section) = match (first.0.0, second.0.0) {
                (Intent::SectorAgencies, s) if asks_section(s) => Some(1),
                (s, Intent::SectorAgencies) if asks_section(s) => Some(0),
                _ => None,
            }
        {
            let top = first.0.1;
            options.swap(0, section);
            options[0].0.1 = top * (1.0 + 2.0 * self.settings.min_margin);
        }
        // A command without its argument and nothing in the context to use:
        // the answer asks for it ("/etat" → "Hvilken etat?").
        if options.is_empty()
            && let Some(intent) = forced
            && intent.needs() == Needs::Agency
            && q_sectors.is_empty()
        {
            options.push(((intent, 3.0, Vec::new(), Vec::new(), false), "command"));
        }
        // "What is the Viderebruksutvalget supposed to do?": a word only a
        // few paragraphs have, found by search, says what the question is
        // about better than the unknown word beside it.
        if options.is_empty()
            && !unknown.is_empty()
            && q_sectors.is_empty()
            && let Some(sc) = scored
                .iter()
                .find(|s| s.intent.needs() != Needs::Nothing && s.weight >= 2.5)
            && !self.answers_by_search(toks, res)
        {
            return Some(Decision::not_found(sc.intent, unknown, &sc.origin));
        }
        // "best strategy for learning chess?": a section asked for with an
        // ordinary word the sheet lacks and no part to look in is about
        // something the sheet does not cover.
        if options.is_empty()
            && unknown.is_empty()
            && !a.strange_words.is_empty()
            && q_sectors.is_empty()
            && q_agencies.is_empty()
            && let Some(sc) = scored
                .iter()
                .find(|s| s.intent.needs() == Needs::Sector && s.weight >= 2.5)
            && !self.answers_by_search(toks, res)
        {
            return Some(Decision {
                confidence: 0.5,
                ..Decision::new(
                    Intent::Unknown,
                    format!("{} (a word the sheet lacks)", sc.origin),
                )
            });
        }
        if let Some(((mut intent, w, mut sectors, agencies, count), origin)) =
            options.first().cloned()
        {
            let runner_up = options
                .iter()
                .find(|o| o.0.0 != intent)
                .filter(|o| (w - o.0.1) / w < self.settings.min_margin)
                .map(|o| o.0.0);
            // "Hva er OPS Landbruk?": a generic question about an entity
            // with a word only a few paragraphs of its sector have is
            // better answered by those paragraphs.
            // The classifier picked an intent, but the question's topic
            // word is not where that intent answers from ("Spørsmål: hva er
            // Stimulab?" is not a request for help; "Hva er OPS Landbruk?"
            // is not about LMD's responsibilities): search answers.
            // A rule that agrees with the classifier keeps its intent.
            let learned = origin.starts_with("classifier")
                && intent != Intent::CrossSector
                && !a
                    .rules
                    .iter()
                    .any(|r| r.intent == intent && r.weight >= self.settings.decent_rule)
                && !self.topic_in_section(toks, res, intent, &sectors);
            if matches!(intent, Intent::SectorOverview | Intent::AgencyInfo) || learned {
                let scope = if sectors.is_empty() {
                    self.owner_sectors(&agencies)
                } else {
                    sectors.clone()
                };
                let loose: Vec<Token> = self
                    .loose_words(toks, res)
                    .into_iter()
                    .filter(|t| !self.is_question_language(&t.stem, intent))
                    .collect();
                if self.prefer_search(&loose, &scope) {
                    intent = Intent::Search;
                    sectors = scope;
                }
            }
            // "Hvem eier de regionale nettverkene?" in a chat about KS: a
            // topic asked of no part, which the chat's part has in full, is
            // that part's, not a question across the sheet.
            if intent == Intent::CrossSector
                && forced.is_none()
                && q_sectors.is_empty()
                && q_agencies.is_empty()
                && !a.rules.iter().any(|r| r.intent == Intent::CrossSector)
            {
                let here = if me.is_empty() || !ctx.sectors.is_empty() {
                    self.context_sectors(ctx)
                } else {
                    me.sectors.clone()
                };
                let loose: Vec<Token> = self
                    .loose_words(toks, res)
                    .into_iter()
                    .filter(|t| !self.is_question_language(&t.stem, Intent::AgencyOwner))
                    .collect();
                if !here.is_empty()
                    && !loose.is_empty()
                    && self.search_covers(&loose, &here, self.settings.full_coverage)
                {
                    intent = Intent::Search;
                    sectors = here;
                }
            }
            // "Hvem har ansvar for driften av nettene til Statnett?" with an
            // agency the sheet has: the owner asked of topic words before
            // the agency's name asks who does that, which a paragraph of
            // its part says; the name alone right after the verb, or with
            // the words after it ("…, som driver med …"), is the owner.
            if intent == Intent::AgencyOwner
                && forced.is_none()
                && q_sectors.is_empty()
                && let Some(at) = a
                    .resolution
                    .mentions
                    .iter()
                    .filter(|m| matches!(m.entity, crate::resolve::Entity::Agency(_)))
                    .filter_map(|m| toks.get(m.tokens.0).map(|t| t.span.0))
                    .min()
            {
                let before: Vec<Token> = self
                    .loose_words(toks, res)
                    .into_iter()
                    .filter(|t| {
                        t.span.0 < at && !self.is_question_language(&t.stem, Intent::AgencyOwner)
                    })
                    .collect();
                let owners = self.owner_sectors(&agencies);
                if before.len() >= 2 && self.good_search(&before, &owners) {
                    intent = Intent::Search;
                    sectors = owners;
                }
            }
            // "Kva tilskotsordning finst for kommunar som innfører
            // helseteknologi?": a part named by a word that another part's
            // section of the kind asked has with the rest of the question,
            // where the part named has none of the rest: the word is part
            // of the topic there, not the question's subject.
            if forced.is_none()
                && let [sector] = sectors[..]
                && q_sectors == [sector]
                && q_agencies.is_empty()
                && let Some(kind) = intent.section().filter(|k| {
                    !matches!(
                        k,
                        SectionKind::Agencies | SectionKind::Responsibility | SectionKind::Intro
                    )
                })
                && let Some(other) = self.named_as_topic(kind, intent, toks, res, sector)
            {
                sectors = vec![other];
            }
            // "Hvem deltar i Medietilsynets gruppe for trygg oppvekst?": a
            // part named only by a word of its field ("oppvekst"), beside an
            // agency of another part whose text has that word: the agency's
            // part is asked, and the word is its topic there.
            if forced.is_none()
                && let [sector] = sectors[..]
                && q_sectors == [sector]
                && intent.section().is_some()
                && let Some(owners) = self.field_word_of_agency(toks, res, &q_agencies, sector)
            {
                sectors = owners;
            }
            // "Hva er den nye tilskuddsportalen til KDD?": a rule read
            // "tilskudd" as funding, but the question's topic word is only
            // in the part's measures. The section that has the topic
            // answers, when the one the rule chose has none of it.
            if forced.is_none()
                && let [sector] = sectors[..]
                && let Some(kind) = self.section_with_topic(a, intent, sector)
                && let Some(better) = Intent::for_section(kind)
            {
                intent = better;
            }
            let runner_up = runner_up.filter(|_| intent != Intent::Search);
            let mut confidence = (w / 3.0).min(1.0) * quality;
            if runner_up.is_some() {
                confidence = confidence.min(self.settings.min_confidence - 0.01);
            }
            // "er det LMD eller KDD?": two asked, neither is "yes" or "no".
            let asked_sector = if intent == Intent::AgencyOwner && q_sectors.len() >= 2 {
                None
            } else if intent == Intent::AgencyOwner {
                q_sectors.first().copied().or_else(|| {
                    // "Er Kystverket en av oss?": asked against the user's own.
                    (use_me && !q_agencies.is_empty() && me.agency != q_agencies.first().copied())
                        .then(|| me.sectors.first().copied())
                        .flatten()
                })
            } else {
                None
            };
            // "Is the Meteorological Institute under KD? They use Sikt, so I
            // assumed so": the check is of the agencies named before the
            // ministry asked about; one named after it is a remark.
            let agencies = match asked_sector.and_then(|s| {
                a.resolution
                    .mentions
                    .iter()
                    .find(|m| m.entity == crate::resolve::Entity::Sector(s))
                    .map(|m| m.tokens.0)
            }) {
                Some(at) if agencies.len() > 1 => {
                    let before: Vec<usize> = agencies
                        .iter()
                        .copied()
                        .filter(|&x| {
                            a.resolution.mentions.iter().any(|m| {
                                m.entity == crate::resolve::Entity::Agency(x) && m.tokens.0 < at
                            })
                        })
                        .collect();
                    if before.is_empty() { agencies } else { before }
                }
                _ => agencies,
            };
            let uses_context = agencies.iter().all(|x| !q_agencies.contains(x))
                && sectors.iter().all(|x| !q_sectors.contains(x))
                && !(agencies.is_empty() && sectors.is_empty());
            let stage = if uses_context {
                format!("{origin} + {from}")
            } else {
                origin.to_owned()
            };
            let compared = intent.section().is_some()
                && q_sectors.len() >= 2
                && sectors.len() >= 2
                && a.rules.iter().any(|r| {
                    r.intent == Intent::CrossSector && r.weight >= self.settings.decent_rule
                });
            return Some(Decision {
                intent,
                sectors,
                agencies,
                asked_sector,
                count,
                confidence,
                runner_up,
                unknown_names: Vec::new(),
                search_without: Vec::new(),
                stage,
                compared,
            });
        }
        // No rule: entities alone.
        let loose = self.loose_words(toks, res);
        if q_agencies.is_empty()
            && q_sectors.is_empty()
            && !unknown.is_empty()
            && followup
            && !use_me
        {
            // "og Statnett?": a follow-up about a name the sheet lacks.
            if let Some(intent) = ctx.intent {
                return Some(Decision::not_found(intent, unknown, "context"));
            }
        }
        let short = loose.is_empty() || followup;
        if !q_agencies.is_empty() {
            let owners = self.owner_sectors(&q_agencies);
            let intent = match ctx.intent {
                _ if a.topic_of => Intent::Search,
                // "Mattilsynet – LMD eller HOD?", "is Norsk helsenett a HOD
                // thing?": an agency and a part, and nothing asked, check
                // the owner.
                _ if !q_sectors.is_empty() && !self.has_topic_word(&loose) => Intent::AgencyOwner,
                Some(i) if short && i.needs() == Needs::Agency => i,
                Some(i) if short && i.section().is_some() && i != Intent::Responsibility => i,
                _ if self.prefer_search(&loose, &owners) => Intent::Search,
                _ => Intent::AgencyInfo,
            };
            if intent == Intent::AgencyOwner && !q_sectors.is_empty() {
                return Some(Decision {
                    agencies: q_agencies,
                    asked_sector: (q_sectors.len() == 1).then(|| q_sectors[0]),
                    confidence: 0.8 * quality,
                    ..Decision::new(intent, "name alone (an agency and a part)")
                });
            }
            let sectors = if intent.needs() == Needs::Sector || intent == Intent::Search {
                owners
            } else {
                Vec::new()
            };
            return Some(Decision {
                sectors,
                agencies: q_agencies,
                confidence: 0.8 * quality,
                ..Decision::new(intent, "name alone")
            });
        }
        // "tilbake til oss": the user's own sectors stand in for a name.
        let (q_sectors, stage) = if q_sectors.is_empty() && use_me {
            (me.sectors.clone(), "self")
        } else {
            (q_sectors, "name alone")
        };
        if !q_sectors.is_empty() {
            let intent = match ctx.intent {
                _ if a.topic_of => Intent::Search,
                Some(i) if short && i.needs() == Needs::Sector => i,
                Some(Intent::AgencyOwner | Intent::AgencyInfo) if short => Intent::SectorAgencies,
                _ => {
                    if self.prefer_search(&loose, &q_sectors) {
                        Intent::Search
                    } else if stage != "self"
                        && self.mostly_lacked(a, &loose)
                        && self.introduced(a).is_none()
                        && field_words(toks, res, &q_sectors).len()
                            == sector_name_tokens(res, |_| true)
                    {
                        // "Kan du anbefale en mat-oppskrift med laks?": a
                        // part named only by a word of its field ("mat"),
                        // beside words the sheet lacks, is about
                        // something the sheet does not cover.
                        return Some(Decision {
                            confidence: 0.5,
                            ..Decision::new(
                                Intent::Unknown,
                                "name alone (a field word beside words the sheet lacks)",
                            )
                        });
                    } else if let Some(agency) = me.agency.filter(|&ag| {
                        stage == "self"
                            && self.agency_docs()[ag]
                                .iter()
                                .any(|&d| loose.iter().any(|t| self.search.has_word(d, t)))
                    }) {
                        // "Where do we get our IT services from?" at
                        // Meteorologisk institutt: what the sheet says
                        // about the user's own agency, where it says it
                        // with the question's words.
                        return Some(Decision {
                            agencies: vec![agency],
                            confidence: 0.8 * quality,
                            ..Decision::new(Intent::AgencyInfo, stage)
                        });
                    } else {
                        Intent::SectorOverview
                    }
                }
            };
            return Some(Decision {
                sectors: q_sectors,
                confidence: 0.8 * quality,
                ..Decision::new(intent, stage)
            });
        }
        None
    }

    /// The part where a question of a kind the sheet seldom answers (a
    /// date, a sum) is answered after all: one paragraph has every one of
    /// its words the sheet has (an informative one among them, or more than
    /// the verb beside an agency's name), each name it gives, and a year or
    /// a sum in kroner; or, when `by` has words, one of them.
    fn sheet_states_it(&self, a: &Analysis, by: &[String]) -> Option<usize> {
        // The sheet's words of the question, in the sheet's spelling
        // ("Viderebruksutvalet" is "Viderebruksutvalget"); "set up" of "When
        // was Viderebruksutvalget set up?" is in no paragraph.
        let loose: Vec<Token> = self
            .loose_words(&a.tokens, &a.resolution)
            .into_iter()
            // The verb that states it is looked for on its own ("leder" of
            // "Hvem leder KS?" says nothing about what is led).
            .filter(|t| !states_with(by, t))
            .filter_map(|mut t| {
                if self.search.has_stem(&t.stem) {
                    return Some(t);
                }
                let (surface, stem) = self.search.sheet_spelling(&t.surface)?;
                (t.surface, t.stem) = (surface, stem);
                Some(t)
            })
            .collect();
        // A topic word says what the date is of; so does an agency's name
        // with more words than the verb ("Når ble Statens graderte
        // plattformtjenester etablert som egen etat?"), not the name alone
        // ("Når ble NVE opprettet?" is not answered by a paragraph where NVE
        // set something up in 2024).
        if !self.has_topic_word(&loose) && (a.resolution.agencies().is_empty() || loose.len() < 2) {
            return None;
        }
        // Among the paragraphs with every word, one that names what the
        // question names: a synonym or a common word can put another first.
        let hits = self.search.search(&loose, None, 5).ok()?;
        let (agency_docs, sector_docs) = self.mention_docs();
        hits.iter().find(|h| {
            let d = &self.search.docs[h.doc];
            h.coverage >= 0.999
                // and the sheet's own words whole, not a compound's head
                // ("Digitaliseringsrådet" is not "digitalisering").
                && loose
                    .iter()
                    .filter(|t| self.search.has_stem(&t.stem))
                    .all(|t| self.search.has_word(h.doc, t))
                // and what the question names ("Hvor mange ansatte har
                // Skatteetaten?" is not answered by another agency's staff).
                && a.resolution.agencies().iter().all(|&ag| agency_docs[ag].contains(&h.doc))
                && a.resolution.sectors().iter().all(|&si| d.sector == si || sector_docs[si].contains(&h.doc))
                && states(&self.knowledge.sectors[d.sector].sections[d.section].blocks[d.block].text, by)
        })
        .map(|h| self.search.docs[h.doc].sector)
    }

    /// "hvilket operativsystem bruker Forsvaret på PC-ene sine?": about an
    /// agency, but about a thing the sheet never names (a long word the bot
    /// does not know, in a Norwegian question; an English one's words are
    /// never the sheet's): the sheet does not say, rather than what it says
    /// of the agency.
    pub(super) fn unless_unknown_topic(&self, d: Decision, a: &Analysis) -> Decision {
        if d.intent == Intent::AgencyInfo
            && a.command.is_none()
            && a.lang != crate::lang::Lang::En
            && a.best_rule() < self.settings.strong_rule
            && a.unknown_words.iter().any(|w| w.chars().count() >= 8)
        {
            return Decision::new(
                Intent::Unknown,
                format!("{} (about a thing the sheet does not name)", d.stage),
            );
        }
        d
    }

    /// `true` when the loose words hold an informative one and search in
    /// `sectors` (all when empty) finds them.
    pub(super) fn prefer_search(&self, loose: &[Token], sectors: &[usize]) -> bool {
        self.has_topic_word(loose) && self.good_search(loose, sectors)
    }

    /// `true` when at least half of the question's own words (not those
    /// questions are asked with) are words the sheet lacks: names it does
    /// not have, or (in Norwegian) ordinary words of the language it never
    /// uses ("oppskrift", "laks"); two of them, or one where the
    /// classifier reads the question as one the sheet cannot answer.
    fn mostly_lacked(&self, a: &Analysis, loose: &[Token]) -> bool {
        let own: Vec<&Token> = loose
            .iter()
            .filter(|t| !self.is_question_language_anywhere(&t.stem))
            .collect();
        let lacked = own
            .iter()
            .filter(|t| {
                a.unknown_words.contains(&t.surface)
                    || a.lang != crate::lang::Lang::En && a.strange_words.contains(&t.surface)
            })
            .count();
        let unknown_first = a
            .classifier
            .as_ref()
            .is_some_and(|p| p.label == Intent::Unknown.id());
        (lacked >= 2 || lacked >= 1 && unknown_first) && lacked * 2 >= own.len()
    }

    /// `true` when the question has a word that only a few paragraphs
    /// have, and search finds it: then search answers better than asking
    /// which sector was meant ("Hvordan finansieres Stimulab?").
    pub(super) fn answers_by_search(
        &self,
        toks: &[Token],
        res: &crate::resolve::Resolution,
    ) -> bool {
        let loose = self.loose_words(toks, res);
        self.has_topic_word(&loose) && self.good_search(&loose, &[])
    }

    /// The question's topic words for `intent`: loose words that few
    /// paragraphs have and that are neither rule keywords nor the language
    /// `intent` is asked in.
    pub(in crate::engine) fn topic_words_for(
        &self,
        toks: &[Token],
        res: &crate::resolve::Resolution,
        intent: Intent,
    ) -> Vec<Token> {
        self.loose_words(toks, res)
            .into_iter()
            .filter(|t| {
                !self.rules.is_keyword(&t.stem)
                    && self.search.is_informative(&t.stem)
                    && !self.is_question_language(&t.stem, intent)
            })
            .collect()
    }

    /// `true` when, in `sectors` (the chat's), the section a rule of the
    /// question asks for covers the question's topic words.
    fn topic_in_context_section(&self, a: &Analysis, sectors: &[usize]) -> bool {
        if sectors.is_empty() {
            return false;
        }
        let ids = self.sector_ids(sectors);
        // Each rule's section with its topic words; one search per
        // different set of topic words (most rules share one).
        let mut asked: Vec<(Vec<Token>, Vec<SectionKind>)> = Vec::new();
        for r in &a.rules {
            let Some(kind) = r.intent.section().filter(|k| *k != SectionKind::Agencies) else {
                continue;
            };
            let topic = self.topic_words_for(&a.tokens, &a.resolution, r.intent);
            if topic.is_empty() {
                continue;
            }
            match asked.iter_mut().find(|(t, _)| *t == topic) {
                Some((_, kinds)) => kinds.push(kind),
                None => asked.push((topic, vec![kind])),
            }
        }
        asked.iter().any(|(topic, kinds)| {
            self.search
                .search(topic, Some(&ids), 20)
                .unwrap_or_default()
                .iter()
                .any(|h| {
                    h.coverage >= self.settings.min_coverage
                        && kinds.contains(&self.search.docs[h.doc].kind)
                })
        })
    }

    /// `true` when the section `intent` answers from, in `sectors`, has
    /// one of the question's topic words (or the question has none).
    fn topic_in_section(
        &self,
        toks: &[Token],
        res: &crate::resolve::Resolution,
        intent: Intent,
        sectors: &[usize],
    ) -> bool {
        let topic = self.topic_words_for(toks, res, intent);
        if topic.is_empty() {
            return true;
        }
        let Some(kind) = intent.section() else {
            return false;
        };
        let ids = self.sector_ids(sectors);
        self.search
            .search(&topic, (!ids.is_empty()).then_some(&ids[..]), 20)
            .unwrap_or_default()
            .iter()
            .any(|h| h.coverage > 0.0 && self.search.docs[h.doc].kind == kind)
    }

    /// Another described section of `sector` that has the question's
    /// topic words when the section `intent` answers from has none of
    /// them: the best hit's section, when it covers at least half of the
    /// topic.
    fn section_with_topic(
        &self,
        a: &Analysis,
        intent: Intent,
        sector: usize,
    ) -> Option<SectionKind> {
        let (toks, res) = (&a.tokens, &a.resolution);
        let described = |k: SectionKind| super::answer::section::DESCRIBED.contains(&k);
        let kind = intent.section().filter(|k| described(*k))?;
        // A part without that section says so, and what it has instead;
        // a question asked in that section's own words ("hvilke tiltak",
        // "planer") asks for it; a strong rule ("hvem tar regninga")
        // decides.
        if !self.knowledge.sectors[sector].has(kind)
            || a.rules
                .iter()
                .any(|r| r.intent == intent && r.weight >= self.settings.strong_rule)
            || a.folded
                .split_whitespace()
                .filter(|w| !self.rules.stopwords.contains(*w))
                .any(|w| self.is_question_language(&crate::text::stem(w), intent))
        {
            return None;
        }
        let topic: Vec<Token> = self
            .topic_words_for(toks, res, intent)
            .into_iter()
            .filter(|t| !self.is_question_language_anywhere(&t.stem))
            .collect();
        if topic.is_empty() {
            return None;
        }
        let id = [self.knowledge.sectors[sector].id.clone()];
        let hits = self.search.search(&topic, Some(&id[..]), 20).ok()?;
        if hits
            .iter()
            .any(|h| h.coverage > 0.0 && self.search.docs[h.doc].kind == kind)
        {
            return None;
        }
        let best = hits.iter().find(|h| h.coverage > 0.0)?;
        let other = self.search.docs[best.doc].kind;
        (described(other) && best.coverage >= 0.5).then_some(other)
    }

    /// `true` for a stem that the examples of `intent` use: the language
    /// that intent is asked in, not what the question is about.
    fn is_question_language(&self, stem: &str, intent: Intent) -> bool {
        self.example_stems()
            .get(stem)
            .and_then(|by_label| by_label.get(intent.id()))
            .is_some_and(|&n| n >= self.settings.question_language_min)
    }

    /// `true` for a stem that the examples of some intent other than the
    /// cross-sector one use (those name topics on purpose).
    pub(super) fn is_question_language_anywhere(&self, stem: &str) -> bool {
        Intent::ALL
            .iter()
            .filter(|i| !matches!(i, Intent::CrossSector | Intent::Search | Intent::Unknown))
            .any(|&i| self.is_question_language(stem, i))
    }

    /// The one other part whose section of `kind` covers the question's
    /// topic when the words that named `sector` count as topic words, where
    /// `sector`'s section (of `intent`) and its whole part have none of
    /// the rest of the topic.
    fn named_as_topic(
        &self,
        kind: SectionKind,
        intent: Intent,
        toks: &[Token],
        res: &crate::resolve::Resolution,
        sector: usize,
    ) -> Option<usize> {
        let named = crate::resolve::Entity::Sector(sector);
        // Only a part named by a word of its field ("kommunene",
        // "oppvekst"), not as a sector or ministry ("the defence sector",
        // "ED"), and only with a topic word besides.
        if res.mentions.iter().filter(|m| m.entity == named).any(|m| {
            toks.get(m.tokens.0..m.tokens.1)
                .is_none_or(|span| span.iter().any(names_a_part))
        }) {
            return None;
        }
        let besides: Vec<Token> = self
            .loose_words(toks, res)
            .into_iter()
            .filter(|t| !self.is_question_language_anywhere(&t.stem))
            .collect();
        if !self.has_topic_word(&besides) {
            return None;
        }
        if self.topic_in_section(toks, res, intent, &[sector]) {
            return None;
        }
        // Nor where the part named has the rest anywhere ("helse" and
        // "omsorgstjenesten" are both the health part's).
        let id = [self.knowledge.sectors[sector].id.clone()];
        let rest = self.topic_words(toks, res);
        if self
            .search
            .search(&rest, Some(&id[..]), 1)
            .unwrap_or_default()
            .iter()
            .any(|h| h.coverage > 0.0)
        {
            return None;
        }
        let mut open = res.clone();
        for m in res.mentions.iter().filter(|m| m.entity == named) {
            for c in open.covered.iter_mut().take(m.tokens.1).skip(m.tokens.0) {
                *c = false;
            }
        }
        open.mentions.retain(|m| m.entity != named);
        self.sector_by_topic(kind, toks, &open)
            .filter(|&other| other != sector)
    }

    /// The parts of the agencies named, when the question names another
    /// part, `sector`, only by words of its field, and those words are in
    /// the agencies' parts too: there they are the topic, not a name.
    fn field_word_of_agency(
        &self,
        toks: &[Token],
        res: &crate::resolve::Resolution,
        agencies: &[usize],
        sector: usize,
    ) -> Option<Vec<usize>> {
        let owners = self.owner_sectors(agencies);
        if owners.is_empty() || owners.contains(&sector) {
            return None;
        }
        let words = field_words(toks, res, &[sector]);
        if words.is_empty() || words.len() != sector_name_tokens(res, |s| s == sector) {
            return None;
        }
        let ids = self.sector_ids(&owners);
        self.search
            .search(&words, Some(&ids[..]), 1)
            .unwrap_or_default()
            .iter()
            .any(|h| h.coverage >= 1.0)
            .then_some(owners)
    }

    /// Words after the first written with a capital ("Innovasjon Norge"),
    /// not ordinary words with a keyword, that no name covers and that the
    /// sheet never has one after the other, folded; `None` where there are
    /// none or the sheet has them ("Nasjonal transportplan").
    fn unlisted_name(
        &self,
        toks: &[Token],
        res: &crate::resolve::Resolution,
    ) -> Option<Vec<String>> {
        let free = |i: usize| !res.covered.get(i).copied().unwrap_or(false);
        let start = (1..toks.len()).find(|&i| {
            let t = &toks[i];
            free(i) && t.capital && !t.upper
        })?;
        let end = (start..toks.len())
            .take_while(|&i| free(i) && toks[i].capital)
            .last()?
            + 1;
        // Ordinary words with a keyword are a topic written with capitals
        // ("the Digital Strategy"), not a name ("Nasjonalt Datasenter").
        let run = &toks[start..end];
        if run.iter().any(|t| self.rules.is_keyword(&t.stem))
            && run
                .iter()
                .all(|t| self.in_vocabulary(&t.surface) || self.is_word(&t.surface))
        {
            return None;
        }
        let stems: Vec<String> = run.iter().map(|t| t.stem.clone()).collect();
        if self.search.has_phrase_anywhere(&stems) {
            return None;
        }
        Some(run.iter().map(|t| t.surface.clone()).collect())
    }

    /// `true` when a word is one only a few paragraphs have, and not one
    /// the rules look for ("finansieringen"): the question is about it
    /// ("Hva er Stimulab?").
    /// `true` when two words of the question, one right after the other,
    /// are so in only a few paragraphs ("Norge digitalt"): a thing of the
    /// sheet, though each word alone is common.
    fn has_topic_phrase(&self, loose: &[Token]) -> bool {
        loose.windows(2).any(|w| {
            // One right after the other in the question too.
            w[0].span.1 + 1 >= w[1].span.0
                && !self.rules.is_keyword(&w[0].stem)
                && !self.rules.is_keyword(&w[1].stem)
                && (1..=3).contains(&self.search.pair_df(&w[0].stem, &w[1].stem))
        })
    }

    fn has_topic_word(&self, loose: &[Token]) -> bool {
        loose.iter().any(|t| {
            !self.rules.is_keyword(&t.stem)
                && (self.search.is_informative(&t.stem) || self.heads_rare_compounds(t))
                && !self.search.misspells_common(&t.surface, &t.stem)
        })
    }

    /// `true` for a word the sheet has only as the head of compounds, each
    /// of them rare ("CERT" of "VegCERT" and "MiljøCERT"), and that is no
    /// misspelling of one of its words.
    fn heads_rare_compounds(&self, t: &Token) -> bool {
        // The typo lookups last: most words head no compound of the sheet.
        self.search.lacks(&t.stem)
            && {
                let compounds = self.search.compounds_ending_in(t);
                !compounds.is_empty() && compounds.iter().all(|c| self.search.is_informative(c))
            }
            && !self.search.is_misspelt_word(&t.surface)
            && !self.search.is_misspelt_word(&t.stem)
    }
}

/// `true` for a word that names a part as a sector or ministry ("the
/// defence sector", "ED"), not by a word of its field ("jernbane",
/// "kommunene").
pub(super) fn names_a_part(t: &Token) -> bool {
    t.upper
        || [
            "sektor",
            "sector",
            "departement",
            "ministr",
            "omrad",
            "area",
        ]
        .iter()
        .any(|w| t.stem.contains(w))
}

/// The words of `toks` that name one of `sectors` by a word of its field
/// ("jernbane" of "hva sier NTP om jernbane?"): also what a search in
/// that part looks for.
pub(super) fn field_words(
    toks: &[Token],
    res: &crate::resolve::Resolution,
    sectors: &[usize],
) -> Vec<Token> {
    res.mentions
        .iter()
        .filter(|m| matches!(m.entity, crate::resolve::Entity::Sector(s) if sectors.contains(&s)))
        .filter_map(|m| toks.get(m.tokens.0..m.tokens.1))
        .filter(|span| !span.iter().any(names_a_part))
        .flatten()
        .cloned()
        .collect()
}

/// How many of the question's tokens name a part (of those `which`
/// keeps), by any of its names.
fn sector_name_tokens(res: &crate::resolve::Resolution, which: impl Fn(usize) -> bool) -> usize {
    res.mentions
        .iter()
        .filter(|m| matches!(m.entity, crate::resolve::Entity::Sector(s) if which(s)))
        .map(|m| m.tokens.1 - m.tokens.0)
        .sum()
}

/// `true` when the question's word `t` is one of the words `by` that
/// state an answer ("leder").
pub(super) fn states_with(by: &[String], t: &Token) -> bool {
    by.iter().any(|b| *b == t.surface || *b == t.stem)
}

/// `true` when `text` has one of the words `by` (folded), or, when `by`
/// is empty, gives a year ("I 2024", "(2023-2024)") or a sum in kroner
/// ("300 mill. kroner").
fn states(text: &str, by: &[String]) -> bool {
    if !by.is_empty() {
        let folded = crate::text::fold(text);
        return folded
            .split(' ')
            .any(|w| by.iter().any(|b| w == b.as_str()));
    }
    let year = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    year || (text.contains("kroner") && text.chars().any(|c| c.is_ascii_digit()))
}
