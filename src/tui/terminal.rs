//! The real terminal: a guard that switches to raw mode and the alternate
//! screen and switches back when dropped, a panic hook that restores the
//! terminal before the panic message is printed, and the check that there is
//! a terminal at all.
use std::io::{self, IsTerminal, Stdout};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::sync::Once;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The exit code when there is no terminal to draw on.
pub const EXIT_NOT_A_TERMINAL: i32 = 2;

/// What `planner-tui` says when run in a pipe or CI.
pub const NOT_A_TERMINAL: &str = "planner-tui: not a terminal. The interactive app needs stdin and stdout to be a terminal; in scripts and CI use the headless commands (planner-tui --help lists them).";

/// Both stdin and stdout are terminals.
pub fn is_terminal() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

pub type CrosstermTerminal = Terminal<CrosstermBackend<Stdout>>;

/// The terminal in raw mode on the alternate screen, with mouse and paste
/// reporting; restored when dropped.
pub struct TerminalGuard {
    /// Never dropped: ratatui's drop writes to stderr, and panics, when the
    /// terminal has gone away (a hangup).
    terminal: ManuallyDrop<CrosstermTerminal>,
}

/// Take over the terminal (and the mouse, when `mouse`). On failure it is
/// restored before returning.
pub fn init(mouse: bool) -> io::Result<TerminalGuard> {
    install_panic_hook();
    enable_raw_mode()?;
    let setup = execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)
        .and_then(|()| {
            if mouse {
                execute!(io::stdout(), EnableMouseCapture)
            } else {
                Ok(())
            }
        })
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
    match setup {
        Ok(terminal) => Ok(TerminalGuard {
            terminal: ManuallyDrop::new(terminal),
        }),
        Err(e) => {
            let _ = restore();
            Err(e)
        }
    }
}

/// Give the terminal back: cooked mode, main screen, cursor shown.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    let screen = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    raw.and(screen)
}

/// Restore the terminal first, then run the previous hook (which prints the
/// message), so a panic never leaves the terminal unusable. Installed once.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore();
            previous(info);
        }));
    });
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // `restore` shows the cursor, which is all ratatui's drop would do;
        // the terminal struct itself is left undropped (a few buffers, once
        // per run) so a dead terminal cannot make its drop panic.
        let _ = restore();
    }
}

impl Deref for TerminalGuard {
    type Target = CrosstermTerminal;
    fn deref(&self) -> &Self::Target {
        &self.terminal
    }
}

impl DerefMut for TerminalGuard {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.terminal
    }
}
