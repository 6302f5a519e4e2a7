//! What each step asks: the prompt templates in `assets/prompts/` (embedded at
//! build time) filled with the session, plus the JSON schema the answer must
//! follow. Tasks are shown by number (their position, 1..n), never by id, so
//! that answers speak in numbers the mapping understands.
//!
//! Placeholders: `{{spec}}`, `{{context}}`, `{{requirements}}`,
//! `{{constraints}}`, `{{spec_reading}}` (exclusions, assumptions, open
//! questions, edge cases and entities the spec reader found), `{{edge_cases}}`,
//! `{{tasks}}`, `{{ambiguities}}`, `{{task_count}}`, `{{next_number}}`. They are filled in one pass, so text from the spec that
//! happens to contain `{{tasks}}` is left alone.
use std::sync::LazyLock;

use serde_json::Value;

use crate::plan::{AmbiguityState, Session, Task};
use crate::planners::Step;
use crate::planners::answer::Shape;

/// A rendered prompt: what to send for one step.
#[derive(Debug, Clone, PartialEq)]
pub struct PromptParts {
    pub system: String,
    pub user: String,
    /// The schema's name, for `response_format.json_schema.name`.
    pub schema_name: &'static str,
    /// A JSON schema valid for OpenAI's strict structured output.
    pub schema: Value,
}

impl PromptParts {
    /// The schema spelled out, for providers that cannot enforce it.
    pub fn schema_instructions(&self) -> String {
        let pretty = serde_json::to_string_pretty(&self.schema).unwrap_or_default();
        format!(
            "Answer with one JSON object, and nothing else, that matches this JSON Schema (`{}`):\n{pretty}",
            self.schema_name
        )
    }

    /// The user message with the schema instructions appended.
    pub fn user_with_schema(&self) -> String {
        format!("{}\n\n{}", self.user, self.schema_instructions())
    }
}

pub(super) const SYSTEM: &str = include_str!("../../../assets/prompts/system.md");

fn template(step: Step) -> &'static str {
    match step {
        Step::Decompose => include_str!("../../../assets/prompts/decompose.md"),
        Step::Dependencies => include_str!("../../../assets/prompts/dependencies.md"),
        Step::Ambiguities => include_str!("../../../assets/prompts/ambiguities.md"),
        Step::Revise => include_str!("../../../assets/prompts/revise.md"),
        Step::Verify => include_str!("../../../assets/prompts/verify.md"),
        Step::Completeness => include_str!("../../../assets/prompts/completeness.md"),
        Step::Integration => include_str!("../../../assets/prompts/integration.md"),
    }
}

fn schema_text(shape: Shape) -> &'static str {
    match shape {
        Shape::TaskList => include_str!("../../../assets/prompts/task_list.schema.json"),
        Shape::DependencyMap => include_str!("../../../assets/prompts/dependency_map.schema.json"),
        Shape::AmbiguityList => include_str!("../../../assets/prompts/ambiguity_list.schema.json"),
        Shape::VerificationList => {
            include_str!("../../../assets/prompts/verification_list.schema.json")
        }
        Shape::CoverageGaps => include_str!("../../../assets/prompts/coverage_gaps.schema.json"),
        Shape::IntegrationConcerns => {
            include_str!("../../../assets/prompts/integration_concerns.schema.json")
        }
    }
}

const SHAPES: [Shape; 6] = [
    Shape::TaskList,
    Shape::DependencyMap,
    Shape::AmbiguityList,
    Shape::VerificationList,
    Shape::CoverageGaps,
    Shape::IntegrationConcerns,
];

/// The schemas, parsed once. They are part of the build; the tests check that
/// each parses, so a broken one fails `cargo test`, not a user's session.
static SCHEMAS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    SHAPES
        .iter()
        .map(|s| serde_json::from_str(schema_text(*s)).unwrap_or(Value::Null))
        .collect()
});

/// The JSON schema an answer of `shape` must follow.
pub fn schema(shape: Shape) -> Value {
    let i = SHAPES.iter().position(|s| *s == shape).unwrap_or(0);
    SCHEMAS[i].clone()
}

/// The prompt for `step` on the current session.
pub fn render(step: Step, session: &Session) -> PromptParts {
    let shape = Shape::of(step);
    let values = [
        (
            "spec",
            or_empty(&session.spec.text, "(the specification is empty)"),
        ),
        (
            "context",
            or_empty(
                &session.spec.context,
                "(no description of the existing system was given)",
            ),
        ),
        ("requirements", requirements(session)),
        ("constraints", constraints(session)),
        ("spec_reading", spec_reading(session)),
        ("edge_cases", edge_cases(session)),
        ("tasks", tasks(session)),
        ("ambiguities", ambiguities(session)),
        ("task_count", session.tasks.len().to_string()),
        ("next_number", (session.tasks.len() + 1).to_string()),
    ];
    PromptParts {
        system: SYSTEM.trim().to_string(),
        user: fill(template(step), &values).trim().to_string(),
        schema_name: shape.name(),
        schema: schema(shape),
    }
}

/// The follow-up message after an answer that could not be used, listing the
/// exact problems.
pub fn reask(errors: &[String]) -> String {
    let mut out = String::from("Your last answer could not be used as it was:\n");
    for e in errors {
        out.push_str("- ");
        out.push_str(e.trim());
        out.push('\n');
    }
    out.push_str(
        "\nAnswer again with the complete JSON object, corrected. Keep everything that was right as it was, \
         use only the task numbers and requirement ids given, and send the JSON object alone.",
    );
    out
}

