//! A planning session: the spec, the ordered plan, its ambiguities and its
//! locked versions. Pure data; the store reads and writes it.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ambiguity::{Ambiguity, Constraint};
use super::ids::{AmbiguityId, ConstraintId, RequirementId, TaskId};
use super::origin::Origin;
use super::task::Task;
use super::time::Timestamp;

/// The session file format this build writes. Older files are migrated on load.
pub const FORMAT_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub format_version: u32,
    pub id: String,
    pub title: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub stage: Stage,
    /// Next numbers to hand out; ids are never reused within a session.
    #[serde(default)]
    pub counters: Counters,
    pub spec: Spec,
    /// The plan, in order: a task's position is its number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ambiguities: Vec<Ambiguity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<PlanVersion>,
    /// Model tokens this session has used, over every request.
    #[serde(default, skip_serializing_if = "TokenUsage::is_zero")]
    pub usage: TokenUsage,
    /// The file the plan was imported from, when it was: what an export
    /// to that format writes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Tokens a model read (prompt) and wrote (completion).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TokenUsage {
    pub prompt: u64,
    pub completion: u64,
}

impl TokenUsage {
    pub fn is_zero(&self) -> bool {
        self.prompt == 0 && self.completion == 0
    }
    pub fn add(&mut self, prompt: u64, completion: u64) {
        self.prompt = self.prompt.saturating_add(prompt);
        self.completion = self.completion.saturating_add(completion);
    }
}

/// The next free number for each kind of id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub next_task: u32,
    pub next_ambiguity: u32,
    pub next_constraint: u32,
    pub next_requirement: u32,
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            next_task: 1,
            next_ambiguity: 1,
            next_constraint: 1,
            next_requirement: 1,
        }
    }
}

impl Session {
    /// A new, empty session at the Gather stage.
    pub fn new(id: impl Into<String>, title: impl Into<String>, now: Timestamp) -> Self {
        Session {
            format_version: FORMAT_VERSION,
            id: id.into(),
            title: title.into(),
            created: now,
            updated: now,
            stage: Stage::Gather,
            counters: Counters::default(),
            spec: Spec::default(),
            tasks: Vec::new(),
            ambiguities: Vec::new(),
            versions: Vec::new(),
            usage: TokenUsage::default(),
            origin: None,
        }
    }

