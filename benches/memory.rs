//! Peak memory of `show` (read the session file, parse it, write the
//! summary) and of `new` (read a spec, read its requirements, save the
//! session), against the size of what they read. The heap is counted by a
//! global allocator that keeps the high-water mark, so the figures do not
//! depend on the machine; the target is memory proportional to the input,
//! a small multiple of the file.
//!
//! Run: `cargo bench --bench memory`. It prints one line per case: the
//! input, the file read, the peak heap above what was in use before, and
//! that peak as a multiple of the file.
//!
//! The whole process, as a user sees it (resident set, not just the heap),
//! is measured on the release binary with GNU time:
//!
//! ```sh
//! cargo build --release --example gen_session
//! target/release/examples/gen_session 200000 /tmp/s200k.toml
//! /usr/bin/time -v target/release/planner-tui show /tmp/s200k.toml > /dev/null
//! # "Maximum resident set size (kbytes)"
//! ```
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use planner_tui::cli::show::write_summary;
use planner_tui::input::{self, Limit, MAX_SPEC_BYTES};
use planner_tui::plan::generate::{GenOptions, generate};
use planner_tui::plan::{Edit, Session, Timestamp, apply};
use planner_tui::store;

/// The system allocator, counting the bytes in use and their high-water mark.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only the
// counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `layout`.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as the caller promised for `ptr` and `layout`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Run `f`; the peak heap it used above what was in use when it started.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - base)
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn report(case: &str, file: usize, peak: usize) {
    println!(
        "{case:<44} file {:>10}  peak heap {:>10}  = {:>4.1} x the file",
        mib(file),
        mib(peak),
        peak as f64 / file.max(1) as f64
    );
}

fn show(path: &Path) -> usize {
    let (_, peak) = peak_of(|| {
        let session = store::load(path).expect("load");
        write_summary(&mut std::io::sink(), &session, path).expect("write");
    });
    peak
}

/// A spec of `bytes` made of numbered requirement lines: the densest kind
/// (every line becomes a requirement stored in the session).
fn dense_spec(bytes: usize) -> String {
    let mut text = String::from("# Big\n\n## Requirements\n\n");
    let mut i = 0;
    while text.len() < bytes - 200 {
        i += 1;
        text.push_str(&format!(
            "- FR-{i}: The service must deliver webhook event number {i} to every registered endpoint within five seconds.\n"
        ));
    }
    text
}

fn main() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    for tasks in [10_000, 50_000, 200_000] {
        let path = dir.path().join(format!("{tasks}.toml"));
        let (session, _) = generate(&GenOptions::new(tasks, tasks * 3));
        store::save(&path, &session).expect("save");
        drop(session);
        let file = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
        report(&format!("show, {tasks} tasks"), file, show(&path));
    }

    // The biggest spec `new` accepts, as dense as specs come.
    let spec_path = dir.path().join("spec.md");
    std::fs::write(&spec_path, dense_spec(MAX_SPEC_BYTES as usize)).expect("spec");
    let session_path = dir.path().join("from-spec.toml");
    let (requirements, peak) = peak_of(|| {
        let bytes = input::read(&spec_path, Limit::spec("spec file")).expect("read");
        let text = String::from_utf8(bytes).expect("utf-8");
        let mut s = Session::new("big", "Big", Timestamp(0));
        apply(&mut s, Edit::SetSpecText { text }).expect("spec");
        store::create(&session_path, &s).expect("save");
        s.spec.requirements.len()
    });
    let spec = std::fs::metadata(&spec_path).map_or(0, |m| m.len() as usize);
    report(
        &format!("new, 8 MiB spec ({requirements} requirements)"),
        spec,
        peak,
    );
    let file = std::fs::metadata(&session_path).map_or(0, |m| m.len() as usize);
    report("show, the session of that spec", file, show(&session_path));
}
