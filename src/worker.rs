//! The async side: a long-lived task that runs model steps. Commands come in
//! (`Run`, `Cancel`), events go out (`Started`, `Delta`, `Usage`,
//! `Finished`), each tagged with the request id. An error is an event, never
//! the end of the worker. It owns one HTTP client for every provider.
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};
use tokio_util::sync::CancellationToken;

use crate::llm::{self, LlmError, PieceStart, Provider, ProviderConfig, StreamEvent, Usage};
use crate::plan::Session;
use crate::workflow::Step;
use crate::workflow::proposal::Proposal;
use crate::workflow::run::{StepError, run_step};

/// Tags a request so the UI can ignore events it no longer waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

#[derive(Debug)]
pub enum Command {
    /// Run `step` on a snapshot of the session with the named provider
    /// (`None`: the offline planner).
    Run {
        id: RequestId,
        step: Step,
        session: Box<Session>,
        provider: Option<String>,
    },
    Cancel(RequestId),
}

#[derive(Debug)]
pub enum Event {
    Started {
        id: RequestId,
        step: Step,
        provider: String,
    },
    /// Streamed answer text.
    Delta {
        id: RequestId,
        text: String,
    },
    Usage {
        id: RequestId,
        usage: Usage,
    },
    /// A request of a step that works in pieces starts: which, and its sizes.
    Piece {
        id: RequestId,
        piece: PieceStart,
    },
    Finished {
        id: RequestId,
        result: Result<Proposal, StepError>,
    },
}

/// What the worker needs to build providers and keep raw answers.
#[derive(Debug, Clone)]
pub struct Setup {
    pub providers: BTreeMap<String, ProviderConfig>,
    /// Raw answers that could not be used are kept under `<state_dir>/answers/`.
    pub state_dir: PathBuf,
    /// Requests that may run at once.
    pub max_concurrent: usize,
}

/// The UI's handle: send commands; events arrive on the receiver `spawn` returned.
#[derive(Debug, Clone)]
pub struct Worker {
    tx: mpsc::UnboundedSender<Command>,
}

impl Worker {
    /// Start the worker on the current tokio runtime.
    pub fn spawn(setup: Setup) -> (Worker, mpsc::UnboundedReceiver<Event>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let (etx, erx) = mpsc::unbounded_channel();
        tokio::spawn(serve(setup, rx, etx));
        (Worker { tx }, erx)
    }

    /// `false` when the worker has stopped (the app is shutting down).
    pub fn send(&self, cmd: Command) -> bool {
        self.tx.send(cmd).is_ok()
    }
}

async fn serve(
    setup: Setup,
    mut rx: mpsc::UnboundedReceiver<Command>,
    events: mpsc::UnboundedSender<Event>,
) {
    let client = llm::http_client(std::time::Duration::from_secs(
        llm::DEFAULT_CONNECT_TIMEOUT_S,
    ));
    let permits = Arc::new(Semaphore::new(setup.max_concurrent.max(1)));
    let mut running: HashMap<RequestId, CancellationToken> = HashMap::new();
    // Providers are built once and kept: what was learned about a server
    // (its window, its tokenizer, a rejected field) holds for the whole run.
    let mut built_providers: HashMap<String, Provider> = HashMap::new();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<RequestId>();
    loop {
        tokio::select! {
            Some(id) = done_rx.recv() => { running.remove(&id); }
            cmd = rx.recv() => match cmd {
                None => break,
                Some(Command::Cancel(id)) => {
                    if let Some(token) = running.get(&id) {
                        token.cancel();
                    }
                }
                Some(Command::Run { id, step, session, provider }) => {
                    let token = CancellationToken::new();
                    running.insert(id, token.clone());
                    let built = match provider.as_deref().and_then(|n| built_providers.get(n)) {
                        Some(p) => Ok(Some(p.clone())),
                        None => build_provider(&setup, provider.as_deref(), &client),
                    };
                    if let (Ok(Some(p)), Some(name)) = (&built, provider.as_deref()) {
                        built_providers.insert(name.to_string(), p.clone());
                    }
                    let (events, done, permits) = (events.clone(), done_tx.clone(), permits.clone());
                    let state_dir = setup.state_dir.clone();
                    tokio::spawn(async move {
                        let result = match built {
                            Err(e) => Err(StepError::Llm(e)),
                            Ok(provider) => {
                                let _permit = permits.acquire().await;
                                let label = provider.as_ref().map_or_else(|| "offline heuristics".to_string(), Provider::label);
                                let _ = events.send(Event::Started { id, step, provider: label });
                                let mut emit = |e: StreamEvent| {
                                    let _ = events.send(match e {
                                        StreamEvent::Delta(text) => Event::Delta { id, text },
                                        StreamEvent::Usage(usage) => Event::Usage { id, usage },
                                        StreamEvent::Piece(piece) => Event::Piece { id, piece },
                                    });
                                };
                                run_step(provider.as_ref(), step, &session, &token, &state_dir, &mut emit).await
                            }
                        };
                        let _ = events.send(Event::Finished { id, result });
                        let _ = done.send(id);
                    });
                }
            }
        }
    }
    for token in running.values() {
        token.cancel();
    }
}

fn build_provider(
    setup: &Setup,
    name: Option<&str>,
    client: &Result<reqwest::Client, LlmError>,
) -> Result<Option<Provider>, LlmError> {
    let Some(name) = name else { return Ok(None) };
    let Some(cfg) = setup.providers.get(name) else {
        return Err(LlmError::BadConfig {
            provider: name.to_string(),
            field: "provider".into(),
            reason: "there is no [providers.".to_string() + name + "] table in the config",
        });
    };
    if cfg.is_offline() {
        return Ok(None);
    }
    let client = client.as_ref().map_err(Clone::clone)?;
    Provider::new(name, cfg, client.clone()).map(Some)
}
