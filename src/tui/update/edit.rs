//! Every change to the plan goes through here: one `Edit`, applied through
//! the history so it can be undone, then the panes are refreshed and a save
//! is asked for. A refused edit is shown, and nothing changes.
use crate::plan::{Edit, Stage};
use crate::tui::effect::Effect;
use crate::tui::state::{ErrorReport, Notice, Overlay, SaveState, State};

/// Apply `edit` as one undoable step; on success show `notice`.
pub(super) fn commit(state: &mut State, edit: Edit, notice: Option<String>) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    match open.history.apply(&mut open.session, edit) {
        Ok(()) => {
            state.status.notice = notice.map(Notice::info);
            changed(state)
        }
        Err(e) => {
            state.overlays.push(Overlay::Error(ErrorReport::new(
                "That change was refused",
                e.to_string(),
                "Nothing was changed. Fix what the message names and try again.",
            )));
            Vec::new()
        }
    }
}

pub(super) fn undo(state: &mut State) -> Vec<Effect> {
    step(state, true)
}

pub(super) fn redo(state: &mut State) -> Vec<Effect> {
    step(state, false)
}

fn step(state: &mut State, back: bool) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    let result = if back {
        open.history.undo(&mut open.session)
    } else {
        open.history.redo(&mut open.session)
    };
    let word = if back { "undo" } else { "redo" };
    match result {
        Ok(true) => {
            state.status.notice = Some(Notice::info(if back { "Undone." } else { "Redone." }));
            changed(state)
        }
        Ok(false) => {
            state.status.notice = Some(Notice::info(format!("Nothing to {word}.")));
            Vec::new()
        }
        Err(e) => {
            state.overlays.push(Overlay::Error(ErrorReport::new(
                format!("Could not {word}"),
                e.to_string(),
                "The plan is as it was before this key. Your other edits are kept.",
            )));
            Vec::new()
        }
    }
}

/// Move the session to another stage. Navigation, not content: it is saved
/// but not put on the undo stack (undo after a jump undoes the last edit).
pub(super) fn set_stage(state: &mut State, stage: Stage) -> Vec<Effect> {
    let Some(open) = state.open.as_mut() else {
        return Vec::new();
    };
    if open.session.stage == stage {
        return Vec::new();
    }
    // Setting the stage cannot fail, and it touches nothing an undo step refers to.
    let _ = crate::plan::apply(&mut open.session, Edit::SetStage { stage });
    changed(state)
}

fn changed(state: &mut State) -> Vec<Effect> {
    state.session_changed();
    state.status.save = SaveState::Unsaved;
    vec![Effect::Save]
}
