//! `faktabot serve`: one HTTP server (axum on tokio) with the same engine
//! as the chat adapters: a web chat page, a JSON API, Slack and
//! Mattermost slash commands, `/healthz` and `/metrics`.
//!
//! Like the other adapters it holds no answer logic: it turns a request
//! into [`Engine::ask`] and a [`Reply`] into JSON (the contract of `ask
//! --json`, plus the body's parts and the sources' labels the page shows)
//! or into Slack's or Mattermost's markdown ([`slash`]).
//!
//! Everything a client sends is answered deliberately: malformed JSON or
//! a missing text is a 400, a body over the limit a 413, a wrong content
//! type a 415, too many questions from one client a 429 with
//! `Retry-After`, a bad slash-command signature a 401; the error body is
//! always JSON (`{"error": {"status", "message"}}`). The per-client rate
//! limit is `governor`'s (GCRA), keyed by the client's address; its keys
//! are swept every minute, so it does not grow with the number of clients
//! that ever asked. Context per chat lives in the engine's bounded store.

pub mod slash;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Query, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tracing::{info, warn};

use crate::engine::Engine;
use crate::metrics::{self, Metrics};
use crate::reply::Reply;

/// The sheet's page, linked from every answer.
pub const SOURCE_URL: &str = "https://www.digdir.no/digital-samhandling/faktaark-med-beskrivelser-av-samordning-av-digitalisering-i-hver-sektor/7668";
/// The attribution the sheet asks for.
pub const ATTRIBUTION: &str = "Kilde: Digitaliseringsdirektoratet";
/// The Content Security Policy of every response: nothing from outside,
/// nothing inline.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const APP_CSS: &str = include_str!("page/app.css");
const FAVICON: &str = include_str!("page/favicon.svg");
const OPENAPI: &str = include_str!("openapi.json");

/// Settings of `faktabot serve` (each has a key in the config file).
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Questions per minute per client address (0: no limit).
    pub rate_limit_per_minute: u32,
    /// Origins allowed to call the API from a browser (CORS); none by
    /// default, so only the page served here can.
    pub cors_origins: Vec<String>,
    /// Take the client's address from the last `X-Forwarded-For` entry
    /// (behind a reverse proxy that sets it), not the socket.
    pub trust_proxy: bool,
    /// Slack's signing secret (`/slash` accepts Slack requests only with it).
    pub slack_signing_secret: Option<String>,
    /// Mattermost slash-command tokens accepted at `/slash`.
    pub mattermost_tokens: Vec<String>,
    /// Longest time the engine may take for one answer.
    pub answer_timeout: Duration,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Longest question, in characters.
    pub max_text_chars: usize,
    /// `in_channel` (everyone in the channel sees the answer) or
    /// `ephemeral` (only the asker does), for slash commands.
    pub slash_response_type: String,
    /// Bearer token for `POST /admin/reload` (none: the endpoint is off).
    pub admin_token: Option<String>,
    /// Where a reload (SIGHUP, `/admin/reload`) reads the data from.
    pub reload: Option<crate::live::Source>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8930)),
            rate_limit_per_minute: 30,
            cors_origins: Vec::new(),
            trust_proxy: false,
            slack_signing_secret: None,
            mattermost_tokens: Vec::new(),
            answer_timeout: Duration::from_secs(5),
            max_body_bytes: 16 * 1024,
            max_text_chars: 4_000,
            slash_response_type: "in_channel".to_owned(),
            admin_token: None,
            reload: None,
        }
    }
}

/// The config file of `faktabot serve` (TOML; every key optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeFile {
    /// Address to listen on.
    pub listen: Option<String>,
    /// Questions per minute per client (0: no limit).
    pub rate_limit_per_minute: Option<u32>,
    /// CORS origins allowed.
    #[serde(default)]
    pub cors_origins: Vec<String>,
    /// Behind a reverse proxy that sets `X-Forwarded-For`.
    pub trust_proxy: Option<bool>,
    /// Slack's signing secret.
    pub slack_signing_secret: Option<String>,
    /// Mattermost slash-command tokens.
    #[serde(default)]
    pub mattermost_tokens: Vec<String>,
    /// Seconds the engine may take for one answer.
    pub answer_timeout_secs: Option<u64>,
    /// Largest request body, in bytes.
    pub max_body_bytes: Option<usize>,
    /// `in_channel` or `ephemeral`.
    pub slash_response_type: Option<String>,
    /// Bearer token for `POST /admin/reload`.
    pub admin_token: Option<String>,
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The configuration is not usable.
    #[error("serve configuration: {0}")]
    Config(String),
    /// The listening socket failed.
    #[error("serve: {0}")]
    Io(#[from] std::io::Error),
}

