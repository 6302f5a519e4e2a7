//! `implementation-plan.md`: the plan as one document a reviewer reads and a
//! coding agent works from — summary and verdict, decisions, requirements,
//! the tasks in working order with what each produces, needs, and how it is
//! verified, parallel groups, the critical path, open risks, and a Mermaid
//! graph.
use std::collections::HashMap;
use std::fmt::Write as _;

use crate::analysis::{Report, Severity};
use crate::plan::{AmbiguityState, RequirementId, Session, TaskId, TaskStatus};

mod risks;
mod tasks;

use super::{mermaid, one_line, work_order};
use risks::risks;
use tasks::{critical, groups, tasks};

/// Above this many tasks the document leaves the graph out (code hosts stop
/// rendering Mermaid long before) and points to `--format mermaid`.
pub const GRAPH_TASK_LIMIT: usize = 150;

pub fn render(s: &Session, report: &Report) -> String {
    let mut o = String::new();
    let titles: HashMap<TaskId, &str> = s.tasks.iter().map(|t| (t.id, t.title.as_str())).collect();
    let order = work_order(s, report);

    let _ = writeln!(o, "# Implementation plan: {}\n", one_line(&s.title));
    header(&mut o, s, report);
    summary(&mut o, s, report);
    o.push_str("## How to work this plan\n\n");
    o.push_str(
        "Work the tasks in the order below. A task can start once every task under its \
         **Depends on** is done; tasks in the same parallel group can run at the same time. \
         A task is done when its **Verify** condition holds. Respect every decision and \
         constraint listed here; they settle questions the spec left open.\n\n",
    );
    decisions(&mut o, s);
    requirements(&mut o, s);
    tasks(&mut o, &order, &titles, report);
    groups(&mut o, s, report, &titles);
    critical(&mut o, report, &titles);
    risks(&mut o, s, report);
    o.push_str("## Dependency graph\n\n");
    if s.tasks.is_empty() {
        o.push_str("No tasks yet.\n");
    } else if s.tasks.len() > GRAPH_TASK_LIMIT {
        let _ = writeln!(
            o,
            "The plan has {} tasks, more than a rendered graph can show; export the full graph with \
             `planner-tui export {} --format mermaid` or `--format dot`.",
            s.tasks.len(),
            s.id
        );
    } else {
        o.push_str("```mermaid\n");
        mermaid::write_graph(&mut o, s, report);
        o.push_str("```\n");
    }
    o
}

