//! Reading each kind of list item: tasks, dependency entries, ambiguities,
//! verifications, gaps and concerns.
use serde_json::Value;

use super::super::types::*;
use super::Reader;
use super::aliases::*;
use super::coerce::*;
use crate::plan::{AmbiguityCategory, RiskLevel};

impl Reader {
    pub(super) fn task(&mut self, item: &Value, pos: usize) -> Option<AnswerTask> {
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
                    draft: false,
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
            draft: matches!(
                self.get(o, &["draft", "is_draft"]),
                Some((_, Value::Bool(true)))
            ),
        })
    }

    pub(super) fn task_dependencies(
        &mut self,
        item: &Value,
        pos: usize,
    ) -> Option<TaskDependencies> {
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

    pub(super) fn ambiguity(&mut self, item: &Value, pos: usize) -> Option<AnswerAmbiguity> {
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
                    level: RiskLevel::Medium,
                    source: String::new(),
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
        let source = self
            .get(o, &["source", "spec_item", "spec_id", "from"])
            .and_then(|(_, v)| text(v))
            .unwrap_or_default();
        let level = match self.get(o, LEVEL).and_then(|(_, v)| text(v)) {
            Some(l) => l.parse().unwrap_or_else(|_| {
                self.notes
                    .insert(format!("unknown risk level `{l}` was read as medium"));
                RiskLevel::Medium
            }),
            None => RiskLevel::Medium,
        };
        Some(AnswerAmbiguity {
            category,
            summary: summary.trim().to_string(),
            risk,
            resolution,
            affects,
            level,
            source,
        })
    }

    pub(super) fn verification(&mut self, item: &Value, pos: usize) -> Option<TaskVerification> {
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

    pub(super) fn gap(&mut self, item: &Value, pos: usize) -> Option<AnswerGap> {
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

    pub(super) fn concern(&mut self, item: &Value, pos: usize) -> Option<AnswerConcern> {
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
}
