//! Lookups over the open plan that the panes need on every frame: where each
//! task sits, who depends on it, and its parallel wave. Rebuilt after every
//! edit in O(tasks + dependencies), so drawing never scans the whole plan.
use std::collections::HashMap;

use super::graph::{Waves, waves};
use crate::plan::{Session, TaskId};

#[derive(Debug, Clone, Default)]
pub struct PlanIndex {
    /// 0-based plan position of each task.
    pub position: HashMap<TaskId, usize>,
    /// For each plan position, the positions of the tasks that depend on it.
    pub dependents: Vec<Vec<usize>>,
    /// For each plan position, the positions of the tasks it depends on that
    /// exist (dependencies on missing tasks are left out).
    pub dependencies: Vec<Vec<usize>>,
    pub waves: Waves,
}

impl PlanIndex {
    pub fn build(session: &Session) -> PlanIndex {
        let n = session.tasks.len();
        let position: HashMap<TaskId, usize> = session
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        let mut dependents = vec![Vec::new(); n];
        let mut dependencies = vec![Vec::new(); n];
        for (i, t) in session.tasks.iter().enumerate() {
            for d in &t.depends_on {
                if let Some(&j) = position.get(&d.on)
                    && !dependencies[i].contains(&j)
                {
                    dependencies[i].push(j);
                    dependents[j].push(i);
                }
            }
        }
        let waves = waves(&dependencies);
        PlanIndex {
            position,
            dependents,
            dependencies,
            waves,
        }
    }
}
