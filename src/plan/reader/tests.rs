use super::*;

fn ids(reqs: &[Requirement]) -> Vec<&str> {
    reqs.iter().map(|r| r.id.as_str()).collect()
}

fn texts(reqs: &[Requirement]) -> Vec<(String, String, usize)> {
    reqs.iter()
        .map(|r| (r.id.0.clone(), r.text.clone(), r.line))
        .collect()
}

#[test]
fn a_spec_without_sections_is_read_by_the_list_rules() {
    let spec = "TECHNICAL SPEC:\n\
        - Send a POST when an event occurs\n\
        \x20 to every registered URL\n\
        * Sign each body with HMAC-SHA256\n\
        1. Retry three times\n\
        2) Store the delivery status\n\
        FR-010: Alert the account owner\n\
        - **NFR-2**: p99 latency under 2s\n\
        \n\
        The system keeps history. Deliveries MUST be idempotent. It shall log e.g. failures.\n\
        ```\n\
        - not a requirement\n\
        ```\n";
    let (reqs, next) = extract(spec, &[], 1);
    assert_eq!(
        texts(&reqs),
        vec![
            (
                "R1".into(),
                "Send a POST when an event occurs to every registered URL".into(),
                2
            ),
            ("R2".into(), "Sign each body with HMAC-SHA256".into(), 4),
            ("R3".into(), "Retry three times".into(), 5),
            ("R4".into(), "Store the delivery status".into(), 6),
            ("FR-010".into(), "Alert the account owner".into(), 7),
            ("NFR-2".into(), "p99 latency under 2s".into(), 8),
            ("R5".into(), "Deliveries MUST be idempotent.".into(), 10),
            ("R6".into(), "It shall log e.g. failures.".into(), 10),
        ]
    );
    assert_eq!(next, 7);
}

#[test]
fn re_reading_keeps_ids_of_unchanged_requirements() {
    let (first, next) = extract("- alpha\n- beta\n- gamma\n", &[], 1);
    assert_eq!(ids(&first), ["R1", "R2", "R3"]);
    // beta rewritten, delta added at the top, gamma moved.
    let (second, next2) = extract(
        "- delta\n- gamma\n- alpha\n- beta, now changed\n",
        &first,
        next,
    );
    assert_eq!(
        second
            .iter()
            .map(|r| (r.id.as_str(), r.text.as_str()))
            .collect::<Vec<_>>(),
        [
            ("R4", "delta"),
            ("R3", "gamma"),
            ("R1", "alpha"),
            ("R5", "beta, now changed")
        ]
    );
    assert_eq!(next2, 6);
    // R2 is gone and never handed out again.
    let (third, _) = extract("- new one\n", &second, next2);
    assert_eq!(third[0].id.as_str(), "R6");
}

#[test]
fn a_small_edit_keeps_the_id_and_marks_the_change() {
    let spec = "- Retry a failed delivery up to 3 times\n- Store every delivery\n";
    let (first, next) = extract(spec, &[], 1);
    let edited = "- Retry a failed delivery up to 5 times\n- Store every delivery\n";
    let (second, _) = extract(edited, &first, next);
    assert_eq!(ids(&second), ["R1", "R2"]);
    assert_eq!(
        second[0].was.as_deref(),
        Some("Retry a failed delivery up to 3 times")
    );
    assert_eq!(second[1].was, None);
    // Edited back, the mark goes.
    let (third, _) = extract(spec, &second, next);
    assert_eq!(third[0].was, None);
}

#[test]
fn same_input_same_output() {
    let spec = "- a must\n- b\nThe service SHOULD retry. Done.\n";
    assert_eq!(read(spec, &[], 1), read(spec, &[], 1));
}

#[test]
fn labels_that_collide_with_generated_ids_are_respected() {
    let (reqs, _) = extract("- first\nR1: labelled one\n", &[], 1);
    assert_eq!(ids(&reqs), ["R2", "R1"]);
}

#[test]
fn prose_without_modal_is_not_a_requirement() {
    let (reqs, _) = extract("This document describes webhooks.\nIt is long.\n", &[], 1);
    assert!(reqs.is_empty());
    let (reqs, _) = extract("HMAC-SHA256 is used.\n", &[], 1);
    assert!(reqs.is_empty());
}

const SPECKIT: &str = r#"# Feature Specification: Photo albums

**Feature Branch**: `001-albums`
**Created**: 2025-01-01
**Status**: Draft

## Clarifications

### Session 2025-01-02

- Q: How many photos per album? → A: At most 500.

## User Scenarios & Testing *(mandatory)*

