//! Taskmaster's `tasks.json`, as Taskmaster's CLI reads it. The mapping is
//! in `docs/taskmaster.md`; it is chosen so that export → import → export
//! gives the same bytes, and so that a file imported from Taskmaster comes
//! back with its shape (tag, layout, other tags and members), its subtasks
//! nested under their parents with their ids, and every member of every
//! task planner-tui has no field for. What the file said is written back
//! as it was wherever the task still says the same; what was edited is
//! written from the plan. Inferred dependencies are not written: Taskmaster
//! would read them as stated.
use std::collections::{HashMap, HashSet};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::analysis::Report;
use crate::interop::taskmaster::{Lookup, id_text, joined_description, text_of};
use crate::plan::{Session, SourceFormat, Task, TaskId, TaskStatus};

/// A JSON object that keeps its members in the order they were added.
struct Ordered(Vec<(String, Value)>);

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Ordered {
    fn push(&mut self, k: &str, v: Value) {
        self.0.push((k.to_string(), v));
    }
}

/// Members written from the plan, in Taskmaster's order; the file's
/// others follow.
const WRITTEN: [&str; 9] = [
    "id",
    "title",
    "description",
    "details",
    "testStrategy",
    "status",
    "priority",
    "dependencies",
    "subtasks",
];

pub fn render(s: &Session, report: &Report) -> String {
    let ctx = Context::new(s, report);
    let tasks = TaskList(
        s.tasks
            .iter()
            .filter(|t| t.parent.is_none_or(|p| !ctx.present.contains(&p)))
            .map(|t| ctx.task(t, None))
            .collect(),
    );
    let origin = s
        .origin
        .as_ref()
        .filter(|o| o.format == SourceFormat::Taskmaster);
    let layout = origin.and_then(|o| o.layout.as_deref()).unwrap_or("tagged");
    let tag = origin
        .and_then(|o| o.tag.clone())
        .unwrap_or_else(|| "master".to_string());
    let kept = |key: &str| {
        origin
            .and_then(|o| o.extra.get(key))
            .and_then(Value::as_object)
            .cloned()
    };
    let metadata = match kept("metadata") {
        Some(m) => Some(Meta::Kept(m)),
        None if layout == "tagged" || layout == "tags" => Some(Meta::Fresh {
            created: s.created.to_string(),
            updated: s.updated.to_string(),
            description: s.title.trim().to_string(),
        }),
        None => None,
    };
    let body = TagBody {
        tasks,
        metadata,
        rest: kept("tag_members").unwrap_or_default(),
    };
    let members = kept("members").unwrap_or_default();
    let file = match layout {
        "list" => Doc::List(body.tasks),
        "plain" => Doc::Plain { body, members },
        "tags" => Doc::Nested { tag, body, members },
        _ => Doc::Tagged { tag, body, members },
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// A task and its subtasks, members in order.
struct OrderedTask {
    members: Ordered,
    subtasks: Option<Vec<OrderedTask>>,
}

impl Serialize for OrderedTask {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in &self.members.0 {
            if k == "subtasks" {
                match &self.subtasks {
                    Some(subs) => m.serialize_entry(k, subs)?,
                    None => m.serialize_entry(k, &Vec::<Value>::new())?,
                }
            } else {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

struct TaskList(Vec<OrderedTask>);

impl Serialize for TaskList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A tag's metadata: the file's own, or made from the session.
enum Meta {
    Kept(serde_json::Map<String, Value>),
    Fresh {
        created: String,
        updated: String,
        description: String,
    },
}

impl Serialize for Meta {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Meta::Kept(kept) => {
                // Taskmaster's own order first; JSON objects read back sorted.
                const FIRST: [&str; 3] = ["created", "updated", "description"];
                let mut m = s.serialize_map(Some(kept.len()))?;
                for k in FIRST {
                    if let Some(v) = kept.get(k) {
                        m.serialize_entry(k, v)?;
                    }
                }
                for (k, v) in kept.iter().filter(|(k, _)| !FIRST.contains(&k.as_str())) {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Meta::Fresh {
                created,
                updated,
                description,
            } => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("created", created)?;
                m.serialize_entry("updated", updated)?;
                m.serialize_entry("description", description)?;
                m.end()
            }
        }
    }
}

/// A tag's body: `tasks`, then metadata and the tag's other members.
struct TagBody {
    tasks: TaskList,
    metadata: Option<Meta>,
    rest: serde_json::Map<String, Value>,
}

impl Serialize for TagBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("tasks", &self.tasks)?;
        if let Some(meta) = &self.metadata {
            m.serialize_entry("metadata", meta)?;
        }
        for (k, v) in &self.rest {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The file around the tasks, in the layout it was read in.
enum Doc {
    List(TaskList),
    Plain {
        body: TagBody,
        members: serde_json::Map<String, Value>,
    },
    Tagged {
        tag: String,
        body: TagBody,
        members: serde_json::Map<String, Value>,
    },
    Nested {
        tag: String,
        body: TagBody,
        members: serde_json::Map<String, Value>,
    },
}

/// `members` with `(tag, body)` put where the tag sorts among them (the
/// JSON reader does not keep the file's own order of members).
fn with_tag<M: SerializeMap, T: Serialize>(
    m: &mut M,
    members: &serde_json::Map<String, Value>,
    tag: &str,
    body: &T,
) -> Result<(), M::Error> {
    let mut written = false;
    for (k, v) in members {
        if !written && k.as_str() > tag {
            m.serialize_entry(tag, body)?;
            written = true;
        }
        if k != tag {
            m.serialize_entry(k, v)?;
        }
    }
    if !written {
        m.serialize_entry(tag, body)?;
    }
    Ok(())
}

impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Doc::List(tasks) => tasks.serialize(s),
            Doc::Plain { body, members } => {
                let mut m = s.serialize_map(None)?;
                for (k, v) in members {
                    m.serialize_entry(k, v)?;
                }
                m.serialize_entry("tasks", &body.tasks)?;
                if let Some(meta) = &body.metadata {
                    m.serialize_entry("metadata", meta)?;
                }
                m.end()
            }
            Doc::Tagged { tag, body, members } => {
                let mut m = s.serialize_map(None)?;
                if members.is_empty() {
                    m.serialize_entry(tag, body)?;
                } else {
                    with_tag(&mut m, members, tag, body)?;
                }
                m.end()
            }
            Doc::Nested { tag, body, members } => {
                let mut m = s.serialize_map(None)?;
                let empty = serde_json::Map::new();
                let others = members
                    .get("tags")
                    .and_then(Value::as_object)
                    .unwrap_or(&empty);
                let tags = NestedTags { tag, body, others };
                let mut written = false;
                for (k, v) in members {
                    if k == "tags" {
                        m.serialize_entry(k, &tags)?;
                        written = true;
                    } else {
                        m.serialize_entry(k, v)?;
                    }
                }
                if !written {
                    m.serialize_entry("tags", &tags)?;
                }
                m.end()
            }
        }
    }
}

struct NestedTags<'a> {
    tag: &'a str,
    body: &'a TagBody,
    others: &'a serde_json::Map<String, Value>,
}

impl Serialize for NestedTags<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        with_tag(&mut m, self.others, self.tag, self.body)?;
        m.end()
    }
}

