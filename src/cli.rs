//! The command line: clap's definitions, turned into the library's
//! [`teamlint::app::Command`] and [`teamlint::app::Global`]. Only the binary
//! knows clap.

use std::path::PathBuf;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use teamlint::app;
use teamlint_core::finding::Severity;
use teamlint_report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "teamlint",
    version,
    about = "A git-native ownership linter: every path has one owning team, and teams can change their code without co-changing another team's.",
    after_help = "Exit status: 0 nothing at error severity, 1 findings at error severity, 2 usage, config, git or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Run in this repository (any directory inside it).
    #[arg(short = 'C', long = "repo", global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// The root ownership file (default: OWNERS.toml at the repository root).
    #[arg(short = 'c', long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY).
    #[arg(long, global = true, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// When to use colour (NO_COLOR is honoured).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Quiet: a check prints only its summary line; other commands, no
    /// messages.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Treat RULE as an error.
    #[arg(short = 'D', long = "deny", global = true, value_name = "RULE")]
    pub deny: Vec<String>,
    /// Treat RULE as a warning.
    #[arg(short = 'W', long = "warn", global = true, value_name = "RULE")]
    pub warn: Vec<String>,
    /// Turn RULE off.
    #[arg(short = 'A', long = "allow", global = true, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Exit 0 even when there are findings at error severity.
    #[arg(long, global = true)]
    pub exit_zero: bool,
    /// The baseline file (default: teamlint-baseline.json at the repository root).
    #[arg(long, global = true, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// What the command line asks for.
pub enum Parsed {
    /// A command for the library.
    Run(Box<(app::Command, app::Global)>),
    /// Text the command line itself makes (a man page, completions), for
    /// standard output.
    Print(Vec<u8>),
}

/// Parses a command line, keeping the order of the severity flags.
pub fn parse<I, T>(args: I) -> Result<Parsed, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    let g = cli.global;
    let global = app::Global {
        repo: g.repo,
        config: g.config,
        format: g.format.map(|f| f.0),
        output: g.output,
        summary: g.summary,
        color: match g.color {
            ColorChoice::Auto => app::ColorChoice::Auto,
            ColorChoice::Always => app::ColorChoice::Always,
            ColorChoice::Never => app::ColorChoice::Never,
        },
        quiet: g.quiet,
        exit_zero: g.exit_zero,
        baseline: g.baseline,
        levels: ordered_levels(&matches),
        threads: std::env::var("TEAMLINT_THREADS")
            .ok()
            .and_then(|t| t.parse().ok()),
        interrupt: None,
    };
    let command = match cli.command {
        Command::Init {
            from_codeowners,
            dialect,
            force,
            from_history,
            teams,
            owner,
        } => app::Command::Init {
            from_codeowners,
            dialect: dialect
                .as_deref()
                .and_then(teamlint_core::pattern::Dialect::parse),
            force,
            from_history,
            teams,
            owner,
        },
        Command::Suggest(s) => app::Command::Suggest(app::SuggestArgs {
            moves: s.moves,
            write: s.write,
            balance: s.balance,
            no_cache: s.no_cache,
        }),
        Command::Check {
            paths,
            staged,
            base,
            head,
            all,
        } => app::Command::Check {
            paths: names(&paths),
            staged,
            base,
            head,
            all,
        },
        Command::Explain { paths } => app::Command::Explain {
            paths: names(&paths),
        },
        Command::Ls { team, unowned } => app::Command::Ls { team, unowned },
        Command::Audit(a) => app::Command::Audit(app::AuditArgs {
            since: a.since,
            until: a.until,
            by: a.by.map(|p| match p {
                Period::Month => app::Period::Month,
                Period::Quarter => app::Period::Quarter,
            }),
            no_cache: a.no_cache,
            compare: a.compare,
            no_lead_time: a.no_lead_time,
        }),
        Command::Codeowners { check, write, path } => {
            app::Command::Codeowners { check, write, path }
        }
        Command::Baseline { write } => app::Command::Baseline { write },
        Command::Hook {
            action: HookAction::Install { force },
        } => app::Command::Hook {
            action: app::HookAction::Install { force },
        },
        Command::Rules { name } => app::Command::Rules { name },
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "teamlint", &mut out);
            return Ok(Parsed::Print(out));
        }
        Command::Man { command } => return man(command.as_deref()).map(Parsed::Print),
    };
    Ok(Parsed::Run(Box::new((command, global))))
}

