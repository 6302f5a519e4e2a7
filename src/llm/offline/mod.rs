//! The offline planner: built in, no network, deterministic. It answers every
//! step from the spec, the context and the plan with transparent rules (see
//! `docs/offline.md`), producing the same typed answers a model would, which
//! then go through the same validation and mapping. Its proposals are marked
//! heuristic and their first note says which rules made them.
//!
//! - [`spec`] and [`layout`] read the spec and the context;
//! - [`components`] and [`decompose`] build the task list, [`deps`] the
//!   dependencies, [`verify`] the verification conditions;
//! - [`ambiguities`], [`coverage`] and [`integration`] are the detectors;
//! - [`revise`] writes decisions into the plan.
pub mod ambiguities;
pub mod components;
pub mod coverage;
pub mod decompose;
pub mod deps;
pub mod integration;
pub mod layers;
pub mod layout;
pub mod revise;
pub mod spec;
pub mod tech;
pub mod text;
pub mod verify;

use crate::plan::Session;
use crate::workflow::answer::{
    AmbiguityListAnswer, Answer, CoverageGapsAnswer, DependencyMapAnswer,
    IntegrationConcernsAnswer, TaskDependencies, TaskVerification, VerificationListAnswer,
    to_proposal, validate,
};
use crate::workflow::{Proposal, Step};

use layout::Layout;
use spec::SpecFacts;

/// The offline planner's proposal for `step`. Always heuristic.
pub fn answer(step: Step, session: &Session) -> Proposal {
    let typed = typed_answer(step, session);
    if let Answer::TaskList(a) = &typed
        && a.tasks.is_empty()
    {
        let mut p = Proposal::new(step, session);
        p.heuristic = true;
        p.notes.push(rules_note(step).to_string());
        p.notes.push("no requirements were found in the spec, so there is nothing to plan yet: add requirements as bullet or numbered lines, or sentences that say must, shall or should".to_string());
        return p;
    }
    let errors = validate(&typed, session);
    let mut p = if errors.is_empty() {
        to_proposal(step, &typed, session)
    } else {
        // The rules are built never to get here; if they do, say so rather than propose something broken.
        let mut p = Proposal::new(step, session);
        p.notes.push(format!(
            "the offline planner produced an answer it could not use: {}",
            errors.join("; ")
        ));
        p
    };
    p.heuristic = true;
    p.notes.insert(0, rules_note(step).to_string());
    p
}

/// The answer the offline planner gives, in the same shape a model's takes.
pub fn typed_answer(step: Step, session: &Session) -> Answer {
    let layout = Layout::from_context(&session.spec.context, &session.spec.text);
    match step {
        Step::Decompose => {
            let facts = SpecFacts::read(session);
            Answer::TaskList(decompose::decompose(session, &facts, &layout))
        }
        Step::Revise => Answer::TaskList(revise::revise(session, &layout)),
        Step::Dependencies => Answer::DependencyMap(dependencies(session)),
        Step::Ambiguities => {
            let facts = SpecFacts::read(session);
            Answer::AmbiguityList(AmbiguityListAnswer {
                ambiguities: ambiguities::detect(session, &facts, &layout),
                notes: Vec::new(),
            })
        }
        Step::Verify => Answer::VerificationList(verifications(session, &layout)),
        Step::Completeness => Answer::CoverageGaps(CoverageGapsAnswer {
            gaps: coverage::gaps(session),
            notes: Vec::new(),
        }),
        Step::Integration => Answer::IntegrationConcerns(IntegrationConcernsAnswer {
            concerns: integration::concerns(session, &layout),
            notes: Vec::new(),
        }),
    }
}

fn rules_note(step: Step) -> &'static str {
    match step {
        Step::Decompose => {
            "Heuristic (offline planner): one task per piece the requirements call for, ordered by layer (types, schema, storage, services, background jobs, API, alerting, operations) and then by need; dependencies come from the names each task uses that another produces; each task names a test file or command."
        }
        Step::Dependencies => {
            "Heuristic (offline planner): a task depends on another when it mentions a table, type, class, queue or file the other produces; existing dependencies are kept."
        }
        Step::Ambiguities => {
            "Heuristic (offline planner): found by rules for vague words, missing numbers, outside services without a fallback, things the context does not describe, conflicting numbers and independent types/schema tasks."
        }
        Step::Revise => {
            "Heuristic (offline planner): each decision is written into the tasks its ambiguity affects (or that share its words); a decision that concerns no task becomes a new task."
        }
        Step::Verify => {
            "Heuristic (offline planner): tasks with no verification, or a vague one, get a command and a test file that follow the project's layout."
        }
        Step::Completeness => {
            "Heuristic (offline planner): exact coverage of requirements by the tasks' covers, and decisions no task mentions."
        }
        Step::Integration => {
            "Heuristic (offline planner): vague integration phrases, existing pieces used without the functions the context names, and files outside the context's folders."
        }
    }
}

fn dependencies(session: &Session) -> DependencyMapAnswer {
    let inferred = deps::infer(&session.tasks);
    // Each id's number (1-based position), looked up once per dependency.
    let mut number = std::collections::HashMap::with_capacity(session.tasks.len());
    for (i, t) in session.tasks.iter().enumerate() {
        number.entry(t.id).or_insert(i as u32 + 1);
    }
    let tasks = inferred
        .iter()
        .enumerate()
        .map(|(i, ds)| TaskDependencies {
            task: i as u32 + 1,
            depends_on: ds
                .iter()
                .filter_map(|d| {
                    number
                        .get(&d.on)
                        .map(|&k| crate::workflow::answer::AnswerDependency {
                            task: k,
                            kind: d.kind,
                        })
                })
                .filter(|d| d.task != i as u32 + 1)
                .collect(),
        })
        .collect();
    let mut notes = Vec::new();
    let vague: Vec<String> = integration::concerns(
        session,
        &Layout::from_context(&session.spec.context, &session.spec.text),
    )
    .into_iter()
    .filter(|c| c.text.starts_with("says \""))
    .filter_map(|c| c.task.map(|t| t.to_string()))
    .collect();
    if !vague.is_empty() {
        notes.push(format!(
            "tasks {} say \"integrate with\" or the like without saying how",
            vague.join(", ")
        ));
    }
    DependencyMapAnswer { tasks, notes }
}

fn verifications(session: &Session, layout: &Layout) -> VerificationListAnswer {
    let tasks = session
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let verification = match &t.verification {
                Some(v) if !verify::is_weak(v) => v.clone(),
                _ => verify::for_task(t, layout),
            };
            TaskVerification {
                task: i as u32 + 1,
                verification,
            }
        })
        .collect();
    VerificationListAnswer {
        tasks,
        notes: Vec::new(),
    }
}
