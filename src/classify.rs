//! The second, learned stage of understanding: a statistical intent
//! classifier trained from example utterances kept as data
//! (`intents/examples/*.toml`).
//!
//! The pattern rules are precise but only know the phrasings someone wrote
//! a rule for. The classifier generalises from a few thousand hand-written
//! examples: a multinomial logistic regression over word, stem, stem-bigram
//! and character n-gram features (the shape of snips-nlu-rs's
//! `LogRegIntentClassifier`), giving a probability per label that the
//! engine's confidence gates use.
//!
//! Names are replaced by slots before features are taken: in the examples
//! they are written `{etat}` and `{sektor}`, in a question the resolver's
//! mentions stand in their place. So the model learns how people ask, not
//! which agencies they ask about.
//!
//! Why a small own implementation: the model is ~150 lines, sparse
//! (a question has ~60 active features out of ~20,000) and must train
//! deterministically in tens of milliseconds at load; the Rust ML crates
//! that offer logistic regression (linfa, smartcore) are dense, pull in
//! ndarray/BLAS-sized dependency trees and add minutes to a clean build.
//! Training is plain SGD over a fixed, seeded order, so the same examples
//! always give the same model.

/// The features' ids (see [`crate::FastMap`]; this file is also built
/// into `build.rs`, which has no crate root).
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

use serde::{Deserialize, Serialize};

use crate::text::{Token, tokens};

/// Version of the example file format.
pub const EXAMPLES_FORMAT: u32 = 1;

/// Slot token for an agency name.
pub const SLOT_AGENCY: &str = "§etat";
/// Slot token for a sector or ministry name.
pub const SLOT_SECTOR: &str = "§sektor";

/// One example file (one language).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    /// Format version ([`EXAMPLES_FORMAT`]).
    pub format: u32,
    /// Language of the examples (`nb`, `nn`, `en`).
    pub lang: String,
    /// Examples per label.
    #[serde(rename = "intent")]
    pub intents: Vec<ExampleSet>,
}

/// The examples of one label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSet {
    /// The label: an intent id, or `introduce` (the user says where they
    /// work).
    pub id: String,
    /// Utterances, with `{etat}` and `{sektor}` for names.
    pub examples: Vec<String>,
}

/// One labelled utterance.
#[derive(Debug, Clone)]
pub struct Example {
    /// Label index into [`Classifier::labels`].
    pub label: usize,
    /// The utterance as written.
    pub text: String,
}

/// The classifier's verdict on a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// Best label.
    pub label: String,
    /// Its probability.
    pub probability: f32,
    /// The runner-up label and its probability.
    pub runner_up: Option<(String, f32)>,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// Passes over the examples.
    pub epochs: usize,
    /// Initial learning rate.
    pub rate: f32,
    /// L2 penalty.
    pub l2: f32,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            epochs: 25,
            rate: 0.5,
            l2: 1e-5,
        }
    }
}

/// A trained classifier.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// Label names, in training order.
    pub labels: Vec<String>,
    vocab: FastMap<String, u32>,
    /// weights[label * n_features + feature]
    weights: Vec<f32>,
    bias: Vec<f32>,
}

/// Replaces `{etat}` and `{sektor}` in an example by the slot tokens.
fn example_tokens(text: &str) -> Vec<String> {
    let marked = text
        .replace("{etat}", " qqetatqq ")
        .replace("{sektor}", " qqsektorqq ");
    tokens(&marked)
        .into_iter()
        .map(|t| match t.surface.as_str() {
            "qqetatqq" => SLOT_AGENCY.to_owned(),
            "qqsektorqq" => SLOT_SECTOR.to_owned(),
            _ => key(&t),
        })
        .collect()
}

/// "surface|stem", split again by [`features`].
fn key(t: &Token) -> String {
    format!("{}|{}", t.surface, t.stem)
}

/// The classifier's view of a question: tokens with the named spans
/// (`slots`: token range and whether it is an agency) replaced by slots.
#[must_use]
pub fn question_tokens(toks: &[Token], slots: &[((usize, usize), bool)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some(&((_, end), agency)) = slots.iter().find(|((s, _), _)| *s == i) {
            out.push(if agency { SLOT_AGENCY } else { SLOT_SECTOR }.to_owned());
            i = end.max(i + 1);
            continue;
        }
        out.push(key(&toks[i]));
        i += 1;
    }
    out
}

