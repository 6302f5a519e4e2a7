//! Facts about processes that locks and the temp-file sweep rely on: who we
//! are, and whether the process that wrote a lock or temp file still runs.

/// Who holds a lock: enough to tell a running holder from a dead one, even
/// when the pid has since been given to another process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Holder {
    pub pid: u32,
    pub host: String,
    /// Linux: `/proc/sys/kernel/random/boot_id`, so a lock from before a reboot is never live.
    pub boot: Option<String>,
    /// Linux: start time in clock ticks after boot, so a reused pid is not mistaken for the holder.
    pub started: Option<u64>,
}

impl Holder {
    pub fn me() -> Holder {
        let pid = std::process::id();
        Holder {
            pid,
            host: hostname(),
            boot: boot_id(),
            started: start_time(pid),
        }
    }

    /// `pid=...` lines, one fact a line.
    pub fn to_text(&self) -> String {
        let mut s = format!("pid={}\nhost={}\n", self.pid, self.host);
        if let Some(boot) = &self.boot {
            s.push_str(&format!("boot={boot}\n"));
        }
        if let Some(started) = self.started {
            s.push_str(&format!("started={started}\n"));
        }
        s
    }

    /// `None` when the text has no valid `pid=` line.
    pub fn from_text(text: &str) -> Option<Holder> {
        let mut h = Holder {
            pid: 0,
            host: String::new(),
            boot: None,
            started: None,
        };
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => h.pid = v.trim().parse().ok()?,
                Some(("host", v)) => h.host = v.trim().to_string(),
                Some(("boot", v)) => h.boot = Some(v.trim().to_string()),
                Some(("started", v)) => h.started = v.trim().parse().ok(),
                _ => {}
            }
        }
        (h.pid != 0).then_some(h)
    }

    /// Whether the holder may still be running. A holder on another host
    /// cannot be checked and counts as running.
    pub fn may_be_running(&self) -> bool {
        let me = Holder::me();
        if self.host != me.host {
            return true;
        }
        if let (Some(theirs), Some(ours)) = (&self.boot, &me.boot)
            && theirs != ours
        {
            return false;
        }
        if self.pid == me.pid {
            return true;
        }
        if !is_alive(self.pid) {
            return false;
        }
        match (self.started, start_time(self.pid)) {
            (Some(then), Some(now)) => then == now,
            _ => true,
        }
    }
}

/// Whether a process with this pid exists: `kill(pid, 0)` fails with ESRCH
/// only when there is none (EPERM means it exists but is someone else's).
#[cfg(unix)]
pub(crate) fn is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        // 0 and negative values address process groups, not a process.
        return false;
    }
    // SAFETY: signal 0 sends nothing; it only checks that the pid exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Without `kill(2)` we cannot tell, so every process counts as alive: locks
/// are then never taken over automatically and temp files never swept.
#[cfg(not(unix))]
pub(crate) fn is_alive(_pid: u32) -> bool {
    true
}

#[cfg(target_os = "linux")]
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses; the fields
    // after its closing parenthesis start at field 3, and field 22 is the start time.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(not(target_os = "linux"))]
fn start_time(_pid: u32) -> Option<u64> {
    None
}

#[cfg(target_os = "linux")]
fn boot_id() -> Option<String> {
    let id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    Some(id.trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(not(target_os = "linux"))]
fn boot_id() -> Option<String> {
    None
}

#[cfg(unix)]
fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its whole length; gethostname writes at most that much.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if r != 0 {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).replace(['\n', '='], "_")
}

#[cfg(not(unix))]
fn hostname() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_round_trips_through_text() {
        let me = Holder::me();
        assert_eq!(Holder::from_text(&me.to_text()), Some(me));
        assert_eq!(Holder::from_text(""), None);
        assert_eq!(Holder::from_text("pid=abc\n"), None);
    }

    #[test]
    fn we_are_running_and_a_reaped_child_is_not() {
        assert!(Holder::me().may_be_running());
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("spawn `true`");
        let pid = child.id();
        child.wait().expect("wait for `true`");
        let gone = Holder {
            pid,
            ..Holder::me()
        };
        // The pid could be reused at once in theory; the start time still differs.
        assert!(!gone.may_be_running());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_reused_pid_or_another_boot_is_not_the_holder() {
        let me = Holder::me();
        let reused = Holder {
            started: me.started.map(|s| s + 1),
            ..me.clone()
        };
        let pid1 = Holder {
            pid: 1,
            ..me.clone()
        };
        assert!(
            !Holder {
                boot: Some("another-boot".into()),
                ..pid1.clone()
            }
            .may_be_running()
        );
        assert!(
            !Holder {
                started: Some(u64::MAX),
                ..pid1
            }
            .may_be_running()
        );
        // Our own pid always counts as running, whatever the record says.
        assert!(reused.may_be_running());
    }
}
