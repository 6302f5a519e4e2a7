//! The start screen: the saved sessions, newest first, with their stage,
//! task count and last change.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::status_bar;
use super::theme::{self, ACCENT, bold, dim, fit, pane_block};
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::keymap::Mode;
use crate::tui::layout::start_layout;
use crate::tui::state::{State, scroll_to};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let layout = start_layout(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled(" planner-tui", bold().fg(ACCENT)),
            Span::styled("  spec in, ordered and verified plan out", dim()),
        ]),
        layout.title,
    );
    let sessions = state.start.rows();
    let key = |c: Command| state.keymap.key_for(Mode::Start, c).unwrap_or_default();
    let title = if state.start.showing_trash {
        format!(
            "Trash ({}): deleted sessions, newest first · {} restores · {} back",
            sessions.len(),
            key(Command::RestoreSession),
            key(Command::ShowTrash)
        )
    } else {
        format!("Sessions ({}), newest first", sessions.len())
    };
    let block = pane_block(title, true);
    frame.render_widget(block, layout.frame);
    let list = layout.list;
    let width = list.width as usize;
    let (stage_w, tasks_w, when_w) = (18, 6, 16);
    let title_w = width.saturating_sub(stage_w + tasks_w + when_w + 3);
    let mut lines = vec![Line::styled(
        format!(
            "{} {} {:>tasks_w$} {}",
            fit("Title", title_w),
            fit("Stage", stage_w),
            "Tasks",
            fit("Last change", when_w)
        ),
        dim(),
    )];
    if sessions.is_empty() {
        let text = if state.start.showing_trash {
            "The trash is empty.".to_string()
        } else if state.start.loaded {
            let key = key(Command::NewSession);
            format!("No sessions yet. Press {key} to start one.")
        } else {
            "Looking for saved sessions…".to_string()
        };
        lines.push(Line::styled(text, dim()));
    }
    let rows = (list.height as usize).saturating_sub(1);
    let offset = scroll_to(state.start.offset, state.start.selected, rows);
    for (i, s) in sessions.iter().enumerate().skip(offset).take(rows) {
        let line = Line::from(vec![
            Span::raw(format!("{} ", fit(&one_line(&s.title), title_w))),
            Span::raw(format!("{} ", fit(&s.stage.to_string(), stage_w))),
            Span::raw(format!("{:>tasks_w$} ", s.tasks)),
            Span::styled(fit(&s.updated.short(), when_w), dim()),
        ]);
        lines.push(if i == state.start.selected {
            line.patch_style(theme::selected(true))
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), list);
    status_bar::render(state, frame, layout.status);
}
