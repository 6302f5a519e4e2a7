//! Reading a Kiro spec (`.kiro/specs/<feature>/`: `requirements.md`,
//! `design.md`, `tasks.md`) into a [`Session`]. The mapping is in
//! `docs/kiro.md`.
//!
//! `requirements.md` is the spec: the spec reader finds its requirements,
//! with Kiro's ids (`1.1` is criterion 1 of Requirement 1). `design.md` is
//! the context. In `tasks.md` every numbered checkbox line (`- [ ] 2.1
//! Title`, `- [x]` done, `- [-]` in progress, `- [ ]*` optional) is a task;
//! `2.1` is a subtask of `2` (by its number, wherever it is indented),
//! unnumbered checkbox lines are subtasks of the task or `Task N:` heading
//! above them, the indented lines under a task are its description, and
//! `_Requirements: 1.1, 2.3_` (or `_要件: …_`) the requirements it covers.
//! `(dep: 1, 3)` after a title states dependencies; otherwise each task
//! follows the one before it (Kiro works the list in order): those
//! dependencies are marked inferred, one per task. Every other line of
//! `tasks.md` is kept for the export.
use std::collections::HashMap;

use crate::plan::{
    DepKind, Dependency, Edit, Origin, RequirementId, Session, SourceFormat, SourceLine, Stage,
    Task, TaskId, TaskStatus, Timestamp, apply,
};

/// Why a Kiro spec could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KiroError {
    #[error(
        "no tasks found in tasks.md (expected numbered checkbox lines like `- [ ] 1. Title` or `- [ ] 2.1 Title`)"
    )]
    NoTasks,
}

/// A Kiro spec as a session, with what was read differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KiroImport {
    pub session: Session,
    pub warnings: Vec<String>,
}

/// A task line as read.
pub(crate) struct TaskLine {
    pub(crate) status: TaskStatus,
    pub(crate) optional: bool,
    /// `2.1`, `7b`; `None` for an unnumbered checkbox line.
    pub(crate) number: Option<String>,
    pub(crate) title: String,
    /// The numbers `(dep: ...)` names.
    pub(crate) deps: Vec<String>,
    /// A `#### Task N: Title` heading rather than a checkbox.
    pub(crate) heading: bool,
}

/// Reads one line as a task line.
pub(crate) fn task_line(line: &str) -> Option<TaskLine> {
    let l = line.trim();
    if let Some(h) = heading_task(l) {
        return Some(h);
    }
    let rest = l.strip_prefix("- [").or_else(|| l.strip_prefix("* ["))?;
    let mut chars = rest.chars();
    let mark = chars.next()?;
    let rest = chars.as_str().strip_prefix(']')?;
    let status = match mark {
        'x' | 'X' => TaskStatus::Done,
        '-' | '~' | '/' => TaskStatus::InProgress,
        _ => TaskStatus::Pending,
    };
    let (optional, rest) = match rest.strip_prefix('*') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    let bold = rest.starts_with("**");
    let rest = rest.trim_start_matches("**");
    let (number, body) = match number_prefix(rest) {
        Some((n, body)) => (Some(n), body),
        None => (None, rest),
    };
    let mut body = body.replace("**", "");
    if bold {
        body = body.trim().to_string();
    }
    let (title, deps) = split_deps(body.trim());
    if title.is_empty() {
        return None;
    }
    Some(TaskLine {
        status,
        optional,
        number,
        title,
        deps,
        heading: false,
    })
}

/// `#### Task 3: Title` (a heading that is a task).
fn heading_task(l: &str) -> Option<TaskLine> {
    let hashes = l.chars().take_while(|c| *c == '#').count();
    if hashes < 2 {
        return None;
    }
    let h = l[hashes..].trim();
    let rest = h.strip_prefix("Task ")?;
    let (number, body) = number_prefix(rest)?;
    let body = body.trim_start_matches([':', '-', ' ']).trim();
    (!body.is_empty()).then(|| TaskLine {
        status: TaskStatus::Pending,
        optional: false,
        number: Some(number),
        title: crate::sanitize::one_line(body),
        deps: Vec::new(),
        heading: true,
    })
}

/// `2.1 Title` / `3. Title` / `7b. Title` → (`2.1`, `Title`).
fn number_prefix(s: &str) -> Option<(String, &str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || c.is_ascii_lowercase()))
        .map_or(s.len(), |(i, _)| i);
    let token = &s[..end];
    let rest = &s[end..];
    // A number, then dots and numbers, maybe a letter: `1`, `2.1`, `7b`.
    let n = token.trim_end_matches('.');
    let first = n.split('.').next()?;
    let digits = first.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0
        || !first[digits..].bytes().all(|b| b.is_ascii_lowercase())
        || first.len() - digits > 1
        || n.split('.')
            .skip(1)
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        || !(rest.is_empty() || rest.starts_with([' ', ':', ')']))
    {
        return None;
    }
    let rest = rest.trim_start_matches(':');
    Some((n.to_string(), rest.trim_start()))
}

