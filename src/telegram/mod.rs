//! The Telegram adapter: the engine as a teloxide bot.
//!
//! No answer logic lives here. The adapter decides *whether* to answer (a
//! private chat always; a group only for commands, mentions and replies to
//! the bot), turns a message into [`Engine::answer`] with the chat's
//! context from teloxide's dialogue storage, and renders the [`Reply`] as
//! HTML messages with inline keyboards. Everything that can fail on the
//! wire (429, 5xx, a blocked chat, markup Telegram rejects) is handled
//! here, so a fault costs one message at most, never the process.

pub mod render;
pub mod stores;

use std::num::NonZeroUsize;

use lru::LruCache;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Deserialize;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::{Limits, Settings};
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, ChatKind, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup,
    InlineQueryResult, InlineQueryResultArticle, InputMessageContent, InputMessageContentText, Me,
    ParseMode,
};
use teloxide::{ApiError, RequestError};
use tracing::{Instrument, debug, info, info_span, warn};

use crate::engine::{Context, ContextStore, Engine};
use crate::lang::Lang;
use crate::reply::Reply;

/// The bot as the handlers use it.
pub type TgBot = Throttle<Bot>;

/// Where the chats' context is kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StorageConfig {
    /// In memory (lost on restart).
    #[default]
    Memory,
    /// A SQLite file.
    Sqlite(String),
    /// A Redis server URL (shared by several replicas).
    Redis(String),
}

impl StorageConfig {
    /// "memory", "sqlite:PATH" or "redis://...".
    pub fn parse(s: &str) -> Result<StorageConfig, String> {
        if s == "memory" || s.is_empty() {
            Ok(StorageConfig::Memory)
        } else if let Some(p) = s.strip_prefix("sqlite:") {
            Ok(StorageConfig::Sqlite(p.to_owned()))
        } else if s.starts_with("redis://") || s.starts_with("rediss://") {
            Ok(StorageConfig::Redis(s.to_owned()))
        } else {
            Err(format!(
                "storage «{s}»: use memory, sqlite:PATH or redis://HOST"
            ))
        }
    }
}

/// Webhook deployment.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Public URL Telegram posts updates to.
    pub url: url::Url,
    /// Local address to listen on.
    pub listen: SocketAddr,
    /// Secret token Telegram sends in `X-Telegram-Bot-Api-Secret-Token`.
    pub secret: String,
}

/// Everything the adapter needs. `Debug` hides the token.
#[derive(Clone)]
pub struct TelegramConfig {
    /// The bot token (never logged).
    pub token: String,
    /// Another Bot API server (self-hosted, or a test stand-in).
    pub api_url: Option<url::Url>,
    /// Webhooks instead of long polling.
    pub webhook: Option<WebhookConfig>,
    /// Where context is kept.
    pub storage: StorageConfig,
    /// Only these chats are served, when not empty.
    pub allow_chats: Vec<i64>,
    /// Only these users are served, when not empty.
    pub allow_users: Vec<u64>,
    /// Questions a user may ask per minute.
    pub rate_limit_per_minute: u32,
    /// Longest time one answer may take.
    pub answer_timeout: Duration,
    /// Retries of one send after 429 or 5xx.
    pub max_retries: u32,
    /// Pause before the first retry after a 5xx or network error.
    pub retry_backoff: Duration,
    /// Users who may send `/reload` (a new edition of the sheet).
    pub admins: Vec<u64>,
    /// Where a reload (SIGHUP, `/reload`) reads the data from.
    pub reload: Option<crate::live::Source>,
}

impl std::fmt::Debug for TelegramConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("token", &"<hidden>")
            .field(
                "api_url",
                &self
                    .api_url
                    .as_ref()
                    .map(|u| u.origin().ascii_serialization()),
            )
            .field("webhook", &self.webhook.as_ref().map(|w| w.listen))
            .field("storage", &self.storage)
            .field("allow_chats", &self.allow_chats.len())
            .field("allow_users", &self.allow_users.len())
            .finish_non_exhaustive()
    }
}

impl Default for TelegramConfig {
    fn default() -> Self {
        TelegramConfig {
            token: String::new(),
            api_url: None,
            webhook: None,
            storage: StorageConfig::Memory,
            allow_chats: Vec::new(),
            allow_users: Vec::new(),
            rate_limit_per_minute: 20,
            answer_timeout: Duration::from_secs(5),
            max_retries: 3,
            retry_backoff: Duration::from_millis(500),
            admins: Vec::new(),
            reload: None,
        }
    }
}

