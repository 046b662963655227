//! Reports: findings and answers rendered in each output format. One file
//! per format; nothing below this module prints.

mod audit;
mod github;
mod gitlab;
pub mod guard;
pub mod human;
mod json;
mod markdown;
mod sarif;
mod suggest;

use std::io::Write;

use serde::Serialize;

pub use suggest::{write_suggest, MoveRow, SuggestReport, TeamChange, TeamRow};

use teamlint_core::finding::RuleId;
use teamlint_core::finding::{Finding, Source, Summary};
use teamlint_core::metrics::{LeadTime, Metrics, PeriodStats};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Gitlab,
    Markdown,
    Html,
    Csv,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Markdown,
        Format::Html,
        Format::Csv,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }
}

/// What a command renders; each accepts the formats it has renderers for,
/// and no others (docs/reference.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// `check`, `codeowners --check`.
    Check,
    /// `audit`.
    Audit,
    /// `explain`, `ls`.
    Paths,
    /// `suggest`.
    Suggest,
    /// `rules`.
    Rules,
    /// Commands whose only output is a file or a message (`init`, `hook`),
    /// or a fixed document (`baseline`, `codeowners`).
    Fixed,
}

impl Output {
    pub fn formats(self) -> &'static [Format] {
        use Format::*;
        match self {
            Output::Check => &[Human, Json, Sarif, Github, Gitlab, Markdown],
            Output::Audit => &[Human, Json, Markdown, Html, Csv],
            Output::Paths => &[Human, Json, Markdown],
            Output::Suggest => &[Human, Json, Markdown, Html],
            Output::Rules => &[Human, Json],
            Output::Fixed => &[],
        }
    }
}

/// How human output looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    pub quiet: bool,
}

/// The result of `check`.
pub struct CheckReport<'a> {
    pub findings: &'a [Finding],
    pub summary: Summary,
    pub sources: &'a [Source],
    /// Lines for the reader that are not findings (skipped rules, stale
    /// baseline entries).
    pub notes: Vec<String>,
    /// For change checks: the changed paths and the teams they touch.
    pub change: Option<ChangeSummary>,
    /// The config could not be read, so nothing was checked.
    pub config_failed: bool,
    /// For change checks: the files present after the change. Annotations
    /// go only on these; a finding with no place among them goes to the
    /// summary.
    pub changed: Option<std::collections::HashSet<String>>,
}

/// Where an annotation goes: a file, and a line in it when the finding
/// points at one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    /// With the column; `None` for the whole file.
    pub line: Option<(usize, usize)>,
}

impl CheckReport<'_> {
    /// Where to annotate a finding. Without a change: the file it is about
    /// (a finding about a file sits on that file), else the span it points
    /// at, else nowhere. In a change check only files the change touches
    /// are places: a finding's anchors (a changed file of each team),
    /// else its file, else its span; none of those is no place, and the
    /// finding belongs to the summary.
    pub fn places(&self, f: &Finding) -> Vec<Place> {
        let file = |p: &str| Place {
            file: p.to_string(),
            line: None,
        };
        let span = f.location.as_ref().map(|l| Place {
            file: l.file.clone(),
            line: Some((l.line, l.column)),
        });
        let Some(changed) = &self.changed else {
            return match (&f.path, span) {
                (Some(p), _) => vec![file(p)],
                (None, Some(s)) => vec![s],
                (None, None) => Vec::new(),
            };
        };
        let anchors: Vec<Place> = f
            .anchors
            .iter()
            .filter(|a| changed.contains(*a))
            .map(|a| file(a))
            .collect();
        if !anchors.is_empty() {
            return anchors;
        }
        if let Some(p) = f.path.as_deref().filter(|p| changed.contains(*p)) {
            return vec![file(p)];
        }
        span.filter(|s| changed.contains(&s.file))
            .into_iter()
            .collect()
    }
}

/// What a change touched, for the reports of `check --staged/--base`.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeSummary {
    pub files: usize,
    pub teams: Vec<(String, usize)>,
    pub unowned: usize,
    /// Files of shared rules: no single team's.
    pub shared: usize,
}

impl<'a> CheckReport<'a> {
    pub fn new(findings: &'a [Finding], files: usize, sources: &'a [Source]) -> Self {
        CheckReport {
            findings,
            summary: Summary::of(findings, files),
            sources,
            notes: Vec::new(),
            change: None,
            config_failed: false,
            changed: None,
        }
    }
}

