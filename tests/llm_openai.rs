//! The OpenAI-compatible provider against servers this test starts on
//! 127.0.0.1: streaming quirks, retries and their waits, errors that say what
//! to check, cancellation and timeouts.
mod llm_support;

use std::time::{Duration, Instant};

use llm_support::{Events, Script, request, sse, stalling_server, stream_head};
use planner_tui::llm::{
    LlmError, Provider, ProviderConfig, StreamEvent, StructuredMode, TimeoutPhase, Usage,
    http_client,
};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn provider(base_url: &str, tune: impl FnOnce(&mut ProviderConfig)) -> Provider {
    let mut cfg = ProviderConfig::openai(base_url, "qwen2.5-coder:14b");
    tune(&mut cfg);
    Provider::new(
        "local",
        &cfg,
        http_client(Duration::from_secs(2)).expect("client"),
    )
    .expect("valid config")
}

async fn server(script: &Script) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    server
}

async fn ask(provider: &Provider) -> (Result<planner_tui::llm::Completion, LlmError>, Events) {
    let mut events = Events::default();
    let result = provider
        .complete(&request(), &CancellationToken::new(), &mut |e| {
            events.0.push(e)
        })
        .await;
    (result, events)
}

fn chunk(content: &str) -> String {
    format!(
        "data: {}\n\n",
        json!({"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}]})
    )
}

const ANSWER: &str = r#"{"tasks": ["Accept webhooks", "Relay them ✓"]}"#;

/// The answer one character per chunk, with the quirks real servers add.
fn quirky_stream() -> String {
    let mut body = String::from(": ping\n\n");
    body.push_str(&format!(
        "data: {}\n\n",
        json!({"choices": [{"index": 0, "delta": {"role": "assistant"}}]})
    ));
    for c in ANSWER.chars() {
        body.push_str(&chunk(&c.to_string()));
        body.push_str(": keep-alive comment\n");
    }
    body.push_str(&format!(
        "data: {}\n\n",
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    ));
    body.push_str(&format!(
        "data: {}\n\n",
        json!({"choices": [], "usage": {"prompt_tokens": 31, "completion_tokens": 17}})
    ));
    body.push_str("data: [DONE]\n\n");
    body
}

#[tokio::test]
async fn a_streamed_answer_in_many_small_chunks_arrives_whole_with_its_usage() {
    let script = Script::new(vec![sse(quirky_stream())]);
    let server = server(&script).await;
    let provider = provider(&format!("{}/v1/v1/", server.uri()), |_| {});

    let (result, events) = ask(&provider).await;

    let done = result.expect("answer");
    assert_eq!(done.text, ANSWER);
    assert_eq!(
        done.usage,
        Usage {
            prompt_tokens: 31,
            completion_tokens: 17
        }
    );
    assert_eq!(events.text(), ANSWER);
    assert_eq!(events.deltas(), ANSWER.chars().count());
    assert_eq!(events.0.last(), Some(&StreamEvent::Usage(done.usage)));
    let body = script.body(0);
    assert_eq!(body["model"], "qwen2.5-coder:14b");
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"], json!({"include_usage": true}));
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["schema"],
        request().schema
    );
    assert_eq!(
        script.header(0, "authorization"),
        None,
        "no key configured, none sent"
    );
}

#[tokio::test]
async fn a_server_that_ignores_stream_and_answers_json_still_works() {
    let whole = json!({
        "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 6}
    });
    let script = Script::new(vec![ResponseTemplate::new(200).set_body_json(whole)]);
    let server = server(&script).await;
    let (result, events) = ask(&provider(&server.uri(), |_| {})).await;
    assert_eq!(result.map(|c| c.text), Ok(ANSWER.to_string()));
    assert_eq!(events.text(), ANSWER);
}

#[tokio::test]
async fn config_keys_reach_the_request() {
    let script = Script::new(vec![sse(quirky_stream())]);
    let server = server(&script).await;
    let provider = provider(&format!("{}/v1", server.uri()), |cfg| {
        cfg.structured = Some(StructuredMode::JsonObject);
        cfg.temperature = Some(0.1);
        cfg.max_tokens = Some(2000);
        cfg.headers.insert("X-Title".into(), "planner-tui".into());
        cfg.api_key_cmd = Some("printf '%s' sk-local-1".into());
    });
    let (result, _) = ask(&provider).await;
    assert!(result.is_ok(), "{result:?}");
    let body = script.body(0);
    assert_eq!(body["response_format"], json!({"type": "json_object"}));
    assert_eq!(body["max_tokens"], 2000);
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .unwrap_or_default()
            .contains("\"additionalProperties\"")
    );
    assert_eq!(script.header(0, "x-title").as_deref(), Some("planner-tui"));
    assert_eq!(
        script.header(0, "authorization").as_deref(),
        Some("Bearer sk-local-1")
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_succeeds() {
    let script = Script::new(vec![
        ResponseTemplate::new(429)
            .insert_header("retry-after", "1")
            .set_body_json(
                json!({"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}),
            ),
        sse(quirky_stream()),
    ]);
    let server = server(&script).await;
    let (result, _) = ask(&provider(&server.uri(), |_| {})).await;
    assert_eq!(result.map(|c| c.text), Ok(ANSWER.to_string()));
    assert_eq!(script.count(), 2);
    let gap = script.gap();
    assert!(
        gap >= Duration::from_secs(1) && gap < Duration::from_secs(3),
        "waited {gap:?}"
    );
}

#[tokio::test]
async fn retry_after_ms_is_preferred_to_retry_after() {
    let script = Script::new(vec![
        ResponseTemplate::new(503)
            .insert_header("retry-after-ms", "300")
            .insert_header("retry-after", "30"),
        sse(quirky_stream()),
    ]);
    let server = server(&script).await;
    let (result, _) = ask(&provider(&server.uri(), |_| {})).await;
    assert!(result.is_ok(), "{result:?}");
    let gap = script.gap();
    assert!(
        gap >= Duration::from_millis(300) && gap < Duration::from_secs(3),
        "waited {gap:?}"
    );
}

#[tokio::test]
async fn a_500_is_retried_after_a_backoff_then_succeeds() {
    let script = Script::new(vec![
        ResponseTemplate::new(500).set_body_string("upstream exploded"),
        sse(quirky_stream()),
    ]);
    let server = server(&script).await;
    let (result, _) = ask(&provider(&server.uri(), |_| {})).await;
    assert_eq!(result.map(|c| c.text), Ok(ANSWER.to_string()));
    assert_eq!(script.count(), 2);
    let gap = script.gap();
    assert!(
        gap >= Duration::from_millis(500) && gap < Duration::from_secs(3),
        "backoff {gap:?}"
    );
}

#[tokio::test]
async fn retries_run_out_and_the_message_says_how_often_and_what_the_server_said() {
    let script = Script::new(vec![
        ResponseTemplate::new(502).set_body_string("<html>\n\x1b[31mbad gateway</html>"),
    ]);
    let server = server(&script).await;
    let (result, _) = ask(&provider(&server.uri(), |cfg| cfg.max_retries = 1)).await;
    let error = result.expect_err("fails");
    assert_eq!(script.count(), 2);
    let text = error.to_string();
    assert!(
        text.contains("HTTP 502: <html> bad gateway</html>"),
        "{text}"
    );
    assert!(text.contains("gave up after 2 attempts"), "{text}");
}

#[tokio::test]
async fn a_401_is_asked_once_and_says_which_key_to_check() {
    let script = Script::new(vec![ResponseTemplate::new(401).set_body_json(json!({
        "error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}
    }))]);
    let server = server(&script).await;
    let provider = provider(&server.uri(), |cfg| {
        cfg.api_key_cmd = Some("echo sk-wrong-key".into())
    });
    let (result, events) = ask(&provider).await;
    let error = result.expect_err("fails");
    assert_eq!(script.count(), 1, "401 must not be retried");
    assert!(events.0.is_empty());
    assert!(!error.is_retryable());
    let text = error.to_string();
    assert!(
        text.contains(
            "HTTP 401: Incorrect API key provided [invalid_request_error/invalid_api_key]"
        ),
        "{text}"
    );
    assert!(
        text.contains("check that the command in api_key_cmd prints a valid key"),
        "{text}"
    );
}

#[tokio::test]
async fn a_quota_error_is_not_retried() {
    let script = Script::new(vec![ResponseTemplate::new(429).set_body_json(json!({
        "error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}
    }))]);
    let server = server(&script).await;
    let (result, _) = ask(&provider(&server.uri(), |_| {})).await;
    assert!(
        matches!(result, Err(LlmError::Quota { status: 429, .. })),
        "{result:?}"
    );
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn a_retry_after_beyond_two_minutes_is_not_waited_for() {
    let script = Script::new(vec![
        ResponseTemplate::new(429).insert_header("retry-after", "600"),
    ]);
    let server = server(&script).await;
    let started = Instant::now();
    let (result, _) = ask(&provider(&server.uri(), |_| {})).await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(script.count(), 1);
    let text = result.expect_err("fails").to_string();
    assert!(text.contains("asks to wait 600 s"), "{text}");
}

#[tokio::test]
async fn a_server_rejecting_stream_options_is_asked_again_without_it() {
    let script = Script::new(vec![
        ResponseTemplate::new(400).set_body_json(
            json!({"error": {"message": "Unrecognized request argument supplied: stream_options"}}),
        ),
        sse(quirky_stream()),
    ]);
    let server = server(&script).await;
    let provider = provider(&server.uri(), |cfg| cfg.max_retries = 0);
    let (result, _) = ask(&provider).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(script.count(), 2);
    assert!(script.body(0).get("stream_options").is_some());
    assert!(script.body(1).get("stream_options").is_none());
}

#[tokio::test]
async fn a_cut_off_answer_says_so() {
    let mut body = chunk("{\"tasks\": [\"Acc");
    body.push_str(&format!(
        "data: {}\n\n",
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]})
    ));
    body.push_str("data: [DONE]\n\n");
    let script = Script::new(vec![sse(body)]);
    let server = server(&script).await;
    let (result, _) = ask(&provider(&server.uri(), |cfg| cfg.max_tokens = Some(8))).await;
    let error = result.expect_err("truncated");
    assert!(
        matches!(&error, LlmError::Truncated { limit: Some(8), partial, .. } if partial == "{\"tasks\": [\"Acc")
    );
    assert!(
        error
            .to_string()
            .contains("raise max_tokens in [providers.local]"),
        "{error}"
    );
}

#[tokio::test]
async fn an_error_after_streamed_text_is_reported_and_not_retried() {
    let mut body = chunk("{\"tasks\"");
    body.push_str(
        "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}\n\n",
    );
    let script = Script::new(vec![sse(body)]);
    let server = server(&script).await;
    let (result, events) = ask(&provider(&server.uri(), |_| {})).await;
    let error = result.expect_err("fails");
    assert!(error.to_string().contains("CUDA out of memory"), "{error}");
    assert_eq!(events.text(), "{\"tasks\"");
    assert_eq!(script.count(), 1, "text was delivered, so no retry");
}

#[tokio::test]
async fn an_error_before_any_text_is_retried() {
    let script = Script::new(vec![
        sse("data: {\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}\n\n"),
        sse(quirky_stream()),
    ]);
    let server = server(&script).await;
    let (result, events) = ask(&provider(&server.uri(), |_| {})).await;
    assert_eq!(result.map(|c| c.text), Ok(ANSWER.to_string()));
    assert_eq!(events.text(), ANSWER);
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn cancelling_mid_stream_ends_the_request_at_once() {
    let base = stalling_server(Some(format!("{}{}", stream_head(), chunk("{\"tasks\"")))).await;
    let provider = provider(&base, |_| {});
    let cancel = CancellationToken::new();
    let mut events = Events::default();
    let mut cancelled_at = None;
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        provider.complete(&request(), &cancel, &mut |e| {
            events.0.push(e);
            cancel.cancel();
            cancelled_at.get_or_insert_with(Instant::now);
        }),
    )
    .await
    .expect("cancel must end the request");
    assert_eq!(result, Err(LlmError::Cancelled));
    assert_eq!(events.text(), "{\"tasks\"");
    let latency = cancelled_at.map(|t| t.elapsed()).unwrap_or_default();
    assert!(
        latency < Duration::from_secs(1),
        "took {latency:?} after cancel"
    );
}

#[tokio::test]
async fn cancelling_during_a_retry_wait_does_not_wait() {
    let script = Script::new(vec![
        ResponseTemplate::new(503).insert_header("retry-after", "60"),
    ]);
    let server = server(&script).await;
    let provider = provider(&server.uri(), |_| {});
    let cancel = CancellationToken::new();
    let canceller = {
        let cancel = cancel.clone();
        let script = script.clone();
        tokio::spawn(async move {
            script.wait_for(1).await;
            cancel.cancel();
        })
    };
    let started = Instant::now();
    let result = provider.complete(&request(), &cancel, &mut |_| {}).await;
    assert_eq!(result, Err(LlmError::Cancelled));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(script.count(), 1);
    canceller.await.expect("canceller");
}

#[tokio::test]
async fn a_stalled_stream_hits_the_total_timeout() {
    let base = stalling_server(Some(format!("{}{}", stream_head(), chunk("{")))).await;
    let provider = provider(&base, |cfg| cfg.timeout_s = 1);
    let started = Instant::now();
    let (result, events) = ask(&provider).await;
    let elapsed = started.elapsed();
    let error = result.expect_err("times out");
    assert!(
        matches!(
            error,
            LlmError::Timeout {
                phase: TimeoutPhase::Total,
                seconds: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("raise timeout_s"), "{error}");
    assert_eq!(events.text(), "{");
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_total_timeout() {
    let base = stalling_server(None).await;
    let provider = provider(&base, |cfg| cfg.timeout_s = 1);
    let started = Instant::now();
    let (result, _) = ask(&provider).await;
    assert!(
        matches!(
            result,
            Err(LlmError::Timeout {
                phase: TimeoutPhase::Total,
                ..
            })
        ),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error_naming_the_url() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let provider = provider(&format!("http://127.0.0.1:{port}"), |cfg| {
        cfg.max_retries = 1
    });
    let (result, _) = ask(&provider).await;
    let error = result.expect_err("no server");
    assert!(matches!(error, LlmError::Connect { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "could not connect to http://127.0.0.1:{port}/v1/chat/completions"
        )),
        "{text}"
    );
    assert!(
        text.contains("check base_url") && text.contains("gave up after 2 attempts"),
        "{text}"
    );
}

#[tokio::test]
async fn a_connection_that_is_never_accepted_hits_the_connect_timeout() {
    // A listener with a full accept queue: the kernel drops further SYNs, so
    // connecting hangs, all on loopback.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let listener = socket.listen(0).expect("listen");
    let addr = listener.local_addr().expect("addr");
    let mut fillers = Vec::new();
    for _ in 0..16 {
        match tokio::time::timeout(
            Duration::from_millis(300),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(Ok(stream)) => fillers.push(stream),
            _ => break,
        }
    }
    let provider = provider(&format!("http://{addr}"), |cfg| {
        cfg.connect_timeout_s = Some(1);
        cfg.max_retries = 0;
    });
    let started = Instant::now();
    let (result, _) = ask(&provider).await;
    let elapsed = started.elapsed();
    let error = result.expect_err("never connects");
    assert!(
        matches!(
            error,
            LlmError::Timeout {
                phase: TimeoutPhase::Connect,
                seconds: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(
        error.to_string().contains("connecting timed out after 1 s"),
        "{error}"
    );
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    drop((fillers, listener));
}