/// The config file (`--config FILE`, TOML). Every key is optional; the
/// environment (`TELOXIDE_TOKEN`, `TELOXIDE_API_URL`) overrides it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Bot token.
    pub token: Option<String>,
    /// Bot API server URL.
    pub api_url: Option<String>,
    /// Public webhook URL.
    pub webhook_url: Option<String>,
    /// Listen address for webhooks.
    pub listen: Option<String>,
    /// Webhook secret token.
    pub webhook_secret: Option<String>,
    /// "memory", "sqlite:PATH", "redis://HOST".
    pub storage: Option<String>,
    /// Allowed chat ids.
    #[serde(default)]
    pub allow_chats: Vec<i64>,
    /// Allowed user ids.
    #[serde(default)]
    pub allow_users: Vec<u64>,
    /// Questions per user per minute.
    pub rate_limit_per_minute: Option<u32>,
    /// Seconds one answer may take.
    pub answer_timeout_secs: Option<u64>,
    /// Retries after 429 or 5xx.
    pub max_retries: Option<u32>,
    /// User ids who may send `/reload`.
    #[serde(default)]
    pub admins: Vec<u64>,
}

/// A problem starting the bot.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    /// Configuration is missing or wrong.
    #[error("telegram configuration: {0}")]
    Config(String),
    /// The Bot API refused or could not be reached at start.
    #[error("telegram: {0}")]
    Request(#[from] RequestError),
    /// The context storage could not be opened.
    #[error("telegram storage: {0}")]
    Storage(String),
    /// The webhook server failed.
    #[error("telegram webhook server: {0}")]
    Server(#[from] std::io::Error),
}

/// Most chats and users whose blocking and rate state is kept.
const MAX_TRACKED: NonZeroUsize = NonZeroUsize::new(100_000).expect("not zero");

/// Shared state of the handlers.
struct State {
    engine: Arc<crate::live::Live>,
    config: TelegramConfig,
    me: Me,
    storage: Arc<ErasedStorage<Context>>,
    /// Which updates were taken (by this process, or any replica).
    claims: stores::Claims,
    /// Chats that blocked or removed the bot (until `my_chat_member` says
    /// it is back), bounded: the least recently seen are forgotten first.
    blocked: Mutex<LruCache<ChatId, ()>>,
    /// Per user: window start, questions in it, warned. Bounded the same
    /// way; a forgotten user just starts a new window.
    rates: Mutex<LruCache<UserId, (Instant, u32, bool)>>,
    /// Questions, latency and failures, for `/metrics` on the webhook
    /// server.
    metrics: crate::metrics::Metrics,
}

/// Runs the bot until SIGINT or SIGTERM.
pub async fn run(engine: Arc<Engine>, config: TelegramConfig) -> Result<(), TelegramError> {
    run_until(engine, config, crate::signals::shutdown_signal()).await
}

/// Most chats whose context the in-memory storage keeps.
const MAX_CHATS: usize = 100_000;

/// The chats' context storage and the record of taken updates: both in
/// Redis when replicas share it, else the context where configured and the
/// updates in this process.
async fn open_storage(
    config: &StorageConfig,
) -> Result<(Arc<ErasedStorage<Context>>, stores::Claims), TelegramError> {
    let ttl = crate::engine::Settings::default().context_ttl_secs;
    Ok(match config {
        StorageConfig::Memory => (
            Arc::new(stores::MemoryStorage(ContextStore::new(MAX_CHATS, ttl))).erase(),
            stores::Claims::local(),
        ),
        #[cfg(feature = "sqlite")]
        StorageConfig::Sqlite(path) => (
            stores::SqliteStorage::open(path, ttl)
                .await
                .map_err(|e| TelegramError::Storage(e.to_string()))?
                .erase(),
            stores::Claims::local(),
        ),
        #[cfg(feature = "redis")]
        StorageConfig::Redis(url) => {
            let redis = stores::RedisStorage::open(url, ttl)
                .map_err(|e| TelegramError::Storage(e.to_string()))?;
            (redis.clone().erase(), stores::Claims::Redis(redis))
        }
        #[cfg(not(feature = "sqlite"))]
        StorageConfig::Sqlite(_) => {
            return Err(TelegramError::Storage(
                "this build has no SQLite storage: build with --features sqlite (or full)".into(),
            ));
        }
        #[cfg(not(feature = "redis"))]
        StorageConfig::Redis(_) => {
            return Err(TelegramError::Storage(
                "this build has no Redis storage: build with --features redis (or full)".into(),
            ));
        }
    })
}

/// Runs the bot until `shutdown` completes; then stops taking updates,
/// finishes the answers in flight and confirms the update offset.
pub async fn run_until(
    engine: Arc<Engine>,
    config: TelegramConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), TelegramError> {
    if config.token.trim().is_empty() {
        return Err(TelegramError::Config(
            "no bot token: set TELOXIDE_TOKEN or `token` in the config file".to_owned(),
        ));
    }
    let mut raw = Bot::new(config.token.clone());
    if let Some(url) = &config.api_url {
        raw = raw.set_api_url(url.clone());
    }
    let bot: TgBot = Throttle::spawn_with_settings(
        raw,
        Settings::default().limits(Limits::default()).no_retry(),
    );
    let me = bot.get_me().await?;
    info!(username = me.username(), "connected to the Bot API");
    let (storage, claims) = open_storage(&config.storage).await?;
    register_commands(&bot, &engine).await;
    let live = crate::live::Live::new(engine, config.reload.clone());
    crate::live::reload_on_sighup(live.clone());
    let state = Arc::new(State {
        engine: live,
        config: config.clone(),
        me,
        storage,
        claims,
        blocked: Mutex::new(LruCache::new(MAX_TRACKED)),
        rates: Mutex::new(LruCache::new(MAX_TRACKED)),
        metrics: crate::metrics::Metrics::new(),
    });
    // An update Telegram delivers again (after a timeout, or to another
    // replica) is answered once.
    let handler = dptree::entry()
        .filter_async(|upd: Update, state: Arc<State>| async move {
            let fresh = state.claims.claim(upd.id.0).await;
            if !fresh {
                debug!(update = upd.id.0, "update already taken");
            }
            fresh
        })
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
        .branch(Update::filter_inline_query().endpoint(on_inline))
        .branch(Update::filter_my_chat_member().endpoint(on_my_chat_member));
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
        .dependencies(dptree::deps![state.clone()])
        // Edited messages, channel posts and the rest: no reply, no log.
        .default_handler(|_| async {})
        .build();
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        shutdown.await;
        info!("shutting down: finishing answers in flight");
        if let Ok(done) = token.shutdown() {
            done.await;
        }
    });
    let errors = LoggingErrorHandler::with_custom_text("update listener");
    match &config.webhook {
        None => {
            let listener = teloxide::update_listeners::Polling::builder(bot.clone())
                .timeout(Duration::from_secs(10))
                .backoff_strategy(|n| Duration::from_millis(200u64 << n.min(8)))
                .delete_webhook()
                .await
                .build();
            dispatcher.dispatch_with_listener(listener, errors).await;
        }
        Some(w) => {
            let options =
                teloxide::update_listeners::webhooks::Options::new(w.listen, w.url.clone())
                    .secret_token(w.secret.clone());
            let (listener, stop, router) =
                teloxide::update_listeners::webhooks::axum_to_router(bot.clone(), options).await?;
            let metrics = state.metrics.clone();
            let router = router
                .route("/healthz", axum::routing::get(|| async { "ok" }))
                .route(
                    "/metrics",
                    axum::routing::get(move || {
                        let metrics = metrics.clone();
                        async move {
                            (
                                [(
                                    axum::http::header::CONTENT_TYPE,
                                    crate::metrics::CONTENT_TYPE,
                                )],
                                metrics.render(),
                            )
                        }
                    }),
                );
            let tcp = tokio::net::TcpListener::bind(w.listen).await?;
            let server =
                tokio::spawn(
                    async move { axum::serve(tcp, router).with_graceful_shutdown(stop).await },
                );
            dispatcher.dispatch_with_listener(listener, errors).await;
            match server.await {
                Ok(r) => r?,
                Err(e) => warn!("webhook server task: {e}"),
            }
        }
    }
    info!("stopped");
    Ok(())
}

