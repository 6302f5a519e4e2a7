//! What changed between two plans (two locked versions, or a version and the
//! current plan): tasks added, removed, changed field by field, moved, their
//! dependencies, and the constraints. Tasks are matched by id. In
//! O(n log n): hashing for the matching, a longest increasing subsequence for
//! the moves, so one inserted task does not make every later task "moved".
use std::collections::{HashMap, HashSet};

use crate::plan::{Constraint, ConstraintId, DepKind, Dependency, RequirementId, Task, TaskId};
use crate::plan::{TaskStatus, Timestamp};

/// One side of a comparison: a plan's tasks (in order) and its constraints.
#[derive(Debug, Clone, Copy)]
pub struct PlanSide<'a> {
    pub tasks: &'a [Task],
    pub constraints: &'a [Constraint],
}

/// Everything that differs between an old and a new plan. Every list is in a
/// fixed order: what exists in the new plan in its order, what only the old
/// plan had in the old plan's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanDiff {
    /// In the new plan only, in new order.
    pub added: Vec<PlacedTask>,
    /// In the old plan only, in old order.
    pub removed: Vec<PlacedTask>,
    /// In both, with some field other than the dependencies changed; new order.
    pub changed: Vec<ChangedTask>,
    /// In both, and no longer in the same order relative to the others; new order.
    pub moved: Vec<MovedTask>,
    /// In both, with dependencies added, removed or of another kind; new order.
    pub dependencies: Vec<DependencyChanges>,
    pub constraints: ConstraintChanges,
}

/// A task with its 1-based position in the plan it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedTask {
    pub position: usize,
    pub task: Task,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedTask {
    pub id: TaskId,
    /// The title in the new plan.
    pub title: String,
    /// 1-based, in the new plan.
    pub position: usize,
    pub fields: Vec<FieldChange>,
}

/// One field of a task that differs. Lists (`produces`, `covers`) are
/// compared as sets: the same items in another order are no change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldChange {
    Title {
        before: String,
        after: String,
    },
    Description {
        before: String,
        after: String,
    },
    Verification {
        before: Option<String>,
        after: Option<String>,
    },
    Status {
        before: TaskStatus,
        after: TaskStatus,
    },
    Produces {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Covers {
        added: Vec<RequirementId>,
        removed: Vec<RequirementId>,
    },
    SourceId {
        before: Option<String>,
        after: Option<String>,
    },
    Group {
        before: Option<String>,
        after: Option<String>,
    },
    /// The task it is a subtask of.
    Parent {
        before: Option<TaskId>,
        after: Option<TaskId>,
    },
}

impl FieldChange {
    /// The field's name as people read it.
    pub fn field(&self) -> &'static str {
        match self {
            FieldChange::Title { .. } => "title",
            FieldChange::Description { .. } => "description",
            FieldChange::Verification { .. } => "verification",
            FieldChange::Status { .. } => "status",
            FieldChange::Produces { .. } => "produces",
            FieldChange::Covers { .. } => "covers",
            FieldChange::SourceId { .. } => "source id",
            FieldChange::Group { .. } => "group",
            FieldChange::Parent { .. } => "subtask of",
        }
    }
}

/// A task whose place among the others changed; 1-based positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedTask {
    pub id: TaskId,
    pub title: String,
    pub from: usize,
    pub to: usize,
}

/// How one task's dependencies changed (in the order each plan lists them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyChanges {
    pub task: TaskId,
    pub title: String,
    pub added: Vec<Dependency>,
    pub removed: Vec<Dependency>,
    pub kind_changed: Vec<KindChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindChange {
    pub on: TaskId,
    pub before: DepKind,
    pub after: DepKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConstraintChanges {
    /// New order.
    pub added: Vec<Constraint>,
    /// Old order.
    pub removed: Vec<Constraint>,
    /// Same id, other text or origin; new order.
    pub changed: Vec<ChangedConstraint>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedConstraint {
    pub before: Constraint,
    pub after: Constraint,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.moved.is_empty()
            && self.dependencies.is_empty()
            && self.constraints.is_empty()
    }

    /// Dependencies added, removed or changed in kind, over every task.
    pub fn dependency_change_count(&self) -> usize {
        self.dependencies
            .iter()
            .map(|d| d.added.len() + d.removed.len() + d.kind_changed.len())
            .sum()
    }
}

impl ConstraintChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
    pub fn len(&self) -> usize {
        self.added.len() + self.removed.len() + self.changed.len()
    }
}

/// What a diff compares: a locked version by number, or the plan as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Version(u32),
    Current,
}

