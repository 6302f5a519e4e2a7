//! The export dialog: E opens it on implementation-plan.md, the arrows pick
//! a format (and its usual file), typing changes the file, Enter asks for
//! the write, an existing file is replaced only after a yes, and the status
//! bar says what was written.
mod common;

use std::path::PathBuf;

use common::*;
use planner_tui::export::Format;
use planner_tui::tui::action::{Action, AppEvent};
use planner_tui::tui::effect::Effect;
use planner_tui::tui::keymap::Mode;
use planner_tui::tui::state::{ConfirmAction, Overlay};
use planner_tui::tui::update;

fn exports(effects: &[Effect]) -> Vec<(Format, PathBuf, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Export {
                format,
                path,
                replace,
            } => Some((*format, path.clone(), *replace)),
            _ => None,
        })
        .collect()
}

#[test]
fn e_opens_the_dialog_on_the_markdown_plan_and_enter_writes_it() {
    let mut s = state(120, 40);
    s.export_dir = PathBuf::from("/work/out");
    press(&mut s, &["E"]);
    assert_eq!(s.mode(), Mode::Export);
    let effects = press(&mut s, &["enter"]);
    assert_eq!(
        exports(&effects),
        vec![(
            Format::Markdown,
            PathBuf::from("/work/out/implementation-plan.md"),
            false
        )]
    );
    assert!(s.overlays.is_empty(), "the dialog closes");
    assert!(notice(&s).contains("Exporting md"), "{}", notice(&s));
}

#[test]
fn the_arrows_pick_a_format_and_its_file_until_one_is_typed() {
    let mut s = state(120, 40);
    press(&mut s, &["E", "down", "down", "down", "down"]);
    let effects = press(&mut s, &["enter"]);
    assert_eq!(
        exports(&effects),
        vec![(Format::Taskmaster, PathBuf::from("tasks.json"), false)]
    );

    press(&mut s, &["E", "down"]);
    // Typing replaces the suggestion's tail; the format no longer moves it.
    press(&mut s, &["backspace"; 9]);
    type_text(&mut s, "export.json");
    press(&mut s, &["up", "down"]);
    let effects = press(&mut s, &["enter"]);
    assert_eq!(
        exports(&effects),
        vec![(Format::Json, PathBuf::from("export.json"), false)]
    );
}

#[test]
fn an_empty_file_name_is_refused_and_the_dialog_stays() {
    let mut s = state(120, 40);
    press(&mut s, &["E"]);
    press(&mut s, &["backspace"; 30]);
    let effects = press(&mut s, &["enter"]);
    assert!(exports(&effects).is_empty());
    assert_eq!(s.mode(), Mode::Export);
    assert!(notice(&s).contains("Type a file name"), "{}", notice(&s));
    press(&mut s, &["esc"]);
    assert!(s.overlays.is_empty());
}

#[test]
fn an_existing_file_is_replaced_only_after_yes() {
    let mut s = state(120, 40);
    let path = PathBuf::from("implementation-plan.md");
    update(
        &mut s,
        Action::App(AppEvent::ExportExists {
            format: Format::Markdown,
            path: path.clone(),
        }),
    );
    let Some(Overlay::Confirm(c)) = s.overlays.last() else {
        panic!("a confirmation is shown: {:?}", s.overlays);
    };
    assert_eq!(
        c.on_confirm,
        ConfirmAction::Export {
            format: Format::Markdown,
            path: path.clone()
        }
    );
    assert!(screen(&s).contains("implementation-plan.md already exists"));
    let effects = press(&mut s, &["n"]);
    assert!(exports(&effects).is_empty(), "no means the file stays");
    // Back in the dialog, on the same format and file, to choose another.
    assert_eq!(s.mode(), Mode::Export);
    assert!(screen(&s).contains("implementation-plan.md"));
    press(&mut s, &["esc"]);

    update(
        &mut s,
        Action::App(AppEvent::ExportExists {
            format: Format::Markdown,
            path: path.clone(),
        }),
    );
    let effects = press(&mut s, &["y"]);
    assert_eq!(exports(&effects), vec![(Format::Markdown, path, true)]);
}

#[test]
fn the_status_bar_says_what_was_written() {
    let mut s = state(120, 40);
    update(
        &mut s,
        Action::App(AppEvent::Exported {
            format: Format::Speckit,
            path: PathBuf::from("specs/tasks.md"),
            bytes: 4300,
        }),
    );
    assert!(
        notice(&s).starts_with("Exported speckit to specs/tasks.md (4.2 KB)."),
        "{}",
        notice(&s)
    );
    assert!(screen(&s).contains("Exported speckit to specs/tasks.md"));
}

#[test]
fn snapshots_of_the_dialog() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = state(w, h);
        s.export_dir = PathBuf::from("docs");
        press(&mut s, &["E", "down"]);
        insta::assert_snapshot!(format!("export_dialog_{w}x{h}"), screen(&s));
    }
}
