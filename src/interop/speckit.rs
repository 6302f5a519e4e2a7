//! Reading a Spec Kit `tasks.md` into a [`Session`]: every checkbox line
//! `- [ ] T001 [P] [US1] Description in path/to/file (depends on T000)` is a
//! task, in file order. `T001` becomes `T1`, a sub-id like `T005b` a fresh
//! number (its `source_id` keeps what the file wrote), `[x]` marks it done,
//! bracketed labels other than `[P]` become the requirements it covers,
//! backquoted or path-like words after the last ` in ` become what it
//! produces, `depends on T...` phrases become dependencies, and indented
//! lines under a task line its description.
//!
//! A line that cannot be a task (a checklist item without an id, an id seen
//! before, an id too large) is kept as a note where it stands, with a
//! warning naming its line; nothing ends the import but a file with no
//! task at all. Every other line of the file is kept too
//! ([`crate::plan::Origin::lines`]), so the export writes the file back
//! around the tasks.
//!
//! Phases and `[P]` carry order, as Spec Kit means them: a phase starts
//! when the one before it is complete, and within a phase a task without
//! `[P]` runs after the task before it (files planner-tui wrote itself name
//! every prerequisite, so nothing is inferred for them). A task whose line
//! names its prerequisites (`depends on ...`) keeps exactly those; one that
//! names none gets them from its place: the task before it in its phase
//! when it has no `[P]`, else the last tasks of the phase before (those no
//! other task of that phase waits for). When a phase has several last
//! tasks and the next several first ones, its last-listed task closes it
//! (it waits for the other last tasks, and the next phase for it alone):
//! the fewest edges that keep the phases in order, instead of every pair.
//! These are marked inferred. A phase is a `##` section with tasks
//! (or a deeper heading named Phase); files with one section and no `[P]`
//! are plain lists: nothing is inferred. The parallel groups are then
//! computed from the dependencies, as for any plan.
use std::collections::HashMap;

use crate::plan::{
    DepKind, Dependency, Origin, RequirementId, Session, SourceFormat, SourceLine, Stage, Task,
    TaskId, TaskStatus, Timestamp,
};

/// Why a `tasks.md` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecKitError {
    #[error("no task lines found (expected lines like `- [ ] T001 Description`)")]
    NoTasks,
}

/// A Spec Kit plan as a session, with what was read differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecKitImport {
    pub session: Session,
    /// Lines kept as notes or read in part, each naming its line.
    pub warnings: Vec<String>,
}

/// Read a Spec Kit `tasks.md`. The title is the first `# ` heading (without
/// a leading `Tasks:`), else `fallback_title`.
pub fn read_tasks_md(text: &str, fallback_title: &str) -> Result<Session, SpecKitError> {
    read(text, fallback_title).map(|r| r.session)
}

/// One task line as read, before ids are given out.
struct Line {
    number: usize,
    key: IdKey,
    id_text: String,
    done: bool,
    parallel: bool,
    covers: Vec<RequirementId>,
    title: String,
    produces: Vec<String>,
    /// The ids `depends on` names, as written.
    deps: Option<Vec<String>>,
    section: usize,
    description: Vec<String>,
    raw: String,
}

/// `T005b` → (5, "b"): ids compare by number and suffix, not by zeros.
type IdKey = (u32, String);

