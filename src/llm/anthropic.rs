//! The Anthropic Messages dialect: the answer is forced through one tool
//! whose `input_schema` is the answer's schema; the stream's event types
//! (`text_delta`, `input_json_delta`, `ping`, `error`, ...) are read here.
use secrecy::SecretString;
use serde_json::{Value, json};

use super::error::LlmError;
use super::openai::schema_name;
use super::request::{ChatRequest, Completion, Role, StreamEvent, Usage};
use super::secret::clean_server_text;
use super::sse::{Decoder, parse_json};
use super::status::stream_error;

pub const DEFAULT_VERSION: &str = "2023-06-01";
/// The Messages API requires a limit; used when neither config nor request sets one.
pub const DEFAULT_MAX_TOKENS: u32 = 8192;

#[derive(Debug)]
pub struct Anthropic {
    pub model: String,
    pub version: String,
    pub temperature: Option<f32>,
    pub max_tokens: Option<u32>,
}

impl Anthropic {
    pub fn limit(&self, req: &ChatRequest) -> u32 {
        req.max_tokens
            .or(self.max_tokens)
            .unwrap_or(DEFAULT_MAX_TOKENS)
    }

    pub fn body(&self, req: &ChatRequest) -> Value {
        let tool = schema_name(&req.schema_name);
        let system: Vec<&str> = req
            .messages
            .iter()
            .filter(|m| m.role == Role::System)
            .map(|m| m.content.as_str())
            .collect();
        let mut turns: Vec<(Role, String)> = Vec::new();
        for message in req.messages.iter().filter(|m| m.role != Role::System) {
            match turns.last_mut() {
                // The API wants user and assistant to alternate.
                Some((role, text)) if *role == message.role => {
                    text.push_str("\n\n");
                    text.push_str(&message.content);
                }
                _ => turns.push((message.role, message.content.clone())),
            }
        }
        let mut body = json!({
            "model": self.model,
            "max_tokens": self.limit(req),
            "stream": true,
            "messages": turns
                .into_iter()
                .map(|(role, content)| json!({"role": role.as_str(), "content": content}))
                .collect::<Vec<_>>(),
            "tools": [{
                "name": tool,
                "description": "Give the complete answer by calling this tool once; its input is the answer.",
                "input_schema": req.schema,
            }],
            "tool_choice": {"type": "tool", "name": tool},
        });
        if !system.is_empty() {
            // One block marked for caching: the system text is the part every
            // piece of a step shares, so Anthropic reads it from its cache
            // after the first piece.
            body["system"] = json!([{
                "type": "text",
                "text": system.join("\n\n"),
                "cache_control": {"type": "ephemeral"},
            }]);
        }
        if let Some(t) = self.temperature {
            body["temperature"] = json!(t);
        }
        body
    }
}

/// Reads Messages stream events (and, through `whole`, one `message`).
pub struct AnthropicDecoder {
    provider: String,
    key: Option<SecretString>,
    limit: u32,
    text: String,
    tool_json: String,
    /// The input a `tool_use` block started with, for servers that send it whole.
    tool_start: Option<String>,
    saw_tool: bool,
    usage: Option<Usage>,
    stop_reason: Option<String>,
}

impl AnthropicDecoder {
    pub fn new(provider: &str, key: Option<SecretString>, limit: u32) -> Self {
        AnthropicDecoder {
            provider: provider.to_string(),
            key,
            limit,
            text: String::new(),
            tool_json: String::new(),
            tool_start: None,
            saw_tool: false,
            usage: None,
            stop_reason: None,
        }
    }

    fn record_usage(&mut self, usage: &Value) {
        let count = |k: &str| usage.get(k).and_then(Value::as_u64);
        let mut total = self.usage.unwrap_or_default();
        let input = [
            "input_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
        ];
        if input.iter().any(|k| count(k).is_some()) {
            total.prompt_tokens = input.iter().filter_map(|k| count(k)).sum();
        }
        if let Some(output) = count("output_tokens") {
            total.completion_tokens = output;
        }
        self.usage = Some(total);
    }

