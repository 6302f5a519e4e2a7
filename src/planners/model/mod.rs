//! The model-backed planner: the step's prompt ([`prompt`]) sent to a
//! provider, the answer read and checked, and — when that fails — asked once
//! more with the exact errors. A second failure keeps the raw answers in a
//! file under the state directory.
pub mod budget;
mod concurrent;
pub mod join;
pub mod narrow;
pub mod pieces;
pub mod prompt;

use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::answer::{Answer, AnswerError, read, validate};
use super::{Answered, Step};
use crate::llm::{
    ChatRequest, LlmError, Message, PieceStart, Provider, ServerFacts, StreamEvent, group,
};
use crate::plan::{Session, Timestamp};
use budget::Budget;
use join::PieceAnswer;
use pieces::{DoesNotFit, Piece};
use prompt::reask;

/// Why a model gave no usable answer. The session is unchanged in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModelError {
    #[error("{0}")]
    Llm(#[from] LlmError),
    /// The model answered twice and neither answer could be used.
    #[error("the model's answer{} could not be used: {error}", piece.as_ref().map(|p| format!(" to {p}")).unwrap_or_default())]
    Answer {
        error: AnswerError,
        /// The last answer as the model sent it.
        raw: String,
        /// Where both answers were kept, if they could be written.
        kept: Option<PathBuf>,
        /// Which request of the step, when it worked in pieces.
        piece: Option<String>,
    },
    /// Even one request cannot fit the model's window.
    #[error("{0}")]
    DoesNotFit(#[from] DoesNotFit),
}

/// What a request needs besides the step and the session.
pub struct Ask<'a> {
    pub cancel: &'a CancellationToken,
    /// Where unusable answers are kept.
    pub state_dir: &'a Path,
    /// Streamed text and usage, as they come.
    pub emit: &'a mut (dyn FnMut(StreamEvent) + Send),
    /// The caller's own checks of an answer that reads and validates (for
    /// the workflow: that it applies to the plan); errors worded for the model.
    pub check: &'a (dyn Fn(&Answer) -> Vec<String> + Sync),
}

/// Read and check an answer: the errors to send back, or the answer.
fn usable(
    step: Step,
    text: &str,
    session: &Session,
    ask: &Ask<'_>,
) -> Result<Answered, AnswerError> {
    let r = read(step, text)?;
    let mut errors = r.errors;
    for e in validate(&r.answer, session)
        .into_iter()
        .chain((ask.check)(&r.answer))
    {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(AnswerError::Invalid { errors });
    }
    Ok(Answered {
        answer: r.answer,
        notes: r.notes,
        repaired: r.repaired,
        heuristic: false,
    })
}

/// How a step will be asked: the window and how it was found, how tokens
/// are counted, and the pieces.
#[derive(Debug, Clone)]
pub struct RequestPlan {
    pub facts: ServerFacts,
    pub budget: Budget,
    pub pieces: Vec<Piece>,
}

/// The requests `step` on `session` would send to `provider`. Asks the
/// server for its window and tokenizer (once per provider object), never
/// for an answer.
pub async fn plan_requests(
    provider: &Provider,
    step: Step,
    session: &Session,
    cancel: &CancellationToken,
) -> Result<RequestPlan, ModelError> {
    let facts = provider.facts(cancel).await;
    let mut budget = Budget::new(facts.window, provider.max_tokens());
    if facts.tokenizer {
        // Measure the server's bytes per token once, on the shared part.
        let sample = pieces::shared_prefix(step, session, &budget);
        if let Some(tokens) = provider.count_tokens(&sample, cancel).await {
            budget.calibrate(sample.len(), tokens);
        }
    }
    if cancel.is_cancelled() {
        return Err(LlmError::Cancelled.into());
    }
    let pieces = pieces::pieces(step, session, &budget)?;
    Ok(RequestPlan {
        facts,
        budget,
        pieces,
    })
}

