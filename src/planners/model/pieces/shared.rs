//! The part every piece of a step shares: the rules, the step's
//! instructions, and what the step needs of the spec (a summary, the
//! existing system, the decisions). It is the same text, byte for byte, in
//! every piece, so a server's prompt cache takes it once. Each section has a
//! share of the window; a longer text is cut there, and the cut says so.
use super::super::budget::Budget;
use super::super::prompt::{self, SYSTEM};
use crate::plan::{AmbiguityState, Session};
use crate::planners::Step;

fn instructions(step: Step) -> &'static str {
    match step {
        Step::Decompose => include_str!("../../../../assets/prompts/pieces/decompose.md"),
        Step::Dependencies => include_str!("../../../../assets/prompts/pieces/dependencies.md"),
        Step::Ambiguities => include_str!("../../../../assets/prompts/pieces/ambiguities.md"),
        Step::Revise => include_str!("../../../../assets/prompts/pieces/revise.md"),
        Step::Verify => include_str!("../../../../assets/prompts/pieces/verify.md"),
        Step::Completeness => include_str!("../../../../assets/prompts/pieces/completeness.md"),
        Step::Integration => include_str!("../../../../assets/prompts/pieces/integration.md"),
    }
}

/// The system message of every piece of `step`.
pub fn shared_prefix(step: Step, session: &Session, budget: &Budget) -> String {
    let usable = budget.usable();
    // Shares of the window, in tokens.
    let share = |percent: u32| usable / 100 * percent;
    let spec = &session.spec;
    let mut out = String::new();
    out.push_str(SYSTEM.trim());
    out.push_str("\n\n");
    out.push_str(instructions(step).trim());
    let mut section = |tag: &str, text: String, percent: u32| {
        out.push_str(&format!("\n\n<{tag}>\n"));
        out.push_str(&cut(&text, share(percent), budget));
        out.push_str(&format!("\n</{tag}>"));
    };
    let spec_text = prompt::or_empty(&spec.text, "(the specification is empty)");
    let context = prompt::or_empty(
        &spec.context,
        "(no description of the existing system was given)",
    );
    match step {
        Step::Decompose => {
            section("specification_summary", spec_text, 12);
            section("existing_system", context, 12);
            section("decisions", prompt::constraints(session), 10);
            section(
                "what_else_the_specification_says",
                prompt::spec_reading(session),
                6,
            );
        }
        Step::Dependencies => section("existing_system", context, 15),
        Step::Ambiguities => {
            section("specification_summary", spec_text, 10);
            section("existing_system", context, 10);
            section("decisions", prompt::constraints(session), 6);
            section(
                "what_else_the_specification_says",
                prompt::spec_reading(session),
                8,
            );
            section("ambiguities_already_recorded", recorded(session), 6);
        }
        Step::Revise => {
            section("decisions", prompt::constraints(session), 20);
            section("how_each_ambiguity_was_settled", settled(session), 10);
            section("existing_system", context, 8);
        }
        Step::Verify => {
            section("specification_summary", spec_text, 10);
            section("existing_system", context, 10);
            section("edge_cases", prompt::edge_cases(session), 5);
        }
        Step::Completeness => {
            section("specification_summary", spec_text, 15);
            section("decisions", prompt::constraints(session), 8);
            section(
                "what_else_the_specification_says",
                prompt::spec_reading(session),
                6,
            );
        }
        Step::Integration => section("existing_system", context, 20),
    }
    out
}

/// `text`, or its beginning when it would take more than `tokens`.
fn cut(text: &str, tokens: u32, budget: &Budget) -> String {
    if budget.tokens(text) <= tokens {
        return text.to_string();
    }
    // Bytes that surely fit, on a character boundary.
    let keep = budget.bytes_for(tokens).saturating_sub(200).min(text.len());
    let mut end = keep;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n[… the first {} of {} characters; the rest is left out to keep each request within the model's window]",
        &text[..end],
        end,
        text.len()
    )
}

/// Ambiguities already recorded, one line each (the newest last).
fn recorded(s: &Session) -> String {
    if s.ambiguities.is_empty() {
        return "(none recorded)".to_string();
    }
    s.ambiguities
        .iter()
        .map(|a| format!("- {}: {}", a.id, one_line(&a.summary)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn settled(s: &Session) -> String {
    let lines: Vec<String> = s
        .ambiguities
        .iter()
        .filter_map(|a| match &a.state {
            AmbiguityState::Resolved { decision } => Some(format!(
                "- {} ({}): decided: {}",
                a.id,
                one_line(&a.summary),
                one_line(decision)
            )),
            _ => None,
        })
        .collect();
    if lines.is_empty() {
        "(no ambiguity was settled; follow the decisions above)".to_string()
    } else {
        lines.join("\n")
    }
}

pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
