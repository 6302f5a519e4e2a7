//! The app's [`EffectRunner`]: session work goes to the session thread,
//! model steps to the worker ([`Steps`]), and saves are debounced — the first change arms a deadline, every change
//! until then rides along, and the run loop calls back when it passes, so
//! the session is copied at most once per delay however fast keys come.
use std::time::Duration;

use tokio::time::Instant;

use super::effect::{Effect, EffectRunner};
use super::sessions::{Job, SessionThread};
use super::state::State;
use super::steps::Steps;

/// How saves are timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavePolicy {
    /// Save after changes (debounced); otherwise only on quit.
    pub autosave: bool,
    /// The longest a change waits before it is written.
    pub delay: Duration,
}

pub struct AppRunner {
    sessions: SessionThread,
    steps: Steps,
    policy: SavePolicy,
    /// Changes not yet handed to the session thread.
    unsaved: bool,
    due: Option<Instant>,
}

impl AppRunner {
    pub fn new(sessions: SessionThread, steps: Steps, policy: SavePolicy) -> AppRunner {
        AppRunner {
            sessions,
            steps,
            policy,
            unsaved: false,
            due: None,
        }
    }

    /// Hand the open session (if it changed) and its view to the session
    /// thread now.
    pub fn flush(&mut self, state: &State) {
        self.due = None;
        let Some(path) = state.open.as_ref().and_then(|o| o.path.clone()) else {
            return;
        };
        let session = if std::mem::take(&mut self.unsaved) {
            state.session_to_save().map(|s| Box::new(s.into_owned()))
        } else {
            None
        };
        let base = state
            .open
            .as_ref()
            .map(|o| o.on_disk.clone())
            .unwrap_or_default();
        self.sessions.send(Job::Save {
            path,
            session,
            base,
            view: state.view_memo(),
        });
    }

    /// Wait for the last save to be written and the session's lock released.
    pub fn finish(self) {
        self.sessions.finish();
    }
}

impl EffectRunner for AppRunner {
    fn run(&mut self, effect: Effect, state: &State) {
        match effect {
            Effect::Save => {
                self.unsaved = true;
                if self.policy.autosave && self.due.is_none() {
                    self.due = Some(Instant::now() + self.policy.delay);
                }
            }
            Effect::Quit => self.flush(state),
            Effect::ListSessions => self.sessions.send(Job::List),
            Effect::OpenSession(path) => {
                self.flush(state);
                self.sessions.send(Job::Open(path));
            }
            Effect::CreateSession {
                title,
                spec_path,
                context_path,
            } => {
                self.flush(state);
                self.sessions.send(Job::Create {
                    title,
                    spec_path,
                    context_path,
                });
            }
            Effect::RenameSession { path, title } => {
                self.sessions.send(Job::Rename { path, title });
            }
            Effect::DeleteSession(path) => self.sessions.send(Job::Delete(path)),
            Effect::ListTrash => self.sessions.send(Job::ListTrash),
            Effect::CheckPath(text) => self.sessions.send(Job::CheckPath(text)),
            Effect::CompletePath(text) => self.sessions.send(Job::CompletePath(text)),
            Effect::RestoreSession(path) => self.sessions.send(Job::Restore(path)),
            Effect::RunStep { step, request } => {
                if let Some(session) = state.session_to_save() {
                    self.steps.run(step, request, session.into_owned());
                }
            }
            Effect::CancelStep => self.steps.cancel(),
            Effect::Export {
                format,
                path,
                replace,
            } => {
                if let (Some(session), Some(open)) = (state.session_to_save(), &state.open) {
                    let text = crate::export::render(format, &session, &open.report);
                    self.sessions.send(Job::Export {
                        format,
                        path,
                        text,
                        replace,
                    });
                }
            }
        }
    }

    fn deadline(&self) -> Option<Instant> {
        self.due
    }

    fn on_deadline(&mut self, state: &State) {
        self.flush(state);
    }
}
