//! The Tasks pane's commands: moving the selection, the task form, adding,
//! deleting (after asking), moving tasks, the dependency picker, the filter.
use super::edit::commit;
use super::moved;
use crate::plan::{Edit, Task, TaskId};
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::editor::{line_of, new_line_editor};
use crate::tui::state::graph::reach;
use crate::tui::state::{
    Confirm, ConfirmAction, DepPicker, FormTarget, Notice, Overlay, Pane, PickRow, State, TaskForm,
};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Edit => {
            open_form(state);
            Vec::new()
        }
        Command::AddTask => {
            add_task(state);
            Vec::new()
        }
        Command::DeleteTask => {
            ask_delete(state);
            Vec::new()
        }
        Command::MoveTaskDown => move_task(state, 1),
        Command::MoveTaskUp => move_task(state, -1),
        Command::EditDependencies => {
            open_picker(state);
            Vec::new()
        }
        Command::SetStatus => {
            super::status::open_picker(state);
            Vec::new()
        }
        Command::FilterStatus => {
            super::status::cycle_filter(state);
            Vec::new()
        }
        Command::GoToNext => {
            super::status::go_to_next(state);
            Vec::new()
        }
        Command::ConfirmReview => confirm_review(state),
        Command::Filter => {
            state.tasks.filter_input = Some(new_line_editor(&state.tasks.filter, "id or title"));
            state.refresh();
            Vec::new()
        }
        other => {
            move_selection(state, other);
            Vec::new()
        }
    }
}

/// The selected task still does what its changed requirements ask: remember
/// them as they read now (one undoable edit).
fn confirm_review(state: &mut State) -> Vec<Effect> {
    let (Some(task), Some(session)) = (state.selected_task(), state.session()) else {
        return Vec::new();
    };
    let changed: Vec<String> = task
        .requirements_to_review(&session.spec.requirements)
        .map(|r| r.id.to_string())
        .collect();
    if changed.is_empty() {
        state.status.notice = Some(Notice::info(format!(
            "Nothing to review on {}: none of the requirements it covers changed.",
            task.id
        )));
        return Vec::new();
    }
    let mut confirmed = task.clone();
    confirmed.mark_reviewed(&session.spec.requirements);
    let id = confirmed.id;
    commit(
        state,
        Edit::UpdateTask { task: confirmed },
        Some(format!(
            "{id} confirmed against {} as it reads now (u undoes it).",
            changed.join(", ")
        )),
    )
}

fn move_selection(state: &mut State, command: Command) {
    let height = state.list_height(Pane::Tasks);
    let Some(open) = &state.open else {
        return;
    };
    let current = state.tasks.selected_row(&open.index).unwrap_or(0);
    if let Some(row) = moved(command, current, state.tasks.visible.len(), height) {
        state.tasks.select_row(row, &open.session.tasks, height);
    }
}

/// Keys while typing a filter: Enter keeps it (or, when it is exactly a
/// task's id, clears it and goes to that task), Esc clears it.
pub(super) fn on_filter_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Submit => {
            state.tasks.filter_input = None;
            let text = state.tasks.filter.trim().to_string();
            state.find = (!text.is_empty()).then(|| text.clone());
            if let Some(id) = exact_task(state, &text) {
                state.tasks.filter.clear();
                state.tasks.selected = Some(id);
                state.refresh();
                let height = state.list_height(Pane::Tasks);
                if let Some(open) = &state.open
                    && let Some(row) = state.tasks.row_of(id, &open.index)
                {
                    state.tasks.offset = row.saturating_sub(height / 2);
                }
                state.status.notice = Some(Notice::info(format!("Went to {id}.")));
                return Vec::new();
            }
        }
        Command::Cancel => {
            state.tasks.filter_input = None;
            state.tasks.filter.clear();
        }
        _ => return Vec::new(),
    }
    state.refresh();
    Vec::new()
}

/// The task whose id `text` is exactly (`T23`, `t23`), if there is one.
fn exact_task(state: &State, text: &str) -> Option<TaskId> {
    let id: TaskId = text.parse().ok()?;
    state.index()?.position(id).map(|_| id)
}

/// The filter text changed.
pub(super) fn filter_changed(state: &mut State) {
    if let Some(input) = &state.tasks.filter_input {
        state.tasks.filter = line_of(input);
        state.tasks.offset = 0;
        state.refresh();
        // An exact id selects that task among the matches.
        let text = state.tasks.filter.trim().to_string();
        if let Some(id) = exact_task(state, &text) {
            let height = state.list_height(Pane::Tasks);
            if let Some(open) = &state.open
                && let Some(row) = state.tasks.row_of(id, &open.index)
            {
                state.tasks.select_row(row, &open.session.tasks, height);
            }
        }
    }
}

pub(super) fn open_form(state: &mut State) {
    if let Some(task) = state.selected_task() {
        let form = TaskForm::new(FormTarget::Existing(task.id), task);
        state.overlays.push(Overlay::form(form));
    }
}

fn add_task(state: &mut State) {
    let Some(open) = &state.open else {
        return;
    };
    let index = state
        .tasks
        .selected
        .and_then(|id| open.index.position(id))
        .map_or(open.session.tasks.len(), |p| p + 1);
    let blank = Task::new(open.session.next_task_id(), "");
    let form = TaskForm::new(FormTarget::New { index }, &blank);
    state.overlays.push(Overlay::form(form));
}

