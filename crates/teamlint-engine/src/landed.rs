//! Time to value for `audit`: the window's landed changes measured once,
//! then their lead time figured under one ownership map or another (the
//! map of today, a `--compare` map).

use crate::measure::owners;
use teamlint_core::config::Config;
use teamlint_core::error::Result;
use teamlint_core::metrics::{self, LandedChange, LeadInput, LeadTime, Period};
use teamlint_core::ownership::Resolver;
use teamlint_git::history::{changes, Change, Scan};

/// The window's landed changes, measured.
pub struct LandedHistory {
    /// Measured landed changes that are not bulk, newest first.
    changes: Vec<Change>,
    /// Lead time (seconds) of each of `changes`.
    leads: Vec<i64>,
    pub unmeasured: usize,
    pub skipped_large: usize,
    /// What the audit should tell about the refs (how to fetch them).
    pub notes: Vec<String>,
}

pub fn mine(
    repo: &teamlint_git::repo::Repo,
    scan: &Scan,
    filter: &changes::Filter<'_>,
    use_cache: bool,
) -> Result<LandedHistory> {
    let found = repo.landed(scan, use_cache)?;
    let built = changes::build_landed(scan, filter);
    let mut lead_of: Vec<Option<Option<i64>>> = vec![None; scan.commits.len()];
    for l in &found.landings {
        lead_of[l.index] = Some(l.lead());
    }
    let large: Vec<bool> = {
        let mut v = vec![false; scan.commits.len()];
        for &i in &built.skipped_large {
            v[i] = true;
        }
        v
    };
    let mut counted = vec![false; scan.commits.len()];
    let mut out = LandedHistory {
        changes: Vec::with_capacity(built.changes.len()),
        leads: Vec::with_capacity(built.changes.len()),
        unmeasured: 0,
        skipped_large: built.skipped_large.len(),
        notes: Vec::new(),
    };
    for c in built.changes {
        counted[c.index] = true;
        match lead_of[c.index] {
            Some(Some(lead)) => {
                out.leads.push(lead);
                out.changes.push(c);
            }
            Some(None) => out.unmeasured += 1,
            None => {}
        }
    }
    // A landing whose every file is excluded still landed: measured, no team.
    for l in &found.landings {
        if counted[l.index] || large[l.index] {
            continue;
        }
        match l.lead() {
            Some(lead) => {
                out.leads.push(lead);
                out.changes.push(Change {
                    index: l.index,
                    time: l.time,
                    author: scan.commits[l.index].author,
                    files: Vec::new(),
                });
            }
            None => out.unmeasured += 1,
        }
    }
    for ((named, missing), what, refs) in [
        (found.pulls, "pull request", "refs/pull"),
        (found.merge_requests, "merge request", "refs/merge-requests"),
    ] {
        if named > 0 && missing == named {
            out.notes.push(format!(
                "{named} landed change(s) name a {what} but no {what} ref is here, so their lead time is not measured; fetch the refs with `git fetch origin '+{refs}/*/head:{refs}/*/head'`"
            ));
        } else if missing > 0 {
            out.notes.push(format!(
                "{missing} of {named} landed change(s) that name a {what} have no `{refs}/N/head` here and are not measured"
            ));
        }
    }
    if found.missing > 0 {
        out.notes.push(format!(
            "{} commit(s) could not be read while measuring lead time and were skipped",
            found.missing
        ));
    }
    Ok(out)
}

impl LandedHistory {
    /// The lead-time figures under one ownership map.
    pub fn lead_time(
        &self,
        config: &Config,
        resolver: &Resolver,
        scan: &Scan,
        period: Option<Period>,
    ) -> LeadTime {
        let owners = owners(config, resolver, scan, &self.changes);
        let changes: Vec<LandedChange> = self
            .changes
            .iter()
            .zip(&self.leads)
            .map(|(c, &lead)| LandedChange {
                time: c.time,
                lead,
                files: c.files.clone(),
            })
            .collect();
        let names: Vec<String> = config.teams.iter().map(|t| t.name.clone()).collect();
        metrics::lead_time(&LeadInput {
            changes: &changes,
            owners: &owners,
            team_names: &names,
            unmeasured: self.unmeasured,
            skipped_large: self.skipped_large,
            period,
        })
    }
}
