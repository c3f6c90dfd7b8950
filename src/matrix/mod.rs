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

use crate::engine::now_secs;
use crate::lang::Lang;
use crate::reply::{Reply, escape_html};
use crate::split::{Block, Markup, Style};

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
    /// Messages being answered at once: each in its own task, so that a
    /// slow send (a 429 being waited out) in one room stalls no other;
    /// when all are taken, the sync waits for one (nothing is dropped).
    in_flight: Arc<tokio::sync::Semaphore>,
}

/// Most messages answered at once.
const MAX_IN_FLIGHT: usize = 64;

/// The one retry policy ([`crate::retry`]) for sends and joins.
fn request_policy() -> crate::retry::Policy {
    crate::retry::Policy::new(Duration::from_millis(500), 4)
}

/// What a Matrix error means for the next attempt: a 429 waits as long as
/// the server asks, a 5xx or a network fault retries, anything else stops.
fn verdict(e: &matrix_sdk::Error) -> crate::retry::Verdict {
    use crate::retry::Verdict;
    use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
    let matrix_sdk::Error::Http(http) = e else {
        return Verdict::Stop;
    };
    if let Some(ErrorKind::LimitExceeded(limit)) = http.client_api_error_kind() {
        return match limit.retry_after {
            Some(RetryAfter::Delay(d)) => Verdict::After(d),
            _ => Verdict::Retry,
        };
    }
    match http.as_client_api_error() {
        Some(api) if api.status_code.is_server_error() || api.status_code.as_u16() == 429 => {
            Verdict::Retry
        }
        Some(_) => Verdict::Stop,
        // No answer from the server at all: the network or a proxy.
        None => Verdict::Retry,
    }
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
            // No retries inside the client: the adapter retries sends,
            // joins and syncs under one policy, so attempts never multiply.
            RequestConfig::new()
                .disable_retry()
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
        in_flight: Arc::new(tokio::sync::Semaphore::new(MAX_IN_FLIGHT)),
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

/// One sync; on error, waits (the one retry policy, without a limit on
/// attempts) and tries again, until it succeeds or the bot is stopping.
/// Returns the next batch token.
async fn sync_with_backoff(
    client: &Client,
    settings: SyncSettings,
    stopping: &AtomicBool,
) -> Option<String> {
    let policy = crate::retry::Policy {
        first: Duration::from_millis(500),
        max_delay: Duration::from_secs(30),
        times: None,
    };
    policy
        .run(
            || client.sync_once(settings.clone()),
            |_| {
                if stopping.load(Ordering::SeqCst) {
                    crate::retry::Verdict::Stop
                } else {
                    crate::retry::Verdict::Retry
                }
            },
            |e, w| warn!("sync failed, retrying in {w:?}: {e}"),
        )
        .await
        .ok()
        .map(|resp| resp.next_batch)
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
        let joined = request_policy()
            .run(
                || room.join(),
                verdict,
                |e, w| warn!(room = %room.room_id(), "join failed, retrying in {w:?}: {e}"),
            )
            .await;
        match joined {
            Ok(()) => info!(room = %room.room_id(), "joined"),
            Err(e) => warn!(room = %room.room_id(), "join failed: {e}"),
        }
    });
}

/// Removes a rich reply's fallback (`> <@user:server> …` lines and the
/// blank line after them) from the start of a body, as ruma defines it; a
/// quote the user wrote ("> sitat") is part of the question.
#[must_use]
pub fn strip_reply_fallback(body: &str) -> &str {
    matrix_sdk::ruma::events::room::message::sanitize::remove_plain_reply_fallback(body)
}

/// The text of a pill (a `matrix.to` link to `me`, as Element writes a
/// mention) in a message's HTML: the name the client shows for the bot,
/// which the plain body carries in its place ("Faktabot (Digdir): …").
#[must_use]
pub fn pill_label(formatted: &str, me: &str) -> Option<String> {
    const LINK: &str = "matrix.to/#/";
    let mut from = 0;
    while let Some(at) = formatted[from..].find(LINK) {
        let start = from + at + LINK.len();
        from = start;
        let end = formatted[start..]
            .find(['"', '\'', '>', '?'])
            .map_or(formatted.len(), |e| start + e);
        let target = formatted[start..end]
            .replace("%40", "@")
            .replace("%3A", ":")
            .replace("%3a", ":");
        if !target.eq_ignore_ascii_case(me) {
            continue;
        }
        let open = start + formatted[start..].find('>')? + 1;
        let close = open + formatted[open..].find("</a")?;
        let mut label = String::new();
        let mut in_tag = false;
        for c in formatted[open..close].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => label.push(c),
                _ => {}
            }
        }
        let label = label
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let label = label.trim();
        return (!label.is_empty()).then(|| label.to_owned());
    }
    None
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
    addressed_with(body, direct, prefix, me, mentioned, None)
}

