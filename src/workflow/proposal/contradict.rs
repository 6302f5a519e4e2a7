//! Exact checks on a proposal before it is offered. A model's answer can
//! read well and still say something the plan proves wrong: a requirement
//! "uncovered" that a task covers, a typed dependency turned into `other`, a
//! dependency dropped that the tasks' own text calls for, a task that
//! produces nothing. Such items are marked with the reason; the review
//! leaves them unticked and `run --accept` leaves them out, so a
//! contradicted item can never make a plan look better than it is.
//!
//! Linear in the plan and the proposal: one pass to index covers and the
//! dependencies the text implies, then one look per item.
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Proposal, ProposalItem};
use crate::analysis::{produces_nothing, vague_verification};
use crate::plan::{DepKind, RequirementId, Session, Task, TaskId};
use crate::planners::offline::deps;

/// An item the plan contradicts, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contradiction {
    /// Index into [`Proposal::items`].
    pub item: usize,
    pub reason: String,
}

/// The items of `proposal` that `session` contradicts, in item order.
pub fn contradictions(proposal: &Proposal, session: &Session) -> Vec<Contradiction> {
    let plan = PlanFacts::of(session, proposal);
    let mut out = Vec::new();
    for (i, item) in proposal.items.iter().enumerate() {
        if let Some(reason) = plan.contradiction(item) {
            out.push(Contradiction { item: i, reason });
        }
    }
    out
}

/// What the checks need to know about the plan, indexed once.
struct PlanFacts<'a> {
    /// The spec's requirement ids.
    known: HashSet<&'a str>,
    /// Requirements a task added by the proposal covers (and produces something).
    added: HashSet<&'a str>,
    /// Requirement id → the tasks that cover it and produce something.
    covered_by: HashMap<&'a str, Vec<TaskId>>,
    /// (task, on) → the kind the tasks' own text implies.
    implied: HashMap<(TaskId, TaskId), DepKind>,
}

impl<'a> PlanFacts<'a> {
    fn of(session: &'a Session, proposal: &'a Proposal) -> PlanFacts<'a> {
        let mut covered_by: HashMap<&str, Vec<TaskId>> = HashMap::new();
        for t in &session.tasks {
            if produces_nothing(t) || t.draft {
                continue;
            }
            for r in &t.covers {
                let tasks = covered_by.entry(r.as_str()).or_default();
                if tasks.last() != Some(&t.id) {
                    tasks.push(t.id);
                }
            }
        }
        // What the text implies, not what the plan states.
        let mut implied = HashMap::new();
        for (t, ds) in session.tasks.iter().zip(deps::implied(&session.tasks)) {
            for d in ds {
                implied.insert((t.id, d.on), d.kind);
            }
        }
        let added = proposal
            .items
            .iter()
            .filter_map(|i| match i {
                ProposalItem::AddTask { task, .. } if !produces_nothing(task) => Some(task),
                _ => None,
            })
            .flat_map(|t| t.covers.iter().map(|r| r.as_str()))
            .collect();
        let known = session
            .spec
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        PlanFacts {
            known,
            added,
            covered_by,
            implied,
        }
    }

    fn contradiction(&self, item: &ProposalItem) -> Option<String> {
        match item {
            ProposalItem::CoverageGap {
                requirement: Some(r),
                ..
            } => {
                let tasks = self.covered_by.get(r.as_str())?;
                Some(format!(
                    "{r} is covered: {} cover{} it and produce{} something",
                    ids(tasks),
                    if tasks.len() == 1 { "s" } else { "" },
                    if tasks.len() == 1 { "s" } else { "" },
                ))
            }
            ProposalItem::SetDependencyKind { task, on, from, to } => {
                if let Some(&kind) = self.implied.get(&(*task, *on))
                    && kind != DepKind::Other
                    && kind != *to
                {
                    return Some(format!(
                        "{task} uses what {on} produces as {kind}: the tasks' text says so, not {to}"
                    ));
                }
                if *from != DepKind::Other && *to == DepKind::Other {
                    return Some(format!(
                        "turns a typed dependency ({from}) into `other`, which says less about why {task} needs {on}"
                    ));
                }
                None
            }
            ProposalItem::RemoveDependency { task, on } => {
                let kind = self.implied.get(&(*task, *on))?;
                Some(format!(
                    "{task} uses what {on} produces ({kind}): the tasks' text calls for this dependency"
                ))
            }
            ProposalItem::AddTask { task, .. } => self.task_problem(task, None),
            ProposalItem::UpdateTask { before, after } => self.task_problem(after, Some(before)),
            ProposalItem::RemoveTask { task } => {
                let lost = self.left_uncovered(task, &[]);
                (!lost.is_empty()).then(|| {
                    format!(
                        "{} would be left uncovered: only {} covers {}",
                        lost.join(", "),
                        task.id,
                        if lost.len() == 1 { "it" } else { "them" }
                    )
                })
            }
            ProposalItem::SetVerification { after, .. } => {
                vague_verification(after).map(|why| format!("the verification is vague: {why}"))
            }
            _ => None,
        }
    }

    /// A task a proposal adds or changes that produces nothing (drafts
    /// excepted: they are to be broken down), has a vague verification, or
    /// drops the only cover of a requirement.
    fn task_problem(&self, task: &Task, before: Option<&Task>) -> Option<String> {
        if !task.draft && produces_nothing(task) && before.is_none_or(|b| !produces_nothing(b)) {
            return Some(format!("{} would produce nothing", task.id));
        }
        if let Some(v) = task
            .verification
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            && before.and_then(|b| b.verification.as_deref()) != Some(v)
            && let Some(why) = vague_verification(v)
        {
            return Some(format!("the verification of {} is vague: {why}", task.id));
        }
        let before = before?;
        let lost = self.left_uncovered(before, &task.covers);
        (!lost.is_empty()).then(|| {
            format!(
                "{} would be left uncovered: {} no longer covers {}",
                lost.join(", "),
                task.id,
                if lost.len() == 1 { "it" } else { "them" }
            )
        })
    }

    /// The requirements `task` covers (and `keeps` does not) that no other
    /// task of the plan, nor a task the proposal adds, covers.
    fn left_uncovered(&self, task: &Task, keeps: &[RequirementId]) -> Vec<String> {
        let mut lost: Vec<String> = Vec::new();
        for r in &task.covers {
            let r = r.as_str();
            if keeps.iter().any(|k| k.as_str() == r)
                || !self.known.contains(r)
                || self.added.contains(r)
            {
                continue;
            }
            let others = self
                .covered_by
                .get(r)
                .is_some_and(|ts| ts.iter().any(|t| *t != task.id));
            let was_covered = self
                .covered_by
                .get(r)
                .is_some_and(|ts| ts.contains(&task.id));
            if was_covered && !others && !lost.iter().any(|l| l == r) {
                lost.push(r.to_string());
            }
        }
        lost
    }
}

fn ids(tasks: &[TaskId]) -> String {
    tasks
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
