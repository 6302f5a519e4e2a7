//! The Ambiguities pane: the selected ambiguity and the scroll position.
#[derive(Debug, Clone, Default)]
pub struct AmbiguitiesState {
    /// Index into the session's ambiguities.
    pub selected: usize,
    pub offset: usize,
}

impl AmbiguitiesState {
    /// Keep the selection inside a list of `len` ambiguities.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }
}
