//! One human line per proposal item, for the diff view and `run` output:
//! `+` adds, `~` changes, `-` removes, `↕` moves, `?` an ambiguity, `!` a finding.
use super::ProposalItem;
use crate::plan::{Dependency, Task, TaskId};

/// Longest quoted text in a line before it is cut with `…`.
const QUOTE_MAX: usize = 80;

impl ProposalItem {
    pub fn describe(&self) -> String {
        match self {
            ProposalItem::AddTask { task, after } => {
                let place = match after {
                    Some(a) => format!("after {a}"),
                    None => "at the top".to_string(),
                };
                let deps = if task.depends_on.is_empty() {
                    String::new()
                } else {
                    format!(", depends on {}", deps(&task.depends_on))
                };
                format!("+ {} {} {place}{deps}", task.id, quote(&task.title))
            }
            ProposalItem::UpdateTask { before, after } => {
                format!(
                    "~ {} {}: {}",
                    after.id,
                    quote(&after.title),
                    changes(before, after).join("; ")
                )
            }
            ProposalItem::RemoveTask { task } => format!("- {} {}", task.id, quote(&task.title)),
            ProposalItem::MoveTask {
                task,
                title,
                from,
                to,
                after,
            } => {
                let anchor = match after {
                    Some(a) => format!("after {a}"),
                    None => "to the top".to_string(),
                };
                format!("↕ {task} {} from {from} to {to} ({anchor})", quote(title))
            }
            ProposalItem::AddDependency { task, dep } => {
                format!("+ {task} depends on {}", dep_text(dep))
            }
            ProposalItem::RemoveDependency { task, on } => {
                format!("- {task} no longer depends on {on}")
            }
            ProposalItem::SetDependencyKind { task, on, from, to } => {
                format!("~ {task} depends on {on}: {from} → {to}")
            }
            ProposalItem::SetVerification {
                task,
                before,
                after,
            } => {
                let old = before.as_deref().map_or("(none)".to_string(), quote);
                format!("~ {task} verification: {old} → {}", quote(after))
            }
            ProposalItem::AddAmbiguity { ambiguity: a } => {
                let affects = if a.affects.is_empty() {
                    String::new()
                } else {
                    format!(" (affects {})", ids(&a.affects))
                };
                format!(
                    "? {} [{}] {}{affects}",
                    a.id,
                    a.category.as_str(),
                    one_line(&a.summary)
                )
            }
            ProposalItem::CoverageGap {
                requirement: Some(r),
                text,
            } => format!("! {r} not covered: {}", one_line(text)),
            ProposalItem::CoverageGap {
                requirement: None,
                text,
            } => format!("! not covered: {}", one_line(text)),
            ProposalItem::IntegrationConcern {
                task: Some(t),
                text,
            } => format!("! {t}: {}", one_line(text)),
            ProposalItem::IntegrationConcern { task: None, text } => {
                format!("! {}", one_line(text))
            }
        }
    }
}

/// What differs between two versions of a task, one phrase per field.
fn changes(before: &Task, after: &Task) -> Vec<String> {
    let mut out = Vec::new();
    if before.title != after.title {
        out.push(format!(
            "title {} → {}",
            quote(&before.title),
            quote(&after.title)
        ));
    }
    if before.description != after.description {
        match after
            .description
            .strip_prefix(before.description.trim_end())
        {
            Some(added) if !before.description.trim().is_empty() && !added.trim().is_empty() => {
                out.push(format!("description adds {}", quote(added.trim())));
            }
            _ => out.push("description changed".to_string()),
        }
    }
    if before.produces != after.produces {
        let added = after
            .produces
            .iter()
            .filter(|p| !before.produces.contains(p))
            .map(|p| format!("+{p}"));
        let gone = before
            .produces
            .iter()
            .filter(|p| !after.produces.contains(p))
            .map(|p| format!("-{p}"));
        let list: Vec<String> = added.chain(gone).collect();
        if list.is_empty() {
            out.push("produces reordered".to_string());
        } else {
            out.push(format!("produces {}", list.join(", ")));
        }
    }
    if before.depends_on != after.depends_on {
        out.push(format!(
            "depends on {} → {}",
            deps(&before.depends_on),
            deps(&after.depends_on)
        ));
    }
    if before.covers != after.covers {
        let list = |c: &[crate::plan::RequirementId]| {
            if c.is_empty() {
                "(none)".to_string()
            } else {
                c.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
            }
        };
        out.push(format!(
            "covers {} → {}",
            list(&before.covers),
            list(&after.covers)
        ));
    }
    if before.verification != after.verification {
        let v = |x: &Option<String>| x.as_deref().map_or("(none)".to_string(), quote);
        out.push(format!(
            "verification {} → {}",
            v(&before.verification),
            v(&after.verification)
        ));
    }
    if before.status != after.status {
        out.push(format!(
            "status {} → {}",
            before.status.as_str(),
            after.status.as_str()
        ));
    }
    if out.is_empty() {
        out.push("no visible change".to_string());
    }
    out
}

fn dep_text(d: &Dependency) -> String {
    format!("{} ({})", d.on, d.kind)
}

fn deps(list: &[Dependency]) -> String {
    if list.is_empty() {
        return "(none)".to_string();
    }
    list.iter().map(dep_text).collect::<Vec<_>>().join(", ")
}

fn ids(list: &[TaskId]) -> String {
    list.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text on one line: control characters and line breaks become spaces.
pub(crate) fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    flat.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn quote(s: &str) -> String {
    let flat = one_line(s);
    if flat.chars().count() <= QUOTE_MAX {
        return format!("'{flat}'");
    }
    let cut: String = flat.chars().take(QUOTE_MAX - 1).collect();
    format!("'{}…'", cut.trim_end())
}
