//! The review of a change: from a base and a head (or the index), the
//! change rules over the change, and the ownership findings it brings in
//! (present at the head, absent at the base, by identity); the map and the
//! baseline are read from the head's side (the index, or the head
//! commit), so a local run and CI agree.

use std::collections::BTreeMap;

use teamlint_core::config::Config;
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::{Finding, Identity, RuleId, Severity, Source};
use teamlint_core::ownership::Resolver;
use teamlint_core::rules::{self, Levels};
use teamlint_git::change::Change;
use teamlint_git::history::Status;
use teamlint_git::repo::Repo;

use crate::files::Files;
use crate::tree::{codeowners_for, hide_known, sort, Tree};

/// What a review is asked.
pub struct Request<'a> {
    /// The map and baseline files given (else their default places).
    pub files: &'a Files,
    /// Severity overrides in the order given (`None`: every rule).
    pub levels: &'a [(Option<RuleId>, Severity)],
    /// Every ownership finding at the head, not only those brought in.
    pub all: bool,
    /// The paths asked about, as given, and repository-relative: only
    /// findings about files at or under them are kept (all when empty).
    pub paths: &'a [String],
    pub wanted: &'a [String],
}

/// The change's files, counted once (an exact rename is one file, the
/// excluded ones left out), by owning team.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    /// (team, files) by team name.
    pub teams: Vec<(String, usize)>,
    /// Files no rule gives a team.
    pub unowned: usize,
    /// Files of a shared rule (no single team).
    pub shared: usize,
}

/// What a review found.
pub struct Review {
    /// At the run's severities, without what the baseline knows, sorted.
    pub findings: Vec<Finding>,
    /// What the reader should know (hidden findings, skipped rules).
    pub notes: Vec<String>,
    /// The texts findings point into: the map's files and the baseline.
    pub sources: Vec<Source>,
    pub counts: Counts,
    /// The change's paths present at the head: where annotations may go.
    pub changed: Vec<String>,
}

