//! The platform-neutral reply and its plain-text and JSON renderings.
//!
//! The engine never writes markup: it builds a [`Reply`] (title,
//! paragraphs, lists, sources, suggested follow-ups) and each adapter
//! renders it for its platform, as ripgrep's searcher hands matches to a
//! printer it does not know. This module holds the renderings every
//! adapter shares: plain text (the CLI, and the `answer` of the JSON
//! contract) and the JSON object of the README's "The JSON contract".

use serde::Serialize;

use crate::intents::Intent;
use crate::lang::Lang;

/// Longest answer any platform accepts (Telegram's message limit).
pub const MAX_ANSWER_CHARS: usize = 4096;

/// One piece of a reply's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "content")]
pub enum Part {
    /// A paragraph of text.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A sub-heading (a sector's name in a multi-sector answer).
    Heading(String),
}

/// Where an answer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Sector id.
    pub sector: String,
    /// Section id.
    pub section: String,
    /// "Kunnskapssektoren › Finansieringsmekanismer".
    pub label: String,
}

/// A reply, before any platform renders it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    /// What the bot took the question to ask.
    pub intent: Intent,
    /// Language of the reply text.
    pub lang: Lang,
    /// A short title, if any.
    pub title: Option<String>,
    /// The body.
    pub parts: Vec<Part>,
    /// The parts of the sheet the answer came from.
    pub sources: Vec<Source>,
    /// Sector ids the answer is about, most relevant first.
    pub sectors: Vec<String>,
    /// Canonical names of the agencies the question named.
    pub agencies: Vec<String>,
    /// What an ambiguous name could mean.
    pub candidates: Vec<String>,
    /// Follow-up questions the user may ask next.
    pub suggestions: Vec<String>,
    /// How sure the bot is (0..1).
    pub confidence: f32,
    /// Buttons an adapter may show under the answer: a label and the
    /// question a press asks. The engine decides them; adapters only
    /// render them.
    pub actions: Vec<Action>,
    /// The words the plain rendering puts around the body, in the reply's
    /// language, filled in from the messages by the engine.
    #[serde(skip)]
    pub frame: Frame,
    /// The names of the items the answer lists, in order (the parts of
    /// the sheet, a ministry's agencies): what "the second one" in the
    /// next question refers to.
    #[serde(skip)]
    pub listed: Vec<String>,
    /// `listed` are the items of one list of a section of the sheet (a
    /// part's priority areas, strategies), not names to ask about again.
    #[serde(skip)]
    pub listed_items: bool,
}

/// A button under an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// What the button says.
    pub label: String,
    /// The question a press asks ("/finansiering KD").
    pub query: String,
}

/// The framing lines of the plain rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    /// One line per source ("Kilde: Faktaark, …").
    pub sources: Vec<String>,
    /// The note at the end of a shortened answer.
    pub shortened: String,
}

impl Reply {
    /// An empty reply of the given intent and language.
    #[must_use]
    pub fn new(intent: Intent, lang: Lang) -> Reply {
        Reply {
            intent,
            lang,
            title: None,
            parts: Vec::new(),
            sources: Vec::new(),
            sectors: Vec::new(),
            agencies: Vec::new(),
            candidates: Vec::new(),
            suggestions: Vec::new(),
            confidence: 1.0,
            actions: Vec::new(),
            frame: Frame::default(),
            listed: Vec::new(),
            listed_items: false,
        }
    }

    /// Adds a paragraph.
    pub fn para(&mut self, text: impl Into<String>) -> &mut Self {
        self.parts.push(Part::Paragraph(text.into()));
        self
    }

    /// Adds a list (nothing when it is empty).
    pub fn list(&mut self, items: Vec<String>) -> &mut Self {
        if !items.is_empty() {
            self.parts.push(Part::List(items));
        }
        self
    }

    /// Adds a source once.
    pub fn source(&mut self, source: Source) -> &mut Self {
        if !self.sources.contains(&source) {
            self.sources.push(source);
        }
        self
    }

    /// Adds a sector id once.
    pub fn sector(&mut self, id: &str) -> &mut Self {
        if !self.sectors.iter().any(|s| s == id) {
            self.sectors.push(id.to_owned());
        }
        self
    }

    /// The source lines, as the plain rendering shows them (the engine
    /// words them; a reply it did not frame shows the bare labels).
    #[must_use]
    pub fn source_lines(&self) -> Vec<String> {
        if self.frame.sources.len() == self.sources.len() {
            return self.frame.sources.clone();
        }
        self.sources.iter().map(|s| s.label.clone()).collect()
    }

