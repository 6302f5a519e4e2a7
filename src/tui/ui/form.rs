//! The task form: title, description, produces, verification, covers.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::theme::{ACCENT, bold, dim, overlay_block};
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::{FormTarget, State, TaskForm};

pub fn render(state: &State, form: &TaskForm, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 90, area.height.saturating_sub(2).min(22));
    frame.render_widget(Clear, rect);
    let title = match form.target {
        FormTarget::Existing(id) => format!("Edit {id}"),
        FormTarget::New { index } => {
            let id = state.session().map(|s| s.next_task_id().to_string());
            format!("New task {} at #{}", id.unwrap_or_default(), index + 1)
        }
    };
    let key = |c: Command| state.keymap.key_for(Mode::Form, c).unwrap_or_default();
    let footer = format!(
        " {} next field · {} saves · {} cancels ",
        key(Command::NextField),
        key(Command::Submit),
        key(Command::Cancel)
    );
    let block = overlay_block(title).title_bottom(Line::styled(footer, dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let heights: Vec<Constraint> = form
        .fields
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            let rows = match (f.multiline, i) {
                (false, _) => Constraint::Length(1),
                (true, 1) => Constraint::Min(2),
                (true, _) => Constraint::Length(3),
            };
            [Constraint::Length(1), rows]
        })
        .collect();
    let areas = Layout::vertical(heights).split(inner);
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label = if focused {
            Line::from(vec![
                Span::styled("▸ ", bold().fg(ACCENT)),
                Span::styled(f.label, bold().fg(ACCENT)),
            ])
        } else {
            Line::from(vec![Span::raw("  "), Span::styled(f.label, dim())])
        };
        frame.render_widget(label, areas[i * 2]);
        let field = areas[i * 2 + 1];
        let field = Rect::new(
            field.x + 2,
            field.y,
            field.width.saturating_sub(2),
            field.height,
        );
        frame.render_widget(&f.editor, field);
    }
}
