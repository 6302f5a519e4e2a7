//! The dependency graph of a session, built once per analysis: tasks are
//! indexed by 0-based position and edges are kept in compressed adjacency
//! arrays in both directions. Dependencies that cannot be edges (on missing
//! tasks, on the task itself, repeated) are set aside for the reference checks.

use super::fast_hash::{FastMap, map_with_capacity};
use crate::plan::{DepKind, Session, Task, TaskId};

const NONE: u32 = u32::MAX;

/// Position of each task id. Ids are small numbers in practice, so a dense
/// table is used unless the numbers are far larger than the plan.
enum IdIndex {
    Dense(Vec<u32>),
    Sparse(FastMap<u32, u32>),
}

impl IdIndex {
    fn get(&self, id: TaskId) -> Option<u32> {
        match self {
            IdIndex::Dense(v) => v.get(id.0 as usize).copied().filter(|&p| p != NONE),
            IdIndex::Sparse(m) => m.get(&id.0).copied(),
        }
    }
}

pub(crate) struct Graph {
    pub n: usize,
    index: IdIndex,
    /// Prerequisites of the task at position `i`: `deps[dep_off[i]..dep_off[i + 1]]`,
    /// each with its kind in `kinds` (first listing wins for repeats).
    pub dep_off: Vec<u32>,
    pub deps: Vec<u32>,
    pub kinds: Vec<DepKind>,
    /// Tasks that depend on the task at position `i`, ascending.
    pub rev_off: Vec<u32>,
    pub revs: Vec<u32>,
    /// Edges whose prerequisite comes later in the plan than its dependent.
    pub backward: usize,
    /// (task position, missing id), once per pair.
    pub dangling: Vec<(u32, TaskId)>,
    pub self_deps: Vec<u32>,
    /// Dependencies a task lists more than once, on another task, on itself
    /// or on a missing task; in plan order, then in order of first listing.
    pub duplicates: Vec<Duplicate>,
    /// (first position, later position) of tasks sharing an id.
    pub duplicate_ids: Vec<(u32, u32)>,
    /// Distinct (task, depended-on id) pairs listed, whatever they point at.
    pub listed: usize,
    /// Listings beyond the first of each pair.
    pub repeated: usize,
}

/// A dependency listed more than once by one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// Position of the task that lists it.
    pub task: u32,
    pub on: TaskId,
    pub times: usize,
    /// The kinds it is listed with, each once, in the order first listed.
    pub kinds: Vec<DepKind>,
}

impl Graph {
    pub fn build(s: &Session) -> Graph {
        let n = s.tasks.len();
        let (index, duplicate_ids) = index_ids(s);
        let edges_hint = s.tasks.iter().map(|t| t.depends_on.len()).sum::<usize>();
        let mut dep_off = Vec::with_capacity(n + 1);
        let mut deps = Vec::with_capacity(edges_hint);
        let mut kinds = Vec::with_capacity(edges_hint);
        let mut dangling = Vec::new();
        let mut self_deps = Vec::new();
        let mut duplicates = Vec::new();
        // seen[p] == i: task i already lists the task at p.
        let mut seen = vec![NONE; n];
        // Missing id → the last task that listed it.
        let mut missing_seen: FastMap<u32, u32> = FastMap::default();
        let (mut listed, mut repeated) = (0, 0);
        let mut backward = 0;
        dep_off.push(0);
        for (i, t) in s.tasks.iter().enumerate() {
            let iu = i as u32;
            let (edges_before, dangling_before) = (deps.len(), dangling.len());
            let mut on_itself = 0;
            let mut has_repeat = false;
            for d in &t.depends_on {
                let p = index.get(d.on);
                // A dependency on another task with this task's id counts as on itself.
                if d.on == t.id || p == Some(iu) {
                    on_itself += 1;
                    has_repeat |= on_itself > 1;
                    continue;
                }
                let Some(p) = p else {
                    if missing_seen.insert(d.on.0, iu) == Some(iu) {
                        has_repeat = true;
                    } else {
                        dangling.push((iu, d.on));
                    }
                    continue;
                };
                let pi = p as usize;
                if seen[pi] == iu {
                    has_repeat = true;
                    continue;
                }
                seen[pi] = iu;
                if p > iu {
                    backward += 1;
                }
                deps.push(p);
                kinds.push(d.kind);
            }
            if on_itself > 0 {
                self_deps.push(iu);
            }
            let distinct = (deps.len() - edges_before)
                + (dangling.len() - dangling_before)
                + usize::from(on_itself > 0);
            listed += distinct;
            repeated += t.depends_on.len() - distinct;
            if has_repeat {
                repeats_of(iu, t, &mut duplicates);
            }
            dep_off.push(deps.len() as u32);
        }
        let (rev_off, revs) = reverse(n, &dep_off, &deps);
        Graph {
            n,
            index,
            dep_off,
            deps,
            kinds,
            rev_off,
            revs,
            backward,
            dangling,
            self_deps,
            duplicates,
            duplicate_ids,
            listed,
            repeated,
        }
    }

    /// 0-based position of the (first) task with this id.
    pub fn position(&self, id: TaskId) -> Option<u32> {
        self.index.get(id)
    }

    pub fn deps_of(&self, i: usize) -> &[u32] {
        &self.deps[self.dep_off[i] as usize..self.dep_off[i + 1] as usize]
    }

    pub fn kinds_of(&self, i: usize) -> &[DepKind] {
        &self.kinds[self.dep_off[i] as usize..self.dep_off[i + 1] as usize]
    }

    pub fn dependents_of(&self, i: usize) -> &[u32] {
        &self.revs[self.rev_off[i] as usize..self.rev_off[i + 1] as usize]
    }

