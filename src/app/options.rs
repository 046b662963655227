//! What a run is asked to do: the command and the options every command
//! shares, as the binary's command line (or any other caller) gives them.

use std::path::PathBuf;

use teamlint_core::finding::Severity;

/// The options every command shares.
#[derive(Debug, Clone, Default)]
pub struct Global {
    /// Run in this repository (any directory inside it).
    pub repo: Option<PathBuf>,
    /// The root ownership file (default: OWNERS.toml at the repository root).
    pub config: Option<PathBuf>,
    /// Output format.
    pub format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    pub output: Option<PathBuf>,
    /// Also append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY).
    pub summary: Option<PathBuf>,
    /// When to use colour (NO_COLOR is honoured).
    pub color: ColorChoice,
    /// Quiet: a check prints only its summary line; other commands, no
    /// messages.
    pub quiet: bool,
    /// Exit 0 even when there are findings at error severity.
    pub exit_zero: bool,
    /// The baseline file (default: teamlint-baseline.json at the repository root).
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
    /// Write OWNERS.toml (optionally a lossless import of a CODEOWNERS file).
    Init {
        /// Import this CODEOWNERS file.
        from_codeowners: Option<PathBuf>,
        /// Read it in this dialect (default: detected).
        dialect: Option<teamlint_core::pattern::Dialect>,
        /// Overwrite an existing OWNERS.toml; without --from-codeowners, write
        /// the starter even beside a CODEOWNERS file.
        force: bool,
        /// Draft the teams from history: balanced teams of directories that
        /// change together, each with its leader and members.
        from_history: bool,
        /// With `from_history`: how many teams (default: chosen and explained).
        teams: Option<usize>,
        /// The team that owns the map itself (OWNERS.toml, CODEOWNERS, the
        /// baseline); default: the team that owns CODEOWNERS today.
        owner: Option<String>,
    },
    /// Check ownership (all tracked files, or a change with --staged / --base).
    Check {
        /// Only report findings about these files or directories (tracked,
        /// relative to the current directory); default: every file.
        paths: Vec<String>,
        /// Check the staged change (for a pre-commit hook): the change
        /// rules, and the ownership findings the commit would bring in.
        staged: bool,
        /// Check the change from the merge base of REV and --head (a pull
        /// request): the change rules, and the ownership findings it brings in.
        base: Option<String>,
        /// The head of the change (default: HEAD).
        head: Option<String>,
        /// With --staged or --base: report every ownership finding at the
        /// head, not only those the change brings in.
        all: bool,
    },
    /// Who owns a path, and why.
    Explain {
        /// Files or directories, tracked or not yet created (relative to
        /// the current directory).
        paths: Vec<String>,
    },
    /// Every tracked file with its owner (`path<TAB>team`).
    Ls {
        /// Only files of this team.
        team: Option<String>,
        /// Only files without an owner.
        unowned: bool,
    },
    /// Mine history for coupling between files and teams.
    Audit(AuditArgs),
    /// The ownership moves that raise separability most.
    Suggest(SuggestArgs),
    /// Export or check a GitHub CODEOWNERS file.
    Codeowners {
        /// Fail if the CODEOWNERS file differs from OWNERS.toml.
        check: bool,
        /// Write the CODEOWNERS file.
        write: bool,
        /// Where the CODEOWNERS file lives (default: the one GitHub reads:
        /// .github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS, else
        /// .github/CODEOWNERS).
        path: Option<PathBuf>,
    },
    /// Record today's findings; later checks report only new ones.
    Baseline {
        /// Write the baseline file (otherwise show what it would hold).
        write: bool,
    },
    /// Git hooks.
    Hook { action: HookAction },
    /// Every rule, or one rule's documentation.
    Rules {
        /// A rule's name (e.g. `dead-pattern`); default: list every rule.
        name: Option<String>,
    },
}

#[derive(Debug)]
pub enum HookAction {
    /// Install a pre-commit hook that runs `teamlint check --staged`.
    Install {
        /// Replace an existing pre-commit hook that teamlint did not write.
        force: bool,
    },
}

#[derive(Debug, Clone, Default)]
pub struct AuditArgs {
    /// Start of the window: a date (2025-01-01) or a period ("12 months");
    /// default: `[coupling] since`, else the whole history.
    pub since: Option<String>,
    /// End of the window: a date or a period before now; default: now.
    pub until: Option<String>,
    /// Repeat the metrics per period.
    pub by: Option<Period>,
    /// Neither read nor write the history cache.
    pub no_cache: bool,
    /// Audit the same history under a second ownership map.
    pub compare: Option<PathBuf>,
    /// Leave out the time to value (lead time of landed changes).
    pub no_lead_time: bool,
}

/// `suggest`'s own arguments.
#[derive(Debug, Clone)]
pub struct SuggestArgs {
    /// How many moves to propose, in the order to apply them.
    pub moves: usize,
    /// Write the map with the moves applied (each one commented) to FILE.
    pub write: Option<PathBuf>,
    /// Keep each team's change volume between today's divided by B and
    /// multiplied by B.
    pub balance: f64,
    /// Neither read nor write the history cache.
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
}
