//! Where the Telegram adapter keeps chat contexts, and which updates it has
//! taken, so that every store is bounded and expires.
//!
//! - **memory**: the engine's [`ContextStore`] (a capacity, least recently
//!   used chats forgotten first in O(1), a TTL), behind teloxide's
//!   `Storage` trait; teloxide's own `InMemStorage` keeps every chat
//!   forever.
//! - **SQLite** (`sqlite:PATH`, feature `sqlite`): one row per chat with
//!   the time of its last question; a context older than the TTL is never
//!   read, and expired rows are deleted when the store opens and every
//!   [`SWEEP_EVERY`] writes. (teloxide's `SqliteStorage` never deletes a
//!   row and pulls in sqlx's Postgres driver and macros.)
//! - **Redis** (`redis://…`, feature `redis`): one key per chat,
//!   `faktabot:context:<chat id>`, written with `SET … EX ttl`, so Redis
//!   itself deletes a context after the TTL. (teloxide's `RedisStorage`
//!   keys by the bare chat id and never expires.)
//!
//! [`Claims`] remembers which update ids were taken: the webhook replicas
//! behind one address claim each update in Redis (`SET NX EX`), so an
//! update that Telegram delivers again (after a timeout, or to the other
//! replica) is answered once.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use lru::LruCache;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use crate::engine::{Context, ContextStore};

/// A failure of a context store (the database or Redis is unreachable, a
/// row is not a context).
#[derive(Debug, thiserror::Error)]
#[error("context storage: {0}")]
pub struct StoreError(pub String);

type StoreFuture<T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, StoreError>> + Send>>;

/// The in-memory store: bounded and expiring.
pub struct MemoryStorage(pub ContextStore);

