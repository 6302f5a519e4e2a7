//! Every change to a session — by the user or by an accepted proposal — is an
//! [`Edit`] applied by [`apply`]. `apply` returns the edit that undoes it, which
//! is what [`super::History`] keeps.
use super::ambiguity::{Ambiguity, AmbiguityState, Constraint, SpecSource};
use super::ids::{AmbiguityId, ConstraintId, TaskId};
use super::reader;
use super::session::{Counters, PlanVersion, Session, Stage};
use super::task::{DepKind, Dependency, Task, TaskStatus};
use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Insert `task` at 0-based `index` (clamped to the end). Its id must be unused.
    AddTask {
        index: usize,
        task: Task,
    },
    /// Replace the task with the same id (title, description, dependencies,
    /// ...). Its status is kept: status is where the work stands, not what
    /// the plan says, and changes only through [`Edit::SetTaskStatus`], so
    /// undoing a plan edit never takes back a status set since (by the user
    /// or by a coding agent through `planner-tui status` or MCP).
    UpdateTask {
        task: Task,
    },
    /// Set where a task's work stands (pending, in-progress, done, ...).
    SetTaskStatus {
        id: TaskId,
        status: TaskStatus,
    },
    /// Remove a task. Refused while other tasks depend on it, unless
    /// `drop_references` is set, which also removes those dependencies.
    /// Its subtasks stay, without a parent.
    DeleteTask {
        id: TaskId,
        drop_references: bool,
    },
    /// Move a task to 0-based position `to` (clamped to the end).
    MoveTask {
        id: TaskId,
        to: usize,
    },
    /// `task` now depends on `dep.on`. The other task must exist; no
    /// self-dependencies, no duplicates.
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
        kind: DepKind,
    },
    /// Drop every listing of `on` in `task`'s dependencies but the first
    /// (which keeps its place and kind). `on` may be the task itself or a
    /// missing task: this only removes repetition.
    KeepFirstDependency {
        task: TaskId,
        on: TaskId,
    },
    /// Add an ambiguity; its id must be unused.
    AddAmbiguity {
        ambiguity: Ambiguity,
    },
    /// Replace the ambiguity with the same id.
    UpdateAmbiguity {
        ambiguity: Ambiguity,
    },
    RemoveAmbiguity {
        id: AmbiguityId,
    },
    /// Record a decision; the decision becomes a constraint linked to the ambiguity.
    ResolveAmbiguity {
        id: AmbiguityId,
        decision: String,
    },
    /// Put off deciding, with a reason.
    DeferAmbiguity {
        id: AmbiguityId,
        reason: String,
    },
    /// Mark as not a real problem.
    DismissAmbiguity {
        id: AmbiguityId,
        note: String,
    },
    /// Back to open; a constraint made from its decision is removed.
    ReopenAmbiguity {
        id: AmbiguityId,
    },
    /// Add a constraint; its id must be unused.
    AddConstraint {
        constraint: Constraint,
    },
    UpdateConstraint {
        constraint: Constraint,
    },
    RemoveConstraint {
        id: ConstraintId,
    },
    SetStage {
        stage: Stage,
    },
    SetTitle {
        title: String,
    },
    /// Replace the spec text; requirements are extracted again, keeping the
    /// ids of those whose text did not change.
    SetSpecText {
        text: String,
    },
    SetContext {
        text: String,
    },
    /// Snapshot the plan as the next numbered version.
    LockVersion {
        note: String,
        at: Timestamp,
    },
    /// Several edits as one: all apply or none do, and one undo reverts them.
    Batch(Vec<Edit>),

    // The variants below exist so that every edit has an exact inverse.
    #[doc(hidden)]
    InsertAmbiguity {
        index: usize,
        ambiguity: Ambiguity,
    },
    #[doc(hidden)]
    InsertConstraint {
        index: usize,
        constraint: Constraint,
    },
    #[doc(hidden)]
    RestoreSpec {
        spec: Box<super::Spec>,
        counters: Counters,
    },
    #[doc(hidden)]
    RemoveLastVersion,
    #[doc(hidden)]
    RestoreVersion {
        version: Box<PlanVersion>,
    },
    #[doc(hidden)]
    SetCounters {
        counters: Counters,
    },
}