/// Reviews `change` in `repo`.
pub fn review(repo: &Repo, change: &Change<'_>, request: &Request<'_>) -> Result<Review> {
    let Request {
        files: map_files,
        levels: flag_levels,
        all,
        paths,
        wanted,
    } = *request;
    let changed: Vec<String> = change.paths.iter().map(|p| p.path.clone()).collect();
    // Ownership findings depend only on the set of paths, the ownership
    // files and CODEOWNERS: a change that adds, deletes or renames nothing
    // and edits none of those brings in no ownership finding, and needs
    // neither tree listed (a hook pays for what changed only).
    let config_edited = changed.iter().any(|p| map_files.is_map_file(p));
    let codeowners_edited = changed
        .iter()
        .any(|p| teamlint_core::codeowners::LOCATIONS.contains(&p.as_str()));
    let paths_moved = change.paths.iter().any(|p| p.status != Status::Modified);
    let whole = all || config_edited || codeowners_edited || paths_moved;
    let tracked = if whole {
        repo.paths_in(&change.after)?
    } else {
        Vec::new()
    };
    if !paths.is_empty() {
        let head_paths;
        let known: &[String] = if whole {
            &tracked
        } else {
            head_paths = repo.paths_in(&change.after)?;
            &head_paths
        };
        require_known(paths, wanted, &[known, &changed])?;
    }
    let config = map_files.load_config(repo, &change.after, &tracked, &changed)?;
    let resolver = Resolver::new(&config);
    let levels = Levels::new(Some(&config), flag_levels);
    let baseline_after = map_files.baseline_in(repo, &change.after)?;

    // The base's own map when the change edits it (`None` inside: the base
    // has none, or one that does not load); the head's otherwise.
    let mut base_paths = if whole {
        base_paths(&tracked, &change.paths)
    } else {
        Vec::new()
    };
    let base_config = if config_edited {
        Some(
            map_files
                .load_config(repo, &change.before, &base_paths, &[])
                .ok(),
        )
    } else {
        None
    };
    let base_resolver = base_config.as_ref().map(|c| c.as_ref().map(Resolver::new));
    let base_map = match (&base_config, &base_resolver) {
        (Some(Some(c)), Some(Some(r))) => Some((c, r)),
        (Some(_), _) => None,
        _ => Some((&config, &resolver)),
    };

    let mut findings = Vec::new();
    if whole {
        let head = Tree {
            config: &config,
            resolver: &resolver,
            codeowners: codeowners_for(repo, &change.after, &levels)?,
        };
        if all {
            findings = head.findings(tracked.clone()).0;
        } else {
            // The base under its own map, or under the head's when the change
            // leaves the map alone (the same rules, compiled once). A base
            // without a map has no findings: everything at the head is new.
            let base = match base_map {
                Some((config, resolver)) => Some(Tree {
                    config,
                    resolver,
                    codeowners: codeowners_for(repo, &change.before, &levels)?,
                }),
                None => None,
            };
            // The moves below need the base's paths again only when the map
            // was edited.
            let for_base = if config_edited {
                base_paths.clone()
            } else {
                std::mem::take(&mut base_paths)
            };
            // Both sides at once: they share nothing but what they read.
            let (at_head, at_base) = std::thread::scope(|s| {
                let base = s.spawn(|| base.map(|b| b.findings(for_base).0).unwrap_or_default());
                let at_head = head.findings(tracked.clone()).0;
                (at_head, base.join())
            });
            let at_base = at_base.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            findings = brought_in(at_head, &at_base);
        }
    }

    // The change rules. A deleted file belongs to the team the base gave it
    // (named as the head names teams). A file of a shared rule belongs to
    // no single team: it never makes a change cross-team.
    let owned: Vec<(String, Vec<usize>)> = change
        .paths
        .iter()
        .filter(|p| !resolver.is_excluded(&p.path))
        .map(|p| {
            let teams = match (p.status, base_map) {
                (Status::Deleted, Some((bc, br))) if config_edited => br
                    .resolve(&p.path)
                    .owner
                    .sole()
                    .iter()
                    .filter_map(|&t| config.team_index.get(&bc.teams[t].name).copied())
                    .collect(),
                _ => resolver.resolve(&p.path).owner.sole().to_vec(),
            };
            (p.path.clone(), teams)
        })
        .collect();
    let moves = if config_edited {
        // The map was edited, so both sides were listed and read above.
        rules::moves(&config, &resolver, &tracked, base_map, &base_paths)
    } else {
        Vec::new()
    };
    findings.extend(rules::change(&rules::ChangeContext {
        config: &config,
        resolver: &resolver,
        paths: &owned,
        moves: &moves,
    }));
    // What the change widens of what is kept quiet. A change that brings
    // the map in brings its baseline with it: adoption, not a widening.
    if let Some((before, _)) = base_map {
        let baseline_before = map_files.baseline_in(repo, &change.before)?;
        findings.extend(rules::suppression_change::check(
            &rules::suppression_change::Suppression {
                before,
                after: &config,
                baseline_before: baseline_before.as_ref().map(|(b, _)| b),
                baseline_after: baseline_after.as_ref().map(|(b, s)| (b, s)),
            },
        ));
    }
    let mut notes = Vec::new();
    if levels.is_enabled(RuleId::MissingCochange) {
        // Only a file the change edits needs its partners: a deleted or new
        // one has nothing left to keep in step.
        let edited: Vec<&str> = change
            .paths
            .iter()
            .filter(|p| p.status == Status::Modified)
            .map(|p| p.path.as_str())
            .collect();
        let exists = |p: &str| repo.exists_in(&change.after, p);
        match cochange_findings(repo, &config, &resolver, &edited, &exists) {
            Some(found) => findings.extend(found),
            None => notes.push(
                "missing-cochange skipped: no usable history cache (none yet, or one from another version or history; `teamlint audit` builds it, a check never scans history)"
                    .to_string(),
            ),
        }
    }
    map_files.exempt_baseline_file(repo, &mut findings);
    let mut findings = levels.apply(findings);
    if !paths.is_empty() {
        findings.retain(|f| concerns(f, wanted));
    }
    let baseline_name = baseline_after
        .as_ref()
        .map_or_else(String::new, |(_, s)| s.path.clone());
    notes.extend(hide_known(
        baseline_after.as_ref().map(|(b, _)| b),
        &baseline_name,
        &mut findings,
        false,
    ));
    sort(&mut findings);

    // One count of files everywhere: the change's files as git counts
    // them (an exact rename is one file), less the excluded ones.
    let renamed = change.renamed_away();
    let counted: Vec<&(String, Vec<usize>)> = owned
        .iter()
        .filter(|(p, _)| !renamed.contains(p.as_str()))
        .collect();
    let mut teams: BTreeMap<String, usize> = BTreeMap::new();
    let (mut unowned, mut shared) = (0, 0);
    for (p, t) in &counted {
        if t.is_empty() {
            match resolver.resolve(p).owner {
                teamlint_core::ownership::Owner::Teams(_) => shared += 1,
                _ => unowned += 1,
            }
        }
        for &t in t {
            *teams.entry(config.teams[t].name.clone()).or_default() += 1;
        }
    }
    let mut sources = config.sources.clone();
    sources.extend(baseline_after.map(|(_, s)| s));
    Ok(Review {
        findings,
        notes,
        sources,
        counts: Counts {
            files: counted.len(),
            teams: teams.into_iter().collect(),
            unowned,
            shared,
        },
        changed: change.present().map(String::from).collect(),
    })
}