/// [`read_tasks_md`] with its warnings.
pub fn read(text: &str, fallback_title: &str) -> Result<SpecKitImport, SpecKitError> {
    let ours = text.contains(OWN_EXPORT_MARK);
    let lines: Vec<&str> = text.lines().collect();
    let mut title = None;
    let mut warnings = Vec::new();
    let mut parsed: Vec<Line> = Vec::new();
    let mut skeleton: Vec<Slot> = Vec::new();
    // Section 0 is what comes before the first heading.
    let mut sections: Vec<Section> = vec![Section::default()];
    let mut seen: HashMap<IdKey, usize> = HashMap::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let n = i + 1;
        i += 1;
        let l = raw.trim();
        if title.is_none()
            && let Some(h) = l.strip_prefix("# ")
        {
            let h = h.trim();
            title = Some(h.strip_prefix("Tasks:").unwrap_or(h).trim().to_string());
            skeleton.push(Slot::Text(raw.to_string()));
            continue;
        }
        if let Some(heading) = section_heading(l) {
            sections.push(Section {
                heading: Some(heading.to_string()),
                phase_named: heading.to_lowercase().starts_with("phase")
                    || heading.to_lowercase().starts_with("fase"),
                tasks: 0,
            });
            skeleton.push(Slot::Text(raw.to_string()));
            continue;
        }
        let Some((done, rest)) = checkbox(l) else {
            skeleton.push(Slot::Text(raw.to_string()));
            continue;
        };
        let section = sections.len() - 1;
        let note = |warnings: &mut Vec<String>, why: String| {
            warnings.push(format!(
                "line {n}: {why}; the line is kept as a note{}",
                sections[section]
                    .heading
                    .as_deref()
                    .map(|h| format!(" of `{}`", quote(h)))
                    .unwrap_or_default()
            ));
        };
        let line = match parse_line(rest) {
            Err(why) => {
                note(&mut warnings, format!("`{}` {why}", quote(&short(l))));
                skeleton.push(Slot::Text(raw.to_string()));
                continue;
            }
            Ok(p) => p,
        };
        if let Some(&first) = seen.get(&line.key) {
            note(
                &mut warnings,
                format!("task {} was already on line {first}", line.id_text),
            );
            skeleton.push(Slot::Text(raw.to_string()));
            continue;
        }
        if let Some(bad) = &line.bad_dependency {
            warnings.push(format!(
                "line {n}: `{}` in `depends on` is not a task id (expected T001-style ids); the phrase is read as part of the title",
                quote(bad)
            ));
        }
        seen.insert(line.key.clone(), n);
        // Indented lines under the task line are its description.
        let indent = raw.len() - raw.trim_start().len();
        let mut description = Vec::new();
        while i < lines.len() {
            let next = lines[i];
            let next_indent = next.len() - next.trim_start().len();
            if next.trim().is_empty()
                || next_indent <= indent
                || checkbox(next.trim()).is_some_and(|(_, r)| parse_line(r).is_ok())
            {
                break;
            }
            description.push(next[indent.min(next_indent)..].to_string());
            i += 1;
        }
        sections[section].tasks += 1;
        skeleton.push(Slot::Task(parsed.len()));
        parsed.push(Line {
            number: n,
            key: line.key,
            id_text: line.id_text,
            done,
            parallel: line.parallel,
            covers: line.covers,
            title: line.title,
            produces: line.produces,
            deps: line.deps,
            section,
            description,
            raw: raw.to_string(),
        });
    }
    if parsed.is_empty() {
        return Err(SpecKitError::NoTasks);
    }

    // Plain numbers keep their number; sub-ids come after every number in use.
    let max = parsed
        .iter()
        .map(|p| p.key.0)
        .chain(
            parsed
                .iter()
                .flat_map(|p| p.deps.iter().flatten())
                .filter_map(|d| id_key(d))
                .filter(|k| k.1.is_empty())
                .map(|k| k.0),
        )
        .max()
        .unwrap_or(0);
    let mut next = max.saturating_add(1);
    let mut ids: HashMap<IdKey, TaskId> = HashMap::new();
    let mut taken: std::collections::HashSet<u32> = std::collections::HashSet::new();
    for p in parsed.iter().filter(|p| p.key.1.is_empty()) {
        taken.insert(p.key.0);
        ids.insert(p.key.clone(), TaskId(p.key.0));
    }
    for p in parsed.iter().filter(|p| !p.key.1.is_empty()) {
        while taken.contains(&next) {
            next = next.saturating_add(1);
        }
        ids.insert(p.key.clone(), TaskId(next));
        next = next.saturating_add(1);
    }

    let mut tasks: Vec<Task> = Vec::with_capacity(parsed.len());
    let mut places = Vec::with_capacity(parsed.len());
    for p in &parsed {
        let id = ids[&p.key];
        let mut t = Task::new(id, p.title.clone());
        t.produces = p.produces.clone();
        t.covers = p.covers.clone();
        t.description = p.description.join("\n");
        t.status = if p.done {
            TaskStatus::Done
        } else {
            TaskStatus::Pending
        };
        t.source_id = Some(p.id_text.clone());
        for d in p.deps.iter().flatten() {
            match id_key(d).and_then(|k| ids.get(&k).copied().or_else(|| {
                // A plain id no task has stays a dependency on that id (dangling).
                k.1.is_empty().then_some(TaskId(k.0))
            })) {
                Some(on) => t.depends_on.push(Dependency::new(on, DepKind::Other)),
                None => warnings.push(format!(
                    "line {}: {} depends on {d}, which no task line has; that dependency is left out",
                    p.number, p.id_text
                )),
            }
        }
        let section = &sections[p.section];
        t.group = section.heading.as_deref().and_then(phase_title);
        if !ours {
            t.extra
                .insert("line", serde_json::Value::String(p.raw.clone()));
            t.extra
                .insert("parallel", serde_json::Value::Bool(p.parallel));
        }
        places.push(Place {
            phase: p.section,
            parallel: p.parallel,
            named_deps: p.deps.is_some(),
        });
        tasks.push(t);
    }
    // planner-tui's own export names every prerequisite, so its files
    // need (and get) nothing inferred: they read back to the same plan.
    let phased = sections.iter().filter(|s| s.tasks > 0).count() > 1
        || sections.iter().any(|s| s.tasks > 0 && s.phase_named);
    if !ours && (phased || places.iter().any(|p| p.parallel)) {
        infer_order(&mut tasks, &places);
    }
    let title = title
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    let mut s = Session::new("speckit", title, Timestamp::default());
    s.stage = Stage::Dependencies;
    if !ours {
        let mut origin = Origin::new(SourceFormat::Speckit);
        origin.lines = skeleton
            .into_iter()
            .map(|slot| match slot {
                Slot::Text(t) => SourceLine::Text(t),
                Slot::Task(k) => SourceLine::Task { task: tasks[k].id },
            })
            .collect();
        s.origin = Some(origin);
    }
    s.tasks = tasks;
    s.normalise_counters();
    Ok(SpecKitImport {
        session: s,
        warnings,
    })
}

