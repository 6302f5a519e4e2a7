//! The OpenAI Chat Completions dialect: request bodies (with the three ways
//! of asking for JSON), the streamed chunks, and the plain-JSON answer of a
//! server that ignores `stream`.
use std::sync::atomic::{AtomicBool, Ordering};

use secrecy::SecretString;
use serde_json::{Value, json};

use super::config::StructuredMode;
use super::error::LlmError;
use super::request::{ChatRequest, Completion, Role, StreamEvent, Usage};
use super::secret::clean_server_text;
use super::sse::{Decoder, parse_json};
use super::status::stream_error;

#[derive(Debug)]
pub struct OpenAi {
    pub model: String,
    pub structured: StructuredMode,
    pub temperature: Option<f32>,
    pub max_tokens: Option<u32>,
    /// Learned from a 400 that names `stream_options`: the server rejects it.
    no_stream_options: AtomicBool,
    /// Learned from a 400 asking for `max_completion_tokens` (OpenAI's newer models).
    max_completion_tokens: AtomicBool,
}

impl OpenAi {
    pub fn new(
        model: String,
        structured: StructuredMode,
        temperature: Option<f32>,
        max_tokens: Option<u32>,
    ) -> Self {
        OpenAi {
            model,
            structured,
            temperature,
            max_tokens,
            no_stream_options: AtomicBool::new(false),
            max_completion_tokens: AtomicBool::new(false),
        }
    }

    /// Send `max_completion_tokens` from the first request (OpenAI's own
    /// API, whose newer models refuse `max_tokens`).
    pub fn use_max_completion_tokens(&self) {
        self.max_completion_tokens.store(true, Ordering::Relaxed);
    }

    pub fn limit(&self, req: &ChatRequest) -> Option<u32> {
        req.max_tokens.or(self.max_tokens)
    }

    pub fn body(&self, req: &ChatRequest) -> Value {
        let mut body = json!({
            "model": self.model,
            "messages": self.messages(req),
            "stream": true,
        });
        if !self.no_stream_options.load(Ordering::Relaxed) {
            body["stream_options"] = json!({"include_usage": true});
        }
        if let Some(t) = self.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(limit) = self.limit(req) {
            let field = if self.max_completion_tokens.load(Ordering::Relaxed) {
                "max_completion_tokens"
            } else {
                "max_tokens"
            };
            body[field] = json!(limit);
        }
        match self.structured {
            StructuredMode::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {"name": schema_name(&req.schema_name), "strict": true, "schema": req.schema},
                });
            }
            StructuredMode::JsonObject => body["response_format"] = json!({"type": "json_object"}),
            StructuredMode::Prompt => {}
        }
        body
    }

    fn messages(&self, req: &ChatRequest) -> Vec<Value> {
        let mut messages: Vec<(Role, String)> = req
            .messages
            .iter()
            .map(|m| (m.role, m.content.clone()))
            .collect();
        if self.structured != StructuredMode::JsonSchema {
            let appendix = schema_instructions(&req.schema_name, &req.schema);
            match messages.iter_mut().find(|(role, _)| *role == Role::System) {
                Some((_, text)) => {
                    text.push_str("\n\n");
                    text.push_str(&appendix);
                }
                None => messages.insert(0, (Role::System, appendix)),
            }
        }
        messages
            .into_iter()
            .map(|(role, content)| json!({"role": role.as_str(), "content": content}))
            .collect()
    }

    /// After a 400, drops what the server named as unsupported; `true` when
    /// something changed and the request is worth sending again at once.
    pub fn adapt_to(&self, error: &LlmError) -> bool {
        let LlmError::Http {
            status: 400 | 422,
            body,
            ..
        } = error
        else {
            return false;
        };
        let body = body.to_ascii_lowercase();
        if body.contains("stream_options") && !self.no_stream_options.swap(true, Ordering::Relaxed)
        {
            tracing::info!(model = %self.model, "server rejects stream_options; sending without it");
            return true;
        }
        if body.contains("max_completion_tokens")
            && !self.max_completion_tokens.swap(true, Ordering::Relaxed)
        {
            tracing::info!(model = %self.model, "server wants max_completion_tokens instead of max_tokens");
            return true;
        }
        false
    }
}

