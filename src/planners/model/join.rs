//! The answers of a step's pieces as one answer about the whole plan.
//! Each piece speaks in its own numbers (1..n within the piece); here they
//! become the plan's numbers, and the pieces' lists are put together:
//! verifications, dependency lists, concerns and gaps side by side;
//! ambiguities with duplicates folded; task lists in the plan's order, each
//! piece's new tasks after the last task of its own, and every task no
//! piece was about kept exactly as it is. Also the small session a piece's
//! answer is checked against before it is joined.
use std::collections::{HashMap, HashSet};

use super::pieces::PieceMap;
use crate::plan::{Requirement, RequirementId, Session, TaskId};
use crate::planners::answer::*;

/// The plan's number of a piece's task `k`; `None` when `k` names no task shown.
fn global(map: &PieceMap, k: u32) -> Option<u32> {
    let p = *map.tasks.get((k as usize).checked_sub(1)?)?;
    Some(p as u32 + 1)
}

/// The session a piece's answer is checked against: only the tasks it
/// shows, in its numbering, and only the requirement ids it may name.
pub fn piece_session(session: &Session, map: &PieceMap) -> Session {
    let mut s = Session::new(session.id.clone(), "", session.created);
    s.spec.requirements = map
        .scope
        .requirements
        .iter()
        .map(|id| Requirement::new(RequirementId(id.clone()), String::new(), 0))
        .collect();
    let shown: HashSet<TaskId> = map.tasks.iter().map(|&p| session.tasks[p].id).collect();
    s.tasks = map
        .tasks
        .iter()
        .map(|&p| {
            let mut t = session.tasks[p].clone();
            t.depends_on.retain(|d| shown.contains(&d.on));
            t
        })
        .collect();
    s
}

