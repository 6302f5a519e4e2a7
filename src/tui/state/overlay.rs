//! Overlays drawn over the screen and taking the keys while open: help,
//! confirmations, the task form, the dependency picker, one-line prompts,
//! error popups, proposals under review, the findings list, the versions
//! list, the changes between two versions and the validation. They stack;
//! the top one is active.
use std::path::PathBuf;

use ratatui_textarea::TextArea;

use super::editor::{new_editor, new_line_editor, set_active, text_of};
use crate::plan::{AmbiguityId, DepKind, Dependency, Task, TaskId};

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        offset: usize,
    },
    Confirm(Confirm),
    TaskForm(Box<TaskForm>),
    DepPicker(DepPicker),
    Prompt(Box<Prompt>),
    Error(ErrorReport),
    /// A proposal to accept whole, in part, or not at all.
    Review(Box<super::Review>),
    /// The analysis findings, grouped by severity.
    Findings(super::FindingsView),
    /// Choosing a format and a file to export the plan to.
    Export(Box<super::ExportDialog>),
    /// The locked versions and the current plan.
    Versions(super::VersionsView),
    /// What changed between two versions, in sections.
    Diff(Box<super::DiffView>),
    /// The verdict and the three validation passes.
    Validate(Box<super::ValidateView>),
    /// Choosing where a task stands.
    StatusPicker(StatusPicker),
    /// Every message the status bar has shown, newest first.
    Messages {
        offset: usize,
    },
    /// Find a command by name and run it.
    Palette(Box<super::Palette>),
}

/// Pick a task's status from the list (`TaskStatus::ALL`, in that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusPicker {
    pub task: TaskId,
    /// Row in `TaskStatus::ALL`.
    pub selected: usize,
}

impl Overlay {
    pub fn prompt(prompt: Prompt) -> Overlay {
        Overlay::Prompt(Box::new(prompt))
    }
    pub fn form(form: TaskForm) -> Overlay {
        Overlay::TaskForm(Box::new(form))
    }
}

/// A yes/no question about something that cannot be taken back lightly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub on_confirm: ConfirmAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    DeleteTask(TaskId),
    Quit,
    DeleteSession(PathBuf),
    /// Replace an existing file with an export.
    Export {
        format: crate::export::Format,
        path: PathBuf,
    },
    /// Lock the plan as the next version, with this note.
    LockVersion {
        note: String,
    },
    /// Drop the proposal under review (the overlay below the question).
    RejectProposal,
    /// Close the task form, dependency picker or prompt below the question,
    /// dropping what was typed or ticked there.
    DiscardForm,
    /// Mark a task done although tasks it depends on are not.
    SetStatus {
        task: TaskId,
        status: crate::plan::TaskStatus,
    },
}

/// What went wrong and what the user can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub title: String,
    pub what: String,
    pub todo: String,
}

impl ErrorReport {
    pub fn new(title: impl Into<String>, what: impl Into<String>, todo: impl Into<String>) -> Self {
        ErrorReport {
            title: title.into(),
            what: what.into(),
            todo: todo.into(),
        }
    }
}

/// Which task the form writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTarget {
    Existing(TaskId),
    /// A new task, inserted at this 0-based position.
    New {
        index: usize,
    },
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub label: &'static str,
    /// Enter starts a new line instead of moving to the next field.
    pub multiline: bool,
    pub editor: TextArea<'static>,
}

/// Title, description, produces, verification and covered requirements of one task.
#[derive(Debug, Clone)]
pub struct TaskForm {
    pub target: FormTarget,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Each field's text when the form opened: leaving with other text asks.
    pub original: Vec<String>,
}

pub const FIELD_TITLE: usize = 0;
pub const FIELD_DESCRIPTION: usize = 1;
pub const FIELD_PRODUCES: usize = 2;
pub const FIELD_VERIFICATION: usize = 3;
pub const FIELD_COVERS: usize = 4;
pub const FIELD_GROUP: usize = 5;

impl TaskForm {
    pub fn new(target: FormTarget, task: &Task) -> TaskForm {
        let covers = task
            .covers
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut fields = vec![
            single("Title", &task.title, "what this task delivers"),
            multi("Description", &task.description),
            multi("Produces (one per line)", &task.produces.join("\n")),
            single(
                "Verification",
                task.verification.as_deref().unwrap_or(""),
                "a command, a test path or an observable result",
            ),
            single("Covers", &covers, "requirement ids, like FR-1, R2"),
            single(
                "Group",
                task.group.as_deref().unwrap_or(""),
                "optional: a phase for the Spec Kit export, like Setup",
            ),
        ];
        for f in &mut fields[1..] {
            set_active(&mut f.editor, false);
        }
        let original = fields.iter().map(|f| text_of(&f.editor)).collect();
        TaskForm {
            target,
            fields,
            focus: 0,
            original,
        }
    }

