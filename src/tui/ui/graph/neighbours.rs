//! The selected task's neighbourhood as a list a person can read: what it
//! depends on (with the kind of each dependency), the task itself, and
//! what depends on it, each with its full title (wrapped, never cut).
//! Drawn when the whole picture does not fit in the pane, so no task is
//! ever half scrolled out of view and a big plan is never a tangle.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::theme::{ACCENT, DOWNSTREAM, UPSTREAM, bold, dim, kind_style};
use crate::plan::{DepKind, TaskId};
use crate::sanitize::one_line;
use crate::tui::state::OpenSession;
use crate::tui::state::graph::IN_CYCLE;

pub fn render(open: &OpenSession, selected: Option<usize>, frame: &mut Frame, area: Rect) {
    let Some(pos) = selected.filter(|p| *p < open.session.tasks.len()) else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "Select a task to see what it needs and what needs it.",
                dim(),
            )),
            area,
        );
        return;
    };
    let tasks = &open.session.tasks;
    let task = &tasks[pos];
    let mut lines = Vec::new();
    let wave = open.index.waves.wave.get(pos).copied();
    let wave = match wave {
        Some(IN_CYCLE) => " · in a cycle".to_string(),
        Some(w) => format!(" · wave {}", w + 1),
        None => String::new(),
    };
    lines.push(Line::from(vec![
        Span::styled(
            format!("▶ {} {}", task.id, one_line(&task.title)),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ),
        Span::styled(format!(" #{}{wave}", pos + 1), dim()),
    ]));
    let deps = &task.depends_on;
    lines.push(Line::styled(
        format!("Depends on ({})", deps.len()),
        bold().fg(UPSTREAM),
    ));
    if deps.is_empty() {
        lines.push(Line::styled("  nothing: it can start first", dim()));
    }
    for d in deps {
        let title = open
            .index
            .position(d.on)
            .and_then(|p| tasks.get(p))
            .map_or("(no such task)".to_string(), |t| one_line(&t.title));
        lines.push(entry("←", d.on, d.kind, &title, UPSTREAM));
    }
    let dependents = open.index.dependents.of(pos);
    lines.push(Line::styled(
        format!("Needed by ({})", dependents.len()),
        bold().fg(DOWNSTREAM),
    ));
    if dependents.is_empty() {
        lines.push(Line::styled("  nothing depends on it", dim()));
    }
    for &p in dependents {
        let Some(t) = tasks.get(p) else { continue };
        let kind = t
            .depends_on
            .iter()
            .find(|d| d.on == task.id)
            .map_or(DepKind::Other, |d| d.kind);
        lines.push(entry("→", t.id, kind, &one_line(&t.title), DOWNSTREAM));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn entry(
    arrow: &str,
    id: TaskId,
    kind: DepKind,
    title: &str,
    tone: ratatui::style::Color,
) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {arrow} "), Style::new().fg(tone)),
        Span::styled(format!("{id} "), Style::new().fg(ACCENT)),
        Span::styled(format!("{kind} "), kind_style(kind)),
        Span::raw(title.to_string()),
    ])
}
