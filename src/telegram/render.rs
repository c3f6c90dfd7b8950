//! A [`Reply`] as Telegram HTML: bold title, bullet lists, the source in
//! italics, every piece of text escaped, split by the core's one splitter
//! ([`crate::split`]) into messages that each stay within Telegram's 4096
//! characters.

use crate::reply::Reply;
use crate::split::{Block, Markup, Style};

/// Telegram's limit for one message, in characters (counted as UTF-16 code
/// units, which is how Telegram counts).
pub const MESSAGE_LIMIT: usize = 4096;

/// Escapes text for Telegram's HTML parse mode.
pub use crate::reply::escape_html as escape;

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Telegram's HTML parse mode.
struct Html;

impl Markup for Html {
    fn render(&self, blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|(text, style)| {
                let e = escape(text);
                match style {
                    Style::Bold => format!("<b>{e}</b>"),
                    Style::Italic => format!("<i>{e}</i>"),
                    Style::Plain | Style::List => e,
                }
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
    fn size(&self, rendered: &str) -> usize {
        units(rendered)
    }
}

/// Plain text, when Telegram rejects the markup.
struct Plain;

impl Markup for Plain {
    fn render(&self, blocks: &[Block]) -> String {
        crate::split::plain(blocks)
    }
    fn size(&self, rendered: &str) -> usize {
        units(rendered)
    }
}

/// The reply as Telegram HTML messages, each within `limit` units.
#[must_use]
pub fn render_html(reply: &Reply, limit: usize) -> Vec<String> {
    crate::split::messages(reply, limit, &Html)
        .iter()
        .map(|m| Html.render(m))
        .collect()
}

/// The reply as plain-text messages (the fallback when Telegram rejects
/// the markup), each within `limit` units.
#[must_use]
pub fn render_plain(reply: &Reply, limit: usize) -> Vec<String> {
    crate::split::messages(reply, limit, &Plain)
        .iter()
        .map(|m| Plain.render(m))
        .collect()
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
