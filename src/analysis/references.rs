//! Errors in what dependencies refer to: shared task ids, dependencies on
//! tasks that do not exist, on the task itself, or listed twice.
use super::finding::{Code, Finding};
use super::graph::Graph;
use super::names::Names;
use crate::plan::{Edit, Session};

pub(crate) fn findings(s: &Session, g: &Graph, names: &Names, out: &mut Vec<Finding>) {
    for &(first, later) in &g.duplicate_ids {
        let (first, later) = (first as usize, later as usize);
        out.push(Finding::new(
            Code::DuplicateTaskId,
            format!(
                "{} and {} (positions {} and {}) share the id {}, so dependencies on {} are ambiguous: give one \
                 of them a new id.",
                names.named(first),
                names.named(later),
                first + 1,
                later + 1,
                s.tasks[first].id,
                s.tasks[first].id
            ),
            vec![names.at(first), names.at(later)],
        ));
    }
    for &(i, missing) in &g.dangling {
        let i = i as usize;
        let gone = names.missing(missing);
        out.push(
            Finding::new(
                Code::DanglingDependency,
                format!(
                    "{} depends on {}, which is not in the plan: add that task or drop the dependency.",
                    names.named(i),
                    gone.label()
                ),
                vec![names.at(i), gone.clone()],
            )
            .with_fix(
                format!("drop the dependency of {} on {}", names.label(i), gone.label()),
                vec![Edit::RemoveDependency { task: s.tasks[i].id, on: missing }],
            ),
        );
    }
    for &i in &g.self_deps {
        let i = i as usize;
        let id = s.tasks[i].id;
        out.push(
            Finding::new(
                Code::SelfDependency,
                format!(
                    "{} depends on itself, so it can never start.",
                    names.named(i)
                ),
                vec![names.at(i)],
            )
            .with_fix(
                format!("drop the dependency of {} on itself", names.label(i)),
                vec![Edit::RemoveDependency { task: id, on: id }],
            ),
        );
    }
    for dup in &g.duplicates {
        let i = dup.task as usize;
        let id = s.tasks[i].id;
        // What it depends on, as the message names it and as the fix does.
        let (target, label, tasks) = if dup.on == id {
            (
                "itself".to_string(),
                "itself".to_string(),
                vec![names.at(i)],
            )
        } else if let Some(p) = g.position(dup.on) {
            let p = p as usize;
            (
                names.named(p).to_string(),
                names.label(p).to_string(),
                vec![names.at(i), names.at(p)],
            )
        } else {
            let gone = names.missing(dup.on);
            let label = gone.label().to_string();
            (
                format!("{label}, which is not in the plan,"),
                label,
                vec![names.at(i), gone],
            )
        };
        let mut message = format!(
            "{} lists its dependency on {target} {} times",
            names.named(i),
            dup.times
        );
        let first = dup.kinds.first().copied().unwrap_or_default();
        if dup.kinds.len() > 1 {
            let kinds: Vec<&str> = dup.kinds.iter().map(|k| k.as_str()).collect();
            message.push_str(&format!(
                " with different kinds ({}); the first, {first}, is kept.",
                kinds.join(", ")
            ));
        } else {
            message.push_str("; one is enough.");
        }
        out.push(
            Finding::new(Code::DuplicateDependency, message, tasks).with_fix(
                format!(
                    "keep one dependency of {} on {label} ({first})",
                    names.label(i)
                ),
                vec![Edit::KeepFirstDependency {
                    task: id,
                    on: dup.on,
                }],
            ),
        );
    }
}