impl Side {
    /// `v3`, or `current`.
    pub fn label(self) -> String {
        match self {
            Side::Version(n) => format!("v{n}"),
            Side::Current => "current".to_string(),
        }
    }
}

impl std::str::FromStr for Side {
    type Err = String;
    /// `3`, `v3` or `current`.
    fn from_str(s: &str) -> Result<Side, String> {
        let t = s.trim().to_ascii_lowercase();
        if t == "current" {
            return Ok(Side::Current);
        }
        let digits = t.strip_prefix('v').unwrap_or(&t);
        digits.parse::<u32>().map(Side::Version).map_err(|_| {
            format!(
                "`{s}` is not a version (expected a version number such as 2 or v2, or `current`)"
            )
        })
    }
}

/// A side of a session, found.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub side: Side,
    pub plan: PlanSide<'a>,
    /// When the version was locked; `None` for the current plan.
    pub locked_at: Option<Timestamp>,
}

/// A version number the session does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no version {number}: {}", available(.existing))]
pub struct NoSuchVersion {
    pub number: u32,
    pub existing: Vec<u32>,
}

fn available(existing: &[u32]) -> String {
    match existing {
        [] => "no version has been locked yet (lock one with `planner-tui lock`)".to_string(),
        [only] => format!("the only version is {only}"),
        _ => format!(
            "the versions are {}",
            existing
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Find `side` in `session`.
pub fn resolve(session: &crate::plan::Session, side: Side) -> Result<Resolved<'_>, NoSuchVersion> {
    match side {
        Side::Current => Ok(Resolved {
            side,
            plan: PlanSide {
                tasks: &session.tasks,
                constraints: &session.spec.constraints,
            },
            locked_at: None,
        }),
        Side::Version(number) => session
            .versions
            .iter()
            .find(|v| v.number == number)
            .map(|v| Resolved {
                side,
                plan: PlanSide {
                    tasks: &v.tasks,
                    constraints: &v.constraints,
                },
                locked_at: Some(v.locked_at),
            })
            .ok_or_else(|| NoSuchVersion {
                number,
                existing: session.versions.iter().map(|v| v.number).collect(),
            }),
    }
}

/// The diff from `old` to `new` in one session.
pub fn diff_sides(
    session: &crate::plan::Session,
    old: Side,
    new: Side,
) -> Result<PlanDiff, NoSuchVersion> {
    let a = resolve(session, old)?;
    let b = resolve(session, new)?;
    Ok(diff_plans(a.plan, b.plan))
}

/// The diff between two task lists alone (no constraints).
pub fn diff(old: &[Task], new: &[Task]) -> PlanDiff {
    diff_plans(
        PlanSide {
            tasks: old,
            constraints: &[],
        },
        PlanSide {
            tasks: new,
            constraints: &[],
        },
    )
}

/// The diff between two plans. A task id listed twice in one plan (a broken
/// file) is matched at its first place; the later copies count as added or
/// removed.
pub fn diff_plans(old: PlanSide<'_>, new: PlanSide<'_>) -> PlanDiff {
    let old_at = first_positions(old.tasks);
    let new_at = first_positions(new.tasks);
    let mut out = PlanDiff::default();

    // Common tasks in new order, with their old positions.
    let mut common: Vec<(usize, usize)> = Vec::with_capacity(new.tasks.len());
    for (j, t) in new.tasks.iter().enumerate() {
        match old_at.get(&t.id) {
            Some(&i) if new_at.get(&t.id) == Some(&j) => common.push((i, j)),
            _ => out.added.push(PlacedTask {
                position: j + 1,
                task: t.clone(),
            }),
        }
    }
    for (i, t) in old.tasks.iter().enumerate() {
        let matched = old_at.get(&t.id) == Some(&i) && new_at.contains_key(&t.id);
        if !matched {
            out.removed.push(PlacedTask {
                position: i + 1,
                task: t.clone(),
            });
        }
    }

    let olds: Vec<usize> = common.iter().map(|&(i, _)| i).collect();
    let kept = longest_increasing(&olds);
    for (k, &(i, j)) in common.iter().enumerate() {
        let (before, after) = (&old.tasks[i], &new.tasks[j]);
        if !kept[k] {
            out.moved.push(MovedTask {
                id: after.id,
                title: after.title.clone(),
                from: i + 1,
                to: j + 1,
            });
        }
        let fields = field_changes(before, after);
        if !fields.is_empty() {
            out.changed.push(ChangedTask {
                id: after.id,
                title: after.title.clone(),
                position: j + 1,
                fields,
            });
        }
        if before.depends_on != after.depends_on
            && let Some(d) = dependency_changes(before, after)
        {
            out.dependencies.push(d);
        }
    }
    out.constraints = constraint_changes(old.constraints, new.constraints);
    out
}

/// Each id's first index.
fn first_positions(tasks: &[Task]) -> HashMap<TaskId, usize> {
    let mut at = HashMap::with_capacity(tasks.len());
    for (i, t) in tasks.iter().enumerate() {
        at.entry(t.id).or_insert(i);
    }
    at
}

/// Marks the members of one longest strictly increasing subsequence of
/// `seq` (patience sorting, O(n log n)). Everything unmarked moved.
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // tails[k]: index in `seq` of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        prev[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = prev[i];
    }
    kept
}

