//! Commands that mean the same whichever pane has the focus: quit, help,
//! focus, zoom, undo and redo, running a step, jumping to a stage, locking
//! a version and the versions list.
use super::edit::{redo, set_stage, undo};
use super::spec::finish_editing;
use crate::plan::Stage;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::layout::pane_for_stage;
use crate::tui::state::{Confirm, ConfirmAction, ModelActivity, Notice, Overlay, Pane, State};
use crate::workflow::Step;

/// `None` when `command` is not a global one.
pub(super) fn on_command(state: &mut State, command: Command) -> Option<Vec<Effect>> {
    Some(match command {
        Command::Quit => quit(state),
        Command::Help => {
            state.overlays.push(Overlay::Help { offset: 0 });
            Vec::new()
        }
        Command::Cancel => cancel(state),
        Command::Messages => {
            state.overlays.push(Overlay::Messages { offset: 0 });
            Vec::new()
        }
        Command::Palette => {
            let palette = crate::tui::state::Palette::new(&state.keymap, state.mode());
            state.overlays.push(Overlay::Palette(Box::new(palette)));
            Vec::new()
        }
        Command::Find if state.focus == Pane::Spec => {
            super::spec::on_editor_command(state, Command::Search)
        }
        Command::Find => super::find::open_prompt(state),
        Command::SearchNext | Command::SearchPrev if state.focus == Pane::Spec => {
            super::spec::on_editor_command(state, command)
        }
        Command::SearchNext => {
            super::find::step(state, true, false);
            Vec::new()
        }
        Command::SearchPrev => {
            super::find::step(state, false, false);
            Vec::new()
        }
        Command::FocusNext => focus(state, state.focus.next()),
        Command::FocusPrev => focus(state, state.focus.prev()),
        Command::Zoom => {
            state.zoomed = !state.zoomed;
            state.refresh();
            Vec::new()
        }
        Command::Undo => undo(state),
        Command::Redo => redo(state),
        Command::RunStep => run_step(state),
        Command::Findings => {
            let effects = finish_editing(state);
            state.finish_analysis();
            state.overlays.push(Overlay::Findings(Default::default()));
            effects
        }
        Command::Export => {
            let effects = finish_editing(state);
            let dialog = crate::tui::state::ExportDialog::new(&state.export_dir);
            state.overlays.push(Overlay::Export(Box::new(dialog)));
            effects
        }
        Command::Lock => super::versions::start_lock(state),
        Command::Versions => super::versions::open_versions(state),
        Command::Validate => super::validate::open(state),
        Command::Stage1 => stage(state, Stage::Gather),
        Command::Stage2 => stage(state, Stage::Decompose),
        Command::Stage3 => stage(state, Stage::Dependencies),
        Command::Stage4 => stage(state, Stage::Ambiguities),
        Command::Stage5 => stage(state, Stage::Resolve),
        Command::Stage6 => stage(state, Stage::Verification),
        _ => return None,
    })
}

/// Quit, asking first while a model step runs. Text being typed in the spec
/// editor is kept as an edit first.
pub(super) fn quit(state: &mut State) -> Vec<Effect> {
    if let Some(activity) = &state.status.activity {
        state.overlays.push(Overlay::Confirm(Confirm {
            title: "Quit while the model is working?".to_string(),
            lines: vec![
                format!("\"{}\" is still running.", activity.label),
                "Quitting cancels it; the plan stays as it is and is saved.".to_string(),
            ],
            on_confirm: ConfirmAction::Quit,
        }));
        return Vec::new();
    }
    let mut effects = finish_editing(state);
    effects.push(Effect::Quit);
    effects
}

fn cancel(state: &mut State) -> Vec<Effect> {
    if state.status.activity.take().is_some() {
        state.status.notice = Some(Notice::info("Cancelled; the plan is unchanged."));
        return vec![Effect::CancelStep];
    }
    if state.focus == Pane::Tasks
        && (!state.tasks.filter.is_empty() || state.tasks.status_filter.is_some())
    {
        state.tasks.filter.clear();
        state.tasks.status_filter = None;
        state.refresh();
        return Vec::new();
    }
    if state.zoomed {
        state.zoomed = false;
        state.refresh();
    }
    Vec::new()
}

pub(super) fn focus(state: &mut State, pane: Pane) -> Vec<Effect> {
    let effects = finish_editing(state);
    state.focus = pane;
    state.refresh();
    effects
}

fn run_step(state: &mut State) -> Vec<Effect> {
    let Some(session) = state.session() else {
        return Vec::new();
    };
    if state.status.activity.is_some() {
        state.status.notice = Some(Notice::warning(
            "A step is already running; Esc cancels it.",
        ));
        return Vec::new();
    }
    let stage = session.stage;
    let Some(step) = Step::for_stage(stage) else {
        state.status.notice = Some(Notice::info(format!(
            "Stage {} ({}) has no model step: type or paste the spec in the Spec pane, then go to stage 2.",
            stage.number(),
            stage.title()
        )));
        return Vec::new();
    };
    let mut effects = finish_editing(state);
    state.status.last_request += 1;
    let request = state.status.last_request;
    state.status.activity = Some(ModelActivity::new(request, step.title(), None));
    effects.push(Effect::RunStep { step, request });
    effects
}

fn stage(state: &mut State, stage: Stage) -> Vec<Effect> {
    let mut effects = finish_editing(state);
    effects.extend(set_stage(state, stage));
    state.focus = pane_for_stage(stage);
    state.refresh();
    effects
}
