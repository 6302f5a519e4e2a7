//! Whether the plan may be locked as a new version, and what each locked
//! version holds. A plan with analysis errors (broken references, cycles,
//! tasks before what they need) is refused; a plan with open ambiguities
//! needs the user's yes; anything else locks.
use serde::Serialize;

use crate::analysis::{Finding, Report, Severity};
use crate::plan::{AmbiguityId, Constraint, PlanVersion, Session, Task, Timestamp};

/// The answer to "may this plan be locked now?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// The plan has no tasks: there is nothing to lock.
    Empty,
    /// The analysis found errors; each finding names its tasks.
    Refused {
        errors: Vec<Finding>,
    },
    /// Ambiguities are still open: lock only if the user says so.
    NeedsConfirmation {
        open: Vec<OpenAmbiguity>,
    },
    Ok,
}

/// An ambiguity still open, as the question lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAmbiguity {
    pub id: AmbiguityId,
    pub summary: String,
}

/// Decide whether `session` may be locked; `report` is its analysis.
pub fn check(session: &Session, report: &Report) -> Gate {
    if session.tasks.is_empty() {
        return Gate::Empty;
    }
    let errors: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Gate::Refused { errors };
    }
    let open: Vec<OpenAmbiguity> = session
        .ambiguities
        .iter()
        .filter(|a| a.is_open())
        .map(|a| OpenAmbiguity {
            id: a.id,
            summary: a.summary.clone(),
        })
        .collect();
    if open.is_empty() {
        Gate::Ok
    } else {
        Gate::NeedsConfirmation { open }
    }
}

/// The number the next locked version gets.
pub fn next_number(session: &Session) -> u32 {
    session.versions.last().map_or(1, |v| v.number + 1)
}

/// What a plan holds, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub tasks: usize,
    pub dependencies: usize,
    pub constraints: usize,
}

impl Counts {
    pub fn of(tasks: &[Task], constraints: &[Constraint]) -> Counts {
        Counts {
            tasks: tasks.len(),
            dependencies: tasks.iter().map(|t| t.depends_on.len()).sum(),
            constraints: constraints.len(),
        }
    }
}

/// One row of the versions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSummary {
    pub number: u32,
    pub locked_at: Timestamp,
    pub note: String,
    #[serde(flatten)]
    pub counts: Counts,
}

impl VersionSummary {
    pub fn of(v: &PlanVersion) -> VersionSummary {
        VersionSummary {
            number: v.number,
            locked_at: v.locked_at,
            note: v.note.clone(),
            counts: Counts::of(&v.tasks, &v.constraints),
        }
    }
}

/// The current plan, as the last row of the versions list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CurrentSummary {
    #[serde(flatten)]
    pub counts: Counts,
    /// The last locked version, if any.
    pub last_version: Option<u32>,
    /// Whether the plan differs at all from the last locked version (true
    /// when nothing has been locked yet).
    pub changed_since_last: bool,
}

/// Every locked version in order, then the current plan.
pub fn summaries(session: &Session) -> (Vec<VersionSummary>, CurrentSummary) {
    let versions = session.versions.iter().map(VersionSummary::of).collect();
    let last = session.versions.last();
    let current = CurrentSummary {
        counts: Counts::of(&session.tasks, &session.spec.constraints),
        last_version: last.map(|v| v.number),
        changed_since_last: last
            .is_none_or(|v| v.tasks != session.tasks || v.constraints != session.spec.constraints),
    };
    (versions, current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::plan::{
        Ambiguity, AmbiguityCategory, DepKind, Dependency, Edit, Task, TaskId, apply,
    };

    fn session() -> Session {
        let mut s = Session::new("s", "S", Timestamp(0));
        let mut t2 = Task::new(TaskId(2), "Two");
        t2.depends_on
            .push(Dependency::new(TaskId(1), DepKind::Schema));
        s.tasks = vec![Task::new(TaskId(1), "One"), t2];
        s
    }

    #[test]
    fn errors_refuse_naming_the_tasks() {
        let mut s = session();
        s.tasks[0]
            .depends_on
            .push(Dependency::new(TaskId(9), DepKind::Other));
        let Gate::Refused { errors } = check(&s, &analyse(&s)) else {
            panic!("expected a refusal");
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code.as_str(), "dangling-dependency");
        assert_eq!(errors[0].tasks[0].id, TaskId(1));
    }

    #[test]
    fn open_ambiguities_need_a_yes_and_closed_ones_do_not() {
        let mut s = session();
        assert_eq!(check(&s, &analyse(&s)), Gate::Ok);
        let a = Ambiguity::new(AmbiguityId(1), AmbiguityCategory::Assumption, "Which db?");
        apply(&mut s, Edit::AddAmbiguity { ambiguity: a }).unwrap();
        assert_eq!(
            check(&s, &analyse(&s)),
            Gate::NeedsConfirmation {
                open: vec![OpenAmbiguity {
                    id: AmbiguityId(1),
                    summary: "Which db?".into()
                }]
            }
        );
        apply(
            &mut s,
            Edit::DeferAmbiguity {
                id: AmbiguityId(1),
                reason: "later".into(),
            },
        )
        .unwrap();
        assert_eq!(check(&s, &analyse(&s)), Gate::Ok);
    }

    #[test]
    fn summaries_count_and_see_drafts() {
        let mut s = session();
        let (v, cur) = summaries(&s);
        assert!(v.is_empty() && cur.changed_since_last && cur.last_version.is_none());
        apply(
            &mut s,
            Edit::LockVersion {
                note: "first".into(),
                at: Timestamp(60),
            },
        )
        .unwrap();
        let (v, cur) = summaries(&s);
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0].counts,
            Counts {
                tasks: 2,
                dependencies: 1,
                constraints: 0
            }
        );
        assert_eq!((cur.last_version, cur.changed_since_last), (Some(1), false));
        assert_eq!(next_number(&s), 2);
        s.tasks[0].title = "Uno".into();
        assert!(summaries(&s).1.changed_since_last);
    }
}
