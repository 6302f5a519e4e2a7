//! The offline decomposition. A spec that is already a plan gives its own
//! steps ([`super::steps`]). Otherwise the pieces [`super::components`] knows
//! how to build are kept only when every name they produce can be traced to
//! the documents or the stack's conventions ([`super::truth`]) and none plans
//! what the spec excludes; a requirement that names its own files gets a task
//! for them; every other requirement becomes one draft task that says it
//! still has to be broken down. Pieces are ordered by layer, given
//! dependencies read off their text ([`super::deps`]), put in an order where
//! every task follows what it needs, and given verification conditions
//! ([`super::verify`]). On a plan that already has tasks, those stay exactly
//! as they are and only pieces that match none of them (by title or by the
//! first file produced) are added, after them.
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::plan::{Session, Task, TaskId};
use crate::planners::answer::{AnswerDependency, AnswerTask, TaskListAnswer};

use super::components::{self, Draft};
use super::deps;
use super::layers::Layer;
use super::layout::Layout;
use super::spec::SpecFacts;
use super::text::is_path;
use super::truth::Vocabulary;
use super::verify;

pub fn decompose(session: &Session, facts: &SpecFacts, layout: &Layout) -> TaskListAnswer {
    if session.tasks.is_empty()
        && let Some(plan) = super::steps::as_plan(session, layout)
    {
        return plan;
    }
    let mut drafts = trusted(session, components::drafts(facts, layout), layout);
    drafts.extend(named_files(session, &drafts, layout));
    drafts.sort_by_key(|d| d.layer);
    let tasks: Vec<Task> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| draft_task(TaskId(i as u32 + 1), d, layout, session))
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
    // What could not be decomposed with names true to the documents.
    let covered: HashSet<String> = out
        .iter()
        .flat_map(|t| t.covers.iter().cloned())
        .chain(
            session
                .tasks
                .iter()
                .flat_map(|t| t.covers.iter().map(|c| c.to_string())),
        )
        .collect();
    let mut notes = Vec::new();
    let mut drafted = 0;
    for r in &session.spec.requirements {
        if covered.contains(r.id.as_str()) {
            continue;
        }
        drafted += 1;
        out.push(AnswerTask {
            number: Some(next),
            title: format!("Break down {}: {}", r.id, short(&r.text, 60)),
            description: format!(
                "A draft for {id}, which the offline planner could not break into tasks that each name a file, \
                 type or table without guessing{why}. Split it into such tasks, each with a check, or decompose \
                 it with a model. {id} says: \"{text}\"",
                id = r.id,
                why = if layout.lang == super::layout::Lang::Unknown {
                    " (the documents do not say which language or framework the system uses)"
                } else {
                    ""
                },
                text = r.text.trim()
            ),
            produces: Vec::new(),
            depends_on: Some(Vec::new()),
            covers: vec![r.id.to_string()],
            verification: None,
            draft: true,
        });
        next += 1;
    }
    if drafted > 0 {
        notes.push(format!(
            "{drafted} requirement{} left as draft task{}: the offline planner does not invent names it cannot \
             trace to the spec, the context or the stack's conventions",
            if drafted == 1 { "" } else { "s" },
            if drafted == 1 { "" } else { "s" }
        ));
    }
    TaskListAnswer { tasks: out, notes }
}

/// The components whose every name traces to the documents or the stack's
/// conventions and which plan nothing the spec excludes. An end-to-end
/// test of a flow stays only with enough of the flow around it.
fn trusted(session: &Session, drafts: Vec<Draft>, layout: &Layout) -> Vec<Draft> {
    if layout.lang == super::layout::Lang::Unknown && layout.paths.is_empty() {
        // No stack in the documents: no file can be named with confidence.
        return Vec::new();
    }
    let vocab = Vocabulary::of(session);
    let reqs: HashMap<&str, &str> = session
        .spec
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.text.as_str()))
        .collect();
    let mut kept: Vec<Draft> = drafts
        .into_iter()
        .filter(|d| d.produces.iter().all(|p| vocab.traces(p)))
        .filter(|d| {
            let covered: Vec<&str> = d
                .covers
                .iter()
                .filter_map(|c| reqs.get(c.as_str()).copied())
                .collect();
            !session
                .spec
                .exclusions
                .iter()
                .any(|x| crate::analysis::plans_exclusion(&d.title, &covered, &x.text))
        })
        .collect();
    // An end-to-end test walks a flow; with fewer than four pieces left
    // there is no flow to walk.
    let flows = kept.iter().filter(|d| d.layer != Layer::Checks).count();
    if flows < 4 {
        kept.retain(|d| !d.title.ends_with("flow end to end"));
    }
    kept
}

/// A task for each requirement not yet covered that names the files it
/// changes (`app/Models/TaskListMember.php`): the spec says where the work is.
fn named_files(session: &Session, drafts: &[Draft], layout: &Layout) -> Vec<Draft> {
    let covered: HashSet<String> = drafts
        .iter()
        .flat_map(|d| d.covers.iter().map(|c| c.to_string()))
        .collect();
    let mut taken: HashSet<String> = drafts.iter().flat_map(|d| d.produces.clone()).collect();
    let mut out = Vec::new();
    for r in &session.spec.requirements {
        if covered.contains(r.id.as_str()) {
            continue;
        }
        let files: Vec<String> = r
            .text
            .split(|c: char| {
                c.is_whitespace() || matches!(c, '`' | '(' | ')' | ',' | ';' | '"' | '\'')
            })
            .map(|t| t.trim_end_matches(['.', ':']))
            .filter(|t| t.contains('/') && super::text::project_file(t))
            .map(str::to_string)
            .filter(|f| taken.insert(f.clone()))
            .collect();
        if files.is_empty() {
            continue;
        }
        let layer = super::layers::of_path(&files[0]).unwrap_or(Layer::Services);
        out.push(Draft {
            layer,
            title: format!("Write {} for {}", files.join(", "), r.id),
            description: format!(
                "{} asks: \"{}\" The spec names where: {}.",
                r.id,
                r.text.trim(),
                files.join(", ")
            ),
            produces: files,
            covers: vec![r.id.clone()],
            unit: super::truth::name_words(&r.id.to_string()),
            check: None,
        });
    }
    let _ = layout;
    out
}

/// At most `max` characters of `s` on one line, cut at a word.
fn short(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        return one.trim_end_matches('.').to_string();
    }
    let cut: String = one.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
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

fn draft_task(id: TaskId, d: &Draft, layout: &Layout, session: &Session) -> Task {
    let mut t = Task::new(id, d.title.clone());
    t.description = d.description.clone();
    t.produces = d.produces.clone();
    // Decisions already taken hold for new tasks too.
    let follows: Vec<String> = session
        .spec
        .constraints
        .iter()
        .filter(|c| c.spec.is_none() && super::revise::talks_about(&t, c))
        .map(|c| format!("Follows {}: {}", c.id, c.text.trim()))
        .collect();
    if !follows.is_empty() {
        t.description = format!("{}\n{}", t.description.trim_end(), follows.join("\n"));
    }
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
