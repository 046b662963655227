//! Commands: each reads what it needs, runs rules, and hands a report to
//! `report`. Nothing here prints directly; output goes through [`Io`].

mod audit;
mod baseline_cmd;
mod check;
mod codeowners_cmd;
mod draft;
mod explain;
mod findings;
mod hook;
mod identities;
mod init;
mod ls;
mod options;
mod paths;
mod rules_cmd;
mod suggest;
mod workspace;

use std::io::Write;

pub use options::{AuditArgs, ColorChoice, Command, Global, HookAction, Period, SuggestArgs};
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::{Finding, RuleId, Severity};
pub use teamlint_report::Format;
use teamlint_report::{Output, Style};

pub use workspace::Workspace;

/// Exit statuses, as documented in `--help`.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;
/// A scan stopped by Ctrl-C (128 + SIGINT), its work kept in the cache.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Where a run writes: the report stream and the log stream.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Is standard output a terminal? (colour, human paging)
    pub out_is_terminal: bool,
    /// Is standard error a terminal? (progress bars)
    pub err_is_terminal: bool,
    /// `NO_COLOR` is set: no colour unless asked for.
    pub no_color: bool,
    /// The terminal's width, when known (`COLUMNS`).
    pub columns: Option<usize>,
    /// Where long tasks report progress (a bar on a terminal); `None` when
    /// nobody watches.
    pub progress: Option<&'a dyn Progress>,
    /// The files behind `out` and `err`, when known: a report whose
    /// `--output` names one of them goes to that stream, because replacing
    /// the file would cut a `>>` log and opening it anew would write over
    /// its start.
    pub out_file: Option<teamlint_core::fsutil::FileId>,
    pub err_file: Option<teamlint_core::fsutil::FileId>,
    /// In a GitHub Actions run, a random token: output that is not a
    /// workflow command of the `github` format is bracketed with
    /// `::stop-commands::TOKEN` (see `teamlint_report::guard`).
    pub actions_token: Option<String>,
}

/// Progress of a long task (the history scan), shown by the caller.
pub trait Progress: Sync {
    /// `done` of `total` units so far.
    fn update(&self, done: u64, total: u64);
    /// The task is over: take the display away.
    fn finish(&self);
}

/// Runs a command and returns the exit status. Everything it writes to
/// `io.out` and `io.err` goes through a [`teamlint_report::guard::LineGuard`]: no
/// line of it can be a CI workflow command unless the `github` format
/// wrote it.
pub fn run(command: &Command, global: &Global, io: &mut Io<'_>) -> u8 {
    let bracket = teamlint_report::guard::Bracket::new(io.actions_token.clone());
    // A document for a program (JSON, SARIF, CSV, HTML) is neutralised but
    // not bracketed: a `::stop-commands::` line would break its reader.
    let unbracketed = teamlint_report::guard::Bracket::new(None);
    let (mut out, mut err) = (
        match global.format {
            // The github format writes only commands, wherever its report
            // goes (`--output /dev/stdout` too).
            Some(Format::Github) => {
                teamlint_report::guard::LineGuard::commands(&mut *io.out, &bracket)
            }
            Some(Format::Json | Format::Sarif | Format::Gitlab) => {
                teamlint_report::guard::LineGuard::json(&mut *io.out, &unbracketed)
            }
            Some(Format::Csv | Format::Html) => {
                teamlint_report::guard::LineGuard::new(&mut *io.out, &unbracketed)
            }
            Some(Format::Human | Format::Markdown) | None => {
                teamlint_report::guard::LineGuard::new(&mut *io.out, &bracket)
            }
        },
        teamlint_report::guard::LineGuard::new(&mut *io.err, &bracket),
    );
    let mut guarded = Io {
        out: &mut out,
        err: &mut err,
        out_is_terminal: io.out_is_terminal,
        err_is_terminal: io.err_is_terminal,
        no_color: io.no_color,
        columns: io.columns,
        progress: io.progress,
        out_file: io.out_file,
        err_file: io.err_file,
        actions_token: None,
    };
    let code = run_guarded(command, global, &mut guarded);
    // A closed pipe at the end changes nothing of the outcome.
    let _ = out.finish();
    let _ = err.finish();
    code
}