    /// The kind of the edge "task at `i` depends on the task at `p`".
    pub fn kind(&self, i: usize, p: u32) -> DepKind {
        let range = self.dep_off[i] as usize..self.dep_off[i + 1] as usize;
        self.deps[range.clone()]
            .iter()
            .position(|&q| q == p)
            .map_or(DepKind::Other, |k| self.kinds[range.start + k])
    }
}

/// The dependencies task `t` (at position `task`) lists more than once.
/// Only called for a task known to have some, so a plan without repeats
/// never pays for the map.
fn repeats_of(task: u32, t: &Task, out: &mut Vec<Duplicate>) {
    let mut slot: FastMap<u32, usize> = map_with_capacity(t.depends_on.len());
    let mut found: Vec<Duplicate> = Vec::new();
    for d in &t.depends_on {
        let k = *slot.entry(d.on.0).or_insert_with(|| {
            found.push(Duplicate {
                task,
                on: d.on,
                times: 0,
                kinds: Vec::new(),
            });
            found.len() - 1
        });
        let dup = &mut found[k];
        dup.times += 1;
        if !dup.kinds.contains(&d.kind) {
            dup.kinds.push(d.kind);
        }
    }
    out.extend(found.into_iter().filter(|d| d.times > 1));
}

fn index_ids(s: &Session) -> (IdIndex, Vec<(u32, u32)>) {
    let n = s.tasks.len();
    let max = s.tasks.iter().map(|t| t.id.0 as usize).max().unwrap_or(0);
    let mut dups = Vec::new();
    if max <= 4 * n + 1024 {
        let mut v = vec![NONE; max + 1];
        for (i, t) in s.tasks.iter().enumerate() {
            let slot = &mut v[t.id.0 as usize];
            if *slot == NONE {
                *slot = i as u32;
            } else {
                dups.push((*slot, i as u32));
            }
        }
        (IdIndex::Dense(v), dups)
    } else {
        let mut m = map_with_capacity(n);
        for (i, t) in s.tasks.iter().enumerate() {
            if let Some(&first) = m.get(&t.id.0) {
                dups.push((first, i as u32));
            } else {
                m.insert(t.id.0, i as u32);
            }
        }
        (IdIndex::Sparse(m), dups)
    }
}

/// The reverse adjacency of a compressed adjacency, each list ascending.
fn reverse(n: usize, off: &[u32], adj: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut count = vec![0u32; n + 1];
    for &p in adj {
        count[p as usize + 1] += 1;
    }
    for i in 0..n {
        count[i + 1] += count[i];
    }
    let rev_off = count.clone();
    let mut fill = count;
    let mut rev = vec![0u32; adj.len()];
    for i in 0..n {
        for &p in &adj[off[i] as usize..off[i + 1] as usize] {
            let slot = &mut fill[p as usize];
            rev[*slot as usize] = i as u32;
            *slot += 1;
        }
    }
    (rev_off, rev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Dependency, Task, Timestamp};

    fn plan(deps: &[(u32, &[&str])]) -> Session {
        let mut s = Session::new("t", "t", Timestamp(0));
        for (id, ds) in deps {
            let mut t = Task::new(TaskId(*id), format!("task {id}"));
            t.depends_on = ds
                .iter()
                .map(|d| d.parse::<Dependency>().unwrap())
                .collect();
            s.tasks.push(t);
        }
        s
    }

    #[test]
    fn sets_aside_what_cannot_be_an_edge() {
        let s = plan(&[
            (1, &[]),
            (2, &["T1", "T1:schema", "T2", "T9", "T9"]),
            (3, &["T2", "T5"]),
            (5, &[]),
        ]);
        let g = Graph::build(&s);
        assert_eq!(g.deps_of(1), &[0]);
        assert_eq!(g.kinds_of(1), &[DepKind::Other]);
        assert_eq!(
            g.duplicates,
            vec![
                Duplicate {
                    task: 1,
                    on: TaskId(1),
                    times: 2,
                    kinds: vec![DepKind::Other, DepKind::Schema]
                },
                Duplicate {
                    task: 1,
                    on: TaskId(9),
                    times: 2,
                    kinds: vec![DepKind::Other]
                }
            ]
        );
        assert_eq!(g.self_deps, vec![1]);
        assert_eq!(g.dangling, vec![(1, TaskId(9))]);
        // T2 lists T1, itself and T9 (five listings, two repeats); T3 lists T2 and T5.
        assert_eq!((g.listed, g.repeated), (5, 2));
        assert_eq!(g.deps_of(2), &[1, 3]);
        assert_eq!(g.backward, 1);
        assert_eq!(g.dependents_of(0), &[1]);
        assert_eq!(g.dependents_of(3), &[2]);
    }

    #[test]
    fn a_task_listing_itself_many_times_is_one_self_dependency_and_its_repeats() {
        let on_itself = vec!["T1"; 10_000];
        let s = plan(&[(1, &on_itself)]);
        let g = Graph::build(&s);
        assert_eq!(g.self_deps, vec![0]);
        assert_eq!(
            g.duplicates,
            vec![Duplicate {
                task: 0,
                on: TaskId(1),
                times: 10_000,
                kinds: vec![DepKind::Other]
            }]
        );
        assert_eq!((g.listed, g.repeated), (1, 9_999));
    }

    #[test]
    fn sparse_ids_and_shared_ids() {
        let s = plan(&[(1_000_000, &[]), (7, &["T1000000"]), (7, &[])]);
        let g = Graph::build(&s);
        assert_eq!(g.deps_of(1), &[0]);
        assert_eq!(g.duplicate_ids, vec![(1, 2)]);
    }
}
