//! What a new user hit (issue 15), each with the test that keeps it fixed:
//! deleting a session (to the trash), leaving forms, typing paths, the
//! display after a resize and at 80×24, the hint bar, the message log,
//! finding your way in a big plan, and the Graph pane's neighbourhood.
mod common;

use std::path::PathBuf;

use common::*;
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::plan::{
    Ambiguity, AmbiguityCategory, AmbiguityId, Edit, Stage, TaskId, Timestamp, apply,
};
use planner_tui::tui::action::{Action, AppEvent, MouseAction};
use planner_tui::tui::effect::Effect;
use planner_tui::tui::paths::PathStatus;
use planner_tui::tui::state::{Overlay, Pane, SessionSummary};
use planner_tui::tui::{State, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn summary(id: &str, title: &str, day: u32, dir: &str) -> SessionSummary {
    SessionSummary {
        id: id.into(),
        title: title.into(),
        stage: Stage::Decompose,
        tasks: 3,
        updated: Timestamp::from_civil(2026, 11, day, 9, 30, 0),
        path: PathBuf::from(format!(
            "/home/ana/.local/share/planner-tui/{dir}/{id}.toml"
        )),
    }
}

fn start(width: u16, height: u16) -> State {
    let mut s = State::new(width, height);
    update(
        &mut s,
        Action::App(AppEvent::SessionsListed(vec![
            summary("webhooks", "Outbound webhooks", 25, "sessions"),
            summary("billing", "Usage-based billing", 18, "sessions"),
        ])),
    );
    s
}

// ---- 1. deleting a session ----

#[test]
fn a_deleted_session_can_be_found_in_the_trash_and_restored() {
    for (w, h) in SIZES {
        let mut s = start(w, h);
        press(&mut s, &["d"]);
        insta::assert_snapshot!(format!("trash_confirm_{w}x{h}"), screen(&s));
        press(&mut s, &["esc"]);
        assert_eq!(press(&mut s, &["t"]), vec![Effect::ListTrash]);
        update(
            &mut s,
            Action::App(AppEvent::TrashListed(vec![summary(
                "sso",
                "SAML single sign-on",
                2,
                "sessions/trash",
            )])),
        );
        insta::assert_snapshot!(format!("trash_list_{w}x{h}"), screen(&s));
        let trashed = PathBuf::from("/home/ana/.local/share/planner-tui/sessions/trash/sso.toml");
        assert_eq!(
            press(&mut s, &["u"]),
            vec![Effect::RestoreSession(trashed.clone())]
        );
        assert_eq!(
            press(&mut s, &["enter"]),
            vec![Effect::RestoreSession(trashed)],
            "Enter restores too: the trash opens nothing"
        );
        // Back to the sessions.
        press(&mut s, &["t"]);
        assert_eq!(s.start.rows().len(), 2);
    }
}

// ---- 4. forms and paths ----

fn wizard_at_spec_path(s: &mut State) {
    press(s, &["n"]);
    type_text(s, "Webhooks v2");
    press(s, &["enter"]);
}

#[test]
fn a_spec_path_is_checked_as_it_is_typed_and_completed_with_tab() {
    for (w, h) in SIZES {
        let mut s = start(w, h);
        wizard_at_spec_path(&mut s);
        let effects = type_text(&mut s, "specs/hook.md");
        assert_eq!(
            effects.last(),
            Some(&Effect::CheckPath("specs/hook.md".into()))
        );
        update(
            &mut s,
            Action::App(AppEvent::PathChecked {
                text: "specs/hook.md".into(),
                status: PathStatus::NotFound,
            }),
        );
        insta::assert_snapshot!(format!("path_not_found_{w}x{h}"), screen(&s));
        // Enter does not go on with a path that is not there.
        assert!(press(&mut s, &["enter"]).is_empty());
        assert!(notice(&s).contains("not found"), "{}", notice(&s));
        assert!(matches!(s.overlays.last(), Some(Overlay::Prompt(_))));
        // Tab asks for a completion; the answer replaces the text.
        press(&mut s, &["backspace"; 7]);
        assert_eq!(
            press(&mut s, &["tab"]),
            vec![Effect::CompletePath("specs/".into())]
        );
        let effects = update(
            &mut s,
            Action::App(AppEvent::PathCompleted {
                text: "specs/".into(),
                completed: Some("specs/webhooks-".into()),
                candidates: vec!["webhooks-spec.md".into(), "webhooks-context.md".into()],
            }),
        );
        assert_eq!(effects, vec![Effect::CheckPath("specs/webhooks-".into())]);
        type_text(&mut s, "spec.md");
        update(
            &mut s,
            Action::App(AppEvent::PathChecked {
                text: "specs/webhooks-spec.md".into(),
                status: PathStatus::File { bytes: 2_300 },
            }),
        );
        insta::assert_snapshot!(format!("path_ok_{w}x{h}"), screen(&s));
        press(&mut s, &["enter"]);
        let Some(Overlay::Prompt(p)) = s.overlays.last() else {
            panic!("on to the context file")
        };
        assert_eq!(p.title, "Existing-system context file");
    }
}

#[test]
fn a_directory_is_not_taken_as_the_spec() {
    let mut s = start(80, 24);
    wizard_at_spec_path(&mut s);
    type_text(&mut s, "specs");
    update(
        &mut s,
        Action::App(AppEvent::PathChecked {
            text: "specs".into(),
            status: PathStatus::NotAFile,
        }),
    );
    assert!(screen(&s).contains("not a regular file"), "{}", screen(&s));
    assert!(press(&mut s, &["enter"]).is_empty());
    assert!(matches!(s.overlays.last(), Some(Overlay::Prompt(_))));
}

// ---- 5. display ----

#[test]
fn the_spec_pane_shows_text_after_growing_the_window() {
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    press(&mut s, &["G"]);
    screen(&s);
    update(
        &mut s,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    let after = screen(&s);
    // The editor's rows (left of the side list) around the cursor, at the end.
    let editor: String = after
        .lines()
        .skip(2)
        .take(22)
        .map(|l| l.chars().take(78).collect::<String>() + "\n")
        .collect();
    assert!(
        editor.contains("- Secrets shall never appear in logs."),
        "{after}"
    );
}

fn many_ambiguities() -> State {
    let mut session = webhook_session();
    for i in 4..=10 {
        let a = Ambiguity::new(
            AmbiguityId(i),
            AmbiguityCategory::Assumption,
            format!("Question number {i}"),
        );
        apply(&mut session, Edit::AddAmbiguity { ambiguity: a }).expect("add");
    }
    State::with_session(session, None, 80, 24)
}

#[test]
fn at_80x24_titles_are_never_cut_mid_number_and_help_and_quit_stay() {
    let s = many_ambiguities();
    let shown = screen(&s);
    assert!(
        shown.contains("8 open of 10") || shown.contains("8/10"),
        "{shown}"
    );
    for pane in Pane::ALL {
        let mut s = many_ambiguities();
        s.focus = pane;
        let shown = screen(&s);
        let hints = shown.lines().last().unwrap_or_default();
        assert!(hints.contains("? help"), "{pane:?}: {hints}");
        assert!(hints.contains("q quit"), "{pane:?}: {hints}");
    }
}

#[test]
fn the_layout_does_not_move_when_the_focus_or_the_stage_does() {
    let mut s = state(120, 40);
    let frame = |s: &State| {
        screen(s)
            .lines()
            .skip(1)
            .take(37)
            .map(|l| {
                l.chars()
                    .map(|c| {
                        if "┌┐└┘┏┓┗┛".contains(c) {
                            '+'
                        } else {
                            ' '
                        }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
    };
    let first = frame(&s);
    assert_eq!(first.len(), 37);
    for keys in [["tab"], ["tab"], ["tab"], ["3"], ["1"], ["6"]] {
        press(&mut s, &keys);
        assert_eq!(frame(&s), first, "after {keys:?}");
    }
}

#[test]
fn long_messages_are_cut_at_a_word_and_kept_in_the_log() {
    let mut s = state(80, 24);
    s.clock = Timestamp::from_civil(2026, 11, 25, 14, 51, 1);
    let long = "Accepted 12 of 14 proposed changes as one edit (u undoes it). Note: T7 now depends on T3 through its interface.";
    update(&mut s, Action::App(AppEvent::Notice(long.into())));
    let bar = screen(&s).lines().nth(22).unwrap_or_default().to_string();
    assert!(bar.contains("… (m: all of it)"), "{bar}");
    let cut = bar
        .split("] ")
        .nth(1)
        .and_then(|t| t.split('…').next())
        .unwrap_or_default()
        .to_string();
    assert!(long.starts_with(&cut), "{cut}");
    assert!(long[cut.len()..].starts_with(' '), "cut at a word: {cut:?}");
    press(&mut s, &["m"]);
    insta::assert_snapshot!("messages_80x24", screen(&s));
    assert!(screen(&s).contains("its interface."), "whole");
    press(&mut s, &["esc"]);
    assert!(s.overlays.is_empty());
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut s = state(120, 40);
    s.focus = Pane::Tasks;
    // The Graph pane is bottom left.
    update(
        &mut s,
        Action::Mouse(MouseAction::ScrollDown { column: 5, row: 30 }),
    );
    assert_eq!(s.focus, Pane::Tasks, "the wheel does not take the focus");
    assert_eq!(s.tasks.selected, Some(TaskId(2)));
}

// ---- 6. finding your way ----

fn big(width: u16, height: u16) -> State {
    let (session, _) = generate(&GenOptions::new(5_000, 15_000));
    let mut s = State::with_session(session, None, width, height);
    s.focus = Pane::Tasks;
    s
}

#[test]
fn an_exact_id_in_the_filter_goes_to_that_task() {
    let mut s = big(120, 40);
    press(&mut s, &["/"]);
    type_text(&mut s, "T23");
    assert!(s.tasks.visible.len() > 100, "T23 is in T230, T2300, …");
    assert_eq!(s.tasks.selected, Some(TaskId(23)), "selected while typing");
    press(&mut s, &["enter"]);
    assert_eq!(s.tasks.selected, Some(TaskId(23)));
    assert!(s.tasks.filter.is_empty(), "the whole list again");
    assert_eq!(s.tasks.visible.len(), 5_000);
    assert_eq!(notice(&s), "Went to T23.");
    // n and N go through the matches of what was typed.
    press(&mut s, &["n"]);
    assert_eq!(s.tasks.selected, Some(TaskId(230)));
    press(&mut s, &["N"]);
    assert_eq!(s.tasks.selected, Some(TaskId(23)));
}

#[test]
fn half_pages_move_half_the_list() {
    let mut s = big(120, 40);
    let height = s.list_height(Pane::Tasks);
    press(&mut s, &["ctrl-d"]);
    let row = s.index().and_then(|i| s.tasks.selected_row(i));
    assert_eq!(row, Some(height / 2));
    press(&mut s, &["ctrl-u"]);
    assert_eq!(s.index().and_then(|i| s.tasks.selected_row(i)), Some(0));
}

#[test]
fn find_works_in_the_ambiguities_the_session_list_and_the_help() {
    let mut s = many_ambiguities();
    s.focus = Pane::Ambiguities;
    press(&mut s, &["/"]);
    type_text(&mut s, "number");
    press(&mut s, &["enter"]);
    assert_eq!(s.ambiguities.selected, 3);
    press(&mut s, &["n", "n"]);
    assert_eq!(s.ambiguities.selected, 5);
    press(&mut s, &["N"]);
    assert_eq!(s.ambiguities.selected, 4);

    let mut s = start(80, 24);
    press(&mut s, &["/"]);
    type_text(&mut s, "billing");
    press(&mut s, &["enter"]);
    assert_eq!(s.start.selected, 1);

    let mut s = state(80, 24);
    press(&mut s, &["?", "/"]);
    type_text(&mut s, "command palette");
    press(&mut s, &["enter"]);
    let Some(Overlay::Help { offset }) = s.overlays.last() else {
        panic!("the help stays open")
    };
    assert!(*offset > 0);
    assert!(
        screen(&s)
            .lines()
            .nth(2)
            .unwrap_or_default()
            .contains("Command palette"),
        "{}",
        screen(&s)
    );
    press(&mut s, &["n"]);
    assert!(notice(&s).is_empty() || notice(&s).starts_with("No match"));
}

#[test]
fn the_command_palette_runs_what_it_finds() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        s.focus = Pane::Tasks;
        press(&mut s, &[":"]);
        type_text(&mut s, "zoom");
        insta::assert_snapshot!(format!("palette_{w}x{h}"), screen(&s));
        press(&mut s, &["enter"]);
        assert!(s.zoomed);
        assert!(s.overlays.is_empty());
    }
    // In the session list it offers the session list's commands.
    let mut s = start(80, 24);
    press(&mut s, &[":"]);
    type_text(&mut s, "trash");
    // A command whose name matches comes before one whose description does.
    assert_eq!(press(&mut s, &["enter"]), vec![Effect::ListTrash]);
}

// ---- 7. the Graph pane ----

#[test]
fn the_graph_lists_the_selection_neighbours_when_the_picture_does_not_fit() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        s.focus = Pane::Graph;
        press(&mut s, &["g", "j", "j", "j", "j"]);
        let shown = screen(&s);
        insta::assert_snapshot!(format!("graph_neighbours_{w}x{h}"), shown);
        assert!(shown.contains("▶ T5 Delivery job"), "{shown}");
        assert!(shown.contains("Depends on (3)"), "{shown}");
        if h >= 40 {
            assert!(shown.contains("T2 interface Define the"), "{shown}");
            assert!(shown.contains("T6 infrastructure Retry policy"), "{shown}");
        }
        // Zoomed, the whole picture fits again.
        press(&mut s, &["z"]);
        assert!(screen(&s).contains("wave 1"), "{}", screen(&s));
    }
}

#[test]
fn a_big_plan_shows_the_neighbourhood_with_full_titles() {
    let mut s = big(120, 40);
    s.focus = Pane::Graph;
    press(&mut s, &["j"; 40]);
    let shown = screen(&s);
    assert!(shown.contains("Graph: around T41"), "{shown}");
    assert!(shown.contains("Needed by ("), "{shown}");
}

// ---- 2. a requirement edited in place ----

/// The example plan after FR-4 was edited in the spec: "3 times" became "5 times".
fn fr4_edited(width: u16, height: u16) -> State {
    let mut session = webhook_session();
    let text = session
        .spec
        .text
        .replace("retried up to 3 times", "retried up to 5 times");
    apply(&mut session, Edit::SetSpecText { text }).expect("edit the spec");
    let mut s = State::with_session(session, None, width, height);
    s.focus = Pane::Tasks;
    s
}

#[test]
fn a_task_whose_requirement_changed_is_flagged_until_confirmed() {
    let mut s = fr4_edited(120, 40);
    let fr4 = s
        .session()
        .unwrap()
        .spec
        .requirements
        .iter()
        .find(|r| r.id.as_str() == "FR-4")
        .cloned()
        .expect("FR-4 keeps its id");
    assert!(fr4.text.contains("5 times"));
    assert!(fr4.was.as_deref().is_some_and(|w| w.contains("3 times")));
    // T6 covers FR-4: marked in the list, said in its detail, a warning in
    // the findings and in the validation.
    press(&mut s, &["g", "j", "j", "j", "j", "j"]);
    assert_eq!(s.tasks.selected, Some(TaskId(6)));
    let shown = screen(&s);
    insta::assert_snapshot!("requirement_changed_120x40", shown);
    assert!(shown.contains("⟳ Retry policy"), "{shown}");
    assert!(
        shown.contains("⟳ Review: FR-4 changed in the spec"),
        "{shown}"
    );
    let report = &s.open.as_ref().unwrap().report;
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"requirement-changed"), "{codes:?}");
    let validation = planner_tui::validate::validate(
        s.session().unwrap(),
        report,
        planner_tui::validate::Readings::not_run(),
    );
    let warnings: Vec<String> = validation
        .verdict
        .warnings
        .iter()
        .map(|w| w.text.clone())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("to review after its requirement changed")),
        "{warnings:?}"
    );
    // c confirms it as it is: one edit, which u takes back.
    press(&mut s, &["c"]);
    assert_eq!(
        notice(&s),
        "T6 confirmed against FR-4 as it reads now (u undoes it)."
    );
    assert!(!screen(&s).contains("⟳"), "{}", screen(&s));
    press(&mut s, &["u"]);
    assert!(screen(&s).contains("⟳ Retry policy"));
    // Saving the task form counts as reviewing it.
    press(&mut s, &["enter", "ctrl-s"]);
    assert!(!screen(&s).contains("⟳"), "{}", screen(&s));
    // The Spec pane marks the requirement changed.
    s.focus = Pane::Spec;
    assert!(screen(&s).contains("(changed)"), "{}", screen(&s));
}

