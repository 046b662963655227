//! What a run is asked to do: the command and the options every command
//! shares, as the binary's command line (or any other caller) gives them.
//!
//! What each option means is written once, where the flag is defined
//! (the binary's `cli.rs`, which `--help`, the man pages and the
//! reference's CLI section come from); a field here names its flag.

use std::path::PathBuf;

use teamlint_core::finding::Severity;
use teamlint_engine::files::Files;
use teamlint_engine::measure::Scanning;

/// The options every command shares.
#[derive(Debug, Clone, Default)]
pub struct Global {
    /// `-C, --repo`
    pub repo: Option<PathBuf>,
    /// `-c, --config`
    pub config: Option<PathBuf>,
    /// `--format`
    pub format: Option<Format>,
    /// `--output`
    pub output: Option<PathBuf>,
    /// `--summary`
    pub summary: Option<PathBuf>,
    /// `--color`
    pub color: ColorChoice,
    /// `-q, --quiet`
    pub quiet: bool,
    /// `--exit-zero`
    pub exit_zero: bool,
    /// `--baseline`
    pub baseline: Option<PathBuf>,
    /// Severity overrides (`-D/-W/-A RULE`, `all` for every rule) in the
    /// order given: a later one overrides an earlier one for the rules
    /// both name (`-D all -A x`).
    pub levels: Vec<(String, Severity)>,
    /// Threads for the history scan (default: what the machine has).
    pub threads: Option<usize>,
    /// Where Ctrl-C asks a history scan to stop and keep its work.
    pub interrupt: Option<&'static teamlint_git::history::Interrupt>,
}

impl Global {
    /// How a history scan runs under these flags.
    pub fn scanning(&self, no_cache: bool) -> Scanning {
        Scanning {
            use_cache: !no_cache,
            threads: self.threads.unwrap_or(0),
            interrupt: self.interrupt,
        }
    }

    /// The map and baseline files the flags point at.
    pub fn files(&self) -> Files {
        Files {
            config: self.config.clone(),
            baseline: self.baseline.clone(),
        }
    }
}

pub use teamlint_report::Format;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// A command and its own arguments.
#[derive(Debug)]
pub enum Command {
    /// `teamlint init`
    Init {
        /// `--from-codeowners`
        from_codeowners: Option<PathBuf>,
        /// `--dialect`
        dialect: Option<teamlint_core::pattern::Dialect>,
        /// `--force`
        force: bool,
        /// `--from-history`
        from_history: bool,
        /// `--teams`
        teams: Option<usize>,
        /// `--owner`
        owner: Option<String>,
    },
    /// `teamlint check`
    Check {
        /// The `PATH` arguments.
        paths: Vec<String>,
        /// `--staged`
        staged: bool,
        /// `--base`
        base: Option<String>,
        /// `--head`
        head: Option<String>,
        /// `--all`
        all: bool,
    },
    /// `teamlint explain`
    Explain {
        /// The `PATH` arguments.
        paths: Vec<String>,
    },
    /// `teamlint ls`
    Ls {
        /// `--team`
        team: Option<String>,
        /// `--unowned`
        unowned: bool,
    },
    /// `teamlint audit`
    Audit(AuditArgs),
    /// `teamlint suggest`
    Suggest(SuggestArgs),
    /// `teamlint codeowners`
    Codeowners {
        /// `--check`
        check: bool,
        /// `--write`
        write: bool,
        /// `--path`
        path: Option<PathBuf>,
    },
    /// `teamlint baseline`
    Baseline {
        /// `--write`
        write: bool,
    },
    /// `teamlint hook`
    Hook { action: HookAction },
    /// `teamlint rules`
    Rules {
        /// The `NAME` argument.
        name: Option<String>,
    },
}

#[derive(Debug)]
pub enum HookAction {
    /// `teamlint hook install`
    Install {
        /// `--force`
        force: bool,
    },
}

#[derive(Debug, Clone, Default)]
pub struct AuditArgs {
    /// `--since`
    pub since: Option<String>,
    /// `--until`
    pub until: Option<String>,
    /// `--by`
    pub by: Option<Period>,
    /// `--no-cache`
    pub no_cache: bool,
    /// `--compare`
    pub compare: Option<PathBuf>,
    /// `--no-lead-time`
    pub no_lead_time: bool,
}

/// `suggest`'s own arguments.
#[derive(Debug, Clone)]
pub struct SuggestArgs {
    /// `--moves`
    pub moves: usize,
    /// `--write`
    pub write: Option<PathBuf>,
    /// `--balance`
    pub balance: f64,
    /// `--no-cache`
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
}