    /// Something was typed since the form opened.
    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.original)
            .any(|(f, o)| text_of(&f.editor) != *o)
    }

    pub fn focus_field(&mut self, index: usize) {
        self.focus = index.min(self.fields.len() - 1);
        for (i, f) in self.fields.iter_mut().enumerate() {
            set_active(&mut f.editor, i == self.focus);
        }
    }
}

fn single(label: &'static str, text: &str, placeholder: &str) -> FormField {
    FormField {
        label,
        multiline: false,
        editor: new_line_editor(text, placeholder),
    }
}

fn multi(label: &'static str, text: &str) -> FormField {
    FormField {
        label,
        multiline: true,
        editor: new_editor(text),
    }
}

/// One candidate dependency in the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickRow {
    pub id: TaskId,
    /// `Some` when picked, with the kind.
    pub kind: Option<DepKind>,
    /// The task depends (transitively) on the one being edited: picking it
    /// would make a cycle.
    pub downstream: bool,
}

/// Toggle which tasks one task depends on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepPicker {
    pub task: TaskId,
    pub rows: Vec<PickRow>,
    pub selected: usize,
    pub offset: usize,
    /// The dependencies when the picker opened.
    pub original: Vec<Dependency>,
}

impl DepPicker {
    /// A dependency was ticked, unticked or given another kind.
    pub fn changed(&self) -> bool {
        self.rows.iter().any(|row| {
            let before = self.original.iter().find(|d| d.on == row.id);
            match (row.kind, before) {
                (None, None) => false,
                (Some(kind), Some(d)) => kind != d.kind,
                _ => true,
            }
        })
    }
}

/// What a prompt's answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    Decision(AmbiguityId),
    DeferReason(AmbiguityId),
    Search,
    NewSessionTitle,
    NewSessionSpec {
        title: String,
    },
    NewSessionContext {
        title: String,
        spec_path: Option<PathBuf>,
    },
    RenameSession {
        path: PathBuf,
    },
    /// The note of the version about to be locked.
    LockNote,
    /// Text to find in the list (or help, or spec) below.
    Find,
}

/// One line of text to type.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub title: String,
    /// A line under the field saying what is expected.
    pub help: String,
    pub editor: TextArea<'static>,
    /// Set when the field is a path: checked as typed, Tab completes.
    pub path: Option<PathField>,
    /// The text it opened with: leaving a prompt for prose (a decision, a
    /// reason, a note) with other text asks first.
    pub original: String,
}

/// What is known of the path typed in a prompt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathField {
    /// The text last checked and what it names.
    pub checked: Option<(String, crate::tui::paths::PathStatus)>,
    /// The names the last Tab matched, when more than one did.
    pub candidates: Vec<String>,
}

impl PathField {
    /// What the field's current `text` names, if it has been checked.
    pub fn status_of(&self, text: &str) -> Option<&crate::tui::paths::PathStatus> {
        self.checked
            .as_ref()
            .filter(|(t, _)| t == text)
            .map(|(_, s)| s)
    }
}

impl Prompt {
    /// Prose was typed that Esc would throw away.
    pub fn changed(&self) -> bool {
        matches!(
            self.purpose,
            PromptPurpose::Decision(_) | PromptPurpose::DeferReason(_) | PromptPurpose::LockNote
        ) && super::editor::line_of(&self.editor) != self.original.trim()
    }

    pub fn new(
        purpose: PromptPurpose,
        title: impl Into<String>,
        help: impl Into<String>,
        text: &str,
    ) -> Prompt {
        Prompt {
            purpose,
            title: title.into(),
            help: help.into(),
            editor: new_line_editor(text, ""),
            path: None,
            original: crate::sanitize::one_line(text),
        }
    }

    /// A prompt for a file path: checked as typed, Tab completes.
    pub fn path(
        purpose: PromptPurpose,
        title: impl Into<String>,
        help: impl Into<String>,
        text: &str,
    ) -> Prompt {
        Prompt {
            path: Some(PathField::default()),
            ..Prompt::new(purpose, title, help, text)
        }
    }
}
