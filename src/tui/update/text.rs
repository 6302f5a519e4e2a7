//! Keys and pasted text for whichever text field has the focus: the spec
//! editor, the filter, a form field or a prompt.
use ratatui_textarea::{Input, Key};

use super::overlay::form_enter;
use super::tasks::filter_changed;
use crate::tui::effect::Effect;
use crate::tui::keymap::Mode;
use crate::tui::state::{Overlay, SaveState, State};

pub(super) fn on_input(state: &mut State, mut input: Input) -> Vec<Effect> {
    // A control or invisible character typed (or pasted without bracketed
    // paste) goes in as the placeholder a paste would give, never raw.
    if let Key::Char(c) = input.key {
        input.key = Key::Char(crate::sanitize::visible(c));
    }
    let enter = input.key == Key::Enter;
    match state.mode() {
        Mode::Editor => {
            let modified = state.spec.editor_mut().input(input);
            if modified {
                return draft_changed(state);
            }
        }
        Mode::Filter if !enter => {
            if let Some(editor) = &mut state.tasks.filter_input
                && editor.input(input)
            {
                filter_changed(state);
            }
        }
        Mode::Form => {
            if let Some(Overlay::TaskForm(form)) = state.overlays.last_mut() {
                let field = &mut form.fields[form.focus];
                if enter && !field.multiline {
                    return form_enter(state);
                }
                field.editor.input(input);
            }
        }
        Mode::Prompt if !enter => {
            if let Some(Overlay::Prompt(prompt)) = state.overlays.last_mut()
                && prompt.editor.input(input)
            {
                return path_typed(prompt);
            }
        }
        Mode::Palette if !enter => {
            if let Some(Overlay::Palette(palette)) = state.overlays.last_mut()
                && palette.input.input(input)
            {
                palette.selected = 0;
            }
        }
        Mode::Export if !enter => {
            if let Some(Overlay::Export(dialog)) = state.overlays.last_mut()
                && dialog.path.input(input)
            {
                dialog.suggested = false;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Text typed in the spec editor is saved as a draft (see
/// `State::session_to_save`); it becomes an undoable edit when the user
/// leaves the editor.
fn draft_changed(state: &mut State) -> Vec<Effect> {
    state.status.save = SaveState::Unsaved;
    vec![Effect::Save]
}

pub(super) fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    let one_line = || crate::sanitize::one_line(text);
    match state.mode() {
        Mode::Editor => {
            let clean = crate::sanitize::for_terminal(text).replace("\r\n", "\n");
            if state.spec.editor_mut().insert_str(clean) {
                return draft_changed(state);
            }
        }
        Mode::Filter => {
            if let Some(editor) = &mut state.tasks.filter_input {
                editor.insert_str(one_line());
                filter_changed(state);
            }
        }
        Mode::Form => {
            if let Some(Overlay::TaskForm(form)) = state.overlays.last_mut() {
                let field = &mut form.fields[form.focus];
                if field.multiline {
                    field.editor.insert_str(crate::sanitize::for_terminal(text));
                } else {
                    field.editor.insert_str(one_line());
                }
            }
        }
        Mode::Prompt => {
            if let Some(Overlay::Prompt(prompt)) = state.overlays.last_mut()
                && prompt.editor.insert_str(one_line())
            {
                return path_typed(prompt);
            }
        }
        Mode::Export => {
            if let Some(Overlay::Export(dialog)) = state.overlays.last_mut() {
                dialog.path.insert_str(one_line());
                dialog.suggested = false;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The text of a path prompt changed: have it checked.
fn path_typed(prompt: &mut crate::tui::state::Prompt) -> Vec<Effect> {
    let Some(path) = &mut prompt.path else {
        return Vec::new();
    };
    path.candidates.clear();
    vec![Effect::CheckPath(crate::tui::state::editor::line_of(
        &prompt.editor,
    ))]
}

/// Tab completion came back for `text`: take it if the field still holds
/// `text`, and list the choices when there are several.
pub(super) fn path_completed(
    state: &mut State,
    text: &str,
    completed: Option<String>,
    candidates: Vec<String>,
) -> Vec<Effect> {
    let Some(Overlay::Prompt(prompt)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    if crate::tui::state::editor::line_of(&prompt.editor) != text {
        return Vec::new();
    }
    let Some(path) = &mut prompt.path else {
        return Vec::new();
    };
    path.candidates = if candidates.len() > 1 {
        candidates
    } else {
        Vec::new()
    };
    match completed {
        Some(full) => {
            prompt.editor = crate::tui::state::editor::new_line_editor(&full, "");
            vec![Effect::CheckPath(full)]
        }
        None => Vec::new(),
    }
}
