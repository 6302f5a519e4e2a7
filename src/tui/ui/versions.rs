//! The versions overlay (each locked version's number, date, note and
//! counts, then the current plan; the marked base; what Enter compares) and
//! the diff overlay (the changes between two versions, in sections).
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::{self, ACCENT, bold, dim, fit, overlay_block, wrapped_height};
use crate::plan::Session;
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::versions::row_count;
use crate::tui::state::{DiffView, State, VersionsView, scroll_to};
use crate::versions::text::{LineKind, current_note};
use crate::versions::{Counts, Side, summaries};

/// Mark, version, date and the three counts, before the note.
const FIXED_COLUMNS: usize = 2 + 8 + 1 + 16 + 2 + 5 + 2 + 5 + 2 + 11 + 2;

pub fn render_versions(state: &State, view: &VersionsView, frame: &mut Frame, area: Rect) {
    let Some(session) = state.session() else {
        return;
    };
    let key = |c: Command| state.keymap.key_for(Mode::Versions, c).unwrap_or_default();
    let width = area.width.saturating_sub(4).min(100);
    let detail = detail_lines(state, session, view);
    let detail_height = wrapped_height(&detail, width.saturating_sub(2));
    let rows = row_count(session);
    let wanted = 2 + 1 + rows as u16 + detail_height;
    let rect = centered(area, width, wanted.min(area.height.saturating_sub(2)));
    frame.render_widget(Clear, rect);
    let footer = format!(
        " {} mark base · {} show changes · {} close ",
        key(Command::MarkBase),
        key(Command::ShowDiff),
        key(Command::Cancel)
    );
    let title = match session.versions.len() {
        0 => "Versions: none locked yet".to_string(),
        1 => "Versions: 1 locked".to_string(),
        n => format!("Versions: {n} locked"),
    };
    let block = overlay_block(title).title_bottom(Line::styled(footer, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [header, list, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(detail_height),
    ])
    .areas(inner);
    frame.render_widget(
        Line::styled(
            row_text(
                "  ",
                "VERSION",
                "LOCKED",
                ["TASKS", "DEPS", "CONSTRAINTS"].map(String::from),
                "NOTE",
                inner.width.into(),
            ),
            dim(),
        ),
        header,
    );

    let (versions, current) = summaries(session);
    let height = list.height as usize;
    let offset = scroll_to(view.offset, view.selected, height);
    let width = list.width as usize;
    let lines: Vec<Line> = (offset..rows.min(offset + height))
        .map(|row| {
            let (side, line) = match versions.get(row) {
                Some(v) => {
                    let side = Side::Version(v.number);
                    let text = row_text(
                        mark(view, side),
                        &format!("v{}", v.number),
                        &v.locked_at.short(),
                        counts(v.counts),
                        &one_line(&v.note),
                        width,
                    );
                    (side, Line::raw(text))
                }
                None => {
                    let text = row_text(
                        mark(view, Side::Current),
                        "current",
                        "draft",
                        counts(current.counts),
                        &current_note(&current),
                        width,
                    );
                    (Side::Current, Line::styled(text, Style::new().fg(ACCENT)))
                }
            };
            if row == view.selected {
                line.patch_style(theme::selected(true))
            } else if view.base == Some(side) {
                line.patch_style(bold())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }),
        detail_area,
    );
}

fn mark(view: &VersionsView, side: Side) -> &'static str {
    if view.base == Some(side) {
        "◆ "
    } else {
        "  "
    }
}

fn counts(c: Counts) -> [String; 3] {
    [
        c.tasks.to_string(),
        c.dependencies.to_string(),
        c.constraints.to_string(),
    ]
}

fn row_text(
    mark: &str,
    label: &str,
    date: &str,
    [tasks, deps, constraints]: [String; 3],
    note: &str,
    width: usize,
) -> String {
    let text = format!(
        "{mark}{label:<8} {date:<16}  {tasks:>5}  {deps:>5}  {constraints:>11}  {}",
        fit(note, width.saturating_sub(FIXED_COLUMNS))
    );
    fit(&text, width)
}

