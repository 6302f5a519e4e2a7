//! The workflow: what each stage asks a planner ([`run`]), how a planner's
//! answer becomes a validated [`Proposal`] ([`answer`]), and how accepted
//! proposal items become one undoable edit ([`proposal`]).
pub mod answer;
pub mod proposal;
pub mod run;

pub use crate::planners::Step;
pub use crate::planners::model::prompt::{self, PromptParts, reask, render};
pub use answer::{AnswerError, parse};
pub use proposal::{Accepted, Proposal, ProposalError, ProposalItem};

/// The steps, as the workflow names them.
pub mod step {
    pub use crate::planners::Step;
}