/// Feature strings of a token list (as made by [`question_tokens`]),
/// sorted, without repeats.
fn features(toks: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    each_feature(toks, |f| out.push(f.to_owned()));
    out.sort();
    out.dedup();
    out
}

/// Calls `f` with every feature string of a token list, repeats included,
/// built in one buffer (a long message has thousands).
fn each_feature(toks: &[String], mut f: impl FnMut(&str)) {
    use std::fmt::Write as _;
    let mut buf = String::new();
    let emit = |buf: &mut String, f: &mut dyn FnMut(&str)| {
        f(buf);
        buf.clear();
    };
    let mut padded: Vec<char> = Vec::new();
    let mut prev = "<s>";
    for t in toks {
        let (surface, stem) = t.split_once('|').unwrap_or((t.as_str(), t.as_str()));
        let _ = write!(buf, "w:{surface}");
        emit(&mut buf, &mut f);
        if stem != surface {
            let _ = write!(buf, "s:{stem}");
            emit(&mut buf, &mut f);
        }
        if !surface.starts_with('§') {
            padded.clear();
            padded.push('#');
            padded.extend(surface.chars());
            padded.push('#');
            for n in [3, 4] {
                for w in padded.windows(n) {
                    buf.push_str("c:");
                    buf.extend(w);
                    emit(&mut buf, &mut f);
                }
            }
        }
        let _ = write!(buf, "b:{prev}_{stem}");
        emit(&mut buf, &mut f);
        prev = stem;
    }
    let _ = write!(buf, "b:{prev}_</s>");
    emit(&mut buf, &mut f);
}

fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

/// A small deterministic generator for the training order.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            #[allow(clippy::cast_possible_truncation)]
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Collects the examples of several files into labels and utterances.
#[must_use]
pub fn gather(files: &[(String, ExampleFile)]) -> (Vec<String>, Vec<Example>) {
    let mut labels: Vec<String> = Vec::new();
    let mut examples = Vec::new();
    for (_, f) in files {
        for set in &f.intents {
            let label = match labels.iter().position(|l| l == &set.id) {
                Some(i) => i,
                None => {
                    labels.push(set.id.clone());
                    labels.len() - 1
                }
            };
            for text in &set.examples {
                examples.push(Example {
                    label,
                    text: text.clone(),
                });
            }
        }
    }
    (labels, examples)
}

impl Classifier {
    /// Trains on `examples` (labels index into `labels`). Deterministic.
    #[must_use]
    pub fn train(labels: Vec<String>, examples: &[Example], training: Training) -> Classifier {
        let mut vocab: FastMap<String, u32> = FastMap::default();
        let encoded: Vec<(usize, Vec<u32>)> = examples
            .iter()
            .map(|e| {
                let fs = features(&example_tokens(&e.text));
                let ids = fs
                    .into_iter()
                    .map(|f| {
                        let n = u32::try_from(vocab.len()).unwrap_or(u32::MAX);
                        *vocab.entry(f).or_insert(n)
                    })
                    .collect();
                (e.label, ids)
            })
            .collect();
        let nf = vocab.len();
        let nl = labels.len();
        let mut c = Classifier {
            labels,
            vocab,
            weights: vec![0.0; nf * nl],
            bias: vec![0.0; nl],
        };
        let mut order: Vec<usize> = (0..encoded.len()).collect();
        let mut rng = Lcg(0x5eed);
        let mut probs = vec![0.0f32; nl];
        for epoch in 0..training.epochs {
            rng.shuffle(&mut order);
            #[allow(clippy::cast_precision_loss)]
            let rate = training.rate / (1.0 + epoch as f32 * 0.3);
            for &i in &order {
                let (label, ids) = &encoded[i];
                c.scores_ids(ids, &mut probs);
                softmax(&mut probs);
                #[allow(clippy::cast_precision_loss)]
                let scale = 1.0 / (ids.len().max(1) as f32).sqrt();
                for (l, p) in probs.iter().enumerate() {
                    let target = if l == *label { 1.0 } else { 0.0 };
                    let g = (p - target) * rate;
                    c.bias[l] -= g * 0.1;
                    let row = &mut c.weights[l * nf..(l + 1) * nf];
                    for &f in ids {
                        let w = &mut row[f as usize];
                        *w -= g * scale + rate * training.l2 * *w;
                    }
                }
            }
        }
        c.number_by_string()
    }

