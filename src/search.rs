//! Full-text search over every paragraph and list item of the sheet.
//!
//! A tantivy index in memory, built once with the engine. Its tokenizer is
//! the bot's own analysis ([`crate::text::tokens`]: folding, compound
//! splitting, Norwegian Snowball stems), so the index and the entity
//! resolver agree on what a word is.
//!
//! User text is never given to tantivy's query parser: the question is
//! analysed into words and each becomes a term (and, for a word the sheet
//! does not have, a fuzzy term within the typo budget). Quotes, colons,
//! brackets, operators and wildcards are therefore only word boundaries.
//!
//! BM25 ranks; a hit must also cover enough of the question's content
//! words ([`Hit::coverage`]) before the engine will answer from it, which is
//! what separates a search answer from "I don't know".

use std::sync::Arc;

use levenshtein_automata::LevenshteinAutomatonBuilder;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AutomatonWeight, BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery, Weight,
};

/// Most words of a search without the sheet's spelling that get prefix and
/// fuzzy terms.
const MAX_FUZZY_WORDS: usize = 4;
use tantivy::directory::RamDirectory;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token as TvToken, TokenStream, Tokenizer, TokenizerManager};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::knowledge::{Knowledge, SectionKind};
use crate::text::{Token, tokens_all, typo_budget};
use crate::{FastMap, FastSet};

const TOKENIZER: &str = "faktabot";

/// The index writer's memory budget (it sizes the term table).
const WRITER_BUDGET: usize = 2_000_000;

/// The bot's analysis as a tantivy tokenizer: [`tokens_all`]'s stems. The bundled paragraphs'
/// tokens, analysed at build time, are given as they are (`known`, by
/// text) instead of analysed again when the index is made.
#[derive(Clone, Default)]
struct BotTokenizer {
    known: Arc<FastMap<Box<str>, Vec<crate::sheetwords::Word<'static>>>>,
}

struct VecStream {
    tokens: Vec<TvToken>,
    next: usize,
}

impl TokenStream for VecStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &TvToken {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut TvToken {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for BotTokenizer {
    type TokenStream<'a> = VecStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecStream {
        if let Some(words) = self.known.get(text) {
            let tokens = words
                .iter()
                .enumerate()
                .map(|(position, ((from, to), _, stem))| TvToken {
                    offset_from: *from,
                    offset_to: *to,
                    position,
                    text: (*stem).to_owned(),
                    position_length: 1,
                })
                .collect();
            return VecStream { tokens, next: 0 };
        }
        let tokens = tokens_all(text)
            .into_iter()
            .enumerate()
            .map(|(i, t)| TvToken {
                offset_from: t.span.0,
                offset_to: t.span.1,
                position: i,
                text: t.stem,
                position_length: 1,
            })
            .collect();
        VecStream { tokens, next: 0 }
    }
}

/// One searchable paragraph or item.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Sector index.
    pub sector: usize,
    /// Section index within the sector.
    pub section: usize,
    /// What the section covers (its first kind).
    pub kind: SectionKind,
    /// Block index within the section.
    pub block: usize,
    /// Stems of the text.
    pub stems: FastSet<String>,
}

/// A search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index in [`SearchIndex::docs`].
    pub doc: usize,
    /// BM25 score.
    pub score: f32,
    /// Share of the question's content words the paragraph has (0..1),
    /// each word weighted by its [`SearchIndex::idf`].
    pub coverage: f32,
}

/// A search error (tantivy failed; the engine answers "unknown" then).
#[derive(Debug, Clone, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

/// The tantivy side of the index, opened or built on the first search.
struct Tantivy {
    index: Index,
    reader: IndexReader,
    text: Field,
    sector: Field,
}

/// The index.
pub struct SearchIndex {
    /// Built on first use: most questions are answered without it.
    tantivy: std::sync::OnceLock<Result<Tantivy, SearchError>>,
    /// Each document's text and sector id, for building it.
    sources: Vec<(String, String)>,
    /// The paragraphs are the bundled sheet's, with its build-time words
    /// (so the index written ahead of time may be theirs).
    bundled_words: bool,
    /// Documents in index order.
    pub docs: Vec<Doc>,
    vocabulary: FastSet<String>,
    /// The sheet's words as written (folded), with their stems: a short
    /// word's stem is not always the end of its compounds' stems ("cert"
    /// stays, "vegcert" → "vegcer").
    surfaces: FastMap<String, String>,
    /// Number of documents each stem occurs in.
    df: FastMap<String, usize>,
    /// Each document's words in order (byte range, lower-case stem), kept
    /// from indexing for snippets: tantivy's snippet generator tokenises
    /// the paragraph again on every call.
    words: Vec<Vec<SnippetWord>>,
    /// The stems and the written words, reversed and sorted, for finding
    /// the words that end in a given one; made on first use.
    endings: std::sync::OnceLock<Endings>,
    /// The written words, for finding one misspelt by a letter; made on
    /// first use.
    typos: std::sync::OnceLock<crate::typo::Lexicon>,
    /// The Levenshtein automata made so far (see [`Automata`]).
    automata: Automata,
    /// One-word synonyms by stem ("opprett" → "etabler"): a paragraph with
    /// either word has it (see [`SearchIndex::with_synonyms`]).
    synonyms: FastMap<String, Vec<String>>,
    /// Every word's key in `words` is in `vocabulary` (the stems are lower
    /// case), so a word not in it is in no paragraph; checked on first
    /// need.
    keys_in_vocabulary: std::sync::OnceLock<bool>,
    /// How many paragraphs have each pair of words one after the other
    /// (by the pair's hash), made on first need.
    pairs: std::sync::OnceLock<crate::FastMap<u64, u32>>,
}

/// A word of a document as a snippet sees it.
#[derive(Debug, Clone)]
struct SnippetWord {
    from: usize,
    to: usize,
    /// The stem, lower case (what tantivy's generator compares).
    key: Box<str>,
}

/// What covers a word of a question in a paragraph (see
/// [`SearchIndex::covers`]).
struct Wanted<'a> {
    stem: &'a str,
    /// Other stems of the sheet that cover it.
    covering: Vec<&'a str>,
    synonyms: &'a [String],
    /// The sheet's written words' compounds ending in it.
    compounds: &'a [String],
    /// Edits a spelling of it may be off by (0 for a word the sheet has).
    typo: usize,
    /// Its [`letters`].
    letters: u64,
}

/// The letters of a word as bits (a to z one each, every other character
/// one of the rest by its code).
fn letters(word: &str) -> u64 {
    word.chars().fold(0u64, |m, c| {
        let bit = if c.is_ascii_lowercase() {
            u32::from(c) - u32::from('a')
        } else {
            26 + u32::from(c) % 38
        };
        m | (1 << bit)
    })
}

/// `false` when two words' [`letters`] show they are more than `edits`
/// edits apart: each letter one has and the other lacks takes an edit
/// (a transposition none), so a pair this rejects `strsim::osa_distance`
/// would too, at a fraction of its cost (it allocates and fills a table
/// per pair, and most pairs a paragraph offers are far apart).
fn few_letters_apart(a: u64, b: u64, edits: usize) -> bool {
    (a & !b).count_ones() as usize <= edits && (b & !a).count_ones() as usize <= edits
}

