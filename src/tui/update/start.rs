//! The start screen's commands: pick, open, create, rename and delete sessions.
use super::moved;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Mode;
use crate::tui::state::{
    Confirm, ConfirmAction, Notice, Overlay, Prompt, PromptPurpose, State, scroll_to,
};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let page = usize::from(state.size.1.saturating_sub(8)).max(1);
    let selected = state.start.selected_session().cloned();
    match command {
        Command::Quit => vec![Effect::Quit],
        Command::Help => {
            state.overlays.push(Overlay::Help { offset: 0 });
            Vec::new()
        }
        Command::Messages => {
            state.overlays.push(Overlay::Messages { offset: 0 });
            Vec::new()
        }
        Command::Palette => {
            let palette = crate::tui::state::Palette::new(&state.keymap, Mode::Start);
            state.overlays.push(Overlay::Palette(Box::new(palette)));
            Vec::new()
        }
        Command::Find => super::find::open_prompt(state),
        Command::SearchNext | Command::SearchPrev => {
            super::find::step(state, command == Command::SearchNext, false);
            Vec::new()
        }
        Command::OpenSession | Command::RestoreSession if state.start.showing_trash => {
            let Some(s) = selected else {
                return Vec::new();
            };
            state.status.notice = Some(Notice::info(format!(
                "Restoring \"{}\"…",
                crate::sanitize::one_line(&s.title)
            )));
            vec![Effect::RestoreSession(s.path)]
        }
        Command::RestoreSession => {
            let key = state
                .keymap
                .key_for(Mode::Start, Command::ShowTrash)
                .unwrap_or_else(|| "show_trash".into());
            state.status.notice = Some(Notice::info(format!(
                "Press {key} to see the trash, then restore from there."
            )));
            Vec::new()
        }
        Command::ShowTrash => {
            state.start.showing_trash = !state.start.showing_trash;
            state.start.selected = 0;
            state.start.offset = 0;
            if state.start.showing_trash {
                vec![Effect::ListTrash]
            } else {
                Vec::new()
            }
        }
        Command::DeleteSession if state.start.showing_trash => {
            state.status.notice = Some(Notice::warning(
                "Sessions in the trash stay there until you delete them from the folder by hand.",
            ));
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
                    title: "Move this session to the trash?".to_string(),
                    lines: vec![
                        format!(
                            "\"{}\" ({} tasks)",
                            crate::sanitize::one_line(&s.title),
                            s.tasks
                        ),
                        format!(
                            "{} goes to the trash, {}.",
                            s.path.display(),
                            crate::store::trash_dir(&s.path).display()
                        ),
                        format!(
                            "To bring it back: {} on the session list shows the trash, {} restores.",
                            state
                                .keymap
                                .key_for(Mode::Start, Command::ShowTrash)
                                .unwrap_or_else(|| "show_trash".into()),
                            state
                                .keymap
                                .key_for(Mode::Start, Command::RestoreSession)
                                .unwrap_or_else(|| "restore_session".into()),
                        ),
                    ],
                    on_confirm: ConfirmAction::DeleteSession(s.path),
                }));
            }
            Vec::new()
        }
        other => {
            let len = state.start.rows().len();
            if let Some(row) = moved(other, state.start.selected, len, page) {
                state.start.selected = row;
                state.start.offset = scroll_to(state.start.offset, row, page);
            }
            Vec::new()
        }
    }
}
