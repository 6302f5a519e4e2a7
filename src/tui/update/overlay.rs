//! Commands while an overlay is open: help, confirmations, the task form,
//! the dependency picker, prompts and error popups (proposals under review
//! are in `review`, the versions list and diffs in `versions`).
use std::path::PathBuf;

use super::edit::commit;
use super::global::quit;
use super::moved;
use super::spec::search;
use super::tasks::{apply_picker, delete_task};
use crate::plan::{DepKind, Edit, RequirementId, Task};
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Mode;
use crate::tui::state::editor::{line_of, text_of};
use crate::tui::state::overlay::{
    FIELD_COVERS, FIELD_DESCRIPTION, FIELD_GROUP, FIELD_PRODUCES, FIELD_TITLE, FIELD_VERIFICATION,
};
use crate::tui::state::{
    ConfirmAction, DepPicker, FormTarget, Notice, Overlay, Prompt, PromptPurpose, State, TaskForm,
    scroll_to,
};
use crate::tui::ui::help::help_len;

pub(super) fn on_command(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(top) = state.overlays.pop() else {
        return Vec::new();
    };
    let page = usize::from(state.size.1.saturating_sub(10)).max(1);
    match top {
        Overlay::Help { offset } => {
            if command == Command::Cancel {
                return Vec::new();
            }
            let len = help_len(&state.keymap);
            let offset = moved(command, offset, len, page).unwrap_or(offset);
            state.overlays.push(Overlay::Help { offset });
            find_command(state, command)
        }
        Overlay::Messages { offset } => {
            if command == Command::Cancel {
                return Vec::new();
            }
            let len = state.status.log.len();
            let offset = moved(command, offset, len, page).unwrap_or(offset);
            state.overlays.push(Overlay::Messages { offset });
            find_command(state, command)
        }
        Overlay::Palette(mut palette) => match command {
            Command::Cancel => Vec::new(),
            Command::Submit => match palette.chosen() {
                Some(chosen) => super::on_command(state, chosen),
                None => Vec::new(),
            },
            other => {
                let len = palette.matches().len();
                if let Some(row) = moved(other, palette.selected, len, page) {
                    palette.selected = row;
                }
                state.overlays.push(Overlay::Palette(palette));
                Vec::new()
            }
        },
        Overlay::Error(report) => {
            if command != Command::Cancel {
                state.overlays.push(Overlay::Error(report));
            }
            Vec::new()
        }
        Overlay::Confirm(confirm) => match command {
            Command::Confirm => confirmed(state, confirm.on_confirm),
            Command::Cancel => {
                // "No" to replacing a file goes back to the file name.
                if let ConfirmAction::Export { format, path } = confirm.on_confirm {
                    super::export::reopen(state, format, &path);
                }
                Vec::new()
            }
            _ => {
                state.overlays.push(Overlay::Confirm(confirm));
                Vec::new()
            }
        },
        Overlay::TaskForm(mut form) => match command {
            Command::Cancel if form.changed() => {
                let what = match form.target {
                    FormTarget::Existing(id) => format!("to {id}"),
                    FormTarget::New { .. } => "to the new task".to_string(),
                };
                state.overlays.push(Overlay::TaskForm(form));
                ask_discard(
                    state,
                    format!("The changes {what} in this form are not saved yet."),
                    Mode::Form,
                );
                Vec::new()
            }
            Command::Cancel => Vec::new(),
            Command::Submit => submit_form(state, *form),
            Command::NextField => {
                form.focus_field((form.focus + 1) % form.fields.len());
                state.overlays.push(Overlay::TaskForm(form));
                Vec::new()
            }
            Command::PrevField => {
                let n = form.fields.len();
                form.focus_field((form.focus + n - 1) % n);
                state.overlays.push(Overlay::TaskForm(form));
                Vec::new()
            }
            _ => {
                state.overlays.push(Overlay::TaskForm(form));
                Vec::new()
            }
        },
        Overlay::DepPicker(mut picker) => match command {
            Command::Cancel if picker.changed() => {
                let task = picker.task;
                state.overlays.push(Overlay::DepPicker(picker));
                ask_discard(
                    state,
                    format!("The dependencies ticked for {task} are not applied yet."),
                    Mode::Picker,
                );
                Vec::new()
            }
            Command::Cancel => Vec::new(),
            Command::Find | Command::SearchNext | Command::SearchPrev => {
                state.overlays.push(Overlay::DepPicker(picker));
                find_command(state, command)
            }
            Command::Submit => apply_picker(state, &picker),
            Command::Toggle => {
                if let Some(row) = picker.rows.get_mut(picker.selected) {
                    row.kind = match row.kind {
                        Some(_) => None,
                        None => Some(DepKind::Other),
                    };
                }
                state.overlays.push(Overlay::DepPicker(picker));
                Vec::new()
            }
            Command::CycleKind => {
                if let Some(row) = picker.rows.get_mut(picker.selected) {
                    row.kind = Some(next_kind(row.kind));
                }
                state.overlays.push(Overlay::DepPicker(picker));
                Vec::new()
            }
            other => {
                move_picker(&mut picker, other, page);
                state.overlays.push(Overlay::DepPicker(picker));
                Vec::new()
            }
        },
        Overlay::Review(review) => super::review::on_command(state, review, command, page),
        Overlay::Findings(view) => super::findings::on_command(state, view, command, page),
        Overlay::Export(dialog) => super::export::on_command(state, dialog, command),
        Overlay::Versions(view) => super::versions::on_versions_command(state, view, command, page),
        Overlay::Diff(diff) => super::versions::on_diff_command(state, diff, command, page),
        Overlay::Validate(view) => super::validate::on_command(state, view, command, page),
        Overlay::StatusPicker(picker) => super::status::on_picker_command(state, picker, command),
        Overlay::Prompt(prompt) => match command {
            Command::Cancel if prompt.changed() => {
                let title = prompt.title.clone();
                state.overlays.push(Overlay::Prompt(prompt));
                ask_discard(
                    state,
                    format!("What you typed in \"{title}\" is not applied yet."),
                    Mode::Prompt,
                );
                Vec::new()
            }
            Command::Cancel => Vec::new(),
            Command::Submit => submit_prompt(state, *prompt),
            Command::Complete if prompt.path.is_some() => {
                let text = line_of(&prompt.editor);
                state.overlays.push(Overlay::Prompt(prompt));
                vec![Effect::CompletePath(text)]
            }
            _ => {
                state.overlays.push(Overlay::Prompt(prompt));
                Vec::new()
            }
        },
    }
}

