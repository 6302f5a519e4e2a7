//! Running one step end to end: the step's planner (the offline planner, or
//! a model) answers, and the answer becomes a proposal that applies to the
//! plan. A model's answer that cannot be used is asked for once more with the
//! exact errors (`crate::planners::model`); a second failure keeps the raw
//! answer in a file under the state directory and leaves the session as it was.
use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::answer::{AnswerError, to_proposal};
use super::proposal::Proposal;
use crate::llm::{LlmError, Provider, StreamEvent};
use crate::plan::Session;
use crate::planners::answer::Answer;
use crate::planners::model::pieces::DoesNotFit;
use crate::planners::{Answered, Ask, ModelError, Planner, Step, offline};

/// Why a step produced no proposal. The session is unchanged in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StepError {
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
        piece: Option<Box<str>>,
        /// What to try, fitted to the provider's config.
        advice: Box<str>,
    },
    /// Even one request of the step cannot fit the model's window.
    #[error("{0}")]
    DoesNotFit(#[from] DoesNotFit),
}

impl StepError {
    /// The model's answer was the problem (not the network or the config).
    pub fn is_answer_problem(&self) -> bool {
        matches!(
            self,
            StepError::Answer { .. }
                | StepError::Llm(LlmError::Truncated { .. } | LlmError::Refused { .. })
        )
    }

    /// Lines for the user beyond the message: where the raw answer is, what to do.
    pub fn details(&self) -> Vec<String> {
        match self {
            StepError::Answer {
                kept: Some(p),
                advice,
                ..
            } => vec![
                format!("the raw answers are kept in {}", p.display()),
                advice.to_string(),
            ],
            StepError::Answer {
                kept: None, advice, ..
            } => vec![advice.to_string()],
            StepError::Llm(LlmError::Cancelled) => vec!["the plan is unchanged".into()],
            StepError::Llm(_) | StepError::DoesNotFit(_) => vec!["the plan is unchanged".into()],
        }
    }
}

/// Run `step` on `session`. `provider` is `None` for the offline planner.
/// Streamed text and usage go to `emit` as they come.
pub async fn run_step(
    provider: Option<&Provider>,
    step: Step,
    session: &Session,
    cancel: &CancellationToken,
    state_dir: &Path,
    emit: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Proposal, StepError> {
    if cancel.is_cancelled() {
        return Err(LlmError::Cancelled.into());
    }
    let Some(provider) = provider else {
        return Ok(offline_proposal(step, session));
    };
    let check = |a: &Answer| applies(step, a, session);
    let ask = Ask {
        cancel,
        state_dir,
        emit,
        check: &check,
    };
    let answered = Planner::Model(provider)
        .answer(step, session, ask)
        .await
        .map_err(|e| StepError::from_model(e, Some(provider)))?;
    let mut proposal = with_detectors(proposal(step, answered, session), session);
    // A model's answer is checked against what the plan proves before it is offered.
    proposal.check_against(session);
    Ok(proposal)
}

/// The offline planner's proposal for `step`. Always heuristic.
pub fn offline_proposal(step: Step, session: &Session) -> Proposal {
    let answered = offline::answered(step, session);
    if let Answer::TaskList(a) = &answered.answer
        && a.tasks.is_empty()
    {
        // Nothing to plan yet: the notes say why.
        let mut p = Proposal::new(step, session);
        p.heuristic = true;
        p.notes = answered.notes;
        return p;
    }
    let errors = crate::planners::answer::validate(&answered.answer, session);
    if !errors.is_empty() {
        // The rules are built never to get here; if they do, say so rather
        // than propose something broken.
        let mut p = Proposal::new(step, session);
        p.heuristic = true;
        p.notes = answered.notes;
        p.notes.push(format!(
            "the offline planner produced an answer it could not use: {}",
            errors.join("; ")
        ));
        return p;
    }
    proposal(step, answered, session)
}

/// A planner's checked answer as a proposal, its notes first.
fn proposal(step: Step, answered: Answered, session: &Session) -> Proposal {
    let mut p = to_proposal(step, &answered.answer, session);
    p.repaired = answered.repaired;
    p.heuristic = answered.heuristic;
    let answer_notes = std::mem::take(&mut p.notes);
    p.notes = answered.notes;
    p.notes.extend(answer_notes);
    p
}

/// Whether an answer, mapped onto the plan, applies to it. What validation
/// cannot see (dependencies kept from the plan for tasks matched by title)
/// must still never yield a proposal that cannot apply.
fn applies(step: Step, answer: &Answer, session: &Session) -> Vec<String> {
    match to_proposal(step, answer, session).accept_all(session) {
        Ok(_) => Vec::new(),
        Err(e) => vec![format!(
            "the answer, applied to the plan, does not fit: {e}; give depends_on for every task"
        )],
    }
}

/// A model's ambiguity list gets the built-in detectors' findings too, with
/// duplicates folded, so nothing the rules can see is left to the model's
/// attention. Other steps' proposals pass through.
fn with_detectors(mut proposal: Proposal, session: &Session) -> Proposal {
    if proposal.step == Step::Ambiguities {
        let detected = offline_proposal(Step::Ambiguities, session);
        crate::workflow::proposal::merge_ambiguities(&mut proposal, &detected, session);
    }
    proposal
}

impl StepError {
    /// A planner's error, with advice that fits `provider`'s config: a
    /// provider already on `structured = "json_schema"` is not told to use it.
    pub fn from_model(e: ModelError, provider: Option<&Provider>) -> Self {
        match e {
            ModelError::Llm(e) => StepError::Llm(e),
            ModelError::DoesNotFit(e) => StepError::DoesNotFit(e),
            ModelError::Answer {
                error,
                raw,
                kept,
                piece,
            } => {
                let advice = match provider.and_then(Provider::structured) {
                    Some(mode) if mode != "json_schema" => format!(
                        "run the step again, or try a stronger model or structured = \"json_schema\" in [providers.{}] (now \"{mode}\") if the server supports it",
                        provider.map_or("", |p| p.name())
                    ),
                    _ => "run the step again, or try a stronger model".to_string(),
                };
                StepError::Answer {
                    error,
                    raw,
                    kept,
                    piece: piece.map(String::into_boxed_str),
                    advice: advice.into_boxed_str(),
                }
            }
        }
    }
}

impl From<ModelError> for StepError {
    fn from(e: ModelError) -> Self {
        StepError::from_model(e, None)
    }
}
