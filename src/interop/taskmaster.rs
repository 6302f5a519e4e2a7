//! Reading a Taskmaster `tasks.json` into a [`Session`], for `planner-tui
//! import` and `planner-tui check`. The mapping is in `docs/taskmaster.md`.
//!
//! Every shape Taskmaster and its users write is read: tagged files
//! (`{"master": {"tasks": [...], "metadata": {...}}, ...}`, also with the
//! tags under a `tags` member), the older plain `{"tasks": [...]}`, and a
//! bare list of tasks; ids as numbers or strings; subtask ids as numbers,
//! dotted strings (`"5.2"`) or other strings; `details` and `testStrategy`
//! as strings or lists of lines; subtasks of subtasks; comments in the
//! JSON. What cannot be used is a warning, never the end of the import.
//!
//! Each task becomes a planner-tui task, followed by its subtasks, which
//! keep their parent ([`Task::parent`]). Numeric top-level ids keep their
//! number (`5` → `T5`); everything else gets a fresh number after every
//! number in use. Every task keeps its Taskmaster id in `source_id` (`"5"`,
//! `"5.2"`), and in [`Task::extra`] the members planner-tui has no field for
//! (`priority`, `complexity`, ...) along with the raw `id`, `status`,
//! `dependencies`, `description`, `details` and `testStrategy`, so that the
//! export writes an unedited task back as it was. A dependency on an id
//! the file does not have becomes a dependency on an id no task has
//! (reported as dangling), labelled with the Taskmaster id in
//! [`Imported::external_labels`].
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::plan::{
    DepKind, Dependency, Extra, Origin, Session, SourceFormat, Stage, Task, TaskId, TaskStatus,
    Timestamp,
};

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
        "no tasks in this file: expected {{\"master\": {{\"tasks\": [...]}}}}, {{\"tasks\": [...]}} or a list of tasks"
    )]
    NoTasks,
    #[error(
        "no task list in this file: expected {{\"master\": {{\"tasks\": [...]}}}}, {{\"tasks\": [...]}} or a list of \
         tasks, and its members are {members}"
    )]
    NotTasks { members: String },
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
    /// The tag read (`master` for a file without tags).
    pub tag: String,
    /// What was read differently from what the file says, or not at all,
    /// each naming the task.
    pub warnings: Vec<String>,
}

/// Read the tasks of `tag` (Taskmaster's default tag is `master`).
pub fn read_tasks_json(text: &str, tag: &str) -> Result<Imported, InteropError> {
    read(text, Some(tag))
}

/// Read a `tasks.json`: the tag `tag`, or with `None` the `master` tag, or
/// the only tag with tasks when `master` has none.
pub fn read(text: &str, tag: Option<&str>) -> Result<Imported, InteropError> {
    let mut warnings = Vec::new();
    let top = parse(text, &mut warnings)?;
    let mut origin = Origin::new(SourceFormat::Taskmaster);
    let (tasks, metadata, tag, other_tags) = match top {
        Value::Array(tasks) => {
            if let Some(t) = tag.filter(|t| *t != "master") {
                return Err(InteropError::Untagged { tag: t.to_string() });
            }
            origin.layout = Some("list".into());
            (tasks, None, "master".to_string(), Vec::new())
        }
        Value::Object(mut members) => {
            if let Some(Value::Array(_)) = members.get("tasks") {
                if let Some(t) = tag.filter(|t| *t != "master") {
                    return Err(InteropError::Untagged { tag: t.to_string() });
                }
                let tasks = match members.remove("tasks") {
                    Some(Value::Array(tasks)) => tasks,
                    _ => Vec::new(),
                };
                let metadata = members.remove("metadata");
                origin.layout = Some("plain".into());
                origin.extra.insert("members", Value::Object(members));
                (tasks, metadata, "master".to_string(), Vec::new())
            } else {
                let (tag, nested, others) = choose_tag(&members, tag)?;
                let body = if nested {
                    members
                        .get_mut("tags")
                        .and_then(Value::as_object_mut)
                        .and_then(|t| t.remove(&tag))
                } else {
                    members.remove(&tag)
                };
                let Some(Value::Object(mut body)) = body else {
                    return Err(InteropError::NoTasks);
                };
                let tasks = match body.remove("tasks") {
                    Some(Value::Array(tasks)) => tasks,
                    _ => Vec::new(),
                };
                let metadata = body.remove("metadata");
                origin.layout = Some(if nested { "tags" } else { "tagged" }.into());
                origin.extra.insert("members", Value::Object(members));
                if !body.is_empty() {
                    origin.extra.insert("tag_members", Value::Object(body));
                }
                (tasks, metadata, tag, others)
            }
        }
        _ => return Err(InteropError::NoTasks),
    };
    let meta = match metadata {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    if !meta.is_empty() {
        origin.extra.insert("metadata", Value::Object(meta.clone()));
    }
    origin.tag = Some(tag.clone());
    let mut imported = build(tasks, &meta, &tag, origin, warnings)?;
    imported.other_tags = other_tags;
    Ok(imported)
}

/// Parses the JSON; a file with comments or trailing commas (not JSON, but
/// written by hand) is read without them, with a warning.
fn parse(text: &str, warnings: &mut Vec<String>) -> Result<Value, InteropError> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let relaxed = relax(text);
            match serde_json::from_str::<Value>(&relaxed) {
                Ok(v) if relaxed != text => {
                    warnings.push(
                        "the file has comments or trailing commas, which JSON does not allow; they were skipped \
                         and an export will not have them"
                            .into(),
                    );
                    Ok(v)
                }
                _ => Err(json_error(e)),
            }
        }
    }
}

