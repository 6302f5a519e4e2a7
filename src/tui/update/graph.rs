//! The Graph pane's commands: up and down go through the plan in order,
//! left and right follow the selected task's edges to a dependency or a
//! dependent.
use super::moved;
use super::tasks::{open_form, open_picker};
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::{Notice, Pane, State};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Edit => open_form(state),
        Command::EditDependencies => open_picker(state),
        other => navigate(state, other),
    }
    Vec::new()
}

pub(super) fn navigate(state: &mut State, command: Command) {
    let Some(open) = &state.open else {
        return;
    };
    let tasks = &open.session.tasks;
    let current = state.tasks.selected.and_then(|id| open.index.position(id));
    let (target, notice) = match (command, current) {
        (Command::Left, Some(pos)) => (
            open.index.dependencies.of(pos).first().copied(),
            "It depends on nothing.",
        ),
        (Command::Right, Some(pos)) => (
            open.index.dependents.of(pos).first().copied(),
            "Nothing depends on it.",
        ),
        (other, pos) => (moved(other, pos.unwrap_or(0), tasks.len(), 10), ""),
    };
    let Some(id) = target.and_then(|p| tasks.get(p)).map(|t| t.id) else {
        if !notice.is_empty() {
            state.status.notice = Some(Notice::info(notice));
        }
        return;
    };
    state.tasks.selected = Some(id);
    let height = state.list_height(Pane::Tasks);
    if let Some(index) = state.index()
        && let Some(row) = state.tasks.selected_row(index)
    {
        state.tasks.offset = crate::tui::state::scroll_to(state.tasks.offset, row, height);
    }
}
