//! Terminal injection through the TUI: a session whose every piece of user,
//! file and model text carries escape sequences (CSI, OSC 52, OSC 8), C1
//! controls, bidi overrides and zero-width characters is drawn pane by pane
//! and overlay by overlay. No cell may hold any of those characters, and the
//! sanitiser's visible placeholders must stand where the hostile text was.
//! One full frame also goes through the real crossterm backend into bytes,
//! where the only escape sequences are ratatui's own cursor moves and colours.
//!
//! To cover a new overlay, add one [`Case`] to [`CASES`]: a setup that opens
//! it on the hostile session (keys through `press`, or an `AppEvent`) and
//! the tags of the hostile texts it must show.
mod common;

use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

use common::*;
use planner_tui::llm::LlmError;
use planner_tui::plan::{
    Ambiguity, AmbiguityCategory, AmbiguityId, DepKind, Dependency, Edit, RequirementId, Session,
    Stage, Task, TaskId, Timestamp, apply,
};
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::state::{Pane, SessionSummary};
use planner_tui::tui::{State, steps, ui, update};
use planner_tui::workflow::run::StepError;
use planner_tui::workflow::{Step, parse};
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde_json::json;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Every kind of hostile character, after a tag that says where it was put:
/// a clear-screen CSI, a C1 CSI, a right-to-left override, a zero-width
/// space, an OSC 52 clipboard write, an OSC 8 link, a C1 DCS, an isolate, a
/// byte-order mark, and zero-width (non-)joiners after letters, which a
/// terminal cell would keep with the letter.
fn hostile(tag: &str) -> String {
    format!(
        "{tag}\x1b[2J\u{9b}\u{202e}\u{200b}\x1b]52;c;SGVsbG8=\x07\
         \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\u{90}\u{2066}\u{feff} e\u{200d}n\u{200c}d"
    )
}

/// How the start of `hostile(tag)` is drawn: ESC as `␛`, then one `�` each
/// for the C1 CSI, the override and the zero-width space.
fn shown(tag: &str) -> String {
    format!("{tag}␛[2J���")
}

/// Whether `screen` shows `hostile(tag)` defused: as [`shown`], or as a
/// proposal's one-line description gives it (controls as spaces, then the
/// sanitiser's `�` for the override and the zero-width space).
fn defused(screen: &str, tag: &str) -> bool {
    screen.contains(&shown(tag)) || screen.contains(&format!("{tag} [2J ��"))
}

/// Characters that must never reach a terminal cell.
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

fn task(id: u32, tag: &str, deps: &[u32]) -> Task {
    let mut t = Task::new(TaskId(id), hostile(&format!("Title{tag}")));
    t.description = format!(
        "{}\nsecond line {}",
        hostile(&format!("Desc{tag}")),
        hostile("Descmore")
    );
    t.produces = vec![hostile(&format!("File{tag}")), "src/shared.rs".into()];
    t.verification = Some(hostile(&format!("Verify{tag}")));
    t.covers = vec![RequirementId::from(
        hostile(&format!("Cover{tag}")).as_str(),
    )];
    t.depends_on = deps
        .iter()
        .map(|&on| Dependency::new(TaskId(on), DepKind::Interface))
        .collect();
    t
}

