use std::io::IsTerminal;
use std::process::ExitCode;

// The audit makes many small allocations (paths, diffs, reports); mimalloc
// serves them faster than the system allocator. Its v2 line (Cargo.toml):
// on benches/audit.sh and benches/check.sh it took less time and memory
// than v3.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match teamlint::Cli::try_parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses 0 for --help/--version and 2 for usage errors, as we do.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Ok(exe) = std::env::current_exe() {
        teamlint::history::worker::set_worker_exe(exe);
    }
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut io = teamlint::Io {
        out_is_terminal: stdout.is_terminal(),
        err_is_terminal: stderr.is_terminal(),
        out: &mut stdout.lock(),
        err: &mut stderr.lock(),
    };
    ExitCode::from(teamlint::run(cli, &mut io))
}
