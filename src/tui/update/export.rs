//! The export dialog: choose a format, edit the file name, write it; a file
//! that exists is replaced only after a yes.
use std::path::{Path, PathBuf};

use super::moved;
use crate::analysis::Severity;
use crate::export::Format;
use crate::sanitize::one_line;
use crate::tui::command::Command;
use crate::tui::effect::Effect;
use crate::tui::keymap::Mode;
use crate::tui::state::{Confirm, ConfirmAction, ExportDialog, Notice, Overlay, State};

pub(super) fn on_command(
    state: &mut State,
    mut dialog: Box<ExportDialog>,
    command: Command,
) -> Vec<Effect> {
    match command {
        Command::Cancel => Vec::new(),
        Command::Submit => {
            let typed = dialog.path_text();
            if typed.is_empty() {
                state.status.notice = Some(Notice::warning("Type a file name to export to."));
                state.overlays.push(Overlay::Export(dialog));
                return Vec::new();
            }
            start(state, dialog.format(), PathBuf::from(typed), false)
        }
        other => {
            if let Some(i) = moved(other, dialog.format, Format::ALL.len(), Format::ALL.len()) {
                dialog.select(i);
            }
            state.overlays.push(Overlay::Export(dialog));
            Vec::new()
        }
    }
}

/// Bring the analysis up to date (the export includes its findings, order
/// and waves) and ask for the file to be written.
pub(super) fn start(
    state: &mut State,
    format: Format,
    path: PathBuf,
    replace: bool,
) -> Vec<Effect> {
    state.finish_analysis();
    state.status.notice = Some(Notice::info(format!(
        "Exporting {} to {}…",
        format.key(),
        one_line(&path.display().to_string())
    )));
    vec![Effect::Export {
        format,
        path,
        replace,
    }]
}

/// The dialog again, on `format` and `path`, to choose another file.
pub(super) fn reopen(state: &mut State, format: Format, path: &Path) {
    let mut dialog = ExportDialog::new(&state.export_dir);
    dialog.select(Format::ALL.iter().position(|f| *f == format).unwrap_or(0));
    dialog.path =
        crate::tui::state::editor::new_line_editor(&path.display().to_string(), "a file to write");
    dialog.suggested = false;
    state.overlays.push(Overlay::Export(Box::new(dialog)));
}

pub(super) fn ask_to_replace(state: &mut State, format: Format, path: PathBuf) {
    state.status.notice = None;
    state.overlays.push(Overlay::Confirm(Confirm {
        title: "Replace the file?".to_string(),
        lines: vec![
            format!("{} already exists.", path.display()),
            format!("Replace it with the plan as {}?", format.key()),
        ],
        on_confirm: ConfirmAction::Export { format, path },
    }));
}

pub(super) fn exported(state: &mut State, format: Format, path: &Path, bytes: usize) {
    let errors = state
        .open
        .as_ref()
        .map_or(0, |o| o.report.count(Severity::Error));
    let findings = state
        .keymap
        .key_for(Mode::Global, Command::Findings)
        .map_or_else(|| "see the findings".to_string(), |k| format!("{k} lists"));
    let warning = match errors {
        0 => String::new(),
        1 => format!(" The plan has 1 analysis error ({findings} it); the export says so."),
        n => format!(" The plan has {n} analysis errors ({findings} them); the export says so."),
    };
    let text = format!(
        "Exported {} to {} ({}).{warning}",
        format.key(),
        one_line(&path.display().to_string()),
        size(bytes)
    );
    state.status.notice = Some(if errors > 0 {
        Notice::warning(text)
    } else {
        Notice::info(text)
    });
}

fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