/// The man page of `teamlint` (no command) or of `teamlint COMMAND`
/// (`teamlint-COMMAND(1)`), from the same definitions as `--help`.
fn man(command: Option<&str>) -> Result<Vec<u8>, clap::Error> {
    let mut cli = Cli::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let mut cli = Cli::command();
                return Err(cli.error(
                    clap::error::ErrorKind::InvalidValue,
                    format!("no command `{name}`: `teamlint --help` lists them"),
                ));
            };
            let sub = sub.clone();
            let full = format!("teamlint-{}", sub.get_name());
            sub.name(full.clone())
                .bin_name(full)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| clap::Error::raw(clap::error::ErrorKind::Io, e))?;
    Ok(out)
}

/// The severity flags of every subcommand level, ordered by position.
fn ordered_levels(matches: &ArgMatches) -> Vec<(String, Severity)> {
    let mut found: Vec<(usize, String, Severity)> = Vec::new();
    let mut m = Some(matches);
    while let Some(level) = m {
        for (id, sev) in [
            ("deny", Severity::Error),
            ("warn", Severity::Warning),
            ("allow", Severity::Allow),
        ] {
            if let (Some(values), Some(indices)) =
                (level.get_many::<String>(id), level.indices_of(id))
            {
                for (v, i) in values.zip(indices) {
                    found.push((i, v.clone(), sev));
                }
            }
        }
        m = level.subcommand().map(|(_, sub)| sub);
    }
    found.sort_by_key(|(i, _, _)| *i);
    found.dedup_by(|a, b| a.0 == b.0);
    found.into_iter().map(|(_, v, s)| (v, s)).collect()
}

/// A report format, as `--format` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatArg(pub Format);

