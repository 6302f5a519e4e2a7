//! The model-backed planner: the step's prompt ([`prompt`]) sent to a
//! provider, the answer read and checked, and — when that fails — asked once
//! more with the exact errors. A second failure keeps the raw answers in a
//! file under the state directory.
pub mod prompt;

use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::answer::{Answer, AnswerError, read, validate};
use super::{Answered, Step};
use crate::llm::{ChatRequest, LlmError, Message, Provider, StreamEvent};
use crate::plan::{Session, Timestamp};
use prompt::{reask, render};

/// Why a model gave no usable answer. The session is unchanged in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModelError {
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

/// Ask `provider` for `step` on `session`.
pub async fn answer(
    provider: &Provider,
    step: Step,
    session: &Session,
    ask: Ask<'_>,
) -> Result<Answered, ModelError> {
    if ask.cancel.is_cancelled() {
        return Err(LlmError::Cancelled.into());
    }
    let parts = render(step, session);
    let mut request = ChatRequest {
        messages: vec![Message::system(parts.system), Message::user(parts.user)],
        schema_name: parts.schema_name.to_string(),
        schema: parts.schema,
        max_tokens: None,
    };
    let first = provider.complete(&request, ask.cancel, ask.emit).await?;
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
    request
        .messages
        .push(Message::assistant(first.text.clone()));
    request
        .messages
        .push(Message::user(reask(&error.reask_errors())));
    let second = provider.complete(&request, ask.cancel, ask.emit).await?;
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
            })
        }
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
