//! Snapshots of every screen, pane, overlay and popup, at 80×24 and 120×40,
//! on the example webhook session with a hand-made plan.
mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::plan::{DepKind, Dependency, Session, Stage, TaskId, Timestamp};
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::state::{ErrorReport, ModelActivity, Pane, SaveState, SessionSummary};
use planner_tui::tui::{State, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshot the screen after `setup` at both sizes.
fn snap(name: &str, setup: impl Fn(&mut State)) {
    for (w, h) in SIZES {
        let mut s = state(w, h);
        setup(&mut s);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&s));
    }
}

fn focus(pane: Pane) -> impl Fn(&mut State) {
    move |s| s.focus = pane
}

fn sessions() -> Vec<SessionSummary> {
    let s = |id: &str, title: &str, stage, tasks, day| SessionSummary {
        id: id.into(),
        title: title.into(),
        stage,
        tasks,
        updated: Timestamp::from_civil(2026, 11, day, 9, 30, 0),
        path: PathBuf::from(format!(
            "/home/ana/.local/share/planner-tui/sessions/{id}.toml"
        )),
    };
    vec![
        s("webhooks", "Outbound webhooks", Stage::Ambiguities, 9, 25),
        s(
            "billing",
            "Usage-based billing",
            Stage::Verification,
            31,
            18,
        ),
        s("sso", "SAML single sign-on", Stage::Decompose, 0, 2),
    ]
}

fn start(setup: impl Fn(&mut State)) -> impl Fn(&mut State) {
    move |s| {
        *s = State::new(s.size.0, s.size.1);
        update(s, Action::App(AppEvent::SessionsListed(sessions())));
        setup(s);
    }
}

#[test]
fn start_screen() {
    snap("start", start(|_| {}));
    snap("start_empty", |s| {
        *s = State::new(s.size.0, s.size.1);
        update(s, Action::App(AppEvent::SessionsListed(Vec::new())));
    });
    snap(
        "start_new_session",
        start(|s| {
            press(s, &["n"]);
            type_text(s, "Webhooks v2");
        }),
    );
    snap(
        "start_rename",
        start(|s| {
            press(s, &["j", "r"]);
        }),
    );
    snap(
        "start_delete",
        start(|s| {
            press(s, &["G", "d"]);
        }),
    );
}

#[test]
fn main_screen_each_pane_focused() {
    snap("main_tasks", focus(Pane::Tasks));
    snap("main_spec", focus(Pane::Spec));
    snap("main_graph", |s| {
        s.focus = Pane::Graph;
        press(s, &["j", "j", "j", "j"]);
    });
    snap("main_ambiguities", focus(Pane::Ambiguities));
}

#[test]
fn each_pane_zoomed() {
    for pane in Pane::ALL {
        snap(&format!("zoom_{}", pane.title().to_lowercase()), move |s| {
            s.focus = pane;
            press(s, &["z"]);
            if pane == Pane::Tasks || pane == Pane::Graph {
                press(s, &["j", "j", "j", "j"]);
            }
        });
    }
}

#[test]
fn tasks_pane_states() {
    snap("tasks_filter", |s| {
        s.focus = Pane::Tasks;
        press(s, &["/"]);
        type_text(s, "api");
    });
    // T8 has no verification; the analysis marks it and says so.
    snap("tasks_with_findings", |s| {
        s.focus = Pane::Tasks;
        press(s, &["G", "k"]);
    });
    snap("tasks_empty", |s| {
        let mut session = Session::new("new", "New plan", Timestamp(0));
        session.spec.text = SPEC.to_string();
        *s = State::with_session(session, None, s.size.0, s.size.1);
    });
}

#[test]
fn spec_pane_states() {
    snap("spec_editing", |s| {
        s.focus = Pane::Spec;
        press(s, &["enter", "down", "down", "down"]);
    });
    snap("spec_context", |s| {
        s.focus = Pane::Spec;
        press(s, &["l"]);
    });
}

#[test]
fn graph_states() {
    snap("graph_cycle_and_misorder", |s| {
        let mut session = webhook_session();
        // T2 now needs T9, which needs T2: a cycle. T3 needs T7, which comes later.
        session.tasks[1]
            .depends_on
            .push(Dependency::new(TaskId(9), DepKind::Other));
        session.tasks[2]
            .depends_on
            .push(Dependency::new(TaskId(7), DepKind::Schema));
        *s = State::with_session(session, None, s.size.0, s.size.1);
        s.focus = Pane::Graph;
        press(s, &["z", "j", "j"]);
    });
    snap("graph_neighbourhood", |s| {
        let (session, _) = generate(&GenOptions::new(500, 1500));
        *s = State::with_session(session, None, s.size.0, s.size.1);
        s.focus = Pane::Graph;
        press(s, &["z"]);
        for _ in 0..250 {
            press(s, &["j"]);
        }
    });
}

#[test]
fn overlays() {
    snap("help", |s| {
        press(s, &["?"]);
    });
    snap("help_scrolled", |s| {
        press(s, &["?", "pagedown"]);
    });
    snap("confirm_delete_task", |s| {
        s.focus = Pane::Tasks;
        press(s, &["d"]);
    });
    snap("task_form", |s| {
        s.focus = Pane::Tasks;
        press(s, &["j", "j", "j", "j", "enter", "tab"]);
    });
    snap("task_form_new", |s| {
        s.focus = Pane::Tasks;
        press(s, &["a"]);
        type_text(s, "Document the webhook API");
    });
    snap("dependency_picker", |s| {
        s.focus = Pane::Tasks;
        press(s, &["G", "k", "k", "k", "e", "k", "space", "t"]);
    });
    snap("decision_prompt", |s| {
        s.focus = Pane::Ambiguities;
        press(s, &["enter"]);
        type_text(s, "10 seconds per attempt, then it counts as failed");
    });
    snap("defer_prompt", |s| {
        s.focus = Pane::Ambiguities;
        press(s, &["D"]);
    });
    snap("search_prompt", |s| {
        s.focus = Pane::Spec;
        press(s, &["enter", "ctrl-f"]);
        type_text(s, "HMAC");
    });
    snap("error_popup", |s| {
        update(
            s,
            Action::App(AppEvent::Failed(ErrorReport::new(
                "The model could not be reached",
                "POST http://127.0.0.1:11434/v1/chat/completions failed: connection refused.",
                "Start the model server, or check base_url in config.toml. The plan is unchanged.",
            ))),
        );
    });
    snap("confirm_quit_while_running", |s| {
        press(s, &["r", "q"]);
    });
}

#[test]
fn status_bar_states() {
    snap("step_running", |s| {
        let at = Instant::now();
        s.status.provider = "openai · gpt-4.1-mini".into();
        s.status.activity = Some(ModelActivity {
            request: 1,
            label: "Decomposing the spec".into(),
            started: Some(at),
            elapsed: Duration::from_millis(12_400),
            chars: 3_412,
            tokens: Some(812),
        });
        s.status.save = SaveState::Unsaved;
    });
    snap("saved_with_notice", |s| {
        s.focus = Pane::Tasks;
        press(s, &["J"]);
        update(
            s,
            Action::App(AppEvent::Saved {
                at: Timestamp::from_civil(2026, 11, 25, 15, 4, 0),
            }),
        );
    });
    snap("save_failed", |s| {
        s.status.save = SaveState::Failed("disk full".into());
    });
}

#[test]
fn window_too_small() {
    for (w, h) in [(79, 24), (100, 20)] {
        let s = state(w, h);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), screen(&s));
    }
}
