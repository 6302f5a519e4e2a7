//! Turning a validated answer into a [`Proposal`]: task numbers become
//! [`TaskId`]s (numbers 1..n are the plan's tasks by position, higher numbers
//! are new tasks and get provisional ids), and the answer is compared with the
//! plan so that every difference is its own item.
//!
//! Task lists (Decompose, Revise) are complete lists in the new order: a task
//! the answer keeps keeps its id (matched by number, or by title when a
//! repaired answer has no number); fields it leaves empty keep their current
//! value; tasks it leaves out are proposed for removal; tasks whose relative
//! order changes are moved (as few as possible: those outside the longest
//! run already in order). A dependency map replaces the dependency list of each
//! task it names; when the new map needs a different order, moves are added
//! that put every task after what it needs.
use std::collections::{BTreeSet, HashMap, HashSet};

use super::types::*;
use super::validate::requirement_id;
use crate::plan::{
    Ambiguity, AmbiguityId, AmbiguityState, Dependency, RequirementId, Session, Task, TaskId,
};
use crate::planners::Step;
use crate::workflow::proposal::{Proposal, ProposalItem};

/// The proposal an answer makes. The answer must have passed
/// [`super::validate::validate`]; references it cannot resolve are skipped.
pub fn to_proposal(step: Step, answer: &Answer, session: &Session) -> Proposal {
    let mut p = Proposal::new(step, session);
    match answer {
        Answer::TaskList(a) => task_list(&mut p, a, session),
        Answer::DependencyMap(a) => dependency_map(&mut p, a, session),
        Answer::AmbiguityList(a) => ambiguities(&mut p, a, session),
        Answer::VerificationList(a) => verifications(&mut p, a, session),
        Answer::CoverageGaps(a) => {
            for g in &a.gaps {
                let requirement = g
                    .requirement
                    .as_deref()
                    .and_then(|r| requirement_id(r, session));
                p.items.push(ProposalItem::CoverageGap {
                    requirement,
                    text: with_suggestion(&g.text, &g.suggestion),
                });
            }
        }
        Answer::IntegrationConcerns(a) => {
            for c in &a.concerns {
                let task = c.task.and_then(|k| by_position(session, k));
                p.items.push(ProposalItem::IntegrationConcern {
                    task,
                    text: with_suggestion(&c.text, &c.suggestion),
                });
            }
        }
    }
    p.notes.extend(
        answer
            .notes()
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
    );
    p
}

fn with_suggestion(text: &str, suggestion: &str) -> String {
    let (t, s) = (text.trim(), suggestion.trim());
    if s.is_empty() {
        t.to_string()
    } else {
        format!("{t} — {s}")
    }
}

/// The id of the task shown to the model as number `k`.
fn by_position(s: &Session, k: u32) -> Option<TaskId> {
    (k as usize)
        .checked_sub(1)
        .and_then(|i| s.tasks.get(i))
        .map(|t| t.id)
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn task_list(p: &mut Proposal, a: &TaskListAnswer, s: &Session) {
    let n = s.tasks.len() as u32;
    let mut claimed: HashSet<TaskId> = a
        .tasks
        .iter()
        .filter_map(|t| {
            t.number
                .filter(|k| (1..=n).contains(k))
                .and_then(|k| by_position(s, k))
        })
        .collect();
    let mut next = p.first_new_task.0;
    let mut by_number: HashMap<u32, TaskId> = HashMap::new();
    let mut ids: Vec<(TaskId, bool)> = Vec::with_capacity(a.tasks.len());
    // Existing tasks by normalised title, in plan order: made once, when an
    // answer task comes without a number.
    let mut by_title: Option<HashMap<String, Vec<TaskId>>> = None;
    for t in &a.tasks {
        let existing = match t.number {
            Some(k) if (1..=n).contains(&k) => by_position(s, k),
            Some(_) => None,
            None => {
                let by_title = by_title.get_or_insert_with(|| {
                    let mut m: HashMap<String, Vec<TaskId>> = HashMap::new();
                    for e in &s.tasks {
                        m.entry(norm(&e.title)).or_default().push(e.id);
                    }
                    m
                });
                let found = by_title
                    .get(&norm(&t.title))
                    .and_then(|same| same.iter().find(|id| !claimed.contains(id)).copied());
                found.inspect(|&id| {
                    claimed.insert(id);
                })
            }
        };
        let id = existing.unwrap_or_else(|| {
            next += 1;
            TaskId(next - 1)
        });
        if let Some(k) = t.number {
            by_number.insert(k, id);
        }
        ids.push((id, existing.is_none()));
    }

    let order: Vec<TaskId> = ids.iter().map(|(id, _)| *id).collect();
    let pos = positions(s);
    let moved = moved_tasks(&pos, &order);
    for (i, (t, &(id, new))) in a.tasks.iter().zip(&ids).enumerate() {
        let after = i.checked_sub(1).map(|j| order[j]);
        let base = match pos.get(&id) {
            Some(&p) if !new => s.tasks[p].clone(),
            _ => Task::new(id, ""),
        };
        let target = revised(&base, t, &by_number, s);
        if new {
            p.items.push(ProposalItem::AddTask {
                task: target,
                after,
            });
            continue;
        }
        if moved.contains(&id) {
            let from = pos.get(&id).map_or(0, |x| x + 1);
            p.items.push(ProposalItem::MoveTask {
                task: id,
                title: target.title.clone(),
                from,
                to: i + 1,
                after,
            });
        }
        if target != base {
            p.items.push(ProposalItem::UpdateTask {
                before: base,
                after: target,
            });
        }
    }
    for t in s.tasks.iter().filter(|t| !claimed.contains(&t.id)) {
        p.items.push(ProposalItem::RemoveTask { task: t.clone() });
    }
    p.order = order;
}

/// `base` with the answer's fields; empty fields keep what `base` has.
fn revised(base: &Task, t: &AnswerTask, by_number: &HashMap<u32, TaskId>, s: &Session) -> Task {
    let mut out = base.clone();
    out.title = t.title.trim().to_string();
    if !t.description.trim().is_empty() {
        out.description = t.description.trim().to_string();
    }
    if !t.produces.is_empty() {
        out.produces = t.produces.clone();
    }
    if let Some(deps) = &t.depends_on {
        let mut seen = HashSet::new();
        out.depends_on = deps
            .iter()
            .filter_map(|d| {
                by_number
                    .get(&d.task)
                    .map(|on| Dependency::new(*on, d.kind))
            })
            .filter(|d| d.on != out.id && seen.insert(d.on))
            .collect();
    }
    let covers: Vec<RequirementId> = dedup(t.covers.iter().filter_map(|c| requirement_id(c, s)));
    if !covers.is_empty() {
        out.covers = covers;
    }
    if let Some(v) = t
        .verification
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        out.verification = Some(v.to_string());
    }
    out.draft = t.draft;
    out
}