### User Story 1 - Create an album (Priority: P1)

A user groups photos into a named album.

**Why this priority**: It is the core of the feature.

**Independent Test**: Create an album and see it listed.

**Acceptance Scenarios**:

1. **Given** a signed-in user, **When** they create "Trip", **Then** it is listed.
2. **Given** an album, **When** it is renamed, **Then** the new name shows.

---

### User Story 2 - Share an album (Priority: P2)

A user shares an album by link.

**Acceptance Scenarios**:

1. **Given** an album, **When** shared, **Then** a link is shown.

### Edge Cases

- What happens when an album is empty?
- How does the system handle 10,000 photos?

## Requirements *(mandatory)*

### Functional Requirements

- **FR-001**: System MUST let users create albums.
- **FR-002**: System MUST let users share albums by link.
- **FR-003**: System MUST authenticate users via [NEEDS CLARIFICATION: auth method not specified]
- **FR-001**: System MUST let users create albums.

### Key Entities *(include if feature involves data)*

- **Album**: a named group of photos.
- **Photo**: an image with a date.

## Success Criteria *(mandatory)*

### Measurable Outcomes

- **SC-001**: Users create an album in under 30 seconds.

## Assumptions

- Users already have accounts.

## Out of Scope

- Video albums.
- Printing albums.

## Review & Acceptance Checklist

- [ ] No implementation details
- [ ] Requirements are testable
"#;

#[test]
fn a_spec_kit_spec_is_read_by_section() {
    let r = read(SPECKIT, &[], 1);
    assert_eq!(
        ids(&r.requirements),
        ["US1", "US2", "FR-001", "FR-002", "FR-003", "SC-001"]
    );
    let us1 = &r.requirements[0];
    assert_eq!(
        us1.text,
        "Create an album: A user groups photos into a named album."
    );
    assert_eq!(
        us1.details,
        [
            "Given a signed-in user, When they create \"Trip\", Then it is listed.",
            "Given an album, When it is renamed, Then the new name shows."
        ]
    );
    assert_eq!(
        r.requirements[2].text,
        "System MUST let users create albums."
    );
    let texts = |v: &[SpecItem]| v.iter().map(|i| i.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&r.exclusions), ["Video albums.", "Printing albums."]);
    assert_eq!(texts(&r.assumptions), ["Users already have accounts."]);
    assert_eq!(
        texts(&r.edge_cases),
        [
            "What happens when an album is empty?",
            "How does the system handle 10,000 photos?"
        ]
    );
    assert_eq!(texts(&r.questions), ["auth method not specified"]);
    assert_eq!(r.questions[0].id, "Q1");
    assert_eq!(
        texts(&r.constraints),
        ["Q: How many photos per album? → A: At most 500."]
    );
    assert_eq!(
        r.entities
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>(),
        ["Album", "Photo"]
    );
}

#[test]
fn kiro_criteria_are_numbered_by_their_requirement() {
    let spec = "# Requirements Document\n\n## Introduction\n\nThe system should sync todos.\n\n\
        ## Requirements\n\n### Requirement 1\n\n**User Story:** As a user, I want sync, so that I can work anywhere.\n\n\
        #### Acceptance Criteria\n\n1. WHEN a todo is saved THEN the system SHALL upload it\n\
        2. IF the network is down THEN the system SHALL queue the change\n\n\
        ### Requirement 2: Conflicts\n\n#### Acceptance Criteria\n\n1. WHEN two edits conflict THEN the system SHALL keep the newest\n";
    let r = read(spec, &[], 1);
    assert_eq!(ids(&r.requirements), ["1.1", "1.2", "2.1"]);
    assert_eq!(
        r.requirements[1].text,
        "IF the network is down THEN the system SHALL queue the change"
    );
}

#[test]
fn labels_stay_whole_and_never_read_as_own_ids() {
    let spec = "## Requirements\n\n- FR-027.D1: Store the date\n- FR-027.D2: Show the date\n\
        - FR-027.S3: Encrypt the date\n- **A1: Scheduled date** is required\n- **F9.** Reports\n\
        - [ ] F10. Exports\n";
    let r = read(spec, &[], 1);
    assert_eq!(
        ids(&r.requirements),
        ["FR-027.D1", "FR-027.D2", "FR-027.S3", "REQ-A1", "F9", "F10"]
    );
    assert_eq!(r.requirements[3].text, "Scheduled date is required");
    assert_eq!(r.requirements[2].text, "Encrypt the date");
}

