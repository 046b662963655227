//! The metrics of one ownership map over the scanned history, computed the
//! same way for every command that shows them (`audit`, `suggest`, `init
//! --from-history`): one figure, one engine.

use teamlint_core::config::people::People;
use teamlint_core::config::Config;
use teamlint_core::error::Result;
use teamlint_core::finding::CommitRef;
use teamlint_core::metrics::Window;
use teamlint_core::metrics::{self, Change, Input, Metrics, Owners};
use teamlint_core::ownership::Resolver;
use teamlint_git::history::{self, changes, Interrupt, Scan};
use teamlint_git::repo::Repo;

/// Builds the metrics input for one ownership map and hands it to `f`.
pub fn with_input<T>(
    config: &Config,
    owners: &Owners,
    scan: &Scan,
    changes: &[Change],
    reference_time: i64,
    teams_only: bool,
    f: impl FnOnce(&Input<'_>) -> T,
) -> T {
    let names: Vec<String> = config.teams.iter().map(|t| t.name.clone()).collect();
    let declared = |a: usize, b: usize| config.declared_pair(a, b);
    let people = People::new(config);
    let leaders = People::leaders(config);
    let author_teams: Vec<Option<usize>> = scan
        .authors
        .iter()
        .map(|email| people.team_of(email))
        .collect();
    let author_leads: Vec<Option<usize>> = scan
        .authors
        .iter()
        .map(|email| leaders.team_of(email))
        .collect();
    f(&Input {
        changes,
        paths: &scan.paths,
        owners,
        team_names: &names,
        declared: &declared,
        author_teams: &author_teams,
        author_leads: &author_leads,
        coupling: &config.coupling,
        reference_time,
        teams_only,
    })
}

/// Every path's owning teams today, by path id, for the paths the changes
/// touch (a long history names many paths that no counted change does).
/// The scan's paths are sorted, as the sweep needs them.
pub fn owners(config: &Config, resolver: &Resolver, scan: &Scan, changes: &[Change]) -> Owners {
    let mut used = vec![false; scan.paths.len()];
    for c in changes {
        for &f in &c.files {
            used[f as usize] = true;
        }
    }
    let mut wanted: Vec<&str> = Vec::with_capacity(scan.paths.len());
    wanted.extend(
        scan.paths
            .iter()
            .zip(&used)
            .filter(|(_, &u)| u)
            .map(|(p, _)| p.as_str()),
    );
    let decided = resolver.decide_all(&wanted);
    let mut next = decided.iter();
    let mut shared = SharedRules::default();
    let mut by_path = Vec::with_capacity(used.len());
    let owners = Owners::new(used.iter().map(|&u| {
        let d = if u { next.next() } else { None };
        by_path.push(d.map_or(Owners::NOT_SHARED, |d| shared.id(config, resolver, d)));
        d.map_or(&[][..], |d| d.owner.sole())
    }));
    owners.with_shared(shared.defs, by_path)
}

/// The shared rules met while resolving, numbered as they are met.
#[derive(Default)]
struct SharedRules {
    ids: std::collections::HashMap<teamlint_core::ownership::RuleRef, u32>,
    defs: Vec<metrics::SharedRuleDef>,
}

impl SharedRules {
    /// The number of the shared rule that decided `d`, if one did.
    fn id(
        &mut self,
        config: &Config,
        resolver: &Resolver,
        d: &teamlint_core::ownership::Decision,
    ) -> u32 {
        let (teamlint_core::ownership::Owner::Teams(teams), Some(r)) = (&d.owner, d.rule) else {
            return Owners::NOT_SHARED;
        };
        if let Some(&id) = self.ids.get(&r) {
            return id;
        }
        let (file, line, pattern) = teamlint_core::ownership::RuleInfo::of(config, resolver, r)
            .map(|i| (i.file, i.line, i.pattern))
            .unwrap_or_default();
        let id = self.defs.len() as u32;
        self.defs.push(metrics::SharedRuleDef {
            file,
            line,
            pattern,
            teams: teams
                .iter()
                .map(|&t| config.teams[t].name.clone())
                .collect(),
        });
        self.ids.insert(r, id);
        id
    }
}

pub fn measure(
    config: &Config,
    owners: &Owners,
    scan: &Scan,
    changes: &[Change],
    reference_time: i64,
    teams_only: bool,
) -> Metrics {
    with_input(
        config,
        owners,
        scan,
        changes,
        reference_time,
        teams_only,
        metrics::compute,
    )
}

/// The newest committer date among `changes` (ages for `half_life` are
/// measured from it); the walk's order need not be the dates' (clock skew).
pub fn newest(changes: &[Change]) -> Option<i64> {
    changes.iter().map(|c| c.time).max()
}

/// What history a run counted: its bounds, its changes and what it skipped.
pub fn window(
    scan: &Scan,
    built: &changes::Changes,
    since: Option<i64>,
    until: Option<i64>,
) -> Window {
    let date = |c: &Change| teamlint_core::date::format_date(c.time);
    Window {
        since: since.map(teamlint_core::date::format_date),
        until: until.map(teamlint_core::date::format_date),
        changes: built.changes.len(),
        skipped_large: built.skipped_large.len(),
        skipped_authors: built.skipped_authors,
        skipped_missing: scan.missing.len(),
        skipped_large_ids: built
            .skipped_large
            .iter()
            .map(|&i| metrics::short(scan.commits[i].id))
            .collect(),
        // Committer dates need not follow the walk's order (clock skew).
        first: built.changes.iter().min_by_key(|c| c.time).map(date),
        last: built.changes.iter().max_by_key(|c| c.time).map(date),
    }
}

/// The history a design command learns from: the same window, changes and
/// weights as `audit` under the same `[coupling]` settings.
pub struct Mined {
    pub scan: Scan,
    pub changes: Vec<Change>,
    pub window: Window,
    /// Ages for `half_life` are measured from here (the newest change).
    pub reference_time: i64,
}

/// How a history scan runs: with the cache or not, on how many threads
/// (0: one per core), and where Ctrl-C asks it to stop.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scanning {
    pub use_cache: bool,
    pub threads: usize,
    pub interrupt: Option<&'static Interrupt>,
}