/// What writing one task needs to know about the others.
struct Context<'a> {
    s: &'a Session,
    present: HashSet<TaskId>,
    by_id: HashMap<TaskId, &'a Task>,
    critical: HashSet<TaskId>,
    /// Taskmaster ids: the full id (`5`, `5.2`) and the id member of each task.
    full: HashMap<TaskId, String>,
    id_value: HashMap<TaskId, Value>,
    lookup: Lookup,
    /// The full id of each task's parent.
    parent_full: HashMap<TaskId, String>,
    children: HashMap<TaskId, Vec<&'a Task>>,
}

impl<'a> Context<'a> {
    fn new(s: &'a Session, report: &Report) -> Context<'a> {
        let critical = report
            .schedule
            .as_ref()
            .map(|sc| sc.critical_path.iter().copied().collect())
            .unwrap_or_default();
        let present: HashSet<TaskId> = s.tasks.iter().map(|t| t.id).collect();
        let by_id: HashMap<TaskId, &Task> = s.tasks.iter().map(|t| (t.id, t)).collect();
        let ours = s
            .origin
            .as_ref()
            .is_some_and(|o| o.format == SourceFormat::Taskmaster);
        let string_ids = s.origin.as_ref().is_some_and(|o| ours && o.string_ids);
        let mut ctx = Context {
            s,
            present,
            by_id,
            critical,
            full: HashMap::new(),
            id_value: HashMap::new(),
            lookup: Lookup::default(),
            parent_full: HashMap::new(),
            children: s.children(),
        };
        // Ids in tree order: a parent's full id before its subtasks'.
        let tops: Vec<&Task> = s
            .tasks
            .iter()
            .filter(|t| t.parent.is_none_or(|p| !ctx.present.contains(&p)))
            .collect();
        let mut stack: Vec<(&Task, Option<String>)> =
            tops.iter().rev().map(|t| (*t, None)).collect();
        let mut used_locals: HashMap<Option<TaskId>, HashSet<String>> = HashMap::new();
        let mut visited = HashSet::new();
        while let Some((t, parent_full)) = stack.pop() {
            if !visited.insert(t.id) {
                continue;
            }
            let siblings_parent = t.parent.filter(|p| ctx.present.contains(p));
            let raw = if ours {
                t.extra.get("id").cloned()
            } else {
                None
            };
            let value = match raw.filter(|v| id_text(v).is_some()) {
                Some(v) => v,
                None if parent_full.is_none() => {
                    if string_ids {
                        Value::String(t.id.0.to_string())
                    } else {
                        Value::from(t.id.0)
                    }
                }
                None => {
                    // A new subtask: the next number among its siblings.
                    let used = used_locals.entry(siblings_parent).or_default();
                    let siblings = t
                        .parent
                        .and_then(|p| ctx.children.get(&p))
                        .map_or(&[][..], Vec::as_slice);
                    let mut n = siblings
                        .iter()
                        .filter_map(|sib| sib.extra.get("id").and_then(id_text))
                        .filter_map(|l| l.rsplit('.').next().and_then(|x| x.parse::<u32>().ok()))
                        .max()
                        .unwrap_or(0)
                        + 1;
                    while used.contains(&n.to_string()) {
                        n += 1;
                    }
                    Value::from(n)
                }
            };
            let text = id_text(&value).unwrap_or_default();
            used_locals
                .entry(siblings_parent)
                .or_default()
                .insert(text.clone());
            let full = match &parent_full {
                None => text,
                Some(p) => {
                    let local = text.strip_prefix(&format!("{p}.")).unwrap_or(&text);
                    format!("{p}.{local}")
                }
            };
            ctx.lookup.by_full.entry(full.clone()).or_insert(t.id);
            if let Some(p) = parent_full {
                ctx.parent_full.insert(t.id, p);
            }
            ctx.full.insert(t.id, full.clone());
            ctx.id_value.insert(t.id, value);
            if let Some(subs) = ctx.children.get(&t.id) {
                for sub in subs.iter().rev() {
                    stack.push((sub, Some(full.clone())));
                }
            }
        }
        ctx
    }

    fn task(&self, t: &Task, parent: Option<&Task>) -> OrderedTask {
        let ours = self
            .s
            .origin
            .as_ref()
            .is_some_and(|o| o.format == SourceFormat::Taskmaster);
        let extra = if ours { Some(&t.extra) } else { None };
        let raw = |k: &str| extra.and_then(|e| e.get(k));
        let mut m = Ordered(Vec::new());
        m.push(
            "id",
            self.id_value
                .get(&t.id)
                .cloned()
                .unwrap_or(Value::from(t.id.0)),
        );
        m.push("title", Value::String(t.title.trim().to_string()));
        // The file's description and details while they still say what the task says.
        let unchanged = t.produces.is_empty()
            && t.covers.is_empty()
            && (raw("description").is_some() || raw("details").is_some())
            && joined_description(raw("description"), raw("details")) == t.description.trim();
        if unchanged {
            for key in ["description", "details"] {
                if let Some(v) = raw(key) {
                    m.push(key, v.clone());
                }
            }
        } else {
            let (description, details) = split_description(t);
            m.push("description", Value::String(description));
            m.push("details", Value::String(details));
        }
        let verification = t.verification.as_deref().unwrap_or("").trim();
        match raw("testStrategy") {
            Some(v) if text_of(Some(v)) == verification => m.push("testStrategy", v.clone()),
            _ => m.push("testStrategy", Value::String(verification.to_string())),
        }
        let status = match raw("status") {
            Some(Value::String(s))
                if s.parse::<TaskStatus>().ok() == Some(t.status)
                    || (s.parse::<TaskStatus>().is_err() && t.status.is_pending()) =>
            {
                Value::String(s.clone())
            }
            _ => Value::String(t.status.as_str().to_string()),
        };
        m.push("status", status);
        let priority = match raw("priority") {
            Some(p) => Some(p.clone()),
            // Subtasks read from a file had no priority; keep it that way.
            None if ours && t.extra.get("id").is_some() && parent.is_some() => None,
            None => Some(Value::String(
                if self.critical.contains(&t.id) {
                    "high"
                } else {
                    "medium"
                }
                .to_string(),
            )),
        };
        if let Some(p) = priority {
            m.push("priority", p);
        }
        m.push("dependencies", self.dependencies(t, raw("dependencies")));
        let subs: &[&Task] = self.children.get(&t.id).map_or(&[], Vec::as_slice);
        let subtasks = if subs.is_empty() {
            None
        } else {
            Some(subs.iter().map(|sub| self.task(sub, Some(t))).collect())
        };
        // Top-level tasks always have `subtasks`; subtasks when they have some.
        if parent.is_none() || subtasks.is_some() {
            m.push("subtasks", Value::Null);
        }
        if let Some(e) = extra {
            for (k, v) in e.iter() {
                if !WRITTEN.contains(&k.as_str()) {
                    m.push(k, v.clone());
                }
            }
        }
        OrderedTask {
            members: m,
            subtasks,
        }
    }

    /// The stated dependencies: as the file wrote them while they still
    /// name the same tasks, else each as Taskmaster names it.
    fn dependencies(&self, t: &Task, raw: Option<&Value>) -> Value {
        let stated: Vec<TaskId> = t
            .depends_on
            .iter()
            .filter(|d| !d.inferred)
            .map(|d| d.on)
            .collect();
        let parent_full = self.parent_full.get(&t.id).map(String::as_str);
        if let Some(Value::Array(items)) = raw {
            let same = items.len() == stated.len()
                && items.iter().zip(&stated).all(|(v, on)| {
                    id_text(v).is_some_and(|text| {
                        self.lookup.resolve(&text, parent_full).ok() == Some(*on)
                            || (!self.present.contains(on)
                                && self.lookup.resolve(&text, parent_full).is_err())
                    })
                });
            if same {
                return Value::Array(items.clone());
            }
        }
        let values = stated
            .iter()
            .map(|on| {
                let sibling =
                    self.by_id.get(on).and_then(|o| o.parent) == t.parent && t.parent.is_some();
                match (self.full.get(on), self.id_value.get(on)) {
                    (Some(_), Some(v))
                        if self.by_id.get(on).is_some_and(|o| o.parent.is_none()) =>
                    {
                        v.clone()
                    }
                    (Some(full), Some(v)) if sibling => match id_text(v)
                        .and_then(|l| l.rsplit('.').next().and_then(|x| x.parse::<u32>().ok()))
                    {
                        Some(n) => Value::from(n),
                        None => Value::String(full.clone()),
                    },
                    (Some(full), _) => Value::String(full.clone()),
                    _ => Value::from(on.0),
                }
            })
            .collect();
        Value::Array(values)
    }
}

/// Taskmaster's `description` is one short paragraph; the rest of the task's
/// description goes to `details`, followed by what the task produces and
/// covers (Taskmaster has no fields for them). The reader joins the two with
/// a blank line, which is how they were split, so nothing grows on a round trip.
fn split_description(t: &Task) -> (String, String) {
    // Taskmaster wants a description; an empty one is the title's place.
    let text = match t.description.trim() {
        "" => t.title.trim(),
        d => d,
    };
    let (first, rest) = match text.split_once("\n\n") {
        Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
        None => (text.to_string(), String::new()),
    };
    let mut details: Vec<String> = Vec::new();
    if !rest.is_empty() {
        details.push(rest);
    }
    if !t.produces.is_empty() {
        details.push(format!("Produces: {}", t.produces.join(", ")));
    }
    if !t.covers.is_empty() {
        let c: Vec<&str> = t.covers.iter().map(|r| r.as_str()).collect();
        details.push(format!("Covers: {}", c.join(", ")));
    }
    (first, details.join("\n\n"))
}
