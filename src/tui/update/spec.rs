//! The Spec pane's commands: switching between spec and context, scrolling,
//! and editing. Leaving the editor turns changed text into one undoable edit.
use ratatui_textarea::{CursorMove, Scrolling};

use super::edit::commit;
use super::global::focus;
use crate::plan::Edit;
use crate::sanitize::for_terminal;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::editor::{set_active, text_of};
use crate::tui::state::{Notice, Overlay, Prompt, PromptPurpose, SpecDoc, State};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    if state.open.is_none() {
        return Vec::new();
    }
    match command {
        Command::Edit => {
            state.spec.editing = true;
            set_active(state.spec.editor_mut(), true);
        }
        Command::SwitchDocument => state.spec.doc = state.spec.doc.other(),
        Command::Up => state.spec.editor_mut().move_cursor(CursorMove::Up),
        Command::Down => state.spec.editor_mut().move_cursor(CursorMove::Down),
        Command::Top => state.spec.editor_mut().move_cursor(CursorMove::Top),
        Command::Bottom => state.spec.editor_mut().move_cursor(CursorMove::Bottom),
        Command::PageUp => state.spec.editor_mut().scroll(Scrolling::PageUp),
        Command::PageDown => state.spec.editor_mut().scroll(Scrolling::PageDown),
        Command::HalfPageUp => state.spec.editor_mut().scroll(Scrolling::HalfPageUp),
        Command::HalfPageDown => state.spec.editor_mut().scroll(Scrolling::HalfPageDown),
        _ => {}
    }
    Vec::new()
}

/// Keys bound while typing in the editor (all others edit the text).
pub(super) fn on_editor_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::FinishEditing => finish_editing(state),
        Command::FocusNext => focus(state, state.focus.next()),
        Command::FocusPrev => focus(state, state.focus.prev()),
        Command::Search => {
            let current = state
                .spec
                .editor()
                .search_pattern()
                .map(|r| r.as_str().to_string())
                .unwrap_or_default();
            state.overlays.push(Overlay::prompt(Prompt::new(
                PromptPurpose::Search,
                format!("Search the {}", state.spec.doc.title().to_lowercase()),
                "A regular expression; F3 and Shift-F3 go to the next and previous match.",
                &current,
            )));
            Vec::new()
        }
        Command::SearchNext => {
            if !state.spec.editor_mut().search_forward(false) {
                state.status.notice = Some(Notice::info("No match."));
            }
            Vec::new()
        }
        Command::SearchPrev => {
            if !state.spec.editor_mut().search_back(false) {
                state.status.notice = Some(Notice::info("No match."));
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Search the shown document for `pattern`.
pub(super) fn search(state: &mut State, pattern: &str) {
    let editor = state.spec.editor_mut();
    match editor.set_search_pattern(pattern) {
        Ok(()) if pattern.is_empty() => {}
        Ok(()) => {
            if !editor.search_forward(true) {
                state.status.notice = Some(Notice::info(format!("No match for /{pattern}/.")));
            }
        }
        Err(e) => {
            state.status.notice = Some(Notice::warning(format!(
                "/{pattern}/ is not a regular expression: {e}"
            )));
        }
    }
}

/// Stop editing; if the text changed, it becomes one edit of the session.
pub(super) fn finish_editing(state: &mut State) -> Vec<Effect> {
    if !state.spec.editing {
        return Vec::new();
    }
    state.spec.editing = false;
    for doc in [SpecDoc::Spec, SpecDoc::Context] {
        set_active(
            match doc {
                SpecDoc::Spec => &mut state.spec.spec,
                SpecDoc::Context => &mut state.spec.context,
            },
            false,
        );
    }
    let Some(session) = state.session() else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    let spec_text = text_of(&state.spec.spec);
    if spec_text != for_terminal(&session.spec.text) {
        edits.push(Edit::SetSpecText { text: spec_text });
    }
    let context_text = text_of(&state.spec.context);
    if context_text != for_terminal(&session.spec.context) {
        edits.push(Edit::SetContext { text: context_text });
    }
    let edit = match edits.len() {
        0 => return Vec::new(),
        1 => edits.remove(0),
        _ => Edit::Batch(edits),
    };
    commit(
        state,
        edit,
        Some("Saved the text as one edit (u undoes it).".to_string()),
    )
}
