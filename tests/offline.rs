//! The offline planner on the example webhook spec (snapshots of every step),
//! on two other specs (a billing feature and a CLI command), and its
//! determinism.
#[path = "workflow_common/mod.rs"]
mod common;

use common::*;
use planner_tui::plan::{DepKind, Edit, apply};
use planner_tui::planners::offline;
use planner_tui::workflow::run::offline_proposal;
use planner_tui::workflow::{ProposalItem, Step, answer};

#[test]
fn decompose_snapshot() {
    let s = webhooks();
    let p = offline_proposal(Step::Decompose, &s);
    assert!(p.heuristic);
    insta::assert_snapshot!("decompose", shown(&p));
    insta::assert_snapshot!("decompose_plan", plan_text(&decomposed_webhooks()));
}

#[test]
fn decomposition_reads_like_a_careful_engineer_wrote_it() {
    let s = decomposed_webhooks();
    assert!(
        (10..=16).contains(&s.tasks.len()),
        "{} tasks",
        s.tasks.len()
    );
    // Every requirement is covered, every task has a concrete verification.
    for r in &s.spec.requirements {
        assert!(
            s.tasks.iter().any(|t| t.covers.contains(&r.id)),
            "{} is not covered",
            r.id
        );
    }
    for t in &s.tasks {
        let v = t.verification.as_deref().unwrap_or("");
        assert!(
            v.contains('`') && !offline::verify::is_weak(v),
            "{}: {v}",
            t.title
        );
    }
    // Files follow the context's layout.
    let all: Vec<&str> = s
        .tasks
        .iter()
        .flat_map(|t| t.produces.iter().map(String::as_str))
        .collect();
    for expected in [
        "src/types/webhook.ts",
        "src/repositories/WebhookEndpointRepository.ts",
        "src/jobs/webhookDelivery.ts",
        "src/api/controllers/WebhookDeliveryController.ts",
    ] {
        assert!(all.contains(&expected), "{expected} missing from {all:?}");
    }
    assert!(all.iter().any(|p| p.starts_with("src/migrations/")));
    // Typed dependencies: repository → migration is schema, job → queue is infrastructure.
    let by_title = |needle: &str| s.tasks.iter().find(|t| t.title.contains(needle)).unwrap();
    let migration = by_title("tables");
    let repo = by_title("delivery repository");
    assert!(
        repo.depends_on
            .iter()
            .any(|d| d.on == migration.id && d.kind == DepKind::Schema)
    );
    let job = by_title("background job");
    let dispatcher = by_title("queued jobs");
    assert!(
        dispatcher
            .depends_on
            .iter()
            .any(|d| d.on == job.id && d.kind == DepKind::Infrastructure)
    );
    // Ordered: every task after what it needs, types first.
    for (i, t) in s.tasks.iter().enumerate() {
        for d in &t.depends_on {
            assert!(
                s.position(d.on).unwrap() < i,
                "{} comes before {}",
                t.title,
                d.on
            );
        }
    }
    assert!(s.tasks[0].title.contains("types"));
}

