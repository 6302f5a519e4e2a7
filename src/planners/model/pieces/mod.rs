//! A step split into requests that each fit the model's window with their
//! answer budget. When the whole plan fits one request, the step is sent as
//! one piece with the full prompt (`prompt::render`). Otherwise each step
//! works in pieces over a compact form of the plan (numbers, titles, what a
//! task produces, typed dependencies):
//!
//! | step | one piece is |
//! |------|--------------|
//! | verify, integration | a batch of consecutive tasks |
//! | dependencies | a batch of tasks to map, shown with the tasks they may need |
//! | ambiguities, completeness | a group of requirements (with their tasks) |
//! | decompose | a group of requirements and the tasks that cover them |
//! | revise | a batch of the tasks the decisions touch |
//!
//! Every piece of a step starts with the same system message (rules, the
//! step's instructions, the spec summary, the context, the constraints),
//! byte for byte, so servers that cache prompt prefixes read it once.
//! Numbers in a piece are local (1..n within the piece) and mapped back to
//! the plan's when the answers are joined ([`super::join`]).
mod shared;
mod steps;

use std::ops::Range;

use serde_json::Value;

use super::budget::{Budget, answer_size, items_per_piece};
use super::narrow::{Scope, narrow};
use super::prompt::{render, schema};
use crate::llm::group;
use crate::plan::Session;
use crate::planners::Step;
use crate::planners::answer::Shape;

pub use shared::shared_prefix;

/// One request of a step.
#[derive(Debug, Clone)]
pub struct Piece {
    pub step: Step,
    /// 1-based.
    pub index: usize,
    pub of: usize,
    /// What the piece is about, for progress and errors: `tasks 41–80`.
    pub covers: String,
    pub system: String,
    pub user: String,
    pub schema_name: &'static str,
    pub schema: Value,
    /// Estimated prompt tokens.
    pub prompt_tokens: u32,
    /// The answer budget sent as `max_tokens`.
    pub max_tokens: u32,
    /// What the answer is expected to need (`max_tokens` adds slack where
    /// the window has room).
    pub answer_need: u32,
    pub map: PieceMap,
}

/// How a piece's numbers map onto the plan.
#[derive(Debug, Clone, Default)]
pub struct PieceMap {
    /// The whole plan in one piece: numbers are the plan's own.
    pub whole: bool,
    /// Local number k (1-based) is the plan's task at position `tasks[k-1]`.
    pub tasks: Vec<usize>,
    pub scope: Scope,
}

/// Why a step cannot be split into requests that fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} does not fit the model's window: {sizes}; {advice}")]
pub struct DoesNotFit {
    pub what: String,
    pub sizes: String,
    pub advice: String,
}

/// A piece before its sizes are known.
pub(crate) struct Draft {
    pub covers: String,
    pub user: String,
    pub scope: Scope,
    pub tasks: Vec<usize>,
    /// Items the answer is about (for its budget).
    pub items: usize,
}

/// Split `step` on `session` into requests that fit `budget`.
pub fn pieces(step: Step, session: &Session, budget: &Budget) -> Result<Vec<Piece>, DoesNotFit> {
    if let Some(whole) = whole_plan(step, session, budget) {
        return Ok(vec![whole]);
    }
    let system = shared_prefix(step, session, budget);
    let base = schema(Shape::of(step));
    let base_bytes = base.to_string().len();
    let system_tokens = budget.prompt_tokens(&[&system], base_bytes);
    let size = answer_size(step);
    if system_tokens + size.base.min(budget.answer_cap.unwrap_or(u32::MAX)) + size.per_item
        > budget.usable()
    {
        return Err(DoesNotFit {
            what: format!("the part every {} request shares", step.key()),
            sizes: format!(
                "{} prompt tokens, plus at least {} for the answer, in a window of {}",
                group(system_tokens as u64),
                size.base + size.per_item,
                group(budget.window as u64)
            ),
            advice: ADVICE.to_string(),
        });
    }
    let items = steps::items(step, session, budget);
    let ranges =
        group_items(step, &items.costs, &items.answers, system_tokens, budget).map_err(|i| {
            too_big_item(
                step,
                &items.labels[i],
                items.costs[i],
                system_tokens,
                budget,
            )
        })?;
    let mut out: Vec<Piece> = Vec::with_capacity(ranges.len());
    let mut queue: Vec<Range<usize>> = ranges.into_iter().rev().collect();
    while let Some(range) = queue.pop() {
        let draft = (items.build)(range.clone());
        let piece = finish(step, &system, &base, draft, budget);
        if piece.prompt_tokens + piece.max_tokens > budget.usable() && range.len() > 1 {
            // The item estimates were short for this one: halve it.
            let mid = range.start + range.len() / 2;
            queue.push(mid..range.end);
            queue.push(range.start..mid);
            continue;
        }
        if piece.prompt_tokens + piece.max_tokens > budget.usable() {
            let label = items
                .labels
                .get(range.start)
                .map_or("the request", String::as_str);
            return Err(too_big_item(step, label, piece.prompt_tokens, 0, budget));
        }
        out.push(piece);
    }
    let of = out.len();
    for (i, p) in out.iter_mut().enumerate() {
        p.index = i + 1;
        p.of = of;
    }
    Ok(out)
}

const ADVICE: &str = "raise context_window in the provider's table if the server really has a bigger window, use a model with a bigger window, or shorten the text";