/// The findings at the head that the base does not have: each finding at
/// the base accounts for one with the same identity at the head.
fn brought_in(at_head: Vec<Finding>, at_base: &[Finding]) -> Vec<Finding> {
    let mut count: std::collections::HashMap<Identity, usize> = Default::default();
    for f in at_base {
        *count.entry(f.identity()).or_default() += 1;
    }
    at_head
        .into_iter()
        .filter(|f| match count.get_mut(&f.identity()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The paths before a change, from the paths after it: what it added is
/// gone, what it deleted is back. Sorted, as the snapshot would list them.
fn base_paths(head: &[String], changed: &[teamlint_git::change::ChangedPath]) -> Vec<String> {
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

/// The missing-cochange findings for the change's edited files, from the
/// history cache only; `None` when there is no cache. Partners are only
/// files that exist at the head (`exists`).
fn cochange_findings(
    repo: &Repo,
    config: &Config,
    resolver: &Resolver,
    changed: &[&str],
    exists: &dyn Fn(&str) -> bool,
) -> Option<Vec<Finding>> {
    let excluded = |p: &str| resolver.is_excluded(p);
    let cached = teamlint_git::history::cached::changes(
        repo.git_dir(),
        &config.coupling,
        &excluded,
        teamlint_core::date::now(),
    )?;
    let changes = &cached.changes.changes;
    let partners = rules::missing_cochange::partners(
        config,
        resolver,
        changes,
        &cached.paths,
        changed,
        exists,
    );
    let commit = |i: usize| -> Option<teamlint_core::finding::CommitRef> {
        let (id, time) = *cached.commits.get(changes.get(i)?.index)?;
        let subject = repo
            .subject(id)
            .map(|s| s.chars().take(200).collect())
            .unwrap_or_default();
        Some(teamlint_core::finding::CommitRef {
            id: teamlint_core::metrics::short(id),
            date: teamlint_core::date::format_date(time),
            subject,
        })
    };
    Some(rules::missing_cochange::check(&partners, &commit))
}

/// Every path asked about is a file or directory of `known` (the tracked
/// files; for a change, also the files it deleted), else a usage error
/// with the nearest one: a misspelt path must not pass with nothing to
/// report.
pub fn require_known(args: &[String], wanted: &[String], known: &[&[String]]) -> Result<()> {
    let all = || known.iter().flat_map(|k| k.iter());
    for (arg, w) in args.iter().zip(wanted) {
        if !all().any(|t| is_at_or_under(t, w)) {
            let help = teamlint_core::suggest::did_you_mean(w, all().map(String::as_str), || {
                "`teamlint ls` lists every tracked file".into()
            });
            return Err(Error::usage(format!("no tracked file at `{arg}`"), help));
        }
    }
    Ok(())
}

/// Does a finding concern one of the paths asked about (a path finding for
/// a file at or under one of them)?
pub fn concerns(f: &Finding, wanted: &[String]) -> bool {
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
