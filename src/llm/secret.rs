//! API keys: read from the variable the config names or from `api_key_cmd`
//! (run once, cached in memory), held as `SecretString`, and scrubbed from
//! any server text we pass on.
use std::process::Stdio;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::OnceCell;

use super::error::LlmError;

const KEY_COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// Server texts shown to the user are cut to this many characters.
pub const SHOWN_TEXT_CHARS: usize = 400;

/// Where one provider's key comes from. Cloning shares nothing: each
/// `Provider` owns one `KeySource` behind its `Arc`.
#[derive(Debug)]
pub struct KeySource {
    provider: String,
    env: Option<String>,
    command: Option<String>,
    from_command: OnceCell<SecretString>,
}

impl KeySource {
    pub fn new(provider: &str, env: Option<String>, command: Option<String>) -> Self {
        KeySource {
            provider: provider.to_string(),
            env,
            command,
            from_command: OnceCell::new(),
        }
    }

    /// The name of the variable that should hold the key, for hints.
    pub fn env_name(&self) -> Option<&str> {
        self.env.as_deref()
    }

    /// Where the key in use comes from, for "check that ..." hints.
    pub fn origin(&self) -> Option<String> {
        let var_set = self
            .env
            .as_deref()
            .is_some_and(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
        match (&self.env, &self.command) {
            (Some(var), _) if var_set || self.command.is_none() => Some(format!("{var} holds")),
            (_, Some(_)) => Some("the command in api_key_cmd prints".to_string()),
            _ => None,
        }
    }

    /// The key, or `None` when the provider needs none. The variable wins
    /// when it is set; otherwise the command runs (once per process).
    pub async fn key(&self) -> Result<Option<SecretString>, LlmError> {
        if let Some(var) = &self.env {
            match std::env::var(var) {
                Ok(value) if !value.trim().is_empty() => {
                    return Ok(Some(SecretString::from(value.trim().to_string())));
                }
                _ if self.command.is_none() => {
                    return Err(LlmError::MissingKey {
                        provider: self.provider.clone(),
                        var: var.clone(),
                    });
                }
                _ => {}
            }
        }
        let Some(command) = &self.command else {
            return Ok(None);
        };
        let key = self
            .from_command
            .get_or_try_init(|| run_key_command(&self.provider, command))
            .await?;
        Ok(Some(key.clone()))
    }
}

async fn run_key_command(provider: &str, command: &str) -> Result<SecretString, LlmError> {
    let fail = |reason: String| LlmError::KeyCommand {
        provider: provider.to_string(),
        command: command.to_string(),
        reason,
    };
    let mut cmd = shell(command);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let output = tokio::time::timeout(KEY_COMMAND_TIMEOUT, cmd.output())
        .await
        .map_err(|_| {
            fail(format!(
                "it did not finish within {} s",
                KEY_COMMAND_TIMEOUT.as_secs()
            ))
        })?
        .map_err(|e| fail(format!("it could not be started: {e}")))?;
    let stdout = String::from_utf8(output.stdout)
        .map_err(|_| fail("its output is not UTF-8".to_string()))?;
    let key = SecretString::from(stdout.trim().to_string());
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(fail(format!(
            "{}: {}",
            output.status,
            clean_server_text(&stderr, Some(&key))
        )));
    }
    if key.expose_secret().is_empty() {
        return Err(fail("it printed nothing".to_string()));
    }
    Ok(key)
}

#[cfg(unix)]
fn shell(command: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new("sh");
    cmd.arg("-c").arg(command);
    cmd
}

#[cfg(not(unix))]
fn shell(command: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new("cmd");
    cmd.arg("/C").arg(command);
    cmd
}

/// Makes text from a server (or a command) safe to show: the key replaced,
/// terminal escape sequences and control characters removed, whitespace
/// collapsed, cut to `SHOWN_TEXT_CHARS` characters.
pub fn clean_server_text(text: &str, key: Option<&SecretString>) -> String {
    let mut text = text.to_string();
    if let Some(key) = key.map(|k| k.expose_secret()).filter(|k| !k.is_empty()) {
        text = text.replace(key, "[redacted]");
    }
    let mut out = String::with_capacity(text.len().min(SHOWN_TEXT_CHARS * 4));
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape(&mut chars);
            continue;
        }
        if c.is_whitespace() || c.is_control() || is_invisible_format(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    cut(&out, SHOWN_TEXT_CHARS)
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.peek() == Some(&'\\')) {
                    if c == '\u{1b}' {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_loses_the_key_escapes_and_control_characters() {
        let key = SecretString::from("sk-test-123456");
        let text =
            "bad key sk-test-123456\n\t\u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7}ok\u{0}\u{202e}x";
        assert_eq!(
            clean_server_text(text, Some(&key)),
            "bad key [redacted] red ok x"
        );
    }

    #[test]
    fn long_server_text_is_cut_on_a_character_boundary() {
        let text = "é".repeat(1000);
        let shown = clean_server_text(&text, None);
        assert_eq!(shown.chars().count(), SHOWN_TEXT_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[tokio::test]
    async fn the_key_comes_from_the_variable_or_the_command_or_is_missing() {
        let var = "PLANNER_TUI_SECRET_TEST_UNSET_VAR";
        let missing = KeySource::new("p", Some(var.into()), None).key().await;
        assert!(
            matches!(missing, Err(LlmError::MissingKey { ref var, .. }) if var == "PLANNER_TUI_SECRET_TEST_UNSET_VAR")
        );
        let none = KeySource::new("p", None, None).key().await;
        assert!(matches!(none, Ok(None)));
        #[cfg(unix)]
        {
            let source = KeySource::new("p", Some(var.into()), Some("echo '  from-cmd  '".into()));
            let key = source
                .key()
                .await
                .ok()
                .flatten()
                .map(|k| k.expose_secret().to_string());
            assert_eq!(key.as_deref(), Some("from-cmd"));
            let failing = KeySource::new("p", None, Some("echo oops >&2; exit 3".into()))
                .key()
                .await;
            let text = failing.map(|_| ()).unwrap_err().to_string();
            assert!(
                text.contains("exit status: 3") && text.contains("oops"),
                "{text}"
            );
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_key_command_runs_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let counter = dir.path().join("runs");
        let command = format!("echo run >> '{}'; echo key", counter.display());
        let source = KeySource::new("p", None, Some(command));
        for _ in 0..3 {
            assert!(source.key().await.is_ok());
        }
        let runs = std::fs::read_to_string(&counter).expect("counter file");
        assert_eq!(runs.lines().count(), 1);
    }
}
