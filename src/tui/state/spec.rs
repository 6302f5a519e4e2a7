//! The Spec pane: the spec and the existing-system context, each in a text
//! editor, and which of the two is shown. Leaving an editor with changed
//! text turns the change into one undoable edit.
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

use super::editor::{new_editor, text_of};
use crate::plan::Spec;
use crate::sanitize::for_terminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecDoc {
    #[default]
    Spec,
    Context,
}

impl SpecDoc {
    pub fn title(self) -> &'static str {
        match self {
            SpecDoc::Spec => "Spec",
            SpecDoc::Context => "Existing system",
        }
    }
    pub fn other(self) -> SpecDoc {
        match self {
            SpecDoc::Spec => SpecDoc::Context,
            SpecDoc::Context => SpecDoc::Spec,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SpecState {
    pub doc: SpecDoc,
    pub spec: TextArea<'static>,
    pub context: TextArea<'static>,
    /// Keys go to the shown editor.
    pub editing: bool,
}

impl Default for SpecState {
    fn default() -> Self {
        SpecState {
            doc: SpecDoc::Spec,
            spec: doc_editor(SpecDoc::Spec, ""),
            context: doc_editor(SpecDoc::Context, ""),
            editing: false,
        }
    }
}

impl SpecState {
    pub fn editor(&self) -> &TextArea<'static> {
        match self.doc {
            SpecDoc::Spec => &self.spec,
            SpecDoc::Context => &self.context,
        }
    }
    pub fn editor_mut(&mut self) -> &mut TextArea<'static> {
        match self.doc {
            SpecDoc::Spec => &mut self.spec,
            SpecDoc::Context => &mut self.context,
        }
    }

    /// The window changed size: the editors' scroll positions were counted
    /// in wrapped rows of the old width, and kept they can leave the pane
    /// blank below the last line. Start them afresh from the top; the next
    /// frame scrolls just enough to show the cursor (which stays put).
    pub fn forget_scroll(&mut self) {
        for editor in [&mut self.spec, &mut self.context] {
            let c = editor.cursor();
            let (row, col) = (c.0, c.1);
            editor.scroll(ratatui_textarea::Scrolling::Delta {
                rows: -i16::MAX,
                cols: -i16::MAX,
            });
            editor.move_cursor(ratatui_textarea::CursorMove::Jump(
                row.min(u16::MAX as usize) as u16,
                col.min(u16::MAX as usize) as u16,
            ));
        }
    }

    /// Load the session's texts into the editors, unless one is being typed
    /// in or already shows the same text (so the cursor stays where it is).
    pub fn sync_from(&mut self, spec: &Spec) {
        if self.editing {
            return;
        }
        for (doc, editor, text) in [
            (SpecDoc::Spec, &mut self.spec, &spec.text),
            (SpecDoc::Context, &mut self.context, &spec.context),
        ] {
            if text_of(editor) != for_terminal(text) {
                *editor = doc_editor(doc, text);
            }
        }
    }
}

fn doc_editor(doc: SpecDoc, text: &str) -> TextArea<'static> {
    let mut editor = new_editor(text);
    editor.set_placeholder_text(match doc {
        SpecDoc::Spec => "No spec yet. Press Enter and type or paste it.",
        SpecDoc::Context => {
            "Nothing about the existing system yet. Press Enter and describe its languages, layout, services and conventions."
        }
    });
    editor
}
