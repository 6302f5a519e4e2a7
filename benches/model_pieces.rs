//! Tokens per request, before and after steps worked in pieces, on
//! generated plans of 100, 1,000 and 10,000 tasks (three dependencies each,
//! a requirement per ten tasks) and an 8k-window model.
//!
//! "before" is the whole plan in one request (`prompt::render`), with the
//! answer the step asks for (every task's verification, the complete task
//! list, ...). "after" is what `pieces` makes: the largest request (prompt
//! plus answer budget), the number of requests, and the prompt tokens of
//! all of them. Tokens are estimated at 3 bytes a token, as planner-tui does
//! without a tokenizer. Also the time to split the plan, which must grow
//! linearly.
//!
//! `cargo bench --bench model_pieces` (or, quicker to build,
//! `cargo test --bench model_pieces`) prints the table.
use std::time::Instant;

use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::planners::model::budget::{Budget, answer_size};
use planner_tui::planners::model::pieces::pieces;
use planner_tui::workflow::{Step, render};

const WINDOW: u32 = 8192;

fn main() {
    let budget = Budget::new(WINDOW, None);
    println!(
        "{:<13} {:>6} | {:>11} {:>11} | {:>6} {:>12} {:>11} {:>10} {:>9}",
        "step",
        "tasks",
        "before req",
        "fits 8k?",
        "pieces",
        "largest req",
        "prompt sum",
        "answer sum",
        "split ms"
    );
    for n in [100usize, 1_000, 10_000] {
        let (session, _) = generate(&GenOptions::new(n, 3 * n));
        for step in Step::ALL {
            let parts = render(step, &session);
            let size = answer_size(step);
            let items = match step {
                Step::Completeness => session.spec.requirements.len(),
                Step::Ambiguities => 0,
                _ => n,
            };
            let before = budget.prompt_tokens(
                &[&parts.system, &parts.user],
                parts.schema.to_string().len(),
            ) as u64
                + size.base as u64
                + size.per_item as u64 * items as u64;
            let started = Instant::now();
            let result = pieces(step, &session, &budget);
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            match result {
                Ok(ps) => {
                    let largest = ps
                        .iter()
                        .map(|p| p.prompt_tokens + p.max_tokens)
                        .max()
                        .unwrap_or(0);
                    let prompt: u64 = ps.iter().map(|p| p.prompt_tokens as u64).sum();
                    let answer: u64 = ps.iter().map(|p| p.max_tokens as u64).sum();
                    assert!(
                        largest <= WINDOW,
                        "{step} at {n}: a request over the window"
                    );
                    println!(
                        "{:<13} {:>6} | {:>11} {:>11} | {:>6} {:>12} {:>11} {:>10} {:>9.1}",
                        step.key(),
                        n,
                        before,
                        if before <= WINDOW as u64 { "yes" } else { "no" },
                        ps.len(),
                        largest,
                        prompt,
                        answer,
                        ms
                    );
                }
                Err(e) => println!(
                    "{:<13} {:>6} | {:>11} | refused: {e}",
                    step.key(),
                    n,
                    before
                ),
            }
        }
    }
}