enum Slot {
    Text(String),
    Task(usize),
}

#[derive(Default)]
struct Section {
    heading: Option<String>,
    /// Its heading calls it a phase.
    phase_named: bool,
    tasks: usize,
}

/// A `## ` heading, or a deeper one named Phase: where a new section starts.
fn section_heading(l: &str) -> Option<&str> {
    if let Some(h) = l.strip_prefix("## ") {
        return Some(h.trim());
    }
    let hashes = l.chars().take_while(|c| *c == '#').count();
    let h = l.get(hashes..)?.strip_prefix(' ')?.trim();
    let lower = h.to_lowercase();
    (hashes >= 3 && (lower.starts_with("phase ") || lower.starts_with("fase "))).then_some(h)
}

/// Text quoted inside backquotes in a message: a backquote in it would end
/// the quote early, so it becomes a straight quote.
fn quote(s: &str) -> String {
    crate::sanitize::one_line(s).replace('`', "'")
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
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
/// gives none; a heading not named Phase is the name itself.
fn phase_title(heading: &str) -> Option<String> {
    let lower = heading.to_lowercase();
    let name = if lower.starts_with("phase") || lower.starts_with("fase") {
        let word = if lower.starts_with("phase") { 5 } else { 4 };
        let rest = heading.get(word..)?.trim_start();
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        rest.strip_prefix(':').unwrap_or(rest).trim()
    } else {
        heading.trim()
    };
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
        let sink_at: Vec<usize> = previous_phase
            .iter()
            .copied()
            .filter(|&i| {
                let id = tasks[i].id;
                !previous_phase
                    .iter()
                    .any(|&j| tasks[j].depends_on.iter().any(|d| d.on == id))
            })
            .collect();
        let mut sinks: Vec<TaskId> = sink_at.iter().map(|&i| tasks[i].id).collect();
        // With several last tasks and several first ones, every first task
        // would need every last one. Instead the phase's last-listed task
        // closes it, when it names no prerequisites of its own: it waits for
        // the other last tasks (all listed before it, so nothing comes to
        // depend on a later task), and the next phase waits for it alone.
        let entries = (start..end)
            .filter(|&i| !places[i].named_deps && (places[i].parallel || i == start))
            .count();
        if sinks.len() > 1
            && entries > 1
            && let Some(&closer) = sink_at.last().filter(|&&i| !places[i].named_deps)
        {
            let closer_id = tasks[closer].id;
            for &other in sinks.iter().filter(|&&id| id != closer_id) {
                if !tasks[closer].depends_on_task(other) {
                    tasks[closer].depends_on.push(Dependency::inferred(other));
                }
            }
            sinks = vec![closer_id];
        }
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
                .map(Dependency::inferred)
                .collect();
        }
        previous_phase = (start..end).collect();
        start = end;
    }
}

