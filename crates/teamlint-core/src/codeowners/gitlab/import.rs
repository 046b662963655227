//! A GitLab CODEOWNERS to OWNERS.toml, without a change in meaning: the map
//! is in GitLab's dialect, each section a `[sections.NAME]`, each entry one
//! pattern in the same order, each rule in its entry's section.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{parse, Entry, SyntaxError};
use crate::codeowners::import::{comment, names_for};
use crate::config::{toml_key, toml_string};

/// What the import writes and found.
#[derive(Clone, Debug)]
pub struct GitlabImport {
    pub text: String,
    /// Lines GitLab skips or teamlint cannot read (each noted in the text).
    pub skipped: Vec<(usize, String, String)>,
    pub errors: Vec<SyntaxError>,
    /// owner (lower case) -> (owner as first written, team name).
    pub names: BTreeMap<String, (String, String)>,
    /// The line number of each pattern of the map, in order.
    pub numbers: Vec<usize>,
}

/// Who owns an entry's paths, as a rule says it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Owners {
    /// No owner named: the section's default owners.
    Inherit,
    Teams(Vec<String>),
    Unowned,
}

/// The OWNERS.toml text for a GitLab CODEOWNERS text.
pub fn import(codeowners: &str, origin: &str) -> GitlabImport {
    let file = parse(codeowners);
    let mut skipped = Vec::new();
    for e in &file.errors {
        if e.kind == super::ErrorKind::InvalidSectionFormat && e.label == "not a section header" {
            skipped.push((
                e.number,
                codeowners[e.span.clone()].to_string(),
                e.message.clone(),
            ));
        }
    }
    let owners = file
        .entries
        .iter()
        .flat_map(|e| &e.owners)
        .chain(file.headers.iter().flat_map(|h| &h.owners));
    let names = names_for(owners);
    let team_of = |o: &String| names[&o.to_lowercase()].1.clone();
    let teams_of = |owners: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in owners.iter().map(team_of) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    };

    // Each section's properties come from its first header; a header whose
    // default owners differ gives its entries those owners explicitly.
    let defaults: Vec<Vec<String>> = (0..file.sections.len())
        .map(|s| {
            file.headers
                .iter()
                .find(|h| h.section == s)
                .map(|h| h.owners.clone())
                .unwrap_or_default()
        })
        .collect();

    // GitLab: a section is optional when each of its entries (one per
    // normalized pattern: its last line) is under a `^` header, so a
    // section written once with `^` and once without is required. A section
    // without entries keeps the marks of its headers.
    let optional: Vec<bool> = (0..file.sections.len())
        .map(|s| {
            let mut last: BTreeMap<String, bool> = BTreeMap::new();
            for e in &file.entries {
                if let Some(h) = e
                    .header
                    .map(|h| &file.headers[h])
                    .filter(|h| h.section == s)
                {
                    let body = e.pattern.strip_prefix('!').unwrap_or(&e.pattern);
                    last.insert(crate::pattern::normalize_gitlab(body), h.optional);
                }
            }
            if last.is_empty() {
                file.headers
                    .iter()
                    .filter(|h| h.section == s)
                    .all(|h| h.optional)
            } else {
                last.values().all(|&o| o)
            }
        })
        .collect();

    let owners_of = |e: &Entry| -> Owners {
        if e.written {
            return if e.owners.is_empty() {
                Owners::Unowned
            } else {
                Owners::Teams(teams_of(&e.owners))
            };
        }
        let Some(h) = e.header.map(|h| &file.headers[h]) else {
            return Owners::Unowned;
        };
        if h.owners.is_empty() {
            Owners::Unowned
        } else if h.owners == defaults[h.section] {
            Owners::Inherit
        } else {
            Owners::Teams(teams_of(&h.owners))
        }
    };

    let readable: Vec<(&Entry, Owners)> = file
        .entries
        .iter()
        .filter(|e| {
            let ok = crate::pattern::compile_gitlab(&e.pattern);
            if let Err(err) = &ok {
                skipped.push((e.number, e.pattern.clone(), err.message.clone()));
            }
            ok.is_ok()
        })
        .map(|e| (e, owners_of(e)))
        .collect();
    skipped.sort();
    let mut out = String::new();
    write_head(&mut out, origin, &skipped);
    for (owner, name) in names.values() {
        out.push('\n');
        let _ = writeln!(out, "[teams.{}]", toml_key(name));
        if !owner.starts_with('@') {
            let _ = writeln!(out, "leader = {}", toml_string(owner));
        } else {
            let _ = writeln!(
                out,
                "# leader = \"someone@example.com\"  # one person whose only job is this team"
            );
        }
        let _ = writeln!(out, "gitlab = {}", toml_string(owner));
    }
    for (i, name) in file.sections.iter().enumerate() {
        out.push('\n');
        let _ = writeln!(out, "[sections.{}]", toml_key(name));
        let teams = teams_of(&defaults[i]);
        match teams.len() {
            0 => {}
            1 => {
                let _ = writeln!(out, "team = {}", toml_string(&teams[0]));
            }
            _ => {
                let list: Vec<String> = teams.iter().map(|t| toml_string(t)).collect();
                let _ = writeln!(out, "teams = [{}]", list.join(", "));
            }
        }
        let mine = || file.headers.iter().filter(|h| h.section == i);
        if let Some(n) = mine().find_map(|h| h.approvals) {
            let _ = writeln!(out, "approvals = {n}");
        }
        if optional[i] {
            out.push_str("optional = true\n");
        }
    }

    let header_name = |e: &Entry| e.header.map(|h| file.headers[h].name.clone());
    let mut i = 0;
    while i < readable.len() {
        let (first, owners) = &readable[i];
        let section = header_name(first);
        let mut j = i + 1;
        while j < readable.len()
            && readable[j].1 == *owners
            && header_name(readable[j].0) == section
        {
            j += 1;
        }
        out.push('\n');
        out.push_str("[[own]]\n");
        if let Some(s) = &section {
            let _ = writeln!(out, "section = {}", toml_string(s));
        }
        match owners {
            Owners::Inherit => {}
            Owners::Unowned => out.push_str("unowned = true\n"),
            Owners::Teams(ts) if ts.len() == 1 => {
                let _ = writeln!(out, "team = {}", toml_string(&ts[0]));
            }
            Owners::Teams(ts) => {
                let list: Vec<String> = ts.iter().map(|t| toml_string(t)).collect();
                let _ = writeln!(out, "teams = [{}]", list.join(", "));
            }
        }
        out.push_str("paths = [\n");
        for (e, _) in &readable[i..j] {
            let _ = writeln!(out, "  {},  # line {}", toml_string(&e.pattern), e.number);
        }
        out.push_str("]\n");
        i = j;
    }
    GitlabImport {
        text: out,
        skipped,
        errors: file.errors,
        names,
        numbers: readable.iter().map(|(e, _)| e.number).collect(),
    }
}

