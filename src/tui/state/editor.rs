//! Text fields: making a `TextArea` from text (sanitised for the terminal),
//! reading it back, and switching its cursor on and off.
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

use crate::sanitize::for_terminal;

/// A text field holding `text`, with soft wrap and the cursor hidden.
pub fn new_editor(text: &str) -> TextArea<'static> {
    let clean = for_terminal(text);
    let lines: Vec<String> = clean.split('\n').map(str::to_string).collect();
    let mut editor = TextArea::new(lines);
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_cursor_line_style(Style::default());
    set_active(&mut editor, false);
    editor
}

/// A one-line field holding `text`.
pub fn new_line_editor(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut editor = new_editor(&crate::sanitize::one_line(text));
    editor.set_placeholder_text(placeholder.to_string());
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    set_active(&mut editor, true);
    editor
}

/// Show the cursor while the field is being typed in, hide it otherwise.
pub fn set_active(editor: &mut TextArea<'static>, active: bool) {
    let style = if active {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    };
    editor.set_cursor_style(style);
}

/// The field's text, lines joined with `\n`.
pub fn text_of(editor: &TextArea<'_>) -> String {
    editor.lines().join("\n")
}

/// The field's text as one line (for titles, ids, paths).
pub fn line_of(editor: &TextArea<'_>) -> String {
    editor.lines().join(" ").trim().to_string()
}
