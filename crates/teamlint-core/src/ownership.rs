//! Who owns a path: the nearest OWNERS.toml with a matching rule decides,
//! and inside one file the last matching rule wins, as in CODEOWNERS.
//!
//! In GitLab's dialect a file is read as GitLab reads its CODEOWNERS: each
//! section (rules without one form the unnamed section) has its own last
//! match, a path's owners are the union of those, a `!pattern` takes the
//! paths it matches out of its section, and a later rule with the same
//! normalized pattern in a section replaces the earlier one's owners in
//! the earlier one's place.

use rustc_hash::FxHashMap as HashMap;

use globset::{Candidate, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use serde::Serialize;

use crate::config::{Config, RuleOwner};
use crate::pattern::PatternSet;

pub(crate) type TeamId = usize;

/// The owner a path resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    Team(TeamId),
    /// Several teams, which is a `shared-ownership` finding.
    Teams(Vec<TeamId>),
    /// Declared unowned by an `unowned = true` rule.
    Unowned,
    /// No rule matches.
    Nobody,
}

impl Owner {
    pub fn team_ids(&self) -> &[TeamId] {
        match self {
            Owner::Team(t) => std::slice::from_ref(t),
            Owner::Teams(ts) => ts,
            Owner::Unowned | Owner::Nobody => &[],
        }
    }

    /// The team the metrics count the path for: its one owner, or none.
    /// Two owners is no owner: a file of a shared rule belongs to no
    /// single team, so it never makes a change cross-team.
    pub fn sole(&self) -> &[TeamId] {
        match self {
            Owner::Team(t) => std::slice::from_ref(t),
            _ => &[],
        }
    }

    /// The single owning team, if there is exactly one.
    pub fn team(&self) -> Option<TeamId> {
        match self {
            Owner::Team(t) => Some(*t),
            _ => None,
        }
    }

    pub fn names<'c>(&self, config: &'c Config) -> Vec<&'c str> {
        self.team_ids()
            .iter()
            .map(|&t| config.teams[t].name.as_str())
            .collect()
    }
}

/// The pattern that decided, or the file's `team =` default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleRef {
    /// Index into `Config::files`.
    pub file: u32,
    /// The pattern's position in its file, or [`RuleRef::DEFAULT`].
    pub pattern: u32,
}

impl RuleRef {
    pub const DEFAULT: u32 = u32::MAX;

    pub fn is_default(self) -> bool {
        self.pattern == Self::DEFAULT
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub owner: Owner,
    pub rule: Option<RuleRef>,
    /// The rules of other GitLab sections that decided too (their owners
    /// are part of `owner`); empty outside GitLab's sections.
    pub also: Vec<RuleRef>,
}

impl Decision {
    const NOBODY: Decision = Decision {
        owner: Owner::Nobody,
        rule: None,
        also: Vec::new(),
    };
}

/// A bucket compiled on first use: a staged check that touches ten paths
/// compiles the few buckets those paths reach, not all of them.
struct LazyBucket {
    patterns: Vec<(u32, crate::pattern::Compiled)>,
    built: std::sync::OnceLock<Bucket>,
}

impl LazyBucket {
    fn get(&self) -> &Bucket {
        self.built.get_or_init(|| {
            let refs: Vec<(u32, &crate::pattern::Compiled)> =
                self.patterns.iter().map(|(i, c)| (*i, c)).collect();
            Bucket::new(&refs)
        })
    }
}

/// Patterns that share a literal directory prefix: they can only match
/// paths under it, so other paths never pay for them.
struct Bucket {
    files: Matcher,
    dirs: Matcher,
}

/// Patterns matched against one kind of path (files, or directories).
struct Matcher {
    set: Option<GlobSet>,
    ids: Vec<u32>,
    /// Patterns that match every path (`*` for files, `**`): no glob needed,
    /// and a catch-all rule is in most configs.
    always: Vec<u32>,
}

impl Bucket {
    fn new(patterns: &[(u32, &crate::pattern::Compiled)]) -> Bucket {
        let (mut files, mut dirs) = (MatcherBuilder::new(), MatcherBuilder::new());
        for &(id, c) in patterns {
            if c.mode.matches_file() {
                files.add(id, c);
            }
            if c.mode.matches_dir() {
                dirs.add(id, c);
            }
        }
        Bucket {
            files: files.build(),
            dirs: dirs.build(),
        }
    }
}

struct MatcherBuilder {
    set: GlobSetBuilder,
    ids: Vec<u32>,
    always: Vec<u32>,
}

impl MatcherBuilder {
    fn new() -> MatcherBuilder {
        MatcherBuilder {
            set: GlobSetBuilder::new(),
            ids: Vec::new(),
            always: Vec::new(),
        }
    }

