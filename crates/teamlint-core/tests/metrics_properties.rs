//! Properties of the coupling metrics (docs/reference.md §3) over random
//! histories: random changes over a random map of files to teams, with
//! random authors, thresholds and recency weighting.
//!
//! - a team pair's figures do not depend on which team is named first;
//! - every share (separability, degree, confidence, focus, cohesion) lies
//!   in [0, 1];
//! - weighting is monotone: a single-team change never lowers a
//!   separability, a cross-team change never raises one; an older change
//!   weighs no more than a newer one, and only ages matter;
//! - the counts agree with each other and with a count made here by hand.

use proptest::prelude::*;
use teamlint_core::config::Coupling;
use teamlint_core::metrics::{self, Change, Input, Metrics, Owners};

const DAY: i64 = 86_400;

/// A history and a map, as owned data.
#[derive(Clone, Debug)]
struct Fixture {
    teams: usize,
    /// The teams' names, by number.
    names: Vec<String>,
    /// Each path's owning team (`None`: unowned).
    owner: Vec<Option<usize>>,
    /// Declared `depends_on` pairs, as (lower, higher).
    declared: Vec<(usize, usize)>,
    /// The team each author belongs to, and the team they lead.
    author_teams: Vec<Option<usize>>,
    author_leads: Vec<Option<usize>>,
    changes: Vec<Change>,
    min_revs: u32,
    min_shared: u32,
    min_degree: f64,
    half_life: Option<f64>,
}

impl Fixture {
    fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn paths(&self) -> Vec<String> {
        (0..self.owner.len()).map(|p| format!("f{p:03}")).collect()
    }

    fn coupling(&self) -> Coupling {
        Coupling {
            min_revs: self.min_revs,
            min_shared: self.min_shared,
            min_degree: self.min_degree,
            half_life: self.half_life,
            ..Coupling::default()
        }
    }

    fn reference(&self) -> i64 {
        self.changes.iter().map(|c| c.time).max().unwrap_or(0)
    }

    fn metrics(&self) -> Metrics {
        let owners = Owners::new(self.owner.iter().map(|o| o.as_slice()));
        let declared = |a: usize, b: usize| self.declared.contains(&(a.min(b), a.max(b)));
        let (paths, names, coupling) = (self.paths(), self.names(), self.coupling());
        metrics::compute(&Input {
            changes: &self.changes,
            paths: &paths,
            owners: &owners,
            team_names: &names,
            declared: &declared,
            author_teams: &self.author_teams,
            author_leads: &self.author_leads,
            coupling: &coupling,
            reference_time: self.reference(),
            teams_only: false,
        })
    }

    /// A change's weight, as the metrics give it.
    fn weight(&self, time: i64) -> f64 {
        match self.half_life {
            Some(h) => 0.5f64.powf((self.reference() - time).max(0) as f64 / h),
            None => 1.0,
        }
    }

