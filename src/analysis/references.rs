//! Errors in what dependencies refer to: shared task ids, dependencies on
//! tasks that do not exist, on the task itself, or listed twice.
use super::finding::{Code, Finding};
use super::graph::Graph;
use super::names::Names;
use crate::plan::{Dependency, Edit, Session};

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
    for &(i, p) in &g.duplicates {
        let (i, p) = (i as usize, p as usize);
        let on = s.tasks[p].id;
        let listed: Vec<&Dependency> = s.tasks[i]
            .depends_on
            .iter()
            .filter(|d| d.on == on)
            .collect();
        let kinds_differ = listed.iter().any(|d| d.kind != listed[0].kind);
        let mut message = format!(
            "{} lists its dependency on {} {} times",
            names.named(i),
            names.named(p),
            listed.len()
        );
        if kinds_differ {
            let kinds: Vec<&str> = listed.iter().map(|d| d.kind.as_str()).collect();
            message.push_str(&format!(
                " with different kinds ({}); the first, {}, is kept.",
                kinds.join(", "),
                kinds[0]
            ));
        } else {
            message.push_str("; one is enough.");
        }
        let keep = *listed[0];
        out.push(
            Finding::new(
                Code::DuplicateDependency,
                message,
                vec![names.at(i), names.at(p)],
            )
            .with_fix(
                format!(
                    "keep one dependency of {} on {} ({})",
                    names.label(i),
                    names.label(p),
                    keep.kind
                ),
                vec![
                    Edit::RemoveDependency {
                        task: s.tasks[i].id,
                        on,
                    },
                    Edit::AddDependency {
                        task: s.tasks[i].id,
                        dep: keep,
                    },
                ],
            ),
        );
    }
}