    fn add(&mut self, id: u32, c: &crate::pattern::Compiled) {
        if c.prefix.is_empty() && matches!(c.glob.glob(), "**/*" | "**") {
            self.always.push(id);
        } else {
            self.set.add(c.glob.clone());
            self.ids.push(id);
        }
    }

    fn build(self) -> Matcher {
        Matcher {
            // Each glob compiled on its own already; a set of them builds too.
            set: (!self.ids.is_empty())
                .then(|| self.set.build().unwrap_or_else(|_| GlobSet::empty())),
            ids: self.ids,
            always: self.always,
        }
    }
}

impl Matcher {
    /// Marks every matching pattern and collects them.
    fn collect(
        &self,
        cand: &Candidate<'_>,
        scratch: &mut Vec<usize>,
        seen: &mut [bool],
        out: &mut Vec<u32>,
    ) {
        for &id in &self.always {
            seen[id as usize] = true;
            out.push(id);
        }
        if let Some(set) = &self.set {
            set.matches_candidate_into(cand, scratch);
            for &i in scratch.iter() {
                seen[self.ids[i] as usize] = true;
                out.push(self.ids[i]);
            }
        }
    }

    /// Marks every matching pattern and returns the latest one.
    fn matches(
        &self,
        cand: &Candidate<'_>,
        scratch: &mut Vec<usize>,
        seen: &mut [bool],
    ) -> Option<u32> {
        let mut best = None;
        for &id in &self.always {
            seen[id as usize] = true;
            best = best.max(Some(id));
        }
        if let Some(set) = &self.set {
            set.matches_candidate_into(cand, scratch);
            for &i in scratch.iter() {
                seen[self.ids[i] as usize] = true;
                best = best.max(Some(self.ids[i]));
            }
        }
        best
    }
}

/// One OWNERS.toml compiled for matching.
struct FileMatcher {
    /// `dir/`, or `""` for the root: what to strip from a path.
    prefix: String,
    inherit: bool,
    default: Option<Owner>,
    buckets: Vec<LazyBucket>,
    /// Bucket index by literal prefix (relative to this file's directory).
    bucket_of: HashMap<String, usize>,
    /// The owner of each pattern, by position.
    owners: Vec<Owner>,
    /// The rule and the index within the rule of each pattern.
    places: Vec<(u32, u32)>,
    /// GitLab's reading (sections, exclusions, one entry per normalized
    /// pattern), when the map is in its dialect.
    sections: Option<Sections>,
}

/// Per pattern of a file read in GitLab's dialect.
struct Sections {
    /// The section of each pattern: 0 for the unnamed one, else 1 + the
    /// index into `Config::sections`.
    of: Vec<u32>,
    /// The pattern whose owners apply where this one matches: the last
    /// with the same normalized pattern in the section.
    target: Vec<u32>,
    /// A later pattern with the same normalized pattern in its section:
    /// it takes the earlier one's place, never its own.
    inert: Vec<bool>,
    exclusion: Vec<bool>,
}

impl Sections {
    fn new(of: Vec<u32>, keys: &[&str], exclusion: Vec<bool>) -> Sections {
        let n = of.len();
        let mut first: HashMap<(u32, &str), u32> = HashMap::default();
        let mut target: Vec<u32> = (0..n as u32).collect();
        let mut inert = vec![false; n];
        for i in 0..n {
            match first.get(&(of[i], keys[i])) {
                Some(&f) => {
                    inert[i] = true;
                    target[f as usize] = i as u32;
                }
                None => {
                    first.insert((of[i], keys[i]), i as u32);
                }
            }
        }
        Sections {
            of,
            target,
            inert,
            exclusion,
        }
    }

