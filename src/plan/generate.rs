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
        .map(|i| {
            Requirement::new(
                format!("R{i}").as_str(),
                format!("Requirement number {i}"),
                i,
            )
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
    // Until tasks are moved, the task with id `k` sits at position `k - 1`.
    let pos = |s: &Session, id: TaskId| {
        let p = (id.0 as usize).wrapping_sub(1);
        (p < s.tasks.len() && s.tasks[p].id == id).then_some(p)
    };
    let valid_dep = |s: &Session, i: usize| {
        let me = s.tasks[i].id;
        s.tasks[i]
            .depends_on
            .iter()
            .find(|d| d.on != me && pos(s, d.on).is_some())
            .copied()
    };
    for _ in 0..f.duplicates {
        let Some(i) = pick(n, rng, |i| valid_dep(s, i).is_some()) else {
            break;
        };
        let Some(d) = valid_dep(s, i) else { break };
        s.tasks[i].depends_on.push(d);
        inj.duplicates.push((s.tasks[i].id, d.on));
    }
    for _ in 0..f.cycles {
        // Follow one to four dependencies down from a task, then make the
        // task reached depend on the starting task: a circle of two to five.
        let Some(start) = pick(n, rng, |i| valid_dep(s, i).is_some()) else {
            break;
        };
        let steps = 1 + rng.below(4);
        let mut at = start;
        for _ in 0..steps {
            match valid_dep(s, at).and_then(|d| pos(s, d.on)) {
                Some(p) => at = p,
                None => break,
            }
        }
        let (from, to) = (s.tasks[at].id, s.tasks[start].id);
        if at != start && !s.tasks[at].depends_on_task(to) {
            s.tasks[at]
                .depends_on
                .push(Dependency::new(to, DepKind::Other));
            inj.cycles.push((from, to));
        }
    }
    for _ in 0..f.misorders {
        // Move a task to just before the earliest task it depends on.
        let position: std::collections::HashMap<TaskId, usize> =
            s.tasks.iter().enumerate().map(|(p, t)| (t.id, p)).collect();
        let earliest = |i: usize| {
            s.tasks[i]
                .depends_on
                .iter()
                .filter_map(|d| position.get(&d.on).copied())
                .filter(|&p| p < i)
                .min()
        };
        let Some(i) = pick(n, rng, |i| earliest(i).is_some()) else {
            break;
        };
        let Some(p) = earliest(i) else { break };
        let on = s.tasks[p].id;
        let t = s.tasks.remove(i);
        inj.misorders.push((t.id, on));
        s.tasks.insert(p, t);
    }
    inj
}

/// A random position that satisfies `ok`: a few random tries, then the first
/// one at or after a random start (so large plans stay fast).
fn pick(n: usize, rng: &mut Rng, ok: impl Fn(usize) -> bool) -> Option<usize> {
    for _ in 0..32 {
        let i = rng.below(n);
        if ok(i) {
            return Some(i);
        }
    }
    let start = rng.below(n);
    (start..n).chain(0..start).find(|&i| ok(i))
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