/// Ask `provider` for `step` on `session`: every piece in turn (or up to
/// `max_concurrency` at once), each read and checked on its own and asked
/// again once, then joined and checked as a whole. A piece that fails
/// fails the step: an answer about part of the plan would read as if the
/// rest had nothing to say, so no partial proposal is made.
pub async fn answer(
    provider: &Provider,
    step: Step,
    session: &Session,
    mut ask: Ask<'_>,
) -> Result<Answered, ModelError> {
    if ask.cancel.is_cancelled() {
        return Err(LlmError::Cancelled.into());
    }
    let plan = plan_requests(provider, step, session, ask.cancel).await?;
    let whole = plan.pieces.len() == 1 && plan.pieces[0].map.whole;
    if whole {
        let piece = &plan.pieces[0];
        (ask.emit)(StreamEvent::Piece(start(piece, &plan.budget)));
        return ask_whole(provider, piece, &plan.budget, session, ask).await;
    }
    let results = run_pieces(provider, &plan, session, &mut ask).await?;
    let mut notes = Vec::new();
    let mut repaired = false;
    let mut answers = Vec::with_capacity(results.len());
    for (piece, got) in plan.pieces.iter().zip(results) {
        repaired |= got.repaired;
        notes.extend(
            got.notes
                .into_iter()
                .map(|n| format!("({}) {n}", piece.covers)),
        );
        answers.push(PieceAnswer {
            map: &piece.map,
            covers: &piece.covers,
            answer: got.answer,
        });
    }
    if plan
        .pieces
        .iter()
        .any(|p| p.system.contains("[… the first "))
    {
        notes.push(
            "the spec, the context or the decisions were shown to the model cut short, to fit its window"
                .to_string(),
        );
    }
    let Some(mut joined) = join::join(session, answers) else {
        return Err(LlmError::Cancelled.into());
    };
    notes.extend(join::break_cycles(&mut joined, session));
    let mut errors = validate(&joined, session);
    for e in (ask.check)(&joined) {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        errors.truncate(20);
        return Err(ModelError::Answer {
            error: AnswerError::Invalid { errors },
            raw: serde_json::to_string_pretty(&joined.to_json()).unwrap_or_default(),
            kept: None,
            piece: Some(format!("the {} pieces, joined", plan.pieces.len())),
        });
    }
    Ok(Answered {
        answer: joined,
        notes,
        repaired,
        heuristic: false,
    })
}

fn start(piece: &Piece, budget: &Budget) -> PieceStart {
    PieceStart {
        index: piece.index,
        of: piece.of,
        covers: piece.covers.clone(),
        prompt_estimate: piece.prompt_tokens as u64,
        max_tokens: piece.max_tokens,
        window: budget.window,
    }
}

/// The whole plan in one request, as before pieces, with its answer budget.
async fn ask_whole(
    provider: &Provider,
    piece: &Piece,
    budget: &Budget,
    session: &Session,
    ask: Ask<'_>,
) -> Result<Answered, ModelError> {
    let step = piece.step;
    let mut request = ChatRequest {
        messages: vec![
            Message::system(piece.system.clone()),
            Message::user(piece.user.clone()),
        ],
        schema_name: piece.schema_name.to_string(),
        schema: piece.schema.clone(),
        max_tokens: Some(piece.max_tokens),
    };
    let first = provider
        .complete(&request, ask.cancel, ask.emit)
        .await
        .map_err(|e| with_sizes(e, piece, budget))?;
    tracing::debug!(
        step = step.key(),
        chars = first.text.len(),
        "first answer received"
    );
    let error = match usable(step, &first.text, session, &ask) {
        Ok(a) => return Ok(a),
        Err(e) => e,
    };
    tracing::info!(step = step.key(), %error, "answer unusable; asking again");
    reask_request(&mut request, &first.text, &error, piece, budget);
    let second = provider
        .complete(&request, ask.cancel, ask.emit)
        .await
        .map_err(|e| with_sizes(e, piece, budget))?;
    match usable(step, &second.text, session, &ask) {
        Ok(mut a) => {
            a.notes.insert(
                0,
                format!("the first answer was not usable ({error}); this is the second"),
            );
            Ok(a)
        }
        Err(error) => {
            let kept = keep_raw(ask.state_dir, session, step, &[&first.text, &second.text]);
            Err(ModelError::Answer {
                error,
                raw: second.text,
                kept,
                piece: None,
            })
        }
    }
}