    /// The deciding patterns among those matching a path, one per section
    /// that keeps the path (each the pattern whose owners apply), in file
    /// order; or, when every section that matched excludes the path, the
    /// exclusion that did, as `Err`. `None`: nothing matched.
    fn decide(&self, matched: &[u32]) -> Option<Result<Vec<u32>, u32>> {
        let mut best: Vec<(u32, u32)> = Vec::new();
        let mut excluded: Vec<(u32, u32)> = Vec::new();
        for &id in matched {
            let i = id as usize;
            if self.inert[i] {
                continue;
            }
            let t = self.target[i];
            let sec = self.of[i];
            if self.exclusion[t as usize] {
                if !excluded.iter().any(|(s, _)| *s == sec) {
                    excluded.push((sec, t));
                }
                continue;
            }
            match best.iter_mut().find(|(s, _)| *s == sec) {
                Some(b) if b.1 < id => b.1 = id,
                Some(_) => {}
                None => best.push((sec, id)),
            }
        }
        best.retain(|(s, _)| !excluded.iter().any(|(e, _)| e == s));
        if best.is_empty() {
            return excluded.first().map(|&(_, t)| Err(t));
        }
        let mut winners: Vec<u32> = best
            .iter()
            .map(|&(_, id)| self.target[id as usize])
            .collect();
        winners.sort_unstable();
        Some(Ok(winners))
    }
}

impl FileMatcher {
    /// GitLab's decision for the patterns matching a path.
    fn decide_sections(&self, fi: usize, matched: &[u32]) -> Option<Decision> {
        let sections = self.sections.as_ref()?;
        let refs = |p: u32| RuleRef {
            file: fi as u32,
            pattern: p,
        };
        match sections.decide(matched)? {
            Err(exclusion) => Some(Decision {
                owner: Owner::Unowned,
                rule: Some(refs(exclusion)),
                also: Vec::new(),
            }),
            Ok(winners) => {
                let mut ids: Vec<TeamId> = winners
                    .iter()
                    .flat_map(|&w| self.owners[w as usize].team_ids().iter().copied())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                let owner = match ids.len() {
                    0 => Owner::Unowned,
                    1 => Owner::Team(ids[0]),
                    _ => Owner::Teams(ids),
                };
                // The last section's rule is the one named; the others are
                // listed with it.
                let (last, rest) = winners.split_last()?;
                Some(Decision {
                    owner,
                    rule: Some(refs(*last)),
                    also: rest.iter().map(|&w| refs(w)).collect(),
                })
            }
        }
    }

    /// The buckets that can match paths under `dir` (relative), outermost first.
    fn buckets_for(&self, rel_dir: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self.bucket_of.get("").copied().into_iter().collect();
        if !rel_dir.is_empty() {
            for d in crate::pattern::parent_dirs(rel_dir).chain(std::iter::once(rel_dir)) {
                out.extend(self.bucket_of.get(d));
            }
        }
        out
    }