/// What a piece's answer must also respect beyond the plan's rules: the
/// tasks it was asked about and the numbers it was given for new tasks.
pub fn piece_errors(answer: &Answer, map: &PieceMap) -> Vec<String> {
    let focus = map.scope.focus;
    let mut errors = Vec::new();
    match answer {
        Answer::DependencyMap(a) => {
            for t in a.tasks.iter().filter(|t| t.task > focus) {
                errors.push(format!(
                    "task {} is shown only as a possible need; give entries for the tasks 1 to {focus} alone",
                    t.task
                ));
            }
        }
        Answer::TaskList(a) => {
            if let Some(top) = map.scope.new_up_to {
                for t in &a.tasks {
                    if let Some(k) = t.number.filter(|k| *k > top) {
                        errors.push(format!(
                            "task number {k} is above {top}; number new tasks from {} to {top}",
                            focus + 1
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    errors
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One piece's answer, with what the piece was about.
pub struct PieceAnswer<'a> {
    pub map: &'a PieceMap,
    pub covers: &'a str,
    pub answer: Answer,
}

/// The pieces' answers as one answer about `session`'s plan.
pub fn join(session: &Session, answers: Vec<PieceAnswer<'_>>) -> Option<Answer> {
    let first = answers.first()?;
    if first.map.whole && answers.len() == 1 {
        return answers.into_iter().next().map(|a| a.answer);
    }
    let shape = first.answer.shape();
    let mut notes: Vec<String> = Vec::new();
    for a in &answers {
        for n in a.answer.notes() {
            if !n.trim().is_empty() {
                notes.push(format!("({}) {}", a.covers, n.trim()));
            }
        }
    }
    Some(match shape {
        Shape::VerificationList => {
            let mut tasks = Vec::new();
            for a in &answers {
                if let Answer::VerificationList(v) = &a.answer {
                    tasks.extend(v.tasks.iter().filter_map(|t| {
                        Some(TaskVerification {
                            task: global(a.map, t.task)?,
                            verification: t.verification.clone(),
                        })
                    }));
                }
            }
            Answer::VerificationList(VerificationListAnswer { tasks, notes })
        }
        Shape::IntegrationConcerns => {
            let mut concerns = Vec::new();
            for a in &answers {
                if let Answer::IntegrationConcerns(v) = &a.answer {
                    concerns.extend(v.concerns.iter().map(|c| AnswerConcern {
                        task: c.task.and_then(|k| global(a.map, k)),
                        text: c.text.clone(),
                        suggestion: c.suggestion.clone(),
                    }));
                }
            }
            Answer::IntegrationConcerns(IntegrationConcernsAnswer { concerns, notes })
        }
        Shape::CoverageGaps => {
            let mut gaps: Vec<AnswerGap> = Vec::new();
            let mut seen = HashSet::new();
            for a in &answers {
                if let Answer::CoverageGaps(v) = &a.answer {
                    for g in &v.gaps {
                        if seen.insert((g.requirement.clone(), norm(&g.text))) {
                            gaps.push(g.clone());
                        }
                    }
                }
            }
            Answer::CoverageGaps(CoverageGapsAnswer { gaps, notes })
        }
        Shape::DependencyMap => {
            let mut tasks = Vec::new();
            for a in &answers {
                if let Answer::DependencyMap(v) = &a.answer {
                    tasks.extend(v.tasks.iter().filter_map(|t| {
                        Some(TaskDependencies {
                            task: global(a.map, t.task)?,
                            depends_on: t
                                .depends_on
                                .iter()
                                .filter_map(|d| {
                                    Some(AnswerDependency {
                                        task: global(a.map, d.task)?,
                                        kind: d.kind,
                                    })
                                })
                                .collect(),
                        })
                    }));
                }
            }
            Answer::DependencyMap(DependencyMapAnswer { tasks, notes })
        }
        Shape::AmbiguityList => {
            let mut ambiguities: Vec<AnswerAmbiguity> = Vec::new();
            let mut seen = HashSet::new();
            for a in &answers {
                if let Answer::AmbiguityList(v) = &a.answer {
                    for amb in &v.ambiguities {
                        if !seen.insert(norm(&amb.summary)) {
                            continue;
                        }
                        let mut amb = amb.clone();
                        amb.affects = amb
                            .affects
                            .iter()
                            .filter_map(|k| global(a.map, *k))
                            .collect();
                        ambiguities.push(amb);
                    }
                }
            }
            Answer::AmbiguityList(AmbiguityListAnswer { ambiguities, notes })
        }
        Shape::TaskList => Answer::TaskList(task_lists(session, &answers, notes)),
    })
}

/// Task lists joined in the plan's order (see the module's comment).
fn task_lists(
    session: &Session,
    answers: &[PieceAnswer<'_>],
    notes: Vec<String>,
) -> TaskListAnswer {
    let n = session.tasks.len();
    // Which piece showed each task, and the answer's entry for it.
    let mut shown = vec![false; n];
    let mut kept: HashMap<usize, AnswerTask> = HashMap::new();
    // New tasks, after the plan position they follow (`None`: at the end).
    let mut new_after: HashMap<Option<usize>, Vec<AnswerTask>> = HashMap::new();
    let mut next_new = n as u32;
    for a in answers {
        let Answer::TaskList(list) = &a.answer else {
            continue;
        };
        for &p in &a.map.tasks {
            shown[p] = true;
        }
        let k = a.map.tasks.len() as u32;
        // The piece's new numbers become the plan's next free numbers.
        let mut renumber: HashMap<u32, u32> = HashMap::new();
        for t in &list.tasks {
            if let Some(num) = t.number.filter(|num| *num > k) {
                next_new += 1;
                renumber.insert(num, next_new);
            }
        }
        let to_global = |num: u32| -> Option<u32> {
            if num <= k {
                global(a.map, num)
            } else {
                renumber.get(&num).copied()
            }
        };
        let mut anchor: Option<usize> = a.map.tasks.iter().max().copied();
        let mut last_existing: Option<usize> = None;
        for t in &list.tasks {
            let mut t2 = t.clone();
            t2.depends_on = t.depends_on.as_ref().map(|deps| {
                deps.iter()
                    .filter_map(|d| {
                        Some(AnswerDependency {
                            task: to_global(d.task)?,
                            kind: d.kind,
                        })
                    })
                    .collect()
            });
            match t.number {
                Some(num) if num <= k => {
                    if let Some(g) = global(a.map, num) {
                        t2.number = Some(g);
                        last_existing = Some(g as usize - 1);
                        kept.insert(g as usize - 1, t2);
                    }
                }
                Some(num) => {
                    t2.number = renumber.get(&num).copied();
                    if let Some(l) = last_existing {
                        anchor = Some(l);
                    }
                    new_after.entry(anchor).or_default().push(t2);
                }
                None => new_after.entry(anchor).or_default().push(t2),
            }
        }
    }
    let mut tasks = Vec::with_capacity(n + new_after.values().map(Vec::len).sum::<usize>());
    let mut titles: HashSet<String> = HashSet::new();
    let mut push = |mut t: AnswerTask, tasks: &mut Vec<AnswerTask>| {
        let mut title = t.title.trim().to_string();
        let mut k = 2;
        while !titles.insert(norm(&title)) {
            title = format!("{} ({k})", t.title.trim());
            k += 1;
        }
        t.title = title;
        tasks.push(t);
    };
    for (p, task) in session.tasks.iter().enumerate() {
        if let Some(t) = kept.remove(&p) {
            push(t, &mut tasks);
        } else if !shown[p] {
            push(
                AnswerTask {
                    number: Some(p as u32 + 1),
                    title: task.title.clone(),
                    description: String::new(),
                    produces: Vec::new(),
                    depends_on: None,
                    covers: Vec::new(),
                    verification: None,
                    draft: task.draft,
                },
                &mut tasks,
            );
        }
        if let Some(new) = new_after.remove(&Some(p)) {
            for t in new {
                push(t, &mut tasks);
            }
        }
    }
    if let Some(new) = new_after.remove(&None) {
        for t in new {
            push(t, &mut tasks);
        }
    }
    TaskListAnswer { tasks, notes }
}
