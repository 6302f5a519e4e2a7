//! Talking to language models over the network: the OpenAI-compatible and
//! Anthropic providers, SSE streaming, retries, cancellation, errors and
//! token usage. Knows nothing of plans or the UI.
mod anthropic;
mod config;
mod endpoint;
mod error;
mod openai;
mod provider;
mod replay;
mod request;
mod retry;
mod secret;
mod sse;
mod status;
mod window;

pub use config::{
    DEFAULT_CONNECT_TIMEOUT_S, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_S, ProviderConfig,
    ProviderKind, StructuredMode,
};
pub use error::{LlmError, TimeoutPhase};
pub use provider::{Provider, http_client};
pub use replay::{replay_stream, replay_whole};
pub use request::{ChatRequest, Completion, Message, PieceStart, Role, StreamEvent, Usage};
pub use retry::MAX_RETRY_AFTER;
pub use window::{
    ANTHROPIC_CONTEXT_WINDOW, DEFAULT_CONTEXT_WINDOW, OPENAI_CONTEXT_WINDOW, ServerFacts,
    WindowSource, group,
};
