//! What the worker and the store report: sessions listed or opened, saves,
//! model steps (started, progress, a proposal to review, a failure) and
//! notices. Step events for a request no longer awaited are dropped; the
//! validation's readings go to the Validate overlay, not the review.
use crate::sanitize::one_line;
use crate::tui::action::AppEvent;
use crate::tui::effect::Effect;
use crate::tui::state::{ErrorReport, ModelActivity, Notice, Overlay, Review, SaveState, State};
use crate::workflow::Proposal;

pub(super) fn on_event(state: &mut State, event: AppEvent) -> Vec<Effect> {
    match event {
        AppEvent::SessionsListed(sessions) => state.start.set_sessions(sessions),
        AppEvent::TrashListed(sessions) => state.start.set_trash(sessions),
        AppEvent::PathChecked { text, status } => {
            if let Some(Overlay::Prompt(prompt)) = state.overlays.last_mut()
                && let Some(path) = &mut prompt.path
            {
                path.checked = Some((text, status));
            }
        }
        AppEvent::PathCompleted {
            text,
            completed,
            candidates,
        } => return super::text::path_completed(state, &text, completed, candidates),
        AppEvent::SessionOpened {
            session,
            path,
            view,
        } => {
            // "Creating …" or "Opening …" is done with once the session shows.
            state.status.notice = None;
            state.open_session(*session, path, view);
        }
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
        AppEvent::StepStarted { request, label, at } => {
            if let Some(a) = awaited(state, request) {
                a.label = label;
                a.started = Some(at);
            }
        }
        AppEvent::StepProgress {
            request,
            chars,
            tokens,
        } => {
            if let Some(a) = awaited(state, request) {
                a.chars = chars;
                a.tokens = tokens.or(a.tokens);
            }
        }
        AppEvent::ProposalReady { request, proposal } => {
            if awaited(state, request).is_some() {
                state.status.activity = None;
                if let Some(effects) = super::validate::on_reading(state, request, Ok(&proposal)) {
                    return effects;
                }
                show_proposal(state, *proposal);
            }
        }
        AppEvent::StepFailed { request, report } => {
            if awaited(state, request).is_some() {
                state.status.activity = None;
                if let Some(effects) = super::validate::on_reading(state, request, Err(&report)) {
                    return effects;
                }
                state.overlays.push(Overlay::Error(report));
            }
        }
        AppEvent::Exported {
            format,
            path,
            bytes,
        } => super::export::exported(state, format, &path, bytes),
        AppEvent::ExportExists { format, path } => {
            super::export::ask_to_replace(state, format, path)
        }
        AppEvent::Failed(report) => state.overlays.push(Overlay::Error(report)),
        AppEvent::Notice(text) => state.status.notice = Some(Notice::info(text)),
        AppEvent::StatusesChanged(changes) => {
            return super::status::changed_outside(state, changes);
        }
        AppEvent::OnDisk(statuses) => {
            if let Some(open) = state.open.as_mut() {
                open.on_disk = statuses;
            }
        }
    }
    Vec::new()
}

/// The running step, if `request` is the one it waits for; events about a
/// request that was cancelled or replaced are dropped.
fn awaited(state: &mut State, request: u64) -> Option<&mut ModelActivity> {
    state
        .status
        .activity
        .as_mut()
        .filter(|a| a.request == request)
}

fn show_proposal(state: &mut State, proposal: Proposal) {
    if proposal.is_empty() {
        let why = proposal
            .notes
            .last()
            .map(|n| format!(": {}", one_line(n)))
            .unwrap_or_default();
        state.status.notice = Some(Notice::info(format!(
            "{} proposed no changes{why}",
            proposal.step.title()
        )));
        return;
    }
    state
        .overlays
        .push(Overlay::Review(Box::new(Review::new(proposal))));
}
