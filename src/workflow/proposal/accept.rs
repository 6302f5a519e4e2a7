//! Turning the accepted items of a proposal into one `Edit::Batch`.
//!
//! Order inside the batch: removals, then placements (new tasks and moves, in
//! the proposed plan order, each right after the nearest task before it that
//! is present), then field updates, then dependency changes, then
//! ambiguities. Every edit is tried on a scratch copy of the session as it is
//! built, so the batch is known to apply. A reference to something that will
//! not exist (a new task that was not accepted, a task whose removal was) is
//! dropped with a note; a subset that would close a dependency cycle is
//! refused with the cycle named.
use std::collections::{HashMap, HashSet};

use super::{Proposal, ProposalItem};
use crate::plan::{Dependency, Edit, EditError, Session, Task, TaskId, apply};

/// The accepted part of a proposal, ready to apply as one undo step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// Always an [`Edit::Batch`] (empty when nothing that changes the plan was accepted).
    pub edit: Edit,
    /// What was dropped or adjusted to keep a partial acceptance consistent.
    pub notes: Vec<String>,
    /// The real ids given to the accepted new tasks, in item order.
    pub new_tasks: Vec<TaskId>,
}

impl Accepted {
    pub fn is_empty(&self) -> bool {
        matches!(&self.edit, Edit::Batch(e) if e.is_empty())
    }
}

/// Why accepted items cannot become an edit. The session is untouched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    #[error("got {given} accept/reject choices for a proposal of {items} items; give one per item")]
    WrongLength { given: usize, items: usize },
    #[error("item {item} (`{description}`) no longer fits the plan: {source}; run the step again")]
    Stale {
        item: usize,
        description: String,
        #[source]
        source: EditError,
    },
    #[error(
        "item {item} (`{description}`): {task} was changed after the proposal was made; run the step again so your edit is not overwritten"
    )]
    ChangedSince {
        item: usize,
        description: String,
        task: TaskId,
    },
    #[error("accepting these items without the others makes a dependency cycle ({}); accept or reject the related items together", path(.0))]
    Cycle(Vec<TaskId>),
}

fn path(ids: &[TaskId]) -> String {
    let mut s: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    if let Some(first) = ids.first() {
        s.push(first.to_string());
    }
    s.join(" → ")
}

struct Builder<'a> {
    proposal: &'a Proposal,
    original: &'a Session,
    scratch: Session,
    edits: Vec<Edit>,
    notes: Vec<String>,
    /// Provisional id of every task the proposal adds.
    provisional: HashSet<TaskId>,
    /// Provisional → real, for the accepted ones.
    real: HashMap<TaskId, TaskId>,
    removed: HashSet<TaskId>,
}

pub(super) fn to_edit(
    p: &Proposal,
    session: &Session,
    accepted: &[bool],
) -> Result<Accepted, ProposalError> {
    if accepted.len() != p.items.len() {
        return Err(ProposalError::WrongLength {
            given: accepted.len(),
            items: p.items.len(),
        });
    }
    let chosen: Vec<(usize, &ProposalItem)> = p
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| accepted[*i])
        .collect();
    let mut b = Builder {
        proposal: p,
        original: session,
        scratch: session.clone(),
        edits: Vec::new(),
        notes: Vec::new(),
        provisional: HashSet::new(),
        real: HashMap::new(),
        removed: HashSet::new(),
    };
    let mut next = session.next_task_id().0;
    let mut new_tasks = Vec::new();
    for item in &p.items {
        if let ProposalItem::AddTask { task, .. } = item {
            b.provisional.insert(task.id);
        }
    }
    for (_, item) in &chosen {
        match item {
            ProposalItem::AddTask { task, .. } => {
                b.real.insert(task.id, TaskId(next));
                new_tasks.push(TaskId(next));
                next += 1;
            }
            ProposalItem::RemoveTask { task } => {
                b.removed.insert(task.id);
            }
            _ => {}
        }
    }

    b.removals(&chosen)?;
    b.placements(&chosen)?;
    b.updates(&chosen)?;
    b.dependencies(&chosen)?;
    b.ambiguities(&chosen)?;

    // The analysis engine decides: accepting must not leave a cycle.
    let report = crate::analysis::analyse(&b.scratch);
    if let Some(cycle) = report
        .findings
        .iter()
        .find(|f| f.code == crate::analysis::Code::Cycle)
    {
        return Err(ProposalError::Cycle(
            cycle.tasks.iter().map(|t| t.id).collect(),
        ));
    }
    Ok(Accepted {
        edit: Edit::Batch(b.edits),
        notes: b.notes,
        new_tasks,
    })
}

