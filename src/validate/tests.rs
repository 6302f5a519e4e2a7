//! The passes, the verdict and the renderings on small hand-written plans.
use super::*;
use crate::analysis::analyse;
use crate::plan::{Dependency, Requirement, Task, Timestamp};
use crate::workflow::Step;
use crate::workflow::run::offline_proposal;

/// Requirements R1..=R`reqs`; tasks `(id, deps, covers)` in plan order, each
/// verified by a command.
fn plan(reqs: usize, tasks: &[(u32, &[&str], &[&str])]) -> Session {
    let mut s = Session::new("t", "Test plan", Timestamp(0));
    s.spec.requirements = (1..=reqs)
        .map(|k| {
            Requirement::new(
                format!("R{k}").as_str(),
                format!("Requirement\n   number {k}"),
                k + 2,
            )
        })
        .collect();
    for (id, deps, covers) in tasks {
        let mut t = Task::new(TaskId(*id), format!("Task {id}"));
        t.depends_on = deps
            .iter()
            .map(|d| d.parse::<Dependency>().unwrap())
            .collect();
        t.covers = covers.iter().map(|c| RequirementId::from(*c)).collect();
        t.verification = Some(format!("cargo test task_{id}"));
        t.produces = vec![format!("src/step_{}.rs", s.tasks.len() + 1)];
        s.tasks.push(t);
    }
    s
}

fn run(s: &Session, readings: Readings) -> Validation {
    validate(s, &analyse(s), readings)
}

#[test]
fn the_coverage_table_lists_each_requirement_with_its_tasks() {
    let s = plan(
        3,
        &[
            (1, &[], &["R2"]),
            (2, &["T1"], &["R1", "R2", "R2"]),
            (3, &["T2"], &[]),
        ],
    );
    let v = run(&s, Readings::not_run());
    let rows = &v.completeness.requirements;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].requirement.as_str(), "R1");
    assert_eq!(rows[0].tasks, vec![TaskId(2)]);
    assert_eq!(rows[1].tasks, vec![TaskId(1), TaskId(2)], "once per task");
    assert!(!rows[2].is_covered());
    assert_eq!(rows[2].text, "Requirement number 3", "one line");
    assert_eq!(rows[2].line, 5);
    assert_eq!(
        (v.completeness.covered(), v.completeness.uncovered()),
        (2, 1)
    );
    // T3 covers nothing: a completeness finding linked to T3.
    let f = &v.completeness.findings;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code, Some(Code::TaskCoversNothing));
    assert_eq!(f[0].link, Some(Link::Task(TaskId(3))));
}

#[test]
fn errors_and_uncovered_requirements_block_and_are_linked() {
    // T1 depends on T2, which comes later; T3 and T4 depend on each other;
    // T2 names a task that does not exist; R2 is covered by nobody.
    let s = plan(
        2,
        &[
            (1, &["T2"], &["R1"]),
            (2, &["T9"], &["R1"]),
            (3, &["T4"], &["R1"]),
            (4, &["T3"], &["R1"]),
        ],
    );
    let v = run(&s, Readings::not_run());
    let codes: Vec<Code> = v.ordering.findings.iter().filter_map(|e| e.code).collect();
    assert!(codes.contains(&Code::Cycle), "{codes:?}");
    assert!(codes.contains(&Code::OrderingViolation), "{codes:?}");
    assert!(codes.contains(&Code::DanglingDependency), "{codes:?}");
    let dangling = v
        .ordering
        .findings
        .iter()
        .find(|e| e.code == Some(Code::DanglingDependency))
        .unwrap();
    assert_eq!(
        dangling.link,
        Some(Link::Task(TaskId(2))),
        "the task in the plan, not the missing one"
    );
    assert_eq!(v.ordering.errors(), 3);
    assert_eq!(v.ordering.waves, None, "no waves while there is a cycle");
    assert_eq!(v.verdict.readiness, Readiness::NotReady);
    assert_eq!(
        v.verdict.headline(),
        "Not ready: 3 errors, 1 uncovered requirement"
    );
    assert!(!v.verdict.is_ready());
}

