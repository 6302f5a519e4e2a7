//! What a caller sends to a provider and what comes back: messages, the
//! answer's schema, streamed events, the finished answer and its token usage.
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

/// One question to a model: the conversation so far and the JSON Schema the
/// answer must follow.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    /// System first, then user/assistant turns (a re-ask appends assistant + user).
    pub messages: Vec<Message>,
    /// Names the schema to the server, e.g. `task_decomposition`.
    pub schema_name: String,
    /// JSON Schema of the answer; an object at the top level.
    pub schema: serde_json::Value,
    /// Overrides the provider's `max_tokens` for this request.
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Message {
            role: Role::System,
            content: content.into(),
        }
    }
    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: Role::User,
            content: content.into(),
        }
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// Something a request reports while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    /// A piece of the answer text; for a tool call, a piece of its JSON input.
    Delta(String),
    /// The token counts of the request, sent once when the server reported them.
    Usage(Usage),
    /// A request of a step that works in pieces is about to be sent.
    Piece(PieceStart),
}

/// Which request of a step is starting, and its sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceStart {
    /// 1-based.
    pub index: usize,
    pub of: usize,
    /// What it is about: `tasks 41–80`.
    pub covers: String,
    /// Prompt tokens as planner-tui estimated them.
    pub prompt_estimate: u64,
    /// The answer budget sent.
    pub max_tokens: u32,
    /// The model's context window.
    pub window: u32,
}

/// Token counts, per request or summed over a session.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

impl Usage {
    pub fn total(self) -> u64 {
        self.prompt_tokens + self.completion_tokens
    }
}

impl Add for Usage {
    type Output = Usage;
    fn add(self, rhs: Usage) -> Usage {
        Usage {
            prompt_tokens: self.prompt_tokens + rhs.prompt_tokens,
            completion_tokens: self.completion_tokens + rhs.completion_tokens,
        }
    }
}

impl AddAssign for Usage {
    fn add_assign(&mut self, rhs: Usage) {
        *self = *self + rhs;
    }
}

/// A finished answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The whole answer; for a tool call, the JSON text of its input.
    pub text: String,
    pub usage: Usage,
}
