//! `teamlint init --from-history`: a first map drafted from co-change, for
//! a repository that has none. Its figure is the metrics engine's on the
//! file written, as `teamlint audit` would measure it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::measure::{load_proposed, mine, owners, Mined};
use super::Global;
use super::{Io, Workspace};
use crate::config::{toml_string, Config, FILE_NAME};
use crate::design::{self, Draft};
use crate::error::{Error, Result};
use crate::finding::Source;
use crate::ownership::Resolver;

/// The most teams tried when `--teams` is not given.
const MAX_TEAMS: usize = 16;
/// Without `--teams`: the most teams whose draft keeps this share of the
/// changes within one team (the bar `low-separability` sets for a team).
const TARGET: f64 = 0.8;

pub fn run(g: &Global, teams: Option<usize>, force: bool, io: &mut Io<'_>) -> Result<u8> {
    let repo = super::workspace::open_repo(g)?;
    let Some(workdir) = repo.workdir.clone() else {
        return Err(Error::usage(
            "init needs a working tree; this repository is bare",
            "run it in a clone with a working tree",
        ));
    };
    let target = g.config.clone().unwrap_or_else(|| workdir.join(FILE_NAME));
    if target.exists() && !force {
        return Err(Error::usage(
            format!("{} already exists", target.display()),
            "pass --force to replace it, or `teamlint suggest` to improve the map it holds",
        ));
    }
    if teams == Some(0) {
        return Err(Error::usage(
            "--teams 0 drafts nothing",
            "give --teams 1 or more",
        ));
    }
    let tracked = repo.tracked_paths()?;
    let label = target.display().to_string();
    let empty = Config::load(
        Source::new(label.clone(), "version = 1\n".into()),
        Vec::new(),
    )
    .map_err(Error::from_config)?;
    let ws = Workspace {
        resolver: Resolver::new(&empty),
        config: empty,
        repo,
    };
    let mined = mine(&ws, g, false)?;
    if mined.changes.is_empty() || tracked.is_empty() {
        return Err(Error::usage(
            "no changes in history: there is nothing to draft teams from",
            "commit first, or write a starter map with `teamlint init`",
        ));
    }
    let graph = mined.graph(&ws.config);
    let (draft, why) = match teams {
        Some(k) => {
            let d = design::draft(&graph, &mined.scan.paths, &tracked, k);
            let why = (d.teams.len() < k).then(|| {
                format!(
                    "{} team(s), not {k}: the changed directories do not split further",
                    d.teams.len()
                )
            });
            (d, why)
        }
        None => choose(&graph, &mined, &tracked, ws.config.coupling.min_revs),
    };

    let names = team_names(&draft);
    let bare = write_map(&draft, &names, &People::default(), &mined, None);
    let people = People::of(&mined, &load_proposed(&ws, &label, bare)?, names.len());
    // People do not change separability: the figure of the map without
    // its header line is the figure of the map with it.
    let unheaded = write_map(&draft, &names, &people, &mined, None);
    let figure = mined.measure(&load_proposed(&ws, &label, unheaded)?);
    let text = write_map(&draft, &names, &people, &mined, figure.separability);
    let config = load_proposed(&ws, &label, text.clone())?;
    let measured = mined.measure(&config);
    crate::fsutil::refuse_kept_place(&target, &super::kept_places(g, true), "the map")?;
    write_file(&target, &text, force)?;

    if !g.quiet {
        let _ = writeln!(
            io.err,
            "wrote {}: {} team(s) drafted from {} changes; repository separability {} (as `teamlint audit` measures it)",
            target.display(),
            names.len(),
            mined.changes.len(),
            pct(measured.separability)
        );
        if let Some(why) = why {
            let _ = writeln!(io.err, "{why}");
        }
        let unnamed = unnameable_dirs(&tracked);
        if !unnamed.is_empty() {
            let shown: Vec<String> = unnamed
                .iter()
                .take(3)
                .map(|d| format!("`{}`", crate::finding::text::printable(d)))
                .collect();
            let _ = writeln!(
                io.err,
                "{} director{} whose name no pattern can hold (a control character, a glob character or bytes that are not UTF-8) left to the parent's team: {}{}",
                unnamed.len(),
                if unnamed.len() == 1 { "y" } else { "ies" },
                shown.join(", "),
                if unnamed.len() > 3 { ", …" } else { "" }
            );
        }
        for (t, stats) in measured.teams.iter().enumerate() {
            let _ = writeln!(
                io.err,
                "  {:24} {:>6} changes, separability {:>6}, leader {}",
                stats.name,
                crate::finding::text::count(draft.teams[t].volume),
                pct(stats.separability),
                people.leader[t].as_deref().unwrap_or("(none found)")
            );
        }
        let _ = writeln!(
            io.err,
            "next: `teamlint check` lints it; `teamlint suggest` proposes moves from here"
        );
    }
    Ok(super::EXIT_OK)
}

