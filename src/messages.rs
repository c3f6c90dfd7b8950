//! The bot's own sentences, as data: one Fluent file per reply language
//! (`intents/messages/{nb,nn,en}.ftl`).
//!
//! Everything the bot says around the sheet's text (the framing of an
//! answer, "not found", help, the adapters' notices, button labels) is a
//! message here, so a translator edits a `.ftl` file, not Rust. Numbers
//! and names are Fluent arguments, so plural forms and number words are
//! the language's own (`{ $count -> [one] … *[other] … }`), never a
//! number patched into a sentence. `faktabot check` fails when a message
//! is missing in one of the languages.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use thiserror::Error;

use crate::lang::Lang;

/// The languages, in the order of [`Messages`]' bundles.
pub const LANGS: [Lang; 3] = [Lang::Nb, Lang::Nn, Lang::En];

/// The messages the code asks for by a fixed id (`tests/messages.rs`
/// checks this list against the source). Besides these, each command
/// needs `command-<name>`, each facet `facet-<id>`, each intent
/// `intent-<id>` and each section kind `section-<id>`.
pub const REQUIRED: &[&str] = &[
    "list-and",
    "source-line",
    "shortened",
    "owner-yes",
    "owner-no",
    "agency-owner",
    "agency-entry",
    "agency-listed-as-many",
    "agency-listed-as",
    "agency-only-listed",
    "agency-mentions",
    "also-mentioned",
    "not-found",
    "not-found-near",
    "suggest-funding",
    "suggest-strategies",
    "suggest-agencies",
    "suggest-coordination",
    "button-funding",
    "button-strategies",
    "button-agencies",
    "button-coordination",
    "section-empty-heading",
    "section-missing",
    "topic-missing",
    "section-has-instead",
    "section-topic-elsewhere",
    "first-three-sectors",
    "listed-item",
    "listed-items-naming",
    "list-count",
    "overview-strategies",
    "overview-agencies",
    "agency-list",
    "which-agency",
    "which-sector",
    "which-sector-hint",
    "ambiguous",
    "did-you-mean",
    "did-you-mean-about",
    "overview-ministry",
    "overview-more",
    "overview-coordination",
    "overview-measures",
    "list-sectors-title",
    "list-sectors-source",
    "cross-none",
    "cross-title",
    "cross-section-title",
    "cross-section-without",
    "cross-listed",
    "cross-listed-agency",
    "removed-agency",
    "source-line-edition",
    "changes-none",
    "changes-nothing",
    "changes-title",
    "changes-this-edition",
    "changes-previous-edition",
    "changes-part-added",
    "changes-part-removed",
    "changes-part-renamed",
    "changes-agency-added",
    "changes-agency-removed",
    "changes-agency-moved",
    "changes-section",
    "facet-none",
    "facet-nothing-listed",
    "facet-total",
    "search-intro",
    "example-owner",
    "example-funding",
    "example-strategies",
    "example-agencies",
    "example-cross",
    "unknown",
    "no-question",
    "unknown-command",
    "help-title",
    "help-intro",
    "help-commands",
    "welcome",
    "welcome-remember",
    "smalltalk-thanks",
    "smalltalk-bye",
    "smalltalk-greeting",
    "smalltalk-ok",
    "slow-down",
    "button-expired",
    "try-again",
    "leave-room",
    "encrypted-room",
];

/// A message file that does not parse.
#[derive(Debug, Error)]
#[error("messages {lang}: {detail}")]
pub struct MessagesError {
    /// Language id of the file.
    pub lang: &'static str,
    /// What is wrong.
    pub detail: String,
}