    /// Every pattern matching a relative path (the path or its directories).
    fn all(&self, rel: &str, out: &mut Vec<u32>) {
        let mut seen = vec![false; self.owners.len()];
        let mut scratch = Vec::new();
        // The buckets of each directory are its parent's and its own: built
        // up on the way down, not looked up again per ancestor (a path
        // thousands of directories deep would cost the cube of its depth).
        let mut buckets = self.buckets_for("");
        for d in crate::pattern::parent_dirs(rel) {
            let cand = Candidate::new(d);
            for &b in &buckets {
                let b = self.buckets[b].get();
                b.dirs.matches(&cand, &mut scratch, &mut seen);
            }
            buckets.extend(self.bucket_of.get(d));
        }
        let cand = Candidate::new(rel);
        for b in buckets {
            let b = self.buckets[b].get();
            b.files.matches(&cand, &mut scratch, &mut seen);
        }
        out.extend(
            seen.iter()
                .enumerate()
                .filter(|(_, &m)| m)
                .map(|(i, _)| i as u32),
        );
    }
}

/// Compiled ownership: answers for any path, tracked or not.
pub struct Resolver {
    files: Vec<FileMatcher>,
    by_dir: HashMap<String, usize>,
    exclude: PatternSet,
    unowned_ok: PatternSet,
}

/// The result of resolving every tracked path.
pub struct Ownership {
    pub paths: Vec<String>,
    pub decisions: Vec<Decision>,
    /// Per config file, per pattern: does it match any path?
    pub matched: Vec<Vec<bool>>,
    /// Per config file, per pattern: how many paths it decides.
    pub won: Vec<Vec<u32>>,
}

/// Why a path has its owner.
pub struct Explanation {
    pub decision: Decision,
    /// Every other matching pattern, nearest first: the rules it overrode.
    pub overridden: Vec<RuleRef>,
    pub excluded: bool,
}

impl Resolver {
    pub fn new(config: &Config) -> Resolver {
        let team = |name: &str| config.team_index.get(name).copied();
        let owner_of = |owner: &RuleOwner| -> Owner {
            match owner {
                RuleOwner::Team(t) => team(&t.value).map_or(Owner::Nobody, Owner::Team),
                RuleOwner::Teams(ts) => {
                    let mut ids: Vec<TeamId> = ts.iter().filter_map(|t| team(&t.value)).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    if ids.len() == 1 {
                        Owner::Team(ids[0])
                    } else {
                        Owner::Teams(ids)
                    }
                }
                RuleOwner::Unowned => Owner::Unowned,
            }
        };
        let mut files = Vec::with_capacity(config.files.len());
        let mut by_dir = HashMap::default();
        for (i, f) in config.files.iter().enumerate() {
            let (mut owners, mut places) = (Vec::new(), Vec::new());
            let (mut section_of, mut keys, mut exclusion) = (Vec::new(), Vec::new(), Vec::new());
            let mut grouped: HashMap<String, Vec<(u32, &crate::pattern::Compiled)>> =
                HashMap::default();
            let mut last_rule = usize::MAX;
            let mut in_rule = 0u32;
            for (id, (rule_idx, rule, p)) in f.patterns().enumerate() {
                if rule_idx != last_rule {
                    last_rule = rule_idx;
                    in_rule = 0;
                }
                grouped
                    .entry(p.compiled.prefix.clone())
                    .or_default()
                    .push((id as u32, &p.compiled));
                owners.push(owner_of(&rule.owner));
                places.push((rule_idx as u32, in_rule));
                section_of.push(rule.section.as_ref().map_or(0, |(i, _)| *i as u32 + 1));
                keys.push(p.compiled.key.as_str());
                exclusion.push(p.compiled.exclusion);
                in_rule += 1;
            }
            let mut buckets = Vec::with_capacity(grouped.len());
            let mut bucket_of =
                HashMap::with_capacity_and_hasher(grouped.len(), Default::default());
            for (prefix, patterns) in grouped {
                bucket_of.insert(prefix, buckets.len());
                buckets.push(LazyBucket {
                    patterns: patterns.into_iter().map(|(i, c)| (i, c.clone())).collect(),
                    built: std::sync::OnceLock::new(),
                });
            }
            let prefix = if f.dir.is_empty() {
                String::new()
            } else {
                format!("{}/", f.dir)
            };
            by_dir.insert(f.dir.clone(), i);
            files.push(FileMatcher {
                prefix,
                inherit: f.inherit || f.dir.is_empty(),
                default: f
                    .default_team
                    .as_ref()
                    .map(|t| team(&t.value).map_or(Owner::Nobody, Owner::Team)),
                buckets,
                bucket_of,
                owners,
                places,
                sections: (config.dialect == crate::pattern::Dialect::Gitlab)
                    .then(|| Sections::new(section_of, &keys, exclusion)),
            });
        }
        let exclude = PatternSet::new(config.settings.exclude.iter().map(|p| &p.compiled));
        let unowned_ok = PatternSet::new(config.settings.unowned.iter().map(|p| &p.compiled));
        Resolver {
            files,
            by_dir,
            exclude,
            unowned_ok,
        }
    }

