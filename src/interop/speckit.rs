//! Reading a Spec Kit `tasks.md` into a [`Session`]: every checkbox line
//! `- [ ] T001 [P] [US1] Description in path/to/file (depends on T000)` is a
//! task, in file order. `T001` becomes `T1` (its `source_id` keeps `T001`),
//! `[x]` marks it done, bracketed labels other than `[P]` become the
//! requirements it covers, backquoted or path-like words after the last
//! ` in ` become what it produces, and `depends on T...` phrases become
//! dependencies. `[P]` and the `## Phase` headings are not stored: parallel
//! groups are computed from the dependencies.
use std::collections::HashMap;

use crate::plan::{
    DepKind, Dependency, RequirementId, Session, Stage, Task, TaskId, TaskStatus, Timestamp,
};

/// Why a `tasks.md` could not be read; lines are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecKitError {
    #[error(
        "line {line}: `{found}` is not a task id (expected T and a number below 4294967295, like `- [ ] T001 Description`)"
    )]
    BadId { line: usize, found: String },
    #[error(
        "line {line}: the task has no description after its id (expected `- [ ] {id} Description`)"
    )]
    NoDescription { line: usize, id: String },
    #[error(
        "line {line}: task {id} appears twice (first on line {first}); give each task its own id"
    )]
    DuplicateId {
        line: usize,
        id: String,
        first: usize,
    },
    #[error("line {line}: `{found}` in `depends on` is not a task id (expected T001-style ids)")]
    BadDependency { line: usize, found: String },
    #[error("no task lines found (expected lines like `- [ ] T001 Description`)")]
    NoTasks,
}

/// Read a Spec Kit `tasks.md`. The title is the first `# ` heading (without
/// a leading `Tasks:`), else `fallback_title`.
pub fn read_tasks_md(text: &str, fallback_title: &str) -> Result<Session, SpecKitError> {
    let mut title = None;
    let mut tasks: Vec<Task> = Vec::new();
    let mut seen: HashMap<u32, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let l = raw.trim();
        if title.is_none()
            && let Some(h) = l.strip_prefix("# ")
        {
            let h = h.trim();
            title = Some(h.strip_prefix("Tasks:").unwrap_or(h).trim().to_string());
            continue;
        }
        let Some((done, rest)) = checkbox(l) else {
            continue;
        };
        let task = parse_task(n, done, rest)?;
        if let Some(&first) = seen.get(&task.id.0) {
            return Err(SpecKitError::DuplicateId {
                line: n,
                id: task.source_id.clone().unwrap_or_default(),
                first,
            });
        }
        seen.insert(task.id.0, n);
        tasks.push(task);
    }
    if tasks.is_empty() {
        return Err(SpecKitError::NoTasks);
    }
    let title = title
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    let mut s = Session::new("speckit", title, Timestamp::default());
    s.stage = Stage::Dependencies;
    s.tasks = tasks;
    s.normalise_counters();
    Ok(s)
}

/// `- [ ] rest` / `- [x] rest` (also `*` bullets and `X`).
fn checkbox(l: &str) -> Option<(bool, &str)> {
    let l = l.strip_prefix("- ").or_else(|| l.strip_prefix("* "))?;
    let (mark, rest) = (l.get(..3)?, l.get(3..)?);
    let done = match mark {
        "[ ]" => false,
        "[x]" | "[X]" => true,
        _ => return None,
    };
    Some((done, rest.trim_start()))
}

