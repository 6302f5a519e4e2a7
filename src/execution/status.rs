//! Changing where tasks stand: reading the ids and the status a user or an
//! agent typed, and the one check a status change gets — marking a task
//! done while something it depends on is not done (the caller asks, or
//! needs to be told to force it). Pure; the writers are `planner-tui
//! status`, the MCP server's `set_status` and the app's status key.
use crate::plan::{Edit, Session, TaskId, TaskStatus};

/// Why a status change cannot be made as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("{0}")]
    BadId(String),
    #[error("the plan has no task {}{}", list(.missing), what_it_has(.known))]
    NoSuchTask {
        missing: Vec<TaskId>,
        /// The plan's first and last ids, to say what it does have.
        known: Option<(TaskId, TaskId, usize)>,
    },
    #[error("{0}")]
    BadStatus(String),
    #[error("name at least one task, like T3")]
    NoTasks,
}

fn list(ids: &[TaskId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn what_it_has(k: &Option<(TaskId, TaskId, usize)>) -> String {
    match k {
        None => " (it has no tasks yet)".to_string(),
        Some((first, last, n)) => format!(
            " (it has {n} task{}, {first} … {last} in plan order; `planner-tui show` lists them)",
            if *n == 1 { "" } else { "s" }
        ),
    }
}

/// A task id as typed: `T3`, `t3`, or a bare `3`.
pub fn parse_task_id(text: &str) -> Result<TaskId, StatusError> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<u32>().map(TaskId).map_err(|_| {
            StatusError::BadId(format!("`{}` is not a task id (like T3)", one(text)))
        });
    }
    t.parse::<TaskId>()
        .map_err(|e| StatusError::BadId(one(&e.to_string())))
}

/// A status as typed; Taskmaster's spellings are accepted too.
pub fn parse_status(text: &str) -> Result<TaskStatus, StatusError> {
    text.parse::<TaskStatus>()
        .map_err(|e| StatusError::BadStatus(one(&e)))
}

fn one(s: &str) -> String {
    crate::sanitize::one_line(s)
}

/// Task ids as typed, for `session`. In an imported plan the ids its file
/// gave (`6.1`, `5`, `T005b`) name the task they named there, so a
/// Taskmaster or Spec Kit user can keep using them; otherwise `T3`, `t3`
/// or a bare `3` as [`parse_task_id`] reads them.
pub fn resolve_task_ids<S: AsRef<str>>(
    session: &Session,
    texts: &[S],
) -> Result<Vec<TaskId>, StatusError> {
    let mut by_source: std::collections::HashMap<&str, TaskId> = std::collections::HashMap::new();
    for t in &session.tasks {
        if let Some(s) = t.source_id.as_deref() {
            by_source.entry(s.trim()).or_insert(t.id);
        }
    }
    texts
        .iter()
        .map(|text| {
            let t = text.as_ref().trim();
            match by_source.get(t) {
                Some(id) => Ok(*id),
                None => parse_task_id(t).map_err(|e| match e {
                    StatusError::BadId(m) if !by_source.is_empty() => StatusError::BadId(format!(
                        "{m}; nor is it an id the imported file gave a task (like {})",
                        one(by_source.keys().min().copied().unwrap_or("1"))
                    )),
                    e => e,
                }),
            }
        })
        .collect()
}

/// Check that every id names a task of `session`; duplicates are dropped,
/// the order kept.
pub fn existing(session: &Session, ids: &[TaskId]) -> Result<Vec<TaskId>, StatusError> {
    if ids.is_empty() {
        return Err(StatusError::NoTasks);
    }
    let mut out: Vec<TaskId> = Vec::with_capacity(ids.len());
    let mut missing = Vec::new();
    for &id in ids {
        if session.task(id).is_none() {
            if !missing.contains(&id) {
                missing.push(id);
            }
        } else if !out.contains(&id) {
            out.push(id);
        }
    }
    if !missing.is_empty() {
        let known = match (session.tasks.first(), session.tasks.last()) {
            (Some(f), Some(l)) => Some((f.id, l.id, session.tasks.len())),
            _ => None,
        };
        return Err(StatusError::NoSuchTask { missing, known });
    }
    Ok(out)
}

/// A task about to be marked done while some of its dependencies are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDoneYet {
    pub task: TaskId,
    /// Each dependency that is not done, with its status (`None`: no task
    /// in the plan has that id).
    pub dependencies: Vec<(TaskId, Option<TaskStatus>)>,
}