    /// Plain text for a user, at most [`MAX_ANSWER_CHARS`] characters.
    /// When the body does not fit, whole parts (then list items) are left
    /// out from the end and the reply says so; the sources always stay.
    #[must_use]
    pub fn render_plain(&self) -> String {
        let footer = self.source_lines().join("\n");
        let cut_note = if self.frame.shortened.is_empty() {
            "…"
        } else {
            self.frame.shortened.as_str()
        };
        let mut body: Vec<String> = Vec::new();
        if let Some(t) = &self.title {
            body.push(t.clone());
        }
        for p in &self.parts {
            match p {
                Part::Paragraph(s) | Part::Heading(s) => body.push(s.clone()),
                Part::List(items) => body.push(
                    items
                        .iter()
                        .map(|i| format!("• {i}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            }
        }
        let full = join_body(&body, &footer);
        if full.chars().count() <= MAX_ANSWER_CHARS {
            return full;
        }
        // Shorten: drop lines from the end of the body until it fits.
        let budget = MAX_ANSWER_CHARS - footer.chars().count() - cut_note.chars().count() - 4;
        let mut lines: Vec<String> = body.join("\n\n").split('\n').map(str::to_owned).collect();
        while !lines.is_empty() && lines.join("\n").chars().count() > budget {
            let last = lines.pop().unwrap_or_default();
            if lines.is_empty() {
                // One enormous line: cut it at a character boundary.
                let keep: String = last.chars().take(budget.saturating_sub(1)).collect();
                lines.push(keep);
            }
        }
        let mut text = lines.join("\n").trim_end().to_owned();
        text.push('\n');
        text.push_str(cut_note);
        if !footer.is_empty() {
            text.push_str("\n\n");
            text.push_str(&footer);
        }
        text
    }

    /// The JSON object of the reply contract.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.json_view()).unwrap_or(serde_json::Value::Null)
    }

    /// [`Reply::to_json`] written out on one line, as `ask --json` prints
    /// it: serialized straight from the reply, not through a
    /// `serde_json::Value` (whose keys it has in the same, sorted order).
    #[must_use]
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(&self.json_view()).unwrap_or_default()
    }

    fn json_view(&self) -> JsonReply<'_> {
        JsonReply {
            actions: &self.actions,
            agencies: &self.agencies,
            answer: self.render_plain(),
            candidates: &self.candidates,
            confidence: (f64::from(self.confidence) * 1000.0).round() / 1000.0,
            intent: self.intent.id(),
            lang: self.lang.id(),
            sectors: &self.sectors,
            sources: self
                .sources
                .iter()
                .map(|s| JsonSource {
                    section: &s.section,
                    sector: &s.sector,
                })
                .collect(),
            suggestions: &self.suggestions,
            title: self.title.as_deref(),
        }
    }
}

/// The reply contract's object, keys in sorted order (as a
/// `serde_json::Value` map has them); empty optional lists and a missing
/// title are left out.
#[derive(Serialize)]
struct JsonReply<'a> {
    #[serde(skip_serializing_if = "<[Action]>::is_empty")]
    actions: &'a [Action],
    agencies: &'a [String],
    answer: String,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    candidates: &'a [String],
    confidence: f64,
    intent: &'a str,
    lang: &'a str,
    sectors: &'a [String],
    sources: Vec<JsonSource<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    section: &'a str,
    sector: &'a str,
}

/// Escapes text for HTML (Telegram's parse mode, Matrix's
/// `formatted_body`): `&`, `<`, `>` and `"`.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn join_body(body: &[String], footer: &str) -> String {
    let mut text = body.join("\n\n");
    if !footer.is_empty() {
        text.push_str("\n\n");
        text.push_str(footer);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply() -> Reply {
        let mut r = Reply::new(Intent::Funding, Lang::Nb);
        r.title = Some("Tittel".into());
        r.source(Source {
            sector: "kd".into(),
            section: "funding".into(),
            label: "Kunnskapssektoren › Finansieringsmekanismer".into(),
        });
        r.frame = Frame {
            sources: vec!["Kilde: Faktaark, Kunnskapssektoren › Finansieringsmekanismer".into()],
            shortened: "… (forkortet: spør om én del om gangen for resten)".into(),
        };
        r
    }

    #[test]
    fn renders_title_parts_and_source() {
        let mut r = reply();
        r.para("Avsnitt.").list(vec!["a".into(), "b".into()]);
        assert_eq!(
            r.render_plain(),
            "Tittel\n\nAvsnitt.\n\n• a\n• b\n\nKilde: Faktaark, Kunnskapssektoren › Finansieringsmekanismer"
        );
    }

    #[test]
    fn long_replies_are_cut_to_the_limit_and_keep_their_source() {
        let mut r = reply();
        for i in 0..400 {
            r.para(format!("Avsnitt nummer {i} med litt tekst."));
        }
        r.list((0..500).map(|i| format!("punkt {i}")).collect());
        let text = r.render_plain();
        assert!(text.chars().count() <= MAX_ANSWER_CHARS);
        assert!(text.contains("forkortet"));
        assert!(text.ends_with("Finansieringsmekanismer"));
        let mut r = reply();
        r.para("x".repeat(10_000));
        assert!(r.render_plain().chars().count() <= MAX_ANSWER_CHARS);
    }

    #[test]
    fn json_follows_the_contract() {
        let mut r = reply();
        r.sector("kd");
        let v = r.to_json();
        assert_eq!(v["intent"], "funding");
        assert_eq!(v["sectors"][0], "kd");
        assert_eq!(v["sources"][0]["section"], "funding");
        assert!(v.get("candidates").is_none());
    }
}