fn parse_task(line: usize, done: bool, rest: &str) -> Result<Task, SpecKitError> {
    let (id_text, mut rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let id = task_number(id_text).ok_or_else(|| SpecKitError::BadId {
        line,
        found: id_text.to_string(),
    })?;
    let mut covers = Vec::new();
    loop {
        rest = rest.trim_start();
        let Some(inner) = rest.strip_prefix('[') else {
            break;
        };
        let Some(end) = inner.find(']') else { break };
        let label = inner[..end].trim();
        if label.is_empty() || label.contains(' ') {
            break;
        }
        if label != "P" {
            covers.push(RequirementId(label.to_string()));
        }
        rest = &inner[end + 1..];
    }
    let rest = rest.trim();
    let mut body = rest
        .strip_prefix("\\[")
        .map_or_else(|| rest.to_string(), |r| format!("[{r}"));
    let mut depends_on = Vec::new();
    if let Some((before, deps, strict)) = split_depends(&body) {
        let parts: Vec<&str> = deps
            .split([',', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "and")
            .collect();
        let ids: Vec<Option<u32>> = parts.iter().map(|p| task_number(p)).collect();
        if let Some(bad) = ids.iter().position(Option::is_none) {
            // "(depends on ...)" must list ids; a bare "depends on" in prose
            // that names no ids is just part of the description.
            if strict {
                return Err(SpecKitError::BadDependency {
                    line,
                    found: parts[bad].to_string(),
                });
            }
        } else {
            depends_on = ids
                .into_iter()
                .flatten()
                .map(|on| Dependency::new(TaskId(on), DepKind::Other))
                .collect();
            body = before;
        }
    }
    let (title, produces) = split_produces(&body);
    if title.is_empty() {
        return Err(SpecKitError::NoDescription {
            line,
            id: id_text.to_string(),
        });
    }
    let mut t = Task::new(TaskId(id), title);
    t.produces = produces;
    t.covers = covers;
    t.depends_on = depends_on;
    t.status = if done {
        TaskStatus::Done
    } else {
        TaskStatus::Pending
    };
    t.source_id = Some(id_text.to_string());
    Ok(t)
}

/// `T001` → 1. `T4294967295` is refused: no id would be left for the next
/// task added to the plan.
fn task_number(s: &str) -> Option<u32> {
    let d = s
        .trim()
        .trim_end_matches([',', '.', ';'])
        .strip_prefix(['T', 't'])?;
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    d.parse().ok().filter(|&n| n < u32::MAX)
}

/// `Body (depends on T001, T002)` or `Body, depends on T001` → (body, ids,
/// whether the phrase was the parenthesised form at the end of the line).
fn split_depends(body: &str) -> Option<(String, String, bool)> {
    let lower = body.to_ascii_lowercase();
    let at = lower.rfind("depends on ")?;
    let tail = body[at + "depends on ".len()..].trim();
    let mut before = body[..at].trim_end();
    let strict = before.ends_with('(') && tail.ends_with(')');
    let ids = tail.trim_end_matches([')', '.']).to_string();
    before = before.strip_suffix('(').unwrap_or(before).trim_end();
    before = before.strip_suffix(',').unwrap_or(before).trim_end();
    Some((before.to_string(), ids, strict))
}

/// `Title in `a`, `b`` or `Title in path/to/file.py` → (title, outputs).
fn split_produces(body: &str) -> (String, Vec<String>) {
    if body.ends_with('`')
        && let Some(at) = body.rfind(" in `")
    {
        let list = &body[at + 4..];
        let items: Option<Vec<String>> = list
            .split("`, `")
            .map(|p| Some(p.trim_matches('`').to_string()))
            .collect();
        if let Some(items) = items
            && !items.iter().any(|i| i.contains('`'))
        {
            return (body[..at].trim().to_string(), items);
        }
    }
    if let Some(at) = body.rfind(" in ") {
        let tail = body[at + 4..].trim();
        let paths: Vec<&str> = tail.split(", ").map(str::trim).collect();
        if paths
            .iter()
            .all(|p| !p.is_empty() && !p.contains(' ') && (p.contains('/') || p.contains('.')))
        {
            return (
                body[..at].trim().to_string(),
                paths.into_iter().map(str::to_string).collect(),
            );
        }
    }
    (body.trim().to_string(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_spec_kit_lines() {
        let text = "# Tasks: Photo albums\n\n## Phase 1: Setup\n\n\
                    - [ ] T001 Create project structure per implementation plan\n\
                    - [x] T002 [P] [US1] Create User model in src/models/user.py\n\
                    - [ ] T003 [P] [US1] Service in `src/a.rs`, `table users` (depends on T001, T002)\n";
        let s = read_tasks_md(text, "x").unwrap();
        assert_eq!(s.title, "Photo albums");
        assert_eq!(s.tasks.len(), 3);
        assert_eq!(s.tasks[1].status, TaskStatus::Done);
        assert_eq!(s.tasks[1].title, "Create User model");
        assert_eq!(s.tasks[1].produces, vec!["src/models/user.py"]);
        assert_eq!(s.tasks[1].covers, vec![RequirementId::from("US1")]);
        let t = &s.tasks[2];
        assert_eq!(t.title, "Service");
        assert_eq!(t.produces, vec!["src/a.rs", "table users"]);
        let deps: Vec<u32> = t.depends_on.iter().map(|d| d.on.0).collect();
        assert_eq!(deps, vec![1, 2]);
        assert_eq!(t.source_id.as_deref(), Some("T003"));
        assert_eq!(
            s.tasks[0].title,
            "Create project structure per implementation plan"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = read_tasks_md("# T\n- [ ] X1 thing\n", "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: `X1` is not a task id (expected T and a number below 4294967295, like `- [ ] T001 Description`)"
        );
        let e = read_tasks_md("- [ ] T1 a\n- [ ] T001 b\n", "x").unwrap_err();
        assert!(
            matches!(
                e,
                SpecKitError::DuplicateId {
                    line: 2,
                    first: 1,
                    ..
                }
            ),
            "{e}"
        );
        let e = read_tasks_md("- [ ] T2 b (depends on T1, banana)\n", "x").unwrap_err();
        assert!(e.to_string().starts_with("line 1: `banana`"), "{e}");
        let prose = read_tasks_md("- [ ] T3 Document what depends on the cache\n", "x").unwrap();
        assert_eq!(prose.tasks[0].title, "Document what depends on the cache");
        assert!(prose.tasks[0].depends_on.is_empty());
        assert_eq!(
            read_tasks_md("# nothing\n", "x").unwrap_err(),
            SpecKitError::NoTasks
        );
        // The largest id would leave no number for the next task.
        let e = read_tasks_md("- [ ] T4294967295 last\n", "x").unwrap_err();
        assert!(e.to_string().starts_with("line 1: `T4294967295`"), "{e}");
        let s = read_tasks_md("- [ ] T4294967294 last but one\n", "x").unwrap();
        assert_eq!(s.next_task_id(), TaskId(u32::MAX));
    }
}
