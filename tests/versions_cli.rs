//! `planner-tui lock`, `versions` and `diff` as a user runs them: the real
//! binary on session files in a temporary home.
mod cli_support;
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use cli_support::Home;
use common::{lockable, review_revision, webhook_session};
use planner_tui::plan::{Edit, Session, Timestamp, apply};
use planner_tui::store;
use serde_json::Value;

const WITH_ERRORS: &str = "tests/fixtures/webhooks.toml";

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn lock_is_refused_with_the_errors_listed_and_the_file_unchanged() {
    let h = Home::new();
    let plan = h.plan();
    fs::copy(WITH_ERRORS, &plan).expect("copy fixture");
    let before = fs::read(&plan).expect("read");
    let (code, out, err) = h.run(&["lock", path(&plan), "--note", "first", "--yes"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("planner-tui: cannot lock \"Outbound webhooks for the Orders API\": the analysis found 1 error:\n"),
        "{err}"
    );
    assert!(
        err.contains("  ordering-violation: T4 'Webhook delivery job' (position 4) depends on T9"),
        "{err}"
    );
    assert!(err.contains("(T4, T9)\n"), "{err}");
    assert!(
        err.contains("shows each, with its fix), then lock again."),
        "{err}"
    );
    assert_eq!(fs::read(&plan).expect("read"), before);
}

#[test]
fn open_ambiguities_refuse_without_a_terminal_unless_yes() {
    let h = Home::new();
    let plan = h.save_plan(&webhook_session());
    let (code, out, err) = h.run(&["lock", path(&plan), "--note", "first cut"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.starts_with(
            "1 ambiguity is still open:\n  A1  What counts as a timeout for a delivery attempt?\n"
        ),
        "{err}"
    );
    assert!(err.contains("pass --yes to lock anyway"), "{err}");
    assert!(h.load_plan().versions.is_empty());

    let (code, out, err) = h.run(&["lock", path(&plan), "--note", "first cut", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Locked version 1 of \"Outbound webhooks\": 9 tasks, 9 dependencies, 1 constraint\n"
    );
    let s = h.load_plan();
    assert_eq!(s.versions.len(), 1);
    assert_eq!(s.versions[0].note, "first cut");
    assert_eq!(s.versions[0].tasks, s.tasks);
    assert_eq!(s.versions[0].constraints, s.spec.constraints);
}

#[test]
fn lock_numbers_versions_and_says_when_nothing_changed() {
    let h = Home::new();
    let plan = h.save_plan(&lockable());
    let (code, out, _) = h.run(&["lock", path(&plan), "-n", "one"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Locked version 1 "), "{out}");
    let (code, out, _) = h.run(&["lock", path(&plan), "-n", "two"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Locked version 2 "), "{out}");
    assert!(
        out.ends_with("  (the plan is the same as version 1)\n"),
        "{out}"
    );
    assert_eq!(
        h.load_plan()
            .versions
            .iter()
            .map(|v| v.number)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn lock_is_refused_while_another_editor_holds_the_session() {
    let h = Home::new();
    let plan = h.save_plan(&lockable());
    let held = store::lock(&plan).expect("take the lock");
    // --wait 0: refused at once (waiting for the lock is tests/wait_cli.rs).
    let (code, _, err) = h.run(&["lock", path(&plan), "--note", "x", "--wait", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("planner-tui: error: "), "{err}");
    drop(held);
    assert!(h.load_plan().versions.is_empty());
    assert_eq!(h.run(&["lock", path(&plan), "--note", "x"]).0, 0);
}

/// v1 as locked, v2 after a revision: T3 renamed, T10 added at 2, T7 moved
/// to the top, T9 removed, a dependency re-typed, a constraint added.
fn two_versions(h: &Home) -> PathBuf {
    let mut s = lockable();
    let lock = |s: &mut Session, note: &str, day: u32| {
        apply(
            s,
            Edit::LockVersion {
                note: note.into(),
                at: Timestamp::from_civil(2026, 11, day, 10, 0, 0),
            },
        )
        .expect("lock");
    };
    lock(&mut s, "first cut", 25);
    let revision = review_revision(&s, "Deliveries time out after \u{1b}[31m10 s");
    apply(&mut s, revision).expect("revision");
    lock(&mut s, "after review \u{1b}]0;pwned\u{7}", 26);
    s.tasks[0].verification = Some("curl /admin/deliveries/1".into());
    h.save_plan(&s)
}

#[test]
fn versions_lists_each_with_date_note_and_counts() {
    let h = Home::new();
    let plan = two_versions(&h);
    let (code, out, err) = h.run(&["versions", path(&plan)]);
    assert_eq!(code, 0, "{err}");
    let expected = "\
Outbound webhooks: 2 locked versions

VERSION  LOCKED            TASKS   DEPS  CONSTRAINTS  NOTE
v1       2026-11-25 10:00      9      9            2  first cut
v2       2026-11-26 10:00      9      8            3  after review ␛]0;pwned�
current  draft                 9      8            3  changed since v2
";
    assert_eq!(out, expected);
}

#[test]
fn versions_as_json() {
    let h = Home::new();
    let plan = two_versions(&h);
    let (code, out, _) = h.run(&["versions", path(&plan), "--json"]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["title"], "Outbound webhooks");
    assert_eq!(v["versions"][0]["number"], 1);
    assert_eq!(v["versions"][0]["locked_at"], "2026-11-25T10:00:00Z");
    assert_eq!(v["versions"][0]["note"], "first cut");
    assert_eq!(v["versions"][1]["note"], "after review \u{1b}]0;pwned\u{7}");
    assert_eq!(v["versions"][1]["tasks"], 9);
    assert_eq!(v["versions"][1]["dependencies"], 8);
    assert_eq!(v["versions"][1]["constraints"], 3);
    assert_eq!(v["current"]["last_version"], 2);
    assert_eq!(v["current"]["changed_since_last"], true);
}

#[test]
fn versions_without_any_says_how_to_lock() {
    let h = Home::new();
    let plan = h.save_plan(&lockable());
    let (code, out, _) = h.run(&["versions", path(&plan)]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Outbound webhooks: 0 locked versions\n"),
        "{out}"
    );
    assert!(
        out.contains("current  draft                 9      9            2  not locked yet\n"),
        "{out}"
    );
    assert!(
        out.contains("Lock the plan as version 1: planner-tui lock "),
        "{out}"
    );
}

#[test]
fn diff_between_two_versions() {
    let h = Home::new();
    let plan = two_versions(&h);
    let (code, out, err) = h.run(&["diff", path(&plan), "1", "v2"]);
    assert_eq!(code, 0, "{err}");
    let expected = "\
Changes from v1 (locked 2026-11-25 10:00) to v2 (locked 2026-11-26 10:00): 1 added · 1 removed · 1 changed · 1 moved · 1 dependency change · 1 constraint change

Added (1)
  + T10  Document the webhook API  (at 2)
    depends on T3 (interface)

Removed (1)
  - T9  Emit events from the order and payment handlers  (was 9)

Changed (1)
  ~ T3  Endpoint registration API, capped at 10
    title: \"Endpoint registration API with a cap of 10 per event type\" → \"Endpoint registration API, capped at 10\"

Moved (1)
  ↕ T7  Admin API: read a delivery's status  7 → 1

Dependencies (1 change on 1 task)
  T6  Retry policy: 3 retries after 5 s, 25 s and 125 s
    ~ T5: infrastructure → other

Constraints (1)
  + C3  Deliveries time out after ␛[31m10 s
";
    assert_eq!(out, expected);
}

#[test]
fn diff_defaults_to_the_current_plan() {
    let h = Home::new();
    let plan = two_versions(&h);
    let (code, out, _) = h.run(&["diff", path(&plan), "2"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Changes from v2 (locked 2026-11-26 10:00) to the current plan: 1 changed\n"
        ),
        "{out}"
    );
    assert!(out.contains("    verification: \"GET /admin/deliveries/:id returns the status (tests/admin.r…\" → \"curl /admin/deliveries/1\"\n"), "{out}");
    let (_, out, _) = h.run(&["diff", path(&plan), "current", "current"]);
    assert_eq!(
        out,
        "Changes from the current plan to the current plan: no changes\n"
    );
}

#[test]
fn diff_names_the_versions_that_exist() {
    let h = Home::new();
    let plan = two_versions(&h);
    let (code, _, err) = h.run(&["diff", path(&plan), "7"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "planner-tui: error: there is no version 7: the versions are 1, 2\n"
    );
    let (code, _, err) = h.run(&["diff", path(&plan), "latest"]);
    assert_eq!(code, 2);
    assert!(err.contains("`latest` is not a version"), "{err}");
    let plan = h.save_plan(&lockable());
    let (code, _, err) = h.run(&["diff", path(&plan), "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("no version has been locked yet"), "{err}");
}

#[test]
fn an_empty_note_is_refused() {
    let h = Home::new();
    let plan = h.save_plan(&webhook_session());
    let before = fs::read(&plan).expect("read");
    let (code, _, err) = h.run(&["lock", path(&plan), "--note", "  ", "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the note cannot be empty"), "{err}");
    assert_eq!(fs::read(&plan).expect("read"), before, "nothing written");
}

#[test]
fn a_plan_with_no_tasks_cannot_be_locked() {
    let h = Home::new();
    let empty = planner_tui::plan::Session::new("e", "Empty", Timestamp(0));
    let plan = h.save_plan(&empty);
    let (code, _, err) = h.run(&["lock", path(&plan), "--note", "nothing", "--yes"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the plan has no tasks yet"), "{err}");
    assert!(h.load_plan().versions.is_empty());
}
