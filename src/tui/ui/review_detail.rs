//! The whole of one proposed change, for the lower half of the review: every
//! field of a task added or removed, each changed field before and after in
//! full, the dependency and its kind with the tasks' titles. Text from the
//! model goes through the sanitiser before it is drawn.
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::theme::{bold, dim};
use crate::plan::{Dependency, Session, Task, TaskId};
use crate::sanitize::{for_terminal, one_line};
use crate::workflow::ProposalItem;

fn before_style() -> Style {
    Style::new().fg(Color::Red)
}
fn after_style() -> Style {
    Style::new().fg(Color::Green)
}

/// The lines describing `item` in full (unwrapped; the caller wraps them).
pub fn detail_lines(item: &ProposalItem, session: Option<&Session>) -> Vec<Line<'static>> {
    let title_of = |id: TaskId| -> String {
        session
            .and_then(|s| s.task(id))
            .map(|t| format!("{id} {}", one_line(&t.title)))
            .unwrap_or_else(|| id.to_string())
    };
    let mut out = Vec::new();
    match item {
        ProposalItem::AddTask { task, after } => {
            out.push(heading(format!("Add task {}", task.id)));
            let place = after.map_or("at the top".to_string(), |a| {
                format!("after {}", title_of(a))
            });
            out.push(field_line("Placed", &place, Style::new()));
            task_fields(&mut out, task, after_style(), &title_of);
        }
        ProposalItem::RemoveTask { task } => {
            out.push(heading(format!("Remove task {}", task.id)));
            out.push(Line::styled(
                "Tasks that depend on it lose that dependency.",
                dim(),
            ));
            task_fields(&mut out, task, before_style(), &title_of);
        }
        ProposalItem::UpdateTask { before, after } => {
            out.push(heading(format!(
                "Change task {} {}",
                after.id,
                one_line(&after.title)
            )));
            changed_fields(&mut out, before, after, &title_of);
        }
        ProposalItem::MoveTask {
            task,
            title,
            from,
            to,
            after,
        } => {
            out.push(heading(format!("Move task {task} {}", one_line(title))));
            out.push(field_line(
                "Position",
                &format!("{from} → {to}"),
                Style::new(),
            ));
            let anchor = after.map_or("to the top".to_string(), |a| {
                format!("after {}", title_of(a))
            });
            out.push(field_line("Goes", &anchor, Style::new()));
        }
        ProposalItem::AddDependency { task, dep } => {
            out.push(heading("Add a dependency".to_string()));
            out.push(field_line("Task", &title_of(*task), Style::new()));
            out.push(field_line("Depends on", &title_of(dep.on), after_style()));
            out.push(field_line("Kind", &dep.kind.to_string(), after_style()));
        }
        ProposalItem::RemoveDependency { task, on } => {
            out.push(heading("Remove a dependency".to_string()));
            out.push(field_line("Task", &title_of(*task), Style::new()));
            out.push(field_line(
                "No longer depends on",
                &title_of(*on),
                before_style(),
            ));
        }
        ProposalItem::SetDependencyKind { task, on, from, to } => {
            out.push(heading("Change a dependency's kind".to_string()));
            out.push(field_line("Task", &title_of(*task), Style::new()));
            out.push(field_line("Depends on", &title_of(*on), Style::new()));
            before_after(&mut out, "Kind", &from.to_string(), &to.to_string());
        }
        ProposalItem::SetVerification {
            task,
            before,
            after,
        } => {
            out.push(heading(format!(
                "Set the verification of {}",
                title_of(*task)
            )));
            before_after(
                &mut out,
                "Verification",
                before.as_deref().unwrap_or("(none)"),
                after,
            );
        }
        ProposalItem::AddAmbiguity { ambiguity: a } => {
            out.push(heading(format!(
                "New ambiguity {} ({})",
                a.id,
                a.category.as_str()
            )));
            text_field(&mut out, "Summary", &a.summary, after_style());
            text_field(&mut out, "Risk if wrong", &a.risk, Style::new());
            text_field(
                &mut out,
                "What would resolve it",
                &a.resolution_hint,
                Style::new(),
            );
            let affects: Vec<String> = a.affects.iter().map(|t| title_of(*t)).collect();
            list_field(&mut out, "Affects", &affects, Style::new());
        }
        ProposalItem::CoverageGap { requirement, text } => {
            let what = requirement.as_ref().map_or("Not covered".to_string(), |r| {
                format!("{} is not covered", one_line(r.as_str()))
            });
            out.push(heading(what));
            text_field(&mut out, "Finding", text, Style::new());
            out.push(Line::styled(
                "A finding to read: accepting it changes nothing.",
                dim(),
            ));
        }
        ProposalItem::IntegrationConcern { task, text } => {
            let what = task.map_or("Integration concern".to_string(), |t| {
                format!("Integration concern about {}", title_of(t))
            });
            out.push(heading(what));
            text_field(&mut out, "Finding", text, Style::new());
            out.push(Line::styled(
                "A finding to read: accepting it changes nothing.",
                dim(),
            ));
        }
    }
    out
}