/// For a change of `ids` to `status`: the tasks whose dependencies are not
/// all done. Only marking done is checked; tasks marked done by the same
/// change count as done.
pub fn unfinished_dependencies(
    session: &Session,
    ids: &[TaskId],
    status: TaskStatus,
) -> Vec<NotDoneYet> {
    if status != TaskStatus::Done {
        return Vec::new();
    }
    let state = |id: TaskId| {
        if ids.contains(&id) {
            Some(TaskStatus::Done)
        } else {
            session.task(id).map(|t| t.status)
        }
    };
    ids.iter()
        .filter_map(|&id| {
            let task = session.task(id)?;
            let dependencies: Vec<(TaskId, Option<TaskStatus>)> = task
                .depends_on
                .iter()
                .map(|d| (d.on, state(d.on)))
                .filter(|(_, s)| *s != Some(TaskStatus::Done))
                .collect();
            (!dependencies.is_empty()).then_some(NotDoneYet {
                task: id,
                dependencies,
            })
        })
        .collect()
}

/// One line per task for a question or an error: `T4 depends on T2
/// (pending) and T9 (not in the plan)`.
pub fn describe_unfinished(list: &[NotDoneYet]) -> Vec<String> {
    list.iter()
        .map(|n| {
            let deps: Vec<String> = n
                .dependencies
                .iter()
                .map(|(id, s)| match s {
                    Some(s) => format!("{id} ({})", s.as_str()),
                    None => format!("{id} (not in the plan)"),
                })
                .collect();
            format!("{} depends on {}, not done yet", n.task, join_and(&deps))
        })
        .collect()
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The edit that sets `ids` to `status`, leaving out tasks already there;
/// `None` when nothing changes.
pub fn edit(session: &Session, ids: &[TaskId], status: TaskStatus) -> Option<Edit> {
    let edits: Vec<Edit> = ids
        .iter()
        .filter(|&&id| session.task(id).is_some_and(|t| t.status != status))
        .map(|&id| Edit::SetTaskStatus { id, status })
        .collect();
    match edits.len() {
        0 => None,
        1 => edits.into_iter().next(),
        _ => Some(Edit::Batch(edits)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DepKind, Dependency, Task, Timestamp};

    fn plan() -> Session {
        let mut s = Session::new("s", "S", Timestamp(0));
        for (id, deps) in [(1, vec![]), (2, vec![1]), (3, vec![1, 2, 9])] {
            let mut t = Task::new(TaskId(id), format!("Task {id}"));
            t.depends_on = deps
                .into_iter()
                .map(|d| Dependency::new(TaskId(d), DepKind::Other))
                .collect();
            s.tasks.push(t);
        }
        s
    }

    #[test]
    fn ids_and_statuses_are_read_leniently_and_refused_clearly() {
        assert_eq!(parse_task_id(" t3 "), Ok(TaskId(3)));
        assert_eq!(parse_task_id("3"), Ok(TaskId(3)));
        assert_eq!(
            parse_task_id("X3").unwrap_err().to_string(),
            "`X3` is not a valid task id (expected T followed by a number, like T1)"
        );
        assert_eq!(parse_status("In Progress"), Ok(TaskStatus::InProgress));
        assert!(
            parse_status("finished")
                .unwrap_err()
                .to_string()
                .contains("expected one of: pending, in-progress, review, done")
        );
    }

    #[test]
    fn unknown_ids_are_all_named_with_what_the_plan_has() {
        let err = existing(&plan(), &[TaskId(2), TaskId(7), TaskId(8)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the plan has no task T7, T8 (it has 3 tasks, T1 … T3 in plan order; `planner-tui show` lists them)"
        );
        assert_eq!(
            existing(&plan(), &[TaskId(2), TaskId(1), TaskId(2)]),
            Ok(vec![TaskId(2), TaskId(1)])
        );
    }

    #[test]
    fn marking_done_checks_dependencies_counting_the_ones_marked_together() {
        let s = plan();
        assert!(unfinished_dependencies(&s, &[TaskId(2)], TaskStatus::InProgress).is_empty());
        let found = unfinished_dependencies(&s, &[TaskId(2)], TaskStatus::Done);
        assert_eq!(
            describe_unfinished(&found),
            vec!["T2 depends on T1 (pending), not done yet"]
        );
        assert!(unfinished_dependencies(&s, &[TaskId(1), TaskId(2)], TaskStatus::Done).is_empty());
        let found = unfinished_dependencies(&s, &[TaskId(1), TaskId(3)], TaskStatus::Done);
        assert_eq!(
            describe_unfinished(&found),
            vec!["T3 depends on T2 (pending) and T9 (not in the plan), not done yet"]
        );
    }

    #[test]
    fn the_edit_leaves_out_tasks_already_there() {
        let mut s = plan();
        s.tasks[0].status = TaskStatus::Done;
        assert_eq!(edit(&s, &[TaskId(1)], TaskStatus::Done), None);
        assert_eq!(
            edit(&s, &[TaskId(1), TaskId(2)], TaskStatus::Done),
            Some(Edit::SetTaskStatus {
                id: TaskId(2),
                status: TaskStatus::Done
            })
        );
    }
}
