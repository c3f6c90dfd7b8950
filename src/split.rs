//! The one reply splitter of the chat adapters: a [`Reply`] as messages
//! that each fit a chat's limit, in the chat's own markup (Telegram HTML,
//! Matrix `body` + `formatted_body`).
//!
//! Splitting happens on the plain text of the reply's blocks, before any
//! escaping or wrapping, so a cut never falls inside a tag or an entity:
//! each piece is rendered on its own, and a message is measured as the
//! adapter will send it. Pieces break at paragraph, then line, then word
//! boundaries, and only mid-word for a single word longer than a message.
//! Nothing is dropped: every word of the reply is in one message.

use crate::reply::{Part, Reply};

/// How a block is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A paragraph.
    Plain,
    /// The title or a heading.
    Bold,
    /// The source lines.
    Italic,
    /// Bullet lines ("• item", one per line).
    List,
}

/// One block of a reply: its plain text and how it is shown.
pub type Block = (String, Style);

/// How an adapter renders and measures a message.
pub trait Markup {
    /// A message (its blocks in order) as the adapter sends it.
    fn render(&self, blocks: &[Block]) -> String;
    /// The size of a rendered message, in the unit of the limit.
    fn size(&self, rendered: &str) -> usize;
}

/// The blocks of a reply, in order.
#[must_use]
pub fn blocks(reply: &Reply) -> Vec<Block> {
    let mut out = Vec::new();
    if let Some(t) = &reply.title {
        out.push((t.clone(), Style::Bold));
    }
    for p in &reply.parts {
        match p {
            Part::Paragraph(s) => out.push((s.clone(), Style::Plain)),
            Part::Heading(s) => out.push((s.clone(), Style::Bold)),
            Part::List(items) => out.push((
                items
                    .iter()
                    .map(|i| format!("• {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Style::List,
            )),
        }
    }
    let sources = reply.source_lines();
    if !sources.is_empty() {
        out.push((sources.join("\n"), Style::Italic));
    }
    out
}

/// The reply as messages (each a list of blocks) whose rendering by `m`
/// is at most `limit` in size.
#[must_use]
pub fn messages(reply: &Reply, limit: usize, m: &impl Markup) -> Vec<Vec<Block>> {
    let fits = |blocks: &[Block]| m.size(&m.render(blocks)) <= limit;
    let mut pieces: Vec<Block> = Vec::new();
    for (text, style) in blocks(reply) {
        for piece in cut(&text, &|s: &str| fits(&[(s.to_owned(), style)])) {
            pieces.push((piece, style));
        }
    }
    let mut out: Vec<Vec<Block>> = Vec::new();
    let mut current: Vec<Block> = Vec::new();
    for piece in pieces {
        current.push(piece);
        if current.len() > 1
            && !fits(&current)
            && let Some(last) = current.pop()
        {
            out.push(std::mem::take(&mut current));
            current.push(last);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.is_empty() {
        out.push(vec![("…".to_owned(), Style::Plain)]);
    }
    out
}

/// Cuts plain `text` into pieces for which `fits` holds, at line, then
/// word, then character boundaries.
fn cut(text: &str, fits: &dyn Fn(&str) -> bool) -> Vec<String> {
    if fits(text) {
        return vec![text.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    let push_unit = |unit: &str, sep: &str, pieces: &mut Vec<String>, current: &mut String| {
        let candidate = if current.is_empty() {
            unit.to_owned()
        } else {
            format!("{current}{sep}{unit}")
        };
        if fits(&candidate) {
            *current = candidate;
        } else {
            if !current.is_empty() {
                pieces.push(std::mem::take(current));
            }
            *current = unit.to_owned();
        }
    };
    for line in text.split('\n') {
        if fits(line) {
            push_unit(line, "\n", &mut pieces, &mut current);
            continue;
        }
        for word in line.split(' ') {
            if fits(word) {
                push_unit(word, " ", &mut pieces, &mut current);
                continue;
            }
            // A single word longer than a message: cut it by characters.
            let mut chunk = String::new();
            for c in word.chars() {
                chunk.push(c);
                if !fits(&chunk) {
                    chunk.pop();
                    push_unit(&chunk, " ", &mut pieces, &mut current);
                    chunk = c.to_string();
                }
            }
            if !chunk.is_empty() {
                push_unit(&chunk, " ", &mut pieces, &mut current);
            }
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Plain text of a message: its blocks, a blank line apart.
#[must_use]
pub fn plain(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intents::Intent;
    use crate::lang::Lang;

    /// Plain text measured in characters.
    struct Chars;
    impl Markup for Chars {
        fn render(&self, blocks: &[Block]) -> String {
            plain(blocks)
        }
        fn size(&self, rendered: &str) -> usize {
            rendered.chars().count()
        }
    }

    #[test]
    fn every_word_is_in_one_message_and_every_message_fits() {
        let mut r = Reply::new(Intent::Search, Lang::Nb);
        r.title = Some("Tittel".into());
        for i in 0..300 {
            r.para(format!("Avsnitt {i} med noen ord."));
        }
        r.list((0..200).map(|i| format!("punkt {i}")).collect());
        r.para("x".repeat(2500));
        let msgs = messages(&r, 1000, &Chars);
        assert!(msgs.len() > 5);
        let all: Vec<String> = msgs.iter().map(|m| plain(m)).collect();
        for m in &all {
            assert!(m.chars().count() <= 1000, "{}", m.chars().count());
        }
        let joined = all.join("\n");
        for i in [0, 150, 299] {
            assert!(joined.contains(&format!("Avsnitt {i} med")), "{i}");
        }
        assert!(joined.contains("punkt 199"));
        assert_eq!(joined.matches('x').count(), 2500);
    }

    #[test]
    fn an_empty_reply_is_one_message() {
        let r = Reply::new(Intent::Search, Lang::Nb);
        assert_eq!(messages(&r, 100, &Chars).len(), 1);
    }
}
