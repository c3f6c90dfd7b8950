//! A [`Reply`] as Telegram HTML: bold title, bullet lists, the source in
//! italics, every piece of text escaped, split into messages that each stay
//! within Telegram's 4096 characters.
//!
//! Splitting happens on the plain text, before escaping and wrapping, so a
//! cut never falls inside a tag or an entity: each piece is escaped and
//! wrapped on its own. Pieces break at paragraph, then line, then word
//! boundaries, and only mid-word for a single word longer than a message.

use crate::reply::{Part, Reply};

/// Telegram's limit for one message, in characters (counted as UTF-16 code
/// units, which is how Telegram counts).
pub const MESSAGE_LIMIT: usize = 4096;

/// Escapes text for Telegram's HTML parse mode.
pub use crate::reply::escape_html as escape;

/// How a block is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Bold,
    Italic,
}

impl Style {
    fn wrap(self, escaped: &str) -> String {
        match self {
            Style::Plain => escaped.to_owned(),
            Style::Bold => format!("<b>{escaped}</b>"),
            Style::Italic => format!("<i>{escaped}</i>"),
        }
    }
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The blocks of a reply, in order, as (plain text, style).
fn blocks(reply: &Reply) -> Vec<(String, Style)> {
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
                Style::Plain,
            )),
        }
    }
    let sources = reply.source_lines();
    if !sources.is_empty() {
        out.push((sources.join("\n"), Style::Italic));
    }
    out
}

/// Cuts plain `text` into pieces whose rendering (escaped, wrapped) fits in
/// `limit` units, at line, then word, then character boundaries.
fn cut(text: &str, style: Style, limit: usize) -> Vec<String> {
    let fits = |s: &str| units(&style.wrap(&escape(s))) <= limit;
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

/// The reply as Telegram HTML messages, each within `limit` units.
#[must_use]
pub fn render_html(reply: &Reply, limit: usize) -> Vec<String> {
    render(reply, limit, true)
}

/// The reply as plain-text messages (the fallback when Telegram rejects
/// the markup), each within `limit` units.
#[must_use]
pub fn render_plain(reply: &Reply, limit: usize) -> Vec<String> {
    render(reply, limit, false)
}

fn render(reply: &Reply, limit: usize, html: bool) -> Vec<String> {
    let mut rendered: Vec<String> = Vec::new();
    for (text, style) in blocks(reply) {
        let style = if html { style } else { Style::Plain };
        for piece in cut(&text, style, limit) {
            if html {
                rendered.push(style.wrap(&escape(&piece)));
            } else {
                rendered.push(piece);
            }
        }
    }
    let mut messages: Vec<String> = Vec::new();
    let mut current = String::new();
    for block in rendered {
        let candidate = if current.is_empty() {
            block.clone()
        } else {
            format!("{current}\n\n{block}")
        };
        if units(&candidate) <= limit {
            current = candidate;
        } else {
            if !current.is_empty() {
                messages.push(std::mem::take(&mut current));
            }
            current = block;
        }
    }
    if !current.is_empty() {
        messages.push(current);
    }
    if messages.is_empty() {
        messages.push("…".to_owned());
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intents::Intent;
    use crate::lang::Lang;
    use crate::reply::Source;

    fn reply() -> Reply {
        let mut r = Reply::new(Intent::Funding, Lang::Nb);
        r.title = Some("Finansiering – <KD> & co".into());
        r.para("Tekst med <script>alert(\"x\")</script> & «sitat».");
        r.list(vec!["a < b".into(), "c & d".into()]);
        r.source(Source {
            sector: "kd".into(),
            section: "funding".into(),
            label: "Kunnskapssektoren › Finansieringsmekanismer".into(),
        });
        r.frame.sources =
            vec!["Kilde: Faktaark, Kunnskapssektoren › Finansieringsmekanismer".into()];
        r
    }

    /// Checks that a message's tags are balanced and its entities whole.
    fn well_formed(html: &str) -> bool {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find(['<', '&']) {
            rest = &rest[i..];
            if rest.starts_with('&') {
                let ok = ["&amp;", "&lt;", "&gt;", "&quot;"]
                    .iter()
                    .any(|e| rest.starts_with(e));
                if !ok {
                    return false;
                }
                rest = &rest[1..];
                continue;
            }
            let Some(end) = rest.find('>') else {
                return false;
            };
            let tag = &rest[1..end];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name) {
                    return false;
                }
            } else if matches!(tag, "b" | "i") {
                stack.push(tag);
            } else {
                return false;
            }
            rest = &rest[end + 1..];
        }
        stack.is_empty()
    }

    #[test]
    fn escapes_user_and_sheet_text_and_marks_up_the_structure() {
        let html = render_html(&reply(), MESSAGE_LIMIT);
        assert_eq!(html.len(), 1);
        let m = &html[0];
        assert!(
            m.starts_with("<b>Finansiering – &lt;KD&gt; &amp; co</b>"),
            "{m}"
        );
        assert!(m.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «sitat»"));
        assert!(m.contains("• a &lt; b\n• c &amp; d"));
        assert!(m.ends_with("<i>Kilde: Faktaark, Kunnskapssektoren › Finansieringsmekanismer</i>"));
        assert!(well_formed(m));
    }

    #[test]
    fn a_10000_character_answer_is_split_into_valid_pieces() {
        let mut r = reply();
        let long: String = (0..400)
            .map(|i| format!("Setning {i} med <tegn> & ord. "))
            .collect();
        assert!(long.chars().count() > 10_000);
        r.para(long);
        r.list((0..300).map(|i| format!("punkt {i} & <mer>")).collect());
        r.para("x".repeat(9000));
        let html = render_html(&r, MESSAGE_LIMIT);
        assert!(html.len() >= 4);
        for m in &html {
            assert!(units(m) <= MESSAGE_LIMIT, "{}", units(m));
            assert!(well_formed(m), "{m}");
        }
        // Nothing is lost: the plain text of all pieces holds every word.
        let joined = html.join("\n");
        assert!(joined.contains("Setning 399"));
        assert!(joined.contains("punkt 299"));
        let plain = render_plain(&r, MESSAGE_LIMIT);
        assert!(plain.iter().all(|m| units(m) <= MESSAGE_LIMIT));
    }

    #[test]
    fn emoji_count_as_telegram_counts_them() {
        let mut r = Reply::new(Intent::Search, Lang::Nb);
        r.para("😀".repeat(3000));
        for m in render_html(&r, MESSAGE_LIMIT) {
            assert!(units(&m) <= MESSAGE_LIMIT);
        }
    }
}
