//! The `faktabot` command line: ask, repl, import, check, eval.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand};

/// mimalloc: a start spent a quarter of its time in the system
/// allocator (parsing the data, compiling the rules); with mimalloc the
/// median start and the mean question are both 10–25 % faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use faktabot::Engine;
use faktabot::load::{self, Data};

/// Answers questions about how Norway's government coordinates
/// digitalisation, sector by sector, from Digitaliseringsdirektoratet's
/// fact sheet.
#[derive(Parser, Debug)]
#[command(name = "faktabot", version, about)]
struct Cli {
    /// Load knowledge (faktaark.json, aliases.toml) from this folder
    /// instead of the bundled copy.
    #[arg(long, global = true, value_name = "DIR")]
    knowledge: Option<PathBuf>,
    /// Load intent rules (*.toml) from this folder instead of the bundled
    /// copy.
    #[arg(long, global = true, value_name = "DIR")]
    intents: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Answer a question. Without a question, read one per line on stdin
    /// (plain text, or JSON {"chat": ..., "text": ...}) and answer each.
    Ask {
        /// Print the JSON reply instead of text.
        #[arg(long)]
        json: bool,
        /// The question (several words are joined).
        question: Vec<String>,
    },
    /// An interactive session with line editing, history and context.
    Repl,
    /// Import the fact sheet's text into structured knowledge.
    Import {
        /// The sheet as plain text.
        source: PathBuf,
        /// Folder to write faktaark.json (and a copy of the text) into.
        #[arg(long, default_value = "knowledge")]
        out: PathBuf,
        /// Which edition this is (e.g. the date Digdir published it);
        /// answers then name it in their source line.
        #[arg(long, value_name = "EDITION")]
        edition: Option<String>,
    },
    /// Validate knowledge and intents.
    Check,
    /// Write the bundled sheet's search index ahead of time (the file the
    /// binary embeds; run after the sheet or the text analysis changes,
    /// as the test `the_frozen_index_is_current` asks).
    Index {
        /// Where to write it.
        #[arg(long, default_value = "knowledge/search-index.bin")]
        out: PathBuf,
    },
    /// What changed between two editions of the sheet: each side a
    /// knowledge folder (faktaark.json, aliases.toml) or the sheet's text.
    Diff {
        /// The old edition.
        old: PathBuf,
        /// The new edition.
        new: PathBuf,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the Telegram bot (token from TELOXIDE_TOKEN or the config file).
    #[cfg(feature = "telegram")]
    Telegram(TelegramArgs),
    /// Run the Matrix bot (homeserver, user and password or access token from
    /// MATRIX_* variables or the config file).
    #[cfg(feature = "matrix")]
    Matrix(MatrixArgs),
    /// Serve the web chat page, the HTTP API (/api/ask), Slack and
    /// Mattermost slash commands (/slash), /healthz and /metrics.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Show how a question is read and answered: tokens, names, rules, the
    /// classifier, the stage that decided, the reply.
    Explain {
        /// Print the analysis, the deciding stage and the reply as JSON.
        #[arg(long)]
        json: bool,
        /// Ask this first, in the same chat (repeatable): explains a
        /// follow-up in its conversation.
        #[arg(long, value_name = "QUESTION")]
        after: Vec<String>,
        /// The question.
        question: Vec<String>,
    },
    /// Score the bot on a question set (JSON lines), or cross-validate the
    /// classifier on its examples.
    Eval {
        /// The question set.
        #[arg(required_unless_present = "cross_validate")]
        file: Option<PathBuf>,
        /// k-fold cross-validation of the classifier over the example
        /// utterances in the intents folder, instead of a question set.
        #[arg(long, value_name = "K")]
        cross_validate: Option<usize>,
        /// Exit non-zero below this accuracy (0..1).
        #[arg(long, default_value_t = 0.0)]
        min: f64,
        /// How many failures to print.
        #[arg(long, default_value_t = 30)]
        show: usize,
    },
}

/// Options of `faktabot telegram`. Each also has a config-file key.
#[cfg(feature = "telegram")]
#[derive(clap::Args, Debug)]
struct TelegramArgs {
    /// TOML config file (token, api_url, webhook_url, listen,
    /// webhook_secret, storage, allow_chats, allow_users,
    /// rate_limit_per_minute, answer_timeout_secs, max_retries).
    #[arg(long, env = "FAKTABOT_CONFIG")]
    config: Option<PathBuf>,
    /// Serve webhooks at this public URL instead of long polling.
    #[arg(long, requires = "listen")]
    webhook: Option<String>,
    /// Local address for the webhook server (also serves /healthz).
    #[arg(long)]
    listen: Option<String>,
    /// Where chat context is kept: memory, sqlite:PATH or redis://HOST.
    #[arg(long)]
    storage: Option<String>,
}

#[cfg(feature = "telegram")]
fn telegram_config(args: &TelegramArgs) -> Result<faktabot::telegram::TelegramConfig> {
    use faktabot::telegram::{ConfigFile, StorageConfig, TelegramConfig, WebhookConfig};
    let file: ConfigFile = match &args.config {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => ConfigFile::default(),
    };
    let mut c = TelegramConfig {
        token: std::env::var("TELOXIDE_TOKEN")
            .ok()
            .or(file.token)
            .unwrap_or_default(),
        ..TelegramConfig::default()
    };
    if let Some(u) = std::env::var("TELOXIDE_API_URL").ok().or(file.api_url) {
        c.api_url = Some(u.parse().map_err(|e| anyhow::anyhow!("api_url: {e}"))?);
    }
    let webhook = args.webhook.clone().or(file.webhook_url);
    if let Some(url) = webhook {
        let listen = args
            .listen
            .clone()
            .or(file.listen)
            .ok_or_else(|| anyhow::anyhow!("--webhook needs --listen ADDR"))?;
        let secret = std::env::var("FAKTABOT_WEBHOOK_SECRET")
            .ok()
            .or(file.webhook_secret)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "webhooks need a secret: set FAKTABOT_WEBHOOK_SECRET or webhook_secret"
                )
            })?;
        if secret.is_empty()
            || secret.len() > 256
            || !secret
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        {
            bail!("webhook secret: 1-256 characters of A-Z, a-z, 0-9, _ and -");
        }
        c.webhook = Some(WebhookConfig {
            url: url
                .parse()
                .map_err(|e| anyhow::anyhow!("webhook URL: {e}"))?,
            listen: listen
                .parse()
                .map_err(|e| anyhow::anyhow!("listen address: {e}"))?,
            secret,
        });
    }
    if let Some(s) = args.storage.clone().or(file.storage) {
        c.storage = StorageConfig::parse(&s).map_err(|e| anyhow::anyhow!(e))?;
    }
    c.allow_chats = file.allow_chats;
    c.allow_users = file.allow_users;
    if let Some(r) = file.rate_limit_per_minute {
        c.rate_limit_per_minute = r;
    }
    if let Some(t) = file.answer_timeout_secs {
        c.answer_timeout = std::time::Duration::from_secs(t);
    }
    if let Some(r) = file.max_retries {
        c.max_retries = r;
    }
    c.admins = file.admins;
    Ok(c)
}

