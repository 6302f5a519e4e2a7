//! The findings list: move through it, go to a finding's task, or apply its
//! suggested fix as one undoable edit (the list then shows the new analysis).
use super::edit::commit;
use super::moved;
use crate::plan::Edit;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::findings::{row_of, rows};
use crate::tui::state::{FindingsView, Notice, Overlay, Pane, State, scroll_to};

pub(super) fn on_command(
    state: &mut State,
    mut view: FindingsView,
    command: Command,
    page: usize,
) -> Vec<Effect> {
    // The list and its fixes must speak of the plan as it is now.
    state.finish_analysis();
    let Some(open) = &state.open else {
        return Vec::new();
    };
    let count = open.report.findings.len();
    match command {
        Command::Cancel => Vec::new(),
        Command::Find | Command::SearchNext | Command::SearchPrev => {
            state.overlays.push(Overlay::Findings(view));
            match command {
                Command::Find => super::find::open_prompt(state),
                _ => {
                    super::find::step(state, command == Command::SearchNext, false);
                    Vec::new()
                }
            }
        }
        Command::GoToTask => go_to_task(state, view),
        Command::ApplyFix => apply_fix(state, view),
        other => {
            if let Some(i) = moved(other, view.selected, count, page) {
                view.selected = i;
                let row = row_of(&rows(&open.report), i);
                view.offset = scroll_to(view.offset, row, page);
            }
            state.overlays.push(Overlay::Findings(view));
            Vec::new()
        }
    }
}

fn go_to_task(state: &mut State, view: FindingsView) -> Vec<Effect> {
    let task = state.open.as_ref().and_then(|open| {
        let finding = open.report.findings.get(view.selected)?;
        finding
            .tasks
            .iter()
            .find(|t| t.position.is_some())
            .map(|t| t.id)
    });
    let Some(id) = task else {
        state.status.notice = Some(Notice::info(
            "This finding is about the plan as a whole, not one task.",
        ));
        state.overlays.push(Overlay::Findings(view));
        return Vec::new();
    };
    show_task(state, id)
}

/// Focus the Tasks pane on `id` (clearing a filter that hides it), after
/// ending any edit in the spec editor.
pub(super) fn show_task(state: &mut State, id: crate::plan::TaskId) -> Vec<Effect> {
    let effects = super::spec::finish_editing(state);
    state.focus = Pane::Tasks;
    state.zoomed = false;
    if state
        .index()
        .is_some_and(|index| state.tasks.row_of(id, index).is_none())
    {
        // The filter hides it: show everything.
        state.tasks.filter.clear();
    }
    state.tasks.selected = Some(id);
    state.refresh();
    effects
}

fn apply_fix(state: &mut State, mut view: FindingsView) -> Vec<Effect> {
    let fix = state
        .open
        .as_ref()
        .and_then(|open| open.report.findings.get(view.selected))
        .and_then(|f| f.fix.clone());
    let Some(fix) = fix else {
        state.status.notice = Some(Notice::warning(
            "No automatic fix for this one: Enter goes to the task to change it by hand.",
        ));
        state.overlays.push(Overlay::Findings(view));
        return Vec::new();
    };
    let effects = commit(
        state,
        Edit::Batch(fix.edits),
        Some(format!("Fixed: {} (u undoes it).", fix.description)),
    );
    let count = state.open.as_ref().map_or(0, |o| o.report.findings.len());
    view.selected = view.selected.min(count.saturating_sub(1));
    // Keep the list open (beneath the error, if the edit was refused).
    let at = if effects.is_empty() {
        state.overlays.len().saturating_sub(1)
    } else {
        state.overlays.len()
    };
    state.overlays.insert(at, Overlay::Findings(view));
    effects
}
