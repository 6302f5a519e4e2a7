//! Tasks and the typed dependencies between them.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{RequirementId, TaskId};
use super::origin::Extra;

/// One step of the plan: a single verifiable outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Files, types or schema the task creates or changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub produces: Vec<String>,
    /// Tasks that must be done before this one, each with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dependency>,
    /// How to tell the task is done: a command, a test path, an observable result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<String>,
    /// Requirements this task implements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<RequirementId>,
    #[serde(default, skip_serializing_if = "TaskStatus::is_pending")]
    pub status: TaskStatus,
    /// The id the task had in the file it was imported from (Taskmaster `5.2`, Spec Kit `T004`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// A group the user put the task in ("Setup", "User story 1"); the Spec
    /// Kit export makes one phase per group when the plan has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// A placeholder for work a planner could not break into tasks with named
    /// outputs: it must be decomposed before the plan is ready.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The task this one is a subtask of (Taskmaster's `5.2` under `5`,
    /// Kiro's `2.1` under `2`). A subtask is a task like any other; the
    /// link is not a dependency, and exports that know subtasks nest it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<TaskId>,
    /// What the file it was imported from said about it that planner-tui
    /// has no field for (Taskmaster's `priority`, `complexity`, ...),
    /// written back when the plan is exported to that format.
    #[serde(default, skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
    /// Requirements it covers that changed in the spec, as the user last
    /// looked at them: a covered requirement whose text changed and is not
    /// here as it reads now is one to review (`requirement-changed`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed: Vec<ReviewedRequirement>,
}

/// A changed requirement's text as the user confirmed the task against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewedRequirement {
    pub id: RequirementId,
    pub text: String,
}

impl Task {
    pub fn new(id: TaskId, title: impl Into<String>) -> Self {
        Task {
            id,
            title: title.into(),
            description: String::new(),
            produces: Vec::new(),
            depends_on: Vec::new(),
            verification: None,
            covers: Vec::new(),
            status: TaskStatus::Pending,
            source_id: None,
            group: None,
            draft: false,
            parent: None,
            extra: Extra::default(),
            reviewed: Vec::new(),
        }
    }

    /// The requirements it covers that changed in the spec (`was` set)
    /// since the user last confirmed the task against them.
    pub fn requirements_to_review<'a>(
        &'a self,
        requirements: &'a [super::Requirement],
    ) -> impl Iterator<Item = &'a super::Requirement> + 'a {
        requirements.iter().filter(move |r| {
            r.was.is_some()
                && self.covers.contains(&r.id)
                && !self
                    .reviewed
                    .iter()
                    .any(|seen| seen.id == r.id && seen.text == r.text)
        })
    }

    /// The task confirmed against its requirements as they read now: the
    /// changed ones it covers are remembered, the rest forgotten.
    pub fn mark_reviewed(&mut self, requirements: &[super::Requirement]) {
        self.reviewed = requirements
            .iter()
            .filter(|r| r.was.is_some() && self.covers.contains(&r.id))
            .map(|r| ReviewedRequirement {
                id: r.id.clone(),
                text: r.text.clone(),
            })
            .collect();
    }

    pub fn depends_on_task(&self, on: TaskId) -> bool {
        self.depends_on.iter().any(|d| d.on == on)
    }

    /// How many different tasks (or ids) this one lists as dependencies.
    pub fn distinct_dependencies(&self) -> usize {
        let deps = &self.depends_on;
        if deps.len() <= 16 {
            return (0..deps.len())
                .filter(|&i| deps[..i].iter().all(|e| e.on != deps[i].on))
                .count();
        }
        deps.iter()
            .map(|d| d.on)
            .collect::<std::collections::HashSet<_>>()
            .len()
    }

    /// Each task this one depends on, once, in the order first listed: the
    /// first listing (its kind is the one that counts) and how many times
    /// it is listed. Linear in the number of listings.
    pub fn folded_dependencies(&self) -> Vec<(Dependency, usize)> {
        let mut out: Vec<(Dependency, usize)> = Vec::new();
        if self.depends_on.len() <= 16 {
            for d in &self.depends_on {
                match out.iter_mut().find(|(f, _)| f.on == d.on) {
                    Some((_, times)) => *times += 1,
                    None => out.push((*d, 1)),
                }
            }
            return out;
        }
        let mut slot: std::collections::HashMap<TaskId, usize> =
            std::collections::HashMap::with_capacity(self.depends_on.len());
        for d in &self.depends_on {
            match slot.entry(d.on) {
                std::collections::hash_map::Entry::Occupied(e) => out[*e.get()].1 += 1,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(out.len());
                    out.push((*d, 1));
                }
            }
        }
        out
    }
}

/// Where a task stands. The names are Taskmaster's, so plans move between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    #[default]
    Pending,
    InProgress,
    Review,
    Done,
    Blocked,
    Deferred,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 7] = [
        TaskStatus::Pending,
        TaskStatus::InProgress,
        TaskStatus::Review,
        TaskStatus::Done,
        TaskStatus::Blocked,
        TaskStatus::Deferred,
        TaskStatus::Cancelled,
    ];
    pub fn is_pending(&self) -> bool {
        *self == TaskStatus::Pending
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Pending => "pending",
            TaskStatus::InProgress => "in-progress",
            TaskStatus::Review => "review",
            TaskStatus::Done => "done",
            TaskStatus::Blocked => "blocked",
            TaskStatus::Deferred => "deferred",
            TaskStatus::Cancelled => "cancelled",
        }
    }
}

