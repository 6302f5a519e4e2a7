//! Sessions the workflow tests share: the example webhook spec, and others.
#![allow(dead_code)]
use planner_tui::plan::{Edit, Session, Timestamp, apply};
use planner_tui::workflow::{Proposal, Step};

pub const WEBHOOK_SPEC: &str = include_str!("../../assets/examples/webhooks-spec.md");
pub const WEBHOOK_CONTEXT: &str = include_str!("../../assets/examples/webhooks-context.md");
pub const BILLING_SPEC: &str = include_str!("../fixtures/billing-spec.md");
pub const BILLING_CONTEXT: &str = include_str!("../fixtures/billing-context.md");
pub const CLI_SPEC: &str = include_str!("../fixtures/cli-spec.md");
pub const CLI_CONTEXT: &str = include_str!("../fixtures/cli-context.md");

/// A session with this spec and context and no tasks yet.
pub fn session(spec: &str, context: &str) -> Session {
    let mut s = Session::new("test", "Test session", Timestamp(1_764_000_000));
    apply(
        &mut s,
        Edit::SetSpecText {
            text: spec.to_string(),
        },
    )
    .unwrap();
    apply(
        &mut s,
        Edit::SetContext {
            text: context.to_string(),
        },
    )
    .unwrap();
    s
}

pub fn webhooks() -> Session {
    session(WEBHOOK_SPEC, WEBHOOK_CONTEXT)
}

/// Accept every item of `p` on `s`.
pub fn accept(s: &mut Session, p: &Proposal) {
    let accepted = p.accept_all(s).unwrap();
    apply(s, accepted.edit).unwrap();
}

/// The webhook session after the offline decomposition was accepted.
pub fn decomposed_webhooks() -> Session {
    let mut s = webhooks();
    let p = planner_tui::workflow::run::offline_proposal(Step::Decompose, &s);
    accept(&mut s, &p);
    s
}

/// The plan as text: one block per task with everything a reviewer reads.
pub fn plan_text(s: &Session) -> String {
    let mut out = String::new();
    for (i, t) in s.tasks.iter().enumerate() {
        let deps: Vec<String> = t.depends_on.iter().map(|d| d.to_string()).collect();
        let covers: Vec<&str> = t.covers.iter().map(|c| c.as_str()).collect();
        out.push_str(&format!(
            "{}. {} {}\n   {}\n   produces: {}\n   depends on: {}\n   covers: {}\n   verification: {}\n",
            i + 1,
            t.id,
            t.title,
            t.description,
            t.produces.join(", "),
            deps.join(", "),
            covers.join(", "),
            t.verification.as_deref().unwrap_or("(none)")
        ));
    }
    out
}

/// What a proposal shows the user: its notes and one line per item.
pub fn shown(p: &Proposal) -> String {
    let mut out = String::new();
    for n in &p.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    for line in p.describe() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
