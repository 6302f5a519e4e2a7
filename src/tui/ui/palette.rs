//! The command palette: a field, and the commands it matches with their
//! keys and descriptions; the highlighted one runs on Enter.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::{self, ACCENT, bold, dim, fit, overlay_block};
use crate::tui::layout::centered;
use crate::tui::state::{Palette, scroll_to};

const KEYS: usize = 14;

pub fn render(palette: &Palette, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 90, area.height.saturating_sub(4).min(24));
    frame.render_widget(Clear, rect);
    let block = overlay_block("Commands").title_bottom(Line::styled(
        " type to narrow · ↑↓ choose · Enter runs · Esc closes ",
        dim(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [field, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    let field_block = Block::new().borders(Borders::BOTTOM).border_style(dim());
    let field_inner = field_block.inner(field);
    frame.render_widget(field_block, field);
    frame.render_widget(&palette.input, field_inner);
    let matches = palette.matches();
    if matches.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No command matches.", dim())),
            list,
        );
        return;
    }
    let rows = list.height as usize;
    let selected = palette.selected.min(matches.len() - 1);
    let offset = scroll_to(0, selected, rows);
    let width = list.width as usize;
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, &row)| {
            let (command, keys) = &palette.rows[row];
            let name = command.name();
            let rest = width.saturating_sub(KEYS + 2);
            let line = Line::from(vec![
                Span::styled(format!("{} ", fit(keys, KEYS)), bold().fg(ACCENT)),
                Span::raw(fit(
                    command.description(),
                    rest.saturating_sub(name.len() + 2),
                )),
                Span::styled(format!("  {name}"), dim()),
            ]);
            if i == selected {
                line.patch_style(theme::selected(true))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
