//! A Kiro spec folder: `requirements.md` (the spec), `design.md` (the
//! context) and `tasks.md`, one numbered checkbox line per task with its
//! subtasks under it (`- [ ] 2.1 Title`), its description indented below
//! and `_Requirements: 1.1, 2.3_` for what it covers. The mapping is in
//! `docs/kiro.md`; [`crate::interop::kiro`] reads the same files back.
//!
//! A plan imported from Kiro is written back around its tasks: every other
//! line of its `tasks.md` where it stood, each task as the file wrote it
//! while the task still says the same, tasks added since after the last
//! task of their parent (or at the end). Stated dependencies are written
//! `(dep: 1, 3)` after the title; inferred ones are not written, since
//! Kiro works the list in order, which is where they came from.
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::analysis::Report;
use crate::interop::kiro::{body_parts, task_line};
use crate::plan::{Session, SourceFormat, SourceLine, Task, TaskId, TaskStatus};

use super::one_line;

/// The files of the spec folder, by name: `tasks.md` always,
/// `requirements.md` and `design.md` when the plan has a spec or a context.
pub fn render_files(s: &Session, _report: &Report) -> Vec<(&'static str, String)> {
    let mut files = Vec::new();
    if !s.spec.text.trim().is_empty() {
        files.push(("requirements.md", ensure_newline(&s.spec.text)));
    } else if !s.spec.requirements.is_empty() {
        let mut o = String::from("# Requirements Document\n\n## Requirements\n\n");
        for r in &s.spec.requirements {
            let _ = writeln!(o, "- {}: {}", r.id.as_str(), one_line(&r.text));
        }
        files.push(("requirements.md", o));
    }
    if !s.spec.context.trim().is_empty() {
        files.push(("design.md", ensure_newline(&s.spec.context)));
    }
    files.push(("tasks.md", render_tasks(s)));
    files
}

fn ensure_newline(t: &str) -> String {
    let mut t = t.to_string();
    if !t.ends_with('\n') {
        t.push('\n');
    }
    t
}

/// `tasks.md` alone.
pub fn render_tasks(s: &Session) -> String {
    let numbers = Numbers::new(s);
    if let Some(origin) = &s.origin
        && origin.format == SourceFormat::Kiro
        && !origin.lines.is_empty()
    {
        return around_the_file(s, &origin.lines, &numbers);
    }
    let mut o = format!("# Implementation Plan: {}\n\n", one_line(&s.title));
    for t in tree_order(s) {
        o.push_str(&entry(s, t, &numbers));
        o.push_str("\n\n");
    }
    o
}

/// Tasks with each parent's subtasks right after it.
fn tree_order(s: &Session) -> Vec<&Task> {
    let present: HashSet<TaskId> = s.tasks.iter().map(|t| t.id).collect();
    let mut out = Vec::with_capacity(s.tasks.len());
    let mut seen = HashSet::new();
    let children = s.children();
    let mut stack: Vec<&Task> = s
        .tasks
        .iter()
        .filter(|t| t.parent.is_none_or(|p| !present.contains(&p)))
        .rev()
        .collect();
    while let Some(t) = stack.pop() {
        if !seen.insert(t.id) {
            continue;
        }
        out.push(t);
        if let Some(subs) = children.get(&t.id) {
            stack.extend(subs.iter().rev());
        }
    }
    // Tasks in a loop of parents, which no root reaches.
    out.extend(s.tasks.iter().filter(|t| !seen.contains(&t.id)));
    out
}

/// Each task's number: the one its Kiro file gave it, else its place
/// (`3`, `3.2`), never one already taken.
struct Numbers(HashMap<TaskId, String>);

impl Numbers {
    fn new(s: &Session) -> Numbers {
        let ours = s
            .origin
            .as_ref()
            .is_some_and(|o| o.format == SourceFormat::Kiro);
        let mut map = HashMap::new();
        let mut used: HashSet<String> = HashSet::new();
        if ours {
            for t in &s.tasks {
                if let Some(id) = &t.source_id
                    && used.insert(id.clone())
                {
                    map.insert(t.id, id.clone());
                }
            }
        }
        let mut counters: HashMap<Option<TaskId>, u32> = HashMap::new();
        for t in tree_order(s) {
            if map.contains_key(&t.id) {
                continue;
            }
            let parent = t.parent.filter(|p| s.task(*p).is_some());
            let prefix = parent.and_then(|p| map.get(&p).cloned());
            let n = counters.entry(parent).or_insert(0);
            let label = loop {
                *n += 1;
                let l = match &prefix {
                    Some(p) => format!("{p}.{n}"),
                    None => n.to_string(),
                };
                if used.insert(l.clone()) {
                    break l;
                }
            };
            map.insert(t.id, label);
        }
        Numbers(map)
    }
    fn of(&self, id: TaskId) -> String {
        self.0.get(&id).cloned().unwrap_or_else(|| id.0.to_string())
    }
}

/// How deep a task is: two spaces of indentation per level.
fn indent(s: &Session, t: &Task) -> String {
    "  ".repeat(s.depth(t))
}

