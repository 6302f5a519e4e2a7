//! A Spec Kit-style `tasks.md`: one `## Phase N` per parallel group (or, when
//! the user put tasks in groups, one per group, in plan order), one
//! checkbox line per task — `- [ ] T001 [P] [R1] Title in `src/a.rs` (depends
//! on T000)`. `[P]` is computed: a task gets it when its phase has other
//! tasks, none of them depends on it or it on them, and none of them
//! produces a file it produces (Spec Kit's "different files, no
//! dependencies").
//! [`crate::interop::speckit`] reads the same lines back.
//!
//! A plan imported from a Spec Kit file is written back around its tasks:
//! every line the file had (headings, notes, checkpoints, the sections
//! after the phases) where it stood, each task where its line was, as the
//! file wrote it while the task still says the same, and tasks added since
//! after the last task of their group. Ids are the file's (`T005b`).
//! Inferred dependencies are never written as `depends on`: the phases and
//! `[P]` marks they were read from say them.
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::analysis::Report;
use crate::interop::speckit::{id_key, parse_task_line};
use crate::plan::{Session, SourceFormat, SourceLine, Task, TaskId, TaskStatus};

use super::one_line;

/// `T1` → `T001`: Spec Kit's three-digit task numbers (more digits when needed).
pub fn speckit_id(id: TaskId) -> String {
    format!("T{:03}", id.0)
}

/// How the export names each task: the id its Spec Kit file gave it
/// (`T005b`), else its number.
struct Ids(HashMap<TaskId, String>);

impl Ids {
    fn new(s: &Session) -> Ids {
        let ours = s
            .origin
            .as_ref()
            .is_some_and(|o| o.format == SourceFormat::Speckit);
        let mut used = HashSet::new();
        let mut ids = HashMap::new();
        for t in &s.tasks {
            let own = t
                .source_id
                .as_deref()
                .filter(|id| ours && id_key(id).is_some())
                .map(str::to_string);
            let id = match own {
                Some(id) if used.insert(id_key(&id)) => id,
                _ => speckit_id(t.id),
            };
            ids.insert(t.id, id);
        }
        Ids(ids)
    }
    fn of(&self, id: TaskId) -> String {
        self.0.get(&id).cloned().unwrap_or_else(|| speckit_id(id))
    }
}

pub fn render(s: &Session, report: &Report) -> String {
    if let Some(origin) = &s.origin
        && origin.format == SourceFormat::Speckit
        && !origin.lines.is_empty()
    {
        return around_the_file(s, &origin.lines);
    }
    let ids = Ids::new(s);
    let mut o = String::new();
    let grouped = s.tasks.iter().any(|t| t.group.is_some());
    let _ = writeln!(o, "# Tasks: {}\n", one_line(&s.title));
    o.push_str(if grouped {
        "**Input**: the plan of this planner-tui session; phases are the groups set in it.\n\n"
    } else {
        "**Input**: the plan of this planner-tui session; phases are its parallel groups.\n\n"
    });
    o.push_str("## Format: `[ID] [P?] [Story] Description`\n\n");
    o.push_str("- **[P]**: can run in parallel with the other tasks of its phase (no dependency between them)\n");
    o.push_str("- **[Story]**: the requirements the task covers (R1, FR-001, ...)\n");
    o.push_str(
        "- Files and other outputs are named after `in`; prerequisites after `depends on`\n\n",
    );

    let phases: Vec<(String, Vec<&Task>)> = match &report.schedule {
        _ if grouped => user_groups(s),
        Some(sc) if sc.wave_count() > 0 => (0..sc.wave_count())
            .map(|w| {
                let name = if w == 0 {
                    "Start (no prerequisites)".to_string()
                } else {
                    format!("After phase {w}")
                };
                let tasks = sc
                    .wave_positions(w)
                    .iter()
                    .map(|&p| &s.tasks[p as usize])
                    .collect();
                (name, tasks)
            })
            .collect(),
        _ if s.tasks.is_empty() => Vec::new(),
        _ => vec![(
            "All tasks (the plan has cycles, so no phases)".to_string(),
            s.tasks.iter().collect(),
        )],
    };
    let reach = grouped.then(|| Reach::new(s));
    if grouped {
        backwards_note(&mut o, &phases);
    }
    for (n, (name, tasks)) in phases.iter().enumerate() {
        if n > 0 {
            o.push_str("---\n\n");
        }
        let _ = writeln!(o, "## Phase {}: {}\n", n + 1, one_line(name));
        let mut linked = linked_in_phase(tasks);
        if let Some(reach) = &reach {
            // In a group, a task may need another of its phase through
            // tasks outside it; in a wave it cannot.
            linked.extend(reach.linked(tasks));
        }
        for t in tasks {
            line(&mut o, t, tasks.len() > 1 && !linked.contains(&t.id), &ids);
        }
        o.push('\n');
    }
    if !phases.is_empty() {
        o.push_str("---\n\n## Dependencies & Execution Order\n\n");
        if !grouped {
            o.push_str("- Each phase starts when the phase before it is complete.\n");
        }
        o.push_str("- Within a phase, tasks marked [P] can run at the same time.\n");
        o.push_str("- A task starts only when every task it depends on is checked off.\n");
    }
    o
}