/// Spec, context, three tasks (sharing an output, so there are findings),
/// an open, a decided and a deferred ambiguity, all hostile.
fn hostile_session() -> Session {
    let mut s = Session::new(
        "hostile",
        hostile("Sessiontitle"),
        Timestamp::from_civil(2026, 11, 25, 14, 51, 1),
    );
    let ok = |s: &mut Session, e: Edit| apply(s, e).expect("fixture edit applies");
    let spec = format!(
        "# {}\n\n- FR-1: {}\n- FR-2: Plain requirement.\n",
        hostile("Spectext"),
        hostile("Reqtext")
    );
    ok(&mut s, Edit::SetSpecText { text: spec });
    ok(
        &mut s,
        Edit::SetContext {
            text: hostile("Contexttext"),
        },
    );
    for (i, t) in [task(1, "A", &[]), task(2, "B", &[1]), task(3, "C", &[1, 2])]
        .into_iter()
        .enumerate()
    {
        ok(&mut s, Edit::AddTask { index: i, task: t });
    }
    for (n, tag) in ["Open", "Decided", "Deferred"].into_iter().enumerate() {
        let mut a = Ambiguity::new(
            AmbiguityId(n as u32 + 1),
            AmbiguityCategory::Underspecified,
            hostile(&format!("Amb{tag}")),
        );
        a.risk = hostile(&format!("Risk{tag}"));
        a.resolution_hint = hostile(&format!("Hint{tag}"));
        a.affects = vec![TaskId(1)];
        ok(&mut s, Edit::AddAmbiguity { ambiguity: a });
    }
    ok(
        &mut s,
        Edit::ResolveAmbiguity {
            id: AmbiguityId(2),
            decision: hostile("Decision"),
        },
    );
    ok(
        &mut s,
        Edit::DeferAmbiguity {
            id: AmbiguityId(3),
            reason: hostile("Deferral"),
        },
    );
    ok(
        &mut s,
        Edit::SetStage {
            stage: Stage::Ambiguities,
        },
    );
    s
}

fn main_screen() -> State {
    let mut s = State::with_session(hostile_session(), None, WIDTH, HEIGHT);
    s.finish_analysis();
    s
}

/// The hostile session locked as version 1 with a hostile note, then T1 renamed.
fn locked_screen() -> State {
    let mut session = hostile_session();
    let ok = |s: &mut Session, e: Edit| apply(s, e).expect("fixture edit applies");
    ok(
        &mut session,
        Edit::LockVersion {
            note: hostile("Locknote"),
            at: Timestamp::from_civil(2026, 11, 25, 15, 0, 0),
        },
    );
    let mut t1 = session.tasks[0].clone();
    t1.title = hostile("Difftitle");
    ok(&mut session, Edit::UpdateTask { task: t1 });
    let mut s = State::with_session(session, None, WIDTH, HEIGHT);
    s.finish_analysis();
    s
}

fn start_screen() -> State {
    let mut s = State::new(WIDTH, HEIGHT);
    let summary = |tag: &str| SessionSummary {
        id: "hostile".into(),
        title: hostile(&format!("Session{tag}")),
        stage: Stage::Ambiguities,
        tasks: 3,
        updated: Timestamp::from_civil(2026, 11, 25, 9, 30, 0),
        path: PathBuf::from(format!("/tmp/{}.toml", hostile(&format!("Path{tag}")))),
    };
    update(
        &mut s,
        Action::App(AppEvent::SessionsListed(vec![
            summary("One"),
            summary("Two"),
        ])),
    );
    s
}

/// A model's Decompose answer full of hostile text, read by the real parser.
fn hostile_proposal(session: &Session) -> planner_tui::workflow::Proposal {
    let t = |n: u32, tag: &str, deps: serde_json::Value| {
        json!({"number": n, "title": hostile(&format!("Proposed{tag}")),
               "description": hostile("Proposeddesc"),
               "produces": [hostile(&format!("Proposedfile{tag}"))],
               "depends_on": deps, "covers": ["FR-1"],
               "verification": hostile(&format!("Proposedcheck{tag}"))})
    };
    let answer = json!({
        "tasks": [
            t(1, "One", json!([])),
            t(2, "Two", json!([{"task": 1, "kind": "interface"}])),
        ],
        "notes": [hostile("Modelnote")],
    });
    // Prose and a raw escape sequence around the JSON, as a model might send.
    let raw = format!(
        "{} Here is the plan:\n```json\n{answer}\n```\n",
        hostile("Prose")
    );
    parse(Step::Decompose, &raw, session).expect("the hostile answer parses")
}

/// Starts a model step and delivers `event` for it, as the worker would.
fn step_event(s: &mut State, event: impl FnOnce(u64) -> AppEvent) {
    s.focus = Pane::Tasks;
    press(s, &["r"]);
    let request = s
        .status
        .activity
        .as_ref()
        .map(|a| a.request)
        .expect("r starts a step");
    update(s, Action::App(event(request)));
}