    /// Is the path excluded from analysis by `[settings] exclude`?
    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.is_match(path)
    }

    /// May the path stay unowned (`[settings] unowned`)?
    pub fn may_be_unowned(&self, path: &str) -> bool {
        self.unowned_ok.is_match(path)
    }

    /// The rule and the index of the pattern inside it, for a [`RuleRef`].
    pub fn place(&self, r: RuleRef) -> Option<(usize, usize)> {
        let f = self.files.get(r.file as usize)?;
        let &(rule, idx) = f.places.get(r.pattern as usize)?;
        Some((rule as usize, idx as usize))
    }

    /// The config files that apply to a path, nearest first.
    fn chain(&self, path: &str) -> Vec<usize> {
        let mut dirs: Vec<&str> = crate::pattern::parent_dirs(path).collect();
        dirs.reverse();
        let mut chain = Vec::new();
        for d in dirs.into_iter().chain(std::iter::once("")) {
            if let Some(&i) = self.by_dir.get(d) {
                chain.push(i);
                if !self.files[i].inherit {
                    break;
                }
            }
        }
        chain
    }

    /// Resolves one path, with every rule that matched it.
    pub fn explain(&self, path: &str) -> Explanation {
        let mut decision = None;
        let mut overridden = Vec::new();
        for fi in self.chain(path) {
            let f = &self.files[fi];
            let rel = &path[f.prefix.len()..];
            let mut ids = Vec::new();
            f.all(rel, &mut ids);
            ids.reverse();
            let refs = |p: u32| RuleRef {
                file: fi as u32,
                pattern: p,
            };
            let default = f.default.as_ref();
            let found = if f.sections.is_some() {
                f.decide_sections(fi, &ids)
            } else {
                ids.first().map(|&best| Decision {
                    owner: f.owners[best as usize].clone(),
                    rule: Some(refs(best)),
                    also: Vec::new(),
                })
            };
            match (&decision, found) {
                (None, Some(d)) => {
                    let deciding: Vec<u32> =
                        d.rule.iter().chain(&d.also).map(|r| r.pattern).collect();
                    overridden.extend(
                        ids.iter()
                            .filter(|p| !deciding.contains(p))
                            .map(|&p| refs(p)),
                    );
                    overridden.extend(default.map(|_| refs(RuleRef::DEFAULT)));
                    decision = Some(d);
                }
                (None, None) => {
                    decision = default.map(|owner| Decision {
                        owner: owner.clone(),
                        rule: Some(refs(RuleRef::DEFAULT)),
                        also: Vec::new(),
                    });
                }
                (Some(_), _) => {
                    overridden.extend(ids.iter().map(|&p| refs(p)));
                    overridden.extend(default.map(|_| refs(RuleRef::DEFAULT)));
                }
            }
        }
        Explanation {
            decision: decision.unwrap_or(Decision::NOBODY),
            overridden,
            excluded: self.is_excluded(path),
        }
    }

