//! `implementation-plan.md`: the plan as one document a reviewer reads and a
//! coding agent works from — summary and verdict, decisions, requirements,
//! the tasks in working order with what each produces, needs, and how it is
//! verified, parallel groups, the critical path, open risks, and a Mermaid
//! graph.
use std::collections::HashMap;
use std::fmt::Write as _;

use crate::analysis::{Report, Severity};
use crate::plan::{AmbiguityState, RequirementId, Session, Task, TaskId, TaskStatus};
use crate::sanitize::for_file;

use super::{mermaid, one_line, work_order};

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
        Some(v) if v.tasks == s.tasks => format!(
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
    let errors = report.count(Severity::Error);
    if errors == 0 {
        o.push_str(
            "**Verdict: ready.** The analysis found no errors in references, cycles or order.\n\n",
        );
    } else {
        let _ = writeln!(
            o,
            "**Verdict: not ready.** The analysis found {errors} error{}; see Open risks. \
             Fix them before handing tasks out.\n",
            plural(errors)
        );
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

fn tasks(o: &mut String, order: &[&Task], titles: &HashMap<TaskId, &str>, report: &Report) {
    o.push_str("## Tasks\n\n");
    if order.is_empty() {
        o.push_str("No tasks yet.\n\n");
        return;
    }
    let wave: HashMap<TaskId, usize> = match &report.schedule {
        Some(sc) => sc
            .waves()
            .enumerate()
            .flat_map(|(w, ids)| ids.iter().map(move |id| (*id, w + 1)))
            .collect(),
        None => HashMap::new(),
    };
    for (i, t) in order.iter().enumerate() {
        let _ = writeln!(o, "### {}. {} — {}\n", i + 1, t.id, one_line(&t.title));
        let desc = t.description.trim();
        if !desc.is_empty() {
            o.push_str(desc);
            o.push_str("\n\n");
        }
        if t.status != TaskStatus::Pending {
            let _ = writeln!(o, "- **Status:** {}", t.status.as_str());
        }
        if t.produces.is_empty() {
            o.push_str("- **Produces:** (not stated)\n");
        } else {
            let items: Vec<String> = t.produces.iter().map(|p| code(p)).collect();
            let _ = writeln!(o, "- **Produces:** {}", items.join(", "));
        }
        if t.depends_on.is_empty() {
            o.push_str("- **Depends on:** nothing; can start at once\n");
        } else {
            let deps: Vec<String> = t
                .depends_on
                .iter()
                .map(|d| match titles.get(&d.on) {
                    Some(title) => format!("{} {} — '{}'", d.on, d.kind, one_line(title)),
                    None => format!("{} {} — not in the plan", d.on, d.kind),
                })
                .collect();
            let _ = writeln!(o, "- **Depends on:** {}", deps.join("; "));
        }
        match t.verification.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => {
                let _ = writeln!(o, "- **Verify:** {}", one_line(v));
            }
            _ => o.push_str("- **Verify:** (missing: decide how to tell this task is done)\n"),
        }
        if t.covers.is_empty() {
            o.push_str("- **Covers:** no requirement\n");
        } else {
            let c: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(o, "- **Covers:** {}", c.join(", "));
        }
        if let Some(w) = wave.get(&t.id) {
            let _ = writeln!(o, "- **Parallel group:** {w}");
        }
        o.push('\n');
    }
}

fn groups(o: &mut String, s: &Session, report: &Report, titles: &HashMap<TaskId, &str>) {
    o.push_str("## Parallel groups\n\n");
    let Some(sc) = &report.schedule else {
        o.push_str("None: the plan has cycles, so no order satisfies it. See Open risks.\n\n");
        return;
    };
    if s.tasks.is_empty() {
        o.push_str("No tasks yet.\n\n");
        return;
    }
    o.push_str("Every task in a group can start once all earlier groups are done.\n\n");
    for (w, ids) in sc.waves().enumerate() {
        let names: Vec<String> = ids.iter().map(|id| named(*id, titles)).collect();
        let _ = writeln!(o, "{}. {}", w + 1, names.join(", "));
    }
    o.push('\n');
}

fn critical(o: &mut String, report: &Report, titles: &HashMap<TaskId, &str>) {
    o.push_str("## Critical path\n\n");
    match &report.schedule {
        Some(sc) if !sc.critical_path.is_empty() => {
            let _ = writeln!(
                o,
                "The longest chain of dependencies ({} task{}); a delay on any of these delays the whole plan:\n",
                sc.critical_path.len(),
                plural(sc.critical_path.len())
            );
            let names: Vec<String> = sc
                .critical_path
                .iter()
                .map(|id| named(*id, titles))
                .collect();
            let _ = writeln!(o, "{}\n", names.join(" → "));
        }
        Some(_) => o.push_str("No tasks yet.\n\n"),
        None => o.push_str("None: the plan has cycles.\n\n"),
    }
}

fn risks(o: &mut String, s: &Session, report: &Report) {
    o.push_str("## Open risks\n\n");
    let ambs: Vec<_> = s
        .ambiguities
        .iter()
        .filter(|a| {
            matches!(
                a.state,
                AmbiguityState::Open | AmbiguityState::Deferred { .. }
            )
        })
        .collect();
    let findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    if ambs.is_empty() && findings.is_empty() {
        o.push_str("None: no open ambiguities and no findings.\n\n");
        return;
    }
    if !ambs.is_empty() {
        o.push_str("### Ambiguities\n\n");
        for a in ambs {
            let state = match &a.state {
                AmbiguityState::Deferred { reason } if !reason.trim().is_empty() => {
                    format!("deferred: {}", one_line(reason))
                }
                st => st.label().to_string(),
            };
            let _ = writeln!(
                o,
                "- **{}** ({}, {}): {}",
                a.id,
                a.category.as_str(),
                state,
                one_line(&a.summary)
            );
            if !a.risk.trim().is_empty() {
                let _ = writeln!(o, "  - Risk if wrong: {}", one_line(&a.risk));
            }
            if !a.resolution_hint.trim().is_empty() {
                let _ = writeln!(o, "  - Would settle it: {}", one_line(&a.resolution_hint));
            }
            if !a.affects.is_empty() {
                let ids: Vec<String> = a.affects.iter().map(|i| i.to_string()).collect();
                let _ = writeln!(o, "  - Affects: {}", ids.join(", "));
            }
        }
        o.push('\n');
    }
    if !findings.is_empty() {
        o.push_str("### Findings\n\n");
        for f in findings {
            let _ = writeln!(
                o,
                "- {} `{}`: {}",
                f.severity,
                f.code,
                one_line(&for_file(&f.message))
            );
        }
        o.push('\n');
    }
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

fn named(id: TaskId, titles: &HashMap<TaskId, &str>) -> String {
    match titles.get(&id) {
        Some(t) => format!("{id} '{}'", one_line(t)),
        None => id.to_string(),
    }
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    let text = one_line(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