/// What `json_object` and `prompt` modes add to the system message.
pub fn schema_instructions(name: &str, schema: &Value) -> String {
    let pretty = serde_json::to_string_pretty(schema).unwrap_or_else(|_| schema.to_string());
    format!(
        "Answer with one JSON object and nothing else: no prose before or after it and no Markdown code \
         fences. The object must follow this JSON Schema (named \"{name}\"):\n{pretty}"
    )
}

/// Servers accept schema and tool names of `[a-zA-Z0-9_-]{1,64}`.
pub fn schema_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if clean.is_empty() {
        "answer".to_string()
    } else {
        clean
    }
}

/// Reads `chat.completion.chunk` events (and, through `whole`, one
/// `chat.completion`).
pub struct OpenAiDecoder {
    provider: String,
    key: Option<SecretString>,
    limit: Option<u32>,
    text: String,
    refusal: String,
    usage: Option<Usage>,
    finish_reason: Option<String>,
}

impl OpenAiDecoder {
    pub fn new(provider: &str, key: Option<SecretString>, limit: Option<u32>) -> Self {
        OpenAiDecoder {
            provider: provider.to_string(),
            key,
            limit,
            text: String::new(),
            refusal: String::new(),
            usage: None,
            finish_reason: None,
        }
    }

    /// The answer of a server that ignored `stream` and sent one JSON body.
    pub fn whole(
        mut self,
        body: &str,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<Completion, LlmError> {
        self.event("message", body, emit)?;
        if self.finish_reason.is_none() && self.text.is_empty() {
            return Err(LlmError::Stream {
                provider: self.provider.clone(),
                reason: format!(
                    "the server's JSON answer holds no choices[0].message: {}",
                    clean_server_text(body, self.key.as_ref())
                ),
                retryable: false,
            });
        }
        self.finish(true, emit)
    }
}

impl Decoder for OpenAiDecoder {
    fn event(
        &mut self,
        kind: &str,
        data: &str,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<bool, LlmError> {
        if data.trim() == "[DONE]" {
            return Ok(true);
        }
        let chunk = parse_json(&self.provider, data)?;
        if kind == "error" || chunk.get("error").is_some_and(|e| !e.is_null()) {
            return Err(stream_error(&self.provider, data, self.key.as_ref()));
        }
        if let Some(usage) = chunk.get("usage").filter(|u| u.is_object()) {
            self.usage = Some(Usage {
                prompt_tokens: usage["prompt_tokens"].as_u64().unwrap_or(0),
                completion_tokens: usage["completion_tokens"].as_u64().unwrap_or(0),
            });
        }
        let choices = chunk
            .get("choices")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let first = choices
            .iter()
            .find(|c| c.get("index").and_then(Value::as_u64).unwrap_or(0) == 0);
        if let Some(choice) = first {
            let part = choice.get("delta").or_else(|| choice.get("message"));
            if let Some(content) = part.and_then(|p| p.get("content")).and_then(Value::as_str)
                && !content.is_empty()
            {
                self.text.push_str(content);
                emit(StreamEvent::Delta(content.to_string()));
            }
            if let Some(refusal) = part.and_then(|p| p.get("refusal")).and_then(Value::as_str) {
                self.refusal.push_str(refusal);
            }
            if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
                self.finish_reason = Some(reason.to_string());
            }
        }
        Ok(false)
    }