impl Storage<Context> for MemoryStorage {
    type Error = StoreError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> StoreFuture<()> {
        Box::pin(async move {
            self.0.remove(&chat_id.0.to_string());
            Ok(())
        })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: Context) -> StoreFuture<()> {
        Box::pin(async move {
            self.0.put(&chat_id.0.to_string(), dialogue);
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> StoreFuture<Option<Context>> {
        Box::pin(async move {
            Ok(self
                .0
                .get(&chat_id.0.to_string(), crate::engine::now_secs()))
        })
    }
}

/// Expired SQLite rows are deleted after this many writes.
pub const SWEEP_EVERY: u64 = 1024;

/// Contexts in a SQLite file, expiring after the TTL.
#[cfg(feature = "sqlite")]
pub struct SqliteStorage {
    pool: sqlx::SqlitePool,
    ttl_secs: u64,
    writes: std::sync::atomic::AtomicU64,
}

#[cfg(feature = "sqlite")]
fn db_err(e: sqlx::Error) -> StoreError {
    StoreError(e.to_string())
}

#[cfg(feature = "sqlite")]
impl SqliteStorage {
    /// Opens (or creates) the file, and deletes what has expired.
    pub async fn open(path: &str, ttl_secs: u64) -> Result<Arc<SqliteStorage>, StoreError> {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| StoreError(format!("{path}: {e}")))?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS faktabot_contexts (
                 chat_id INTEGER PRIMARY KEY,
                 context TEXT NOT NULL,
                 at INTEGER NOT NULL)",
        )
        .execute(&pool)
        .await
        .map_err(db_err)?;
        sqlx::query("CREATE INDEX IF NOT EXISTS faktabot_contexts_at ON faktabot_contexts (at)")
            .execute(&pool)
            .await
            .map_err(db_err)?;
        let store = Arc::new(SqliteStorage {
            pool,
            ttl_secs,
            writes: std::sync::atomic::AtomicU64::new(0),
        });
        store.sweep(crate::engine::now_secs()).await?;
        Ok(store)
    }

    /// The chat's context, unless it is older than the TTL at `now`.
    pub async fn get_at(&self, chat: i64, now: u64) -> Result<Option<Context>, StoreError> {
        let oldest = now.saturating_sub(self.ttl_secs);
        let row: Option<(String,)> =
            sqlx::query_as("SELECT context FROM faktabot_contexts WHERE chat_id = ? AND at >= ?")
                .bind(chat)
                .bind(i64::try_from(oldest).unwrap_or(i64::MAX))
                .fetch_optional(&self.pool)
                .await
                .map_err(db_err)?;
        row.map(|(json,)| serde_json::from_str(&json).map_err(|e| StoreError(e.to_string())))
            .transpose()
    }

    /// Keeps the chat's context as of `now`; every [`SWEEP_EVERY`] writes,
    /// deletes the expired rows.
    pub async fn put_at(&self, chat: i64, ctx: &Context, now: u64) -> Result<(), StoreError> {
        let json = serde_json::to_string(ctx).map_err(|e| StoreError(e.to_string()))?;
        sqlx::query(
            "INSERT INTO faktabot_contexts (chat_id, context, at) VALUES (?, ?, ?)
             ON CONFLICT (chat_id) DO UPDATE SET context = excluded.context, at = excluded.at",
        )
        .bind(chat)
        .bind(json)
        .bind(i64::try_from(now).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await
        .map_err(db_err)?;
        let n = self
            .writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if (n + 1).is_multiple_of(SWEEP_EVERY) {
            self.sweep(now).await?;
        }
        Ok(())
    }

    /// Deletes the rows older than the TTL at `now`; how many.
    pub async fn sweep(&self, now: u64) -> Result<u64, StoreError> {
        let oldest = now.saturating_sub(self.ttl_secs);
        let done = sqlx::query("DELETE FROM faktabot_contexts WHERE at < ?")
            .bind(i64::try_from(oldest).unwrap_or(i64::MAX))
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }

    /// How many chats have a row (expired or not).
    pub async fn rows(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM faktabot_contexts")
            .fetch_one(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Forgets the chat.
    pub async fn remove(&self, chat: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM faktabot_contexts WHERE chat_id = ?")
            .bind(chat)
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}

#[cfg(feature = "sqlite")]
impl Storage<Context> for SqliteStorage {
    type Error = StoreError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> StoreFuture<()> {
        Box::pin(async move { self.remove(chat_id.0).await })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: Context) -> StoreFuture<()> {
        Box::pin(async move {
            self.put_at(chat_id.0, &dialogue, crate::engine::now_secs())
                .await
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> StoreFuture<Option<Context>> {
        Box::pin(async move { self.get_at(chat_id.0, crate::engine::now_secs()).await })
    }
}

/// Contexts in Redis, shared by replicas; Redis deletes them after the TTL.
#[cfg(feature = "redis")]
pub struct RedisStorage {
    pool: deadpool_redis::Pool,
    ttl_secs: u64,
}

/// The Redis key of a chat's context.
#[must_use]
pub fn redis_key(chat: i64) -> String {
    format!("faktabot:context:{chat}")
}

/// The Redis key that marks an update as taken.
#[must_use]
pub fn claim_key(update: u32) -> String {
    format!("faktabot:update:{update}")
}

#[cfg(feature = "redis")]
fn redis_err(e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("redis: {e}"))
}

#[cfg(feature = "redis")]
impl RedisStorage {
    /// A pool of connections to `url` (connected on first use).
    pub fn open(url: &str, ttl_secs: u64) -> Result<Arc<RedisStorage>, StoreError> {
        let pool = deadpool_redis::Config::from_url(url)
            .create_pool(Some(deadpool_redis::Runtime::Tokio1))
            .map_err(redis_err)?;
        Ok(Arc::new(RedisStorage { pool, ttl_secs }))
    }

    async fn conn(&self) -> Result<deadpool_redis::Connection, StoreError> {
        self.pool.get().await.map_err(redis_err)
    }

    /// Marks the update as taken for a day; `true` when nobody had.
    pub async fn claim(&self, update: u32) -> Result<bool, StoreError> {
        let mut c = self.conn().await?;
        let set: Option<String> = deadpool_redis::redis::cmd("SET")
            .arg(claim_key(update))
            .arg(1)
            .arg("NX")
            .arg("EX")
            .arg(CLAIM_TTL_SECS)
            .query_async(&mut c)
            .await
            .map_err(redis_err)?;
        Ok(set.is_some())
    }
}

#[cfg(feature = "redis")]
impl Storage<Context> for RedisStorage {
    type Error = StoreError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> StoreFuture<()> {
        Box::pin(async move {
            let mut c = self.conn().await?;
            let _: i64 = deadpool_redis::redis::cmd("DEL")
                .arg(redis_key(chat_id.0))
                .query_async(&mut c)
                .await
                .map_err(redis_err)?;
            Ok(())
        })
    }

    fn update_dialogue(self: Arc<Self>, chat_id: ChatId, dialogue: Context) -> StoreFuture<()> {
        Box::pin(async move {
            let json = serde_json::to_string(&dialogue).map_err(|e| StoreError(e.to_string()))?;
            let mut c = self.conn().await?;
            let () = deadpool_redis::redis::cmd("SET")
                .arg(redis_key(chat_id.0))
                .arg(json)
                .arg("EX")
                .arg(self.ttl_secs.max(1))
                .query_async(&mut c)
                .await
                .map_err(redis_err)?;
            Ok(())
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> StoreFuture<Option<Context>> {
        Box::pin(async move {
            let mut c = self.conn().await?;
            let json: Option<String> = deadpool_redis::redis::cmd("GET")
                .arg(redis_key(chat_id.0))
                .query_async(&mut c)
                .await
                .map_err(redis_err)?;
            json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError(e.to_string())))
                .transpose()
        })
    }
}

/// How long a claimed update id is remembered (Telegram gives up
/// redelivering well within a day).
pub const CLAIM_TTL_SECS: u64 = 24 * 60 * 60;

/// Most update ids one process remembers.
pub const MAX_CLAIMS: usize = 100_000;

/// Which updates were taken: in this process, or in Redis for replicas.
pub enum Claims {
    /// The last [`MAX_CLAIMS`] update ids of this process.
    Local(Mutex<LruCache<u32, ()>>),
    /// Update ids claimed by any replica.
    #[cfg(feature = "redis")]
    Redis(Arc<RedisStorage>),
}

impl Claims {
    /// Claims kept in this process.
    #[must_use]
    pub fn local() -> Claims {
        Claims::Local(Mutex::new(LruCache::new(
            NonZeroUsize::new(MAX_CLAIMS).unwrap_or(NonZeroUsize::MIN),
        )))
    }

    /// `true` when the update is new and now taken by this process. When
    /// Redis cannot be asked, the update is taken (answering twice is
    /// better than losing it).
    pub async fn claim(&self, update: u32) -> bool {
        match self {
            Claims::Local(seen) => seen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .put(update, ())
                .is_none(),
            #[cfg(feature = "redis")]
            Claims::Redis(r) => match r.claim(update).await {
                Ok(new) => new,
                Err(e) => {
                    tracing::warn!("claiming update {update}: {e}");
                    true
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(sector: &str, at: u64) -> Context {
        Context {
            sectors: vec![sector.to_owned()],
            at,
            ..Context::default()
        }
    }

    #[tokio::test]
    async fn local_claims_take_an_update_once() {
        let c = Claims::local();
        assert!(c.claim(7).await);
        assert!(!c.claim(7).await);
        assert!(c.claim(8).await);
    }

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn sqlite_contexts_expire_and_expired_rows_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contexts.db");
        let s = SqliteStorage::open(path.to_str().unwrap(), 100)
            .await
            .unwrap();
        s.put_at(1, &ctx("kd", 1_000), 1_000).await.unwrap();
        s.put_at(2, &ctx("hod", 1_050), 1_050).await.unwrap();
        assert_eq!(
            s.get_at(1, 1_100).await.unwrap().unwrap().sectors,
            vec!["kd".to_owned()]
        );
        // Chat 1 has been silent for more than the TTL: never read again.
        assert!(s.get_at(1, 1_101).await.unwrap().is_none());
        assert!(s.get_at(2, 1_101).await.unwrap().is_some());
        assert_eq!(s.rows().await.unwrap(), 2);
        assert_eq!(s.sweep(1_101).await.unwrap(), 1);
        assert_eq!(s.rows().await.unwrap(), 1);
        // A write replaces the chat's row.
        s.put_at(2, &ctx("kud", 1_200), 1_200).await.unwrap();
        assert_eq!(s.rows().await.unwrap(), 1);
        assert_eq!(
            s.get_at(2, 1_200).await.unwrap().unwrap().sectors,
            vec!["kud".to_owned()]
        );
        s.remove(2).await.unwrap();
        assert_eq!(s.rows().await.unwrap(), 0);
    }

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn sqlite_rows_stay_bounded_by_the_chats_of_one_ttl() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contexts.db");
        let s = SqliteStorage::open(path.to_str().unwrap(), 10)
            .await
            .unwrap();
        // 3 × SWEEP_EVERY chats, one a second: the sweeps keep only the
        // chats of the last TTL (and those written since the last sweep).
        let n = 3 * SWEEP_EVERY;
        for i in 0..n {
            s.put_at(i64::try_from(i).unwrap(), &ctx("kd", i), i)
                .await
                .unwrap();
        }
        let rows = s.rows().await.unwrap();
        assert!(rows <= SWEEP_EVERY + 10, "{rows} rows of {n} chats");
        // A reopened file deletes what has expired.
        drop(s);
        let s = SqliteStorage::open(path.to_str().unwrap(), 10)
            .await
            .unwrap();
        assert_eq!(s.rows().await.unwrap(), 0, "all expired by now");
    }
}
