//! The Validate overlay: open it (the exact passes at once, then the
//! model's readings on the worker, completeness first and integration when
//! it is in), move through it, go to a row's task or requirement, read
//! again. Closing it cancels a reading still on its way.
use ratatui_textarea::CursorMove;

use super::moved;
use super::spec::finish_editing;
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::state::{
    ErrorReport, ModelActivity, Notice, Overlay, Pane, SpecDoc, State, ValidateView, scroll_to,
};
use crate::validate::{Link, Reading, Readings, validate};
use crate::workflow::{Proposal, Step};

/// Open the overlay on the plan as it is now.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    let mut effects = finish_editing(state);
    state.finish_analysis();
    let busy = state.status.activity.is_some();
    let readings = if busy {
        Readings::not_run()
    } else {
        Readings {
            completeness: Reading::Pending,
            integration: Reading::Pending,
        }
    };
    let Some(mut view) = build(state, readings) else {
        return effects;
    };
    if busy {
        state.status.notice = Some(Notice::info(
            "Another model step is running: these are the exact passes; r adds the model's readings when it is done.",
        ));
    } else {
        effects.extend(start(state, &mut view, Step::Completeness));
    }
    state.overlays.push(Overlay::Validate(Box::new(view)));
    effects
}

pub(super) fn on_command(
    state: &mut State,
    mut view: Box<ValidateView>,
    command: Command,
    page: usize,
) -> Vec<Effect> {
    match command {
        Command::Cancel => close(state, &view),
        Command::GoToLink => go_to(state, view),
        Command::RerunReadings => read_again(state, view),
        other => {
            let items = view.items();
            let at = items.iter().position(|&i| i == view.selected).unwrap_or(0);
            if let Some(k) = moved(other, at, items.len(), page)
                && let Some(&row) = items.get(k)
            {
                view.selected = row;
                view.offset = scroll_to(view.offset, row, page);
            }
            state.overlays.push(Overlay::Validate(view));
            Vec::new()
        }
    }
}

/// A model step finished. `Some` (with what to do next) when the Validate
/// overlay was waiting for it; `None` leaves it to the caller.
pub(super) fn on_reading(
    state: &mut State,
    request: u64,
    result: Result<&Proposal, &ErrorReport>,
) -> Option<Vec<Effect>> {
    let at = state.overlays.iter().position(
        |o| matches!(o, Overlay::Validate(v) if v.awaiting.is_some_and(|(r, _)| r == request)),
    )?;
    let Overlay::Validate(mut view) = state.overlays.remove(at) else {
        return None;
    };
    let step = view.awaiting.take().map_or(Step::Integration, |(_, s)| s);
    let reading = match result {
        Ok(p) => Reading::from_proposal(p),
        Err(report) => Reading::failed(one_line(&report.what)),
    };
    let mut readings = view.validation.readings();
    let mut effects = Vec::new();
    if step == Step::Completeness {
        readings.completeness = reading;
        // The worker runs one step at a time: integration goes next.
        effects = start(state, &mut view, Step::Integration);
    } else {
        readings.integration = reading;
    }
    if let Some(v) = state
        .open
        .as_ref()
        .map(|o| validate(&o.session, &o.report, readings))
    {
        view.replace(v);
    }
    state.overlays.insert(at, Overlay::Validate(view));
    Some(effects)
}

fn build(state: &State, readings: Readings) -> Option<ValidateView> {
    let open = state.open.as_ref()?;
    Some(ValidateView::new(validate(
        &open.session,
        &open.report,
        readings,
    )))
}

/// Ask the worker for `step`'s reading.
fn start(state: &mut State, view: &mut ValidateView, step: Step) -> Vec<Effect> {
    state.status.last_request += 1;
    let request = state.status.last_request;
    state.status.activity = Some(ModelActivity::new(request, step.title(), None));
    view.awaiting = Some((request, step));
    vec![Effect::RunStep { step, request }]
}

/// Leave the overlay; a reading still on its way is cancelled.
fn close(state: &mut State, view: &ValidateView) -> Vec<Effect> {
    let Some((request, _)) = view.awaiting else {
        return Vec::new();
    };
    if state
        .status
        .activity
        .as_ref()
        .is_some_and(|a| a.request == request)
    {
        state.status.activity = None;
        state.status.notice = Some(Notice::info("The model's reading was cancelled."));
        return vec![Effect::CancelStep];
    }
    Vec::new()
}

fn read_again(state: &mut State, mut view: Box<ValidateView>) -> Vec<Effect> {
    if view.is_reading() {
        state.status.notice = Some(Notice::info(
            "The model is still reading; Esc closes the view and cancels it.",
        ));
    } else if state.status.activity.is_some() {
        state.status.notice = Some(Notice::warning(
            "Another model step is running; r reads again when it is done.",
        ));
    } else {
        state.finish_analysis();
        if let Some(fresh) = build(
            state,
            Readings {
                completeness: Reading::Pending,
                integration: Reading::Pending,
            },
        ) {
            view.replace(fresh.validation);
            let effects = start(state, &mut view, Step::Completeness);
            state.overlays.push(Overlay::Validate(view));
            return effects;
        }
    }
    state.overlays.push(Overlay::Validate(view));
    Vec::new()
}

/// Enter: the chosen row's task (Tasks pane) or requirement (its line in the Spec pane).
fn go_to(state: &mut State, view: Box<ValidateView>) -> Vec<Effect> {
    let stay = |state: &mut State, view: Box<ValidateView>, why: String| {
        state.status.notice = Some(Notice::info(why));
        state.overlays.push(Overlay::Validate(view));
        Vec::new()
    };
    let Some(link) = view.selected_link().cloned() else {
        return stay(
            state,
            view,
            "This row is about the plan as a whole, not one task or requirement.".to_string(),
        );
    };
    let Some(session) = state.session() else {
        return Vec::new();
    };
    match link {
        Link::Task(id) => {
            if session.position(id).is_none() {
                return stay(state, view, format!("{id} is not in the plan."));
            }
            let mut effects = close(state, &view);
            effects.extend(super::findings::show_task(state, id));
            effects
        }
        Link::Requirement(r) => {
            let Some(line) = session
                .spec
                .requirements
                .iter()
                .find(|q| q.id == r)
                .map(|q| q.line)
            else {
                return stay(
                    state,
                    view,
                    format!("{} is not a requirement of the spec.", one_line(r.as_str())),
                );
            };
            let mut effects = close(state, &view);
            effects.extend(finish_editing(state));
            state.focus = Pane::Spec;
            state.zoomed = false;
            state.spec.doc = SpecDoc::Spec;
            let row = line.saturating_sub(1).min(u16::MAX as usize) as u16;
            state.spec.spec.move_cursor(CursorMove::Jump(row, 0));
            state.status.notice = Some(Notice::info(format!(
                "{}, spec line {line}.",
                one_line(r.as_str())
            )));
            effects
        }
    }
}
