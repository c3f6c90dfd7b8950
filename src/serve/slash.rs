//! Slack and Mattermost slash commands at `/slash` (`/faktabot hvem eier
//! NVE?`).
//!
//! Both post a form (`application/x-www-form-urlencoded`) with the
//! command's `text`, `team_id`, `channel_id` and `user_id`, and take a JSON
//! reply (`response_type`, `text`). They prove who they are differently:
//! - Slack signs each request: `X-Slack-Signature` is `v0=` and the hex
//!   HMAC-SHA256, keyed by the app's signing secret, of
//!   `v0:{X-Slack-Request-Timestamp}:{body}`; a timestamp more than five
//!   minutes away from now is refused (no replays).
//! - Mattermost sends the command's `token` in the form.
//!
//! A request that proves neither gets 401 and no answer. Comparisons are
//! constant-time (`hmac`'s `verify_slice`, `subtle` for tokens). The
//! answer is rendered as Slack's mrkdwn or Mattermost's markdown, with
//! everything from the sheet escaped.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::{ATTRIBUTION, ApiError, AppState, SLACK_SIGNATURE, SLACK_TIMESTAMP, SOURCE_URL};
use crate::reply::{Part, Reply};

/// How far a Slack timestamp may be from now, in seconds.
pub const MAX_SKEW_SECS: u64 = 300;

/// Which platform sent a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Slack (signed).
    Slack,
    /// Mattermost (token).
    Mattermost,
}

impl Platform {
    fn id(self) -> &'static str {
        match self {
            Platform::Slack => "slack",
            Platform::Mattermost => "mattermost",
        }
    }
}

/// The fields of a slash command the bot reads.
#[derive(Debug, Default, Deserialize)]
struct Command {
    #[serde(default)]
    text: String,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    channel_id: String,
    #[serde(default)]
    user_id: String,
}

/// The `v0=` signature Slack would send for `body` at `timestamp`.
#[must_use]
pub fn slack_signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether a Slack request is genuine: the signature matches and the
/// timestamp is within [`MAX_SKEW_SECS`] of `now`.
#[must_use]
pub fn verify_slack(secret: &str, headers: &HeaderMap, body: &[u8], now: u64) -> bool {
    let Some(ts) = headers
        .get(SLACK_TIMESTAMP)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        return false;
    };
    let Ok(secs) = ts.parse::<u64>() else {
        return false;
    };
    if secs.abs_diff(now) > MAX_SKEW_SECS {
        return false;
    }
    let Some(sig) = headers
        .get(SLACK_SIGNATURE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix("v0="))
        .and_then(|hex_sig| hex::decode(hex_sig).ok())
    else {
        return false;
    };
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"v0:");
    mac.update(ts.as_bytes());
    mac.update(b":");
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

fn token_matches(given: &str, tokens: &[String]) -> bool {
    // Every configured token is compared, so the time does not tell which
    // one (or whether any) came close.
    tokens.iter().fold(false, |found, t| {
        let same: bool = t.as_bytes().ct_eq(given.as_bytes()).into();
        found | (same && !t.is_empty())
    })
}

use crate::engine::now_secs;

/// `POST /slash`.
pub async fn handle(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    if !super::content_type_is(&headers, "application/x-www-form-urlencoded") {
        return Err(state.reject(
            "slash",
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "slash commands are posted as application/x-www-form-urlencoded",
            ),
        ));
    }
    let body = body.map_err(|e| {
        state.reject(
            "slash",
            ApiError::new(e.status(), "the request body could not be read"),
        )
    })?;
    let platform = if headers.contains_key(SLACK_SIGNATURE) {
        let ok = state
            .config
            .slack_signing_secret
            .as_deref()
            .is_some_and(|secret| verify_slack(secret, &headers, &body, now_secs()));
        ok.then_some(Platform::Slack)
    } else {
        None
    };
    let command: Command = serde_urlencoded::from_bytes(&body).map_err(|e| {
        state.reject(
            "slash",
            ApiError::new(StatusCode::BAD_REQUEST, format!("malformed form: {e}")),
        )
    })?;
    let platform = platform.or_else(|| {
        (!headers.contains_key(SLACK_SIGNATURE)
            && command
                .token
                .as_deref()
                .is_some_and(|t| token_matches(t, &state.config.mattermost_tokens)))
        .then_some(Platform::Mattermost)
    });
    let Some(platform) = platform else {
        return Err(state.reject(
            "slash",
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "the request is not signed by Slack or has no valid Mattermost token",
            ),
        ));
    };
    let who = format!(
        "{}:{}:{}:{}",
        platform.id(),
        command.team_id,
        command.channel_id,
        command.user_id
    );
    state.admit_question("slash", &who, &command.text)?;
    let reply = state.answer("slash", Some(who), command.text).await?;
    let text = match platform {
        Platform::Slack => render_slack(&reply),
        Platform::Mattermost => render_mattermost(&reply),
    };
    Ok(axum::Json(serde_json::json!({
        "response_type": state.config.slash_response_type,
        "text": text,
    }))
    .into_response())
}

