//! The offline planner: built in, no network, deterministic. It answers every
//! step from the spec, the context and the plan with transparent rules (see
//! `docs/offline.md`), producing the same typed answers a model would, which
//! the workflow then validates and maps like a model's. Its answers are
//! marked heuristic and their first note says which rules made them.
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
pub mod steps;
pub mod tech;
pub mod text;
pub mod truth;
pub mod verify;

use super::answer::{
    AmbiguityListAnswer, Answer, CoverageGapsAnswer, DependencyMapAnswer,
    IntegrationConcernsAnswer, TaskDependencies, TaskVerification, VerificationListAnswer,
};
use super::{Answered, Step};
use crate::plan::Session;

use layout::Layout;
use spec::SpecFacts;

/// The offline planner's answer for `step`, marked heuristic, with a first
/// note saying which rules made it.
pub fn answered(step: Step, session: &Session) -> Answered {
    let answer = typed_answer(step, session);
    let mut notes = vec![rules_note(step).to_string()];
    if let Answer::TaskList(a) = &answer
        && a.tasks.is_empty()
        && session.tasks.is_empty()
    {
        notes.push(
            "no requirements were found in the spec, so there is nothing to plan yet: add requirements as bullet or \
             numbered lines, or sentences that say must, shall or should"
                .to_string(),
        );
    }
    Answered {
        answer,
        notes,
        repaired: false,
        heuristic: true,
    }
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
            "Heuristic (offline planner): the spec's own open questions, unanswered edge cases and assumptions first; then requirements that contradict each other (two numbers for one thing, \"every\" against \"only\"), missing numbers and rules, and what the context does not describe. Each quotes the text it is about."
        }
        Step::Revise => {
            "Heuristic (offline planner): each decision is written into the tasks its ambiguity affects (or that share its words); a decision that concerns no task becomes a new task."
        }
        Step::Verify => {
            "Heuristic (offline planner): tasks with no verification, or a vague one, get a command and a test file that follow the project's layout; draft tasks get none until they are broken down."
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
                    number.get(&d.on).map(|&k| super::answer::AnswerDependency {
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
        // A draft is checked once it is broken down into tasks with outputs.
        .filter(|(_, t)| !t.draft)
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
