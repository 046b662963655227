//! `teamlint suggest`: the ownership moves that raise the repository's
//! separability most, one at a time, each measured by the metrics engine on
//! the map written out with it.

use std::path::Path;

use super::{write_report_with, Io, Workspace, EXIT_OK};
use super::{Format, Global, SuggestArgs};
use teamlint_core::config::Config;
use teamlint_core::design::{self, Bounds, OwnerSpec, Plan, Scope, Unit, Volumes};
use teamlint_core::error::{Error, Result};
use teamlint_core::metrics::{Metrics, Owners};
use teamlint_core::ownership::{Decision, Resolver};
use teamlint_engine::measure::{load_proposed, mine, Mined};
use teamlint_report::{MoveRow, Style, SuggestReport, TeamChange, TeamRow};

/// Commits shown for a move.
const EVIDENCE_COMMITS: usize = 3;

pub fn run(g: &Global, args: &SuggestArgs, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    if !(args.balance.is_finite() && args.balance >= 1.0) {
        return Err(Error::usage(
            format!("--balance {} is not a bound", args.balance),
            "give a factor of 1 or more: 2 keeps each team between half and twice its change volume",
        ));
    }
    let (ws, tracked) = Workspace::load(g, None, &[])?;
    let declared = ws.config.teams.iter().filter(|t| t.declared).count();
    if declared < 2 {
        return Err(Error::usage(
            format!("the map has {declared} team(s): there is nothing to move between teams"),
            "declare the teams in OWNERS.toml, or draft them with `teamlint init --from-history`",
        ));
    }
    let mined = mine(
        &ws.repo,
        &ws.config,
        &ws.resolver,
        &g.scanning(args.no_cache),
    )?;
    if mined.changes.is_empty() {
        return Err(Error::usage(
            "no changes in the window: there is no history to learn a split from",
            "suggest reads the changes `audit` counts; commit first, or widen `[coupling] since`",
        ));
    }
    let mut plan = Plan::new(&ws.config).map_err(|e| {
        Error::usage(
            format!(
                "cannot propose moves in {}: {}",
                ws.config.sources[0].path, e.0
            ),
            "suggest rewrites the root OWNERS.toml's [[own]] tables",
        )
    })?;
    let label = ws.config.sources[0].path.clone();
    let excluded = |p: &str| ws.resolver.is_excluded(p);
    let graph = mined.graph(&ws.config);

    let today = mined.measure(&ws.config);
    let mut state = State::new(&ws.config, &mined, &tracked, &excluded);
    if state.units.is_empty() {
        return Err(Error::usage(
            "no pattern of the root OWNERS.toml owns a file that changed in the window: nothing can move",
            "suggest moves what a pattern of the root file decides; directory files and unowned paths stay",
        ));
    }
    let start = Volumes::of(
        &graph,
        &state.owners,
        ws.config.teams.len(),
        &state.tracked_teams(),
    );
    let receives = ws.config.teams.iter().map(|t| t.declared).collect();
    let bounds = Bounds::around(&start, args.balance, receives);

    let mut moves = Vec::new();
    let mut last = today.clone();
    let mut config = ws.config.clone();
    let mut notes = Vec::new();

    // Shared infrastructure first: each candidate declared unowned, a move
    // of its own, measured like the others.
    let shared = shared_candidates(
        &state,
        &graph,
        &mined,
        &tracked,
        config.teams.len(),
        &config,
    );
    for s in shared.iter().take(args.moves) {
        let pattern = format!("/{}", teamlint_core::pattern::escape_literal(&s.path));
        let from = owners_of(&state, &s.files, &config);
        let effect = design::unown_effect(&graph, &state.owners, &s.files);
        let note = format!(
            "teamlint suggest, move {}: {pattern} is shared infrastructure ({} changes by {} authors, written alongside {:.1} teams' code, at most {:.0}% one team's): left unowned",
            moves.len() + 1,
            teamlint_core::finding::text::count(s.changes),
            s.authors,
            s.effective_teams,
            s.top_share * 100.0
        );
        plan.append(OwnerSpec::Unowned, &pattern, &note);
        config = load_proposed(&ws.config, &label, plan.render())?;
        let measured = mined.measure(&config);
        let tracked_files = tracked.iter().filter(|p| covers(&s.path, p)).count() as u32;
        moves.push(MoveRow {
            kind: "unowned",
            patterns: vec![pattern.clone()],
            location: format!(
                "{label}:{}",
                line_of_last(&plan.render(), &teamlint_core::config::toml_string(&pattern))
            ),
            from,
            to: "unowned".into(),
            files: tracked_files,
            separability: measured.separability,
            teams: changed_teams(&last, &measured),
            fixed: effect.fixed_weight,
            broken: effect.broken_weight,
            commits: effect
                .fixed
                .iter()
                .take(EVIDENCE_COMMITS)
                .filter_map(|&c| mined.commit_ref(c))
                .collect(),
            why: Some(format!(
                "{} of {} changes write it alongside other code, from {} teams' code evenly (effectively {:.1}; no team over {:.0}%): no one team can own it without every other team's changes crossing into it",
                teamlint_core::finding::text::count(s.changes * s.alongside),
                teamlint_core::finding::text::count(s.changes),
                s.teams,
                s.effective_teams,
                s.top_share * 100.0
            )),
        });
        last = measured;
        state = State::new(&config, &mined, &tracked, &excluded);
    }

    // A file moves at most once in a proposal.
    let mut moved = vec![false; mined.scan.paths.len()];
    // A better move the bound rules out is explained once.
    let mut explained: Vec<Vec<u32>> = Vec::new();
    while moves.len() < args.moves {
        let volumes = Volumes::of(
            &graph,
            &state.owners,
            config.teams.len(),
            &state.tracked_teams(),
        );
        let movable: Vec<Unit> = state
            .units
            .iter()
            .filter(|u| !u.follows_code && !u.files.iter().any(|&f| moved[f as usize]))
            .cloned()
            .collect();
        let design::Best { within: best, free } =
            design::best_move(&graph, &state.owners, &movable, &volumes, &bounds);
        let forced = match (&best, &free) {
            (b, Some(f))
                if f.rise > b.as_ref().map_or(0.0, |b| b.rise) + 1e-12
                    && !explained.contains(&movable[f.unit].files) =>
            {
                explained.push(movable[f.unit].files.clone());
                let unit = &movable[f.unit];
                let (kind, patterns, _) = describe(&plan, &config, unit);
                let moving: f64 = unit.files.iter().map(|&x| graph.revs[x as usize]).sum();
                let bound = Bound {
                    now: &volumes,
                    start: &start,
                    balance: args.balance,
                };
                Some(bound.note(
                    f,
                    unit,
                    moving,
                    &format!("{kind} {}", patterns.join(", ")),
                    &config,
                ))
            }
            _ => None,
        };
        let Some(best) = best else {
            notes.push(if moves.is_empty() {
                format!("no move raises separability within the balance bound (÷{0} to ×{0} of each team's change volume); try a wider --balance", args.balance)
            } else {
                format!("no further move raises separability within the balance bound; {} of {} move(s)", moves.len(), args.moves)
            });
            if let Some(f) = forced {
                notes.push(f);
            }
            break;
        };
        let unit = &movable[best.unit];
        let effect = design::effect(&graph, &state.owners, unit, best.to);
        let to = config.teams[best.to].name.clone();
        let from: Vec<String> = unit
            .owners
            .iter()
            .map(|&t| config.teams[t].name.clone())
            .collect();
        let (kind, mut patterns, line) = describe(&plan, &config, unit);
        patterns.extend(
            unit.tests
                .iter()
                .map(|(t, _)| format!("/{}", teamlint_core::pattern::escape_literal(t))),
        );
        let note = format!(
            "teamlint suggest, move {}: {kind} {} from {} to {to} ({} change(s) stop crossing teams)",
            moves.len() + 1,
            patterns.join(", "),
            from.join(" + "),
            teamlint_core::finding::text::count(effect.fixed_weight)
        );
        apply(&mut plan, &config, unit, &to, &note);
        for &f in &unit.files {
            moved[f as usize] = true;
        }
        config = load_proposed(&ws.config, &label, plan.render())?;
        let measured = mined.measure(&config);
        let mut why = Vec::new();
        if !unit.tests.is_empty() {
            why.push(format!(
                "its tests ({}) move with it: the layout pairs them with this code",
                unit.tests
                    .iter()
                    .map(|(t, _)| format!("/{t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        why.extend(forced);
        moves.push(MoveRow {
            kind,
            patterns,
            location: format!("{label}:{}", line.unwrap_or(0)),
            from,
            to,
            files: unit.tracked,
            separability: measured.separability,
            teams: changed_teams(&last, &measured),
            fixed: effect.fixed_weight,
            broken: effect.broken_weight,
            commits: effect
                .fixed
                .iter()
                .take(EVIDENCE_COMMITS)
                .filter_map(|&c| mined.commit_ref(c))
                .collect(),
            why: (!why.is_empty()).then(|| why.join("; ")),
        });
        last = measured;
        state = State::new(&config, &mined, &tracked, &excluded);
    }

    let end = Volumes::of(
        &graph,
        &state.owners,
        config.teams.len(),
        &state.tracked_teams(),
    );
    let teams = team_rows(&today, &last, &start, &end);
    let written = match &args.write {
        Some(path) if !moves.is_empty() => {
            teamlint_core::fsutil::refuse_kept_place(
                path,
                &super::kept_places(g, true),
                "the proposed map",
            )?;
            write_map(path, &plan.render())?;
            Some(path.display().to_string())
        }
        Some(path) => {
            notes.push(format!(
                "{} not written: there is no move to apply",
                path.display()
            ));
            None
        }
        None => None,
    };
    let doc = SuggestReport {
        repo: repo_name(&ws),
        window: mined.window.clone(),
        before: today.separability,
        after: last.separability,
        moves,
        teams,
        bound: args.balance,
        written,
        notes,
    };
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| {
        teamlint_report::write_suggest(format, &doc, style, w)
    })?;
    Ok(EXIT_OK)
}

/// The map being changed, resolved over the history and today's files.
struct State {
    owners: Owners,
    units: Vec<Unit>,
    tracked: Vec<Decision>,
    /// Each history path's decision.
    history: Vec<Decision>,
}

impl State {
    fn new(
        config: &Config,
        mined: &Mined,
        tracked: &[String],
        excluded: &dyn Fn(&str) -> bool,
    ) -> State {
        let resolver = Resolver::new(config);
        let history = resolver.decide_all(&mined.scan.paths);
        let now = resolver.decide_all(tracked);
        let owners = Owners::new(history.iter().map(|d| d.owner.sole()));
        let pairs = |paths: &[String], ds: &[Decision]| -> Vec<(String, Decision)> {
            paths.iter().cloned().zip(ds.iter().cloned()).collect()
        };
        let h = pairs(&mined.scan.paths, &history);
        let t = pairs(tracked, &now);
        let h: Vec<(&str, &Decision)> = h.iter().map(|(p, d)| (p.as_str(), d)).collect();
        let tr: Vec<(&str, &Decision)> = t.iter().map(|(p, d)| (p.as_str(), d)).collect();
        let units = design::units(config, &h, excluded, &tr);
        State {
            owners,
            units,
            tracked: now,
            history,
        }
    }

    fn tracked_teams(&self) -> Vec<&[usize]> {
        self.tracked.iter().map(|d| d.owner.team_ids()).collect()
    }
}

/// The map's own files are the map owner's, never shared infrastructure.
fn is_map_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == teamlint_core::config::FILE_NAME || name == "CODEOWNERS"
}

/// Shared infrastructure the root file can declare unowned: some of its
/// changed files owned today, one of them tracked, every path under it
/// decided by the root file; busiest first.
fn shared_candidates(
    state: &State,
    graph: &design::Graph,
    mined: &Mined,
    tracked: &[String],
    teams: usize,
    config: &Config,
) -> Vec<design::Shared> {
    let eligible = |f: u32| {
        let path = &mined.scan.paths[f as usize];
        !is_map_file(path)
            && state
                .history
                .get(f as usize)
                .is_some_and(|d| d.rule.is_none_or(|r| r.file == 0))
    };
    let min_revs = f64::from(config.coupling.min_revs);
    let mut found = design::shared(
        graph,
        &mined.scan.paths,
        &|f| state.owners.single(f),
        &eligible,
        teams,
        min_revs,
    );
    found.retain(|s| {
        s.files.iter().any(|&f| !state.owners.of(f).is_empty())
            && tracked.iter().any(|p| covers(&s.path, p))
    });
    if found.is_empty() {
        return found;
    }
    // Today's teams may cut a cluster of code that changes together (a
    // module spread over several teams' directories): its files would look
    // written by many teams. Shared infrastructure is written by many
    // clusters too, as history draws them (twice today's teams).
    let clusters = design::draft(
        graph,
        &mined.scan.paths,
        tracked,
        2 * teams,
        design::DraftOptions {
            skip: &[],
            min_changes: min_revs,
        },
    );
    let cluster_of = clusters.teams_of(&mined.scan.paths);
    let diffuse: Vec<String> = design::shared(
        graph,
        &mined.scan.paths,
        &|f| cluster_of.get(f as usize).copied().flatten(),
        &eligible,
        clusters.teams.len(),
        min_revs,
    )
    .into_iter()
    .map(|s| s.path)
    .collect();
    found.retain(|s| diffuse.contains(&s.path));
    found.sort_by(|a, b| b.changes.total_cmp(&a.changes).then(a.path.cmp(&b.path)));
    found
}

/// Does a shared candidate (a directory ending with `/`, or a file) hold `path`?
fn covers(candidate: &str, path: &str) -> bool {
    if candidate.ends_with('/') {
        path.starts_with(candidate)
    } else {
        path == candidate
    }
}

/// The teams that own some of `files` today.
fn owners_of(state: &State, files: &[u32], config: &Config) -> Vec<String> {
    let mut ids: Vec<usize> = files
        .iter()
        .flat_map(|&f| state.owners.of(f).iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.iter()
        .filter_map(|&t| config.teams.get(t).map(|t| t.name.clone()))
        .collect()
}

/// The one-based line of the last line of `text` holding `needle`.
fn line_of_last(text: &str, needle: &str) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .last()
        .map_or(0, |(i, _)| i + 1)
}

/// The patterns a unit's rule holds, by position in the root file.
fn rule_patterns(config: &Config, rule: usize) -> std::ops::Range<usize> {
    let ids: Vec<usize> = config.files[0]
        .patterns()
        .enumerate()
        .filter(|(_, (r, _, _))| *r == rule)
        .map(|(i, _)| i)
        .collect();
    match (ids.first(), ids.last()) {
        (Some(&a), Some(&b)) => a..b + 1,
        _ => 0..0,
    }
}

fn describe(
    plan: &Plan,
    config: &Config,
    unit: &Unit,
) -> (&'static str, Vec<String>, Option<usize>) {
    match &unit.scope {
        Scope::Pattern(p) => (
            "pattern",
            plan.pattern(*p).map(String::from).into_iter().collect(),
            plan.line(*p),
        ),
        Scope::Rule(r) => {
            let range = rule_patterns(config, *r);
            let line = plan.line(range.start);
            (
                "rule",
                range
                    .filter_map(|p| plan.pattern(p).map(String::from))
                    .collect(),
                line,
            )
        }
        Scope::Dir { pattern, dir } => ("directory", vec![format!("/{dir}")], plan.line(*pattern)),
    }
}

/// Writes a move: the unit's own patterns, then a pattern for each test
/// directory that moves with it, inserted from the last position back so
/// that no insertion shifts another's place.
fn apply(plan: &mut Plan, config: &Config, unit: &Unit, to: &str, note: &str) {
    let mut inserts: Vec<(usize, String)> = unit
        .tests
        .iter()
        .map(|(t, after)| {
            (
                *after,
                format!("/{}", teamlint_core::pattern::escape_literal(t)),
            )
        })
        .collect();
    match &unit.scope {
        Scope::Pattern(p) => plan.give(*p..*p + 1, to, note),
        Scope::Rule(r) => plan.give(rule_patterns(config, *r), to, note),
        Scope::Dir { pattern, dir } => inserts.push((*pattern, format!("/{dir}"))),
    }
    inserts.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    for (after, pattern) in inserts {
        plan.give_after(after, &pattern, to, note);
    }
}

/// The balance bound a move is held to.
struct Bound<'a> {
    now: &'a Volumes,
    start: &'a Volumes,
    balance: f64,
}

impl Bound<'_> {
    /// Why the bound forced a worse move: the move `free` that would gain
    /// more (`unit`, `moving` volume, described as `what`), and how far it
    /// would take a team's change volume.
    fn note(
        &self,
        free: &design::Candidate,
        unit: &Unit,
        moving: f64,
        what: &str,
        config: &Config,
    ) -> String {
        let (now, balance) = (self.now, self.balance);
        let ratio = |t: usize, v: f64| match self.start.volume.get(t) {
            Some(&base) if base > 0.0 => v / base,
            _ => f64::INFINITY,
        };
        let mut beyond = Vec::new();
        let r = ratio(free.to, now.volume[free.to] + moving);
        if r > balance + 1e-9 {
            beyond.push(format!("{} to ×{r:.2}", config.teams[free.to].name));
        }
        // A shared unit's volume is no giver's to lose.
        let givers = if unit.owners.len() == 1 {
            &unit.owners[..]
        } else {
            &[]
        };
        for &o in givers.iter().filter(|&&o| o != free.to) {
            let r = ratio(o, now.volume.get(o).copied().unwrap_or(0.0) - moving);
            if r < 1.0 / balance - 1e-9 {
                beyond.push(format!("{} to ×{r:.2}", config.teams[o].name));
            }
        }
        format!(
            "the balance bound (÷{balance} to ×{balance}) rules out a better move: {what} to {} would make {} change(s) single-team but take {} of today's change volume",
            config.teams[free.to].name,
            teamlint_core::finding::text::count(free.gain),
            if beyond.is_empty() {
                "a team beyond the bound".to_string()
            } else {
                beyond.join(" and ")
            }
        )
    }
}

/// The teams whose separability differs between two measurements.
fn changed_teams(before: &Metrics, after: &Metrics) -> Vec<TeamChange> {
    before
        .teams
        .iter()
        .zip(&after.teams)
        .filter(|(a, b)| match (a.separability, b.separability) {
            (Some(x), Some(y)) => (x - y).abs() > 1e-9,
            (None, None) => false,
            _ => true,
        })
        .map(|(a, b)| TeamChange {
            name: a.name.clone(),
            before: a.separability,
            after: b.separability,
        })
        .collect()
}

fn team_rows(today: &Metrics, proposed: &Metrics, start: &Volumes, end: &Volumes) -> Vec<TeamRow> {
    today
        .teams
        .iter()
        .zip(&proposed.teams)
        .enumerate()
        .map(|(i, (a, b))| TeamRow {
            name: a.name.clone(),
            separability_before: a.separability,
            separability_after: b.separability,
            volume_before: start.volume.get(i).copied().unwrap_or(0.0),
            volume_after: end.volume.get(i).copied().unwrap_or(0.0),
        })
        .collect()
}

/// Writes the proposed map, never over something that is not a file.
fn write_map(path: &Path, text: &str) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            return Err(Error::usage(
                format!("{} exists and is not a regular file", path.display()),
                "give --write a file path",
            ));
        }
    }
    teamlint_core::fsutil::write_atomic(path, text.as_bytes())
}

fn repo_name(ws: &Workspace) -> String {
    ws.repo
        .workdir
        .as_deref()
        .unwrap_or_else(|| ws.repo.git_dir())
        .file_name()
        .map_or_else(|| "repository".into(), |n| n.to_string_lossy().into_owned())
}
