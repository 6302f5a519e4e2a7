//! `planner-tui run SESSION STEP --dry-run`: the requests a step would
//! send, piece by piece — what each covers, its estimated prompt tokens, its
//! answer budget, the window — without sending any of them. The server may
//! be asked for its window and tokenizer; when it cannot be reached, the
//! output says which default was used.
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::CliError;
use crate::llm::{self, Provider, ProviderConfig, WindowSource, group};
use crate::plan::Session;
use crate::planners::model::{ModelError, RequestPlan, plan_requests};
use crate::sanitize::one_line;
use crate::workflow::Step;

/// Print what `step` would send to the provider `name` (`cfg: None`: the
/// offline planner, which sends nothing).
pub fn dry_run(
    name: &str,
    cfg: Option<&ProviderConfig>,
    session: &Session,
    step: Step,
    json_out: bool,
) -> Result<ExitCode, CliError> {
    let Some(cfg) = cfg else {
        if json_out {
            println!("[]");
        } else {
            println!(
                "Dry run of {}: the offline planner sends no requests.",
                step.key()
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    let client = llm::http_client(Duration::from_secs(llm::DEFAULT_CONNECT_TIMEOUT_S))
        .map_err(|e| CliError::usage(e.to_string()))?;
    let provider = Provider::new(name, cfg, client).map_err(|e| CliError::usage(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::usage(format!("cannot start the async runtime: {e}")))?;
    let cancel = CancellationToken::new();
    let plan = runtime
        .block_on(plan_requests(&provider, step, session, &cancel))
        .map_err(|e| match e {
            ModelError::DoesNotFit(e) => CliError {
                message: e.to_string(),
                causes: vec!["nothing was sent; the plan is unchanged".into()],
                code: 1,
            },
            other => CliError::usage(other.to_string()),
        })?;
    if json_out {
        print_json(step, &plan)?;
    } else {
        print_text(step, &provider, &plan);
    }
    Ok(ExitCode::SUCCESS)
}

fn source(plan: &RequestPlan) -> &'static str {
    match plan.facts.source {
        WindowSource::Config => "config",
        WindowSource::Server(_) => "server",
        WindowSource::Default(_) => "default",
    }
}

fn print_json(step: Step, plan: &RequestPlan) -> Result<(), CliError> {
    let rows: Vec<serde_json::Value> = plan
        .pieces
        .iter()
        .map(|p| {
            json!({
                "step": step.key(),
                "piece": p.index,
                "of": p.of,
                "covers": p.covers,
                "prompt_tokens": p.prompt_tokens,
                "max_tokens": p.max_tokens,
                "window": plan.budget.window,
                "window_source": source(plan),
                "tokenizer": plan.budget.measured.is_some(),
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&rows)
        .map_err(|e| CliError::usage(format!("cannot encode the requests as JSON: {e}")))?;
    println!("{}", crate::sanitize::json_for_terminal(&text));
    Ok(())
}

fn print_text(step: Step, provider: &Provider, plan: &RequestPlan) {
    println!(
        "Dry run of {} with {} — nothing is sent",
        step.key(),
        one_line(&provider.label())
    );
    println!("  window: {}", one_line(&plan.facts.describe()));
    println!("  tokens: {}", plan.budget.counting());
    match plan.budget.answer_cap {
        Some(cap) => println!("  answers: at most max_tokens = {}", group(cap as u64)),
        None => println!("  answers: sized per request (max_tokens is not set)"),
    }
    let n = plan.pieces.len();
    println!(
        "  {n} request{}{}:",
        if n == 1 { "" } else { "s" },
        if n > 1 {
            " (the shared part comes first, identical in each)"
        } else {
            ""
        }
    );
    let (mut prompt, mut answer) = (0u64, 0u64);
    for p in &plan.pieces {
        prompt += p.prompt_tokens as u64;
        answer += p.max_tokens as u64;
        println!(
            "    {} of {}  {:<28} est {} prompt + {} answer = {} of {}",
            p.index,
            p.of,
            one_line(&p.covers),
            group(p.prompt_tokens as u64),
            group(p.max_tokens as u64),
            group((p.prompt_tokens + p.max_tokens) as u64),
            group(plan.budget.window as u64)
        );
    }
    println!(
        "  total: est {} prompt tokens, answers up to {} tokens",
        group(prompt),
        group(answer)
    );
}