/// One screen to check: how to reach it, and the tags whose hostile text it
/// must show (as [`shown`]).
struct Case {
    name: &'static str,
    setup: fn() -> State,
    shows: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "tasks pane with the detail of T1",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Tasks;
            press(&mut s, &["z"]);
            s
        },
        shows: &[
            "TitleA", "TitleB", "TitleC", "DescA", "Descmore", "FileA", "VerifyA", "CoverA",
        ],
    },
    Case {
        name: "spec pane: spec, requirements, constraints",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Spec;
            press(&mut s, &["z"]);
            s
        },
        shows: &["Spectext", "Reqtext", "Decision"],
    },
    Case {
        name: "spec pane: context",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Spec;
            press(&mut s, &["z", "l"]);
            s
        },
        shows: &["Contexttext"],
    },
    Case {
        name: "spec pane: editing the spec",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Spec;
            press(&mut s, &["z", "enter"]);
            s
        },
        shows: &["Spectext"],
    },
    Case {
        name: "spec pane: hostile text typed into the editor",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Spec;
            press(&mut s, &["z", "enter"]);
            type_text(&mut s, &hostile("Typedspec"));
            s
        },
        shows: &["Typedspec"],
    },
    Case {
        name: "tasks pane: hostile text typed into the filter",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Tasks;
            press(&mut s, &["/"]);
            type_text(&mut s, &hostile("Typedfilter"));
            s
        },
        shows: &["Typedfilter"],
    },
    Case {
        name: "graph pane",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Graph;
            press(&mut s, &["z", "j"]);
            s
        },
        shows: &["TitleA", "TitleB", "TitleC"],
    },
    Case {
        name: "ambiguities pane: an open ambiguity",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Ambiguities;
            press(&mut s, &["z"]);
            s
        },
        shows: &[
            "AmbOpen",
            "AmbDecided",
            "AmbDeferred",
            "RiskOpen",
            "HintOpen",
        ],
    },
    Case {
        name: "ambiguities pane: a decided ambiguity",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Ambiguities;
            press(&mut s, &["z", "j"]);
            s
        },
        shows: &["AmbDecided", "Decision"],
    },
    Case {
        name: "ambiguities pane: a deferred ambiguity",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Ambiguities;
            press(&mut s, &["z", "j", "j"]);
            s
        },
        shows: &["AmbDeferred", "Deferral"],
    },
    Case {
        name: "all four panes",
        setup: main_screen,
        shows: &["TitleA", "Spectext", "AmbOpen"],
    },
    Case {
        name: "findings overlay",
        setup: || {
            let mut s = main_screen();
            press(&mut s, &["f"]);
            s
        },
        shows: &["TitleA"],
    },
    Case {
        name: "help overlay over the hostile panes",
        setup: || {
            let mut s = main_screen();
            press(&mut s, &["?"]);
            s
        },
        shows: &[],
    },
    Case {
        name: "task form",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Tasks;
            press(&mut s, &["enter"]);
            s
        },
        shows: &["TitleA", "DescA", "FileA", "VerifyA"],
    },
    Case {
        name: "task form: hostile text typed in",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Tasks;
            press(&mut s, &["a"]);
            type_text(&mut s, &hostile("Typedtitle"));
            s
        },
        shows: &["Typedtitle"],
    },
    Case {
        name: "dependency picker",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Tasks;
            press(&mut s, &["G", "e"]);
            s
        },
        shows: &["TitleA", "TitleB"],
    },
    Case {
        name: "decision prompt with the current decision",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Ambiguities;
            press(&mut s, &["j", "enter"]);
            s
        },
        shows: &["Decision"],
    },
    Case {
        name: "prompt: hostile text typed in",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Ambiguities;
            press(&mut s, &["D"]);
            type_text(&mut s, &hostile("Typedreason"));
            s
        },
        shows: &["Typedreason"],
    },
    Case {
        name: "confirm deleting a task",
        setup: || {
            let mut s = main_screen();
            s.focus = Pane::Tasks;
            press(&mut s, &["d"]);
            s
        },
        shows: &["TitleA"],
    },
    Case {
        name: "proposal under review",
        setup: || {
            let mut s = main_screen();
            let proposal = hostile_proposal(s.session().expect("open"));
            step_event(&mut s, |request| AppEvent::ProposalReady {
                request,
                proposal: Box::new(proposal),
            });
            s
        },
        shows: &["ProposedOne", "ProposedTwo", "Modelnote"],
    },
    Case {
        name: "error popup with the server's error body",
        setup: || {
            let mut s = main_screen();
            let error = StepError::Llm(LlmError::Http {
                provider: hostile("Providername"),
                url: "http://127.0.0.1:9/v1/chat/completions".into(),
                status: 500,
                body: hostile("Serverbody"),
                hint: "the server failed; try again later".into(),
                retry_after: None,
            });
            step_event(&mut s, |request| AppEvent::StepFailed {
                request,
                report: steps::failure(&error),
            });
            s
        },
        shows: &["Serverbody"],
    },
    Case {
        name: "status bar: the provider and a running step",
        setup: || {
            let mut s = main_screen();
            update(
                &mut s,
                Action::App(AppEvent::Provider(hostile("Providerlabel"))),
            );
            step_event(&mut s, |request| AppEvent::StepStarted {
                request,
                label: hostile("Steplabel"),
                at: Instant::now(),
            });
            s
        },
        shows: &["Providerlabel", "Steplabel"],
    },
    Case {
        name: "status bar: a notice",
        setup: || {
            let mut s = main_screen();
            update(&mut s, Action::App(AppEvent::Notice(hostile("Noticetext"))));
            s
        },
        shows: &["Noticetext"],
    },
    Case {
        name: "failed save: popup and status bar",
        setup: || {
            let mut s = main_screen();
            update(
                &mut s,
                Action::App(AppEvent::SaveFailed {
                    message: hostile("Savefailure"),
                }),
            );
            s
        },
        shows: &["Savefailure"],
    },
    Case {
        name: "export dialog: the file to write",
        setup: || {
            let mut s = main_screen();
            s.export_dir = std::path::PathBuf::from(hostile("Exportdir"));
            // The field scrolls to the cursor; Home shows the start.
            press(&mut s, &["E", "home"]);
            s
        },
        shows: &["Exportdir"],
    },
    Case {
        name: "export: asking to replace a file",
        setup: || {
            let mut s = main_screen();
            update(
                &mut s,
                Action::App(AppEvent::ExportExists {
                    format: planner_tui::export::Format::Markdown,
                    path: std::path::PathBuf::from(hostile("Exportpath")),
                }),
            );
            s
        },
        shows: &["Exportpath"],
    },
    Case {
        name: "export: the notice of what was written",
        setup: || {
            let mut s = main_screen();
            update(
                &mut s,
                Action::App(AppEvent::Exported {
                    format: planner_tui::export::Format::Json,
                    path: std::path::PathBuf::from(hostile("Exportdone")),
                    bytes: 10,
                }),
            );
            s
        },
        shows: &["Exportdone"],
    },
    Case {
        name: "lock: the open ambiguities question",
        setup: || {
            let mut s = main_screen();
            press(&mut s, &["L"]);
            type_text(&mut s, "note");
            press(&mut s, &["enter"]);
            s
        },
        shows: &["AmbOpen"],
    },
    Case {
        name: "versions: the list with a hostile note",
        setup: || {
            let mut s = locked_screen();
            press(&mut s, &["V"]);
            s
        },
        shows: &["Locknote"],
    },
    Case {
        name: "versions: the changes since the locked one",
        setup: || {
            let mut s = locked_screen();
            press(&mut s, &["V", "j", "enter"]);
            s
        },
        shows: &["Difftitle"],
    },
    Case {
        name: "validate: the coverage table and the passes",
        setup: || {
            let mut s = main_screen();
            press(&mut s, &["v"]);
            s
        },
        shows: &["Reqtext"],
    },
    Case {
        name: "start screen: the session list",
        setup: start_screen,
        shows: &["SessionOne", "SessionTwo"],
    },
    Case {
        name: "start screen: renaming a session",
        setup: || {
            let mut s = start_screen();
            press(&mut s, &["r"]);
            s
        },
        shows: &["SessionOne"],
    },
    Case {
        name: "start screen: deleting a session",
        setup: || {
            let mut s = start_screen();
            press(&mut s, &["j", "d"]);
            s
        },
        shows: &["SessionTwo", "PathTwo"],
    },
];