#[test]
fn stated_requirements_win_over_features_and_prose() {
    let spec = "# Orders PRD\n\n## Overview\n\nThe service must be fast. It should be nice.\n\n\
        ## Goals\n\n- Happy users\n\n## Functional requirements\n\n- Export orders as CSV\n\n\
        ## Non-goals\n\n- Mobile app\n\n## Risks\n\n- The vendor must sign. Mitigation: a fallback.\n\n\
        ## Alternatives considered\n\n- Build it ourselves\n";
    let r = read(spec, &[], 1);
    assert_eq!(
        r.requirements
            .iter()
            .map(|q| q.text.as_str())
            .collect::<Vec<_>>(),
        ["Export orders as CSV"]
    );
    assert_eq!(r.exclusions[0].text, "Mobile app");
}

#[test]
fn features_are_requirements_when_nothing_is_stated() {
    let spec = "<context>\n# Overview\nA task tool.\n\n# Core Features\n\n## Task board\n\
        - What it does: shows tasks in columns\n- Why it's important: overview\n- How it works: drag and drop\n\n\
        ## Search\n- What it does: finds tasks\n- How it works: an index\n\n</context>\n<PRD>\n\
        # Development Roadmap\n- Phase 1: the board\n# Risks and Mitigations\n- Drag and drop must work on phones\n</PRD>\n";
    let r = read(spec, &[], 1);
    assert_eq!(
        r.requirements
            .iter()
            .map(|q| q.text.as_str())
            .collect::<Vec<_>>(),
        ["Task board: shows tasks in columns", "Search: finds tasks"]
    );
}

#[test]
fn metadata_paths_and_duplicates_are_not_requirements() {
    let spec = "## Requirements\n\n- Complexity: Medium\n- Priority: P1\n- /home/me/specs/a.md\n\
        - Users can export\n- Users can export\n- Out of scope: printing\n";
    let r = read(spec, &[], 1);
    assert_eq!(
        r.requirements
            .iter()
            .map(|q| q.text.as_str())
            .collect::<Vec<_>>(),
        ["Users can export"]
    );
    assert_eq!(r.exclusions[0].text, "printing");
}

#[test]
fn open_questions_keep_their_labels() {
    let spec = "## Requirements\n\n- Send mail\n\n## Open Questions\n\n- Q1: Which provider?\n- Q4: How often?\n\
        - Who owns the template?\n";
    let r = read(spec, &[], 1);
    assert_eq!(
        r.questions
            .iter()
            .map(|q| (q.id.as_str(), q.text.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Q1", "Which provider?"),
            ("Q4", "How often?"),
            ("Q2", "Who owns the template?")
        ]
    );
}

#[test]
fn tables_in_requirement_sections_are_rows_of_requirements() {
    let spec = "## Requirements\n\n| ID | Requirement | Priority |\n|----|----|----|\n\
        | FR-1 | Users can log in | High |\n| FR-2 | Users can log out | Low |\n";
    let r = read(spec, &[], 1);
    assert_eq!(
        texts(&r.requirements),
        [
            ("FR-1".into(), "Users can log in".into(), 5),
            ("FR-2".into(), "Users can log out".into(), 6)
        ]
    );
}

#[test]
fn the_webhook_example_has_its_nine_requirements() {
    let spec = include_str!("../../../assets/examples/webhooks-spec.md");
    let r = read(spec, &[], 1);
    assert_eq!(
        ids(&r.requirements),
        [
            "FR-1", "FR-2", "FR-3", "FR-4", "FR-5", "FR-6", "R1", "R2", "R3"
        ]
    );
    assert!(r.exclusions.is_empty() && r.questions.is_empty());
}

#[test]
#[ignore = "prints the sections of $DBG_DOC"]
fn print_sections() {
    let text =
        std::fs::read_to_string(std::env::var("DBG_DOC").unwrap_or_default()).unwrap_or_default();
    let blocks = blocks::scan(&text);
    for s in sections::build(&blocks) {
        eprintln!(
            "{} L{} {:?} own={:?} kind={:?} unit={:?}",
            s.level, s.line, s.heading, s.own, s.kind, s.unit
        );
    }
}

#[test]
fn a_changed_number_keeps_the_id_however_short_the_requirement() {
    let spec = "- 12 retries\n- Store every delivery\n";
    let (first, next) = extract(spec, &[], 1);
    let edited = "- 14 retries\n- Store every delivery\n";
    let (second, _) = extract(edited, &first, next);
    assert_eq!(ids(&second), ["R1", "R2"]);
    assert_eq!(second[0].was.as_deref(), Some("12 retries"));
}
