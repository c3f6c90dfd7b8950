//! The engine a running bot answers from, swapped whole when a new
//! edition of the sheet (or of the intents) is loaded: on SIGHUP, or an
//! admin's `/reload`.
//!
//! `arc-swap` holds the current [`Engine`]: a question takes the engine
//! once, at its start (`Live::engine`), and is answered from that edition
//! to its end even if a reload lands meanwhile, so an answer never mixes
//! two editions. A reload builds the new engine off to the side (load,
//! check, compile, index); only when that succeeded does it replace the
//! old one, so a broken edition is refused and the old one keeps serving.
//! The chats' contexts are handed over (they are keyed by stable ids:
//! sector ids, agency names), so a conversation goes on across a reload.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use crate::engine::Engine;
use crate::load::Data;

/// Where a reload reads from: the folders the bot was started with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// `--knowledge DIR` (none: the bundled knowledge).
    pub knowledge: Option<PathBuf>,
    /// `--intents DIR` (none: the bundled intents).
    pub intents: Option<PathBuf>,
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reloaded {
    /// The new edition is live.
    Swapped {
        /// Parts in the new edition.
        parts: usize,
        /// Agency entries in the new edition.
        agencies: usize,
    },
    /// The bot runs on the bundled data only: there is nothing to re-read.
    Nothing,
}

/// The current engine and where to reload it from.
#[derive(Debug)]
pub struct Live {
    current: ArcSwap<Engine>,
    source: Option<Source>,
    /// One reload at a time.
    reloading: Mutex<()>,
}

impl Live {
    /// `engine`, reloadable from `source` (none: not reloadable).
    #[must_use]
    pub fn new(engine: Arc<Engine>, source: Option<Source>) -> Arc<Live> {
        Arc::new(Live {
            current: ArcSwap::new(engine),
            source,
            reloading: Mutex::new(()),
        })
    }

    /// The engine to answer one question from (hold it for the whole
    /// answer).
    #[must_use]
    pub fn engine(&self) -> Arc<Engine> {
        self.current.load_full()
    }

    /// Loads the source folders again and, when the new engine builds and
    /// its data passes `faktabot check`, makes it the current one. On an
    /// error the old engine stays, and the error says why.
    pub fn reload(&self) -> Result<Reloaded, String> {
        let _one = self
            .reloading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(source) = self
            .source
            .as_ref()
            .filter(|s| s.knowledge.is_some() || s.intents.is_some())
        else {
            return Ok(Reloaded::Nothing);
        };
        let data = Data::from_dirs(source.knowledge.as_deref(), source.intents.as_deref())
            .map_err(|e| e.to_string())?;
        let findings = crate::check::check(&data);
        if !findings.is_empty() {
            return Err(findings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "));
        }
        let mut engine = Engine::new(data).map_err(|e| e.to_string())?;
        engine.adopt_contexts(&self.current.load());
        let parts = engine.knowledge().sectors.len();
        let agencies = engine.knowledge().agency_entries();
        self.current.store(Arc::new(engine));
        Ok(Reloaded::Swapped { parts, agencies })
    }

    /// [`Live::reload`] as one line for a log or an admin's chat.
    #[must_use]
    pub fn reload_report(&self) -> String {
        match self.reload() {
            Ok(Reloaded::Swapped { parts, agencies }) => {
                format!("reloaded: {parts} parts, {agencies} agency entries")
            }
            Ok(Reloaded::Nothing) => {
                "nothing to reload: the bot runs on the bundled data (start it with --knowledge DIR / --intents DIR)".to_owned()
            }
            Err(e) => format!("reload refused, the old edition keeps serving: {e}"),
        }
    }
}

/// Reloads `live` on every SIGHUP until the process ends (Unix), logging
/// what happened.
#[cfg(any(feature = "telegram", feature = "matrix", feature = "serve"))]
pub fn reload_on_sighup(live: Arc<Live>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            tracing::warn!("cannot listen for SIGHUP: reload with the admin command only");
            return;
        };
        while hup.recv().await.is_some() {
            let live = live.clone();
            let report = tokio::task::spawn_blocking(move || live.reload_report())
                .await
                .unwrap_or_else(|e| format!("reload failed: {e}"));
            if report.starts_with("reloaded") || report.starts_with("nothing") {
                tracing::info!("SIGHUP: {report}");
            } else {
                tracing::error!("SIGHUP: {report}");
            }
        }
    });
    #[cfg(not(unix))]
    drop(live);
}