impl ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        // The report's own list, so a new format is a new `--format` value.
        const ALL: [FormatArg; Format::ALL.len()] = {
            let mut all = [FormatArg(Format::Human); Format::ALL.len()];
            let mut i = 0;
            while i < all.len() {
                all[i] = FormatArg(Format::ALL[i]);
                i += 1;
            }
            all
        };
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write OWNERS.toml (optionally a lossless import of a CODEOWNERS file).
    Init {
        /// Import this CODEOWNERS file.
        #[arg(long, value_name = "PATH")]
        from_codeowners: Option<PathBuf>,
        /// With --from-codeowners: read the file as GitHub or GitLab does
        /// (default: GitLab's for .gitlab/CODEOWNERS or a file with section
        /// headers, else GitHub's).
        #[arg(long, value_name = "DIALECT", requires = "from_codeowners", value_parser = ["github", "gitlab"])]
        dialect: Option<String>,
        /// Overwrite an existing OWNERS.toml; without --from-codeowners, write
        /// the starter even beside a CODEOWNERS file.
        #[arg(long)]
        force: bool,
        /// Draft the teams from history: balanced teams of directories that
        /// change together, each with its leader and members.
        #[arg(long, conflicts_with = "from_codeowners")]
        from_history: bool,
        /// With --from-history: how many teams (default: chosen and explained).
        #[arg(long, value_name = "K", requires = "from_history")]
        teams: Option<usize>,
        /// With --from-codeowners: the team that owns the map itself
        /// (OWNERS.toml, CODEOWNERS, the baseline); default: the team that
        /// owns CODEOWNERS today.
        #[arg(long, value_name = "TEAM", requires = "from_codeowners")]
        owner: Option<String>,
    },
    /// Check ownership (all tracked files, or a change with --staged / --base).
    Check {
        /// Only report findings about these files or directories (tracked,
        /// relative to the current directory); default: every file.
        #[arg(value_name = "PATH")]
        paths: Vec<std::ffi::OsString>,
        /// Check the staged change (for a pre-commit hook): the change
        /// rules, and the ownership findings the commit would bring in.
        #[arg(long, conflicts_with_all = ["base", "head"])]
        staged: bool,
        /// Check the change from the merge base of REV and --head (a pull
        /// request): the change rules, and the ownership findings it brings in.
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// The head of the change (default: HEAD).
        #[arg(long, value_name = "REV", requires = "base")]
        head: Option<String>,
        /// With --staged or --base: report every ownership finding at the
        /// head, not only those the change brings in.
        #[arg(long)]
        all: bool,
    },
    /// Who owns a path, and why.
    Explain {
        /// Files or directories, tracked or not yet created (relative to
        /// the current directory).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<std::ffi::OsString>,
    },
    /// Every tracked file with its owner (`path<TAB>team`).
    Ls {
        /// Only files of this team.
        #[arg(long, value_name = "TEAM")]
        team: Option<String>,
        /// Only files without an owner.
        #[arg(long)]
        unowned: bool,
    },
    /// Mine history for coupling between files and teams.
    Audit(AuditArgs),
    /// Propose the ownership moves that raise separability most.
    Suggest(SuggestArgs),
    /// Export or check a GitHub CODEOWNERS file.
    Codeowners {
        /// Fail if the CODEOWNERS file differs from OWNERS.toml.
        #[arg(long, conflicts_with = "write")]
        check: bool,
        /// Write the CODEOWNERS file.
        #[arg(long)]
        write: bool,
        /// Where the CODEOWNERS file lives (default: the one GitHub reads:
        /// .github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS, else
        /// .github/CODEOWNERS).
        #[arg(long, value_name = "PATH")]
        path: Option<PathBuf>,
    },
    /// Record today's findings; later checks report only new ones.
    Baseline {
        /// Write the baseline file (otherwise show what it would hold).
        #[arg(long)]
        write: bool,
    },
    /// Git hooks.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Every rule, or one rule's documentation.
    Rules {
        /// A rule's name (e.g. `dead-pattern`); default: list every rule.
        #[arg(value_name = "NAME")]
        name: Option<String>,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page of teamlint, or of one command (`teamlint-COMMAND(1)`).
    Man {
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Install a pre-commit hook that runs `teamlint check --staged`.
    Install {
        /// Replace an existing pre-commit hook that teamlint did not write.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args, Clone, Default)]
pub struct AuditArgs {
    /// Start of the window: a date (2025-01-01) or a period ("12 months");
    /// default: `[coupling] since`, else the whole history.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// End of the window: a date or a period before now; default: now.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Repeat the metrics per period.
    #[arg(long, value_enum)]
    pub by: Option<Period>,
    /// Neither read nor write the history cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Audit the same history under a second ownership map.
    #[arg(long, value_name = "OTHER.toml")]
    pub compare: Option<PathBuf>,
    /// Leave out the time to value (the lead time of landed changes).
    #[arg(long)]
    pub no_lead_time: bool,
}

#[derive(Debug, Args, Clone)]
pub struct SuggestArgs {
    /// How many moves to propose, in the order to apply them.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub moves: usize,
    /// Write the map with the moves applied (each one commented) to FILE.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// Keep each team's change volume between today's divided by B and
    /// multiplied by B.
    #[arg(long, default_value_t = 2.0, value_name = "B")]
    pub balance: f64,
    /// Neither read nor write the history cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Period {
    Month,
    Quarter,
}

/// Path arguments as names: one that is not UTF-8 keeps its bytes (see
/// `teamlint_core::pathname`).
fn names(paths: &[std::ffi::OsString]) -> Vec<String> {
    paths
        .iter()
        .map(|p| teamlint_core::pathname::from_path(std::path::Path::new(p)).into_owned())
        .collect()
}
