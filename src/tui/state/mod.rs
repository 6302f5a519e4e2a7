//! The app's state, split by pane and by concern. `update` changes it;
//! rendering only reads it.
pub mod ambiguities;
pub mod editor;
pub mod export;
pub mod findings;
pub mod graph;
pub mod markers;
pub mod overlay;
pub mod palette;
pub mod plan_index;
pub mod review;
pub mod spec;
pub mod start;
pub mod status;
pub mod tasks;
pub mod validate;
pub mod versions;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

pub use ambiguities::AmbiguitiesState;
pub use export::ExportDialog;
pub use findings::{FindingRow, FindingsView};
pub use markers::{Markers, Severity, TaskMarker};
pub use overlay::{
    Confirm, ConfirmAction, DepPicker, ErrorReport, FormTarget, Overlay, PathField, PickRow,
    Prompt, PromptPurpose, StatusPicker, TaskForm,
};
pub use palette::Palette;
pub use plan_index::PlanIndex;
pub use review::{ChangeKind, Review};
pub use spec::{SpecDoc, SpecState};
pub use start::{SessionSummary, StartState};
pub use status::{ModelActivity, Notice, SaveState, Status};
pub use tasks::{StatusFilter, TasksState, scroll_to};
pub use validate::ValidateView;
pub use versions::{DiffView, VersionsView};

use super::keymap::{Keymap, Mode};
use super::layout;
use crate::analysis::{self, Report};
use crate::plan::{AmbiguityId, History, Session, Task, TaskId, Timestamp};

/// The four panes of the main screen, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pane {
    Spec,
    #[default]
    Tasks,
    Graph,
    Ambiguities,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Spec, Pane::Tasks, Pane::Graph, Pane::Ambiguities];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Spec => "Spec",
            Pane::Tasks => "Tasks",
            Pane::Graph => "Graph",
            Pane::Ambiguities => "Ambiguities",
        }
    }
    pub fn mode(self) -> Mode {
        match self {
            Pane::Spec => Mode::Spec,
            Pane::Tasks => Mode::Tasks,
            Pane::Graph => Mode::Graph,
            Pane::Ambiguities => Mode::Ambiguities,
        }
    }
    pub fn next(self) -> Pane {
        Pane::ALL[(self as usize + 1) % 4]
    }
    pub fn prev(self) -> Pane {
        Pane::ALL[(self as usize + 3) % 4]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The session picker.
    Start,
    /// Stage bar, four panes, status bar.
    Main,
}

/// The session being worked on, with its undo history.
#[derive(Debug, Clone)]
pub struct OpenSession {
    pub session: Session,
    pub history: History,
    /// Where it is saved, if it has been.
    pub path: Option<PathBuf>,
    pub index: PlanIndex,
    /// The analysis of `session`, as of the last [`State::finish_analysis`].
    pub report: Report,
    /// Whether the plan is ready to export, from the exact validation
    /// passes over `report` (the stage bar's Validate badge).
    pub verdict: crate::validate::Verdict,
    /// The session changed since `report` was made.
    pub analysis_due: bool,
    /// How far the work has got, and the task to do now (`None` when
    /// nothing can start), as of the last analysis.
    pub progress: crate::execution::Progress,
    pub next: Option<TaskId>,
    /// Each task's status as the file has it, as far as the app knows
    /// (loaded, saved, or reported changed by another writer): a save
    /// takes over statuses the file has otherwise and the app did not
    /// change itself.
    pub on_disk: std::collections::HashMap<TaskId, crate::plan::TaskStatus>,
}

impl OpenSession {
    pub fn new(session: Session, path: Option<PathBuf>) -> OpenSession {
        let report = analysis::analyse(&session);
        let (progress, next) = execution_of(&session);
        let on_disk = session_statuses(&session);
        OpenSession {
            index: PlanIndex::build(&session, &report),
            verdict: verdict_of(&session, &report),
            report,
            session,
            history: History::default(),
            path,
            analysis_due: false,
            progress,
            next,
            on_disk,
        }
    }