/// Registers the commands from the intent files with setMyCommands: the
/// bokmål lines for everyone, and nynorsk and English lines for users
/// whose Telegram is set to those languages.
async fn register_commands(bot: &TgBot, engine: &Engine) {
    for (code, lang) in [
        (None, Lang::Nb),
        (Some("nn"), Lang::Nn),
        (Some("en"), Lang::En),
    ] {
        // "/hjelp" is a Norwegian synonym of "/help": one entry in the menu.
        let commands: Vec<BotCommand> = engine
            .rules()
            .commands
            .iter()
            .filter(|c| c.name != "hjelp")
            .map(|c| {
                // Telegram takes at most 256 characters (not bytes).
                let d: String = engine
                    .command_help(&c.name, lang)
                    .chars()
                    .take(250)
                    .collect();
                BotCommand::new(c.name.to_lowercase(), d)
            })
            .collect();
        let mut req = bot.set_my_commands(commands);
        if let Some(code) = code {
            req = req.language_code(code);
        }
        if let Err(e) = req.await {
            warn!(language = code, "setMyCommands failed: {e}");
        }
    }
}

/// What to do with a message.
#[derive(Debug, PartialEq, Eq)]
enum Addressed {
    /// Answer this text.
    Ask(String),
    /// Not for the bot.
    Ignore,
}

