//! The Anthropic provider against servers this test starts on 127.0.0.1:
//! a forced tool call streamed as `input_json_delta` pieces, and overload
//! errors in and out of the stream.
mod llm_support;

use std::time::Duration;

use llm_support::{Events, Script, request, sse};
use planner_tui::llm::{
    Completion, LlmError, Provider, ProviderConfig, StreamEvent, Usage, http_client,
};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn setup(script: &Script, tune: impl FnOnce(&mut ProviderConfig)) -> (MockServer, Provider) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/messages"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let mut cfg = ProviderConfig::anthropic("claude-sonnet-4-5");
    cfg.base_url = Some(format!("{}/", server.uri()));
    cfg.api_key_env = None;
    cfg.api_key_cmd = Some("printf '%s' sk-ant-test-key".into());
    tune(&mut cfg);
    let provider = Provider::new(
        "claude",
        &cfg,
        http_client(Duration::from_secs(2)).expect("client"),
    )
    .expect("valid");
    (server, provider)
}

async fn ask(provider: &Provider) -> (Result<Completion, LlmError>, Events) {
    let mut events = Events::default();
    let result = provider
        .complete(&request(), &CancellationToken::new(), &mut |e| {
            events.0.push(e)
        })
        .await;
    (result, events)
}

fn event(kind: &str, data: serde_json::Value) -> String {
    format!("event: {kind}\ndata: {data}\n\n")
}

fn start() -> String {
    let mut body = event(
        "message_start",
        json!({"type": "message_start", "message": {"id": "msg_1", "role": "assistant", "content": [],
            "usage": {"input_tokens": 410, "output_tokens": 1}}}),
    );
    body.push_str(&event(
        "content_block_start",
        json!({"type": "content_block_start", "index": 0,
            "content_block": {"type": "tool_use", "id": "toolu_1", "name": "task_decomposition", "input": {}}}),
    ));
    body
}

fn piece(json_text: &str) -> String {
    event(
        "content_block_delta",
        json!({"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": json_text}}),
    )
}

fn end(stop_reason: &str, output_tokens: u64) -> String {
    let mut body = event(
        "content_block_stop",
        json!({"type": "content_block_stop", "index": 0}),
    );
    body.push_str(&event(
        "message_delta",
        json!({"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": null},
            "usage": {"output_tokens": output_tokens}}),
    ));
    body.push_str(&event("message_stop", json!({"type": "message_stop"})));
    body
}

const PIECES: [&str; 6] = [
    "",
    "{\"tas",
    "ks\": [\"Accept ",
    "webhooks\", ",
    "\"Relay them ✓\"",
    "]}",
];

fn tool_stream() -> String {
    let mut body = start();
    body.push_str(&event("ping", json!({"type": "ping"})));
    for p in PIECES {
        body.push_str(&piece(p));
    }
    body.push_str(&end("tool_use", 23));
    body
}

fn overloaded() -> String {
    event(
        "error",
        json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
    )
}

#[tokio::test]
async fn a_streamed_tool_answer_is_assembled_from_its_json_pieces() {
    let script = Script::new(vec![sse(tool_stream())]);
    let (_server, provider) = setup(&script, |_| {}).await;

    let (result, events) = ask(&provider).await;

    let done = result.expect("answer");
    let want = PIECES.concat();
    assert_eq!(done.text, want);
    let parsed: serde_json::Value = serde_json::from_str(&done.text).expect("the answer is JSON");
    assert_eq!(parsed["tasks"][1], "Relay them ✓");
    assert_eq!(
        done.usage,
        Usage {
            prompt_tokens: 410,
            completion_tokens: 23
        }
    );
    assert_eq!(events.text(), want);
    assert_eq!(
        events.deltas(),
        PIECES.len() - 1,
        "one delta per non-empty piece"
    );
    assert_eq!(events.0.last(), Some(&StreamEvent::Usage(done.usage)));

    assert_eq!(
        script.header(0, "x-api-key").as_deref(),
        Some("sk-ant-test-key")
    );
    assert_eq!(
        script.header(0, "anthropic-version").as_deref(),
        Some("2023-06-01")
    );
    assert_eq!(script.header(0, "authorization"), None);
    let body = script.body(0);
    assert_eq!(body["model"], "claude-sonnet-4-5");
    assert_eq!(body["stream"], true);
    assert_eq!(body["system"][0]["text"], "You break specs into tasks.");
    assert_eq!(body["system"][0]["cache_control"]["type"], "ephemeral");
    assert_eq!(
        body["messages"],
        json!([{"role": "user", "content": "Spec: a webhook relay."}])
    );
    assert_eq!(
        body["tool_choice"],
        json!({"type": "tool", "name": "task_decomposition"})
    );
    assert_eq!(body["tools"][0]["name"], "task_decomposition");
    assert_eq!(body["tools"][0]["input_schema"], request().schema);
    assert_eq!(body["max_tokens"], 8192);
}