fn field_changes(a: &Task, b: &Task) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if a.title != b.title {
        out.push(FieldChange::Title {
            before: a.title.clone(),
            after: b.title.clone(),
        });
    }
    if a.description != b.description {
        out.push(FieldChange::Description {
            before: a.description.clone(),
            after: b.description.clone(),
        });
    }
    if a.produces != b.produces {
        let (added, removed) = set_changes(&a.produces, &b.produces);
        if !added.is_empty() || !removed.is_empty() {
            out.push(FieldChange::Produces { added, removed });
        }
    }
    if a.verification != b.verification {
        out.push(FieldChange::Verification {
            before: a.verification.clone(),
            after: b.verification.clone(),
        });
    }
    if a.covers != b.covers {
        let (added, removed) = set_changes(&a.covers, &b.covers);
        if !added.is_empty() || !removed.is_empty() {
            out.push(FieldChange::Covers { added, removed });
        }
    }
    if a.status != b.status {
        out.push(FieldChange::Status {
            before: a.status,
            after: b.status,
        });
    }
    if a.source_id != b.source_id {
        out.push(FieldChange::SourceId {
            before: a.source_id.clone(),
            after: b.source_id.clone(),
        });
    }
    if a.group != b.group {
        out.push(FieldChange::Group {
            before: a.group.clone(),
            after: b.group.clone(),
        });
    }
    if a.parent != b.parent {
        out.push(FieldChange::Parent {
            before: a.parent,
            after: b.parent,
        });
    }
    out
}

/// Items only in `new` (new order) and only in `old` (old order).
fn set_changes<T: Clone + Eq + std::hash::Hash>(old: &[T], new: &[T]) -> (Vec<T>, Vec<T>) {
    let in_old: HashSet<&T> = old.iter().collect();
    let in_new: HashSet<&T> = new.iter().collect();
    let mut seen = HashSet::new();
    let added = new
        .iter()
        .filter(|x| !in_old.contains(x) && seen.insert(*x))
        .cloned()
        .collect();
    let mut seen = HashSet::new();
    let removed = old
        .iter()
        .filter(|x| !in_new.contains(x) && seen.insert(*x))
        .cloned()
        .collect();
    (added, removed)
}

fn dependency_changes(a: &Task, b: &Task) -> Option<DependencyChanges> {
    let kind_of = |t: &Task| {
        let mut m: HashMap<TaskId, DepKind> = HashMap::with_capacity(t.depends_on.len());
        for d in &t.depends_on {
            m.entry(d.on).or_insert(d.kind);
        }
        m
    };
    let (old, new) = (kind_of(a), kind_of(b));
    let mut added = Vec::new();
    let mut kind_changed = Vec::new();
    let mut seen = HashSet::new();
    for d in b.depends_on.iter().filter(|d| seen.insert(d.on)) {
        match old.get(&d.on) {
            None => added.push(*d),
            Some(&before) if before != d.kind => kind_changed.push(KindChange {
                on: d.on,
                before,
                after: d.kind,
            }),
            Some(_) => {}
        }
    }
    let mut seen = HashSet::new();
    let removed: Vec<Dependency> = a
        .depends_on
        .iter()
        .filter(|d| seen.insert(d.on) && !new.contains_key(&d.on))
        .copied()
        .collect();
    if added.is_empty() && removed.is_empty() && kind_changed.is_empty() {
        return None;
    }
    Some(DependencyChanges {
        task: b.id,
        title: b.title.clone(),
        added,
        removed,
        kind_changed,
    })
}

