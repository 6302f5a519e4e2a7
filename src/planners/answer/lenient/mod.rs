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
mod aliases;
mod coerce;
mod items;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::types::*;
use crate::plan::DepKind;
use aliases::*;
use coerce::*;

pub use coerce::{dep_kind, task_ref};

/// A typed answer, what was reinterpreted to get it, and what could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub answer: Answer,
    pub notes: BTreeSet<String>,
    pub errors: Vec<String>,
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