/// `Title (dep: 1, 3)` → (`Title`, [1, 3]).
fn split_deps(body: &str) -> (String, Vec<String>) {
    let trimmed = body.trim_end();
    if trimmed.ends_with(')')
        && let Some(open) = trimmed.rfind('(')
    {
        let inner = &trimmed[open + 1..trimmed.len() - 1];
        let lower = inner.to_lowercase();
        for word in ["dep:", "deps:", "depends on:", "depends on", "depende de:"] {
            if let Some(list) = lower.strip_prefix(word) {
                let items: Vec<String> = inner[inner.len() - list.len()..]
                    .split(',')
                    .map(|p| p.trim().trim_end_matches('.').to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                if !items.is_empty() && items.iter().all(|i| number_prefix(i).is_some()) {
                    let title = crate::sanitize::one_line(trimmed[..open].trim());
                    return (title, items);
                }
            }
        }
    }
    (crate::sanitize::one_line(trimmed), Vec::new())
}

/// The requirement ids of a `_Requirements: 1.1, 2.3_` line, if it is one.
pub(crate) fn requirements_line(line: &str) -> Option<Vec<RequirementId>> {
    let l = line.trim().trim_start_matches(['-', '*']).trim();
    let inner = l.strip_prefix('_')?.strip_suffix('_')?;
    let (label, list) = inner.split_once([':', '：'])?;
    let label = label.trim().to_lowercase();
    if !matches!(
        label.as_str(),
        "requirements" | "requirement" | "要件" | "requisitos" | "requisito" | "exigences"
    ) {
        return None;
    }
    let mut ids = Vec::new();
    for item in list.split([',', '、']) {
        let item = item.trim();
        if let Some((a, b)) = item.split_once(['-', '–']) {
            let (a, b) = (a.trim(), b.trim());
            if let (Some((pa, na)), Some((pb, nb))) = (a.rsplit_once('.'), b.rsplit_once('.'))
                && pa == pb
                && let (Ok(na), Ok(nb)) = (na.parse::<u32>(), nb.parse::<u32>())
                && na <= nb
                && nb - na < 100
            {
                ids.extend((na..=nb).map(|k| RequirementId(format!("{pa}.{k}"))));
                continue;
            }
        }
        if !item.is_empty() && item.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            ids.push(RequirementId(item.trim_end_matches('.').to_string()));
        }
    }
    Some(ids)
}

/// A task's body (the lines under it, without its indentation) as its
/// description and the requirements its `_Requirements:_` line names.
pub(crate) fn body_parts(body: &str) -> (String, Vec<RequirementId>) {
    let mut description = Vec::new();
    let mut covers = None;
    for line in body.lines() {
        match requirements_line(line) {
            Some(ids) if covers.is_none() => covers = Some(ids),
            _ => description.push(line),
        }
    }
    (
        description.join("\n").trim_end().to_string(),
        covers.unwrap_or_default(),
    )
}

