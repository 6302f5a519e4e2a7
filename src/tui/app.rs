//! The run loop. Generic over the terminal backend and the input stream, so
//! tests feed events and read frames without a terminal. Each turn: draw if
//! something changed, wait for input, a worker event or (only while a model
//! step runs) the animation tick, or the runner's next deadline (a debounced
//! save), then handle everything already queued before drawing again.
use std::io;
use std::time::Duration;

use crossterm::event::Event;
use std::task::Poll;

use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::MissedTickBehavior;

use super::action::{Action, AppEvent};
use super::effect::{Effect, EffectRunner};
use super::input::translate;
use super::state::State;
use super::ui::render;
use super::update::update;

/// How often the spinner moves while a model step runs.
const TICK: Duration = Duration::from_millis(100);
/// Queued events handled before a redraw is forced.
const MAX_BATCH: usize = 512;

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// The input stream ended (tests; a closed terminal).
    InputClosed,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("could not draw on the terminal: {0}")]
    Draw(String),
    #[error("could not read from the terminal: {0}")]
    Input(#[from] io::Error),
}

enum Step {
    Action(Action),
    Nothing,
    InputClosed,
}

/// Run the app until the user quits or `input` ends. Worker and store
/// results arrive on `events`; effects go to `runner`.
pub async fn run<B, S, R>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    mut input: S,
    events: &mut UnboundedReceiver<AppEvent>,
    runner: &mut R,
) -> Result<Exit, RunError>
where
    B: Backend,
    S: Stream<Item = io::Result<Event>> + Unpin,
    R: EffectRunner,
{
    if let Ok(size) = terminal.size() {
        state.size = (size.width, size.height);
    }
    let mut pending = Vec::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut events_open = true;
    let mut dirty = true;
    loop {
        if dirty {
            draw(terminal, &mut *state)?;
            dirty = false;
        }
        let first = tokio::select! {
            biased;
            event = input.next() => match event {
                Some(event) => from_input(state, &mut pending, event?),
                None => Step::InputClosed,
            },
            event = events.recv(), if events_open => match event {
                Some(event) => Step::Action(Action::App(event)),
                None => {
                    events_open = false;
                    Step::Nothing
                }
            },
            now = tick.tick(), if state.status.activity.is_some() => {
                Step::Action(Action::Tick(now.into_std()))
            }
            () = until(runner.deadline()) => {
                runner.on_deadline(state);
                Step::Nothing
            }
        };
        let mut step = first;
        let mut input_closed = false;
        for _ in 0..MAX_BATCH {
            match step {
                Step::Action(action) => {
                    dirty = true;
                    state.clock = crate::plan::Timestamp::now();
                    for effect in update(state, action) {
                        if effect == Effect::Quit {
                            runner.run(Effect::Quit, state);
                            return Ok(Exit::Quit);
                        }
                        runner.run(effect, state);
                    }
                }
                Step::Nothing => {}
                Step::InputClosed => input_closed = true,
            }
            // Take what is already queued: input first, then worker events.
            step = if input_closed {
                Step::Nothing
            } else {
                match ready(&mut input).await {
                    Some(Some(event)) => from_input(state, &mut pending, event?),
                    Some(None) => Step::InputClosed,
                    None => Step::Nothing,
                }
            };
            if matches!(step, Step::Nothing) {
                match events.try_recv() {
                    Ok(event) => step = Step::Action(Action::App(event)),
                    Err(_) => break,
                }
            }
        }
        if input_closed {
            if dirty {
                draw(terminal, &mut *state)?;
            }
            return Ok(Exit::InputClosed);
        }
    }
}

/// Sleep until `deadline`, or forever when there is none.
async fn until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The stream's next item if it is already there, without waiting. Polls
/// with this task's own waker: crossterm's `EventStream` keeps the first
/// waker it is polled with until an event arrives, so polling it with a
/// throwaway waker (`now_or_never`) would leave the loop asleep for good.
async fn ready<S: Stream + Unpin>(input: &mut S) -> Option<Option<S::Item>> {
    std::future::poll_fn(|cx| {
        Poll::Ready(match input.poll_next_unpin(cx) {
            Poll::Ready(item) => Some(item),
            Poll::Pending => None,
        })
    })
    .await
}

fn from_input(state: &State, pending: &mut Vec<super::keymap::KeyChord>, event: Event) -> Step {
    translate(state, pending, event).map_or(Step::Nothing, Step::Action)
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, state: &mut State) -> Result<(), RunError> {
    state.finish_analysis();
    terminal
        .draw(|frame| render(state, frame))
        .map(|_| ())
        .map_err(|e| RunError::Draw(e.to_string()))
}
