//! Replaying recorded server bytes through the same SSE reader and dialect
//! decoders a live request uses, so fuzzers and tests can feed any chunking
//! without a network.
use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::anthropic::{AnthropicDecoder, DEFAULT_MAX_TOKENS};
use super::config::ProviderKind;
use super::error::LlmError;
use super::openai::OpenAiDecoder;
use super::request::{Completion, StreamEvent};
use super::sse::{Stop, read_stream};

/// Decodes `chunks`, in order, as the event stream `kind`'s server would
/// send, returning the answer and every event emitted. Must run inside a
/// tokio runtime with time enabled. `Offline` has no wire format and is read
/// as OpenAI.
pub async fn replay_stream(
    kind: ProviderKind,
    chunks: Vec<Bytes>,
) -> (Result<Completion, LlmError>, Vec<StreamEvent>) {
    let bytes = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, Infallible>));
    let cancel = CancellationToken::new();
    let stop = Stop {
        cancel: &cancel,
        deadline: Instant::now() + Duration::from_secs(3600),
        timeout: LlmError::Cancelled,
    };
    let mut delivered = false;
    let mut events = Vec::new();
    let mut on_event = |e: StreamEvent| events.push(e);
    let result = match kind {
        ProviderKind::Anthropic => {
            let decoder = AnthropicDecoder::new("replay", None, DEFAULT_MAX_TOKENS);
            read_stream(bytes, decoder, stop, &mut delivered, &mut on_event).await
        }
        ProviderKind::OpenAi | ProviderKind::Offline => {
            let decoder = OpenAiDecoder::new("replay", None, None);
            read_stream(bytes, decoder, stop, &mut delivered, &mut on_event).await
        }
    };
    (result, events)
}

/// Decodes `body` as the single JSON answer `kind`'s server sends when it
/// ignores streaming.
pub fn replay_whole(
    kind: ProviderKind,
    body: &str,
) -> (Result<Completion, LlmError>, Vec<StreamEvent>) {
    let mut events = Vec::new();
    let mut emit = |e: StreamEvent| events.push(e);
    let result = match kind {
        ProviderKind::Anthropic => {
            AnthropicDecoder::new("replay", None, DEFAULT_MAX_TOKENS).whole(body, &mut emit)
        }
        ProviderKind::OpenAi | ProviderKind::Offline => {
            OpenAiDecoder::new("replay", None, None).whole(body, &mut emit)
        }
    };
    (result, events)
}
