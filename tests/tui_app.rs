//! The run loop without a terminal: events in from a stream, frames out to a
//! test backend, effects to a recording runner.
mod common;

use std::io;
use std::time::Duration;

use common::*;
use crossterm::event::{Event, KeyModifiers, MouseEvent, MouseEventKind};
use futures_util::stream::{self, StreamExt};
use planner_tui::plan::TaskId;
use planner_tui::tui::action::AppEvent;
use planner_tui::tui::effect::{Effect, Recorder};
use planner_tui::tui::state::{Pane, Screen, SessionSummary};
use planner_tui::tui::{Exit, State, run};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::mpsc::unbounded_channel;

fn keys(specs: &[&str]) -> Vec<io::Result<Event>> {
    specs.iter().map(|k| Ok(key(k))).collect()
}

#[tokio::test]
async fn keys_from_a_stream_change_the_plan_and_the_frame() {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut state = state(1, 1);
    state.focus = Pane::Tasks;
    let (_tx, mut rx) = unbounded_channel();
    let mut runner = Recorder::default();
    let input = stream::iter(
        keys(&["j", "J", "/"])
            .into_iter()
            .chain("retry".chars().map(|c| Ok(char_key(c)))),
    );
    let exit = run(&mut terminal, &mut state, input, &mut rx, &mut runner)
        .await
        .unwrap();
    assert_eq!(exit, Exit::InputClosed);
    assert_eq!(state.size, (120, 40), "the loop takes the terminal's size");
    let ids: Vec<u32> = state
        .session()
        .unwrap()
        .tasks
        .iter()
        .map(|t| t.id.0)
        .collect();
    assert_eq!(ids[..3], [1, 3, 2]);
    assert_eq!(runner.effects, vec![Effect::Save]);
    // The last frame drawn shows the filter.
    let buffer = terminal.backend().buffer();
    let text: String = (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect();
    assert!(text.contains("Tasks: 2 of 9 match \"retry\""), "{text}");
    assert!(text.contains("T6"), "{text}");
}

#[tokio::test]
async fn quit_ends_the_loop_after_the_runner_is_told() {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut state = state(80, 24);
    let (_tx, mut rx) = unbounded_channel();
    let mut runner = Recorder::default();
    let input = stream::iter(keys(&["q", "j"])).chain(stream::pending());
    let exit = run(&mut terminal, &mut state, input, &mut rx, &mut runner)
        .await
        .unwrap();
    assert_eq!(exit, Exit::Quit);
    assert_eq!(runner.effects, vec![Effect::Quit]);
}

#[tokio::test]
async fn worker_events_reach_the_state() {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut state = State::new(80, 24);
    let (tx, mut rx) = unbounded_channel();
    tx.send(AppEvent::SessionsListed(vec![SessionSummary {
        id: "w".into(),
        title: "Webhooks".into(),
        stage: planner_tui::plan::Stage::Decompose,
        tasks: 9,
        updated: planner_tui::plan::Timestamp(0),
        path: "/s/w.toml".into(),
    }]))
    .unwrap();
    tx.send(AppEvent::SessionOpened {
        session: Box::new(webhook_session()),
        path: None,
        view: None,
    })
    .unwrap();
    let mut runner = Recorder::default();
    let exit = run(
        &mut terminal,
        &mut state,
        stream::empty(),
        &mut rx,
        &mut runner,
    )
    .await
    .unwrap();
    assert_eq!(exit, Exit::InputClosed);
    assert_eq!(state.start.sessions.len(), 1);
    assert_eq!(state.screen, Screen::Main);
    assert!(screen(&state).contains("Ambiguities (1 open of 3)"));
}

/// Keys that arrive one by one on a live channel (as from a terminal) are
/// all handled: the loop wakes for each and never falls asleep.
#[tokio::test]
async fn keys_arriving_over_time_are_each_handled() {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut state = state(80, 24);
    state.focus = Pane::Tasks;
    let (key_tx, key_rx) = unbounded_channel::<io::Result<Event>>();
    let input = stream::unfold(
        key_rx,
        |mut rx| async move { rx.recv().await.map(|e| (e, rx)) },
    );
    let (_tx, mut rx) = unbounded_channel();
    let feeder = tokio::spawn(async move {
        for k in ["j", "j", "j", "q"] {
            tokio::task::yield_now().await;
            key_tx.send(Ok(key(k))).unwrap();
        }
        key_tx
    });
    let mut runner = Recorder::default();
    let exit = tokio::time::timeout(
        Duration::from_secs(10),
        run(
            &mut terminal,
            &mut state,
            Box::pin(input),
            &mut rx,
            &mut runner,
        ),
    )
    .await
    .expect("the loop handles every key and quits")
    .unwrap();
    let _ = feeder.await;
    assert_eq!(exit, Exit::Quit);
    assert_eq!(state.tasks.selected, Some(TaskId(4)));
}

/// Counts the frames flushed to the terminal.
struct Counting {
    inner: TestBackend,
    flushes: usize,
}

impl Backend for Counting {
    type Error = <TestBackend as Backend>::Error;
    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(
        &mut self,
        content: I,
    ) -> Result<(), Self::Error> {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.flushes += 1;
        self.inner.flush()
    }
}

#[tokio::test]
async fn events_that_change_nothing_cost_no_frame_and_bursts_cost_one() {
    let backend = Counting {
        inner: TestBackend::new(80, 24),
        flushes: 0,
    };
    let mut terminal = Terminal::new(backend).unwrap();
    let mut state = state(80, 24);
    let (_tx, mut rx) = unbounded_channel();
    let moves = (0..50).map(|i| {
        Ok(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Moved,
            column: i,
            row: 3,
            modifiers: KeyModifiers::NONE,
        }))
    });
    let mut runner = Recorder::default();
    run(
        &mut terminal,
        &mut state,
        stream::iter(moves),
        &mut rx,
        &mut runner,
    )
    .await
    .unwrap();
    assert_eq!(terminal.backend().flushes, 1, "only the first frame");

    terminal.backend_mut().flushes = 0;
    run(
        &mut terminal,
        &mut state,
        stream::iter(keys(&["j"; 40])),
        &mut rx,
        &mut runner,
    )
    .await
    .unwrap();
    assert_eq!(
        terminal.backend().flushes,
        2,
        "the first frame, then one for the whole burst"
    );
}
