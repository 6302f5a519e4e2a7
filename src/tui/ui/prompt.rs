//! A one-line prompt: a title, the field, and a line saying what is expected.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::{dim, error, ok, overlay_block};
use crate::sanitize::one_line;
use crate::tui::layout::centered;
use crate::tui::state::Prompt;

pub fn render(prompt: &Prompt, frame: &mut Frame, area: Rect) {
    let extra = if prompt.path.is_some() { 2 } else { 0 };
    let rect = centered(area, 72, 8 + extra);
    frame.render_widget(Clear, rect);
    let keys = if prompt.path.is_some() {
        " Enter applies · Tab completes · Esc cancels "
    } else {
        " Enter applies · Esc cancels "
    };
    let block = overlay_block(&prompt.title).title_bottom(Line::styled(keys, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [field, help] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(inner);
    let field_block = Block::new().borders(Borders::BOTTOM).border_style(dim());
    let field_inner = field_block.inner(field);
    frame.render_widget(field_block, field);
    frame.render_widget(&prompt.editor, field_inner);
    let mut lines = Vec::new();
    if let Some(path) = &prompt.path {
        let text = crate::tui::state::editor::line_of(&prompt.editor);
        let status = path.status_of(&text);
        lines.push(match status {
            Some(s) if s.is_problem() => Line::styled(one_line(&s.describe()), error()),
            Some(s) => Line::styled(s.describe(), ok()),
            None if text.is_empty() => Line::raw(""),
            None => Line::styled("checking…", dim()),
        });
        if !path.candidates.is_empty() {
            let names: Vec<String> = path.candidates.iter().map(|c| one_line(c)).collect();
            lines.push(Line::styled(names.join("  "), dim()));
        }
    }
    lines.push(Line::styled(prompt.help.clone(), dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), help);
}
