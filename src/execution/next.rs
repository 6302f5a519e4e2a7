//! The task to do now: the first task in plan order that is pending or in
//! progress and whose dependencies are all done. When there is none, why:
//! the plan is empty, everything is done, or what holds the rest up, by id.
//!
//! Only `done` satisfies a dependency. A task in review, blocked, deferred
//! or cancelled holds up what depends on it (a cancelled task's work will
//! not exist: drop the dependency or reopen it), and so does a dependency
//! on a task that is not in the plan. Tasks that wait only on each other
//! are in a cycle. Linear in tasks plus dependencies.
use std::collections::HashMap;

use crate::plan::{Session, TaskId, TaskStatus};

/// What `next` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// The task to do now (its 0-based plan position), and every other task
    /// that could start now, in plan order (work for a second agent).
    Start {
        position: usize,
        also_ready: Vec<TaskId>,
    },
    /// Nothing can start.
    Idle(Idle),
}

/// Why nothing can start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idle {
    /// The plan has no tasks.
    NoTasks,
    /// Every task is done or cancelled.
    AllDone { done: usize, cancelled: usize },
    /// Unfinished tasks remain, and each waits on something.
    Blocked {
        /// What holds the rest up, in plan order (missing tasks last).
        blockers: Vec<Blocker>,
        /// Pending or in-progress tasks that wait only on each other: a
        /// dependency cycle, or tasks behind one.
        cycle: Vec<TaskId>,
    },
}

/// Something that holds up the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub id: TaskId,
    pub hold: Hold,
    /// Unfinished tasks that depend on it directly, in plan order.
    pub waiting: Vec<TaskId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// The task's own status keeps it from counting as done (review,
    /// blocked, deferred, cancelled).
    Status(TaskStatus),
    /// Tasks depend on this id and no task in the plan has it.
    Missing,
}

/// Whether `next` may offer a task with this status.
pub fn is_candidate(status: TaskStatus) -> bool {
    matches!(status, TaskStatus::Pending | TaskStatus::InProgress)
}

/// Whether the task still needs work (not done, not cancelled).
pub fn is_unfinished(status: TaskStatus) -> bool {
    !matches!(status, TaskStatus::Done | TaskStatus::Cancelled)
}

/// The task to do now in `session`, or why there is none.
pub fn next(session: &Session) -> Next {
    let tasks = &session.tasks;
    if tasks.is_empty() {
        return Next::Idle(Idle::NoTasks);
    }
    let status: HashMap<TaskId, TaskStatus> = tasks.iter().map(|t| (t.id, t.status)).collect();
    let mut ready = startable(session, &status);
    if let Some(position) = ready.next() {
        let also_ready = ready.map(|p| tasks[p].id).collect();
        return Next::Start {
            position,
            also_ready,
        };
    }
    if !tasks.iter().any(|t| is_unfinished(t.status)) {
        let cancelled = tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Cancelled)
            .count();
        return Next::Idle(Idle::AllDone {
            done: tasks.len() - cancelled,
            cancelled,
        });
    }
    Next::Idle(blocked(session, &status))
}

/// Only the position of the task to do now, without working out why there
/// is none: what the app's stage bar needs after every edit.
pub fn first_startable(session: &Session) -> Option<usize> {
    let status: HashMap<TaskId, TaskStatus> =
        session.tasks.iter().map(|t| (t.id, t.status)).collect();
    startable(session, &status).next()
}

/// Positions of the tasks that could start now, in plan order.
fn startable<'a>(
    session: &'a Session,
    status: &'a HashMap<TaskId, TaskStatus>,
) -> impl Iterator<Item = usize> + 'a {
    let done = move |id: &TaskId| status.get(id) == Some(&TaskStatus::Done);
    session
        .tasks
        .iter()
        .enumerate()
        .filter(move |(_, t)| is_candidate(t.status) && t.depends_on.iter().all(|d| done(&d.on)))
        .map(|(p, _)| p)
}

