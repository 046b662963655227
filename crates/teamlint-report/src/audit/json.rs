//! The audit JSON document (docs/reference.md §5), versioned, with stable field names.
//! Serialized straight from the metrics (no intermediate value tree: the
//! file list of a large repository is most of the document).

use serde::Serialize;

use crate::{AuditReport, Window};
use teamlint_core::finding::{Finding, Summary};
use teamlint_core::metrics::{
    FilePair, FileStats, LeadTime, PeriodStats, SharedRule, TeamPair, TeamStats,
};

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    window: &'a Window,
    teams: &'a [TeamStats],
    team_pairs: &'a [TeamPair],
    file_pairs: &'a [FilePair],
    files: &'a [FileStats],
    separability: Option<f64>,
    /// The rules that give their files to several teams, with the share of
    /// the history their files carry.
    shared_rules: &'a [SharedRule],
    #[serde(skip_serializing_if = "Option::is_none")]
    lead_time: Option<&'a LeadTime>,
    findings: &'a [Finding],
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    trend: Option<&'a [PeriodStats]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare: Option<Compare<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

#[derive(Serialize)]
struct Compare<'a> {
    config: &'a str,
    teams: &'a [TeamStats],
    team_pairs: &'a [TeamPair],
    separability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lead_time: Option<&'a LeadTime>,
}

pub fn write(doc: &AuditReport<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let m = doc.metrics;
    let d = Doc {
        version: 1,
        window: &doc.window,
        teams: &m.teams,
        team_pairs: &m.team_pairs,
        file_pairs: &m.file_pairs,
        files: &m.files,
        separability: m.separability,
        shared_rules: &m.shared_rules,
        lead_time: doc.lead_time,
        findings: doc.findings,
        summary: doc.summary,
        trend: doc.trend.as_deref(),
        compare: doc.compare.as_ref().map(|c| Compare {
            config: &c.label,
            teams: &c.metrics.teams,
            team_pairs: &c.metrics.team_pairs,
            separability: c.metrics.separability,
            lead_time: c.lead_time,
        }),
        notes: &doc.notes,
    };
    crate::json::write_document(&d, w)
}
