//! Reports: findings and answers rendered in each output format. One file
//! per format; nothing below this module prints.

pub mod human;
mod json;
mod markdown;

use serde::Serialize;

use crate::cli::Format;
use crate::finding::{Finding, Source, Summary};
use crate::rules::Rule;

/// How human output looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    pub quiet: bool,
}

impl Style {
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 80,
            quiet: false,
        }
    }
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
}

/// What a change touched, for the reports of `check --staged/--base`.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeSummary {
    pub files: usize,
    pub teams: Vec<(String, usize)>,
    pub unowned: usize,
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
        }
    }
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<RuleInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracked: Option<bool>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exempt: bool,
}

/// A rule as the reader can find it: file, line and pattern.
#[derive(Clone, Debug, Serialize)]
pub struct RuleInfo {
    pub file: String,
    pub line: usize,
    pub pattern: String,
    pub owner: String,
}

pub fn check(format: Format, doc: &CheckReport<'_>, style: &Style) -> String {
    match format {
        Format::Human => human::check(doc, style),
        Format::Json => json::check(doc),
        Format::Markdown => markdown::check(doc),
        Format::Sarif | Format::Github | Format::Html | Format::Csv => {
            // Until those formats exist the JSON document is the faithful fallback.
            json::check(doc)
        }
    }
}

pub fn paths(format: Format, entries: &[PathEntry], detailed: bool, style: &Style) -> String {
    match format {
        Format::Json => json::paths(entries),
        Format::Markdown => markdown::paths(entries),
        _ => human::paths(entries, detailed, style),
    }
}

pub fn rules(format: Format, rules: &[&Rule], one: bool, style: &Style) -> String {
    match format {
        Format::Json => json::rules(rules),
        _ => human::rules(rules, one, style),
    }
}
