//! From a planner's answer to a validated [`Proposal`]: the answer is read
//! (`crate::planners::answer`), checked against the session, mapped from task
//! numbers to ids and diffed against the plan ([`map`]), and the result must
//! apply to the plan as it is.
pub mod map;

pub use crate::planners::answer::*;
pub use map::to_proposal;

use super::proposal::Proposal;
use crate::plan::Session;
use crate::planners::Step;

/// Read, validate and map an answer: the whole way from text to proposal.
pub fn parse(step: Step, raw: &str, session: &Session) -> Result<Proposal, AnswerError> {
    let read = read(step, raw)?;
    let mut errors = read.errors;
    for e in validate(&read.answer, session) {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(AnswerError::Invalid { errors });
    }
    let mut p = to_proposal(step, &read.answer, session);
    // What validation cannot see (dependencies kept from the plan for tasks
    // matched by title) must still never yield a proposal that cannot apply.
    if let Err(e) = p.accept_all(session) {
        return Err(AnswerError::Invalid {
            errors: vec![format!(
                "the answer, applied to the plan, does not fit: {e}; give depends_on for every task"
            )],
        });
    }
    p.repaired = read.repaired;
    let answer_notes = std::mem::take(&mut p.notes);
    p.notes = read.notes;
    p.notes.extend(answer_notes);
    Ok(p)
}