    /// The id the next added task should get (not yet taken).
    pub fn next_task_id(&self) -> TaskId {
        TaskId(self.counters.next_task)
    }
    pub fn next_ambiguity_id(&self) -> AmbiguityId {
        AmbiguityId(self.counters.next_ambiguity)
    }
    pub fn next_constraint_id(&self) -> ConstraintId {
        ConstraintId(self.counters.next_constraint)
    }

    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.position(id).map(|i| &self.tasks[i])
    }
    /// 0-based position of a task in the plan.
    ///
    /// Looked for first where its number puts it (`T7` seventh, as in a plan
    /// whose tasks were added in order), then outwards from there, so a
    /// lookup costs the distance the task has moved from that place: edits
    /// and proposals that go through a large plan task by task stay linear.
    /// An id no task has costs a look at every task. If two tasks share an
    /// id (only in a hand-edited file; `check` reports it), the one nearer
    /// that place is found.
    pub fn position(&self, id: TaskId) -> Option<usize> {
        let n = self.tasks.len();
        let guess = (id.0 as usize).saturating_sub(1).min(n.checked_sub(1)?);
        let is = |i: usize| self.tasks[i].id == id;
        if is(guess) {
            return Some(guess);
        }
        let (mut below, mut above) = (guess, guess + 1);
        while below > 0 || above < n {
            if above < n {
                if is(above) {
                    return Some(above);
                }
                above += 1;
            }
            if below > 0 {
                below -= 1;
                if is(below) {
                    return Some(below);
                }
            }
        }
        None
    }
    pub fn ambiguity(&self, id: AmbiguityId) -> Option<&Ambiguity> {
        self.ambiguities.iter().find(|a| a.id == id)
    }
    /// Tasks that depend on `id`, in plan order.
    pub fn dependents(&self, id: TaskId) -> Vec<TaskId> {
        self.tasks
            .iter()
            .filter(|t| t.depends_on_task(id))
            .map(|t| t.id)
            .collect()
    }
    pub fn open_ambiguities(&self) -> usize {
        self.ambiguities.iter().filter(|a| a.is_open()).count()
    }
    /// The subtasks of `id`, in plan order.
    pub fn subtasks(&self, id: TaskId) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(move |t| t.parent == Some(id))
    }
    /// Each task's subtasks, in plan order, for walking the hierarchy
    /// without a scan per task.
    pub fn children(&self) -> std::collections::HashMap<TaskId, Vec<&Task>> {
        let mut map: std::collections::HashMap<TaskId, Vec<&Task>> =
            std::collections::HashMap::new();
        for t in &self.tasks {
            if let Some(p) = t.parent {
                map.entry(p).or_default().push(t);
            }
        }
        map
    }
    /// How deep `task` is in the subtask hierarchy: 0 for a task with no
    /// parent (or whose parent is gone). Stops at a loop.
    pub fn depth(&self, task: &Task) -> usize {
        let mut depth = 0;
        let mut at = task.parent;
        while let Some(p) = at {
            match self.task(p) {
                Some(t) if depth < self.tasks.len() => {
                    depth += 1;
                    at = t.parent;
                }
                _ => break,
            }
        }
        depth
    }
    /// The dependencies the plan lists, each (task, depended-on id) pair
    /// once, whatever it points at (as `check` counts them).
    pub fn dependency_count(&self) -> usize {
        self.tasks.iter().map(Task::distinct_dependencies).sum()
    }
    /// Listings of a dependency beyond its first, by the same task.
    pub fn repeated_dependencies(&self) -> usize {
        self.tasks
            .iter()
            .map(|t| t.depends_on.len() - t.distinct_dependencies())
            .sum()
    }
    /// Raise the counters above every id in use, so hand-edited or imported
    /// files never lead to a reused id.
    pub fn normalise_counters(&mut self) {
        let c = &mut self.counters;
        let max_task = self.tasks.iter().map(|t| t.id.0).chain(
            self.versions
                .iter()
                .flat_map(|v| v.tasks.iter().map(|t| t.id.0)),
        );
        c.next_task = c
            .next_task
            .max(max_task.max().map_or(1, |m| m.saturating_add(1)));
        let max_amb = self.ambiguities.iter().map(|a| a.id.0).max();
        c.next_ambiguity = c
            .next_ambiguity
            .max(max_amb.map_or(1, |m| m.saturating_add(1)));
        let max_con = self.spec.constraints.iter().map(|k| k.id.0).max();
        c.next_constraint = c
            .next_constraint
            .max(max_con.map_or(1, |m| m.saturating_add(1)));
        let max_req = self
            .spec
            .requirements
            .iter()
            .filter_map(|r| r.id.generated_number())
            .max();
        c.next_requirement = c
            .next_requirement
            .max(max_req.map_or(1, |m| m.saturating_add(1)));
    }
}

/// The six stages of the workflow, in order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Gather,
    Decompose,
    Dependencies,
    Ambiguities,
    Resolve,
    Verification,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Gather,
        Stage::Decompose,
        Stage::Dependencies,
        Stage::Ambiguities,
        Stage::Resolve,
        Stage::Verification,
    ];
    /// 1-based number shown in the stage bar.
    pub fn number(self) -> usize {
        self as usize + 1
    }
    pub fn from_number(n: usize) -> Option<Stage> {
        n.checked_sub(1).and_then(|i| Stage::ALL.get(i).copied())
    }
    pub fn key(self) -> &'static str {
        match self {
            Stage::Gather => "gather",
            Stage::Decompose => "decompose",
            Stage::Dependencies => "dependencies",
            Stage::Ambiguities => "ambiguities",
            Stage::Resolve => "resolve",
            Stage::Verification => "verification",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Stage::Gather => "Gather",
            Stage::Decompose => "Decompose",
            Stage::Dependencies => "Dependencies",
            Stage::Ambiguities => "Ambiguities",
            Stage::Resolve => "Resolve & lock",
            Stage::Verification => "Verification",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.number(), self.title())
    }
}

