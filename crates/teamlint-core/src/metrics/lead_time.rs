//! Time to value (docs/reference.md §3): how long landed changes took,
//! by the number of teams they touched, and what crossing a team boundary
//! costs (the cross-team / single-team ratio, also among changes of
//! similar size, with a bootstrap 95% interval).

use serde::Serialize;

use super::stats::{self, median_in_place};
use super::{period_of, Owners, Period};

const HOUR: f64 = 3600.0;

/// One measured landed change: when it landed, how long it took (seconds)
/// and the files of its landed diff (path ids).
#[derive(Clone, Debug)]
pub struct LandedChange {
    pub time: i64,
    pub lead: i64,
    pub files: Vec<u32>,
}

/// What the figures are computed from.
pub struct LeadInput<'a> {
    pub changes: &'a [LandedChange],
    pub owners: &'a Owners,
    pub team_names: &'a [String],
    /// Landed changes that could not be measured (counted, never zero).
    pub unmeasured: usize,
    /// Landed changes skipped as bulk (more than `max_changeset` files).
    pub skipped_large: usize,
    pub period: Option<Period>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LeadTime {
    /// Landed changes measured (bulk ones left out).
    pub measured: usize,
    pub unmeasured: usize,
    pub skipped_large: usize,
    /// Measured changes that touched no single-owned file.
    pub no_team: usize,
    pub by_teams: Vec<Bucket>,
    /// Cross-team (2+ teams) median over single-team median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Ratio>,
    /// The same ratio among changes of similar file counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_matched: Option<Ratio>,
    pub teams: Vec<TeamLead>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodLead>,
}

/// Changes that touched 1, 2 or 3+ teams.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket {
    pub teams: &'static str,
    pub changes: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