/// [`addressed`], where the message's HTML has a pill for the bot shown
/// as `label`: the message is for the bot, and the label is not part of
/// the question.
#[must_use]
pub fn addressed_with(
    body: &str,
    direct: bool,
    prefix: &str,
    me: &str,
    mentioned: bool,
    label: Option<&str>,
) -> Option<String> {
    let mentioned = mentioned || label.is_some();
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
        let label = label.unwrap_or_default().to_owned();
        for needle in [
            label,
            me.to_owned(),
            format!("@{localpart}"),
            localpart.clone(),
        ] {
            if needle.is_empty() {
                continue;
            }
            if let Some(range) = crate::text::find_ci(&t, &needle) {
                t.replace_range(range, " ");
            }
        }
        return Some(t.trim().trim_start_matches([':', ',']).trim().to_owned());
    }
    None
}

/// Matrix HTML (`formatted_body`): paragraphs, bold headings, bullet
/// lists, the sources in italics.
struct MatrixHtml;

impl Markup for MatrixHtml {
    fn render(&self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for (text, style) in blocks {
            match style {
                Style::Plain => out.push_str(&format!("<p>{}</p>", escape_html(text))),
                Style::Bold => out.push_str(&format!("<p><b>{}</b></p>", escape_html(text))),
                Style::Italic => out.push_str(&format!(
                    "<p><i>{}</i></p>",
                    text.split('\n')
                        .map(escape_html)
                        .collect::<Vec<_>>()
                        .join("<br>")
                )),
                Style::List => {
                    out.push_str("<ul>");
                    for item in text.split('\n') {
                        let item = item.strip_prefix("• ").unwrap_or(item);
                        out.push_str(&format!("<li>{}</li>", escape_html(item)));
                    }
                    out.push_str("</ul>");
                }
            }
        }
        out
    }
    fn size(&self, rendered: &str) -> usize {
        rendered.len()
    }
}

/// The whole reply as Matrix HTML.
#[must_use]
pub fn render_html(reply: &Reply) -> String {
    MatrixHtml.render(&crate::split::blocks(reply))
}

/// The reply as Matrix messages, `(body, formatted_body)` each, split by
/// the core's one splitter: the two always say the same, and together
/// stay under [`MAX_CONTENT_BYTES`] (the plain text is never longer than
/// its HTML).
#[must_use]
pub fn render_messages(reply: &Reply) -> Vec<(String, String)> {
    crate::split::messages(reply, MAX_CONTENT_BYTES / 2, &MatrixHtml)
        .iter()
        .map(|m| (crate::split::plain(m), MatrixHtml.render(m)))
        .collect()
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
    let sent = request_policy()
        .run(
            || room.send(content.clone()).into_future(),
            verdict,
            |e, w| warn!(room = %room.room_id(), "send failed, retrying in {w:?}: {e}"),
        )
        .await;
    if let Err(e) = sent {
        warn!(room = %room.room_id(), "send failed: {e}");
    }
}

async fn on_message(ev: OriginalSyncRoomMessageEvent, room: Room, Ctx(state): Ctx<Arc<MxState>>) {
    if ev.sender == state.me
        || room.state() != RoomState::Joined
        || ev.origin_server_ts < state.started
    {
        return;
    }
    if !matches!(ev.content.msgtype, MessageType::Text(_)) {
        return; // notices (other bots), emotes, images, …
    }
    // Each message in its own task, at most MAX_IN_FLIGHT at once: the sync
    // waits here for a free one rather than drop a message.
    let Ok(permit) = state.in_flight.clone().acquire_owned().await else {
        return; // closed: the bot is stopping
    };
    let room_id = room.room_id().to_string();
    spawn_contained(room_id, async move {
        let _permit = permit;
        handle_message(ev, room, state).await;
    });
}

/// Runs `work` in its own task. A panic in it is logged (with `room`) and
/// goes no further: the bot and every other room carry on. The handle
/// says whether it panicked.
fn spawn_contained<F>(room: String, work: F) -> tokio::task::JoinHandle<bool>
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let task = tokio::spawn(work);
    tokio::spawn(async move {
        match task.await {
            Err(e) if e.is_panic() => {
                tracing::error!(room = %room, "answering a message panicked: {e}");
                true
            }
            _ => false,
        }
    })
}

