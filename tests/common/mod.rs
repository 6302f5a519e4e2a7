//! Shared fixtures for the TUI tests: the example webhook session with a
//! hand-made plan, rendering into a test backend, and typing keys.
#![allow(dead_code)]

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use planner_tui::plan::{
    Ambiguity, AmbiguityCategory, AmbiguityId, DepKind, Dependency, Edit, RequirementId, Session,
    Stage, Task, TaskId, Timestamp, apply,
};
use planner_tui::tui::effect::Effect;
use planner_tui::tui::keymap::KeyChord;
use planner_tui::tui::{State, input::translate, ui::render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const SPEC: &str = include_str!("../../assets/examples/webhooks-spec.md");
pub const CONTEXT: &str = include_str!("../../assets/examples/webhooks-context.md");

fn task(
    id: u32,
    title: &str,
    produces: &[&str],
    deps: &[(u32, DepKind)],
    verification: Option<&str>,
    covers: &[&str],
) -> Task {
    let mut t = Task::new(TaskId(id), title);
    t.produces = produces.iter().map(|s| s.to_string()).collect();
    t.depends_on = deps
        .iter()
        .map(|&(on, kind)| Dependency::new(TaskId(on), kind))
        .collect();
    t.verification = verification.map(str::to_string);
    t.covers = covers.iter().map(|c| RequirementId::from(*c)).collect();
    t
}

/// The webhook example: spec and context from `assets/examples`, a nine-task
/// plan written by hand, three ambiguities (one open, one decided, one
/// deferred), at stage 4.
pub fn webhook_session() -> Session {
    use DepKind::*;
    let mut s = Session::new(
        "webhooks",
        "Outbound webhooks",
        Timestamp::from_civil(2026, 11, 25, 14, 51, 1),
    );
    let ok = |s: &mut Session, e: Edit| apply(s, e).expect("fixture edit applies");
    ok(
        &mut s,
        Edit::SetSpecText {
            text: SPEC.to_string(),
        },
    );
    ok(
        &mut s,
        Edit::SetContext {
            text: CONTEXT.to_string(),
        },
    );
    let mut tasks = vec![
        task(
            1,
            "Create webhook_endpoints and deliveries tables",
            &["migrations/0042_webhooks.sql"],
            &[],
            Some("cargo test --test migrations webhooks"),
            &["FR-2", "FR-5"],
        ),
        task(
            2,
            "Define the WebhookEvent type and the emitter trait",
            &["src/webhooks/event.rs"],
            &[],
            Some("cargo test webhooks::event"),
            &["FR-1"],
        ),
        task(
            3,
            "Endpoint registration API with a cap of 10 per event type",
            &["src/api/webhooks.rs"],
            &[(1, Schema)],
            Some("an 11th registration answers 422 (tests/api/webhooks.rs)"),
            &["FR-2"],
        ),
        task(
            4,
            "HMAC-SHA256 signing helper",
            &["src/webhooks/signature.rs"],
            &[],
            Some("cargo test signature::known_vectors"),
            &["FR-3"],
        ),
        task(
            5,
            "Delivery job: POST the signed event to each endpoint",
            &["src/jobs/deliver.rs"],
            &[(1, Schema), (2, Interface), (4, Interface)],
            Some("cargo test jobs::deliver"),
            &["FR-1", "FR-3"],
        ),
        task(
            6,
            "Retry policy: 3 retries after 5 s, 25 s and 125 s",
            &["src/jobs/retry.rs"],
            &[(5, Infrastructure)],
            Some("cargo test jobs::retry::backoff_schedule"),
            &["FR-4"],
        ),
        task(
            7,
            "Admin API: read a delivery's status",
            &["src/admin/deliveries.rs"],
            &[(1, Schema)],
            Some("GET /admin/deliveries/:id returns the status (tests/admin.rs)"),
            &["FR-5"],
        ),
        task(
            8,
            "Email the account owner when the last retry fails",
            &["src/jobs/failure_email.rs"],
            &[(6, Infrastructure)],
            None,
            &["FR-6"],
        ),
        task(
            9,
            "Emit events from the order and payment handlers",
            &["src/orders/handlers.rs"],
            &[(2, Interface), (5, Infrastructure)],
            Some("creating an order enqueues one delivery per endpoint"),
            &["FR-1"],
        ),
    ];
    tasks[4].description = "Reads pending deliveries, signs the raw body with the account's secret and POSTs it; records the answer.".to_string();
    for (i, t) in tasks.into_iter().enumerate() {
        ok(&mut s, Edit::AddTask { index: i, task: t });
    }
    let mut a1 = Ambiguity::new(
        AmbiguityId(1),
        AmbiguityCategory::Underspecified,
        "What counts as a timeout for a delivery attempt?",
    );
    a1.risk = "Too short a timeout retries slow but healthy endpoints; too long ties up workers."
        .to_string();
    a1.resolution_hint = "A number of seconds per attempt, from the partner team.".to_string();
    a1.affects = vec![TaskId(5), TaskId(6)];
    let mut a2 = Ambiguity::new(
        AmbiguityId(2),
        AmbiguityCategory::ExternalDependency,
        "The failure email depends on the mail service, with no fallback",
    );
    a2.risk = "If mail is down the owner never hears that deliveries failed.".to_string();
    a2.resolution_hint = "Decide what happens when the email cannot be sent.".to_string();
    a2.affects = vec![TaskId(8)];
    let mut a3 = Ambiguity::new(
        AmbiguityId(3),
        AmbiguityCategory::Assumption,
        "The order service already publishes change events internally",
    );
    a3.risk = "If it does not, T9 needs a new hook in the order handlers.".to_string();
    a3.affects = vec![TaskId(9)];
    for a in [a1, a2, a3] {
        ok(&mut s, Edit::AddAmbiguity { ambiguity: a });
    }
    ok(
        &mut s,
        Edit::ResolveAmbiguity {
            id: AmbiguityId(2),
            decision: "Use the existing mailer; on failure log it and show it in the admin API."
                .to_string(),
        },
    );
    ok(
        &mut s,
        Edit::DeferAmbiguity {
            id: AmbiguityId(3),
            reason: "Ask the orders team next sprint.".to_string(),
        },
    );
    ok(
        &mut s,
        Edit::SetStage {
            stage: Stage::Ambiguities,
        },
    );
    s
}

pub fn state(width: u16, height: u16) -> State {
    State::with_session(webhook_session(), None, width, height)
}

/// The screen as text, one line per row.
pub fn screen(state: &State) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| render(state, f)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            let cell = &buffer[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn key(spec: &str) -> Event {
    let chord = KeyChord::parse(spec).expect("key in test");
    Event::Key(KeyEvent::new(chord.code, chord.modifiers))
}

pub fn char_key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Type keys (`"j"`, `"enter"`, `"ctrl-r"`) through the key map and update;
/// returns every effect asked for.
pub fn press(state: &mut State, keys: &[&str]) -> Vec<Effect> {
    let mut pending = Vec::new();
    let mut effects = Vec::new();
    for k in keys {
        if let Some(action) = translate(state, &mut pending, key(k)) {
            effects.extend(update(state, action));
        }
    }
    // As the run loop does before it draws the frame after a burst of keys.
    state.finish_analysis();
    effects
}

/// Type text into whatever field has the focus.
pub fn type_text(state: &mut State, text: &str) -> Vec<Effect> {
    let mut pending = Vec::new();
    let mut effects = Vec::new();
    for c in text.chars() {
        if let Some(action) = translate(state, &mut pending, char_key(c)) {
            effects.extend(update(state, action));
        }
    }
    // As the run loop does before it draws the frame after a burst of keys.
    state.finish_analysis();
    effects
}

/// The status bar's message, or "" when there is none.
pub fn notice(state: &State) -> String {
    state
        .status
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// The example plan with its one open ambiguity decided: nothing stops a lock.
pub fn lockable() -> Session {
    let mut s = webhook_session();
    planner_tui::plan::apply(
        &mut s,
        Edit::ResolveAmbiguity {
            id: planner_tui::plan::AmbiguityId(1),
            decision: "10 seconds per attempt".into(),
        },
    )
    .expect("resolve");
    s
}

/// A review of the example plan as one edit: T3 renamed, T9 removed, T7
/// moved to the top, T10 added second, T6's dependency on T5 re-typed, and
/// a constraint saying `constraint`.
pub fn review_revision(s: &Session, constraint: &str) -> Edit {
    let mut t3 = s.task(TaskId(3)).cloned().expect("T3");
    t3.title = "Endpoint registration API, capped at 10".into();
    let mut t10 = planner_tui::plan::Task::new(TaskId(10), "Document the webhook API");
    t10.depends_on.push(planner_tui::plan::Dependency::new(
        TaskId(3),
        DepKind::Interface,
    ));
    Edit::Batch(vec![
        Edit::UpdateTask { task: t3 },
        Edit::DeleteTask {
            id: TaskId(9),
            drop_references: true,
        },
        Edit::MoveTask {
            id: TaskId(7),
            to: 0,
        },
        Edit::AddTask {
            index: 1,
            task: t10,
        },
        Edit::SetDependencyKind {
            task: TaskId(6),
            on: TaskId(5),
            kind: DepKind::Other,
        },
        Edit::AddConstraint {
            constraint: planner_tui::plan::Constraint {
                id: s.next_constraint_id(),
                text: constraint.into(),
                from: None,
                spec: None,
            },
        },
    ])
}