impl FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        if let Ok(n) = t.parse::<usize>() {
            return Stage::from_number(n)
                .ok_or_else(|| format!("there is no stage {n} (stages are 1 to 6)"));
        }
        Stage::ALL
            .into_iter()
            .find(|st| {
                st.key() == t
                    || (t == "lock" && *st == Stage::Resolve)
                    || (t == "verify" && *st == Stage::Verification)
            })
            .ok_or_else(|| {
                format!(
                    "unknown stage `{s}` (expected one of: {})",
                    Stage::ALL.map(|s| s.key()).join(", ")
                )
            })
    }
}

/// What is being planned, and the system it lands in. Everything but
/// `text`, `context` and the decisions' constraints is read from `text` by
/// [`super::reader::read`], each kind in its own list and id space.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Spec {
    /// The specification, as the user gave it.
    #[serde(default)]
    pub text: String,
    /// The existing system: languages, layout, services, conventions.
    #[serde(default)]
    pub context: String,
    /// What the spec asks for: the things tasks cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
    /// Rules the plan follows: the spec's own (resolved clarifications,
    /// decisions, stated constraints) and those made from decisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// What the spec puts out of scope (`X1`, ...): no task may cover one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<SpecItem>,
    /// What the spec assumes (`AS1`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<SpecItem>,
    /// Questions the spec leaves open (`Q1`, ...), its `[NEEDS CLARIFICATION]` markers among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<SpecItem>,
    /// Edge cases the spec lists (`EC1`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edge_cases: Vec<SpecItem>,
    /// The things the spec's data is about (Album, Legal Document).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
}

/// One thing the spec asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub id: RequirementId,
    pub text: String,
    /// 1-based line in the spec text where it starts.
    pub line: usize,
    /// The heading of the section it stands in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// What belongs to it: its sub-points, a user story's acceptance scenarios.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// Its text before the spec was edited, while it differs: the same
    /// requirement, changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
}

impl Requirement {
    pub fn new(id: impl Into<RequirementId>, text: impl Into<String>, line: usize) -> Self {
        Requirement {
            id: id.into(),
            text: text.into(),
            line,
            section: String::new(),
            details: Vec::new(),
            was: None,
        }
    }
}

/// An exclusion, assumption, question or edge case the spec states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecItem {
    /// `X2`, `AS1`, `Q3`, `EC4`: its own id space per kind.
    pub id: String,
    /// The label the spec gives it, when that is not its id (`A1`, `NG-2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub text: String,
    /// 1-based line in the spec text.
    pub line: usize,
}

impl SpecItem {
    /// How the spec refers to it: its label, else its id.
    pub fn reference(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// A thing the spec's data is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    /// What the spec says it is, if it says.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub line: usize,
}

/// An immutable snapshot of the plan, made when the user locks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersion {
    pub number: u32,
    pub locked_at: Timestamp,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_found_wherever_the_tasks_have_moved() {
        let mut s = Session::new("s", "S", Timestamp(0));
        for id in [5, 1, 2, 9, 3, 4] {
            s.tasks.push(Task::new(TaskId(id), format!("task {id}")));
        }
        for (i, t) in s.tasks.clone().iter().enumerate() {
            assert_eq!(s.position(t.id), Some(i), "{}", t.id);
            assert_eq!(s.task(t.id).map(|t| t.id), Some(t.id));
        }
        assert_eq!(s.position(TaskId(7)), None);
        assert_eq!(s.position(TaskId(0)), None);
        assert_eq!(s.position(TaskId(u32::MAX)), None);
        assert_eq!(
            Session::new("e", "E", Timestamp(0)).position(TaskId(1)),
            None
        );
    }

    #[test]
    fn stages_parse_by_number_and_name() {
        assert_eq!("3".parse::<Stage>(), Ok(Stage::Dependencies));
        assert_eq!("Resolve".parse::<Stage>(), Ok(Stage::Resolve));
        assert_eq!("lock".parse::<Stage>(), Ok(Stage::Resolve));
        assert!("7".parse::<Stage>().unwrap_err().contains("no stage 7"));
        assert_eq!(Stage::Verification.number(), 6);
        assert_eq!(Stage::Ambiguities.to_string(), "4 Ambiguities");
    }
}