/// Decides whether a message is for the bot, and what it asks. Pure, so
/// the group rules are unit-tested.
fn addressed(text: &str, private: bool, username: &str, reply_to_bot: bool) -> Addressed {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('/') {
        let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (name, target) = match word.split_once('@') {
            Some((n, t)) => (n, Some(t)),
            None => (word, None),
        };
        if let Some(t) = target
            && !t.eq_ignore_ascii_case(username)
        {
            return Addressed::Ignore;
        }
        return Addressed::Ask(format!("/{name} {}", arg.trim()).trim_end().to_owned());
    }
    let mention = format!("@{username}");
    let lower = text.to_lowercase();
    let mentioned = !username.is_empty() && lower.contains(&mention.to_lowercase());
    if private || mentioned || reply_to_bot {
        let cleaned = if mentioned {
            remove_ci(text, &mention)
        } else {
            text.to_owned()
        };
        return Addressed::Ask(cleaned.trim().to_owned());
    }
    Addressed::Ignore
}

/// `text` without any case-insensitive occurrence of `needle`.
fn remove_ci(text: &str, needle: &str) -> String {
    let lower = text.to_lowercase();
    let n = needle.to_lowercase();
    if lower.len() != text.len() {
        return text.replace(needle, " ");
    }
    let mut out = String::new();
    let mut i = 0;
    while let Some(pos) = lower[i..].find(&n) {
        out.push_str(&text[i..i + pos]);
        out.push(' ');
        i += pos + n.len();
    }
    out.push_str(&text[i..]);
    out
}

impl State {
    fn allowed(&self, chat: ChatId, user: Option<UserId>) -> bool {
        let chat_ok =
            self.config.allow_chats.is_empty() || self.config.allow_chats.contains(&chat.0);
        let user_ok = self.config.allow_users.is_empty()
            || user.is_some_and(|u| self.config.allow_users.contains(&u.0));
        chat_ok && user_ok
    }

