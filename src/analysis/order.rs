//! Putting tasks in an order where every dependency comes first while keeping
//! as much of the user's order as possible.
//!
//! Two stable topological sorts are tried, both keyed by current position:
//! *forward* (Kahn from the front: always take the earliest task whose
//! prerequisites are placed, so misplaced tasks are pushed back) and
//! *backward* (Kahn from the back: always take the latest task whose
//! dependents are placed, so late prerequisites are pulled forward). The one
//! that moves fewer tasks wins; ties go to forward. "Moves" are the tasks
//! outside a longest run kept in their original relative order (a longest
//! increasing subsequence), so a task that merely shifts is not a move.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::Graph;
use crate::plan::{Edit, Session};

/// Forward stable Kahn. Returns the positions in the new order; shorter than
/// the plan when some tasks are on or behind a cycle.
pub(crate) fn forward(g: &Graph) -> Vec<u32> {
    let n = g.n;
    let mut indeg: Vec<u32> = (0..n).map(|i| g.dep_off[i + 1] - g.dep_off[i]).collect();
    let mut heap: BinaryHeap<Reverse<u32>> = (0..n as u32)
        .filter(|&i| indeg[i as usize] == 0)
        .map(Reverse)
        .collect();
    let mut out = Vec::with_capacity(n);
    while let Some(Reverse(v)) = heap.pop() {
        out.push(v);
        for &r in g.dependents_of(v as usize) {
            let d = &mut indeg[r as usize];
            *d -= 1;
            if *d == 0 {
                heap.push(Reverse(r));
            }
        }
    }
    out
}

/// Backward stable Kahn (for an acyclic graph).
fn backward(g: &Graph) -> Vec<u32> {
    let n = g.n;
    let mut outdeg: Vec<u32> = (0..n).map(|i| g.rev_off[i + 1] - g.rev_off[i]).collect();
    let mut heap: BinaryHeap<u32> = (0..n as u32).filter(|&i| outdeg[i as usize] == 0).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(v) = heap.pop() {
        out.push(v);
        for &p in g.deps_of(v as usize) {
            let d = &mut outdeg[p as usize];
            *d -= 1;
            if *d == 0 {
                heap.push(p);
            }
        }
    }
    out.reverse();
    out
}

/// The better of the two stable sorts of an acyclic graph with its `stay`
/// flags (indexed by original position).
pub(crate) fn best_order(g: &Graph, forward_order: Vec<u32>) -> (Vec<u32>, Vec<bool>) {
    let fwd_stay = kept(&forward_order);
    let fwd_moves = fwd_stay.iter().filter(|k| !**k).count();
    if fwd_moves <= 1 {
        return (forward_order, fwd_stay);
    }
    let bwd = backward(g);
    let bwd_stay = kept(&bwd);
    let bwd_moves = bwd_stay.iter().filter(|k| !**k).count();
    if bwd_moves < fwd_moves {
        (bwd, bwd_stay)
    } else {
        (forward_order, fwd_stay)
    }
}

