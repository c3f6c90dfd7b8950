//! End-to-end tests of the Telegram adapter: the real teloxide client talks
//! over a loopback socket to a local stand-in of the Bot API (this file's
//! `FakeApi`, an axum server), which records every call and can inject
//! faults: 429 with retry_after, 5xx, dropped connections, 403.
#![cfg(feature = "telegram")]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::{Notify, oneshot};

use faktabot::Engine;
use faktabot::telegram::{TelegramConfig, run_until};

const BOT_ID: i64 = 4242;
const BOT_NAME: &str = "faktabot_test";

#[derive(Clone)]
enum Fault {
    Status(u16, Value),
    Drop,
}

#[derive(Default)]
struct ApiState {
    updates: Mutex<Vec<Value>>,
    next_update: Mutex<i64>,
    calls: Mutex<Vec<(String, Value)>>,
    faults: Mutex<HashMap<String, VecDeque<Fault>>>,
    offsets: Mutex<Vec<i64>>,
    notify: Notify,
    message_id: Mutex<i64>,
}

struct FakeApi {
    state: Arc<ApiState>,
    addr: SocketAddr,
}

fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "group", "title": "Team"})
    } else {
        json!({"id": id, "type": "private", "first_name": "Ola"})
    }
}

fn user_json(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "Ola"})
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Fakta", "username": BOT_NAME})
}

fn normal_method(m: &str) -> String {
    let mut c = m.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

async fn handle(State(s): State<Arc<ApiState>>, Path(path): Path<String>, body: Bytes) -> Response {
    // The Bot API's method names are case-insensitive; teloxide writes
    // some capitalised ("GetMe").
    let method = normal_method(path.rsplit('/').next().unwrap_or(""));
    let params: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
    s.calls
        .lock()
        .unwrap()
        .push((method.clone(), params.clone()));
    let fault = s
        .faults
        .lock()
        .unwrap()
        .get_mut(&method)
        .and_then(VecDeque::pop_front);
    match fault {
        Some(Fault::Drop) => {
            // Abort the connection without a response.
            std::panic::resume_unwind(Box::new("dropped connection (injected)"));
        }
        Some(Fault::Status(code, body)) => {
            return (StatusCode::from_u16(code).unwrap(), axum::Json(body)).into_response();
        }
        None => {}
    }
    let result = match method.as_str() {
        "getMe" => json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Fakta", "username": BOT_NAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": true, "has_main_web_app": false
        }),
        "getUpdates" => {
            let offset = params.get("offset").and_then(Value::as_i64).unwrap_or(0);
            s.offsets.lock().unwrap().push(offset);
            {
                let mut u = s.updates.lock().unwrap();
                u.retain(|x| x["update_id"].as_i64().unwrap() >= offset);
            }
            let pending = s.updates.lock().unwrap().clone();
            if pending.is_empty() {
                let _ = tokio::time::timeout(Duration::from_millis(200), s.notify.notified()).await;
            }
            json!(s.updates.lock().unwrap().clone())
        }
        "sendMessage" => {
            let chat = params["chat_id"].as_i64().unwrap_or(0);
            let mut id = s.message_id.lock().unwrap();
            *id += 1;
            json!({
                "message_id": *id, "date": 0, "chat": chat_json(chat), "from": bot_user(),
                "text": params["text"]
            })
        }
        "getWebhookInfo" => {
            json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})
        }
        _ => json!(true),
    };
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

impl FakeApi {
    async fn start() -> FakeApi {
        let state = Arc::new(ApiState::default());
        let app = Router::new()
            .route("/{*path}", axum::routing::post(handle).get(handle))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeApi { state, addr }
    }

    fn push(&self, kind: &str, mut body: Value) -> i64 {
        let id = {
            let mut n = self.state.next_update.lock().unwrap();
            *n += 1;
            *n
        };
        if let Some(o) = body.as_object_mut() {
            o.entry("message_id").or_insert(json!(id));
            o.entry("date").or_insert(json!(0));
        }
        self.state
            .updates
            .lock()
            .unwrap()
            .push(json!({"update_id": id, kind: body}));
        self.state.notify.notify_waiters();
        id
    }

    fn text(&self, chat: i64, text: &str) -> i64 {
        self.push(
            "message",
            json!({"chat": chat_json(chat), "from": user_json(chat.abs()), "text": text}),
        )
    }

