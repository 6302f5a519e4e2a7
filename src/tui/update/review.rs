//! A proposal under review: move, tick, accept (all or the ticked items) as
//! one undoable edit, or reject. A proposal that no longer fits the plan is
//! kept open under the error, so nothing the model said is lost.
use super::edit::commit;
use super::moved;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::{
    Confirm, ConfirmAction, ErrorReport, Notice, Overlay, Review, State, scroll_to,
};

pub(super) fn on_command(
    state: &mut State,
    mut review: Box<Review>,
    command: Command,
    page: usize,
) -> Vec<Effect> {
    match command {
        Command::Reject | Command::Cancel if review.ticked_count() > 0 => {
            let ticked = review.ticked_count();
            state.overlays.push(Overlay::Review(review));
            state.overlays.push(Overlay::Confirm(Confirm {
                title: "Reject the proposal?".to_string(),
                lines: vec![format!(
                    "{ticked} ticked change{} will be dropped; the plan stays as it is.",
                    if ticked == 1 { "" } else { "s" }
                )],
                on_confirm: ConfirmAction::RejectProposal,
            }));
            Vec::new()
        }
        Command::Reject | Command::Cancel => {
            state.status.notice = Some(Notice::info("Proposal rejected; the plan is unchanged."));
            Vec::new()
        }
        Command::DetailDown | Command::DetailUp => {
            let step = 3;
            review.detail_offset = if command == Command::DetailDown {
                review.detail_offset.saturating_add(step)
            } else {
                review.detail_offset.saturating_sub(step)
            };
            state.overlays.push(Overlay::Review(review));
            Vec::new()
        }
        Command::AcceptAll => {
            let all = review.all();
            accept(state, review, all)
        }
        Command::AcceptSelected => {
            let ticked = review.ticked.clone();
            accept(state, review, ticked)
        }
        Command::Toggle => {
            review.toggle();
            state.overlays.push(Overlay::Review(review));
            Vec::new()
        }
        Command::Find => {
            state.overlays.push(Overlay::Review(review));
            super::find::open_prompt(state)
        }
        Command::SearchNext | Command::SearchPrev => {
            state.overlays.push(Overlay::Review(review));
            super::find::step(state, command == Command::SearchNext, false);
            Vec::new()
        }
        other => {
            if let Some(row) = moved(other, review.selected, review.len(), page) {
                if row != review.selected {
                    review.detail_offset = 0;
                }
                review.selected = row;
                review.offset = scroll_to(review.offset, row, page);
            }
            state.overlays.push(Overlay::Review(review));
            Vec::new()
        }
    }
}

fn accept(state: &mut State, review: Box<Review>, ticked: Vec<bool>) -> Vec<Effect> {
    let Some(session) = state.session() else {
        return Vec::new();
    };
    let accepted = match review.proposal.to_edit(session, &ticked) {
        Ok(accepted) => accepted,
        Err(e) => {
            state.overlays.push(Overlay::Review(review));
            state.overlays.push(Overlay::Error(ErrorReport::new(
                "The proposal could not be applied",
                e.to_string(),
                "Nothing was changed and the proposal is still open: tick a consistent set of changes (Space), or reject it (Esc) and run the step again (r).",
            )));
            return Vec::new();
        }
    };
    if accepted.is_empty() {
        state.status.notice = Some(Notice::info(
            "Nothing that changes the plan was accepted; it is as it was.",
        ));
        return Vec::new();
    }
    let count = ticked.iter().filter(|t| **t).count();
    let mut notice = format!(
        "Accepted {count} of {} proposed changes as one edit (u undoes it).",
        review.change_count()
    );
    if let Some(first) = accepted.notes.first() {
        notice.push_str(&format!(" Note: {first}"));
        if accepted.notes.len() > 1 {
            notice.push_str(&format!(" (+{} more)", accepted.notes.len() - 1));
        }
    }
    let effects = commit(state, accepted.edit, Some(notice));
    if effects.is_empty() {
        // The edit was refused and an error popup says why: keep the
        // proposal open beneath it.
        let at = state.overlays.len().saturating_sub(1);
        state.overlays.insert(at, Overlay::Review(review));
        return effects;
    }
    if let Some(&first) = accepted.new_tasks.first() {
        state.tasks.selected = Some(first);
        state.refresh();
    }
    effects
}
