//! The Tasks, Parallel groups and Critical path sections.
use std::collections::HashMap;
use std::fmt::Write as _;

use crate::analysis::Report;
use crate::plan::{Session, Task, TaskId, TaskStatus};

use super::{code, named, one_line, plural};

pub(super) fn tasks(
    o: &mut String,
    order: &[&Task],
    titles: &HashMap<TaskId, &str>,
    report: &Report,
) {
    o.push_str("## Tasks\n\n");
    if order.is_empty() {
        o.push_str("No tasks yet.\n\n");
        return;
    }
    let wave: HashMap<TaskId, usize> = match &report.schedule {
        Some(sc) => sc
            .waves()
            .enumerate()
            .flat_map(|(w, ids)| ids.iter().map(move |id| (*id, w + 1)))
            .collect(),
        None => HashMap::new(),
    };
    for (i, t) in order.iter().enumerate() {
        let _ = writeln!(o, "### {}. {} — {}\n", i + 1, t.id, one_line(&t.title));
        let desc = t.description.trim();
        if !desc.is_empty() {
            o.push_str(desc);
            o.push_str("\n\n");
        }
        if t.draft {
            o.push_str(
                "- **Draft:** not yet broken into tasks that each name their output; break it down before \
                 starting.\n",
            );
        }
        if t.status != TaskStatus::Pending {
            let _ = writeln!(o, "- **Status:** {}", t.status.as_str());
        }
        if t.produces.is_empty() {
            o.push_str("- **Produces:** (not stated)\n");
        } else {
            let items: Vec<String> = t.produces.iter().map(|p| code(p)).collect();
            let _ = writeln!(o, "- **Produces:** {}", items.join(", "));
        }
        if t.depends_on.is_empty() {
            o.push_str("- **Depends on:** nothing; can start at once\n");
        } else {
            let deps: Vec<String> = t
                .depends_on
                .iter()
                .map(|d| {
                    let kind = if d.inferred {
                        format!("{} (inferred)", d.kind)
                    } else {
                        d.kind.to_string()
                    };
                    match titles.get(&d.on) {
                        Some(title) => format!("{} {kind} — '{}'", d.on, one_line(title)),
                        None => format!("{} {kind} — not in the plan", d.on),
                    }
                })
                .collect();
            let _ = writeln!(o, "- **Depends on:** {}", deps.join("; "));
        }
        match t.verification.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => {
                let _ = writeln!(o, "- **Verify:** {}", one_line(v));
            }
            _ => o.push_str("- **Verify:** (missing: decide how to tell this task is done)\n"),
        }
        if t.covers.is_empty() {
            o.push_str("- **Covers:** no requirement\n");
        } else {
            let c: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(o, "- **Covers:** {}", c.join(", "));
        }
        if let Some(w) = wave.get(&t.id) {
            let _ = writeln!(o, "- **Parallel group:** {w}");
        }
        o.push('\n');
    }
}

pub(super) fn groups(o: &mut String, s: &Session, report: &Report, titles: &HashMap<TaskId, &str>) {
    o.push_str("## Parallel groups\n\n");
    let Some(sc) = &report.schedule else {
        o.push_str("None: the plan has cycles, so no order satisfies it. See Open risks.\n\n");
        return;
    };
    if s.tasks.is_empty() {
        o.push_str("No tasks yet.\n\n");
        return;
    }
    o.push_str("Every task in a group can start once all earlier groups are done.\n\n");
    for (w, ids) in sc.waves().enumerate() {
        let names: Vec<String> = ids.iter().map(|id| named(*id, titles)).collect();
        let _ = writeln!(o, "{}. {}", w + 1, names.join(", "));
    }
    o.push('\n');
}

pub(super) fn critical(o: &mut String, report: &Report, titles: &HashMap<TaskId, &str>) {
    o.push_str("## Critical path\n\n");
    match &report.schedule {
        Some(sc) if !sc.critical_path.is_empty() => {
            let _ = writeln!(
                o,
                "The longest chain of dependencies ({} task{}); a delay on any of these delays the whole plan:\n",
                sc.critical_path.len(),
                plural(sc.critical_path.len())
            );
            let names: Vec<String> = sc
                .critical_path
                .iter()
                .map(|id| named(*id, titles))
                .collect();
            let _ = writeln!(o, "{}\n", names.join(" → "));
        }
        Some(_) => o.push_str("No tasks yet.\n\n"),
        None => o.push_str("None: the plan has cycles.\n\n"),
    }
}