/// Words reversed and sorted, each with what to give for it: the words
/// ending in a string are one range.
#[derive(Default)]
struct Endings {
    /// The vocabulary's stems, sorted: the stems beginning with a string
    /// are one range.
    forward: Vec<String>,
    /// The vocabulary's stems (reversed, the stem).
    stems: Vec<(String, String)>,
    /// The written words (reversed, the word's stem).
    surfaces: Vec<(String, String)>,
}

/// What in `list` stands for words that end in `end` and are at least
/// three bytes longer.
fn ending_in<'a>(list: &'a [(String, String)], end: &str) -> impl Iterator<Item = &'a String> {
    let key: String = end.chars().rev().collect();
    let from = list.partition_point(|(r, _)| r.as_str() < key.as_str());
    let min = end.len() + 3;
    list[from..]
        .iter()
        .take_while(move |(r, _)| r.starts_with(key.as_str()))
        .filter(move |(r, _)| r.len() >= min)
        .map(|(_, out)| out)
}

fn reversed_sorted<'a>(
    words: impl Iterator<Item = (&'a String, &'a String)>,
) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = words
        .map(|(w, out)| (w.chars().rev().collect(), out.clone()))
        .collect();
    v.sort_unstable();
    v
}

/// Shortest word whose compounds ending in it count as mentions of it:
/// "cert" is in "vegcert", but "eid" (owned, or eID) is not in "arbeid".
const MIN_COMPOUND_HEAD: usize = 4;

/// Shortest stem that counts as a compound part: "medfinansier" meets
/// "medfinansieringsordning", but "helse" does not meet "helsedata".
const MIN_COMPOUND_PART: usize = 7;

/// `true` when two stems are the same word or one is a compound built on
/// the other ("medfinansier" / "medfinansieringsordning").
/// ([`SearchIndex::covering`] finds them from the sorted vocabulary; a test
/// checks it against a scan with this.)
#[cfg(test)]
#[must_use]
fn related(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // The prefix test first: it fails at once for nearly every pair.
    long.starts_with(short) && short.chars().count() >= MIN_COMPOUND_PART
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs.len())
            .finish()
    }
}

/// The content words of a question: its tokens minus stop words, without
/// repeats.
#[must_use]
pub fn content_tokens(toks: &[Token], stopwords: &FastSet<String>) -> Vec<Token> {
    content_tokens_of(toks.iter(), stopwords)
}

/// [`content_tokens`] of some tokens: only the words kept are copied.
pub fn content_tokens_of<'a>(
    toks: impl Iterator<Item = &'a Token>,
    stopwords: &FastSet<String>,
) -> Vec<Token> {
    // The stems seen are borrowed, not copied; a set keeps a message of
    // hundreds of words linear.
    let mut seen: FastSet<&str> = FastSet::default();
    let mut out = Vec::new();
    for t in toks {
        if stopwords.contains(&t.surface)
            || stopwords.contains(&t.stem)
            || !seen.insert(t.stem.as_str())
        {
            continue;
        }
        out.push(t.clone());
    }
    out
}

/// The bundled sheet's words, analysed at build time ([`crate::sheetwords`]).
const SHEET_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sheet.words"));

/// The bundled sheet's tantivy index, written ahead of time by
/// `faktabot index` ([`crate::frozen`]).
static FROZEN_INDEX: &[u8] = include_bytes!("../knowledge/search-index.bin");