#[test]
fn what_was_reviewed_is_kept_in_the_session_file() {
    let mut s = fr4_edited(120, 40);
    press(&mut s, &["g", "j", "j", "j", "j", "j", "c"]);
    let session = s.session().unwrap().clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    planner_tui::store::save(&path, &session).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("reviewed"), "{text}");
    let back = planner_tui::store::load(&path).expect("load");
    assert_eq!(back.task(TaskId(6)), session.task(TaskId(6)));
    let t6 = back.task(TaskId(6)).expect("T6");
    assert_eq!(
        t6.requirements_to_review(&back.spec.requirements).count(),
        0
    );
}

#[test]
fn leaving_the_picker_or_a_decision_with_changes_asks_first() {
    let mut s = state(120, 40);
    s.focus = Pane::Tasks;
    // Untouched, Esc closes at once.
    press(&mut s, &["g", "e", "esc"]);
    assert!(s.overlays.is_empty());
    // Ticked, Esc asks; n goes back with the tick, y drops it.
    press(&mut s, &["e", "space", "esc"]);
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("asks first")
    };
    assert_eq!(c.title, "Discard what you typed?");
    press(&mut s, &["n"]);
    let Some(Overlay::DepPicker(p)) = s.overlays.last() else {
        panic!("back in the picker")
    };
    assert!(p.changed());
    press(&mut s, &["esc", "y"]);
    assert!(s.overlays.is_empty());
    assert!(
        s.session()
            .unwrap()
            .task(TaskId(1))
            .unwrap()
            .depends_on
            .is_empty()
    );

    // A decision being typed.
    s.focus = Pane::Ambiguities;
    press(&mut s, &["g", "enter"]);
    type_text(&mut s, "10 seconds");
    press(&mut s, &["esc"]);
    assert!(matches!(s.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut s, &["esc"]);
    let Some(Overlay::Prompt(p)) = s.overlays.last() else {
        panic!("back in the prompt")
    };
    assert!(p.changed());
    press(&mut s, &["esc", "y"]);
    assert!(s.overlays.is_empty());
}