#[tokio::test]
async fn an_overloaded_error_mid_stream_is_reported_and_not_retried_after_text() {
    let mut body = start();
    body.push_str(&piece("{\"tasks\": ["));
    body.push_str(&overloaded());
    let script = Script::new(vec![sse(body)]);
    let (_server, provider) = setup(&script, |_| {}).await;

    let (result, events) = ask(&provider).await;

    let error = result.expect_err("overloaded");
    assert!(matches!(error, LlmError::Stream { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("the server reported an error: Overloaded [overloaded_error]"),
        "{error}"
    );
    assert_eq!(events.text(), "{\"tasks\": [");
    assert_eq!(script.count(), 1, "text already reached the caller");
}

#[tokio::test]
async fn an_overloaded_error_before_any_text_is_retried() {
    let mut first = start();
    first.push_str(&overloaded());
    let script = Script::new(vec![sse(first), sse(tool_stream())]);
    let (_server, provider) = setup(&script, |_| {}).await;

    let (result, events) = ask(&provider).await;

    assert_eq!(result.map(|c| c.text), Ok(PIECES.concat()));
    assert_eq!(events.text(), PIECES.concat());
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn http_529_overloaded_is_retried() {
    let script = Script::new(vec![
        ResponseTemplate::new(529)
            .set_body_json(json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})),
        sse(tool_stream()),
    ]);
    let (_server, provider) = setup(&script, |_| {}).await;
    let (result, _) = ask(&provider).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn stop_reason_max_tokens_is_a_truncation_with_the_partial_answer() {
    let mut body = start();
    body.push_str(&piece("{\"tasks\": [\"Acc"));
    body.push_str(&end("max_tokens", 10));
    let script = Script::new(vec![sse(body)]);
    let (_server, provider) = setup(&script, |cfg| cfg.max_tokens = Some(10)).await;
    let (result, events) = ask(&provider).await;
    let error = result.expect_err("cut off");
    assert!(
        matches!(&error, LlmError::Truncated { limit: Some(10), partial, .. } if partial == "{\"tasks\": [\"Acc"),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("cut off at the token limit (10 tokens)"),
        "{error}"
    );
    assert_eq!(
        events.0.last(),
        Some(&StreamEvent::Usage(Usage {
            prompt_tokens: 410,
            completion_tokens: 10
        }))
    );
    assert_eq!(script.body(0)["max_tokens"], 10);
}

#[tokio::test]
async fn an_invalid_request_is_not_retried_and_names_the_model() {
    let script = Script::new(vec![ResponseTemplate::new(400).set_body_json(json!({
        "type": "error", "error": {"type": "invalid_request_error", "message": "model: claude-sonnet-4-5x not found"}
    }))]);
    let (_server, provider) = setup(&script, |_| {}).await;
    let (result, _) = ask(&provider).await;
    let text = result.expect_err("rejected").to_string();
    assert_eq!(script.count(), 1);
    assert!(
        text.contains("HTTP 400: model: claude-sonnet-4-5x not found [invalid_request_error]"),
        "{text}"
    );
    assert!(
        text.contains("check the model name `claude-sonnet-4-5`"),
        "{text}"
    );
}
