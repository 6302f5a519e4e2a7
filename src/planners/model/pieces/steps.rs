//! What one piece of each step is about, and its text: the items a step
//! is split into (tasks, requirements with their tasks), each item's cost in
//! prompt tokens, and how a run of items becomes a piece. Indexes over the
//! plan (positions, dependents, tasks by requirement) are built once per
//! step, so splitting a plan of any size stays linear.
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::super::budget::Budget;
use super::super::narrow::Scope;
use super::Draft;
use super::shared::one_line;
use crate::plan::{AmbiguityState, Session, Task, TaskId};
use crate::planners::Step;

/// A step's items and how a run of them becomes a piece.
pub(super) struct Items<'a> {
    /// Prompt tokens of each item.
    pub costs: Vec<u32>,
    /// Answer items each item asks for (a requirement with many tasks to
    /// keep asks for more than one); empty: one each.
    pub answers: Vec<u32>,
    /// What each item is, for a refusal: `task 12 "Add the queue"`.
    pub labels: Vec<String>,
    pub build: Box<dyn Fn(Range<usize>) -> Draft + 'a>,
}

/// The ids of the spec's questions, assumptions and edge cases.
pub fn spec_item_ids(s: &Session) -> Vec<String> {
    let spec = &s.spec;
    spec.questions
        .iter()
        .chain(&spec.assumptions)
        .chain(&spec.edge_cases)
        .map(|i| i.id.clone())
        .collect()
}

/// Most tasks shown with one requirement in one item.
const TASKS_PER_ITEM: usize = 30;
/// Tasks before a batch shown as possible needs (dependencies step).
const PRECEDING: usize = 12;
/// Dependents of each task shown (dependencies step).
const DEPENDENTS: usize = 4;

struct Plan<'a> {
    s: &'a Session,
    pos: HashMap<TaskId, usize>,
}

impl<'a> Plan<'a> {
    fn new(s: &'a Session) -> Self {
        let mut pos = HashMap::with_capacity(s.tasks.len());
        for (i, t) in s.tasks.iter().enumerate() {
            pos.entry(t.id).or_insert(i);
        }
        Plan { s, pos }
    }

    fn title(&self, i: usize) -> String {
        short(&self.s.tasks[i].title, 70)
    }

    /// One task in the compact form: number, title, what it produces, its
    /// dependencies (by local number when shown, else by title), covers.
    fn line(&self, n: usize, t: &Task, local: &HashMap<usize, usize>, detail: Detail) -> String {
        let mut out = format!("{n}. {}", one_line(&t.title));
        if !t.produces.is_empty() {
            out.push_str(" | produces: ");
            out.push_str(&short(&t.produces.join(", "), 200));
        }
        if detail == Detail::Title {
            return out;
        }
        let deps: Vec<String> = t
            .depends_on
            .iter()
            .filter_map(|d| {
                let p = *self.pos.get(&d.on)?;
                Some(match local.get(&p) {
                    Some(k) => format!("{k} ({})", d.kind),
                    None => format!("\"{}\" ({})", self.title(p), d.kind),
                })
            })
            .collect();
        if !deps.is_empty() {
            out.push_str(" | needs: ");
            out.push_str(&deps.join(", "));
        }
        if !t.covers.is_empty() {
            let c: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
            out.push_str(" | covers: ");
            out.push_str(&c.join(", "));
        }
        if detail == Detail::Full {
            if !t.description.trim().is_empty() {
                out.push_str("\n   ");
                out.push_str(&short(&t.description, 400));
            }
            if let Some(v) = &t.verification {
                out.push_str("\n   current check: ");
                out.push_str(&short(v, 200));
            }
        }
        out
    }

