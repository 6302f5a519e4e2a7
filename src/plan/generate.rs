//! Synthetic plans for benchmarks and tests: a random dependency DAG of a
//! given size in a valid order, with faults injected on request. Seeded and
//! deterministic: the same options always give the same session.
use super::ids::{RequirementId, TaskId};
use super::session::{Requirement, Session, Stage};
use super::task::{DepKind, Dependency, Task};
use super::time::Timestamp;

/// How dependencies are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Each dependency is on a uniformly random earlier task.
    Random,
    /// Each task depends on several of its nearest predecessors: long chains
    /// with very many paths between two tasks (the worst case for path-based
    /// algorithms).
    Near,
}

/// Faults to inject into an otherwise valid plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// Dependencies on ids that no task has.
    pub dangling: usize,
    /// Tasks that depend on themselves.
    pub self_dependencies: usize,
    /// A dependency listed twice on one task.
    pub duplicates: usize,
    /// Back edges that close a cycle.
    pub cycles: usize,
    /// Tasks moved before one of their dependencies.
    pub misorders: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct GenOptions {
    pub tasks: usize,
    /// Dependencies in all (on average `deps / tasks` per task).
    pub deps: usize,
    pub shape: Shape,
    pub seed: u64,
    pub faults: Faults,
}

impl GenOptions {
    pub fn new(tasks: usize, deps: usize) -> Self {
        GenOptions {
            tasks,
            deps,
            shape: Shape::Random,
            seed: 42,
            faults: Faults::default(),
        }
    }
}

/// What was injected, so tests can check that each fault is found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Injected {
    pub dangling: Vec<(TaskId, TaskId)>,
    pub self_dependencies: Vec<TaskId>,
    pub duplicates: Vec<(TaskId, TaskId)>,
    /// (from, to): `from` now depends on `to`, which (transitively) depends on `from`.
    pub cycles: Vec<(TaskId, TaskId)>,
    /// (task, dependency): `task` was moved to sit before `dependency`.
    pub misorders: Vec<(TaskId, TaskId)>,
}

/// A small, fast, seedable generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

const KINDS: [DepKind; 4] = [
    DepKind::Schema,
    DepKind::Interface,
    DepKind::Infrastructure,
    DepKind::Other,
];
const WORDS: [&str; 12] = [
    "Define",
    "Create",
    "Implement",
    "Add",
    "Wire",
    "Expose",
    "Migrate",
    "Index",
    "Validate",
    "Schedule",
    "Render",
    "Document",
];
const NOUNS: [&str; 12] = [
    "webhook endpoint",
    "delivery record",
    "retry policy",
    "signature helper",
    "event type",
    "admin route",
    "email alert",
    "queue handler",
    "status table",
    "account cap",
    "metrics panel",
    "audit log",
];

/// A session with `opts.tasks` tasks and about `opts.deps` dependencies,
/// plus the faults asked for.
pub fn generate(opts: &GenOptions) -> (Session, Injected) {
    let mut rng = Rng::new(opts.seed);
    let n = opts.tasks;
    let mut s = Session::new(
        format!("generated-{n}"),
        format!("Generated plan of {n} tasks"),
        Timestamp(1_764_000_000),
    );
    s.stage = Stage::Dependencies;
    let reqs = (n / 10).max(1);
    s.spec.requirements = (1..=reqs)
        .map(|i| Requirement {
            id: RequirementId(format!("R{i}")),
            text: format!("Requirement number {i}"),
            line: i,
        })
        .collect();
    s.spec.text = s
        .spec
        .requirements
        .iter()
        .map(|r| format!("- {}\n", r.text))
        .collect();

    let per_task = if n > 1 {
        opts.deps as f64 / (n - 1) as f64
    } else {
        0.0
    };
    let mut budget = opts.deps;
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let id = TaskId(i as u32 + 1);
        let mut t = Task::new(
            id,
            format!("{} {} {}", WORDS[i % 12], NOUNS[(i / 12) % 12], i + 1),
        );
        t.description = format!("Produces part {} of the system.", i + 1);
        t.produces = vec![format!("src/part_{}.rs", i + 1)];
        t.verification = Some(format!("cargo test part_{}", i + 1));
        t.covers = vec![RequirementId(format!("R{}", i % reqs + 1))];
        if i > 0 && budget > 0 {
            // Spread the budget evenly, with the remainder drawn at random.
            let want = per_task.floor() as usize
                + usize::from(rng.below(1000) < ((per_task.fract()) * 1000.0) as usize);
            let want = want.min(i).min(budget);
            let mut chosen: Vec<usize> = Vec::with_capacity(want);
            let mut tries = 0;
            while chosen.len() < want && tries < want * 8 {
                tries += 1;
                let j = match opts.shape {
                    Shape::Random => rng.below(i),
                    Shape::Near => i - 1 - rng.below(i.min(want * 2).max(1)),
                };
                if !chosen.contains(&j) {
                    chosen.push(j);
                }
            }
            budget -= chosen.len();
            t.depends_on = chosen
                .into_iter()
                .map(|j| Dependency::new(TaskId(j as u32 + 1), KINDS[rng.below(4)]))
                .collect();
        }
        tasks.push(t);
    }
    s.tasks = tasks;
    s.counters.next_task = n as u32 + 1;
    s.counters.next_requirement = reqs as u32 + 1;
    let injected = inject(&mut s, &opts.faults, &mut rng);
    (s, injected)
}