/// Under the list: the selected version's note in full, and what Enter shows.
fn detail_lines(state: &State, session: &Session, view: &VersionsView) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("─".repeat(40), dim())];
    let selected = view.selected_side(session);
    match selected {
        Side::Version(n) => {
            let note = session
                .versions
                .iter()
                .find(|v| v.number == n)
                .map(|v| one_line(&v.note))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "(none)".to_string());
            lines.push(theme::field("Note", note));
        }
        Side::Current => lines.push(theme::field(
            "Current plan",
            "the draft on top of the last locked version".to_string(),
        )),
    }
    let key = |mode, c| state.keymap.key_for(mode, c).unwrap_or_default();
    let enter = match view.base_for_selected(session) {
        Some(from) => format!(
            "changes from {} to {}",
            side_label(from),
            side_label(selected)
        ),
        None if session.versions.is_empty() => format!(
            "nothing to compare yet; {} locks the plan as version 1",
            key(Mode::Global, Command::Lock)
        ),
        None => format!(
            "nothing before v1; {} marks a base to compare with",
            key(Mode::Versions, Command::MarkBase)
        ),
    };
    lines.push(theme::field("Enter", enter));
    lines
}

/// `v2`, or `the current plan`.
fn side_label(side: Side) -> String {
    match side {
        Side::Version(n) => format!("v{n}"),
        Side::Current => "the current plan".to_string(),
    }
}

pub fn render_diff(state: &State, diff: &DiffView, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(110);
    let rect = centered(area, width, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let key = |c: Command| state.keymap.key_for(Mode::Diff, c).unwrap_or_default();
    let title = format!(
        "Changes from {} to {}",
        side_label(diff.from),
        side_label(diff.to)
    );
    let block = overlay_block(title);
    let inner = block.inner(rect);
    let summary: Vec<Line> = pack(&diff.summary, inner.width.into())
        .into_iter()
        .map(|l| Line::styled(l, bold()))
        .collect();
    let [header, body] = Layout::vertical([
        Constraint::Length(summary.len() as u16 + 1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let height = body.height as usize;
    let total = diff.lines.len();
    let offset = diff.offset.min(total.saturating_sub(height));
    let shown = if total > height {
        format!(
            " lines {}–{} of {total} · {} {} scroll ·",
            offset + 1,
            (offset + height).min(total),
            key(Command::Down),
            key(Command::Up)
        )
    } else {
        String::new()
    };
    let footer = format!("{shown} {} back ", key(Command::Cancel));
    frame.render_widget(block.title_bottom(Line::styled(footer, dim())), rect);
    frame.render_widget(Paragraph::new(summary), header);
    let width = body.width as usize;
    let lines: Vec<Line> = diff
        .lines
        .iter()
        .skip(offset)
        .take(height)
        .map(|l| {
            let text = format!("{}{}", "  ".repeat(l.depth.into()), l.text);
            Line::styled(fit(&text, width), line_style(l.kind))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

/// The summary's parts ("2 added · 1 moved") packed into lines of `width`.
fn pack(summary: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in summary.split(" · ") {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + part.chars().count() <= width => {
                line.push_str(" · ");
                line.push_str(part);
            }
            _ => lines.push(part.to_string()),
        }
    }
    lines
}

fn line_style(kind: LineKind) -> Style {
    match kind {
        LineKind::Heading => bold().fg(ACCENT),
        LineKind::Added => Style::new().fg(Color::Green),
        LineKind::Removed => Style::new().fg(Color::Red),
        LineKind::Changed => Style::new().fg(Color::Yellow),
        LineKind::Moved => Style::new().fg(Color::Cyan),
        LineKind::Detail => Style::new(),
        LineKind::Note => dim(),
    }
}
