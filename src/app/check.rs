//! `teamlint check`: every ownership rule over every tracked file.

use super::findings::{
    apply_baseline, codeowners_for, exempt_baseline_file, sort, whole_tree, Tree,
};
use super::{exit_code, write_report_with, write_summary, Io, Workspace};
use super::{Format, Global};
use crate::baseline::Entry;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{Finding, RuleId};
use crate::history::Status;
use crate::ownership::Resolver;
use crate::report::{self, ChangeSummary, CheckReport, Style};
use crate::rules::{self, Levels};

pub fn run(g: &Global, paths: &[String], io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    let cwd = g.repo.clone().unwrap_or_else(|| ".".into());
    let wanted: Vec<String> = paths
        .iter()
        .map(|p| super::workspace::repo_relative(&ws.repo, &cwd, p))
        .collect();
    for (arg, w) in paths.iter().zip(&wanted) {
        if !tracked.iter().any(|t| is_at_or_under(t, w)) {
            let help = crate::suggest::did_you_mean(w, tracked.iter().map(String::as_str), || {
                "`teamlint ls` lists every tracked file".into()
            });
            return Err(Error::usage(format!("no tracked file at `{arg}`"), help));
        }
    }
    let (mut findings, files) = whole_tree(g, &ws, tracked)?;
    if !paths.is_empty() {
        findings.retain(|f| concerns(f, &wanted));
    }
    let notes = apply_baseline(g, &ws.repo, &mut findings, paths.is_empty())?;
    sort(&mut findings);
    let mut doc = CheckReport::new(&findings, files, &ws.config.sources);
    doc.notes = notes;
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| report::write_check(format, &doc, style, w))?;
    if g.summary.is_some() {
        write_summary(g, &report::check_markdown(&doc))?;
    }
    Ok(exit_code(g, &findings))
}

/// Does a finding concern one of the paths asked about (a path finding for
/// a file at or under one of them)?
fn concerns(f: &Finding, wanted: &[String]) -> bool {
    let Some(p) = &f.path else {
        return false;
    };
    wanted.iter().any(|w| is_at_or_under(p, w))
}

/// Is `path` the file `at`, or inside the directory `at` (`""`: the root)?
fn is_at_or_under(path: &str, at: &str) -> bool {
    at.is_empty()
        || path == at
        || path.starts_with(at) && path.as_bytes().get(at.len()) == Some(&b'/')
}

