//! The offline decomposition: the drafts from [`super::components`], ordered
//! by layer, given dependencies read off their text ([`super::deps`]), put in
//! an order where every task follows what it needs, and given verification
//! conditions ([`super::verify`]). On a plan that already has tasks, those
//! stay exactly as they are and only drafts that match none of them (by
//! title or by the first file produced) are added, after them.
use std::collections::{BTreeSet, HashMap};

use crate::plan::{Session, Task, TaskId};
use crate::planners::answer::{AnswerDependency, AnswerTask, TaskListAnswer};

use super::components::{self, Draft};
use super::deps;
use super::layout::Layout;
use super::spec::SpecFacts;
use super::text::is_path;
use super::verify;

pub fn decompose(session: &Session, facts: &SpecFacts, layout: &Layout) -> TaskListAnswer {
    let mut drafts = components::drafts(facts, layout);
    drafts.sort_by_key(|d| d.layer);
    let tasks: Vec<Task> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| draft_task(TaskId(i as u32 + 1), d, layout))
        .collect();
    let needs = deps::infer(&tasks);
    let order = need_order(&needs, &tasks);

    let n = session.tasks.len() as u32;
    let first_path = |t: &Task| t.produces.iter().find(|p| is_path(p)).cloned();
    // Existing tasks by title and by first file, first one wins.
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (k, e) in session.tasks.iter().enumerate() {
        by_title.entry(norm(&e.title)).or_insert(k);
        if let Some(p) = first_path(e) {
            by_path.entry(p).or_insert(k);
        }
    }
    let existing_match = |d: &Task| {
        by_title
            .get(&norm(&d.title))
            .or_else(|| first_path(d).and_then(|p| by_path.get(&p)))
            .copied()
    };
    // Draft index → the number it has in the answer.
    let mut number: HashMap<usize, u32> = HashMap::new();
    let mut next = n + 1;
    for &i in &order {
        match existing_match(&tasks[i]) {
            Some(pos) => number.insert(i, pos as u32 + 1),
            None => {
                next += 1;
                number.insert(i, next - 1)
            }
        };
    }
    let mut out: Vec<AnswerTask> = session
        .tasks
        .iter()
        .enumerate()
        .map(|(k, t)| AnswerTask {
            number: Some(k as u32 + 1),
            title: t.title.clone(),
            description: String::new(),
            produces: Vec::new(),
            depends_on: None,
            covers: Vec::new(),
            verification: None,
            draft: false,
        })
        .collect();
    let added: BTreeSet<u32> = (n + 1..next).collect();
    for &i in &order {
        let k = number[&i];
        if !added.contains(&k) {
            continue;
        }
        let t = &tasks[i];
        out.push(AnswerTask {
            number: Some(k),
            title: t.title.clone(),
            description: t.description.clone(),
            produces: t.produces.clone(),
            depends_on: Some(
                needs[i]
                    .iter()
                    .filter_map(|d| {
                        Some(AnswerDependency {
                            task: number[&index_of(&tasks, d.on)?],
                            kind: d.kind,
                        })
                    })
                    .collect(),
            ),
            covers: t.covers.iter().map(|c| c.to_string()).collect(),
            verification: t.verification.clone(),
            draft: t.draft,
        });
    }
    TaskListAnswer {
        tasks: out,
        notes: Vec::new(),
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Draft tasks have ids 1..n in draft order.
fn index_of(tasks: &[Task], id: TaskId) -> Option<usize> {
    (id.0 as usize).checked_sub(1).filter(|&i| i < tasks.len())
}

fn draft_task(id: TaskId, d: &Draft, layout: &Layout) -> Task {
    let mut t = Task::new(id, d.title.clone());
    t.description = d.description.clone();
    t.produces = d.produces.clone();
    t.covers = d.covers.clone();
    t.verification = Some(verify::for_draft(d, layout));
    t
}

/// Indices in an order where every task comes after what it needs, keeping
/// the layer order wherever the needs allow (Kahn's algorithm, always taking
/// the ready task that is earliest in layer order).
fn need_order(needs: &[Vec<crate::plan::Dependency>], tasks: &[Task]) -> Vec<usize> {
    let n = tasks.len();
    let mut waiting = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ds) in needs.iter().enumerate() {
        for d in ds {
            if let Some(j) = index_of(tasks, d.on) {
                waiting[i] += 1;
                dependents[j].push(i);
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        out.push(i);
        for &k in &dependents[i] {
            waiting[k] -= 1;
            if waiting[k] == 0 {
                ready.insert(k);
            }
        }
    }
    // `infer` never makes a cycle, but keep every task even if one slipped in.
    let placed: BTreeSet<usize> = out.iter().copied().collect();
    out.extend((0..n).filter(|i| !placed.contains(i)));
    out
}