/// The follow-up after an unusable answer: the answer and the errors, when
/// they fit the window with the answer budget; else the errors alone.
fn reask_request(
    request: &mut ChatRequest,
    previous: &str,
    error: &AnswerError,
    piece: &Piece,
    budget: &Budget,
) {
    let mut errors = error.reask_errors();
    errors.truncate(30);
    let follow_up = reask(&errors);
    let schema_bytes = request.schema.to_string().len();
    let with_answer = budget.prompt_tokens(
        &[&piece.system, &piece.user, previous, &follow_up],
        schema_bytes,
    );
    if with_answer + piece.answer_need <= budget.usable() {
        request
            .messages
            .push(Message::assistant(previous.to_string()));
        request.messages.push(Message::user(follow_up));
        // The conversation grew: the answer gets what is left of the window.
        request.max_tokens = Some(piece.max_tokens.min(budget.usable() - with_answer));
    } else {
        request.messages.push(Message::user(follow_up));
    }
}

/// A piece's checked answer.
struct Got {
    answer: Answer,
    notes: Vec<String>,
    repaired: bool,
}

/// Every piece of `plan`, in order; the first failure (or a cancel) ends
/// the step with nothing kept.
async fn run_pieces(
    provider: &Provider,
    plan: &RequestPlan,
    session: &Session,
    ask: &mut Ask<'_>,
) -> Result<Vec<Got>, ModelError> {
    let concurrency = provider.max_concurrency().max(1);
    let to = Where {
        cancel: ask.cancel,
        state_dir: ask.state_dir,
    };
    if concurrency == 1 || plan.pieces.len() == 1 {
        let mut out = Vec::with_capacity(plan.pieces.len());
        for piece in &plan.pieces {
            if ask.cancel.is_cancelled() {
                return Err(LlmError::Cancelled.into());
            }
            (ask.emit)(StreamEvent::Piece(start(piece, &plan.budget)));
            out.push(ask_piece(provider, piece, &plan.budget, session, &to, ask.emit).await?);
        }
        return Ok(out);
    }
    concurrent::run(provider, plan, session, &to, ask.emit, concurrency).await
}

/// Where a piece's request runs: its cancellation, where raw answers go.
struct Where<'a> {
    cancel: &'a CancellationToken,
    state_dir: &'a Path,
}

