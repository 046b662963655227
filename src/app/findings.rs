//! The ownership findings of a tree, and the baseline that hides known ones.

use super::workspace::Workspace;
use crate::cli::Global;
use crate::error::Result;
use crate::finding::{Finding, RuleId};
use crate::rules::{self, Context};

/// Every ownership finding over the whole tree (and CODEOWNERS drift), at
/// the configured severities; with the number of files analysed.
pub fn whole_tree(
    g: &Global,
    ws: &Workspace,
    tracked: Vec<String>,
) -> Result<(Vec<Finding>, usize)> {
    let levels = ws.levels(g)?;
    let analysed = ws.analysed(tracked);
    let files = analysed.len();
    let ownership = ws.resolver.resolve_all(analysed);
    let cx = Context {
        config: &ws.config,
        resolver: &ws.resolver,
        ownership: &ownership,
    };
    let mut all = rules::ownership(&cx);
    if levels.is_enabled(RuleId::CodeownersDrift) {
        if let Some((path, text)) = super::workspace::codeowners(&ws.repo)? {
            all.extend(rules::codeowners_drift::check(&cx, &path, &text));
        }
    }
    exempt_baseline_file(g, &ws.repo, &mut all);
    Ok((levels.apply(all), files))
}

/// The baseline file is teamlint's own record, committed beside the code:
/// it needs no owner.
pub fn exempt_baseline_file(g: &Global, repo: &crate::repo::Repo, findings: &mut Vec<Finding>) {
    let (Some(path), Some(w)) = (baseline_path(g, repo), &repo.workdir) else {
        return;
    };
    if let Ok(rel) = path.strip_prefix(w) {
        let rel = rel.to_string_lossy().replace('\\', "/");
        findings.retain(|f| {
            !(f.rule == RuleId::UnownedFile && f.path.as_deref() == Some(rel.as_str()))
        });
    }
}

/// Where the baseline lives: `--baseline`, or the repository root.
pub fn baseline_path(g: &Global, repo: &crate::repo::Repo) -> Option<std::path::PathBuf> {
    g.baseline.clone().or_else(|| {
        repo.workdir
            .as_ref()
            .map(|w| w.join(crate::baseline::FILE_NAME))
    })
}

/// Drops findings the baseline records; notes stale entries when the run
/// saw everything the baseline could hold (`complete`).
pub fn apply_baseline(
    g: &Global,
    repo: &crate::repo::Repo,
    findings: &mut Vec<Finding>,
    complete: bool,
) -> Result<Vec<String>> {
    let Some(path) = baseline_path(g, repo) else {
        return Ok(Vec::new());
    };

    let Some(base) = crate::baseline::Baseline::load(&path)? else {
        return Ok(Vec::new());
    };
    let before = findings.len();
    let stale = base.filter(findings);
    let mut notes = vec![format!(
        "{} known finding(s) hidden by the baseline {}",
        before - findings.len(),
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    )];
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
    Ok(notes)
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_cached_key(|f| f.sort_key());
}
