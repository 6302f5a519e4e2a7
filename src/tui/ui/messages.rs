//! The message log: every notice the status bar has shown, newest first,
//! each whole (wrapped), with the time it came.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::{dim, overlay_block, warning};
use crate::sanitize::one_line;
use crate::tui::layout::centered;
use crate::tui::state::State;

pub fn render(state: &State, offset: usize, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 100, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let log = &state.status.log;
    let block = overlay_block(format!("Messages ({}), newest first", log.len()))
        .title_bottom(Line::styled(" ↑↓ scroll · / find · Esc closes ", dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if log.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No messages yet.", dim())),
            inner,
        );
        return;
    }
    let lines: Vec<Line> = log
        .iter()
        .rev()
        .skip(offset.min(log.len().saturating_sub(1)))
        .take(inner.height as usize)
        .map(|l| {
            let (_, _, _, h, m, s) = l.at.to_civil();
            let style = if l.notice.warning {
                warning()
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::styled(format!("{h:02}:{m:02}:{s:02} "), dim()),
                Span::styled(one_line(&l.notice.text), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