/// Read a Kiro spec: `tasks` is `tasks.md`, `requirements` and `design`
/// the other two files when the folder has them.
pub fn read(
    tasks: &str,
    requirements: Option<&str>,
    design: Option<&str>,
    fallback_title: &str,
) -> Result<KiroImport, KiroError> {
    let lines: Vec<&str> = tasks.lines().collect();
    let mut warnings = Vec::new();
    let mut skeleton: Vec<SourceLine> = Vec::new();
    struct Read {
        line: TaskLine,
        label: String,
        indent: usize,
        raw: String,
        body: Vec<String>,
        parent: Option<usize>,
    }
    let mut read: Vec<Read> = Vec::new();
    let mut title = None;
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        i += 1;
        let l = raw.trim();
        if title.is_none()
            && let Some(h) = l.strip_prefix("# ")
        {
            title = h.split_once(':').map(|(_, t)| t.trim().to_string());
        }
        let Some(line) = task_line(raw) else {
            skeleton.push(SourceLine::Text(raw.to_string()));
            continue;
        };
        let indent = raw.len() - raw.trim_start().len();
        // Its parent: by number (`2.1` under `2`, wherever it is indented);
        // an unnumbered line's is the nearest task above it that is less
        // indented, or a `Task N:` heading.
        let parent = match &line.number {
            Some(n) => n
                .rfind('.')
                .and_then(|at| read.iter().rposition(|r| r.label == n[..at])),
            None => read
                .iter()
                .rposition(|r| r.indent < indent || r.line.heading),
        };
        let label = match (&line.number, parent) {
            (Some(n), _) => n.clone(),
            (None, Some(p)) => {
                let k = read.iter().filter(|r| r.parent == Some(p)).count() + 1;
                format!("{}.{k}", read[p].label)
            }
            (None, None) => {
                let top = read
                    .iter()
                    .filter(|r| r.parent.is_none())
                    .filter_map(|r| r.label.parse::<u32>().ok())
                    .max()
                    .unwrap_or(0);
                (top + 1).to_string()
            }
        };
        // The lines under it, more indented, up to the next task or heading.
        let mut body: Vec<&str> = Vec::new();
        let mut j = i;
        while j < lines.len() {
            let next = lines[j];
            let t = next.trim();
            let next_indent = next.len() - next.trim_start().len();
            if t.is_empty() {
                body.push(next);
                j += 1;
                continue;
            }
            if next_indent <= indent || task_line(next).is_some() || t.starts_with('#') {
                break;
            }
            body.push(next);
            j += 1;
        }
        // Blank lines at the end belong to the file, not the task.
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        i += body.len();
        let body: Vec<String> = body
            .into_iter()
            .map(|b| {
                b.get(indent.min(b.len() - b.trim_start().len())..)
                    .unwrap_or(b)
                    .to_string()
            })
            .collect();
        skeleton.push(SourceLine::Task {
            task: TaskId(read.len() as u32),
        });
        read.push(Read {
            line,
            label,
            indent,
            raw: raw.to_string(),
            body,
            parent,
        });
    }
    // A checklist without one numbered task is not a Kiro task list.
    if read.iter().all(|r| r.line.number.is_none()) {
        return Err(KiroError::NoTasks);
    }

    // Top-level numbers keep their number; the rest come after.
    let mut ids: Vec<Option<TaskId>> = vec![None; read.len()];
    let mut taken = std::collections::HashSet::new();
    for (k, r) in read.iter().enumerate() {
        if r.parent.is_none()
            && let Ok(n) = r.label.parse::<u32>()
            && n > 0
            && n < u32::MAX
            && taken.insert(n)
        {
            ids[k] = Some(TaskId(n));
        }
    }
    let mut next = taken.iter().max().copied().unwrap_or(0).saturating_add(1);
    let ids: Vec<TaskId> = ids
        .into_iter()
        .map(|id| {
            id.unwrap_or_else(|| {
                let id = TaskId(next);
                next = next.saturating_add(1);
                id
            })
        })
        .collect();
    let mut by_label: HashMap<String, TaskId> = HashMap::new();
    for (k, r) in read.iter().enumerate() {
        if by_label.insert(r.label.clone(), ids[k]).is_some() {
            warnings.push(format!(
                "tasks.md: two tasks are numbered {}; dependencies on {} mean the second",
                r.label, r.label
            ));
        }
    }

    let mut tasks = Vec::with_capacity(read.len());
    let mut previous_required: Option<TaskId> = None;
    for (k, r) in read.iter().enumerate() {
        let mut t = Task::new(ids[k], r.line.title.clone());
        t.status = r.line.status;
        t.source_id = Some(r.label.clone());
        t.parent = r.parent.map(|p| ids[p]);
        let body = r.body.join("\n");
        let (description, covers) = body_parts(&body);
        t.description = description;
        t.covers = covers;
        if !body.is_empty() {
            t.extra.insert("body", serde_json::Value::String(body));
        }
        t.extra
            .insert("line", serde_json::Value::String(r.raw.clone()));
        if r.line.optional {
            t.extra.insert("optional", serde_json::Value::Bool(true));
        }
        for d in &r.line.deps {
            match by_label.get(d) {
                Some(&on) if on != t.id => t.depends_on.push(Dependency::new(on, DepKind::Other)),
                _ => warnings.push(format!(
                    "tasks.md: task {} depends on {d}, which no task is numbered; that dependency is left out",
                    r.label
                )),
            }
        }
        // Kiro works the list in order: each task follows the one before
        // (optional ones are not waited for).
        if r.line.deps.is_empty()
            && let Some(prev) = previous_required
        {
            t.depends_on.push(Dependency::inferred(prev));
        }
        if !r.line.optional {
            previous_required = Some(t.id);
        }
        tasks.push(t);
    }
    let skeleton = skeleton
        .into_iter()
        .map(|l| match l {
            SourceLine::Task { task } => SourceLine::Task {
                task: ids[task.0 as usize],
            },
            text => text,
        })
        .collect();

    let title = title
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    let mut s = Session::new("kiro", title, Timestamp::default());
    if let Some(req) = requirements.filter(|r| !r.trim().is_empty()) {
        let _ = apply(
            &mut s,
            Edit::SetSpecText {
                text: req.to_string(),
            },
        );
    }
    if let Some(d) = design {
        s.spec.context = d.to_string();
    }
    s.stage = Stage::Dependencies;
    let mut origin = Origin::new(SourceFormat::Kiro);
    origin.lines = skeleton;
    s.origin = Some(origin);
    s.tasks = tasks;
    s.normalise_counters();
    s.counters.next_task = s.counters.next_task.max(next);
    Ok(KiroImport {
        session: s,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASKS: &str = "# Implementation Plan\n\n- [x] 1. Add auth types\n\n  - Add `AuthUser` to `src/types/index.ts`\n  - _Requirements: 1.1_\n\n- [-] 2. Create auth API endpoint\n\n  - [x] 2.1 Create the POST handler\n    - Validate the password\n    - _Requirements: 2.1, 2.2_\n  - [ ]* 2.2 Write property tests\n    - _Requirements: 2.1-2.3_\n\n- [ ] 3. Create config endpoint (dep: 1)\n";
    const REQUIREMENTS: &str = "# Requirements Document\n\n## Requirements\n\n### Requirement 1: Hook\n\n**User Story:** As a developer, I want a hook.\n\n#### Acceptance Criteria\n\n1. THE System SHALL provide a `useAuth` hook.\n2. THE System SHALL keep the session.\n\n### Requirement 2: Endpoint\n\n**User Story:** As a developer, I want an endpoint.\n\n#### Acceptance Criteria\n\n1. THE System SHALL expose POST /api/auth.\n2. THE System SHALL answer 401 on a bad password.\n3. THE System SHALL expose DELETE /api/auth.\n";

    #[test]
    fn reads_tasks_subtasks_links_and_requirements() {
        let r = read(TASKS, Some(REQUIREMENTS), Some("# Design\n"), "auth").unwrap();
        let s = &r.session;
        let rows: Vec<(&str, Option<u32>, TaskStatus, &str)> = s
            .tasks
            .iter()
            .map(|t| {
                (
                    t.source_id.as_deref().unwrap_or(""),
                    t.parent.map(|p| p.0),
                    t.status,
                    t.title.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("1", None, TaskStatus::Done, "Add auth types"),
                (
                    "2",
                    None,
                    TaskStatus::InProgress,
                    "Create auth API endpoint"
                ),
                ("2.1", Some(2), TaskStatus::Done, "Create the POST handler"),
                ("2.2", Some(2), TaskStatus::Pending, "Write property tests"),
                ("3", None, TaskStatus::Pending, "Create config endpoint"),
            ]
        );
        let covers =
            |k: usize| -> Vec<&str> { s.tasks[k].covers.iter().map(|c| c.as_str()).collect() };
        assert_eq!(covers(0), vec!["1.1"]);
        assert_eq!(covers(3), vec!["2.1", "2.2", "2.3"]);
        assert_eq!(s.tasks[2].description, "  - Validate the password");
        assert_eq!(s.tasks[3].extra.flag("optional"), Some(true));
        // Stated (dep: 1) is kept; the rest follow the task before them,
        // marked inferred, and nothing waits for the optional 2.2.
        assert_eq!(
            s.tasks[4].depends_on,
            vec![Dependency::new(TaskId(1), DepKind::Other)]
        );
        assert_eq!(s.tasks[1].depends_on, vec![Dependency::inferred(TaskId(1))]);
        assert!(s.tasks.iter().all(|t| !t.depends_on_task(s.tasks[3].id)));
        // The requirements are the spec reader's, with Kiro's ids.
        let reqs: Vec<&str> = s.spec.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(reqs, vec!["1.1", "1.2", "2.1", "2.2", "2.3"]);
        assert_eq!(s.spec.context, "# Design\n");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn unnumbered_items_under_task_headings_are_subtasks() {
        let r = read(
            "## Tasks\n\n#### Task 1: Database Schema\n- [ ] Create the tasks table\n- [x] Add indexes\n\n#### Task 2: Service\n- [ ] Write the service\n",
            None,
            None,
            "x",
        )
        .unwrap();
        let labels: Vec<(&str, Option<u32>)> = r
            .session
            .tasks
            .iter()
            .map(|t| (t.source_id.as_deref().unwrap_or(""), t.parent.map(|p| p.0)))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("1", None),
                ("1.1", Some(1)),
                ("1.2", Some(1)),
                ("2", None),
                ("2.1", Some(2))
            ]
        );
        assert_eq!(
            read("# Plan\n\nNothing here.\n", None, None, "x").unwrap_err(),
            KiroError::NoTasks
        );
    }
}
