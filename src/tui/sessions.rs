//! The app's session files: one thread that lists, opens, creates, renames,
//! deletes and saves sessions strictly in the order asked, holds the open
//! session's lock, and answers with [`AppEvent`]s. Disk work never runs on
//! the thread that reads keys and draws.
//!
//! Coding agents mark tasks in the open session's file meanwhile (through
//! `planner-tui status` or the MCP server, under the write lock): between
//! jobs the thread looks at the file's stamp every [`WATCH`] and reports
//! the statuses changed there, and every save first takes over the
//! statuses changed on disk that the app did not change itself
//! (`store::save_merged`). See docs/session-files.md, "Several writers".
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use super::action::AppEvent;
use super::state::{ErrorReport, SessionSummary, ViewMemo};
use super::views::ViewStore;
use crate::plan::{Edit, Session, TaskId, TaskStatus, Timestamp, apply};
use crate::store::{self, SessionLock, Store, StoreError, Synced};

/// How often the open session's file is looked at for changes made by
/// others: a `stat`, and a read only when it changed.
pub const WATCH: Duration = Duration::from_millis(250);

/// Work for the session thread.
#[derive(Debug)]
pub enum Job {
    List,
    /// Lock and load a session, with its saved view.
    Open(PathBuf),
    Create {
        title: String,
        spec_path: Option<PathBuf>,
        context_path: Option<PathBuf>,
    },
    Rename {
        path: PathBuf,
        title: String,
    },
    /// Move a session into the trash (`store::move_to_trash`).
    Delete(PathBuf),
    /// List the sessions in the trash.
    ListTrash,
    /// Move a session back from the trash.
    Restore(PathBuf),
    /// Look at what a typed path names.
    CheckPath(String),
    /// Complete a typed path from its directory.
    CompletePath(String),
    /// Write an export: `text` to `path`, atomically, replacing a file
    /// there only when `replace`.
    Export {
        format: crate::export::Format,
        path: PathBuf,
        text: String,
        replace: bool,
    },
    /// Write the session (when it changed) and the view beside it.
    /// `base` is each task's status as the app last knew the file to have
    /// it: a status the file has otherwise, and the session does not, was
    /// changed by another writer and is kept.
    Save {
        path: PathBuf,
        session: Option<Box<Session>>,
        base: HashMap<TaskId, TaskStatus>,
        view: ViewMemo,
    },
}

/// The handle the runner keeps; dropping it lets the thread finish what is
/// queued and exit (see [`SessionThread::finish`]).
pub struct SessionThread {
    jobs: Sender<Job>,
    handle: JoinHandle<()>,
}

impl SessionThread {
    pub fn start(
        store: Store,
        views: ViewStore,
        events: UnboundedSender<AppEvent>,
    ) -> std::io::Result<SessionThread> {
        let (jobs, inbox) = channel();
        let files = SessionFiles {
            store,
            views,
            events,
            open: None,
            seen: None,
            written: None,
        };
        let handle = std::thread::Builder::new()
            .name("planner-tui sessions".into())
            .spawn(move || files.serve(inbox))?;
        Ok(SessionThread { jobs, handle })
    }

    pub fn send(&self, job: Job) {
        // The thread only stops when this handle is dropped.
        let _ = self.jobs.send(job);
    }

    /// Wait until every queued job is done (the last save written) and the
    /// session's lock is released.
    pub fn finish(self) {
        drop(self.jobs);
        let _ = self.handle.join();
    }
}

struct SessionFiles {
    store: Store,
    views: ViewStore,
    events: UnboundedSender<AppEvent>,
    /// The session being edited and its lock.
    open: Option<(PathBuf, SessionLock)>,
    /// The open session's file as last read (by the watch too) or written
    /// here: what the watch compares the file with.
    seen: Option<Synced>,
    /// The version of the open session's file the app last loaded or
    /// wrote. A save reads the file first when it is not this one — even
    /// when the watch has already seen the newer version, since the
    /// session being saved may have been copied before the app took in
    /// what the watch reported.
    written: Option<store::FileStamp>,
}

