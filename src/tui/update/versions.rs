//! Locking and the versions: `L` asks for a note, then the gate decides —
//! analysis errors are listed in a popup, open ambiguities are asked about,
//! otherwise the plan is locked as one undoable edit. `V` lists the
//! versions; Space marks a base, Enter shows what changed from it (or from
//! the previous version) to the selected row.
use super::edit::commit;
use super::moved;
use super::spec::finish_editing;
use crate::analysis::Finding;
use crate::plan::Edit;
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Mode;
use crate::tui::state::versions::row_count;
use crate::tui::state::{
    Confirm, ConfirmAction, DiffView, ErrorReport, Notice, Overlay, Prompt, PromptPurpose, State,
    VersionsView, scroll_to,
};
use crate::versions::text::error_line;
use crate::versions::{Gate, OpenAmbiguity, Side, check, next_number};

/// Errors listed in the refusal popup, and open ambiguities in the question;
/// the rest are counted.
const LISTED_ERRORS: usize = 8;
const LISTED_OPEN: usize = 5;

/// `L`: refuse at once if the plan has errors, else ask for the note.
pub(super) fn start_lock(state: &mut State) -> Vec<Effect> {
    let effects = finish_editing(state);
    state.finish_analysis();
    let Some(open) = &state.open else {
        return effects;
    };
    match check(&open.session, &open.report) {
        Gate::Refused { errors } => {
            let report = refusal(state, &errors);
            state.overlays.push(Overlay::Error(report));
            return effects;
        }
        Gate::Empty => {
            state.overlays.push(Overlay::Error(empty_plan()));
            return effects;
        }
        Gate::NeedsConfirmation { .. } | Gate::Ok => {}
    }
    let number = next_number(&open.session);
    state.overlays.push(Overlay::prompt(Prompt::new(
        PromptPurpose::LockNote,
        format!("Lock the plan as version {number}"),
        "A note saying what this version is (what was agreed, who reviewed it). Enter locks.",
        "",
    )));
    effects
}

/// The note was typed: lock, or ask first while ambiguities are open.
pub(super) fn lock_with_note(state: &mut State, note: String) -> Vec<Effect> {
    state.finish_analysis();
    let Some(open) = &state.open else {
        return Vec::new();
    };
    match check(&open.session, &open.report) {
        Gate::Refused { errors } => {
            let report = refusal(state, &errors);
            state.overlays.push(Overlay::Error(report));
            Vec::new()
        }
        Gate::Empty => {
            state.overlays.push(Overlay::Error(empty_plan()));
            Vec::new()
        }
        Gate::NeedsConfirmation { open } => {
            state.overlays.push(Overlay::Confirm(question(&open, note)));
            Vec::new()
        }
        Gate::Ok => lock_now(state, note),
    }
}

fn empty_plan() -> crate::tui::state::ErrorReport {
    crate::tui::state::ErrorReport::new(
        "Nothing to lock yet",
        "The plan has no tasks.",
        "Decompose the spec first (2, then r), or add tasks with a in the Tasks pane.",
    )
}

/// Lock as one undoable edit, stamped with the action's clock.
pub(super) fn lock_now(state: &mut State, note: String) -> Vec<Effect> {
    let Some(number) = state.session().map(next_number) else {
        return Vec::new();
    };
    let at = state.clock;
    commit(
        state,
        Edit::LockVersion { note, at },
        Some(format!("Locked version {number}.")),
    )
}

fn refusal(state: &State, errors: &[Finding]) -> ErrorReport {
    let n = errors.len();
    let mut what = format!(
        "The analysis found {n} error{} that a locked version may not have:",
        if n == 1 { "" } else { "s" }
    );
    for e in errors.iter().take(LISTED_ERRORS) {
        what.push_str("\n• ");
        what.push_str(&error_line(e));
    }
    if n > LISTED_ERRORS {
        what.push_str(&format!("\n… and {} more", n - LISTED_ERRORS));
    }
    let key = |mode, c| state.keymap.key_for(mode, c).unwrap_or_default();
    ErrorReport::new(
        "The plan cannot be locked yet",
        what,
        format!(
            "Fix them, then lock again: {} lists the findings and {} applies a finding's fix.",
            key(Mode::Global, Command::Findings),
            key(Mode::Findings, Command::ApplyFix)
        ),
    )
}