impl Scanning {
    /// The scan of a window under a map's `[coupling]` settings; with
    /// `landings`, also what lead time needs.
    pub fn options(
        &self,
        config: &Config,
        since: Option<i64>,
        until: Option<i64>,
        landings: bool,
    ) -> history::Options {
        history::Options {
            changeset: config.coupling.changeset,
            since,
            until,
            use_cache: self.use_cache,
            threads: self.threads,
            interrupt: self.interrupt,
            landings,
        }
    }
}

/// The history of the window `[coupling] since` sets, under `config`.
pub fn mine(
    repo: &Repo,
    config: &Config,
    resolver: &Resolver,
    scanning: &Scanning,
) -> Result<Mined> {
    let coupling = &config.coupling;
    let now = teamlint_core::date::now();
    let since = coupling.since.map(|s| s.resolve(now));
    let cached = scanning
        .use_cache
        .then(|| history::cache::load(&history::cache::path(repo.git_dir())))
        .flatten();
    let scan = history::scan(
        &repo.git,
        &scanning.options(config, since, None, false),
        cached,
        &|_, _| {},
    )?;
    let excluded = |p: &str| resolver.is_excluded(p);
    let built = changes::build(&scan, &changes::Filter::new(coupling, &excluded));
    let window = window(&scan, &built, since, None);
    let reference_time = newest(&built.changes).unwrap_or(now);
    Ok(Mined {
        scan,
        changes: built.changes,
        window,
        reference_time,
    })
}

impl Mined {
    /// A change as evidence.
    pub fn commit_ref(&self, change: usize) -> Option<CommitRef> {
        let c = self.changes.get(change)?;
        let id = self.scan.commits.get(c.index)?.id.to_string();
        Some(CommitRef {
            id: id[..id.len().min(10)].to_string(),
            date: teamlint_core::date::format_date(c.time),
            subject: self.scan.subjects.get(c.index).cloned().unwrap_or_default(),
        })
    }

    /// The metrics of `config` over this history, as `audit` (and `audit
    /// --compare`) computes them.
    pub fn measure(&self, config: &Config) -> Metrics {
        let resolver = Resolver::new(config);
        let owners = owners(config, &resolver, &self.scan, &self.changes);
        measure(
            config,
            &owners,
            &self.scan,
            &self.changes,
            self.reference_time,
            true,
        )
    }

    /// The history as a hypergraph, weighted as the metrics weigh it.
    pub fn graph(&self, config: &Config) -> teamlint_core::design::Graph {
        with_input(
            config,
            &Owners::default(),
            &self.scan,
            &self.changes,
            self.reference_time,
            true,
            |input| {
                teamlint_core::design::Graph::new(&self.changes, self.scan.paths.len(), |t| {
                    input.weight(t)
                })
            },
        )
    }
}

/// The root file `text` with the directory files of `config`: the map
/// `audit --compare` reads from a file holding `text`.
pub fn load_proposed(config: &Config, label: &str, text: String) -> Result<Config> {
    let dirs: Vec<(String, teamlint_core::finding::Source)> = config
        .files
        .iter()
        .skip(1)
        .map(|f| (f.dir.clone(), config.sources[f.source].clone()))
        .collect();
    Config::load(
        teamlint_core::finding::Source::new(label.to_string(), text),
        dirs,
    )
    .map_err(teamlint_core::error::Error::from_config)
}