/// The forbidden characters in the cells of `state`'s frame, as
/// `(x, y, symbol)`.
fn leaks(state: &State) -> Vec<(u16, u16, String)> {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend");
    terminal.draw(|f| ui::render(state, f)).expect("draw");
    let buffer = terminal.backend().buffer();
    let mut out = Vec::new();
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let symbol = buffer[(x, y)].symbol();
            if symbol.chars().any(forbidden) {
                out.push((x, y, symbol.escape_unicode().to_string()));
            }
        }
    }
    out
}

#[test]
fn no_hostile_character_reaches_a_cell_and_placeholders_show_where_it_was() {
    let mut failures = Vec::new();
    for case in CASES {
        let state = (case.setup)();
        let text = screen(&state);
        let leaked = leaks(&state);
        if !leaked.is_empty() {
            failures.push(format!(
                "{}: {} cells hold control or invisible characters, first {:?}\n{text}",
                case.name,
                leaked.len(),
                &leaked[..leaked.len().min(5)]
            ));
        }
        let missing: Vec<&str> = case
            .shows
            .iter()
            .copied()
            .filter(|tag| !defused(&text, tag))
            .collect();
        if !missing.is_empty() {
            failures.push(format!(
                "{}: no placeholder where {missing:?} was (looked for e.g. {:?})\n{text}",
                case.name,
                shown(missing[0])
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `bytes` as written by ratatui's crossterm backend: every ESC must open a
/// CSI that moves the cursor (`H`), sets colours or attributes (`m`), or
/// hides or shows the cursor (`?25l`, `?25h`). Returns what breaks that.
fn unexpected_sequences(bytes: &[u8]) -> Vec<String> {
    let mut bad = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != 0x1b {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'[') {
            bad.push(format!(
                "ESC followed by {:?} at byte {i}",
                bytes.get(i + 1).map(|b| *b as char)
            ));
            i += 1;
            continue;
        }
        let start = i + 2;
        let mut j = start;
        while j < bytes.len() && (0x30..=0x3f).contains(&bytes[j]) {
            j += 1;
        }
        let params = String::from_utf8_lossy(&bytes[start..j]).into_owned();
        match bytes.get(j) {
            Some(b'H' | b'm') => {}
            Some(b'h' | b'l') if params == "?25" => {}
            other => bad.push(format!(
                "CSI {params:?} ended by {:?} at byte {i}",
                other.map(|b| *b as char)
            )),
        }
        i = j + 1;
    }
    bad
}

/// What the crossterm backend writes, kept where the test can read it.
#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_frame_through_the_crossterm_backend_holds_only_its_own_sequences() {
    for case in CASES {
        let state = (case.setup)();
        let written = Written::default();
        let mut terminal = Terminal::with_options(
            CrosstermBackend::new(written.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
            },
        )
        .expect("a crossterm backend over a Vec");
        terminal.draw(|f| ui::render(&state, f)).expect("draw");
        drop(terminal);
        let bytes = written.0.borrow();
        let bytes: &[u8] = &bytes;
        assert!(bytes.len() > 1000, "{}: a frame was written", case.name);
        let bad = unexpected_sequences(bytes);
        assert!(bad.is_empty(), "{}: {bad:?}", case.name);
        let text = std::str::from_utf8(bytes).expect("the frame is UTF-8");
        let odd: Vec<String> = text
            .chars()
            .filter(|&c| c != '\u{1b}' && forbidden(c))
            .map(|c| c.escape_unicode().to_string())
            .collect();
        assert!(odd.is_empty(), "{}: {odd:?}", case.name);
        assert!(
            text.contains('␛'),
            "{}: the placeholder is drawn",
            case.name
        );
    }
}
