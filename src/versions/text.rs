//! Diffs and the versions list as text: lines with a kind (so the terminal
//! app can colour them) and a depth, and the plain text the CLI prints.
//! Everything that came from the session is made safe for a terminal here.
use std::fmt::Write as _;

use super::diff::{FieldChange, PlanDiff};
use super::lock::{CurrentSummary, VersionSummary};
use crate::analysis::Finding;
use crate::plan::{DepKind, Dependency, Task};
use crate::sanitize::one_line;

/// Longest before/after value shown in full.
const VALUE_WIDTH: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A section: "Added (2)".
    Heading,
    Added,
    Removed,
    Changed,
    Moved,
    /// Under an item: a field's before and after, a task's dependencies.
    Detail,
    /// "No changes."
    Note,
}

/// One line of a diff: `depth` 0 for a heading, 1 for an item, 2 for its details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: LineKind,
    pub depth: u8,
    pub text: String,
}

impl DiffLine {
    fn new(kind: LineKind, depth: u8, text: String) -> DiffLine {
        DiffLine { kind, depth, text }
    }
}

/// "3 added · 1 removed · 2 changed · …", or "no changes".
pub fn summary_line(d: &PlanDiff) -> String {
    let mut parts = Vec::new();
    let mut part = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    };
    part(d.added.len(), "added");
    part(d.removed.len(), "removed");
    part(d.changed.len(), "changed");
    part(d.moved.len(), "moved");
    let deps = d.dependency_change_count();
    part(
        deps,
        if deps == 1 {
            "dependency change"
        } else {
            "dependency changes"
        },
    );
    let cons = d.constraints.len();
    part(
        cons,
        if cons == 1 {
            "constraint change"
        } else {
            "constraint changes"
        },
    );
    if parts.is_empty() {
        "no changes".to_string()
    } else {
        parts.join(" · ")
    }
}

/// The diff in sections: added, removed, changed, moved, dependencies,
/// constraints. Empty sections are left out.
pub fn diff_lines(d: &PlanDiff) -> Vec<DiffLine> {
    use LineKind::*;
    let mut out = Vec::new();
    if d.is_empty() {
        out.push(DiffLine::new(Note, 0, "No changes.".to_string()));
        return out;
    }
    let heading = |out: &mut Vec<DiffLine>, title: String| {
        if !out.is_empty() {
            out.push(DiffLine::new(Note, 0, String::new()));
        }
        out.push(DiffLine::new(Heading, 0, title));
    };
    if !d.added.is_empty() {
        heading(&mut out, format!("Added ({})", d.added.len()));
        for p in &d.added {
            out.push(DiffLine::new(
                Added,
                1,
                format!("+ {}  (at {})", task_label(&p.task), p.position),
            ));
            if !p.task.depends_on.is_empty() {
                out.push(DiffLine::new(
                    Detail,
                    2,
                    format!("depends on {}", deps(&p.task.depends_on)),
                ));
            }
        }
    }
    if !d.removed.is_empty() {
        heading(&mut out, format!("Removed ({})", d.removed.len()));
        for p in &d.removed {
            out.push(DiffLine::new(
                Removed,
                1,
                format!("- {}  (was {})", task_label(&p.task), p.position),
            ));
        }
    }
    if !d.changed.is_empty() {
        heading(&mut out, format!("Changed ({})", d.changed.len()));
        for c in &d.changed {
            out.push(DiffLine::new(
                Changed,
                1,
                format!("~ {}  {}", c.id, one_line(&c.title)),
            ));
            for f in &c.fields {
                out.push(DiffLine::new(Detail, 2, field_text(f)));
            }
        }
    }
    if !d.moved.is_empty() {
        heading(&mut out, format!("Moved ({})", d.moved.len()));
        for m in &d.moved {
            out.push(DiffLine::new(
                Moved,
                1,
                format!("↕ {}  {}  {} → {}", m.id, one_line(&m.title), m.from, m.to),
            ));
        }
    }
    if !d.dependencies.is_empty() {
        let n = d.dependency_change_count();
        heading(
            &mut out,
            format!(
                "Dependencies ({n} change{} on {} task{})",
                plural(n),
                d.dependencies.len(),
                plural(d.dependencies.len())
            ),
        );
        for c in &d.dependencies {
            out.push(DiffLine::new(
                Changed,
                1,
                format!("{}  {}", c.task, one_line(&c.title)),
            ));
            for dep in &c.added {
                out.push(DiffLine::new(Added, 2, format!("+ {}", dep_text(dep))));
            }
            for dep in &c.removed {
                out.push(DiffLine::new(Removed, 2, format!("- {}", dep_text(dep))));
            }
            for k in &c.kind_changed {
                out.push(DiffLine::new(
                    Changed,
                    2,
                    format!("~ {}: {} → {}", k.on, k.before, k.after),
                ));
            }
        }
    }
    let cons = &d.constraints;
    if !cons.is_empty() {
        heading(&mut out, format!("Constraints ({})", cons.len()));
        for c in &cons.added {
            out.push(DiffLine::new(
                Added,
                1,
                format!("+ {}  {}", c.id, one_line(&c.text)),
            ));
        }
        for c in &cons.removed {
            out.push(DiffLine::new(
                Removed,
                1,
                format!("- {}  {}", c.id, one_line(&c.text)),
            ));
        }
        for c in &cons.changed {
            out.push(DiffLine::new(
                Changed,
                1,
                format!(
                    "~ {}  {} → {}",
                    c.after.id,
                    quoted(&c.before.text),
                    quoted(&c.after.text)
                ),
            ));
        }
    }
    out
}

