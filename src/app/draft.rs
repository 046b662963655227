//! `teamlint init --from-history`: a first map drafted from co-change, for
//! a repository that has none. Its figure is the metrics engine's on the
//! file written, as `teamlint audit` would measure it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::identities::Identities;
use super::Global;
use super::{Io, Workspace};
use teamlint_core::config::{toml_string, Config, FILE_NAME};
use teamlint_core::design::{self, Draft, DraftOptions};
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::Source;
use teamlint_core::ownership::Resolver;
use teamlint_engine::measure::{load_proposed, mine, owners, Mined};

/// The most teams tried for the knee when `--teams` is not given and
/// there is no map to follow.
const MAX_TEAMS: usize = 16;
/// Teams of the first draft that shared infrastructure is found against,
/// when nothing else gives a number.
const PROBE_TEAMS: usize = 8;
/// A separability curve spanning less than this is flat.
const FLAT: f64 = 0.01;
/// Test directories kept with their code, listed at most.
const GLUED_SHOWN: usize = 5;
/// The largest CODEOWNERS read from HEAD.
const MAX_CODEOWNERS: usize = 4 << 20;

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
    let mined = mine(&ws.repo, &ws.config, &ws.resolver, &g.scanning(false))?;
    if mined.changes.is_empty() || tracked.is_empty() {
        return Err(Error::usage(
            "no changes in history: there is nothing to draft teams from",
            "commit first, or write a starter map with `teamlint init`",
        ));
    }
    let graph = mined.graph(&ws.config);
    let min_revs = f64::from(ws.config.coupling.min_revs);
    let today = today_teams(&ws, &target);

    // Shared infrastructure, found against a first, finer draft (twice
    // the teams: a file every team writes is its own team at first, and
    // must not hide the teams that write it), is left out of the one
    // written.
    let first_k = 2 * teams.or(today.as_ref().map(|t| t.0)).unwrap_or(PROBE_TEAMS);
    let first = design::draft(
        &graph,
        &mined.scan.paths,
        &tracked,
        first_k,
        DraftOptions {
            skip: &[],
            min_changes: min_revs,
        },
    );
    let team_of = first.teams_of(&mined.scan.paths);
    let shared = design::shared(
        &graph,
        &mined.scan.paths,
        &|f| team_of.get(f as usize).copied().flatten(),
        &|_| true,
        first.teams.len(),
        min_revs,
    );
    let mut skip = vec![false; mined.scan.paths.len()];
    for s in &shared {
        for &f in &s.files {
            skip[f as usize] = true;
        }
    }
    let options = DraftOptions {
        skip: &skip,
        min_changes: min_revs,
    };
    let (k, why) = match (teams, &today) {
        (Some(k), _) => (k, None),
        (None, Some((n, source))) => (
            *n,
            Some(format!(
                "{n} teams: as many as {source} names today; --teams K drafts another number"
            )),
        ),
        (None, None) => knee(&graph, &mined, &tracked, options),
    };
    let draft = design::draft(&graph, &mined.scan.paths, &tracked, k, options);
    let mut notes: Vec<String> = why.into_iter().collect();
    if draft.teams.len() < k {
        notes.push(format!(
            "{} team(s), not {k}: {}",
            draft.teams.len(),
            if draft.merged > 0 {
                format!(
                    "{} team(s) with fewer than `min_revs` ({min_revs}) changes merged into the team they change with most",
                    draft.merged
                )
            } else {
                "the changed directories do not split further".to_string()
            }
        ));
    }

    let names = team_names(&draft);
    let identities = Identities::of(&ws.repo, &mined);
    let unowned: Vec<String> = shared.iter().map(|s| pattern_of(&s.path)).collect();
    let bare = write_map(&draft, &names, &People::default(), &mined, &unowned, None);
    let people = People::of(
        &mined,
        &identities,
        &load_proposed(&ws.config, &label, bare)?,
        names.len(),
    );
    // People do not change separability: the figure of the map without
    // its header line is the figure of the map with it.
    let unheaded = write_map(&draft, &names, &people, &mined, &unowned, None);
    let figure = mined.measure(&load_proposed(&ws.config, &label, unheaded)?);
    let text = write_map(
        &draft,
        &names,
        &people,
        &mined,
        &unowned,
        figure.separability,
    );
    let config = load_proposed(&ws.config, &label, text.clone())?;
    let measured = mined.measure(&config);
    teamlint_core::fsutil::refuse_kept_place(&target, &super::kept_places(g, true), "the map")?;
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
        for n in &notes {
            let _ = writeln!(io.err, "{n}");
        }
        for s in &shared {
            let _ = writeln!(
                io.err,
                "left unowned: {} ({} changes by {} authors, {:.0}% of them with other code, written alongside {:.1} teams' code, at most {:.0}% one team's): shared infrastructure",
                pattern_of(&s.path),
                teamlint_core::finding::text::count(s.changes),
                s.authors,
                s.alongside * 100.0,
                s.effective_teams,
                s.top_share * 100.0
            );
        }
        for (test, code) in draft.glued.iter().take(GLUED_SHOWN) {
            let _ = writeln!(
                io.err,
                "kept together: /{test} with /{code} (tests beside their code)"
            );
        }
        if draft.glued.len() > GLUED_SHOWN {
            let _ = writeln!(
                io.err,
                "kept together: {} more test directories with their code",
                draft.glued.len() - GLUED_SHOWN
            );
        }
        let unnamed = unnameable_dirs(&tracked);
        if !unnamed.is_empty() {
            let shown: Vec<String> = unnamed
                .iter()
                .take(3)
                .map(|d| format!("`{}`", teamlint_core::finding::text::printable(d)))
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
                teamlint_core::finding::text::count(stats.revs),
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

/// A path as the pattern that names it, and only it.
fn pattern_of(path: &str) -> String {
    format!("/{}", teamlint_core::pattern::escape_literal(path))
}

/// How many teams the repository has today: the declared teams of its
/// OWNERS.toml (the file being replaced, or the root one), else the owners
/// its CODEOWNERS names; with where the number comes from.
fn today_teams(ws: &Workspace, target: &Path) -> Option<(usize, String)> {
    let map = std::fs::read_to_string(target)
        .ok()
        .map(|t| (target.display().to_string(), t))
        .or_else(|| {
            ws.repo
                .read_text(FILE_NAME)
                .ok()
                .flatten()
                .map(|t| (FILE_NAME.to_string(), t))
        });
    if let Some((label, text)) = map {
        if let Ok(config) = Config::load(Source::new(label.clone(), text), Vec::new()) {
            let n = config.teams.iter().filter(|t| t.declared).count();
            if n >= 2 {
                return Some((n, label));
            }
        }
    }
    for at in teamlint_core::codeowners::LOCATIONS
        .iter()
        .chain([&".gitlab/CODEOWNERS"])
    {
        let text = match ws.repo.read_text(at) {
            Ok(Some(t)) => t,
            _ => match head_blob(ws, at) {
                Some(t) => t,
                None => continue,
            },
        };
        let (lines, _) = teamlint_core::codeowners::parse(&text);
        let mut owners: Vec<String> = lines
            .iter()
            .flat_map(|l| l.owners.iter().map(|o| o.to_lowercase()))
            .collect();
        owners.sort_unstable();
        owners.dedup();
        if owners.len() >= 2 {
            return Some((owners.len(), at.to_string()));
        }
    }
    None
}

/// A file's text at HEAD (a clone without a checkout has no working copy).
fn head_blob(ws: &Workspace, path: &str) -> Option<String> {
    let bytes = ws.repo.head_file(path, MAX_CODEOWNERS)?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Without `--teams` or a map to follow: the knee of separability against
/// K (2 to [`MAX_TEAMS`]): the K farthest from the straight line between
/// the first and the last draft, where adding teams starts (or stops)
/// costing separability fast. A flat curve takes the most teams.
fn knee(
    graph: &design::Graph,
    mined: &Mined,
    tracked: &[String],
    options: DraftOptions<'_>,
) -> (usize, Option<String>) {
    let mut curve: Vec<(usize, f64)> = Vec::new();
    for k in 2..=MAX_TEAMS {
        let d = design::draft(graph, &mined.scan.paths, tracked, k, options);
        if d.teams.len() < k {
            break;
        }
        curve.push((k, d.separability.unwrap_or(0.0)));
    }
    let (Some(&(k0, s0)), Some(&(k1, s1))) = (curve.first(), curve.last()) else {
        return (
            2,
            Some("2 teams: the changed directories do not split further".into()),
        );
    };
    let (lo, hi) = curve
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &(_, s)| {
            (lo.min(s), hi.max(s))
        });
    let k = if hi - lo < FLAT || k1 == k0 {
        k1
    } else {
        let x = |k: usize| (k - k0) as f64 / (k1 - k0) as f64;
        let y = |s: f64| (s - lo) / (hi - lo);
        let chord = |k: usize| y(s0) + (y(s1) - y(s0)) * x(k);
        curve
            .iter()
            .max_by(|a, b| {
                let da = (y(a.1) - chord(a.0)).abs();
                let db = (y(b.1) - chord(b.0)).abs();
                da.total_cmp(&db).then(a.0.cmp(&b.0))
            })
            .map_or(k1, |&(k, _)| k)
    };
    let shown: Vec<String> = curve
        .iter()
        .map(|(k, s)| format!("{k}: {:.1}%", s * 100.0))
        .collect();
    (
        k,
        Some(format!(
            "{k} teams: the knee of separability against the number of teams ({}); --teams K drafts another number",
            shown.join(", ")
        )),
    )
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

/// Directory names that say where code sits, not what it is.
const GENERIC: [&str; 14] = [
    "src",
    "lib",
    "pkg",
    "internal",
    "crates",
    "cmd",
    "contrib",
    "app",
    "apps",
    "packages",
    "modules",
    "components",
    "libs",
    "source",
];

/// Each team named after its directories: the deepest directory holding
/// at least half of the team's changes (below a directory that only says
/// where code sits, like `src/`, its busiest subdirectory); a second team
/// of the same name adds its next busiest directory.
fn team_names(draft: &Draft) -> Vec<String> {
    let k = draft.teams.len();
    let mut under: HashMap<(&str, usize), f64> = HashMap::new();
    let mut total = vec![0.0; k];
    for (u, dir) in draft.dirs.iter().enumerate() {
        let (t, w) = (draft.team_of[u], draft.weight[u]);
        if w <= 0.0 {
            continue;
        }
        total[t] += w;
        for (i, _) in dir.match_indices('/') {
            *under.entry((&dir[..=i], t)).or_default() += w;
        }
    }
    let heaviest = |t: usize, within: &str, depth: usize| -> Option<&str> {
        under
            .iter()
            .filter(|((d, tt), _)| {
                *tt == t && d.starts_with(within) && d.matches('/').count() == depth
            })
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0 .0.cmp(a.0 .0)))
            .map(|((d, _), _)| *d)
    };
    let mut names: Vec<String> = Vec::with_capacity(k);
    for (t, &mass) in total.iter().enumerate() {
        let covering = under
            .iter()
            .filter(|((_, tt), &w)| *tt == t && w >= mass / 2.0)
            .map(|((d, _), _)| *d)
            .max_by(|a, b| a.len().cmp(&b.len()).then(b.cmp(a)));
        let mut dir = covering.or_else(|| heaviest(t, "", 1)).unwrap_or("");
        while GENERIC.contains(&last(dir)) {
            match heaviest(t, dir, dir.matches('/').count() + 1) {
                Some(child) => dir = child,
                None => break,
            }
        }
        let base = if dir.is_empty() {
            "root".to_string()
        } else {
            slug(last(dir))
        };
        let mut name = base.clone();
        if names.contains(&name) {
            let other = under
                .iter()
                .filter(|((d, tt), _)| *tt == t && !d.starts_with(dir) && !dir.starts_with(*d))
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0 .0.cmp(a.0 .0)))
                .map(|((d, _), _)| slug(last(d)));
            if let Some(o) = other {
                name = format!("{base}-{o}");
            }
        }
        let mut n = 2;
        let stem = name.clone();
        while names.contains(&name) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// The last component of a directory (`a/b/`: `b`).
