//! Reading a server-sent-event answer: bytes in any chunking become SSE
//! events (eventsource-stream), a dialect's `Decoder` turns them into text
//! and usage, and cancellation or the deadline can stop it at any moment.
use std::fmt::Display;

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::error::LlmError;
use super::request::{Completion, StreamEvent};

/// One dialect's reading of SSE events.
pub trait Decoder {
    /// Handles one event (`kind` is the SSE `event:` field, `message` when
    /// absent). Returns `true` once the answer is complete, after which the
    /// rest of the stream is not read.
    fn event(
        &mut self,
        kind: &str,
        data: &str,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<bool, LlmError>;

    /// The finished answer; `complete` says whether `event` signalled the end
    /// (otherwise the stream simply stopped).
    fn finish(
        self,
        complete: bool,
        emit: &mut dyn FnMut(StreamEvent),
    ) -> Result<Completion, LlmError>;

    fn provider(&self) -> &str;
}

/// What stops a stream from outside.
pub struct Stop<'a> {
    pub cancel: &'a CancellationToken,
    pub deadline: Instant,
    /// Returned when the deadline passes.
    pub timeout: LlmError,
}

/// Reads `bytes` to the end of the answer. `delivered` becomes true as soon
/// as any answer text has been passed to `on_event`.
pub async fn read_stream<S, B, E, D>(
    bytes: S,
    mut decoder: D,
    stop: Stop<'_>,
    delivered: &mut bool,
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Completion, LlmError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: Display,
    D: Decoder,
{
    let mut emit = |event: StreamEvent| {
        if matches!(&event, StreamEvent::Delta(text) if !text.is_empty()) {
            *delivered = true;
        }
        on_event(event);
    };
    let mut events = bytes.eventsource();
    let deadline = tokio::time::sleep_until(stop.deadline);
    tokio::pin!(deadline);
    let complete = loop {
        let next = tokio::select! {
            biased;
            _ = stop.cancel.cancelled() => return Err(LlmError::Cancelled),
            _ = &mut deadline => return Err(stop.timeout),
            next = events.next() => next,
        };
        match next {
            None => break false,
            Some(Ok(event)) => {
                if decoder.event(&event.event, &event.data, &mut emit)? {
                    break true;
                }
            }
            Some(Err(error)) => {
                let (reason, retryable) = match error {
                    EventStreamError::Transport(e) => (format!("the connection failed: {e}"), true),
                    EventStreamError::Utf8(e) => {
                        (format!("the server sent invalid UTF-8: {e}"), false)
                    }
                    EventStreamError::Parser(e) => {
                        (format!("the server sent malformed events: {e}"), false)
                    }
                };
                return Err(LlmError::Stream {
                    provider: decoder.provider().to_string(),
                    reason,
                    retryable,
                });
            }
        }
    };
    decoder.finish(complete, &mut emit)
}

/// Parses one event's JSON, naming the event when it is not JSON.
pub fn parse_json(provider: &str, data: &str) -> Result<serde_json::Value, LlmError> {
    serde_json::from_str(data).map_err(|e| LlmError::Stream {
        provider: provider.to_string(),
        reason: format!(
            "an event is not valid JSON ({e}): {}",
            super::secret::clean_server_text(data, None)
        ),
        retryable: false,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use bytes::Bytes;
    use std::convert::Infallible;
    use std::time::Duration;

    /// `text` as a byte stream cut into pieces of 1, 2, 3, 1, 2, 3, ... bytes
    /// starting at `offset`, so every boundary lands somewhere.
    pub fn chunked(
        text: &str,
        offset: usize,
    ) -> impl Stream<Item = Result<Bytes, Infallible>> + Unpin {
        let bytes = text.as_bytes();
        let mut pieces = Vec::new();
        let mut at = 0;
        let mut size = offset % 3 + 1;
        while at < bytes.len() {
            let end = (at + size).min(bytes.len());
            pieces.push(Ok(Bytes::copy_from_slice(&bytes[at..end])));
            at = end;
            size = size % 3 + 1;
        }
        futures_util::stream::iter(pieces)
    }

    /// Every split point once: the text in two pieces cut at `at`.
    pub fn split_at(
        text: &str,
        at: usize,
    ) -> impl Stream<Item = Result<Bytes, Infallible>> + Unpin {
        let bytes = text.as_bytes();
        futures_util::stream::iter(vec![
            Ok(Bytes::copy_from_slice(&bytes[..at])),
            Ok(Bytes::copy_from_slice(&bytes[at..])),
        ])
    }

    pub fn stop(cancel: &CancellationToken) -> Stop<'_> {
        Stop {
            cancel,
            deadline: Instant::now() + Duration::from_secs(30),
            timeout: LlmError::Cancelled,
        }
    }

    /// Collects `data` of every event; done at `end`.
    struct Collect(Vec<(String, String)>);

    impl Decoder for Collect {
        fn event(
            &mut self,
            kind: &str,
            data: &str,
            emit: &mut dyn FnMut(StreamEvent),
        ) -> Result<bool, LlmError> {
            emit(StreamEvent::Delta(data.to_string()));
            self.0.push((kind.to_string(), data.to_string()));
            Ok(data == "end")
        }
        fn finish(
            self,
            complete: bool,
            _: &mut dyn FnMut(StreamEvent),
        ) -> Result<Completion, LlmError> {
            let text = self
                .0
                .iter()
                .map(|(k, d)| format!("{k}={d};"))
                .collect::<String>();
            Ok(Completion {
                text: format!("{text}{complete}"),
                usage: Default::default(),
            })
        }
        fn provider(&self) -> &str {
            "test"
        }
    }

    #[tokio::test]
    async fn events_survive_any_chunking_crlf_comments_and_split_characters() {
        let text = ": keep-alive\r\n\r\nevent: a\r\ndata: héllo 🦀\r\n\r\n: comment\ndata:x\n\ndata: end\n\ndata: ignored\n\n";
        let want = "a=héllo 🦀;message=x;message=end;true";
        let cancel = CancellationToken::new();
        for offset in 0..3 {
            let mut delivered = false;
            let got = read_stream(
                chunked(text, offset),
                Collect(vec![]),
                stop(&cancel),
                &mut delivered,
                &mut |_| {},
            )
            .await;
            assert_eq!(got.map(|c| c.text), Ok(want.to_string()), "offset {offset}");
            assert!(delivered);
        }
        for at in 0..=text.len() {
            let mut delivered = false;
            let got = read_stream(
                split_at(text, at),
                Collect(vec![]),
                stop(&cancel),
                &mut delivered,
                &mut |_| {},
            )
            .await;
            assert_eq!(got.map(|c| c.text), Ok(want.to_string()), "split at {at}");
        }
    }

    #[tokio::test]
    async fn a_stream_that_stops_early_is_reported_to_the_decoder() {
        let cancel = CancellationToken::new();
        let got = read_stream(
            chunked("data: a\n\n", 0),
            Collect(vec![]),
            stop(&cancel),
            &mut false,
            &mut |_| {},
        )
        .await;
        assert_eq!(got.map(|c| c.text), Ok("message=a;false".to_string()));
    }

    #[tokio::test]
    async fn a_stalled_stream_ends_at_the_deadline_or_on_cancel() {
        let cancel = CancellationToken::new();
        let stalled = futures_util::stream::pending::<Result<Bytes, Infallible>>();
        let deadline = Stop {
            cancel: &cancel,
            deadline: Instant::now() + Duration::from_millis(50),
            timeout: LlmError::Refused {
                provider: "t".into(),
                message: "deadline".into(),
            },
        };
        let got = read_stream(stalled, Collect(vec![]), deadline, &mut false, &mut |_| {}).await;
        assert!(matches!(got, Err(LlmError::Refused { .. })));
        cancel.cancel();
        let stalled = futures_util::stream::pending::<Result<Bytes, Infallible>>();
        let got = read_stream(
            stalled,
            Collect(vec![]),
            stop(&cancel),
            &mut false,
            &mut |_| {},
        )
        .await;
        assert_eq!(got, Err(LlmError::Cancelled));
    }
}
