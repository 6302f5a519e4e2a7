//! `update` for every action, driven through the default key map the way a
//! user drives it, and checked against the plan and what the user sees.
mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use planner_tui::plan::{
    AmbiguityId, AmbiguityState, DepKind, Dependency, Stage, TaskId, Timestamp,
};
use planner_tui::tui::action::{Action, AppEvent, MouseAction};
use planner_tui::tui::effect::Effect;
use planner_tui::tui::keymap::Mode;
use planner_tui::tui::layout::{inner, main_layout, tasks_layout};
use planner_tui::tui::state::{
    ConfirmAction, ErrorReport, Overlay, Pane, SaveState, Screen, SessionSummary, SpecDoc, ViewMemo,
};
use planner_tui::tui::{Command, State, update};
use planner_tui::workflow::Step;
use ratatui::layout::Rect;

fn tasks_state() -> State {
    let mut s = state(120, 40);
    s.focus = Pane::Tasks;
    s
}

fn selected(s: &State) -> TaskId {
    s.tasks.selected.expect("a task is selected")
}

fn task_ids(s: &State) -> Vec<u32> {
    s.session().unwrap().tasks.iter().map(|t| t.id.0).collect()
}

// ---- global ----

#[test]
fn quit_asks_only_while_a_step_runs() {
    let mut s = tasks_state();
    assert_eq!(press(&mut s, &["q"]), vec![Effect::Quit]);

    let mut s = tasks_state();
    assert_eq!(
        press(&mut s, &["r"]),
        vec![Effect::RunStep {
            step: Step::Ambiguities,
            request: 1
        }]
    );
    assert!(press(&mut s, &["q"]).is_empty());
    assert!(matches!(
        s.overlays.last(),
        Some(Overlay::Confirm(c)) if c.on_confirm == ConfirmAction::Quit
    ));
    assert!(press(&mut s, &["n"]).is_empty());
    assert!(s.overlays.is_empty() && s.status.activity.is_some());
    press(&mut s, &["q"]);
    assert_eq!(
        press(&mut s, &["y"]),
        vec![Effect::CancelStep, Effect::Quit]
    );
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut s = tasks_state();
    press(&mut s, &["?"]);
    assert_eq!(s.mode(), Mode::Help);
    press(&mut s, &["j", "j", "pagedown", "G"]);
    let Some(Overlay::Help { offset }) = s.overlays.last() else {
        panic!("help is open")
    };
    assert!(*offset > 2);
    press(&mut s, &["g"]);
    assert!(matches!(
        s.overlays.last(),
        Some(Overlay::Help { offset: 0 })
    ));
    press(&mut s, &["esc"]);
    assert!(s.overlays.is_empty());
}

#[test]
fn tab_and_shift_tab_cycle_the_panes() {
    let mut s = tasks_state();
    press(&mut s, &["tab"]);
    assert_eq!(s.focus, Pane::Graph);
    press(&mut s, &["tab", "tab"]);
    assert_eq!(s.focus, Pane::Spec);
    press(&mut s, &["backtab"]);
    assert_eq!(s.focus, Pane::Ambiguities);
}

#[test]
fn zoom_toggles_and_esc_leaves_it() {
    let mut s = tasks_state();
    press(&mut s, &["z"]);
    assert!(s.zoomed);
    press(&mut s, &["z"]);
    assert!(!s.zoomed);
    press(&mut s, &["z", "esc"]);
    assert!(!s.zoomed);
}

#[test]
fn undo_and_redo_go_through_every_edit() {
    let mut s = tasks_state();
    let before = s.session().unwrap().clone();
    press(&mut s, &["J"]);
    assert_eq!(task_ids(&s)[..2], [2, 1]);
    assert_eq!(press(&mut s, &["u"]), vec![Effect::Save]);
    // The plan is back as it was; only the time of the last change moved.
    let mut back = s.session().unwrap().clone();
    back.updated = before.updated;
    assert_eq!(back, before);
    press(&mut s, &["ctrl-r"]);
    assert_eq!(task_ids(&s)[..2], [2, 1]);
    press(&mut s, &["u", "u"]);
    assert_eq!(notice(&s), "Nothing to undo.");
    press(&mut s, &["ctrl-r", "ctrl-r"]);
    assert_eq!(notice(&s), "Nothing to redo.");
}