/// Which tasks each task needs, directly or through others (positions).
struct Reach {
    pos: std::collections::HashMap<TaskId, usize>,
    needs: Vec<HashSet<usize>>,
}

impl Reach {
    fn new(s: &Session) -> Reach {
        let pos: std::collections::HashMap<TaskId, usize> =
            s.tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let mut needs: Vec<Option<HashSet<usize>>> = vec![None; s.tasks.len()];
        for start in 0..s.tasks.len() {
            if needs[start].is_some() {
                continue;
            }
            // Iterative post-order, so long chains do not overflow the stack;
            // a task met again while open (a cycle) counts as needing nothing more.
            let mut stack = vec![(start, false)];
            let mut open = HashSet::new();
            while let Some((i, done)) = stack.pop() {
                let deps: Vec<usize> = s.tasks[i]
                    .depends_on
                    .iter()
                    .filter_map(|d| pos.get(&d.on).copied())
                    .filter(|&j| j != i)
                    .collect();
                if done {
                    let mut set = HashSet::new();
                    for &j in &deps {
                        set.insert(j);
                        if let Some(sub) = &needs[j] {
                            set.extend(sub.iter().copied());
                        }
                    }
                    needs[i] = Some(set);
                    open.remove(&i);
                } else if needs[i].is_none() && open.insert(i) {
                    stack.push((i, true));
                    for j in deps {
                        if needs[j].is_none() && !open.contains(&j) {
                            stack.push((j, false));
                        }
                    }
                }
            }
        }
        Reach {
            pos,
            needs: needs.into_iter().map(Option::unwrap_or_default).collect(),
        }
    }

    /// Tasks of `phase` that need another task of it, or are needed by one.
    fn linked(&self, phase: &[&Task]) -> HashSet<TaskId> {
        let members: std::collections::HashMap<usize, TaskId> = phase
            .iter()
            .filter_map(|t| self.pos.get(&t.id).map(|&p| (p, t.id)))
            .collect();
        let mut linked = HashSet::new();
        for (&p, &id) in &members {
            for needed in &self.needs[p] {
                if let Some(&other) = members.get(needed) {
                    linked.insert(id);
                    linked.insert(other);
                }
            }
        }
        linked
    }
}

