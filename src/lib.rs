//! faktabot: answers questions about how Norway's government coordinates
//! digitalisation, sector by sector, from Digitaliseringsdirektoratet's
//! fact sheet «Faktaark om samordning av digitalisering i hver sektor».
//!
//! The crate is a pure core (no network, no files, no async runtime) with
//! one door in, [`Engine::ask`]. The loader ([`load`]) is the only code that
//! reads `knowledge/` and `intents/`; the command line lives in `main.rs`.

pub mod aliases;
pub mod bytes;
pub mod check;
pub mod classify;
pub mod diff;
pub mod engine;
pub mod eval;
pub mod frozen;
pub mod import;
pub mod intents;
pub mod knowledge;
pub mod lang;
pub mod live;
pub mod load;
pub mod markup;
pub mod messages;
pub mod patterns;
pub mod prebuilt;
pub mod reply;
pub mod resolve;
pub mod search;
pub mod sheetwords;
pub mod split;
pub mod text;

/// Hash maps and sets for the engine's own words (the sheet's, the
/// classifier's features, the names): looked up for every word of every
/// question, and filled only from the bundled data, so a fast hash with a
/// fixed seed (foldhash) instead of SipHash.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// See [`FastMap`].
pub type FastSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;

/// The names of the bundled sheet and aliases as the resolver analyses
/// them, written by `build.rs` ([`resolve::Resolver::names_to_bytes`]).
const NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.bin"));
pub mod typo;

pub use engine::{Context, Engine};
pub use reply::Reply;
#[cfg(feature = "matrix")]
pub mod matrix;
#[cfg(any(feature = "telegram", feature = "serve"))]
pub mod metrics;
#[cfg(any(feature = "telegram", feature = "matrix"))]
pub mod retry;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(any(feature = "telegram", feature = "matrix", feature = "serve"))]
pub mod signals;
#[cfg(feature = "telegram")]
pub mod telegram;