/// One piece: asked, read, checked against the tasks it shows, asked again
/// once with the exact errors.
async fn ask_piece(
    provider: &Provider,
    piece: &Piece,
    budget: &Budget,
    session: &Session,
    ask: &Where<'_>,
    emit: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Got, ModelError> {
    let step = piece.step;
    let local = join::piece_session(session, &piece.map);
    let check = |text: &str| -> Result<Got, AnswerError> {
        let r = read(step, text)?;
        let mut errors = r.errors;
        for e in validate(&r.answer, &local)
            .into_iter()
            .chain(join::piece_errors(&r.answer, &piece.map))
        {
            if !errors.contains(&e) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(AnswerError::Invalid { errors });
        }
        Ok(Got {
            answer: r.answer,
            notes: r.notes,
            repaired: r.repaired,
        })
    };
    let mut request = ChatRequest {
        messages: vec![
            Message::system(piece.system.clone()),
            Message::user(piece.user.clone()),
        ],
        schema_name: piece.schema_name.to_string(),
        schema: piece.schema.clone(),
        max_tokens: Some(piece.max_tokens),
    };
    let first = match provider.complete(&request, ask.cancel, emit).await {
        // A piece's budget is sized on typical answers; a model that wrote
        // more is asked once more to be brief, as for any unusable answer.
        Err(LlmError::Truncated { limit, partial, .. }) => {
            let cut = AnswerError::Invalid {
                errors: vec![format!(
                    "the answer was cut off at the limit of {} tokens; give the complete JSON object again, with shorter texts",
                    limit.unwrap_or(piece.max_tokens)
                )],
            };
            tracing::info!(
                step = step.key(),
                piece = piece.index,
                "piece answer cut off; asking for a shorter one"
            );
            let follow_up = reask(&cut.reask_errors());
            let grown = budget.prompt_tokens(
                &[&piece.system, &piece.user, &follow_up],
                request.schema.to_string().len(),
            );
            request.messages.push(Message::user(follow_up));
            // The follow-up takes room: the answer gets what is left.
            request.max_tokens = Some(
                piece
                    .max_tokens
                    .min(budget.usable().saturating_sub(grown))
                    .max(1),
            );
            let second = provider
                .complete(&request, ask.cancel, emit)
                .await
                .map_err(|e| with_sizes(e, piece, budget))?;
            return check(&second.text).map_err(|error| {
                let kept = keep_raw(ask.state_dir, session, step, &[&partial, &second.text]);
                ModelError::Answer {
                    error,
                    raw: second.text,
                    kept,
                    piece: Some(format!(
                        "piece {} of {} ({})",
                        piece.index, piece.of, piece.covers
                    )),
                }
            });
        }
        other => other.map_err(|e| with_sizes(e, piece, budget))?,
    };
    tracing::info!(
        step = step.key(),
        piece = piece.index,
        of = piece.of,
        estimated_prompt = piece.prompt_tokens,
        used_prompt = first.usage.prompt_tokens,
        max_tokens = piece.max_tokens,
        used_completion = first.usage.completion_tokens,
        "piece answered"
    );
    let error = match check(&first.text) {
        Ok(got) => return Ok(got),
        Err(e) => e,
    };
    tracing::info!(step = step.key(), piece = piece.index, %error, "piece answer unusable; asking again");
    reask_request(&mut request, &first.text, &error, piece, budget);
    let second = provider
        .complete(&request, ask.cancel, emit)
        .await
        .map_err(|e| with_sizes(e, piece, budget))?;
    match check(&second.text) {
        Ok(mut got) => {
            got.notes.insert(
                0,
                format!("the first answer was not usable ({error}); this is the second"),
            );
            Ok(got)
        }
        Err(error) => {
            let kept = keep_raw(ask.state_dir, session, step, &[&first.text, &second.text]);
            Err(ModelError::Answer {
                error,
                raw: second.text,
                kept,
                piece: Some(format!(
                    "piece {} of {} ({})",
                    piece.index, piece.of, piece.covers
                )),
            })
        }
    }
}

/// A server's context-length refusal, with what planner-tui had estimated.
fn with_sizes(e: LlmError, piece: &Piece, budget: &Budget) -> ModelError {
    match e {
        LlmError::ContextExceeded {
            provider,
            url,
            status,
            body,
        } => ModelError::Llm(LlmError::ContextExceeded {
            provider,
            url,
            status,
            body: format!(
                "{body} — piece {} of {} ({}) was estimated at {} prompt tokens + {} answer tokens for a window of {} tokens",
                piece.index,
                piece.of,
                piece.covers,
                group(piece.prompt_tokens as u64),
                group(piece.max_tokens as u64),
                group(budget.window as u64)
            ),
        }),
        other => ModelError::Llm(other),
    }
}

/// Write the unusable answers to `<state_dir>/answers/<session>-<step>-<time>.txt`.
fn keep_raw(state_dir: &Path, session: &Session, step: Step, answers: &[&str]) -> Option<PathBuf> {
    let dir = state_dir.join("answers");
    std::fs::create_dir_all(&dir).ok()?;
    let stamp = Timestamp::now().to_string().replace(':', "");
    let path = dir.join(format!("{}-{}-{stamp}.txt", session.id, step.key()));
    let mut text = String::new();
    for (i, a) in answers.iter().enumerate() {
        text.push_str(&format!("===== answer {} =====\n{a}\n", i + 1));
    }
    match std::fs::write(&path, text) {
        Ok(()) => Some(path),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not keep the raw answer");
            None
        }
    }
}