    fn fault(&self, method: &str, f: Fault) {
        self.state
            .faults
            .lock()
            .unwrap()
            .entry(method.to_owned())
            .or_default()
            .push_back(f);
    }

    fn calls(&self, method: &str) -> Vec<Value> {
        self.state
            .calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Sent messages that got through (faulted attempts excluded).
    fn sent(&self) -> Vec<Value> {
        self.calls("sendMessage")
    }

    async fn wait_for(&self, what: &str, mut ok: impl FnMut(&FakeApi) -> bool) {
        for _ in 0..300 {
            if ok(self) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "timed out waiting for {what}; calls: {:#?}",
            self.state.calls.lock().unwrap()
        );
    }
}

struct Running {
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Ends the bot at once, as `kill -9` would: nothing is finished.
    #[allow(dead_code)]
    fn kill(self) {
        self.task.abort();
    }

    async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .expect("bot stops")
            .expect("bot task");
    }
}

fn config(api: &FakeApi) -> TelegramConfig {
    TelegramConfig {
        token: "123456:TEST-TOKEN".to_owned(),
        api_url: Some(format!("http://{}/", api.addr).parse().unwrap()),
        retry_backoff: Duration::from_millis(20),
        ..TelegramConfig::default()
    }
}

fn start_bot(engine: Engine, config: TelegramConfig) -> Running {
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        run_until(Arc::new(engine), config, async {
            let _ = rx.await;
        })
        .await
        .expect("bot runs");
    });
    Running {
        stop: Some(tx),
        task,
    }
}

fn engine() -> Engine {
    Engine::bundled().unwrap()
}