    /// `Ok(true)` to answer, `Ok(false)` to stay quiet, `Err(())` to send
    /// the one polite "slow down" reply.
    fn rate(&self, user: Option<UserId>) -> Result<bool, ()> {
        let Some(user) = user else { return Ok(true) };
        let limit = self.config.rate_limit_per_minute;
        if limit == 0 {
            return Ok(true);
        }
        let mut rates = self
            .rates
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let entry = rates.get_or_insert_mut(user, || (now, 0, false));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0, false);
        }
        entry.1 += 1;
        if entry.1 <= limit {
            Ok(true)
        } else if entry.2 {
            Ok(false)
        } else {
            entry.2 = true;
            Err(())
        }
    }

    fn is_blocked(&self, chat: ChatId) -> bool {
        self.blocked
            .lock()
            .map(|b| b.contains(&chat))
            .unwrap_or(false)
    }

    /// `my_chat_member`: the bot was removed or blocked (no more sends to
    /// that chat), or is back (answers again).
    fn membership(&self, chat: ChatId, present: bool) {
        if let Ok(mut b) = self.blocked.lock() {
            if present {
                if b.pop(&chat).is_some() {
                    info!(chat = chat.0, "the bot is back in this chat");
                }
            } else {
                b.put(chat, ());
            }
        }
    }

    /// Runs the engine off the async workers, with a timeout.
    async fn answer(&self, chat: ChatId, text: String) -> Option<Reply> {
        let ctx = self.storage.clone().get_dialogue(chat).await.ok().flatten();
        let engine = self.engine.engine();
        let started = std::time::Instant::now();
        let job = tokio::task::spawn_blocking(move || engine.answer(ctx.as_ref(), &text));
        match tokio::time::timeout(self.config.answer_timeout, job).await {
            Ok(Ok((reply, mut ctx))) => {
                self.metrics
                    .answered("telegram", reply.intent, started.elapsed());
                for a in reply.actions.iter().filter(|a| a.query.len() > 64) {
                    ctx.remember_button(button_key(&a.query), a.query.clone());
                }
                if let Err(e) = self.storage.clone().update_dialogue(chat, ctx).await {
                    warn!("context storage: {e}");
                    self.metrics.error("telegram", "storage");
                }
                Some(reply)
            }
            Ok(Err(e)) => {
                warn!("answer task failed: {e}");
                self.metrics.error("telegram", "internal");
                None
            }
            Err(_) => {
                warn!("answer timed out");
                self.metrics.error("telegram", "timeout");
                None
            }
        }
    }

    /// A button's data: the question itself, or, when it is longer than
    /// Telegram's 64 bytes, a key under which the chat's context keeps it
    /// (see [`Context::buttons`]).
    fn callback_data(question: &str) -> String {
        if question.len() <= 64 {
            question.to_owned()
        } else {
            button_key(question)
        }
    }

    /// The question a button asks; `None` for a long button the chat's
    /// context no longer has (expired, or from before a restart without
    /// shared storage).
    async fn callback_question(&self, chat: ChatId, data: &str) -> Option<String> {
        if is_button_key(data) {
            let ctx = self
                .storage
                .clone()
                .get_dialogue(chat)
                .await
                .ok()
                .flatten()?;
            return ctx.button(data).map(str::to_owned);
        }
        Some(data.to_owned())
    }

    /// Inline keyboard for a reply's actions (the engine decides them):
    /// the candidates of an ambiguous name one under the other, follow-ups
    /// for a sector in one row.
    fn keyboard(&self, reply: &Reply) -> Option<InlineKeyboardMarkup> {
        if reply.actions.is_empty() {
            return None;
        }
        let buttons = reply.actions.iter().map(|a| {
            InlineKeyboardButton::callback(a.label.clone(), State::callback_data(&a.query))
        });
        Some(if reply.candidates.is_empty() {
            InlineKeyboardMarkup::new(vec![buttons.collect::<Vec<_>>()])
        } else {
            InlineKeyboardMarkup::new(buttons.map(|b| vec![b]))
        })
    }

    /// Sends a reply to a chat: HTML, split; plain text if the markup is
    /// refused; retries within bounds; a chat that blocked the bot is
    /// dropped.
    async fn send(&self, bot: &TgBot, chat: ChatId, reply: &Reply) {
        if self.is_blocked(chat) {
            return;
        }
        let html = render::render_html(reply, render::MESSAGE_LIMIT);
        let keyboard = self.keyboard(reply);
        let last = html.len() - 1;
        for (i, text) in html.iter().enumerate() {
            let markup = if i == last { keyboard.clone() } else { None };
            let sent = self
                .retry(chat, || {
                    let mut req = bot
                        .send_message(chat, text.clone())
                        .parse_mode(ParseMode::Html);
                    if let Some(k) = markup.clone() {
                        req = req.reply_markup(k);
                    }
                    async move { req.await }
                })
                .await;
            match sent {
                Ok(_) => {}
                Err(RequestError::Api(ApiError::CantParseEntities(e))) => {
                    warn!("Telegram refused the markup ({e}); sending plain text");
                    for plain in render::render_plain(reply, render::MESSAGE_LIMIT) {
                        let r = self
                            .retry(chat, || {
                                let req = bot.send_message(chat, plain.clone());
                                async move { req.await }
                            })
                            .await;
                        if r.is_err() {
                            return;
                        }
                    }
                    return;
                }
                Err(_) => return,
            }
        }
    }

    /// Runs a request under the one retry policy ([`crate::retry`]):
    /// after 429 as long as Telegram asks (capped), after 5xx or network
    /// errors with jittered backoff, at most `max_retries` times. A 403
    /// marks the chat as blocked.
    async fn retry<T, F, Fut>(&self, chat: ChatId, f: F) -> Result<T, RequestError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, RequestError>>,
    {
        let policy =
            crate::retry::Policy::new(self.config.retry_backoff, self.config.max_retries as usize);
        let result = policy
            .run(f, verdict, |err, w| {
                debug!("retrying in {w:?} after: {err}")
            })
            .await;
        let Err(err) = result else {
            return result;
        };
        if matches!(
            err,
            RequestError::Api(
                ApiError::BotBlocked
                    | ApiError::BotKicked
                    | ApiError::BotKickedFromSupergroup
                    | ApiError::BotKickedFromChannel
                    | ApiError::UserDeactivated
                    | ApiError::ChatNotFound,
            )
        ) {
            let first = self
                .blocked
                .lock()
                .map(|mut b| b.put(chat, ()).is_none())
                .unwrap_or(false);
            if first {
                warn!(
                    chat = chat.0,
                    "the bot can no longer write to this chat ({err}); dropping it"
                );
            }
        } else {
            warn!("sending failed: {err}");
        }
        Err(err)
    }
}