fn write_head(out: &mut String, origin: &str, skipped: &[(usize, String, String)]) {
    let _ = writeln!(
        out,
        "# Imported from {} by `teamlint init --from-codeowners`, in GitLab's dialect.",
        comment(origin)
    );
    let _ = writeln!(
        out,
        "# Each CODEOWNERS entry is one pattern below, in the same order and section:"
    );
    let _ = writeln!(
        out,
        "# in each section the last matching pattern wins, and a file's owners are"
    );
    let _ = writeln!(out, "# those of every section, as on GitLab.");
    out.push_str("version = 1\n\n[codeowners]\ndialect = \"gitlab\"\n");
    if !skipped.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "# Lines left out here:");
        for (n, text, why) in skipped {
            let _ = writeln!(out, "#   line {n}: {}  ({})", comment(text), comment(why));
        }
    }
}

/// The import as `init` writes it (see [`crate::codeowners::adopt`]): the
/// lossless map, then a rule giving the map's own files (at `config_at`,
/// and the baseline) that the lines do not give it already to one team:
/// `owner` when named, else the team that owned the CODEOWNERS file, else
/// the one the lines give the map's path, else the team of the most lines.
pub fn adopt(
    codeowners: &str,
    origin: &str,
    codeowners_at: Option<&str>,
    config_at: Option<&str>,
    owner: Option<&str>,
) -> crate::codeowners::Import {
    let imported = import(codeowners, origin);
    let mut text = imported.text;
    let names = &imported.names;
    let map = crate::config::Config::load(
        crate::finding::Source::new(origin.to_string(), text.clone()),
        Vec::new(),
    )
    .ok();
    let resolver = map.as_ref().map(crate::ownership::Resolver::new);
    let single = |path: &str| -> Option<String> {
        let (map, resolver) = (map.as_ref()?, resolver.as_ref()?);
        let d = resolver.resolve(path);
        d.owner.team().map(|t| map.teams[t].name.clone())
    };
    let team_of = |owners: &[String]| -> Option<String> {
        let mut teams: Vec<&str> = owners
            .iter()
            .filter_map(|o| names.get(&o.to_lowercase()).map(|(_, n)| n.as_str()))
            .collect();
        teams.sort_unstable();
        teams.dedup();
        (teams.len() == 1).then(|| teams[0].to_string())
    };
    // The team named on most entries (ties: the first in name order).
    let most_lines = || {
        let file = super::parse(codeowners);
        crate::codeowners::import::most_common(
            file.entries.iter().filter_map(|e| team_of(&e.owners)),
        )
    };
    let named = owner.map(|o| {
        names
            .get(&o.to_lowercase())
            .or_else(|| names.values().find(|(_, n)| n == o))
            .map_or(o.to_string(), |(_, n)| n.clone())
    });
    let config_owner = crate::codeowners::import::adopt_map(
        &mut text,
        &crate::codeowners::import::MapOwner {
            named,
            single: &single,
            most_lines: &most_lines,
        },
        codeowners_at,
        config_at,
    );
    let leaderless = names
        .values()
        .filter(|(owner, _)| owner.starts_with('@'))
        .map(|(_, n)| n.clone())
        .collect();
    crate::codeowners::Import {
        text,
        skipped: imported.skipped.len(),
        config_owner,
        leaderless,
        teams: names.len(),
        team_names: names.values().map(|(_, n)| n.clone()).collect(),
        errors: imported.errors,
    }
}
