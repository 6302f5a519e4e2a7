//! The graph pane's model: parallel waves (longest-path levels) and the
//! neighbourhood of a task. Pure functions over the plan index.
use std::collections::VecDeque;

/// Edges from each task to others, as one flat array (compressed rows):
/// the neighbours of task `i` are `targets[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<usize>,
}

impl Default for Adjacency {
    fn default() -> Self {
        Adjacency {
            offsets: vec![0],
            targets: Vec::new(),
        }
    }
}

impl Adjacency {
    /// `offsets` has one more entry than there are tasks, starting at 0.
    pub fn new(offsets: Vec<usize>, targets: Vec<usize>) -> Adjacency {
        Adjacency { offsets, targets }
    }

    pub fn from_lists(lists: &[Vec<usize>]) -> Adjacency {
        let mut offsets = vec![0];
        let mut targets = Vec::new();
        for l in lists {
            targets.extend_from_slice(l);
            offsets.push(targets.len());
        }
        Adjacency { offsets, targets }
    }

    /// Number of tasks.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The neighbours of task `i` (none if out of range).
    pub fn of(&self, i: usize) -> &[usize] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.targets[a..b],
            _ => &[],
        }
    }

    /// The same edges pointing the other way, neighbours in ascending order.
    pub fn reversed(&self) -> Adjacency {
        let n = self.len();
        let mut counts = vec![0usize; n + 1];
        for &t in &self.targets {
            counts[t + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let offsets = counts.clone();
        let mut fill = counts;
        let mut targets = vec![0; self.targets.len()];
        for i in 0..n {
            for &t in self.of(i) {
                targets[fill[t]] = i;
                fill[t] += 1;
            }
        }
        Adjacency { offsets, targets }
    }
}

/// Wave of a task that is in a cycle, or depends on one.
pub const IN_CYCLE: u32 = u32::MAX;

/// The parallel waves: tasks in one wave depend only on earlier waves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waves {
    /// For each plan position, its 0-based wave, or [`IN_CYCLE`].
    pub wave: Vec<u32>,
    /// Number of waves (not counting the cycle layer).
    pub count: u32,
    /// How many tasks could not be ordered (in a cycle or behind one).
    pub in_cycle: usize,
}

/// Longest-path levels by Kahn's algorithm, O(tasks + dependencies).
/// `dependencies.of(i)` are the positions task `i` depends on; `dependents`
/// is the same relation reversed.
pub fn waves(dependencies: &Adjacency, dependents: &Adjacency) -> Waves {
    let n = dependencies.len();
    let mut indegree: Vec<usize> = (0..n).map(|i| dependencies.of(i).len()).collect();
    let mut wave = vec![IN_CYCLE; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    for &i in &queue {
        wave[i] = 0;
    }
    let mut count = 0;
    let mut done = 0;
    while let Some(i) = queue.pop_front() {
        done += 1;
        count = count.max(wave[i] + 1);
        for &k in dependents.of(i) {
            let level = wave[i] + 1;
            if wave[k] == IN_CYCLE || wave[k] < level {
                wave[k] = level;
            }
            indegree[k] -= 1;
            if indegree[k] == 0 {
                queue.push_back(k);
            }
        }
    }
    // Tasks never released by the queue kept a provisional level; mark them.
    for i in 0..n {
        if indegree[i] > 0 {
            wave[i] = IN_CYCLE;
        }
    }
    Waves {
        wave,
        count,
        in_cycle: n - done,
    }
}

/// Tasks reachable from `start` along `edges` within `steps` steps (not
/// counting `start`), nearest first, at most `limit` of them.
pub fn reach(edges: &Adjacency, start: usize, steps: usize, limit: usize) -> Vec<usize> {
    let mut seen = std::collections::HashSet::from([start]);
    let mut found = Vec::new();
    let mut frontier = vec![start];
    for _ in 0..steps {
        let mut next = Vec::new();
        for &i in &frontier {
            for &j in edges.of(i) {
                if found.len() >= limit {
                    return found;
                }
                if seen.insert(j) {
                    found.push(j);
                    next.push(j);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waves_of(lists: Vec<Vec<usize>>) -> Waves {
        let deps = Adjacency::from_lists(&lists);
        waves(&deps, &deps.reversed())
    }

    #[test]
    fn waves_are_longest_path_levels() {
        // 0 <- 1 <- 3, 0 <- 2, 2 <- 3
        let deps = vec![vec![], vec![0], vec![0], vec![1, 2]];
        let w = waves_of(deps);
        assert_eq!(w.wave, vec![0, 1, 1, 2]);
        assert_eq!(w.count, 3);
        assert_eq!(w.in_cycle, 0);
        // A long chain beside a short one: 4 depends on 0 and on the chain.
        let deps = vec![vec![], vec![0], vec![1], vec![2], vec![0, 3]];
        assert_eq!(waves_of(deps).wave[4], 4);
    }

    #[test]
    fn cycles_and_what_follows_them_go_to_the_cycle_layer() {
        // 1 <-> 2, 3 depends on 2, 0 free.
        let deps = vec![vec![], vec![2], vec![1], vec![2]];
        let w = waves_of(deps);
        assert_eq!(w.wave, vec![0, IN_CYCLE, IN_CYCLE, IN_CYCLE]);
        assert_eq!(w.in_cycle, 3);
        assert_eq!(w.count, 1);
    }

    #[test]
    fn reach_stops_after_the_given_steps() {
        let edges = Adjacency::from_lists(&[vec![1], vec![2], vec![3], vec![]]);
        assert_eq!(reach(&edges, 0, 2, 10), vec![1, 2]);
        assert_eq!(reach(&edges, 0, 9, 10), vec![1, 2, 3]);
        assert_eq!(reach(&edges, 0, 9, 1), vec![1]);
        assert!(reach(&edges, 3, 2, 10).is_empty());
    }
}

#[cfg(test)]
mod adjacency_tests {
    use super::*;

    #[test]
    fn reversing_keeps_every_edge() {
        let a = Adjacency::from_lists(&[vec![], vec![0], vec![0, 1], vec![2]]);
        let r = a.reversed();
        assert_eq!(r.of(0), &[1, 2]);
        assert_eq!(r.of(1), &[2]);
        assert_eq!(r.of(2), &[3]);
        assert!(r.of(3).is_empty());
        assert!(r.of(99).is_empty());
        assert_eq!(r.reversed(), a);
    }
}
