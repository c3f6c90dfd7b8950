//! The Matrix adapter: the engine in Matrix rooms, through matrix-sdk.
//!
//! No answer logic lives here. The adapter joins rooms it is invited to,
//! decides whether a message is for the bot (a direct-message room always;
//! other rooms on a mention or the `!faktabot` prefix), strips reply
//! fallbacks, runs [`Engine::answer`] with the room's context, and sends the
//! reply as an `m.notice` with a plain `body` and an escaped HTML
//! `formatted_body`, as a reply to the question.
//!
//! It keeps its session and sync token on disk, so a restart neither logs in
//! again nor replays old messages; messages older than the start of the
//! process (the backlog) are never answered. The sync loop survives network
//! errors and a homeserver restart with backoff and resumes from the saved
//! token.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::{RequestConfig, SyncSettings};
use matrix_sdk::event_handler::Ctx;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{
    AddMentions, ForwardThread, MessageType, OriginalSyncRoomMessageEvent, RoomMessageEventContent,
};
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, OwnedRoomId, OwnedUserId};
use matrix_sdk::{Client, Room, RoomState};
use tracing::{Instrument, debug, info, info_span, warn};

use crate::engine::{ContextStore, Engine};
use crate::text::strip_prefix_ci;

/// Most rooms whose context (and encryption notice) is remembered.
const MAX_ROOMS: usize = 10_000;
/// Seconds of silence after which a room's context is forgotten.
const CONTEXT_TTL_SECS: u64 = 30 * 60;

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
use crate::lang::Lang;
use crate::reply::{Part, Reply, escape_html};

/// Everything the adapter needs. `Debug` hides the secrets.
#[derive(Clone)]
pub struct MatrixConfig {
    /// Homeserver URL.
    pub homeserver: url::Url,
    /// Full user id (`@faktabot:example.org`) or localpart.
    pub user: String,
    /// Password, for the first login.
    pub password: Option<String>,
    /// An access token instead of a password.
    pub access_token: Option<String>,
    /// Folder for the session and the sync token.
    pub state_dir: PathBuf,
    /// Prefix that addresses the bot in group rooms.
    pub prefix: String,
    /// Join only on invites from these users, when not empty.
    pub allow_inviters: Vec<String>,
    /// Longest time one answer may take.
    pub answer_timeout: Duration,
    /// Long-poll timeout of one sync.
    pub sync_timeout: Duration,
    /// Users (`@alice:example.org`) who may send `!faktabot reload`.
    pub admins: Vec<String>,
    /// Where a reload (SIGHUP, `reload`) reads the data from.
    pub reload: Option<crate::live::Source>,
}

impl std::fmt::Debug for MatrixConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatrixConfig")
            .field(
                "homeserver",
                &self.homeserver.origin().ascii_serialization(),
            )
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<hidden>"),
            )
            .field("state_dir", &self.state_dir)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// A problem starting the bot.