/// What holds up a plan in which nothing can start. Indexed by plan
/// position (ids not in the plan get slots after the tasks), so a plan of
/// 10,000 tasks costs a few flat arrays, not a map per task.
fn blocked(session: &Session, status: &HashMap<TaskId, TaskStatus>) -> Idle {
    let tasks = &session.tasks;
    let n = tasks.len();
    let position: HashMap<TaskId, usize> =
        tasks.iter().enumerate().map(|(p, t)| (t.id, p)).collect();
    // Slots n.. are ids no task has, in the order first met.
    let mut missing: Vec<TaskId> = Vec::new();
    let mut missing_slot: HashMap<TaskId, usize> = HashMap::new();
    let mut waiting: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (p, t) in tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| is_unfinished(t.status))
    {
        for d in &t.depends_on {
            if status.get(&d.on) == Some(&TaskStatus::Done) {
                continue;
            }
            let slot = match position.get(&d.on) {
                Some(&q) => q,
                None => *missing_slot.entry(d.on).or_insert_with(|| {
                    missing.push(d.on);
                    waiting.push(Vec::new());
                    n + missing.len() - 1
                }),
            };
            let list = &mut waiting[slot];
            if list.last() != Some(&(p as u32)) {
                list.push(p as u32);
            }
        }
    }
    let ids =
        |list: &[u32]| -> Vec<TaskId> { list.iter().map(|&p| tasks[p as usize].id).collect() };
    let mut roots: Vec<usize> = tasks
        .iter()
        .enumerate()
        .filter(|(p, t)| {
            matches!(
                t.status,
                TaskStatus::Review | TaskStatus::Blocked | TaskStatus::Deferred
            ) || (t.status == TaskStatus::Cancelled && !waiting[*p].is_empty())
        })
        .map(|(p, _)| p)
        .collect();
    let mut blockers: Vec<Blocker> = roots
        .iter()
        .map(|&p| Blocker {
            id: tasks[p].id,
            hold: Hold::Status(tasks[p].status),
            waiting: ids(&waiting[p]),
        })
        .collect();
    let mut by_id: Vec<(TaskId, usize)> = missing
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, n + i))
        .collect();
    by_id.sort();
    for (id, slot) in by_id {
        blockers.push(Blocker {
            id,
            hold: Hold::Missing,
            waiting: ids(&waiting[slot]),
        });
        roots.push(slot);
    }
    // Candidates held up (directly or through other candidates) by a
    // blocker; the rest wait on each other.
    let mut held = vec![false; n];
    let mut queue: Vec<u32> = roots
        .iter()
        .flat_map(|&r| waiting[r].iter().copied())
        .collect();
    while let Some(p) = queue.pop() {
        let p = p as usize;
        if !held[p] {
            held[p] = true;
            queue.extend(waiting[p].iter().copied());
        }
    }
    let cycle = tasks
        .iter()
        .enumerate()
        .filter(|(p, t)| is_candidate(t.status) && !held[*p])
        .map(|(_, t)| t.id)
        .collect();
    Idle::Blocked { blockers, cycle }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DepKind, Dependency, Task, Timestamp};

    /// A plan from `(id, status, deps)`, in that order.
    fn plan(tasks: &[(u32, TaskStatus, &[u32])]) -> Session {
        let mut s = Session::new("s", "S", Timestamp(0));
        for &(id, status, deps) in tasks {
            let mut t = Task::new(TaskId(id), format!("Task {id}"));
            t.status = status;
            t.depends_on = deps
                .iter()
                .map(|&d| Dependency::new(TaskId(d), DepKind::Other))
                .collect();
            s.tasks.push(t);
        }
        s.normalise_counters();
        s
    }

    fn ids(v: &[u32]) -> Vec<TaskId> {
        v.iter().map(|&i| TaskId(i)).collect()
    }

    use TaskStatus::*;

    #[test]
    fn a_chain_goes_one_task_at_a_time() {
        let mut s = plan(&[(1, Pending, &[]), (2, Pending, &[1]), (3, Pending, &[2])]);
        assert_eq!(
            next(&s),
            Next::Start {
                position: 0,
                also_ready: vec![]
            }
        );
        s.tasks[0].status = Done;
        assert_eq!(
            next(&s),
            Next::Start {
                position: 1,
                also_ready: vec![]
            }
        );
        s.tasks[1].status = Done;
        s.tasks[2].status = Done;
        assert_eq!(
            next(&s),
            Next::Idle(Idle::AllDone {
                done: 3,
                cancelled: 0
            })
        );
    }

    #[test]
    fn a_wave_offers_the_first_and_names_the_others() {
        // T1 → (T2, T3, T4) → T5
        let s = plan(&[
            (1, Done, &[]),
            (2, Pending, &[1]),
            (3, InProgress, &[1]),
            (4, Pending, &[1]),
            (5, Pending, &[2, 3, 4]),
        ]);
        assert_eq!(
            next(&s),
            Next::Start {
                position: 1,
                also_ready: ids(&[3, 4])
            }
        );
    }

    #[test]
    fn plan_order_wins_over_ids_and_out_of_order_plans_still_respect_dependencies() {
        // T9 comes first in the plan; T2 is placed before the T7 it needs.
        let s = plan(&[(9, Pending, &[]), (2, Pending, &[7]), (7, Pending, &[])]);
        assert_eq!(
            next(&s),
            Next::Start {
                position: 0,
                also_ready: ids(&[7])
            }
        );
    }

    #[test]
    fn review_blocked_and_deferred_tasks_are_not_offered_and_hold_up_their_dependents() {
        let s = plan(&[
            (1, Review, &[]),
            (2, Pending, &[1]),
            (3, Blocked, &[]),
            (4, Deferred, &[]),
            (5, Pending, &[3, 4]),
        ]);
        let Next::Idle(Idle::Blocked { blockers, cycle }) = next(&s) else {
            panic!("{:?}", next(&s))
        };
        assert_eq!(
            blockers,
            vec![
                Blocker {
                    id: TaskId(1),
                    hold: Hold::Status(Review),
                    waiting: ids(&[2])
                },
                Blocker {
                    id: TaskId(3),
                    hold: Hold::Status(Blocked),
                    waiting: ids(&[5])
                },
                Blocker {
                    id: TaskId(4),
                    hold: Hold::Status(Deferred),
                    waiting: ids(&[5])
                },
            ]
        );
        assert!(cycle.is_empty());
    }

    #[test]
    fn a_cancelled_task_is_finished_but_does_not_satisfy_its_dependents() {
        let s = plan(&[(1, Cancelled, &[]), (2, Pending, &[1]), (3, Done, &[])]);
        assert_eq!(
            next(&s),
            Next::Idle(Idle::Blocked {
                blockers: vec![Blocker {
                    id: TaskId(1),
                    hold: Hold::Status(Cancelled),
                    waiting: ids(&[2])
                }],
                cycle: vec![]
            })
        );
        // Cancelled with nobody waiting: the plan is finished.
        let s = plan(&[(1, Cancelled, &[]), (2, Done, &[])]);
        assert_eq!(
            next(&s),
            Next::Idle(Idle::AllDone {
                done: 1,
                cancelled: 1
            })
        );
        // A cancelled task is never offered, even when it could start.
        let s = plan(&[(1, Cancelled, &[]), (2, Pending, &[])]);
        assert_eq!(
            next(&s),
            Next::Start {
                position: 1,
                also_ready: vec![]
            }
        );
    }

    #[test]
    fn none_startable_names_missing_tasks_and_cycles() {
        let s = plan(&[
            (1, Pending, &[99]),
            (2, Pending, &[3]),
            (3, Pending, &[2]),
            (4, Pending, &[3]),
        ]);
        assert_eq!(
            next(&s),
            Next::Idle(Idle::Blocked {
                blockers: vec![Blocker {
                    id: TaskId(99),
                    hold: Hold::Missing,
                    waiting: ids(&[1])
                }],
                cycle: ids(&[2, 3, 4])
            })
        );
        assert_eq!(next(&plan(&[])), Next::Idle(Idle::NoTasks));
    }

    #[test]
    fn an_in_progress_task_waiting_on_a_review_is_held_not_in_a_cycle() {
        let s = plan(&[(1, Review, &[]), (2, InProgress, &[1]), (3, Pending, &[2])]);
        let Next::Idle(Idle::Blocked { blockers, cycle }) = next(&s) else {
            panic!()
        };
        assert_eq!(blockers.len(), 1);
        assert_eq!(blockers[0].waiting, ids(&[2]));
        assert!(cycle.is_empty(), "{cycle:?}");
    }
}
