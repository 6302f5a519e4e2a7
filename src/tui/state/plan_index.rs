//! Lookups over the open plan that the panes need on every frame: where each
//! task sits, who depends on it, and its parallel wave (from the analysis).
//! Rebuilt after every edit in O(tasks + dependencies) with flat arrays, so
//! drawing never scans the whole plan.
use std::collections::HashMap;

use super::graph::{Adjacency, Waves, waves};
use crate::analysis::Report;
use crate::plan::{Session, TaskId};

#[derive(Debug, Clone, Default)]
pub struct PlanIndex {
    positions: Positions,
    /// For each plan position, the positions of the tasks it depends on that
    /// exist (dependencies on missing tasks are left out), without repeats.
    pub dependencies: Adjacency,
    /// For each plan position, the positions of the tasks that depend on it.
    pub dependents: Adjacency,
    pub waves: Waves,
}

/// Task id to plan position: a plain array when ids are compact (the usual
/// case, since they are handed out in order), a hash map otherwise.
#[derive(Debug, Clone)]
enum Positions {
    Dense(Vec<u32>),
    Sparse(HashMap<TaskId, usize>),
}

impl Default for Positions {
    fn default() -> Self {
        Positions::Dense(Vec::new())
    }
}

const NONE: u32 = u32::MAX;

impl PlanIndex {
    /// The index of `session`, with the parallel waves of `report` (its
    /// analysis).
    pub fn build(session: &Session, report: &Report) -> PlanIndex {
        Self::build_with(session, Some(report))
    }

    /// The index without an analysis: waves from the plan's own layering.
    /// Cheap enough for every keypress; [`PlanIndex::build`] replaces it once
    /// the analysis has run.
    pub fn build_local(session: &Session) -> PlanIndex {
        Self::build_with(session, None)
    }

    fn build_with(session: &Session, report: Option<&Report>) -> PlanIndex {
        let tasks = &session.tasks;
        let n = tasks.len();
        let max_id = tasks.iter().map(|t| t.id.0 as usize).max().unwrap_or(0);
        let positions = if max_id <= 4 * n + 1024 {
            let mut dense = vec![NONE; max_id + 1];
            for (i, t) in tasks.iter().enumerate() {
                dense[t.id.0 as usize] = i as u32;
            }
            Positions::Dense(dense)
        } else {
            Positions::Sparse(tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect())
        };
        let mut index = PlanIndex {
            positions,
            ..PlanIndex::default()
        };
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(session.dependency_count());
        offsets.push(0);
        for t in tasks {
            let start = targets.len();
            for d in &t.depends_on {
                if let Some(j) = index.position(d.on)
                    && !targets[start..].contains(&j)
                {
                    targets.push(j);
                }
            }
            offsets.push(targets.len());
        }
        index.dependencies = Adjacency::new(offsets, targets);
        index.dependents = index.dependencies.reversed();
        index.waves = match report.and_then(|r| r.schedule.as_ref().filter(|_| r.task_count() == n))
        {
            Some(schedule) => Waves {
                wave: (0..n).map(|p| schedule.wave_of(p) as u32).collect(),
                count: schedule.wave_count() as u32,
                in_cycle: 0,
            },
            // The engine orders nothing while the plan has a cycle; the graph
            // pane still draws the acyclic part in waves, the rest in a
            // cycle layer (`graph::IN_CYCLE`).
            _ => waves(&index.dependencies, &index.dependents),
        };
        index
    }

    /// 0-based plan position of a task.
    pub fn position(&self, id: TaskId) -> Option<usize> {
        match &self.positions {
            Positions::Dense(v) => v
                .get(id.0 as usize)
                .copied()
                .filter(|&p| p != NONE)
                .map(|p| p as usize),
            Positions::Sparse(m) => m.get(&id).copied(),
        }
    }

    pub fn contains(&self, id: TaskId) -> bool {
        self.position(id).is_some()
    }
}