/// An argument of a message.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// The message bundles of the three reply languages.
pub struct Messages {
    bundles: [FluentBundle<FluentResource>; 3],
    ids: [BTreeSet<String>; 3],
    /// The messages without arguments as formatted once, per language:
    /// most of a reply's frame (buttons, "shortened") and many of its
    /// sentences say the same every time. At most every message of a
    /// language.
    plain: [std::sync::Mutex<crate::FastMap<String, String>>; 3],
    /// Messages with arguments formatted so far, per language, by
    /// [`cache_key`]: the same sentence with the same names comes back
    /// for a question asked again (Fluent formatted ~12,000 a batch of
    /// 1,140 questions, ~6 % of their work). Cleared when full.
    with_args: [std::sync::Mutex<crate::FastMap<String, String>>; 3],
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field(
                "ids",
                &self.ids.iter().map(BTreeSet::len).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// Most messages kept per language in each cache (the messages without
/// arguments are far fewer).
const MAX_CACHED: usize = 8192;

/// A message id with its arguments as one string, for the cache of
/// formatted messages; `None` for an argument that is neither text nor a
/// plain number (formatted each time).
fn cache_key(id: &str, args: &[Arg<'_>]) -> Option<String> {
    use std::fmt::Write;
    let mut key = String::with_capacity(id.len() + 32 * args.len());
    key.push_str(id);
    for (name, value) in args {
        write!(key, "\u{1}{}:{name}", name.len()).ok()?;
        match value {
            // With its length first, so that no two lists of arguments
            // make one key, whatever characters they hold.
            FluentValue::String(s) => {
                write!(key, "{}:", s.len()).ok()?;
                key.push_str(s);
            }
            FluentValue::Number(n)
                if n.options == fluent_bundle::types::FluentNumberOptions::default() =>
            {
                key.push('\u{3}');
                write!(key, "{}", n.value).ok()?;
            }
            _ => return None,
        }
    }
    Some(key)
}

/// Errors of a file as one line.
fn joined<E: std::fmt::Display>(errs: &[E]) -> String {
    errs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::Nb => 0,
        Lang::Nn => 1,
        Lang::En => 2,
    }
}

impl Messages {
    /// Parses the Fluent sources of the three languages (nb, nn, en).
    ///
    /// # Errors
    /// A file with a syntax error or a message defined twice.
    pub fn parse(nb: &str, nn: &str, en: &str) -> Result<Messages, MessagesError> {
        let build = |lang: Lang, src: &str| {
            let err = |detail: String| MessagesError {
                lang: lang.id(),
                detail,
            };
            let res =
                FluentResource::try_new(src.to_owned()).map_err(|(_, errs)| err(joined(&errs)))?;
            let ids: BTreeSet<String> = res
                .entries()
                .filter_map(|e| match e {
                    ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                })
                .collect();
            let langid = lang
                .id()
                .parse()
                .map_err(|e| err(format!("language id: {e}")))?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // No Unicode isolation marks around arguments: the replies go
            // to chat clients and terminals as plain text.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(res)
                .map_err(|errs| err(joined(&errs)))?;
            Ok::<_, MessagesError>((bundle, ids))
        };
        let (b_nb, i_nb) = build(Lang::Nb, nb)?;
        let (b_nn, i_nn) = build(Lang::Nn, nn)?;
        let (b_en, i_en) = build(Lang::En, en)?;
        Ok(Messages {
            bundles: [b_nb, b_nn, b_en],
            ids: [i_nb, i_nn, i_en],
            plain: Default::default(),
            with_args: Default::default(),
        })
    }

    /// Whether `id` is a message in `lang`.
    #[must_use]
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.ids[index(lang)].contains(id)
    }

    /// The message ids of a language.
    #[must_use]
    pub fn ids(&self, lang: Lang) -> &BTreeSet<String> {
        &self.ids[index(lang)]
    }

    /// Messages defined in some language but missing in another:
    /// language id → missing ids.
    #[must_use]
    pub fn missing(&self) -> BTreeMap<&'static str, Vec<String>> {
        let all: BTreeSet<&String> = self.ids.iter().flatten().collect();
        let mut out = BTreeMap::new();
        for lang in LANGS {
            let gone: Vec<String> = all
                .iter()
                .filter(|id| !self.has(lang, id))
                .map(|id| (*id).clone())
                .collect();
            if !gone.is_empty() {
                out.insert(lang.id(), gone);
            }
        }
        out
    }

