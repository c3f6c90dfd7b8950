//! Load benchmark of `faktabot serve` (not a test: it prints figures and
//! asserts only that nothing was lost).
//!
//! Starts the release binary on a loopback port with no rate limit, then
//! 200 concurrent clients (one chat each) ask a realistic mix of questions
//! (the project's own question sets, conversations in order) over HTTP
//! keep-alive connections. Prints throughput, p50/p90/p99/max latency and
//! the server's peak RSS (`VmHWM`), and fails if any request went without
//! a 200 and a non-empty answer.
//!
//!     cargo bench --bench serve_load
//!     FAKTABOT_LOAD_CLIENTS=200 FAKTABOT_LOAD_ROUNDS=5 cargo bench --bench serve_load

/// The allocator the `faktabot` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_or(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The question texts of the project's own sets, in file order.
fn questions() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = Vec::new();
    for set in [
        "heldout.jsonl",
        "heldout-conversations.jsonl",
        "tune.jsonl",
        "blind.jsonl",
    ] {
        let text = std::fs::read_to_string(format!("{root}/tests/eval/{set}")).unwrap_or_default();
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v["text"].as_str()
            {
                out.push(t.to_owned());
            }
        }
    }
    assert!(!out.is_empty(), "no questions found under tests/eval/");
    out
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing
    // we need. Either way, run once.
    let clients = env_or("FAKTABOT_LOAD_CLIENTS", 200);
    let rounds = env_or("FAKTABOT_LOAD_ROUNDS", 3);
    let mut child = Command::new(env!("CARGO_BIN_EXE_faktabot"))
        .args(["serve", "--listen", "127.0.0.1:0", "--rate-limit", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("faktabot serve starts");
    let pid = child.id();
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("listening line");
    let url = format!(
        "{}/api/ask",
        line.trim().rsplit(' ').next().expect("an address")
    );
    let questions = Arc::new(questions());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let started = Instant::now();
    let (latencies, failures) = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(clients)
            .build()
            .expect("client");
        let mut tasks = Vec::new();
        for c in 0..clients {
            let client = client.clone();
            let url = url.clone();
            let questions = questions.clone();
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut failed = 0usize;
                let per_client = questions.len() * rounds / clients.max(1);
                for i in 0..per_client.max(1) {
                    let q = &questions[(c * per_client + i) % questions.len()];
                    let t = Instant::now();
                    let ok = match client
                        .post(&url)
                        .json(&serde_json::json!({"chat": format!("load-{c}"), "text": q}))
                        .send()
                        .await
                    {
                        Ok(r) if r.status().is_success() => r
                            .json::<serde_json::Value>()
                            .await
                            .ok()
                            .and_then(|v| v["answer"].as_str().map(|a| !a.is_empty()))
                            .unwrap_or(false),
                        // A question over the API's limit is refused by
                        // design (413), not lost.
                        Ok(r) if r.status() == reqwest::StatusCode::PAYLOAD_TOO_LARGE => {
                            q.chars().count() > 4_000
                        }
                        Ok(r) => {
                            eprintln!(
                                "{} for {:?}",
                                r.status(),
                                q.chars().take(80).collect::<String>()
                            );
                            false
                        }
                        Err(e) => {
                            eprintln!("request failed: {e}");
                            false
                        }
                    };
                    lat.push(t.elapsed());
                    if !ok {
                        failed += 1;
                    }
                }
                (lat, failed)
            }));
        }
        let mut all = Vec::new();
        let mut failures = 0;
        for t in tasks {
            let (lat, failed) = t.await.expect("client task");
            all.extend(lat);
            failures += failed;
        }
        (all, failures)
    });
    let wall = started.elapsed();
    let rss = peak_rss_kib(pid);
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = child.wait();
    let mut sorted = latencies.clone();
    sorted.sort();
    let n = sorted.len();
    #[allow(clippy::cast_precision_loss)]
    let throughput = n as f64 / wall.as_secs_f64();
    println!("serve load: {clients} concurrent clients, {n} questions in {wall:.2?}");
    println!("  throughput   {throughput:.0} questions/s");
    println!(
        "  latency      p50 {:.2?}  p90 {:.2?}  p99 {:.2?}  max {:.2?}",
        percentile(&sorted, 0.50),
        percentile(&sorted, 0.90),
        percentile(&sorted, 0.99),
        sorted.last().copied().unwrap_or_default()
    );
    match rss {
        Some(kib) => println!("  server peak RSS {:.1} MiB", kib as f64 / 1024.0),
        None => println!("  server peak RSS: not readable"),
    }
    println!("  lost or failed: {failures}");
    assert_eq!(failures, 0, "every question gets a 200 and an answer");
}
