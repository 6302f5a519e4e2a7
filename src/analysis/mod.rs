//! The plan analysis engine: everything about a plan that can be decided
//! exactly, decided by code. Pure functions over a [`Session`]; no I/O.
//!
//! [`analyse`] builds the dependency graph once (tasks indexed by position,
//! adjacency in flat arrays) and derives, in time linear in tasks plus
//! dependencies (up to a log factor for the reordering heap):
//!
//! - errors: shared task ids, dangling, self and duplicate dependencies,
//!   cycles (each strongly connected component, shown as a circle with the
//!   weakest link to cut), and ordering violations;
//! - facts: a corrected order with the fewest moves the two stable sorts
//!   find ([`CorrectedOrder`]), parallel groups and the critical path
//!   ([`Schedule`]), dependency counts by kind, and what each task blocks
//!   ([`Links`]);
//! - warnings: missing or vague verification, wording that leans on unnamed
//!   things, requirement coverage, open ambiguities, files with two owners.
//!
//! Each [`Finding`] has a stable [`Code`] (listed in `docs/check.md`) and,
//! where one exists, a [`Fix`] made of [`crate::plan::Edit`]s the UI can apply.
//! Nothing here enumerates paths, so no plan shape is slow: 10,000 tasks take
//! a few milliseconds, cheap enough to recompute after every edit.
//!
//! - [`analyse`] / [`analyse_with`] (with [`Options`], for labels of ids an
//!   importer could not resolve) → [`Report`];
//! - [`report_text::render`] (80 columns, colour on or off) and
//!   [`report_json::render`] turn a report into what `planner-tui check` prints.
mod cycles;
mod fast_hash;
mod finding;
mod graph;
mod lints;
mod names;
mod order;
mod references;
mod report;
pub mod report_json;
pub mod report_text;
mod schedule;
mod substance;
mod wording;

use std::collections::HashMap;

pub use finding::{Code, Finding, Fix, Severity, TaskRef};
pub use report::{CorrectedOrder, KindCounts, Links, Move, Report, RunOrder};
pub use schedule::Schedule;
pub use substance::{plans_exclusion, produces_nothing};

use crate::plan::{Session, TaskId};
use graph::Graph;
use names::Names;

/// Settings for [`analyse_with`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How to show ids that no task in the plan has (an importer's unknown
    /// references, such as Taskmaster's `12` or `5.9`).
    pub external_labels: HashMap<TaskId, String>,
    /// The plan comes from a format that does not say what tasks produce
    /// (Taskmaster): do not report tasks that produce nothing.
    pub no_outputs: bool,
    /// The plan comes from a tool that runs tasks by their dependencies,
    /// not their place in the list (Taskmaster): a task listed before what
    /// it needs is not an error, and the report gives this order instead
    /// of a corrected one.
    pub run_order: Option<RunOrder>,
}

/// Analyse a session with default options.
/// Why a verification condition is too vague to check, or `None` when it
/// names a command, a test or an observable result (the lint's own rule).
pub fn vague_verification(text: &str) -> Option<String> {
    wording::Scanner::default().vague_verification(text)
}

pub fn analyse(session: &Session) -> Report {
    analyse_with(session, &Options::default())
}

pub fn analyse_with(s: &Session, opts: &Options) -> Report {
    let g = Graph::build(s);
    let names = Names::new(s, &opts.external_labels);
    let n = g.n;
    let mut findings = Vec::new();
    references::findings(s, &g, &names, &mut findings);

    // With no edge pointing backwards the plan order is already topological.
    let topo: Vec<u32> = if g.backward == 0 {
        (0..n as u32).collect()
    } else {
        order::forward(&g)
    };
    let acyclic = topo.len() == n;
    let (comps, comp) = if acyclic {
        (Vec::new(), Vec::new())
    } else {
        cycles::components(&g, &topo)
    };
    findings.extend(cycles::findings(&g, &names, &comps, &comp));

    let mut violations = 0;
    let order_free = opts.run_order.is_some();
    if g.backward > 0 && !order_free {
        for i in 0..n {
            for (&p, &kind) in g.deps_of(i).iter().zip(g.kinds_of(i)) {
                let pi = p as usize;
                if pi <= i || (!acyclic && comp[i] != cycles::NO_CYCLE && comp[i] == comp[pi]) {
                    continue;
                }
                violations += 1;
                findings.push(Finding::new(
                    Code::OrderingViolation,
                    format!(
                        "{} (position {}) depends on {}{}, which comes later, at position {}.",
                        names.named(i),
                        i + 1,
                        names.named(pi),
                        kind_note(kind),
                        pi + 1
                    ),
                    vec![names.at(i), names.at(pi)],
                ));
            }
        }
    }

    let mut order = None;
    let mut schedule = None;
    if acyclic {
        let (new_order, stay) = if g.backward == 0 {
            (topo.clone(), vec![true; n])
        } else {
            order::best_order(&g, topo.clone())
        };
        let moves: Vec<Move> = new_order
            .iter()
            .enumerate()
            .filter(|(_, p)| !stay[**p as usize])
            .map(|(k, &p)| Move {
                task: names.at(p as usize),
                from: p as usize + 1,
                to: k + 1,
            })
            .collect();
        if !moves.is_empty() && !order_free {
            let edits = order::move_edits(s, &new_order, &stay);
            let k = moves.len();
            findings.push(
                Finding::new(
                    Code::CorrectedOrder,
                    format!(
                        "Moving {k} task{} puts every task after what it depends on and fixes {violations} ordering \
                         violation{}; every other task keeps its place relative to the rest.",
                        plural(k),
                        plural(violations)
                    ),
                    moves.iter().map(|m| m.task.clone()).collect(),
                )
                .with_fix(format!("apply the corrected order ({k} move{})", plural(k)), edits),
            );
        }
        schedule = Some(Schedule::compute(s, &g, &topo));
        order = Some(CorrectedOrder {
            order: new_order.iter().map(|&p| s.tasks[p as usize].id).collect(),
            moves,
        });
    }

    // Errors were made in code order; warnings are made task by task.
    let mut warnings = Vec::new();
    lints::findings(s, &g, &names, opts, &mut warnings);
    warnings.sort_by_key(|f| f.code);
    let info = findings
        .iter()
        .position(|f| f.severity == Severity::Info)
        .unwrap_or(findings.len());
    findings.splice(info..info, warnings);

    let mut kinds = KindCounts::default();
    for &k in &g.kinds {
        kinds.add(k);
    }
    let (listed, repeated) = (g.listed, g.repeated);
    let links = Links {
        ids: s.tasks.iter().map(|t| t.id).collect(),
        dep_off: g.dep_off,
        deps: g.deps,
        rev_off: g.rev_off,
        revs: g.revs,
    };
    Report {
        findings,
        order,
        schedule,
        kinds,
        links,
        run_order: opts.run_order.clone(),
        listed,
        repeated,
    }
}

/// ` (schema)` after a typed dependency; nothing for `other`.
pub(crate) fn kind_note(kind: crate::plan::DepKind) -> String {
    match kind {
        crate::plan::DepKind::Other => String::new(),
        k => format!(" ({k})"),
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests;