/// The result of `audit`.
pub struct AuditReport<'a> {
    /// A name for the repository (its directory name).
    pub repo: String,
    pub window: Window,
    pub metrics: &'a Metrics,
    /// `--by month|quarter`: the metrics per period, oldest first.
    pub trend: Option<Vec<PeriodStats>>,
    /// Time to value: the lead time of landed changes (unless left out).
    pub lead_time: Option<&'a LeadTime>,
    /// `--compare OTHER.toml`: the same history under another map.
    pub compare: Option<Comparison<'a>>,
    pub findings: &'a [Finding],
    pub summary: Summary,
    pub sources: &'a [Source],
    pub notes: Vec<String>,
    pub min_revs: u32,
    pub min_shared: u32,
    pub team_threshold: f64,
}

impl AuditReport<'_> {
    /// Is this pair an undeclared coupling (as the rule decides)?
    pub fn undeclared(&self, p: &teamlint_core::metrics::TeamPair) -> bool {
        p.is_undeclared_coupling(self.team_threshold, self.min_shared)
    }
}

pub use teamlint_core::metrics::Window;

/// An audit of the same history under a proposed ownership map.
pub struct Comparison<'a> {
    /// The proposed map's path, as given.
    pub label: String,
    pub metrics: &'a Metrics,
    /// The same landed changes' lead time under the other map.
    pub lead_time: Option<&'a LeadTime>,
}

/// One path's owner, for `explain` and `ls`.
#[derive(Clone, Debug, Serialize)]
pub struct PathEntry {
    pub path: String,
    pub teams: Vec<String>,
    pub unowned: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub declared_unowned: bool,
    #[serde(skip)]
    pub leaders: Vec<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleInfo>,
    /// GitLab's sections: the rules of the other sections that decided too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<RuleInfo>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<RuleInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracked: Option<bool>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exempt: bool,
}

pub use teamlint_core::ownership::RuleInfo;

/// A format asked of a report that has no renderer for it. Commands refuse
/// such a format before they run (`Output::formats`); a caller that did not
/// gets this error rather than another format.
fn unrendered(output: Output, format: Format) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{output:?} reports have no {} format", format.name()),
    )
}

/// The check report in `format`, written to `w`.
pub fn write_check(
    format: Format,
    doc: &CheckReport<'_>,
    style: &Style,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => w.write_all(human::check(doc, style).as_bytes()),
        Format::Json => json::write_check(doc, w),
        Format::Markdown => w.write_all(markdown::check(doc).as_bytes()),
        Format::Sarif => w.write_all(sarif::check(doc).as_bytes()),
        Format::Github => w.write_all(github::check(doc).as_bytes()),
        Format::Gitlab => w.write_all(gitlab::check(doc).as_bytes()),
        Format::Html | Format::Csv => Err(unrendered(Output::Check, format)),
    }
}

/// The check report as Markdown (for `--summary`).
pub fn check_markdown(doc: &CheckReport<'_>) -> String {
    markdown::check(doc)
}

/// Paths and their owners (`ls`, `explain`) in `format`, written to `w`
/// line by line: a listing of a million files never sits whole in memory.
pub fn write_paths(
    format: Format,
    entries: &[PathEntry],
    detailed: bool,
    style: &Style,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
            human::paths(entries, detailed, style, &mut w)?;
            w.flush()
        }
        Format::Json => json::write_paths(entries, w),
        Format::Markdown => w.write_all(markdown::paths(entries).as_bytes()),
        _ => Err(unrendered(Output::Paths, format)),
    }
}

/// The rules (`rules [NAME]`) in `format`, written to `w`.
pub fn write_rules(
    format: Format,
    rules: &[RuleId],
    one: bool,
    style: &Style,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => w.write_all(human::rules(rules, one, style).as_bytes()),
        Format::Json => json::write_rules(rules, w),
        _ => Err(unrendered(Output::Rules, format)),
    }
}

/// The audit's Markdown report (for `--summary`).
pub fn audit_markdown(doc: &AuditReport<'_>) -> String {
    audit::markdown::render(doc)
}

/// The audit report in `format`, written to `w` as it is made.
pub fn write_audit(
    format: Format,
    doc: &AuditReport<'_>,
    style: &Style,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json => return audit::json::write(doc, w),
        Format::Human => audit::human::render(doc, style),
        Format::Markdown => audit::markdown::render(doc),
        Format::Csv => return audit::csv::write(doc, w),
        Format::Html => audit::html::render(doc),
        Format::Sarif | Format::Github | Format::Gitlab => {
            return Err(unrendered(Output::Audit, format))
        }
    };
    w.write_all(text.as_bytes())
}