/// Options of `faktabot serve`. Each also has a config-file key.
#[cfg(feature = "serve")]
#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// TOML config file (listen, rate_limit_per_minute, cors_origins,
    /// trust_proxy, slack_signing_secret, mattermost_tokens,
    /// answer_timeout_secs, max_body_bytes, slash_response_type).
    #[arg(long, env = "FAKTABOT_SERVE_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on (default 127.0.0.1:8930; port 0 picks one).
    #[arg(long)]
    listen: Option<String>,
    /// Questions per minute per client (0: no limit; default 30).
    #[arg(long)]
    rate_limit: Option<u32>,
}

#[cfg(feature = "serve")]
fn serve_config(args: &ServeArgs) -> Result<faktabot::serve::ServeConfig> {
    use faktabot::serve::{ServeConfig, ServeFile};
    let file: ServeFile = match &args.config {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => ServeFile::default(),
    };
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut c = ServeConfig::default();
    if let Some(l) = args.listen.clone().or(file.listen) {
        c.listen = l
            .parse()
            .map_err(|e| anyhow::anyhow!("listen address {l:?}: {e}"))?;
    }
    if let Some(r) = args.rate_limit.or(file.rate_limit_per_minute) {
        c.rate_limit_per_minute = r;
    }
    c.cors_origins = file.cors_origins;
    c.trust_proxy = file.trust_proxy.unwrap_or(false);
    c.slack_signing_secret = env("FAKTABOT_SLACK_SIGNING_SECRET").or(file.slack_signing_secret);
    c.mattermost_tokens = file.mattermost_tokens;
    if let Some(t) = env("FAKTABOT_MATTERMOST_TOKEN") {
        c.mattermost_tokens
            .extend(t.split(',').map(|s| s.trim().to_owned()));
    }
    c.mattermost_tokens.retain(|t| !t.is_empty());
    if let Some(t) = file.answer_timeout_secs {
        c.answer_timeout = std::time::Duration::from_secs(t);
    }
    if let Some(b) = file.max_body_bytes {
        c.max_body_bytes = b;
    }
    if let Some(r) = file.slash_response_type {
        c.slash_response_type = r;
    }
    c.admin_token = env("FAKTABOT_ADMIN_TOKEN").or(file.admin_token);
    Ok(c)
}