    /// Analyse the session again and rebuild the index from it.
    fn reanalyse(&mut self) {
        self.report = analysis::analyse(&self.session);
        self.index = PlanIndex::build(&self.session, &self.report);
        self.verdict = verdict_of(&self.session, &self.report);
        (self.progress, self.next) = execution_of(&self.session);
        self.analysis_due = false;
    }
}

fn session_statuses(
    session: &Session,
) -> std::collections::HashMap<TaskId, crate::plan::TaskStatus> {
    session.tasks.iter().map(|t| (t.id, t.status)).collect()
}

fn execution_of(session: &Session) -> (crate::execution::Progress, Option<TaskId>) {
    let next = crate::execution::next::first_startable(session)
        .and_then(|position| session.tasks.get(position))
        .map(|t| t.id);
    (crate::execution::Progress::of(session), next)
}

fn verdict_of(session: &Session, report: &Report) -> crate::validate::Verdict {
    crate::validate::validate(session, report, crate::validate::Readings::not_run()).verdict
}

/// Where the user left a session, saved beside it so reopening restores it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewMemo {
    pub focus: Pane,
    pub zoomed: bool,
    pub selected_task: Option<TaskId>,
    pub task_offset: usize,
    pub selected_ambiguity: Option<AmbiguityId>,
    pub document: SpecDoc,
    /// (row, column) of the cursor in the spec and in the context.
    pub spec_cursor: (usize, usize),
    pub context_cursor: (usize, usize),
}

#[derive(Debug, Clone)]
pub struct State {
    pub screen: Screen,
    pub open: Option<OpenSession>,
    pub focus: Pane,
    pub zoomed: bool,
    pub tasks: TasksState,
    pub spec: SpecState,
    pub ambiguities: AmbiguitiesState,
    pub start: StartState,
    /// The top one takes the keys.
    pub overlays: Vec<Overlay>,
    pub status: Status,
    pub markers: Markers,
    /// The terminal's size, for paging and mouse hits.
    pub size: (u16, u16),
    /// The key bindings: the help overlay and the hints are drawn from them.
    pub keymap: Arc<Keymap>,
    /// Where exports go unless the user names another file.
    pub export_dir: PathBuf,
    /// The text of the last find (`/` in a list, the help or the spec):
    /// what `n` and `N` look for.
    pub find: Option<String>,
    /// The wall clock as of the action being handled (what a locked
    /// version is stamped with). The run loop sets it, so `update` never
    /// reads the clock; tests set it by hand.
    pub clock: Timestamp,
}

impl State {
    /// The start screen, waiting for the session list.
    pub fn new(width: u16, height: u16) -> State {
        State {
            screen: Screen::Start,
            open: None,
            focus: Pane::Tasks,
            zoomed: false,
            tasks: TasksState::default(),
            spec: SpecState::default(),
            ambiguities: AmbiguitiesState::default(),
            start: StartState::default(),
            overlays: Vec::new(),
            status: Status::default(),
            markers: Markers::default(),
            size: (width, height),
            keymap: Arc::new(Keymap::defaults()),
            export_dir: PathBuf::from("."),
            find: None,
            clock: Timestamp::now(),
        }
    }

    /// The main screen on `session`.
    pub fn with_session(session: Session, path: Option<PathBuf>, width: u16, height: u16) -> State {
        let mut state = State::new(width, height);
        state.open_session(session, path, None);
        state
    }

    /// Show `session` on the main screen, where `view` says the user left it.
    pub fn open_session(
        &mut self,
        session: Session,
        path: Option<PathBuf>,
        view: Option<ViewMemo>,
    ) {
        let open = OpenSession::new(session, path);
        self.markers = markers::from_report(&open.report);
        self.open = Some(open);
        self.screen = Screen::Main;
        self.overlays.clear();
        self.tasks = TasksState::default();
        self.spec = SpecState::default();
        self.ambiguities = AmbiguitiesState::default();
        self.status.save = SaveState::Saved(None);
        self.zoomed = false;
        self.focus = self
            .session()
            .map_or(Pane::Tasks, |s| layout::pane_for_stage(s.stage));
        self.refresh();
        if let Some(view) = view {
            self.restore_view(&view);
        }
    }