fn header(o: &mut String, s: &Session, report: &Report) {
    let version = match s.versions.last() {
        Some(v) if v.tasks == s.tasks && v.constraints == s.spec.constraints => format!(
            "plan version {}, locked {} UTC",
            v.number,
            v.locked_at.short()
        ),
        Some(v) => format!(
            "draft: changed since version {} (locked {} UTC)",
            v.number,
            v.locked_at.short()
        ),
        None => "draft: not locked yet".to_string(),
    };
    let _ = writeln!(
        o,
        "Session `{}` · stage {} · {} · updated {} UTC\n",
        s.id,
        s.stage,
        version,
        s.updated.short()
    );
    // The same verdict `planner-tui validate` gives from the exact passes
    // (the model's readings are not part of an export).
    let verdict =
        crate::validate::validate(s, report, crate::validate::Readings::not_run()).verdict;
    let reasons = |list: &[crate::validate::Reason]| {
        list.iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match verdict.readiness {
        crate::validate::Readiness::Ready => o.push_str(
            "**Verdict: ready.** No errors in references, cycles or order, every requirement is covered, and nothing is left to check.\n\n",
        ),
        crate::validate::Readiness::ReadyWithWarnings => {
            let _ = writeln!(
                o,
                "**Verdict: ready, with warnings.** No errors in references, cycles or order, and every requirement is covered; still open: {}. See Open risks.\n",
                reasons(&verdict.warnings)
            );
        }
        crate::validate::Readiness::NotReady => {
            let _ = writeln!(
                o,
                "**Verdict: not ready.** {}; see Open risks. Fix them before handing tasks out.\n",
                capitalised(&reasons(&verdict.blockers))
            );
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn summary(o: &mut String, s: &Session, report: &Report) {
    o.push_str("## Summary\n\n");
    let k = &report.kinds;
    let _ = writeln!(
        o,
        "- {} task{}, {} dependenc{} (schema {}, interface {}, infrastructure {}, other {})",
        s.tasks.len(),
        plural(s.tasks.len()),
        report.dependency_count(),
        if report.dependency_count() == 1 {
            "y"
        } else {
            "ies"
        },
        k.schema,
        k.interface,
        k.infrastructure,
        k.other
    );
    if let Some(sc) = &report.schedule {
        let _ = writeln!(
            o,
            "- {} parallel group{}; the critical path has {} task{}",
            sc.wave_count(),
            plural(sc.wave_count()),
            sc.critical_path.len(),
            plural(sc.critical_path.len())
        );
    } else {
        o.push_str("- no parallel groups: the plan has cycles\n");
    }
    let done = s
        .tasks
        .iter()
        .filter(|t| t.status == TaskStatus::Done)
        .count();
    if done > 0 {
        let _ = writeln!(o, "- {done} of {} tasks done", s.tasks.len());
    }
    let reqs = &s.spec.requirements;
    let by = covered_by(s);
    let covered = reqs.iter().filter(|r| by.contains_key(&r.id)).count();
    let _ = writeln!(
        o,
        "- {} requirement{}, {covered} covered by a task",
        reqs.len(),
        plural(reqs.len())
    );
    let count =
        |f: fn(&AmbiguityState) -> bool| s.ambiguities.iter().filter(|a| f(&a.state)).count();
    let _ = writeln!(
        o,
        "- {} ambiguit{}: {} open, {} resolved, {} deferred",
        s.ambiguities.len(),
        if s.ambiguities.len() == 1 { "y" } else { "ies" },
        count(|st| matches!(st, AmbiguityState::Open)),
        count(|st| matches!(st, AmbiguityState::Resolved { .. })),
        count(|st| matches!(st, AmbiguityState::Deferred { .. }))
    );
    let _ = writeln!(
        o,
        "- analysis: {} error{}, {} warning{}",
        report.count(Severity::Error),
        plural(report.count(Severity::Error)),
        report.count(Severity::Warning),
        plural(report.count(Severity::Warning))
    );
    if let Some(ord) = &report.order
        && !ord.moves.is_empty()
    {
        let _ = writeln!(
            o,
            "- tasks are listed in the corrected order: {} task{} moved so each comes after what it depends on",
            ord.moves.len(),
            plural(ord.moves.len())
        );
    }
    o.push('\n');
}

fn decisions(o: &mut String, s: &Session) {
    o.push_str("## Decisions and constraints\n\n");
    if s.spec.constraints.is_empty() {
        o.push_str("None recorded.\n\n");
        return;
    }
    for c in &s.spec.constraints {
        let from = c
            .from
            .map(|a| format!(" (decides {a})"))
            .unwrap_or_default();
        let _ = writeln!(o, "- **{}**{from}: {}", c.id, one_line(&c.text));
    }
    o.push('\n');
}

fn requirements(o: &mut String, s: &Session) {
    if s.spec.requirements.is_empty() {
        return;
    }
    o.push_str("## Requirements\n\n");
    let by = covered_by(s);
    for r in &s.spec.requirements {
        let covered = match by.get(&r.id) {
            Some(ids) => {
                let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                format!("covered by {}", ids.join(", "))
            }
            None => "**not covered**".to_string(),
        };
        let _ = writeln!(o, "- **{}** {} — {covered}", r.id, one_line(&r.text));
    }
    o.push('\n');
}

/// Each requirement's covering tasks, in plan order.
fn covered_by(s: &Session) -> HashMap<&RequirementId, Vec<TaskId>> {
    let mut by: HashMap<&RequirementId, Vec<TaskId>> = HashMap::new();
    for t in &s.tasks {
        for r in &t.covers {
            let ids = by.entry(r).or_default();
            if ids.last() != Some(&t.id) {
                ids.push(t.id);
            }
        }
    }
    by
}

pub(super) fn named(id: TaskId, titles: &HashMap<TaskId, &str>) -> String {
    match titles.get(&id) {
        Some(t) => format!("{id} '{}'", one_line(t)),
        None => id.to_string(),
    }
}

/// Inline code that survives backticks in the text.
pub(super) fn code(text: &str) -> String {
    let text = one_line(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
