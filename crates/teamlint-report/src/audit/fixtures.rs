//! A small audit with odd names, shared by the tests of every audit format.

use crate::AuditReport;
use crate::{Comparison, Window};
use teamlint_core::finding::CommitRef;
use teamlint_core::finding::RuleId;
use teamlint_core::finding::Severity;
use teamlint_core::finding::{Finding, Summary};
use teamlint_core::metrics::{FilePair, Metrics, PeriodStats, TeamPair, TeamStats};
use teamlint_core::metrics::{FileStats, PeriodTeam};
use teamlint_core::metrics::{LandedChange, LeadInput, LeadTime, Owners, Period};

/// A path with HTML, CSV and Markdown metacharacters in it.
pub(crate) const EVIL_PATH: &str = "services/pay/<script>alert(1)</script>,x.rs";
pub(crate) const QUOTED_PATH: &str = "infra/\"main\"|v2.tf";

/// Owned data for a small audit: three teams (one without enough
/// history), an undeclared pair above the threshold, a declared pair,
/// a file pair with odd paths, two periods and a proposed map.
pub(crate) struct Sample {
    pub metrics: Metrics,
    pub proposed: Metrics,
    pub findings: Vec<Finding>,
    pub trend: Option<Vec<PeriodStats>>,
    pub lead_time: LeadTime,
    pub proposed_lead_time: LeadTime,
}

impl Sample {
    pub fn report(&self) -> AuditReport<'_> {
        AuditReport {
            repo: "acme<shop>".to_string(),
            window: Window {
                since: Some("2025-01-01".into()),
                until: None,
                changes: 32,
                skipped_large: 1,
                skipped_authors: 2,
                skipped_missing: 0,
                skipped_large_ids: vec!["feedc0ffee1234567890".into()],
                first: Some("2025-01-03".into()),
                last: Some("2025-02-27".into()),
            },
            metrics: &self.metrics,
            trend: self.trend.clone(),
            lead_time: Some(&self.lead_time),
            compare: Some(Comparison {
                label: "proposed/OWNERS.toml".into(),
                metrics: &self.proposed,
                lead_time: Some(&self.proposed_lead_time),
            }),
            findings: &self.findings,
            summary: Summary::of(&self.findings, 3),
            sources: &[],
            notes: vec!["cache rebuilt <fresh>".into()],
            min_revs: 5,
            min_shared: 5,
            team_threshold: 0.10,
        }
    }
}

pub fn team(name: &str, revs: f64, sep: Option<f64>, cross: f64) -> TeamStats {
    TeamStats {
        name: name.into(),
        revs,
        separability: sep,
        cross_team: cross,
        shared_cause: None,
        authors_by_team: Vec::new(),
        people: Default::default(),
    }
}

pub fn pair(a: &str, b: &str, shared: f64, revs: (f64, f64), declared: bool) -> TeamPair {
    TeamPair {
        a: a.into(),
        b: b.into(),
        shared,
        degree: teamlint_core::metrics::degree(shared, revs.0, revs.1),
        confidence_ab: teamlint_core::metrics::confidence(shared, revs.0),
        confidence_ba: teamlint_core::metrics::confidence(shared, revs.1),
        declared,
        scored: revs.0 >= 5.0 && revs.1 >= 5.0,
        shared_cause: None,
        commits: Vec::new(),
    }
}