    /// The same model with the features numbered in the order of their
    /// strings, which [`Classifier::probabilities`] relies on.
    fn number_by_string(mut self) -> Classifier {
        let nf = self.vocab.len();
        let mut words: Vec<(String, u32)> = self.vocab.drain().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut weights = vec![0.0; self.weights.len()];
        for l in 0..self.labels.len() {
            let (old, new) = (
                &self.weights[l * nf..(l + 1) * nf],
                &mut weights[l * nf..(l + 1) * nf],
            );
            for (id, (_, before)) in words.iter().enumerate() {
                new[id] = old[*before as usize];
            }
        }
        self.weights = weights;
        self.vocab = words
            .into_iter()
            .enumerate()
            .map(|(id, (w, _))| (w, u32::try_from(id).unwrap_or(u32::MAX)))
            .collect();
        self
    }

    fn scores_ids(&self, ids: &[u32], out: &mut [f32]) {
        let nf = self.vocab.len();
        #[allow(clippy::cast_precision_loss)]
        let scale = 1.0 / (ids.len().max(1) as f32).sqrt();
        for (l, o) in out.iter_mut().enumerate() {
            let row = &self.weights[l * nf..(l + 1) * nf];
            *o = self.bias[l] + ids.iter().map(|&f| row[f as usize]).sum::<f32>() * scale;
        }
    }

    /// Probabilities of every label for a token list (see
    /// [`question_tokens`]).
    #[must_use]
    pub fn probabilities(&self, toks: &[String]) -> Vec<f32> {
        // The known features in the order of their strings, once each:
        // the ids follow that order (see `Classifier::number_by_string`),
        // so the scores add up in the same order, to the same bits, as
        // over the sorted strings.
        let mut ids: Vec<u32> = Vec::new();
        each_feature(toks, |f| {
            if let Some(&id) = self.vocab.get(f) {
                ids.push(id);
            }
        });
        ids.sort_unstable();
        ids.dedup();
        let mut out = vec![0.0; self.labels.len()];
        if ids.is_empty() {
            #[allow(clippy::cast_precision_loss)]
            let even = 1.0 / self.labels.len().max(1) as f32;
            out.fill(even);
            return out;
        }
        self.scores_ids(&ids, &mut out);
        softmax(&mut out);
        out
    }

    /// The best label with its probability, and the runner-up.
    #[must_use]
    pub fn predict(&self, toks: &[String]) -> Option<Prediction> {
        let probs = self.probabilities(toks);
        let mut order: Vec<usize> = (0..probs.len()).collect();
        order.sort_by(|a, b| probs[*b].total_cmp(&probs[*a]));
        let best = *order.first()?;
        Some(Prediction {
            label: self.labels[best].clone(),
            probability: probs[best],
            runner_up: order.get(1).map(|&i| (self.labels[i].clone(), probs[i])),
        })
    }

    /// Predicts an example utterance (with `{etat}`/`{sektor}` slots).
    #[must_use]
    pub fn predict_example(&self, text: &str) -> Option<Prediction> {
        self.predict(&example_tokens(text))
    }

    /// Number of features.
    #[must_use]
    pub fn n_features(&self) -> usize {
        self.vocab.len()
    }

