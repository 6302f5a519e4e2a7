//! The report as JSON, for CI and editors. The shape is documented in
//! `docs/check.md` and versioned by its `format` field.
use serde::Serialize;
use serde_json::{Value, json};

use super::finding::{Code, Finding, Severity, TaskRef};
use super::report::Report;
use crate::plan::{AmbiguityId, Edit, RequirementId, Session, TaskId};

/// Bumped when a field changes meaning or goes away (adding fields does not).
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    format: u32,
    session: SessionInfo<'a>,
    summary: Summary,
    findings: Vec<FindingOut<'a>>,
    order: Option<OrderOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_order: Option<RunOrderOut<'a>>,
    waves: Option<Vec<&'a [TaskId]>>,
    critical_path: Option<&'a [TaskId]>,
    dependency_kinds: Kinds,
    tasks: Vec<TaskOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<&'a [String]>,
}

#[derive(Serialize)]
struct RunOrderOut<'a> {
    tool: &'a str,
    tasks: &'a [TaskId],
    never: &'a [TaskId],
}

#[derive(Serialize)]
struct SessionInfo<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    info: usize,
    tasks: usize,
    dependencies: usize,
    /// Listings of a dependency beyond its first, by the same task.
    #[serde(skip_serializing_if = "is_zero")]
    repeated_dependencies: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct FindingOut<'a> {
    code: Code,
    severity: Severity,
    message: &'a str,
    tasks: &'a [TaskRef],
    requirements: &'a [RequirementId],
    ambiguities: &'a [AmbiguityId],
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    description: &'a str,
    /// Whether `check --fix` applies it.
    safe: bool,
    edits: Vec<Value>,
}

#[derive(Serialize)]
struct OrderOut<'a> {
    tasks: &'a [TaskId],
    moves: Vec<MoveOut<'a>>,
}

#[derive(Serialize)]
struct MoveOut<'a> {
    task: &'a TaskRef,
    from: usize,
    to: usize,
}

#[derive(Serialize)]
struct Kinds {
    schema: usize,
    interface: usize,
    infrastructure: usize,
    other: usize,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    id: TaskId,
    position: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_id: Option<&'a str>,
    title: &'a str,
    wave: Option<usize>,
    blocked_by: Vec<TaskId>,
    blocks: Vec<TaskId>,
}

/// The report as pretty-printed JSON. `applied` lists what `--fix` changed.
pub fn render(s: &Session, r: &Report, applied: Option<&[String]>) -> String {
    let doc = Doc {
        format: FORMAT,
        session: SessionInfo {
            id: &s.id,
            title: &s.title,
        },
        summary: Summary {
            errors: r.count(Severity::Error),
            warnings: r.count(Severity::Warning),
            info: r.count(Severity::Info),
            tasks: r.task_count(),
            dependencies: r.dependency_count(),
            repeated_dependencies: r.repeated_dependencies(),
        },
        findings: r.findings.iter().map(finding).collect(),
        order: r.order.as_ref().map(|o| OrderOut {
            tasks: &o.order,
            moves: o
                .moves
                .iter()
                .map(|m| MoveOut {
                    task: &m.task,
                    from: m.from,
                    to: m.to,
                })
                .collect(),
        }),
        run_order: r.run_order.as_ref().map(|ro| RunOrderOut {
            tool: &ro.tool,
            tasks: &ro.order,
            never: &ro.never,
        }),
        waves: r.schedule.as_ref().map(|sch| sch.waves().collect()),
        critical_path: r.schedule.as_ref().map(|sch| sch.critical_path.as_slice()),
        dependency_kinds: Kinds {
            schema: r.kinds.schema,
            interface: r.kinds.interface,
            infrastructure: r.kinds.infrastructure,
            other: r.kinds.other,
        },
        tasks: s
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| TaskOut {
                id: t.id,
                position: i + 1,
                source_id: t.source_id.as_deref(),
                title: &t.title,
                wave: r.schedule.as_ref().map(|sch| sch.wave_of(i) + 1),
                blocked_by: r.links.blocked_by_ids(i).collect(),
                blocks: r.links.blocks_ids(i).collect(),
            })
            .collect(),
        applied,
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn finding(f: &Finding) -> FindingOut<'_> {
    FindingOut {
        code: f.code,
        severity: f.severity,
        message: &f.message,
        tasks: &f.tasks,
        requirements: &f.requirements,
        ambiguities: &f.ambiguities,
        fix: f.fix.as_ref().map(|fix| {
            let mut edits = Vec::with_capacity(fix.edits.len());
            for e in &fix.edits {
                edit(e, &mut edits);
            }
            FixOut {
                description: &fix.description,
                safe: f.code.fix_is_safe(),
                edits,
            }
        }),
    }
}

/// The edits fixes are made of; batches are flattened.
fn edit(e: &Edit, out: &mut Vec<Value>) {
    match e {
        Edit::MoveTask { id, to } => {
            out.push(json!({"op": "move_task", "task": id, "to_position": to + 1}))
        }
        Edit::RemoveDependency { task, on } => {
            out.push(json!({"op": "remove_dependency", "task": task, "on": on}))
        }
        Edit::KeepFirstDependency { task, on } => {
            out.push(json!({"op": "keep_first_dependency", "task": task, "on": on}))
        }
        Edit::AddDependency { task, dep } => {
            out.push(json!({"op": "add_dependency", "task": task, "on": dep.on, "kind": dep.kind}))
        }
        Edit::Batch(edits) => edits.iter().for_each(|e| edit(e, out)),
        other => out.push(json!({"op": "other", "debug": format!("{other:?}")})),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;

    #[test]
    fn the_webhook_report_as_json() {
        let s: Session =
            toml::from_str(include_str!("../../tests/fixtures/webhooks.toml")).unwrap();
        let r = analyse(&s);
        let v: Value = serde_json::from_str(&render(&s, &r, None)).unwrap();
        assert_eq!(v["format"], 1);
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["summary"]["warnings"], 5);
        assert_eq!(v["findings"][0]["code"], "ordering-violation");
        assert_eq!(
            v["findings"][0]["tasks"][0],
            json!({"id": "T4", "position": 4})
        );
        let fix = &v["findings"][6]["fix"];
        assert_eq!(fix["safe"], true);
        assert_eq!(
            fix["edits"],
            json!([{"op": "move_task", "task": "T9", "to_position": 4}])
        );
        assert_eq!(
            v["order"]["moves"][0],
            json!({"task": {"id": "T9", "position": 9}, "from": 9, "to": 4})
        );
        assert_eq!(v["waves"][0], json!(["T1", "T2", "T9"]));
        assert_eq!(v["tasks"][3]["blocked_by"], json!(["T1", "T2", "T3", "T9"]));
        assert_eq!(v["tasks"][3]["wave"], 3);
        assert!(v.get("applied").is_none());
    }
}
