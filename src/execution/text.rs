//! What `planner-tui next` prints, and the sentences that say why nothing
//! can start (also the MCP server's and the app's). Every piece of user or
//! model text is made safe for a terminal.
use std::fmt::Write as _;

use super::{Blocker, Hold, Idle, Next, Progress, TaskContext, status_words};
use crate::plan::{Session, TaskId};
use crate::sanitize::one_line;

/// Blockers listed before the rest are counted.
const LISTED: usize = 12;

/// The whole answer of `next`: the task with its context, or why there is
/// none; then the progress. `session_ref` is how the user named the
/// session, for the commands suggested.
pub fn render(session: &Session, next: &Next, session_ref: &str) -> String {
    let mut o = String::new();
    match next {
        Next::Start {
            position,
            also_ready,
        } => {
            if let Some(ctx) = TaskContext::new(session, *position) {
                task(&mut o, &ctx);
                if !also_ready.is_empty() {
                    let _ = writeln!(o, "  {:<12} {}", "also ready", ids(also_ready, 10));
                }
                let id = ctx.task.id;
                let _ = writeln!(o, "\n{}.", Progress::of(session).summary());
                let _ = writeln!(
                    o,
                    "The brief for a coding agent: planner-tui prompt {session_ref} {id}\nWhen it is done: planner-tui status {session_ref} {id} done"
                );
            }
        }
        Next::Idle(idle) => {
            for line in idle_lines(idle) {
                let _ = writeln!(o, "{line}");
            }
            if !matches!(idle, Idle::NoTasks) {
                let _ = writeln!(o, "\n{}.", Progress::of(session).summary());
            }
        }
    }
    o
}

/// A task and what surrounds it, one field a line.
pub fn task(o: &mut String, ctx: &TaskContext<'_>) {
    let t = ctx.task;
    let _ = writeln!(
        o,
        "Next: {} (#{})  {}  [{}]",
        t.id,
        ctx.position + 1,
        one_line(&t.title),
        t.status.as_str()
    );
    let field = |o: &mut String, name: &str, value: &str| {
        let _ = writeln!(o, "  {name:<12} {value}");
    };
    if !t.description.trim().is_empty() {
        field(o, "description", &one_line(&t.description));
    }
    let produces: Vec<String> = t.produces.iter().map(|p| one_line(p)).collect();
    field(
        o,
        "produces",
        &if produces.is_empty() {
            "(nothing named)".to_string()
        } else {
            produces.join(", ")
        },
    );
    field(
        o,
        "verify",
        &t.verification
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .map_or_else(|| "(no verification yet)".to_string(), one_line),
    );
    for (i, (id, req)) in ctx.requirements.iter().enumerate() {
        let text = req.map_or_else(|| "(not in the spec)".to_string(), |r| one_line(&r.text));
        field(
            o,
            if i == 0 { "covers" } else { "" },
            &format!("{}  {text}", one_line(id.as_str())),
        );
    }
    for (i, c) in ctx.constraints.iter().enumerate() {
        field(
            o,
            if i == 0 { "constraints" } else { "" },
            &format!("{}  {}", c.id, one_line(&c.text)),
        );
    }
    for (i, (d, dep)) in ctx.dependencies.iter().enumerate() {
        let name = if i == 0 { "depends on" } else { "" };
        match dep {
            Some(dep) => {
                field(
                    o,
                    name,
                    &format!(
                        "{} ({}, {})  {}",
                        d.on,
                        d.kind,
                        dep.status.as_str(),
                        one_line(&dep.title)
                    ),
                );
                if !dep.produces.is_empty() {
                    let p: Vec<String> = dep.produces.iter().map(|p| one_line(p)).collect();
                    field(o, "", &format!("  produced: {}", p.join(", ")));
                }
            }
            None => field(o, name, &format!("{} (not in the plan)", d.on)),
        }
    }
}

/// Why nothing can start, as lines: a headline, then one line per blocker.
pub fn idle_lines(idle: &Idle) -> Vec<String> {
    match idle {
        Idle::NoTasks => vec![
            "Nothing to do: the plan has no tasks yet (decompose the spec first: planner-tui run SESSION decompose)."
                .to_string(),
        ],
        Idle::AllDone { done, cancelled } => vec![if *cancelled == 0 {
            format!("Nothing to do: all {done} tasks are done.")
        } else {
            format!(
                "Nothing to do: every task is done or cancelled ({done} done, {cancelled} cancelled)."
            )
        }],
        Idle::Blocked { blockers, cycle } => {
            let mut lines = vec!["Nothing can start now:".to_string()];
            for b in blockers.iter().take(LISTED) {
                lines.push(format!("  {}", blocker_line(b)));
            }
            if blockers.len() > LISTED {
                lines.push(format!("  … and {} more", blockers.len() - LISTED));
            }
            if !cycle.is_empty() {
                lines.push(format!(
                    "  {} wait on each other in a dependency cycle (planner-tui check SESSION shows it, with the link to cut)",
                    ids(cycle, 10)
                ));
            }
            lines
        }
    }
}

/// One blocker: what it is, who waits, what to do.
pub fn blocker_line(b: &Blocker) -> String {
    let waiting = if b.waiting.is_empty() {
        String::new()
    } else {
        format!(
            "; {} wait{} on it",
            ids(&b.waiting, 6),
            if b.waiting.len() == 1 { "s" } else { "" }
        )
    };
    match b.hold {
        Hold::Status(crate::plan::TaskStatus::Cancelled) => format!(
            "{} is cancelled{waiting}: remove the dependency, or reopen {} (planner-tui status SESSION {} pending)",
            b.id, b.id, b.id
        ),
        Hold::Status(crate::plan::TaskStatus::Review) => {
            format!("{} is in review{waiting}: mark it done once reviewed", b.id)
        }
        Hold::Status(status) => format!("{} is {}{waiting}", b.id, status_words(status)),
        Hold::Missing => format!(
            "{} is not in the plan{waiting}: remove the dependency (planner-tui check SESSION --fix does not guess which)",
            b.id
        ),
    }
}

/// `T1, T2, T3 and 4 more`.
pub fn ids(ids: &[TaskId], max: usize) -> String {
    let shown: Vec<String> = ids.iter().take(max).map(|i| i.to_string()).collect();
    let mut s = shown.join(", ");
    if ids.len() > max {
        s.push_str(&format!(" and {} more", ids.len() - max));
    }
    s
}

/// One sentence for why nothing can start, for a status bar or a tool's
/// short answer.
pub fn idle_summary(idle: &Idle) -> String {
    match idle {
        Idle::NoTasks => "no tasks yet".to_string(),
        Idle::AllDone { .. } => "all done".to_string(),
        Idle::Blocked { blockers, cycle } => {
            let mut held: Vec<TaskId> = blockers.iter().map(|b| b.id).collect();
            held.extend(cycle.iter().take(3));
            format!("nothing can start (held up by {})", ids(&held, 4))
        }
    }
}
