//! The spec reader on generated documents: Markdown-like lines in any order
//! (headings of every kind, labelled and unlabelled items, tables, code,
//! stray markup). Whatever the text, reading never panics, is deterministic,
//! gives every item of a kind its own id, never gives a requirement an id
//! that reads as a task, ambiguity or constraint id, and reading the same
//! text again with the first reading as `previous` keeps every id.
use std::collections::HashSet;

use planner_tui::plan::reader::read;
use planner_tui::plan::{AmbiguityId, ConstraintId, TaskId};
use proptest::prelude::*;

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Title".to_string()),
        Just("## Requirements *(mandatory)*".to_string()),
        Just("### Functional Requirements".to_string()),
        Just("## Out of Scope".to_string()),
        Just("## Open Questions".to_string()),
        Just("## Assumptions".to_string()),
        Just("### Key Entities".to_string()),
        Just("## Risks".to_string()),
        Just("## Goals and Non-Goals".to_string()),
        Just("### User Story 1 - Thing (Priority: P1)".to_string()),
        Just("### Requirement 2".to_string()),
        Just("**Acceptance Scenarios**:".to_string()),
        Just("**Out of scope**".to_string()),
        Just("Non-goals:".to_string()),
        Just("- **FR-001**: System MUST store it".to_string()),
        Just("- FR-027.D1: Dotted label".to_string()),
        Just("- **A1: Scheduled date** is set".to_string()),
        Just("- T3: a task-like label".to_string()),
        Just("1. **Given** x, **When** y, **Then** z".to_string()),
        Just("1. WHEN a THEN the system SHALL b".to_string()),
        Just("  - nested detail".to_string()),
        Just("- Out of scope: printing".to_string()),
        Just("- Priority: P1".to_string()),
        Just("- [NEEDS CLARIFICATION: which one?]".to_string()),
        Just("| ID | Requirement |".to_string()),
        Just("|----|----|".to_string()),
        Just("| FR-9 | Table row |".to_string()),
        Just("```".to_string()),
        Just("The service should retry. Add a cache.".to_string()),
        Just("---".to_string()),
        Just("".to_string()),
        "[ -~]{0,30}",
        "[#*_`>|\\[\\]():.-]{1,6}[a-zA-Z0-9 ]{0,12}",
        "\\PC{0,20}",
    ]
}

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_text_reads_into_distinct_safe_ids(text in doc()) {
        let r = read(&text, &[], 1);
        prop_assert_eq!(&r, &read(&text, &[], 1), "deterministic");
        let mut ids = HashSet::new();
        for q in &r.requirements {
            prop_assert!(ids.insert(q.id.as_str().to_string()), "duplicate id {}", q.id);
            prop_assert!(q.id.as_str().parse::<TaskId>().is_err(), "{} reads as a task", q.id);
            prop_assert!(q.id.as_str().parse::<AmbiguityId>().is_err(), "{} reads as an ambiguity", q.id);
            prop_assert!(q.id.as_str().parse::<ConstraintId>().is_err(), "{} reads as a constraint", q.id);
            prop_assert!(!q.text.trim().is_empty());
            prop_assert!(q.line >= 1 && q.line <= text.lines().count().max(1));
        }
        for list in [&r.exclusions, &r.assumptions, &r.questions, &r.edge_cases, &r.constraints] {
            let mut seen = HashSet::new();
            for i in list.iter() {
                prop_assert!(seen.insert(i.id.clone()), "duplicate id {}", i.id);
            }
        }
        let again = read(&text, &r.requirements, r.next_requirement);
        prop_assert_eq!(
            again.requirements.iter().map(|q| q.id.clone()).collect::<Vec<_>>(),
            r.requirements.iter().map(|q| q.id.clone()).collect::<Vec<_>>(),
            "re-reading the same text keeps every id"
        );
        prop_assert!(again.requirements.iter().all(|q| q.was.is_none()));
    }
}