/// Marks (by original position) the tasks of one longest increasing
/// subsequence of `order`: the tasks that keep their relative order.
fn kept(order: &[u32]) -> Vec<bool> {
    // Patience sorting: tails[k] = index in `order` of the smallest tail of an
    // increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; order.len()];
    for (i, &v) in order.iter().enumerate() {
        let k = tails.partition_point(|&t| order[t] < v);
        if k > 0 {
            prev[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut stay = vec![false; order.len()];
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while cur != usize::MAX {
        stay[order[cur] as usize] = true;
        cur = prev[cur];
    }
    stay
}

/// `MoveTask` edits that, applied in order, turn the session's order into
/// `order`. Only tasks not kept (`stay[pos] == false`) are moved; each goes
/// just before the next kept task that follows it in the new order.
pub(crate) fn move_edits(s: &Session, order: &[u32], stay: &[bool]) -> Vec<Edit> {
    let n = order.len();
    // Unplaced moved tasks, counted by original position.
    let mut unplaced = Fenwick::new(n);
    for (p, &k) in stay.iter().enumerate() {
        if !k {
            unplaced.add(p, 1);
        }
    }
    // next_stay[k]: original position of the first kept task at new index > k.
    let mut next_stay = vec![u32::MAX; n];
    let mut upcoming = u32::MAX;
    for k in (0..n).rev() {
        next_stay[k] = upcoming;
        if stay[order[k] as usize] {
            upcoming = order[k];
        }
    }
    let total_unplaced = stay.iter().filter(|k| !**k).count();
    let mut edits = Vec::with_capacity(total_unplaced);
    let (mut stays_before, mut placed) = (0usize, 0usize);
    for (k, &p) in order.iter().enumerate() {
        let p = p as usize;
        if stay[p] {
            stays_before += 1;
            continue;
        }
        let s_pos = next_stay[k];
        let unplaced_before = if s_pos == u32::MAX {
            total_unplaced - placed - 1
        } else {
            unplaced.prefix(s_pos as usize) - usize::from(p < s_pos as usize)
        };
        edits.push(Edit::MoveTask {
            id: s.tasks[p].id,
            to: stays_before + placed + unplaced_before,
        });
        unplaced.add(p, -1);
        placed += 1;
    }
    edits
}

/// Counts over positions with prefix sums in O(log n).
struct Fenwick(Vec<i64>);

impl Fenwick {
    fn new(n: usize) -> Self {
        Fenwick(vec![0; n + 1])
    }
    fn add(&mut self, i: usize, d: i64) {
        let mut i = i + 1;
        while i < self.0.len() {
            self.0[i] += d;
            i += i & i.wrapping_neg();
        }
    }
    /// Sum over positions `0..i`.
    fn prefix(&self, i: usize) -> usize {
        let (mut i, mut sum) = (i, 0i64);
        while i > 0 {
            sum += self.0[i];
            i -= i & i.wrapping_neg();
        }
        sum.max(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Task, TaskId, Timestamp, apply};

    fn session(n: u32) -> Session {
        let mut s = Session::new("t", "t", Timestamp(0));
        s.tasks = (1..=n)
            .map(|i| Task::new(TaskId(i), format!("task {i}")))
            .collect();
        s
    }

    #[test]
    fn kept_is_a_longest_increasing_run() {
        let stay = kept(&[0, 1, 2, 4, 5, 6, 8, 3, 7, 9]);
        assert_eq!(stay.iter().filter(|k| !**k).count(), 2);
        assert!(kept(&[0, 1, 2, 3]).iter().all(|k| *k));
        assert_eq!(kept(&[3, 2, 1, 0]).iter().filter(|k| **k).count(), 1);
    }

    #[test]
    fn move_edits_reproduce_every_permutation_of_five() {
        let s = session(5);
        let mut perm = [0u32, 1, 2, 3, 4];
        // Heap's algorithm over all 120 permutations.
        fn each(k: usize, a: &mut [u32; 5], s: &Session) {
            if k == 1 {
                let stay = kept(a);
                let mut t = s.clone();
                let edits = move_edits(s, a, &stay);
                assert_eq!(edits.len(), stay.iter().filter(|k| !**k).count());
                for e in edits {
                    apply(&mut t, e).unwrap();
                }
                let got: Vec<u32> = t.tasks.iter().map(|t| t.id.0 - 1).collect();
                assert_eq!(&got[..], &a[..], "edits for {a:?}");
                return;
            }
            each(k - 1, a, s);
            for i in 0..k - 1 {
                if k.is_multiple_of(2) {
                    a.swap(i, k - 1)
                } else {
                    a.swap(0, k - 1)
                }
                each(k - 1, a, s);
            }
        }
        each(5, &mut perm, &s);
    }
}