fn ask_delete(state: &mut State) {
    let Some(task) = state.selected_task() else {
        return;
    };
    let (id, title) = (task.id, crate::sanitize::one_line(&task.title));
    let dependents = state
        .session()
        .map(|s| s.dependents(id))
        .unwrap_or_default();
    let mut lines = vec![format!("{id} \"{title}\" will be removed from the plan.")];
    if dependents.is_empty() {
        lines.push("No task depends on it.".to_string());
    } else {
        lines.push(format!(
            "{} depend{} on it; {} dependenc{} on {id} will be removed too.",
            id_list(&dependents),
            if dependents.len() == 1 { "s" } else { "" },
            if dependents.len() == 1 {
                "its"
            } else {
                "their"
            },
            if dependents.len() == 1 { "y" } else { "ies" },
        ));
    }
    lines.push("Undo (u) brings it all back.".to_string());
    state.overlays.push(Overlay::Confirm(Confirm {
        title: format!("Delete {id}?"),
        lines,
        on_confirm: ConfirmAction::DeleteTask(id),
    }));
}

/// The user confirmed deleting `id`.
pub(super) fn delete_task(state: &mut State, id: TaskId) -> Vec<Effect> {
    let Some(open) = &state.open else {
        return Vec::new();
    };
    let dependents = open.session.dependents(id);
    // Select the task that takes its place.
    let next = open.index.position(id).and_then(|p| {
        open.session
            .tasks
            .get(p + 1)
            .or_else(|| p.checked_sub(1).and_then(|q| open.session.tasks.get(q)))
            .map(|t| t.id)
    });
    let notice = if dependents.is_empty() {
        format!("Deleted {id}.")
    } else {
        format!(
            "Deleted {id} and removed the dependency on it from {}.",
            id_list(&dependents)
        )
    };
    let edit = Edit::DeleteTask {
        id,
        drop_references: true,
    };
    let effects = commit(state, edit, Some(notice));
    if !effects.is_empty() && next.is_some() {
        state.tasks.selected = next;
        state.refresh();
    }
    effects
}

fn move_task(state: &mut State, by: isize) -> Vec<Effect> {
    let Some(open) = &state.open else {
        return Vec::new();
    };
    let Some(id) = state.tasks.selected else {
        return Vec::new();
    };
    let Some(from) = open.index.position(id) else {
        return Vec::new();
    };
    let Some(to) = from
        .checked_add_signed(by)
        .filter(|&t| t < open.session.tasks.len())
    else {
        return Vec::new();
    };
    commit(state, Edit::MoveTask { id, to }, None)
}

pub(super) fn open_picker(state: &mut State) {
    let Some(open) = &state.open else {
        return;
    };
    let Some(task) = state.selected_task() else {
        return;
    };
    let Some(pos) = open.index.position(task.id) else {
        return;
    };
    let downstream: std::collections::HashSet<usize> =
        reach(&open.index.dependents, pos, usize::MAX, usize::MAX)
            .into_iter()
            .collect();
    let rows: Vec<PickRow> = open
        .session
        .tasks
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != pos)
        .map(|(i, t)| PickRow {
            id: t.id,
            kind: task
                .depends_on
                .iter()
                .find(|d| d.on == t.id)
                .map(|d| d.kind),
            downstream: downstream.contains(&i),
        })
        .collect();
    // Start on the first current dependency, or just above the task itself.
    let selected = rows
        .iter()
        .position(|r| r.kind.is_some())
        .unwrap_or(pos.saturating_sub(1));
    let picker = DepPicker {
        task: task.id,
        rows,
        selected,
        offset: selected.saturating_sub(3),
        original: task.depends_on.clone(),
    };
    state.overlays.push(Overlay::DepPicker(picker));
}

/// Apply the picker's choices as one edit.
pub(super) fn apply_picker(state: &mut State, picker: &DepPicker) -> Vec<Effect> {
    use crate::plan::Dependency;
    let mut edits = Vec::new();
    for d in &picker.original {
        match picker.rows.iter().find(|r| r.id == d.on) {
            Some(row) if row.kind.is_none() => edits.push(Edit::RemoveDependency {
                task: picker.task,
                on: d.on,
            }),
            Some(row) => {
                if let Some(kind) = row.kind.filter(|k| *k != d.kind) {
                    edits.push(Edit::SetDependencyKind {
                        task: picker.task,
                        on: d.on,
                        kind,
                    });
                }
            }
            // A dependency on a task that no longer exists is left alone.
            None => {}
        }
    }
    for row in &picker.rows {
        if let Some(kind) = row.kind
            && !picker.original.iter().any(|d| d.on == row.id)
        {
            edits.push(Edit::AddDependency {
                task: picker.task,
                dep: Dependency::new(row.id, kind),
            });
        }
    }
    if edits.is_empty() {
        state.status.notice = Some(Notice::info("Dependencies unchanged."));
        return Vec::new();
    }
    let n = edits.len();
    commit(
        state,
        Edit::Batch(edits),
        Some(format!(
            "Updated {}'s dependencies ({n} change{}).",
            picker.task,
            if n == 1 { "" } else { "s" }
        )),
    )
}

fn id_list(ids: &[TaskId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
