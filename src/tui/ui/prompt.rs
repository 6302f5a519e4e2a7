//! A one-line prompt: a title, the field, and a line saying what is expected.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::{dim, overlay_block};
use crate::tui::layout::centered;
use crate::tui::state::Prompt;

pub fn render(prompt: &Prompt, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 72, 8);
    frame.render_widget(Clear, rect);
    let block = overlay_block(&prompt.title)
        .title_bottom(Line::styled(" Enter applies · Esc cancels ", dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [field, help] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(inner);
    let field_block = Block::new().borders(Borders::BOTTOM).border_style(dim());
    let field_inner = field_block.inner(field);
    frame.render_widget(field_block, field);
    frame.render_widget(&prompt.editor, field_inner);
    frame.render_widget(
        Paragraph::new(Line::styled(prompt.help.clone(), dim())).wrap(Wrap { trim: true }),
        help,
    );
}