fn run_guarded(command: &Command, global: &Global, io: &mut Io<'_>) -> u8 {
    let style = style(global, io);
    match dispatch(command, global, io, &style) {
        Ok(code) => code,
        Err(Error::Config {
            mut findings,
            sources,
        }) => {
            teamlint_engine::tree::sort(&mut findings);
            // A command whose formats a check report lacks (an audit's html)
            // still shows why its config did not load.
            let format = global
                .format
                .filter(|f| Output::Check.formats().contains(f))
                .unwrap_or(Format::Human);
            let mut doc = teamlint_report::CheckReport::new(&findings, 0, &sources);
            doc.config_failed = true;
            let written = write_report_with(global, io, |w| {
                teamlint_report::write_check(format, &doc, &style, w)
            });
            if let Err(e) = written {
                teamlint_report::human::error(io.err, &e, &style);
            }
            EXIT_FAILURE
        }
        Err(e @ Error::Interrupted { .. }) => {
            teamlint_report::human::error(io.err, &e, &style);
            EXIT_INTERRUPTED
        }
        Err(e) => {
            teamlint_report::human::error(io.err, &e, &style);
            EXIT_FAILURE
        }
    }
}

/// What a command renders, so that it can refuse a format it has no
/// renderer for.
fn output_of(command: &Command) -> Output {
    match command {
        Command::Check { .. } => Output::Check,
        Command::Codeowners { check: true, .. } => Output::Check,
        Command::Audit(_) => Output::Audit,
        Command::Suggest(_) => Output::Suggest,
        Command::Explain { .. } | Command::Ls { .. } => Output::Paths,
        Command::Rules { .. } => Output::Rules,
        Command::Init { .. }
        | Command::Hook { .. }
        | Command::Baseline { .. }
        | Command::Codeowners { .. } => Output::Fixed,
    }
}

/// A `--format` the command cannot render is a usage error naming the ones
/// it can.
fn check_format(command: &Command, format: Option<Format>) -> Result<()> {
    let Some(format) = format else {
        return Ok(());
    };
    let formats = output_of(command).formats();
    if formats.contains(&format) {
        return Ok(());
    }
    let name = command_name(command);
    let help = if formats.is_empty() {
        format!("`{name}` has one output; drop --format")
    } else {
        let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        format!("`{name}` renders {}", names.join(", "))
    };
    Err(Error::usage(
        format!("`{name}` cannot render `--format {}`", format.name()),
        help,
    ))
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Init { .. } => "init",
        Command::Check { .. } => "check",
        Command::Explain { .. } => "explain",
        Command::Ls { .. } => "ls",
        Command::Audit(_) => "audit",
        Command::Suggest(_) => "suggest",
        Command::Codeowners { check: true, .. } => "codeowners --check",
        Command::Codeowners { .. } => "codeowners",
        Command::Baseline { .. } => "baseline",
        Command::Hook { .. } => "hook",
        Command::Rules { .. } => "rules",
    }
}

fn dispatch(command: &Command, g: &Global, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    check_format(command, g.format)?;
    // Only a report has a Markdown summary to append.
    if g.summary.is_some() && !matches!(output_of(command), Output::Check | Output::Audit) {
        return Err(Error::usage(
            format!("`{}` has no summary to write", command_name(command)),
            "--summary goes with check, audit and codeowners --check",
        ));
    }
    match command {
        Command::Rules { name } => rules_cmd::run(name.as_deref(), g, io, style),
        Command::Init {
            from_history: true,
            teams,
            force,
            ..
        } => draft::run(g, *teams, *force, io),
        Command::Init {
            from_codeowners,
            dialect,
            owner,
            force,
            ..
        } => init::run(
            g,
            &init::ImportArgs {
                from: from_codeowners.as_deref(),
                dialect: *dialect,
                owner: owner.as_deref(),
            },
            *force,
            io,
            style,
        ),
        Command::Suggest(args) => suggest::run(g, args, io, style),
        Command::Check {
            paths,
            staged,
            base,
            head,
            all,
        } => {
            if *staged || base.is_some() {
                return check::run_change(
                    g,
                    check::ChangeArgs {
                        staged: *staged,
                        base: base.as_deref(),
                        head: head.as_deref(),
                        all: *all,
                        paths,
                    },
                    io,
                    style,
                );
            }
            check::run(g, paths, io, style)
        }
        Command::Explain { paths } => explain::run(g, paths, io, style),
        Command::Ls { team, unowned } => ls::run(g, team.as_deref(), *unowned, io, style),
        Command::Audit(args) => audit::run(g, args, io, style),
        Command::Hook {
            action: HookAction::Install { force },
        } => hook::install(g, *force, io),
        Command::Codeowners { check, write, path } => {
            codeowners_cmd::run(g, *check, *write, path.as_deref(), io, style)
        }
        Command::Baseline { write } => baseline_cmd::run(g, *write, io),
    }
}