/// Why an edit was refused. The session is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no task {0}")]
    NoSuchTask(TaskId),
    #[error("task id {0} is already in use")]
    TaskIdTaken(TaskId),
    #[error("{id} cannot be deleted: {} depend on it", list(.dependents))]
    HasDependents { id: TaskId, dependents: Vec<TaskId> },
    #[error("{0} cannot depend on itself")]
    SelfDependency(TaskId),
    #[error("{task} already depends on {on}")]
    DuplicateDependency { task: TaskId, on: TaskId },
    #[error("{task} does not depend on {on}")]
    NoSuchDependency { task: TaskId, on: TaskId },
    #[error("there is no ambiguity {0}")]
    NoSuchAmbiguity(AmbiguityId),
    #[error("ambiguity id {0} is already in use")]
    AmbiguityIdTaken(AmbiguityId),
    #[error("there is no constraint {0}")]
    NoSuchConstraint(ConstraintId),
    #[error("constraint id {0} is already in use")]
    ConstraintIdTaken(ConstraintId),
    #[error("there is no locked version to remove")]
    NoVersion,
}

fn list(ids: &[TaskId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Apply one edit. On success returns the edit that undoes it; on failure the
/// session is exactly as it was.
pub fn apply(s: &mut Session, edit: Edit) -> Result<Edit, EditError> {
    use Edit::*;
    Ok(match edit {
        AddTask { index, task } => {
            if s.task(task.id).is_some() {
                return Err(EditError::TaskIdTaken(task.id));
            }
            let old = s.counters;
            let id = task.id;
            s.counters.next_task = s.counters.next_task.max(id.0.saturating_add(1));
            let index = index.min(s.tasks.len());
            s.tasks.insert(index, task);
            Batch(vec![
                DeleteTask {
                    id,
                    drop_references: false,
                },
                SetCounters { counters: old },
            ])
        }
        UpdateTask { mut task } => {
            let i = task_index(s, task.id)?;
            task.status = s.tasks[i].status;
            UpdateTask {
                task: std::mem::replace(&mut s.tasks[i], task),
            }
        }
        SetTaskStatus { id, status } => {
            let i = task_index(s, id)?;
            SetTaskStatus {
                id,
                status: std::mem::replace(&mut s.tasks[i].status, status),
            }
        }
        DeleteTask {
            id,
            drop_references,
        } => {
            let index = task_index(s, id)?;
            let dependents = s.dependents(id);
            if !dependents.is_empty() && !drop_references {
                return Err(EditError::HasDependents { id, dependents });
            }
            let mut undo = Vec::new();
            for t in s.tasks.iter_mut().filter(|t| t.depends_on_task(id)) {
                undo.push(UpdateTask { task: t.clone() });
                t.depends_on.retain(|d| d.on != id);
            }
            // Its subtasks stay, as tasks of their own.
            for t in s.tasks.iter_mut().filter(|t| t.parent == Some(id)) {
                // A dependent's copy above already has its parent.
                if !dependents.contains(&t.id) {
                    undo.push(UpdateTask { task: t.clone() });
                }
                t.parent = None;
            }
            for a in s.ambiguities.iter_mut().filter(|a| a.affects.contains(&id)) {
                undo.push(UpdateAmbiguity {
                    ambiguity: a.clone(),
                });
                a.affects.retain(|t| *t != id);
            }
            let task = s.tasks.remove(index);
            undo.insert(0, AddTask { index, task });
            Batch(undo)
        }
        MoveTask { id, to } => {
            let from = task_index(s, id)?;
            let task = s.tasks.remove(from);
            let to = to.min(s.tasks.len());
            s.tasks.insert(to, task);
            MoveTask { id, to: from }
        }
        AddDependency { task, dep } => {
            let i = task_index(s, task)?;
            if dep.on == task {
                return Err(EditError::SelfDependency(task));
            }
            task_index(s, dep.on)?;
            if s.tasks[i].depends_on_task(dep.on) {
                return Err(EditError::DuplicateDependency { task, on: dep.on });
            }
            let old = s.tasks[i].clone();
            s.tasks[i].depends_on.push(dep);
            UpdateTask { task: old }
        }
        RemoveDependency { task, on } => {
            let i = task_index(s, task)?;
            if !s.tasks[i].depends_on_task(on) {
                return Err(EditError::NoSuchDependency { task, on });
            }
            let old = s.tasks[i].clone();
            s.tasks[i].depends_on.retain(|d| d.on != on);
            UpdateTask { task: old }
        }
        KeepFirstDependency { task, on } => {
            let i = task_index(s, task)?;
            if !s.tasks[i].depends_on_task(on) {
                return Err(EditError::NoSuchDependency { task, on });
            }
            let old = s.tasks[i].clone();
            let mut first = true;
            s.tasks[i].depends_on.retain(|d| {
                let keep = d.on != on || first;
                first &= d.on != on;
                keep
            });
            UpdateTask { task: old }
        }
        SetDependencyKind { task, on, kind } => {
            let i = task_index(s, task)?;
            let old = s.tasks[i].clone();
            let mut found = false;
            for d in s.tasks[i].depends_on.iter_mut().filter(|d| d.on == on) {
                d.kind = kind;
                // Choosing a kind states the dependency.
                d.inferred = false;
                found = true;
            }
            if !found {
                return Err(EditError::NoSuchDependency { task, on });
            }
            UpdateTask { task: old }
        }
        AddAmbiguity { ambiguity } => {
            let index = s.ambiguities.len();
            insert_ambiguity(s, index, ambiguity)?
        }
        InsertAmbiguity { index, ambiguity } => insert_ambiguity(s, index, ambiguity)?,
        UpdateAmbiguity { ambiguity } => {
            let i = ambiguity_index(s, ambiguity.id)?;
            UpdateAmbiguity {
                ambiguity: std::mem::replace(&mut s.ambiguities[i], ambiguity),
            }
        }
        RemoveAmbiguity { id } => {
            let index = ambiguity_index(s, id)?;
            let ambiguity = s.ambiguities.remove(index);
            InsertAmbiguity { index, ambiguity }
        }
        ResolveAmbiguity { id, decision } => {
            let i = ambiguity_index(s, id)?;
            let old = s.ambiguities[i].clone();
            let mut undo = vec![UpdateAmbiguity { ambiguity: old }];
            if let Some(c) = s.spec.constraints.iter_mut().find(|c| c.from == Some(id)) {
                undo.push(UpdateConstraint {
                    constraint: c.clone(),
                });
                c.text = decision.clone();
            } else {
                undo.push(SetCounters {
                    counters: s.counters,
                });
                let c = Constraint::new(s.next_constraint_id(), decision.clone(), Some(id));
                undo.push(RemoveConstraint { id: c.id });
                s.counters.next_constraint += 1;
                s.spec.constraints.push(c);
            }
            s.ambiguities[i].state = AmbiguityState::Resolved { decision };
            undo.reverse();
            Batch(undo)
        }
        DeferAmbiguity { id, reason } => {
            set_state_dropping_constraint(s, id, AmbiguityState::Deferred { reason })?
        }
        DismissAmbiguity { id, note } => {
            set_state_dropping_constraint(s, id, AmbiguityState::NotAnIssue { note })?
        }
        ReopenAmbiguity { id } => set_state_dropping_constraint(s, id, AmbiguityState::Open)?,
        AddConstraint { constraint } => {
            let index = s.spec.constraints.len();
            insert_constraint(s, index, constraint)?
        }
        InsertConstraint { index, constraint } => insert_constraint(s, index, constraint)?,
        UpdateConstraint { constraint } => {
            let i = constraint_index(s, constraint.id)?;
            UpdateConstraint {
                constraint: std::mem::replace(&mut s.spec.constraints[i], constraint),
            }
        }
        RemoveConstraint { id } => {
            let index = constraint_index(s, id)?;
            let constraint = s.spec.constraints.remove(index);
            InsertConstraint { index, constraint }
        }
        SetStage { stage } => SetStage {
            stage: std::mem::replace(&mut s.stage, stage),
        },
        SetTitle { title } => SetTitle {
            title: std::mem::replace(&mut s.title, title),
        },
        SetSpecText { text } => {
            let undo = RestoreSpec {
                spec: Box::new(s.spec.clone()),
                counters: s.counters,
            };
            s.spec.text = text;
            reread_spec(s);
            undo
        }
        SetContext { text } => SetContext {
            text: std::mem::replace(&mut s.spec.context, text),
        },
        RestoreSpec { spec, counters } => {
            let undo = RestoreSpec {
                spec: Box::new(s.spec.clone()),
                counters: s.counters,
            };
            s.spec = *spec;
            s.counters = counters;
            undo
        }
        LockVersion { note, at } => {
            let number = s.versions.last().map_or(1, |v| v.number + 1);
            s.versions.push(PlanVersion {
                number,
                locked_at: at,
                note,
                tasks: s.tasks.clone(),
                constraints: s.spec.constraints.clone(),
            });
            RemoveLastVersion
        }
        RemoveLastVersion => RestoreVersion {
            version: Box::new(s.versions.pop().ok_or(EditError::NoVersion)?),
        },
        RestoreVersion { version } => {
            s.versions.push(*version);
            RemoveLastVersion
        }
        SetCounters { counters } => SetCounters {
            counters: std::mem::replace(&mut s.counters, counters),
        },
        Batch(edits) => {
            let mut undo = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(s, e) {
                    Ok(inv) => undo.push(inv),
                    Err(err) => {
                        for inv in undo.into_iter().rev() {
                            // Inverses of edits that just succeeded always apply.
                            let _ = apply(s, inv);
                        }
                        return Err(err);
                    }
                }
            }
            undo.reverse();
            Batch(undo)
        }
    })
}

fn task_index(s: &Session, id: TaskId) -> Result<usize, EditError> {
    s.position(id).ok_or(EditError::NoSuchTask(id))
}

fn ambiguity_index(s: &Session, id: AmbiguityId) -> Result<usize, EditError> {
    s.ambiguities
        .iter()
        .position(|a| a.id == id)
        .ok_or(EditError::NoSuchAmbiguity(id))
}

fn constraint_index(s: &Session, id: ConstraintId) -> Result<usize, EditError> {
    s.spec
        .constraints
        .iter()
        .position(|c| c.id == id)
        .ok_or(EditError::NoSuchConstraint(id))
}

fn insert_ambiguity(
    s: &mut Session,
    index: usize,
    ambiguity: Ambiguity,
) -> Result<Edit, EditError> {
    if s.ambiguity(ambiguity.id).is_some() {
        return Err(EditError::AmbiguityIdTaken(ambiguity.id));
    }
    let old = s.counters;
    let id = ambiguity.id;
    s.counters.next_ambiguity = s.counters.next_ambiguity.max(id.0.saturating_add(1));
    s.ambiguities
        .insert(index.min(s.ambiguities.len()), ambiguity);
    Ok(Edit::Batch(vec![
        Edit::RemoveAmbiguity { id },
        Edit::SetCounters { counters: old },
    ]))
}

fn insert_constraint(
    s: &mut Session,
    index: usize,
    constraint: Constraint,
) -> Result<Edit, EditError> {
    if s.spec.constraints.iter().any(|c| c.id == constraint.id) {
        return Err(EditError::ConstraintIdTaken(constraint.id));
    }
    let old = s.counters;
    let id = constraint.id;
    s.counters.next_constraint = s.counters.next_constraint.max(id.0.saturating_add(1));
    s.spec
        .constraints
        .insert(index.min(s.spec.constraints.len()), constraint);
    Ok(Edit::Batch(vec![
        Edit::RemoveConstraint { id },
        Edit::SetCounters { counters: old },
    ]))
}

/// Defer, dismiss or reopen: the decision (if any) no longer holds, so the
/// constraint made from it goes.
fn set_state_dropping_constraint(
    s: &mut Session,
    id: AmbiguityId,
    state: AmbiguityState,
) -> Result<Edit, EditError> {
    let i = ambiguity_index(s, id)?;
    let mut undo = vec![Edit::UpdateAmbiguity {
        ambiguity: s.ambiguities[i].clone(),
    }];
    if let Some(ci) = s.spec.constraints.iter().position(|c| c.from == Some(id)) {
        let constraint = s.spec.constraints.remove(ci);
        undo.push(Edit::InsertConstraint {
            index: ci,
            constraint,
        });
    }
    s.ambiguities[i].state = state;
    Ok(Edit::Batch(undo))
}

/// Read the spec text again into every list the reader fills, keeping ids
/// where the reader can; the spec's own constraints are replaced, keeping
/// the id of each whose text is unchanged.
pub fn reread_spec(s: &mut Session) {
    let r = reader::read(
        &s.spec.text,
        &s.spec.requirements,
        s.counters.next_requirement,
    );
    s.spec.requirements = r.requirements;
    s.counters.next_requirement = r.next_requirement;
    s.spec.exclusions = r.exclusions;
    s.spec.assumptions = r.assumptions;
    s.spec.questions = r.questions;
    s.spec.edge_cases = r.edge_cases;
    s.spec.entities = r.entities;
    let (mut old_spec, kept): (Vec<Constraint>, Vec<Constraint>) =
        std::mem::take(&mut s.spec.constraints)
            .into_iter()
            .partition(|c| c.spec.is_some());
    let mut spec_constraints = Vec::with_capacity(r.constraints.len());
    for item in r.constraints {
        let reused = old_spec
            .iter()
            .position(|c| reader::normalise(&c.text) == reader::normalise(&item.text))
            .map(|k| old_spec.remove(k).id);
        let id = reused.unwrap_or_else(|| {
            let id = ConstraintId(s.counters.next_constraint);
            s.counters.next_constraint = s.counters.next_constraint.saturating_add(1);
            id
        });
        spec_constraints.push(Constraint {
            id,
            text: item.text,
            from: None,
            spec: Some(SpecSource {
                line: item.line,
                label: item.label,
            }),
        });
    }
    // The spec's own rules come first, then the decisions'.
    spec_constraints.extend(kept);
    s.spec.constraints = spec_constraints;
}