/// Escapes text for Slack's mrkdwn (`&`, `<`, `>`).
#[must_use]
pub fn escape_slack(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Escapes text for Mattermost's markdown: every character that could
/// start markup gets a backslash.
#[must_use]
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '!'
                | '|'
                | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The reply in Slack's mrkdwn.
#[must_use]
pub fn render_slack(reply: &Reply) -> String {
    render(
        reply,
        escape_slack,
        |t| format!("*{t}*"),
        |t| format!("_{t}_"),
        |label| format!("<{SOURCE_URL}|{label}>"),
    )
}

/// The reply in Mattermost's markdown.
#[must_use]
pub fn render_mattermost(reply: &Reply) -> String {
    render(
        reply,
        escape_markdown,
        |t| format!("**{t}**"),
        |t| format!("*{t}*"),
        |label| format!("[{label}]({SOURCE_URL})"),
    )
}

fn render(
    reply: &Reply,
    escape: fn(&str) -> String,
    bold: fn(&str) -> String,
    italic: fn(&str) -> String,
    link: fn(&str) -> String,
) -> String {
    let mut blocks: Vec<String> = Vec::new();
    if let Some(t) = &reply.title {
        blocks.push(bold(&escape(t)));
    }
    for p in &reply.parts {
        match p {
            Part::Paragraph(s) => blocks.push(escape(s)),
            Part::Heading(s) => blocks.push(bold(&escape(s))),
            Part::List(items) => blocks.push(
                items
                    .iter()
                    .map(|i| format!("• {}", escape(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
    let sources = reply.source_lines();
    if !sources.is_empty() {
        let lines: Vec<String> = sources.iter().map(|s| italic(&escape(s))).collect();
        blocks.push(format!("{}\n{}", lines.join("\n"), link(ATTRIBUTION)));
    }
    blocks.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn signed(secret: &str, ts: u64, body: &[u8]) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(SLACK_TIMESTAMP, HeaderValue::from(ts));
        h.insert(
            SLACK_SIGNATURE,
            HeaderValue::from_str(&slack_signature(secret, &ts.to_string(), body)).unwrap(),
        );
        h
    }

    #[test]
    fn slack_signatures_are_checked_with_the_secret_and_the_time_window() {
        let body = b"text=hvem+eier+NVE&user_id=U1";
        let now = 1_700_000_000;
        assert!(verify_slack(
            "s3cret",
            &signed("s3cret", now, body),
            body,
            now
        ));
        assert!(verify_slack(
            "s3cret",
            &signed("s3cret", now - 200, body),
            body,
            now
        ));
        // Wrong secret, changed body, too old, from the future, no headers.
        assert!(!verify_slack(
            "other",
            &signed("s3cret", now, body),
            body,
            now
        ));
        assert!(!verify_slack(
            "s3cret",
            &signed("s3cret", now, body),
            b"text=x",
            now
        ));
        assert!(!verify_slack(
            "s3cret",
            &signed("s3cret", now - 301, body),
            body,
            now
        ));
        assert!(!verify_slack(
            "s3cret",
            &signed("s3cret", now + 301, body),
            body,
            now
        ));
        assert!(!verify_slack("s3cret", &HeaderMap::new(), body, now));
        let mut bad = signed("s3cret", now, body);
        bad.insert(SLACK_SIGNATURE, HeaderValue::from_static("v0=zz"));
        assert!(!verify_slack("s3cret", &bad, body, now));
    }

    #[test]
    fn tokens_match_exactly_and_never_when_empty() {
        let tokens = vec!["abc".to_owned(), String::new()];
        assert!(token_matches("abc", &tokens));
        assert!(!token_matches("abcd", &tokens));
        assert!(!token_matches("", &tokens));
        assert!(!token_matches("abc", &[]));
    }

    #[test]
    fn markup_in_answers_is_escaped() {
        assert_eq!(escape_slack("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
        assert_eq!(escape_markdown("*a* [b](c)"), "\\*a\\* \\[b\\]\\(c\\)");
    }
}
