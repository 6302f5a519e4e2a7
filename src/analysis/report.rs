//! The result of one analysis: findings plus the facts derived from the
//! graph (corrected order, parallel groups, critical path, kind counts, and
//! what each task blocks).
use super::finding::{Finding, Severity, TaskRef};
use super::schedule::Schedule;
use crate::plan::{DepKind, TaskId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Errors first, then warnings, then information; within a severity by
    /// code, then by the position of the first task involved.
    pub findings: Vec<Finding>,
    /// `None` while the plan has cycles (no order can satisfy them).
    pub order: Option<CorrectedOrder>,
    /// Parallel groups and the critical path; `None` while the plan has cycles.
    pub schedule: Option<Schedule>,
    /// Distinct dependencies between existing tasks, by kind.
    pub kinds: KindCounts,
    pub links: Links,
    /// For a plan from a tool that runs tasks by their dependencies, not
    /// their place in the file: the order that tool would run them in.
    pub run_order: Option<RunOrder>,
    /// Distinct (task, depended-on id) pairs the plan lists: on other
    /// tasks, on the task itself or on missing tasks, each once.
    pub listed: usize,
    /// Listings beyond the first of each pair (a task listing T3 twice has one).
    pub repeated: usize,
}

/// The order the tool a plan came from would run its tasks in (Taskmaster
/// picks the next task by its dependencies, priority and id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOrder {
    /// The tool's name, for messages.
    pub tool: String,
    /// The open tasks, in the order the tool would start them.
    pub order: Vec<TaskId>,
    /// Open tasks it would never start (what they need is never done).
    pub never: Vec<TaskId>,
    /// Tasks already done or cancelled.
    pub finished: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
    pub fn task_count(&self) -> usize {
        self.links.ids.len()
    }
    /// The dependencies the plan lists, each (task, depended-on id) pair
    /// once: the count `show`, `check` and the exports give.
    pub fn dependency_count(&self) -> usize {
        self.listed
    }
    /// Dependencies listed again by the same task.
    pub fn repeated_dependencies(&self) -> usize {
        self.repeated
    }
}

/// An order in which every task comes after what it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectedOrder {
    pub order: Vec<TaskId>,
    /// The tasks that move; every other task keeps its place relative to the
    /// others. Empty when the plan's order is already valid.
    pub moves: Vec<Move>,
}

/// "T9 'Queue registration' moves from 9 to 4".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub task: TaskRef,
    /// 1-based positions before and after the whole reordering.
    pub from: usize,
    pub to: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts {
    pub schema: usize,
    pub interface: usize,
    pub infrastructure: usize,
    pub other: usize,
}

impl KindCounts {
    pub fn get(&self, kind: DepKind) -> usize {
        match kind {
            DepKind::Schema => self.schema,
            DepKind::Interface => self.interface,
            DepKind::Infrastructure => self.infrastructure,
            DepKind::Other => self.other,
        }
    }
    pub(crate) fn add(&mut self, kind: DepKind) {
        match kind {
            DepKind::Schema => self.schema += 1,
            DepKind::Interface => self.interface += 1,
            DepKind::Infrastructure => self.infrastructure += 1,
            DepKind::Other => self.other += 1,
        }
    }
}

/// What blocks each task and what it blocks, by 0-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    pub(crate) ids: Vec<TaskId>,
    pub(crate) dep_off: Vec<u32>,
    pub(crate) deps: Vec<u32>,
    pub(crate) rev_off: Vec<u32>,
    pub(crate) revs: Vec<u32>,
}

impl Links {
    /// Positions of the tasks the task at `position` depends on.
    pub fn blocked_by(&self, position: usize) -> &[u32] {
        &self.deps[self.dep_off[position] as usize..self.dep_off[position + 1] as usize]
    }
    /// Positions of the tasks that depend on the task at `position`, ascending.
    pub fn blocks(&self, position: usize) -> &[u32] {
        &self.revs[self.rev_off[position] as usize..self.rev_off[position + 1] as usize]
    }
    pub fn id(&self, position: usize) -> TaskId {
        self.ids[position]
    }
    pub fn blocked_by_ids(&self, position: usize) -> impl Iterator<Item = TaskId> + '_ {
        self.blocked_by(position)
            .iter()
            .map(|&p| self.ids[p as usize])
    }
    pub fn blocks_ids(&self, position: usize) -> impl Iterator<Item = TaskId> + '_ {
        self.blocks(position).iter().map(|&p| self.ids[p as usize])
    }
}