fn texts(api: &FakeApi, chat: i64) -> Vec<String> {
    api.sent()
        .iter()
        .filter(|m| m["chat_id"].as_i64() == Some(chat))
        .map(|m| m["text"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_help_and_a_question_get_html_answers() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    api.text(100, "/start");
    api.text(100, "/help");
    api.text(100, "Hvem eier Lånekassen?");
    api.wait_for("three answers", |a| texts(a, 100).len() >= 3)
        .await;
    let t = texts(&api, 100);
    assert!(t[0].contains("<b>faktabot – hjelp</b>"), "{}", t[0]);
    assert!(t[1].contains("/etat"), "{}", t[1]);
    assert!(t[2].contains("Kunnskapsdepartementet"), "{}", t[2]);
    assert!(
        t[2].contains("<i>Kilde: Faktaark, Kunnskapssektoren › Underliggende etater</i>"),
        "{}",
        t[2]
    );
    for m in api.sent() {
        assert_eq!(m["parse_mode"], "HTML");
    }
    // The commands are registered, /help generated from the same list.
    let cmds = api.calls("setMyCommands");
    let names: Vec<&str> = cmds[0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    for name in [
        "start",
        "help",
        "etat",
        "departement",
        "finansiering",
        "strategier",
        "samordning",
        "sok",
        "sektorer",
    ] {
        assert!(names.contains(&name), "{names:?}");
        assert!(t[1].contains(&format!("/{name}")), "help lacks /{name}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_get_answers_only_when_addressed() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    api.text(-200, "hvem eier NVE?");
    api.text(-200, "/help@OtherBot");
    api.text(-200, &format!("@{BOT_NAME} hvem eier NVE?"));
    api.text(-200, &format!("/help@{BOT_NAME}"));
    api.push(
        "message",
        json!({
            "chat": chat_json(-200), "from": user_json(7), "text": "og Lånekassen?",
            "reply_to_message": {"message_id": 1, "date": 0, "chat": chat_json(-200), "from": bot_user(), "text": "…"}
        }),
    );
    api.wait_for("three answers", |a| texts(a, -200).len() >= 3)
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t = texts(&api, -200);
    assert_eq!(t.len(), 3, "{t:#?}");
    assert!(t[0].contains("Energidepartementet"));
    assert!(t[1].contains("/etat"));
    assert!(t[2].contains("Kunnskapsdepartementet"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_answer_their_callback_and_reply() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvordan finansieres digitalisering i KD?");
    api.wait_for("an answer", |a| !texts(a, 100).is_empty())
        .await;
    let first = api.sent()[0].clone();
    let buttons = first["reply_markup"]["inline_keyboard"][0]
        .as_array()
        .unwrap()
        .clone();
    let labels: Vec<&str> = buttons
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["Strategier", "Etater", "Samordning"]);
    let data = buttons[0]["callback_data"].as_str().unwrap().to_owned();
    api.push(
        "callback_query",
        json!({
            "id": "cb-1", "from": user_json(100), "chat_instance": "ci", "data": data,
            "message": {"message_id": 1, "date": 0, "chat": chat_json(100), "from": bot_user(), "text": "…"}
        }),
    );
    api.wait_for("the button's answer", |a| texts(a, 100).len() >= 2)
        .await;
    assert_eq!(
        api.calls("answerCallbackQuery")[0]["callback_query_id"],
        "cb-1"
    );
    assert!(texts(&api, 100)[1].contains("Strategi for digital omstilling"));

    // An ambiguous name offers one button per candidate.
    api.text(100, "Hvem eier KMD?");
    api.wait_for("candidates", |a| texts(a, 100).len() >= 3)
        .await;
    let last = api.sent().last().unwrap().clone();
    let rows = last["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows.len(), 2, "{last:#}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_queries_get_an_article() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    api.push(
        "inline_query",
        json!({"id": "iq-1", "from": user_json(5), "query": "hvem eier nve", "offset": ""}),
    );
    api.wait_for("answerInlineQuery", |a| {
        !a.calls("answerInlineQuery").is_empty()
    })
    .await;
    let call = &api.calls("answerInlineQuery")[0];
    assert_eq!(call["inline_query_id"], "iq-1");
    let r = &call["results"][0];
    assert_eq!(r["type"], "article");
    let text = r["input_message_content"]["message_text"].as_str().unwrap();
    assert!(text.contains("Energidepartementet"), "{text}");
    assert_eq!(r["input_message_content"]["parse_mode"], "HTML");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_waited_out_and_retried() {
    let api = FakeApi::start().await;
    api.fault(
        "sendMessage",
        Fault::Status(429, json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}})),
    );
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvem eier NVE?");
    api.wait_for("two attempts", |a| a.sent().len() >= 2).await;
    let sent = api.sent();
    assert_eq!(sent[0]["text"], sent[1]["text"]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_is_retried_with_backoff() {
    let api = FakeApi::start().await;
    api.fault(
        "sendMessage",
        Fault::Status(
            500,
            json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
        ),
    );
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the retry", |a| a.sent().len() >= 2).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_survives_dropped_connections() {
    let api = FakeApi::start().await;
    api.fault("getUpdates", Fault::Drop);
    api.fault("getUpdates", Fault::Drop);
    api.fault(
        "getUpdates",
        Fault::Status(
            502,
            json!({"ok": false, "error_code": 502, "description": "Bad Gateway"}),
        ),
    );
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvem eier NVE?");
    api.wait_for("an answer after the faults", |a| !texts(a, 100).is_empty())
        .await;
    assert!(api.calls("getUpdates").len() >= 4);
    bot.stop().await;
}

/// A bot whose first send, to chat 100, Telegram refused with 403
/// (the user blocked the bot).
async fn blocked_by_chat_100() -> (FakeApi, Running) {
    let api = FakeApi::start().await;
    api.fault(
        "sendMessage",
        Fault::Status(403, json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})),
    );
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the refused send", |a| !a.sent().is_empty())
        .await;
    (api, bot)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_chat_is_dropped_and_others_go_on() {
    let (api, bot) = blocked_by_chat_100().await;
    api.text(100, "Hvem eier Lånekassen?");
    api.text(300, "Hvem eier Lånekassen?");
    api.wait_for("the other chat's answer", |a| !texts(a, 300).is_empty())
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        texts(&api, 100).len(),
        1,
        "no second send to a chat that blocked the bot"
    );
    bot.stop().await;
}

fn engine_with_long_funding() -> Engine {
    let mut data = faktabot::load::Data::bundled().unwrap();
    let kd = data
        .knowledge
        .sectors
        .iter_mut()
        .find(|s| s.id == "kd")
        .unwrap();
    let funding = kd
        .sections
        .iter_mut()
        .find(|s| s.kinds.contains(&faktabot::knowledge::SectionKind::Funding))
        .unwrap();
    funding.blocks.push(faktabot::knowledge::Block {
        item: false,
        name: None,
        text: "Tekst med << & <script> \" tegn.".to_owned(),
    });
    for i in 0..30 {
        funding.blocks.push(faktabot::knowledge::Block {
            item: false,
            name: None,
            text: format!(
                "Avsnitt {i}: {}",
                "Lang tekst om finansiering av digitalisering. ".repeat(8)
            ),
        });
    }
    Engine::new(data).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10000_character_answer_arrives_in_valid_pieces_with_text_escaped() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine_with_long_funding(), config(&api));
    api.text(100, "Hvordan finansieres digitalisering i KD?");
    // Throttle keeps Telegram's one message a second per chat.
    api.wait_for("the last piece", |a| {
        texts(a, 100).iter().any(|t| t.contains("Avsnitt 29"))
    })
    .await;
    api.wait_for("the sources", |a| {
        texts(a, 100).iter().any(|t| t.contains("<i>Kilde"))
    })
    .await;
    let t = texts(&api, 100);
    let total: usize = t.iter().map(|m| m.chars().count()).sum();
    assert!(total > 10_000, "{total}");
    for m in &t {
        assert!(m.encode_utf16().count() <= 4096);
        assert_eq!(m.matches("<b>").count(), m.matches("</b>").count());
        assert_eq!(m.matches("<i>").count(), m.matches("</i>").count());
    }
    let all = t.join("\n");
    assert!(
        all.contains("Tekst med &lt;&lt; &amp; &lt;script&gt; &quot; tegn."),
        "{all}"
    );
    assert!(all.contains("Avsnitt 29"));
    // Only the last piece carries the buttons.
    let sent = api.sent();
    assert!(
        sent[..sent.len() - 1]
            .iter()
            .all(|m| m.get("reply_markup").is_none())
    );
    assert!(sent.last().unwrap().get("reply_markup").is_some());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_markup_is_sent_again_as_plain_text() {
    let api = FakeApi::start().await;
    api.fault(
        "sendMessage",
        Fault::Status(400, json!({"ok": false, "error_code": 400, "description": "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0"})),
    );
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the plain resend", |a| a.sent().len() >= 2)
        .await;
    let sent = api.sent();
    assert!(sent[1].get("parse_mode").is_none());
    assert!(
        sent[1]["text"]
            .as_str()
            .unwrap()
            .contains("Energidepartementet")
    );
    assert!(!sent[1]["text"].as_str().unwrap().contains("<i>"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stickers_edits_and_channel_posts_get_no_reply() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    api.push(
        "message",
        json!({"chat": chat_json(100), "from": user_json(100), "sticker": {
            "file_id": "f", "file_unique_id": "u", "type": "regular", "width": 512, "height": 512,
            "is_animated": false, "is_video": false
        }}),
    );
    api.push(
        "message",
        json!({"chat": chat_json(100), "from": user_json(100), "photo": [
            {"file_id": "p", "file_unique_id": "pu", "width": 10, "height": 10}
        ]}),
    );
    api.push("edited_message", json!({"chat": chat_json(100), "from": user_json(100), "edit_date": 1, "text": "hvem eier NVE?"}));
    api.push(
        "channel_post",
        json!({"chat": {"id": -1001, "type": "channel", "title": "C"}, "text": "hvem eier NVE?"}),
    );
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the one answer", |a| !texts(a, 100).is_empty())
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(api.sent().len(), 1, "{:#?}", api.sent());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_chats_asking_at_once_all_get_their_answer() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    for chat in 1000..1050 {
        api.text(
            chat,
            if chat % 2 == 0 {
                "Hvem eier NVE?"
            } else {
                "Hvem eier Lånekassen?"
            },
        );
    }
    api.wait_for("fifty answers", |a| a.sent().len() >= 50)
        .await;
    for chat in 1000..1050 {
        let t = texts(&api, chat);
        assert_eq!(t.len(), 1, "chat {chat}");
        let want = if chat % 2 == 0 {
            "Energidepartementet"
        } else {
            "Kunnskapsdepartementet"
        };
        assert!(t[0].contains(want));
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn context_follows_the_chat_and_the_offset_is_confirmed_on_shutdown() {
    let api = FakeApi::start().await;
    let bot = start_bot(engine(), config(&api));
    api.text(100, "Hvem eier Husbanken?");
    api.wait_for("first answer", |a| !texts(a, 100).is_empty())
        .await;
    let last = api.text(100, "og hvordan finansieres digitalisering der?");
    api.wait_for("follow-up answer", |a| texts(a, 100).len() >= 2)
        .await;
    assert!(texts(&api, 100)[1].contains("Kommunal- og distriktsdepartementets område"));
    bot.stop().await;
    let offsets = api.state.offsets.lock().unwrap().clone();
    assert_eq!(*offsets.last().unwrap(), last + 1, "{offsets:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_get_one_polite_reply_then_silence() {
    let api = FakeApi::start().await;
    let mut c = config(&api);
    c.rate_limit_per_minute = 3;
    let bot = start_bot(engine(), c);
    for _ in 0..6 {
        api.text(100, "Hvem eier NVE?");
    }
    api.text(101, "Hvem eier NVE?");
    api.wait_for("other chat", |a| !texts(a, 101).is_empty())
        .await;
    api.wait_for("four replies", |a| texts(a, 100).len() >= 4)
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let t = texts(&api, 100);
    assert_eq!(t.len(), 4, "{t:#?}");
    assert!(t[3].contains("mange spørsmål"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_that_unblocks_the_bot_is_answered_again() {
    let (api, bot) = blocked_by_chat_100().await;
    // The user unblocks the bot: Telegram says so with my_chat_member.
    api.push(
        "my_chat_member",
        json!({
            "chat": chat_json(100), "from": user_json(100), "date": 0,
            "old_chat_member": {"user": bot_user(), "status": "kicked", "until_date": 0},
            "new_chat_member": {"user": bot_user(), "status": "member"}
        }),
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    api.text(100, "Hvem eier Lånekassen?");
    api.wait_for("the answer after unblocking", |a| texts(a, 100).len() >= 2)
        .await;
    assert!(texts(&api, 100)[1].contains("Kunnskapsdepartementet"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_mode_with_only_a_chat_allow_list_answers_no_one() {
    let api = FakeApi::start().await;
    let mut c = config(&api);
    c.allow_chats = vec![100];
    let bot = start_bot(engine(), c);
    api.push(
        "inline_query",
        json!({"id": "iq-9", "from": user_json(5), "query": "hvem eier nve", "offset": ""}),
    );
    // A message after it shows the inline query has been handled.
    api.text(100, "Hvem eier NVE?");
    api.wait_for("allowed chat", |a| !texts(a, 100).is_empty())
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(api.calls("answerInlineQuery").is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_count_against_the_rate_limit() {
    let api = FakeApi::start().await;
    let mut c = config(&api);
    c.rate_limit_per_minute = 2;
    let bot = start_bot(engine(), c);
    for i in 0..6 {
        api.push(
            "callback_query",
            json!({
                "id": format!("cb-{i}"), "from": user_json(100), "chat_instance": "ci",
                "data": "Hvem eier NVE?",
                "message": {"message_id": 1, "date": 0, "chat": chat_json(100), "from": bot_user(), "text": "…"}
            }),
        );
    }
    api.wait_for("every callback answered", |a| {
        a.calls("answerCallbackQuery").len() >= 6
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let t = texts(&api, 100);
    assert_eq!(t.len(), 3, "two answers and one polite reply: {t:#?}");
    assert!(t.iter().any(|m| m.contains("mange spørsmål")));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allow_lists_keep_other_chats_out() {
    let api = FakeApi::start().await;
    let mut c = config(&api);
    c.allow_chats = vec![100];
    let bot = start_bot(engine(), c);
    api.text(999, "Hvem eier NVE?");
    api.text(100, "Hvem eier NVE?");
    api.wait_for("allowed chat", |a| !texts(a, 100).is_empty())
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(texts(&api, 999).is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg(feature = "sqlite")]
async fn context_survives_a_restart_with_sqlite_storage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ctx.db");
    let api = FakeApi::start().await;
    let mut c = config(&api);
    c.storage = faktabot::telegram::StorageConfig::Sqlite(db.to_str().unwrap().to_owned());
    let bot = start_bot(engine(), c.clone());
    api.text(100, "Fortell om helsesektoren");
    api.wait_for("first answer", |a| !texts(a, 100).is_empty())
        .await;
    bot.stop().await;
    let bot = start_bot(engine(), c);
    api.text(100, "Hvilke strategier har de?");
    api.wait_for("answer after restart", |a| texts(a, 100).len() >= 2)
        .await;
    assert!(texts(&api, 100)[1].contains("Nasjonal e-helsestrategi"));
    bot.stop().await;
}

/// A raw HTTP/1.1 POST or GET on loopback; returns the status code.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> u16 {
    http_full(addr, method, path, headers, body).await.0
}

/// [`http`], with the response's body.
async fn http_full(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let code = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (code, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_check_the_secret_and_serve_healthz() {
    let api = FakeApi::start().await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let listen: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut c = config(&api);
    c.webhook = Some(faktabot::telegram::WebhookConfig {
        url: "https://bot.example.org/telegram".parse().unwrap(),
        listen,
        secret: "s3cret-token".to_owned(),
    });
    let bot = start_bot(engine(), c);
    api.wait_for("setWebhook", |a| !a.calls("setWebhook").is_empty())
        .await;
    // (setWebhook goes as multipart/form-data, which the stand-in does not
    // parse: that it was called is what matters here.)
    let mut up = 0;
    for _ in 0..50 {
        up = http(listen, "GET", "/healthz", &[], "").await;
        if up == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(up, 200);
    let update = json!({"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": chat_json(100), "from": user_json(100), "text": "Hvem eier NVE?"
    }})
    .to_string();
    let json_header = ("Content-Type", "application/json");
    let wrong = http(
        listen,
        "POST",
        "/telegram",
        &[json_header, ("X-Telegram-Bot-Api-Secret-Token", "wrong")],
        &update,
    )
    .await;
    assert_eq!(wrong, 401);
    let ok = http(
        listen,
        "POST",
        "/telegram",
        &[
            json_header,
            ("X-Telegram-Bot-Api-Secret-Token", "s3cret-token"),
        ],
        &update,
    )
    .await;
    assert_eq!(ok, 200);
    api.wait_for("the answer", |a| !texts(a, 100).is_empty())
        .await;
    assert_eq!(
        texts(&api, 100).len(),
        1,
        "the update with the wrong secret was not answered"
    );
    assert!(texts(&api, 100)[0].contains("Energidepartementet"));
    // The webhook server also serves the metrics, counting that answer.
    let (code, metrics) = http_full(listen, "GET", "/metrics", &[], "").await;
    assert_eq!(code, 200);
    assert!(
        metrics
            .contains("faktabot_questions_total{adapter=\"telegram\",intent=\"agency_owner\"} 1"),
        "{metrics}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_stops_cleanly_on_sigterm_and_never_logs_its_token() {
    let api = FakeApi::start().await;
    api.fault("getUpdates", Fault::Drop);
    let token = "987654:VERY-SECRET-TOKEN";
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_faktabot"))
        .arg("telegram")
        .env("TELOXIDE_TOKEN", token)
        .env("TELOXIDE_API_URL", format!("http://{}/", api.addr))
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let last = api.text(100, "Hvem eier NVE?");
    api.wait_for("the answer", |a| !texts(a, 100).is_empty())
        .await;
    let pid = child.id().unwrap().to_string();
    let killed = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(killed.success());
    let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("stops after SIGTERM")
        .unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("shutting down"), "{log}");
    assert!(
        !log.contains("VERY-SECRET"),
        "the token leaked into the log"
    );
    let offsets = api.state.offsets.lock().unwrap().clone();
    assert_eq!(*offsets.last().unwrap(), last + 1, "{offsets:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_reloads_a_new_edition_with_slash_reload_and_others_cannot() {
    let api = FakeApi::start().await;
    let live = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    for f in ["faktaark.json", "aliases.toml"] {
        std::fs::copy(root.join(f), live.path().join(f)).unwrap();
    }
    let mut c = config(&api);
    c.admins = vec![100];
    c.reload = Some(faktabot::live::Source {
        knowledge: Some(live.path().to_path_buf()),
        intents: None,
    });
    let data = faktabot::load::Data::from_dirs(Some(live.path()), None).unwrap();
    let bot = start_bot(Engine::new(data).unwrap(), c);
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the first answer", |a| !texts(a, 100).is_empty())
        .await;
    assert!(texts(&api, 100)[0].contains("under Energidepartementet"));
    // A new edition in the folder: the ministry renamed.
    let rename = |f: &str, from: &str, to: &str| {
        let p = live.path().join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{f}: {from}");
        std::fs::write(&p, text.replace(from, to)).unwrap();
    };
    rename(
        "faktaark.json",
        "\"name\": \"Energidepartementet\"",
        "\"name\": \"Energi- og klimadepartementet\"",
    );
    rename(
        "aliases.toml",
        "ministry = \"Energidepartementet\"",
        "ministry = \"Energi- og klimadepartementet\"",
    );
    // Someone who is not an admin cannot reload.
    api.text(200, "/reload");
    api.wait_for("the non-admin's reply", |a| !texts(a, 200).is_empty())
        .await;
    assert!(
        !texts(&api, 200)[0].contains("reloaded"),
        "{}",
        texts(&api, 200)[0]
    );
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the second answer", |a| texts(a, 100).len() >= 2)
        .await;
    assert!(texts(&api, 100)[1].contains("under Energidepartementet"));
    api.text(100, "/reload");
    api.wait_for("the reload report", |a| texts(a, 100).len() >= 3)
        .await;
    assert!(
        texts(&api, 100)[2].contains("reloaded: 17 parts"),
        "{}",
        texts(&api, 100)[2]
    );
    api.text(100, "Hvem eier NVE?");
    api.wait_for("the answer from the new edition", |a| {
        texts(a, 100).len() >= 4
    })
    .await;
    assert!(
        texts(&api, 100)[3].contains("under Energi- og klimadepartementet"),
        "{}",
        texts(&api, 100)[3]
    );
    bot.stop().await;
}

/// A real `redis-server` on a free loopback port (installed by
/// `scripts/redis.sh` when missing), stopped when dropped.
#[cfg(feature = "redis")]
struct Redis {
    child: std::process::Child,
    url: String,
}

#[cfg(feature = "redis")]
impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(feature = "redis")]
async fn start_redis() -> Redis {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/redis.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "scripts/redis.sh: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let port = free_port();
    let child = std::process::Command::new(server)
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Redis {
        child,
        url: format!("redis://127.0.0.1:{port}/"),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `faktabot telegram --webhook` process (the release binary, as it is
/// deployed), talking to the fake Bot API and a shared Redis.
#[cfg(feature = "redis")]
struct Replica {
    child: std::process::Child,
    addr: SocketAddr,
}

#[cfg(feature = "redis")]
impl Replica {
    fn start(api: &FakeApi, redis: &Redis, secret: &str, log: &std::path::Path) -> Replica {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let log = std::fs::File::create(log).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_faktabot"))
            .args(["telegram", "--webhook", "https://bot.example.org/telegram"])
            .args(["--listen", &addr.to_string(), "--storage", &redis.url])
            .env("TELOXIDE_TOKEN", "123456:TEST-TOKEN")
            .env("TELOXIDE_API_URL", format!("http://{}/", api.addr))
            .env("FAKTABOT_WEBHOOK_SECRET", secret)
            .env("RUST_LOG", "faktabot=debug,warn")
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start a replica");
        Replica { child, addr }
    }

    async fn wait_up(&self) {
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(self.addr).await.is_ok()
                && http(self.addr, "GET", "/healthz", &[], "").await == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("replica {} did not come up", self.addr);
    }

    /// SIGTERM, and the exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..300 {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("a replica did not stop on SIGTERM");
    }
}

#[cfg(feature = "redis")]
impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One Redis command over RESP, the reply as text (`:1`, `$…`, `+OK`).
#[cfg(feature = "redis")]
async fn redis_cmd(url: &str, args: &[&str]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let hostport = url
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_owned();
    let mut s = tokio::net::TcpStream::connect(hostport).await.unwrap();
    let mut req = format!("*{}\r\n", args.len());
    for a in args {
        req.push_str(&format!("${}\r\n{a}\r\n", a.len()));
    }
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = s.read(&mut buf).await.unwrap();
    String::from_utf8_lossy(&buf[..n]).trim().to_owned()
}

/// Two webhook replicas (two `faktabot telegram --webhook` processes)
/// behind one address, as a load balancer would feed them: the updates of
/// one conversation alternate between the replicas, which share context
/// through a real Redis. Follow-ups keep their context, a long button made
/// by one replica works on the other, an update delivered to both is
/// answered once, one replica is killed (SIGKILL) mid-conversation and the
/// other carries on; every update is answered exactly once, and the
/// context in Redis expires.
#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_webhook_replicas_share_context_and_buttons_through_redis() {
    let tmp = tempfile::tempdir().unwrap();
    let redis = start_redis().await;
    let api = FakeApi::start().await;
    let secret = "replica-secret";
    let a = Replica::start(&api, &redis, secret, &tmp.path().join("a.log"));
    let b = Replica::start(&api, &redis, secret, &tmp.path().join("b.log"));
    let (addr_a, addr_b) = (a.addr, b.addr);
    a.wait_up().await;
    b.wait_up().await;
    api.wait_for("both replicas set the webhook", |a| {
        a.calls("setWebhook").len() >= 2
    })
    .await;
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Telegram-Bot-Api-Secret-Token", secret),
    ];
    let post = async |addr: SocketAddr, id: u32, update: Value| {
        let mut u = update;
        u["update_id"] = json!(id);
        assert_eq!(
            http(addr, "POST", "/telegram", &headers, &u.to_string()).await,
            200
        );
    };
    let message = |text: &str| {
        json!({"message": {
            "message_id": 1, "date": 0, "chat": chat_json(100), "from": user_json(100), "text": text
        }})
    };
    // 1 (replica A) names the sector; 2 (replica B) follows up on it.
    post(
        addr_a,
        1,
        message("Hvordan finansieres digitalisering i KD?"),
    )
    .await;
    api.wait_for("answer 1", |a| !texts(a, 100).is_empty())
        .await;
    post(addr_b, 2, message("og strategiene?")).await;
    api.wait_for("answer 2", |a| texts(a, 100).len() >= 2).await;
    assert!(
        texts(&api, 100)[1].contains("Strategi for digital omstilling"),
        "replica B knew the sector from replica A: {}",
        texts(&api, 100)[1]
    );
    // The context lives in Redis under the chat's key, with the TTL.
    let ttl: i64 = redis_cmd(&redis.url, &["TTL", "faktabot:context:100"])
        .await
        .trim_start_matches(':')
        .parse()
        .unwrap();
    assert!(ttl > 0 && ttl <= 30 * 60, "the context expires: TTL {ttl}");
    // 3 (replica A) gets a long button (its question is over 64 bytes).
    post(addr_a, 3, message("Hvem eier UKOMM?")).await;
    api.wait_for("answer 3", |a| texts(a, 100).len() >= 3).await;
    let third = api.sent()[2].clone();
    let data = third["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .unwrap_or_else(|| panic!("a button: {third:#}"))
        .to_owned();
    assert!(
        data.starts_with("q:"),
        "a long button carries a key: {data}"
    );
    // Telegram delivers update 4 again, to the other replica (its first
    // answer timed out): one answer.
    post(addr_a, 4, message("Hvem eier NVE?")).await;
    post(addr_b, 4, message("Hvem eier NVE?")).await;
    api.wait_for("answer 4", |a| texts(a, 100).len() >= 4).await;
    assert!(texts(&api, 100)[3].contains("Energidepartementet"));
    // Replica A is killed (SIGKILL, no graceful stop); its button is
    // pressed on B.
    drop(a);
    post(
        addr_b,
        5,
        json!({"callback_query": {
            "id": "cb-r", "from": user_json(100), "chat_instance": "ci", "data": data,
            "message": {"message_id": 3, "date": 0, "chat": chat_json(100), "from": bot_user(), "text": "…"}
        }}),
    )
    .await;
    api.wait_for("the button's answer", |a| texts(a, 100).len() >= 5)
        .await;
    assert!(
        texts(&api, 100)[4].contains("Helse- og omsorgsdepartementet"),
        "{}",
        texts(&api, 100)[4]
    );
    // And B carries on with the conversation's context (now HOD).
    post(addr_b, 6, message("og hvilke etater har de?")).await;
    api.wait_for("answer 6", |a| texts(a, 100).len() >= 6).await;
    assert!(
        texts(&api, 100)[5].contains("Helsedirektoratet"),
        "{}",
        texts(&api, 100)[5]
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        texts(&api, 100).len(),
        6,
        "every update answered once: {:#?}",
        texts(&api, 100)
    );
    assert!(b.stop().success());
}
