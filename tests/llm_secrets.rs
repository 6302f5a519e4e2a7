//! The API key never leaks: not into the log (captured at TRACE into a
//! file), not into error messages, not into debug output — even when the
//! server echoes it back. One test in its own binary, so setting the key's
//! environment variable races with no other thread.
use std::sync::Mutex;
use std::time::Duration;

use planner_tui::llm::{ChatRequest, LlmError, Message, Provider, ProviderConfig, http_client};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Echoes whatever key arrived, the way careless servers do.
fn echo_key(status: u16) -> impl Fn(&Request) -> ResponseTemplate {
    move |req: &Request| {
        let sent = ["authorization", "x-api-key"]
            .iter()
            .filter_map(|h| req.headers.get(*h).and_then(|v| v.to_str().ok()))
            .collect::<Vec<_>>()
            .join(" ");
        ResponseTemplate::new(status)
            .set_body_json(json!({"error": {"message": format!("bad key: {sent}"), "type": "x"}}))
    }
}

fn request() -> ChatRequest {
    ChatRequest {
        messages: vec![Message::system("s"), Message::user("u")],
        schema_name: "answer".into(),
        schema: json!({"type": "object"}),
        max_tokens: None,
    }
}

#[test]
fn the_key_appears_in_no_log_no_error_and_no_debug_output() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let key = format!("sk-planner-secret-{}-{nanos}", std::process::id());
    let var = format!("PLANNER_TUI_TEST_KEY_{}", std::process::id());
    // SAFETY: this binary holds one test and no other thread has started yet.
    unsafe { std::env::set_var(&var, &key) };

    let dir = tempfile::tempdir().expect("tempdir");
    let log_path = dir.path().join("planner-tui.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(Mutex::new(log))
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("first subscriber");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let shown: Vec<String> = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/openai/v1/chat/completions"))
            .respond_with(echo_key(401))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/busy/v1/chat/completions"))
            .respond_with(echo_key(503))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/messages"))
            .respond_with(echo_key(403))
            .mount(&server)
            .await;
        let client = http_client(Duration::from_secs(2)).expect("client");

        let mut openai = ProviderConfig::openai(&format!("{}/openai/v1", server.uri()), "m");
        openai.api_key_env = Some(var.clone());
        let mut busy = ProviderConfig::openai(&format!("{}/busy/v1", server.uri()), "m");
        busy.api_key_env = Some(var.clone());
        busy.max_retries = 1;
        let mut claude = ProviderConfig::anthropic("c");
        claude.base_url = Some(server.uri());
        claude.api_key_env = Some(var.clone());

        let mut shown = Vec::new();
        for (name, cfg) in [("openai", openai), ("busy", busy), ("claude", claude)] {
            let provider = Provider::new(name, &cfg, client.clone()).expect("valid");
            shown.push(format!("{provider:?}"));
            let error = provider
                .complete(&request(), &CancellationToken::new(), &mut |_| {})
                .await
                .expect_err("rejected");
            shown.push(error.to_string());
            shown.push(format!("{error:?}"));
            if name == "openai" {
                assert!(matches!(error, LlmError::Http { status: 401, .. }));
                assert!(
                    error
                        .to_string()
                        .contains(&format!("check that {var} holds a valid key")),
                    "{error}"
                );
            }
            tracing::error!(%error, "the request failed");
        }
        let received = server.received_requests().await.unwrap_or_default();
        assert_eq!(received.len(), 4, "401 once, 503 twice, 403 once");
        let sent_key = received
            .iter()
            .filter(|r| format!("{:?}", r.headers).contains(&key))
            .count();
        assert_eq!(sent_key, 4, "every request carried the key");
        shown
    });
    drop(runtime);

    for text in &shown {
        assert!(!text.contains(&key), "key leaked into: {text}");
    }
    assert!(
        shown
            .iter()
            .any(|t| t.contains("bad key: Bearer [redacted]")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|t| t.contains("bad key: [redacted]")),
        "{shown:?}"
    );

    let mut written = 0;
    for entry in std::fs::read_dir(dir.path()).expect("read dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        assert!(
            !text.contains(&key),
            "key leaked into a written file:\n{text}"
        );
        written += text.len();
    }
    let log = std::fs::read_to_string(&log_path).expect("read log");
    assert!(
        written > 0 && log.contains("sending request") && log.contains("retrying"),
        "the log was written:\n{log}"
    );
}