    /// Sweeps sorted paths in chunks, in parallel.
    fn sweep<S: AsRef<str> + Sync>(&self, paths: &[S]) -> Vec<Sweep<'_>> {
        const CHUNK: usize = 2048;
        paths
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut sweep = Sweep::new(self);
                sweep.decisions.reserve_exact(chunk.len());
                for p in chunk {
                    sweep.resolve(p.as_ref());
                }
                sweep
            })
            .collect()
    }

    /// The decision for each of many paths, sorted as git sorts them, as
    /// [`Resolver::resolve_all`] makes them, without the statistics.
    pub fn decide_all<S: AsRef<str> + Sync>(&self, paths: &[S]) -> Vec<Decision> {
        let mut out = Vec::with_capacity(paths.len());
        for s in self.sweep(paths) {
            out.extend(s.decisions);
        }
        out
    }

    /// Resolves one path quickly.
    pub fn resolve(&self, path: &str) -> Decision {
        self.explain(path).decision
    }

    /// Resolves many paths, sorted as git sorts them (byte order), and keeps
    /// per-pattern statistics. Each directory is matched once per chunk.
    pub fn resolve_all(&self, paths: Vec<String>) -> Ownership {
        let parts = self.sweep(&paths);
        let mut matched: Vec<Vec<bool>> = self
            .files
            .iter()
            .map(|f| vec![false; f.owners.len()])
            .collect();
        let mut won: Vec<Vec<u32>> = self.files.iter().map(|f| vec![0; f.owners.len()]).collect();
        let mut decisions = Vec::with_capacity(paths.len());
        for part in parts {
            for (all, mine) in matched.iter_mut().zip(&part.matched) {
                for (a, m) in all.iter_mut().zip(mine) {
                    *a |= *m;
                }
            }
            for d in &part.decisions {
                for r in d.rule.iter().chain(&d.also) {
                    if !r.is_default() {
                        won[r.file as usize][r.pattern as usize] += 1;
                    }
                }
            }
            decisions.extend(part.decisions);
        }
        Ownership {
            paths,
            decisions,
            matched,
            won,
        }
    }
}

/// One config file's state in a directory: the latest directory pattern
/// that matched on the way down, and the buckets that can match below.
#[derive(Clone)]
struct State {
    file: usize,
    best: Option<u32>,
    buckets: Vec<usize>,
}

/// Resolves a run of sorted paths, keeping a stack of directory states so
/// that each directory is matched once.
struct Sweep<'r> {
    r: &'r Resolver,
    /// Directory frames from the root down: the directory and the config
    /// files that apply there, nearest first.
    stack: Vec<(String, Vec<State>)>,
    matched: Vec<Vec<bool>>,
    decisions: Vec<Decision>,
    scratch: Vec<usize>,
}

