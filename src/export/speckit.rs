//! A Spec Kit-style `tasks.md`: one `## Phase N` per parallel group (or, when
//! the user put tasks in groups, one per group, in plan order), one
//! checkbox line per task — `- [ ] T001 [P] [R1] Title in `src/a.rs` (depends
//! on T000)`. `[P]` is computed: a task gets it when its phase has other
//! tasks, none of them depends on it or it on them, and none of them
//! produces a file it produces (Spec Kit's "different files, no
//! dependencies").
//! [`crate::interop::speckit`] reads the same lines back.
use std::collections::HashSet;
use std::fmt::Write as _;

use crate::analysis::Report;
use crate::plan::{Session, Task, TaskId, TaskStatus};

use super::one_line;

/// `T1` → `T001`: Spec Kit's three-digit task numbers (more digits when needed).
pub fn speckit_id(id: TaskId) -> String {
    format!("T{:03}", id.0)
}

pub fn render(s: &Session, report: &Report) -> String {
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
            line(&mut o, t, tasks.len() > 1 && !linked.contains(&t.id));
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

fn line(o: &mut String, t: &Task, parallel: bool) {
    let check = if t.status == TaskStatus::Done {
        'x'
    } else {
        ' '
    };
    let _ = write!(o, "- [{check}] {}", speckit_id(t.id));
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
    if !t.depends_on.is_empty() {
        let deps: Vec<String> = t.depends_on.iter().map(|d| speckit_id(d.on)).collect();
        let _ = write!(o, " (depends on {})", deps.join(", "));
    }
    o.push('\n');
}
