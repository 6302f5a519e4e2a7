//! An error popup: what happened, and what to do about it.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{BorderType, Clear, Paragraph, Wrap};

use super::theme::{ERROR, bold, dim, wrapped_height};
use crate::sanitize::for_terminal;
use crate::tui::layout::centered;
use crate::tui::state::ErrorReport;

pub fn render(report: &ErrorReport, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = for_terminal(&report.what)
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("What to do", bold()));
    lines.extend(
        for_terminal(&report.todo)
            .lines()
            .map(|l| Line::raw(l.to_string())),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled("Esc or Enter closes this.", dim()));
    let width = 72.min(area.width);
    let height = (wrapped_height(&lines, width.saturating_sub(2)) + 2).min(area.height);
    let rect = centered(area, width, height);
    let block = ratatui::widgets::Block::bordered()
        .border_type(BorderType::Double)
        .border_style(Style::new().fg(ERROR))
        .title(Span::styled(
            format!(" {} ", for_terminal(&report.title)),
            bold().fg(ERROR),
        ));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}