impl SearchIndex {
    /// Indexes every block of every section except the agency lists. The
    /// word statistics are made here; the tantivy index on the first
    /// search.
    pub fn build(knowledge: &Knowledge) -> Result<SearchIndex, SearchError> {
        let blocks: Vec<(usize, usize, usize, &str)> = knowledge
            .sectors
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                s.sections
                    .iter()
                    .enumerate()
                    .flat_map(move |(ci, section)| {
                        section
                            .blocks
                            .iter()
                            .enumerate()
                            .map(move |(bi, b)| (si, ci, bi, b.text.as_str()))
                    })
            })
            .collect();
        let texts: Vec<&str> = blocks.iter().map(|b| b.3).collect();
        // The bundled sheet's words were analysed at build time; any other
        // text is analysed here.
        let analysed: Vec<Vec<Token>>;
        let decoded = crate::sheetwords::decode(SHEET_WORDS, &texts);
        let bundled_words = decoded.is_some();
        let paragraph_words = match decoded {
            Some(words) => words,
            None => {
                analysed = texts.iter().map(|t| tokens_all(t)).collect();
                analysed
                    .iter()
                    .map(|toks| {
                        toks.iter()
                            .map(|t| (t.span, t.surface.as_str(), t.stem.as_str()))
                            .collect()
                    })
                    .collect()
            }
        };
        let mut docs = Vec::with_capacity(blocks.len());
        let mut sources = Vec::with_capacity(blocks.len());
        let mut vocabulary = FastSet::default();
        let mut surfaces: FastMap<String, String> = FastMap::default();
        let mut df: FastMap<String, usize> = FastMap::default();
        let mut words = Vec::with_capacity(blocks.len());
        for (&(si, ci, bi, text), toks) in blocks.iter().zip(&paragraph_words) {
            let s = &knowledge.sectors[si];
            let section = &s.sections[ci];
            for (_, surface, stem) in toks {
                if !surfaces.contains_key(*surface) {
                    surfaces.insert((*surface).to_owned(), (*stem).to_owned());
                }
            }
            words.push(
                toks.iter()
                    .map(|((from, to), _, stem)| SnippetWord {
                        from: *from,
                        to: *to,
                        key: stem.to_lowercase().into(),
                    })
                    .collect(),
            );
            let mut stems: FastSet<String> = FastSet::default();
            for (_, _, stem) in toks {
                if !stems.contains(*stem) {
                    stems.insert((*stem).to_owned());
                }
            }
            for st in &stems {
                match df.get_mut(st) {
                    Some(n) => *n += 1,
                    None => {
                        df.insert(st.clone(), 1);
                        vocabulary.insert(st.clone());
                    }
                }
            }
            sources.push((text.to_owned(), s.id.clone()));
            docs.push(Doc {
                sector: si,
                section: ci,
                kind: section.kinds[0],
                block: bi,
                stems,
            });
        }
        Ok(SearchIndex {
            tantivy: std::sync::OnceLock::new(),
            sources,
            bundled_words,
            docs,
            vocabulary,
            surfaces,
            df,
            words,
            endings: std::sync::OnceLock::new(),
            typos: std::sync::OnceLock::new(),
            automata: Automata::default(),
            synonyms: FastMap::default(),
            keys_in_vocabulary: std::sync::OnceLock::new(),
            pairs: std::sync::OnceLock::new(),
        })
    }

    /// The index where the words of each group stand for each other: a
    /// search for "opprettet" finds and is covered by "etablert". Groups
    /// are words (their stems are taken); names of more than one word are
    /// left out, since search matches words.
    #[must_use]
    pub fn with_synonyms(mut self, groups: &[Vec<Vec<Token>>]) -> SearchIndex {
        for group in groups {
            let stems: Vec<&str> = group
                .iter()
                .filter(|name| name.len() == 1)
                .map(|name| name[0].stem.as_str())
                .collect();
            for s in &stems {
                let others = self.synonyms.entry((*s).to_owned()).or_default();
                others.extend(stems.iter().filter(|o| *o != s).map(|o| (*o).to_owned()));
                others.sort_unstable();
                others.dedup();
            }
        }
        self
    }

    /// The tantivy index, on first use: the one written ahead of time
    /// when it is these paragraphs' ([`crate::frozen`]), else built.
    fn tantivy(&self) -> Result<&Tantivy, SearchError> {
        self.tantivy
            .get_or_init(|| {
                self.frozen()
                    .ok_or(())
                    .or_else(|()| Self::index_sources(&self.sources, RamDirectory::create()))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The fingerprint of what these paragraphs' index is made from
    /// ([`crate::frozen::fingerprint`]); `None` for paragraphs other than
    /// the bundled sheet's.
    fn fingerprint(&self) -> Option<u64> {
        self.bundled_words
            .then(|| crate::frozen::fingerprint(SHEET_WORDS, &self.sources))
    }

    /// The index written ahead of time, when it is these paragraphs'.
    fn frozen(&self) -> Option<Tantivy> {
        let dir = crate::frozen::Frozen::decode(FROZEN_INDEX, self.fingerprint()?)?;
        let index = Index::open(dir).ok()?;
        index
            .tokenizers()
            .register(TOKENIZER, BotTokenizer::default());
        let schema = index.schema();
        let (text, sector) = (
            schema.get_field("text").ok()?,
            schema.get_field("sector").ok()?,
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .ok()?;
        Some(Tantivy {
            index,
            reader,
            text,
            sector,
        })
    }

    /// `true` when searches use the index written ahead of time (the
    /// bundled sheet, and `knowledge/search-index.bin` made from it).
    #[must_use]
    pub fn uses_frozen_index(&self) -> bool {
        self.fingerprint()
            .and_then(|f| crate::frozen::Frozen::decode(FROZEN_INDEX, f))
            .is_some()
    }

    /// These paragraphs' index built in memory, as the bytes of
    /// `knowledge/search-index.bin` ([`crate::frozen::encode`]).
    ///
    /// # Errors
    /// When the paragraphs are not the bundled sheet's (their index is
    /// always built at the first search), or tantivy fails.
    pub fn frozen_bytes(&self) -> Result<Vec<u8>, SearchError> {
        let fingerprint = self.fingerprint().ok_or_else(|| {
            SearchError("only the bundled sheet's index is written ahead of time".to_owned())
        })?;
        let ram = RamDirectory::create();
        let tv = Self::index_sources(&self.sources, ram.clone())?;
        // The files as written (footers and all), from the directory under
        // tantivy's managed one.
        use tantivy::directory::Directory as _;
        let mut names = tv.index.directory().list_managed_files();
        names.insert(std::path::PathBuf::from("meta.json"));
        let mut files = std::collections::BTreeMap::new();
        for name in names {
            let data = ram
                .atomic_read(&name)
                .map_err(|e| SearchError(e.to_string()))?;
            files.insert(name, data);
        }
        Ok(crate::frozen::encode(fingerprint, &files))
    }

    fn index_sources(
        sources: &[(String, String)],
        dir: RamDirectory,
    ) -> Result<Tantivy, SearchError> {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        // Not stored: answers take a paragraph's text from the knowledge.
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let sector = schema.add_text_field("sector", STRING);
        let doc_id = schema.add_u64_field("doc", FAST | STORED);
        let tokenizers = TokenizerManager::default();
        let texts: Vec<&str> = sources.iter().map(|(t, _)| t.as_str()).collect();
        let known: FastMap<Box<str>, Vec<crate::sheetwords::Word<'static>>> =
            crate::sheetwords::decode(SHEET_WORDS, &texts)
                .map(|words| texts.iter().map(|t| Box::from(*t)).zip(words).collect())
                .unwrap_or_default();
        tokenizers.register(
            TOKENIZER,
            BotTokenizer {
                known: Arc::new(known),
            },
        );
        // One segment, written on this thread: the sheet is a few thousand
        // paragraphs, and a writer's default budget (15 MB, one indexing
        // thread) sized its term table for millions of words.
        let mut writer = Index::builder()
            .schema(schema.build())
            .tokenizers(tokenizers)
            .single_segment_index_writer::<TantivyDocument>(dir, WRITER_BUDGET)?;
        for (i, (body, sector_id)) in sources.iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(text, body);
            d.add_text(sector, sector_id);
            d.add_u64(doc_id, i as u64);
            writer.add_document(d)?;
        }
        let index = writer.finalize()?;
        // The paragraphs' tokens are not needed once they are indexed.
        index
            .tokenizers()
            .register(TOKENIZER, BotTokenizer::default());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Tantivy {
            index,
            reader,
            text,
            sector,
        })
    }

    /// The stems of every paragraph.
    #[must_use]
    pub fn vocabulary(&self) -> &FastSet<String> {
        &self.vocabulary
    }

    /// `true` when some paragraph has this stem.
    #[must_use]
    pub fn has_stem(&self, stem: &str) -> bool {
        self.vocabulary.contains(stem)
    }

    /// `true` when no paragraph has `stem` itself.
    #[must_use]
    pub fn lacks(&self, stem: &str) -> bool {
        !self.df.contains_key(stem)
    }

    /// `true` when the word occurs in few paragraphs (five or fewer), or
    /// is a compound of such a word: a word that can carry an answer.
    #[must_use]
    pub fn is_informative(&self, stem: &str) -> bool {
        let df = self.df.get(stem).copied().unwrap_or(0);
        if df > 0 {
            return df <= 5;
        }
        self.compound_parts(stem)
            .iter()
            .any(|p| self.df.get(p).copied().unwrap_or(0) <= 5)
    }

    /// Words of the sheet that `stem` begins with (compound heads).
    fn compound_parts(&self, stem: &str) -> Vec<String> {
        stem.char_indices()
            .map(|(i, _)| &stem[..i])
            .filter(|p| p.chars().count() >= MIN_COMPOUND_PART && self.vocabulary.contains(*p))
            .map(str::to_owned)
            .collect()
    }

    /// Words of the sheet that end with `stem` ("cert" → "vegcert",
    /// "miljocert"; "rad" → "digitaliseringsrad"): the question's word as
    /// the head of the sheet's compounds. Only for stems of three letters
    /// or more, and words at least three letters longer.
    #[must_use]
    pub fn compounds_ending_in(&self, t: &Token) -> Vec<String> {
        let stem = t.stem.as_str();
        if stem.chars().count() < MIN_COMPOUND_HEAD {
            return Vec::new();
        }
        let endings = self.endings();
        let mut out: Vec<String> = ending_in(&endings.stems, stem)
            .chain(ending_in(&endings.surfaces, &t.surface))
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out.truncate(16);
        out
    }

    /// Inverse document frequency of a stem: rare words weigh more when
    /// measuring how much of a question a paragraph covers. A word the
    /// sheet lacks weighs as much as its rarest word.
    #[must_use]
    pub fn idf(&self, stem: &str) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let n = self.docs.len() as f32;
        #[allow(clippy::cast_precision_loss)]
        let df = self.df.get(stem).copied().unwrap_or(1).max(1) as f32;
        (1.0 + n / df).ln()
    }

    /// Whether paragraph `doc` has the word itself: its stem, a compound
    /// built on it, or a synonym; not only the head of a compound the
    /// question gives ("Digitaliseringsrådet" is not in a paragraph that
    /// has only "digitalisering").
    #[must_use]
    pub fn has_word(&self, doc: usize, t: &Token) -> bool {
        let stems = &self.docs[doc].stems;
        stems.iter().any(|s| s.starts_with(t.stem.as_str()))
            || self
                .synonyms
                .get(&t.stem)
                .is_some_and(|others| others.iter().any(|o| stems.contains(o)))
    }

    /// The sorted and reversed vocabulary, made on first use.
    fn endings(&self) -> &Endings {
        self.endings.get_or_init(|| {
            let mut forward: Vec<String> = self.vocabulary.iter().cloned().collect();
            forward.sort_unstable();
            Endings {
                forward,
                stems: reversed_sorted(self.vocabulary.iter().map(|v| (v, v))),
                surfaces: reversed_sorted(self.surfaces.iter()),
            }
        })
    }

    /// The sheet's stems other than `t`'s own that a paragraph covers `t`
    /// with: a related form ([`related`]) and a compound ending in it.
    /// Found once per word from the sorted vocabulary (every paragraph's
    /// stems are in it), so that [`SearchIndex::covers`] looks each up in
    /// a paragraph instead of comparing the paragraph's every stem with the
    /// word (two scans of each hit's stems per word, ~1.9 M instructions
    /// for a long cross-sector question asked again).
    fn covering(&self, t: &Token) -> Vec<&str> {
        let stem = t.stem.as_str();
        let chars = stem.chars().count();
        // A word the sheet has is not covered by a common head of it:
        // "digitalisering" (in nearly every paragraph) does not cover
        // "digitaliseringsrådet"; a rare one does ("medfinansiering" of
        // "medfinansieringsordningen"), and so does any head of a word the
        // sheet lacks ("helse" of "helsedata").
        let known = self.vocabulary.contains(stem);
        let head_of_it = |s: &str| {
            // `s` heads `t` as a compound does: the rest (after a linking
            // "s" or "e") is a word of the sheet, and `s` is a rare one.
            let rest = &stem[s.len()..];
            let rest = rest
                .strip_prefix('s')
                .or_else(|| rest.strip_prefix('e'))
                .filter(|r| self.vocabulary.contains(*r))
                .unwrap_or(rest);
            self.vocabulary.contains(rest) && self.is_informative(s)
        };
        let mut out = Vec::new();
        // Stems `t` begins with (the shorter of a related pair).
        for (i, _) in stem.char_indices().skip(MIN_COMPOUND_PART) {
            let s = &stem[..i];
            if let Some(v) = self.vocabulary.get(s)
                && !(known && s.len() + 4 <= stem.len() && !head_of_it(s))
            {
                out.push(v.as_str());
            }
        }
        let endings = self.endings();
        // Longer stems beginning with `t`.
        if chars >= MIN_COMPOUND_PART {
            let from = endings.forward.partition_point(|w| w.as_str() < stem);
            out.extend(
                endings.forward[from..]
                    .iter()
                    .take_while(|w| w.starts_with(stem))
                    .filter(|w| w.len() > stem.len())
                    .map(String::as_str),
            );
        }
        // Compounds ending in `t`.
        if chars >= MIN_COMPOUND_HEAD {
            out.extend(ending_in(&endings.stems, stem).map(String::as_str));
        }
        out
    }

    /// What a paragraph must have to cover the question's word `t`,
    /// worked out once per word (see [`SearchIndex::covers`]).
    fn wanted<'a>(&'a self, t: &'a Token, compounds: &'a [String]) -> Wanted<'a> {
        let typo = if self.vocabulary.contains(&t.stem) {
            0
        } else {
            typo_budget(t.surface.chars().count().min(t.stem.chars().count()))
        };
        Wanted {
            stem: &t.stem,
            covering: self.covering(t),
            synonyms: self.synonyms.get(&t.stem).map_or(&[], Vec::as_slice),
            compounds,
            typo,
            letters: letters(&t.stem),
        }
    }

    /// Whether a paragraph has the question's word: its stem, a related
    /// form or a compound ending in it ([`SearchIndex::covering`];
    /// compounds of the written words, found by
    /// [`SearchIndex::compounds_ending_in`]), a synonym, or a spelling
    /// within the typo budget.
    fn covers(doc: &Doc, w: &Wanted<'_>) -> bool {
        if doc.stems.contains(w.stem)
            || w.covering.iter().any(|s| doc.stems.contains(*s))
            || w.synonyms.iter().any(|o| doc.stems.contains(o))
            || w.compounds.iter().any(|c| doc.stems.contains(c))
        {
            return true;
        }
        w.typo > 0
            && doc.stems.iter().any(|s| {
                s.len().abs_diff(w.stem.len()) <= w.typo
                    && few_letters_apart(letters(s), w.letters, w.typo)
                    && strsim::osa_distance(s, w.stem) <= w.typo
            })
    }

    /// Searches for the content words `words`, optionally only in the given
    /// sectors, and returns up to `limit` hits ranked by coverage, then
    /// BM25.
    pub fn search(
        &self,
        words: &[Token],
        sectors: Option<&[String]>,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let tv = self.tantivy()?;
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let compounds: Vec<Vec<String>> = words
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i < 32 {
                    self.compounds_ending_in(t)
                } else {
                    Vec::new()
                }
            })
            .collect();
        // Prefix and fuzzy terms (an automaton each) for the first few
        // words the sheet does not have: a message of hundreds of unknown
        // words costs no more than one of a few.
        let mut automata_left = MAX_FUZZY_WORDS;
        for (wi, t) in words.iter().enumerate().take(32) {
            let term = Term::from_field_text(tv.text, &t.stem);
            let known = self.vocabulary.contains(&t.stem);
            let automata = known || automata_left > 0;
            if !known && automata_left > 0 {
                automata_left -= 1;
            }
            should.push((
                Occur::Should,
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
            ));
            for other in self.synonyms.get(&t.stem).into_iter().flatten() {
                let q = TermQuery::new(
                    Term::from_field_text(tv.text, other),
                    IndexRecordOption::WithFreqs,
                );
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 0.9))));
            }
            if automata && t.stem.chars().count() >= MIN_COMPOUND_PART {
                let prefix = self.automata.prefix(tv.text, &t.stem);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prefix), 0.7)),
                ));
                for part in self.compound_parts(&t.stem) {
                    let q = TermQuery::new(
                        Term::from_field_text(tv.text, &part),
                        IndexRecordOption::WithFreqs,
                    );
                    should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 0.7))));
                }
            }
            for word in &compounds[wi] {
                let q = TermQuery::new(
                    Term::from_field_text(tv.text, word),
                    IndexRecordOption::WithFreqs,
                );
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 0.6))));
            }
            let budget = typo_budget(t.surface.chars().count().min(t.stem.chars().count()));
            if budget > 0 && !known && automata {
                #[allow(clippy::cast_possible_truncation)]
                let fuzzy = self.automata.query(tv.text, &t.stem, budget.min(2) as u8);
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), 0.5)),
                ));
            }
        }
        let words_query = BooleanQuery::new(should);
        let query: Box<dyn Query> = match sectors {
            Some(ids) if !ids.is_empty() => {
                let filter: Vec<(Occur, Box<dyn Query>)> = ids
                    .iter()
                    .map(|id| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(tv.sector, id),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect();
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(words_query)),
                    (Occur::Must, Box::new(BooleanQuery::new(filter))),
                ]))
            }
            _ => Box::new(words_query),
        };
        let searcher = tv.reader.searcher();
        let top = searcher.search(
            &*query,
            &TopDocs::with_limit(limit.max(20)).order_by_score(),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        let total: f32 = words.iter().map(|t| self.idf(&t.stem)).sum();
        let wanted: Vec<Wanted<'_>> = words
            .iter()
            .zip(&compounds)
            .map(|(t, c)| self.wanted(t, c))
            .collect();
        // The "doc" column of the segment of the last hit (one lookup by
        // name per segment, not per hit).
        let mut column: Option<(u32, tantivy::columnar::Column<u64>)> = None;
        for (score, addr) in top {
            let col = match &column {
                Some((ord, col)) if *ord == addr.segment_ord => col,
                _ => {
                    let col = searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("doc")?;
                    &column.insert((addr.segment_ord, col)).1
                }
            };
            let Some(id) = col.first(addr.doc_id) else {
                continue;
            };
            let Ok(id) = usize::try_from(id) else {
                continue;
            };
            let Some(doc) = self.docs.get(id) else {
                continue;
            };
            let matched: f32 = words
                .iter()
                .zip(&wanted)
                .filter(|(_, w)| Self::covers(doc, w))
                .map(|(t, _)| t)
                .map(|t| self.idf(&t.stem))
                .sum();
            let coverage = if total > 0.0 { matched / total } else { 0.0 };
            hits.push(Hit {
                doc: id,
                score,
                coverage,
            });
        }
        hits.sort_by(|a, b| {
            b.coverage
                .total_cmp(&a.coverage)
                .then(b.score.total_cmp(&a.score))
        });
        hits.truncate(limit);
        Ok(hits)
    }

    /// A snippet of at most `max_chars` bytes of document `doc` around the
    /// words of `words`: tantivy's `SnippetGenerator` (the fragment of
    /// consecutive words, cut where the next word would end past
    /// `max_chars`, whose matched words weigh most, each `1 / (1 + df)`;
    /// the first of equals), over the document's words kept from indexing
    /// instead of tokenising the paragraph again. The paragraph's opening
    /// when no word matches.
    #[must_use]
    pub fn snippet(&self, doc: usize, words: &[Token], max_chars: usize) -> String {
        let (Some((text, _)), Some(tokens)) = (self.sources.get(doc), self.words.get(doc)) else {
            return String::new();
        };
        let opening = || text.chars().take(max_chars).collect();
        #[allow(clippy::cast_precision_loss)]
        let weights: Vec<(&str, f32)> = words
            .iter()
            .filter_map(|w| {
                let n = *self.df.get(&w.stem)?;
                (n > 0).then(|| (w.stem.as_str(), 1.0 / (1.0 + n as f32)))
            })
            .collect();
        let weight = |key: &str| weights.iter().find(|(s, _)| *s == key).map(|&(_, w)| w);
        // (score, start, stop) of the best fragment so far.
        let mut best: Option<(f32, usize, usize)> = None;
        let mut consider = |score: f32, start: usize, stop: usize| {
            if score > 0.0 && best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, start, stop));
            }
        };
        let (mut score, mut start, mut stop) = (0.0f32, 0usize, 0usize);
        for t in tokens {
            if t.to - start > max_chars {
                consider(score, start, stop);
                (score, start) = (0.0, t.from);
            }
            stop = t.to;
            if let Some(w) = weight(&t.key) {
                score += w;
            }
        }
        consider(score, start, stop);
        match best {
            Some((_, start, stop)) if !text[start..stop].trim().is_empty() => {
                text[start..stop].trim().to_owned()
            }
            _ => opening(),
        }
    }

    /// `true` when the sheet has the word `surface` (folded).
    #[must_use]
    pub fn has_surface(&self, surface: &str) -> bool {
        self.surfaces.contains_key(surface)
    }

    /// `true` when `surface` (folded) is one edit from a word of the sheet
    /// long enough to be misspelt ("skytjenster", "digitaliserng"): a typo
    /// of the sheet's word, not a name the sheet lacks. (Also when several
    /// words are that near, where [`SearchIndex::sheet_spelling`] picks
    /// none.)
    #[must_use]
    pub fn is_misspelt_word(&self, surface: &str) -> bool {
        !self.misspelt(surface).is_empty()
    }

    /// The sheet's words one edit from `surface`, in sorted order.
    fn misspelt(&self, surface: &str) -> Vec<&str> {
        if typo_budget(surface.chars().count()) == 0 || self.surfaces.contains_key(surface) {
            return Vec::new();
        }
        let lexicon = self.typos.get_or_init(|| {
            let mut words: Vec<&String> = self.surfaces.keys().collect();
            words.sort();
            crate::typo::Lexicon::new(words, |w| typo_budget(w.chars().count()).min(1))
        });
        lexicon
            .near(surface, 1)
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    /// `true` when `surface` (stem `stem`), a word the sheet lacks, is one
    /// letter from words of the sheet none of which few paragraphs have:
    /// "digitaliserng" is a common word misspelt, not a rare topic.
    #[must_use]
    pub fn misspells_common(&self, surface: &str, stem: &str) -> bool {
        if self.df.contains_key(stem) {
            return false;
        }
        let near = self.misspelt(surface);
        !near.is_empty()
            && near.iter().all(|w| {
                self.surfaces
                    .get(*w)
                    .is_some_and(|s| !self.is_informative(s))
            })
    }

    /// The sheet's spelling of a word misspelt by one letter, as
    /// (written, stem), when exactly one of its words is that near
    /// ("skytjenster" → "skytjenester").
    #[must_use]
    pub fn sheet_spelling(&self, surface: &str) -> Option<(String, String)> {
        match self.misspelt(surface)[..] {
            [w] => Some((w.to_owned(), self.surfaces.get(w)?.clone())),
            _ => None,
        }
    }

    /// `true` when document `doc` has the (lower-case) stems `phrase` one
    /// after the other.
    #[must_use]
    pub fn has_phrase(&self, doc: usize, phrase: &[String]) -> bool {
        let Some(words) = self.words.get(doc) else {
            return false;
        };
        !phrase.is_empty()
            && words
                .windows(phrase.len())
                .any(|w| w.iter().zip(phrase).all(|(a, b)| *a.key == **b))
    }

    /// How many paragraphs have the (lower-case) stems `a` then `b`, one
    /// right after the other ("norg digitalt"): a phrase can name a thing
    /// of the sheet though each of its words is common.
    #[must_use]
    pub fn pair_df(&self, a: &str, b: &str) -> u32 {
        let hash = |a: &str, b: &str| {
            use std::hash::BuildHasher;
            foldhash::fast::FixedState::default().hash_one((a, b))
        };
        let pairs = self.pairs.get_or_init(|| {
            let mut pairs = crate::FastMap::default();
            for words in &self.words {
                let mut seen = crate::FastSet::default();
                for w in words.windows(2) {
                    let h = hash(&w[0].key, &w[1].key);
                    if seen.insert(h) {
                        *pairs.entry(h).or_insert(0) += 1;
                    }
                }
            }
            pairs
        });
        pairs.get(&hash(a, b)).copied().unwrap_or(0)
    }

    /// `true` when some paragraph has `phrase` ([`SearchIndex::has_phrase`]).
    #[must_use]
    pub fn has_phrase_anywhere(&self, phrase: &[String]) -> bool {
        // A word no paragraph has: no scan of every paragraph's words.
        let keys_in_vocabulary = *self.keys_in_vocabulary.get_or_init(|| {
            self.words
                .iter()
                .flatten()
                .all(|w| self.vocabulary.contains(&*w.key))
        });
        if keys_in_vocabulary && phrase.iter().any(|w| !self.vocabulary.contains(w)) {
            return false;
        }
        (0..self.docs.len()).any(|d| self.has_phrase(d, phrase))
    }

    /// The underlying tantivy index (built on first use).
    pub fn index(&self) -> Result<&Index, SearchError> {
        self.tantivy().map(|t| &t.index)
    }
}

