//! Reading a recovered JSON value into a typed [`Answer`], forgiving what
//! models commonly do differently from the schema: a bare list instead of an
//! object, a wrapper object (`{"result": {...}}`), a map keyed by task
//! number, renamed fields (`dependsOn`, `blocked_by`, `name`, `testStrategy`,
//! ...), task numbers written as text (`"3"`, `"T3"`, `"task 3"`, `"#3"`),
//! dependencies written as `"3 (schema)"`, lists written as one
//! comma-separated string, and plain strings where objects were expected.
//!
//! What it reads it reports as notes; what it cannot read becomes an error
//! naming the item and field, for the re-ask.
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::types::*;
use crate::plan::{AmbiguityCategory, DepKind};

/// A typed answer, what was reinterpreted to get it, and what could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub answer: Answer,
    pub notes: BTreeSet<String>,
    pub errors: Vec<String>,
}

const NUMBER: &[&str] = &[
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
const TITLE: &[&str] = &["title", "name", "task_name", "heading", "task", "summary"];
const DESCRIPTION: &[&str] = &[
    "description",
    "details",
    "detail",
    "desc",
    "body",
    "what",
    "explanation",
    "summary",
];
const PRODUCES: &[&str] = &[
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
const DEPENDS_ON: &[&str] = &[
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
const COVERS: &[&str] = &[
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
const VERIFICATION: &[&str] = &[
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
const TASK_REF: &[&str] = &[
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
const KIND: &[&str] = &["kind", "type", "dependency_type", "dep_type", "category"];
const CATEGORY: &[&str] = &["category", "type", "kind", "class"];
const SUMMARY: &[&str] = &[
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
const RISK: &[&str] = &[
    "risk",
    "impact",
    "risk_if_wrong",
    "consequence",
    "consequences",
];
const RESOLUTION: &[&str] = &[
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
const AFFECTS: &[&str] = &[
    "affects",
    "affected_tasks",
    "tasks",
    "affected",
    "impacts",
    "task",
    "related_tasks",
];
const REQUIREMENT: &[&str] = &["requirement", "requirement_id", "req", "id", "covers"];
const TEXT: &[&str] = &[
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
const SUGGESTION: &[&str] = &[
    "suggestion",
    "fix",
    "recommendation",
    "resolution",
    "proposed_task",
    "how_to_fix",
];
const NOTES: &[&str] = &[
    "notes",
    "note",
    "comments",
    "remarks",
    "explanation",
    "reasoning",
    "assumptions",
];

fn list_aliases(shape: Shape) -> &'static [&'static str] {
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

struct Reader {
    notes: BTreeSet<String>,
    errors: Vec<String>,
}

/// Read `value` as an answer of `shape`. `Err` when there is no list to read
/// at all (the message says what was expected).
pub fn read(shape: Shape, value: &Value) -> Result<Reading, String> {
    let mut r = Reader {
        notes: BTreeSet::new(),
        errors: Vec::new(),
    };
    let items = r.find_list(shape, value, 0)?;
    let notes = match value {
        Value::Object(o) => r
            .get(o, NOTES)
            .map(|(_, v)| r.strings(v, false))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let answer = match shape {
        Shape::TaskList => Answer::TaskList(TaskListAnswer {
            tasks: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| r.task(v, i + 1))
                .collect(),
            notes,
        }),
        Shape::DependencyMap => Answer::DependencyMap(DependencyMapAnswer {
            tasks: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| r.task_dependencies(v, i + 1))
                .collect(),
            notes,
        }),
        Shape::AmbiguityList => Answer::AmbiguityList(AmbiguityListAnswer {
            ambiguities: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| r.ambiguity(v, i + 1))
                .collect(),
            notes,
        }),
        Shape::VerificationList => Answer::VerificationList(VerificationListAnswer {
            tasks: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| r.verification(v, i + 1))
                .collect(),
            notes,
        }),
        Shape::CoverageGaps => Answer::CoverageGaps(CoverageGapsAnswer {
            gaps: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| r.gap(v, i + 1))
                .collect(),
            notes,
        }),
        Shape::IntegrationConcerns => Answer::IntegrationConcerns(IntegrationConcernsAnswer {
            concerns: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| r.concern(v, i + 1))
                .collect(),
            notes,
        }),
    };
    Ok(Reading {
        answer,
        notes: r.notes,
        errors: r.errors,
    })
}

/// Keys compare without case, `_`, `-` or spaces: `dependsOn` = `depends_on`.
fn norm(k: &str) -> String {
    k.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Reader {
    /// The first field present among `aliases` (in priority order); a note
    /// records a field read under another name.
    fn get<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        aliases: &[&str],
    ) -> Option<(&'v str, &'v Value)> {
        for alias in aliases {
            let want = norm(alias);
            if let Some((k, v)) = obj.iter().find(|(k, _)| norm(k) == want) {
                if norm(k) != norm(aliases[0]) {
                    self.notes
                        .insert(format!("read the field `{k}` as `{}`", aliases[0]));
                }
                return Some((k.as_str(), v));
            }
        }
        None
    }

    fn find_list(
        &mut self,
        shape: Shape,
        value: &Value,
        depth: usize,
    ) -> Result<Vec<Value>, String> {
        let key = shape.list_key();
        let missing =
            || format!("the answer has no `{key}` list; put the items in a `{key}` array");
        match value {
            Value::Array(a) => {
                if depth == 0 {
                    self.notes
                        .insert(format!("the answer was a bare list; read it as `{key}`"));
                }
                Ok(a.clone())
            }
            Value::Object(o) => {
                if let Some((k, v)) = self.get(o, list_aliases(shape)) {
                    return match v {
                        Value::Array(a) => Ok(a.clone()),
                        Value::Null => Ok(Vec::new()),
                        Value::Object(inner) if keyed_by_task(inner) => {
                            Ok(self.keyed(shape, inner))
                        }
                        Value::Object(_) if depth < 2 => self.find_list(shape, v, depth + 1),
                        _ => Err(format!("`{k}` should be a list; {}", missing())),
                    };
                }
                if keyed_by_task(o)
                    && matches!(shape, Shape::DependencyMap | Shape::VerificationList)
                {
                    return Ok(self.keyed(shape, o));
                }
                if looks_like_item(shape, o) {
                    self.notes.insert(
                        "the answer was a single item; read it as a list of one".to_string(),
                    );
                    return Ok(vec![value.clone()]);
                }
                let containers: Vec<(&String, &Value)> = o
                    .iter()
                    .filter(|(k, v)| {
                        (v.is_object() || v.is_array()) && !NOTES.contains(&k.as_str())
                    })
                    .collect();
                if let [(k, v)] = containers.as_slice()
                    && depth < 2
                {
                    self.notes.insert(format!("read the answer inside `{k}`"));
                    return self.find_list(shape, v, depth + 1);
                }
                Err(missing())
            }
            _ => Err(missing()),
        }
    }

    /// `{"3": [1, 2]}` or `{"3": "npm test"}`: an object keyed by task number.
    fn keyed(&mut self, shape: Shape, o: &Map<String, Value>) -> Vec<Value> {
        self.notes
            .insert("read an object keyed by task number as a list".to_string());
        let field = if shape == Shape::VerificationList {
            "verification"
        } else {
            "depends_on"
        };
        o.iter()
            .map(|(k, v)| {
                let mut m = Map::new();
                m.insert("task".into(), Value::String(k.clone()));
                m.insert(field.into(), v.clone());
                Value::Object(m)
            })
            .collect()
    }

    fn task(&mut self, item: &Value, pos: usize) -> Option<AnswerTask> {
        let o = match item {
            Value::String(s) => {
                self.notes
                    .insert("some tasks were plain titles".to_string());
                return Some(AnswerTask {
                    number: None,
                    title: s.trim().to_string(),
                    description: String::new(),
                    produces: Vec::new(),
                    depends_on: None,
                    covers: Vec::new(),
                    verification: None,
                });
            }
            Value::Object(o) => o,
            _ => {
                self.errors
                    .push(format!("item {pos} of `tasks` is not a task object"));
                return None;
            }
        };
        // `task` is the number when it holds one, and the title otherwise.
        let task_field = o.iter().find(|(k, _)| norm(k) == "task").map(|(_, v)| v);
        let task_is_number = task_field.is_some_and(|v| task_ref(v).is_some());
        let number = match self.get(o, NUMBER) {
            Some((k, v)) => self.number(v, || {
                format!("the task at position {pos} has `{k}` {v}, which is not a task number")
            }),
            None if task_is_number => task_field.and_then(|v| self.number(v, String::new)),
            None => None,
        };
        let label = number.map_or(format!("the task at position {pos}"), |n| {
            format!("task {n}")
        });
        let title_aliases: Vec<&str> = TITLE
            .iter()
            .copied()
            .filter(|a| !(task_is_number && *a == "task"))
            .collect();
        let (title_key, title) = match self.get(o, &title_aliases) {
            Some((k, v)) => (k.to_string(), text(v).unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        let description_aliases: Vec<&str> = DESCRIPTION
            .iter()
            .copied()
            .filter(|a| norm(a) != norm(&title_key))
            .collect();
        let description = self
            .get(o, &description_aliases)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        let produces = self
            .get(o, PRODUCES)
            .map(|(_, v)| self.strings(v, false))
            .unwrap_or_default();
        let depends_on = self
            .get(o, DEPENDS_ON)
            .map(|(_, v)| self.dependencies(v, &label));
        let covers = self
            .get(o, COVERS)
            .map(|(_, v)| self.strings(v, true))
            .unwrap_or_default();
        let verification = self.get(o, VERIFICATION).and_then(|(_, v)| text(v));
        if number.is_none() && !task_is_number {
            self.notes.insert(
                "some tasks had no number; they were matched to the plan by title".to_string(),
            );
        }
        Some(AnswerTask {
            number,
            title: title.trim().to_string(),
            description,
            produces,
            depends_on,
            covers,
            verification,
        })
    }

    fn task_dependencies(&mut self, item: &Value, pos: usize) -> Option<TaskDependencies> {
        let Value::Object(o) = item else {
            self.errors.push(format!(
                "item {pos} of `tasks` should be an object with `task` and `depends_on`"
            ));
            return None;
        };
        let task = self.required_ref(o, pos, "tasks")?;
        let depends_on = match self.get(o, DEPENDS_ON) {
            Some((_, v)) => self.dependencies(v, &format!("task {task}")),
            None => {
                self.errors.push(format!(
                    "task {task} has no `depends_on` list; give [] when it depends on nothing"
                ));
                return None;
            }
        };
        Some(TaskDependencies { task, depends_on })
    }

    fn ambiguity(&mut self, item: &Value, pos: usize) -> Option<AnswerAmbiguity> {
        let o = match item {
            Value::String(s) => {
                self.notes
                    .insert("some ambiguities were plain text".to_string());
                return Some(AnswerAmbiguity {
                    category: AmbiguityCategory::Underspecified,
                    summary: s.trim().to_string(),
                    risk: String::new(),
                    resolution: String::new(),
                    affects: Vec::new(),
                });
            }
            Value::Object(o) => o,
            _ => {
                self.errors
                    .push(format!("item {pos} of `ambiguities` is not an object"));
                return None;
            }
        };
        let category = match self.get(o, CATEGORY).and_then(|(_, v)| text(v)) {
            Some(c) => category(&c).unwrap_or_else(|| {
                self.notes.insert(format!(
                    "unknown ambiguity category `{c}` was read as underspecified"
                ));
                AmbiguityCategory::Underspecified
            }),
            None => AmbiguityCategory::Underspecified,
        };
        let (summary_key, summary) = match self.get(o, SUMMARY) {
            Some((k, v)) => (k.to_string(), text(v).unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        let risk = self
            .get(o, RISK)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        let resolution_aliases: Vec<&str> = RESOLUTION
            .iter()
            .copied()
            .filter(|a| norm(a) != norm(&summary_key))
            .collect();
        let resolution = self
            .get(o, &resolution_aliases)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        let affects = match self.get(o, AFFECTS) {
            Some((_, v)) => self.refs(v, &format!("ambiguity {pos}")),
            None => Vec::new(),
        };
        Some(AnswerAmbiguity {
            category,
            summary: summary.trim().to_string(),
            risk,
            resolution,
            affects,
        })
    }

    fn verification(&mut self, item: &Value, pos: usize) -> Option<TaskVerification> {
        let Value::Object(o) = item else {
            self.errors.push(format!(
                "item {pos} of `tasks` should be an object with `task` and `verification`"
            ));
            return None;
        };
        let task = self.required_ref(o, pos, "tasks")?;
        let verification = self
            .get(o, VERIFICATION)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        Some(TaskVerification {
            task,
            verification: verification.trim().to_string(),
        })
    }

    fn gap(&mut self, item: &Value, pos: usize) -> Option<AnswerGap> {
        let o = match item {
            Value::String(s) => {
                return Some(AnswerGap {
                    requirement: None,
                    text: s.trim().to_string(),
                    suggestion: String::new(),
                });
            }
            Value::Object(o) => o,
            _ => {
                self.errors
                    .push(format!("item {pos} of `gaps` is not an object"));
                return None;
            }
        };
        let requirement = self
            .get(o, REQUIREMENT)
            .and_then(|(_, v)| text(v))
            .filter(|s| !s.trim().is_empty());
        let text_v = self
            .get(o, TEXT)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        let suggestion = self
            .get(o, SUGGESTION)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        Some(AnswerGap {
            requirement: requirement.map(|s| s.trim().to_string()),
            text: text_v.trim().to_string(),
            suggestion,
        })
    }

    fn concern(&mut self, item: &Value, pos: usize) -> Option<AnswerConcern> {
        let o = match item {
            Value::String(s) => {
                return Some(AnswerConcern {
                    task: None,
                    text: s.trim().to_string(),
                    suggestion: String::new(),
                });
            }
            Value::Object(o) => o,
            _ => {
                self.errors
                    .push(format!("item {pos} of `concerns` is not an object"));
                return None;
            }
        };
        let task = match self.get(o, TASK_REF) {
            Some((_, Value::Null)) | None => None,
            Some((k, v)) => self.number(v, || {
                format!("concern {pos} has `{k}` {v}, which is not a task number")
            }),
        };
        let text_v = self
            .get(o, TEXT)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        let suggestion = self
            .get(o, SUGGESTION)
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        Some(AnswerConcern {
            task,
            text: text_v.trim().to_string(),
            suggestion,
        })
    }

    fn required_ref(&mut self, o: &Map<String, Value>, pos: usize, list: &str) -> Option<u32> {
        match self.get(o, TASK_REF) {
            Some((k, v)) => self.number(v, || {
                format!("item {pos} of `{list}` has `{k}` {v}, which is not a task number")
            }),
            None => {
                self.errors.push(format!(
                    "item {pos} of `{list}` does not say which task it is about (`task`)"
                ));
                None
            }
        }
    }

    /// A task number; an error (made by `msg`, unless empty) when it is not one.
    fn number(&mut self, v: &Value, msg: impl FnOnce() -> String) -> Option<u32> {
        match task_ref(v) {
            Some((n, as_text)) => {
                if as_text {
                    self.notes.insert(
                        "read task numbers written as text (\"3\", \"T3\", \"task 3\")".to_string(),
                    );
                }
                Some(n)
            }
            None => {
                let m = msg();
                if !m.is_empty() {
                    self.errors.push(m);
                }
                None
            }
        }
    }

    /// A list of task numbers (`affects`).
    fn refs(&mut self, v: &Value, label: &str) -> Vec<u32> {
        self.dependencies(v, label)
            .into_iter()
            .map(|d| d.task)
            .collect()
    }

    fn dependencies(&mut self, v: &Value, label: &str) -> Vec<AnswerDependency> {
        let mut out = Vec::new();
        self.collect_dependencies(v, label, &mut out);
        out
    }

    fn collect_dependencies(&mut self, v: &Value, label: &str, out: &mut Vec<AnswerDependency>) {
        match v {
            Value::Null => {}
            Value::Array(a) => {
                for x in a {
                    self.collect_dependencies(x, label, out);
                }
            }
            Value::Object(o) => {
                let Some((k, r)) = self.get(o, TASK_REF) else {
                    self.errors
                        .push(format!("{label} has a dependency with no task number: {v}"));
                    return;
                };
                let Some(task) = self.number(r, || {
                    format!("{label} has a dependency `{k}` {r}, which is not a task number")
                }) else {
                    return;
                };
                let kind = match self.get(o, KIND).and_then(|(_, v)| text(v)) {
                    Some(k) => self.kind(&k),
                    None => DepKind::Other,
                };
                out.push(AnswerDependency { task, kind });
            }
            Value::Number(_) => {
                if let Some(task) = self.number(v, || {
                    format!("{label} has a dependency {v}, which is not a task number")
                }) {
                    out.push(AnswerDependency {
                        task,
                        kind: DepKind::Other,
                    });
                }
            }
            Value::String(s) => {
                for part in split_list(s) {
                    match dependency_text(part) {
                        Some((task, kind)) => {
                            if part.trim().parse::<u32>().is_err() {
                                self.notes.insert(
                                    "read task numbers written as text (\"3\", \"T3\", \"task 3\")"
                                        .to_string(),
                                );
                            }
                            let kind = kind.map_or(DepKind::Other, |k| self.kind(k));
                            out.push(AnswerDependency { task, kind });
                        }
                        None => self.errors.push(format!(
                            "{label} has a dependency \"{part}\", which is not a task number"
                        )),
                    }
                }
            }
            Value::Bool(_) => self.errors.push(format!(
                "{label} has a dependency {v}, which is not a task number"
            )),
        }
    }

    fn kind(&mut self, k: &str) -> DepKind {
        dep_kind(k).unwrap_or_else(|| {
            self.notes
                .insert(format!("unknown dependency kind `{k}` was read as other"));
            DepKind::Other
        })
    }

    /// Strings from a list, or from one string holding several. Requirement
    /// ids (`ids`) also split on spaces.
    fn strings(&mut self, v: &Value, ids: bool) -> Vec<String> {
        match v {
            Value::Array(a) => a
                .iter()
                .filter_map(text)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            Value::String(s) => {
                let parts: Vec<String> = s
                    .split(|c: char| {
                        c == '\n' || c == ',' || c == ';' || (ids && c.is_whitespace())
                    })
                    .map(|p| p.trim().trim_start_matches(['-', '*']).trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                parts
            }
            Value::Null => Vec::new(),
            other => text(other).into_iter().collect(),
        }
    }
}

/// Text from a string, number, list (joined with `; `) or object (its values joined).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .filter_map(text)
                .filter(|s| !s.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(o) => {
            let parts: Vec<String> = o
                .values()
                .filter_map(text)
                .filter(|s| !s.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Null => None,
    }
}

/// A task number from `3`, `"3"`, `"T3"`, `"task 3"`, `"#3"`, `"Task #3."`;
/// the flag says it was written as text.
pub fn task_ref(v: &Value) -> Option<(u32, bool)> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return u32::try_from(u).ok().map(|u| (u, false));
            }
            let f = n.as_f64()?;
            (f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX)).then_some((f as u32, false))
        }
        Value::String(s) => ref_text(s).map(|n| (n, true)),
        _ => None,
    }
}

fn ref_text(s: &str) -> Option<u32> {
    let mut t = s.trim().to_ascii_lowercase();
    for prefix in ["task", "t", "#", "no.", "no", "number", "#"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let rest = rest.trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit() || c == '#') || prefix == "task" {
                t = rest.to_string();
            }
        }
    }
    let t = t.trim().trim_end_matches(['.', ':', ')']);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `"3"`, `"T3:schema"`, `"task 3 (interface)"`, `"3 - schema"`: a number and
/// maybe a kind.
fn dependency_text(part: &str) -> Option<(u32, Option<&str>)> {
    let p = part.trim();
    let digits_at = p.find(|c: char| c.is_ascii_digit())?;
    let digits_len = p[digits_at..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(p.len() - digits_at);
    let head = &p[..digits_at + digits_len];
    let n = ref_text(head)?;
    let rest = p[digits_at + digits_len..]
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | ':' | '-' | ' ' | '[' | ']'));
    Some((n, (!rest.is_empty()).then_some(rest)))
}

/// Split "1, 2 and 3" into its parts; "none" and "-" are no parts.
fn split_list(s: &str) -> Vec<&str> {
    let t = s.trim();
    if matches!(
        t.to_ascii_lowercase().as_str(),
        "" | "none" | "-" | "n/a" | "nothing" | "[]"
    ) {
        return Vec::new();
    }
    t.split([',', ';', '&', '\n'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

pub fn dep_kind(s: &str) -> Option<DepKind> {
    Some(match norm(s).as_str() {
        "schema" | "data" | "database" | "db" | "table" | "migration" | "model" | "datamodel" => {
            DepKind::Schema
        }
        "interface" | "type" | "types" | "contract" | "api" | "code" | "class" | "function"
        | "module" => DepKind::Interface,
        "infrastructure" | "infra" | "runtime" | "queue" | "service" | "ops" | "operational"
        | "deployment" | "config" | "environment" => DepKind::Infrastructure,
        "other" | "none" | "misc" | "general" | "logical" | "ordering" | "order" | "" => {
            DepKind::Other
        }
        _ => return None,
    })
}

fn category(s: &str) -> Option<AmbiguityCategory> {
    let n = norm(s);
    if n.contains("assum") {
        Some(AmbiguityCategory::Assumption)
    } else if n.contains("extern")
        || n.contains("thirdparty")
        || n.contains("fallback")
        || n == "dependency"
    {
        Some(AmbiguityCategory::ExternalDependency)
    } else if n.contains("order") || n.contains("sequen") || n.contains("alternative") {
        Some(AmbiguityCategory::OrderingAlternative)
    } else if [
        "under", "spec", "unclear", "missing", "gap", "vague", "ambig",
    ]
    .iter()
    .any(|w| n.contains(w))
    {
        Some(AmbiguityCategory::Underspecified)
    } else {
        None
    }
}

fn keyed_by_task(o: &Map<String, Value>) -> bool {
    !o.is_empty() && o.keys().all(|k| ref_text(k).is_some())
}

fn looks_like_item(shape: Shape, o: &Map<String, Value>) -> bool {
    let keys: Vec<String> = o.keys().map(|k| norm(k)).collect();
    let has = |list: &[&str]| list.iter().any(|a| keys.contains(&norm(a)));
    match shape {
        Shape::TaskList => has(&["title", "name"]),
        Shape::DependencyMap => has(&["task"]) && has(DEPENDS_ON),
        Shape::AmbiguityList => has(&["summary", "category", "risk"]),
        Shape::VerificationList => has(&["task"]) && has(VERIFICATION),
        Shape::CoverageGaps => has(&["requirement", "gap"]),
        Shape::IntegrationConcerns => has(&["concern"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn task_references_in_any_spelling() {
        for (v, n) in [
            (json!(3), 3),
            (json!("3"), 3),
            (json!("T3"), 3),
            (json!("task 3"), 3),
            (json!("#3"), 3),
        ] {
            assert_eq!(task_ref(&v).map(|r| r.0), Some(n), "{v}");
        }
        assert_eq!(task_ref(&json!("Task #12.")).map(|r| r.0), Some(12));
        assert_eq!(task_ref(&json!(3.0)).map(|r| r.0), Some(3));
        for bad in [
            json!("three"),
            json!("1.2"),
            json!(-1),
            json!("t"),
            json!(null),
            json!("new-1"),
        ] {
            assert_eq!(task_ref(&bad), None, "{bad}");
        }
    }

    #[test]
    fn dependencies_as_text_with_kinds() {
        assert_eq!(dependency_text("T3:schema"), Some((3, Some("schema"))));
        assert_eq!(
            dependency_text("task 4 (interface)"),
            Some((4, Some("interface")))
        );
        assert_eq!(dependency_text("5"), Some((5, None)));
        assert_eq!(dependency_text("the queue"), None);
        assert_eq!(split_list("1, 2 and 3"), ["1", "2", "3"]);
        assert!(split_list("none").is_empty());
    }
}