    /// The model as bytes, with the fingerprint of the examples it was
    /// trained on ([`fingerprint`]): what the build script writes, so that
    /// a start does not train.
    #[must_use]
    pub fn to_bytes(&self, fingerprint: u64) -> Vec<u8> {
        use crate::bytes::{put_header, put_str, put_u32};
        let mut out = Vec::new();
        put_header(&mut out, MODEL_MAGIC, fingerprint);
        put_u32(&mut out, self.labels.len());
        for l in &self.labels {
            put_str(&mut out, l);
        }
        let mut words: Vec<(&String, &u32)> = self.vocab.iter().collect();
        words.sort_by_key(|(_, id)| **id);
        put_u32(&mut out, words.len());
        for (w, _) in words {
            put_str(&mut out, w);
        }
        for x in self.bias.iter().chain(&self.weights) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// The model written by [`Classifier::to_bytes`], if `bytes` holds one
    /// trained on examples with this fingerprint.
    #[must_use]
    pub fn from_bytes(bytes: &[u8], fingerprint: u64) -> Option<Classifier> {
        let mut r = crate::bytes::Reader(bytes);
        r.header(MODEL_MAGIC, fingerprint)?;
        let nl = r.u32()? as usize;
        let labels = (0..nl).map(|_| r.string()).collect::<Option<Vec<_>>>()?;
        let nf = r.u32()? as usize;
        let mut vocab =
            FastMap::with_capacity_and_hasher(nf, foldhash::fast::FixedState::default());
        let mut last: &[u8] = &[];
        for id in 0..nf {
            let n = r.u32()? as usize;
            let w = r.take(n)?;
            // Numbered in the order of the strings, or not this format.
            if id > 0 && last >= w {
                return None;
            }
            last = w;
            vocab.insert(String::from_utf8(w.to_vec()).ok()?, u32::try_from(id).ok()?);
        }
        let floats = r.take(4 * nl * (nf + 1))?;
        if !r.0.is_empty() {
            return None;
        }
        let mut all = floats
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let bias = all.by_ref().take(nl).collect();
        let weights = all.collect();
        Some(Classifier {
            labels,
            vocab,
            weights,
            bias,
        })
    }
}

const MODEL_MAGIC: &[u8] = b"faktabot-model-2";

/// For each stem of the example utterances and each label, how many of
/// that label's utterances hold it (the words an intent is asked with).
pub type ExampleStems = std::collections::HashMap<String, std::collections::HashMap<String, usize>>;

/// The first bytes of [`example_stems_to_bytes`].
const STEMS_MAGIC: &[u8] = b"faktabot example stems 1\n";

/// [`ExampleStems`] of these example files.
#[must_use]
pub fn example_stems(files: &[(String, ExampleFile)]) -> ExampleStems {
    let mut out = ExampleStems::new();
    for set in files.iter().flat_map(|(_, f)| f.intents.iter()) {
        for e in &set.examples {
            let stems: std::collections::HashSet<String> =
                crate::text::tokens(e).into_iter().map(|t| t.stem).collect();
            for s in stems {
                *out.entry(s).or_default().entry(set.id.clone()).or_default() += 1;
            }
        }
    }
    out
}

/// A fingerprint of what [`example_stems`] reads: every label and
/// utterance, in order.
#[must_use]
pub fn example_stems_fingerprint(files: &[(String, ExampleFile)]) -> u64 {
    let mut h = crate::bytes::Fingerprint::default();
    h.eat(STEMS_MAGIC);
    for set in files.iter().flat_map(|(_, f)| f.intents.iter()) {
        h.eat(set.id.as_bytes());
        h.eat_all(&set.examples);
    }
    h.0
}

/// The stems as bytes (in sorted order, so that a build writes the same
/// bytes every time), with the fingerprint of the examples: what the build
/// script writes, so that the first question that needs them does not
/// analyse ~2,500 utterances (~45 M instructions).
#[must_use]
pub fn example_stems_to_bytes(stems: &ExampleStems, fingerprint: u64) -> Vec<u8> {
    use crate::bytes::{put_str, put_u32};
    let mut out = Vec::new();
    crate::bytes::put_header(&mut out, STEMS_MAGIC, fingerprint);
    let mut all: Vec<(&String, &std::collections::HashMap<String, usize>)> = stems.iter().collect();
    all.sort_by(|a, b| a.0.cmp(b.0));
    put_u32(&mut out, all.len());
    for (stem, labels) in all {
        put_str(&mut out, stem);
        let mut labels: Vec<(&String, &usize)> = labels.iter().collect();
        labels.sort();
        put_u32(&mut out, labels.len());
        for (label, n) in labels {
            put_str(&mut out, label);
            put_u32(&mut out, *n);
        }
    }
    out
}

/// The stems written by [`example_stems_to_bytes`], if `bytes` hold them
/// for this fingerprint (and are whole).
#[must_use]
pub fn example_stems_from_bytes(bytes: &[u8], fingerprint: u64) -> Option<ExampleStems> {
    let mut r = crate::bytes::Reader(bytes);
    r.header(STEMS_MAGIC, fingerprint)?;
    let n = r.number()?;
    let mut out = ExampleStems::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        let stem = r.string()?;
        let labels = (0..r.number()?)
            .map(|_| Some((r.string()?, r.number()?)))
            .collect::<Option<_>>()?;
        out.insert(stem, labels);
    }
    r.0.is_empty().then_some(out)
}