#[test]
fn every_step_snapshot_on_the_example() {
    let base = decomposed_webhooks();

    // Dependencies: the user cleared them all and swapped two tasks.
    let mut s = base.clone();
    for t in &mut s.tasks {
        t.depends_on.clear();
    }
    s.tasks.swap(1, 3);
    let p = offline_proposal(Step::Dependencies, &s);
    assert!(
        p.items
            .iter()
            .any(|i| matches!(i, ProposalItem::MoveTask { .. }))
    );
    insta::assert_snapshot!("dependencies", shown(&p));

    let p = offline_proposal(Step::Ambiguities, &base);
    insta::assert_snapshot!("ambiguities", shown(&p));

    // Revise after two decisions.
    let mut s = base.clone();
    accept(&mut s, &p);
    let secret = s
        .ambiguities
        .iter()
        .find(|a| a.summary.contains("secret"))
        .unwrap()
        .id;
    let queue = s
        .ambiguities
        .iter()
        .find(|a| a.summary.contains("BullMQ"))
        .unwrap()
        .id;
    apply(
        &mut s,
        Edit::ResolveAmbiguity {
            id: secret,
            decision:
                "Each endpoint gets its own secret, generated at registration and stored encrypted."
                    .into(),
        },
    )
    .unwrap();
    apply(
        &mut s,
        Edit::ResolveAmbiguity {
            id: queue,
            decision:
                "Write pending deliveries to an outbox table and enqueue them when BullMQ is back."
                    .into(),
        },
    )
    .unwrap();
    let id = s.next_constraint_id();
    apply(
        &mut s,
        Edit::AddConstraint {
            constraint: planner_tui::plan::Constraint {
                id,
                text: "Support a dry-run mode for partners testing their receivers.".into(),
                from: None,
                spec: None,
            },
        },
    )
    .unwrap();
    let p = offline_proposal(Step::Revise, &s);
    insta::assert_snapshot!("revise", shown(&p));

    // Verify: two tasks lost their verification, one has a vague one.
    let mut s = base.clone();
    s.tasks[1].verification = None;
    s.tasks[5].verification = None;
    s.tasks[8].verification = Some("it works".into());
    let p = offline_proposal(Step::Verify, &s);
    assert_eq!(p.items.len(), 3);
    insta::assert_snapshot!("verify", shown(&p));

    // Completeness: the alert task is gone and a decision is not reflected.
    let mut s = base.clone();
    let alert = s
        .tasks
        .iter()
        .find(|t| t.title.contains("alert"))
        .unwrap()
        .id;
    apply(
        &mut s,
        Edit::DeleteTask {
            id: alert,
            drop_references: true,
        },
    )
    .unwrap();
    let id = s.next_constraint_id();
    apply(
        &mut s,
        Edit::AddConstraint {
            constraint: planner_tui::plan::Constraint {
                id,
                text: "Alerts go out at most once per endpoint per day.".into(),
                from: None,
                spec: None,
            },
        },
    )
    .unwrap();
    let p = offline_proposal(Step::Completeness, &s);
    assert!(p.items.iter().all(ProposalItem::is_informational));
    insta::assert_snapshot!("completeness", shown(&p));

    // Integration: a vague task the user added.
    let mut s = base.clone();
    let mut vague =
        planner_tui::plan::Task::new(s.next_task_id(), "Integrate with the existing auth");
    vague.description = "Hook into the login flow so partners can manage endpoints.".into();
    vague.produces = vec!["lib/auth/partners.ts".into()];
    apply(
        &mut s,
        Edit::AddTask {
            index: 99,
            task: vague,
        },
    )
    .unwrap();
    let p = offline_proposal(Step::Integration, &s);
    insta::assert_snapshot!("integration", shown(&p));
}

#[test]
fn same_input_same_output() {
    let base = decomposed_webhooks();
    for step in Step::ALL {
        let a = offline_proposal(step, &base);
        let b = offline_proposal(step, &base.clone());
        assert_eq!(a, b, "{step}");
    }
    assert_eq!(
        plan_text(&decomposed_webhooks()),
        plan_text(&decomposed_webhooks())
    );
}

#[test]
fn every_offline_answer_survives_its_own_parser() {
    // The offline answer, as JSON, read back through the model path gives the same proposal.
    let base = decomposed_webhooks();
    for (step, s) in Step::ALL.into_iter().map(|st| {
        (
            st,
            if st == Step::Decompose {
                webhooks()
            } else {
                base.clone()
            },
        )
    }) {
        let typed = offline::typed_answer(step, &s);
        let json = serde_json::to_string(&typed.to_json()).unwrap();
        let parsed = answer::parse(step, &json, &s).unwrap_or_else(|e| panic!("{step}: {e}"));
        let direct = offline_proposal(step, &s);
        assert_eq!(parsed.items, direct.items, "{step}");
        assert!(!parsed.repaired, "{step}");
    }
}

#[test]
fn decompose_on_a_plan_with_tasks_keeps_them_and_adds_the_rest() {
    let mut s = webhooks();
    let mut mine = planner_tui::plan::Task::new(s.next_task_id(), "Define the webhook types");
    mine.description = "My own version.".into();
    apply(
        &mut s,
        Edit::AddTask {
            index: 0,
            task: mine.clone(),
        },
    )
    .unwrap();
    let p = offline_proposal(Step::Decompose, &s);
    assert!(
        p.items
            .iter()
            .all(|i| matches!(i, ProposalItem::AddTask { .. })),
        "{:?}",
        p.describe()
    );
    assert!(
        !p.describe()
            .iter()
            .any(|l| l.contains("'Define the webhook types'"))
    );
    accept(&mut s, &p);
    assert_eq!(s.tasks[0], mine);
}

