//! Reading a Taskmaster `tasks.json` into a [`Session`], so `planner-tui
//! check` can check plans made with Taskmaster. The file is never written.
//!
//! Both shapes are read: tagged (`{"master": {"tasks": [...], "metadata":
//! {...}}, "feature-x": {...}}`, one tag chosen) and the older plain
//! `{"tasks": [...]}`. Each task becomes a planner-tui task, followed by its
//! subtasks, in file order. Numeric top-level ids keep their number (`5` →
//! `T5`); subtasks and other ids get fresh numbers. Every task keeps its
//! Taskmaster id in `source_id` (`"5"`, `"5.2"`), which findings show.
//! A dependency on an id the file does not have becomes a dependency on an id
//! no task has (reported as dangling), labelled with the Taskmaster id in
//! [`Imported::external_labels`].
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::plan::{DepKind, Dependency, Session, Stage, Task, TaskId, TaskStatus, Timestamp};

/// Why a `tasks.json` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InteropError {
    #[error("not a Taskmaster tasks.json: line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("there is no tag `{tag}` in this tasks.json (tags in the file: {found})")]
    NoSuchTag { tag: String, found: String },
    #[error(
        "this tasks.json has no tags (it is the plain {{\"tasks\": [...]}} shape), so tag `{tag}` does not apply; \
         leave the tag out"
    )]
    Untagged { tag: String },
    #[error(
        "no tasks in this file: expected {{\"master\": {{\"tasks\": [...]}}}} or {{\"tasks\": [...]}}"
    )]
    NoTasks,
    #[error(
        "Taskmaster task {task}: `{id}` is not a valid id (expected a positive number, or \"parent.sub\" in a dependency)"
    )]
    BadId { task: String, id: String },
    #[error("two Taskmaster tasks have the id {id}: give each task its own id")]
    DuplicateId { id: String },
    #[error(
        "Taskmaster task {task}: status `{value}` is not one of pending, in-progress, done, deferred, cancelled, \
         blocked, review"
    )]
    Status { task: String, value: String },
}

/// A Taskmaster plan as a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub session: Session,
    /// Taskmaster ids for the ids that dependencies name but no task has;
    /// pass them to [`crate::analysis::Options::external_labels`].
    pub external_labels: HashMap<TaskId, String>,
    /// The file's other tags, not read.
    pub other_tags: Vec<String>,
}

/// Read the tasks of `tag` (Taskmaster's default tag is `master`).
pub fn read_tasks_json(text: &str, tag: &str) -> Result<Imported, InteropError> {
    let top = parse(text, tag)?;
    let other_tags = top.others.clone();
    let (tasks, metadata) = match (top.tagged, top.plain) {
        (Some(body), _) => (body.tasks, body.metadata),
        (None, Some(tasks)) if tag == "master" => (tasks, top.metadata),
        (None, Some(_)) => {
            return Err(InteropError::Untagged {
                tag: tag.to_string(),
            });
        }
        (None, None) if top.others.is_empty() => return Err(InteropError::NoTasks),
        (None, None) => {
            return Err(InteropError::NoSuchTag {
                tag: tag.to_string(),
                found: top.others.join(", "),
            });
        }
    };
    let mut imported = build(tasks, metadata.unwrap_or_default(), tag)?;
    imported.other_tags = other_tags;
    Ok(imported)
}

fn json_error(e: serde_json::Error) -> InteropError {
    InteropError::Json {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    }
}

/// serde_json appends " at line L column C", which the message already says.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[derive(Default)]
struct Top {
    tagged: Option<TagBody>,
    plain: Option<Vec<RawTask>>,
    metadata: Option<Metadata>,
    /// Other top-level keys: the tags not chosen.
    others: Vec<String>,
}

#[derive(Deserialize)]
struct TagBody {
    #[serde(default)]
    tasks: Vec<RawTask>,
    #[serde(default)]
    metadata: Option<Metadata>,
}

/// Only read for the session's title and dates; any shape is accepted.
#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(default)]
    created: Option<serde_json::Value>,
    #[serde(default)]
    updated: Option<serde_json::Value>,
    #[serde(default)]
    description: Option<serde_json::Value>,
    /// What Taskmaster writes instead of `updated` when it saves a tag.
    #[serde(default, rename = "lastModified")]
    last_modified: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RawTask {
    id: RawId,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default, rename = "testStrategy")]
    test_strategy: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    dependencies: Option<Vec<RawId>>,
    #[serde(default)]
    subtasks: Option<Vec<RawTask>>,
}

/// An id as Taskmaster writes it: a number, or a string (`"5"`, `"5.2"`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum RawId {
    Number(u64),
    Text(String),
}