#[test]
fn warnings_and_model_concerns_do_not_block() {
    let mut s = plan(1, &[(1, &[], &["R1"]), (2, &["T1"], &["R1"])]);
    s.tasks[1].verification = Some("it works".to_string());
    s.tasks[1].description = "Integrate with the existing billing code.".to_string();
    let v = run(&s, Readings::not_run());
    assert_eq!(v.verdict.readiness, Readiness::ReadyWithWarnings);
    let texts: Vec<&str> = v.verdict.warnings.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "1 vague verification",
            "1 task that integrates without saying how"
        ]
    );
    assert_eq!(v.verdict.headline(), "Ready to export, with 2 warnings");
    assert_eq!(v.integration.findings.len(), 1);
    assert_eq!(v.integration.findings[0].code, Some(Code::VagueIntegration));
    assert_eq!(v.integration.findings[0].link, Some(Link::Task(TaskId(2))));

    let clean = plan(1, &[(1, &[], &["R1"]), (2, &["T1"], &["R1"])]);
    let v = run(&clean, Readings::not_run());
    assert_eq!(v.verdict.readiness, Readiness::Ready);
    assert_eq!(v.verdict.headline(), "Ready to export");
    assert_eq!(v.ordering.waves, Some(2));
    assert_eq!(v.ordering.dependencies, 1);
}

#[test]
fn an_empty_plan_is_not_ready() {
    let v = run(&plan(0, &[]), Readings::not_run());
    assert_eq!(v.verdict.headline(), "Not ready: no tasks yet");
    assert_eq!(
        v.verdict.warnings[0].text,
        "no requirements in the spec to check coverage against"
    );
}

#[test]
fn model_readings_are_linked_and_repeat_nothing_in_the_verdict() {
    let mut s = plan(2, &[(1, &[], &["R1"])]);
    s.tasks[0].title = "Hook into the existing scheduler".to_string();
    let readings = Readings {
        completeness: Reading::from_proposal(&offline_proposal(Step::Completeness, &s)),
        integration: Reading::from_proposal(&offline_proposal(Step::Integration, &s)),
    };
    let v = run(&s, readings);
    let gaps = v.completeness.model.entries();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(
        gaps[0].link,
        Some(Link::Requirement(RequirementId::from("R2")))
    );
    assert_eq!(v.completeness.model.reader(), "the offline planner");
    // The gap is R2, already an uncovered row: not counted again.
    assert!(v.completeness.new_model_gaps().is_empty());
    let concerns = v.integration.model.entries();
    assert!(!concerns.is_empty());
    assert!(
        concerns
            .iter()
            .all(|e| e.link == Some(Link::Task(TaskId(1))))
    );
    let texts: Vec<&str> = v.verdict.warnings.iter().map(|r| r.text.as_str()).collect();
    assert!(
        texts.iter().any(
            |t| t.ends_with("read by the offline planner") && t.contains("integration concern")
        ),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("coverage gap")),
        "{texts:?}"
    );

    // A failed reading is a warning; one not run is not.
    let s = plan(1, &[(1, &[], &["R1"])]);
    let v = run(
        &s,
        Readings {
            completeness: Reading::failed("the server answered 503"),
            integration: Reading::NotRun,
        },
    );
    assert_eq!(v.verdict.readiness, Readiness::ReadyWithWarnings);
    assert_eq!(v.verdict.warnings[0].text, "1 model reading that failed");
}