    /// The teams a change touches, sorted.
    fn teams_of(&self, c: &Change) -> Vec<usize> {
        let mut t: Vec<usize> = c
            .files
            .iter()
            .filter_map(|&f| self.owner[f as usize])
            .collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    /// The same history with the teams numbered the other way round (each
    /// name keeps its files and people).
    fn reversed(&self) -> Fixture {
        let n = self.teams;
        let flip = |t: usize| n - 1 - t;
        let mut f = self.clone();
        f.names.reverse();
        f.owner = self.owner.iter().map(|o| o.map(flip)).collect();
        f.declared = self
            .declared
            .iter()
            .map(|&(a, b)| (flip(a).min(flip(b)), flip(a).max(flip(b))))
            .collect();
        f.author_teams = self.author_teams.iter().map(|o| o.map(flip)).collect();
        f.author_leads = self.author_leads.iter().map(|o| o.map(flip)).collect();
        f
    }

    /// The teams that own a file, sorted.
    fn owning(&self) -> Vec<usize> {
        let mut t: Vec<usize> = self.owner.iter().flatten().copied().collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    fn with(&self, change: Change) -> Fixture {
        let mut f = self.clone();
        f.changes.push(change);
        f
    }
}

fn fixture() -> impl Strategy<Value = Fixture> {
    fixture_of(1)
}

/// A fixture with at least `teams` teams.
fn fixture_of(teams: usize) -> impl Strategy<Value = Fixture> {
    (teams..=5, 1usize..=14, 1usize..=5).prop_flat_map(|(teams, paths, authors)| {
        let team = proptest::option::weighted(0.8, 0..teams);
        let change = (
            0i64..400,
            0..authors as u32,
            proptest::collection::btree_set(0..paths as u32, 1..=paths.min(5)),
        );
        (
            proptest::collection::vec(team.clone(), paths),
            proptest::collection::vec((0..teams, 0..teams), 0..4),
            proptest::collection::vec(team.clone(), authors),
            proptest::collection::vec(proptest::option::weighted(0.3, 0..teams), authors),
            proptest::collection::vec(change, 0..40),
            (1u32..=5, 1u32..=5, 0.0f64..0.6),
            proptest::option::of(1i64..200),
        )
            .prop_map(
                move |(owner, declared, author_teams, author_leads, changes, thresholds, half)| {
                    Fixture {
                        teams,
                        names: (0..teams).map(|t| format!("t{t}")).collect(),
                        owner,
                        declared: declared
                            .into_iter()
                            .filter(|(a, b)| a != b)
                            .map(|(a, b)| (a.min(b), a.max(b)))
                            .collect(),
                        author_teams,
                        author_leads,
                        changes: changes
                            .into_iter()
                            .enumerate()
                            .map(|(index, (day, author, files))| Change {
                                index,
                                time: day * DAY,
                                author,
                                files: files.into_iter().collect(),
                            })
                            .collect(),
                        min_revs: thresholds.0,
                        min_shared: thresholds.1,
                        min_degree: thresholds.2,
                        half_life: half.map(|d| (d * DAY) as f64),
                    }
                },
            )
    })
}

/// Equal up to the rounding of a sum of weights.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn in_unit(x: f64) -> bool {
    (-1e-12..=1.0 + 1e-12).contains(&x)
}

fn team<'m>(m: &'m Metrics, name: &str) -> &'m metrics::TeamStats {
    m.teams
        .iter()
        .find(|t| t.name == name)
        .expect("every team has stats")
}

