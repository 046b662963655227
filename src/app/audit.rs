//! `teamlint audit`: history mined into coupling metrics, history rules,
//! and reports people can read.

use super::{exit_code, write_report_with, write_summary, Io, Workspace};
use super::{AuditArgs, Format, Global, Period};
use teamlint_core::config::Since;
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::Summary;
use teamlint_core::metrics;
use teamlint_engine::audit::{analyse, Analysis, History};
use teamlint_git::history::{self, changes};
use teamlint_git::repo::{ConfigSources, Repo};
use teamlint_report::{AuditReport, Comparison, Style};

pub fn run(g: &Global, args: &AuditArgs, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    // The history cache is read on another core while the config loads,
    // and untracked OWNERS.toml files are looked for while the history is
    // analysed under the tracked ones.
    let cache_path = history::cache::path(repo.git_dir());
    let cached =
        (!args.no_cache).then(|| std::thread::spawn(move || history::cache::load(&cache_path)));
    let tracked = repo.tracked_paths()?;
    std::thread::scope(|s| {
        let (sources, search) = repo.config_sources_deferred(g.config.as_deref(), &tracked)?;
        let search = search.map(|u| s.spawn(move || u.find_here()));
        let ws = Workspace::from_sources(repo, sources)?;
        let cached = cached.and_then(|h| h.join().ok().flatten());
        audit(g, args, io, style, ws, cached, |repo| {
            let found = match search {
                Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                None => Vec::new(),
            };
            if found.is_empty() {
                return Ok(None);
            }
            repo.config_sources_with(g.config.as_deref(), &tracked, &found)
                .map(Some)
        })
    })
}

