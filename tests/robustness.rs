//! Properties over arbitrary input: reading any text as an answer never
//! panics, and the offline planner's answers to any spec are always valid
//! and can always be accepted.
#[path = "workflow_common/mod.rs"]
mod common;

use planner_tui::workflow::run::offline_proposal;
use planner_tui::workflow::{Step, parse};
use proptest::prelude::*;

const ANSWER: &str = r#"{"tasks": [{"number": 1, "title": "Define types", "description": "d", "produces": ["src/a.ts"], "depends_on": [], "covers": ["FR-1"], "verification": "npm test"}, {"number": 2, "title": "Use them", "description": "", "produces": [], "depends_on": [{"task": 1, "kind": "interface"}], "covers": [], "verification": null}], "notes": ["n"]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_is_read_without_panicking(text in "\\PC{0,300}") {
        let s = common::webhooks();
        for step in Step::ALL {
            let _ = parse(step, &text, &s);
        }
    }

    #[test]
    fn any_cut_of_a_valid_answer_is_read_without_panicking(cut in 0usize..ANSWER.len()) {
        let s = common::webhooks();
        let _ = parse(Step::Decompose, &ANSWER[..cut], &s);
    }

    #[test]
    fn json_like_noise_is_read_without_panicking(text in "[\\[\\]{}\",:'a-z0-9 /*#\\\\\n]{0,200}") {
        let s = common::webhooks();
        let _ = parse(Step::Dependencies, &text, &s);
        let _ = parse(Step::Decompose, &text, &s);
    }

    #[test]
    fn offline_answers_to_any_spec_are_valid(
        lines in proptest::collection::vec("(- |FR-[0-9]: |)[A-Za-z0-9 ,.'`()-]{0,80}", 0..8),
        context in "[A-Za-z0-9 ,.`/()-]{0,120}",
    ) {
        let mut s = common::session(&lines.join("\n"), &context);
        for step in [Step::Decompose, Step::Dependencies, Step::Ambiguities, Step::Verify, Step::Revise, Step::Completeness, Step::Integration] {
            let p = offline_proposal(step, &s);
            prop_assert!(!p.notes.iter().any(|n| n.contains("could not use")), "{step}: {:?}", p.notes);
            let accepted = p.accept_all(&s);
            prop_assert!(accepted.is_ok(), "{step}: {accepted:?}");
            if let Ok(a) = accepted {
                planner_tui::plan::apply(&mut s, a.edit).unwrap();
            }
        }
    }
}
