//! The audit's analysis: the history of a window under one ownership map
//! (metrics, trend, lead time, a proposed map's figures, the history
//! rules' findings), computed once however the audit is reported.

use std::path::Path;

use teamlint_core::config::Config;
use teamlint_core::error::{Error, Result};
use teamlint_core::finding::Finding;
use teamlint_core::metrics::{self, Change, LeadTime, Metrics};
use teamlint_core::ownership::Resolver;
use teamlint_core::rules::{self, HistoryContext, Levels};
use teamlint_git::history::Scan;

use crate::landed::LandedHistory;
use crate::measure::{load_proposed, log, measure, owners};

/// What the history says under one ownership map.
pub struct Analysis {
    pub metrics: Metrics,
    pub trend: Option<Vec<metrics::PeriodStats>>,
    pub lead_time: Option<LeadTime>,
    /// Under `--compare`'s map: its label, metrics and lead time.
    pub compared: Option<(String, Metrics, Option<LeadTime>)>,
    pub findings: Vec<Finding>,
}

/// The history an audit reads, whatever the map.
pub struct History<'a> {
    pub scan: &'a Scan,
    pub changes: &'a [Change],
    pub landed: Option<&'a LandedHistory>,
    /// Ages for `half_life` are measured from here (the newest change).
    pub reference_time: i64,
}

/// Everything the audit figures from `h` under the map `config`: the
/// metrics with their evidence, the trend by `period`, lead time, the same
/// under the root map at `compare`, and the history rules' findings at
/// `levels`.
pub fn analyse(
    config: &Config,
    resolver: &Resolver,
    levels: &Levels,
    h: &History<'_>,
    period: Option<metrics::Period>,
    compare: Option<&Path>,
) -> Result<Analysis> {
    let (scan, changes, reference_time) = (h.scan, h.changes, h.reference_time);
    let owners = owners(config, resolver, scan, changes);
    let mut metrics = measure(config, &owners, scan, changes, reference_time, false);
    let trend = period.map(|period| {
        metrics::with_input(
            config,
            &owners,
            &log(scan, changes),
            reference_time,
            true,
            |input| metrics::trend(input, period),
        )
    });
    let lead_time = h
        .landed
        .map(|l| l.lead_time(config, resolver, scan, period));
    let compared = match compare {
        Some(path) => Some(compare_with(config, path, h, period)?),
        None => None,
    };
    let commit = |i: usize| (scan.commits[i].id.to_string(), scan.subjects[i].clone());
    metrics::attach_evidence(
        &commit,
        scan.paths.len(),
        changes,
        &owners,
        config,
        &mut metrics,
    );
    let mut findings = levels.apply(rules::history(&HistoryContext {
        config,
        metrics: &metrics,
    }));
    crate::tree::sort(&mut findings);
    Ok(Analysis {
        metrics,
        trend,
        lead_time,
        compared,
        findings,
    })
}

/// `--compare OTHER.toml`: the same changes under another root map (the
/// directory files stay as they are).
fn compare_with(
    config: &Config,
    path: &std::path::Path,
    h: &History<'_>,
    period: Option<metrics::Period>,
) -> Result<(String, Metrics, Option<LeadTime>)> {
    let (scan, changes, reference_time) = (h.scan, h.changes, h.reference_time);
    let bytes = teamlint_git::repo::read_user_file(
        path,
        "the map to compare",
        teamlint_core::fsutil::OWNERSHIP_CAP,
    )?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"),
        )
    })?;
    let label = path.display().to_string();
    let other = load_proposed(config, &label, text)?;
    let resolver = Resolver::new(&other);
    let lead_time = h
        .landed
        .map(|l| l.lead_time(&other, &resolver, scan, period));
    Ok((
        label,
        measure(
            &other,
            &owners(&other, &resolver, scan, changes),
            scan,
            changes,
            reference_time,
            true,
        ),
        lead_time,
    ))
}