#[test]
fn run_step_shows_activity_and_esc_cancels_without_touching_the_plan() {
    let mut s = tasks_state();
    let before = s.session().unwrap().clone();
    assert_eq!(
        press(&mut s, &["r"]),
        vec![Effect::RunStep {
            step: Step::Ambiguities,
            request: 1
        }]
    );
    let activity = s.status.activity.as_ref().unwrap();
    assert_eq!(activity.label, "List the ambiguities");
    assert_eq!(activity.request, 1);
    assert!(press(&mut s, &["r"]).is_empty());
    assert!(notice(&s).contains("already running"));
    assert_eq!(press(&mut s, &["esc"]), vec![Effect::CancelStep]);
    assert!(s.status.activity.is_none());
    assert_eq!(notice(&s), "Cancelled; the plan is unchanged.");
    assert_eq!(s.session().unwrap(), &before);
}

#[test]
fn number_keys_jump_to_a_stage_without_filling_the_undo_stack() {
    let mut s = tasks_state();
    assert_eq!(press(&mut s, &["3"]), vec![Effect::Save]);
    assert_eq!(s.session().unwrap().stage, Stage::Dependencies);
    assert_eq!(s.focus, Pane::Graph);
    press(&mut s, &["1"]);
    assert_eq!(s.focus, Pane::Spec);
    assert!(
        press(&mut s, &["1"]).is_empty(),
        "same stage: nothing to save"
    );
    press(&mut s, &["u"]);
    assert_eq!(s.session().unwrap().stage, Stage::Gather);
    assert_eq!(notice(&s), "Nothing to undo.");
    for (key, stage) in [
        ("2", Stage::Decompose),
        ("4", Stage::Ambiguities),
        ("5", Stage::Resolve),
        ("6", Stage::Verification),
    ] {
        press(&mut s, &[key]);
        assert_eq!(s.session().unwrap().stage, stage);
    }
}

// ---- tasks ----

#[test]
fn moving_the_selection() {
    let mut s = tasks_state();
    assert_eq!(selected(&s), TaskId(1));
    press(&mut s, &["j", "j", "down"]);
    assert_eq!(selected(&s), TaskId(4));
    press(&mut s, &["k", "up"]);
    assert_eq!(selected(&s), TaskId(2));
    press(&mut s, &["G"]);
    assert_eq!(selected(&s), TaskId(9));
    press(&mut s, &["g"]);
    assert_eq!(selected(&s), TaskId(1));
    press(&mut s, &["pagedown"]);
    assert_eq!(
        selected(&s),
        TaskId(9),
        "a page is more than nine rows at 120×40"
    );
    press(&mut s, &["pageup", "end", "home"]);
    assert_eq!(selected(&s), TaskId(1));
}

#[test]
fn the_form_edits_a_task_as_one_undoable_edit() {
    let mut s = tasks_state();
    press(&mut s, &["j", "enter"]);
    assert_eq!(s.mode(), Mode::Form);
    press(&mut s, &["ctrl-a", "ctrl-k"]);
    type_text(&mut s, "Define the event type");
    press(&mut s, &["tab", "tab", "tab"]);
    press(&mut s, &["ctrl-a", "ctrl-k"]);
    type_text(&mut s, "cargo test event_type");
    assert_eq!(press(&mut s, &["ctrl-s"]), vec![Effect::Save]);
    let t = s.session().unwrap().task(TaskId(2)).unwrap();
    assert_eq!(t.title, "Define the event type");
    assert_eq!(t.verification.as_deref(), Some("cargo test event_type"));
    assert_eq!(notice(&s), "Updated T2.");
    press(&mut s, &["u"]);
    let t = s.session().unwrap().task(TaskId(2)).unwrap();
    assert_eq!(
        t.title,
        "Define the WebhookEvent type and the emitter trait"
    );
    // Saving an unchanged form changes nothing.
    press(&mut s, &["enter"]);
    assert!(press(&mut s, &["ctrl-s"]).is_empty());
    // Esc on an untouched form closes it.
    press(&mut s, &["enter"]);
    assert!(press(&mut s, &["esc"]).is_empty());
    assert!(s.overlays.is_empty());
    // With something typed, Esc asks first; Enter is not a yes, n goes back
    // to the form with the text, y drops it.
    press(&mut s, &["enter"]);
    type_text(&mut s, " typed");
    assert!(press(&mut s, &["esc"]).is_empty());
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("asks first: {:?}", s.overlays.len())
    };
    assert_eq!(c.title, "Discard what you typed?");
    press(&mut s, &["enter"]);
    assert!(matches!(s.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut s, &["n"]);
    let Some(Overlay::TaskForm(form)) = s.overlays.last() else {
        panic!("back in the form")
    };
    assert!(form.changed(), "what was typed is still there");
    press(&mut s, &["esc", "y"]);
    assert!(s.overlays.is_empty());
    let t = s.session().unwrap().task(TaskId(2)).unwrap();
    assert!(!t.title.ends_with("typed"), "{}", t.title);
}