/// Replace each `{{name}}` in `template` in one pass; unknown names stay as written.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}").map(|close| (&after[..close], close)) {
            Some((name, close)) if values.iter().any(|(k, _)| *k == name.trim()) => {
                let v = values
                    .iter()
                    .find(|(k, _)| *k == name.trim())
                    .map(|(_, v)| v.as_str())
                    .unwrap_or("");
                out.push_str(v);
                rest = &after[close + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn or_empty(text: &str, empty: &str) -> String {
    if text.trim().is_empty() {
        empty.to_string()
    } else {
        text.trim().to_string()
    }
}

pub(super) fn requirements(s: &Session) -> String {
    if s.spec.requirements.is_empty() {
        return "(none were found as separate lines; read the specification itself)".to_string();
    }
    s.spec
        .requirements
        .iter()
        .map(|r| format!("- {}: {}", r.id, r.text))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn constraints(s: &Session) -> String {
    if s.spec.constraints.is_empty() {
        return "(none yet)".to_string();
    }
    s.spec
        .constraints
        .iter()
        .map(|c| match (c.from, &c.spec) {
            (Some(a), _) => format!("- {}: {} (decided for {a})", c.id, c.text),
            (None, Some(_)) => format!("- {}: {} (stated in the specification)", c.id, c.text),
            (None, None) => format!("- {}: {}", c.id, c.text),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The spec's exclusions, assumptions, open questions, edge cases and
/// entities, each under a line that says what the plan does with them.
pub(super) fn spec_reading(s: &Session) -> String {
    let spec = &s.spec;
    let mut out = String::new();
    let mut list = |head: &str, items: &[crate::plan::SpecItem]| {
        if items.is_empty() {
            return;
        }
        out.push_str(head);
        out.push('\n');
        for i in items {
            out.push_str(&format!("- {}: {}\n", i.id, i.text.trim()));
        }
    };
    list(
        "Out of scope (no task may implement or cover these):",
        &spec.exclusions,
    );
    list(
        "Assumptions the specification makes (check them against the existing system):",
        &spec.assumptions,
    );
    list(
        "Questions the specification leaves open (the plan must not guess them silently):",
        &spec.questions,
    );
    list("Edge cases it lists:", &spec.edge_cases);
    if !spec.entities.is_empty() {
        let names: Vec<&str> = spec.entities.iter().map(|e| e.name.trim()).collect();
        out.push_str(&format!(
            "Entities it names (name types and tables after them): {}\n",
            names.join(", ")
        ));
    }
    if out.is_empty() {
        "(nothing beyond the requirements)".to_string()
    } else {
        out.trim_end().to_string()
    }
}

pub(super) fn edge_cases(s: &Session) -> String {
    if s.spec.edge_cases.is_empty() {
        return "(none listed)".to_string();
    }
    s.spec
        .edge_cases
        .iter()
        .map(|e| format!("- {}: {}", e.id, e.text.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The task's number (1-based position) in the plan.
fn number(s: &Session, id: crate::plan::TaskId) -> Option<usize> {
    s.position(id).map(|p| p + 1)
}

fn tasks(s: &Session) -> String {
    if s.tasks.is_empty() {
        return "(no tasks yet)".to_string();
    }
    s.tasks
        .iter()
        .enumerate()
        .map(|(i, t)| task(s, i + 1, t))
        .collect::<Vec<_>>()
        .join("\n")
}

fn task(s: &Session, n: usize, t: &Task) -> String {
    let mut out = format!("{n}. {}", t.title.trim());
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("\n   {label}: {value}"));
    };
    if !t.description.trim().is_empty() {
        line(
            "description",
            t.description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if !t.produces.is_empty() {
        line("produces", t.produces.join(", "));
    }
    let deps: Vec<String> = t
        .depends_on
        .iter()
        .filter_map(|d| number(s, d.on).map(|k| format!("{k} ({})", d.kind)))
        .collect();
    line(
        "depends on",
        if deps.is_empty() {
            "nothing".to_string()
        } else {
            deps.join(", ")
        },
    );
    if !t.covers.is_empty() {
        line(
            "covers",
            t.covers
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    line(
        "verification",
        t.verification
            .clone()
            .unwrap_or_else(|| "(none yet)".to_string()),
    );
    if !t.status.is_pending() {
        line("status", t.status.as_str().to_string());
    }
    out
}

pub(super) fn ambiguities(s: &Session) -> String {
    if s.ambiguities.is_empty() {
        return "(none recorded)".to_string();
    }
    s.ambiguities
        .iter()
        .map(|a| {
            let state = match &a.state {
                AmbiguityState::Open => "open".to_string(),
                AmbiguityState::Resolved { decision } => format!("resolved: {decision}"),
                AmbiguityState::Deferred { reason } => format!("deferred: {reason}"),
                AmbiguityState::NotAnIssue { .. } => "not an issue".to_string(),
            };
            let mut line = format!(
                "- {} [{}; {state}] {}",
                a.id,
                a.category.as_str(),
                a.summary.trim()
            );
            let affects: Vec<String> = a
                .affects
                .iter()
                .filter_map(|t| number(s, *t))
                .map(|k| k.to_string())
                .collect();
            if !affects.is_empty() {
                line.push_str(&format!(" (tasks {})", affects.join(", ")));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_is_one_pass_and_leaves_unknown_names() {
        let out = fill(
            "a {{x}} b {{ y }} {{z}} {{",
            &[("x", "{{y}}".into()), ("y", "Y".into())],
        );
        assert_eq!(out, "a {{y}} b Y {{z}} {{");
    }
}
