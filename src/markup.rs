//! HTML markup in a message: people paste it, or try it. Tags are no
//! words, and what a script or style element holds is code.

use std::borrow::Cow;
use std::sync::OnceLock;

/// HTML elements whose content is code, not words.
const CODE_ELEMENTS: &str = r"script|style|noscript|template|svg|math";

/// HTML tags people paste or type (a name in angle brackets, "<NVE>", is
/// no tag).
const TAGS: &str = r"a|abbr|b|big|blockquote|body|br|button|center|code|dd|del|div|dl|dt|em|font|form|h[1-6]|head|header|footer|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|object|ol|option|p|pre|q|s|samp|section|select|small|span|strike|strong|sub|sup|table|tbody|td|textarea|tfoot|th|thead|title|tr|tt|u|ul|var|video";

/// `text` without HTML markup: tags become a space, and elements whose
/// content is code ("<script>alert('hei')</script>") go whole, so a
/// greeting inside a script is not one. Text without `<` is returned as
/// it is.
#[must_use]
pub fn strip(text: &str) -> Cow<'_, str> {
    static PATTERN: OnceLock<Option<regex::Regex>> = OnceLock::new();
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let pattern = PATTERN.get_or_init(|| {
        regex::RegexBuilder::new(&format!(
            r"<({CODE_ELEMENTS})\b[^>]*>(?s:.*?)(</({CODE_ELEMENTS})\s*>|$)|<({CODE_ELEMENTS})\b[^>]*$|</?({TAGS})\b[^<>]*>|<!--(?s:.*?)(-->|$)"
        ))
        .case_insensitive(true)
        .build()
        .map_err(|e| tracing::error!("markup pattern: {e}"))
        .ok()
    });
    match pattern {
        Some(re) => re.replace_all(text, " "),
        None => Cow::Borrowed(text),
    }
}

/// Web search operators a user pastes from a search box
/// (`site:regjeringen.no "DigiFin"`, `filetype:pdf`, `-luftfart`): the
/// operator and its argument go, so the words searched for are the
/// question; a word excluded with a minus is no word of it. Text without
/// `:` or a minus before a word is returned as it is.
#[must_use]
pub fn strip_search_operators(text: &str) -> Cow<'_, str> {
    static OPERATORS: OnceLock<Option<regex::Regex>> = OnceLock::new();
    static EXCLUDED: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let compile = |pattern: &str| {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .map_err(|e| tracing::error!("search operator pattern: {e}"))
            .ok()
    };
    let text = match OPERATORS
        .get_or_init(|| {
            compile(
                r"(^|\s)-?(site|inurl|allinurl|intitle|allintitle|intext|allintext|filetype|ext|related|cache|link|before|after):\S*",
            )
        })
        .as_ref()
    {
        Some(re) if text.contains(':') => re.replace_all(text, "$1"),
        _ => Cow::Borrowed(text),
    };
    if !(text.contains(" -") || text.starts_with('-')) {
        return text;
    }
    // A word after a minus, unless it is the whole message ("-NVE").
    match EXCLUDED
        .get_or_init(|| compile(r"(^|\s)-[\p{L}\p{N}]\S*"))
        .as_ref()
        .map(|re| re.replace_all(&text, "$1"))
    {
        Some(Cow::Owned(rest)) if rest.chars().any(char::is_alphanumeric) => Cow::Owned(rest),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::{strip, strip_search_operators};

    #[test]
    fn tags_go_and_code_goes_whole() {
        assert_eq!(strip("<p>Hvem eier NVE?</p>").trim(), "Hvem eier NVE?");
        assert_eq!(strip("<script>alert('hei')</script>").trim(), "");
        assert_eq!(strip("<SCRIPT src=x>hei").trim(), "");
        assert_eq!(strip("<style>p { color: red }</style>hei").trim(), "hei");
        assert_eq!(strip("<!-- hei --> NVE").trim(), "NVE");
        assert_eq!(
            strip("<b>hei</b> <i>du</i>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["hei", "du"]
        );
    }

    #[test]
    fn search_operators_go_with_their_argument() {
        assert_eq!(
            strip_search_operators("site:regjeringen.no \"DigiFin\"").trim(),
            "\"DigiFin\""
        );
        assert_eq!(
            strip_search_operators("DigiFin filetype:pdf -site:x.no").trim(),
            "DigiFin"
        );
        assert_eq!(
            strip_search_operators("NTP AND digitalisering -luftfart").trim(),
            "NTP AND digitalisering"
        );
        for text in [
            "Merk: hvem eier NVE?",
            "kl. 10:30",
            "https://digdir.no",
            "NVE",
            "KS - kommunal sektor",
            "IKT-systemene",
        ] {
            assert_eq!(strip_search_operators(text), text);
        }
    }

    #[test]
    fn angle_brackets_that_are_no_tags_stay() {
        for text in ["hvem eier <NVE>?", "a < b og c > d", "<<<>>>", "1 <2"] {
            assert_eq!(strip(text), text);
        }
    }
}