#[test]
fn adding_a_task_puts_it_after_the_selection_with_a_new_id() {
    let mut s = tasks_state();
    press(&mut s, &["j", "a"]);
    let Some(Overlay::TaskForm(_)) = s.overlays.last() else {
        panic!("form open")
    };
    // An empty title is refused and the form stays.
    press(&mut s, &["ctrl-s"]);
    assert_eq!(notice(&s), "A task needs a title.");
    assert_eq!(s.mode(), Mode::Form);
    type_text(&mut s, "Document the webhook API");
    // Enter in a one-line field moves to the next field.
    press(&mut s, &["enter"]);
    type_text(&mut s, "For partners.");
    press(&mut s, &["tab", "tab"]);
    type_text(&mut s, "docs/webhooks.md renders");
    press(&mut s, &["enter"]);
    type_text(&mut s, "FR-1, FR-3");
    press(&mut s, &["enter"]);
    type_text(&mut s, "Documentation");
    // Enter in the last field saves.
    assert_eq!(press(&mut s, &["enter"]), vec![Effect::Save]);
    assert_eq!(task_ids(&s), vec![1, 2, 10, 3, 4, 5, 6, 7, 8, 9]);
    let t = s.session().unwrap().task(TaskId(10)).unwrap();
    assert_eq!(t.description, "For partners.");
    assert_eq!(t.verification.as_deref(), Some("docs/webhooks.md renders"));
    assert_eq!(t.covers.len(), 2);
    assert_eq!(t.group.as_deref(), Some("Documentation"));
    assert_eq!(selected(&s), TaskId(10));
}

#[test]
fn deleting_asks_names_the_dependents_and_drops_their_references() {
    let mut s = tasks_state();
    press(&mut s, &["d"]);
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("confirmation open")
    };
    let text = c.lines.join("\n");
    assert!(text.contains("T3, T5, T7 depend on it"), "{text}");
    press(&mut s, &["n"]);
    assert_eq!(task_ids(&s).len(), 9);
    press(&mut s, &["d"]);
    assert_eq!(press(&mut s, &["y"]), vec![Effect::Save]);
    assert_eq!(task_ids(&s), vec![2, 3, 4, 5, 6, 7, 8, 9]);
    assert!(
        !s.session()
            .unwrap()
            .task(TaskId(5))
            .unwrap()
            .depends_on_task(TaskId(1))
    );
    assert_eq!(
        notice(&s),
        "Deleted T1 and removed the dependency on it from T3, T5, T7."
    );
    assert_eq!(selected(&s), TaskId(2));
    press(&mut s, &["u"]);
    assert_eq!(task_ids(&s).len(), 9);
    assert!(
        s.session()
            .unwrap()
            .task(TaskId(5))
            .unwrap()
            .depends_on_task(TaskId(1))
    );
}

#[test]
fn moving_tasks_keeps_them_selected() {
    let mut s = tasks_state();
    press(&mut s, &["J", "alt-down"]);
    assert_eq!(task_ids(&s)[..3], [2, 3, 1]);
    assert_eq!(selected(&s), TaskId(1));
    press(&mut s, &["K"]);
    assert_eq!(task_ids(&s)[..3], [2, 1, 3]);
    press(&mut s, &["alt-up"]);
    assert_eq!(task_ids(&s)[..3], [1, 2, 3]);
    assert!(press(&mut s, &["K"]).is_empty(), "already first");
    press(&mut s, &["G"]);
    assert!(press(&mut s, &["J"]).is_empty(), "already last");
}

