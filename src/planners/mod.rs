//! The planners: what answers each step of the workflow. Two peers behind
//! one interface ([`Planner`]): the model-backed planner ([`model`]: the
//! step's prompt sent to a provider, its answer read, checked and asked again
//! once when it cannot be used) and the offline planner ([`offline`]: rules
//! over the documents, no network). Both give a typed [`answer::Answer`];
//! the workflow turns it into a proposal. Planners know nothing of proposals,
//! the UI or the session store: dependencies point from the workflow to the
//! planners to the plan.
pub mod answer;
pub mod model;
pub mod offline;
mod step;

pub use model::{Ask, ModelError};
pub use step::Step;

use crate::llm::Provider;
use crate::plan::Session;
use answer::Answer;

/// Who answers a step.
#[derive(Clone, Copy)]
pub enum Planner<'a> {
    /// The built-in rules.
    Offline,
    /// A configured model.
    Model(&'a Provider),
}

/// A planner's answer, with what was done to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub answer: Answer,
    /// How the answer was read or made, for the user (repairs, rules used).
    pub notes: Vec<String>,
    /// The answer's JSON or fields had to be repaired.
    pub repaired: bool,
    /// Made by the offline planner's rules, not a model.
    pub heuristic: bool,
}

impl Planner<'_> {
    /// The answer to `step` on `session`.
    pub async fn answer(
        &self,
        step: Step,
        session: &Session,
        ask: Ask<'_>,
    ) -> Result<Answered, ModelError> {
        match self {
            Planner::Offline => Ok(offline::answered(step, session)),
            Planner::Model(provider) => model::answer(provider, step, session, ask).await,
        }
    }
}