/// Shared state of the handlers.
pub struct AppState {
    engine: Arc<crate::live::Live>,
    config: ServeConfig,
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    metrics: Metrics,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config.listen)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// The state for `engine` under `config`.
    #[must_use]
    pub fn new(engine: Arc<Engine>, config: ServeConfig) -> Arc<AppState> {
        let limiter = NonZeroU32::new(config.rate_limit_per_minute)
            .map(|n| RateLimiter::keyed(Quota::per_minute(n)));
        let engine = crate::live::Live::new(engine, config.reload.clone());
        Arc::new(AppState {
            engine,
            config,
            limiter,
            metrics: Metrics::new(),
        })
    }

    /// The metrics this server exposes.
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Forgets rate-limit keys that are back at a full allowance.
    pub fn sweep(&self) {
        if let Some(l) = &self.limiter {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }

    /// `Ok` when `client` (an address, or a slash command's user) may ask
    /// now; otherwise how long it must wait.
    fn admit(&self, client: &str) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter
            .check_key(&client.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Answers `text` (in chat `chat`, or with no context), off the async
    /// workers and within the answer timeout.
    async fn answer(
        &self,
        adapter: &'static str,
        chat: Option<String>,
        text: String,
    ) -> Result<Reply, ApiError> {
        let engine = self.engine.engine();
        let started = Instant::now();
        let job = tokio::task::spawn_blocking(move || match chat {
            Some(chat) => engine.ask(&chat, &text),
            None => engine.answer(None, &text).0,
        });
        match tokio::time::timeout(self.config.answer_timeout, job).await {
            Ok(Ok(reply)) => {
                self.metrics
                    .answered(adapter, reply.intent, started.elapsed());
                Ok(reply)
            }
            Ok(Err(e)) => {
                warn!(adapter, "answer failed: {e}");
                self.metrics.error(adapter, "internal");
                Err(ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the bot failed on this question; it has been logged",
                ))
            }
            Err(_) => {
                warn!(adapter, "answer timed out");
                self.metrics.error(adapter, "timeout");
                Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the answer took too long; try again",
                ))
            }
        }
    }
}

/// An error a client gets: a status and a JSON body.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    fn kind(&self) -> &'static str {
        match self.status {
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "wrong_content_type",
            StatusCode::TOO_MANY_REQUESTS => "rate_limited",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            s if s.is_server_error() => "server",
            _ => "bad_request",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        });
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// The client's address: the socket's, or the proxy's last
/// `X-Forwarded-For` entry when the proxy is trusted.
struct ClientIp(IpAddr);

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_proxy
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|s| s.trim().parse::<IpAddr>().ok())
                .next_back()
        {
            return Ok(ClientIp(ip));
        }
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
        Ok(ClientIp(ip))
    }
}

/// The JSON reply of the API: `ask --json`'s object, plus the body's parts
/// and each source's label, the sheet's address and the attribution.
#[must_use]
pub fn reply_json(reply: &Reply) -> serde_json::Value {
    let mut v = reply.to_json();
    v["parts"] = serde_json::to_value(&reply.parts).unwrap_or_default();
    v["sources"] = serde_json::to_value(&reply.sources).unwrap_or_default();
    v["source_url"] = SOURCE_URL.into();
    v["attribution"] = ATTRIBUTION.into();
    v
}

/// The router of every endpoint, for `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let cors = if state.config.cors_origins.is_empty() {
        None
    } else {
        let origins: Vec<HeaderValue> = state
            .config
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        )
    };
    let limit = state.config.max_body_bytes;
    let mut app = Router::new()
        .route("/", get(page))
        .route("/assets/app.js", get(app_js))
        .route("/assets/app.css", get(app_css))
        .route("/assets/favicon.svg", get(favicon))
        .route("/api/ask", get(ask_get).post(ask_post))
        .route("/api/openapi.json", get(openapi))
        .route("/slash", post(slash::handle))
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics_text))
        .route("/admin/reload", post(admin_reload))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    if let Some(cors) = cors {
        app = app.layer(cors);
    }
    app.with_state(state)
}