    pub fn session(&self) -> Option<&Session> {
        self.open.as_ref().map(|o| &o.session)
    }

    pub fn index(&self) -> Option<&PlanIndex> {
        self.open.as_ref().map(|o| &o.index)
    }

    pub fn selected_task(&self) -> Option<&Task> {
        let open = self.open.as_ref()?;
        let pos = open.index.position(self.tasks.selected?)?;
        open.session.tasks.get(pos)
    }

    /// The session changed: rebuild the index (cheap) and bring the panes
    /// in line now; the full analysis (findings, markers, engine waves) runs
    /// once before the next frame, in [`State::finish_analysis`], so a burst
    /// of edits costs one analysis and a keypress stays well under 1 ms.
    pub fn session_changed(&mut self) {
        if let Some(open) = self.open.as_mut() {
            // Stamped here, not when saved, so a save and an export made
            // from the app carry the same time as the file on disk.
            open.session.updated = self.clock;
            open.index = PlanIndex::build_local(&open.session);
            open.analysis_due = true;
        }
        self.refresh();
    }

    /// Another writer changed task statuses in the file: bring the panes in
    /// line and analyse again, without stamping `updated` (the file already
    /// has the change) or asking for a save.
    pub fn statuses_changed_outside(&mut self) {
        if let Some(open) = self.open.as_mut() {
            open.analysis_due = true;
        }
        self.refresh();
    }

    /// Run the analysis the last edits asked for. The run loop calls this
    /// before drawing; `true` when it ran.
    pub fn finish_analysis(&mut self) -> bool {
        let Some(open) = self.open.as_mut().filter(|o| o.analysis_due) else {
            return false;
        };
        open.reanalyse();
        self.markers = markers::from_report(&open.report);
        self.refresh();
        true
    }

    /// Bring every pane in line with the session (its size, focus, filter).
    pub fn refresh(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        self.tasks.refresh(&open.session.tasks, &open.index);
        self.ambiguities.clamp(open.session.ambiguities.len());
        self.spec.sync_from(&open.session.spec);
        let height = self.list_height(Pane::Tasks);
        if let Some(row) = self.index().and_then(|i| self.tasks.selected_row(i)) {
            self.tasks.offset = tasks::scroll_to(self.tasks.offset, row, height);
        }
    }