#[test]
fn the_dependency_picker_applies_one_batch() {
    let mut s = tasks_state();
    press(&mut s, &["G", "k", "k", "k"]);
    assert_eq!(selected(&s), TaskId(6));
    press(&mut s, &["e"]);
    let Some(Overlay::DepPicker(p)) = s.overlays.last() else {
        panic!("picker open")
    };
    assert!(p.rows.iter().all(|r| r.id != TaskId(6)));
    assert_eq!(
        p.rows[p.selected].id,
        TaskId(5),
        "starts on the current dependency"
    );
    let t8 = p.rows.iter().find(|r| r.id == TaskId(8)).unwrap();
    assert!(
        t8.downstream,
        "T8 depends on T6: picking it would make a cycle"
    );
    press(&mut s, &["space", "k", "space", "t"]);
    assert_eq!(press(&mut s, &["enter"]), vec![Effect::Save]);
    let t6 = s.session().unwrap().task(TaskId(6)).unwrap();
    assert_eq!(
        t6.depends_on,
        vec![Dependency::new(TaskId(4), DepKind::Schema)]
    );
    assert_eq!(notice(&s), "Updated T6's dependencies (2 changes).");
    press(&mut s, &["u"]);
    let t6 = s.session().unwrap().task(TaskId(6)).unwrap();
    assert_eq!(
        t6.depends_on,
        vec![Dependency::new(TaskId(5), DepKind::Infrastructure)]
    );
    // Changing only the kind; then leaving it as it was.
    press(&mut s, &["e", "t", "enter"]);
    let t6 = s.session().unwrap().task(TaskId(6)).unwrap();
    assert_eq!(t6.depends_on[0].kind, DepKind::Other);
    press(&mut s, &["e", "j", "k", "enter"]);
    assert_eq!(notice(&s), "Dependencies unchanged.");
    press(&mut s, &["e", "G", "g", "pagedown", "pageup", "esc"]);
    assert!(s.overlays.is_empty());
}

#[test]
fn the_filter_narrows_the_list_while_typing() {
    let mut s = tasks_state();
    press(&mut s, &["/"]);
    assert_eq!(s.mode(), Mode::Filter);
    type_text(&mut s, "api");
    assert_eq!(s.tasks.filter, "api");
    let shown: Vec<usize> = s.tasks.visible.clone();
    assert_eq!(shown, vec![2, 6], "T3 and T7 mention API");
    assert_eq!(selected(&s), TaskId(3));
    press(&mut s, &["enter"]);
    assert_eq!(s.mode(), Mode::Tasks);
    press(&mut s, &["j"]);
    assert_eq!(selected(&s), TaskId(7));
    press(&mut s, &["esc"]);
    assert!(s.tasks.filter.is_empty());
    assert_eq!(s.tasks.visible.len(), 9);
    assert_eq!(selected(&s), TaskId(7));
    // Esc while typing clears it too; ids match as well as titles.
    press(&mut s, &["/"]);
    type_text(&mut s, "t9");
    assert_eq!(s.tasks.visible, vec![8]);
    press(&mut s, &["esc"]);
    assert_eq!(s.tasks.visible.len(), 9);
    assert_eq!(s.mode(), Mode::Tasks);
}

// ---- spec ----

#[test]
fn editing_the_spec_is_one_edit_that_reextracts_requirements() {
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    let before = s.session().unwrap().spec.clone();
    press(&mut s, &["enter"]);
    assert_eq!(s.mode(), Mode::Editor);
    press(&mut s, &["alt->", "end"]);
    let effects = type_text(&mut s, "- FR-7: Endpoints can be paused.");
    assert!(!effects.is_empty() && effects.iter().all(|e| *e == Effect::Save));
    assert!(
        s.session().unwrap().spec.text == before.text,
        "no edit while typing"
    );
    // ...but what is saved carries the draft, so a crash loses nothing typed.
    let draft = s.session_to_save().unwrap();
    assert!(
        draft
            .spec
            .text
            .ends_with("- FR-7: Endpoints can be paused.")
    );
    assert_eq!(draft.spec.requirements.len(), before.requirements.len() + 1);
    assert_eq!(s.status.save, SaveState::Unsaved);
    assert_eq!(press(&mut s, &["esc"]), vec![Effect::Save]);
    let spec = &s.session().unwrap().spec;
    assert!(spec.text.ends_with("- FR-7: Endpoints can be paused."));
    assert_eq!(spec.requirements.len(), before.requirements.len() + 1);
    assert_eq!(s.mode(), Mode::Spec);
    press(&mut s, &["u"]);
    assert_eq!(s.session().unwrap().spec, before);
    // Leaving without a change is no edit, and saves the session as it is.
    press(&mut s, &["enter"]);
    assert!(matches!(
        s.session_to_save(),
        Some(std::borrow::Cow::Borrowed(_))
    ));
    assert!(press(&mut s, &["esc"]).is_empty());
}