fn inject(s: &mut Session, f: &Faults, rng: &mut Rng) -> Injected {
    let mut inj = Injected::default();
    let n = s.tasks.len();
    if n == 0 {
        return inj;
    }
    for k in 0..f.dangling {
        let i = rng.below(n);
        let missing = TaskId(n as u32 + 1000 + k as u32);
        s.tasks[i]
            .depends_on
            .push(Dependency::new(missing, DepKind::Other));
        inj.dangling.push((s.tasks[i].id, missing));
    }
    for _ in 0..f.self_dependencies {
        let i = rng.below(n);
        let id = s.tasks[i].id;
        if !s.tasks[i].depends_on_task(id) {
            s.tasks[i]
                .depends_on
                .push(Dependency::new(id, DepKind::Other));
            inj.self_dependencies.push(id);
        }
    }
    for _ in 0..f.duplicates {
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| !s.tasks[i].depends_on.is_empty())
            .collect();
        if candidates.is_empty() {
            break;
        }
        let i = candidates[rng.below(candidates.len())];
        let d = s.tasks[i].depends_on[0];
        s.tasks[i].depends_on.push(d);
        inj.duplicates.push((s.tasks[i].id, d.on));
    }
    for _ in 0..f.cycles {
        // A task that has a dependency gets a back edge from that dependency.
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| {
                s.tasks[i]
                    .depends_on
                    .iter()
                    .any(|d| d.on != s.tasks[i].id && s.position(d.on).is_some())
            })
            .collect();
        if candidates.is_empty() {
            break;
        }
        let i = candidates[rng.below(candidates.len())];
        let from_task = s.tasks[i].id;
        let Some(dep) = s.tasks[i]
            .depends_on
            .iter()
            .find(|d| d.on != from_task && s.position(d.on).is_some())
            .copied()
        else {
            break;
        };
        let Some(j) = s.position(dep.on) else { break };
        if !s.tasks[j].depends_on_task(from_task) {
            s.tasks[j]
                .depends_on
                .push(Dependency::new(from_task, DepKind::Other));
            inj.cycles.push((dep.on, from_task));
        }
    }
    for _ in 0..f.misorders {
        // Move a task with a dependency to just before that dependency.
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| {
                s.tasks[i]
                    .depends_on
                    .iter()
                    .any(|d| s.position(d.on).is_some_and(|p| p < i))
            })
            .collect();
        if candidates.is_empty() {
            break;
        }
        let i = candidates[rng.below(candidates.len())];
        let Some(p) = s.tasks[i]
            .depends_on
            .iter()
            .filter_map(|d| s.position(d.on))
            .filter(|&p| p < i)
            .min()
        else {
            break;
        };
        let on = s.tasks[p].id;
        let t = s.tasks.remove(i);
        inj.misorders.push((t.id, on));
        s.tasks.insert(p, t);
    }
    inj
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_the_requested_size_in_valid_order() {
        let (s, inj) = generate(&GenOptions::new(1000, 3000));
        assert_eq!(s.tasks.len(), 1000);
        let deps = s.dependency_count();
        assert!((2900..=3000).contains(&deps), "{deps} dependencies");
        assert_eq!(inj, Injected::default());
        for (i, t) in s.tasks.iter().enumerate() {
            for d in &t.depends_on {
                assert!(s.position(d.on).is_some_and(|p| p < i));
            }
        }
    }

    #[test]
    fn same_seed_same_plan() {
        let o = GenOptions {
            shape: Shape::Near,
            ..GenOptions::new(200, 600)
        };
        assert_eq!(generate(&o), generate(&o));
    }
}