/// The files a change may touch to reach exactly the teams `want` (each
/// owns a file), one file per team, with an unowned file or not.
fn files_of(f: &Fixture, want: &[usize], unowned: bool) -> Vec<u32> {
    let mut files: Vec<u32> = want
        .iter()
        .map(|&t| {
            f.owner
                .iter()
                .position(|o| *o == Some(t))
                .expect("the team owns a file") as u32
        })
        .collect();
    if unowned {
        files.extend(f.owner.iter().position(Option::is_none).map(|p| p as u32));
    }
    files.sort_unstable();
    files.dedup();
    files
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Which team is named first changes nothing: the pair's shared
    /// changes and degree are the same, its confidences trade places.
    #[test]
    fn team_pairs_are_symmetric(f in fixture()) {
        let m = f.metrics();
        let r = f.reversed().metrics();
        prop_assert_eq!(m.team_pairs.len(), r.team_pairs.len());
        for p in &m.team_pairs {
            let q = r
                .team_pairs
                .iter()
                .find(|q| (q.a == p.a && q.b == p.b) || (q.a == p.b && q.b == p.a))
                .expect("the same pair");
            prop_assert!(close(p.shared, q.shared));
            prop_assert!(close(p.degree, q.degree));
            let (ab, ba) = if q.a == p.a {
                (q.confidence_ab, q.confidence_ba)
            } else {
                (q.confidence_ba, q.confidence_ab)
            };
            prop_assert!(close(p.confidence_ab, ab) && close(p.confidence_ba, ba));
            prop_assert_eq!(p.declared, q.declared);
            prop_assert_eq!(p.scored, q.scored);
            let (ra, rb) = (team(&m, &p.a).revs, team(&m, &p.b).revs);
            prop_assert!(close(metrics::degree(p.shared, ra, rb), metrics::degree(p.shared, rb, ra)));
        }
        for t in &m.teams {
            // Team i here is team n-1-i there: compare by name.
            let u = team(&r, &t.name);
            prop_assert!(close(t.revs, u.revs) && close(t.cross_team, u.cross_team));
            prop_assert_eq!(t.separability.is_some(), u.separability.is_some());
        }
        prop_assert_eq!(m.separability.is_some(), r.separability.is_some());
        if let (Some(a), Some(b)) = (m.separability, r.separability) {
            prop_assert!(close(a, b));
        }
        for p in &m.file_pairs {
            prop_assert!(close(p.degree, metrics::degree(p.shared, p.revs_b, p.revs_a)));
            prop_assert!(close(p.confidence_ab * p.revs_a, p.confidence_ba * p.revs_b));
        }
    }

    /// Every share lies in [0, 1].
    #[test]
    fn shares_lie_between_zero_and_one(f in fixture()) {
        let m = f.metrics();
        if let Some(s) = m.separability {
            prop_assert!(in_unit(s), "separability {}", s);
        }
        for t in &m.teams {
            for x in [t.separability, t.people.leader_focus, t.people.cohesion].into_iter().flatten() {
                prop_assert!(in_unit(x), "{}: {} in {:?}", t.name, x, t);
            }
        }
        for p in &m.team_pairs {
            for x in [p.degree, p.confidence_ab, p.confidence_ba] {
                prop_assert!(in_unit(x), "{:?}", p);
            }
        }
        for p in &m.file_pairs {
            for x in [p.degree, p.confidence_ab, p.confidence_ba] {
                prop_assert!(in_unit(x), "{:?}", p);
            }
        }
        for r in &m.shared_rules {
            prop_assert!(in_unit(r.share));
        }
    }

    /// A change that touches one team (and maybe unowned files) never
    /// lowers a separability: the repository's and that team's can only
    /// rise, the other teams' stay.
    #[test]
    fn a_single_team_change_never_lowers_separability(
        f in fixture(),
        pick in any::<prop::sample::Index>(),
        day in 0i64..500,
        unowned in any::<bool>(),
    ) {
        let owning = f.owning();
        prop_assume!(!owning.is_empty(), "no team owns a file");
        let t = owning[pick.index(owning.len())];
        let files = files_of(&f, &[t], unowned);
        let g = f.with(Change { index: f.changes.len(), time: day * DAY, author: 0, files });
        let (before, after) = (f.metrics(), g.metrics());
        let after_s = after.separability.expect("a change touched an owned file");
        if let Some(s) = before.separability {
            prop_assert!(after_s >= s - 1e-9, "{} -> {}", s, after_s);
        }
        for (b, a) in before.teams.iter().zip(&after.teams) {
            let (Some(sb), Some(sa)) = (b.separability, a.separability) else { continue };
            if b.name == f.names[t] {
                prop_assert!(sa >= sb - 1e-9, "{}: {} -> {}", b.name, sb, sa);
            } else {
                prop_assert!(close(sa, sb), "{}: {} -> {}", b.name, sb, sa);
            }
        }
    }

    /// A change that touches several teams never raises a separability:
    /// neither the repository's nor any team's.
    #[test]
    fn a_cross_team_change_never_raises_separability(
        f in fixture_of(2),
        pick in any::<prop::sample::Index>(),
        three in any::<bool>(),
        day in 0i64..500,
        unowned in any::<bool>(),
    ) {
        let owning = f.owning();
        prop_assume!(owning.len() >= 2, "fewer than two teams own files");
        // Two or three of them, from a random one on.
        let k = if three { owning.len().min(3) } else { 2 };
        let start = pick.index(owning.len());
        let mut want: Vec<usize> = (0..k).map(|i| owning[(start + i) % owning.len()]).collect();
        want.sort_unstable();
        let files = files_of(&f, &want, unowned);
        let g = f.with(Change { index: f.changes.len(), time: day * DAY, author: 0, files });
        let (before, after) = (f.metrics(), g.metrics());
        prop_assert!(after.separability.is_some());
        if let (Some(sb), Some(sa)) = (before.separability, after.separability) {
            prop_assert!(sa <= sb + 1e-9, "{} -> {}", sb, sa);
        }
        for (b, a) in before.teams.iter().zip(&after.teams) {
            if let (Some(sb), Some(sa)) = (b.separability, a.separability) {
                prop_assert!(sa <= sb + 1e-9, "{}: {} -> {}", b.name, sb, sa);
            }
        }
    }

    /// With `half_life`, a change's weight is in (0, 1], 1 for the newest,
    /// never more for an older change, and halves every half-life; without
    /// it, every change weighs 1.
    #[test]
    fn weights_decay_with_age(f in fixture(), a in 0i64..400, b in 0i64..400) {
        let owners = Owners::new(std::iter::empty());
        let declared = |_: usize, _: usize| false;
        let coupling = f.coupling();
        let reference = 400 * DAY;
        let input = Input {
            changes: &[],
            paths: &[],
            owners: &owners,
            team_names: &[],
            declared: &declared,
            author_teams: &[],
            author_leads: &[],
            coupling: &coupling,
            reference_time: reference,
            teams_only: true,
        };
        let (old, new) = (a.min(b) * DAY, a.max(b) * DAY);
        let (wo, wn) = (input.weight(old), input.weight(new));
        prop_assert!(wo > 0.0 && wo <= wn && wn <= 1.0, "{} {}", wo, wn);
        prop_assert!(close(input.weight(reference), 1.0));
        match f.half_life {
            Some(h) => {
                let earlier = new - h as i64;
                prop_assert!(close(input.weight(earlier), wn / 2.0), "{} {}", input.weight(earlier), wn);
            }
            None => prop_assert!(wo == 1.0 && wn == 1.0),
        }
    }

    /// Only ages matter: moving the whole history in time changes nothing.
    #[test]
    fn only_ages_matter(f in fixture(), shift in -1000i64..1000) {
        let mut g = f.clone();
        for c in &mut g.changes {
            c.time += shift * DAY;
        }
        let (m, n) = (f.metrics(), g.metrics());
        for (a, b) in m.teams.iter().zip(&n.teams) {
            prop_assert!(close(a.revs, b.revs) && close(a.cross_team, b.cross_team));
        }
        for (a, b) in m.team_pairs.iter().zip(&n.team_pairs) {
            prop_assert!(a.a == b.a && a.b == b.b && close(a.shared, b.shared));
        }
        prop_assert!(close(m.owned_changes, n.owned_changes));
    }

    /// The counts agree with each other and with a count made here.
    #[test]
    fn counts_are_consistent(f in fixture()) {
        let m = f.metrics();
        let names = f.names();
        prop_assert_eq!(m.changes, f.changes.len());

        // By hand: weighted changes per team, per pair, owned and single.
        let n = f.teams;
        let (mut revs, mut cross) = (vec![0.0; n], vec![0.0; n]);
        let mut shared = vec![vec![0.0; n]; n];
        let (mut owned, mut single, mut total) = (0.0, 0.0, 0.0);
        for c in &f.changes {
            let w = f.weight(c.time);
            total += w;
            let teams = f.teams_of(c);
            if teams.is_empty() {
                continue;
            }
            owned += w;
            if teams.len() == 1 {
                single += w;
            }
            for &t in &teams {
                revs[t] += w;
                if teams.len() > 1 {
                    cross[t] += w;
                }
                for &u in &teams {
                    if u != t {
                        shared[t][u] += w;
                    }
                }
            }
        }
        prop_assert!(close(m.owned_changes, owned));
        prop_assert!(m.owned_changes <= total + 1e-9);
        match m.separability {
            Some(s) => prop_assert!(close(s, single / owned)),
            None => prop_assert!(owned == 0.0),
        }
        for (i, t) in m.teams.iter().enumerate() {
            prop_assert_eq!(&t.name, &names[i]);
            prop_assert!(close(t.revs, revs[i]) && close(t.cross_team, cross[i]));
            // A team's changes include its cross-team ones, and each of
            // those is shared with some other team.
            prop_assert!(t.cross_team <= t.revs + 1e-9);
            let with_others: f64 = shared[i].iter().sum();
            prop_assert!(t.cross_team <= with_others + 1e-9);
            if let Some(s) = t.separability {
                prop_assert!(close(s, 1.0 - t.cross_team / t.revs));
            }
            // Each change of the team is made by someone.
            let by: f64 = t.authors_by_team.iter().map(|(_, w)| w).sum();
            prop_assert!(close(by, t.revs), "{} vs {}", by, t.revs);
            for (_, w) in &t.people.leader_by_team {
                prop_assert!(*w <= t.people.leader_changes + 1e-9);
            }
        }
        for p in &m.team_pairs {
            let (a, b) = (
                names.iter().position(|x| *x == p.a).expect("a team"),
                names.iter().position(|x| *x == p.b).expect("a team"),
            );
            prop_assert!(a < b);
            prop_assert!(close(p.shared, shared[a][b]));
            prop_assert!(p.shared <= revs[a].min(revs[b]) + 1e-9);
            prop_assert_eq!(p.declared, f.declared.contains(&(a, b)));
            prop_assert!(p.shared > 0.0 || p.declared, "{:?}", p);
            prop_assert!(close(p.degree, metrics::degree(p.shared, revs[a], revs[b])));
            prop_assert!(close(p.confidence_ab, metrics::confidence(p.shared, revs[a])));
            let c = f.coupling();
            prop_assert_eq!(
                p.is_undeclared_coupling(c.team_threshold, c.min_shared),
                !p.declared && p.scored && p.degree >= c.team_threshold && p.shared >= f64::from(c.min_shared)
            );
        }
        // Every pair with a shared change is listed, strongest first.
        let listed = m.team_pairs.iter().filter(|p| p.shared > 0.0).count();
        let expected = (0..n).flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .filter(|&(a, b)| shared[a][b] > 0.0)
            .count();
        prop_assert_eq!(listed, expected);
        prop_assert!(m.team_pairs.windows(2).all(|w| w[0].degree >= w[1].degree));

        // Files: revisions by hand, and pairs only across single owners.
        let paths = f.paths();
        for s in &m.files {
            let id = paths.iter().position(|p| *p == s.path).expect("a path") as u32;
            let by_hand: f64 = f.changes.iter().filter(|c| c.files.contains(&id)).map(|c| f.weight(c.time)).sum();
            prop_assert!(close(s.revs, by_hand));
        }
        let c = f.coupling();
        for p in &m.file_pairs {
            prop_assert!(p.a_team.is_some() && p.b_team.is_some() && p.a_team != p.b_team, "{:?}", p);
            prop_assert!(p.shared <= p.revs_a.min(p.revs_b) + 1e-9);
            prop_assert!(p.degree >= c.min_degree);
            prop_assert!(p.a < p.b);
        }
    }

    /// For each target file, the files that changed with it: a partner's
    /// shared changes never outnumber the target's.
    #[test]
    fn cochanges_never_outnumber_the_target(f in fixture(), targets in proptest::collection::vec(0u32..14, 1..4)) {
        let targets: Vec<u32> = targets.into_iter().filter(|&t| (t as usize) < f.owner.len()).collect();
        for (t, g, revs, shared) in metrics::cochanges(&f.changes, &targets) {
            prop_assert!(targets.contains(&t) && !targets.contains(&g));
            prop_assert!(shared >= 1 && shared <= revs);
            let by_hand = f.changes.iter().filter(|c| c.files.contains(&t)).count() as u32;
            prop_assert_eq!(revs, by_hand);
        }
    }
}
