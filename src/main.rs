//! The `teamlint` binary: parses the command line, runs the library, and
//! maps the outcome to an exit status. Process state (the environment, the
//! terminal, standard streams) is read here and handed to the library.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

// The audit makes many small allocations (paths, diffs, reports); mimalloc
// serves them faster than the system allocator. Its v2 line (Cargo.toml):
// on benches/audit.sh and benches/check.sh it took less time and memory
// than v3.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

static INTERRUPT: teamlint_git::history::Interrupt = teamlint_git::history::Interrupt::new();

fn main() -> ExitCode {
    let (command, mut global) = match cli::parse(std::env::args_os()) {
        Ok(cli::Parsed::Run(run)) => *run,
        Ok(cli::Parsed::Print(text)) => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            return match out.write_all(&text).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "teamlint: standard output: {e}");
                    ExitCode::from(2)
                }
            };
        }
        Err(e) => {
            let _ = e.print();
            // clap uses 0 for --help/--version and 2 for usage errors, as we do.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // The history scan's libgit2 settings (see `teamlint_git::history`).
    teamlint_git::history::configure_process();
    // Ctrl-C: a history scan stops and keeps what it diffed; anything else
    // ends at once (see `teamlint_git::history::Interrupt`).
    let _ = ctrlc::set_handler(|| {
        if !INTERRUPT.request() {
            std::process::exit(130);
        }
    });
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    global.interrupt = Some(&INTERRUPT);
    let bar = stderr.is_terminal().then(ProgressBar::new);
    let mut io = teamlint::Io {
        out_is_terminal: stdout.is_terminal(),
        err_is_terminal: stderr.is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        columns: std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()),
        progress: bar.as_ref().map(|b| b as &dyn teamlint::app::Progress),
        out_file: teamlint_core::fsutil::FileId::of(&stdout),
        err_file: teamlint_core::fsutil::FileId::of(&stderr),
        out: &mut stdout.lock(),
        err: &mut stderr.lock(),
        actions_token: (std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true"))
            .then(stop_token),
    };
    ExitCode::from(teamlint::run(&command, &global, &mut io))
}

/// A token for `::stop-commands::`, which text in the log cannot guess:
/// 128 bits from the standard library's per-process random hash keys.
fn stop_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut token = String::from("teamlint-");
    for i in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(i);
        h.write_u32(std::process::id());
        if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(t.as_nanos());
        }
        token.push_str(&format!("{:016x}", h.finish()));
    }
    token
}

/// The history scan's progress as a bar on standard error: commits per
/// second and the time left.
struct ProgressBar(indicatif::ProgressBar);

impl ProgressBar {
    fn new() -> ProgressBar {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading history {pos}/{len} commits ({per_sec}) {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        ProgressBar(bar)
    }
}

impl teamlint::app::Progress for ProgressBar {
    fn update(&self, done: u64, total: u64) {
        self.0.set_length(total);
        self.0.set_position(done);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
