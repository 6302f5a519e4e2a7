//! Model steps for the app: starting and cancelling them on the worker, and
//! turning the worker's events into the app's (`StepStarted`,
//! `StepProgress`, `ProposalReady`, `StepFailed`), tagged with the request
//! id so the app can drop what it no longer waits for.
use std::collections::HashMap;
use std::time::Instant;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::action::AppEvent;
use super::state::ErrorReport;
use crate::plan::Session;
use crate::worker::{self, Command, Event, RequestId, Setup, Worker};
use crate::workflow::Step;
use crate::workflow::run::StepError;

/// The app's handle on the worker.
pub struct Steps {
    worker: Worker,
    /// The `[providers.NAME]` table to use; `None` runs the offline planner.
    provider: Option<String>,
    events: UnboundedSender<AppEvent>,
    running: Option<RequestId>,
}

impl Steps {
    /// Start the worker and the task that forwards its events. Must be
    /// called inside the tokio runtime.
    pub fn start(
        setup: Setup,
        provider: Option<String>,
        events: UnboundedSender<AppEvent>,
    ) -> Steps {
        let (worker, from_worker) = Worker::spawn(setup);
        tokio::spawn(forward(from_worker, events.clone()));
        Steps {
            worker,
            provider,
            events,
            running: None,
        }
    }

    pub fn run(&mut self, step: Step, request: u64, session: Session) {
        let id = RequestId(request);
        self.running = Some(id);
        let sent = self.worker.send(Command::Run {
            id,
            step,
            session: Box::new(session),
            provider: self.provider.clone(),
        });
        if !sent {
            let _ = self.events.send(AppEvent::StepFailed {
                request,
                report: ErrorReport::new(
                    "The model step could not start",
                    "The worker that runs model steps has stopped.",
                    "Quit and start planner-tui again; the plan is saved and unchanged.",
                ),
            });
        }
    }

    /// Cancel the running step; its late events are dropped by the app.
    pub fn cancel(&mut self) {
        if let Some(id) = self.running.take() {
            self.worker.send(Command::Cancel(id));
        }
    }
}

/// Forward the worker's events until it stops. Streamed text is counted
/// per request, so the status bar can show how much has arrived.
async fn forward(mut from: UnboundedReceiver<Event>, to: UnboundedSender<AppEvent>) {
    let mut chars: HashMap<RequestId, usize> = HashMap::new();
    let mut tokens: HashMap<RequestId, u64> = HashMap::new();
    let mut pieces: HashMap<RequestId, PieceLabel> = HashMap::new();
    while let Some(event) = from.recv().await {
        let app_event = match event {
            Event::Started { id, step, provider } => {
                let label = format!("{} with {provider}", step.title());
                let at = Instant::now();
                pieces.insert(
                    id,
                    PieceLabel {
                        base: label.clone(),
                        at,
                        piece: None,
                        estimate: 0,
                        used: 0,
                    },
                );
                AppEvent::StepStarted {
                    request: id.0,
                    label,
                    at,
                }
            }
            Event::Piece { id, piece } => {
                let Some(p) = pieces.get_mut(&id) else {
                    continue;
                };
                p.estimate += piece.prompt_estimate;
                p.piece = (piece.of > 1).then(|| format!("batch {} of {}", piece.index, piece.of));
                AppEvent::StepStarted {
                    request: id.0,
                    label: p.text(),
                    at: p.at,
                }
            }
            Event::Delta { id, text } => {
                let total = chars.entry(id).or_default();
                *total += text.chars().count();
                AppEvent::StepProgress {
                    request: id.0,
                    chars: *total,
                    tokens: tokens.get(&id).copied(),
                }
            }
            Event::Usage { id, usage } => {
                if let Some(p) = pieces.get_mut(&id) {
                    p.used += usage.prompt_tokens;
                    let _ = to.send(AppEvent::StepStarted {
                        request: id.0,
                        label: p.text(),
                        at: p.at,
                    });
                }
                let total = tokens.entry(id).or_default();
                *total += usage.total();
                AppEvent::StepProgress {
                    request: id.0,
                    chars: chars.get(&id).copied().unwrap_or(0),
                    tokens: Some(*total),
                }
            }
            Event::Finished { id, result } => {
                pieces.remove(&id);
                chars.remove(&id);
                tokens.remove(&id);
                match result {
                    Ok(proposal) => AppEvent::ProposalReady {
                        request: id.0,
                        proposal: Box::new(proposal),
                    },
                    Err(e) => AppEvent::StepFailed {
                        request: id.0,
                        report: failure(&e),
                    },
                }
            }
        };
        if to.send(app_event).is_err() {
            return;
        }
    }
}

/// The status bar's label for a step in pieces: which piece, and the
/// prompt tokens estimated beside those the server reported.
#[derive(Debug)]
struct PieceLabel {
    base: String,
    at: Instant,
    piece: Option<String>,
    estimate: u64,
    used: u64,
}

impl PieceLabel {
    fn text(&self) -> String {
        let mut out = self.base.clone();
        if let Some(p) = &self.piece {
            out.push_str(" · ");
            out.push_str(p);
        }
        if self.estimate > 0 {
            out.push_str(&format!(
                " · est {} / used {} prompt tokens",
                crate::llm::group(self.estimate),
                crate::llm::group(self.used)
            ));
        }
        out
    }
}

/// What went wrong, where the model's answer was kept, and what to do.
pub fn failure(e: &StepError) -> ErrorReport {
    let mut what = e.to_string();
    for line in e.details() {
        what.push('\n');
        what.push_str(&line);
    }
    if e.is_answer_problem() {
        ErrorReport::new(
            "The model's answer could not be used",
            what,
            "The plan is unchanged. Press r to ask again, or choose another model (default_provider in config.toml).",
        )
    } else {
        ErrorReport::new(
            "The model step failed",
            what,
            "The plan is unchanged. Check the provider's settings (docs/providers.md) and that its server is reachable, then press r to try again.",
        )
    }
}

/// The worker's settings from the app's config.
pub fn setup(config: &crate::config::Config, state_dir: &std::path::Path) -> Setup {
    worker::Setup {
        providers: config.providers.clone(),
        state_dir: state_dir.to_path_buf(),
        max_concurrent: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_shows_the_piece_and_the_estimate_beside_the_use() {
        let mut label = PieceLabel {
            base: "Add verification conditions with local · m".into(),
            at: Instant::now(),
            piece: None,
            estimate: 0,
            used: 0,
        };
        assert_eq!(label.text(), "Add verification conditions with local · m");
        label.piece = Some("batch 3 of 12".into());
        label.estimate = 3120;
        label.used = 2987;
        assert_eq!(
            label.text(),
            "Add verification conditions with local · m · batch 3 of 12 · est 3,120 / used 2,987 prompt tokens"
        );
    }
}