/// A task's lines: its checkbox line, description and requirement links,
/// as the file wrote them while the task says the same.
fn entry(s: &Session, t: &Task, numbers: &Numbers) -> String {
    let stated: Vec<String> = t
        .depends_on
        .iter()
        .filter(|d| !d.inferred)
        .map(|d| numbers.of(d.on))
        .collect();
    let number = numbers.of(t.id);
    let optional = t.extra.flag("optional").unwrap_or(false);
    let raw = t.extra.str("line").filter(|raw| {
        task_line(raw).is_some_and(|l| {
            l.title == t.title
                && l.number.as_deref().is_none_or(|n| n == number)
                && l.optional == optional
                && l.deps == stated
        })
    });
    let (mut o, pad) = match raw {
        Some(raw) => {
            let pad = raw[..raw.len() - raw.trim_start().len()].to_string();
            (
                crate::sanitize::for_file(&with_box(raw, t.status)).into_owned(),
                pad,
            )
        }
        None => {
            let pad = indent(s, t);
            let dot = if t.parent.is_some() || number.contains('.') {
                ""
            } else {
                "."
            };
            let deps = if stated.is_empty() {
                String::new()
            } else {
                format!(" (dep: {})", stated.join(", "))
            };
            (
                format!(
                    "{pad}- [{}]{} {number}{dot} {}{deps}",
                    mark(t.status),
                    if optional { "*" } else { "" },
                    one_line(&t.title)
                ),
                pad,
            )
        }
    };
    // The file's lines under the task while they say what the task says.
    if let Some(body) = t
        .extra
        .str("body")
        .filter(|b| body_parts(b) == (t.description.clone(), t.covers.clone()))
    {
        for l in body.lines() {
            o.push('\n');
            if !l.is_empty() {
                o.push_str(&pad);
                o.push_str(l);
            }
        }
        return o;
    }
    for l in t.description.lines() {
        o.push('\n');
        if !l.trim().is_empty() {
            o.push_str(&pad);
            if !l.starts_with(' ') {
                o.push_str(if l.starts_with("- ") { "  " } else { "  - " });
            }
            o.push_str(l);
        }
    }
    if !t.covers.is_empty() {
        let ids: Vec<&str> = t.covers.iter().map(|c| c.as_str()).collect();
        let _ = write!(
            o,
            "\n{pad}  - _Requirements: {}_",
            one_line(&ids.join(", "))
        );
    }
    o
}

fn mark(status: TaskStatus) -> char {
    match status {
        TaskStatus::Done => 'x',
        TaskStatus::InProgress | TaskStatus::Review => '-',
        _ => ' ',
    }
}

/// The file's checkbox line with the box showing `status` (a heading task
/// line stays as it is).
fn with_box(raw: &str, status: TaskStatus) -> String {
    let trimmed = raw.trim_start();
    if !(trimmed.starts_with("- [") || trimmed.starts_with("* [")) {
        return raw.to_string();
    }
    let at = raw.len() - trimmed.len() + 3;
    let old = raw[at..].chars().next().unwrap_or(' ');
    let same = match status {
        TaskStatus::Done => matches!(old, 'x' | 'X'),
        TaskStatus::InProgress | TaskStatus::Review => matches!(old, '-' | '~' | '/'),
        _ => !matches!(old, 'x' | 'X' | '-' | '~' | '/'),
    };
    if same {
        return raw.to_string();
    }
    format!(
        "{}{}{}",
        &raw[..at],
        mark(status),
        &raw[at + old.len_utf8()..]
    )
}

/// The imported `tasks.md` with each task written from its task.
fn around_the_file(s: &Session, lines: &[SourceLine], numbers: &Numbers) -> String {
    let by_id: HashMap<TaskId, &Task> = s.tasks.iter().map(|t| (t.id, t)).collect();
    let mut out: Vec<(String, Option<TaskId>)> = Vec::with_capacity(lines.len());
    let mut placed = HashSet::new();
    for l in lines {
        match l {
            SourceLine::Text(t) => out.push((t.clone(), None)),
            SourceLine::Task { task } => {
                if let Some(t) = by_id.get(task)
                    && placed.insert(*task)
                {
                    out.push((entry(s, t, numbers), Some(*task)));
                }
            }
        }
    }
    // Tasks added since: after the last task of their family, else at the end.
    let unplaced: Vec<&Task> = tree_order(s)
        .into_iter()
        .filter(|t| !placed.contains(&t.id))
        .collect();
    for t in unplaced {
        let family = |id: TaskId| -> bool {
            let mut at = Some(id);
            while let Some(a) = at {
                if Some(a) == t.parent {
                    return true;
                }
                at = by_id.get(&a).and_then(|x| x.parent);
            }
            false
        };
        let text = entry(s, t, numbers);
        match out
            .iter()
            .rposition(|(_, id)| id.is_some_and(|id| t.parent.is_some() && family(id)))
        {
            Some(at) => out.insert(at + 1, (text, Some(t.id))),
            None => {
                out.push((String::new(), None));
                out.push((text, Some(t.id)));
            }
        }
    }
    let mut o = String::new();
    for (text, _) in out {
        o.push_str(&crate::sanitize::for_file(&text));
        o.push('\n');
    }
    o
}
