//! Prometheus metrics of the servers (`faktabot serve`, the Telegram
//! webhook server): questions by intent and adapter, answer latency, and
//! errors by kind, in the OpenMetrics text format that Prometheus scrapes.
//!
//! The registry is built with `prometheus-client` (the Prometheus
//! project's own Rust client), so the exposition format is the library's,
//! not ours. Label values are a closed set (intent ids, adapter names,
//! error kinds), never anything a user typed, so the number of series is
//! bounded whatever people send.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::intents::Intent;

/// The content type of [`Metrics::render`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QuestionLabels {
    adapter: &'static str,
    intent: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AdapterLabels {
    adapter: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabels {
    adapter: &'static str,
    kind: &'static str,
}

fn latency_histogram() -> Histogram {
    // 10 µs … about 2.6 s, factor 4.
    Histogram::new(exponential_buckets(0.000_01, 4.0, 10))
}

/// The metrics one process exposes. Cheap to clone (shared counters).
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    questions: Family<QuestionLabels, Counter>,
    latency: Family<AdapterLabels, Histogram, fn() -> Histogram>,
    errors: Family<ErrorLabels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric registered.
    #[must_use]
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("faktabot");
        let questions = Family::<QuestionLabels, Counter>::default();
        let latency = Family::<AdapterLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let errors = Family::<ErrorLabels, Counter>::default();
        registry.register(
            "questions",
            "Questions answered, by adapter and the intent of the reply (intent=\"unknown\": the sheet does not answer it)",
            questions.clone(),
        );
        registry.register(
            "answer_seconds",
            "Time the engine took to answer a question",
            latency.clone(),
        );
        registry.register(
            "errors",
            "Requests or updates that got no answer, by adapter and kind (bad_request, too_large, rate_limited, unauthorized, timeout, send)",
            errors.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            questions,
            latency,
            errors,
        }
    }

    /// Counts one answered question and how long the engine took.
    pub fn answered(&self, adapter: &'static str, intent: Intent, took: Duration) {
        self.questions
            .get_or_create(&QuestionLabels {
                adapter,
                intent: intent.id(),
            })
            .inc();
        self.latency
            .get_or_create(&AdapterLabels { adapter })
            .observe(took.as_secs_f64());
    }

    /// Counts one request or update that got no answer.
    pub fn error(&self, adapter: &'static str, kind: &'static str) {
        self.errors
            .get_or_create(&ErrorLabels { adapter, kind })
            .inc();
    }

    /// The OpenMetrics text of every metric ([`CONTENT_TYPE`]).
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_questions_by_intent_and_errors_by_kind() {
        let m = Metrics::new();
        m.answered("web", Intent::AgencyOwner, Duration::from_micros(40));
        m.answered("web", Intent::AgencyOwner, Duration::from_micros(90));
        m.answered("web", Intent::Unknown, Duration::from_millis(2));
        m.error("web", "rate_limited");
        let text = m.render();
        assert!(
            text.contains("faktabot_questions_total{adapter=\"web\",intent=\"agency_owner\"} 2"),
            "{text}"
        );
        assert!(text.contains("faktabot_questions_total{adapter=\"web\",intent=\"unknown\"} 1"));
        assert!(text.contains("faktabot_answer_seconds_count{adapter=\"web\"} 3"));
        assert!(text.contains("faktabot_errors_total{adapter=\"web\",kind=\"rate_limited\"} 1"));
        assert!(text.ends_with("# EOF\n"));
    }
}
