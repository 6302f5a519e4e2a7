//! A yes/no confirmation box.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::{ACCENT, bold, dim, overlay_block, wrapped_height};
use crate::sanitize::for_terminal;
use crate::tui::layout::centered;
use crate::tui::state::Confirm;

pub fn render(confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = confirm
        .lines
        .iter()
        .map(|l| Line::raw(for_terminal(l).into_owned()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("y", bold().fg(ACCENT)),
        Span::styled(" yes   ", dim()),
        Span::styled("n", bold().fg(ACCENT)),
        Span::styled(" / ", dim()),
        Span::styled("Esc", bold().fg(ACCENT)),
        Span::styled(" no", dim()),
    ]));
    let width = 64.min(area.width);
    let height = wrapped_height(&lines, width.saturating_sub(2)) + 2;
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(paragraph.block(overlay_block(&confirm.title)), rect);
}