impl Builder<'_> {
    /// The id `id` will have once the accepted items apply, if it will exist.
    fn resolve(&self, id: TaskId) -> Option<TaskId> {
        if self.provisional.contains(&id) {
            return self.real.get(&id).copied();
        }
        if self.removed.contains(&id) || self.original.task(id).is_none() {
            return None;
        }
        Some(id)
    }

    fn push(&mut self, item: usize, edit: Edit) -> Result<(), ProposalError> {
        match apply(&mut self.scratch, edit.clone()) {
            Ok(_) => {
                self.edits.push(edit);
                Ok(())
            }
            Err(source) => Err(ProposalError::Stale {
                item: item + 1,
                description: self.proposal.items[item].describe(),
                source,
            }),
        }
    }

    /// `task` with its id and dependencies mapped to real ids; dependencies on
    /// tasks that will not exist are dropped with a note.
    fn mapped(&mut self, task: &Task, id: TaskId) -> Task {
        let mut t = task.clone();
        t.id = id;
        t.depends_on = task
            .depends_on
            .iter()
            .filter_map(|d| match self.resolve(d.on) {
                Some(on) => Some(Dependency::new(on, d.kind)),
                None => {
                    let why = if self.provisional.contains(&d.on) {
                        format!("{} of the proposal, which was not accepted", d.on)
                    } else {
                        format!("{}, which is being removed", d.on)
                    };
                    self.notes.push(format!(
                        "'{}' would depend on {why}; that dependency was left out",
                        task.title
                    ));
                    None
                }
            })
            .collect();
        t
    }

    fn removals(&mut self, chosen: &[(usize, &ProposalItem)]) -> Result<(), ProposalError> {
        let updated: HashSet<TaskId> = chosen
            .iter()
            .filter_map(|(_, it)| match it {
                ProposalItem::UpdateTask { after, .. } => Some(after.id),
                _ => None,
            })
            .collect();
        for &(i, item) in chosen {
            let ProposalItem::RemoveTask { task } = item else {
                continue;
            };
            for d in self.scratch.dependents(task.id) {
                if !self.removed.contains(&d) && !updated.contains(&d) {
                    self.notes.push(format!(
                        "{d} no longer depends on {}, which was removed",
                        task.id
                    ));
                }
            }
            self.push(
                i,
                Edit::DeleteTask {
                    id: task.id,
                    drop_references: true,
                },
            )?;
        }
        Ok(())
    }

    fn placements(&mut self, chosen: &[(usize, &ProposalItem)]) -> Result<(), ProposalError> {
        let mut pending: HashMap<TaskId, (usize, &ProposalItem)> = HashMap::new();
        for &(i, item) in chosen {
            match item {
                ProposalItem::AddTask { task, .. } => pending.insert(task.id, (i, item)),
                ProposalItem::MoveTask { task, .. } => pending.insert(*task, (i, item)),
                _ => None,
            };
        }
        let order = self.proposal.order.clone();
        for (k, id) in order.iter().enumerate() {
            let Some((i, item)) = pending.remove(id) else {
                continue;
            };
            let anchor = order[..k]
                .iter()
                .rev()
                .find_map(|a| self.resolve(*a).filter(|r| self.scratch.task(*r).is_some()));
            self.place(i, item, anchor.and_then(|a| self.scratch.position(a)))?;
        }
        // Items the order does not mention (a proposal built by hand): new
        // tasks go last, moves go where the item says.
        let mut rest: Vec<(usize, &ProposalItem)> = pending.into_values().collect();
        rest.sort_by_key(|(i, _)| *i);
        for (i, item) in rest {
            let anchor = match item {
                ProposalItem::MoveTask { to, .. } => to.checked_sub(2),
                _ => self.scratch.tasks.len().checked_sub(1),
            };
            self.place(i, item, anchor)?;
        }
        Ok(())
    }

    /// Put a new or moved task right after position `anchor` (`None`: first).
    fn place(
        &mut self,
        i: usize,
        item: &ProposalItem,
        anchor: Option<usize>,
    ) -> Result<(), ProposalError> {
        let target = anchor.map_or(0, |a| a + 1);
        match item {
            ProposalItem::AddTask { task, .. } => {
                let id = self.real[&task.id];
                let task = self.mapped(task, id);
                self.push(
                    i,
                    Edit::AddTask {
                        index: target,
                        task,
                    },
                )
            }
            ProposalItem::MoveTask { task, .. } => {
                let Some(from) = self.scratch.position(*task) else {
                    return self.push(
                        i,
                        Edit::MoveTask {
                            id: *task,
                            to: target,
                        },
                    );
                };
                let to = if from < target { target - 1 } else { target };
                if from == to {
                    return Ok(());
                }
                self.push(i, Edit::MoveTask { id: *task, to })
            }
            _ => Ok(()),
        }
    }

    fn unchanged_since(
        &self,
        i: usize,
        id: TaskId,
        same: impl Fn(&Task) -> bool,
    ) -> Result<(), ProposalError> {
        match self.original.task(id) {
            Some(t) if same(t) => Ok(()),
            Some(_) => Err(ProposalError::ChangedSince {
                item: i + 1,
                description: self.proposal.items[i].describe(),
                task: id,
            }),
            None => Err(ProposalError::Stale {
                item: i + 1,
                description: self.proposal.items[i].describe(),
                source: EditError::NoSuchTask(id),
            }),
        }
    }

    fn updates(&mut self, chosen: &[(usize, &ProposalItem)]) -> Result<(), ProposalError> {
        for &(i, item) in chosen {
            match item {
                ProposalItem::UpdateTask { before, after } => {
                    self.unchanged_since(i, before.id, |t| t == before)?;
                    if self.removed.contains(&before.id) {
                        self.notes.push(format!(
                            "the change to {} was skipped: its removal was accepted too",
                            before.id
                        ));
                        continue;
                    }
                    let mut task = self.mapped(after, after.id);
                    task.depends_on.retain(|d| d.on != task.id);
                    self.push(i, Edit::UpdateTask { task })?;
                }
                ProposalItem::SetVerification {
                    task,
                    before,
                    after,
                } => {
                    self.unchanged_since(i, *task, |t| &t.verification == before)?;
                    let Some(mut t) = self.scratch.task(*task).cloned() else {
                        self.notes.push(format!(
                            "the verification of {task} was skipped: its removal was accepted too"
                        ));
                        continue;
                    };
                    t.verification = Some(after.clone());
                    self.push(i, Edit::UpdateTask { task: t })?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn dependencies(&mut self, chosen: &[(usize, &ProposalItem)]) -> Result<(), ProposalError> {
        for &(i, item) in chosen {
            let (task, on) = match item {
                ProposalItem::AddDependency { task, dep } => (*task, dep.on),
                ProposalItem::RemoveDependency { task, on }
                | ProposalItem::SetDependencyKind { task, on, .. } => (*task, *on),
                _ => continue,
            };
            let (Some(task), Some(on)) = (self.resolve(task), self.resolve(on)) else {
                self.notes.push(format!(
                    "`{}` was skipped: one of its tasks is not in the plan",
                    item.describe()
                ));
                continue;
            };
            let has = self
                .scratch
                .task(task)
                .is_some_and(|t| t.depends_on_task(on));
            let edit = match item {
                ProposalItem::AddDependency { dep, .. } if !has => Edit::AddDependency {
                    task,
                    dep: Dependency::new(on, dep.kind),
                },
                ProposalItem::RemoveDependency { .. } if has => Edit::RemoveDependency { task, on },
                ProposalItem::SetDependencyKind { to, .. } if has => Edit::SetDependencyKind {
                    task,
                    on,
                    kind: *to,
                },
                _ => continue,
            };
            self.push(i, edit)?;
        }
        Ok(())
    }

    fn ambiguities(&mut self, chosen: &[(usize, &ProposalItem)]) -> Result<(), ProposalError> {
        let mut next = self.original.next_ambiguity_id().0;
        for &(i, item) in chosen {
            let ProposalItem::AddAmbiguity { ambiguity } = item else {
                continue;
            };
            let mut a = ambiguity.clone();
            a.id = crate::plan::AmbiguityId(next);
            next += 1;
            a.affects = ambiguity
                .affects
                .iter()
                .filter_map(|t| self.resolve(*t))
                .collect();
            self.push(i, Edit::AddAmbiguity { ambiguity: a })?;
        }
        Ok(())
    }
}
