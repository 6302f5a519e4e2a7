//! Turning a failed HTTP answer (status, headers, body) into an `LlmError`
//! that says what the server said and what the user should check.
use std::time::SystemTime;

use reqwest::header::HeaderMap;
use secrecy::SecretString;
use serde_json::Value;

use super::error::LlmError;
use super::retry::{MAX_RETRY_AFTER, parse_retry_after};
use super::secret::clean_server_text;

/// What a hint may name: the request's target and where its key comes from.
#[derive(Debug, Clone)]
pub struct Target {
    pub provider: String,
    pub url: String,
    pub model: String,
    /// `OPENAI_API_KEY holds` / `the command in api_key_cmd prints`; `None` when no key is sent.
    pub key_from: Option<String>,
    /// openai: the configured `structured` mode, for 400 hints.
    pub structured: Option<&'static str>,
}

pub fn http_error(
    target: &Target,
    status: u16,
    headers: &HeaderMap,
    body: &str,
    key: Option<&SecretString>,
) -> LlmError {
    let said = server_message(body);
    let shown = clean_server_text(&said, key);
    let shown = if shown.is_empty() {
        "(no error message)".to_string()
    } else {
        shown
    };
    if is_quota(status, &said) {
        return LlmError::Quota {
            provider: target.provider.clone(),
            status,
            body: shown,
        };
    }
    if matches!(status, 400 | 413 | 422 | 500) && is_context_overflow(&said) {
        return LlmError::ContextExceeded {
            provider: target.provider.clone(),
            url: target.url.clone(),
            status,
            body: shown,
        };
    }
    let retry_after = parse_retry_after(headers, SystemTime::now());
    LlmError::Http {
        provider: target.provider.clone(),
        url: target.url.clone(),
        status,
        body: shown,
        hint: hint(target, status, &said, retry_after),
        retry_after,
    }
}

