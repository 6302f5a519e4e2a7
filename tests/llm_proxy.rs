//! HTTP_PROXY and NO_PROXY are honoured by the shared client. Both "proxy"
//! and "server" are wiremock instances on 127.0.0.1; the proxied host name
//! is never resolved. One test in its own binary, so setting the variables
//! races with no other thread.
use std::time::Duration;

use planner_tui::llm::{ChatRequest, Message, Provider, ProviderConfig, http_client};
use serde_json::json;
use tokio_util::sync::CancellationToken;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn answer() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "{}"}, "finish_reason": "stop"}]
    }))
}

fn request() -> ChatRequest {
    ChatRequest {
        messages: vec![Message::user("u")],
        schema_name: "answer".into(),
        schema: json!({"type": "object"}),
        max_tokens: None,
    }
}

#[test]
fn requests_go_through_http_proxy_except_for_no_proxy_hosts() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let proxy = MockServer::start().await;
        let direct = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(answer())
            .mount(&proxy)
            .await;
        Mock::given(method("POST"))
            .respond_with(answer())
            .mount(&direct)
            .await;
        // SAFETY: one test in this binary, on a current-thread runtime; the
        // wiremock servers do not read the environment.
        unsafe {
            std::env::set_var("HTTP_PROXY", proxy.uri());
            std::env::set_var("NO_PROXY", "127.0.0.1");
        }
        let client = http_client(Duration::from_secs(2)).expect("client");
        let remote = ProviderConfig::openai("http://planner-tui.invalid/v1", "m");
        let local = ProviderConfig::openai(&direct.uri(), "m");
        for (name, cfg) in [("remote", remote), ("local", local)] {
            let provider = Provider::new(name, &cfg, client.clone()).expect("valid");
            let result = provider
                .complete(&request(), &CancellationToken::new(), &mut |_| {})
                .await;
            assert_eq!(
                result.map(|c| c.text),
                Ok("{}".to_string()),
                "provider {name}"
            );
        }
        let via_proxy = proxy.received_requests().await.unwrap_or_default();
        assert_eq!(
            via_proxy.len(),
            1,
            "only the remote host goes through the proxy"
        );
        assert_eq!(via_proxy[0].url.host_str(), Some("planner-tui.invalid"));
        assert_eq!(
            direct.received_requests().await.unwrap_or_default().len(),
            1
        );
    });
}