/// Runs the server until `shutdown` completes.
pub async fn run_until(
    engine: Arc<Engine>,
    config: ServeConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    if !matches!(
        config.slash_response_type.as_str(),
        "in_channel" | "ephemeral"
    ) {
        return Err(ServeError::Config(
            "slash_response_type is in_channel or ephemeral".to_owned(),
        ));
    }
    let state = AppState::new(engine, config);
    crate::live::reload_on_sighup(state.engine.clone());
    let tcp = tokio::net::TcpListener::bind(state.config.listen).await?;
    let addr = tcp.local_addr()?;
    info!(%addr, "serving the web page and the API");
    // The line tests and scripts wait for.
    println!("faktabot serve: listening on http://{addr}");
    let sweeper = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.sweep();
            }
        })
    };
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(tcp, app).with_graceful_shutdown(shutdown).await;
    sweeper.abort();
    info!("stopped");
    Ok(result?)
}

/// Runs the server until SIGINT or SIGTERM.
pub async fn run(engine: Arc<Engine>, config: ServeConfig) -> Result<(), ServeError> {
    run_until(engine, config, crate::signals::shutdown_signal()).await
}

/// `nb` or `en`: the first language of `Accept-Language`, by weight, that
/// the page speaks (nb, nn and no get the Norwegian page).
#[must_use]
pub fn page_lang(headers: &HeaderMap) -> &'static str {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return "nb";
    };
    let mut langs: Vec<(f32, usize, &str)> = value
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut it = item.split(';');
            let tag = it.next()?.trim();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((q, i, tag))
        })
        .collect();
    langs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (q, _, tag) in langs {
        if q <= 0.0 {
            continue;
        }
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => return "en",
            "nb" | "nn" | "no" => return "nb",
            _ => {}
        }
    }
    "nb"
}

async fn page(headers: HeaderMap) -> Response {
    let html = INDEX_HTML.replace("{{lang}}", page_lang(&headers));
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::VARY, "Accept-Language"),
        ],
        html,
    )
        .into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

async fn app_css() -> Response {
    asset("text/css; charset=utf-8", APP_CSS)
}

async fn favicon() -> Response {
    asset("image/svg+xml", FAVICON)
}

async fn openapi() -> Response {
    asset("application/json", OPENAPI)
}

async fn metrics_text(State(state): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, metrics::CONTENT_TYPE)],
        state.metrics.render(),
    )
        .into_response()
}

async fn admin_reload(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let ok = state.config.admin_token.as_deref().is_some_and(|t| {
        !t.is_empty()
            && bool::from(subtle::ConstantTimeEq::ct_eq(
                t.as_bytes(),
                given.as_bytes(),
            ))
    });
    if !ok {
        return Err(state.reject(
            "web",
            ApiError::new(StatusCode::UNAUTHORIZED, "reloading needs the admin token"),
        ));
    }
    let live = state.engine.clone();
    let result = tokio::task::spawn_blocking(move || live.reload())
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    match result {
        Ok(crate::live::Reloaded::Swapped { parts, agencies }) => {
            info!(parts, agencies, "reloaded");
            Ok(axum::Json(serde_json::json!({"reloaded": true, "parts": parts, "agencies": agencies})).into_response())
        }
        Ok(crate::live::Reloaded::Nothing) => Ok(axum::Json(serde_json::json!({
            "reloaded": false,
            "message": "the server runs on the bundled data; start it with --knowledge DIR / --intents DIR"
        }))
        .into_response()),
        Err(e) => {
            warn!("reload refused: {e}");
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("reload refused, the old edition keeps serving: {e}"),
            ))
        }
    }
}

async fn not_found(State(state): State<Arc<AppState>>) -> ApiError {
    let e = ApiError::new(StatusCode::NOT_FOUND, "no such page");
    state.metrics.error("web", e.kind());
    e
}

async fn method_not_allowed(State(state): State<Arc<AppState>>) -> ApiError {
    let e = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here");
    state.metrics.error("web", e.kind());
    e
}

/// Whether the request's content type is `expected` (parameters such as
/// `charset` allowed).
fn content_type_is(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected))
}

/// A chat id from JSON: a string or a number; anything else is no chat.
fn chat_id(value: Option<&serde_json::Value>) -> Result<Option<String>, ApiError> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "\"chat\" must be a string or a number",
        )),
    }
}