/// The diff as the CLI prints it: a title line, the summary, the sections.
pub fn render_diff(d: &PlanDiff, from: &str, to: &str) -> String {
    let mut s = format!("Changes from {from} to {to}: {}\n", summary_line(d));
    if d.is_empty() {
        return s;
    }
    s.push('\n');
    for line in diff_lines(d) {
        if line.text.is_empty() {
            s.push('\n');
            continue;
        }
        let _ = writeln!(s, "{}{}", "  ".repeat(line.depth.into()), line.text);
    }
    s
}

/// The versions list as the CLI prints it: a table, the current plan last.
pub fn render_versions(
    title: &str,
    versions: &[VersionSummary],
    current: &CurrentSummary,
) -> String {
    let mut s = format!(
        "{}: {} locked version{}\n\n",
        one_line(title),
        versions.len(),
        plural(versions.len())
    );
    let _ = writeln!(
        s,
        "{:<8} {:<16}  {:>5}  {:>5}  {:>11}  NOTE",
        "VERSION", "LOCKED", "TASKS", "DEPS", "CONSTRAINTS"
    );
    for v in versions {
        let _ = writeln!(
            s,
            "{:<8} {:<16}  {:>5}  {:>5}  {:>11}  {}",
            format!("v{}", v.number),
            v.locked_at.short(),
            v.counts.tasks,
            v.counts.dependencies,
            v.counts.constraints,
            one_line(&v.note)
        );
    }
    let _ = writeln!(
        s,
        "{:<8} {:<16}  {:>5}  {:>5}  {:>11}  {}",
        "current",
        "draft",
        current.counts.tasks,
        current.counts.dependencies,
        current.counts.constraints,
        current_note(current)
    );
    s
}

/// What the current plan is, next to the versions: "changed since v2".
pub fn current_note(c: &CurrentSummary) -> String {
    match c.last_version {
        None => "not locked yet".to_string(),
        Some(n) if c.changed_since_last => format!("changed since v{n}"),
        Some(n) => format!("same as v{n}"),
    }
}

/// An analysis error as a lock refusal lists it: code, message, tasks.
pub fn error_line(f: &Finding) -> String {
    let tasks: Vec<String> = f.tasks.iter().map(|t| one_line(&t.label())).collect();
    let mut s = format!("{}: {}", f.code, one_line(&f.message));
    if !tasks.is_empty() {
        let _ = write!(s, " ({})", tasks.join(", "));
    }
    s
}

fn task_label(t: &Task) -> String {
    format!("{}  {}", t.id, one_line(&t.title))
}

fn deps(list: &[Dependency]) -> String {
    list.iter().map(dep_text).collect::<Vec<_>>().join(", ")
}

fn dep_text(d: &Dependency) -> String {
    match d.kind {
        DepKind::Other => d.on.to_string(),
        kind => format!("{} ({kind})", d.on),
    }
}