/// The outermost directories of `tracked` that no pattern can name.
fn unnameable_dirs(tracked: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tracked
        .iter()
        .filter_map(|p| {
            p.match_indices('/')
                .map(|(i, _)| &p[..=i])
                .find(|d| !design::nameable(d))
                .map(str::to_string)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

/// The most teams (up to [`MAX_TEAMS`]) whose draft keeps [`TARGET`] of
/// the changes within one team, and the reason, said.
fn choose(
    graph: &design::Graph,
    mined: &Mined,
    tracked: &[String],
    min_revs: u32,
) -> (Draft, Option<String>) {
    let mut best: Option<(usize, Draft)> = None;
    let mut first_below: Option<(usize, f64)> = None;
    for k in 2..=MAX_TEAMS {
        let d = design::draft(graph, &mined.scan.paths, tracked, k);
        if d.teams.len() < k {
            break;
        }
        let s = d.separability.unwrap_or(0.0);
        // A team with too little history to score is no team yet.
        let scored = d.teams.iter().all(|t| t.volume >= f64::from(min_revs));
        if s >= TARGET && scored {
            best = Some((k, d));
        } else if first_below.is_none() {
            first_below = Some((k, s));
        }
    }
    match best {
        Some((k, d)) => {
            let below = match first_below {
                Some((n, s)) if n > k => format!("; {n} teams: {:.1}%", s * 100.0),
                _ => String::new(),
            };
            let why = format!(
                "{k} teams: the most (of up to {MAX_TEAMS}) whose draft keeps {:.0}% of changes within one team, each with `min_revs` changes{below}; --teams K drafts another number",
                TARGET * 100.0
            );
            (d, Some(why))
        }
        None => {
            let d = design::draft(graph, &mined.scan.paths, tracked, 2);
            let why = format!(
                "{} team(s): no split keeps {:.0}% of changes within one team; --teams K drafts more",
                d.teams.len(),
                TARGET * 100.0
            );
            (d, Some(why))
        }
    }
}

/// Each team named after the directory whose own files give it the most
/// changes.
fn team_names(draft: &Draft) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(draft.teams.len());
    for t in 0..draft.teams.len() {
        let top = (0..draft.dirs.len())
            .filter(|&u| {
                draft.team_of[u] == t && !draft.dirs[u].is_empty() && draft.weight[u] > 0.0
            })
            .max_by(|&a, &b| draft.weight[a].total_cmp(&draft.weight[b]).then(b.cmp(&a)));
        let base = top.map_or_else(|| "root".to_string(), |u| slug(&draft.dirs[u]));
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

fn slug(dir: &str) -> String {
    let mut out = String::new();
    for c in dir.trim_end_matches('/').chars() {
        match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_') => out.push(c),
            _ if out.ends_with('-') || out.is_empty() => {}
            _ => out.push('-'),
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "team".into()
    } else {
        out
    }
}

/// Who changes each team's code: the leader (the person who changes it
/// most and leads no other team) and the members (the people most of whose
/// changes touch it).
#[derive(Default)]
struct People {
    leader: Vec<Option<String>>,
    members: Vec<Vec<String>>,
}

impl People {
    fn of(mined: &Mined, config: &Config, teams: usize) -> People {
        let resolver = Resolver::new(config);
        let owners = owners(config, &resolver, &mined.scan, &mined.changes);
        let mut by_author: HashMap<u32, Vec<f64>> = HashMap::new();
        let mut touched = Vec::new();
        for c in &mined.changes {
            touched.clear();
            touched.extend(c.files.iter().flat_map(|&f| owners.of(f).iter().copied()));
            touched.sort_unstable();
            touched.dedup();
            let row = by_author
                .entry(c.author)
                .or_insert_with(|| vec![0.0; teams + 1]);
            row[teams] += 1.0;
            for &t in &touched {
                if t < teams {
                    row[t] += 1.0;
                }
            }
        }
        let email = |a: u32| {
            mined
                .scan
                .authors
                .get(a as usize)
                .cloned()
                .unwrap_or_default()
        };
        let mut authors: Vec<(u32, Vec<f64>)> = by_author
            .into_iter()
            .filter(|(a, _)| !is_bot(&email(*a)))
            .collect();
        authors.sort_by_key(|(a, _)| email(*a));
        let mut leader: Vec<Option<String>> = vec![None; teams];
        let mut leads: Vec<u32> = Vec::new();
        // The biggest teams choose first.
        let mut order: Vec<usize> = (0..teams).collect();
        let volume = |t: usize| authors.iter().map(|(_, r)| r[t]).sum::<f64>();
        order.sort_by(|&a, &b| volume(b).total_cmp(&volume(a)).then(a.cmp(&b)));
        for t in order {
            let top = authors
                .iter()
                .filter(|(a, r)| r[t] > 0.0 && !leads.contains(a))
                .max_by(|x, y| {
                    x.1[t]
                        .total_cmp(&y.1[t])
                        .then_with(|| email(y.0).cmp(&email(x.0)))
                });
            if let Some((a, _)) = top {
                leads.push(*a);
                leader[t] = Some(email(*a));
            }
        }
        let min = f64::from(config.coupling.min_revs);
        let mut members = vec![Vec::new(); teams];
        for (a, r) in &authors {
            if leads.contains(a) || r[teams] < min {
                continue;
            }
            if let Some(t) = (0..teams).find(|&t| r[t] > r[teams] / 2.0) {
                members[t].push(email(*a));
            }
        }
        People { leader, members }
    }
}

fn is_bot(email: &str) -> bool {
    let e = email.to_lowercase();
    e.contains("[bot]") || e.starts_with("noreply@") || e.contains("bot@")
}

/// The OWNERS.toml of a draft.
fn write_map(
    draft: &Draft,
    names: &[String],
    people: &People,
    mined: &Mined,
    separability: Option<f64>,
) -> String {
    let mut out = format!("#:schema {}\n", crate::config::schema::URL);
    let _ = writeln!(
        out,
        "# Drafted by `teamlint init --from-history` from {} changes: {} teams of\n\
         # directories that change together, each within {:.1} × the mean change\n\
         # volume. Names, leaders and members are drafts too: edit them.",
        mined.changes.len(),
        names.len(),
        1.0 + design::IMBALANCE
    );
    if let Some(s) = separability {
        let _ = writeln!(
            out,
            "# Repository separability of this draft: {}.",
            pct(Some(s))
        );
    }
    out.push_str("version = 1\n\n");
    let patterns = draft.patterns();
    for (t, name) in names.iter().enumerate() {
        let _ = writeln!(out, "[teams.{name}]");
        match people.leader.get(t).cloned().flatten() {
            Some(l) => {
                let _ = writeln!(out, "leader = {}", toml_string(&l));
            }
            None => {
                out.push_str("# leader = \"someone@example.com\"  # nobody changed this code\n")
            }
        }
        let members: Vec<String> = people
            .members
            .get(t)
            .into_iter()
            .flatten()
            .map(|m| toml_string(m))
            .collect();
        let _ = writeln!(out, "members = [{}]", members.join(", "));
        let dirs: Vec<String> = patterns
            .iter()
            .filter(|p| p.team == t)
            .map(|p| format!("/{}", p.dir))
            .collect();
        let _ = writeln!(
            out,
            "description = {}\n",
            toml_string(&format!(
                "Drafted from history: {}{}",
                dirs.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                if dirs.len() > 3 {
                    format!(" and {} more", dirs.len() - 3)
                } else {
                    String::new()
                }
            ))
        );
    }
    for group in patterns.chunk_by(|a, b| a.team == b.team) {
        let _ = writeln!(
            out,
            "[[own]]\nteam = {}\npaths = [",
            toml_string(&names[group[0].team])
        );
        for p in group {
            let pattern = if p.dir.is_empty() {
                "*".to_string()
            } else {
                format!("/{}", p.dir)
            };
            let _ = writeln!(out, "  {},", toml_string(&pattern));
        }
        out.push_str("]\n\n");
    }
    out
}

fn write_file(path: &Path, text: &str, force: bool) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            return Err(Error::usage(
                format!("{} exists and is not a regular file", path.display()),
                "write the map to a file path (--config FILE)",
            ));
        }
    }
    if force {
        crate::fsutil::write_atomic(path, text.as_bytes())
    } else {
        crate::fsutil::create_atomic(path, text.as_bytes())
    }
}
