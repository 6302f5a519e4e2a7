//! Reading a Spec Kit `tasks.md` into a [`Session`]: every checkbox line
//! `- [ ] T001 [P] [US1] Description in path/to/file (depends on T000)` is a
//! task, in file order. `T001` becomes `T1` (its `source_id` keeps `T001`),
//! `[x]` marks it done, bracketed labels other than `[P]` become the
//! requirements it covers, backquoted or path-like words after the last
//! ` in ` become what it produces, and `depends on T...` phrases become
//! dependencies.
//!
//! Phases and `[P]` carry order too, as Spec Kit means them: a phase starts
//! when the one before it is complete, and within a phase a task without
//! `[P]` runs after the task before it (files planner-tui wrote itself name
//! every prerequisite, so nothing is inferred for them). A task whose line names its
//! prerequisites (`depends on ...`) keeps exactly those; one that names none
//! gets them from its place: the task before it in its phase when it has no
//! `[P]`, else the last tasks of the phase before (those no other task of
//! that phase waits for). Files without `## Phase` headings and without any
//! `[P]` are plain lists: nothing is inferred. The parallel groups are then
//! computed from the dependencies, as for any plan.
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
    let mut places: Vec<Place> = Vec::new();
    let mut phase = 0usize;
    let mut phase_name: Option<String> = None;
    let mut has_phases = false;
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
        if let Some(h) = l
            .strip_prefix("## ")
            .map(str::trim)
            .filter(|h| h.to_lowercase().starts_with("phase"))
        {
            has_phases = true;
            phase += 1;
            phase_name = phase_title(h);
            continue;
        }
        let Some((done, rest)) = checkbox(l) else {
            continue;
        };
        let (mut task, parallel) = parse_task(n, done, rest)?;
        task.group = phase_name.clone();
        places.push(Place {
            phase,
            parallel,
            named_deps: !task.depends_on.is_empty(),
        });
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
    // planner-tui's own export names every prerequisite, so its files
    // need (and get) nothing inferred: they read back to the same plan.
    let ours = text.contains(OWN_EXPORT_MARK);
    if !ours && (has_phases || places.iter().any(|p| p.parallel)) {
        infer_order(&mut tasks, &places);
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

/// "Phase 2: Foundational (Blocking Prerequisites)" → "Foundational
/// (Blocking Prerequisites)"; a heading with no name after the number
/// gives none.
fn phase_title(heading: &str) -> Option<String> {
    let rest = heading.get(5..)?.trim_start();
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let name = rest.strip_prefix(':').unwrap_or(rest).trim();
    // The names planner-tui's own export gives its computed waves are not
    // groups anyone set: reading them back as groups would pin the waves.
    let computed = name == "Start (no prerequisites)"
        || name.starts_with("All tasks (")
        || name
            .strip_prefix("After phase ")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    (!name.is_empty() && !computed).then(|| name.to_string())
}

/// The line every `tasks.md` planner-tui writes carries.
pub const OWN_EXPORT_MARK: &str = "**Input**: the plan of this planner-tui session";

/// Where a task line stood: its phase (0 before any `## Phase`), whether it
/// had `[P]`, and whether it named its prerequisites.
#[derive(Debug, Clone, Copy)]
struct Place {
    phase: usize,
    parallel: bool,
    named_deps: bool,
}

/// Dependencies from phases and `[P]` for the tasks that name none.
fn infer_order(tasks: &mut [Task], places: &[Place]) {
    let mut previous_phase: Vec<usize> = Vec::new();
    let mut start = 0;
    while start < tasks.len() {
        let phase = places[start].phase;
        let end = start
            + places[start..]
                .iter()
                .take_while(|p| p.phase == phase)
                .count();
        // The last tasks of the phase before: those none of its tasks waits for.
        let sinks: Vec<TaskId> = previous_phase
            .iter()
            .map(|&i| tasks[i].id)
            .filter(|id| {
                !previous_phase
                    .iter()
                    .any(|&j| tasks[j].depends_on.iter().any(|d| d.on == *id))
            })
            .collect();
        for i in start..end {
            if places[i].named_deps {
                continue;
            }
            let inferred: Vec<TaskId> = if !places[i].parallel && i > start {
                vec![tasks[i - 1].id]
            } else {
                sinks.clone()
            };
            tasks[i].depends_on = inferred
                .into_iter()
                .filter(|on| *on != tasks[i].id)
                .map(|on| Dependency::new(on, DepKind::Other))
                .collect();
        }
        previous_phase = (start..end).collect();
        start = end;
    }
}

fn parse_task(line: usize, done: bool, rest: &str) -> Result<(Task, bool), SpecKitError> {
    let (id_text, mut rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let id = task_number(id_text).ok_or_else(|| SpecKitError::BadId {
        line,
        found: id_text.to_string(),
    })?;
    let mut covers = Vec::new();
    let mut parallel = false;
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
        if label == "P" {
            parallel = true;
        } else {
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
    Ok((t, parallel))
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
    fn phases_and_parallel_marks_give_the_order_when_no_line_names_it() {
        let text = "# Tasks: Photo Albums\n\n## Phase 1: Setup\n\n\
                    - [ ] T001 Create project structure\n\
                    - [ ] T002 Initialize the project\n\
                    - [ ] T003 [P] Configure linting\n\n---\n\n\
                    ## Phase 2: Foundational\n\n\
                    - [ ] T004 Database schema and migrations\n\
                    - [X] T005 [P] Authentication framework\n\n\
                    ## Phase 3: User Story 1\n\n### Tests\n\n\
                    - [ ] T010 [P] [US1] Contract test for POST /albums in tests/contract/test_albums.py\n\
                    - [ ] T012 [P] [US1] Create Album model in src/models/album.py\n\
                    - [ ] T014 [US1] Implement AlbumService in src/services/album_service.py (depends on T012)\n\n\
                    ## Dependencies & Execution Order\n\n- Setup first\n";
        let s = read_tasks_md(text, "x").unwrap();
        let deps = |id: u32| -> Vec<u32> {
            let t = s.tasks.iter().find(|t| t.id.0 == id).unwrap();
            t.depends_on.iter().map(|d| d.on.0).collect()
        };
        // Phase 1: T002 (no [P]) follows T001; T003 [P] needs nothing.
        assert_eq!(deps(1), Vec::<u32>::new());
        assert_eq!(deps(2), vec![1]);
        assert_eq!(deps(3), Vec::<u32>::new());
        // Phase 2 starts when phase 1's last tasks (T002, T003) are done.
        assert_eq!(deps(4), vec![2, 3]);
        assert_eq!(deps(5), vec![2, 3]);
        // Phase 3: [P] tasks wait for phase 2; a named prerequisite is kept as named.
        assert_eq!(deps(10), vec![4, 5]);
        assert_eq!(deps(12), vec![4, 5]);
        assert_eq!(deps(14), vec![12]);
    }

    #[test]
    fn named_phases_become_groups_and_the_export_keeps_them() {
        let text = "# Tasks: Albums\n\n## Phase 1: Setup\n\n- [ ] T001 Create the project\n\n\
                    ## Phase 2: User Story 1 - Create albums (Priority: P1)\n\n\
                    - [ ] T002 [P] [US1] Album model in src/models/album.py\n\
                    - [ ] T003 [P] [US1] Album contract test in tests/contract/test_albums.py\n";
        let s = read_tasks_md(text, "x").unwrap();
        let groups: Vec<Option<&str>> = s.tasks.iter().map(|t| t.group.as_deref()).collect();
        assert_eq!(
            groups,
            vec![
                Some("Setup"),
                Some("User Story 1 - Create albums (Priority: P1)"),
                Some("User Story 1 - Create albums (Priority: P1)")
            ]
        );
        let out = crate::export::render(
            crate::export::Format::Speckit,
            &s,
            &crate::analysis::analyse(&s),
        );
        assert!(out.contains("## Phase 1: Setup\n"), "{out}");
        assert!(
            out.contains("## Phase 2: User Story 1 - Create albums (Priority: P1)\n"),
            "{out}"
        );
        assert!(out.contains("- [ ] T002 [P] [US1] Album model"), "{out}");
        // planner-tui's own wave names are not read as groups.
        let ours = read_tasks_md("## Phase 1: Start (no prerequisites)\n\n- [ ] T001 A\n\n## Phase 2: After phase 1\n\n- [ ] T002 B (depends on T001)\n", "x").unwrap();
        assert!(ours.tasks.iter().all(|t| t.group.is_none()));
    }

    #[test]
    fn a_plain_list_without_phases_or_parallel_marks_infers_nothing() {
        let s = read_tasks_md("- [ ] T001 One\n- [ ] T002 Two\n", "x").unwrap();
        assert!(s.tasks.iter().all(|t| t.depends_on.is_empty()));
    }

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
