//! The JSON of `planner-tui next --json` and of the MCP server's answers: a
//! task with its context, the next task or why there is none, progress.
//! Field names are snake_case and stable (documented in docs/execution.md).
use serde_json::{Value, json};

use super::{Blocker, Hold, Idle, Next, Progress, TaskContext, text};
use crate::plan::{Session, TaskStatus};

/// A task with what surrounds it.
pub fn task(ctx: &TaskContext<'_>) -> Value {
    let t = ctx.task;
    json!({
        "id": t.id,
        "number": ctx.position + 1,
        "title": t.title,
        "status": t.status.as_str(),
        "description": t.description,
        "produces": t.produces,
        "verification": t.verification,
        "group": t.group,
        "covers": ctx.requirements.iter().map(|(id, r)| json!({
            "id": id.as_str(),
            "text": r.map(|r| r.text.as_str()),
        })).collect::<Vec<_>>(),
        "constraints": ctx.constraints.iter().map(|c| json!({
            "id": c.id.to_string(),
            "text": c.text,
            "decision_on": c.from.map(|a| a.to_string()),
        })).collect::<Vec<_>>(),
        "depends_on": ctx.dependencies.iter().map(|(d, t)| match t {
            Some(t) => json!({
                "id": d.on,
                "kind": d.kind.as_str(),
                "title": t.title,
                "status": t.status.as_str(),
                "produces": t.produces,
            }),
            None => json!({"id": d.on, "kind": d.kind.as_str(), "missing": true}),
        }).collect::<Vec<_>>(),
        "needed_by": ctx.dependents.iter().map(|t| json!({
            "id": t.id,
            "title": t.title,
            "status": t.status.as_str(),
        })).collect::<Vec<_>>(),
    })
}

pub fn progress(p: &Progress) -> Value {
    let mut by = serde_json::Map::new();
    for status in TaskStatus::ALL {
        by.insert(status.as_str().to_string(), json!(p.count(status)));
    }
    json!({
        "done": p.done(),
        "total": p.total,
        "by_status": by,
        "summary": p.summary(),
    })
}

/// What `next` found: `next` is the task (or null) and `why` says why
/// there is none.
pub fn next(session: &Session, next: &super::Next) -> Value {
    let progress = progress(&Progress::of(session));
    match next {
        Next::Start {
            position,
            also_ready,
        } => json!({
            "next": TaskContext::new(session, *position).map(|c| task(&c)),
            "also_ready": also_ready,
            "progress": progress,
        }),
        Next::Idle(idle) => json!({
            "next": null,
            "why": why(idle),
            "progress": progress,
        }),
    }
}

fn why(idle: &Idle) -> Value {
    let message = text::idle_lines(idle).join("\n");
    match idle {
        Idle::NoTasks => json!({"kind": "no_tasks", "message": message}),
        Idle::AllDone { done, cancelled } => json!({
            "kind": "all_done",
            "done": done,
            "cancelled": cancelled,
            "message": message,
        }),
        Idle::Blocked { blockers, cycle } => json!({
            "kind": "blocked",
            "blockers": blockers.iter().map(blocker).collect::<Vec<_>>(),
            "cycle": cycle,
            "message": message,
        }),
    }
}

fn blocker(b: &Blocker) -> Value {
    let (reason, status) = match b.hold {
        Hold::Status(s) => ("status", Some(s.as_str())),
        Hold::Missing => ("missing", None),
    };
    json!({
        "id": b.id,
        "reason": reason,
        "status": status,
        "waiting": b.waiting,
    })
}