/// When the user's groups put a task in an earlier phase than a task it
/// needs, say so at the top: the phases are then not an order to work in.
fn backwards_note(o: &mut String, phases: &[(String, Vec<&Task>)]) {
    let phase_of: std::collections::HashMap<TaskId, usize> = phases
        .iter()
        .enumerate()
        .flat_map(|(n, (_, tasks))| tasks.iter().map(move |t| (t.id, n)))
        .collect();
    let mut backwards = Vec::new();
    for (n, (_, tasks)) in phases.iter().enumerate() {
        for t in tasks {
            for d in &t.depends_on {
                if let Some(&m) = phase_of.get(&d.on)
                    && m > n
                {
                    backwards.push(format!(
                        "{} (phase {}) depends on {} (phase {})",
                        speckit_id(t.id),
                        n + 1,
                        speckit_id(d.on),
                        m + 1
                    ));
                }
            }
        }
    }
    if backwards.is_empty() {
        return;
    }
    let shown: Vec<&str> = backwards.iter().take(5).map(String::as_str).collect();
    let more = backwards.len().saturating_sub(shown.len());
    let _ = writeln!(
        o,
        "**Note**: the groups do not follow the dependencies: {}{}. Work in dependency order, not phase order.\n",
        shown.join("; "),
        if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        }
    );
}

/// The user's groups as phases, in the order each first appears in the plan;
/// tasks in no group make a phase of their own ("Other tasks").
fn user_groups(s: &Session) -> Vec<(String, Vec<&Task>)> {
    let mut phases: Vec<(String, Vec<&Task>)> = Vec::new();
    for t in &s.tasks {
        let name = t
            .group
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .unwrap_or("Other tasks");
        match phases.iter_mut().find(|(n, _)| n == name) {
            Some((_, tasks)) => tasks.push(t),
            None => phases.push((name.to_string(), vec![t])),
        }
    }
    phases
}

/// The tasks of a phase that depend on, or are depended on by, another task
/// of the same phase, or share an output with one: those cannot run
/// alongside the rest.
fn linked_in_phase(phase: &[&Task]) -> HashSet<TaskId> {
    let members: HashSet<TaskId> = phase.iter().map(|t| t.id).collect();
    let mut linked = HashSet::new();
    let mut owner: std::collections::HashMap<&str, TaskId> = std::collections::HashMap::new();
    for t in phase {
        for out in &t.produces {
            match owner.get(out.as_str()) {
                Some(&other) if other != t.id => {
                    linked.insert(other);
                    linked.insert(t.id);
                }
                _ => {
                    owner.insert(out.as_str(), t.id);
                }
            }
        }
    }
    for t in phase {
        for d in &t.depends_on {
            if d.on != t.id && members.contains(&d.on) {
                linked.insert(t.id);
                linked.insert(d.on);
            }
        }
    }
    linked
}

fn line(o: &mut String, t: &Task, parallel: bool, ids: &Ids) {
    let check = if t.status == TaskStatus::Done {
        'x'
    } else {
        ' '
    };
    let _ = write!(o, "- [{check}] {}", ids.of(t.id));
    if parallel {
        o.push_str(" [P]");
    }
    for r in &t.covers {
        let label: String = r
            .as_str()
            .chars()
            .filter(|c| !matches!(c, '[' | ']'))
            .collect();
        let _ = write!(o, " [{}]", one_line(&label));
    }
    // A title opening with `[` would read as a label: Markdown's escape keeps it text.
    let title = one_line(&t.title);
    let escape = if title.starts_with('[') { "\\" } else { "" };
    let _ = write!(o, " {escape}{title}");
    if !t.produces.is_empty() {
        let files: Vec<String> = t
            .produces
            .iter()
            .map(|p| format!("`{}`", one_line(p).replace('`', "'")))
            .collect();
        let _ = write!(o, " in {}", files.join(", "));
    }
    let stated: Vec<String> = t
        .depends_on
        .iter()
        .filter(|d| !d.inferred)
        .map(|d| ids.of(d.on))
        .collect();
    if !stated.is_empty() {
        let _ = write!(o, " (depends on {})", stated.join(", "));
    }
    o.push('\n');
}

