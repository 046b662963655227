//! The report of `teamlint suggest`: the proposed ownership moves, each
//! with the separability measured after it, in every format it renders.

mod human;
mod json;
mod markdown;
mod page;

use serde::Serialize;

use super::{Format, Style, Window};
use teamlint_core::finding::CommitRef;

/// What `suggest` found.
#[derive(Clone, Debug, Serialize)]
pub struct SuggestReport {
    pub repo: String,
    pub window: Window,
    /// Repository separability under today's map, and under the proposal.
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub moves: Vec<MoveRow>,
    /// Each team under today's map and the proposal.
    pub teams: Vec<TeamRow>,
    /// Each team's change volume stays within `[today / bound, today × bound]`.
    pub bound: f64,
    /// Where the proposed map was written (`--write`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One move, in the order to apply them.
#[derive(Clone, Debug, Serialize)]
pub struct MoveRow {
    /// `pattern` (one pattern), `rule` (every pattern of a rule),
    /// `directory` (what a directory pattern decides under a subdirectory)
    /// or `unowned` (shared infrastructure declared unowned).
    pub kind: &'static str,
    /// The pattern(s) that move; for a directory, the pattern written.
    pub patterns: Vec<String>,
    /// Where it is: `FILE:LINE` of the pattern (for a directory, of the
    /// pattern it is carved from).
    pub location: String,
    pub from: Vec<String>,
    pub to: String,
    /// Tracked files that change owner.
    pub files: u32,
    /// Repository separability once this move and every one before it are
    /// applied, measured on the map written out.
    pub separability: Option<f64>,
    /// The teams whose separability this move changes.
    pub teams: Vec<TeamChange>,
    /// Weighted changes that stop crossing teams, and that start to.
    pub fixed: f64,
    pub broken: f64,
    /// The newest changes that stop crossing teams.
    pub commits: Vec<CommitRef>,
    /// Why this move, when more than its gain says it: shared
    /// infrastructure, tests that move with their code, a better move the
    /// balance bound rules out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamChange {
    pub name: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamRow {
    pub name: String,
    pub separability_before: Option<f64>,
    pub separability_after: Option<f64>,
    /// The sum of the revs of the files the team owns.
    pub volume_before: f64,
    pub volume_after: f64,
}

pub fn write_suggest(
    format: Format,
    doc: &SuggestReport,
    style: &Style,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json | Format::Sarif | Format::Github | Format::Gitlab | Format::Csv => {
            return json::write(doc, w)
        }
        Format::Human => human::render(doc, style),
        Format::Markdown => markdown::render(doc),
        Format::Html => page::render(doc),
    };
    w.write_all(text.as_bytes())
}

/// A share to one decimal, the precision moves are told apart at.
pub fn pct(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{:.1}%", v * 100.0),
        None => "—".into(),
    }
}

/// A team's proposed volume as a multiple of today's.
pub fn ratio(before: f64, after: f64) -> String {
    if before > 0.0 {
        format!("×{:.2}", after / before)
    } else {
        "—".into()
    }
}