fn question(open: &[OpenAmbiguity], note: String) -> Confirm {
    let n = open.len();
    let mut lines: Vec<String> = open
        .iter()
        .take(LISTED_OPEN)
        .map(|a| format!("{}  {}", a.id, one_line(&a.summary)))
        .collect();
    if n > LISTED_OPEN {
        lines.push(format!("… and {} more", n - LISTED_OPEN));
    }
    lines.push(String::new());
    lines.push("They stay open in the session; the version records the plan as it is.".into());
    Confirm {
        title: format!(
            "{n} ambiguit{} still open — lock anyway?",
            if n == 1 { "y is" } else { "ies are" }
        ),
        lines,
        on_confirm: ConfirmAction::LockVersion { note },
    }
}

/// `V`: the versions list, on the current plan.
pub(super) fn open_versions(state: &mut State) -> Vec<Effect> {
    let effects = finish_editing(state);
    if let Some(session) = state.session() {
        let view = VersionsView::opened(session);
        state.overlays.push(Overlay::Versions(view));
    }
    effects
}

pub(super) fn on_versions_command(
    state: &mut State,
    mut view: VersionsView,
    command: Command,
    page: usize,
) -> Vec<Effect> {
    let Some(session) = state.session() else {
        return Vec::new();
    };
    let rows = row_count(session);
    match command {
        Command::Cancel => return Vec::new(),
        Command::MarkBase => {
            let side = view.selected_side(session);
            if view.base == Some(side) {
                view.base = None;
                state.status.notice = Some(Notice::info("No base marked."));
            } else {
                view.base = Some(side);
                state.status.notice = Some(Notice::info(format!(
                    "Base: {}. Select another row; Enter shows the changes.",
                    side_name(side)
                )));
            }
        }
        Command::ShowDiff => {
            let to = view.selected_side(session);
            match view.base_for_selected(session) {
                Some(from) => match DiffView::new(session, from, to) {
                    Ok(diff) => {
                        state.overlays.push(Overlay::Versions(view));
                        state.overlays.push(Overlay::Diff(Box::new(diff)));
                        return Vec::new();
                    }
                    Err(e) => state.status.notice = Some(Notice::warning(e.to_string())),
                },
                None => {
                    let key = |mode, c| state.keymap.key_for(mode, c).unwrap_or_default();
                    let text = if session.versions.is_empty() {
                        format!(
                            "Nothing is locked yet: {} locks the plan as version 1.",
                            key(Mode::Global, Command::Lock)
                        )
                    } else {
                        format!(
                            "This is the first version: {} marks it as the base, then select another row.",
                            key(Mode::Versions, Command::MarkBase)
                        )
                    };
                    state.status.notice = Some(Notice::info(text));
                }
            }
        }
        other => {
            if let Some(row) = moved(other, view.selected, rows, page) {
                view.selected = row;
                view.offset = scroll_to(view.offset, row, page);
            }
        }
    }
    state.overlays.push(Overlay::Versions(view));
    Vec::new()
}

pub(super) fn on_diff_command(
    state: &mut State,
    mut diff: Box<DiffView>,
    command: Command,
    page: usize,
) -> Vec<Effect> {
    if command == Command::Cancel {
        return Vec::new();
    }
    if let Some(offset) = moved(command, diff.offset, diff.lines.len(), page) {
        diff.offset = offset;
    }
    state.overlays.push(Overlay::Diff(diff));
    Vec::new()
}

/// `version 2`, or `the current plan`.
fn side_name(side: Side) -> String {
    match side {
        Side::Version(n) => format!("version {n}"),
        Side::Current => "the current plan".to_string(),
    }
}
