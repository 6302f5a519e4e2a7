//! `planner-tui resolve`: stage 5 without the terminal app. A decision
//! becomes a constraint linked to its ambiguity, a deferral keeps its
//! reason, a second decision replaces the first (and its constraint), and a
//! wrong id or an empty decision is refused with the session untouched.
mod cli_support;

use cli_support::Home;
use planner_tui::plan::{AmbiguityId, AmbiguityState, Session, Stage, Timestamp};
use predicates::prelude::*;

fn session() -> Session {
    let text = include_str!("fixtures/webhooks.toml");
    planner_tui::store::parse_session(std::path::Path::new("webhooks.toml"), text)
        .expect("the fixture parses")
}

fn load(p: &std::path::Path) -> Session {
    planner_tui::store::load(p).expect("the session loads")
}

#[test]
fn deciding_deferring_and_redeciding() {
    let h = Home::new();
    let mut s = session();
    s.stage = Stage::Ambiguities;
    s.updated = Timestamp(0);
    let path = h.save("plan.toml", &s);
    let arg = path.display().to_string();

    h.cmd()
        .args([
            "resolve",
            &arg,
            "A1",
            "--decide",
            "Ten seconds, connect included",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "A1 resolved; the decision is now a constraint (C",
        ));
    let after = load(&path);
    let a1 = after
        .ambiguities
        .iter()
        .find(|a| a.id == AmbiguityId(1))
        .expect("A1");
    assert!(
        matches!(&a1.state, AmbiguityState::Resolved { decision } if decision == "Ten seconds, connect included")
    );
    let linked: Vec<_> = after
        .spec
        .constraints
        .iter()
        .filter(|c| c.from == Some(AmbiguityId(1)))
        .collect();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].text, "Ten seconds, connect included");
    assert_eq!(
        after.stage,
        Stage::Resolve,
        "settling an ambiguity is stage 5's work"
    );

    // Deciding again replaces the decision and its constraint.
    h.cmd()
        .args(["resolve", &arg, "A1", "--decide", "Five seconds"])
        .assert()
        .success();
    let after = load(&path);
    let linked: Vec<_> = after
        .spec
        .constraints
        .iter()
        .filter(|c| c.from == Some(AmbiguityId(1)))
        .collect();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].text, "Five seconds");

    // Deferring a decided one drops its constraint.
    h.cmd()
        .args([
            "resolve",
            &arg,
            "A1",
            "--defer",
            "waiting on the partner team",
        ])
        .assert()
        .success()
        .stdout("A1 deferred\n");
    let after = load(&path);
    assert!(
        after
            .spec
            .constraints
            .iter()
            .all(|c| c.from != Some(AmbiguityId(1)))
    );
    assert!(
        matches!(&after.ambiguities[0].state, AmbiguityState::Deferred { reason } if reason == "waiting on the partner team")
    );

    h.cmd()
        .args(["resolve", &arg, "A1", "--not-an-issue"])
        .assert()
        .success()
        .stdout("A1 marked as not an issue\n");
    h.cmd()
        .args(["resolve", &arg, "A1", "--reopen"])
        .assert()
        .success()
        .stdout("A1 reopened\n");
    assert!(load(&path).ambiguities[0].is_open());
}

#[test]
fn a_wrong_id_or_an_empty_decision_is_refused_and_nothing_changes() {
    let h = Home::new();
    let path = h.save("plan.toml", &session());
    let before = std::fs::read(&path).expect("read");
    let arg = path.display().to_string();
    h.cmd()
        .args(["resolve", &arg, "A9", "--decide", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the session has no ambiguity A9 (it has A1, A2)",
        ));
    h.cmd()
        .args(["resolve", &arg, "T1", "--decide", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`T1`"));
    h.cmd()
        .args(["resolve", &arg, "A1", "--decide", "   "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the decision cannot be empty"));
    h.cmd().args(["resolve", &arg, "A1"]).assert().code(2);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the file is untouched"
    );
}
