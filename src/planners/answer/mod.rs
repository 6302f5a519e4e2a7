//! A planner's answer: the typed answers each step expects ([`types`]), and
//! how a model's text becomes one.
//!
//! 1. Strict: the text is exactly the JSON the step's schema describes.
//! 2. Tolerant: find the JSON in the text ([`extract`]: code fences, prose
//!    around it), repair its syntax ([`repair`]: trailing commas, comments,
//!    single quotes, unquoted keys, Python literals, cut-off text), and read it
//!    into the typed answer forgiving renamed fields, numbers written as text
//!    and other shapes ([`lenient`]). What was done is kept as notes, and the
//!    reading is marked `repaired` when the JSON or its fields had to be fixed.
//! 3. Check it against the session ([`validate`]): unknown task numbers,
//!    self-dependencies, duplicates, empty titles, cycles.
//!
//! Failures say whether a re-ask can help: [`AnswerError::Invalid`] carries
//! the exact errors to send back.
pub mod cycles;
pub mod extract;
pub mod lenient;
pub mod repair;
pub mod types;
pub mod validate;

pub use types::*;
pub use validate::validate;

use super::Step;

/// Why an answer could not become a proposal. The session is never touched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// No JSON could be recovered from the answer.
    #[error("the answer could not be read: {message}")]
    Unparseable { message: String },
    /// JSON was recovered but does not fit the step or the plan; `errors` are
    /// the exact problems, worded for the model.
    #[error("the answer does not fit the plan: {}", .errors.join("; "))]
    Invalid { errors: Vec<String> },
    /// The model declined or said it cannot do the work.
    #[error("the model declined: {message}")]
    Refused { message: String },
}

impl AnswerError {
    /// The problems to list in the re-ask.
    pub fn reask_errors(&self) -> Vec<String> {
        match self {
            AnswerError::Invalid { errors } => errors.clone(),
            AnswerError::Unparseable { message } => {
                vec![format!(
                    "{message}; answer with one JSON object and nothing else"
                )]
            }
            AnswerError::Refused { .. } => {
                vec!["the answer declined the task; this is a planning exercise on the specification given, so please answer with the JSON object".to_string()]
            }
        }
    }
}

/// A typed answer read from text, before it is checked against a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub answer: Answer,
    /// What was done to read it (fences and prose skipped, syntax repaired, fields renamed).
    pub notes: Vec<String>,
    pub repaired: bool,
    /// Parts of the answer that could not be read (items or fields), worded for the re-ask.
    pub errors: Vec<String>,
}

/// Read `raw` as the answer to `step`, strictly if possible and tolerantly otherwise.
pub fn read(step: Step, raw: &str) -> Result<Read, AnswerError> {
    let text = raw.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(AnswerError::Unparseable {
            message: "the answer was empty".to_string(),
        });
    }
    let shape = Shape::of(step);
    if let Some(answer) = Answer::strict(shape, text) {
        return Ok(Read {
            answer,
            notes: Vec::new(),
            repaired: false,
            errors: Vec::new(),
        });
    }
    let Some(found) = extract::find_json(text) else {
        if extract::looks_like_refusal(text) {
            return Err(AnswerError::Refused {
                message: preview(text, 300),
            });
        }
        return Err(AnswerError::Unparseable {
            message: format!(
                "no JSON object was found in it (it begins \"{}\")",
                preview(text, 80)
            ),
        });
    };
    let reading = match lenient::read(shape, &found.value) {
        Ok(r) => r,
        Err(message) => {
            if let Some(m) = extract::json_refusal(&found.value) {
                return Err(AnswerError::Refused { message: m });
            }
            if extract::looks_like_refusal(text) {
                return Err(AnswerError::Refused {
                    message: preview(text, 300),
                });
            }
            return Err(AnswerError::Invalid {
                errors: vec![message],
            });
        }
    };
    let mut notes = Vec::new();
    if let Some(s) = found.surroundings {
        notes.push(s.to_string());
    }
    if !found.fixes.is_empty() {
        let fixes: Vec<&str> = found.fixes.iter().map(|f| f.describe()).collect();
        notes.push(format!("repaired the JSON: {}", fixes.join("; ")));
    }
    let repaired = !found.fixes.is_empty() || !reading.notes.is_empty();
    notes.extend(reading.notes);
    Ok(Read {
        answer: reading.answer,
        notes,
        repaired,
        errors: reading.errors,
    })
}

/// The first `max` characters of `text`, on one line.
fn preview(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = flat.chars().take(max).collect();
    if cut.len() < flat.len() {
        format!("{cut}…")
    } else {
        cut
    }
}