#[test]
fn find_works_in_the_dependency_picker_and_the_findings() {
    let mut s = state(120, 40);
    s.focus = Pane::Tasks;
    press(&mut s, &["g", "j", "j", "j", "j", "e", "/"]);
    type_text(&mut s, "retry");
    press(&mut s, &["enter"]);
    let Some(Overlay::DepPicker(p)) = s.overlays.last() else {
        panic!("the picker stays open")
    };
    assert_eq!(p.rows[p.selected].id, TaskId(6));
    press(&mut s, &["esc"]);

    press(&mut s, &["f", "/"]);
    type_text(&mut s, "no verification");
    press(&mut s, &["enter"]);
    let Some(Overlay::Findings(view)) = s.overlays.last() else {
        panic!("the findings stay open")
    };
    let report = &s.open.as_ref().unwrap().report;
    assert_eq!(
        report.findings[view.selected].code.as_str(),
        "missing-verification"
    );
}

#[test]
fn errors_are_kept_in_the_message_log_too() {
    let mut s = state(80, 24);
    update(
        &mut s,
        Action::App(AppEvent::Failed(planner_tui::tui::state::ErrorReport::new(
            "The model could not be reached",
            "connection refused",
            "Start the model server.",
        ))),
    );
    press(&mut s, &["esc", "m"]);
    assert!(
        screen(&s).contains("The model could not be reached: connection refused"),
        "{}",
        screen(&s)
    );
}

