//! Running one step end to end: the offline planner, or a model asked with
//! the step's prompt, its answer parsed and validated, and — when that fails —
//! asked once more with the exact errors. A second failure keeps the raw
//! answer in a file under the state directory and leaves the session as it was.
use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::answer::{AnswerError, parse};
use super::prompt::{reask, render};
use super::proposal::Proposal;
use super::step::Step;
use crate::llm::{self, ChatRequest, LlmError, Message, Provider, StreamEvent};
use crate::plan::{Session, Timestamp};

/// Why a step produced no proposal. The session is unchanged in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StepError {
    #[error("{0}")]
    Llm(#[from] LlmError),
    /// The model answered twice and neither answer could be used.
    #[error("the model's answer could not be used: {error}")]
    Answer {
        error: AnswerError,
        /// The last answer as the model sent it.
        raw: String,
        /// Where both answers were kept, if they could be written.
        kept: Option<PathBuf>,
    },
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
            StepError::Answer { kept: Some(p), .. } => vec![
                format!("the raw answers are kept in {}", p.display()),
                "run the step again, or try a stronger model or `structured = \"json_schema\"` in the provider's config".into(),
            ],
            StepError::Answer { kept: None, .. } => {
                vec!["run the step again, or try a stronger model".into()]
            }
            StepError::Llm(LlmError::Cancelled) => vec!["the plan is unchanged".into()],
            StepError::Llm(_) => Vec::new(),
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
        return Ok(llm::offline::answer(step, session));
    };
    let parts = render(step, session);
    let mut request = ChatRequest {
        messages: vec![Message::system(parts.system), Message::user(parts.user)],
        schema_name: parts.schema_name.to_string(),
        schema: parts.schema,
        max_tokens: None,
    };
    let first = provider.complete(&request, cancel, emit).await?;
    tracing::debug!(
        step = step.key(),
        chars = first.text.len(),
        "first answer received"
    );
    let error = match parse(step, &first.text, session) {
        Ok(p) => return Ok(with_detectors(p, session)),
        Err(e) => e,
    };
    tracing::info!(step = step.key(), %error, "answer unusable; asking again");
    request
        .messages
        .push(Message::assistant(first.text.clone()));
    request
        .messages
        .push(Message::user(reask(&error.reask_errors())));
    let second = provider.complete(&request, cancel, emit).await?;
    match parse(step, &second.text, session) {
        Ok(mut p) => {
            p.notes.insert(
                0,
                format!("the first answer was not usable ({error}); this is the second"),
            );
            Ok(with_detectors(p, session))
        }
        Err(error) => {
            let kept = keep_raw(state_dir, session, step, &[&first.text, &second.text]);
            Err(StepError::Answer {
                error,
                raw: second.text,
                kept,
            })
        }
    }
}

/// A model's ambiguity list gets the built-in detectors' findings too, with
/// duplicates folded, so nothing the rules can see is left to the model's
/// attention. Other steps' proposals pass through.
fn with_detectors(mut proposal: Proposal, session: &Session) -> Proposal {
    if proposal.step == Step::Ambiguities {
        let detected = llm::offline::answer(Step::Ambiguities, session);
        crate::workflow::proposal::merge_ambiguities(&mut proposal, &detected, session);
    }
    proposal
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
