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

/// A joined dependency map whose pieces, each acyclic, close a cycle
/// between them: the newest edge of each cycle (one the plan does not have
/// yet) is dropped, and a note says which. At most `MAX_BREAKS` cycles;
/// what remains is left to the check of the joined answer.
pub fn break_cycles(answer: &mut Answer, session: &Session) -> Vec<String> {
    const MAX_BREAKS: usize = 20;
    let Answer::DependencyMap(map) = answer else {
        return Vec::new();
    };
    let mut number: HashMap<TaskId, u32> = HashMap::with_capacity(session.tasks.len());
    for (i, t) in session.tasks.iter().enumerate() {
        number.entry(t.id).or_insert(i as u32 + 1);
    }
    let current = |k: u32| -> Vec<u32> {
        session
            .tasks
            .get((k as usize).saturating_sub(1))
            .map(|t| {
                t.depends_on
                    .iter()
                    .filter_map(|d| number.get(&d.on).copied())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut notes = Vec::new();
    for _ in 0..MAX_BREAKS {
        let listed: HashMap<u32, usize> = map
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.task, i))
            .collect();
        let nodes: Vec<(u32, Vec<u32>)> = (1..=session.tasks.len() as u32)
            .map(|k| {
                let deps = match listed.get(&k) {
                    Some(&i) => map.tasks[i].depends_on.iter().map(|d| d.task).collect(),
                    None => current(k),
                };
                (k, deps)
            })
            .collect();
        let Some(cycle) = super::super::answer::cycles::find_cycle(&nodes) else {
            break;
        };
        // Edges of the cycle: cycle[i] depends on cycle[i + 1].
        let edge = (0..cycle.len()).find_map(|i| {
            let (from, to) = (cycle[i], cycle[(i + 1) % cycle.len()]);
            let &at = listed.get(&from)?;
            (!current(from).contains(&to)).then_some((at, from, to))
        });
        let Some((at, from, to)) = edge else {
            break;
        };
        map.tasks[at].depends_on.retain(|d| d.task != to);
        notes.push(format!(
            "dropped task {from}'s new dependency on task {to}: with it, answers about different parts of the plan formed a cycle"
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::DepKind;
    use crate::plan::generate::{GenOptions, generate};

    fn dep(task: u32) -> AnswerDependency {
        AnswerDependency {
            task,
            kind: DepKind::Interface,
        }
    }

    #[test]
    fn a_cycle_between_pieces_loses_its_new_edge() {
        let (mut s, _) = generate(&GenOptions::new(4, 0));
        s.tasks[1].depends_on = vec![crate::plan::Dependency::new(s.tasks[0].id, DepKind::Schema)];
        // Piece A says 1 needs 3; piece B keeps 2 → 1 and says 3 needs 2.
        let mut answer = Answer::DependencyMap(DependencyMapAnswer {
            tasks: vec![
                TaskDependencies {
                    task: 1,
                    depends_on: vec![dep(3)],
                },
                TaskDependencies {
                    task: 3,
                    depends_on: vec![dep(2)],
                },
            ],
            notes: vec![],
        });
        let notes = break_cycles(&mut answer, &s);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(crate::planners::answer::validate(&answer, &s).is_empty());
        let Answer::DependencyMap(m) = &answer else {
            unreachable!()
        };
        let kept: usize = m.tasks.iter().map(|t| t.depends_on.len()).sum();
        assert_eq!(kept, 1);
    }

    #[test]
    fn untouched_tasks_are_kept_and_new_ones_follow_their_group() {
        let (s, _) = generate(&GenOptions::new(6, 0));
        let map = PieceMap {
            whole: false,
            tasks: vec![1, 2],
            scope: Default::default(),
        };
        let task = |n: u32, title: &str| AnswerTask {
            number: Some(n),
            title: title.into(),
            description: String::new(),
            produces: vec![],
            depends_on: Some(vec![]),
            covers: vec![],
            verification: None,
            draft: false,
        };
        let answer = Answer::TaskList(TaskListAnswer {
            tasks: vec![task(1, &s.tasks[1].title), task(3, "A new one")],
            notes: vec![],
        });
        let joined = join(
            &s,
            vec![PieceAnswer {
                map: &map,
                covers: "tasks 2–3",
                answer,
            }],
        );
        let Some(Answer::TaskList(list)) = joined else {
            panic!("a task list")
        };
        let numbers: Vec<Option<u32>> = list.tasks.iter().map(|t| t.number).collect();
        // Task 3 (position 2) was left out by its piece; the new task is
        // numbered after the plan and placed after task 2.
        assert_eq!(
            numbers,
            vec![Some(1), Some(2), Some(7), Some(4), Some(5), Some(6)]
        );
    }
}