#[test]
fn billing_spec_gets_a_sensible_plan() {
    let mut s = session(BILLING_SPEC, BILLING_CONTEXT);
    let p = offline_proposal(Step::Decompose, &s);
    insta::assert_snapshot!("billing_decompose", shown(&p));
    accept(&mut s, &p);
    let all: Vec<&str> = s
        .tasks
        .iter()
        .flat_map(|t| t.produces.iter().map(String::as_str))
        .collect();
    assert!(
        all.iter().any(|p| p.starts_with("app/migrations/")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|p| p.starts_with("app/tasks/") && p.ends_with(".py")),
        "{all:?}"
    );
    assert!(s.tasks.iter().any(|t| t.title.contains("Stripe")));
    // Reading from a metering service the context does not describe is
    // left to be broken down, not invented.
    let drafts: Vec<&str> = s
        .tasks
        .iter()
        .filter(|t| t.draft)
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(
        drafts,
        ["Break down BIL-7: Usage must be read from the existing metering service"]
    );
    for t in s.tasks.iter().filter(|t| !t.draft) {
        assert!(
            t.verification
                .as_deref()
                .is_some_and(|v| v.contains("pytest")
                    || v.contains("manage.py")
                    || v.contains("mypy")),
            "{}",
            t.title
        );
    }
    let amb = offline_proposal(Step::Ambiguities, &s);
    let text = amb.describe().join("\n");
    for expected in [
        "Stripe",
        "existing metering service",
        "time zone",
        "how long invoices are kept",
    ] {
        assert!(text.contains(expected), "{expected} not in\n{text}");
    }
}

#[test]
fn cli_spec_gets_a_sensible_plan() {
    let mut s = session(CLI_SPEC, CLI_CONTEXT);
    let p = offline_proposal(Step::Decompose, &s);
    accept(&mut s, &p);
    let titles: Vec<&str> = s.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Format notes as Markdown and JSON",
            "Add the `notes export` command",
            "Check the export feature against its performance targets"
        ]
    );
    let command = &s.tasks[1];
    assert!(
        command
            .produces
            .contains(&"src/commands/notes_export.rs".to_string())
    );
    assert!(command.description.contains("Store::list(filter)"));
    assert_eq!(command.covers.len(), 4);
    assert!(
        command
            .verification
            .as_deref()
            .unwrap()
            .starts_with("`cargo test --test notes_export`")
    );
    let amb = offline_proposal(Step::Ambiguities, &s)
        .describe()
        .join("\n");
    assert!(
        amb.contains("time zone") && amb.contains("which fields"),
        "{amb}"
    );
}

#[test]
fn an_empty_spec_gives_an_empty_but_valid_plan() {
    let s = session("", "");
    for step in Step::ALL {
        let p = offline_proposal(step, &s);
        assert!(p.heuristic);
        assert!(p.items.is_empty(), "{step}: {:?}", p.describe());
        assert!(!p.notes[0].is_empty());
        assert!(
            !p.notes.iter().any(|n| n.contains("could not use")),
            "{step}: {:?}",
            p.notes
        );
    }
    let p = offline_proposal(Step::Decompose, &s);
    assert!(p.notes[1].starts_with("no requirements were found in the spec"));
}

#[test]
fn deciding_again_replaces_the_old_decision_in_the_tasks() {
    let mut s = decomposed_webhooks();
    let p = offline_proposal(Step::Ambiguities, &s);
    accept(&mut s, &p);
    let id = s.ambiguities[0].id;
    let decide = |s: &mut planner_tui::plan::Session, text: &str| {
        apply(
            s,
            Edit::ResolveAmbiguity {
                id,
                decision: text.into(),
            },
        )
        .expect("resolve applies");
        let p = offline_proposal(Step::Revise, s);
        accept(s, &p);
    };
    decide(&mut s, "Reject the 11th endpoint with 422.");
    let follows = |s: &planner_tui::plan::Session| -> Vec<String> {
        s.tasks
            .iter()
            .flat_map(|t| t.description.lines())
            .filter(|l| l.starts_with("Follows "))
            .map(str::to_string)
            .collect()
    };
    let first = follows(&s);
    assert!(
        !first.is_empty() && first.iter().all(|l| l.ends_with("with 422.")),
        "{first:?}"
    );

    // Decided again (reopen, decide): the new decision replaces the old one.
    apply(&mut s, Edit::ReopenAmbiguity { id }).expect("reopen applies");
    decide(&mut s, "Reject it with 409 Conflict.");
    let second = follows(&s);
    assert_eq!(second.len(), first.len(), "{second:?}");
    assert!(
        second.iter().all(|l| l.ends_with("with 409 Conflict.")),
        "{second:?}"
    );

    // Reopened for good: revise takes the decision out again.
    apply(&mut s, Edit::ReopenAmbiguity { id }).expect("reopen applies");
    let p = offline_proposal(Step::Revise, &s);
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("decisions that no longer hold were taken out")),
        "{:#?}",
        p.notes
    );
    accept(&mut s, &p);
    assert!(follows(&s).is_empty(), "{:?}", follows(&s));
}

