//! A bounded, expiring store of chat contexts, for callers that do not
//! keep context themselves (the CLI's batch mode, the Matrix adapter).
//!
//! Every key is something a user controls (a chat or room id), so the
//! store has a capacity (least recently used chats are forgotten first, in
//! O(1), by the `lru` crate) and a time to live (a context older than the
//! TTL is never returned). Keys longer than [`MAX_KEY_BYTES`] are replaced
//! by a hash, so a huge chat id costs no more memory than a short one.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

use super::Context;

/// Longest chat id kept as it is; longer ones are hashed.
pub const MAX_KEY_BYTES: usize = 128;

/// Chat contexts with a capacity and a time to live.
#[derive(Debug)]
pub struct ContextStore {
    chats: Mutex<LruCache<String, Context>>,
    ttl_secs: u64,
}

/// The key a chat id is stored under: itself, or a hash of a long one.
#[must_use]
pub fn key(chat: &str) -> String {
    if chat.len() <= MAX_KEY_BYTES {
        return chat.to_owned();
    }
    let mut h = DefaultHasher::new();
    chat.hash(&mut h);
    format!("#{:016x}:{}", h.finish(), chat.len())
}

impl ContextStore {
    /// A store for at most `capacity` chats (at least one), forgetting a
    /// chat after `ttl_secs` of silence.
    #[must_use]
    pub fn new(capacity: usize, ttl_secs: u64) -> ContextStore {
        ContextStore {
            chats: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
            ttl_secs,
        }
    }

    /// The chat's context, unless it has expired by `now` (Unix seconds).
    #[must_use]
    pub fn get(&self, chat: &str, now: u64) -> Option<Context> {
        let mut chats = self
            .chats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let k = key(chat);
        let ctx = chats.get(&k)?;
        if now.saturating_sub(ctx.at) > self.ttl_secs {
            chats.pop(&k);
            return None;
        }
        Some(ctx.clone())
    }

    /// Keeps the chat's context (forgetting the least recently used chat
    /// when full).
    pub fn put(&self, chat: &str, ctx: Context) {
        let mut chats = self
            .chats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        chats.put(key(chat), ctx);
    }

    /// Forgets the chat's context; `true` when there was one.
    pub fn remove(&self, chat: &str) -> bool {
        let mut chats = self
            .chats
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        chats.pop(&key(chat)).is_some()
    }

    /// Number of chats kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.chats.lock().map_or(0, |c| c.len())
    }

    /// `true` when no chat is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(at: u64) -> Context {
        Context {
            at,
            ..Context::default()
        }
    }

    #[test]
    fn forgets_the_least_recently_used_chat_when_full() {
        let s = ContextStore::new(2, 100);
        s.put("a", ctx(1));
        s.put("b", ctx(2));
        assert!(s.get("a", 3).is_some()); // a is now the most recent
        s.put("c", ctx(3));
        assert!(s.get("b", 3).is_none());
        assert!(s.get("a", 3).is_some());
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn expired_contexts_are_not_returned() {
        let s = ContextStore::new(10, 100);
        s.put("a", ctx(1000));
        assert!(s.get("a", 1100).is_some());
        assert!(s.get("a", 1101).is_none());
        assert!(s.is_empty());
    }

    #[test]
    fn long_chat_ids_are_hashed() {
        let long = "x".repeat(16 * 1024);
        let k = key(&long);
        assert!(k.len() < 40, "{k}");
        assert_ne!(key(&long), key(&"y".repeat(16 * 1024)));
        let s = ContextStore::new(10, 100);
        s.put(&long, ctx(5));
        assert!(s.get(&long, 6).is_some());
    }
}
