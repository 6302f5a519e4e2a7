//! Named commands: what a key can be bound to. Their snake_case names are the
//! vocabulary of the key map (`assets/keymap.toml` and `[keys]` in the config),
//! and their descriptions are what the help overlay shows.

macro_rules! commands {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// Something the user can ask for with a key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $(#[doc = $doc] $variant,)*
        }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The name used in key map files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// One line for the help overlay.
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $doc,)*
                }
            }

            pub fn from_name(name: &str) -> Option<Command> {
                match name {
                    $($name => Some(Command::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

commands! {
    Quit => "quit", "Quit (asks first while a model step is running)";
    Help => "help", "Show every key binding";
    Cancel => "cancel", "Cancel the running step, close the overlay or clear the filter";
    FocusNext => "focus_next", "Focus the next pane";
    FocusPrev => "focus_prev", "Focus the previous pane";
    Zoom => "zoom", "Zoom the focused pane to the full screen, and back";
    Undo => "undo", "Undo the last edit";
    Redo => "redo", "Redo the last undone edit";
    RunStep => "run_step", "Run the current stage's model step";
    Findings => "findings", "List the analysis findings: errors, warnings, suggestions";
    Export => "export", "Export the plan to a file (md, json, dot, mermaid, taskmaster, speckit)";
    Lock => "lock", "Lock the plan as the next numbered version, with a note";
    Versions => "versions", "List the locked versions and compare any two";
    Validate => "validate", "Validate the plan: coverage, order, integration; ready to export?";
    Stage1 => "stage_1", "Go to stage 1, Gather";
    Stage2 => "stage_2", "Go to stage 2, Decompose";
    Stage3 => "stage_3", "Go to stage 3, Dependencies";
    Stage4 => "stage_4", "Go to stage 4, Ambiguities";
    Stage5 => "stage_5", "Go to stage 5, Resolve & lock";
    Stage6 => "stage_6", "Go to stage 6, Verification";
    Up => "up", "Move up";
    Down => "down", "Move down";
    Left => "left", "Move left (graph: to a dependency)";
    Right => "right", "Move right (graph: to a dependent)";
    Top => "top", "Go to the top";
    Bottom => "bottom", "Go to the bottom";
    PageUp => "page_up", "Go up a page";
    PageDown => "page_down", "Go down a page";
    HalfPageUp => "half_page_up", "Go up half a page";
    HalfPageDown => "half_page_down", "Go down half a page";
    Find => "find", "Find in the list or text (n and N go to the next and previous match)";
    Messages => "messages", "Show every message the status bar has shown, newest first";
    Palette => "command_palette", "Find a command by name and run it (generated from the key map)";
    Edit => "edit", "Edit the selection";
    AddTask => "add_task", "Add a task after the selected one";
    DeleteTask => "delete_task", "Delete the selected task (asks first)";
    MoveTaskDown => "move_task_down", "Move the selected task down";
    MoveTaskUp => "move_task_up", "Move the selected task up";
    EditDependencies => "edit_dependencies", "Pick the selected task's dependencies";
    Filter => "filter", "Filter the list by id or title";
    SetStatus => "set_status", "Set where the selected task stands (pending, in progress, review, done, …)";
    FilterStatus => "filter_status", "Show only open tasks, then one status at a time, then all again";
    GoToNext => "go_to_next", "Select the task to do now (the first whose dependencies are all done)";
    ConfirmReview => "confirm_review", "Mark the selected task as reviewed after its requirement changed";
    SwitchDocument => "switch_document", "Switch between the spec and the existing-system context";
    Defer => "defer", "Defer the selected ambiguity, with a reason";
    Dismiss => "dismiss", "Mark the selected ambiguity as not an issue";
    Reopen => "reopen", "Reopen the selected ambiguity";
    FinishEditing => "finish_editing", "Stop editing; the change becomes one undoable edit";
    Search => "search", "Search the text (a regular expression)";
    SearchNext => "search_next", "Go to the next match of the last search";
    SearchPrev => "search_prev", "Go to the previous match of the last search";
    Submit => "submit", "Apply what was typed";
    Complete => "complete", "Complete the path being typed (Tab again lists the choices)";
    NextField => "next_field", "Go to the next field";
    PrevField => "prev_field", "Go to the previous field";
    Toggle => "toggle", "Tick or untick the highlighted row (a dependency, a proposed change)";
    CycleKind => "cycle_kind", "Change the dependency's kind (schema, interface, infrastructure, other)";
    Confirm => "confirm", "Yes, do it";
    AcceptAll => "accept_all", "Accept every proposed change";
    AcceptSelected => "accept_selected", "Accept the ticked changes";
    Reject => "reject", "Reject the proposal; the plan stays as it is (asks first while changes are ticked)";
    DetailDown => "detail_down", "Scroll the selected change's detail down";
    DetailUp => "detail_up", "Scroll the selected change's detail up";
    GoToTask => "go_to_task", "Go to the task the finding is about";
    ApplyFix => "apply_fix", "Apply the finding's suggested fix (one undoable edit)";
    MarkBase => "mark_base", "Mark the selected version as the base to compare against";
    ShowDiff => "show_diff", "Show what changed from the marked (or previous) version to the selected one";
    GoToLink => "go_to_link", "Go to the task or requirement the row is about";
    RerunReadings => "rerun_readings", "Ask the model again for its readings of completeness and integration";
    OpenSession => "open_session", "Open the selected session";
    NewSession => "new_session", "Start a new session";
    RenameSession => "rename_session", "Rename the selected session";
    DeleteSession => "delete_session", "Move the selected session to the trash (asks first)";
    ShowTrash => "show_trash", "Show the deleted sessions (the trash), or the sessions again";
    RestoreSession => "restore_session", "Restore the selected session from the trash";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(*c));
            assert!(seen.insert(c.name()), "duplicate name {}", c.name());
            assert!(!c.description().is_empty());
        }
        assert_eq!(Command::from_name("delet_task"), None);
    }
}
