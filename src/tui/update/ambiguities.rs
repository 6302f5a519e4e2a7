//! The Ambiguities pane's commands: moving the selection, writing a
//! decision, deferring with a reason, dismissing and reopening.
use super::edit::commit;
use super::moved;
use crate::plan::{AmbiguityState, Edit};
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, Pane, Prompt, PromptPurpose, State, scroll_to};

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let height = state.list_height(Pane::Ambiguities);
    let Some(session) = state.session() else {
        return Vec::new();
    };
    let Some(a) = session.ambiguities.get(state.ambiguities.selected) else {
        return Vec::new();
    };
    let id = a.id;
    match command {
        Command::Edit => {
            let current = match &a.state {
                AmbiguityState::Resolved { decision } => decision.as_str(),
                _ => "",
            };
            let prompt = Prompt::new(
                PromptPurpose::Decision(id),
                format!("Decide {id}"),
                "The decision becomes a constraint every task must follow.",
                current,
            );
            state.overlays.push(Overlay::prompt(prompt));
            Vec::new()
        }
        Command::Defer => {
            let prompt = Prompt::new(
                PromptPurpose::DeferReason(id),
                format!("Defer {id}"),
                "Why it can wait (and until when).",
                "",
            );
            state.overlays.push(Overlay::prompt(prompt));
            Vec::new()
        }
        Command::Dismiss => commit(
            state,
            Edit::DismissAmbiguity {
                id,
                note: String::new(),
            },
            Some(format!("{id} marked as not an issue.")),
        ),
        Command::Reopen if !a.is_open() => commit(
            state,
            Edit::ReopenAmbiguity { id },
            Some(format!("{id} is open again.")),
        ),
        other => {
            let len = session.ambiguities.len();
            if let Some(row) = moved(other, state.ambiguities.selected, len, height) {
                state.ambiguities.selected = row;
                state.ambiguities.offset = scroll_to(state.ambiguities.offset, row, height);
            }
            Vec::new()
        }
    }
}
