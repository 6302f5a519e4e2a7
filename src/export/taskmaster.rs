//! Taskmaster's `tasks.json` (tagged shape, tag `master`), as Taskmaster's
//! CLI reads it. The mapping is in `docs/taskmaster.md`; it is chosen so
//! that export → import → export gives the same bytes.
use serde::Serialize;

use crate::analysis::Report;
use crate::plan::{Session, Task};

#[derive(Serialize)]
struct File<'a> {
    master: Tag<'a>,
}

#[derive(Serialize)]
struct Tag<'a> {
    tasks: Vec<TmTask>,
    metadata: Metadata<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    created: String,
    updated: String,
    description: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TmTask {
    id: u32,
    title: String,
    description: String,
    details: String,
    test_strategy: String,
    status: &'static str,
    priority: &'static str,
    dependencies: Vec<u32>,
    subtasks: Vec<()>,
}

pub fn render(s: &Session, report: &Report) -> String {
    let critical: std::collections::HashSet<_> = report
        .schedule
        .as_ref()
        .map(|sc| sc.critical_path.iter().copied().collect())
        .unwrap_or_default();
    let tasks = s
        .tasks
        .iter()
        .map(|t| {
            let (description, details) = split_description(t);
            TmTask {
                id: t.id.0,
                title: t.title.trim().to_string(),
                description,
                details,
                test_strategy: t.verification.as_deref().unwrap_or("").trim().to_string(),
                status: t.status.as_str(),
                priority: if critical.contains(&t.id) {
                    "high"
                } else {
                    "medium"
                },
                dependencies: t.depends_on.iter().map(|d| d.on.0).collect(),
                subtasks: Vec::new(),
            }
        })
        .collect();
    let file = File {
        master: Tag {
            tasks,
            metadata: Metadata {
                created: s.created.to_string(),
                updated: s.updated.to_string(),
                description: s.title.trim(),
            },
        },
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Taskmaster's `description` is one short paragraph; the rest of the task's
/// description goes to `details`, followed by what the task produces and
/// covers (Taskmaster has no fields for them). The reader joins the two with
/// a blank line, which is how they were split, so nothing grows on a round trip.
fn split_description(t: &Task) -> (String, String) {
    // Taskmaster wants a description; an empty one is the title's place.
    let text = match t.description.trim() {
        "" => t.title.trim(),
        d => d,
    };
    let (first, rest) = match text.split_once("\n\n") {
        Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
        None => (text.to_string(), String::new()),
    };
    let mut details: Vec<String> = Vec::new();
    if !rest.is_empty() {
        details.push(rest);
    }
    if !t.produces.is_empty() {
        details.push(format!("Produces: {}", t.produces.join(", ")));
    }
    if !t.covers.is_empty() {
        let c: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
        details.push(format!("Covers: {}", c.join(", ")));
    }
    (first, details.join("\n\n"))
}