impl AppState {
    /// The checks every question passes before the engine sees it: the
    /// client's allowance and the question's length.
    fn admit_question(
        &self,
        adapter: &'static str,
        client: &str,
        text: &str,
    ) -> Result<(), ApiError> {
        if let Err(wait) = self.admit(client) {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too many questions; wait a little and ask again",
            );
            e.retry_after = Some(wait.as_secs().max(1));
            self.metrics.error(adapter, e.kind());
            return Err(e);
        }
        if text.chars().count() > self.config.max_text_chars {
            let e = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the question is longer than {} characters",
                    self.config.max_text_chars
                ),
            );
            self.metrics.error(adapter, e.kind());
            return Err(e);
        }
        Ok(())
    }

    fn reject(&self, adapter: &'static str, e: ApiError) -> ApiError {
        self.metrics.error(adapter, e.kind());
        e
    }
}

/// The key a chat's context is kept under, apart from the slash commands'.
fn web_chat(chat: Option<String>) -> Option<String> {
    chat.map(|c| format!("web:{c}"))
}

async fn ask_post(
    State(state): State<Arc<AppState>>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    if !content_type_is(&headers, "application/json") {
        return Err(state.reject(
            "web",
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the question as application/json: {\"chat\": \"…\", \"text\": \"…\"}",
            ),
        ));
    }
    let body = body.map_err(|e| {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "the request is larger than {} bytes",
                state.config.max_body_bytes
            )
        } else {
            "the request body could not be read".to_owned()
        };
        state.reject("web", ApiError::new(status, message))
    })?;
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        state.reject(
            "web",
            ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")),
        )
    })?;
    let Some(obj) = value.as_object() else {
        return Err(state.reject(
            "web",
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "the body must be a JSON object with \"text\"",
            ),
        ));
    };
    let Some(text) = obj.get("text").and_then(serde_json::Value::as_str) else {
        return Err(state.reject(
            "web",
            ApiError::new(StatusCode::BAD_REQUEST, "missing \"text\" (a string)"),
        ));
    };
    let chat = chat_id(obj.get("chat")).map_err(|e| state.reject("web", e))?;
    state.admit_question("web", &format!("ip:{client}"), text)?;
    let reply = state.answer("web", web_chat(chat), text.to_owned()).await?;
    Ok(axum::Json(reply_json(&reply)).into_response())
}

/// The query of `GET /api/ask`.
#[derive(Debug, Deserialize)]
struct AskQuery {
    q: Option<String>,
    chat: Option<String>,
}

async fn ask_get(
    State(state): State<Arc<AppState>>,
    ClientIp(client): ClientIp,
    query: Result<Query<AskQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| {
        state.reject(
            "web",
            ApiError::new(StatusCode::BAD_REQUEST, format!("malformed query: {e}")),
        )
    })?;
    let Some(text) = query.q else {
        return Err(state.reject(
            "web",
            ApiError::new(StatusCode::BAD_REQUEST, "missing ?q= (the question)"),
        ));
    };
    state.admit_question("web", &format!("ip:{client}"), &text)?;
    let chat = query.chat.filter(|c| !c.is_empty());
    let reply = state.answer("web", web_chat(chat), text).await?;
    Ok(axum::Json(reply_json(&reply)).into_response())
}

/// The header names the slash handler reads.
pub(crate) const SLACK_SIGNATURE: HeaderName = HeaderName::from_static("x-slack-signature");
pub(crate) const SLACK_TIMESTAMP: HeaderName = HeaderName::from_static("x-slack-request-timestamp");

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(al: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(al).unwrap());
        h
    }

    #[test]
    fn the_page_speaks_the_first_language_it_has_by_weight() {
        assert_eq!(page_lang(&HeaderMap::new()), "nb");
        assert_eq!(page_lang(&headers("en-US,en;q=0.9")), "en");
        assert_eq!(page_lang(&headers("nb-NO,nb;q=0.9,en;q=0.8")), "nb");
        assert_eq!(page_lang(&headers("de-DE,en;q=0.5,nb;q=0.4")), "en");
        assert_eq!(page_lang(&headers("nb;q=0.2,en;q=0.9")), "en");
        assert_eq!(page_lang(&headers("nn")), "nb");
        assert_eq!(page_lang(&headers("fr, de")), "nb");
        assert_eq!(page_lang(&headers("en;q=0, nb;q=0.1")), "nb");
        assert_eq!(page_lang(&headers(";;;,q=,;q=x")), "nb");
    }
}
