//! Placeholder replaced by the real rule.

use super::{Context, Group, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    name: "codeowners-drift",
    default: Severity::Error,
    group: Group::Ownership,
    summary: "the repo's CODEOWNERS does not resolve every file as OWNERS.toml does (only when a CODEOWNERS file exists)",
    doc: "",
};

/// Findings for every tracked path that `codeowners` (the text of the
/// CODEOWNERS file at `path`) resolves differently from OWNERS.toml.
pub fn check(_cx: &Context<'_>, _path: &str, _codeowners: &str) -> Vec<Finding> {
    Vec::new()
}