/// The key of a long button: `q:` and a 64-bit FNV-1a hash of its
/// question, the same on every replica.
fn button_key(question: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in question.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("q:{h:016x}")
}

fn is_button_key(data: &str) -> bool {
    data.strip_prefix("q:")
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What a Telegram error means for the next attempt.
fn verdict(err: &RequestError) -> crate::retry::Verdict {
    use crate::retry::Verdict;
    match err {
        RequestError::RetryAfter(s) => Verdict::After(s.duration()),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            Verdict::Retry
        }
        RequestError::Api(ApiError::Unknown(d)) if is_server_error(d) => Verdict::Retry,
        _ => Verdict::Stop,
    }
}

fn is_server_error(description: &str) -> bool {
    let d = description.to_lowercase();
    [
        "internal server error",
        "bad gateway",
        "service unavailable",
        "gateway timeout",
    ]
    .iter()
    .any(|s| d.contains(s))
}

async fn on_message(bot: TgBot, msg: Message, state: Arc<State>) -> ResponseResult<()> {
    let started = Instant::now();
    let Some(text) = msg.text().or_else(|| msg.caption()) else {
        return Ok(()); // stickers, photos without caption, …: no reply
    };
    let private = matches!(msg.chat.kind, ChatKind::Private(_));
    let reply_to_bot = msg
        .reply_to_message()
        .and_then(|m| m.from.as_ref())
        .is_some_and(|u| u.id == state.me.id);
    let username = state.me.username().to_owned();
    let Addressed::Ask(question) = addressed(text, private, &username, reply_to_bot) else {
        return Ok(());
    };
    let user = msg.from.as_ref().map(|u| u.id);
    let span = info_span!(
        "update",
        chat = msg.chat.id.0,
        intent = tracing::field::Empty,
        latency_ms = tracing::field::Empty
    );
    async move {
        if !state.allowed(msg.chat.id, user) {
            debug!("not on the allow-list");
            return;
        }
        debug!(text = %question, "question");
        if question.trim().eq_ignore_ascii_case("/reload")
            && user.is_some_and(|u| state.config.admins.contains(&u.0))
        {
            let live = state.engine.clone();
            let report = tokio::task::spawn_blocking(move || live.reload_report())
                .await
                .unwrap_or_else(|e| format!("reload failed: {e}"));
            info!(admin = user.map(|u| u.0), "{report}");
            let mut r = Reply::new(crate::intents::Intent::Help, Lang::En);
            r.para(report);
            state.send(&bot, msg.chat.id, &r).await;
            return;
        }
        match state.rate(user) {
            Ok(true) => {}
            Ok(false) => return,
            Err(()) => {
                let lang = state.engine.engine().language(&question);
                let r = state.engine.engine().notice(lang, "slow-down");
                state.send(&bot, msg.chat.id, &r).await;
                return;
            }
        }
        let Some(reply) = state.answer(msg.chat.id, question.clone()).await else {
            let r = state
                .engine
                .engine()
                .notice(state.engine.engine().language(&question), "try-again");
            state.send(&bot, msg.chat.id, &r).await;
            return;
        };
        tracing::Span::current().record("intent", reply.intent.id());
        state.send(&bot, msg.chat.id, &reply).await;
        #[allow(clippy::cast_possible_truncation)]
        tracing::Span::current().record("latency_ms", started.elapsed().as_millis() as u64);
        info!("answered");
    }
    .instrument(span)
    .await;
    Ok(())
}