    /// A message without arguments.
    #[must_use]
    pub fn get(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, &[])
    }

    /// A message with arguments. A message missing in `lang` falls back to
    /// bokmål; one missing everywhere, or an argument the message does not
    /// get, is logged and shows as `⟦id⟧` (the tests look for that mark).
    #[must_use]
    pub fn format(&self, lang: Lang, id: &str, args: &[Arg<'_>]) -> String {
        if args.is_empty() {
            return Self::kept(&self.plain[index(lang)], id, || {
                self.format_now(lang, id, args)
            });
        }
        match cache_key(id, args) {
            Some(key) => Self::kept(&self.with_args[index(lang)], &key, || {
                self.format_now(lang, id, args)
            }),
            None => self.format_now(lang, id, args),
        }
    }

    /// The text kept in `cache` under `key`, else made and kept (the
    /// cache cleared first when full). A message that did not format
    /// (marked) is not kept, so it is logged again next time.
    fn kept(
        cache: &std::sync::Mutex<crate::FastMap<String, String>>,
        key: &str,
        make: impl FnOnce() -> String,
    ) -> String {
        let lock = || {
            cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(text) = lock().get(key) {
            return text.clone();
        }
        let text = make();
        if !text.starts_with('⟦') {
            let mut cache = lock();
            if cache.len() >= MAX_CACHED {
                cache.clear();
            }
            cache.insert(key.to_owned(), text.clone());
        }
        text
    }

    /// [`Messages::format`], formatted now.
    fn format_now(&self, lang: Lang, id: &str, args: &[Arg<'_>]) -> String {
        let bundle = if self.has(lang, id) {
            &self.bundles[index(lang)]
        } else {
            &self.bundles[0]
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::error!(id, lang = lang.id(), "no such message");
            return format!("⟦{id}⟧");
        };
        let fargs: FluentArgs = args.iter().cloned().collect();
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if errors.is_empty() {
            text.into_owned()
        } else {
            tracing::error!(id, lang = lang.id(), ?errors, "message did not format");
            format!("⟦{id}⟧ {text}")
        }
    }

    /// Joins names the language's way: "a, b og c".
    #[must_use]
    pub fn join(&self, lang: Lang, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => self.format(
                lang,
                "list-and",
                &[
                    ("init", init.join(", ").into()),
                    ("last", last.as_str().into()),
                ],
            ),
        }
    }
}

/// Turns a count into a Fluent argument.
#[must_use]
pub fn num(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Messages {
        Messages::parse(
            "hi = Hei { $name }!\nn = { $n -> \n [one] én etat\n *[other] { $n } etater\n}\nlist-and = { $init } og { $last }\n",
            "hi = Hei { $name }!\nn = { $n -> \n [one] éin etat\n *[other] { $n } etatar\n}\nlist-and = { $init } og { $last }\n",
            "hi = Hi { $name }!\nlist-and = { $init } and { $last }\n",
        )
        .unwrap()
    }

    #[test]
    fn formats_arguments_and_plurals_without_isolation_marks() {
        let m = sample();
        assert_eq!(
            m.format(Lang::Nb, "hi", &[("name", "Kari".into())]),
            "Hei Kari!"
        );
        assert_eq!(m.format(Lang::Nn, "n", &[("n", num(1))]), "éin etat");
        assert_eq!(m.format(Lang::Nb, "n", &[("n", num(12))]), "12 etater");
        assert_eq!(
            m.join(Lang::En, &["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }

    #[test]
    fn reports_missing_messages_and_falls_back_to_bokmal() {
        let m = sample();
        assert_eq!(m.missing().get("en"), Some(&vec!["n".to_owned()]));
        assert_eq!(m.format(Lang::En, "n", &[("n", num(2))]), "2 etater");
        assert_eq!(m.get(Lang::En, "nope"), "⟦nope⟧");
        assert!(m.format(Lang::Nb, "hi", &[]).starts_with("⟦hi⟧"));
    }

    #[test]
    fn formatted_messages_with_arguments_are_kept_apart() {
        let m = sample();
        let hi = |name: &str| m.format(Lang::Nb, "hi", &[("name", name.into())]);
        assert_eq!(hi("Ola"), "Hei Ola!");
        assert_eq!(hi("Kari"), "Hei Kari!");
        assert_eq!(hi("Ola"), "Hei Ola!");
        assert_eq!(m.with_args[0].lock().unwrap().len(), 2);
        // Counts are kept apart from text that reads like them.
        assert_eq!(m.format(Lang::Nb, "n", &[("n", num(1))]), "én etat");
        assert_eq!(m.format(Lang::Nb, "n", &[("n", num(2))]), "2 etater");
        assert_ne!(
            cache_key("x", &[("a", "1:b".into()), ("c", "d".into())]),
            cache_key("x", &[("a", "1".into()), ("b", "c".into())])
        );
        assert_ne!(
            cache_key("n", &[("n", num(1))]),
            cache_key("n", &[("n", "1".into())])
        );
    }

    #[test]
    fn refuses_broken_files() {
        assert!(Messages::parse("a = {", "", "").is_err());
        assert!(Messages::parse("a = x\na = y\n", "", "").is_err());
    }
}
