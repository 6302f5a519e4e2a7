//! The Validate overlay: the verdict in colour at the top, the three passes
//! below (one row per requirement, finding or reading), and the chosen row
//! in full at the bottom with where Enter goes.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::theme::{self, ACCENT, bold, dim, fit, overlay_block, truncate, wrapped_height};
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::validate::{Mark, Row};
use crate::tui::state::{State, ValidateView, scroll_to};
use crate::validate::{Link, Readiness};

/// Widest id column and tail column.
const LABEL_MAX: usize = 10;
const TAIL_MAX: usize = 22;

pub fn render(state: &State, view: &ValidateView, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(120);
    // Between the stage bar and the status bar, which stays visible for
    // the messages `r` and Enter give.
    let rect = {
        let c = centered(area, width, 1);
        Rect::new(c.x, area.y + 1, c.width, area.height.saturating_sub(3))
    };
    frame.render_widget(Clear, rect);
    let key = |c: Command| state.keymap.key_for(Mode::Validate, c).unwrap_or_default();
    let footer = format!(
        " {} go to · {} read again · {} close ",
        key(Command::GoToLink),
        key(Command::RerunReadings),
        key(Command::Cancel)
    );
    let title = match state.session() {
        Some(s) => format!("Validate: {}", one_line(&s.title)),
        None => "Validate".to_string(),
    };
    let block = overlay_block(truncate(&title, usize::from(width.saturating_sub(6))))
        .title_bottom(Line::styled(footer, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let head = verdict_lines(view, usize::from(inner.width));
    // The verdict and at most two lines of reasons; a blank line under
    // them when the screen has room.
    let head_height = wrapped_height(&head, inner.width).min(3) + u16::from(inner.height >= 30);
    let detail = detail_lines(state, view);
    let detail_height = wrapped_height(&detail, inner.width).min(inner.height / 3);
    let [head_area, list, detail_area] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Min(0),
        Constraint::Length(detail_height),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);

    let height = list.height as usize;
    let offset = scroll_to(view.offset, view.selected, height);
    let width = list.width as usize;
    let label_width = view
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Item { label, .. } => Some(label.width()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(LABEL_MAX);
    let lines: Vec<Line> = view
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, row)| row_line(row, i == view.selected, label_width, width))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }),
        detail_area,
    );
}

/// The verdict, then what blocks it and what to look at.
/// The reasons take at most two rows of `width`.
fn verdict_lines(view: &ValidateView, width: usize) -> Vec<Line<'static>> {
    let verdict = &view.validation.verdict;
    let (sign, style) = match verdict.readiness {
        Readiness::Ready => ("✓ ", theme::ok()),
        Readiness::ReadyWithWarnings => ("✓ ", theme::warning()),
        Readiness::NotReady => ("✗ ", theme::error()),
    };
    let mut lines = vec![Line::styled(
        format!("{sign}{}", verdict.headline()),
        bold().patch(style),
    )];
    if !verdict.warnings.is_empty() {
        let list: Vec<&str> = verdict.warnings.iter().map(|r| r.text.as_str()).collect();
        let lead = if verdict.is_ready() {
            "Worth a look: "
        } else {
            "Also: "
        };
        // Words move whole to the next row: leave room for that.
        let room = (2 * width).saturating_sub(lead.len() + 12);
        lines.push(Line::from(vec![
            Span::styled(lead, dim()),
            Span::raw(truncate(&list.join(", "), room)),
        ]));
    }
    lines
}

fn mark(m: Mark) -> Span<'static> {
    match m {
        Mark::Ok => Span::styled("✓ ", theme::ok()),
        Mark::Error => Span::styled("✗ ", theme::error()),
        Mark::Warning => Span::styled("! ", theme::warning()),
        Mark::Info => Span::styled("› ", ratatui::style::Style::new().fg(Color::Blue)),
        Mark::Model => Span::styled("◆ ", ratatui::style::Style::new().fg(Color::Magenta)),
        Mark::Pending => Span::styled("… ", dim()),
        Mark::Blank => Span::raw("  "),
    }
}

fn row_line(row: &Row, selected: bool, label_width: usize, width: usize) -> Line<'static> {
    match row {
        Row::Heading(text) => Line::styled(fit(&one_line(text), width), bold().fg(ACCENT)),
        Row::Note { mark: m, text } => Line::from(vec![
            Span::raw("  "),
            mark(*m),
            Span::styled(fit(&one_line(text), width.saturating_sub(4)), dim()),
        ]),
        Row::Item {
            mark: m,
            label,
            text,
            tail,
            ..
        } => {
            let tail = truncate(&one_line(tail), TAIL_MAX);
            let tail_width = if tail.is_empty() { 0 } else { tail.width() + 1 };
            let label = if label_width == 0 {
                String::new()
            } else {
                format!("{} ", fit(&one_line(label), label_width))
            };
            let used = 4 + label.width() + tail_width;
            let mut spans = vec![
                Span::raw("  "),
                mark(*m),
                Span::styled(label, bold()),
                Span::raw(fit(&one_line(text), width.saturating_sub(used))),
            ];
            if !tail.is_empty() {
                spans.push(Span::styled(format!(" {tail}"), dim()));
            }
            let line = Line::from(spans);
            if selected {
                line.patch_style(theme::selected(true))
            } else {
                line
            }
        }
    }
}

/// The chosen row in full, and where Enter goes.
fn detail_lines(state: &State, view: &ValidateView) -> Vec<Line<'static>> {
    let Some(Row::Item {
        label, text, link, ..
    }) = view.selected_row()
    else {
        return Vec::new();
    };
    let mut lines = vec![Line::styled("─".repeat(40), dim())];
    let body = if label.is_empty() || text.starts_with(label.as_str()) {
        one_line(text)
    } else {
        format!("{}: {}", one_line(label), one_line(text))
    };
    lines.push(Line::from(body));
    let key = state
        .keymap
        .key_for(Mode::Validate, Command::GoToLink)
        .unwrap_or_default();
    let target = match link {
        Some(Link::Task(id)) => format!("{key}: select {id} in the Tasks pane"),
        Some(Link::Requirement(r)) => {
            let line = state
                .session()
                .and_then(|s| s.spec.requirements.iter().find(|q| &q.id == r))
                .map(|q| format!(", line {}", q.line))
                .unwrap_or_default();
            format!("{key}: show {} in the spec{line}", one_line(r.as_str()))
        }
        None => "about the plan as a whole".to_string(),
    };
    lines.push(Line::styled(target, dim()));
    lines
}
