//! The workflow's model-backed steps: what each asks ([`prompt`]), how an
//! answer becomes a validated [`Proposal`] ([`answer`]), and how accepted
//! proposal items become one undoable edit ([`proposal`]).
pub mod answer;
pub mod cycles;
pub mod prompt;
pub mod proposal;
pub mod run;
pub mod step;

pub use answer::{AnswerError, parse};
pub use prompt::{PromptParts, reask, render};
pub use proposal::{Accepted, Proposal, ProposalError, ProposalItem};
pub use step::Step;
