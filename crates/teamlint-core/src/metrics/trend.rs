//! `--by month|quarter`: the team metrics repeated per calendar period.

use super::{compute, Change, Input, PeriodStats, PeriodTeam};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
}

/// The period a Unix time falls in: `2025-01` or `2025-Q1`.
pub fn period_of(time: i64, p: Period) -> String {
    let (y, m, _) = crate::date::civil_from_days(time.div_euclid(crate::date::DAY));
    match p {
        Period::Month => format!("{y:04}-{m:02}"),
        Period::Quarter => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
    }
}

/// Metrics per period, oldest first.
pub fn trend(input: &Input<'_>, p: Period) -> Vec<PeriodStats> {
    let mut groups: std::collections::BTreeMap<String, Vec<Change>> = Default::default();
    for c in input.changes {
        groups
            .entry(period_of(c.time, p))
            .or_default()
            .push(c.clone());
    }
    groups
        .into_iter()
        .map(|(period, changes)| {
            let sub = Input {
                changes: &changes,
                teams_only: true,
                ..*input
            };
            let m = compute(&sub);
            PeriodStats {
                period,
                changes: m.changes,
                separability: m.separability,
                teams: m
                    .teams
                    .into_iter()
                    .map(|t| PeriodTeam {
                        name: t.name,
                        revs: t.revs,
                        separability: t.separability,
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(period_of(1_735_689_600, Period::Month), "2025-01");
        assert_eq!(period_of(1_735_689_600, Period::Quarter), "2025-Q1");
        assert_eq!(period_of(1_696_118_400, Period::Quarter), "2023-Q4");
    }
}
