//! `teamlint suggest`: the ownership moves that raise the repository's
//! separability most, one at a time, each measured by the metrics engine on
//! the map written out with it.

use std::path::Path;

use super::measure::{load_proposed, mine, Mined};
use super::{write_report_with, Io, Workspace, EXIT_OK};
use super::{Format, Global, SuggestArgs};
use crate::config::Config;
use crate::design::{self, Bounds, Plan, Scope, Unit, Volumes};
use crate::error::{Error, Result};
use crate::metrics::{Metrics, Owners};
use crate::ownership::{Decision, Resolver};
use crate::report::{self, MoveRow, Style, SuggestReport, TeamChange, TeamRow};

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
    let mined = mine(&ws, g, args.no_cache)?;
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
    while moves.len() < args.moves {
        let volumes = Volumes::of(
            &graph,
            &state.owners,
            config.teams.len(),
            &state.tracked_teams(),
        );
        let Some(best) = design::best_move(&graph, &state.owners, &state.units, &volumes, &bounds)
        else {
            notes.push(if moves.is_empty() {
                format!("no move raises separability within the balance bound (÷{0} to ×{0} of each team's change volume); try a wider --balance", args.balance)
            } else {
                format!("no further move raises separability within the balance bound; {} of {} move(s)", moves.len(), args.moves)
            });
            break;
        };
        let unit = &state.units[best.unit];
        let effect = design::effect(&graph, &state.owners, unit, best.to);
        let to = config.teams[best.to].name.clone();
        let from: Vec<String> = unit
            .owners
            .iter()
            .map(|&t| config.teams[t].name.clone())
            .collect();
        let (kind, patterns, line) = describe(&plan, &config, unit);
        let note = format!(
            "teamlint suggest, move {}: {kind} {} from {} to {to} ({} change(s) stop crossing teams)",
            moves.len() + 1,
            patterns.join(", "),
            from.join(" + "),
            crate::finding::text::count(effect.fixed_weight)
        );
        apply(&mut plan, &config, unit, &to, &note);
        config = load_proposed(&ws, &label, plan.render())?;
        let measured = mined.measure(&config);
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
            crate::fsutil::refuse_kept_place(
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
    write_report_with(g, io, |w| report::write_suggest(format, &doc, style, w))?;
    Ok(EXIT_OK)
}

/// The map being changed, resolved over the history and today's files.
struct State {
    owners: Owners,
    units: Vec<Unit>,
    tracked: Vec<Decision>,
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
        }
    }

    fn tracked_teams(&self) -> Vec<&[usize]> {
        self.tracked.iter().map(|d| d.owner.team_ids()).collect()
    }
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

fn apply(plan: &mut Plan, config: &Config, unit: &Unit, to: &str, note: &str) {
    match &unit.scope {
        Scope::Pattern(p) => plan.give(*p..*p + 1, to, note),
        Scope::Rule(r) => plan.give(rule_patterns(config, *r), to, note),
        Scope::Dir { pattern, dir } => plan.give_after(*pattern, &format!("/{dir}"), to, note),
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
    crate::fsutil::write_atomic(path, text.as_bytes())
}

fn repo_name(ws: &Workspace) -> String {
    ws.repo
        .workdir
        .as_deref()
        .unwrap_or_else(|| ws.repo.git_dir())
        .file_name()
        .map_or_else(|| "repository".into(), |n| n.to_string_lossy().into_owned())
}
