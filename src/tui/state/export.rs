//! The export dialog: which format, and the file to write (the format's
//! usual name in the export directory until the user types another).
use std::path::{Path, PathBuf};

use ratatui_textarea::TextArea;

use super::editor::{line_of, new_line_editor};
use crate::export::Format;

#[derive(Debug, Clone)]
pub struct ExportDialog {
    /// Index into [`Format::ALL`].
    pub format: usize,
    pub path: TextArea<'static>,
    /// Where the format's usual file name goes.
    pub dir: PathBuf,
    /// The path is the one this dialog proposed (so changing the format
    /// changes it too); false once the user typed in it.
    pub suggested: bool,
}

impl ExportDialog {
    pub fn new(dir: &Path) -> ExportDialog {
        let format = 0;
        ExportDialog {
            format,
            path: new_line_editor(&suggested_path(dir, Format::ALL[format]), "a file to write"),
            dir: dir.to_path_buf(),
            suggested: true,
        }
    }

    pub fn format(&self) -> Format {
        Format::ALL[self.format % Format::ALL.len()]
    }

    /// Choose another format; the path follows unless the user typed one.
    pub fn select(&mut self, index: usize) {
        self.format = index.min(Format::ALL.len() - 1);
        if self.suggested {
            self.path =
                new_line_editor(&suggested_path(&self.dir, self.format()), "a file to write");
        }
    }

    /// The path as typed, trimmed.
    pub fn path_text(&self) -> String {
        line_of(&self.path).trim().to_string()
    }
}

fn suggested_path(dir: &Path, format: Format) -> String {
    let name = format.default_file_name();
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        name.to_string()
    } else {
        dir.join(name).display().to_string()
    }
}

/// What each format is for, one line.
pub fn describe(format: Format) -> &'static str {
    match format {
        Format::Markdown => "the plan for reviewers and coding agents",
        Format::Json => "the whole plan, machine-readable",
        Format::Dot => "the dependency graph for Graphviz",
        Format::Mermaid => "the dependency graph as Mermaid",
        Format::Taskmaster => "Taskmaster's tasks.json (tagged)",
        Format::Speckit => "Spec Kit's tasks.md (waves or groups)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_follows_the_format_until_the_user_types_one() {
        let mut d = ExportDialog::new(Path::new("out"));
        assert_eq!(d.path_text(), "out/implementation-plan.md");
        d.select(4);
        assert_eq!(d.path_text(), "out/tasks.json");
        d.path.insert_str("x");
        d.suggested = false;
        d.select(0);
        assert_eq!(d.path_text(), "out/tasks.jsonx");
        assert_eq!(d.format(), Format::Markdown);
        assert_eq!(
            ExportDialog::new(Path::new(".")).path_text(),
            "implementation-plan.md"
        );
    }
}