impl FromStr for TaskStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        TaskStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == norm)
            .or(match norm.as_str() {
                "todo" | "open" => Some(TaskStatus::Pending),
                "canceled" => Some(TaskStatus::Cancelled),
                "completed" | "complete" => Some(TaskStatus::Done),
                _ => None,
            })
            .ok_or_else(|| {
                format!(
                    "unknown task status `{s}` (expected one of: {})",
                    TaskStatus::ALL.map(|s| s.as_str()).join(", ")
                )
            })
    }
}

/// Why one task needs another to exist first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DepKind {
    /// Reads or writes a table, collection or schema another task creates.
    Schema,
    /// Implements or calls a type or interface another task defines.
    Interface,
    /// Needs a queue, client, job handler or other runtime piece another task sets up.
    Infrastructure,
    #[default]
    Other,
}

impl DepKind {
    pub const ALL: [DepKind; 4] = [
        DepKind::Schema,
        DepKind::Interface,
        DepKind::Infrastructure,
        DepKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DepKind::Schema => "schema",
            DepKind::Interface => "interface",
            DepKind::Infrastructure => "infrastructure",
            DepKind::Other => "other",
        }
    }
}

impl fmt::Display for DepKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DepKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "schema" | "data" => Ok(DepKind::Schema),
            "interface" | "type" | "types" | "contract" => Ok(DepKind::Interface),
            "infrastructure" | "infra" | "runtime" => Ok(DepKind::Infrastructure),
            "other" | "none" | "" => Ok(DepKind::Other),
            _ => Err(format!(
                "unknown dependency kind `{s}` (expected schema, interface, infrastructure or other)"
            )),
        }
    }
}

/// "This task needs `on` first, because of `kind`". Written in session files
/// as a short string: `"T3:schema"`, or `"T3"` when the kind is `other`;
/// an inferred one ends in `:inferred` (`"T3:inferred"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dependency {
    pub on: TaskId,
    pub kind: DepKind,
    /// Read from where the task stood in an imported file (a Spec Kit
    /// phase, a Kiro list), not stated by anyone: shown as inferred, and
    /// never written as a stated dependency by an export.
    pub inferred: bool,
}

impl Dependency {
    pub fn new(on: TaskId, kind: DepKind) -> Self {
        Dependency {
            on,
            kind,
            inferred: false,
        }
    }
    /// A dependency read from the order of an imported file.
    pub fn inferred(on: TaskId) -> Self {
        Dependency {
            on,
            kind: DepKind::Other,
            inferred: true,
        }
    }
}

impl fmt::Display for Dependency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DepKind::Other => write!(f, "{}", self.on)?,
            kind => write!(f, "{}:{}", self.on, kind)?,
        }
        if self.inferred {
            f.write_str(":inferred")?;
        }
        Ok(())
    }
}

impl FromStr for Dependency {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (s, inferred) = match s.strip_suffix(":inferred") {
            Some(rest) => (rest, true),
            None => (s, false),
        };
        let (id, kind) = match s.split_once(':') {
            Some((id, kind)) => (id, kind.parse::<DepKind>()?),
            None => (s, DepKind::Other),
        };
        let on = id.parse::<TaskId>().map_err(|e| e.to_string())?;
        Ok(Dependency { on, kind, inferred })
    }
}

impl Serialize for Dependency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Dependency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_are_short_strings() {
        let d: Dependency = "T3:schema".parse().unwrap();
        assert_eq!(d, Dependency::new(TaskId(3), DepKind::Schema));
        assert_eq!(d.to_string(), "T3:schema");
        assert_eq!(Dependency::new(TaskId(4), DepKind::Other).to_string(), "T4");
        assert_eq!(
            "T4:other".parse::<Dependency>().unwrap().kind,
            DepKind::Other
        );
        assert!(
            "T4:magic"
                .parse::<Dependency>()
                .unwrap_err()
                .contains("unknown dependency kind `magic`")
        );
        assert!("4".parse::<Dependency>().is_err());
        let inferred: Dependency = "T5:inferred".parse().unwrap();
        assert_eq!(inferred, Dependency::inferred(TaskId(5)));
        assert_eq!(inferred.to_string(), "T5:inferred");
        let typed = Dependency {
            inferred: true,
            ..Dependency::new(TaskId(2), DepKind::Schema)
        };
        assert_eq!(typed.to_string(), "T2:schema:inferred");
        assert_eq!("T2:schema:inferred".parse::<Dependency>(), Ok(typed));
    }

    #[test]
    fn statuses_accept_taskmaster_spellings() {
        assert_eq!(
            "in-progress".parse::<TaskStatus>(),
            Ok(TaskStatus::InProgress)
        );
        assert_eq!(
            "in_progress".parse::<TaskStatus>(),
            Ok(TaskStatus::InProgress)
        );
        assert_eq!("canceled".parse::<TaskStatus>(), Ok(TaskStatus::Cancelled));
        assert!("weird".parse::<TaskStatus>().is_err());
    }
}