fn dedup<T: Clone + Eq + std::hash::Hash>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    items.filter(|x| seen.insert(x.clone())).collect()
}

fn positions(s: &Session) -> HashMap<TaskId, usize> {
    s.tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect()
}

/// Existing tasks that must move for the plan to follow `order`: those
/// outside the longest run of tasks already in increasing position.
fn moved_tasks(pos: &HashMap<TaskId, usize>, order: &[TaskId]) -> HashSet<TaskId> {
    let kept: Vec<(TaskId, usize)> = order
        .iter()
        .filter_map(|id| pos.get(id).map(|p| (*id, *p)))
        .collect();
    let positions: Vec<usize> = kept.iter().map(|k| k.1).collect();
    let stay = longest_increasing(&positions);
    kept.iter()
        .zip(stay)
        .filter(|(_, stay)| !stay)
        .map(|(k, _)| k.0)
        .collect()
}

/// Which elements belong to one longest strictly increasing subsequence.
fn longest_increasing(xs: &[usize]) -> Vec<bool> {
    // tails[l] = index of the smallest tail of an increasing run of length l+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; xs.len()];
    for (i, &x) in xs.iter().enumerate() {
        let l = tails.partition_point(|&t| xs[t] < x);
        prev[i] = l.checked_sub(1).map(|j| tails[j]);
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut keep = vec![false; xs.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

fn dependency_map(p: &mut Proposal, a: &DependencyMapAnswer, s: &Session) {
    let mut entries: Vec<&TaskDependencies> = a.tasks.iter().collect();
    entries.sort_by_key(|e| e.task);
    let mut target: HashMap<TaskId, Vec<Dependency>> = HashMap::new();
    for e in entries {
        let Some(id) = by_position(s, e.task) else {
            continue;
        };
        if target.contains_key(&id) {
            continue;
        }
        let Some(task) = (e.task as usize)
            .checked_sub(1)
            .and_then(|i| s.tasks.get(i))
        else {
            continue;
        };
        let mut seen = HashSet::new();
        let deps: Vec<Dependency> = e
            .depends_on
            .iter()
            .filter_map(|d| by_position(s, d.task).map(|on| Dependency::new(on, d.kind)))
            .filter(|d| d.on != id && seen.insert(d.on))
            .collect();
        for d in &deps {
            match task.depends_on.iter().find(|c| c.on == d.on) {
                None => p
                    .items
                    .push(ProposalItem::AddDependency { task: id, dep: *d }),
                Some(c) if c.kind != d.kind => p.items.push(ProposalItem::SetDependencyKind {
                    task: id,
                    on: d.on,
                    from: c.kind,
                    to: d.kind,
                }),
                Some(_) => {}
            }
        }
        for c in task
            .depends_on
            .iter()
            .filter(|c| !deps.iter().any(|d| d.on == c.on))
        {
            p.items
                .push(ProposalItem::RemoveDependency { task: id, on: c.on });
        }
        target.insert(id, deps);
    }
    let graph: HashMap<TaskId, Vec<TaskId>> = s
        .tasks
        .iter()
        .map(|t| {
            (
                t.id,
                target
                    .get(&t.id)
                    .unwrap_or(&t.depends_on)
                    .iter()
                    .map(|d| d.on)
                    .collect(),
            )
        })
        .collect();
    let order = dependency_order(s, &graph);
    let current: Vec<TaskId> = s.tasks.iter().map(|t| t.id).collect();
    if order != current {
        let pos = positions(s);
        let moved = moved_tasks(&pos, &order);
        for (i, id) in order.iter().enumerate() {
            if moved.contains(id) {
                let title = pos
                    .get(id)
                    .map(|&i| s.tasks[i].title.clone())
                    .unwrap_or_default();
                let from = pos.get(id).map_or(0, |x| x + 1);
                let after = i.checked_sub(1).map(|j| order[j]);
                p.items.push(ProposalItem::MoveTask {
                    task: *id,
                    title,
                    from,
                    to: i + 1,
                    after,
                });
            }
        }
        p.order = order;
        p.notes.push("with these dependencies some tasks came before what they need; the moves put every task after its dependencies".to_string());
    }
}

/// The plan order closest to the current one in which every task comes after
/// its dependencies: the current order when it already is; otherwise Kahn's
/// algorithm, always taking the ready task that is earliest now. Tasks caught
/// in a cycle keep their relative order at the end.
pub(crate) fn dependency_order(s: &Session, graph: &HashMap<TaskId, Vec<TaskId>>) -> Vec<TaskId> {
    let pos: HashMap<TaskId, usize> = s.tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut waiting: Vec<usize> = vec![0; s.tasks.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); s.tasks.len()];
    for (i, t) in s.tasks.iter().enumerate() {
        let deps: BTreeSet<usize> = graph
            .get(&t.id)
            .into_iter()
            .flatten()
            .filter_map(|d| pos.get(d).copied())
            .filter(|&j| j != i)
            .collect();
        waiting[i] = deps.len();
        for j in deps {
            dependents[j].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..s.tasks.len()).filter(|&i| waiting[i] == 0).collect();
    let mut out = Vec::with_capacity(s.tasks.len());
    let mut done = vec![false; s.tasks.len()];
    while let Some(i) = ready.pop_first() {
        done[i] = true;
        out.push(s.tasks[i].id);
        for &k in &dependents[i] {
            waiting[k] -= 1;
            if waiting[k] == 0 {
                ready.insert(k);
            }
        }
    }
    out.extend(
        s.tasks
            .iter()
            .enumerate()
            .filter(|(i, _)| !done[*i])
            .map(|(_, t)| t.id),
    );
    out
}

fn ambiguities(p: &mut Proposal, a: &AmbiguityListAnswer, s: &Session) {
    let mut next = p.first_new_ambiguity.0;
    for amb in &a.ambiguities {
        let key = norm(&amb.summary);
        if let Some(old) = s.ambiguities.iter().find(|x| norm(&x.summary) == key) {
            p.notes.push(format!(
                "'{}' is already {}; not added again",
                amb.summary.trim(),
                old.id
            ));
            continue;
        }
        let ambiguity = Ambiguity {
            id: AmbiguityId(next),
            category: amb.category,
            summary: amb.summary.trim().to_string(),
            risk: amb.risk.trim().to_string(),
            resolution_hint: amb.resolution.trim().to_string(),
            affects: dedup(amb.affects.iter().filter_map(|k| by_position(s, *k))),
            level: amb.level,
            source: Some(amb.source.trim())
                .filter(|x| !x.is_empty())
                .map(str::to_string),
            state: AmbiguityState::Open,
        };
        next += 1;
        p.items.push(ProposalItem::AddAmbiguity { ambiguity });
    }
}

fn verifications(p: &mut Proposal, a: &VerificationListAnswer, s: &Session) {
    let mut entries: Vec<&TaskVerification> = a.tasks.iter().collect();
    entries.sort_by_key(|e| e.task);
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for e in entries {
        let Some(task) = (e.task as usize)
            .checked_sub(1)
            .and_then(|i| s.tasks.get(i))
        else {
            continue;
        };
        let v = e.verification.trim();
        if v.is_empty()
            || !seen.insert(task.id)
            || task.verification.as_deref().map(str::trim) == Some(v)
        {
            continue;
        }
        // The step fills what is missing or vague; a concrete condition
        // the user (or an earlier step) wrote stays as it is.
        if let Some(old) = task.verification.as_deref().map(str::trim)
            && !old.is_empty()
            && crate::analysis::vague_verification(old).is_none()
        {
            kept.push(task.id.to_string());
            continue;
        }
        p.items.push(ProposalItem::SetVerification {
            task: task.id,
            before: task.verification.clone(),
            after: v.to_string(),
        });
    }
    if !kept.is_empty() {
        p.notes.push(if kept.len() == 1 {
            format!(
                "left {} as it is: its verification is already concrete",
                kept[0]
            )
        } else {
            format!(
                "left {} as they are: their verifications are already concrete",
                kept.join(", ")
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_keeps_the_most_in_place() {
        assert_eq!(longest_increasing(&[0, 1, 2]), [true, true, true]);
        assert_eq!(longest_increasing(&[2, 0, 1]), [false, true, true]);
        assert_eq!(
            longest_increasing(&[0, 3, 1, 2, 4]),
            [true, false, true, true, true]
        );
        assert!(longest_increasing(&[]).is_empty());
    }
}