/// An `error` object or event inside an answer stream. It is worth asking
/// again (if no text was delivered yet) when its type names a transient
/// condition such as `overloaded_error` or `server_error`.
pub fn stream_error(provider: &str, data: &str, key: Option<&SecretString>) -> LlmError {
    let json: Value = serde_json::from_str(data).unwrap_or(Value::Null);
    let error = json.get("error").unwrap_or(&json);
    let label = ["type", "code"]
        .iter()
        .filter_map(|k| {
            error.get(*k).map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    let transient = [
        "overloaded",
        "server_error",
        "api_error",
        "rate_limit",
        "timeout",
        "unavailable",
        "internal",
        "429",
        "500",
        "502",
        "503",
        "529",
    ]
    .iter()
    .any(|t| label.contains(t));
    LlmError::Stream {
        provider: provider.to_string(),
        reason: format!(
            "the server reported an error: {}",
            clean_server_text(&server_message(data), key)
        ),
        retryable: transient,
    }
}

/// The error message inside the usual JSON shapes (`{"error":{"message",
/// "type","code"}}`, `{"error":"..."}`, `{"message":...}`, `{"detail":...}`),
/// or the body as it is.
pub fn server_message(body: &str) -> String {
    let Ok(json) = serde_json::from_str::<Value>(body.trim()) else {
        return body.to_string();
    };
    let error = json.get("error").unwrap_or(&json);
    if let Some(text) = error.as_str() {
        return text.to_string();
    }
    let message = ["message", "detail", "msg"]
        .iter()
        .find_map(|k| error.get(*k).and_then(Value::as_str).map(str::to_string))
        .or_else(|| error.get("detail").map(Value::to_string));
    let Some(message) = message else {
        return body.to_string();
    };
    let labels: Vec<String> = ["type", "code"]
        .iter()
        .filter_map(|k| match error.get(*k) {
            Some(Value::String(s)) if !s.is_empty() && s != "error" => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    if labels.is_empty() {
        message
    } else {
        format!("{message} [{}]", labels.join("/"))
    }
}

/// The server refused the prompt as longer than the model's window, in
/// the words of llama.cpp, OpenAI, Anthropic, LiteLLM, vLLM and Ollama.
pub fn is_context_overflow(said: &str) -> bool {
    let said = said.to_ascii_lowercase();
    [
        "exceeds the available context size",
        "context_length_exceeded",
        "contextwindowexceedederror",
        "prompt is too long",
        "maximum context length",
        "context length",
        "context window",
        "input is too long",
        "too many tokens",
    ]
    .iter()
    .any(|p| said.contains(p))
}

fn is_quota(status: u16, said: &str) -> bool {
    let said = said.to_ascii_lowercase();
    status == 402
        || (matches!(status, 400 | 403 | 429)
            && [
                "insufficient_quota",
                "exceeded your current quota",
                "billing",
                "credit balance",
                "insufficient credits",
            ]
            .iter()
            .any(|p| said.contains(p)))
}

fn hint(
    target: &Target,
    status: u16,
    said: &str,
    retry_after: Option<std::time::Duration>,
) -> String {
    let model = &target.model;
    let key_var = || match &target.key_from {
        Some(from) => format!("check that {from} a valid key for this server"),
        None => format!(
            "this provider sends no key; set api_key_env in [providers.{}] to the variable that holds one",
            target.provider
        ),
    };
    let lower = said.to_ascii_lowercase();
    match status {
        401 => key_var(),
        403 => format!("{}, and that it may use model `{model}`", key_var()),
        404 => format!(
            "check base_url (requests go to {}) and the model name `{model}`",
            target.url
        ),
        413 => {
            "the request is too large for this server; shorten the spec or the context".to_string()
        }
        400 | 422
            if target.structured == Some("json_schema")
                && (lower.contains("response_format") || lower.contains("json_schema")) =>
        {
            format!(
                "this server may not support structured = \"json_schema\"; set structured = \"json_object\" \
                 or \"prompt\" in [providers.{}]",
                target.provider
            )
        }
        400 | 422 => format!(
            "check the model name `{model}` and max_tokens / temperature in [providers.{}]",
            target.provider
        ),
        _ => match retry_after {
            Some(wait) if wait > MAX_RETRY_AFTER => format!(
                "the server asks to wait {} s before trying again, longer than the {} s planner-tui waits; try later",
                wait.as_secs(),
                MAX_RETRY_AFTER.as_secs()
            ),
            _ if status == 429 => {
                "the server is rate-limiting requests; wait a little and try again".to_string()
            }
            _ => "the server is busy or failing; try again later or check its status".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            provider: "local".into(),
            url: "http://h/v1/chat/completions".into(),
            model: "m1".into(),
            key_from: Some("MY_KEY holds".into()),
            structured: Some("json_schema"),
        }
    }

    fn error(status: u16, body: &str) -> LlmError {
        http_error(&target(), status, &HeaderMap::new(), body, None)
    }

    #[test]
    fn the_server_message_is_pulled_out_of_the_usual_shapes() {
        assert_eq!(
            server_message(
                r#"{"error":{"message":"bad model","type":"invalid_request_error","code":"model_not_found"}}"#
            ),
            "bad model [invalid_request_error/model_not_found]"
        );
        assert_eq!(
            server_message(
                r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
            ),
            "Overloaded [overloaded_error]"
        );
        assert_eq!(
            server_message(r#"{"error":"model 'x' not found"}"#),
            "model 'x' not found"
        );
        assert_eq!(
            server_message(
                r#"{"object":"error","message":"m","type":"BadRequestError","code":400}"#
            ),
            "m [BadRequestError/400]"
        );
        assert_eq!(server_message("<html>502</html>"), "<html>502</html>");
    }

    #[test]
    fn hints_name_what_to_check() {
        assert!(
            error(401, "{}")
                .to_string()
                .contains("check that MY_KEY holds a valid key")
        );
        assert!(error(404, "{}").to_string().contains("model name `m1`"));
        let schema = error(
            400,
            r#"{"error":{"message":"response_format json_schema is not supported"}}"#,
        );
        assert!(
            schema.to_string().contains("structured = \"json_object\""),
            "{schema}"
        );
        assert!(error(503, "").to_string().contains("(no error message)"));
    }

    #[test]
    fn stream_errors_are_retryable_only_when_transient() {
        let overloaded = stream_error(
            "p",
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            None,
        );
        assert!(overloaded.is_retryable());
        assert!(
            overloaded
                .to_string()
                .contains("Overloaded [overloaded_error]"),
            "{overloaded}"
        );
        let invalid = stream_error(
            "p",
            r#"{"error":{"message":"bad","type":"invalid_request_error"}}"#,
            None,
        );
        assert!(!invalid.is_retryable());
    }

    #[test]
    fn context_errors_are_named_as_such_without_model_advice() {
        for body in [
            r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}"#,
            r#"{"error":{"message":"This model's maximum context length is 8192 tokens","code":"context_length_exceeded"}}"#,
            r#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#,
            r#"{"error":{"message":"litellm.ContextWindowExceededError: too long"}}"#,
        ] {
            let e = error(400, body);
            assert!(matches!(e, LlmError::ContextExceeded { .. }), "{e:?}");
            let text = e.to_string();
            assert!(text.contains("context window"), "{text}");
            assert!(text.contains("context_window"), "{text}");
            assert!(!text.contains("model name"), "{text}");
        }
    }

    #[test]
    fn quota_errors_are_their_own_kind() {
        let quota = error(
            429,
            r#"{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}"#,
        );
        assert!(
            matches!(quota, LlmError::Quota { status: 429, .. }),
            "{quota:?}"
        );
        assert!(matches!(error(402, "pay up"), LlmError::Quota { .. }));
        assert!(matches!(
            error(429, "slow down"),
            LlmError::Http { status: 429, .. }
        ));
    }
}
