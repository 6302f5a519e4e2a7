//! What the real-server tests share: finding the installed server programs
//! (or skipping, or failing under `PLANNER_REAL_SERVERS=1`), starting a
//! server on a free loopback port and waiting for its health endpoint,
//! killing it on drop, and running the planner-tui binary with a hard time
//! limit.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Set by `.ci/run`: a server program that is not installed is a failure.
pub const REQUIRED_VAR: &str = "PLANNER_REAL_SERVERS";

fn required() -> bool {
    std::env::var(REQUIRED_VAR).is_ok_and(|v| v == "1")
}

/// The file named by the environment variable `var`, if it exists. When it
/// does not: under `PLANNER_REAL_SERVERS=1` the test fails; otherwise the
/// reason is printed and `None` tells the test to skip.
pub fn installed(var: &str, what: &str) -> Option<PathBuf> {
    let problem = match std::env::var_os(var) {
        None => format!("${var} is not set"),
        Some(p) if Path::new(&p).is_file() => return Some(PathBuf::from(p)),
        Some(p) => format!(
            "${var} names {}, which does not exist",
            Path::new(&p).display()
        ),
    };
    if required() {
        panic!(
            "{what} is required ({REQUIRED_VAR}=1) but {problem}; run .ci/install-real-servers and source the env file it prints"
        );
    }
    eprintln!(
        "SKIPPED: {what} is not installed ({problem}). `.ci/install-real-servers` installs it; `.ci/run` runs this test against it."
    );
    None
}

/// A port on 127.0.0.1 that nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port on 127.0.0.1");
    listener.local_addr().expect("local address").port()
}

/// `GET path` on 127.0.0.1:port over plain HTTP/1.0: the status code and
/// body, or `None` when nothing answers.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream =
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

/// A server process this test started. Dropping it kills the process and
/// reaps it, so no server outlives its test, even when the test fails.
pub struct Server {
    pub name: String,
    pub port: u16,
    child: Child,
    log: PathBuf,
}

impl Server {
    /// Start `command` (its output goes to `log`) and wait until
    /// `GET health_path` answers 200, for at most `within`. Fails with the
    /// end of the server's log if it exits or does not become healthy.
    pub fn start(
        name: &str,
        mut command: Command,
        port: u16,
        health_path: &str,
        log: &Path,
        within: Duration,
    ) -> Server {
        let out = std::fs::File::create(log).expect("create the server log");
        let err = out.try_clone().expect("clone the server log handle");
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let mut server = Server {
            name: name.to_string(),
            port,
            child,
            log: log.to_path_buf(),
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "{name} exited ({status}) before it answered {health_path}; its log ends:\n{}",
                    server.log_tail()
                );
            }
            if let Some((200, _)) = http_get(port, health_path) {
                eprintln!(
                    "{name} is up on 127.0.0.1:{port} after {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                return server;
            }
            if started.elapsed() > within {
                panic!(
                    "{name} did not answer 200 on {health_path} within {} s; its log ends:\n{}",
                    within.as_secs(),
                    server.log_tail()
                );
            }
            // Polling the health endpoint: the server gives no other signal.
            thread::sleep(Duration::from_millis(250));
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The last 40 lines the server wrote.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Everything the server wrote so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a bounded command ended.
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Finished {
    /// The exit code; a process ended by a signal fails the test here.
    pub fn code(&self, what: &str) -> i32 {
        self.status.code().unwrap_or_else(|| {
            panic!(
                "{what} was ended by a signal ({}); stderr:\n{}",
                self.status, self.stderr
            )
        })
    }
}

/// Run `command` to its end, but for at most `limit`: past it the process is
/// killed and the test fails with `what`, the limit and what it printed.
pub fn run_bounded(what: &str, mut command: Command, limit: Duration) -> Finished {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let status = loop {
        match child.try_wait().expect("wait for the child") {
            Some(status) => break status,
            None if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                let err = stderr.join().unwrap_or_default();
                panic!(
                    "{what} did not finish within {} s and was killed; its stderr so far:\n{err}",
                    limit.as_secs()
                );
            }
            None => thread::sleep(Duration::from_millis(50)),
        }
    };
    Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// `tokens: N prompt, M completion` lines on a command's stderr, summed.
pub fn tokens_reported(stderr: &str) -> (u64, u64) {
    let mut total = (0, 0);
    for line in stderr.lines() {
        let Some(rest) = line.trim().strip_prefix("tokens: ") else {
            continue;
        };
        // `700 prompt, 90 completion`, or with an estimate first:
        // `est 2,556 / used 2,648 prompt, 354 completion`.
        let rest = rest.replace(',', "");
        let used = rest.split("used ").nth(1).unwrap_or(&rest);
        let numbers: Vec<u64> = used
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        if let [prompt, completion, ..] = numbers[..] {
            total.0 += prompt;
            total.1 += completion;
        }
    }
    total
}

/// The first `planner-tui: error:` line of a command's stderr.
pub fn error_line(stderr: &str) -> Option<&str> {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("planner-tui: error: "))
}
