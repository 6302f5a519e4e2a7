//! Dependencies read off the text: a task needs another when it mentions a
//! name the other produces (a table, a type, a class, a queue, a file, or a
//! distinctive file stem such as `WebhookEndpointRepository`), or when it
//! changes a file the other creates. The kind follows what is needed: a
//! table is a schema need; a type, class or module is an interface need; a
//! queue, job or client is an infrastructure need; for a plain file, the
//! kind of its layer.
//!
//! Existing dependencies are kept. New ones never close a cycle: needs on
//! earlier tasks are added first (they cannot), then needs on later tasks,
//! each only when the later task does not already need this one.
use std::collections::{HashMap, HashSet};

use crate::plan::{DepKind, Dependency, Task};

use super::layers;
use super::text::{is_path, mentions, quoted, split_ident};

/// The names a task makes available to others, with the kind of need each creates.
pub fn provided(task: &Task) -> Vec<(String, DepKind)> {
    let mut out = Vec::new();
    for p in &task.produces {
        let p = p.trim();
        if let Some((word, rest)) = p.split_once(' ') {
            let name = rest.split_whitespace().last().unwrap_or(rest).to_string();
            let kind = match word.to_lowercase().as_str() {
                "table" | "collection" | "column" | "index" => Some(DepKind::Schema),
                "type" | "interface" | "enum" | "class" | "struct" | "trait" | "function"
                | "module" => Some(DepKind::Interface),
                "queue" | "job" | "worker" | "topic" | "client" | "bucket" | "cron" => {
                    Some(DepKind::Infrastructure)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                out.push((name, kind));
                continue;
            }
        }
        if is_path(p) {
            let kind = layers::of_path(p).map_or(DepKind::Other, |l| l.dep_kind());
            out.push((p.trim_start_matches('/').to_string(), kind));
            let file = p.rsplit('/').next().unwrap_or(p);
            let stem = file.split('.').next().unwrap_or(file);
            // A stem of one word ("webhook", "index") says too little to count as a mention.
            if split_ident(stem).len() >= 2 {
                out.push((stem.to_string(), kind));
            }
        }
    }
    out
}

/// What a task mentions: the names in its title and description, and the
/// paths it produces (changing another task's file needs that task).
/// A name of one plain word (`invoices`) is also an ordinary word, so it
/// counts only when written in backticks; names like `webhook_endpoints` or
/// `WebhookSigner` count however they are written.
fn mentioned(task: &Task) -> HashSet<String> {
    let text = format!("{}\n{}", task.title, task.description);
    let quoted = quoted(&text);
    let mut m: HashSet<String> = mentions(&text)
        .into_iter()
        .filter(|n| split_ident(n).len() != 1 || n.contains(['/', '.', '-']) || quoted.contains(n))
        .collect();
    for p in &task.produces {
        if is_path(p) {
            m.insert(p.trim().trim_start_matches('/').to_string());
        }
    }
    m
}

/// The dependencies the tasks' text alone implies (their stated ones set
/// aside): what an exact check compares a proposal with.
pub fn implied(tasks: &[Task]) -> Vec<Vec<Dependency>> {
    let bare: Vec<Task> = tasks
        .iter()
        .map(|t| Task {
            depends_on: Vec::new(),
            ..t.clone()
        })
        .collect();
    infer(&bare)
}

/// Every task's dependencies: the ones it has, plus the ones its text implies.
pub fn infer(tasks: &[Task]) -> Vec<Vec<Dependency>> {
    let index: HashMap<_, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut providers: HashMap<String, Vec<(usize, DepKind)>> = HashMap::new();
    for (i, t) in tasks.iter().enumerate() {
        // A name belongs to the first task that produces it; later tasks that
        // list it too are changing it, and need the first.
        for (name, kind) in provided(t) {
            providers.entry(name).or_insert_with(|| vec![(i, kind)]);
        }
    }
    let mut out: Vec<Vec<Dependency>> = tasks.iter().map(|t| t.depends_on.clone()).collect();
    let mut forward: Vec<(usize, usize, DepKind)> = Vec::new();
    for (a, t) in tasks.iter().enumerate() {
        let mut found: Vec<(usize, DepKind)> = Vec::new();
        let mut names: Vec<String> = mentioned(t).into_iter().collect();
        names.sort();
        for name in names {
            for &(b, kind) in providers.get(&name).into_iter().flatten() {
                if b == a {
                    continue;
                }
                match found.iter_mut().find(|f| f.0 == b) {
                    Some(f) if kind < f.1 => f.1 = kind,
                    Some(_) => {}
                    None => found.push((b, kind)),
                }
            }
        }
        found.sort();
        for (b, kind) in found {
            let on = tasks[b].id;
            if let Some(d) = out[a].iter_mut().find(|d| d.on == on) {
                // A specific reason beats "other" on a dependency the plan already has.
                if d.kind == DepKind::Other {
                    d.kind = kind;
                }
                continue;
            }
            if b < a {
                out[a].push(Dependency::new(on, kind));
            } else {
                forward.push((a, b, kind));
            }
        }
    }
    for (a, b, kind) in forward {
        if !reaches(&out, &index, b, a) {
            out[a].push(Dependency::new(tasks[b].id, kind));
        }
    }
    out
}

/// Does task `from` (transitively) depend on task `to`?
fn reaches(
    deps: &[Vec<Dependency>],
    index: &HashMap<crate::plan::TaskId, usize>,
    from: usize,
    to: usize,
) -> bool {
    let mut seen = vec![false; deps.len()];
    let mut stack = vec![from];
    while let Some(i) = stack.pop() {
        if i == to {
            return true;
        }
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        stack.extend(deps[i].iter().filter_map(|d| index.get(&d.on).copied()));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::TaskId;

    fn task(id: u32, title: &str, description: &str, produces: &[&str]) -> Task {
        let mut t = Task::new(TaskId(id), title);
        t.description = description.into();
        t.produces = produces.iter().map(|s| s.to_string()).collect();
        t
    }

    #[test]
    fn names_give_dependencies_and_kinds() {
        let tasks = vec![
            task(1, "Types", "", &["src/types/invoice.ts", "type Invoice"]),
            task(
                2,
                "Migration",
                "",
                &["src/migrations/CreateInvoices.ts", "table invoices"],
            ),
            task(
                3,
                "Repository",
                "Reads `invoices` rows as `Invoice` values.",
                &["src/repositories/InvoiceRepository.ts"],
            ),
            task(
                4,
                "Job",
                "Uses InvoiceRepository.",
                &["src/jobs/chargeInvoices.ts", "queue charge-invoices"],
            ),
            task(
                5,
                "Route",
                "Adds jobs to `charge-invoices`; edits src/types/invoice.ts.",
                &[],
            ),
        ];
        let deps = infer(&tasks);
        assert_eq!(
            deps[2],
            [
                Dependency::new(TaskId(1), DepKind::Interface),
                Dependency::new(TaskId(2), DepKind::Schema)
            ]
        );
        assert_eq!(deps[3], [Dependency::new(TaskId(3), DepKind::Interface)]);
        assert_eq!(
            deps[4],
            [
                Dependency::new(TaskId(1), DepKind::Interface),
                Dependency::new(TaskId(4), DepKind::Infrastructure)
            ]
        );
        assert!(deps[0].is_empty() && deps[1].is_empty());
    }

    #[test]
    fn mentions_of_later_tasks_never_close_a_cycle() {
        let tasks = vec![
            task(1, "A", "Uses BetaThing.", &["src/a/AlphaThing.ts"]),
            task(2, "B", "Uses AlphaThing.", &["src/b/BetaThing.ts"]),
        ];
        let deps = infer(&tasks);
        assert_eq!(deps[1].len(), 1);
        assert!(deps[0].is_empty(), "{deps:?}");
    }
}
