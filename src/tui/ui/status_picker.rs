//! The status picker: the seven statuses, the task's own marked, and a
//! warning on `done` when something the task depends on is not done.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::theme::{self, dim, overlay_block, status_glyph, warning};
use crate::execution::status::unfinished_dependencies;
use crate::execution::status_words;
use crate::plan::TaskStatus;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::centered;
use crate::tui::state::{State, StatusPicker};

pub fn render(state: &State, picker: &StatusPicker, frame: &mut Frame, area: Rect) {
    let Some(task) = state.session().and_then(|s| s.task(picker.task)) else {
        return;
    };
    let waiting = state.session().map_or(0, |s| {
        unfinished_dependencies(s, &[picker.task], TaskStatus::Done)
            .first()
            .map_or(0, |n| n.dependencies.len())
    });
    let key = |c: Command| state.keymap.key_for(Mode::Status, c).unwrap_or_default();
    let footer = format!(
        " {} sets · {} cancels ",
        key(Command::Submit),
        key(Command::Cancel)
    );
    let block =
        overlay_block(format!("Status of {}", task.id)).title_bottom(Line::styled(footer, dim()));
    let lines: Vec<Line> = TaskStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, &status)| {
            let mut spans = vec![
                Span::raw(" "),
                status_glyph(status),
                Span::raw(format!(" {:<12}", status.as_str())),
            ];
            if status == task.status {
                spans.push(Span::styled("(now)", dim()));
            } else if status == TaskStatus::Done && waiting > 0 {
                spans.push(Span::styled(
                    format!(
                        "{waiting} dependenc{} not done",
                        if waiting == 1 { "y" } else { "ies" }
                    ),
                    warning(),
                ));
            }
            let line = Line::from(spans);
            if i == picker.selected {
                line.patch_style(theme::selected(true))
            } else {
                line
            }
        })
        .collect();
    let hint = Line::styled(format!(" {} now", status_words(task.status)), dim());
    let mut all = vec![hint, Line::raw("")];
    all.extend(lines);
    let rect = centered(area, 44, all.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(all).block(block), rect);
}
