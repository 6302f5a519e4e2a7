//! Exports: the plan as files other people and tools read — Markdown for
//! reviewers and coding agents, JSON, Graphviz DOT, Mermaid, Taskmaster's
//! `tasks.json` and a Spec Kit-style `tasks.md`. Pure functions of a session
//! and its analysis report: the same session gives the same bytes, and every
//! piece of user or model text goes through [`crate::sanitize::for_file`]
//! first, so no export carries terminal control characters.
mod clean;
pub mod dot;
pub mod json;
pub mod kiro;
pub mod markdown;
pub mod mermaid;
pub mod speckit;
pub mod taskmaster;

use std::fmt;
use std::str::FromStr;

use crate::analysis::Report;
use crate::plan::{Session, Task, TaskId};

pub use clean::clean_session;

/// The formats `planner-tui export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    Json,
    Dot,
    Mermaid,
    Taskmaster,
    Speckit,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Markdown,
        Format::Json,
        Format::Dot,
        Format::Mermaid,
        Format::Taskmaster,
        Format::Speckit,
    ];
    /// The name on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::Taskmaster => "taskmaster",
            Format::Speckit => "speckit",
        }
    }
    /// The file written when no `-o` is given.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Format::Markdown => "implementation-plan.md",
            Format::Json => "plan.json",
            Format::Dot => "plan.dot",
            Format::Mermaid => "plan.mmd",
            Format::Taskmaster => "tasks.json",
            Format::Speckit => "tasks.md",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.key() == t || (t == "markdown" && *f == Format::Markdown))
            .ok_or_else(|| {
                format!(
                    "unknown export format `{s}` (expected one of: {})",
                    Format::ALL.map(|f| f.key()).join(", ")
                )
            })
    }
}

/// The session in `format`. `report` must be the analysis of `session`.
pub fn render(format: Format, session: &Session, report: &Report) -> String {
    let s = clean_session(session);
    match format {
        Format::Markdown => markdown::render(&s, report),
        Format::Json => json::render(&s, report),
        Format::Dot => dot::render(&s, report),
        Format::Mermaid => mermaid::render(&s, report),
        Format::Taskmaster => taskmaster::render(&s, report),
        Format::Speckit => speckit::render(&s, report),
    }
}

/// The tasks in the order to work them: the corrected order when the
/// analysis found one, else plan order (a plan with cycles has none).
pub(crate) fn work_order<'a>(s: &'a Session, report: &Report) -> Vec<&'a Task> {
    match &report.order {
        Some(o) if o.order.len() == s.tasks.len() => {
            let by_id: std::collections::HashMap<TaskId, &Task> =
                s.tasks.iter().map(|t| (t.id, t)).collect();
            let ordered: Vec<&Task> = o
                .order
                .iter()
                .filter_map(|id| by_id.get(id).copied())
                .collect();
            if ordered.len() == s.tasks.len() {
                ordered
            } else {
                s.tasks.iter().collect()
            }
        }
        _ => s.tasks.iter().collect(),
    }
}

/// Folds a text onto one line: runs of whitespace become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_their_command_line_names() {
        for f in Format::ALL {
            assert_eq!(f.key().parse::<Format>(), Ok(f));
        }
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!(
            "pdf".parse::<Format>().unwrap_err(),
            "unknown export format `pdf` (expected one of: md, json, dot, mermaid, taskmaster, speckit)"
        );
    }
}
