//! Executing a plan, task by task: what to do now ([`next`]), where each
//! task stands and the check on marking one done ([`status`]), a task with
//! everything an implementer needs around it ([`TaskContext`]), the brief
//! for a coding agent ([`brief`]), and their text and JSON forms. Pure
//! functions over a [`Session`]: the command line, the MCP server and the
//! app all use them, and they write through the store.
pub mod brief;
pub mod json;
pub mod next;
pub mod status;
pub mod text;

pub use next::{Blocker, Hold, Idle, Next, next};

use crate::plan::{Constraint, Dependency, Requirement, RequirementId, Session, Task, TaskStatus};

/// How far the plan has got: tasks by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Indexed like [`TaskStatus::ALL`].
    pub by_status: [usize; 7],
    pub total: usize,
}

impl Progress {
    pub fn of(session: &Session) -> Progress {
        let mut p = Progress {
            total: session.tasks.len(),
            ..Progress::default()
        };
        for t in &session.tasks {
            p.by_status[status_index(t.status)] += 1;
        }
        p
    }
    pub fn count(&self, status: TaskStatus) -> usize {
        self.by_status[status_index(status)]
    }
    pub fn done(&self) -> usize {
        self.count(TaskStatus::Done)
    }
    /// `3 of 12 done`, with what else is going on: `3 of 12 done, 1 in
    /// progress, 2 cancelled`.
    pub fn summary(&self) -> String {
        let mut s = format!("{} of {} done", self.done(), self.total);
        for status in TaskStatus::ALL {
            let n = self.count(status);
            if n > 0 && !matches!(status, TaskStatus::Done | TaskStatus::Pending) {
                s.push_str(&format!(", {n} {}", status_words(status)));
            }
        }
        s
    }
}

fn status_index(status: TaskStatus) -> usize {
    TaskStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(0)
}

/// A status in a sentence: `in progress`, `in review`.
pub fn status_words(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Pending => "pending",
        TaskStatus::InProgress => "in progress",
        TaskStatus::Review => "in review",
        TaskStatus::Done => "done",
        TaskStatus::Blocked => "blocked",
        TaskStatus::Deferred => "deferred",
        TaskStatus::Cancelled => "cancelled",
    }
}

/// A task with what surrounds it in the plan: the requirements it covers,
/// the constraints that apply to it, what its dependencies are and
/// produced, and what depends on it.
#[derive(Debug, Clone)]
pub struct TaskContext<'a> {
    /// 0-based plan position.
    pub position: usize,
    pub task: &'a Task,
    /// Each covered id with its requirement (`None`: not in the spec).
    pub requirements: Vec<(&'a RequirementId, Option<&'a Requirement>)>,
    pub constraints: Vec<&'a Constraint>,
    /// Each dependency with its task (`None`: not in the plan).
    pub dependencies: Vec<(Dependency, Option<&'a Task>)>,
    pub dependents: Vec<&'a Task>,
}

impl<'a> TaskContext<'a> {
    /// The task at plan `position`; `None` past the end.
    pub fn new(session: &'a Session, position: usize) -> Option<TaskContext<'a>> {
        let task = session.tasks.get(position)?;
        let requirements = task
            .covers
            .iter()
            .map(|id| (id, session.spec.requirements.iter().find(|r| &r.id == id)))
            .collect();
        let dependencies = task
            .depends_on
            .iter()
            .map(|d| (*d, session.task(d.on)))
            .collect();
        let dependents = session
            .tasks
            .iter()
            .filter(|t| t.depends_on_task(task.id))
            .collect();
        Some(TaskContext {
            position,
            task,
            requirements,
            constraints: constraints_for(session, task),
            dependencies,
            dependents,
        })
    }
}

/// The constraints a task must follow: every constraint of the spec, and
/// every decision on an ambiguity — except decisions on an ambiguity that
/// names the tasks it affects and not this one.
pub fn constraints_for<'a>(session: &'a Session, task: &Task) -> Vec<&'a Constraint> {
    session
        .spec
        .constraints
        .iter()
        .filter(|c| match c.from.and_then(|a| session.ambiguity(a)) {
            Some(a) => a.affects.is_empty() || a.affects.contains(&task.id),
            None => true,
        })
        .collect()
}