fn heading(text: String) -> Line<'static> {
    Line::styled(for_terminal(&text).into_owned(), bold())
}

fn field_line(label: &str, value: &str, style: Style) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), dim()),
        Span::styled(one_line(value), style),
    ])
}

/// A field whose text may span lines: the label, then the text indented.
fn text_field(out: &mut Vec<Line<'static>>, label: &str, text: &str, style: Style) {
    if text.trim().is_empty() {
        out.push(Line::from(vec![
            Span::styled(format!("{label}: "), dim()),
            Span::styled("(none)", dim()),
        ]));
        return;
    }
    out.push(Line::styled(format!("{label}:"), dim()));
    for line in for_terminal(text).lines() {
        out.push(Line::styled(format!("  {line}"), style));
    }
}

fn list_field(out: &mut Vec<Line<'static>>, label: &str, items: &[String], style: Style) {
    if items.is_empty() {
        out.push(Line::from(vec![
            Span::styled(format!("{label}: "), dim()),
            Span::styled("(none)", dim()),
        ]));
        return;
    }
    out.push(Line::styled(format!("{label}:"), dim()));
    for item in items {
        out.push(Line::styled(format!("  · {}", one_line(item)), style));
    }
}

fn dep_texts(deps: &[Dependency], title_of: &dyn Fn(TaskId) -> String) -> Vec<String> {
    deps.iter()
        .map(|d| format!("{} ({})", title_of(d.on), d.kind))
        .collect()
}

fn task_fields(
    out: &mut Vec<Line<'static>>,
    task: &Task,
    style: Style,
    title_of: &dyn Fn(TaskId) -> String,
) {
    text_field(out, "Title", &task.title, style);
    text_field(out, "Description", &task.description, style);
    list_field(out, "Produces", &task.produces, style);
    list_field(
        out,
        "Depends on",
        &dep_texts(&task.depends_on, title_of),
        style,
    );
    text_field(
        out,
        "Verification",
        task.verification.as_deref().unwrap_or(""),
        style,
    );
    let covers: Vec<String> = task.covers.iter().map(|r| r.as_str().to_string()).collect();
    list_field(out, "Covers", &covers, style);
    if let Some(group) = &task.group {
        text_field(out, "Group", group, style);
    }
}

/// A field's text before (red, `-`) and after (green, `+`), in full.
fn before_after(out: &mut Vec<Line<'static>>, label: &str, before: &str, after: &str) {
    out.push(Line::styled(format!("{label}:"), dim()));
    for line in for_terminal(before).lines() {
        out.push(Line::styled(format!("- {line}"), before_style()));
    }
    if before.is_empty() {
        out.push(Line::styled("- (empty)", before_style()));
    }
    for line in for_terminal(after).lines() {
        out.push(Line::styled(format!("+ {line}"), after_style()));
    }
    if after.is_empty() {
        out.push(Line::styled("+ (empty)", after_style()));
    }
}

fn changed_fields(
    out: &mut Vec<Line<'static>>,
    before: &Task,
    after: &Task,
    title_of: &dyn Fn(TaskId) -> String,
) {
    let mut same = Vec::new();
    let mut field = |label: &str, b: String, a: String| {
        if b == a {
            same.push(label.to_string());
        } else {
            before_after(out, label, &b, &a);
        }
    };
    field("Title", before.title.clone(), after.title.clone());
    field(
        "Description",
        before.description.clone(),
        after.description.clone(),
    );
    field(
        "Produces",
        before.produces.join("\n"),
        after.produces.join("\n"),
    );
    field(
        "Depends on",
        dep_texts(&before.depends_on, title_of).join("\n"),
        dep_texts(&after.depends_on, title_of).join("\n"),
    );
    field(
        "Verification",
        before.verification.clone().unwrap_or_default(),
        after.verification.clone().unwrap_or_default(),
    );
    let covers = |t: &Task| {
        t.covers
            .iter()
            .map(|r| r.as_str().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    field("Covers", covers(before), covers(after));
    field(
        "Group",
        before.group.clone().unwrap_or_default(),
        after.group.clone().unwrap_or_default(),
    );
    field(
        "Status",
        before.status.as_str().to_string(),
        after.status.as_str().to_string(),
    );
    if !same.is_empty() {
        out.push(Line::styled(
            format!("Unchanged: {}", same.join(", ")),
            dim(),
        ));
    }
}