#[test]
fn text_names_everything_and_carries_no_control_characters() {
    let mut s = plan(2, &[(1, &["T2"], &["R1"]), (2, &[], &["R1"])]);
    s.title = "Evil \u{1b}[2J title".to_string();
    s.spec.requirements[1].text = "Beep\u{7} and \u{1b}]52;c;x\u{7}".to_string();
    let v = run(&s, Readings::not_run());
    let out = text::render(&s, &v, "--no-model");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
    assert!(
        out.contains("Validation: Evil ␛[2J title (2 tasks, 2 requirements)"),
        "{out}"
    );
    assert!(
        out.contains("Not ready: 1 error, 1 uncovered requirement"),
        "{out}"
    );
    assert!(out.contains("✓ R1  Requirement number 1"), "{out}");
    assert!(out.contains("covered by T1, T2"), "{out}");
    assert!(out.contains("✗ R2  Beep� and ␛]52;c;x�"), "{out}");
    assert!(out.contains("covered by no task"), "{out}");
    assert!(out.contains("Ordering: 1 error"), "{out}");
    assert!(out.contains("error[ordering-violation]:"), "{out}");
    assert!(out.contains("Model reading: not run (--no-model)"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
}

#[test]
fn json_has_the_verdict_and_every_link() {
    let s = plan(2, &[(1, &["T2"], &["R1"]), (2, &[], &[])]);
    let v = run(&s, Readings::not_run());
    let doc: serde_json::Value = serde_json::from_str(&json::render(&s, &v).unwrap()).unwrap();
    assert_eq!(doc["session"], "t");
    assert_eq!(doc["ready"], false);
    assert_eq!(doc["verdict"]["readiness"], "not_ready");
    assert_eq!(doc["verdict"]["blockers"][0]["text"], "1 error");
    assert_eq!(doc["completeness"]["requirements"][1]["requirement"], "R2");
    assert_eq!(
        doc["completeness"]["requirements"][0]["tasks"],
        serde_json::json!(["T1"])
    );
    assert_eq!(doc["completeness"]["model"]["state"], "not_run");
    assert_eq!(doc["ordering"]["findings"][0]["code"], "ordering-violation");
    assert_eq!(doc["ordering"]["findings"][0]["link"]["task"], "T1");
    assert_eq!(doc["completeness"]["findings"][0]["link"]["task"], "T2");
}

/// A plan that is ready, then one defect at a time: each must make it not
/// ready, with its own reason, and with an entry a user can go to.
#[test]
fn each_defect_a_reviewer_would_refuse_blocks_the_verdict() {
    use crate::plan::{Ambiguity, AmbiguityCategory, AmbiguityId, RiskLevel, SpecItem};
    let ready = plan(2, &[(1, &[], &["R1"]), (2, &["T1"], &["R2"])]);
    assert_eq!(
        run(&ready, Readings::not_run()).verdict.readiness,
        Readiness::Ready
    );

    let blocked = |s: &Session, reason: &str| {
        let v = run(s, Readings::not_run());
        assert_eq!(
            v.verdict.readiness,
            Readiness::NotReady,
            "{reason}: {}",
            v.verdict.headline()
        );
        assert!(
            v.verdict.blockers.iter().any(|b| b.text == reason),
            "expected `{reason}` in {:?}",
            v.verdict.blockers
        );
        assert!(
            v.completeness
                .findings
                .iter()
                .chain(&v.ordering.findings)
                .any(|e| e.severity == Severity::Error),
            "{reason}: the blocking entry is listed"
        );
    };

    let mut s = ready.clone();
    s.tasks[1].produces.clear();
    blocked(&s, "1 task that produces nothing");
    // ... and the requirement only it covers counts as uncovered.
    blocked(&s, "1 uncovered requirement");

    let mut s = ready.clone();
    s.spec.requirements[0].text = "Export orders as CSV".into();
    s.tasks[0].title = "Meet R1: export orders as CSV".into();
    blocked(&s, "1 task that only restates its requirement");

    let mut s = ready.clone();
    s.spec.exclusions.push(SpecItem {
        id: "X1".into(),
        label: None,
        text: "Mobile app push notifications".into(),
        line: 9,
    });
    s.tasks[1].title = "Send mobile app push notifications".into();
    blocked(&s, "1 task planning what the spec excludes");

    let mut s = ready.clone();
    s.tasks[0].verification = None;
    blocked(&s, "1 task without verification");

    let mut s = plan(2, &[(1, &[], &["R1"]), (2, &[], &["R2"])]);
    s.tasks[1].produces = s.tasks[0].produces.clone();
    blocked(&s, "1 file written by tasks in no set order");

    let mut s = ready.clone();
    let mut a = Ambiguity::new(
        AmbiguityId(1),
        AmbiguityCategory::Underspecified,
        "Which currency?",
    );
    a.level = RiskLevel::High;
    s.ambiguities.push(a);
    blocked(&s, "1 open high-risk ambiguity");
    // Deciding it unblocks; a medium one only warns.
    s.ambiguities[0].state = crate::plan::AmbiguityState::Resolved {
        decision: "EUR".into(),
    };
    assert!(run(&s, Readings::not_run()).verdict.is_ready());
    s.ambiguities[0].state = crate::plan::AmbiguityState::Open;
    s.ambiguities[0].level = RiskLevel::Medium;
    assert!(run(&s, Readings::not_run()).verdict.is_ready());

    let mut s = ready.clone();
    s.spec.questions.push(SpecItem {
        id: "Q1".into(),
        label: None,
        text: "Which payment provider?".into(),
        line: 4,
    });
    blocked(&s, "1 question the spec leaves open");
    // Taken up by an ambiguity (whatever it says), it is the ambiguity's to block.
    let mut a = Ambiguity::new(
        AmbiguityId(1),
        AmbiguityCategory::Underspecified,
        "Provider?",
    );
    a.source = Some("Q1".into());
    a.state = crate::plan::AmbiguityState::Deferred {
        reason: "pilot first".into(),
    };
    s.ambiguities.push(a);
    assert!(run(&s, Readings::not_run()).verdict.is_ready());
}