/// What a whole task line (`- [ ] T001 ...`) says, for the export to
/// tell whether its task still says the same.
pub(crate) fn parse_task_line(raw: &str) -> Option<ParsedLine> {
    checkbox(raw.trim()).and_then(|(_, rest)| parse_line(rest).ok())
}

/// What a task line says, before ids are given out.
pub(crate) struct ParsedLine {
    key: IdKey,
    pub(crate) id_text: String,
    pub(crate) parallel: bool,
    pub(crate) covers: Vec<RequirementId>,
    pub(crate) title: String,
    pub(crate) produces: Vec<String>,
    pub(crate) deps: Option<Vec<String>>,
    /// A `(depends on ...)` item that is not an id: the phrase stays in the title.
    bad_dependency: Option<String>,
}

/// Reads what follows the checkbox; `Err` says why it is not a task line.
fn parse_line(rest: &str) -> Result<ParsedLine, String> {
    let (id_raw, mut rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let id_text = id_raw
        .trim_matches('*')
        .trim_end_matches([':', '.', ','])
        .trim_matches('*')
        .to_string();
    let key = match id_key(&id_text) {
        Some(k) => k,
        None if id_text.starts_with(['T', 't'])
            && id_text[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            return Err("has an id too large to number (the largest is T4294967294)".into());
        }
        None => return Err("has no task id (like T001)".into()),
    };
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
    let mut deps = None;
    let mut bad_dependency = None;
    if let Some((before, list, strict)) = split_depends(&body) {
        let parts: Vec<&str> = list
            .split([',', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "and")
            .collect();
        match parts.iter().find(|p| id_key(p).is_none()) {
            // "(depends on ...)" must list ids; a bare "depends on" in prose
            // that names no ids is just part of the description.
            Some(bad) if strict => bad_dependency = Some(bad.to_string()),
            Some(_) => {}
            None if !parts.is_empty() => {
                deps = Some(
                    parts
                        .iter()
                        .map(|p| p.trim_end_matches([',', '.', ';']).to_string())
                        .collect(),
                );
                body = before;
            }
            None => {}
        }
    }
    let (title, produces) = split_produces(&body);
    let title = crate::sanitize::one_line(&title);
    if title.trim().is_empty() {
        return Err(format!("has no description after {id_text}"));
    }
    Ok(ParsedLine {
        key,
        id_text,
        parallel,
        covers,
        title,
        produces,
        deps,
        bad_dependency,
    })
}

/// `T001` → (1, ""), `T005b` → (5, "b"). `T4294967295` is refused: no id
/// would be left for the next task added to the plan.
pub(crate) fn id_key(s: &str) -> Option<IdKey> {
    let d = s
        .trim()
        .trim_end_matches([',', '.', ';', ':', ')'])
        .strip_prefix(['T', 't'])?;
    let digits = d.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = d.split_at(digits);
    if number.is_empty() || suffix.len() > 2 || !suffix.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let n: u32 = number.parse().ok().filter(|&n| n < u32::MAX)?;
    Some((n, suffix.to_ascii_lowercase()))
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
        // Phase 1: T002 (no [P]) follows T001; T003 [P] needs nothing but,
        // listed last, closes the phase: it waits for T002, the other last task.
        assert_eq!(deps(1), Vec::<u32>::new());
        assert_eq!(deps(2), vec![1]);
        assert_eq!(deps(3), vec![2]);
        // Phase 2 starts when phase 1 is done: T003 closes it.
        assert_eq!(deps(4), vec![3]);
        assert_eq!(deps(5), vec![3, 4]);
        // Phase 3: [P] tasks wait for phase 2, closed by T005; a named
        // prerequisite is kept as named.
        assert_eq!(deps(10), vec![5]);
        assert_eq!(deps(12), vec![5]);
        assert_eq!(deps(14), vec![12]);
        assert!(
            s.tasks
                .iter()
                .all(|t| t.depends_on.iter().all(|d| d.inferred || t.id.0 == 14))
        );
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
    fn bad_lines_are_notes_with_their_line_number() {
        let text = "# T\n## Phase 1: Setup\n- [ ] X1 thing\n- [ ] T1 a\n- [ ] T001 b\n\
                    - [ ] T2 b (depends on T1, banana)\n- [ ] Backend matches `uv plan.md\n";
        let r = read(text, "x").unwrap();
        let titles: Vec<&str> = r.session.tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, vec!["a", "b (depends on T1, banana)"]);
        assert_eq!(
            r.warnings,
            vec![
                "line 3: `- [ ] X1 thing` has no task id (like T001); the line is kept as a note of `Phase 1: Setup`",
                "line 5: task T001 was already on line 4; the line is kept as a note of `Phase 1: Setup`",
                "line 6: `banana` in `depends on` is not a task id (expected T001-style ids); the phrase is read as \
                 part of the title",
                "line 7: `- [ ] Backend matches 'uv plan.md` has no task id (like T001); the line is kept as a note \
                 of `Phase 1: Setup`",
            ]
        );
        // The notes stay where they stood, for the export.
        let origin = r.session.origin.as_ref().unwrap();
        assert!(
            origin
                .lines
                .contains(&SourceLine::Text("- [ ] X1 thing".into()))
        );
        let prose = read_tasks_md("- [ ] T3 Document what depends on the cache\n", "x").unwrap();
        assert_eq!(prose.tasks[0].title, "Document what depends on the cache");
        assert!(prose.tasks[0].depends_on.is_empty());
        assert_eq!(
            read_tasks_md("# nothing\n- [ ] no id\n", "x").unwrap_err(),
            SpecKitError::NoTasks
        );
        // The largest id would leave no number for the next task.
        let r = read("- [ ] T4294967295 last\n- [ ] T1 first\n", "x").unwrap();
        assert!(
            r.warnings[0].starts_with("line 1: `- [ ] T4294967295 last` has an id too large"),
            "{:?}",
            r.warnings
        );
        let s = read_tasks_md("- [ ] T4294967294 last but one\n", "x").unwrap();
        assert_eq!(s.next_task_id(), TaskId(u32::MAX));
    }

    #[test]
    fn sub_ids_get_fresh_numbers_and_dependencies_find_them() {
        let text = "## Phase 1: Setup\n- [X] T005 Create the project\n- [X] T005b Add warnings as errors\n\
                    - [ ] T006 Lint (depends on T005b)\n";
        let s = read_tasks_md(text, "x").unwrap();
        let ids: Vec<(u32, &str)> = s
            .tasks
            .iter()
            .map(|t| (t.id.0, t.source_id.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(ids, vec![(5, "T005"), (7, "T005b"), (6, "T006")]);
        assert_eq!(
            s.tasks[2].depends_on,
            vec![Dependency::new(TaskId(7), DepKind::Other)]
        );
        assert_eq!(s.tasks[1].depends_on, vec![Dependency::inferred(TaskId(5))]);
    }

    #[test]
    fn inferred_dependencies_are_marked_and_few() {
        // Two phases of four parallel tasks: each task of phase 2 waits for the
        // last tasks of phase 1 (those nothing in phase 1 waits for).
        let mut text = String::from("## Phase 1: A\n");
        for i in 1..=4 {
            text.push_str(&format!("- [ ] T00{i} [P] a{i}\n"));
        }
        text.push_str("- [ ] T005 join\n## Phase 2: B\n");
        for i in 6..=9 {
            text.push_str(&format!("- [ ] T00{i} [P] b{i}\n"));
        }
        let s = read_tasks_md(&text, "x").unwrap();
        assert!(
            s.tasks
                .iter()
                .flat_map(|t| &t.depends_on)
                .all(|d| d.inferred)
        );
        // T005 follows T004 and closes phase 1: it also waits for the other
        // last tasks (T001-T003), and phase 2 waits for T005 alone: 8 edges,
        // not the 4 x 4 from every last task to every first one.
        let on = |k: usize| -> Vec<u32> { s.tasks[k].depends_on.iter().map(|d| d.on.0).collect() };
        assert_eq!(on(4), vec![4, 1, 2, 3]);
        assert_eq!(on(5), vec![5]);
        assert_eq!(on(8), vec![5]);
        assert_eq!(s.dependency_count(), 4 + 4);
        // Every task of phase 2 still comes after every task of phase 1.
        let r = crate::analysis::analyse(&s);
        let waves = r.schedule.unwrap();
        assert_eq!(waves.wave_count(), 3);
    }
}