/// `text` without `//` and `/* */` comments and without commas before `]`
/// or `}`, outside strings; line breaks are kept so positions stay right.
fn relax(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                    }
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            ']' | '}' => {
                let trimmed = out.trim_end().len();
                if out[..trimmed].ends_with(',') {
                    out.replace_range(trimmed - 1..trimmed, " ");
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The tag to read, whether it sits under a `tags` member, and the other tags.
fn choose_tag(
    members: &Map<String, Value>,
    asked: Option<&str>,
) -> Result<(String, bool, Vec<String>), InteropError> {
    let is_tag = |v: &Value| v.get("tasks").is_some_and(Value::is_array);
    let mut tags: Vec<(String, bool, usize)> = members
        .iter()
        .filter(|(_, v)| is_tag(v))
        .map(|(k, v)| (k.clone(), false, task_count(v)))
        .collect();
    if let Some(Value::Object(nested)) = members.get("tags") {
        for (k, v) in nested {
            if is_tag(v) && !tags.iter().any(|(t, _, _)| t == k) {
                tags.push((k.clone(), true, task_count(v)));
            }
        }
    }
    if tags.is_empty() {
        return Err(if members.is_empty() {
            InteropError::NoTasks
        } else {
            InteropError::NotTasks {
                members: members
                    .keys()
                    .map(|k| format!("`{}`", k.replace('`', "'")))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        });
    }
    let chosen = match asked {
        Some(t) => tags
            .iter()
            .find(|(k, _, _)| k == t)
            .ok_or_else(|| InteropError::NoSuchTag {
                tag: t.to_string(),
                found: tags
                    .iter()
                    .map(|(k, _, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?,
        None => {
            let master = tags.iter().find(|(k, _, _)| k == "master");
            let with_tasks: Vec<&(String, bool, usize)> =
                tags.iter().filter(|(_, _, n)| *n > 0).collect();
            match (master, with_tasks.as_slice()) {
                (Some(m), _) if m.2 > 0 => m,
                (_, [only]) => only,
                (Some(m), _) => m,
                (None, _) => &tags[0],
            }
        }
    };
    let others = tags
        .iter()
        .filter(|(k, _, _)| *k != chosen.0)
        .map(|(k, _, _)| k.clone())
        .collect();
    Ok((chosen.0.clone(), chosen.1, others))
}

fn task_count(tag: &Value) -> usize {
    tag.get("tasks")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
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

/// The text of an id or dependency as Taskmaster writes it.
pub(crate) fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// The id as a plain positive number below `u32::MAX`, if it is one.
fn id_number(v: &Value) -> Option<u32> {
    let t = id_text(v)?;
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u32>().ok().filter(|&n| n > 0 && n < u32::MAX)
}

/// One task of the file, flattened: the parent's full id, its own.
struct Flat {
    value: Map<String, Value>,
    /// Its full id, `5` or `5.2` (`parent.local`), for lookups.
    full: String,
    /// How findings and `show` name it.
    label: String,
    parent: Option<usize>,
}

/// Taskmaster ids to task ids: the lookups dependencies go through.
#[derive(Default)]
pub(crate) struct Lookup {
    /// Full ids (`5`, `5.2`, `setup.sub`) to tasks.
    pub(crate) by_full: HashMap<String, TaskId>,
}

impl Lookup {
    /// The task a dependency `dep` of the task with full id `own` (whose
    /// parent has full id `parent`) names: for a subtask, a sibling first,
    /// then a top-level task; a dotted id is a full id.
    pub(crate) fn resolve(&self, dep: &str, parent: Option<&str>) -> Result<TaskId, String> {
        if let Some(p) = parent
            && !dep.contains('.')
        {
            if let Some(&id) = self.by_full.get(&format!("{p}.{dep}")) {
                return Ok(id);
            }
            if let Some(&id) = self.by_full.get(dep) {
                return Ok(id);
            }
            return Err(format!("{p}.{dep}"));
        }
        self.by_full
            .get(dep)
            .copied()
            .ok_or_else(|| dep.to_string())
    }
}

fn build(
    raw: Vec<Value>,
    meta: &Map<String, Value>,
    tag: &str,
    mut origin: Origin,
    mut warnings: Vec<String>,
) -> Result<Imported, InteropError> {
    // Flatten the tree: each task followed by its subtasks, depth first.
    let mut flat: Vec<Flat> = Vec::with_capacity(raw.len() * 2);
    let mut string_ids = 0usize;
    let mut number_ids = 0usize;
    for (i, v) in raw.into_iter().enumerate() {
        let value = match v {
            Value::Object(m) => m,
            Value::String(title) => {
                warnings.push(format!(
                    "entry {} of the task list is a bare string; read as a task titled \"{}\"",
                    i + 1,
                    one_line(&title)
                ));
                let mut m = Map::new();
                m.insert("title".into(), Value::String(title));
                m
            }
            other => {
                warnings.push(format!(
                    "entry {} of the task list is not a task (it is {}); skipped",
                    i + 1,
                    kind_of(&other)
                ));
                continue;
            }
        };
        match value.get("id") {
            Some(Value::String(_)) => string_ids += 1,
            Some(Value::Number(_)) => number_ids += 1,
            _ => {}
        }
        let full = value
            .get("id")
            .and_then(id_text)
            .unwrap_or_else(|| (i + 1).to_string());
        push_flat(&mut flat, value, full.clone(), full, None, &mut warnings);
    }
    origin.string_ids = string_ids > number_ids;

    // Numeric top-level ids keep their number; the rest come after every
    // number in use, including numbers only dependencies name.
    let mut taken: HashSet<u32> = HashSet::new();
    let mut ids: Vec<Option<TaskId>> = vec![None; flat.len()];
    let mut lookup = Lookup::default();
    for (k, f) in flat.iter().enumerate() {
        if f.parent.is_none()
            && let Some(n) = f.value.get("id").and_then(id_number)
            && taken.insert(n)
        {
            ids[k] = Some(TaskId(n));
        }
    }
    let mut reserved: HashSet<u32> = HashSet::new();
    for f in &flat {
        if f.parent.is_none() {
            for d in deps_of(&f.value) {
                if let Some(n) = id_number(&d)
                    && !taken.contains(&n)
                {
                    reserved.insert(n);
                }
            }
        }
    }
    let mut next = taken
        .iter()
        .chain(&reserved)
        .copied()
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let mut fresh = || {
        let id = TaskId(next);
        next = next.saturating_add(1);
        id
    };
    for k in 0..flat.len() {
        let id = match ids[k] {
            Some(id) => id,
            None => {
                let id = fresh();
                ids[k] = Some(id);
                id
            }
        };
        let full = flat[k].full.clone();
        if let std::collections::hash_map::Entry::Vacant(e) = lookup.by_full.entry(full.clone()) {
            e.insert(id);
        } else {
            warnings.push(format!(
                "two Taskmaster tasks have the id {full}: the second (\"{}\") is {id} here, and dependencies on \
                 {full} mean the first",
                one_line(flat[k].value.get("title").and_then(Value::as_str).unwrap_or(""))
            ));
        }
    }
    let ids: Vec<TaskId> = ids.into_iter().map(|i| i.unwrap_or(TaskId(0))).collect();

    let mut external: HashMap<TaskId, String> = HashMap::new();
    let mut by_label: HashMap<String, TaskId> = HashMap::new();
    let mut tasks = Vec::with_capacity(flat.len());
    for (k, f) in flat.iter().enumerate() {
        let parent_full = f.parent.map(|p| flat[p].full.as_str());
        let mut depends_on = Vec::new();
        for d in deps_of(&f.value) {
            let Some(text) = id_text(&d) else {
                warnings.push(format!(
                    "task {}: dependency {} is not an id; skipped",
                    f.label,
                    one_line(&d.to_string())
                ));
                continue;
            };
            let on = match lookup.resolve(&text, parent_full) {
                Ok(id) => id,
                Err(label) => *by_label.entry(label.clone()).or_insert_with(|| {
                    let id = match label.parse::<u32>() {
                        Ok(n) if reserved.contains(&n) => TaskId(n),
                        _ => fresh(),
                    };
                    external.insert(id, label);
                    id
                }),
            };
            depends_on.push(Dependency::new(on, DepKind::Other));
        }
        if let Some(Value::String(s)) = f.value.get("dependencies") {
            warnings.push(format!(
                "task {}: `dependencies` is the text \"{}\", not a list; it is kept and written back, but not \
                 read as dependencies",
                f.label,
                one_line(s)
            ));
        }
        tasks.push(task(
            ids[k],
            f,
            f.parent.map(|p| ids[p]),
            depends_on,
            &mut warnings,
        ));
    }

    let text = |key: &str| meta.get(key).and_then(Value::as_str).map(str::to_string);
    let created = text("created")
        .or_else(|| text("createdAt"))
        .as_deref()
        .and_then(timestamp)
        .unwrap_or_default();
    let updated = text("updated")
        .or_else(|| text("lastModified"))
        .or_else(|| text("updatedAt"))
        .as_deref()
        .and_then(timestamp)
        .unwrap_or(created);
    let members = origin.extra.get("members").and_then(Value::as_object);
    let named = |key: &str| {
        members
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let title = text("description")
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .or_else(|| named("project"))
        .or_else(|| text("projectName"))
        .unwrap_or_else(|| format!("Taskmaster tasks (tag {tag})"));
    let mut session = Session::new(format!("taskmaster-{tag}"), title, created);
    session.updated = updated;
    session.stage = Stage::Dependencies;
    session.tasks = tasks;
    session.origin = Some(origin);
    session.normalise_counters();
    session.counters.next_task = session.counters.next_task.max(next);
    Ok(Imported {
        session,
        external_labels: external,
        other_tags: Vec::new(),
        tag: tag.to_string(),
        warnings,
    })
}

/// Adds `value` and, after it, its subtasks (and theirs).
fn push_flat(
    flat: &mut Vec<Flat>,
    mut value: Map<String, Value>,
    full: String,
    label: String,
    parent: Option<usize>,
    warnings: &mut Vec<String>,
) {
    let subtasks = value.remove("subtasks");
    let at = flat.len();
    flat.push(Flat {
        value,
        full: full.clone(),
        label: label.clone(),
        parent,
    });
    let list = match subtasks {
        Some(Value::Array(list)) => list,
        None | Some(Value::Null) => return,
        Some(other) => {
            warnings.push(format!(
                "task {label}: `subtasks` is {}, not a list; skipped",
                kind_of(&other)
            ));
            return;
        }
    };
    for (i, v) in list.into_iter().enumerate() {
        let mut sub = match v {
            Value::Object(m) => m,
            // A list of titles (hand-written files): subtasks numbered in order.
            Value::String(title) => {
                let mut m = Map::new();
                m.insert("id".into(), Value::from(i + 1));
                m.insert("title".into(), Value::String(title));
                m
            }
            other => {
                warnings.push(format!(
                    "task {label}: subtask {} is {}, not a task; skipped",
                    i + 1,
                    kind_of(&other)
                ));
                continue;
            }
        };
        if !sub.contains_key("id") {
            sub.insert("id".into(), Value::from(i + 1));
        }
        let raw = sub.get("id").and_then(id_text).unwrap_or_default();
        // `5.2` under 5 is local 2; `T01-1` under T01 is shown as it is.
        let local = raw
            .strip_prefix(&format!("{full}."))
            .unwrap_or(&raw)
            .to_string();
        let sub_full = format!("{full}.{local}");
        let sub_label = if raw
            .strip_prefix(&full)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
        {
            raw.clone()
        } else {
            sub_full.clone()
        };
        push_flat(flat, sub, sub_full, sub_label, Some(at), warnings);
    }
}

fn deps_of(value: &Map<String, Value>) -> Vec<Value> {
    match value.get("dependencies") {
        Some(Value::Array(d)) => d.clone(),
        _ => Vec::new(),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn one_line(s: &str) -> String {
    crate::sanitize::one_line(s).chars().take(80).collect()
}

/// A string, or a list of lines, as text; anything else as its JSON.
pub(crate) fn text_of(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.trim().to_string(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}

/// `description` and `details` joined as the task's description.
pub(crate) fn joined_description(description: Option<&Value>, details: Option<&Value>) -> String {
    [text_of(description), text_of(details)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The members planner-tui reads into its own fields; the rest is kept.
const MODELLED: [&str; 2] = ["title", "subtasks"];

fn task(
    id: TaskId,
    f: &Flat,
    parent: Option<TaskId>,
    depends_on: Vec<Dependency>,
    warnings: &mut Vec<String>,
) -> Task {
    let v = &f.value;
    let mut t = Task::new(id, text_of(v.get("title")).replace('\n', " "));
    if t.title.is_empty() {
        // A task needs a title; the description's first line is the best one.
        t.title = text_of(v.get("description"))
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
    }
    if t.title.is_empty() {
        t.title = format!("Task {}", f.label);
    }
    t.description = joined_description(v.get("description"), v.get("details"));
    t.verification = Some(text_of(v.get("testStrategy"))).filter(|s| !s.is_empty());
    t.status = match v.get("status") {
        None | Some(Value::Null) => TaskStatus::Pending,
        Some(Value::String(s)) if s.trim().is_empty() => TaskStatus::Pending,
        Some(Value::String(s)) => s.parse().unwrap_or_else(|_| {
            warnings.push(format!(
                "task {}: status `{}` is not one of pending, in-progress, done, deferred, cancelled, blocked, \
                 review; read as pending, and written back as `{}` while it stays pending",
                f.label,
                one_line(s),
                one_line(s)
            ));
            TaskStatus::Pending
        }),
        Some(other) => {
            warnings.push(format!(
                "task {}: status is {}, not a name; read as pending",
                f.label,
                kind_of(other)
            ));
            TaskStatus::Pending
        }
    };
    t.depends_on = depends_on;
    t.source_id = Some(f.label.clone());
    t.parent = parent;
    let mut extra = Extra::default();
    for (k, val) in v {
        if !MODELLED.contains(&k.as_str()) {
            extra.insert(k.clone(), val.clone());
        }
    }
    t.extra = extra;
    t
}

/// The order Taskmaster's `next` would hand out the open tasks, if each
/// were finished as soon as it was handed out: among the tasks whose
/// dependencies are done (and, for a subtask, whose parent has started),
/// the highest `priority` first, then the one with fewest dependencies,
/// then the lowest id. Done and cancelled tasks count as finished.
pub fn run_order(s: &Session) -> crate::analysis::RunOrder {
    let finished = |t: &Task| matches!(t.status, TaskStatus::Done | TaskStatus::Cancelled);
    let present: HashSet<TaskId> = s.tasks.iter().map(|t| t.id).collect();
    let mut done: HashSet<TaskId> = s
        .tasks
        .iter()
        .filter(|t| finished(t))
        .map(|t| t.id)
        .collect();
    let rank = |t: &Task| -> u8 {
        let own = t.extra.str("priority").or_else(|| {
            t.parent
                .and_then(|p| s.task(p))
                .and_then(|p| p.extra.str("priority"))
        });
        match own.map(str::to_ascii_lowercase).as_deref() {
            Some("high") | Some("critical") => 0,
            Some("low") => 2,
            _ => 1,
        }
    };
    // Ids compare as Taskmaster's: numbers by value, parts of `5.2` in turn.
    let id_key = |t: &Task| -> Vec<(u64, String)> {
        t.source_id
            .as_deref()
            .unwrap_or("")
            .split('.')
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    let mut open: Vec<&Task> = s.tasks.iter().filter(|t| !finished(t)).collect();
    let mut order = Vec::with_capacity(open.len());
    loop {
        let pick = open
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.depends_on
                    .iter()
                    .all(|d| done.contains(&d.on) && present.contains(&d.on))
                    && t.parent
                        .is_none_or(|p| !present.contains(&p) || done.contains(&p))
            })
            .min_by_key(|(_, t)| (rank(t), t.depends_on.len(), id_key(t)))
            .map(|(i, _)| i);
        let Some(i) = pick else { break };
        let t = open.remove(i);
        order.push(t.id);
        done.insert(t.id);
    }
    crate::analysis::RunOrder {
        tool: "Taskmaster".to_string(),
        order,
        never: open.iter().map(|t| t.id).collect(),
        finished: s.tasks.iter().filter(|t| finished(t)).count(),
    }
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
        let order: Vec<(&str, u32, Option<u32>)> = s
            .tasks
            .iter()
            .map(|t| {
                (
                    t.source_id.as_deref().unwrap_or(""),
                    t.id.0,
                    t.parent.map(|p| p.0),
                )
            })
            .collect();
        // Top-level numbers are kept; subtasks are numbered after every number in use (12 is named by #4).
        assert_eq!(
            order,
            vec![
                ("1", 1, None),
                ("2", 2, None),
                ("2.1", 13, Some(2)),
                ("2.2", 14, Some(2)),
                ("3", 3, None),
                ("4", 4, None),
                ("5", 5, None)
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
        assert_eq!(job.extra.str("priority"), Some("high"));
        assert_eq!(s.tasks[0].status, TaskStatus::Done);
        assert_eq!(s.tasks[3].status, TaskStatus::InProgress);
        assert_eq!(s.tasks[6].status, TaskStatus::Deferred);
        assert_eq!(s.title, "Tasks for the outbound webhooks feature");
        assert_eq!(s.created, Timestamp::from_civil(2026, 1, 10, 8, 0, 0));
        assert!(s.counters.next_task > 15);
        assert_eq!(imp.other_tags, vec!["feature-admin"]);
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
            "there is no tag `nope` in this tasks.json (tags in the file: feature-admin, master)"
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
        assert_eq!(
            read_tasks_json("{}", "master").unwrap_err(),
            InteropError::NoTasks
        );
    }

    #[test]
    fn odd_values_are_warnings_not_failures() {
        let imp = read_tasks_json(
            r#"{"tasks": [{"id": 1, "title": "A", "status": "sleeping"}, {"id": "1", "title": "B"}]}"#,
            "master",
        )
        .unwrap();
        assert_eq!(imp.session.tasks.len(), 2);
        assert_eq!(imp.session.tasks[0].status, TaskStatus::Pending);
        let warned = |what: &str| imp.warnings.iter().any(|w| w.contains(what));
        assert!(warned("task 1: status `sleeping`"), "{:?}", imp.warnings);
        assert!(
            warned("two Taskmaster tasks have the id 1: the second (\"B\") is T2 here"),
            "{:?}",
            imp.warnings
        );
        assert_ne!(imp.session.tasks[0].id, imp.session.tasks[1].id);
    }

    #[test]
    fn comments_string_subtasks_arrays_and_a_bare_list() {
        let imp = read(
            "[ /* setup */ {\"id\": \"7\", \"title\": \"Set up\", \"details\": [\"one\", \"two\"],\n\
             \"subtasks\": [\"First\", \"Second\"], \"complexity\": 5,},\n\
             {\"id\": \"8\", \"title\": \"Next\", \"dependencies\": [\"7.2\"]} ]",
            None,
        )
        .unwrap();
        let s = &imp.session;
        let labels: Vec<&str> = s
            .tasks
            .iter()
            .map(|t| t.source_id.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(labels, vec!["7", "7.1", "7.2", "8"]);
        assert_eq!(s.tasks[0].description, "one\ntwo");
        assert_eq!(s.tasks[2].title, "Second");
        assert_eq!(s.tasks[2].parent, Some(TaskId(7)));
        assert_eq!(deps(&s.tasks[3]), vec![s.tasks[2].id.0]);
        assert_eq!(
            s.tasks[0].extra.get("complexity"),
            Some(&serde_json::json!(5))
        );
        assert!(imp.warnings[0].contains("comments"), "{:?}", imp.warnings);
        let origin = s.origin.as_ref().unwrap();
        assert_eq!(origin.layout.as_deref(), Some("list"));
        assert!(origin.string_ids);
    }

    fn export(s: &Session) -> String {
        crate::export::render(
            crate::export::Format::Taskmaster,
            s,
            &crate::analysis::analyse(s),
        )
    }

    #[test]
    fn an_unedited_file_goes_back_with_its_subtasks_tags_and_fields() {
        let imp = read_tasks_json(TAGGED, "master").unwrap();
        let out = export(&imp.session);
        let v: Value = serde_json::from_str(&out).unwrap();
        let original: Value = serde_json::from_str(TAGGED).unwrap();
        // The other tag and the metadata are written back untouched.
        assert_eq!(v["feature-admin"], original["feature-admin"]);
        assert_eq!(v["master"]["metadata"], original["master"]["metadata"]);
        let job = &v["master"]["tasks"][1];
        assert_eq!(job["priority"], "high");
        assert_eq!(job["dependencies"], serde_json::json!([1, 4, 1]));
        let subs = job["subtasks"].as_array().unwrap();
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[1]["id"], 2);
        assert_eq!(subs[1]["dependencies"], serde_json::json!([1, "2.9"]));
        assert_eq!(v["master"]["tasks"].as_array().unwrap().len(), 5);
        // And reading the export gives the same plan.
        let again = read_tasks_json(&out, "master").unwrap();
        // Everything but the raw fields kept for writing back.
        let shape = |s: &Session| -> Vec<Task> {
            s.tasks
                .iter()
                .map(|t| Task {
                    extra: Extra::default(),
                    ..t.clone()
                })
                .collect()
        };
        assert_eq!(shape(&again.session), shape(&imp.session));
        assert_eq!(export(&again.session), out);
    }

    #[test]
    fn an_edited_subtask_stays_under_its_parent() {
        let mut s = read_tasks_json(TAGGED, "master").unwrap().session;
        let sub = s
            .tasks
            .iter_mut()
            .find(|t| t.source_id.as_deref() == Some("2.1"))
            .unwrap();
        sub.title = "Sign the body with HMAC".into();
        sub.status = TaskStatus::Done;
        let mut added = Task::new(TaskId(40), "Log the delivery");
        added.parent = Some(TaskId(2));
        s.tasks.insert(4, added);
        let v: Value = serde_json::from_str(&export(&s)).unwrap();
        let subs = v["master"]["tasks"][1]["subtasks"].as_array().unwrap();
        let titles: Vec<(&Value, &str, &str)> = subs
            .iter()
            .map(|t| {
                (
                    &t["id"],
                    t["title"].as_str().unwrap(),
                    t["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            titles,
            vec![
                (&serde_json::json!(1), "Sign the body with HMAC", "done"),
                (&serde_json::json!(2), "Send and record", "in-progress"),
                (&serde_json::json!(3), "Log the delivery", "pending"),
            ]
        );
    }

    #[test]
    fn the_run_order_follows_dependencies_priority_and_id() {
        let s = read(
            r#"{"tasks": [
                {"id": 1, "title": "Late", "dependencies": [3], "priority": "high"},
                {"id": 2, "title": "Low", "priority": "low"},
                {"id": 3, "title": "First", "priority": "medium"},
                {"id": 4, "title": "Done", "status": "done"},
                {"id": 5, "title": "Stuck", "dependencies": [9]}
            ]}"#,
            None,
        )
        .unwrap()
        .session;
        let ro = run_order(&s);
        let ids: Vec<u32> = ro.order.iter().map(|t| t.0).collect();
        assert_eq!(ids, vec![3, 1, 2]);
        assert_eq!(ro.never, vec![TaskId(5)]);
        assert_eq!(ro.finished, 1);
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

    #[test]
    fn the_master_tag_falls_back_to_the_only_tag_with_tasks() {
        let text = r#"{"version": "0.25.1", "tags": {"master": {"tasks": []}},
                       "dev": {"tasks": [{"id": 1, "title": "A"}]}}"#;
        let imp = read(text, None).unwrap();
        assert_eq!(imp.tag, "dev");
        assert_eq!(imp.session.tasks.len(), 1);
        assert_eq!(imp.other_tags, vec!["master"]);
        let master = read(text, Some("master")).unwrap();
        assert!(master.session.tasks.is_empty());
        assert_eq!(
            master.session.origin.unwrap().layout.as_deref(),
            Some("tags")
        );
    }
}