#[test]
fn the_context_is_edited_the_same_way_and_tab_leaves_the_editor() {
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    press(&mut s, &["l"]);
    assert_eq!(s.spec.doc, SpecDoc::Context);
    press(&mut s, &["enter", "alt->", "end"]);
    type_text(&mut s, "- Deployed on Kubernetes.");
    assert_eq!(press(&mut s, &["tab"]), vec![Effect::Save]);
    assert_eq!(s.focus, Pane::Tasks);
    assert!(
        s.session()
            .unwrap()
            .spec
            .context
            .ends_with("- Deployed on Kubernetes.")
    );
    press(&mut s, &["backtab", "h"]);
    assert_eq!(s.spec.doc, SpecDoc::Spec);
}

#[test]
fn scrolling_and_searching_the_spec() {
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    press(&mut s, &["j", "j"]);
    assert_eq!(s.spec.spec.cursor().0, 2);
    press(&mut s, &["k", "G"]);
    assert!(s.spec.spec.cursor().0 > 10);
    press(&mut s, &["g", "pagedown", "pageup"]);
    press(&mut s, &["enter", "ctrl-f"]);
    assert_eq!(s.mode(), Mode::Prompt);
    type_text(&mut s, "HMAC");
    press(&mut s, &["enter"]);
    assert_eq!(s.mode(), Mode::Editor);
    let row = s.spec.spec.cursor().0;
    assert!(
        s.spec.spec.lines()[row].contains("HMAC"),
        "cursor on the match"
    );
    press(&mut s, &["f3"]);
    assert_eq!(s.spec.spec.cursor().0, row, "only one match");
    press(&mut s, &["shift-f3"]);
    press(&mut s, &["ctrl-f", "ctrl-a", "ctrl-k"]);
    type_text(&mut s, "(unclosed");
    press(&mut s, &["enter"]);
    assert!(
        notice(&s).contains("is not a regular expression"),
        "{}",
        notice(&s)
    );
    press(&mut s, &["ctrl-f", "ctrl-a", "ctrl-k"]);
    type_text(&mut s, "no such words");
    press(&mut s, &["enter"]);
    assert!(notice(&s).starts_with("No match"));
}

// ---- ambiguities ----

#[test]
fn deciding_an_ambiguity_adds_a_constraint() {
    let mut s = state(120, 40);
    s.focus = Pane::Ambiguities;
    let constraints = s.session().unwrap().spec.constraints.len();
    press(&mut s, &["enter"]);
    press(&mut s, &["enter"]);
    assert_eq!(notice(&s), "Type the decision, or Esc to cancel.");
    type_text(&mut s, "10 seconds per attempt");
    assert_eq!(press(&mut s, &["enter"]), vec![Effect::Save]);
    let session = s.session().unwrap();
    assert_eq!(
        session.ambiguity(AmbiguityId(1)).unwrap().state,
        AmbiguityState::Resolved {
            decision: "10 seconds per attempt".into()
        }
    );
    assert_eq!(session.spec.constraints.len(), constraints + 1);
    // Enter on a decided one edits the decision.
    press(&mut s, &["enter"]);
    let Some(Overlay::Prompt(p)) = s.overlays.last() else {
        panic!("prompt")
    };
    assert_eq!(p.editor.lines()[0], "10 seconds per attempt");
}

#[test]
fn deferring_needs_a_reason_and_dismissing_and_reopening_work() {
    let mut s = state(120, 40);
    s.focus = Pane::Ambiguities;
    press(&mut s, &["D", "enter"]);
    assert_eq!(notice(&s), "Say why it can wait, or Esc to cancel.");
    type_text(&mut s, "after launch");
    press(&mut s, &["enter"]);
    assert_eq!(
        s.session().unwrap().ambiguities[0].state,
        AmbiguityState::Deferred {
            reason: "after launch".into()
        }
    );
    press(&mut s, &["o"]);
    assert!(s.session().unwrap().ambiguities[0].is_open());
    assert!(press(&mut s, &["o"]).is_empty(), "already open");
    press(&mut s, &["x"]);
    assert_eq!(
        s.session().unwrap().ambiguities[0].state.label(),
        "not an issue"
    );
    press(&mut s, &["j", "j", "k"]);
    assert_eq!(s.ambiguities.selected, 1);
    press(&mut s, &["G"]);
    assert_eq!(s.ambiguities.selected, 2);
    press(&mut s, &["D", "esc"]);
    assert!(s.overlays.is_empty());
}

// ---- graph ----