#[test]
fn half_pages_scroll_the_spec() {
    let mut s = state(120, 40);
    s.focus = Pane::Spec;
    screen(&s);
    let before = s.spec.spec.cursor();
    press(&mut s, &["ctrl-d"]);
    screen(&s);
    assert!(
        s.spec.spec.cursor().0 > before.0,
        "the cursor follows the view"
    );
}

#[test]
fn find_works_in_a_proposal() {
    let mut s = state(120, 40);
    let mut proposal = planner_tui::workflow::Proposal::new(
        planner_tui::workflow::Step::Decompose,
        s.session().unwrap(),
    );
    for (i, title) in ["Write the docs", "Add a retry queue", "Rotate the secrets"]
        .into_iter()
        .enumerate()
    {
        proposal
            .items
            .push(planner_tui::workflow::ProposalItem::AddTask {
                task: planner_tui::plan::Task::new(TaskId(10 + i as u32), title),
                after: None,
            });
    }
    s.overlays.push(Overlay::Review(Box::new(
        planner_tui::tui::state::Review::new(proposal),
    )));
    press(&mut s, &["/"]);
    type_text(&mut s, "secrets");
    press(&mut s, &["enter"]);
    let Some(Overlay::Review(r)) = s.overlays.last() else {
        panic!("the review stays open")
    };
    assert_eq!(r.selected, 2);
    // The whole change is shown under the list.
    assert!(screen(&s).contains("Add task T12"), "{}", screen(&s));
}

#[test]
fn selecting_the_last_task_never_scrolls_part_of_the_graph_away() {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        s.focus = Pane::Graph;
        press(&mut s, &["G"]);
        // Either the whole picture (every wave, the first task among them)
        // or, when it does not fit, the last task's neighbours, whole.
        let shown = screen(&s);
        let whole = shown.contains("wave 1") && shown.contains("T1 ");
        let listed = shown.contains("Graph: around T9") && shown.contains("▶ T9 Emit events");
        assert!(whole || listed, "{shown}");
        press(&mut s, &["z"]);
        let shown = screen(&s);
        assert!(shown.contains("wave 1") && shown.contains("T1 "), "{shown}");
        assert!(shown.contains("T9 "), "{shown}");
    }
}

#[test]
fn the_wheel_scrolls_the_findings_list() {
    let mut s = state(120, 40);
    press(&mut s, &["f"]);
    update(
        &mut s,
        Action::Mouse(MouseAction::ScrollDown {
            column: 60,
            row: 20,
        }),
    );
    let Some(Overlay::Findings(view)) = s.overlays.last() else {
        panic!("the findings stay open")
    };
    assert_eq!(view.selected, 3);
}
