//! What the worker and the store report: sessions listed or opened, saves,
//! model activity, failures and notices.
use crate::tui::action::AppEvent;
use crate::tui::effect::Effect;
use crate::tui::state::{ErrorReport, ModelActivity, Notice, Overlay, SaveState, State};

pub(super) fn on_event(state: &mut State, event: AppEvent) -> Vec<Effect> {
    match event {
        AppEvent::SessionsListed(sessions) => state.start.set_sessions(sessions),
        AppEvent::SessionOpened {
            session,
            path,
            view,
        } => state.open_session(*session, path, view),
        AppEvent::Saved { at } => state.status.save = SaveState::Saved(Some(at)),
        AppEvent::SaveFailed { message } => {
            state.status.save = SaveState::Failed(message.clone());
            state.overlays.push(Overlay::Error(ErrorReport::new(
                "The session could not be saved",
                message,
                "Your changes are kept in memory. Fix the cause (disk space, permissions) and they are saved with the next change, or on quit.",
            )));
        }
        AppEvent::Provider(label) => state.status.provider = label,
        AppEvent::StepStarted { label, at } => {
            state.status.activity = Some(ModelActivity::new(label, Some(at)));
        }
        AppEvent::StepProgress { chars, tokens } => {
            if let Some(a) = &mut state.status.activity {
                a.chars = chars;
                a.tokens = tokens.or(a.tokens);
            }
        }
        AppEvent::StepEnded => state.status.activity = None,
        AppEvent::Failed(report) => {
            state.status.activity = None;
            state.overlays.push(Overlay::Error(report));
        }
        AppEvent::Notice(text) => state.status.notice = Some(Notice::info(text)),
    }
    Vec::new()
}
