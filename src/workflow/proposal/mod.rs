//! A [`Proposal`]: what a model (or the offline planner) suggests, as a diff
//! against the current plan that the user accepts whole, item by item, or not
//! at all. Nothing here changes a session; [`Proposal::to_edit`] turns the
//! accepted items into one [`crate::plan::Edit::Batch`] (one undo step).
//!
//! Ids: tasks and ambiguities a proposal adds carry *provisional* ids, numbered
//! from the session's next free id when the proposal was made
//! ([`Proposal::first_new_task`]), so the diff can say "+ T13". Real ids are
//! handed out when the proposal is accepted, from the session's next free id
//! upward, in item order and only for accepted items; when everything is
//! accepted on an unchanged session the two agree.
//!
//! Findings-only steps (completeness, integration) produce informational items
//! ([`ProposalItem::CoverageGap`], [`ProposalItem::IntegrationConcern`]) that
//! never become edits.
mod accept;
mod contradict;
mod describe;
mod merge;

use serde::{Deserialize, Serialize};

pub use accept::{Accepted, ProposalError};
pub use contradict::{Contradiction, contradictions};
pub use merge::merge_ambiguities;

use super::step::Step;
use crate::plan::{
    Ambiguity, AmbiguityId, DepKind, Dependency, RequirementId, Session, Task, TaskId,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub step: Step,
    pub items: Vec<ProposalItem>,
    /// What the answer said besides its items, and what was done to read it.
    pub notes: Vec<String>,
    /// Made by the offline planner's rules, not by a model.
    pub heuristic: bool,
    /// The answer was not valid as sent and had to be repaired to be read.
    pub repaired: bool,
    /// The first provisional id of an added task (the session's next task id
    /// when the proposal was made).
    pub first_new_task: TaskId,
    /// The first provisional id of an added ambiguity.
    pub first_new_ambiguity: AmbiguityId,
    /// The plan order (existing and provisional ids) the proposal leads to when
    /// every item is accepted; empty when the proposal does not place tasks.
    pub order: Vec<TaskId>,
    /// Items the plan contradicts, with the reason (see [`contradictions`]):
    /// left unticked in the review and out of `run --accept`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradicted: Vec<Contradiction>,
}

/// One change (or, for findings, one observation) the user can accept or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
// Items hold whole tasks; a proposal has tens of them, so boxing saves nothing.
#[allow(clippy::large_enum_variant)]
pub enum ProposalItem {
    /// A new task (with a provisional id), placed after `after` (`None`: first).
    AddTask {
        task: Task,
        after: Option<TaskId>,
    },
    /// An existing task's fields change; `after` keeps the id and status.
    UpdateTask {
        before: Task,
        after: Task,
    },
    /// An existing task goes. Tasks still depending on it lose that dependency.
    RemoveTask {
        task: Task,
    },
    /// An existing task changes place: 1-based positions before and after,
    /// and the task it will follow.
    MoveTask {
        task: TaskId,
        title: String,
        from: usize,
        to: usize,
        after: Option<TaskId>,
    },
    AddDependency {
        task: TaskId,
        dep: Dependency,
    },
    RemoveDependency {
        task: TaskId,
        on: TaskId,
    },
    SetDependencyKind {
        task: TaskId,
        on: TaskId,
        from: DepKind,
        to: DepKind,
    },
    SetVerification {
        task: TaskId,
        before: Option<String>,
        after: String,
    },
    /// A new ambiguity, with a provisional id.
    AddAmbiguity {
        ambiguity: Ambiguity,
    },
    /// Informational: a requirement (or a piece of intent) no task covers.
    CoverageGap {
        requirement: Option<RequirementId>,
        text: String,
    },
    /// Informational: a task that touches the existing system without saying how.
    IntegrationConcern {
        task: Option<TaskId>,
        text: String,
    },
}

impl ProposalItem {
    /// Findings to read; accepting them changes nothing.
    pub fn is_informational(&self) -> bool {
        matches!(
            self,
            ProposalItem::CoverageGap { .. } | ProposalItem::IntegrationConcern { .. }
        )
    }
}

impl Proposal {
    /// An empty proposal for `step`, with provisional ids starting at the
    /// session's next free ids.
    pub fn new(step: Step, session: &Session) -> Self {
        Proposal {
            step,
            items: Vec::new(),
            notes: Vec::new(),
            heuristic: false,
            repaired: false,
            first_new_task: session.next_task_id(),
            first_new_ambiguity: session.next_ambiguity_id(),
            order: Vec::new(),
            contradicted: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many items would change the plan if accepted.
    pub fn change_count(&self) -> usize {
        self.items.iter().filter(|i| !i.is_informational()).count()
    }

    /// One line per item, in order (see [`ProposalItem::describe`]); a
    /// contradicted item ends with why.
    pub fn describe(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.items.iter().map(ProposalItem::describe).collect();
        for c in &self.contradicted {
            if let Some(line) = lines.get_mut(c.item) {
                line.push_str(&format!("  ✗ contradicted: {}", c.reason));
            }
        }
        lines
    }

    /// Why the plan contradicts item `i`, if it does.
    pub fn contradiction(&self, i: usize) -> Option<&str> {
        self.contradicted
            .iter()
            .find(|c| c.item == i)
            .map(|c| c.reason.as_str())
    }

    /// Mark the items `session` contradicts (replacing earlier marks).
    pub fn check_against(&mut self, session: &Session) {
        self.contradicted = contradictions(self, session);
    }

    /// `clean[i]`: item `i` changes the plan and nothing contradicts it.
    pub fn clean(&self) -> Vec<bool> {
        let mut clean: Vec<bool> = self.items.iter().map(|i| !i.is_informational()).collect();
        for c in &self.contradicted {
            if let Some(t) = clean.get_mut(c.item) {
                *t = false;
            }
        }
        clean
    }

    /// The items nothing contradicts as one edit (what `run --accept` applies).
    pub fn accept_clean(&self, session: &Session) -> Result<Accepted, ProposalError> {
        self.to_edit(session, &self.clean())
    }

    /// The accepted items (`accepted[i]` for `items[i]`) as one edit.
    pub fn to_edit(&self, session: &Session, accepted: &[bool]) -> Result<Accepted, ProposalError> {
        accept::to_edit(self, session, accepted)
    }

    /// Every item as one edit.
    pub fn accept_all(&self, session: &Session) -> Result<Accepted, ProposalError> {
        self.to_edit(session, &vec![true; self.items.len()])
    }
}