#[cfg(test)]
mod tests {
    /// Every word within `k` edits (a transposition one) of another passes
    /// the letters' check: it only ever saves a comparison that would fail.
    #[test]
    fn the_letters_check_keeps_every_near_word() {
        let alphabet: Vec<char> = "aeiosnørå-1zéи".chars().collect();
        let edits = |w: &str| -> Vec<String> {
            let c: Vec<char> = w.chars().collect();
            let mut out = Vec::new();
            for i in 0..=c.len() {
                for &x in &alphabet {
                    let mut v = c.clone();
                    v.insert(i, x);
                    out.push(v.into_iter().collect());
                    if i < c.len() {
                        let mut v = c.clone();
                        v[i] = x;
                        out.push(v.into_iter().collect());
                    }
                }
                if i < c.len() {
                    let mut v = c.clone();
                    v.remove(i);
                    out.push(v.iter().collect());
                }
                if i + 1 < c.len() {
                    let mut v = c.clone();
                    v.swap(i, i + 1);
                    out.push(v.into_iter().collect());
                }
            }
            out
        };
        let mut checked = 0;
        for w in ["samordning", "løsning", "nav", "vegcert", "miljø-data"] {
            for one in edits(w) {
                for two in std::iter::once(one.clone()).chain(edits(&one)) {
                    for k in 1..=2 {
                        if strsim::osa_distance(w, &two) <= k {
                            assert!(
                                few_letters_apart(letters(w), letters(&two), k),
                                "{w} {two} {k}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        // And it does reject far words.
        assert!(!few_letters_apart(
            letters("samordning"),
            letters("budsjett"),
            2
        ));
    }

    use super::*;
    use tantivy::snippet::SnippetGenerator;

    /// The tokens the tokenizer gives from the words made at build time
    /// are those it makes by analysing the paragraph.
    #[test]
    fn known_paragraphs_tokenize_as_analysed() {
        let data = crate::load::Data::bundled().unwrap();
        let index = SearchIndex::build(&data.knowledge).unwrap();
        let texts: Vec<&str> = index.sources.iter().map(|(t, _)| t.as_str()).collect();
        let words = crate::sheetwords::decode(SHEET_WORDS, &texts).unwrap();
        let mut known = BotTokenizer {
            known: Arc::new(texts.iter().map(|t| Box::from(*t)).zip(words).collect()),
        };
        let mut plain = BotTokenizer::default();
        let all = |s: &mut VecStream| {
            let mut out = Vec::new();
            while s.advance() {
                let t = s.token();
                out.push((t.offset_from, t.offset_to, t.position, t.text.clone()));
            }
            out
        };
        for t in &texts {
            let a = all(&mut known.token_stream(t));
            assert!(!a.is_empty() || t.trim().is_empty());
            assert_eq!(a, all(&mut plain.token_stream(t)), "{t}");
        }
    }

    /// The search's own automata find the documents, with the scores,
    /// that tantivy's `FuzzyTermQuery` finds with the same settings; a
    /// kept automaton answers as a new one does.
    #[test]
    fn own_automata_match_what_fuzzy_term_queries_match() {
        use tantivy::query::FuzzyTermQuery;
        let data = crate::load::Data::bundled().unwrap();
        let index = SearchIndex::build(&data.knowledge).unwrap();
        let tv = index.tantivy().unwrap();
        let searcher = tv.reader.searcher();
        let docs = |q: &dyn Query| {
            let mut top = searcher
                .search(q, &TopDocs::with_limit(10_000).order_by_score())
                .unwrap();
            top.sort_by_key(|(_, a)| (a.segment_ord, a.doc_id));
            top.into_iter()
                .map(|(score, a)| (score.to_bits(), a.segment_ord, a.doc_id))
                .collect::<Vec<_>>()
        };
        let mut found = 0;
        for word in [
            "digitalisering",
            "strategi",
            "helse",
            "ks",
            "nve",
            "skattetaten",
            "digitalsering",
            "læ",
            "xqzw",
            "ø",
        ] {
            let term = Term::from_field_text(tv.text, word);
            let theirs = docs(&FuzzyTermQuery::new_prefix(term.clone(), 0, true));
            // Twice: the second time the documents kept are read.
            for _ in 0..2 {
                let prefix = index.automata.prefix(tv.text, word);
                assert_eq!(docs(&prefix), theirs, "prefix {word}");
            }
            found += theirs.len();
            for distance in 1..=2u8 {
                let theirs = docs(&FuzzyTermQuery::new(term.clone(), distance, true));
                for _ in 0..2 {
                    let ours = index.automata.query(tv.text, word, distance);
                    assert_eq!(docs(&ours), theirs, "{word} within {distance}");
                }
                found += theirs.len();
            }
        }
        assert!(found > 100, "the words are in the sheet: {found}");
    }

    #[test]
    fn the_bundled_sheet_takes_the_words_made_at_build_time_and_they_are_the_analysis() {
        let data = crate::load::Data::bundled().unwrap();
        let texts: Vec<&str> = data
            .knowledge
            .sectors
            .iter()
            .flat_map(|s| s.sections.iter())
            .flat_map(|c| c.blocks.iter())
            .map(|b| b.text.as_str())
            .collect();
        let built = crate::sheetwords::decode(SHEET_WORDS, &texts)
            .expect("build.rs wrote the words of exactly the bundled paragraphs");
        assert_eq!(built.len(), texts.len());
        for (text, words) in texts.iter().zip(&built) {
            let analysed: Vec<_> = tokens_all(text)
                .into_iter()
                .map(|t| (t.span, t.surface, t.stem))
                .collect();
            let read: Vec<_> = words
                .iter()
                .map(|(span, s, st)| (*span, (*s).to_owned(), (*st).to_owned()))
                .collect();
            assert_eq!(read, analysed, "{text}");
        }
        // Another text is analysed, not read.
        let mut other = texts.clone();
        other[0] = "Noe annet.";
        assert!(crate::sheetwords::decode(SHEET_WORDS, &other).is_none());
    }

    #[test]
    fn the_frozen_index_is_current() {
        let data = crate::load::Data::bundled().unwrap();
        let index = SearchIndex::build(&data.knowledge).unwrap();
        assert!(
            index.uses_frozen_index(),
            "knowledge/search-index.bin is not the index of the bundled sheet as this build \
             analyses it: run `cargo run --release -- index` and commit the file"
        );
        // Other paragraphs never take it.
        let mut other = data.knowledge.clone();
        other.sectors[0].sections[0].blocks[0].text = "Noe annet.".to_owned();
        assert!(!SearchIndex::build(&other).unwrap().uses_frozen_index());
    }

    #[test]
    fn the_frozen_index_finds_what_the_built_one_finds() {
        let data = crate::load::Data::bundled().unwrap();
        let frozen = SearchIndex::build(&data.knowledge).unwrap();
        let built = SearchIndex::build(&data.knowledge).unwrap();
        assert!(
            built
                .tantivy
                .set(SearchIndex::index_sources(
                    &built.sources,
                    RamDirectory::create()
                ))
                .is_ok()
        );
        assert!(frozen.uses_frozen_index());
        // Every paragraph's first words, one, two and four at a time, in
        // all parts and in one; and words the sheet lacks (fuzzy terms).
        let mut asked = 0;
        for (i, (text, _)) in frozen.sources.iter().enumerate() {
            let toks = tokens_all(text);
            for n in [1, 2, 4] {
                let q: Vec<Token> = toks.iter().take(n).cloned().collect();
                for sectors in [None, Some(&[frozen.sources[i].1.clone()][..])] {
                    let a = frozen.search(&q, sectors, 10).unwrap();
                    let b = built.search(&q, sectors, 10).unwrap();
                    let key = |h: &[Hit]| -> Vec<(usize, u32, u32)> {
                        h.iter()
                            .map(|h| (h.doc, h.score.to_bits(), h.coverage.to_bits()))
                            .collect()
                    };
                    assert_eq!(key(&a), key(&b), "{text:?} {n}");
                    asked += 1;
                }
            }
        }
        for typo in ["digitaliseringsstrateig", "samordnig", "finansierng"] {
            let q = tokens_all(typo);
            let (a, b) = (
                frozen.search(&q, None, 10).unwrap(),
                built.search(&q, None, 10).unwrap(),
            );
            assert!(!a.is_empty(), "{typo}");
            assert_eq!(
                a.iter()
                    .map(|h| (h.doc, h.score.to_bits()))
                    .collect::<Vec<_>>(),
                b.iter()
                    .map(|h| (h.doc, h.score.to_bits()))
                    .collect::<Vec<_>>()
            );
        }
        assert!(asked > 1000, "{asked}");
    }

    /// What tantivy's `SnippetGenerator` gives, the way `snippet` used to
    /// call it.
    fn tantivy_snippet(index: &SearchIndex, text: &str, words: &[Token], max: usize) -> String {
        let tv = index.tantivy().unwrap();
        let terms: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(tv.text, &t.stem),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        let searcher = tv.reader.searcher();
        let mut generator =
            SnippetGenerator::create(&searcher, &BooleanQuery::new(terms), tv.text).unwrap();
        generator.set_max_num_chars(max);
        let f = generator.snippet(text).fragment().trim().to_owned();
        if f.is_empty() {
            text.chars().take(max).collect()
        } else {
            f
        }
    }

    /// `snippet` over the words kept from indexing gives what tantivy's
    /// generator gives, for every paragraph, with words of its own, of
    /// others and none, at three lengths.
    #[test]
    fn snippets_are_tantivys() {
        let data = crate::load::Data::bundled().unwrap();
        let index = SearchIndex::build(&data.knowledge).unwrap();
        let n = index.docs.len();
        let mut compared = 0;
        for doc in 0..n {
            let text = index.sources[doc].0.clone();
            let own = tokens_all(&text);
            let other = tokens_all(&index.sources[(doc * 7 + 3) % n].0);
            let sets: Vec<Vec<Token>> = vec![
                Vec::new(),
                own.iter().rev().step_by(5).take(3).cloned().collect(),
                other.iter().step_by(3).take(4).cloned().collect(),
                own.iter()
                    .skip(2)
                    .take(1)
                    .chain(other.iter().take(2))
                    .cloned()
                    .collect(),
            ];
            for words in &sets {
                for max in [40, 220, 600] {
                    assert_eq!(
                        index.snippet(doc, words, max),
                        tantivy_snippet(&index, &text, words, max),
                        "doc {doc}, max {max}, words {:?}",
                        words.iter().map(|w| &w.stem).collect::<Vec<_>>()
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    /// `covering` finds what a scan of every stem finds.
    #[test]
    fn covering_stems_are_those_of_a_scan() {
        // What a scan of every stem found before `covering`: a related form
        // (not a common head of a known word), or a compound ending in it.
        let data = crate::load::Data::bundled().unwrap();
        let index = SearchIndex::build(&data.knowledge).unwrap();
        let scan = |t: &Token| {
            let known = index.vocabulary.contains(&t.stem);
            let head_of_it = |s: &str| {
                let rest = &t.stem[s.len()..];
                let rest = rest
                    .strip_prefix('s')
                    .or_else(|| rest.strip_prefix('e'))
                    .filter(|r| index.vocabulary.contains(*r))
                    .unwrap_or(rest);
                index.vocabulary.contains(rest) && index.is_informative(s)
            };
            let mut out: Vec<&str> = index
                .vocabulary
                .iter()
                .filter(|s| **s != t.stem)
                .filter(|s| {
                    related(s, &t.stem) && !(known && s.len() + 4 <= t.stem.len() && !head_of_it(s))
                        || t.stem.chars().count() >= MIN_COMPOUND_HEAD
                            && s.len() >= t.stem.len() + 3
                            && s.ends_with(&t.stem)
                })
                .map(String::as_str)
                .collect();
            out.sort_unstable();
            out
        };
        let mut stems: Vec<&String> = index.vocabulary.iter().collect();
        stems.sort();
        let mut found = 0;
        for w in stems.iter().step_by(5) {
            // The stem itself, a longer word it heads, and its parts.
            let chars: Vec<char> = w.chars().collect();
            let mut words = vec![(*w).clone(), format!("{w}sordning"), format!("{w}data")];
            for n in 4..chars.len() {
                words.push(chars[..n].iter().collect());
                words.push(chars[chars.len() - n..].iter().collect());
            }
            for word in words {
                let t = Token {
                    word: word.clone(),
                    surface: word.clone(),
                    stem: word,
                    upper: false,
                    capital: false,
                    hyphen_joined: false,
                    span: (0, 0),
                };
                let mut got = index.covering(&t);
                got.sort_unstable();
                got.dedup();
                assert_eq!(got, scan(&t), "{}", t.stem);
                found += usize::from(!got.is_empty());
            }
        }
        assert!(found > 1000, "{found}");
    }

    /// `compounds_ending_in` finds what a scan of every word finds.
    #[test]
    fn endings_are_those_of_a_scan() {
        let data = crate::load::Data::bundled().unwrap();
        let index = SearchIndex::build(&data.knowledge).unwrap();
        let scan = |t: &Token| {
            if t.stem.chars().count() < MIN_COMPOUND_HEAD {
                return Vec::new();
            }
            let mut out: Vec<String> = index
                .vocabulary
                .iter()
                .filter(|v| v.len() >= t.stem.len() + 3 && v.ends_with(&t.stem))
                .cloned()
                .chain(
                    index
                        .surfaces
                        .iter()
                        .filter(|(w, _)| w.len() >= t.surface.len() + 3 && w.ends_with(&t.surface))
                        .map(|(_, st)| st.clone()),
                )
                .collect();
            out.sort();
            out.dedup();
            out.truncate(16);
            out
        };
        let mut words: Vec<&String> = index.surfaces.keys().collect();
        words.sort();
        let mut found = 0;
        for w in words.iter().step_by(7) {
            let chars: Vec<char> = w.chars().collect();
            for n in 3..=6.min(chars.len()) {
                let end: String = chars[chars.len() - n..].iter().collect();
                for t in crate::text::tokens(&end) {
                    let got = index.compounds_ending_in(&t);
                    assert_eq!(got, scan(&t), "{end}");
                    found += usize::from(!got.is_empty());
                }
            }
        }
        assert!(found > 100, "{found}");
    }
}

/// The Levenshtein automata the search has made, by word and distance,
/// each made once: building them took a tenth of a search (tantivy's
/// `FuzzyTermQuery` makes one again on every query). An automaton matches
/// exactly what `FuzzyTermQuery` with the same settings (transpositions
/// costing one) matches, and scores the same (a constant, through
/// tantivy's `AutomatonWeight`). A state takes 1 KiB (a
/// transition for every byte), so at most [`MAX_AUTOMATA_STATES`] states
/// are kept: a flood of new words empties the store and starts again.
/// The documents each automaton matched are kept too (see [`DocSets`]).
#[derive(Default)]
struct Automata {
    made: Arc<std::sync::Mutex<Made>>,
    docs: Arc<DocSets>,
}

/// The documents an automaton matched, by segment and automaton: reading
/// them walks the term dictionary with the automaton and the postings of
/// every word it matches (a tenth of a search), and a word recurs across
/// questions. The index never changes under a `SearchIndex`, so what is
/// read is what walking again would give. At most [`MAX_DOCSETS`], then
/// forgotten all at once.
#[derive(Default)]
struct DocSets(std::sync::Mutex<FastMap<(tantivy::index::SegmentId, Arc<str>), tantivy::BitSet>>);

/// Most document sets kept (a set is a bit per paragraph, ~250 bytes).
const MAX_DOCSETS: usize = 8192;

/// The automata kept, and their states in all.
type Made = (FastMap<(Box<str>, u8), Arc<Levenshtein>>, usize);

/// Most states kept, in all the automata (4 MiB).
const MAX_AUTOMATA_STATES: usize = 1024;

impl Automata {
    /// A query for the indexed words within `distance` edits of `word`.
    /// The automaton is made (or taken from those made) only when the
    /// documents it matches are not kept already.
    fn query(&self, field: Field, word: &str, distance: u8) -> AutomatonQuery<Levenshtein> {
        let key = (Box::<str>::from(word), distance.min(2));
        let made = Arc::clone(&self.made);
        AutomatonQuery {
            field,
            key: format!("~{}:{word}", key.1).into(),
            automaton: Arc::new(move || levenshtein(&made, &key)),
            docs: Arc::clone(&self.docs),
        }
    }

    /// A query for the indexed words that begin with `stem`.
    fn prefix(&self, field: Field, stem: &str) -> AutomatonQuery<Prefix> {
        let prefix = Arc::new(Prefix(stem.as_bytes().into()));
        AutomatonQuery {
            field,
            automaton: Arc::new(move || Arc::clone(&prefix)),
            key: format!("^{stem}").into(),
            docs: Arc::clone(&self.docs),
        }
    }
}

/// The automaton for `key` (word, distance), made once and kept among
/// `made` (see [`Automata`]).
fn levenshtein(made: &std::sync::Mutex<Made>, key: &(Box<str>, u8)) -> Arc<Levenshtein> {
    let mut guard = made
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (made, states) = &mut *guard;
    if let Some(a) = made.get(key) {
        return Arc::clone(a);
    }
    static BUILDERS: [std::sync::OnceLock<LevenshteinAutomatonBuilder>; 3] =
        [const { std::sync::OnceLock::new() }; 3];
    let builder =
        BUILDERS[usize::from(key.1)].get_or_init(|| LevenshteinAutomatonBuilder::new(key.1, true));
    let a = Arc::new(Levenshtein(builder.build_dfa(&key.0)));
    if *states + a.0.num_states() > MAX_AUTOMATA_STATES {
        made.clear();
        *states = 0;
    }
    *states += a.0.num_states();
    made.insert(key.clone(), Arc::clone(&a));
    a
}

/// A Levenshtein DFA as tantivy's term dictionary walks it (what tantivy's
/// own wrapper for `FuzzyTermQuery` does).
struct Levenshtein(levenshtein_automata::DFA);

impl tantivy_fst::Automaton for Levenshtein {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(
            self.0.distance(*state),
            levenshtein_automata::Distance::Exact(_)
        )
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The words that begin with these bytes (what tantivy's prefix
/// Levenshtein automaton of distance 0 matches, with nothing to build).
struct Prefix(Box<[u8]>);

impl tantivy_fst::Automaton for Prefix {
    /// How many bytes of the prefix have been read; `None` once one
    /// differed.
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn can_match(&self, state: &Option<usize>) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Option<usize>) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
        match *state {
            Some(i) if i == self.0.len() => Some(i),
            Some(i) if self.0[i] == byte => Some(i + 1),
            _ => None,
        }
    }
}

/// The words of one field an automaton matches, each document holding one
/// scoring the same constant.
struct AutomatonQuery<A> {
    field: Field,
    /// Makes the automaton (when its documents are not kept).
    automaton: Make<A>,
    /// The automaton, named for the documents kept.
    key: Arc<str>,
    docs: Arc<DocSets>,
}

impl<A> Clone for AutomatonQuery<A> {
    fn clone(&self) -> Self {
        AutomatonQuery {
            field: self.field,
            automaton: Arc::clone(&self.automaton),
            key: Arc::clone(&self.key),
            docs: Arc::clone(&self.docs),
        }
    }
}

impl<A> std::fmt::Debug for AutomatonQuery<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutomatonQuery").finish_non_exhaustive()
    }
}

impl<A> Query for AutomatonQuery<A>
where
    A: tantivy_fst::Automaton + Send + Sync + 'static,
    A::State: Clone,
{
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(KeptAutomatonWeight {
            field: self.field,
            automaton: Arc::clone(&self.automaton),
            key: Arc::clone(&self.key),
            docs: Arc::clone(&self.docs),
        }))
    }
}

/// Tantivy's `AutomatonWeight`, whose documents are read once per segment
/// and kept (see [`DocSets`]): the same documents, the same constant
/// score.
struct KeptAutomatonWeight<A> {
    field: Field,
    automaton: Make<A>,
    key: Arc<str>,
    docs: Arc<DocSets>,
}

impl<A> Weight for KeptAutomatonWeight<A>
where
    A: tantivy_fst::Automaton + Send + Sync + 'static,
    A::State: Clone,
{
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        use tantivy::DocSet;
        let key = (reader.segment_id(), Arc::clone(&self.key));
        let kept = |docs: &DocSets| {
            docs.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&key)
                .cloned()
        };
        let set = if let Some(set) = kept(&self.docs) {
            set
        } else {
            let mut set = tantivy::BitSet::with_max_value(reader.max_doc());
            let mut matched = self.inner().scorer(reader, 1.0)?;
            while matched.doc() != tantivy::TERMINATED {
                set.insert(matched.doc());
                matched.advance();
            }
            let mut docs = self
                .docs
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            crate::text::keep_bounded(&mut docs, MAX_DOCSETS, key, set.clone());
            set
        };
        Ok(Box::new(tantivy::query::ConstScorer::new(
            tantivy::query::BitSetDocSet::from(set),
            boost,
        )))
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        self.inner().explain(reader, doc)
    }
}

impl<A> KeptAutomatonWeight<A>
where
    A: tantivy_fst::Automaton + Send + Sync + 'static,
    A::State: Clone,
{
    /// Tantivy's weight of the automaton, made now.
    fn inner(&self) -> AutomatonWeight<A> {
        AutomatonWeight::<A>::new(self.field, (self.automaton)())
    }
}

/// What makes an automaton, shared by the clones of a query.
type Make<A> = Arc<dyn Fn() -> Arc<A> + Send + Sync>;
