//! Pieces run several at a time (`max_concurrency` above 1, for hosted
//! providers): up to that many requests in flight, their streamed events
//! passed on as they come, and the first failure cancelling the others.
//! Each request still obeys 429 and Retry-After on its own.
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::{Got, ModelError, RequestPlan, Where, ask_piece, start};
use crate::llm::{Provider, StreamEvent};
use crate::plan::Session;

pub(super) async fn run(
    provider: &Provider,
    plan: &RequestPlan,
    session: &Session,
    to: &Where<'_>,
    emit: &mut (dyn FnMut(StreamEvent) + Send),
    concurrency: usize,
) -> Result<Vec<Got>, ModelError> {
    let (tx, mut rx) = mpsc::unbounded_channel::<StreamEvent>();
    let cancel = to.cancel.child_token();
    let inner = Where {
        cancel: &cancel,
        state_dir: to.state_dir,
    };
    let inner = &inner;
    let requests: Vec<_> = plan
        .pieces
        .iter()
        .map(|piece| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(StreamEvent::Piece(start(piece, &plan.budget)));
                let mut forward = move |e: StreamEvent| {
                    let _ = tx.send(e);
                };
                let result =
                    ask_piece(provider, piece, &plan.budget, session, inner, &mut forward).await;
                (piece.index, result)
            }
        })
        .collect();
    let mut running = futures_util::stream::iter(requests).buffer_unordered(concurrency);
    drop(tx);
    let mut got: Vec<Option<Got>> = (0..plan.pieces.len()).map(|_| None).collect();
    loop {
        tokio::select! {
            Some(event) = rx.recv() => emit(event),
            next = running.next() => match next {
                None => break,
                Some((i, Ok(answer))) => {
                    if let Some(slot) = got.get_mut(i - 1) {
                        *slot = Some(answer);
                    }
                }
                Some((_, Err(e))) => {
                    cancel.cancel();
                    return Err(e);
                }
            },
        }
    }
    while let Ok(event) = rx.try_recv() {
        emit(event);
    }
    Ok(got.into_iter().flatten().collect())
}
