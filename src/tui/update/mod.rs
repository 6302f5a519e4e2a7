//! `update(state, action) -> effects`: the only place state changes. Pure:
//! no I/O, no clock, no await. Effects are carried out by the run loop.
mod ambiguities;
mod app_event;
mod edit;
mod export;
mod find;
mod findings;
mod global;
mod graph;
mod mouse;
mod overlay;
mod review;
mod spec;
mod start;
mod status;
mod tasks;
mod text;
mod validate;
mod versions;

use super::action::Action;
use super::command::Command;
use super::effect::Effect;
use super::keymap::Mode;
use super::state::{Pane, State};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let is_command = matches!(action, Action::Command(_));
    if is_command {
        state.status.notice = None;
    }
    let before = state.status.notice.clone();
    let errors_before = errors(state);
    let effects = handle(state, action);
    if let Some(notice) = &state.status.notice
        && (is_command || before.as_ref() != Some(notice))
    {
        let notice = notice.clone();
        state.status.log_notice(state.clock, &notice);
    }
    // An error popup is kept in the log too, to be read again once closed.
    if errors(state) > errors_before
        && let Some(super::state::Overlay::Error(report)) = state
            .overlays
            .iter()
            .rev()
            .find(|o| matches!(o, super::state::Overlay::Error(_)))
    {
        let text = format!("{}: {} {}", report.title, report.what, report.todo);
        state
            .status
            .log_notice(state.clock, &super::state::Notice::warning(text));
    }
    effects
}

fn errors(state: &State) -> usize {
    state
        .overlays
        .iter()
        .filter(|o| matches!(o, super::state::Overlay::Error(_)))
        .count()
}

fn handle(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(command) => on_command(state, command),
        Action::Text(input) => text::on_input(state, input),
        Action::Paste(text) => text::on_paste(state, &text),
        Action::Mouse(mouse) => mouse::on_mouse(state, mouse),
        Action::Resize { width, height } => {
            if state.size != (width, height) {
                state.spec.forget_scroll();
            }
            state.size = (width, height);
            state.refresh();
            Vec::new()
        }
        Action::Tick(now) => {
            if let Some(activity) = &mut state.status.activity
                && let Some(started) = activity.started
            {
                activity.elapsed = now.saturating_duration_since(started);
            }
            Vec::new()
        }
        Action::App(event) => app_event::on_event(state, event),
    }
}

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    match state.mode() {
        Mode::Help
        | Mode::Confirm
        | Mode::Form
        | Mode::Picker
        | Mode::Prompt
        | Mode::Popup
        | Mode::Review
        | Mode::Findings
        | Mode::Export
        | Mode::Validate
        | Mode::Messages
        | Mode::Palette
        | Mode::Status => overlay::on_command(state, command),
        Mode::Versions | Mode::Diff => overlay::on_command(state, command),
        Mode::Start => start::on_command(state, command),
        Mode::Filter => tasks::on_filter_command(state, command),
        Mode::Editor => spec::on_editor_command(state, command),
        Mode::Global | Mode::Tasks | Mode::Spec | Mode::Graph | Mode::Ambiguities => {
            if let Some(effects) = global::on_command(state, command) {
                return effects;
            }
            match state.focus {
                Pane::Tasks => tasks::on_command(state, command),
                Pane::Spec => spec::on_command(state, command),
                Pane::Graph => graph::on_command(state, command),
                Pane::Ambiguities => ambiguities::on_command(state, command),
            }
        }
    }
}

/// Move a selection in a list of `len` rows by a command; `None` when the
/// command is not a movement.
pub(super) fn moved(command: Command, selected: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match command {
        Command::Up => selected.saturating_sub(1),
        Command::Down => (selected + 1).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        Command::PageUp => selected.saturating_sub(page.max(1)),
        Command::PageDown => (selected + page.max(1)).min(last),
        Command::HalfPageUp => selected.saturating_sub((page / 2).max(1)),
        Command::HalfPageDown => (selected + (page / 2).max(1)).min(last),
        _ => return None,
    })
}