#[test]
fn decisions_already_taken_hold_for_the_tasks_decompose_adds() {
    let mut s = webhooks();
    let c = planner_tui::plan::Constraint::new(
        s.next_constraint_id(),
        "Validate the endpoint URL before it is stored: HTTPS only",
        None,
    );
    apply(&mut s, Edit::AddConstraint { constraint: c }).unwrap();
    let p = offline_proposal(Step::Decompose, &s);
    accept(&mut s, &p);
    let rules = s
        .tasks
        .iter()
        .find(|t| t.title == "Enforce the rules for registering webhook endpoints")
        .expect("the rules task");
    assert!(
        rules
            .description
            .contains("Follows C1: Validate the endpoint URL before it is stored: HTTPS only"),
        "{}",
        rules.description
    );
    let others = s
        .tasks
        .iter()
        .filter(|t| t.description.contains("Follows C1"))
        .count();
    assert!(others <= 3, "the decision went into {others} tasks");
}

#[test]
fn a_spec_alone_gets_drafts_not_invented_files() {
    // No context, and nothing in the spec names a language: no file can be
    // named, so every requirement is a draft that says why.
    let mut s = session(WEBHOOK_SPEC, "");
    let p = offline_proposal(Step::Decompose, &s);
    accept(&mut s, &p);
    assert_eq!(s.tasks.len(), 9);
    assert!(s.tasks.iter().all(|t| t.draft && t.produces.is_empty()));
    assert!(
        s.tasks[0]
            .description
            .contains("the documents do not say which language or framework"),
        "{}",
        s.tasks[0].description
    );
    // The verify step leaves drafts alone.
    let v = offline_proposal(Step::Verify, &s);
    assert!(v.items.is_empty(), "{:?}", v.describe());
}

#[test]
fn slashed_words_tools_and_places_outside_the_project_are_not_tasks() {
    let spec = "# Portzilla\n\nA Rust CLI built with cargo.\n\n## Requirements\n\n\
        - FR-1: `portzilla ls` lists the leases; `portzilla release 3000` frees one.\n\
        - FR-2: The config lives in `~/.config/portzilla/config.toml` and is read at start.\n\
        - FR-3: Show errors/sec and TG_TOKEN/TG_CHAT_ID status on Sleep/Wake.\n\
        - FR-4: When the port is taken, print `EADDRINUSE` and suggest `npm run dev` on another port.\n\
        - FR-5: Write the lease table to `src/leases/table.rs`.\n";
    let mut s = session(spec, "");
    let p = offline_proposal(Step::Decompose, &s);
    accept(&mut s, &p);
    let produced: Vec<&str> = s
        .tasks
        .iter()
        .flat_map(|t| t.produces.iter().map(String::as_str))
        .collect();
    for bad in [
        "errors/sec",
        "TG_TOKEN/TG_CHAT_ID",
        "Sleep/Wake",
        "~/.config/portzilla/config.toml",
    ] {
        assert!(!produced.contains(&bad), "{bad} in {produced:?}");
    }
    assert!(produced.contains(&"src/leases/table.rs"), "{produced:?}");
    let titles: Vec<&str> = s.tasks.iter().map(|t| t.title.as_str()).collect();
    assert!(
        titles.iter().any(|t| t.contains("`portzilla ls`")),
        "{titles:?}"
    );
    assert!(
        !s.tasks
            .iter()
            .filter(|t| !t.draft)
            .any(|t| t.title.contains("EADDRINUSE") || t.title.contains("npm")),
        "{titles:?}"
    );
}