#[derive(Debug, thiserror::Error)]
pub enum MatrixError {
    /// Configuration is missing or wrong.
    #[error("matrix configuration: {0}")]
    Config(String),
    /// The homeserver refused or could not be reached at start.
    #[error("matrix: {0}")]
    Sdk(#[from] matrix_sdk::Error),
    /// Building the client failed.
    #[error("matrix client: {0}")]
    Build(Box<matrix_sdk::ClientBuildError>),
    /// Reading or writing the state folder failed.
    #[error("matrix state {path}: {source}")]
    State {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

struct MxState {
    engine: Arc<crate::live::Live>,
    config: MatrixConfig,
    me: OwnedUserId,
    started: MilliSecondsSinceUnixEpoch,
    /// Context per room: bounded (least recently used rooms forgotten
    /// first) and expiring.
    contexts: ContextStore,
    /// Encrypted rooms already told that the bot cannot read them, bounded.
    warned_encrypted: Mutex<lru::LruCache<OwnedRoomId, ()>>,
}

fn read_state(path: &PathBuf) -> Result<Option<String>, MatrixError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(MatrixError::State {
            path: path.clone(),
            source,
        }),
    }
}

/// Writes a state file (the session holds the access token) readable by
/// its owner only (0600 on Unix), through a temporary file renamed into
/// place, so a crash never leaves half a file.
fn write_state(path: &PathBuf, text: &str) -> Result<(), MatrixError> {
    use std::io::Write as _;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(&tmp)
        .and_then(|mut f| {
            // A file left by an older version keeps its mode: set it.
            #[cfg(unix)]
            f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| MatrixError::State {
            path: path.clone(),
            source,
        })
}

/// Runs the bot until SIGINT or SIGTERM.
pub async fn run(engine: Arc<Engine>, config: MatrixConfig) -> Result<(), MatrixError> {
    run_until(engine, config, crate::signals::shutdown_signal()).await
}

/// Logs in (or restores the saved session), then syncs until `shutdown`.
pub async fn run_until(
    engine: Arc<Engine>,
    config: MatrixConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), MatrixError> {
    std::fs::create_dir_all(&config.state_dir).map_err(|source| MatrixError::State {
        path: config.state_dir.clone(),
        source,
    })?;
    let session_path = config.state_dir.join("session.json");
    let token_path = config.state_dir.join("sync_token");
    let client = Client::builder()
        .homeserver_url(config.homeserver.clone())
        .request_config(
            RequestConfig::new()
                .retry_limit(4)
                .timeout(Duration::from_secs(60)),
        )
        .build()
        .await
        .map_err(|e| MatrixError::Build(Box::new(e)))?;
    if let Some(saved) = read_state(&session_path)? {
        let session: MatrixSession = serde_json::from_str(&saved)
            .map_err(|e| MatrixError::Config(format!("{}: {e}", session_path.display())))?;
        client.restore_session(session).await?;
        info!("restored the saved session");
    } else if let Some(password) = &config.password {
        client
            .matrix_auth()
            .login_username(&config.user, password)
            .initial_device_display_name("faktabot")
            .await?;
        info!("logged in");
        if let Some(s) = client.matrix_auth().session() {
            let json = serde_json::to_string(&s).map_err(|e| MatrixError::Config(e.to_string()))?;
            write_state(&session_path, &json)?;
        }
    } else if let Some(token) = &config.access_token {
        let user_id: OwnedUserId = config.user.parse().map_err(|e| {
            MatrixError::Config(format!("user must be a full id with an access token: {e}"))
        })?;
        let session = MatrixSession {
            meta: matrix_sdk::SessionMeta {
                user_id,
                device_id: "FAKTABOT".into(),
            },
            tokens: matrix_sdk::SessionTokens {
                access_token: token.clone(),
                refresh_token: None,
            },
        };
        client.restore_session(session.clone()).await?;
        let whoami = client
            .whoami()
            .await
            .map_err(|e| MatrixError::Config(format!("access token: {e}")))?;
        let session = MatrixSession {
            meta: matrix_sdk::SessionMeta {
                user_id: whoami.user_id.clone(),
                device_id: whoami
                    .device_id
                    .clone()
                    .unwrap_or_else(|| "FAKTABOT".into()),
            },
            ..session
        };
        let json =
            serde_json::to_string(&session).map_err(|e| MatrixError::Config(e.to_string()))?;
        write_state(&session_path, &json)?;
    } else {
        return Err(MatrixError::Config(
            "set MATRIX_PASSWORD or MATRIX_ACCESS_TOKEN (or password / access_token in the config file)".to_owned(),
        ));
    }
    let me = client
        .user_id()
        .ok_or_else(|| MatrixError::Config("no user id after login".to_owned()))?
        .to_owned();
    let live = crate::live::Live::new(engine, config.reload.clone());
    crate::live::reload_on_sighup(live.clone());
    let state = Arc::new(MxState {
        engine: live,
        config: config.clone(),
        me,
        started: MilliSecondsSinceUnixEpoch::now(),
        contexts: ContextStore::new(MAX_ROOMS, CONTEXT_TTL_SECS),
        warned_encrypted: Mutex::new(lru::LruCache::new(
            std::num::NonZeroUsize::new(MAX_ROOMS).unwrap_or(std::num::NonZeroUsize::MIN),
        )),
    });

    // Catch up without answering: what is already there is the backlog.
    let mut token = read_state(&token_path)?;
    if token.is_none() {
        let settings = sync_settings(Duration::from_secs(0));
        let resp = sync_with_backoff(&client, settings, &AtomicBool::new(false)).await;
        if let Some(resp) = resp {
            write_state(&token_path, &resp)?;
            token = Some(resp);
        }
    }

    client.add_event_handler_context(state.clone());
    client.add_event_handler(on_invite);
    client.add_event_handler(on_message);
    client.add_event_handler(on_encrypted);
    // Invites that arrived while the bot was not running.
    for room in client.invited_rooms() {
        let inviter = match room.invite_details().await {
            Ok(i) => i.inviter_id.to_string(),
            Err(_) => String::new(),
        };
        accept_invite(&state, room, &inviter);
    }

    let stopping = Arc::new(AtomicBool::new(false));
    let flag = stopping.clone();
    tokio::spawn(async move {
        shutdown.await;
        info!("shutting down: finishing the sync in flight");
        flag.store(true, Ordering::SeqCst);
    });
    info!(user = %state.me, "syncing");
    while !stopping.load(Ordering::SeqCst) {
        let mut settings = sync_settings(config.sync_timeout);
        if let Some(t) = &token {
            settings = settings.token(t.clone());
        }
        let Some(next) = sync_with_backoff(&client, settings, &stopping).await else {
            break;
        };
        write_state(&token_path, &next)?;
        token = Some(next);
    }
    info!("stopped");
    Ok(())
}

/// One sync; on error, waits with growing backoff and tries again, until it
/// succeeds or the bot is stopping. Returns the next batch token.
async fn sync_with_backoff(
    client: &Client,
    settings: SyncSettings,
    stopping: &AtomicBool,
) -> Option<String> {
    let mut backoff = Duration::from_millis(500);
    loop {
        match client.sync_once(settings.clone()).await {
            Ok(resp) => return Some(resp.next_batch),
            Err(e) => {
                warn!("sync failed, retrying in {backoff:?}: {e}");
                if stopping.load(Ordering::SeqCst) {
                    return None;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
}

async fn on_invite(ev: StrippedRoomMemberEvent, room: Room, Ctx(state): Ctx<Arc<MxState>>) {
    if ev.state_key != state.me || ev.content.membership != MembershipState::Invite {
        return;
    }
    accept_invite(&state, room, ev.sender.as_str());
}

/// Joins a room the bot is invited to, when the inviter may invite it.
fn accept_invite(state: &MxState, room: Room, inviter: &str) {
    let allowed = state.config.allow_inviters.is_empty()
        || state.config.allow_inviters.iter().any(|u| u == inviter);
    if !allowed {
        info!(room = %room.room_id(), inviter, "invite not on the allow-list; ignored");
        return;
    }
    tokio::spawn(async move {
        let mut delay = Duration::from_millis(500);
        for _ in 0..6 {
            match room.join().await {
                Ok(()) => {
                    info!(room = %room.room_id(), "joined");
                    return;
                }
                Err(e) => {
                    warn!(room = %room.room_id(), "join failed, retrying: {e}");
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                }
            }
        }
    });
}

/// Removes the reply fallback (`> <@user> …` lines and the blank line after
/// them) from the start of a body.
#[must_use]
pub fn strip_reply_fallback(body: &str) -> &str {
    let mut rest = body;
    let mut stripped = false;
    while rest.starts_with("> ") || rest.starts_with(">\n") || rest == ">" {
        stripped = true;
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    if stripped {
        rest.trim_start_matches('\n')
    } else {
        body
    }
}

/// What a message asks the bot, if it is for the bot.
#[must_use]
pub fn addressed(
    body: &str,
    direct: bool,
    prefix: &str,
    me: &str,
    mentioned: bool,
) -> Option<String> {
    let text = strip_reply_fallback(body).trim();
    let lower = text.to_lowercase();
    if let Some(rest) = strip_prefix_ci(text, prefix).filter(|_| !prefix.is_empty()) {
        return Some(rest.trim_start_matches([':', ',']).trim().to_owned());
    }
    let localpart = me
        .trim_start_matches('@')
        .split(':')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let named = lower.contains(&me.to_lowercase())
        || (!localpart.is_empty()
            && lower
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == localpart));
    if direct || mentioned || named {
        let mut t = text.to_owned();
        for needle in [me.to_owned(), format!("@{localpart}"), localpart.clone()] {
            if needle.is_empty() {
                continue;
            }
            if let Some(pos) = t.to_lowercase().find(&needle.to_lowercase())
                && t.is_char_boundary(pos)
                && t.is_char_boundary(pos + needle.len())
            {
                t.replace_range(pos..pos + needle.len(), " ");
            }
        }
        return Some(t.trim().trim_start_matches([':', ',']).trim().to_owned());
    }
    None
}

/// The reply as Matrix HTML (`formatted_body`).
#[must_use]
pub fn render_html(reply: &Reply) -> String {
    let mut out = String::new();
    if let Some(t) = &reply.title {
        out.push_str(&format!("<p><b>{}</b></p>", escape_html(t)));
    }
    for p in &reply.parts {
        match p {
            Part::Paragraph(s) => out.push_str(&format!("<p>{}</p>", escape_html(s))),
            Part::Heading(s) => out.push_str(&format!("<p><b>{}</b></p>", escape_html(s))),
            Part::List(items) => {
                out.push_str("<ul>");
                for i in items {
                    out.push_str(&format!("<li>{}</li>", escape_html(i)));
                }
                out.push_str("</ul>");
            }
        }
    }
    let sources = reply.source_lines();
    if !sources.is_empty() {
        out.push_str(&format!(
            "<p><i>{}</i></p>",
            sources
                .iter()
                .map(|s| escape_html(s))
                .collect::<Vec<_>>()
                .join("<br>")
        ));
    }
    out
}

/// Largest event content the bot sends, in bytes (Matrix allows 65,536 for
/// the whole event).
const MAX_CONTENT_BYTES: usize = 48_000;

/// A direct chat: marked so in `m.direct`, or a room of two (the bot and
/// one person). The counts come from the sync's room summary (the sync
/// asks for lazy-loaded members, so the summary is sent); where the
/// summary says nothing (0), the members are asked for. A room whose size
/// cannot be known is not direct: the bot then waits to be addressed
/// rather than answer every message of a team room.
async fn is_direct(room: &Room) -> bool {
    if room.is_direct().await.unwrap_or(false) {
        return true;
    }
    let mut members = room.joined_members_count() + room.invited_members_count();
    if members == 0 {
        members = room
            .members(matrix_sdk::RoomMemberships::ACTIVE)
            .await
            .map_or(0, |m| m.len() as u64);
    }
    (1..=2).contains(&members)
}

/// Sync settings that ask for lazy-loaded members, so that every room's
/// summary (its member counts) comes with the sync.
fn sync_settings(timeout: Duration) -> SyncSettings {
    use matrix_sdk::ruma::api::client::filter::FilterDefinition;
    use matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter;
    SyncSettings::default()
        .timeout(timeout)
        .filter(Filter::FilterDefinition(
            FilterDefinition::with_lazy_loading(),
        ))
}

impl MxState {
    async fn answer(&self, room: &OwnedRoomId, text: String) -> Option<Reply> {
        let ctx = self.contexts.get(room.as_str(), now_secs());
        let engine = self.engine.engine();
        let job = tokio::task::spawn_blocking(move || engine.answer(ctx.as_ref(), &text));
        match tokio::time::timeout(self.config.answer_timeout, job).await {
            Ok(Ok((reply, ctx))) => {
                self.contexts.put(room.as_str(), ctx);
                Some(reply)
            }
            _ => None,
        }
    }
}

async fn send_notice(room: &Room, content: RoomMessageEventContent) {
    let mut delay = Duration::from_millis(500);
    for attempt in 0..4 {
        match room.send(content.clone()).await {
            Ok(_) => return,
            Err(e) => {
                warn!(room = %room.room_id(), attempt, "send failed: {e}");
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        }
    }
}

async fn on_message(ev: OriginalSyncRoomMessageEvent, room: Room, Ctx(state): Ctx<Arc<MxState>>) {
    if ev.sender == state.me
        || room.state() != RoomState::Joined
        || ev.origin_server_ts < state.started
    {
        return;
    }
    let MessageType::Text(text) = &ev.content.msgtype else {
        return; // notices (other bots), emotes, images, …
    };
    let direct = is_direct(&room).await;
    let mentioned = ev
        .content
        .mentions
        .as_ref()
        .is_some_and(|m| m.user_ids.contains(&state.me));
    let Some(question) = addressed(
        &text.body,
        direct,
        &state.config.prefix,
        state.me.as_str(),
        mentioned,
    ) else {
        return;
    };
    let span = info_span!("event", room = %room.room_id(), intent = tracing::field::Empty, latency_ms = tracing::field::Empty);
    let started = std::time::Instant::now();
    async move {
        debug!(text = %question, "question");
        let lower = question.to_lowercase();
        if lower.trim() == "reload"
            && state
                .config
                .admins
                .iter()
                .any(|a| a.as_str() == ev.sender.as_str())
        {
            let live = state.engine.clone();
            let report = tokio::task::spawn_blocking(move || live.reload_report())
                .await
                .unwrap_or_else(|e| format!("reload failed: {e}"));
            tracing::info!(admin = %ev.sender, "{report}");
            send_notice(&room, RoomMessageEventContent::notice_plain(report)).await;
            return;
        }
        if matches!(
            lower.as_str(),
            "leave" | "forlat rommet" | "gå ut" | "ga ut"
        ) && !direct
        {
            let lang = state.engine.engine().language(&question);
            let reply = RoomMessageEventContent::notice_plain(
                state.engine.engine().message(lang, "leave-room"),
            );
            send_notice(&room, reply).await;
            if let Err(e) = room.leave().await {
                warn!("leaving failed: {e}");
            }
            return;
        }
        let reply = match state
            .answer(&room.room_id().to_owned(), question.clone())
            .await
        {
            Some(r) => r,
            None => state
                .engine
                .engine()
                .notice(state.engine.engine().language(&question), "try-again"),
        };
        tracing::Span::current().record("intent", reply.intent.id());
        let plain = reply.render_plain();
        let html = render_html(&reply);
        let content = if plain.len() + html.len() > MAX_CONTENT_BYTES {
            RoomMessageEventContent::notice_plain(plain)
        } else {
            RoomMessageEventContent::notice_html(plain, html)
        };
        let content = content.make_reply_to(&ev, ForwardThread::Yes, AddMentions::No);
        send_notice(&room, content).await;
        #[allow(clippy::cast_possible_truncation)]
        tracing::Span::current().record("latency_ms", started.elapsed().as_millis() as u64);
        info!("answered");
    }
    .instrument(span)
    .await;
}

async fn on_encrypted(
    ev: OriginalSyncRoomEncryptedEvent,
    room: Room,
    Ctx(state): Ctx<Arc<MxState>>,
) {
    if ev.sender == state.me || ev.origin_server_ts < state.started {
        return;
    }
    let first = state
        .warned_encrypted
        .lock()
        .map(|mut w| w.put(room.room_id().to_owned(), ()).is_none())
        .unwrap_or(false);
    if first {
        send_notice(
            &room,
            // Nobody has written yet, so there is no language to follow:
            // bokmål, then English.
            RoomMessageEventContent::notice_plain(format!(
                "{} ({})",
                state.engine.engine().message(Lang::Nb, "encrypted-room"),
                state.engine.engine().message(Lang::En, "encrypted-room")
            )),
        )
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_fallbacks_are_stripped() {
        assert_eq!(
            strip_reply_fallback("> <@a:x> hei\n> mer\n\nhvem eier NVE?"),
            "hvem eier NVE?"
        );
        assert_eq!(strip_reply_fallback("hvem eier NVE?"), "hvem eier NVE?");
        assert_eq!(strip_reply_fallback("> bare sitat"), "");
    }

    #[test]
    fn rooms_are_addressed_by_prefix_mention_or_direct_chat() {
        let me = "@faktabot:localhost";
        assert_eq!(
            addressed("hvem eier NVE?", true, "!faktabot", me, false),
            Some("hvem eier NVE?".into())
        );
        assert_eq!(
            addressed("hvem eier NVE?", false, "!faktabot", me, false),
            None
        );
        assert_eq!(
            addressed("!faktabot hvem eier NVE?", false, "!faktabot", me, false),
            Some("hvem eier NVE?".into())
        );
        // A prefix whose lower case is shorter in bytes (KELVIN SIGN).
        assert_eq!(
            addressed(
                "!fa\u{212A}tabot hvem eier NVE?",
                false,
                "!faktabot",
                me,
                false
            ),
            Some("hvem eier NVE?".into())
        );
        assert_eq!(
            addressed("faktabot: hvem eier NVE?", false, "!faktabot", me, false),
            Some("hvem eier NVE?".into())
        );
        assert_eq!(
            addressed("hvem eier NVE?", false, "!faktabot", me, true),
            Some("hvem eier NVE?".into())
        );
        assert_eq!(
            addressed(
                "> <@a:x> Hvem eier NVE?\n\nog Lånekassen?",
                true,
                "!faktabot",
                me,
                false
            ),
            Some("og Lånekassen?".into())
        );
    }

    #[cfg(unix)]
    #[test]
    fn state_files_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.json");
        // An older, world-readable file is replaced by a private one.
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_state(&path, "{\"access_token\": \"syt_secret\"}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            read_state(&path).unwrap().unwrap(),
            "{\"access_token\": \"syt_secret\"}"
        );
        assert!(!path.with_extension("tmp").exists());
    }

    #[test]
    fn html_is_escaped() {
        let mut r = Reply::new(crate::intents::Intent::Search, Lang::Nb);
        r.para("<script>&\"");
        r.list(vec!["a<b".into()]);
        let h = render_html(&r);
        assert_eq!(
            h,
            "<p>&lt;script&gt;&amp;&quot;</p><ul><li>a&lt;b</li></ul>"
        );
    }

    #[test]
    fn secrets_are_not_in_debug_output() {
        let c = MatrixConfig {
            homeserver: "http://localhost:8008".parse().unwrap(),
            user: "@bot:localhost".into(),
            password: Some("hunter2".into()),
            access_token: Some("syt_secret".into()),
            state_dir: PathBuf::from("/tmp"),
            prefix: "!faktabot".into(),
            allow_inviters: Vec::new(),
            answer_timeout: Duration::from_secs(5),
            sync_timeout: Duration::from_secs(30),
            admins: Vec::new(),
            reload: None,
        };
        let d = format!("{c:?}");
        assert!(!d.contains("hunter2") && !d.contains("syt_secret"));
    }
}