    fn finish(
        self,
        complete: bool,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<Completion, LlmError> {
        if let Some(usage) = self.usage {
            emit(StreamEvent::Usage(usage));
        }
        let provider = self.provider;
        if !self.refusal.is_empty() || self.finish_reason.as_deref() == Some("content_filter") {
            let message = if self.refusal.is_empty() {
                "the server's content filter stopped the answer".to_string()
            } else {
                clean_server_text(&self.refusal, self.key.as_ref())
            };
            return Err(LlmError::Refused { provider, message });
        }
        match self.finish_reason.as_deref() {
            Some("length") => Err(LlmError::Truncated {
                provider,
                limit: self.limit,
                partial: self.text,
            }),
            None if !complete => Err(LlmError::Stream {
                provider,
                reason: format!(
                    "the stream ended after {} characters without a finish_reason or [DONE]",
                    self.text.chars().count()
                ),
                retryable: true,
            }),
            _ => Ok(Completion {
                text: self.text,
                usage: self.usage.unwrap_or_default(),
            }),
        }
    }

    fn provider(&self) -> &str {
        &self.provider
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::request::Message;
    use crate::llm::sse::read_stream;
    use crate::llm::sse::tests::{chunked, split_at, stop};
    use tokio_util::sync::CancellationToken;

    fn request() -> ChatRequest {
        ChatRequest {
            messages: vec![Message::system("You plan."), Message::user("Plan this.")],
            schema_name: "task decomposition!".into(),
            schema: json!({"type": "object", "properties": {"tasks": {"type": "array"}}}),
            max_tokens: None,
        }
    }

    #[test]
    fn the_answer_budget_is_max_tokens_or_max_completion_tokens() {
        let mut req = request();
        req.max_tokens = Some(700);
        let d = OpenAi::new("m".into(), StructuredMode::JsonSchema, None, Some(4000));
        assert_eq!(
            d.body(&req)["max_tokens"],
            700,
            "the request's own budget wins"
        );
        d.use_max_completion_tokens();
        let body = d.body(&req);
        assert_eq!(body["max_completion_tokens"], 700);
        assert!(body.get("max_tokens").is_none());
    }

    #[test]
    fn json_schema_mode_sends_a_strict_response_format_and_leaves_messages_alone() {
        let body = OpenAi::new("m".into(), StructuredMode::JsonSchema, Some(0.2), Some(100))
            .body(&request());
        assert_eq!(body["response_format"]["type"], "json_schema");
        assert_eq!(
            body["response_format"]["json_schema"]["name"],
            "task_decomposition_"
        );
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        assert_eq!(
            body["response_format"]["json_schema"]["schema"],
            request().schema
        );
        assert_eq!(
            body["messages"][0],
            json!({"role": "system", "content": "You plan."})
        );
        assert_eq!(body["stream_options"], json!({"include_usage": true}));
        assert_eq!(body["max_tokens"], 100);
        assert!((body["temperature"].as_f64().unwrap_or(0.0) - 0.2).abs() < 1e-6);
    }

    #[test]
    fn json_object_and_prompt_modes_put_the_schema_in_the_system_message() {
        let object =
            OpenAi::new("m".into(), StructuredMode::JsonObject, None, None).body(&request());
        assert_eq!(object["response_format"], json!({"type": "json_object"}));
        let system = object["messages"][0]["content"]
            .as_str()
            .unwrap_or_default();
        assert!(system.starts_with("You plan.\n\nAnswer with one JSON object"));
        assert!(system.contains("\"tasks\""));
        assert!(object.get("max_tokens").is_none());

        let mut no_system = request();
        no_system.messages.remove(0);
        let prompt = OpenAi::new("m".into(), StructuredMode::Prompt, None, None).body(&no_system);
        assert!(prompt.get("response_format").is_none());
        assert_eq!(prompt["messages"][0]["role"], "system");
        assert_eq!(prompt["messages"][1]["role"], "user");
    }

    #[test]
    fn a_400_naming_an_unsupported_field_drops_it_once() {
        let dialect = OpenAi::new("m".into(), StructuredMode::Prompt, None, Some(10));
        let rejected = |body: &str| LlmError::Http {
            provider: "p".into(),
            url: "u".into(),
            status: 400,
            body: body.into(),
            hint: String::new(),
            retry_after: None,
        };
        assert!(dialect.adapt_to(&rejected("Unrecognized request argument: stream_options")));
        assert!(!dialect.adapt_to(&rejected("Unrecognized request argument: stream_options")));
        assert!(dialect.body(&request()).get("stream_options").is_none());
        assert!(dialect.adapt_to(&rejected("Use 'max_completion_tokens' instead")));
        assert_eq!(dialect.body(&request())["max_completion_tokens"], 10);
        assert!(!dialect.adapt_to(&rejected("something else")));
    }

    const STREAM: &str = concat!(
        ": OPENROUTER PROCESSING\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"tasks\\\":\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" [\\\"é🦀\\\"]\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"}\"},\"finish_reason\":null}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}\n\n",
        "data: [DONE]\n\n",
    );

    #[tokio::test]
    async fn a_stream_cut_at_every_byte_gives_the_same_answer_and_usage() {
        let cancel = CancellationToken::new();
        let want = Completion {
            text: "{\"tasks\": [\"é🦀\"]}".into(),
            usage: Usage {
                prompt_tokens: 12,
                completion_tokens: 7,
            },
        };
        for offset in 0..3 {
            let mut events = Vec::new();
            let got = read_stream(
                chunked(STREAM, offset),
                OpenAiDecoder::new("p", None, None),
                stop(&cancel),
                &mut false,
                &mut |e| events.push(e),
            )
            .await;
            assert_eq!(got.as_ref(), Ok(&want));
            let deltas: String = events
                .iter()
                .filter_map(|e| match e {
                    StreamEvent::Delta(t) => Some(t.as_str()),
                    StreamEvent::Usage(_) | StreamEvent::Piece(_) => None,
                })
                .collect();
            assert_eq!(deltas, want.text);
            assert_eq!(events.last(), Some(&StreamEvent::Usage(want.usage)));
        }
        for at in 0..=STREAM.len() {
            let got = read_stream(
                split_at(STREAM, at),
                OpenAiDecoder::new("p", None, None),
                stop(&cancel),
                &mut false,
                &mut |_| {},
            )
            .await;
            assert_eq!(got.as_ref(), Ok(&want), "split at {at}");
        }
    }

    async fn decode(stream: &str, limit: Option<u32>) -> Result<Completion, LlmError> {
        let cancel = CancellationToken::new();
        read_stream(
            chunked(stream, 0),
            OpenAiDecoder::new("p", None, limit),
            stop(&cancel),
            &mut false,
            &mut |_| {},
        )
        .await
    }

    #[tokio::test]
    async fn finish_reason_length_is_a_truncation_not_a_parse_failure() {
        let stream = "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"a\\\":\"},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n";
        let got = decode(stream, Some(5)).await;
        assert_eq!(
            got,
            Err(LlmError::Truncated {
                provider: "p".into(),
                limit: Some(5),
                partial: "{\"a\":".into()
            })
        );
    }

    #[tokio::test]
    async fn an_error_object_in_the_stream_says_what_the_server_said() {
        let stream = "data: {\"choices\":[{\"delta\":{\"content\":\"{\"}}]}\n\ndata: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n";
        let got = decode(stream, None).await;
        let Err(error) = got else {
            panic!("expected an error, got {got:?}")
        };
        assert!(error.to_string().contains("model crashed"), "{error}");
        assert!(error.is_retryable());
    }

    #[tokio::test]
    async fn a_refusal_and_a_stream_without_an_end_are_errors() {
        let refusal = "data: {\"choices\":[{\"delta\":{\"refusal\":\"I can't help\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        assert!(
            matches!(decode(refusal, None).await, Err(LlmError::Refused { ref message, .. }) if message == "I can't help")
        );
        let cut = "data: {\"choices\":[{\"delta\":{\"content\":\"{\"}}]}\n\n";
        assert!(matches!(
            decode(cut, None).await,
            Err(LlmError::Stream {
                retryable: true,
                ..
            })
        ));
        let no_done =
            "data: {\"choices\":[{\"delta\":{\"content\":\"{}\"},\"finish_reason\":\"stop\"}]}\n\n";
        assert_eq!(
            decode(no_done, None).await.map(|c| c.text),
            Ok("{}".to_string())
        );
    }

    #[test]
    fn a_plain_json_answer_is_read_whole() {
        let body = r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"{\"a\":1}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#;
        let mut events = Vec::new();
        let got = OpenAiDecoder::new("p", None, None).whole(body, &mut |e| events.push(e));
        assert_eq!(
            got,
            Ok(Completion {
                text: "{\"a\":1}".into(),
                usage: Usage {
                    prompt_tokens: 3,
                    completion_tokens: 4
                }
            })
        );
        assert_eq!(events[0], StreamEvent::Delta("{\"a\":1}".into()));
        let empty = OpenAiDecoder::new("p", None, None).whole("{}", &mut |_| {});
        assert!(matches!(empty, Err(LlmError::Stream { .. })));
    }
}
