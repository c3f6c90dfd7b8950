//! `faktabot serve`: the HTTP API, the page's headers, the slash commands
//! and the metrics, driven through the real router (in process), and the
//! binary itself on a loopback port.
#![cfg(feature = "serve")]

mod util;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;

use faktabot::Engine;
use faktabot::serve::{AppState, ServeConfig, router, slash};

fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Arc::new(Engine::bundled().expect("bundled engine")))
        .clone()
}

fn config() -> ServeConfig {
    ServeConfig {
        rate_limit_per_minute: 0,
        slack_signing_secret: Some("slack-secret".into()),
        mattermost_tokens: vec!["mm-token".into()],
        ..ServeConfig::default()
    }
}

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Resp {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Resp {
        status,
        headers,
        body,
    }
}

fn post_json(uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

fn ask(chat: &str, text: &str) -> Request<Body> {
    post_json(
        "/api/ask",
        serde_json::json!({"chat": chat, "text": text}).to_string(),
    )
}

fn app_with(config: ServeConfig) -> (axum::Router, Arc<AppState>) {
    let state = AppState::new(engine(), config);
    (router(state.clone()), state)
}

fn app() -> axum::Router {
    app_with(config()).0
}

fn assert_error(r: &Resp, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.text());
    let v = r.json();
    assert_eq!(v["error"]["status"], status.as_u16(), "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn a_question_gets_the_json_reply_with_parts_and_labelled_sources() {
    let r = send(&app(), ask("t1", "Hvem eier Lånekassen?")).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["intent"], "agency_owner");
    assert_eq!(v["sectors"], serde_json::json!(["kd"]));
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("Kunnskapsdepartementet")
    );
    assert!(!v["parts"].as_array().unwrap().is_empty());
    assert_eq!(v["parts"][0]["kind"], "paragraph");
    let src = &v["sources"][0];
    assert_eq!(src["sector"], "kd");
    assert!(src["label"].as_str().unwrap().contains("Kunnskapssektoren"));
    assert!(
        v["source_url"]
            .as_str()
            .unwrap()
            .starts_with("https://www.digdir.no/")
    );
    assert_eq!(v["attribution"], "Kilde: Digitaliseringsdirektoratet");
    assert_eq!(
        r.headers[header::CONTENT_SECURITY_POLICY],
        faktabot::serve::CSP
    );
}

