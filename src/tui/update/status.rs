//! Where tasks stand, in the app: the status picker (marking a task done
//! ahead of its dependencies asks first), the status filter, going to the
//! task to do now, and statuses changed outside the app (by a coding agent
//! through `planner-tui status` or MCP), shown as they arrive.
use super::edit::commit;
use super::moved;
use crate::execution::status::{describe_unfinished, unfinished_dependencies};
use crate::plan::{Edit, TaskId, TaskStatus};
use crate::store::StatusChange;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::{
    Confirm, ConfirmAction, Notice, Overlay, Pane, State, StatusFilter, StatusPicker,
};

/// Open the picker on the selected task, on its current status.
pub(super) fn open_picker(state: &mut State) {
    let Some(task) = state.selected_task() else {
        return;
    };
    let selected = TaskStatus::ALL
        .iter()
        .position(|s| *s == task.status)
        .unwrap_or(0);
    let picker = StatusPicker {
        task: task.id,
        selected,
    };
    state.overlays.push(Overlay::StatusPicker(picker));
}

pub(super) fn on_picker_command(
    state: &mut State,
    mut picker: StatusPicker,
    command: Command,
) -> Vec<Effect> {
    match command {
        Command::Cancel => Vec::new(),
        Command::Submit => {
            let status = TaskStatus::ALL[picker.selected.min(TaskStatus::ALL.len() - 1)];
            set(state, picker.task, status, false)
        }
        other => {
            if let Some(row) = moved(other, picker.selected, TaskStatus::ALL.len(), 7) {
                picker.selected = row;
            }
            state.overlays.push(Overlay::StatusPicker(picker));
            Vec::new()
        }
    }
}

/// Set `id` to `status` as one undoable edit. Marking it done while tasks
/// it depends on are not asks first, unless `confirmed`.
pub(super) fn set(
    state: &mut State,
    id: TaskId,
    status: TaskStatus,
    confirmed: bool,
) -> Vec<Effect> {
    let Some(session) = state.session() else {
        return Vec::new();
    };
    let Some(task) = session.task(id) else {
        return Vec::new();
    };
    if task.status == status {
        state.status.notice = Some(Notice::info(format!(
            "{id} is already {}.",
            status.as_str()
        )));
        return Vec::new();
    }
    let unfinished = unfinished_dependencies(session, &[id], status);
    if !unfinished.is_empty() && !confirmed {
        let mut lines = describe_unfinished(&unfinished);
        lines.push(format!("Mark {id} done anyway? Undo (u) takes it back."));
        state.overlays.push(Overlay::Confirm(Confirm {
            title: format!("Mark {id} done?"),
            lines,
            on_confirm: ConfirmAction::SetStatus { task: id, status },
        }));
        return Vec::new();
    }
    commit(
        state,
        Edit::SetTaskStatus { id, status },
        Some(format!("{id} is {}.", status.as_str())),
    )
}

/// Step the status filter: all → open → each status → all.
pub(super) fn cycle_filter(state: &mut State) {
    state.tasks.status_filter = StatusFilter::next(state.tasks.status_filter);
    state.tasks.offset = 0;
    state.refresh();
    state.status.notice = Some(Notice::info(match state.tasks.status_filter {
        None => "Showing every task.".to_string(),
        Some(f) => format!(
            "Showing {} tasks ({} steps on).",
            f.label(),
            key_name(state)
        ),
    }));
}

fn key_name(state: &State) -> String {
    state
        .keymap
        .key_for(crate::tui::keymap::Mode::Tasks, Command::FilterStatus)
        .unwrap_or_else(|| Command::FilterStatus.name().to_string())
}

/// Select the task to do now, clearing a filter that hides it.
pub(super) fn go_to_next(state: &mut State) {
    state.finish_analysis();
    let Some(open) = &state.open else {
        return;
    };
    let Some(id) = open.next else {
        let why = match crate::execution::next(&open.session) {
            crate::execution::Next::Idle(idle) => crate::execution::text::idle_summary(&idle),
            crate::execution::Next::Start { .. } => String::new(),
        };
        state.status.notice = Some(Notice::info(format!("No task to start: {why}.")));
        return;
    };
    if state.tasks.row_of(id, &open.index).is_none() {
        state.tasks.filter.clear();
        state.tasks.status_filter = None;
    }
    state.tasks.selected = Some(id);
    state.focus = Pane::Tasks;
    state.refresh();
}

/// Statuses another writer changed in the file. Each is taken where the
/// app still has the status the file had before; where the app changed it
/// too (not yet saved), the app's stays and is written with the next save.
pub(super) fn changed_outside(state: &mut State, changes: Vec<StatusChange>) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let mut taken = Vec::new();
    let mut kept = Vec::new();
    for c in changes {
        let before = open.on_disk.insert(c.id, c.now);
        let Some(task) = open.session.tasks.iter_mut().find(|t| t.id == c.id) else {
            continue;
        };
        if task.status == c.now {
            continue;
        }
        if Some(task.status) == before {
            task.status = c.now;
            taken.push(c);
        } else {
            kept.push((c, task.status));
        }
    }
    if taken.is_empty() && kept.is_empty() {
        return Vec::new();
    }
    state.statuses_changed_outside();
    let mut parts: Vec<String> = taken
        .iter()
        .take(3)
        .map(|c| format!("{} {}", c.id, c.now.as_str()))
        .collect();
    if taken.len() > 3 {
        parts.push(format!("{} more", taken.len() - 3));
    }
    let mut text = if parts.is_empty() {
        String::new()
    } else {
        format!("Set outside the app: {}.", parts.join(", "))
    };
    for (c, ours) in kept.iter().take(2) {
        text.push_str(&format!(
            " {} stays {} here (set to {} outside; yours is saved).",
            c.id,
            ours.as_str(),
            c.now.as_str()
        ));
    }
    state.status.notice = Some(Notice::info(text.trim().to_string()));
    Vec::new()
}