pub(crate) fn field_text(f: &FieldChange) -> String {
    let opt = |v: &Option<String>| v.as_deref().map_or("none".to_string(), quoted);
    let list = |added: &[String], removed: &[String]| {
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", one_line(&added.join(", "))));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", one_line(&removed.join(", "))));
        }
        parts.join("; ")
    };
    let name = f.field();
    match f {
        FieldChange::Title { before, after } => {
            format!("{name}: {} → {}", quoted(before), quoted(after))
        }
        FieldChange::Description { before, after } => match (before.is_empty(), after.is_empty()) {
            (true, _) => format!("{name}: added"),
            (_, true) => format!("{name}: removed"),
            _ => format!("{name}: rewritten"),
        },
        FieldChange::Verification { before, after }
        | FieldChange::SourceId { before, after }
        | FieldChange::Group { before, after } => {
            format!("{name}: {} → {}", opt(before), opt(after))
        }
        FieldChange::Status { before, after } => {
            format!("{name}: {} → {}", before.as_str(), after.as_str())
        }
        FieldChange::Parent { before, after } => {
            let id = |p: &Option<crate::plan::TaskId>| {
                p.map_or_else(|| "none".to_string(), |p| p.to_string())
            };
            format!("{name}: {} → {}", id(before), id(after))
        }
        FieldChange::Produces { added, removed } => format!("{name}: {}", list(added, removed)),
        FieldChange::Covers { added, removed } => {
            let strings = |v: &[crate::plan::RequirementId]| {
                v.iter().map(|r| r.as_str().to_string()).collect::<Vec<_>>()
            };
            format!("{name}: {}", list(&strings(added), &strings(removed)))
        }
    }
}

/// A value in quotes, on one line, cut to [`VALUE_WIDTH`] characters.
fn quoted(s: &str) -> String {
    let line = one_line(s);
    if line.chars().count() <= VALUE_WIDTH {
        return format!("\"{line}\"");
    }
    let cut: String = line.chars().take(VALUE_WIDTH - 1).collect();
    format!("\"{cut}…\"")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Constraint, ConstraintId, TaskId, TaskStatus};
    use crate::versions::diff::{PlanSide, diff, diff_plans};

    #[test]
    fn sections_in_order_with_before_and_after() {
        let mut old = vec![
            Task::new(TaskId(1), "One"),
            Task::new(TaskId(2), "Two"),
            Task::new(TaskId(3), "Three"),
        ];
        old[2].status = TaskStatus::Pending;
        let mut new = vec![
            Task::new(TaskId(3), "Three, renamed"),
            Task::new(TaskId(1), "One"),
            Task::new(TaskId(4), "Four"),
        ];
        new[2]
            .depends_on
            .push(Dependency::new(TaskId(1), DepKind::Schema));
        new[0].status = TaskStatus::Done;
        let d = diff(&old, &new);
        let text = render_diff(&d, "v1", "current");
        let expected = "\
Changes from v1 to current: 1 added · 1 removed · 1 changed · 1 moved

Added (1)
  + T4  Four  (at 3)
    depends on T1 (schema)

Removed (1)
  - T2  Two  (was 2)

Changed (1)
  ~ T3  Three, renamed
    title: \"Three\" → \"Three, renamed\"
    status: pending → done

Moved (1)
  ↕ T3  Three, renamed  3 → 1
";
        assert_eq!(text, expected);
    }

    #[test]
    fn session_text_is_made_safe() {
        let old = [Constraint {
            id: ConstraintId(1),
            text: "ok".into(),
            from: None,
            spec: None,
        }];
        let new = [Constraint {
            id: ConstraintId(1),
            text: "\u{1b}[31mred\nline".into(),
            from: None,
            spec: None,
        }];
        let d = diff_plans(
            PlanSide {
                tasks: &[],
                constraints: &old,
            },
            PlanSide {
                tasks: &[],
                constraints: &new,
            },
        );
        let text = render_diff(&d, "v1", "v2");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("~ C1  \"ok\" → \"␛[31mred line\""), "{text}");
    }

    #[test]
    fn long_values_are_cut() {
        let v = "x".repeat(200);
        let q = quoted(&v);
        assert_eq!(q.chars().count(), VALUE_WIDTH + 2);
        assert!(q.ends_with("…\""));
    }
}
