//! The metrics of one ownership map over the scanned history, computed the
//! same way for every command that shows them (`audit`, `suggest`, `init
//! --from-history`): one figure, one engine.

use teamlint_core::config::Config;
use teamlint_core::error::Result;
use teamlint_core::finding::CommitRef;
use teamlint_core::metrics::Window;
use teamlint_core::metrics::{self, Change, Log, Metrics, Owners};
use teamlint_core::ownership::Resolver;
use teamlint_git::history::{self, changes, Interrupt, Scan};
use teamlint_git::repo::Repo;

/// The scan's paths and authors with `changes`, as the metrics read them.
pub fn log<'a>(scan: &'a Scan, changes: &'a [Change]) -> Log<'a> {
    Log {
        paths: &scan.paths,
        authors: &scan.authors,
        changes,
    }
}

/// Every path's owning teams under `config`, for the paths `changes` touch.
pub fn owners(config: &Config, resolver: &Resolver, scan: &Scan, changes: &[Change]) -> Owners {
    metrics::owners(config, resolver, &log(scan, changes))
}

/// The metrics of `config` over the scan's `changes`.
pub fn measure(
    config: &Config,
    owners: &Owners,
    scan: &Scan,
    changes: &[Change],
    reference_time: i64,
    teams_only: bool,
) -> Metrics {
    metrics::measure(
        config,
        owners,
        &log(scan, changes),
        reference_time,
        teams_only,
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
    let scan = repo.scan(
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
        metrics::with_input(
            config,
            &Owners::default(),
            &log(&self.scan, &self.changes),
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