/// A ratio with its bootstrap 95% interval, and the medians it compares.
#[derive(Clone, Debug, Serialize)]
pub struct Ratio {
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub cross_team_hours: f64,
    pub single_team_hours: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamLead {
    pub name: String,
    pub changes: usize,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PeriodLead {
    pub period: String,
    pub measured: usize,
    pub by_teams: Vec<Bucket>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Ratio>,
}

/// A change's hours, teams touched and size.
struct Row {
    hours: f64,
    teams: Vec<usize>,
    files: usize,
}

pub fn lead_time(input: &LeadInput<'_>) -> LeadTime {
    let rows: Vec<Row> = input
        .changes
        .iter()
        .map(|c| {
            let mut teams: Vec<usize> = c
                .files
                .iter()
                .filter_map(|&f| input.owners.single(f))
                .collect();
            teams.sort_unstable();
            teams.dedup();
            Row {
                hours: c.lead as f64 / HOUR,
                teams,
                files: c.files.len(),
            }
        })
        .collect();
    let all: Vec<&Row> = rows.iter().collect();
    let teams = input
        .team_names
        .iter()
        .enumerate()
        .map(|(t, name)| {
            let hours: Vec<f64> = rows
                .iter()
                .filter(|r| r.teams.binary_search(&t).is_ok())
                .map(|r| r.hours)
                .collect();
            TeamLead {
                name: name.clone(),
                changes: hours.len(),
                median_hours: stats::median(&hours),
                p90_hours: stats::p90(&hours),
            }
        })
        .collect();
    let periods = match input.period {
        None => Vec::new(),
        Some(p) => {
            let mut groups: std::collections::BTreeMap<String, Vec<&Row>> = Default::default();
            for (c, r) in input.changes.iter().zip(&rows) {
                groups.entry(period_of(c.time, p)).or_default().push(r);
            }
            groups
                .into_iter()
                .map(|(period, rows)| PeriodLead {
                    period,
                    measured: rows.len(),
                    by_teams: buckets(&rows),
                    ratio: ratio(&rows),
                })
                .collect()
        }
    };
    LeadTime {
        measured: rows.len(),
        unmeasured: input.unmeasured,
        skipped_large: input.skipped_large,
        no_team: rows.iter().filter(|r| r.teams.is_empty()).count(),
        by_teams: buckets(&all),
        ratio: ratio(&all),
        size_matched: size_matched(&all),
        teams,
        periods,
    }
}

fn buckets(rows: &[&Row]) -> Vec<Bucket> {
    [("1", 1..2), ("2", 2..3), ("3+", 3..usize::MAX)]
        .into_iter()
        .map(|(name, range)| {
            let hours: Vec<f64> = rows
                .iter()
                .filter(|r| range.contains(&r.teams.len()))
                .map(|r| r.hours)
                .collect();
            Bucket {
                teams: name,
                changes: hours.len(),
                median_hours: stats::median(&hours),
                p90_hours: stats::p90(&hours),
            }
        })
        .collect()
}

/// Single-team and cross-team changes' hours.
fn split(rows: &[&Row]) -> (Vec<f64>, Vec<f64>) {
    let single = rows
        .iter()
        .filter(|r| r.teams.len() == 1)
        .map(|r| r.hours)
        .collect();
    let cross = rows
        .iter()
        .filter(|r| r.teams.len() >= 2)
        .map(|r| r.hours)
        .collect();
    (single, cross)
}

fn ratio_of(cross: &mut [f64], single: &mut [f64]) -> Option<f64> {
    let s = median_in_place(single)?;
    let c = median_in_place(cross)?;
    (s > 0.0 && c >= 0.0).then(|| c / s)
}

/// Cross-team median / single-team median, with a bootstrap interval.
fn ratio(rows: &[&Row]) -> Option<Ratio> {
    let (single, cross) = split(rows);
    let value = ratio_of(&mut cross.clone(), &mut single.clone())?;
    let ci = stats::bootstrap2(&cross, &single, |c, s| ratio_of(c, s));
    Some(Ratio {
        value,
        low: ci.map(|c| c.0),
        high: ci.map(|c| c.1),
        cross_team_hours: stats::median(&cross)?,
        single_team_hours: stats::median(&single)?,
    })
}

/// A change's size class: 1, 2, 3-4, 5-8, 9-16, 17-32 and 33+ files.
pub fn size_class(files: usize) -> usize {
    (usize::BITS - files.saturating_sub(1).leading_zeros()).min(6) as usize
}

/// The ratio among changes of similar size: in each size class holding
/// both kinds of change, cross-team median / single-team median; the
/// classes' ratios combined by a geometric mean weighted by their
/// cross-team changes. So cross-team changes being bigger does not make
/// them look slower.
fn size_matched(rows: &[&Row]) -> Option<Ratio> {
    // (hours, size class) pairs, resampled together.
    let sized = |cross: bool| -> Vec<(f64, usize)> {
        rows.iter()
            .filter(|r| (r.teams.len() >= 2) == cross && !r.teams.is_empty())
            .map(|r| (r.hours, size_class(r.files)))
            .collect()
    };
    let (single, cross) = (sized(false), sized(true));
    let value = matched(&cross, &single)?;
    let ci = stats::bootstrap2(&cross, &single, |c, s| matched(c, s));
    let hours = |v: &[(f64, usize)]| -> Vec<f64> { v.iter().map(|x| x.0).collect() };
    Some(Ratio {
        value,
        low: ci.map(|c| c.0),
        high: ci.map(|c| c.1),
        cross_team_hours: stats::median(&hours(&cross))?,
        single_team_hours: stats::median(&hours(&single))?,
    })
}

fn matched(cross: &[(f64, usize)], single: &[(f64, usize)]) -> Option<f64> {
    let mut by_class: [(Vec<f64>, Vec<f64>); 7] = Default::default();
    for &(h, c) in cross {
        by_class[c.min(6)].0.push(h);
    }
    for &(h, c) in single {
        by_class[c.min(6)].1.push(h);
    }
    let (mut sum, mut weight) = (0.0, 0.0);
    for (c, s) in &mut by_class {
        let n = c.len() as f64;
        let (Some(mc), Some(ms)) = (median_in_place(c), median_in_place(s)) else {
            continue;
        };
        if mc > 0.0 && ms > 0.0 {
            sum += n * (mc / ms).ln();
            weight += n;
        }
    }
    (weight > 0.0).then(|| (sum / weight).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners() -> Owners {
        // Paths 0, 1: team 0; 2: team 1; 3: team 2; 4: shared; 5: unowned.
        let per: Vec<&[usize]> = vec![&[0], &[0], &[1], &[2], &[0, 1], &[]];
        Owners::new(per.into_iter())
    }

    fn change(hours: i64, files: &[u32]) -> LandedChange {
        LandedChange {
            time: 1_735_689_600,
            lead: hours * 3600,
            files: files.to_vec(),
        }
    }

    #[test]
    fn buckets_teams_and_ratio() {
        let changes = vec![
            change(10, &[0]),
            change(20, &[1, 5]),
            change(30, &[0, 4]), // the shared file makes no second team
            change(100, &[0, 2]),
            change(60, &[2, 3]),
            change(300, &[0, 2, 3]),
            change(5, &[4, 5]), // no team
        ];
        let names = vec!["a".to_string(), "b".into(), "c".into()];
        let o = owners();
        let lt = lead_time(&LeadInput {
            changes: &changes,
            owners: &o,
            team_names: &names,
            unmeasured: 2,
            skipped_large: 1,
            period: None,
        });
        assert_eq!((lt.measured, lt.unmeasured, lt.skipped_large), (7, 2, 1));
        assert_eq!(lt.no_team, 1);
        let b: Vec<(usize, Option<f64>, Option<f64>)> = lt
            .by_teams
            .iter()
            .map(|b| (b.changes, b.median_hours, b.p90_hours))
            .collect();
        assert_eq!(
            b,
            vec![
                (3, Some(20.0), Some(30.0)),
                (2, Some(80.0), Some(100.0)),
                (1, Some(300.0), Some(300.0))
            ]
        );
        let r = lt.ratio.unwrap();
        // Cross-team: 60, 100, 300 (median 100); single: 10, 20, 30 (20).
        assert_eq!(
            (r.value, r.cross_team_hours, r.single_team_hours),
            (5.0, 100.0, 20.0)
        );
        let (low, high) = (r.low.unwrap(), r.high.unwrap());
        assert!(low <= high && low > 0.0, "{low} {high}");
        assert_eq!(lt.teams[0].changes, 5);
        assert_eq!(lt.teams[0].median_hours, Some(30.0));
        assert_eq!(lt.teams[2].changes, 2);
    }

    #[test]
    fn no_single_team_change_means_no_ratio() {
        let changes = vec![change(10, &[0, 2])];
        let names = vec!["a".to_string(), "b".into(), "c".into()];
        let o = owners();
        let lt = lead_time(&LeadInput {
            changes: &changes,
            owners: &o,
            team_names: &names,
            unmeasured: 0,
            skipped_large: 0,
            period: Some(Period::Month),
        });
        assert!(lt.ratio.is_none() && lt.size_matched.is_none());
        assert_eq!(lt.periods.len(), 1);
        assert_eq!(lt.periods[0].period, "2025-01");
    }

    #[test]
    fn size_matching_takes_size_out_of_the_ratio() {
        // Single-team changes: small and quick (1 file, 10 h) or big and
        // slow (9 files, 100 h); cross-team changes are as fast as
        // single-team ones of their size, but mostly big.
        let mut changes = Vec::new();
        for _ in 0..10 {
            changes.push(change(10, &[0]));
        }
        for _ in 0..10 {
            changes.push(change(100, &[0, 1, 5, 5, 5, 5, 5, 5, 5]));
        }
        changes.push(change(10, &[0, 2]));
        for _ in 0..9 {
            changes.push(change(100, &[0, 2, 5, 5, 5, 5, 5, 5, 5]));
        }
        let names = vec!["a".to_string(), "b".into(), "c".into()];
        let o = owners();
        let lt = lead_time(&LeadInput {
            changes: &changes,
            owners: &o,
            team_names: &names,
            unmeasured: 0,
            skipped_large: 0,
            period: None,
        });
        let plain = lt.ratio.unwrap().value;
        let matched = lt.size_matched.unwrap().value;
        assert!(plain > 1.5, "{plain}");
        assert!((matched - 1.0).abs() < 1e-9, "{matched}");
    }

    #[test]
    fn size_classes() {
        let classes: Vec<usize> = [1, 2, 3, 4, 5, 8, 9, 16, 17, 33, 1000]
            .iter()
            .map(|&n| size_class(n))
            .collect();
        assert_eq!(classes, vec![0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6]);
    }
}