fn last(dir: &str) -> &str {
    dir.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

fn slug(dir: &str) -> String {
    let mut out = String::new();
    for c in dir.chars() {
        match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => out.push(c),
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

/// Who changes each team's code, person by person (several addresses of
/// one person counted together): the leader (the person who changes it
/// most and leads no other team; when everyone who changes it leads
/// another, the one who changes it most) and the members (the people with
/// `min_revs` changes more than half of which touch it). Each person is
/// written with every address they commit under, so that the metrics
/// count all of their changes.
#[derive(Default)]
struct People {
    leader: Vec<Option<String>>,
    /// Per team: each member's addresses (the leader's other addresses
    /// first) and name.
    members: Vec<Vec<(Vec<String>, String)>>,
}

impl People {
    fn of(mined: &Mined, ids: &Identities, config: &Config, teams: usize) -> People {
        let resolver = Resolver::new(config);
        let owners = owners(config, &resolver, &mined.scan, &mined.changes);
        let email = |a: usize| mined.scan.authors.get(a).cloned().unwrap_or_default();
        // Per person: changes per team, then in all; per address: changes.
        let mut rows: Vec<Vec<f64>> = vec![vec![0.0; teams + 1]; ids.people()];
        let mut per_address = vec![0usize; mined.scan.authors.len()];
        let mut touched = Vec::new();
        for c in &mined.changes {
            let a = c.author as usize;
            let (Some(&p), Some(n)) = (ids.person.get(a), per_address.get_mut(a)) else {
                continue;
            };
            *n += 1;
            touched.clear();
            touched.extend(c.files.iter().flat_map(|&f| owners.of(f).iter().copied()));
            touched.sort_unstable();
            touched.dedup();
            let row = &mut rows[p];
            row[teams] += 1.0;
            for &t in &touched {
                if t < teams {
                    row[t] += 1.0;
                }
            }
        }
        // Each person's addresses, the most used first; bots are nobody.
        let mut addresses: Vec<Vec<usize>> = vec![Vec::new(); ids.people()];
        for (a, &p) in ids.person.iter().enumerate() {
            if per_address[a] > 0 && !is_bot(&email(a)) {
                addresses[p].push(a);
            }
        }
        for list in &mut addresses {
            list.sort_by(|&x, &y| {
                per_address[y]
                    .cmp(&per_address[x])
                    .then(email(x).cmp(&email(y)))
            });
        }
        let people: Vec<usize> = (0..ids.people())
            .filter(|&p| !addresses[p].is_empty())
            .collect();
        let key = |p: usize| email(addresses[p][0]);
        let mut leader_of: Vec<Option<usize>> = vec![None; teams];
        let mut leads: Vec<usize> = Vec::new();
        // The busiest teams choose first.
        let mut order: Vec<usize> = (0..teams).collect();
        let volume = |t: usize| people.iter().map(|&p| rows[p][t]).sum::<f64>();
        order.sort_by(|&a, &b| volume(b).total_cmp(&volume(a)).then(a.cmp(&b)));
        for &t in &order {
            let pick = |free: bool| {
                people
                    .iter()
                    .copied()
                    .filter(|&p| rows[p][t] > 0.0 && !(free && leads.contains(&p)))
                    .max_by(|&x, &y| {
                        rows[x][t]
                            .total_cmp(&rows[y][t])
                            .then_with(|| key(y).cmp(&key(x)))
                    })
            };
            // Nobody left who changes it: the busiest of them leads two.
            if let Some(p) = pick(true).or_else(|| pick(false)) {
                leads.push(p);
                leader_of[t] = Some(p);
            }
        }
        // A team nobody changes (its code changed only by bots): the
        // busiest person of all.
        let busiest = people.iter().copied().max_by(|&x, &y| {
            rows[x][teams]
                .total_cmp(&rows[y][teams])
                .then_with(|| key(y).cmp(&key(x)))
        });
        for slot in leader_of.iter_mut().filter(|l| l.is_none()) {
            *slot = busiest;
        }
        let min = f64::from(config.coupling.min_revs);
        let mut members: Vec<Vec<(Vec<String>, String)>> = vec![Vec::new(); teams];
        let name = |p: usize| ids.names.get(p).cloned().unwrap_or_default();
        for (t, l) in leader_of.iter().enumerate() {
            if let Some(&p) = l.as_ref() {
                let others: Vec<String> = addresses[p][1..].iter().map(|&a| email(a)).collect();
                if !others.is_empty() && !members[t].iter().any(|(_, n)| *n == name(p)) {
                    members[t].push((others, name(p)));
                }
            }
        }
        let mut listed: Vec<usize> = people.clone();
        listed.sort_by_key(|&p| key(p));
        for p in listed {
            let r = &rows[p];
            if leads.contains(&p) || r[teams] < min {
                continue;
            }
            if let Some(t) = (0..teams).find(|&t| r[t] > r[teams] / 2.0) {
                members[t].push((addresses[p].iter().map(|&a| email(a)).collect(), name(p)));
            }
        }
        People {
            leader: leader_of
                .into_iter()
                .map(|l| l.map(|p| email(addresses[p][0])))
                .collect(),
            members,
        }
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
    unowned: &[String],
    separability: Option<f64>,
) -> String {
    let mut out = format!("#:schema {}\n", teamlint_core::config::schema::URL);
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
        let members = people.members.get(t).map_or(&[][..], |m| &m[..]);
        if members.is_empty() {
            out.push_str("members = []\n");
        } else {
            out.push_str("members = [\n");
            for (addresses, who) in members {
                let list: Vec<String> = addresses.iter().map(|a| toml_string(a)).collect();
                let who = who.replace(|c: char| c.is_control(), " ");
                let _ = writeln!(out, "  {},  # {}", list.join(", "), who.trim());
            }
            out.push_str("]\n");
        }
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
                format!("/{}", teamlint_core::pattern::escape_literal(&p.dir))
            };
            let _ = writeln!(out, "  {},", toml_string(&pattern));
        }
        out.push_str("]\n\n");
    }
    if !unowned.is_empty() {
        out.push_str(
            "# Shared infrastructure: most teams write these alongside their own code.\n\
             [[own]]\nunowned = true\npaths = [\n",
        );
        for p in unowned {
            let _ = writeln!(out, "  {},", toml_string(p));
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
        teamlint_core::fsutil::write_atomic(path, text.as_bytes())
    } else {
        teamlint_core::fsutil::create_atomic(path, text.as_bytes())
    }
}