#[tokio::test]
async fn follow_ups_keep_their_chat_and_chats_are_apart() {
    let app = app();
    let first = send(
        &app,
        ask(
            "conv-a",
            "Hvordan finansieres digitalisering i helsesektoren?",
        ),
    )
    .await;
    assert_eq!(first.json()["sectors"], serde_json::json!(["hod"]));
    let follow = send(&app, ask("conv-a", "og strategiene?")).await.json();
    assert_eq!(follow["intent"], "strategies", "{follow}");
    assert_eq!(follow["sectors"], serde_json::json!(["hod"]));
    // Another chat has no context, so the same follow-up does not land on
    // the health sector.
    let other = send(&app, ask("conv-b", "og strategiene?")).await.json();
    assert_ne!(other["sectors"], serde_json::json!(["hod"]), "{other}");
    // A number is a chat id too.
    let n = send(
        &app,
        post_json("/api/ask", r#"{"chat": 42, "text": "Hvem eier NVE?"}"#),
    )
    .await;
    assert_eq!(n.status, StatusCode::OK);
}

#[tokio::test]
async fn get_asks_from_the_query_string() {
    let app = app();
    let r = send(
        &app,
        Request::get("/api/ask?q=hvem%20eier%20NVE%3F&chat=g1")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.json()["answer"]
            .as_str()
            .unwrap()
            .contains("Energidepartementet")
    );
    let missing = send(&app, Request::get("/api/ask").body(Body::empty()).unwrap()).await;
    assert_error(&missing, StatusCode::BAD_REQUEST);
    let bad = send(
        &app,
        Request::get("/api/ask?q=%FF%FE")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        bad.status == StatusCode::BAD_REQUEST || bad.status == StatusCode::OK,
        "{}",
        bad.status
    );
}

#[tokio::test]
async fn malformed_requests_get_400_with_a_json_error() {
    let app = app();
    for body in [
        "{not json",
        "",
        "[1, 2]",
        "\"text\"",
        r#"{"chat": "x"}"#,
        r#"{"text": 12}"#,
        r#"{"text": null}"#,
        r#"{"text": "hei", "chat": {"a": 1}}"#,
        &"[".repeat(10_000),
    ] {
        let r = send(&app, post_json("/api/ask", body.to_owned())).await;
        assert_error(&r, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn wrong_content_type_gets_415() {
    let app = app();
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut req = Request::post("/api/ask");
        if let Some(ct) = ct {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let r = send(&app, req.body(Body::from(r#"{"text": "hei"}"#)).unwrap()).await;
        assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    // Parameters and case do not matter.
    let r = send(
        &app,
        Request::post("/api/ask")
            .header(header::CONTENT_TYPE, "Application/JSON; charset=utf-8")
            .body(Body::from(r#"{"text": "hei"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn too_large_bodies_and_questions_get_413() {
    let app = app();
    let huge = serde_json::json!({"text": "a".repeat(100_000)}).to_string();
    let r = send(&app, post_json("/api/ask", huge)).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE);
    let long = serde_json::json!({"text": "ord ".repeat(1_500)}).to_string();
    let r = send(&app, post_json("/api/ask", long)).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE);
    let q = format!("/api/ask?q={}", "x".repeat(5_000));
    let r = send(&app, Request::get(q).body(Body::empty()).unwrap()).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE);
}

fn from(ip: &str, text: &str) -> Request<Body> {
    Request::post("/api/ask")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
        .body(Body::from(serde_json::json!({"text": text}).to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after_and_others_go_on() {
    let (app, _) = app_with(ServeConfig {
        rate_limit_per_minute: 3,
        trust_proxy: true,
        ..config()
    });
    for _ in 0..3 {
        assert_eq!(
            send(&app, from("198.51.100.1", "hei")).await.status,
            StatusCode::OK
        );
    }
    let r = send(&app, from("198.51.100.1", "hei")).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another client is not slowed down by the first.
    assert_eq!(
        send(&app, from("198.51.100.2", "hei")).await.status,
        StatusCode::OK
    );
    // The metrics count the refusal.
    let m = send(&app, Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert!(
        m.text()
            .contains("faktabot_errors_total{adapter=\"web\",kind=\"rate_limited\"} 1"),
        "{}",
        m.text()
    );
}

#[tokio::test]
async fn garbage_never_gets_a_5xx() {
    let app = app();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "{",
        "}",
        "[",
        "]",
        "\"text\"",
        ":",
        ",",
        "\"",
        "\\u0000",
        "\u{1F600}",
        "<script>",
        "NVE",
        "AND",
        "(",
        ")",
        "*",
        "\0",
        "\u{202E}",
        "hvem eier",
        "null",
        "1e999",
    ];
    for _ in 0..300 {
        let n = (next() % 40) as usize;
        let body: String = (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let body = if next() % 2 == 0 {
            body
        } else {
            serde_json::json!({"chat": "fuzz", "text": body}).to_string()
        };
        let r = send(&app, post_json("/api/ask", body.clone())).await;
        assert!(
            r.status == StatusCode::OK || r.status == StatusCode::BAD_REQUEST,
            "{} for {body:?}",
            r.status
        );
        if r.status == StatusCode::OK {
            let answer = r.json()["answer"].as_str().unwrap_or("").to_owned();
            assert!(!answer.is_empty() && answer.chars().count() <= 4096);
        }
    }
}

#[tokio::test]
async fn health_metrics_and_openapi() {
    let app = app();
    let h = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((h.status, h.text().as_str()), (StatusCode::OK, "ok"));
    for _ in 0..2 {
        send(&app, ask("m", "Hvem eier NVE?")).await;
    }
    send(&app, ask("m2", "hvem vant fotball-VM i 1998?")).await;
    let m = send(&app, Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert_eq!(m.status, StatusCode::OK);
    let text = m.text();
    assert!(
        text.contains("faktabot_questions_total{adapter=\"web\",intent=\"agency_owner\"} 2"),
        "{text}"
    );
    assert!(text.contains("faktabot_questions_total{adapter=\"web\",intent=\"unknown\"} 1"));
    assert!(text.contains("faktabot_answer_seconds_bucket{"));
    assert!(text.contains("faktabot_answer_seconds_count{adapter=\"web\"} 3"));
    // The OpenAPI description lists what is served, and nothing else.
    let o = send(
        &app,
        Request::get("/api/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let spec = o.json();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path.as_str())
                .body(Body::empty())
                .unwrap();
            let r = send(&app, req).await;
            assert!(
                r.status != StatusCode::NOT_FOUND && r.status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {}",
                r.status
            );
        }
    }
    assert!(paths.contains_key("/api/ask") && paths.contains_key("/slash"));
}

#[tokio::test]
async fn unknown_paths_and_methods_get_json_errors() {
    let app = app();
    let r = send(&app, Request::get("/nope").body(Body::empty()).unwrap()).await;
    assert_error(&r, StatusCode::NOT_FOUND);
    let r = send(
        &app,
        Request::delete("/api/ask").body(Body::empty()).unwrap(),
    )
    .await;
    assert_error(&r, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_page_follows_accept_language_under_a_strict_csp() {
    let app = app();
    let nb = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(nb.status, StatusCode::OK);
    assert!(nb.text().contains("lang=\"nb\""));
    assert!(!nb.text().contains("{{lang}}"));
    let csp = nb.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    let en = send(
        &app,
        Request::get("/")
            .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(en.text().contains("lang=\"en\""));
    for (path, ct) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
        ("/assets/favicon.svg", "image/svg+xml"),
    ] {
        let r = send(&app, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            r.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(ct)
        );
        assert!(!r.body.is_empty());
    }
    // The page has no inline script or style and loads nothing from outside.
    let html = nb.text();
    assert!(!html.contains("<script>") && !html.contains("style="));
    assert!(!html.contains("http://") && !html.contains("src=\"https://"));
}

#[tokio::test]
async fn cors_is_off_by_default_and_allows_only_configured_origins() {
    let r = send(
        &app(),
        Request::get("/api/ask?q=hei")
            .header(header::ORIGIN, "https://intranett.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let (app, _) = app_with(ServeConfig {
        cors_origins: vec!["https://intranett.example".into()],
        ..config()
    });
    let pre = send(
        &app,
        Request::builder()
            .method("OPTIONS")
            .uri("/api/ask")
            .header(header::ORIGIN, "https://intranett.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        pre.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://intranett.example"
    );
    let other = send(
        &app,
        Request::get("/api/ask?q=hei")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        other
            .headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn slack(body: &str, secret: &str, ts: u64) -> Request<Body> {
    Request::post("/slash")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-slack-request-timestamp", ts.to_string())
        .header(
            "x-slack-signature",
            slash::slack_signature(secret, &ts.to_string(), body.as_bytes()),
        )
        .body(Body::from(body.to_owned()))
        .unwrap()
}

const SLACK_BODY: &str = "token=legacy&team_id=T1&channel_id=C1&user_id=U1&command=%2Ffaktabot&text=hvem+eier+L%C3%A5nekassen%3F";

#[tokio::test]
async fn slack_commands_are_answered_only_when_signed() {
    let app = app();
    let ok = send(&app, slack(SLACK_BODY, "slack-secret", now())).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    let v = ok.json();
    assert_eq!(v["response_type"], "in_channel");
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("Kunnskapsdepartementet"), "{text}");
    assert!(
        text.contains("_Kilde:"),
        "mrkdwn italics for the source: {text}"
    );
    assert!(text.contains("<https://www.digdir.no/"), "{text}");
    // Wrong secret, stale timestamp, tampered body, no signature at all.
    for req in [
        slack(SLACK_BODY, "wrong", now()),
        slack(SLACK_BODY, "slack-secret", now() - 600),
        {
            let mut r = slack(SLACK_BODY, "slack-secret", now());
            *r.body_mut() = Body::from(SLACK_BODY.replace("U1", "U2"));
            r
        },
        Request::post("/slash")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(SLACK_BODY))
            .unwrap(),
    ] {
        let r = send(&app, req).await;
        assert_error(&r, StatusCode::UNAUTHORIZED);
        assert!(!r.text().contains("Kunnskapsdepartementet"));
    }
    // Without a configured secret nothing signed by Slack is taken.
    let (bare, _) = app_with(ServeConfig {
        slack_signing_secret: None,
        ..config()
    });
    assert_error(
        &send(&bare, slack(SLACK_BODY, "slack-secret", now())).await,
        StatusCode::UNAUTHORIZED,
    );
}

fn mattermost(token: &str, text: &str) -> Request<Body> {
    let body = serde_urlencoded::to_string([
        ("token", token),
        ("team_id", "t"),
        ("channel_id", "c"),
        ("user_id", "u"),
        ("text", text),
    ])
    .unwrap();
    Request::post("/slash")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn mattermost_commands_need_the_token_and_keep_context_per_user() {
    let app = app();
    let ok = send(
        &app,
        mattermost(
            "mm-token",
            "Hvordan finansieres digitalisering i helsesektoren?",
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    let text = ok.json()["text"].as_str().unwrap().to_owned();
    assert!(text.starts_with("**"), "markdown title: {text}");
    assert!(text.contains("](https://www.digdir.no/"), "{text}");
    let follow = send(&app, mattermost("mm-token", "og strategiene?"))
        .await
        .json();
    assert!(
        follow["text"].as_str().unwrap().contains("Helse"),
        "{follow}"
    );
    for token in ["wrong", "", "mm-token "] {
        assert_error(
            &send(&app, mattermost(token, "hvem eier NVE?")).await,
            StatusCode::UNAUTHORIZED,
        );
    }
    let r = send(
        &app,
        Request::post("/slash")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// The binary itself: listens on a port it picks, answers, stops on
/// SIGTERM.
#[tokio::test]
async fn the_binary_serves_on_loopback_and_stops_on_sigterm() {
    let mut child = Command::new(util::bin())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("faktabot serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim()
        .rsplit(' ')
        .next()
        .expect("an address")
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let client = reqwest::Client::new();
    let v: Value = client
        .post(format!("{url}/api/ask"))
        .json(&serde_json::json!({"chat": "bin", "text": "Hvem eier Skatteetaten?"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        v["answer"]
            .as_str()
            .unwrap()
            .contains("Finansdepartementet"),
        "{v}"
    );
    let page = client.get(&url).send().await.unwrap();
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("'self'")
    );
    // SAFETY-free: send SIGTERM with the kill command.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    assert!(code.success(), "{code:?}");
}