fn constraint_changes(old: &[Constraint], new: &[Constraint]) -> ConstraintChanges {
    let index = |cs: &[Constraint]| {
        let mut m: HashMap<ConstraintId, usize> = HashMap::with_capacity(cs.len());
        for (i, c) in cs.iter().enumerate() {
            m.entry(c.id).or_insert(i);
        }
        m
    };
    let (old_at, new_at) = (index(old), index(new));
    let mut out = ConstraintChanges::default();
    for (j, c) in new.iter().enumerate() {
        match old_at.get(&c.id) {
            Some(&i) if new_at.get(&c.id) == Some(&j) => {
                if old[i] != *c {
                    out.changed.push(ChangedConstraint {
                        before: old[i].clone(),
                        after: c.clone(),
                    });
                }
            }
            _ => out.added.push(c.clone()),
        }
    }
    for (i, c) in old.iter().enumerate() {
        if !(old_at.get(&c.id) == Some(&i) && new_at.contains_key(&c.id)) {
            out.removed.push(c.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: u32) -> Task {
        Task::new(TaskId(id), format!("Task {id}"))
    }

    fn plan(ids: &[u32]) -> Vec<Task> {
        ids.iter().map(|&i| t(i)).collect()
    }

    fn moved(d: &PlanDiff) -> Vec<(u32, usize, usize)> {
        d.moved.iter().map(|m| (m.id.0, m.from, m.to)).collect()
    }

    #[test]
    fn making_a_task_a_subtask_is_a_change() {
        let old = plan(&[1, 2]);
        let mut new = old.clone();
        new[1].parent = Some(TaskId(1));
        let d = diff(&old, &new);
        assert_eq!(
            d.changed[0].fields,
            vec![FieldChange::Parent {
                before: None,
                after: Some(TaskId(1))
            }]
        );
        assert_eq!(
            crate::versions::text::field_text(&d.changed[0].fields[0]),
            "subtask of: none → T1"
        );
    }

    #[test]
    fn identical_plans_have_no_diff() {
        let p = plan(&[1, 2, 3]);
        assert!(diff(&p, &p).is_empty());
    }

    #[test]
    fn one_inserted_task_moves_nothing() {
        let d = diff(&plan(&[1, 2, 3, 4]), &plan(&[9, 1, 2, 3, 4]));
        assert_eq!(d.added.len(), 1);
        assert_eq!((d.added[0].task.id, d.added[0].position), (TaskId(9), 1));
        assert!(d.moved.is_empty(), "{:?}", d.moved);
        assert!(d.removed.is_empty() && d.changed.is_empty());
    }

    #[test]
    fn a_removed_task_moves_nothing() {
        let d = diff(&plan(&[1, 2, 3, 4]), &plan(&[1, 3, 4]));
        assert_eq!(d.removed.len(), 1);
        assert_eq!(
            (d.removed[0].task.id, d.removed[0].position),
            (TaskId(2), 2)
        );
        assert!(d.moved.is_empty());
    }

    #[test]
    fn only_the_task_that_moved_is_reported() {
        // T1 goes from the top to the bottom; the others keep their order.
        let d = diff(&plan(&[1, 2, 3, 4]), &plan(&[2, 3, 4, 1]));
        assert_eq!(moved(&d), vec![(1, 1, 4)]);
        // T4 comes up to the top.
        let d = diff(&plan(&[1, 2, 3, 4]), &plan(&[4, 1, 2, 3]));
        assert_eq!(moved(&d), vec![(4, 4, 1)]);
        // Two swaps: one task of each pair moved.
        let d = diff(&plan(&[1, 2, 3, 4]), &plan(&[2, 1, 4, 3]));
        assert_eq!(d.moved.len(), 2);
    }

    #[test]
    fn a_reversed_plan_keeps_one_task_in_place() {
        let old: Vec<u32> = (1..=50).collect();
        let new: Vec<u32> = (1..=50).rev().collect();
        let d = diff(&plan(&old), &plan(&new));
        assert_eq!(d.moved.len(), 49);
    }

    #[test]
    fn fields_are_named_with_before_and_after() {
        let old = plan(&[1, 2]);
        let mut new = old.clone();
        new[0].title = "Renamed".into();
        new[0].verification = Some("cargo test".into());
        new[1].produces = vec!["b.rs".into()];
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 2);
        assert_eq!(
            d.changed[0].fields,
            vec![
                FieldChange::Title {
                    before: "Task 1".into(),
                    after: "Renamed".into()
                },
                FieldChange::Verification {
                    before: None,
                    after: Some("cargo test".into())
                },
            ]
        );
        assert_eq!(d.changed[0].title, "Renamed");
        assert_eq!(
            d.changed[1].fields,
            vec![FieldChange::Produces {
                added: vec!["b.rs".into()],
                removed: vec![]
            }]
        );
    }

    #[test]
    fn reordered_lists_are_no_change() {
        let mut a = t(1);
        a.produces = vec!["a".into(), "b".into()];
        let mut b = a.clone();
        b.produces.reverse();
        assert!(diff(&[a], &[b]).is_empty());
    }

    #[test]
    fn dependency_changes_per_task() {
        let mut old = plan(&[1, 2, 3]);
        old[2].depends_on = vec![
            Dependency::new(TaskId(1), DepKind::Schema),
            Dependency::new(TaskId(2), DepKind::Other),
        ];
        let mut new = old.clone();
        new[2].depends_on = vec![
            Dependency::new(TaskId(1), DepKind::Interface),
            Dependency::new(TaskId(4), DepKind::Other),
        ];
        new.push(t(4));
        let d = diff(&old, &new);
        assert_eq!(d.dependencies.len(), 1);
        let c = &d.dependencies[0];
        assert_eq!(c.task, TaskId(3));
        assert_eq!(c.added, vec![Dependency::new(TaskId(4), DepKind::Other)]);
        assert_eq!(c.removed, vec![Dependency::new(TaskId(2), DepKind::Other)]);
        assert_eq!(
            c.kind_changed,
            vec![KindChange {
                on: TaskId(1),
                before: DepKind::Schema,
                after: DepKind::Interface
            }]
        );
        // A dependency change is not also a field change.
        assert!(d.changed.is_empty());
    }

    #[test]
    fn constraints_added_removed_changed() {
        let c = |id: u32, text: &str| Constraint {
            id: ConstraintId(id),
            text: text.into(),
            from: None,
            spec: None,
        };
        let old = [c(1, "a"), c(2, "b")];
        let new = [c(2, "B"), c(3, "c")];
        let d = diff_plans(
            PlanSide {
                tasks: &[],
                constraints: &old,
            },
            PlanSide {
                tasks: &[],
                constraints: &new,
            },
        );
        assert_eq!(d.constraints.added, vec![c(3, "c")]);
        assert_eq!(d.constraints.removed, vec![c(1, "a")]);
        assert_eq!(d.constraints.changed.len(), 1);
        assert_eq!(d.constraints.changed[0].after.text, "B");
    }

    #[test]
    fn duplicate_ids_match_the_first_copy() {
        let old = plan(&[1, 2]);
        let new = plan(&[1, 2, 2]);
        let d = diff(&old, &new);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].position, 3);
        assert!(d.moved.is_empty());
    }

    proptest::proptest! {
        /// Tasks not reported as moved keep their relative order, and no
        /// smaller set of moves would do (checked by the quadratic method).
        #[test]
        fn moves_are_few_and_the_rest_keep_their_order(
            old in proptest::collection::vec(0u32..60, 0..40),
            new in proptest::collection::vec(0u32..60, 0..40),
        ) {
            let dedup = |v: Vec<u32>| {
                let mut seen = HashSet::new();
                v.into_iter().filter(|x| seen.insert(*x)).collect::<Vec<_>>()
            };
            let (old, new) = (dedup(old), dedup(new));
            let d = diff(&plan(&old), &plan(&new));
            let moved: HashSet<u32> = d.moved.iter().map(|m| m.id.0).collect();
            let common: Vec<u32> = new.iter().copied().filter(|x| old.contains(x)).collect();
            let kept: Vec<usize> = common
                .iter()
                .filter(|x| !moved.contains(x))
                .map(|x| old.iter().position(|o| o == x).unwrap_or(0))
                .collect();
            proptest::prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
            let olds: Vec<usize> = common
                .iter()
                .map(|x| old.iter().position(|o| o == x).unwrap_or(0))
                .collect();
            let mut best = vec![1usize; olds.len()];
            for i in 0..olds.len() {
                for j in 0..i {
                    if olds[j] < olds[i] {
                        best[i] = best[i].max(best[j] + 1);
                    }
                }
            }
            let lis = best.into_iter().max().unwrap_or(0);
            proptest::prop_assert_eq!(d.moved.len(), common.len() - lis);
            proptest::prop_assert_eq!(d.added.len(), new.len() - common.len());
            proptest::prop_assert_eq!(d.removed.len(), old.len() - common.len());
        }
    }

    #[test]
    fn sides_parse() {
        assert_eq!("3".parse::<Side>(), Ok(Side::Version(3)));
        assert_eq!("v12".parse::<Side>(), Ok(Side::Version(12)));
        assert_eq!(" Current ".parse::<Side>(), Ok(Side::Current));
        assert!(
            "x".parse::<Side>()
                .unwrap_err()
                .contains("`x` is not a version")
        );
    }
}