#[test]
fn graph_keys_follow_edges() {
    let mut s = state(120, 40);
    s.focus = Pane::Graph;
    press(&mut s, &["j", "j", "j", "j"]);
    assert_eq!(selected(&s), TaskId(5));
    press(&mut s, &["h"]);
    assert_eq!(selected(&s), TaskId(1), "first dependency");
    press(&mut s, &["h"]);
    assert_eq!(notice(&s), "It depends on nothing.");
    press(&mut s, &["l"]);
    assert_eq!(selected(&s), TaskId(3), "first dependent");
    press(&mut s, &["G", "l"]);
    assert_eq!(notice(&s), "Nothing depends on it.");
    press(&mut s, &["enter"]);
    assert_eq!(s.mode(), Mode::Form);
    press(&mut s, &["esc", "e"]);
    assert_eq!(s.mode(), Mode::Picker);
}

// ---- start screen ----

fn summaries() -> Vec<SessionSummary> {
    let s = |id: &str, title: &str, day: u32| SessionSummary {
        id: id.into(),
        title: title.into(),
        stage: Stage::Decompose,
        tasks: day as usize,
        updated: Timestamp::from_civil(2026, 11, day, 9, 0, 0),
        path: PathBuf::from(format!("/sessions/{id}.toml")),
    };
    vec![
        s("a", "Old plan", 1),
        s("b", "Newest plan", 20),
        s("c", "Middle plan", 10),
    ]
}

fn start_state() -> State {
    let mut s = State::new(120, 40);
    update(&mut s, Action::App(AppEvent::SessionsListed(summaries())));
    s
}

#[test]
fn the_start_screen_lists_newest_first_and_opens() {
    let mut s = start_state();
    assert_eq!(s.mode(), Mode::Start);
    let titles: Vec<&str> = s.start.sessions.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles, ["Newest plan", "Middle plan", "Old plan"]);
    press(&mut s, &["j", "j", "k"]);
    assert_eq!(
        press(&mut s, &["enter"]),
        vec![Effect::OpenSession("/sessions/c.toml".into())]
    );
    press(&mut s, &["G", "g"]);
    assert_eq!(s.start.selected, 0);
    assert_eq!(press(&mut s, &["q"]), vec![Effect::Quit]);
    press(&mut s, &["?"]);
    assert_eq!(s.mode(), Mode::Help);
}

#[test]
fn a_new_session_asks_for_title_spec_and_context() {
    let mut s = start_state();
    press(&mut s, &["n", "enter"]);
    assert_eq!(notice(&s), "A session needs a title.");
    type_text(&mut s, "Webhooks");
    press(&mut s, &["enter"]);
    type_text(&mut s, "docs/spec.md");
    press(&mut s, &["enter"]);
    let effects = press(&mut s, &["enter"]);
    assert_eq!(
        effects,
        vec![Effect::CreateSession {
            title: "Webhooks".into(),
            spec_path: Some("docs/spec.md".into()),
            context_path: None,
        }]
    );
    assert_eq!(notice(&s), "Creating \"Webhooks\"…");
    // Once the session shows, the "Creating" message has done its job.
    update(
        &mut s,
        Action::App(AppEvent::SessionOpened {
            session: Box::new(webhook_session()),
            path: None,
            view: None,
        }),
    );
    assert_eq!(notice(&s), "");
}

#[test]
fn renaming_and_deleting_sessions() {
    let mut s = start_state();
    press(&mut s, &["r", "ctrl-a", "ctrl-k"]);
    type_text(&mut s, "Renamed");
    assert_eq!(
        press(&mut s, &["enter"]),
        vec![Effect::RenameSession {
            path: "/sessions/b.toml".into(),
            title: "Renamed".into()
        }]
    );
    assert_eq!(s.start.sessions[0].title, "Renamed");
    press(&mut s, &["d"]);
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("asks first")
    };
    let text = c.lines.join(" ");
    assert!(
        text.contains("goes to the trash, /sessions/trash"),
        "{text}"
    );
    assert!(
        text.contains("t on the session list shows the trash, u restores"),
        "{text}"
    );
    assert!(press(&mut s, &["esc"]).is_empty());
    press(&mut s, &["d"]);
    // Enter, pressed out of habit, is not a yes.
    assert!(press(&mut s, &["enter"]).is_empty());
    assert!(matches!(s.overlays.last(), Some(Overlay::Confirm(_))));
    assert_eq!(
        press(&mut s, &["y"]),
        vec![Effect::DeleteSession("/sessions/b.toml".into())]
    );
    assert_eq!(s.start.sessions.len(), 2);
}