    fn lines(&self, tasks: &[usize], detail: Detail) -> String {
        let local: HashMap<usize, usize> =
            tasks.iter().enumerate().map(|(k, &p)| (p, k + 1)).collect();
        tasks
            .iter()
            .enumerate()
            .map(|(k, &p)| self.line(k + 1, &self.s.tasks[p], &local, detail))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// An item's cost: its line with every dependency written out by title.
    fn cost(&self, budget: &Budget, p: usize, detail: Detail) -> u32 {
        let empty = HashMap::new();
        budget.tokens(&self.line(p + 1, &self.s.tasks[p], &empty, detail)) + 2
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Title,
    Compact,
    Full,
}

fn short(s: &str, max: usize) -> String {
    let flat = one_line(s);
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

fn span(range: &[usize]) -> String {
    match (range.first(), range.last()) {
        (Some(a), Some(b)) if a == b => format!("task {}", a + 1),
        (Some(a), Some(b)) => format!("tasks {}–{}", a + 1, b + 1),
        _ => "no tasks".to_string(),
    }
}

pub(super) fn items<'a>(step: Step, s: &'a Session, budget: &'a Budget) -> Items<'a> {
    match step {
        Step::Verify | Step::Integration => batches(step, s, budget, None),
        Step::Revise => batches(step, s, budget, Some(touched(s))),
        Step::Dependencies => neighbourhoods(s, budget),
        Step::Ambiguities | Step::Decompose => requirement_groups(step, s, budget),
        Step::Completeness => coverage_groups(s, budget),
    }
}

/// Tasks the settled ambiguities affect; every task when none names any.
fn touched(s: &Session) -> Vec<usize> {
    let plan = Plan::new(s);
    let mut set: Vec<usize> = s
        .ambiguities
        .iter()
        .filter(|a| matches!(a.state, AmbiguityState::Resolved { .. }))
        .flat_map(|a| a.affects.iter().filter_map(|t| plan.pos.get(t).copied()))
        .collect();
    set.sort_unstable();
    set.dedup();
    if set.is_empty() {
        (0..s.tasks.len()).collect()
    } else {
        set
    }
}

/// Verify, integration and revise: a batch of tasks (all of them, or the
/// ones `only` names), shown in full.
fn batches<'a>(
    step: Step,
    s: &'a Session,
    budget: &'a Budget,
    only: Option<Vec<usize>>,
) -> Items<'a> {
    let plan = Plan::new(s);
    let tasks: Vec<usize> = only.unwrap_or_else(|| (0..s.tasks.len()).collect());
    let costs = tasks
        .iter()
        .map(|&p| plan.cost(budget, p, Detail::Full))
        .collect();
    let labels = tasks
        .iter()
        .map(|&p| format!("task {} \"{}\"", p + 1, plan.title(p)))
        .collect();
    let n = s.tasks.len();
    let build = move |r: Range<usize>| {
        let chosen: Vec<usize> = tasks[r].to_vec();
        let k = chosen.len();
        let what = match step {
            Step::Verify => "Give one verification for each of these tasks",
            Step::Integration => "Check how each of these tasks fits the existing system",
            _ => "Revise these tasks as the decisions require",
        };
        let mut user = format!(
            "{what}. They are {} of the plan's {n}, numbered 1 to {k} here.\n\n{}",
            span(&chosen),
            plan.lines(&chosen, Detail::Full)
        );
        let mut scope = Scope {
            focus: k as u32,
            shown: k as u32,
            ..Scope::default()
        };
        if step == Step::Revise {
            let extra = (k as u32).max(5);
            user.push_str(&format!(
                "\n\nReturn the tasks 1 to {k} that stay (revised or not) in the order they should be done; number new tasks from {} to {}.",
                k + 1,
                k as u32 + extra
            ));
            scope.new_up_to = Some(k as u32 + extra);
            scope.requirements = requirement_scope(s, &chosen);
        } else {
            user.push_str(&format!("\n\nAnswer for the tasks 1 to {k}."));
        }
        Draft {
            covers: span(&chosen),
            user,
            scope,
            items: k,
            tasks: chosen,
        }
    };
    Items {
        costs,
        answers: Vec::new(),
        labels,
        build: Box::new(build),
    }
}

/// Requirement ids a task list answer may cover: all of them when the
/// list is short enough to be an enum, else the ones the tasks cover now.
fn requirement_scope(s: &Session, tasks: &[usize]) -> Vec<String> {
    if s.spec.requirements.len() <= 400 {
        return s
            .spec
            .requirements
            .iter()
            .map(|r| r.id.as_str().to_string())
            .collect();
    }
    let mut ids: Vec<String> = tasks
        .iter()
        .flat_map(|&p| s.tasks[p].covers.iter().map(|r| r.as_str().to_string()))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Dependencies: a batch of tasks to map, and the tasks they may need —
/// what they depend on now, a few of what depends on them, and the tasks
/// just before the batch.
fn neighbourhoods<'a>(s: &'a Session, budget: &'a Budget) -> Items<'a> {
    let plan = Plan::new(s);
    let n = s.tasks.len();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in s.tasks.iter().enumerate() {
        for d in &t.depends_on {
            if let Some(&p) = plan.pos.get(&d.on)
                && dependents[p].len() < DEPENDENTS
                && p != i
            {
                dependents[p].push(i);
            }
        }
    }
    let costs = (0..n)
        .map(|p| {
            let t = &s.tasks[p];
            let around: u32 = t
                .depends_on
                .iter()
                .filter_map(|d| plan.pos.get(&d.on))
                .chain(&dependents[p])
                .map(|&q| plan.cost(budget, q, Detail::Title))
                .sum();
            // The preceding tasks shown with a batch, shared out per task.
            plan.cost(budget, p, Detail::Compact) + around + plan.cost(budget, p, Detail::Title)
        })
        .collect();
    let labels = (0..n)
        .map(|p| {
            format!(
                "task {} \"{}\" with the tasks around it",
                p + 1,
                plan.title(p)
            )
        })
        .collect();
    let build = move |r: Range<usize>| {
        let focus: Vec<usize> = r.clone().collect();
        let in_focus: HashSet<usize> = focus.iter().copied().collect();
        let mut around: Vec<usize> = Vec::new();
        let mut seen: HashSet<usize> = HashSet::new();
        let mut add = |q: usize, around: &mut Vec<usize>| {
            if !in_focus.contains(&q) && seen.insert(q) {
                around.push(q);
            }
        };
        for &p in &focus {
            for d in &s.tasks[p].depends_on {
                if let Some(&q) = plan.pos.get(&d.on) {
                    add(q, &mut around);
                }
            }
            for &q in &dependents[p] {
                add(q, &mut around);
            }
        }
        for q in r.start.saturating_sub(PRECEDING)..r.start {
            add(q, &mut around);
        }
        around.sort_unstable();
        let k = focus.len();
        let m = k + around.len();
        let mut all = focus.clone();
        all.extend(&around);
        let local: HashMap<usize, usize> =
            all.iter().enumerate().map(|(j, &p)| (p, j + 1)).collect();
        let mapped: Vec<String> = focus
            .iter()
            .enumerate()
            .map(|(j, &p)| plan.line(j + 1, &s.tasks[p], &local, Detail::Compact))
            .collect();
        let shown: Vec<String> = around
            .iter()
            .enumerate()
            .map(|(j, &p)| plan.line(k + j + 1, &s.tasks[p], &local, Detail::Title))
            .collect();
        let mut user = format!(
            "Tasks to map: {} of the plan's {n}, numbered 1 to {k} here (\"needs\" is what each depends on now):\n{}",
            span(&focus),
            mapped.join("\n")
        );
        if !shown.is_empty() {
            user.push_str(&format!(
                "\n\nOther tasks they may need, numbered {} to {m}:\n{}",
                k + 1,
                shown.join("\n")
            ));
        }
        user.push_str(&format!(
            "\n\nGive one entry for each of the tasks 1 to {k}; dependencies may name any task 1 to {m}."
        ));
        Draft {
            covers: span(&focus),
            user,
            scope: Scope {
                focus: k as u32,
                shown: m as u32,
                ..Scope::default()
            },
            items: k,
            tasks: all,
        }
    };
    Items {
        costs,
        answers: Vec::new(),
        labels,
        build: Box::new(build),
    }
}

/// One requirement (or none) with a run of the tasks assigned to it.
struct Group {
    requirement: Option<usize>,
    tasks: Vec<usize>,
}

/// Each task under the first requirement it covers; chunks of tasks per
/// requirement, and chunks of the tasks covering none at the end.
fn assign(s: &Session, per_item: usize) -> Vec<Group> {
    let index: HashMap<&str, usize> = s
        .spec
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut by_req: Vec<Vec<usize>> = vec![Vec::new(); s.spec.requirements.len()];
    let mut none: Vec<usize> = Vec::new();
    for (p, t) in s.tasks.iter().enumerate() {
        match t.covers.iter().find_map(|c| index.get(c.as_str())) {
            Some(&r) => by_req[r].push(p),
            None => none.push(p),
        }
    }
    let mut out = Vec::new();
    for (r, tasks) in by_req.into_iter().enumerate() {
        if tasks.is_empty() {
            out.push(Group {
                requirement: Some(r),
                tasks,
            });
            continue;
        }
        for chunk in tasks.chunks(per_item) {
            out.push(Group {
                requirement: Some(r),
                tasks: chunk.to_vec(),
            });
        }
    }
    for chunk in none.chunks(per_item) {
        out.push(Group {
            requirement: None,
            tasks: chunk.to_vec(),
        });
    }
    out
}

fn requirement_line(s: &Session, r: usize, with_details: bool) -> String {
    let req = &s.spec.requirements[r];
    // Never cut: a requirement that cannot fit is refused, not shortened.
    let mut out = format!("- {}: {}", req.id, one_line(&req.text));
    if with_details {
        for d in req.details.iter().take(8) {
            out.push_str("\n  - ");
            out.push_str(&short(d, 200));
        }
    }
    out
}

/// Ambiguities and decompose: groups of requirements with the tasks that
/// cover them.
fn requirement_groups<'a>(step: Step, s: &'a Session, budget: &'a Budget) -> Items<'a> {
    let plan = Plan::new(s);
    let per_item = if step == Step::Decompose {
        10
    } else {
        TASKS_PER_ITEM
    };
    let detail = if step == Step::Decompose {
        Detail::Full
    } else {
        Detail::Compact
    };
    let groups = assign(s, per_item);
    let costs = groups
        .iter()
        .map(|g| {
            let req = g
                .requirement
                .map_or(0, |r| budget.tokens(&requirement_line(s, r, true)) + 2);
            req + g
                .tasks
                .iter()
                .map(|&p| plan.cost(budget, p, detail))
                .sum::<u32>()
        })
        .collect();
    let answers: Vec<u32> = groups
        .iter()
        .map(|g| {
            if step == Step::Decompose {
                1 + g.tasks.len() as u32 / 2
            } else {
                1
            }
        })
        .collect();
    let labels = groups
        .iter()
        .map(|g| match g.requirement {
            Some(r) => format!(
                "requirement {} with {} of its tasks",
                s.spec.requirements[r].id,
                g.tasks.len()
            ),
            None => format!("{} covering no requirement", span(&g.tasks)),
        })
        .collect();
    let spec_items = spec_item_ids(s);
    let build = move |r: Range<usize>| {
        let chosen = &groups[r];
        let mut reqs: Vec<usize> = chosen.iter().filter_map(|g| g.requirement).collect();
        reqs.dedup();
        let mut tasks: Vec<usize> = chosen
            .iter()
            .flat_map(|g| g.tasks.iter().copied())
            .collect();
        tasks.sort_unstable();
        tasks.dedup();
        let k = tasks.len();
        let ids: Vec<String> = reqs
            .iter()
            .map(|&r| s.spec.requirements[r].id.as_str().to_string())
            .collect();
        let covers = match (ids.first(), ids.last()) {
            (Some(a), Some(b)) if a == b => format!("requirement {a}"),
            (Some(a), Some(b)) => format!("requirements {a}–{b}"),
            _ => format!("{} covering no requirement", span(&tasks)),
        };
        let mut user = String::new();
        if !reqs.is_empty() {
            user.push_str("Requirements of this group:\n");
            let lines: Vec<String> = reqs
                .iter()
                .map(|&r| requirement_line(s, r, step == Step::Decompose))
                .collect();
            user.push_str(&lines.join("\n"));
            user.push_str("\n\n");
        }
        if k == 0 {
            user.push_str("The plan has no tasks for them yet.");
        } else {
            user.push_str(&format!(
                "The plan's tasks for {}, numbered 1 to {k} here:\n{}",
                if reqs.is_empty() {
                    "no requirement"
                } else {
                    "them"
                },
                plan.lines(&tasks, detail)
            ));
        }
        let mut scope = Scope {
            focus: k as u32,
            shown: k as u32,
            requirements: ids,
            ..Scope::default()
        };
        if step == Step::Decompose {
            let extra = (reqs.len() as u32 * 8).max(8);
            let first = k as u32 + 1;
            user.push_str(&format!(
                "\n\nReturn the complete task list for this group: keep the numbers of the tasks 1 to {k} you keep, and number new tasks from {first} to {}. Cover every requirement of the group.",
                k as u32 + extra
            ));
            scope.new_up_to = Some(k as u32 + extra);
            if scope.requirements.is_empty() {
                scope.requirements = requirement_scope(s, &tasks);
            }
        } else {
            scope.spec_items = spec_items.clone();
            user.push_str(&format!(
                "\n\nList what is open for these requirements and tasks; `affects` names tasks 1 to {k}."
            ));
        }
        Draft {
            covers,
            user,
            scope,
            items: if step == Step::Decompose {
                reqs.len().max(1) + k / 2
            } else {
                1
            },
            tasks,
        }
    };
    Items {
        costs,
        answers,
        labels,
        build: Box::new(build),
    }
}

/// Completeness: groups of requirements, each with the titles of a few of
/// the tasks that claim to cover it.
fn coverage_groups<'a>(s: &'a Session, budget: &'a Budget) -> Items<'a> {
    let mut covering: HashMap<&str, Vec<usize>> = HashMap::new();
    for (p, t) in s.tasks.iter().enumerate() {
        for c in &t.covers {
            let list = covering.entry(c.as_str()).or_default();
            if list.len() < 4 {
                list.push(p);
            }
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in &s.tasks {
        for c in &t.covers {
            *counts.entry(c.as_str()).or_default() += 1;
        }
    }
    let line = move |r: usize| {
        let req = &s.spec.requirements[r];
        let mut out = requirement_line(s, r, true);
        match covering.get(req.id.as_str()) {
            None => out.push_str("\n  covered by: no task"),
            Some(list) => {
                let titles: Vec<String> = list
                    .iter()
                    .map(|&p| format!("\"{}\"", short(&s.tasks[p].title, 70)))
                    .collect();
                out.push_str("\n  covered by: ");
                out.push_str(&titles.join(", "));
                let all = counts.get(req.id.as_str()).copied().unwrap_or(0);
                if all > list.len() {
                    out.push_str(&format!(" and {} more", all - list.len()));
                }
            }
        }
        out
    };
    let n = s.spec.requirements.len();
    let lines: Vec<String> = (0..n).map(line).collect();
    let costs = lines.iter().map(|l| budget.tokens(l) + 2).collect();
    let labels = s
        .spec
        .requirements
        .iter()
        .map(|r| format!("requirement {}", r.id))
        .collect();
    let build = move |r: Range<usize>| {
        let ids: Vec<String> = s.spec.requirements[r.clone()]
            .iter()
            .map(|q| q.id.as_str().to_string())
            .collect();
        let covers = match (ids.first(), ids.last()) {
            (Some(a), Some(b)) if a == b => format!("requirement {a}"),
            (Some(a), Some(b)) => format!("requirements {a}–{b}"),
            _ => "the specification's intent".to_string(),
        };
        let body = if r.is_empty() {
            "The specification lists no requirements; read it for intent the plan misses."
                .to_string()
        } else {
            format!(
                "Requirements of this group, with the tasks that claim to cover them:\n{}",
                lines[r.clone()].join("\n")
            )
        };
        Draft {
            covers,
            user: body,
            scope: Scope {
                requirements: ids,
                ..Scope::default()
            },
            items: r.len(),
            tasks: Vec::new(),
        }
    };
    Items {
        costs,
        answers: Vec::new(),
        labels,
        build: Box::new(build),
    }
}