/// `check --staged` and `check --base`: the change rules over a change,
/// and the ownership findings the change brings in (present at the head,
/// absent at the base, by the baseline's identity); with `all`, every
/// ownership finding at the head.
pub fn run_change(
    g: &Global,
    staged: bool,
    base: Option<&str>,
    head: Option<&str>,
    all: bool,
    io: &mut Io<'_>,
    style: &Style,
) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    let change = match base {
        Some(base) if !staged => crate::change::between(&repo, base, head)?,
        _ => crate::change::staged(&repo)?,
    };
    let changed: Vec<String> = change.paths.iter().map(|p| p.path.clone()).collect();
    // Ownership findings depend only on the set of paths, the ownership
    // files and CODEOWNERS: a change that adds, deletes or renames nothing
    // and edits none of those brings in no ownership finding, and needs
    // neither tree listed (a hook pays for what changed only).
    let config_edited = changed.iter().any(|p| is_config_file(p, g));
    let codeowners_edited = changed
        .iter()
        .any(|p| crate::codeowners::LOCATIONS.contains(&p.as_str()));
    let paths_moved = change.paths.iter().any(|p| p.status != Status::Modified);
    let whole = all || config_edited || codeowners_edited || paths_moved;
    let tracked = if whole {
        repo.paths_in(&change.after)?
    } else {
        Vec::new()
    };
    let config = load_config(&repo, &change.after, g, &tracked, &changed)?;
    let resolver = Resolver::new(&config);
    let levels = Levels::new(Some(&config), &super::flag_levels(g)?);

    let mut findings = Vec::new();
    let mut files = change.present().count();
    if whole {
        files = tracked.len();
        let head = Tree {
            config: &config,
            resolver: &resolver,
            codeowners: codeowners_for(&repo, &change.after, &levels)?,
        };
        if all {
            findings = head.findings(tracked.clone()).0;
        } else {
            // The base under its own map, or under the head's when the change
            // leaves the map alone (the same rules, compiled once).
            let base_paths = base_paths(&tracked, &change.paths);
            let base_config = if config_edited {
                let paths = base_paths.clone();
                Some(load_config(&repo, &change.before, g, &paths, &[]).ok())
            } else {
                None
            };
            let base_resolver = base_config.as_ref().map(|c| c.as_ref().map(Resolver::new));
            let base = match (&base_config, &base_resolver) {
                (Some(Some(c)), Some(Some(r))) => Some((c, r)),
                // A base without a map (or one that does not load) has no
                // findings: everything at the head is new.
                (Some(_), _) => None,
                _ => Some((&config, &resolver)),
            };
            let base = match base {
                Some((config, resolver)) => Some(Tree {
                    config,
                    resolver,
                    codeowners: codeowners_for(&repo, &change.before, &levels)?,
                }),
                None => None,
            };
            // Both sides at once: they share nothing but what they read.
            let (at_head, at_base) = std::thread::scope(|s| {
                let base = s.spawn(|| {
                    base.map(|b| b.findings(base_paths).0)
                        .unwrap_or_default()
                        .iter()
                        .map(Entry::of)
                        .collect::<std::collections::HashSet<Entry>>()
                });
                let at_head = head.findings(tracked.clone()).0;
                (at_head, base.join())
            });
            let at_base = at_base.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            findings = at_head
                .into_iter()
                .filter(|f| !at_base.contains(&Entry::of(f)))
                .collect();
        }
    }

    // The change rules.
    let owned: Vec<(String, Vec<usize>)> = change
        .paths
        .iter()
        .filter(|p| !resolver.is_excluded(&p.path))
        .map(|p| {
            (
                p.path.clone(),
                resolver.resolve(&p.path).owner.team_ids().to_vec(),
            )
        })
        .collect();
    let moves = if config_edited {
        ownership_moves(&repo, &change, g, &config, &resolver, &tracked)?
    } else {
        Vec::new()
    };
    findings.extend(rules::change(&rules::ChangeContext {
        config: &config,
        paths: &owned,
        moves: &moves,
    }));
    let mut notes = Vec::new();
    if levels.is_enabled(RuleId::MissingCochange) {
        match cochange_partners(&repo, &config, &resolver, &owned) {
            Some(partners) => findings.extend(rules::missing_cochange::check(&config, &partners)),
            None => notes.push(
                "missing-cochange skipped: no history cache yet (`teamlint audit` builds it; a check never scans history)"
                    .to_string(),
            ),
        }
    }
    exempt_baseline_file(g, &repo, &mut findings);
    let mut findings = levels.apply(findings);
    notes.extend(apply_baseline(g, &repo, &mut findings, false)?);
    sort(&mut findings);

    let mut teams: std::collections::BTreeMap<String, usize> = Default::default();
    let mut unowned = 0;
    for (_, t) in &owned {
        if t.is_empty() {
            unowned += 1;
        }
        for &t in t {
            *teams.entry(config.teams[t].name.clone()).or_default() += 1;
        }
    }
    let mut doc = CheckReport::new(&findings, files, &config.sources);
    doc.notes = notes;
    doc.change = Some(ChangeSummary {
        files: change.paths.len(),
        teams: teams.into_iter().collect(),
        unowned,
    });
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| report::write_check(format, &doc, style, w))?;
    if g.summary.is_some() {
        write_summary(g, &report::check_markdown(&doc))?;
    }
    Ok(exit_code(g, &findings))
}