// ---- app events ----

#[test]
fn an_opened_session_comes_back_where_it_was_left() {
    let mut s = State::new(120, 40);
    let view = ViewMemo {
        focus: Pane::Ambiguities,
        selected_task: Some(TaskId(7)),
        selected_ambiguity: Some(AmbiguityId(3)),
        document: SpecDoc::Context,
        spec_cursor: (4, 2),
        ..ViewMemo::default()
    };
    update(
        &mut s,
        Action::App(AppEvent::SessionOpened {
            session: Box::new(webhook_session()),
            path: Some("/sessions/w.toml".into()),
            view: Some(view.clone()),
        }),
    );
    assert_eq!(s.screen, Screen::Main);
    assert_eq!(s.focus, Pane::Ambiguities);
    assert_eq!(selected(&s), TaskId(7));
    assert_eq!(s.ambiguities.selected, 2);
    assert_eq!(s.spec.doc, SpecDoc::Context);
    let memo = s.view_memo();
    assert_eq!(
        (memo.focus, memo.selected_task, memo.spec_cursor),
        (view.focus, view.selected_task, (4, 2))
    );
}

#[test]
fn saves_and_failures_show_in_the_status_bar_and_popups() {
    let mut s = tasks_state();
    press(&mut s, &["J"]);
    assert_eq!(s.status.save, SaveState::Unsaved);
    let at = Timestamp::from_civil(2026, 11, 25, 15, 0, 0);
    update(&mut s, Action::App(AppEvent::Saved { at }));
    assert_eq!(s.status.save, SaveState::Saved(Some(at)));
    update(
        &mut s,
        Action::App(AppEvent::SaveFailed {
            message: "disk full".into(),
        }),
    );
    assert_eq!(s.status.save, SaveState::Failed("disk full".into()));
    assert_eq!(s.mode(), Mode::Popup);
    press(&mut s, &["j"]);
    assert_eq!(s.mode(), Mode::Popup, "other keys leave it open");
    press(&mut s, &["enter"]);
    assert!(s.overlays.is_empty());
    update(
        &mut s,
        Action::App(AppEvent::Failed(ErrorReport::new(
            "Model unreachable",
            "connection refused",
            "Check base_url.",
        ))),
    );
    assert!(matches!(s.overlays.last(), Some(Overlay::Error(e)) if e.title == "Model unreachable"));
}

#[test]
fn model_activity_follows_the_worker_and_the_clock() {
    let mut s = tasks_state();
    let start = Instant::now();
    // Events about a request nobody waits for change nothing.
    update(
        &mut s,
        Action::App(AppEvent::StepStarted {
            request: 1,
            label: "Decomposing".into(),
            at: start,
        }),
    );
    assert!(s.status.activity.is_none());
    press(&mut s, &["r"]);
    update(
        &mut s,
        Action::App(AppEvent::StepStarted {
            request: 1,
            label: "Decomposing".into(),
            at: start,
        }),
    );
    update(
        &mut s,
        Action::App(AppEvent::StepProgress {
            request: 1,
            chars: 1200,
            tokens: Some(300),
        }),
    );
    update(&mut s, Action::Tick(start + Duration::from_secs(3)));
    let a = s.status.activity.as_ref().unwrap();
    assert_eq!(
        (a.chars, a.tokens, a.elapsed),
        (1200, Some(300), Duration::from_secs(3))
    );
    update(
        &mut s,
        Action::App(AppEvent::StepProgress {
            request: 1,
            chars: 1500,
            tokens: None,
        }),
    );
    assert_eq!(
        s.status.activity.as_ref().unwrap().tokens,
        Some(300),
        "keeps the last count"
    );
    // A failure of another request is not this one's.
    let report = ErrorReport::new("Failed", "the model step failed", "press r");
    update(
        &mut s,
        Action::App(AppEvent::StepFailed {
            request: 7,
            report: report.clone(),
        }),
    );
    assert!(s.status.activity.is_some() && s.overlays.is_empty());
    update(
        &mut s,
        Action::App(AppEvent::StepFailed { request: 1, report }),
    );
    assert!(s.status.activity.is_none());
    assert!(matches!(s.overlays.last(), Some(Overlay::Error(e)) if e.title == "Failed"));
    s.overlays.clear();
    update(
        &mut s,
        Action::App(AppEvent::Provider("openai · gpt-4.1".into())),
    );
    assert_eq!(s.status.provider, "openai · gpt-4.1");
    update(
        &mut s,
        Action::App(AppEvent::Notice("Saved to plan.toml".into())),
    );
    assert_eq!(notice(&s), "Saved to plan.toml");
}

