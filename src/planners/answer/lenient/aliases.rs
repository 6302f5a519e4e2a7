//! The names each field goes by in model answers, canonical name first.
use super::super::types::Shape;

pub(super) const NUMBER: &[&str] = &[
    "number",
    "id",
    "task_number",
    "num",
    "no",
    "index",
    "position",
    "step",
    "task_id",
    "n",
];
pub(super) const TITLE: &[&str] = &["title", "name", "task_name", "heading", "task", "summary"];
pub(super) const DESCRIPTION: &[&str] = &[
    "description",
    "details",
    "detail",
    "desc",
    "body",
    "what",
    "explanation",
    "summary",
];
pub(super) const PRODUCES: &[&str] = &[
    "produces",
    "outputs",
    "output",
    "files",
    "artifacts",
    "artefacts",
    "deliverables",
    "creates",
    "files_touched",
    "files_changed",
    "file",
];
pub(super) const DEPENDS_ON: &[&str] = &[
    "depends_on",
    "dependencies",
    "depends",
    "deps",
    "blocked_by",
    "requires",
    "prerequisites",
    "dependency",
    "blockers",
    "needs",
    "after",
];
pub(super) const COVERS: &[&str] = &[
    "covers",
    "requirements",
    "requirement",
    "requirement_ids",
    "reqs",
    "satisfies",
    "implements",
    "fulfills",
    "covers_requirements",
];
pub(super) const VERIFICATION: &[&str] = &[
    "verification",
    "verify",
    "test",
    "tests",
    "test_strategy",
    "verification_condition",
    "acceptance",
    "acceptance_criteria",
    "how_to_verify",
    "check",
    "done_when",
    "definition_of_done",
    "validation",
    "verified_by",
];
pub(super) const TASK_REF: &[&str] = &[
    "task",
    "id",
    "number",
    "task_number",
    "task_id",
    "on",
    "ref",
    "target",
    "dependency",
];
pub(super) const KIND: &[&str] = &["kind", "type", "dependency_type", "dep_type", "category"];
pub(super) const CATEGORY: &[&str] = &["category", "type", "kind", "class"];
pub(super) const SUMMARY: &[&str] = &[
    "summary",
    "description",
    "what",
    "issue",
    "question",
    "title",
    "gap",
    "assumption",
    "ambiguity",
    "text",
];
pub(super) const LEVEL: &[&str] = &[
    "level",
    "risk_level",
    "severity",
    "criticality",
    "risk_rating",
];

pub(super) const RISK: &[&str] = &[
    "risk",
    "impact",
    "risk_if_wrong",
    "consequence",
    "consequences",
];
pub(super) const RESOLUTION: &[&str] = &[
    "resolution",
    "resolution_hint",
    "resolve",
    "how_to_resolve",
    "resolved_by",
    "information_needed",
    "what_would_resolve",
    "question_to_ask",
    "suggestion",
];
pub(super) const AFFECTS: &[&str] = &[
    "affects",
    "affected_tasks",
    "tasks",
    "affected",
    "impacts",
    "task",
    "related_tasks",
];
pub(super) const REQUIREMENT: &[&str] = &["requirement", "requirement_id", "req", "id", "covers"];
pub(super) const TEXT: &[&str] = &[
    "text",
    "description",
    "concern",
    "gap",
    "summary",
    "issue",
    "problem",
    "missing",
    "detail",
];
pub(super) const SUGGESTION: &[&str] = &[
    "suggestion",
    "fix",
    "recommendation",
    "resolution",
    "proposed_task",
    "how_to_fix",
];
pub(super) const NOTES: &[&str] = &[
    "notes",
    "note",
    "comments",
    "remarks",
    "explanation",
    "reasoning",
    "assumptions",
];

pub(super) fn list_aliases(shape: Shape) -> &'static [&'static str] {
    match shape {
        Shape::TaskList => &[
            "tasks",
            "task_list",
            "plan",
            "items",
            "steps",
            "implementation_plan",
            "breakdown",
        ],
        Shape::DependencyMap => &["tasks", "dependencies", "dependency_map", "map", "items"],
        Shape::AmbiguityList => &[
            "ambiguities",
            "ambiguity",
            "issues",
            "risks",
            "questions",
            "open_questions",
            "items",
        ],
        Shape::VerificationList => &[
            "tasks",
            "verifications",
            "verification",
            "conditions",
            "checks",
            "items",
        ],
        Shape::CoverageGaps => &[
            "gaps",
            "uncovered",
            "missing",
            "coverage_gaps",
            "findings",
            "issues",
            "items",
        ],
        Shape::IntegrationConcerns => &[
            "concerns",
            "integration_concerns",
            "issues",
            "findings",
            "problems",
            "items",
        ],
    }
}