/// The paths before a change, from the paths after it: what it added is
/// gone, what it deleted is back. Sorted, as the snapshot would list them.
fn base_paths(head: &[String], changed: &[crate::change::ChangedPath]) -> Vec<String> {
    let added: std::collections::HashSet<&str> = changed
        .iter()
        .filter(|p| p.status == Status::Added)
        .map(|p| p.path.as_str())
        .collect();
    let mut out: Vec<String> = head
        .iter()
        .filter(|p| !added.contains(p.as_str()))
        .cloned()
        .collect();
    out.extend(
        changed
            .iter()
            .filter(|p| p.status == Status::Deleted)
            .map(|p| p.path.clone()),
    );
    out.sort_unstable();
    out.dedup();
    out
}

/// Is this path part of the map (an OWNERS.toml, or the `--config` file)?
fn is_config_file(path: &str, g: &Global) -> bool {
    is_owners_file(path)
        || g.config.as_ref().is_some_and(|c| {
            let c = c.to_string_lossy().replace('\\', "/");
            c == path || c.ends_with(&format!("/{path}"))
        })
}

fn is_owners_file(path: &str) -> bool {
    let name = crate::config::FILE_NAME;
    path == name || path.strip_suffix(name).is_some_and(|d| d.ends_with('/'))
}

fn load_config(
    repo: &crate::repo::Repo,
    snap: &crate::repo::Snapshot<'_>,
    g: &Global,
    tracked: &[String],
    extra: &[String],
) -> Result<Config> {
    let sources = repo.config_sources_in(snap, g.config.as_deref(), tracked, extra)?;
    Config::load(sources.root, sources.dirs).map_err(Error::from_config)
}

/// Files whose owner differs between the maps before and after the change.
fn ownership_moves(
    repo: &crate::repo::Repo,
    change: &crate::change::Change<'_>,
    g: &Global,
    after: &Config,
    after_resolver: &Resolver,
    tracked: &[String],
) -> Result<Vec<rules::Move>> {
    let tracked = if tracked.is_empty() {
        repo.paths_in(&change.after)?
    } else {
        tracked.to_vec()
    };
    // A map that did not exist (or did not parse) before owns nothing.
    let before_paths = repo.paths_in(&change.before)?;
    let before = load_config(repo, &change.before, g, &before_paths, &[]).ok();
    let before_resolver = before.as_ref().map(Resolver::new);
    let names = |c: &Config, d: &crate::ownership::Decision| -> Vec<String> {
        d.owner.names(c).into_iter().map(String::from).collect()
    };
    let mut moves = Vec::new();
    let after_all = after_resolver.resolve_all(tracked.clone());
    let before_all = before_resolver.as_ref().map(|r| r.resolve_all(tracked));
    for (i, path) in after_all.paths.iter().enumerate() {
        let now = names(after, &after_all.decisions[i]);
        let was = match (&before, &before_all) {
            (Some(c), Some(b)) => names(c, &b.decisions[i]),
            _ => Vec::new(),
        };
        // New files get an owner; they do not move.
        if was != now && before_paths.binary_search(path).is_ok() {
            moves.push((path.clone(), was, now));
        }
    }
    Ok(moves)
}

/// The historical partners of the change's files, from the history cache
/// only; `None` when there is no cache.
fn cochange_partners(
    repo: &crate::repo::Repo,
    config: &Config,
    resolver: &Resolver,
    owned: &[(String, Vec<usize>)],
) -> Option<Vec<rules::missing_cochange::Partner>> {
    let excluded = |p: &str| resolver.is_excluded(p);
    let cached = crate::history::cached::changes(
        repo.git_dir(),
        &config.coupling,
        &excluded,
        crate::date::now(),
    )?;
    let changed: Vec<&str> = owned.iter().map(|(p, _)| p.as_str()).collect();
    Some(rules::missing_cochange::partners(
        config,
        resolver,
        &cached.changes.changes,
        &cached.paths,
        &changed,
    ))
}