    /// What to write when saving: the session, with the text being typed
    /// in the spec editor applied (so a crash loses no more than the save
    /// debounce, even before the user leaves the editor).
    pub fn session_to_save(&self) -> Option<Cow<'_, Session>> {
        let session = self.session()?;
        if !self.spec.editing {
            return Some(Cow::Borrowed(session));
        }
        let spec = editor::text_of(&self.spec.spec);
        let context = editor::text_of(&self.spec.context);
        let unchanged = |text: &str, saved: &str| text == crate::sanitize::for_terminal(saved);
        if unchanged(&spec, &session.spec.text) && unchanged(&context, &session.spec.context) {
            return Some(Cow::Borrowed(session));
        }
        let mut draft = session.clone();
        draft.updated = self.clock;
        // Both edits only replace text; they cannot fail.
        let _ = crate::plan::apply(&mut draft, crate::plan::Edit::SetSpecText { text: spec });
        let _ = crate::plan::apply(&mut draft, crate::plan::Edit::SetContext { text: context });
        Some(Cow::Owned(draft))
    }

    /// Which key bindings apply now.
    pub fn mode(&self) -> Mode {
        if let Some(top) = self.overlays.last() {
            return match top {
                Overlay::Help { .. } => Mode::Help,
                Overlay::Confirm(_) => Mode::Confirm,
                Overlay::TaskForm(_) => Mode::Form,
                Overlay::DepPicker(_) => Mode::Picker,
                Overlay::Prompt(_) => Mode::Prompt,
                Overlay::Error(_) => Mode::Popup,
                Overlay::Review(_) => Mode::Review,
                Overlay::Findings(_) => Mode::Findings,
                Overlay::Export(_) => Mode::Export,
                Overlay::Versions(_) => Mode::Versions,
                Overlay::Diff(_) => Mode::Diff,
                Overlay::Validate(_) => Mode::Validate,
                Overlay::StatusPicker(_) => Mode::Status,
                Overlay::Messages { .. } => Mode::Messages,
                Overlay::Palette(_) => Mode::Palette,
            };
        }
        match (self.screen, self.focus) {
            (Screen::Start, _) | (Screen::Main, _) if self.open.is_none() => Mode::Start,
            (Screen::Start, _) => Mode::Start,
            (Screen::Main, Pane::Tasks) if self.tasks.filter_input.is_some() => Mode::Filter,
            (Screen::Main, Pane::Spec) if self.spec.editing => Mode::Editor,
            (Screen::Main, pane) => pane.mode(),
        }
    }

    /// Rows available to a pane's list at the current size.
    pub fn list_height(&self, pane: Pane) -> usize {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        let main = layout::main_layout(area, self.focus, self.zoomed);
        let Some(rect) = main.pane(pane) else {
            return 10;
        };
        let inner = layout::inner(rect);
        let rows = match pane {
            Pane::Tasks => layout::tasks_layout(inner, self.tasks.filter_input.is_some()).list,
            Pane::Ambiguities => layout::list_detail_layout(inner).0,
            Pane::Spec | Pane::Graph => inner,
        };
        // The tasks list has a header row.
        let header = usize::from(pane == Pane::Tasks);
        (rows.height as usize).saturating_sub(header).max(1)
    }

    /// Where the user is, for saving beside the session.
    pub fn view_memo(&self) -> ViewMemo {
        let session = self.session();
        ViewMemo {
            focus: self.focus,
            zoomed: self.zoomed,
            selected_task: self.tasks.selected,
            task_offset: self.tasks.offset,
            selected_ambiguity: session
                .and_then(|s| s.ambiguities.get(self.ambiguities.selected))
                .map(|a| a.id),
            document: self.spec.doc,
            spec_cursor: cursor_of(&self.spec.spec),
            context_cursor: cursor_of(&self.spec.context),
        }
    }

    pub fn restore_view(&mut self, view: &ViewMemo) {
        self.focus = view.focus;
        self.zoomed = view.zoomed;
        if let Some(open) = &self.open {
            if let Some(id) = view.selected_task
                && self.tasks.row_of(id, &open.index).is_some()
            {
                self.tasks.selected = Some(id);
            }
            self.tasks.offset = view
                .task_offset
                .min(self.tasks.visible.len().saturating_sub(1));
            if let Some(a) = view.selected_ambiguity
                && let Some(i) = open.session.ambiguities.iter().position(|x| x.id == a)
            {
                self.ambiguities.selected = i;
            }
        }
        self.spec.doc = view.document;
        for (editor, (row, col)) in [
            (&mut self.spec.spec, view.spec_cursor),
            (&mut self.spec.context, view.context_cursor),
        ] {
            editor.move_cursor(ratatui_textarea::CursorMove::Jump(
                row.min(u16::MAX as usize) as u16,
                col.min(u16::MAX as usize) as u16,
            ));
        }
        let height = self.list_height(Pane::Tasks);
        if let Some(row) = self.index().and_then(|i| self.tasks.selected_row(i)) {
            self.tasks.offset = tasks::scroll_to(self.tasks.offset, row, height);
        }
    }
}

fn cursor_of(editor: &ratatui_textarea::TextArea<'_>) -> (usize, usize) {
    let c = editor.cursor();
    (c.0, c.1)
}
