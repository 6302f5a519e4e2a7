//! A cycle check over a model's answer while it still speaks in task numbers
//! (before it is mapped to ids): Kahn's algorithm over a small dependency
//! list. Once a proposal is mapped onto the plan, the analysis engine
//! (`src/analysis`) checks the result when it is accepted.
use std::collections::HashMap;
use std::hash::Hash;

/// A cycle among `nodes` (each with the nodes it depends on), as the path
/// `a → b → … → a` without repeating `a`; `None` when there is none.
/// Dependencies on unknown nodes and on the node itself are ignored (they are
/// reported by other checks).
pub fn find_cycle<K: Copy + Eq + Hash>(nodes: &[(K, Vec<K>)]) -> Option<Vec<K>> {
    let index: HashMap<K, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i))
        .collect();
    let deps: Vec<Vec<usize>> = nodes
        .iter()
        .enumerate()
        .map(|(i, (_, ds))| {
            let mut v: Vec<usize> = ds
                .iter()
                .filter_map(|d| index.get(d).copied())
                .filter(|&j| j != i)
                .collect();
            v.dedup();
            v
        })
        .collect();
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, ds) in deps.iter().enumerate() {
        for &j in ds {
            dependents[j].push(i);
        }
    }
    let mut ready: Vec<usize> = (0..nodes.len()).filter(|&i| waiting[i] == 0).collect();
    let mut done = vec![false; nodes.len()];
    while let Some(j) = ready.pop() {
        done[j] = true;
        for &i in &dependents[j] {
            waiting[i] -= 1;
            if waiting[i] == 0 {
                ready.push(i);
            }
        }
    }
    // Every node left over waits on another node left over: walk until one repeats.
    let start = (0..nodes.len()).find(|&i| !done[i])?;
    let mut path = vec![start];
    let mut seen: HashMap<usize, usize> = HashMap::from([(start, 0)]);
    let mut at = start;
    loop {
        let next = *deps[at].iter().find(|&&j| !done[j])?;
        if let Some(&p) = seen.get(&next) {
            return Some(path[p..].iter().map(|&i| nodes[i].0).collect());
        }
        seen.insert(next, path.len());
        path.push(next);
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cycle_and_ignores_the_rest() {
        assert_eq!(
            find_cycle(&[(1, vec![]), (2, vec![1]), (3, vec![2, 9])]),
            None
        );
        assert_eq!(find_cycle(&[(1, vec![1])]), None);
        let c = find_cycle(&[
            (1, vec![]),
            (2, vec![4]),
            (3, vec![2]),
            (4, vec![3]),
            (5, vec![4]),
        ]);
        assert_eq!(c, Some(vec![2, 4, 3]));
    }
}