/// Options of `faktabot matrix`.
#[cfg(feature = "matrix")]
#[derive(clap::Args, Debug)]
struct MatrixArgs {
    /// TOML config file (homeserver, user, password, access_token,
    /// state_dir, prefix, allow_inviters, answer_timeout_secs,
    /// sync_timeout_secs).
    #[arg(long, env = "FAKTABOT_MATRIX_CONFIG")]
    config: Option<PathBuf>,
}

/// The Matrix config file.
#[cfg(feature = "matrix")]
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct MatrixFile {
    homeserver: Option<String>,
    user: Option<String>,
    password: Option<String>,
    access_token: Option<String>,
    state_dir: Option<PathBuf>,
    prefix: Option<String>,
    #[serde(default)]
    allow_inviters: Vec<String>,
    answer_timeout_secs: Option<u64>,
    sync_timeout_secs: Option<u64>,
    #[serde(default)]
    admins: Vec<String>,
}

#[cfg(feature = "matrix")]
fn matrix_config(args: &MatrixArgs) -> Result<faktabot::matrix::MatrixConfig> {
    let file: MatrixFile = match &args.config {
        Some(p) => {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => MatrixFile::default(),
    };
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let homeserver = env("MATRIX_HOMESERVER")
        .or(file.homeserver)
        .ok_or_else(|| {
            anyhow::anyhow!("set MATRIX_HOMESERVER (or homeserver in the config file)")
        })?;
    let user = env("MATRIX_USER")
        .or(file.user)
        .ok_or_else(|| anyhow::anyhow!("set MATRIX_USER (or user in the config file)"))?;
    Ok(faktabot::matrix::MatrixConfig {
        homeserver: homeserver
            .parse()
            .map_err(|e| anyhow::anyhow!("homeserver URL: {e}"))?,
        user,
        password: env("MATRIX_PASSWORD").or(file.password),
        access_token: env("MATRIX_ACCESS_TOKEN").or(file.access_token),
        state_dir: env("FAKTABOT_MATRIX_STATE")
            .map(PathBuf::from)
            .or(file.state_dir)
            .unwrap_or_else(|| PathBuf::from("matrix-state")),
        prefix: env("FAKTABOT_MATRIX_PREFIX")
            .or(file.prefix)
            .unwrap_or_else(|| "!faktabot".to_owned()),
        allow_inviters: file.allow_inviters,
        answer_timeout: std::time::Duration::from_secs(file.answer_timeout_secs.unwrap_or(5)),
        sync_timeout: std::time::Duration::from_secs(
            env("FAKTABOT_MATRIX_SYNC_TIMEOUT")
                .and_then(|v| v.parse().ok())
                .or(file.sync_timeout_secs)
                .unwrap_or(30),
        ),
        admins: file.admins,
        reload: None,
    })
}

/// The adapters left out of this build, with the feature that adds each.
const LEFT_OUT: &[(&str, bool, &str)] = &[
    ("telegram", cfg!(feature = "telegram"), "telegram"),
    ("matrix", cfg!(feature = "matrix"), "matrix"),
    ("serve", cfg!(feature = "serve"), "serve"),
];

fn main() -> ExitCode {
    let code = run_main();
    // The process ends here and its memory goes back to the system with
    // it. Without this mimalloc first hands its free pages back one by one
    // (`madvise`), ~3 ms of a ~17 ms `ask`.
    // SAFETY: sets an option (no pointers); nothing else runs now.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    code
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same number
/// in its versions 2 and 3; the crate leaves the options unnamed): how
/// long freed memory waits before it goes back to the system; -1 never.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn run_main() -> ExitCode {
    // `faktabot telegram` on a build without the adapter: say how to get
    // it, instead of clap's "unrecognized subcommand".
    if let Some(cmd) = std::env::args().nth(1)
        && let Some((name, _, feature)) = LEFT_OUT.iter().find(|(n, on, _)| !on && *n == cmd)
    {
        eprintln!(
            "faktabot: this build has no `{name}` command. Build it with \
             `cargo build --release --features {feature}` (or `--features full` for every adapter)."
        );
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    // A bot logs its updates; the command line stays quiet.
    #[cfg(feature = "telegram")]
    let level = if matches!(cli.command, Command::Telegram(_)) {
        "info"
    } else {
        "warn"
    };
    #[cfg(not(feature = "telegram"))]
    let level = "warn";
    #[cfg(feature = "serve")]
    let level = if matches!(cli.command, Command::Serve(_)) {
        "info"
    } else {
        level
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("faktabot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn data(cli: &Cli) -> Result<Data> {
    Ok(Data::from_dirs(
        cli.knowledge.as_deref(),
        cli.intents.as_deref(),
    )?)
}

/// Writes to standard output. A reader that went away (`faktabot ask … |
/// head -1`) ends the program quietly instead of a panic.
fn emit(text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => Ok(other?),
    }
}

/// Where a running bot reloads its data from (SIGHUP, `/reload`).
#[cfg(any(feature = "telegram", feature = "matrix", feature = "serve"))]
fn reload_source(cli: &Cli) -> faktabot::live::Source {
    faktabot::live::Source {
        knowledge: cli.knowledge.clone(),
        intents: cli.intents.clone(),
    }
}

fn engine(cli: &Cli) -> Result<Engine> {
    Ok(Engine::new(data(cli)?)?)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Ask { json, question } => {
            let engine = engine(&cli)?;
            if question.is_empty() {
                batch(&engine, *json)?;
            } else {
                let q = question.join(" ");
                let reply = engine.ask("cli", &q);
                if *json {
                    emit(&format!("{}\n", reply.to_json_string()))?;
                } else {
                    emit(&format!("{}\n", reply.render_plain()))?;
                }
            }
            // The process ends here: freeing the engine piece by piece
            // (~1 ms of a one-question start) is work the exit does anyway.
            std::mem::forget(engine);
            Ok(ExitCode::SUCCESS)
        }
        Command::Repl => {
            repl(&engine(&cli)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            source,
            out,
            edition,
        } => import(source, out, edition.clone()),
        Command::Diff { old, new, json } => {
            let data = data(&cli)?;
            let rules = faktabot::intents::RuleSet::compile(&data.intents).map_err(|errors| {
                anyhow::anyhow!(
                    "{}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            })?;
            let (old_k, _) = edition(old, &data.aliases)?;
            let (new_k, new_aliases) = edition(new, &data.aliases)?;
            let d = faktabot::diff::diff(&old_k, &new_k, &new_aliases, &rules.facets);
            if *json {
                emit(&format!("{}\n", serde_json::to_string_pretty(&d)?))?;
            } else {
                emit(&d.render())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Index { out } => {
            let data = data(&cli)?;
            let bytes = faktabot::search::SearchIndex::build(&data.knowledge)?.frozen_bytes()?;
            std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            println!("wrote {} ({} bytes)", out.display(), bytes.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let data = data(&cli)?;
            let findings = faktabot::check::check(&data);
            // The engine must also build (rules compile, index builds).
            let built = Engine::new(data);
            for f in &findings {
                println!("{f}");
            }
            if let Err(e) = &built {
                println!("{e}");
            }
            if findings.is_empty() && built.is_ok() {
                println!("ok: knowledge, names and intents are valid");
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "{} problem(s)",
                    findings.len() + usize::from(built.is_err())
                );
                Ok(ExitCode::FAILURE)
            }
        }
        #[cfg(feature = "telegram")]
        Command::Telegram(args) => {
            let mut config = telegram_config(args)?;
            config.reload = Some(reload_source(&cli));
            let engine = std::sync::Arc::new(engine(&cli)?);
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(faktabot::telegram::run(engine, config))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "matrix")]
        Command::Matrix(args) => {
            let mut config = matrix_config(args)?;
            config.reload = Some(reload_source(&cli));
            let engine = std::sync::Arc::new(engine(&cli)?);
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(faktabot::matrix::run(engine, config))?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            let mut config = serve_config(args)?;
            config.reload = Some(reload_source(&cli));
            let engine = std::sync::Arc::new(engine(&cli)?);
            // Answers run on the blocking pool; a few threads per core keep
            // every core busy without a thread (and its stack) per request.
            let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .max_blocking_threads(4 * cores)
                .build()?;
            runtime.block_on(faktabot::serve::run(engine, config))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            json,
            after,
            question,
        } => {
            let engine = engine(&cli)?;
            let q = question.join(" ");
            let mut ctx = faktabot::Context::default();
            for earlier in after {
                ctx = engine.answer(Some(&ctx), earlier).1;
            }
            if *json {
                emit(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&engine.trace_in(&ctx, &q))?
                ))?;
            } else {
                emit(&engine.explain_in(&ctx, &q))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            file,
            cross_validate,
            min,
            show,
        } => {
            if let Some(k) = cross_validate {
                let data = data(&cli)?;
                let (labels, examples) = faktabot::classify::gather(&data.examples);
                let (right, total) = faktabot::classify::cross_validate(&labels, &examples, *k);
                #[allow(clippy::cast_precision_loss)]
                let accuracy = if total == 0 {
                    0.0
                } else {
                    right as f64 / total as f64
                };
                println!(
                    "{k}-fold cross-validation over {total} examples, {} labels: {right} right, accuracy {accuracy:.3}",
                    labels.len()
                );
                return Ok(if accuracy + 1e-9 < *min {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                });
            }
            let Some(file) = file else {
                anyhow::bail!("eval needs a question set, or --cross-validate K");
            };
            let engine = engine(&cli)?;
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            let cases = faktabot::eval::parse_set(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let report = faktabot::eval::run(&engine, &cases);
            print!("{}", report.render(*show));
            if report.accuracy() + 1e-9 < *min {
                println!(
                    "accuracy {:.3} is below the minimum {min}",
                    report.accuracy()
                );
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Longest input line kept, in bytes; the rest of a longer line is read
/// and dropped, so a huge line costs no memory.
const MAX_LINE: usize = 1 << 20;

/// Reads one line, keeping at most `cap` bytes. `None` at end of input.
fn read_line_capped(reader: &mut impl BufRead, cap: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut any = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        let room = cap.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(buf.len());
        reader.consume(used);
        if done.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(line));
        }
    }
}

/// One question per input line, one reply per output line, in order.
fn batch(engine: &Engine, json: bool) -> Result<()> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    while let Some(bytes) = read_line_capped(&mut input, MAX_LINE)? {
        let line = String::from_utf8_lossy(&bytes);
        let (chat, text) = parse_input(&line);
        let reply = engine.ask(&chat, &text);
        let rendered = if json {
            reply.to_json_string()
        } else {
            reply.render_plain().replace('\n', " ⏎ ")
        };
        writeln!(out, "{rendered}")?;
        out.flush()?;
    }
    Ok(())
}

/// A JSON object {"chat", "text"} or a plain line (chat "cli").
fn parse_input(line: &str) -> (String, String) {
    let trimmed = line.trim_start();
    if trimmed.starts_with('{')
        && let Ok(serde_json::Value::Object(map)) =
            serde_json::from_str::<serde_json::Value>(trimmed)
    {
        let chat = match map.get("chat") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => "cli".to_owned(),
        };
        let text = match map.get("text") {
            Some(serde_json::Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        return (chat, text);
    }
    ("cli".to_owned(), line.to_owned())
}

fn repl(engine: &Engine) -> Result<()> {
    let mut editor = rustyline::DefaultEditor::new()?;
    let history = std::env::var_os("HOME").map(|h| Path::new(&h).join(".faktabot_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!("faktabot – spør om samordning av digitalisering i hver sektor. Ctrl-D avslutter.");
    loop {
        match editor.readline("> ") {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                println!("{}\n", engine.ask("repl", &line).render_plain());
            }
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(rustyline::error::ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(())
}

/// One edition for `diff`: a knowledge folder (its own aliases, or
/// `aliases`), or the sheet's text (imported with `aliases`).
fn edition(
    path: &Path,
    aliases: &faktabot::aliases::Aliases,
) -> Result<(faktabot::knowledge::Knowledge, faktabot::aliases::Aliases)> {
    if path.is_dir() {
        let k = std::fs::read_to_string(path.join(load::KNOWLEDGE_FILE))
            .with_context(|| format!("reading {}", path.join(load::KNOWLEDGE_FILE).display()))?;
        let a = match std::fs::read_to_string(path.join(load::ALIASES_FILE)) {
            Ok(a) => a,
            Err(_) => load::BUNDLED_ALIASES.to_owned(),
        };
        return Ok(load::parse_knowledge(path, &k, &a)?);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (k, problems) = faktabot::import::import(&text, aliases);
    for p in &problems {
        eprintln!("{}: {p}", path.display());
    }
    Ok((k, aliases.clone()))
}

fn import(source: &Path, out: &Path, edition: Option<String>) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(source).with_context(|| format!("reading {}", source.display()))?;
    let aliases_path = out.join(load::ALIASES_FILE);
    let aliases = if aliases_path.exists() {
        let t = std::fs::read_to_string(&aliases_path)
            .with_context(|| format!("reading {}", aliases_path.display()))?;
        load::parse_aliases(&aliases_path, &t)?
    } else {
        load::parse_aliases(Path::new("knowledge/aliases.toml"), load::BUNDLED_ALIASES)?
    };
    let (mut knowledge, problems) = faktabot::import::import(&text, &aliases);
    knowledge.edition = edition;
    if knowledge.sectors.is_empty() {
        bail!("{}: no parts found", source.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let kpath = out.join(load::KNOWLEDGE_FILE);
    // Replacing an edition: keep the one before as faktaark.previous.json
    // and remember the agencies it listed that this one does not.
    if let Ok(old_text) = std::fs::read_to_string(&kpath)
        && let Ok((old, _)) = load::parse_knowledge(out, &old_text, load::BUNDLED_ALIASES)
    {
        faktabot::import::carry_over(&old, &mut knowledge);
        if faktabot::import::to_json(&knowledge) != old_text {
            let prev = out.join(load::PREVIOUS_FILE);
            std::fs::write(&prev, &old_text)
                .with_context(|| format!("writing {}", prev.display()))?;
        }
    }
    let json = faktabot::import::to_json(&knowledge);
    std::fs::write(&kpath, json).with_context(|| format!("writing {}", kpath.display()))?;
    let copy = out.join(load::SOURCE_FILE);
    if std::fs::canonicalize(source).ok() != std::fs::canonicalize(&copy).ok() {
        std::fs::write(&copy, &text).with_context(|| format!("writing {}", copy.display()))?;
    }
    println!(
        "imported {} parts, {} agency entries into {}",
        knowledge.sectors.len(),
        knowledge.agency_entries(),
        kpath.display()
    );
    for p in &problems {
        eprintln!("{}: {p}", source.display());
    }
    if problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} problem(s): the knowledge was written, but check them",
            problems.len()
        );
        Ok(ExitCode::FAILURE)
    }
}