fn too_big_item(step: Step, label: &str, tokens: u32, shared: u32, budget: &Budget) -> DoesNotFit {
    let need = answer_size(step).base + answer_size(step).per_item;
    let answer = budget.answer_for(step, 1);
    let advice = if budget.answer_cap.is_some_and(|c| c < need) {
        format!(
            "raise max_tokens (now {}) to at least {need}, or {ADVICE}",
            budget.answer_cap.unwrap_or(0)
        )
    } else {
        ADVICE.to_string()
    };
    DoesNotFit {
        what: format!("{label} ({} step)", step.key()),
        sizes: format!(
            "{} prompt tokens for it{} plus {} for its answer, in a window of {} ({} usable)",
            group(tokens as u64),
            if shared > 0 {
                format!(" and {} for the shared part,", group(shared as u64))
            } else {
                String::new()
            },
            group(answer as u64),
            group(budget.window as u64),
            group(budget.usable() as u64)
        ),
        advice,
    }
}

/// Consecutive items grouped so that each group's prompt and answer fit.
/// `costs` are the items' prompt tokens, `answers` how many answer items
/// each asks for. `Err(i)`: item `i` alone does not fit.
fn group_items(
    step: Step,
    costs: &[u32],
    answers: &[u32],
    shared: u32,
    budget: &Budget,
) -> Result<Vec<Range<usize>>, usize> {
    let size = answer_size(step);
    let cap = budget.answer_cap.unwrap_or(u32::MAX);
    let base = size.base.min(cap);
    let per = size.per_item;
    let most = items_per_piece(step);
    let room = budget.usable().saturating_sub(shared + base);
    let mut out = Vec::new();
    let mut start = 0;
    let (mut prompt, mut answer) = (0u32, 0u32);
    for (i, &p) in costs.iter().enumerate() {
        let per = per * answers.get(i).copied().unwrap_or(1).max(1);
        if p + per > room || base + per > cap {
            return Err(i);
        }
        let full =
            i - start >= most || prompt + p + answer + per > room || base + answer + per > cap;
        if full && i > start {
            out.push(start..i);
            start = i;
            prompt = 0;
            answer = 0;
        }
        prompt += p;
        answer += per;
    }
    if start < costs.len() {
        out.push(start..costs.len());
    }
    if out.is_empty() {
        // Nothing to split (an empty plan): one piece about nothing.
        out.push(0..0);
    }
    Ok(out)
}

/// The piece's sizes and schema.
fn finish(step: Step, system: &str, base: &Value, d: Draft, budget: &Budget) -> Piece {
    let schema = narrow(base, &d.scope);
    let schema_bytes = schema.to_string().len();
    let prompt_tokens = budget.prompt_tokens(&[system, &d.user], schema_bytes);
    let want = budget.answer_for(step, d.items.max(1));
    // What the answer needs, with half again as slack for a wordy model
    // where the window has room (never beyond the configured cap). When the
    // window cannot give even what it needs, the caller splits the piece
    // rather than send a budget too small.
    let room = budget.room_for_answer(prompt_tokens);
    let max_tokens = if room >= want {
        want.saturating_add(want / 2).min(room)
    } else {
        want
    }
    .max(1);
    Piece {
        step,
        index: 1,
        of: 1,
        covers: d.covers,
        system: system.to_string(),
        user: d.user,
        schema_name: Shape::of(step).name(),
        schema,
        prompt_tokens,
        max_tokens,
        answer_need: want,
        map: PieceMap {
            whole: false,
            tasks: d.tasks,
            scope: d.scope,
        },
    }
}

/// The step as one request with the full prompt, when it fits.
fn whole_plan(step: Step, session: &Session, budget: &Budget) -> Option<Piece> {
    // Rendering a huge plan only to find it too big is wasted work: a
    // plan whose bytes alone overflow the window is split at once.
    let rough: usize = session
        .tasks
        .iter()
        .map(|t| t.title.len() + t.description.len() + 40)
        .sum::<usize>()
        + session.spec.text.len()
        + session.spec.context.len();
    if budget.tokens_of_bytes(rough) > budget.usable() {
        return None;
    }
    let parts = render(step, session);
    let n = session.tasks.len() as u32;
    let items = match step {
        Step::Decompose => session.spec.requirements.len().max(n as usize).max(1),
        Step::Completeness => session.spec.requirements.len(),
        Step::Ambiguities => 1,
        _ => session.tasks.len(),
    };
    let scope = Scope {
        focus: n,
        shown: n,
        new_up_to: matches!(step, Step::Decompose | Step::Revise)
            .then(|| n + (items as u32).max(10) * 3),
        requirements: session
            .spec
            .requirements
            .iter()
            .map(|r| r.id.as_str().to_string())
            .collect(),
        spec_items: steps::spec_item_ids(session),
    };
    let schema = narrow(&parts.schema, &scope);
    let prompt_tokens =
        budget.prompt_tokens(&[&parts.system, &parts.user], schema.to_string().len());
    let want = budget.answer_for(step, items);
    if prompt_tokens + want > budget.usable() {
        return None;
    }
    let cap_ok = match budget.answer_cap {
        Some(cap) => {
            let size = answer_size(step);
            size.base + size.per_item * items as u32 <= cap || items <= 1
        }
        None => true,
    };
    if !cap_ok {
        return None;
    }
    Some(Piece {
        step,
        index: 1,
        of: 1,
        covers: "the whole plan".to_string(),
        system: parts.system,
        user: parts.user,
        schema_name: parts.schema_name,
        schema,
        prompt_tokens,
        max_tokens: want
            .saturating_add(want / 2)
            .min(budget.room_for_answer(prompt_tokens))
            .max(want),
        answer_need: want,
        map: PieceMap {
            whole: true,
            tasks: Vec::new(),
            scope,
        },
    })
}