/// The audit in a loaded workspace. `recheck` tells whether the config has
/// grown (an untracked OWNERS.toml found) and returns it as it now is. With
/// a cache it is asked once the analysis is done, and the analysis is done
/// again if so; without one, before the scan.
fn audit(
    g: &Global,
    args: &AuditArgs,
    io: &mut Io<'_>,
    style: &Style,
    ws: Workspace,
    cached: Option<history::cache::Cached>,
    recheck: impl FnOnce(&Repo) -> Result<Option<ConfigSources>>,
) -> Result<u8> {
    // A scan without the cache takes a while: the config is settled before
    // it, so that an error in an untracked file shows at once.
    let (ws, recheck) = match cached {
        None => (grow(ws, recheck)?.0, None),
        Some(_) => (ws, Some(recheck)),
    };
    let levels = ws.levels(g)?;
    let coupling = &ws.config.coupling;
    let now = teamlint_core::date::now();
    let since = match &args.since {
        Some(s) => Some(parse_when(s, "--since")?.resolve(now)),
        None => coupling.since.map(|s| s.resolve(now)),
    };
    let until = match &args.until {
        Some(s) => Some(parse_when(s, "--until")?.resolve(now)),
        None => None,
    };
    if let (Some(s), Some(u)) = (since, until) {
        if u < s {
            let date = teamlint_core::date::format_date;
            return Err(Error::usage(
                format!(
                    "--until {} is before --since {}: the window holds no day",
                    date(u),
                    date(s)
                ),
                "give --until a date after --since (or leave it out: up to now)",
            ));
        }
    }
    let format = g.format.unwrap_or(Format::Human);
    let mut notes = Vec::new();
    if ws.repo.is_shallow() {
        notes.push(
            "this is a shallow clone: history stops where the clone was cut, so the metrics cover only part of it; in GitHub Actions, check out with `fetch-depth: 0`".to_string(),
        );
    }

    // Progress only for a person reading a report, never in machine formats.
    let bar = io.progress.filter(|_| !g.quiet && format == Format::Human);
    let on_progress = |done: u64, total: u64| {
        if let Some(b) = bar {
            b.update(done, total);
        }
    };
    let scan = ws.repo.scan(
        &g.scanning(args.no_cache)
            .options(&ws.config, since, until, true),
        cached,
        &on_progress,
    )?;
    if let Some(b) = bar {
        b.finish();
    }
    if scan.commits.is_empty() && scan.missing.is_empty() {
        notes.push(if !ws.repo.has_commits()? {
            "the repository has no commits yet: nothing to audit".to_string()
        } else {
            "no commits in the window: nothing to audit".to_string()
        });
    }

    // The changes depend on the root file's settings only (directory files
    // hold ownership rules), so they stand if the config grows.
    let excluded = |p: &str| ws.resolver.is_excluded(p);
    let built = changes::build(&scan, &changes::Filter::new(coupling, &excluded));
    if built.changes.is_empty() && !scan.commits.is_empty() {
        notes.push(format!(
            "no change counted in the window: each of its {} commit(s) was skipped ({} bulk, {} by ignored authors, or touching only excluded paths)",
            scan.commits.len(),
            built.skipped_large.len(),
            built.skipped_authors
        ));
    }
    let reference_time = teamlint_engine::measure::newest(&built.changes).unwrap_or(now);
    let landed = match args.no_lead_time {
        true => None,
        false => Some(teamlint_engine::landed::mine(
            &ws.repo,
            &scan,
            &changes::Filter::new(coupling, &excluded),
            !args.no_cache,
        )?),
    };
    if let Some(l) = &landed {
        notes.extend(l.notes.iter().cloned());
    }
    let history = History {
        scan: &scan,
        changes: &built.changes,
        landed: landed.as_ref(),
        reference_time,
    };
    let analysed = |ws: &Workspace| {
        analyse(
            &ws.config,
            &ws.resolver,
            &levels,
            &history,
            period(args),
            args.compare.as_deref(),
        )
    };
    let mut analysis = analysed(&ws)?;
    let ws = match recheck {
        Some(recheck) => {
            let (ws, grown) = grow(ws, recheck)?;
            if grown {
                analysis = analysed(&ws)?;
            }
            ws
        }
        None => ws,
    };
    let coupling = &ws.config.coupling;
    let Analysis {
        metrics,
        trend,
        lead_time,
        compared,
        findings,
    } = analysis;

    let window = teamlint_engine::measure::window(&scan, &built, since, until);
    if !scan.missing.is_empty() {
        notes.push(format!(
            "{} commit(s) could not be read (missing objects, e.g. a partial clone) and were skipped",
            scan.missing.len()
        ));
    }
    let repo_name = ws
        .repo
        .workdir
        .as_deref()
        .unwrap_or_else(|| ws.repo.git_dir())
        .file_name()
        .map_or_else(|| "repository".into(), |n| n.to_string_lossy().into_owned());
    let summary = Summary::of(&findings, built.changes.len());
    let compare_doc = compared.as_ref().map(|(label, m, lt)| Comparison {
        label: label.clone(),
        metrics: m,
        lead_time: lt.as_ref(),
    });
    let doc = AuditReport {
        repo: repo_name,
        window,
        metrics: &metrics,
        trend,
        lead_time: lead_time.as_ref(),
        compare: compare_doc,
        findings: &findings,
        summary,
        sources: &ws.config.sources,
        notes,
        min_revs: coupling.min_revs,
        min_shared: coupling.min_shared,
        team_threshold: coupling.team_threshold,
    };
    write_report_with(g, io, |w| {
        teamlint_report::write_audit(format, &doc, style, w)
    })?;
    if g.summary.is_some() {
        write_summary(g, &teamlint_report::audit_markdown(&doc))?;
    }
    Ok(exit_code(g, &findings))
}

/// The workspace under the config `recheck` finds, and whether it grew.
fn grow(
    ws: Workspace,
    recheck: impl FnOnce(&Repo) -> Result<Option<ConfigSources>>,
) -> Result<(Workspace, bool)> {
    match recheck(&ws.repo)? {
        Some(sources) => Ok((Workspace::from_sources(ws.repo, sources)?, true)),
        None => Ok((ws, false)),
    }
}

fn parse_when(s: &str, flag: &str) -> Result<Since> {
    Since::parse(s).ok_or_else(|| {
        Error::usage(
            format!("{flag} {s:?} is neither a date nor a period"),
            "write a date like 2025-01-01 or a period like \"12 months\" (before now)",
        )
    })
}

fn period(args: &AuditArgs) -> Option<metrics::Period> {
    args.by.map(|by| match by {
        Period::Month => metrics::Period::Month,
        Period::Quarter => metrics::Period::Quarter,
    })
}
