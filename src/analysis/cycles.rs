//! Cycles: every strongly connected component with more than one task, shown
//! as one readable circle through it, with the weakest link to cut.
//!
//! Only tasks that are both behind a cycle and ahead of one are searched
//! (the forward sort could not place them, and peeling from the back could
//! not remove them), so an acyclic plan costs nothing here. Components come
//! from petgraph's Kosaraju, which is iterative: a 100,000-task chain does not
//! exhaust the stack.
//!
//! The weakest link is chosen among the edges of the circle shown: the kind
//! that is easiest to drop first (`other`, then `infrastructure`, then
//! `interface`, then `schema`), then an edge that runs against the user's
//! order (its prerequisite sits later than the task), then the edge from the
//! task latest in the plan.
use std::collections::VecDeque;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::finding::{Code, Finding};
use super::graph::Graph;
use super::names::Names;
use crate::plan::{DepKind, Edit};

/// Marks no component.
pub(crate) const NO_CYCLE: u32 = u32::MAX;

/// The components with more than one task, each sorted by position, and for
/// every position the index of its component (or [`NO_CYCLE`]).
pub(crate) fn components(g: &Graph, placed: &[u32]) -> (Vec<Vec<u32>>, Vec<u32>) {
    let mut comp = vec![NO_CYCLE; g.n];
    let mut is_placed = vec![false; g.n];
    for &p in placed {
        is_placed[p as usize] = true;
    }
    // The sort left the tasks on a cycle or behind one. Peeling, from the
    // back, those that nothing left depends on also drops the ones behind.
    let mut left = vec![0u32; g.n];
    let mut queue = Vec::new();
    for p in (0..g.n).filter(|&p| !is_placed[p]) {
        left[p] = g
            .dependents_of(p)
            .iter()
            .filter(|&&r| !is_placed[r as usize])
            .count() as u32;
        if left[p] == 0 {
            queue.push(p as u32);
        }
    }
    while let Some(v) = queue.pop() {
        is_placed[v as usize] = true;
        for &p in g.deps_of(v as usize) {
            let p = p as usize;
            if !is_placed[p] {
                left[p] -= 1;
                if left[p] == 0 {
                    queue.push(p as u32);
                }
            }
        }
    }
    let residual: Vec<u32> = (0..g.n as u32)
        .filter(|&p| !is_placed[p as usize])
        .collect();
    if residual.is_empty() {
        return (Vec::new(), comp);
    }
    // Local node index of each residual position, through `comp` for now.
    for (k, &p) in residual.iter().enumerate() {
        comp[p as usize] = k as u32;
    }
    let mut sub: DiGraph<(), ()> = DiGraph::with_capacity(residual.len(), residual.len() * 2);
    for _ in &residual {
        sub.add_node(());
    }
    for (k, &p) in residual.iter().enumerate() {
        for &d in g.deps_of(p as usize) {
            if !is_placed[d as usize] {
                sub.add_edge(
                    NodeIndex::new(k),
                    NodeIndex::new(comp[d as usize] as usize),
                    (),
                );
            }
        }
    }
    comp.iter_mut().for_each(|c| *c = NO_CYCLE);
    let mut out: Vec<Vec<u32>> = kosaraju_scc(&sub)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut v: Vec<u32> = c.into_iter().map(|ix| residual[ix.index()]).collect();
            v.sort_unstable();
            v
        })
        .collect();
    out.sort_unstable_by_key(|c| c[0]);
    for (ci, c) in out.iter().enumerate() {
        for &p in c {
            comp[p as usize] = ci as u32;
        }
    }
    (out, comp)
}

/// One finding per component.
pub(crate) fn findings(g: &Graph, names: &Names, comps: &[Vec<u32>], comp: &[u32]) -> Vec<Finding> {
    let mut parent = vec![u32::MAX; g.n];
    comps
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let path = circle(g, c, ci as u32, comp, &mut parent);
            finding(g, names, c, &path)
        })
        .collect()
}