pub fn sample() -> Sample {
    let mut coupled = pair("payments", "platform", 6.0, (20.0, 15.0), false);
    coupled.commits = vec![CommitRef {
        id: "0123456789abcdef0123".into(),
        date: "2025-02-20".into(),
        subject: "Fix <script>alert('x')</script> & friends".into(),
    }];
    let metrics = Metrics {
        changes: 32,
        teams: vec![
            team("platform", 15.0, Some(0.8), 3.0),
            team("payments", 20.0, Some(0.6), 8.0),
            team("web<&>", 3.0, None, 2.0),
        ],
        team_pairs: vec![coupled, pair("payments", "web<&>", 2.0, (20.0, 3.0), true)],
        file_pairs: vec![FilePair {
            a: EVIL_PATH.into(),
            b: QUOTED_PATH.into(),
            a_team: Some("payments".into()),
            b_team: Some("platform".into()),
            revs_a: 10.0,
            revs_b: 8.0,
            shared: 5.0,
            degree: teamlint_core::metrics::degree(5.0, 10.0, 8.0),
            confidence_ab: 0.5,
            confidence_ba: 0.625,
            commits: vec![CommitRef {
                id: "abcdef1234567".into(),
                date: "2025-02-21".into(),
                subject: "Move | pipes <b>bold</b>".into(),
            }],
            ids: (0, 1),
        }],
        files: vec![
            FileStats {
                path: EVIL_PATH.into(),
                revs: 10.0,
                team: Some("payments".into()),
            },
            FileStats {
                path: QUOTED_PATH.into(),
                revs: 8.0,
                team: None,
            },
        ],
        separability: Some(0.7),
        owned_changes: 30.0,
        shared_rules: Vec::new(),
    };
    let proposed = Metrics {
        changes: 32,
        teams: vec![
            team("payments", 14.0, Some(0.85), 2.0),
            team("platform", 15.0, Some(0.8), 3.0),
            team("billing", 9.0, Some(0.9), 1.0),
        ],
        team_pairs: vec![pair("payments", "platform", 1.45, (14.0, 15.0), false)],
        file_pairs: Vec::new(),
        files: Vec::new(),
        separability: Some(0.82),
        owned_changes: 30.0,
        shared_rules: Vec::new(),
    };
    let mut f1 = Finding::new(
        RuleId::UndeclaredCoupling,
        "`payments` and `platform` change together | <b>often</b>",
    )
    .teams(["payments", "platform"])
    .help("declare `depends_on = [\"platform\"]` or move the code");
    f1.severity = Severity::Error;
    let mut f2 = Finding::new(RuleId::CoupledFiles, "files change together").path(EVIL_PATH);
    f2.severity = Severity::Warning;
    let period = |p: &str, changes, sep| PeriodStats {
        period: p.into(),
        changes,
        separability: Some(sep),
        teams: vec![PeriodTeam {
            name: "payments".into(),
            revs: 9.0,
            separability: Some(sep - 0.1),
        }],
    };
    Sample {
        metrics,
        proposed,
        lead_time: lead_time(&[&[0], &[1], &[2], &[]]),
        proposed_lead_time: lead_time(&[&[0], &[0], &[2], &[]]),
        findings: vec![f1, f2],
        trend: Some(vec![
            period("2025-01", 14, 0.65),
            period("2025-02", 18, 0.75),
        ]),
    }
}

/// Lead time over twenty landed changes in January and February 2025,
/// paths 0..4 owned as `owners` says (team 0 payments, 1 platform, 2 web).
fn lead_time(owners: &[&[usize]]) -> LeadTime {
    let owners = Owners::new(owners.iter().copied());
    let changes: Vec<LandedChange> = (0..20i64)
        .map(|i| {
            let files: Vec<u32> = match i % 4 {
                0 => vec![0],
                1 => vec![1, 3],
                2 => vec![0, 1],
                _ => vec![0, 1, 2],
            };
            LandedChange {
                time: 1_735_900_000 + i * 3 * 86_400,
                lead: (10 + i * (1 + (i % 4)) * 3) * 3600,
                files,
            }
        })
        .collect();
    let names = vec!["payments".to_string(), "platform".into(), "web<&>".into()];
    teamlint_core::metrics::lead_time(&LeadInput {
        changes: &changes,
        owners: &owners,
        team_names: &names,
        unmeasured: 2,
        skipped_large: 1,
        period: Some(Period::Month),
    })
}