impl RawId {
    fn text(&self) -> String {
        match self {
            RawId::Number(n) => n.to_string(),
            RawId::Text(s) => s.trim().to_string(),
        }
    }
    /// The id as a plain positive number, if it is one.
    fn number(&self) -> Option<u32> {
        let n = match self {
            RawId::Number(n) => *n,
            RawId::Text(s) => {
                let s = s.trim();
                if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                s.parse().ok()?
            }
        };
        u32::try_from(n).ok().filter(|&n| n > 0)
    }
}

impl<'de> Deserialize<'de> for RawId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a task id (a number or a string)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawId, E> {
                Ok(RawId::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawId, E> {
                u64::try_from(v)
                    .map(RawId::Number)
                    .map_err(|_| E::custom(format!("task id {v} is negative")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawId, E> {
                if v >= 0.0 && v.fract() == 0.0 && v < u32::MAX as f64 {
                    Ok(RawId::Number(v as u64))
                } else {
                    Ok(RawId::Text(v.to_string()))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawId, E> {
                Ok(RawId::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the top level, parsing only the chosen tag and skipping the others.
fn parse(text: &str, tag: &str) -> Result<Top, InteropError> {
    struct TopVisitor<'t>(&'t str);
    impl<'de> Visitor<'de> for TopVisitor<'_> {
        type Value = Top;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object with a \"tasks\" list or tags")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
            let mut top = Top::default();
            while let Some(key) = map.next_key::<String>()? {
                if key == self.0 && key != "tasks" && key != "metadata" {
                    top.tagged = Some(map.next_value()?);
                } else if key == "tasks" {
                    top.plain = Some(map.next_value()?);
                } else if key == "metadata" {
                    top.metadata = map.next_value()?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                    top.others.push(key);
                }
            }
            Ok(top)
        }
    }
    impl<'de> DeserializeSeed<'de> for TopVisitor<'_> {
        type Value = Top;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
            d.deserialize_map(self)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let top = TopVisitor(tag).deserialize(&mut de).map_err(json_error)?;
    de.end().map_err(json_error)?;
    Ok(top)
}

/// Taskmaster ids to task ids, and the labels of ids no task has.
struct Ids {
    of: HashMap<String, TaskId>,
    next: u32,
    external: HashMap<TaskId, String>,
    /// Numbers named only by dependencies: kept for the dangling id itself.
    reserved: HashSet<u32>,
}

impl Ids {
    fn fresh(&mut self) -> TaskId {
        let id = TaskId(self.next);
        self.next += 1;
        id
    }

    /// The task a dependency names, or an id no task has.
    fn resolve(&mut self, key: String) -> TaskId {
        if let Some(&id) = self.of.get(&key) {
            return id;
        }
        let id = match key.parse::<u32>() {
            Ok(n) if self.reserved.contains(&n) => TaskId(n),
            _ => self.fresh(),
        };
        self.of.insert(key.clone(), id);
        self.external.insert(id, key);
        id
    }
}

fn build(raw: Vec<RawTask>, meta: Metadata, tag: &str) -> Result<Imported, InteropError> {
    // Top-level numbers are kept; everything else is numbered after them and
    // after any number a dependency names.
    let mut of: HashMap<String, TaskId> = HashMap::with_capacity(raw.len() * 2);
    let mut taken: HashSet<u32> = HashSet::with_capacity(raw.len());
    for t in &raw {
        let key = t.id.text();
        if key.is_empty() {
            return Err(InteropError::BadId {
                task: "(no id)".into(),
                id: key,
            });
        }
        if let Some(n) = t.id.number()
            && taken.insert(n)
        {
            of.insert(n.to_string(), TaskId(n));
        } else if of.contains_key(&key) {
            return Err(InteropError::DuplicateId { id: key });
        }
    }
    let mut reserved = HashSet::new();
    for t in &raw {
        for d in t.dependencies.iter().flatten() {
            if let Some(n) = d.number()
                && !taken.contains(&n)
            {
                reserved.insert(n);
            }
        }
    }
    let max = taken
        .iter()
        .chain(reserved.iter())
        .copied()
        .max()
        .unwrap_or(0);
    let mut ids = Ids {
        of,
        next: max.saturating_add(1),
        external: HashMap::new(),
        reserved,
    };
    // Fresh ids for non-numeric top-level tasks and for every subtask, in order.
    let mut top_ids = Vec::with_capacity(raw.len());
    let mut sub_ids = Vec::with_capacity(raw.len());
    for t in &raw {
        let key = t.id.text();
        let id = match t.id.number() {
            Some(n) => TaskId(n),
            None => {
                if ids.of.contains_key(&key) {
                    return Err(InteropError::DuplicateId { id: key });
                }
                let id = ids.fresh();
                ids.of.insert(key.clone(), id);
                id
            }
        };
        top_ids.push(id);
        let mut subs = Vec::new();
        for st in t.subtasks.iter().flatten() {
            let local = st.id.number().ok_or_else(|| InteropError::BadId {
                task: format!("{key} (subtask)"),
                id: st.id.text(),
            })?;
            let full = format!("{key}.{local}");
            if ids.of.contains_key(&full) {
                return Err(InteropError::DuplicateId { id: full });
            }
            let id = ids.fresh();
            ids.of.insert(full, id);
            subs.push(id);
        }
        sub_ids.push(subs);
    }

    let count = raw.len() + sub_ids.iter().map(Vec::len).sum::<usize>();
    let mut tasks = Vec::with_capacity(count);
    for ((t, id), subs) in raw.into_iter().zip(top_ids).zip(sub_ids) {
        let key = t.id.text();
        let deps: Vec<Dependency> = t
            .dependencies
            .iter()
            .flatten()
            .map(|d| Dependency::new(ids.resolve(dependency_key(d, None)), DepKind::Other))
            .collect();
        let subtasks = t.subtasks.unwrap_or_default();
        tasks.push(task(
            id,
            key.clone(),
            t.title,
            t.description,
            t.details,
            t.test_strategy,
            t.status,
            deps,
        )?);
        for (st, sid) in subtasks.into_iter().zip(subs) {
            let full = format!("{key}.{}", st.id.text());
            let deps: Vec<Dependency> = st
                .dependencies
                .iter()
                .flatten()
                .map(|d| {
                    Dependency::new(ids.resolve(dependency_key(d, Some(&key))), DepKind::Other)
                })
                .collect();
            tasks.push(task(
                sid,
                full,
                st.title,
                st.description,
                st.details,
                st.test_strategy,
                st.status,
                deps,
            )?);
        }
    }

    let text =
        |v: &Option<serde_json::Value>| v.as_ref().and_then(|v| v.as_str()).map(str::to_string);
    let created = text(&meta.created)
        .as_deref()
        .and_then(timestamp)
        .unwrap_or_default();
    let updated = text(&meta.updated)
        .or_else(|| text(&meta.last_modified))
        .as_deref()
        .and_then(timestamp)
        .unwrap_or(created);
    let title = match text(&meta.description).as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => format!("Taskmaster tasks (tag {tag})"),
    };
    let mut session = Session::new(format!("taskmaster-{tag}"), title, created);
    session.updated = updated;
    session.stage = Stage::Dependencies;
    session.tasks = tasks;
    session.normalise_counters();
    session.counters.next_task = session.counters.next_task.max(ids.next);
    Ok(Imported {
        session,
        external_labels: ids.external,
        other_tags: Vec::new(),
    })
}

/// The Taskmaster id a dependency names: in a subtask of `parent`, a plain
/// number is a sibling (`3` → `"5.3"`).
fn dependency_key(d: &RawId, parent: Option<&str>) -> String {
    match (parent, d.number()) {
        (Some(p), Some(n)) => format!("{p}.{n}"),
        _ => d.text(),
    }
}

#[allow(clippy::too_many_arguments)]
fn task(
    id: TaskId,
    source_id: String,
    title: Option<String>,
    description: Option<String>,
    details: Option<String>,
    test_strategy: Option<String>,
    status: Option<String>,
    deps: Vec<Dependency>,
) -> Result<Task, InteropError> {
    let status = match status.as_deref().map(str::trim) {
        None | Some("") => TaskStatus::Pending,
        Some(s) => s.parse::<TaskStatus>().map_err(|_| InteropError::Status {
            task: source_id.clone(),
            value: s.to_string(),
        })?,
    };
    let mut t = Task::new(id, title.map(|s| s.trim().to_string()).unwrap_or_default());
    let parts: Vec<String> = [description, details]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .collect();
    t.description = parts
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    t.verification = test_strategy
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    t.status = status;
    t.depends_on = deps;
    t.source_id = Some(source_id);
    Ok(t)
}

/// Taskmaster writes `2025-06-13T10:00:00.000Z`; planner-tui keeps seconds.
fn timestamp(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t);
    }
    let (head, _) = s.split_once('.')?;
    format!("{head}Z").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAGGED: &str = include_str!("../../tests/fixtures/taskmaster/webhooks-tagged.json");

    fn deps(t: &Task) -> Vec<u32> {
        t.depends_on.iter().map(|d| d.on.0).collect()
    }

    #[test]
    fn reads_the_tagged_shape_with_subtasks_after_their_parent() {
        let imp = read_tasks_json(TAGGED, "master").unwrap();
        let s = &imp.session;
        let order: Vec<(&str, u32)> = s
            .tasks
            .iter()
            .map(|t| (t.source_id.as_deref().unwrap_or(""), t.id.0))
            .collect();
        // Top-level numbers are kept; subtasks are numbered after every number in use (12 is named by #4).
        assert_eq!(
            order,
            vec![
                ("1", 1),
                ("2", 2),
                ("2.1", 13),
                ("2.2", 14),
                ("3", 3),
                ("4", 4),
                ("5", 5)
            ]
        );
        assert_eq!(deps(&s.tasks[1]), vec![1, 4, 1]);
        assert_eq!(
            deps(&s.tasks[3]),
            vec![13, 15],
            "sibling 1 is 2.1; 2.9 does not exist"
        );
        assert_eq!(deps(&s.tasks[4]), vec![2, 5]);
        assert_eq!(deps(&s.tasks[5]), vec![12]);
        assert_eq!(
            imp.external_labels.get(&TaskId(12)).map(String::as_str),
            Some("12")
        );
        assert_eq!(
            imp.external_labels.get(&TaskId(15)).map(String::as_str),
            Some("2.9")
        );
        let job = &s.tasks[1];
        assert_eq!(job.title, "Webhook delivery job");
        assert_eq!(
            job.description,
            "POST one event to one endpoint with the X-Signature header.\n\nJob in src/jobs/deliverWebhook.ts."
        );
        assert_eq!(
            job.verification.as_deref(),
            Some("npm test -- src/jobs/deliverWebhook.test.ts")
        );
        assert_eq!(s.tasks[0].status, TaskStatus::Done);
        assert_eq!(s.tasks[3].status, TaskStatus::InProgress);
        assert_eq!(s.tasks[6].status, TaskStatus::Deferred);
        assert_eq!(s.title, "Tasks for the outbound webhooks feature");
        assert_eq!(s.created, Timestamp::from_civil(2026, 1, 10, 8, 0, 0));
        assert!(s.counters.next_task > 15);
    }

    #[test]
    fn another_tag_and_the_plain_shape() {
        let imp = read_tasks_json(TAGGED, "feature-admin").unwrap();
        assert_eq!(imp.session.tasks.len(), 1);
        assert_eq!(imp.session.title, "Taskmaster tasks (tag feature-admin)");
        let plain = read_tasks_json(
            include_str!("../../tests/fixtures/taskmaster/plain.json"),
            "master",
        )
        .unwrap();
        assert_eq!(plain.session.tasks.len(), 2);
        assert_eq!(deps(&plain.session.tasks[1]), vec![1]);
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = read_tasks_json(TAGGED, "nope").unwrap_err();
        assert_eq!(
            e.to_string(),
            "there is no tag `nope` in this tasks.json (tags in the file: master, feature-admin)"
        );
        let plain = include_str!("../../tests/fixtures/taskmaster/plain.json");
        assert!(matches!(
            read_tasks_json(plain, "dev"),
            Err(InteropError::Untagged { .. })
        ));
        let e =
            read_tasks_json("{\n  \"tasks\": [\n    {\"id\": 1,, }\n  ]\n}", "master").unwrap_err();
        assert_eq!(
            e,
            InteropError::Json {
                line: 3,
                column: 14,
                message: "key must be a string".into()
            },
            "{e}"
        );
        let e = read_tasks_json(
            r#"{"tasks": [{"id": 1, "title": "A", "status": "sleeping"}]}"#,
            "master",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Taskmaster task 1: status `sleeping` is not one of pending, in-progress, done, deferred, cancelled, \
             blocked, review"
        );
        let e = read_tasks_json(r#"{"tasks": [{"id": 1}, {"id": "1"}]}"#, "master").unwrap_err();
        assert_eq!(e, InteropError::DuplicateId { id: "1".into() });
        assert_eq!(
            read_tasks_json("{}", "master").unwrap_err(),
            InteropError::NoTasks
        );
        let e = read_tasks_json(r#"{"tasks": [{"id": -3}]}"#, "master").unwrap_err();
        assert!(e.to_string().contains("task id -3 is negative"), "{e}");
    }

    #[test]
    fn non_numeric_ids_get_fresh_numbers_and_keep_their_label() {
        let imp = read_tasks_json(
            r#"{"tasks": [{"id": "setup"}, {"id": 2, "dependencies": ["setup"]}]}"#,
            "master",
        )
        .unwrap();
        let s = imp.session;
        assert_eq!(s.tasks[0].id, TaskId(3));
        assert_eq!(s.tasks[0].source_id.as_deref(), Some("setup"));
        assert_eq!(deps(&s.tasks[1]), vec![3]);
    }
}
