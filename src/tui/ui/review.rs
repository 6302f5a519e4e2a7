//! The review overlay in two parts: the proposal's changes, one line each,
//! coloured by what they do (added, changed, removed, moved, a new question,
//! a finding), each with its tick box; and below them the whole of the
//! selected change (every field, before and after), scrollable. The
//! proposal's notes at the bottom.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::{self, bold, dim, fit, overlay_block, wrapped_height};
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::{ChangeKind, Review, State, scroll_to};

pub fn kind_style(kind: ChangeKind) -> Style {
    Style::new().fg(match kind {
        ChangeKind::Added => Color::Green,
        ChangeKind::Changed => Color::Yellow,
        ChangeKind::Removed => Color::Red,
        ChangeKind::Moved => Color::Cyan,
        ChangeKind::Question => Color::Magenta,
        ChangeKind::Finding => Color::Blue,
    })
}

pub fn render(state: &State, review: &Review, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(110);
    let rect = centered(area, width, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let key = |c: Command| state.keymap.key_for(Mode::Review, c).unwrap_or_default();
    let footer = format!(
        " {} tick · {} accept ticked · {} accept all · {} reject · {}/{} scroll the change ",
        key(Command::Toggle),
        key(Command::AcceptSelected),
        key(Command::AcceptAll),
        key(Command::Reject),
        key(Command::DetailDown),
        key(Command::DetailUp),
    );
    let source = if review.proposal.heuristic {
        " (offline heuristics)"
    } else {
        ""
    };
    let block = overlay_block(format!(
        "Proposal: {}{source}",
        review.proposal.step.title()
    ))
    .title_bottom(Line::styled(footer, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let notes = note_lines(review);
    let notes_height = if notes.is_empty() {
        0
    } else {
        wrapped_height(&notes, inner.width).min(inner.height / 3)
    };
    let rest = inner.height.saturating_sub(1 + notes_height);
    // The list gets what it needs up to 40% of the room; the change the rest.
    let list_rows = (review.len().max(1) as u16).min((rest * 2 / 5).max(3));
    let [header, list, detail, notes_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(list_rows),
        Constraint::Min(0),
        Constraint::Length(notes_height),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(summary(review)), header);
    render_items(review, frame, list);
    render_detail(state, review, frame, detail);
    if notes_height > 0 {
        frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: false }), notes_area);
    }
}

fn summary(review: &Review) -> Line<'static> {
    let findings = review.len() - review.change_count();
    let mut text = format!(
        "{} of {} changes ticked",
        review.ticked_count(),
        review.change_count()
    );
    if findings > 0 {
        text.push_str(&format!(
            " · {findings} finding{} to read",
            if findings == 1 { "" } else { "s" }
        ));
    }
    Line::styled(text, bold())
}

fn render_items(review: &Review, frame: &mut Frame, area: Rect) {
    if review.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("The proposal changes nothing.", dim())),
            area,
        );
        return;
    }
    let rows = area.height as usize;
    let offset = scroll_to(review.offset, review.selected, rows);
    let width = area.width as usize;
    let lines: Vec<Line> = review
        .lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, text)| {
            let kind = review.kinds[i];
            let mark = match (kind, review.ticked[i]) {
                (ChangeKind::Finding, _) => "    ",
                (_, true) => "[x] ",
                (_, false) => "[ ] ",
            };
            let style = if review.ticked[i] || kind == ChangeKind::Finding {
                kind_style(kind)
            } else {
                dim()
            };
            let line = Line::from(vec![
                Span::raw(mark),
                Span::styled(fit(text, width.saturating_sub(4)), style),
            ]);
            if i == review.selected {
                line.patch_style(theme::selected(true))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_detail(state: &State, review: &Review, frame: &mut Frame, area: Rect) {
    let Some(item) = review.proposal.items.get(review.selected) else {
        return;
    };
    let block = ratatui::widgets::Block::new()
        .borders(ratatui::widgets::Borders::TOP)
        .border_style(dim())
        .title(Line::styled(
            format!(" Change {} of {} ", review.selected + 1, review.len()),
            dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = super::review_detail::detail_lines(item, state.session());
    if let Some(why) = review.proposal.contradiction(review.selected) {
        // Why it starts unticked, first, where the eye lands.
        lines.insert(
            0,
            Line::styled(
                format!("✗ The plan contradicts this change: {}", one_line(why)),
                Style::new().fg(theme::ERROR),
            ),
        );
    }
    let total = wrapped_height(&lines, inner.width);
    let max = total.saturating_sub(inner.height);
    let offset = (review.detail_offset.min(u16::MAX as usize) as u16).min(max);
    if max > 0 {
        let more = format!(" {}/{} lines ", (offset + inner.height).min(total), total);
        frame.render_widget(
            Line::styled(more, dim()).right_aligned(),
            Rect::new(area.x, area.y, area.width, 1),
        );
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((offset, 0)),
        inner,
    );
}

fn note_lines(review: &Review) -> Vec<Line<'static>> {
    if review.notes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled("Notes", bold())];
    lines.extend(
        review
            .notes
            .iter()
            .map(|n| Line::styled(format!("· {n}"), dim())),
    );
    lines
}