async fn handle_message(ev: OriginalSyncRoomMessageEvent, room: Room, state: Arc<MxState>) {
    let MessageType::Text(text) = &ev.content.msgtype else {
        return;
    };
    let direct = is_direct(&room).await;
    let mentioned = ev
        .content
        .mentions
        .as_ref()
        .is_some_and(|m| m.user_ids.contains(&state.me));
    let label = text
        .formatted
        .as_ref()
        .and_then(|f| pill_label(&f.body, state.me.as_str()));
    let Some(question) = addressed_with(
        &text.body,
        direct,
        &state.config.prefix,
        state.me.as_str(),
        mentioned,
        label.as_deref(),
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
        // The first message is the reply to the question; the rest follow.
        for (i, (plain, html)) in render_messages(&reply).into_iter().enumerate() {
            let content = RoomMessageEventContent::notice_html(plain, html);
            let content = if i == 0 {
                content.make_reply_to(&ev, ForwardThread::Yes, AddMentions::No)
            } else {
                content
            };
            send_notice(&room, content).await;
        }
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
        // A quote the user wrote is not a reply fallback.
        assert_eq!(
            strip_reply_fallback("> bare sitat\nhva betyr dette?"),
            "> bare sitat\nhva betyr dette?"
        );
        assert_eq!(strip_reply_fallback("> * <@a:x> vinker\n\nhei"), "hei");
    }

    #[test]
    fn a_mention_in_another_case_is_cut_at_the_right_place() {
        // "\u{212A}" (KELVIN SIGN) is 3 bytes; its lower case "k" is 1, so
        // a position found in the lower case is 2 bytes off in the text.
        let me = "@faktabot:localhost";
        assert_eq!(
            addressed(
                "\u{212A}japp @FAKTABOT:localhost hvem eier NVE?",
                false,
                "!faktabot",
                me,
                true
            ),
            Some("\u{212A}japp   hvem eier NVE?".to_owned())
        );
    }

    #[tokio::test]
    async fn a_panic_while_answering_is_contained() {
        let panicked = spawn_contained("!a:x".into(), async { panic!("boom") });
        assert!(panicked.await.expect("the watcher itself does not panic"));
        // The runtime and other rooms go on.
        let fine = spawn_contained("!b:x".into(), async {});
        assert!(!fine.await.unwrap());
    }

    #[test]
    fn matrix_errors_map_to_the_retry_policy() {
        use crate::retry::Verdict;
        assert_eq!(verdict(&matrix_sdk::Error::InsufficientData), Verdict::Stop);
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

    #[test]
    fn a_pill_addresses_the_bot_and_its_label_is_cut() {
        let me = "@faktabot:localhost";
        let html = "<a href=\"https://matrix.to/#/@faktabot:localhost\">Faktabot (Digdir)</a>: hvem eier SSB?";
        assert_eq!(pill_label(html, me).as_deref(), Some("Faktabot (Digdir)"));
        // Percent-encoded, single quotes, a via parameter, markup inside.
        let enc = "<a href='https://matrix.to/#/%40faktabot%3Alocalhost?via=x'><b>Fakta &amp; bot</b></a> hei";
        assert_eq!(pill_label(enc, me).as_deref(), Some("Fakta & bot"));
        // A pill for somebody else is no mention of the bot.
        let other = "<a href=\"https://matrix.to/#/@alice:localhost\">Alice</a>: hei";
        assert_eq!(pill_label(other, me), None);
        assert_eq!(pill_label("<a href=\"https://matrix.to/#/", me), None);
        assert_eq!(
            addressed_with(
                "Faktabot (Digdir): hvem eier SSB?",
                false,
                "!faktabot",
                me,
                false,
                Some("Faktabot (Digdir)")
            ),
            Some("hvem eier SSB?".into())
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
    fn long_replies_are_split_with_body_and_html_alike() {
        let mut r = Reply::new(crate::intents::Intent::Search, Lang::Nb);
        for i in 0..3000 {
            r.para(format!("Avsnitt {i} med <tegn> & ord."));
        }
        let msgs = render_messages(&r);
        assert!(msgs.len() > 1);
        for (plain, html) in &msgs {
            assert!(plain.len() + html.len() <= MAX_CONTENT_BYTES);
            // The same paragraphs in both: no truncated body.
            assert_eq!(
                plain.matches("Avsnitt").count(),
                html.matches("Avsnitt").count()
            );
        }
        let all: String = msgs.iter().map(|(p, _)| p.as_str()).collect();
        assert!(all.contains("Avsnitt 0 ") && all.contains("Avsnitt 2999 "));
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