// ---- mouse, resize, paste ----

#[test]
fn clicks_focus_and_select_and_the_wheel_moves() {
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    let layout = main_layout(Rect::new(0, 0, 120, 40), Pane::Spec, false);
    let tasks = layout.pane(Pane::Tasks).unwrap();
    let list = tasks_layout(inner(tasks), false).list;
    update(
        &mut s,
        Action::Mouse(MouseAction::Click {
            column: list.x + 5,
            row: list.y + 3,
        }),
    );
    assert_eq!(s.focus, Pane::Tasks);
    assert_eq!(selected(&s), TaskId(3), "header row, then T1, T2, T3");
    let layout = main_layout(Rect::new(0, 0, 120, 40), Pane::Tasks, false);
    let tasks = layout.pane(Pane::Tasks).unwrap();
    update(
        &mut s,
        Action::Mouse(MouseAction::ScrollDown {
            column: tasks.x + 2,
            row: tasks.y + 2,
        }),
    );
    assert_eq!(selected(&s), TaskId(6));
    update(
        &mut s,
        Action::Mouse(MouseAction::ScrollUp {
            column: tasks.x + 2,
            row: tasks.y + 2,
        }),
    );
    assert_eq!(selected(&s), TaskId(3));
    let amb = layout.pane(Pane::Ambiguities).unwrap();
    update(
        &mut s,
        Action::Mouse(MouseAction::Click {
            column: amb.x + 3,
            row: amb.y + 2,
        }),
    );
    assert_eq!(s.focus, Pane::Ambiguities);
    assert_eq!(s.ambiguities.selected, 1);
    // With an overlay open, clicks go nowhere.
    press(&mut s, &["?"]);
    update(
        &mut s,
        Action::Mouse(MouseAction::Click { column: 1, row: 1 }),
    );
    assert_eq!(s.focus, Pane::Ambiguities);
}

#[test]
fn resizing_keeps_the_selection_in_view() {
    let mut s = tasks_state();
    press(&mut s, &["G"]);
    update(
        &mut s,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    assert_eq!(s.size, (80, 24));
    let height = s.list_height(Pane::Tasks);
    let row = 8;
    assert!(s.tasks.offset <= row && row < s.tasks.offset + height);
}

#[test]
fn pasted_text_goes_to_the_field_being_typed_in() {
    let mut s = tasks_state();
    press(&mut s, &["/"]);
    update(&mut s, Action::Paste("retry\npolicy".into()));
    assert_eq!(s.tasks.filter, "retry policy");
    assert_eq!(s.tasks.visible, vec![5]);
    press(&mut s, &["esc"]);
    update(&mut s, Action::Paste("ignored outside a field".into()));
    assert!(s.tasks.filter.is_empty());
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    press(&mut s, &["enter", "alt->", "end"]);
    update(
        &mut s,
        Action::Paste("\n- FR-8: \u{1b}[31mred\u{1b}[0m text".into()),
    );
    press(&mut s, &["esc"]);
    let text = &s.session().unwrap().spec.text;
    assert!(
        text.ends_with("- FR-8: ␛[31mred␛[0m text"),
        "control characters made visible: {text:?}"
    );
}

#[test]
fn commands_outside_their_mode_do_nothing() {
    let mut s = tasks_state();
    let before = s.session().unwrap().clone();
    for c in [
        Command::Confirm,
        Command::Submit,
        Command::Toggle,
        Command::CycleKind,
        Command::SearchNext,
        Command::OpenSession,
    ] {
        assert!(update(&mut s, Action::Command(c)).is_empty(), "{c:?}");
    }
    assert_eq!(s.session().unwrap(), &before);
    assert!(s.overlays.is_empty());
}

#[test]
fn an_edit_stamps_the_session_with_the_actions_clock() {
    let mut s = tasks_state();
    let at = Timestamp::from_civil(2026, 11, 25, 18, 24, 0);
    s.clock = at;
    press(&mut s, &["g", "J"]);
    assert_eq!(s.session().map(|x| x.updated), Some(at));
    // What is saved (and exported) carries the same time.
    assert_eq!(s.session_to_save().map(|x| x.updated), Some(at));
}
