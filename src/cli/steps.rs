//! Model steps run from the command line: one worker for the whole command,
//! steps one after another, progress on stderr, Ctrl-C cancels the step
//! running (and the ones after it).
use std::io::Write as _;
use std::time::Instant;

use super::{CliError, Context};
use crate::llm::{LlmError, Usage, group};
use crate::plan::Session;
use crate::sanitize::one_line;
use crate::worker::{Command, Event, RequestId, Setup, Worker};
use crate::workflow::run::StepError;
use crate::workflow::{Proposal, Step};

/// What one step gave, and the tokens it used.
pub(super) struct StepRun {
    pub result: Result<Proposal, StepError>,
    pub usage: Usage,
    /// Prompt tokens planner-tui estimated for the step's requests (0 for
    /// the offline planner).
    pub estimate: u64,
}

impl StepRun {
    /// `tokens: est 3,120 / used 2,987 prompt, 412 completion`, or `None`
    /// when nothing was sent.
    pub fn tokens_line(&self) -> Option<String> {
        if self.usage.total() == 0 && self.estimate == 0 {
            return None;
        }
        let est = if self.estimate > 0 {
            format!("est {} / ", group(self.estimate))
        } else {
            String::new()
        };
        Some(format!(
            "tokens: {est}used {} prompt, {} completion",
            group(self.usage.prompt_tokens),
            group(self.usage.completion_tokens)
        ))
    }
}

/// Run `steps` in order on `session` with the named provider (`None`: the
/// offline planner). One result per step; after a Ctrl-C the remaining
/// steps are not started and report [`LlmError::Cancelled`].
pub(super) fn run_steps(
    ctx: &Context,
    provider: Option<String>,
    session: &Session,
    steps: &[Step],
) -> Result<Vec<StepRun>, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::usage(format!("cannot start the async runtime: {e}")))?;
    let setup = Setup {
        providers: ctx.config.providers.clone(),
        state_dir: ctx.dirs.state_dir.clone(),
        max_concurrent: 1,
    };
    runtime.block_on(async move {
        let (worker, mut events) = Worker::spawn(setup);
        let interrupt = tokio::signal::ctrl_c();
        tokio::pin!(interrupt);
        let mut cancelled = false;
        let mut runs = Vec::with_capacity(steps.len());
        for (k, &step) in steps.iter().enumerate() {
            if cancelled {
                runs.push(StepRun {
                    result: Err(LlmError::Cancelled.into()),
                    usage: Usage::default(),
                    estimate: 0,
                });
                continue;
            }
            let id = RequestId(k as u64 + 1);
            worker.send(Command::Run {
                id,
                step,
                session: Box::new(session.clone()),
                provider: provider.clone(),
            });
            let started = Instant::now();
            let mut chars = 0usize;
            let mut last_report = Instant::now();
            let mut usage = Usage::default();
            let mut estimate = 0u64;
            // The running piece's estimate, shown beside the server's count.
            let mut piece_estimate: Option<u64> = None;
            let result = loop {
                let event = tokio::select! {
                    e = events.recv() => e,
                    _ = &mut interrupt, if !cancelled => {
                        cancelled = true;
                        eprintln!("\ncancelling…");
                        worker.send(Command::Cancel(id));
                        continue;
                    }
                };
                match event {
                    None => break None,
                    Some(Event::Started { provider, .. }) => {
                        eprintln!("{} with {}…", step.title(), one_line(&provider))
                    }
                    Some(Event::Delta { text, .. }) => {
                        chars += text.chars().count();
                        if last_report.elapsed().as_millis() >= 500 {
                            eprint!(
                                "\r  {chars} characters, {:.1} s",
                                started.elapsed().as_secs_f64()
                            );
                            let _ = std::io::stderr().flush();
                            last_report = Instant::now();
                        }
                    }
                    Some(Event::Usage { usage: u, .. }) => {
                        usage += u;
                        if let Some(est) = piece_estimate.take() {
                            if chars > 0 {
                                eprintln!();
                                chars = 0;
                            }
                            eprintln!(
                                "    est {} / used {} prompt tokens, {} completion",
                                group(est),
                                group(u.prompt_tokens),
                                group(u.completion_tokens)
                            );
                        }
                    }
                    Some(Event::Piece { piece, .. }) => {
                        estimate += piece.prompt_estimate;
                        piece_estimate = Some(piece.prompt_estimate);
                        let which = if piece.of > 1 {
                            format!(
                                "batch {} of {} ({})",
                                piece.index,
                                piece.of,
                                one_line(&piece.covers)
                            )
                        } else {
                            one_line(&piece.covers)
                        };
                        if chars > 0 {
                            eprintln!();
                        }
                        eprintln!(
                            "  {which}: est {} prompt tokens, answer up to {}, window {}",
                            group(piece.prompt_estimate),
                            group(piece.max_tokens as u64),
                            group(piece.window as u64)
                        );
                        chars = 0;
                    }
                    Some(Event::Finished { result, .. }) => {
                        if chars > 0 {
                            eprintln!(
                                "\r  {chars} characters in {:.1} s",
                                started.elapsed().as_secs_f64()
                            );
                        }
                        break Some(result);
                    }
                }
            };
            let Some(result) = result else {
                return Err(CliError::usage("the model worker stopped unexpectedly"));
            };
            runs.push(StepRun {
                result,
                usage,
                estimate,
            });
        }
        Ok(runs)
    })
}
