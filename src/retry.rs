//! One retry policy for the chat adapters: exponential backoff with
//! jitter and a cap on both the delay and the number of attempts (backon),
//! where a server's own "retry after" replaces the computed delay but not
//! the cap on attempts. Every request the adapters retry (Telegram sends
//! and edits, Matrix syncs, sends and joins) goes through [`Policy::run`];
//! the Matrix client's own retries are off, so attempts never multiply.

use std::future::Future;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};

/// What an error means for the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Retrying will not help (a 4xx, a blocked chat).
    Stop,
    /// A transient fault: wait as the policy says.
    Retry,
    /// The server said how long to wait (a 429 with `retry_after`).
    After(Duration),
}

/// How to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Delay before the first retry (jitter adds up to as much again).
    pub first: Duration,
    /// Longest delay between two attempts, whatever the server asks.
    pub max_delay: Duration,
    /// Most retries after the first attempt; `None`: until it succeeds or
    /// the error says stop (the sync loop).
    pub times: Option<usize>,
}

impl Policy {
    /// The policy for one request: `times` retries from `first`, at most
    /// a minute apart.
    #[must_use]
    pub fn new(first: Duration, times: usize) -> Policy {
        Policy {
            first,
            max_delay: Duration::from_secs(60),
            times: Some(times),
        }
    }

    /// The backoff schedule (with jitter).
    #[must_use]
    pub fn backoff(&self) -> ExponentialBuilder {
        let b = ExponentialBuilder::default()
            .with_min_delay(self.first)
            .with_max_delay(self.max_delay)
            .with_jitter();
        match self.times {
            Some(n) => b.with_max_times(n),
            None => b.without_max_times(),
        }
    }

    /// Runs `f` until it succeeds, `verdict` says stop, or the attempts are
    /// used up; `notify` hears of each retry and its delay.
    ///
    /// # Errors
    /// The last error when no attempt succeeded.
    pub async fn run<T, E, F, Fut>(
        &self,
        f: F,
        verdict: impl Fn(&E) -> Verdict,
        mut notify: impl FnMut(&E, Duration),
    ) -> Result<T, E>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let cap = self.max_delay;
        f.retry(self.backoff())
            .when(|e| verdict(e) != Verdict::Stop)
            .adjust(|e, planned| match verdict(e) {
                // The server's delay, while attempts remain.
                Verdict::After(w) => planned.map(|_| w.min(cap)),
                _ => planned,
            })
            .notify(|e, d| notify(e, d))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn quick(times: usize) -> Policy {
        Policy {
            first: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            times: Some(times),
        }
    }

    #[tokio::test]
    async fn retries_transient_errors_at_most_the_given_times() {
        let calls = AtomicUsize::new(0);
        let r: Result<(), &str> = quick(3)
            .run(
                || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err("503")
                },
                |_| Verdict::Retry,
                |_, _| {},
            )
            .await;
        assert!(r.is_err());
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "one attempt and three retries"
        );
    }

    #[tokio::test]
    async fn stops_at_once_on_a_permanent_error() {
        let calls = AtomicUsize::new(0);
        let r: Result<(), &str> = quick(5)
            .run(
                || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err("403")
                },
                |_| Verdict::Stop,
                |_, _| {},
            )
            .await;
        assert!(r.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_servers_delay_is_kept_but_capped_and_counted() {
        let calls = AtomicUsize::new(0);
        let mut waits = Vec::new();
        let r: Result<u32, &str> = quick(2)
            .run(
                || async {
                    if calls.fetch_add(1, Ordering::SeqCst) < 2 {
                        Err("429")
                    } else {
                        Ok(7)
                    }
                },
                |_| Verdict::After(Duration::from_secs(3600)),
                |_, d| waits.push(d),
            )
            .await;
        assert_eq!(r, Ok(7));
        assert_eq!(
            waits,
            vec![Duration::from_millis(5); 2],
            "capped at max_delay"
        );
    }

    #[test]
    fn a_huge_number_of_retries_does_not_overflow() {
        let mut b = backon::BackoffBuilder::build(
            Policy::new(Duration::from_millis(500), usize::MAX).backoff(),
        );
        let mut last = Duration::ZERO;
        for _ in 0..200 {
            last = b.next().expect("attempts remain");
        }
        assert!(last <= Duration::from_secs(120), "{last:?}");
    }
}