/// The bot's own membership changed: blocked, kicked or left (sends to
/// the chat stop), or added back / unblocked (it answers again).
async fn on_my_chat_member(u: ChatMemberUpdated, state: Arc<State>) -> ResponseResult<()> {
    state.membership(u.chat.id, u.new_chat_member.kind.is_present());
    Ok(())
}

async fn on_callback(bot: TgBot, q: CallbackQuery, state: Arc<State>) -> ResponseResult<()> {
    let span = info_span!(
        "callback",
        user = q.from.id.0,
        intent = tracing::field::Empty
    );
    async move {
        let chat = q.message.as_ref().map(|m| m.chat().id);
        let answered = state
            .retry(chat.unwrap_or(ChatId(0)), || {
                let req = bot.answer_callback_query(q.id.clone());
                async move { req.await }
            })
            .await;
        if answered.is_err() {
            return;
        }
        let (Some(chat), Some(data)) = (chat, q.data.as_deref()) else {
            return;
        };
        if !state.allowed(chat, Some(q.from.id)) || state.is_blocked(chat) {
            return;
        }
        // Buttons count against the same per-user limit as messages.
        match state.rate(Some(q.from.id)) {
            Ok(true) => {}
            Ok(false) => return,
            Err(()) => {
                let lang = state.engine.engine().language(data);
                let notice = state.engine.engine().notice(lang, "slow-down");
                state.send(&bot, chat, &notice).await;
                return;
            }
        }
        let Some(question) = state.callback_question(chat, data).await else {
            let lang = state.engine.engine().language(data);
            let notice = state.engine.engine().notice(lang, "button-expired");
            state.send(&bot, chat, &notice).await;
            return;
        };
        if let Some(reply) = state.answer(chat, question).await {
            tracing::Span::current().record("intent", reply.intent.id());
            state.send(&bot, chat, &reply).await;
        }
    }
    .instrument(span)
    .await;
    Ok(())
}