/// The imported file with each task line written from its task.
fn around_the_file(s: &Session, lines: &[SourceLine]) -> String {
    let ids = Ids::new(s);
    let by_id: HashMap<TaskId, &Task> = s.tasks.iter().map(|t| (t.id, t)).collect();
    // (text, the group of the task written on it)
    let mut out: Vec<(String, Option<Option<&str>>)> = Vec::with_capacity(lines.len());
    let mut placed = HashSet::new();
    for l in lines {
        match l {
            SourceLine::Text(t) => out.push((t.clone(), None)),
            SourceLine::Task { task } => {
                if let Some(t) = by_id.get(task)
                    && placed.insert(*task)
                {
                    out.push((task_lines(s, t, &ids), Some(t.group.as_deref())));
                }
            }
        }
    }
    // Tasks added since: after the last task of their group, else in a
    // phase of their own at the end.
    let mut extra_phase: Vec<(Option<&str>, Vec<String>)> = Vec::new();
    for t in s.tasks.iter().filter(|t| !placed.contains(&t.id)) {
        let text = task_lines(s, t, &ids);
        let group = t.group.as_deref();
        match out.iter().rposition(|(_, g)| *g == Some(group)) {
            Some(at) => out.insert(at + 1, (text, Some(group))),
            None => match extra_phase.iter_mut().find(|(g, _)| *g == group) {
                Some((_, list)) => list.push(text),
                None => extra_phase.push((group, vec![text])),
            },
        }
    }
    let mut o = String::new();
    for (text, _) in &out {
        o.push_str(text);
        o.push('\n');
    }
    let phases = lines
        .iter()
        .filter(|l| matches!(l, SourceLine::Text(t) if t.trim_start().starts_with("## ")))
        .count();
    for (k, (group, list)) in extra_phase.iter().enumerate() {
        let _ = writeln!(
            o,
            "\n## Phase {}: {}\n",
            phases + k + 1,
            one_line(group.unwrap_or("Other tasks"))
        );
        for text in list {
            o.push_str(text);
            o.push('\n');
        }
    }
    o
}

/// A task's line and the description lines under it: the file's own line
/// while the task still says what it said, else one written from the task.
fn task_lines(s: &Session, t: &Task, ids: &Ids) -> String {
    let stated: Vec<String> = t
        .depends_on
        .iter()
        .filter(|d| !d.inferred)
        .map(|d| ids.of(d.on))
        .collect();
    let parallel = t.extra.flag("parallel").unwrap_or(false);
    let raw = t.extra.str("line").filter(|raw| {
        parse_task_line(raw).is_some_and(|p| {
            p.id_text == ids.of(t.id)
                && p.title == t.title
                && p.produces == t.produces
                && p.covers == t.covers
                && p.parallel == parallel
                && p.deps.unwrap_or_default() == stated
        })
    });
    let mut o = String::new();
    let indent = match raw {
        Some(raw) => {
            let done = t.status == TaskStatus::Done;
            o.push_str(&crate::sanitize::for_file(&with_box(raw, done)));
            &raw[..raw.len() - raw.trim_start().len()]
        }
        None => {
            line(&mut o, t, parallel && !shares_output(s, t), ids);
            o.pop();
            ""
        }
    };
    // The file's description lines; or, for a task written from the plan,
    // its description indented under it.
    if !t.description.is_empty() {
        for l in t.description.lines() {
            o.push('\n');
            o.push_str(indent);
            if raw.is_none() && !l.starts_with(' ') {
                o.push_str("  ");
            }
            o.push_str(l);
        }
    }
    o
}

/// `- [ ] ...` with its box ticked or not, keeping the file's `x` or `X`.
fn with_box(raw: &str, done: bool) -> String {
    let Some(at) = raw.find('[') else {
        return raw.to_string();
    };
    let mark = raw[at + 1..].chars().next().unwrap_or(' ');
    let was_done = matches!(mark, 'x' | 'X');
    if was_done == done {
        return raw.to_string();
    }
    let new = if done { 'x' } else { ' ' };
    format!("{}[{new}]{}", &raw[..at], &raw[at + 3..])
}

/// Whether another task of `t`'s group writes one of its files.
fn shares_output(s: &Session, t: &Task) -> bool {
    s.tasks.iter().any(|o| {
        o.id != t.id && o.group == t.group && o.produces.iter().any(|p| t.produces.contains(p))
    })
}
