//! The ownership findings of a tree: one side of a change, or the tree as
//! it is, with the baseline that hides the known ones.

use teamlint_core::baseline::Baseline;
use teamlint_core::config::Config;
use teamlint_core::error::Result;
use teamlint_core::finding::{Finding, RuleId};
use teamlint_core::ownership::Resolver;
use teamlint_core::rules::{self, Context, Levels};
use teamlint_git::repo::{Repo, Snapshot};

/// The CODEOWNERS of a snapshot, when `codeowners-drift` is on.
pub fn codeowners_for(
    repo: &Repo,
    snap: &Snapshot<'_>,
    levels: &Levels,
) -> Result<Option<(String, String)>> {
    if levels.is_enabled(RuleId::CodeownersDrift) {
        crate::files::codeowners_in(repo, snap)
    } else {
        Ok(None)
    }
}

/// One side of a change, or the tree as it is: the map that owns its files
/// and its CODEOWNERS (path, text). Everything is read already, so the two
/// sides of a change can be checked at once.
pub struct Tree<'a> {
    pub config: &'a Config,
    pub resolver: &'a Resolver,
    pub codeowners: Option<(String, String)>,
}

impl Tree<'_> {
    /// Every ownership finding over `paths` (the snapshot's files): the
    /// config's own, the ownership rules', and CODEOWNERS drift; at default
    /// severities (the caller applies its levels). With the number of files
    /// analysed.
    pub fn findings(&self, paths: Vec<String>) -> (Vec<Finding>, usize) {
        let analysed: Vec<String> = if self.config.settings.exclude.is_empty() {
            paths
        } else {
            paths
                .into_iter()
                .filter(|p| !self.resolver.is_excluded(p))
                .collect()
        };
        let files = analysed.len();
        let ownership = self.resolver.resolve_all(analysed);
        let cx = Context {
            config: self.config,
            resolver: self.resolver,
            ownership: &ownership,
        };
        let mut all = self.config.findings.clone();
        all.extend(rules::ownership(&cx));
        if let Some((path, text)) = &self.codeowners {
            all.extend(rules::codeowners_drift::check(&cx, path, text));
        }
        (all, files)
    }
}

/// Drops findings `base` records; notes stale entries when the run saw
/// everything the baseline could hold (`complete`).
pub fn hide_known(
    base: Option<&Baseline>,
    name: &str,
    findings: &mut Vec<Finding>,
    complete: bool,
) -> Vec<String> {
    let Some(base) = base else {
        return Vec::new();
    };
    let before = findings.len();
    let stale = base.filter(findings);
    let hidden = before - findings.len();
    let mut notes = Vec::new();
    if hidden > 0 {
        notes.push(format!(
            "{hidden} known finding(s) hidden by the baseline {name}"
        ));
    }
    if complete && !stale.is_empty() {
        let shown: Vec<String> = stale
            .iter()
            .take(5)
            .map(|e| {
                format!(
                    "{} {}",
                    e.rule,
                    e.path.as_deref().or(e.subject.as_deref()).unwrap_or("")
                )
            })
            .collect();
        notes.push(format!(
            "{} baseline entr{} no longer occur{} ({}{}): `teamlint baseline --write` drops them",
            stale.len(),
            if stale.len() == 1 { "y" } else { "ies" },
            if stale.len() == 1 { "s" } else { "" },
            shown.join("; "),
            if stale.len() > 5 { "; …" } else { "" }
        ));
    }
    notes
}

/// Findings in the order every report lists them.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| f.sort_key());
}