impl SessionFiles {
    fn serve(mut self, inbox: Receiver<Job>) {
        loop {
            let job = match inbox.recv_timeout(WATCH) {
                Ok(job) => job,
                Err(RecvTimeoutError::Timeout) => {
                    self.watch();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let event = match job {
                Job::List => Some(self.list()),
                Job::Open(path) => Some(self.open(&path)),
                Job::Create {
                    title,
                    spec_path,
                    context_path,
                } => Some(self.create(&title, spec_path.as_deref(), context_path.as_deref())),
                Job::Rename { path, title } => Some(self.rename(&path, &title)),
                Job::Delete(path) => Some(self.delete(&path)),
                Job::ListTrash => Some(self.list_trash()),
                Job::CheckPath(text) => Some(AppEvent::PathChecked {
                    status: super::paths::check(&text),
                    text,
                }),
                Job::CompletePath(text) => {
                    let (completed, candidates) = super::paths::complete(&text);
                    Some(AppEvent::PathCompleted {
                        text,
                        completed,
                        candidates,
                    })
                }
                Job::Restore(path) => Some(self.restore(&path)),
                Job::Save {
                    path,
                    session,
                    base,
                    view,
                } => self.save(&path, session, base, &view),
                Job::Export {
                    format,
                    path,
                    text,
                    replace,
                } => Some(export(format, path, &text, replace)),
            };
            if let Some(event) = event {
                let _ = self.events.send(event);
            }
        }
    }

    /// Report statuses another writer changed in the open session's file.
    fn watch(&mut self) {
        let (Some((path, _)), Some(seen)) = (&self.open, &mut self.seen) else {
            return;
        };
        match store::changes_on_disk(path, seen) {
            Ok(Some(changes)) if !changes.is_empty() => {
                let _ = self.events.send(AppEvent::StatusesChanged(changes));
            }
            Ok(_) => {}
            // Half-edited by hand, say: the next save writes the app's plan.
            Err(e) => tracing::warn!("cannot read the changed session file: {e}"),
        }
    }

    fn forget_sync(&mut self) {
        self.seen = None;
        self.written = None;
    }

    fn list(&self) -> AppEvent {
        match self.store.list() {
            Ok(list) => AppEvent::SessionsListed(list.into_iter().map(summary).collect()),
            Err(e) => AppEvent::Failed(ErrorReport::new(
                "The saved sessions could not be listed",
                e.to_string(),
                "Check that the data directory is readable (PLANNER_TUI_DATA_DIR or data_dir in config.toml), or press n to start a session.",
            )),
        }
    }

    fn open(&mut self, path: &Path) -> AppEvent {
        let (lock, was_open) = match self.take_lock(path) {
            Ok(taken) => taken,
            Err(e) => return AppEvent::Failed(open_failure(path, &e)),
        };
        match store::load_synced(path) {
            Ok((session, synced)) => {
                let view = self.views.load(path);
                // Replacing the open session releases its lock.
                self.open = Some((path.to_path_buf(), lock));
                self.written = synced.stamp();
                self.seen = Some(synced);
                AppEvent::SessionOpened {
                    session: Box::new(session),
                    path: Some(path.to_path_buf()),
                    view,
                }
            }
            Err(e) => {
                self.put_back(path, lock, was_open);
                AppEvent::Failed(open_failure(path, &e))
            }
        }
    }

    /// The lock on `path`, and whether it is the open session's (then it is
    /// taken out of `open` and must be put back).
    fn take_lock(&mut self, path: &Path) -> Result<(SessionLock, bool), StoreError> {
        match self.open.take() {
            Some((open, lock)) if open == path => Ok((lock, true)),
            other => {
                self.open = other;
                store::lock(path).map(|lock| (lock, false))
            }
        }
    }

    fn put_back(&mut self, path: &Path, lock: SessionLock, was_open: bool) {
        if was_open {
            self.open = Some((path.to_path_buf(), lock));
        }
    }

    fn create(
        &mut self,
        title: &str,
        spec_path: Option<&Path>,
        context_path: Option<&Path>,
    ) -> AppEvent {
        let read = |path: Option<&Path>,
                    what: &'static str|
         -> Result<Option<String>, ErrorReport> {
            let Some(path) = path else { return Ok(None) };
            let path = expand_home(path);
            read_text(&path, what).map(Some).map_err(|what_went_wrong| {
                ErrorReport::new(
                    "The session was not created",
                    what_went_wrong,
                    "Press n to try again with another path, or leave the path empty and type the text in the Spec pane.",
                )
            })
        };
        let (spec, context) = match (
            read(spec_path, "spec file"),
            read(context_path, "context file"),
        ) {
            (Ok(spec), Ok(context)) => (spec, context),
            (Err(report), _) | (_, Err(report)) => return AppEvent::Failed(report),
        };
        let id = self.store.new_id(title);
        let path = self.store.path_for_id(&id);
        let mut session = Session::new(id, title, Timestamp::now());
        for edit in [
            spec.map(|text| Edit::SetSpecText { text }),
            context.map(|text| Edit::SetContext { text }),
        ]
        .into_iter()
        .flatten()
        {
            // Setting text on a new session cannot be refused.
            let _ = apply(&mut session, edit);
        }
        if let Err(e) = store::create(&path, &session) {
            return AppEvent::Failed(ErrorReport::new(
                "The session was not created",
                e.to_string(),
                "Check that the data directory is writable and has space, then press n again.",
            ));
        }
        match self.take_lock(&path) {
            Ok((lock, _)) => {
                self.open = Some((path.clone(), lock));
                self.written = store::stamp(&path);
                self.seen = Some(Synced::new(&session, self.written));
                AppEvent::SessionOpened {
                    session: Box::new(session),
                    path: Some(path),
                    view: None,
                }
            }
            Err(e) => AppEvent::Failed(open_failure(&path, &e)),
        }
    }

    fn rename(&mut self, path: &Path, title: &str) -> AppEvent {
        let result = self.take_lock(path).and_then(|(lock, was_open)| {
            let renamed = store::update(path, |session: &mut Session| {
                // A new title cannot be refused.
                let _ = apply(
                    session,
                    Edit::SetTitle {
                        title: title.to_string(),
                    },
                );
                session.updated = Timestamp::now();
                Ok::<_, std::convert::Infallible>(((), true))
            })
            .map_err(|e| match e {
                store::UpdateError::Store(e) => e,
                store::UpdateError::Refused(never) => match never {},
            });
            self.put_back(path, lock, was_open);
            renamed
        });
        match result {
            Ok(()) => self.list(),
            Err(e) => AppEvent::Failed(ErrorReport::new(
                "The session was not renamed",
                e.to_string(),
                "The file is unchanged. Close the session where it is open, then try again.",
            )),
        }
    }

    fn delete(&mut self, path: &Path) -> AppEvent {
        // Deleting the open session also lets its lock go.
        let result = self.take_lock(path).and_then(|(lock, was_open)| {
            if was_open {
                self.forget_sync();
            }
            let moved = store::move_to_trash(path);
            drop(lock);
            moved
        });
        match result {
            Ok(moved) => {
                self.views.remove(path);
                let _ = self.events.send(AppEvent::Notice(format!(
                    "Moved to the trash: {}. Press t on the session list to see the trash and restore it.",
                    moved.display()
                )));
                self.list()
            }
            Err(e) => AppEvent::Failed(ErrorReport::new(
                "The session was not deleted",
                e.to_string(),
                "The file is where it was. Close the session where it is open, then try again.",
            )),
        }
    }

    fn list_trash(&self) -> AppEvent {
        match store::list_trash(self.store.sessions_dir()) {
            Ok(list) => AppEvent::TrashListed(list.into_iter().map(summary).collect()),
            Err(e) => AppEvent::Failed(ErrorReport::new(
                "The trash could not be listed",
                e.to_string(),
                "Check that the trash folder is readable.",
            )),
        }
    }

    fn restore(&mut self, path: &Path) -> AppEvent {
        match store::restore_from_trash(path) {
            Ok(back) => {
                let _ = self
                    .events
                    .send(AppEvent::Notice(format!("Restored: {}.", back.display())));
                let _ = self.events.send(self.list_trash());
                self.list()
            }
            Err(e) => AppEvent::Failed(ErrorReport::new(
                "The session was not restored",
                e.to_string(),
                "It is still in the trash. Check that the sessions folder is writable, then try again.",
            )),
        }
    }

    fn save(
        &mut self,
        path: &Path,
        session: Option<Box<Session>>,
        base: HashMap<TaskId, TaskStatus>,
        view: &ViewMemo,
    ) -> Option<AppEvent> {
        if let Err(e) = self.views.save(path, view) {
            tracing::warn!("{e}");
        }
        let mut session = *session?;
        let open = self.open.as_ref().is_some_and(|(p, _)| p == path);
        let stamp = self.written.filter(|_| open);
        let mut synced = Synced::from_parts(stamp, base);
        Some(match store::save_merged(path, &mut synced, &mut session) {
            Ok(taken) => {
                if !taken.is_empty() {
                    let _ = self.events.send(AppEvent::StatusesChanged(taken));
                }
                let _ = self.events.send(AppEvent::Saved {
                    at: session.updated,
                });
                let statuses = synced.statuses().clone();
                if open {
                    self.written = synced.stamp();
                    self.seen = Some(synced);
                }
                AppEvent::OnDisk(statuses)
            }
            Err(e) => AppEvent::SaveFailed {
                message: e.to_string(),
            },
        })
    }
}

fn summary(s: store::SessionSummary) -> SessionSummary {
    SessionSummary {
        id: s.id,
        title: s.title,
        stage: s.stage,
        tasks: s.tasks,
        updated: s.updated,
        path: s.path,
    }
}

/// What to tell the user when a session cannot be opened.
fn open_failure(path: &Path, e: &StoreError) -> ErrorReport {
    let todo = match e {
        StoreError::Locked { pid, lock, .. } => format!(
            "Another planner-tui (pid {pid}) is editing it. Quit that one first. If that process is gone, the lock ({}) is taken over on the next try.",
            lock.display()
        ),
        StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => format!(
            "There is no file at {}. Create it with `planner-tui --session {} new --title ...`, or pick a session from the list.",
            path.display(),
            path.display()
        ),
        StoreError::TooNew { .. } => "Update planner-tui to open it; the file is unchanged.".into(),
        StoreError::Write { .. } | StoreError::Unreadable(_) => {
            "The file is unchanged. Do what the message says and open it again, or pick another session.".into()
        }
        _ => "The file is unchanged. Fix it in a text editor at the line named, or pick another session.".into(),
    };
    ErrorReport::new("The session could not be opened", e.to_string(), todo)
}

/// A text file the user named, with a message that says what is wrong: a
/// FIFO or a device is refused rather than waited on, and so is a file over
/// the spec size limit.
fn read_text(path: &Path, what: &'static str) -> Result<String, String> {
    let bytes =
        crate::input::read(path, crate::input::Limit::spec(what)).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = crate::config::line_col(&text, text.len());
        format!(
            "{what} {} is not UTF-8 text (invalid byte at line {line}, column {column})",
            path.display()
        )
    })
}

/// `~/x` as typed in a prompt, relative to the home directory.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

/// Write an export, asking first (through `ExportExists`) before replacing a file.
fn export(format: crate::export::Format, path: PathBuf, text: &str, replace: bool) -> AppEvent {
    if !replace && path.exists() {
        return AppEvent::ExportExists { format, path };
    }
    match store::write_file(&path, text.as_bytes()) {
        Ok(()) => AppEvent::Exported {
            format,
            bytes: text.len(),
            path,
        },
        Err(e) => AppEvent::Failed(ErrorReport::new(
            "The export could not be written",
            e.to_string(),
            "The plan is unchanged. Choose another file (E, then edit the name), or fix the cause (disk space, permissions).",
        )),
    }
}