fn style(g: &Global, io: &Io<'_>) -> Style {
    let to_terminal = g.output.is_none() && io.out_is_terminal;
    let color = match g.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !io.no_color,
    };
    Style {
        color,
        width: if to_terminal {
            io.columns.unwrap_or(100)
        } else {
            80
        },
        quiet: g.quiet,
    }
}

/// `-D/-W/-A` flags in the order given (`None` is `all`); unknown names are
/// usage errors.
pub fn flag_levels(g: &Global) -> Result<Vec<(Option<RuleId>, Severity)>> {
    g.levels
        .iter()
        .map(|(name, sev)| {
            if name == "all" {
                Ok((None, *sev))
            } else {
                rule_named(name).map(|r| (Some(r), *sev))
            }
        })
        .collect()
}

/// The rule a user named, or a usage error with the nearest name.
pub fn rule_named(name: &str) -> Result<RuleId> {
    RuleId::from_name(name).ok_or_else(|| {
        let all = RuleId::ALL.iter().map(|r| r.name());
        let help = teamlint_core::suggest::did_you_mean(name, all, || {
            "`teamlint rules` lists every rule".into()
        });
        Error::usage(format!("unknown rule `{name}`"), help)
    })
}

/// Writes the report to `--output` or standard output. How `--output` is
/// written depends on what is there (docs/files.md, "Writing").
pub fn write_report(g: &Global, io: &mut Io<'_>, text: &str) -> Result<()> {
    write_report_with(g, io, |w| w.write_all(text.as_bytes()))
}

/// [`write_report`] of what `write` writes, as it writes it (`write`
/// buffers its own small writes).
pub fn write_report_with(
    g: &Global,
    io: &mut Io<'_>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let (out, shown): (&mut dyn Write, &str) = match &g.output {
        Some(path) => match teamlint_core::fsutil::FileId::of_path(path) {
            Some(id) if io.out_file == Some(id) => (&mut *io.out, "<stdout>"),
            Some(id) if io.err_file == Some(id) => (&mut *io.err, "<stderr>"),
            _ => return teamlint_core::fsutil::write_report(path, &report_protected(g), write),
        },
        None => (&mut *io.out, "<stdout>"),
    };
    write(out)
        .and_then(|()| out.flush())
        .or_else(|e| {
            // A closed pipe (`teamlint ls | head`) is not a failure.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(|e| Error::io(shown, e))
}

/// What a report may not replace: an ownership file or CODEOWNERS, and
/// any place teamlint keeps its state.
pub fn report_protected(g: &Global) -> teamlint_core::fsutil::Protected<'_> {
    teamlint_core::fsutil::Protected {
        what: "a report",
        config: g.config.as_deref(),
        codeowners: true,
        kept: kept_places(g, true),
    }
}

/// The places teamlint keeps its state in the repository `g` names: the
/// git directory (the index, the hooks, the history cache; a linked
/// worktree's and the common one), the pre-commit hook wherever
/// `core.hooksPath` puts it, and (with `baseline`) the baseline. None when
/// there is no repository.
pub fn kept_places(g: &Global, baseline: bool) -> Vec<teamlint_core::fsutil::Kept> {
    use teamlint_core::fsutil::Kept;
    let Ok(repo) = workspace::open_repo(g) else {
        return Vec::new();
    };
    let dir = |path: &std::path::Path| Kept {
        path: path.to_path_buf(),
        what: "the git directory",
        dir: true,
    };
    let mut out = vec![dir(repo.git_dir()), dir(repo.common_dir())];
    if let Ok(hooks) = repo.hooks_dir() {
        out.push(Kept {
            path: hooks.join("pre-commit"),
            what: "the pre-commit hook",
            dir: false,
        });
    }
    if baseline {
        if let Some(path) = g.files().baseline_path(&repo) {
            out.push(Kept {
                path,
                what: "the baseline",
                dir: false,
            });
        }
    }
    out
}

/// Appends the Markdown report to `--summary`, if given.
pub fn write_summary(g: &Global, markdown: &str) -> Result<()> {
    let Some(path) = &g.summary else {
        return Ok(());
    };
    teamlint_core::fsutil::append_report(path, &report_protected(g), markdown.as_bytes())
}

/// Exit status for a set of reported findings.
pub fn exit_code(g: &Global, findings: &[Finding]) -> u8 {
    if !g.exit_zero && findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
