//! The dependency picker: every other task, the ones picked marked with
//! their kind; tasks downstream of the one being edited are flagged, since
//! picking them would make a cycle.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::theme::{self, dim, error, fit, kind_letter, kind_style, overlay_block};
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::{DepPicker, State, scroll_to};

pub fn render(state: &State, picker: &DepPicker, frame: &mut Frame, area: Rect) {
    let Some(open) = &state.open else {
        return;
    };
    let rect = centered(area, 80, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let picked = picker.rows.iter().filter(|r| r.kind.is_some()).count();
    let key = |c: Command| state.keymap.key_for(Mode::Picker, c).unwrap_or_default();
    let footer = format!(
        " {} toggle · {} kind · {} applies · {} cancels ",
        key(Command::Toggle),
        key(Command::CycleKind),
        key(Command::Submit),
        key(Command::Cancel)
    );
    let block = overlay_block(format!("{} depends on ({picked} picked)", picker.task))
        .title_bottom(Line::styled(footer, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let rows = inner.height as usize;
    let offset = scroll_to(picker.offset, picker.selected, rows);
    let width = inner.width as usize;
    let lines: Vec<Line> = picker
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, row)| {
            let (mark, kind) = match row.kind {
                Some(k) => (
                    Span::styled("[x] ", kind_style(k)),
                    Span::styled(
                        format!("{} {:<15}", kind_letter(k), k.as_str()),
                        kind_style(k),
                    ),
                ),
                None => (Span::raw("[ ] "), Span::raw(" ".repeat(17))),
            };
            let title = open
                .index
                .position(row.id)
                .map(|p| one_line(&open.session.tasks[p].title))
                .unwrap_or_default();
            let warn = if row.downstream { " ↺ cycle" } else { "" };
            let used = 4 + 17 + 6 + warn.chars().count();
            let mut spans = vec![
                mark,
                kind,
                Span::raw(format!("{} ", fit(&row.id.to_string(), 5))),
                Span::raw(fit(&title, width.saturating_sub(used))),
            ];
            if row.downstream {
                spans.push(Span::styled(warn, error()));
            }
            let line = Line::from(spans);
            if i == picker.selected {
                line.patch_style(theme::selected(true))
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("There is no other task to depend on.", dim())),
            inner,
        );
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
