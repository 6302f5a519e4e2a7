//! Parallel groups and the critical path of an acyclic plan.
//!
//! A task's wave is the length of the longest dependency chain that ends at
//! it: wave 1 needs nothing, wave 2 needs only wave-1 tasks, and so on. All
//! tasks of one wave can run at the same time. The critical path is a longest
//! chain; its length is the number of waves.
use super::graph::Graph;
use crate::plan::{Session, TaskId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// 0-based wave of the task at each 0-based position.
    wave_of: Vec<u32>,
    /// Task ids wave after wave, each wave in plan order.
    flat: Vec<TaskId>,
    /// The same tasks by 0-based position.
    flat_positions: Vec<u32>,
    offsets: Vec<u32>,
    /// From the first task to the last.
    pub critical_path: Vec<TaskId>,
}

impl Schedule {
    /// `topo` lists every position with each prerequisite before its dependents.
    pub(crate) fn compute(s: &Session, g: &Graph, topo: &[u32]) -> Schedule {
        let n = g.n;
        let mut level = vec![0u32; n];
        for &v in topo {
            let v = v as usize;
            level[v] = g
                .deps_of(v)
                .iter()
                .map(|&p| level[p as usize] + 1)
                .max()
                .unwrap_or(0);
        }
        let waves = level.iter().max().map_or(0, |m| *m as usize + 1);
        let mut offsets = vec![0u32; waves + 1];
        for &l in &level {
            offsets[l as usize + 1] += 1;
        }
        for w in 0..waves {
            offsets[w + 1] += offsets[w];
        }
        let mut fill = offsets.clone();
        let mut flat = vec![TaskId(0); n];
        let mut flat_positions = vec![0u32; n];
        for (i, &l) in level.iter().enumerate() {
            let slot = &mut fill[l as usize];
            flat[*slot as usize] = s.tasks[i].id;
            flat_positions[*slot as usize] = i as u32;
            *slot += 1;
        }
        let critical_path = critical_path(s, g, &level);
        Schedule {
            wave_of: level,
            flat,
            flat_positions,
            offsets,
            critical_path,
        }
    }

    pub fn wave_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The tasks of wave `w` (0-based), in plan order.
    pub fn wave(&self, w: usize) -> &[TaskId] {
        &self.flat[self.offsets[w] as usize..self.offsets[w + 1] as usize]
    }

    /// The 0-based positions of the tasks of wave `w`, ascending.
    pub fn wave_positions(&self, w: usize) -> &[u32] {
        &self.flat_positions[self.offsets[w] as usize..self.offsets[w + 1] as usize]
    }

    pub fn waves(&self) -> impl ExactSizeIterator<Item = &[TaskId]> + '_ {
        (0..self.wave_count()).map(|w| self.wave(w))
    }

    /// 0-based wave of the task at 0-based `position`.
    pub fn wave_of(&self, position: usize) -> usize {
        self.wave_of[position] as usize
    }
}

fn critical_path(s: &Session, g: &Graph, level: &[u32]) -> Vec<TaskId> {
    let Some(mut v) = (0..level.len()).fold(None, |best: Option<usize>, i| match best {
        Some(b) if level[b] >= level[i] => Some(b),
        _ => Some(i),
    }) else {
        return Vec::new();
    };
    let mut path = vec![s.tasks[v].id];
    while level[v] > 0 {
        let want = level[v] - 1;
        let Some(&p) = g
            .deps_of(v)
            .iter()
            .filter(|&&p| level[p as usize] == want)
            .min()
        else {
            break;
        };
        v = p as usize;
        path.push(s.tasks[v].id);
    }
    path.reverse();
    path
}