    /// The answer of a server that ignored `stream` and sent one message.
    pub fn whole(
        mut self,
        body: &str,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<Completion, LlmError> {
        let message = parse_json(&self.provider, body)?;
        if message.get("type").and_then(Value::as_str) == Some("error") {
            return Err(stream_error(&self.provider, body, self.key.as_ref()));
        }
        let Some(blocks) = message.get("content").and_then(Value::as_array) else {
            return Err(LlmError::Stream {
                provider: self.provider.clone(),
                reason: format!(
                    "the server's JSON answer holds no content: {}",
                    clean_server_text(body, self.key.as_ref())
                ),
                retryable: false,
            });
        };
        for block in blocks {
            match block.get("type").and_then(Value::as_str) {
                Some("tool_use") => {
                    self.saw_tool = true;
                    self.tool_json = block.get("input").map(Value::to_string).unwrap_or_default();
                }
                Some("text") => self.text.push_str(
                    block
                        .get("text")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                ),
                _ => {}
            }
        }
        if let Some(usage) = message.get("usage") {
            self.record_usage(usage);
        }
        self.stop_reason = message
            .get("stop_reason")
            .and_then(Value::as_str)
            .map(str::to_string);
        let answer = if self.saw_tool {
            &self.tool_json
        } else {
            &self.text
        };
        if !answer.is_empty() {
            emit(StreamEvent::Delta(answer.clone()));
        }
        self.finish(true, emit)
    }
}

impl Decoder for AnthropicDecoder {
    fn event(
        &mut self,
        kind: &str,
        data: &str,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<bool, LlmError> {
        let event = parse_json(&self.provider, data)?;
        let kind = event.get("type").and_then(Value::as_str).unwrap_or(kind);
        match kind {
            "error" => return Err(stream_error(&self.provider, data, self.key.as_ref())),
            "message_start" => {
                if let Some(usage) = event.pointer("/message/usage") {
                    self.record_usage(usage);
                }
            }
            "content_block_start" => {
                let block = &event["content_block"];
                if block["type"] == "tool_use" {
                    self.saw_tool = true;
                    let input = &block["input"];
                    if input.as_object().is_some_and(|o| !o.is_empty()) {
                        self.tool_start = Some(input.to_string());
                    }
                }
            }
            "content_block_delta" => {
                let delta = &event["delta"];
                let piece = match delta["type"].as_str() {
                    Some("text_delta") => delta["text"].as_str().map(|t| (t, false)),
                    Some("input_json_delta") => delta["partial_json"].as_str().map(|t| (t, true)),
                    _ => None,
                };
                if let Some((piece, is_tool)) = piece
                    && !piece.is_empty()
                {
                    let answer = if is_tool {
                        &mut self.tool_json
                    } else {
                        &mut self.text
                    };
                    answer.push_str(piece);
                    emit(StreamEvent::Delta(piece.to_string()));
                }
            }
            "message_delta" => {
                if let Some(reason) = event.pointer("/delta/stop_reason").and_then(Value::as_str) {
                    self.stop_reason = Some(reason.to_string());
                }
                if let Some(usage) = event.get("usage") {
                    self.record_usage(usage);
                }
            }
            "message_stop" => return Ok(true),
            _ => {}
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
        let text = match (self.saw_tool, self.tool_json.is_empty()) {
            (true, false) => self.tool_json,
            (true, true) => self.tool_start.unwrap_or_else(|| "{}".to_string()),
            (false, _) => self.text,
        };
        match self.stop_reason.as_deref() {
            Some("max_tokens") => Err(LlmError::Truncated {
                provider,
                limit: Some(self.limit),
                partial: text,
            }),
            Some("refusal") => Err(LlmError::Refused {
                provider,
                message: "the model stopped with stop_reason \"refusal\"".to_string(),
            }),
            None if !complete => Err(LlmError::Stream {
                provider,
                reason: format!(
                    "the stream ended after {} characters without message_stop",
                    text.chars().count()
                ),
                retryable: true,
            }),
            _ => Ok(Completion {
                text,
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

    fn dialect() -> Anthropic {
        Anthropic {
            model: "claude-x".into(),
            version: DEFAULT_VERSION.into(),
            temperature: None,
            max_tokens: None,
        }
    }

    #[test]
    fn the_body_forces_one_tool_and_lifts_system_messages() {
        let req = ChatRequest {
            messages: vec![
                Message::system("You plan."),
                Message::user("Spec."),
                Message::assistant("{bad"),
                Message::user("Fix it."),
                Message::user("Also this."),
            ],
            schema_name: "task_decomposition".into(),
            schema: json!({"type": "object"}),
            max_tokens: Some(50),
        };
        let body = dialect().body(&req);
        assert_eq!(
            body["system"],
            json!([{"type": "text", "text": "You plan.", "cache_control": {"type": "ephemeral"}}])
        );
        assert_eq!(
            body["tool_choice"],
            json!({"type": "tool", "name": "task_decomposition"})
        );
        assert_eq!(body["tools"][0]["input_schema"], json!({"type": "object"}));
        assert_eq!(body["max_tokens"], 50);
        assert_eq!(body["messages"].as_array().map(Vec::len), Some(3));
        assert_eq!(body["messages"][2]["content"], "Fix it.\n\nAlso this.");
    }

    const STREAM: &str = concat!(
        "event: message_start\n",
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":20,\"cache_read_input_tokens\":5,\"output_tokens\":1}}}\n\n",
        "event: content_block_start\n",
        "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"answer\",\"input\":{}}}\n\n",
        "event: ping\n",
        "data: {\"type\": \"ping\"}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"tasks\\\": [\\\"é\"}}\n\n",
        "event: content_block_delta\n",
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"🦀\\\"]}\"}}\n\n",
        "event: content_block_stop\n",
        "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_delta\n",
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\n",
        "event: message_stop\n",
        "data: {\"type\":\"message_stop\"}\n\n",
    );

    #[tokio::test]
    async fn a_tool_answer_cut_at_every_byte_is_assembled_from_its_json_pieces() {
        let cancel = CancellationToken::new();
        let want = Completion {
            text: "{\"tasks\": [\"é🦀\"]}".into(),
            usage: Usage {
                prompt_tokens: 25,
                completion_tokens: 9,
            },
        };
        for offset in 0..3 {
            let mut events = Vec::new();
            let got = read_stream(
                chunked(STREAM, offset),
                AnthropicDecoder::new("c", None, 100),
                stop(&cancel),
                &mut false,
                &mut |e| events.push(e),
            )
            .await;
            assert_eq!(got.as_ref(), Ok(&want));
            assert_eq!(events.len(), 3, "two JSON pieces and the usage: {events:?}");
        }
        for at in 0..=STREAM.len() {
            let got = read_stream(
                split_at(STREAM, at),
                AnthropicDecoder::new("c", None, 100),
                stop(&cancel),
                &mut false,
                &mut |_| {},
            )
            .await;
            assert_eq!(got.as_ref(), Ok(&want), "split at {at}");
        }
    }

    async fn decode(stream: &str) -> (Result<Completion, LlmError>, bool) {
        let cancel = CancellationToken::new();
        let mut delivered = false;
        let got = read_stream(
            chunked(stream, 1),
            AnthropicDecoder::new("c", None, 100),
            stop(&cancel),
            &mut delivered,
            &mut |_| {},
        )
        .await;
        (got, delivered)
    }

    #[tokio::test]
    async fn stop_reason_max_tokens_is_a_truncation() {
        let stream = STREAM.replace(
            "\"stop_reason\":\"tool_use\"",
            "\"stop_reason\":\"max_tokens\"",
        );
        let (got, _) = decode(&stream).await;
        assert!(
            matches!(got, Err(LlmError::Truncated { limit: Some(100), ref partial, .. }) if partial.starts_with("{\"tasks\""))
        );
    }

    #[tokio::test]
    async fn an_overloaded_error_event_is_a_retryable_stream_error() {
        let stream = concat!(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1}}}\n\n",
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
        );
        let (got, delivered) = decode(stream).await;
        let Err(error) = got else {
            panic!("expected an error, got {got:?}")
        };
        assert!(error.is_retryable() && !delivered);
        assert!(
            error.to_string().contains("Overloaded [overloaded_error]"),
            "{error}"
        );
    }

    #[test]
    fn a_plain_json_message_is_read_whole() {
        let body = r#"{"type":"message","content":[{"type":"tool_use","id":"t","name":"a","input":{"x":1}}],"stop_reason":"tool_use","usage":{"input_tokens":4,"output_tokens":2}}"#;
        let got = AnthropicDecoder::new("c", None, 100).whole(body, &mut |_| {});
        assert_eq!(
            got,
            Ok(Completion {
                text: "{\"x\":1}".into(),
                usage: Usage {
                    prompt_tokens: 4,
                    completion_tokens: 2
                }
            })
        );
    }
}