/// A fingerprint of the examples and the training settings (FNV-1a, the
/// same in the build script and the binary): a model trained at build
/// time is used only for exactly the examples it was trained on.
#[must_use]
pub fn fingerprint(labels: &[String], examples: &[Example], training: Training) -> u64 {
    let mut h = crate::bytes::Fingerprint::default();
    h.eat(format!("{} {} {}", training.epochs, training.rate, training.l2).as_bytes());
    for l in labels {
        h.eat(l.as_bytes());
    }
    for e in examples {
        h.eat(&e.label.to_le_bytes());
        h.eat(e.text.as_bytes());
    }
    h.0
}

/// k-fold cross-validation: the share of examples whose label the model
/// trained on the other folds predicts. Folds are taken in a fixed
/// shuffled order.
#[must_use]
pub fn cross_validate(labels: &[String], examples: &[Example], k: usize) -> (usize, usize) {
    let k = k.max(2);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    Lcg(0xf01d).shuffle(&mut order);
    let mut right = 0;
    for fold in 0..k {
        let train: Vec<Example> = order
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, &e)| examples[e].clone())
            .collect();
        let model = Classifier::train(labels.to_vec(), &train, Training::default());
        for (i, &e) in order.iter().enumerate() {
            if i % k == fold
                && model
                    .predict_example(&examples[e].text)
                    .is_some_and(|p| p.label == labels[examples[e].label])
            {
                right += 1;
            }
        }
    }
    (right, examples.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled examples' stems are read from the bytes made at build
    /// time, and are what counting them makes; other examples, or damaged
    /// bytes, are not read.
    #[test]
    fn the_bundled_example_stems_are_read_back_and_they_are_the_count() {
        let data = crate::load::Data::bundled().unwrap();
        let print = example_stems_fingerprint(&data.examples);
        let read = example_stems_from_bytes(crate::engine::EXAMPLE_STEMS, print)
            .expect("build.rs counted exactly the bundled examples");
        let counted = example_stems(&data.examples);
        assert!(counted.len() > 1000, "{}", counted.len());
        assert_eq!(read, counted);
        let mut other = data.examples.clone();
        other[0].1.intents[0]
            .examples
            .push("et nytt eksempel".to_owned());
        assert!(
            example_stems_from_bytes(
                crate::engine::EXAMPLE_STEMS,
                example_stems_fingerprint(&other)
            )
            .is_none()
        );
        let bytes = example_stems_to_bytes(&counted, 7);
        for cut in [0, 30, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                example_stems_from_bytes(&bytes[..cut], 7).is_none(),
                "{cut}"
            );
        }
    }

    /// The features as they were made before `each_feature`, one string
    /// at a time.
    fn features_reference(toks: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        let mut stems: Vec<&str> = vec!["<s>"];
        for t in toks {
            let (surface, stem) = t.split_once('|').unwrap_or((t.as_str(), t.as_str()));
            stems.push(stem);
            out.push(format!("w:{surface}"));
            if stem != surface {
                out.push(format!("s:{stem}"));
            }
            if !surface.starts_with('§') {
                let padded: Vec<char> = format!("#{surface}#").chars().collect();
                for n in [3, 4] {
                    for w in padded.windows(n) {
                        out.push(format!("c:{}", w.iter().collect::<String>()));
                    }
                }
            }
        }
        stems.push("</s>");
        for w in stems.windows(2) {
            out.push(format!("b:{}_{}", w[0], w[1]));
        }
        out.sort();
        out.dedup();
        out
    }

    proptest::proptest! {
        #[test]
        fn features_are_the_reference_features(
            toks in proptest::collection::vec("(§?[a-zæøå]{0,6}(\\|[a-zå]{0,5})?)", 0..8)
        ) {
            proptest::prop_assert_eq!(features(&toks), features_reference(&toks));
        }
    }

    /// Probabilities over the model renumbered by string are those over
    /// the sorted feature strings with the old numbering, to the bit.
    #[test]
    fn numbering_by_string_keeps_every_probability() {
        let c = toy();
        let mut seen = std::collections::HashSet::new();
        for text in [
            "hvem eier nve",
            "hvordan finansieres det",
            "eier finansiering",
            "x",
        ] {
            let toks = question_tokens(&tokens(text), &[]);
            let p = c.probabilities(&toks);
            // Reference: the sorted strings, each looked up.
            let ids: Vec<u32> = features_reference(&toks)
                .iter()
                .filter_map(|f| c.vocab.get(f).copied())
                .collect();
            let mut ids_sorted = ids.clone();
            ids_sorted.sort_unstable();
            assert_eq!(ids, ids_sorted, "ids follow the strings' order");
            let mut q = vec![0.0; c.labels.len()];
            if !ids.is_empty() {
                c.scores_ids(&ids, &mut q);
                softmax(&mut q);
                assert_eq!(p, q);
            }
            seen.insert(ids.len());
        }
        assert!(seen.len() > 1);
    }

    fn toy() -> Classifier {
        let labels = vec!["funding".to_owned(), "owner".to_owned()];
        let ex = |label, text: &str| Example {
            label,
            text: text.to_owned(),
        };
        let examples = vec![
            ex(0, "hvordan finansieres {sektor}"),
            ex(0, "hvem betaler for it i {sektor}"),
            ex(0, "hvor kommer pengene fra"),
            ex(0, "finansiering av digitalisering"),
            ex(1, "hvem eier {etat}"),
            ex(1, "hvilket departement hører {etat} til"),
            ex(1, "er {etat} under {sektor}"),
            ex(1, "hvem styrer {etat}"),
        ];
        Classifier::train(labels, &examples, Training::default())
    }

    #[test]
    fn learns_toy_labels() {
        let c = toy();
        let p = c.predict_example("hvem eier {etat} egentlig").unwrap();
        assert_eq!(p.label, "owner");
        let p = c.predict_example("hvordan finansieres dette").unwrap();
        assert_eq!(p.label, "funding");
        assert!(p.probability > 0.5, "{p:?}");
    }

    #[test]
    fn a_model_round_trips_through_bytes_for_its_own_examples_only() {
        let c = toy();
        let bytes = c.to_bytes(42);
        let back = Classifier::from_bytes(&bytes, 42).unwrap();
        assert_eq!(back.labels, c.labels);
        assert_eq!(back.vocab, c.vocab);
        assert_eq!(back.weights, c.weights);
        assert_eq!(back.bias, c.bias);
        assert!(Classifier::from_bytes(&bytes, 43).is_none());
        assert!(Classifier::from_bytes(&bytes[..bytes.len() - 1], 42).is_none());
        assert!(Classifier::from_bytes(b"", 42).is_none());
    }

    #[test]
    fn training_is_deterministic() {
        let a = toy();
        let b = toy();
        assert_eq!(a.weights, b.weights);
    }

    #[test]
    fn unseen_words_give_even_odds() {
        let c = toy();
        let p = c.probabilities(&["zzz|zzz".to_owned()]);
        assert!((p[0] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn slots_replace_named_spans() {
        let toks = tokens("hvem eier Statens vegvesen nå");
        let q = question_tokens(&toks, &[((2, 4), true)]);
        assert_eq!(q[2], SLOT_AGENCY);
        assert_eq!(q.len(), 4);
    }
}