impl<'r> Sweep<'r> {
    fn new(r: &'r Resolver) -> Self {
        let root = r
            .by_dir
            .get("")
            .map(|&i| {
                vec![State {
                    file: i,
                    best: None,
                    buckets: r.files[i].buckets_for(""),
                }]
            })
            .unwrap_or_default();
        Sweep {
            r,
            stack: vec![(String::new(), root)],
            matched: r
                .files
                .iter()
                .map(|f| vec![false; f.owners.len()])
                .collect(),
            decisions: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn resolve(&mut self, path: &str) {
        let dir = path.rfind('/').map_or("", |i| &path[..i]);
        self.enter(dir);
        let Sweep {
            r,
            stack,
            matched,
            scratch,
            ..
        } = self;
        let states = &stack.last().expect("root frame").1;
        let mut decision = None;
        for st in states {
            let f = &r.files[st.file];
            let cand = Candidate::new(&path[f.prefix.len()..]);
            if f.sections.is_some() {
                // GitLab's patterns all match files; every match counts.
                let mut ids = Vec::new();
                for &b in &st.buckets {
                    let b = f.buckets[b].get();
                    b.files
                        .collect(&cand, scratch, &mut matched[st.file], &mut ids);
                }
                if decision.is_some() {
                    continue;
                }
                decision = f.decide_sections(st.file, &ids).or_else(|| {
                    f.default.as_ref().map(|owner| Decision {
                        owner: owner.clone(),
                        rule: Some(RuleRef {
                            file: st.file as u32,
                            pattern: RuleRef::DEFAULT,
                        }),
                        also: Vec::new(),
                    })
                });
                continue;
            }
            let mut best = st.best;
            for &b in &st.buckets {
                let b = f.buckets[b].get();
                let m = b.files.matches(&cand, scratch, &mut matched[st.file]);
                best = best.max(m);
            }
            if decision.is_some() {
                continue;
            }
            decision = match (best, &f.default) {
                (Some(b), _) => Some(Decision {
                    owner: f.owners[b as usize].clone(),
                    rule: Some(RuleRef {
                        file: st.file as u32,
                        pattern: b,
                    }),
                    also: Vec::new(),
                }),
                (None, Some(owner)) => Some(Decision {
                    owner: owner.clone(),
                    rule: Some(RuleRef {
                        file: st.file as u32,
                        pattern: RuleRef::DEFAULT,
                    }),
                    also: Vec::new(),
                }),
                (None, None) => None,
            };
        }
        self.decisions.push(decision.unwrap_or(Decision::NOBODY));
    }

    /// Makes the top frame `dir`, popping and pushing frames as needed.
    fn enter(&mut self, dir: &str) {
        while self.stack.len() > 1 {
            let top = &self.stack.last().expect("frame").0;
            if dir == top || dir.starts_with(top.as_str()) && dir.as_bytes()[top.len()] == b'/' {
                break;
            }
            self.stack.pop();
        }
        loop {
            let top = &self.stack.last().expect("frame").0;
            if top == dir {
                return;
            }
            let start = if top.is_empty() { 0 } else { top.len() + 1 };
            let next_end = dir[start..].find('/').map_or(dir.len(), |i| start + i);
            let next = &dir[..next_end];
            let mut states = self.stack.last().expect("frame").1.clone();
            for st in states.iter_mut() {
                let f = &self.r.files[st.file];
                let rel = &next[f.prefix.len()..];
                let cand = Candidate::new(rel);
                for &b in &st.buckets {
                    let b = f.buckets[b].get();
                    let m = b
                        .dirs
                        .matches(&cand, &mut self.scratch, &mut self.matched[st.file]);
                    st.best = st.best.max(m);
                }
                st.buckets.extend(f.bucket_of.get(rel));
            }
            if let Some(&own) = self.r.by_dir.get(next) {
                let fresh = State {
                    file: own,
                    best: None,
                    buckets: self.r.files[own].buckets_for(""),
                };
                if self.r.files[own].inherit {
                    states.insert(0, fresh);
                } else {
                    states = vec![fresh];
                }
            }
            self.stack.push((next.to_string(), states));
        }
    }
}

/// A rule as the reader can find it: file, line and pattern.
#[derive(Clone, Debug, Serialize)]
pub struct RuleInfo {
    pub file: String,
    pub line: usize,
    pub pattern: String,
    pub owner: String,
    /// The GitLab section of the rule, in a map in GitLab's dialect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl RuleInfo {
    /// The rule `r` as a reader finds it: its file, line, pattern and owner.
    pub fn of(config: &Config, resolver: &Resolver, r: RuleRef) -> Option<RuleInfo> {
        let file = config.files.get(r.file as usize)?;
        if r.is_default() {
            let t = file.default_team.as_ref()?;
            let loc = config.location(&t.at);
            return Some(RuleInfo {
                file: loc.file,
                line: loc.line,
                pattern: format!("team = \"{}\"", t.value),
                owner: t.value.clone(),
                section: None,
            });
        }
        let (rule_idx, idx) = resolver.place(r)?;
        let rule = file.rules.get(rule_idx)?;
        let p = rule.patterns.get(idx)?;
        let loc = config.location(&p.text.at);
        let owner = match &rule.owner {
            crate::config::RuleOwner::Team(t) => t.value.clone(),
            crate::config::RuleOwner::Teams(ts) => ts
                .iter()
                .map(|t| t.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            crate::config::RuleOwner::Unowned => "unowned".into(),
        };
        Some(RuleInfo {
            file: loc.file,
            line: loc.line,
            pattern: p.text.value.clone(),
            owner,
            section: rule.section.as_ref().map(|(_, name)| name.value.clone()),
        })
    }
}