/// Ask before closing the form, picker or prompt on top, which holds
/// unsaved changes (`what` says which); `mode` is its key map, for the key
/// that applies them.
fn ask_discard(state: &mut State, what: String, mode: Mode) {
    let apply = state
        .keymap
        .key_for(mode, Command::Submit)
        .unwrap_or_else(|| "submit".into());
    state
        .overlays
        .push(Overlay::Confirm(crate::tui::state::Confirm {
            title: "Discard what you typed?".to_string(),
            lines: vec![
                what,
                format!("y closes it and drops them; n or Esc goes back to it ({apply} applies)."),
            ],
            on_confirm: ConfirmAction::DiscardForm,
        }));
}

/// `/`, `n` and `N` over the help, the messages or the dependency picker
/// (already back on top).
fn find_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Find => super::find::open_prompt(state),
        Command::SearchNext => {
            super::find::step(state, true, false);
            Vec::new()
        }
        Command::SearchPrev => {
            super::find::step(state, false, false);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn confirmed(state: &mut State, action: ConfirmAction) -> Vec<Effect> {
    match action {
        ConfirmAction::DeleteTask(id) => delete_task(state, id),
        ConfirmAction::Quit => {
            let mut effects = Vec::new();
            if state.status.activity.take().is_some() {
                effects.push(Effect::CancelStep);
            }
            effects.extend(quit(state));
            effects
        }
        ConfirmAction::DeleteSession(path) => {
            state.start.sessions.retain(|s| s.path != path);
            let len = state.start.sessions.len();
            state.start.selected = state.start.selected.min(len.saturating_sub(1));
            state.status.notice = Some(Notice::info("Moving the session to the trash…"));
            vec![Effect::DeleteSession(path)]
        }
        ConfirmAction::Export { format, path } => super::export::start(state, format, path, true),
        ConfirmAction::LockVersion { note } => super::versions::lock_now(state, note),
        ConfirmAction::SetStatus { task, status } => super::status::set(state, task, status, true),
        ConfirmAction::RejectProposal => {
            if matches!(state.overlays.last(), Some(Overlay::Review(_))) {
                state.overlays.pop();
            }
            state.status.notice = Some(Notice::info("Proposal rejected; the plan is unchanged."));
            Vec::new()
        }
        ConfirmAction::DiscardForm => {
            if matches!(
                state.overlays.last(),
                Some(Overlay::TaskForm(_) | Overlay::DepPicker(_) | Overlay::Prompt(_))
            ) {
                state.overlays.pop();
            }
            state.status.notice = Some(Notice::info("Closed; nothing was changed."));
            Vec::new()
        }
    }
}

/// Schema → interface → infrastructure → other → schema.
fn next_kind(kind: Option<DepKind>) -> DepKind {
    match kind {
        None | Some(DepKind::Other) => DepKind::Schema,
        Some(DepKind::Schema) => DepKind::Interface,
        Some(DepKind::Interface) => DepKind::Infrastructure,
        Some(DepKind::Infrastructure) => DepKind::Other,
    }
}

fn move_picker(picker: &mut DepPicker, command: Command, page: usize) {
    if let Some(row) = moved(command, picker.selected, picker.rows.len(), page) {
        picker.selected = row;
        picker.offset = scroll_to(picker.offset, row, page);
    }
}

/// Write the form to the plan: one edit, whether new or changed.
pub(super) fn submit_form(state: &mut State, form: TaskForm) -> Vec<Effect> {
    let Some(session) = state.session() else {
        return Vec::new();
    };
    let base = match form.target {
        FormTarget::Existing(id) => session.task(id).cloned(),
        FormTarget::New { .. } => Some(Task::new(session.next_task_id(), "")),
    };
    let Some(base) = base else {
        return Vec::new();
    };
    let mut task = task_from_form(&form, base.clone());
    // Saving the form is looking at the task again: a changed requirement
    // it covers is reviewed.
    let to_review = base
        .requirements_to_review(&session.spec.requirements)
        .next()
        .is_some();
    if to_review || task != base {
        task.mark_reviewed(&session.spec.requirements);
    }
    if task.title.is_empty() {
        state.status.notice = Some(Notice::warning("A task needs a title."));
        let mut form = form;
        form.focus_field(FIELD_TITLE);
        state.overlays.push(Overlay::form(form));
        return Vec::new();
    }
    match form.target {
        FormTarget::Existing(id) => {
            if task == base {
                return Vec::new();
            }
            commit(
                state,
                Edit::UpdateTask { task },
                Some(format!("Updated {id}.")),
            )
        }
        FormTarget::New { index } => {
            let id = task.id;
            let effects = commit(
                state,
                Edit::AddTask { index, task },
                Some(format!("Added {id}.")),
            );
            if !effects.is_empty() {
                state.tasks.selected = Some(id);
                state.refresh();
            }
            effects
        }
    }
}

fn task_from_form(form: &TaskForm, mut task: Task) -> Task {
    let field = |i: usize| &form.fields[i].editor;
    task.title = line_of(field(FIELD_TITLE));
    task.description = text_of(field(FIELD_DESCRIPTION)).trim_end().to_string();
    task.produces = text_of(field(FIELD_PRODUCES))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let verification = line_of(field(FIELD_VERIFICATION));
    task.verification = (!verification.is_empty()).then_some(verification);
    task.covers = line_of(field(FIELD_COVERS))
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(RequirementId::from)
        .collect();
    let group = line_of(field(FIELD_GROUP));
    task.group = (!group.trim().is_empty()).then(|| group.trim().to_string());
    task
}

fn submit_prompt(state: &mut State, prompt: Prompt) -> Vec<Effect> {
    let text = line_of(&prompt.editor);
    let keep_open = |state: &mut State, prompt: Prompt, why: &str| {
        state.status.notice = Some(Notice::warning(why));
        state.overlays.push(Overlay::prompt(prompt));
        Vec::new()
    };
    match prompt.purpose.clone() {
        PromptPurpose::Decision(id) => {
            if text.is_empty() {
                return keep_open(state, prompt, "Type the decision, or Esc to cancel.");
            }
            commit(
                state,
                Edit::ResolveAmbiguity { id, decision: text },
                Some(format!("{id} resolved; the decision is now a constraint.")),
            )
        }
        PromptPurpose::DeferReason(id) => {
            if text.is_empty() {
                return keep_open(state, prompt, "Say why it can wait, or Esc to cancel.");
            }
            commit(
                state,
                Edit::DeferAmbiguity { id, reason: text },
                Some(format!("{id} deferred.")),
            )
        }
        PromptPurpose::Search => {
            search(state, &text);
            Vec::new()
        }
        PromptPurpose::Find => {
            super::find::submitted(state, &text);
            Vec::new()
        }
        PromptPurpose::NewSessionTitle => {
            if text.is_empty() {
                return keep_open(state, prompt, "A session needs a title.");
            }
            state.overlays.push(Overlay::prompt(Prompt::path(
                PromptPurpose::NewSessionSpec { title: text },
                "Spec file",
                "Path of the spec to plan from (Tab completes); leave empty to type it in the Spec pane.",
                "",
            )));
            Vec::new()
        }
        PromptPurpose::NewSessionSpec { title } => {
            if let Some(why) = path_problem(&prompt, &text) {
                return keep_open(state, prompt, &why);
            }
            state.overlays.push(Overlay::prompt(Prompt::path(
                PromptPurpose::NewSessionContext {
                    title,
                    spec_path: path_or_none(&text),
                },
                "Existing-system context file",
                "Path of a description of the system it lands in (Tab completes); leave empty to type it later.",
                "",
            )));
            Vec::new()
        }
        PromptPurpose::NewSessionContext { title, spec_path } => {
            if let Some(why) = path_problem(&prompt, &text) {
                return keep_open(state, prompt, &why);
            }
            state.status.notice = Some(Notice::info(format!("Creating \"{title}\"…")));
            vec![Effect::CreateSession {
                title,
                spec_path,
                context_path: path_or_none(&text),
            }]
        }
        PromptPurpose::RenameSession { path } => {
            if text.is_empty() {
                return keep_open(state, prompt, "A session needs a title.");
            }
            if let Some(s) = state.start.sessions.iter_mut().find(|s| s.path == path) {
                s.title = text.clone();
            }
            vec![Effect::RenameSession { path, title: text }]
        }
        PromptPurpose::LockNote => {
            if text.trim().is_empty() {
                return keep_open(
                    state,
                    prompt,
                    "Say what this version is (a note), or Esc to cancel.",
                );
            }
            super::versions::lock_with_note(state, text)
        }
    }
}

/// Why the path typed cannot be used, when its check has said so.
fn path_problem(prompt: &Prompt, text: &str) -> Option<String> {
    let status = prompt.path.as_ref()?.status_of(text)?;
    status.is_problem().then(|| {
        format!(
            "{}: {}. Fix the path (Tab completes) or leave it empty.",
            crate::sanitize::one_line(text),
            status.describe()
        )
    })
}

fn path_or_none(text: &str) -> Option<PathBuf> {
    let t = text.trim();
    (!t.is_empty()).then(|| PathBuf::from(t))
}

/// Text was typed in the form: Enter in a one-line field moves on (and
/// submits from the last field).
pub(super) fn form_enter(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::TaskForm(form)) = state.overlays.last_mut() else {
        return Vec::new();
    };
    if form.focus + 1 < form.fields.len() {
        form.focus_field(form.focus + 1);
        return Vec::new();
    }
    match state.overlays.pop() {
        Some(Overlay::TaskForm(form)) => submit_form(state, *form),
        _ => Vec::new(),
    }
}
