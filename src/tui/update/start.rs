//! The start screen's commands: pick, open, create, rename and delete sessions.
use super::moved;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::{Confirm, ConfirmAction, Overlay, Prompt, PromptPurpose, State, scroll_to};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let page = usize::from(state.size.1.saturating_sub(8)).max(1);
    let selected = state.start.selected_session().cloned();
    match command {
        Command::Quit => vec![Effect::Quit],
        Command::Help => {
            state.overlays.push(Overlay::Help { offset: 0 });
            Vec::new()
        }
        Command::OpenSession => selected
            .map(|s| vec![Effect::OpenSession(s.path)])
            .unwrap_or_default(),
        Command::NewSession => {
            state.overlays.push(Overlay::prompt(Prompt::new(
                PromptPurpose::NewSessionTitle,
                "New session",
                "A title for the plan, like \"Outbound webhooks\".",
                "",
            )));
            Vec::new()
        }
        Command::RenameSession => {
            if let Some(s) = selected {
                state.overlays.push(Overlay::prompt(Prompt::new(
                    PromptPurpose::RenameSession { path: s.path },
                    "Rename session",
                    "The new title.",
                    &s.title,
                )));
            }
            Vec::new()
        }
        Command::DeleteSession => {
            if let Some(s) = selected {
                state.overlays.push(Overlay::Confirm(Confirm {
                    title: "Delete this session?".to_string(),
                    lines: vec![
                        format!(
                            "\"{}\" ({} tasks)",
                            crate::sanitize::one_line(&s.title),
                            s.tasks
                        ),
                        format!(
                            "{} will be deleted. This cannot be undone.",
                            s.path.display()
                        ),
                    ],
                    on_confirm: ConfirmAction::DeleteSession(s.path),
                }));
            }
            Vec::new()
        }
        other => {
            let len = state.start.sessions.len();
            if let Some(row) = moved(other, state.start.selected, len, page) {
                state.start.selected = row;
                state.start.offset = scroll_to(state.start.offset, row, page);
            }
            Vec::new()
        }
    }
}