/// The shortest circle through the first task of the component, found by a
/// breadth-first search along "depends on" edges inside the component.
/// Returns positions `[a, b, ..., a]` where each depends on the next.
fn circle(g: &Graph, c: &[u32], ci: u32, comp: &[u32], parent: &mut [u32]) -> Vec<u32> {
    let start = c[0];
    let mut queue = VecDeque::from([start]);
    parent[start as usize] = start;
    let mut end = None;
    'search: while let Some(v) = queue.pop_front() {
        for &d in g.deps_of(v as usize) {
            if comp[d as usize] != ci {
                continue;
            }
            if d == start {
                end = Some(v);
                break 'search;
            }
            if parent[d as usize] == u32::MAX {
                parent[d as usize] = v;
                queue.push_back(d);
            }
        }
    }
    // Walk back from the task that depends on `start` to `start` itself.
    let mut path = Vec::new();
    if let Some(mut v) = end {
        while v != start {
            path.push(v);
            v = parent[v as usize];
        }
    }
    path.push(start);
    path.reverse();
    path.push(start);
    for &p in c {
        parent[p as usize] = u32::MAX;
    }
    path
}

fn weakness(kind: DepKind) -> u8 {
    match kind {
        DepKind::Other => 0,
        DepKind::Infrastructure => 1,
        DepKind::Interface => 2,
        DepKind::Schema => 3,
    }
}

fn finding(g: &Graph, names: &Names, c: &[u32], path: &[u32]) -> Finding {
    // (task, prerequisite) pairs along the circle.
    let cut = path
        .windows(2)
        .map(|w| (w[0], w[1]))
        .min_by_key(|&(t, p)| (weakness(g.kind(t as usize, p)), p < t, std::cmp::Reverse(t)));
    let mut tasks: Vec<_> = path[..path.len().saturating_sub(1)]
        .iter()
        .map(|&p| names.at(p as usize))
        .collect();
    let on_path: std::collections::HashSet<u32> = path.iter().copied().collect();
    let rest: Vec<u32> = c.iter().copied().filter(|p| !on_path.contains(p)).collect();
    tasks.extend(rest.iter().map(|&p| names.at(p as usize)));
    let mut message = format!(
        "{} tasks depend on each other in a circle, so none of them can go first: {} (each depends on the next).",
        c.len(),
        circle_text(names, path)
    );
    if !rest.is_empty() {
        message.push_str(&format!(
            " {} more task{} {} caught in the same knot ({}); check again after the cut.",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" },
            if rest.len() == 1 { "is" } else { "are" },
            short_list(names, &rest)
        ));
    }
    let mut f = Finding::new(Code::Cycle, message, tasks);
    if let Some((t, p)) = cut {
        let (t, p) = (t as usize, p as usize);
        let kind = g.kind(t, p as u32);
        let what = match kind {
            DepKind::Other => "it has no stated kind".to_string(),
            k => format!("it is {k}"),
        };
        let why = if p > t {
            format!("{what} and runs against your order")
        } else {
            format!("{what}, the weakest kind on the circle")
        };
        let description = format!(
            "drop the dependency of {} on {} ({why})",
            names.named(t),
            names.named(p)
        );
        let edit = Edit::RemoveDependency {
            task: names.at(t).id,
            on: names.at(p).id,
        };
        f = f.with_fix(description, vec![edit]);
    }
    f
}

/// `T3 → T7 → T5 → T3`, shortened in the middle when very long.
fn circle_text(names: &Names, path: &[u32]) -> String {
    let labels = |ps: &[u32]| {
        ps.iter()
            .map(|&p| names.label(p as usize).to_string())
            .collect::<Vec<_>>()
            .join(" → ")
    };
    if path.len() <= 12 {
        labels(path)
    } else {
        format!(
            "{} → … ({} more) … → {}",
            labels(&path[..6]),
            path.len() - 11,
            labels(&path[path.len() - 5..])
        )
    }
}

fn short_list(names: &Names, ps: &[u32]) -> String {
    let shown: Vec<String> = ps
        .iter()
        .take(8)
        .map(|&p| names.label(p as usize).to_string())
        .collect();
    if ps.len() > 8 {
        format!("{}, and {} more", shown.join(", "), ps.len() - 8)
    } else {
        shown.join(", ")
    }
}