async fn on_inline(bot: TgBot, q: InlineQuery, state: Arc<State>) -> ResponseResult<()> {
    let span = info_span!("inline", user = q.from.id.0, intent = tracing::field::Empty);
    async move {
        // An inline query comes from no chat: with an allow-list, only a
        // user on `allow_users` may ask (a chat allow-list alone admits no
        // one inline). Floods get silence.
        let may = if state.config.allow_users.is_empty() {
            state.config.allow_chats.is_empty()
        } else {
            state.config.allow_users.contains(&q.from.id.0)
        };
        if q.query.trim().is_empty() || !may || state.rate(Some(q.from.id)) != Ok(true) {
            return;
        }
        let engine = state.engine.engine();
        let text = q.query.clone();
        let job = tokio::task::spawn_blocking(move || engine.answer(None, &text).0);
        let Ok(Ok(reply)) = tokio::time::timeout(state.config.answer_timeout, job).await else {
            return;
        };
        tracing::Span::current().record("intent", reply.intent.id());
        let html = render::render_html(&reply, render::MESSAGE_LIMIT);
        let plain = reply.render_plain();
        let title: String = reply
            .title
            .clone()
            .unwrap_or_else(|| plain.lines().next().unwrap_or("faktabot").to_owned())
            .chars()
            .take(64)
            .collect();
        let description: String = plain
            .lines()
            .filter(|l| !l.trim().is_empty())
            .nth(usize::from(reply.title.is_some()))
            .unwrap_or("")
            .chars()
            .take(120)
            .collect();
        let content = InputMessageContent::Text(
            InputMessageContentText::new(html[0].clone()).parse_mode(ParseMode::Html),
        );
        let article =
            InlineQueryResultArticle::new("answer", title, content).description(description);
        let results = vec![InlineQueryResult::Article(article)];
        let _ = state
            .retry(ChatId(0), || {
                let req = bot
                    .answer_inline_query(q.id.clone(), results.clone())
                    .cache_time(60);
                async move { req.await }
            })
            .await;
    }
    .instrument(span)
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_chats_get_every_message() {
        assert_eq!(
            addressed("hvem eier NVE?", true, "fbot", false),
            Addressed::Ask("hvem eier NVE?".into())
        );
    }

    #[test]
    fn groups_get_commands_mentions_and_replies_only() {
        assert_eq!(
            addressed("hvem eier NVE?", false, "fbot", false),
            Addressed::Ignore
        );
        assert_eq!(
            addressed("@FBot hvem eier NVE?", false, "fbot", false),
            Addressed::Ask("hvem eier NVE?".into())
        );
        assert_eq!(
            addressed("hvem eier NVE?", false, "fbot", true),
            Addressed::Ask("hvem eier NVE?".into())
        );
        assert_eq!(
            addressed("/help", false, "fbot", false),
            Addressed::Ask("/help".into())
        );
        assert_eq!(
            addressed("/help@fbot", false, "fbot", false),
            Addressed::Ask("/help".into())
        );
        assert_eq!(
            addressed("/etat@FBOT NVE", false, "fbot", false),
            Addressed::Ask("/etat NVE".into())
        );
        assert_eq!(
            addressed("/help@OtherBot", false, "fbot", false),
            Addressed::Ignore
        );
        assert_eq!(
            addressed("/help@OtherBot", true, "fbot", false),
            Addressed::Ignore
        );
    }

    #[test]
    fn storage_config_parses() {
        assert_eq!(StorageConfig::parse("memory"), Ok(StorageConfig::Memory));
        assert_eq!(
            StorageConfig::parse("sqlite:/tmp/x.db"),
            Ok(StorageConfig::Sqlite("/tmp/x.db".into()))
        );
        assert!(matches!(
            StorageConfig::parse("redis://localhost"),
            Ok(StorageConfig::Redis(_))
        ));
        assert!(StorageConfig::parse("mongo://x").is_err());
    }

    #[test]
    fn the_token_is_never_in_debug_output() {
        let c = TelegramConfig {
            token: "123456:SECRET-TOKEN".into(),
            ..TelegramConfig::default()
        };
        assert!(!format!("{c:?}").contains("SECRET"));
    }

    #[tokio::test]
    async fn in_memory_storage_stays_bounded_under_200000_chats() {
        let store = Arc::new(stores::MemoryStorage(ContextStore::new(MAX_CHATS, 1800)));
        let now = crate::engine::now_secs();
        for chat in 0..200_000_i64 {
            let ctx = Context {
                at: now,
                ..Context::default()
            };
            store
                .clone()
                .update_dialogue(ChatId(chat), ctx)
                .await
                .unwrap();
        }
        assert_eq!(store.0.len(), MAX_CHATS);
        let kept = |chat: i64| {
            let store = store.clone();
            async move { store.get_dialogue(ChatId(chat)).await.unwrap().is_some() }
        };
        // The most recent chats are kept, the oldest forgotten.
        assert!(kept(199_999).await);
        assert!(!kept(0).await);
        store
            .clone()
            .remove_dialogue(ChatId(199_999))
            .await
            .unwrap();
        assert!(!kept(199_999).await);
    }

    #[test]
    fn errors_map_to_the_retry_policy() {
        use crate::retry::Verdict;
        use teloxide::types::Seconds;
        assert_eq!(
            verdict(&RequestError::RetryAfter(Seconds::from_seconds(7))),
            Verdict::After(Duration::from_secs(7))
        );
        assert_eq!(
            verdict(&RequestError::Api(ApiError::Unknown(
                "Internal Server Error".into()
            ))),
            Verdict::Retry
        );
        assert_eq!(
            verdict(&RequestError::Api(ApiError::BotBlocked)),
            Verdict::Stop
        );
        assert_eq!(
            verdict(&RequestError::Api(ApiError::MessageTextIsEmpty)),
            Verdict::Stop
        );
    }
}
