//! CODEOWNERS to OWNERS.toml, without a change in meaning: every line
//! becomes one pattern, in the same order, so the last match still wins.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{parse, Line, Skipped};
use crate::config::{toml_key, toml_string};
use crate::pattern::{escape_literal, PatternSet};

/// What `init --from-codeowners` writes, and what it tells the user.
#[derive(Clone, Debug)]
pub struct Import {
    pub text: String,
    /// Lines GitHub skips (each also noted as a comment in the text).
    pub skipped: usize,
    /// The team given the map itself, if there is any team and the map lies
    /// in the repository, and why that one.
    pub config_owner: Option<(String, Why)>,
    /// Teams whose leader is still to be filled in.
    pub leaderless: Vec<String>,
    /// How many teams the map declares.
    pub teams: usize,
    /// Their names.
    pub team_names: Vec<String>,
    /// GitLab's syntax errors in the file (none for GitHub's dialect).
    pub errors: Vec<super::gitlab::SyntaxError>,
}

/// Why a team was given the root OWNERS.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// It owned the CODEOWNERS file.
    OwnedCodeowners,
    /// The CODEOWNERS lines already gave it `OWNERS.toml` (e.g. through `*`).
    OwnedItAlready,
    /// No single team did either; it owns the most lines.
    MostLines,
    /// `init --owner` named it.
    Named,
}

/// The name given most often (ties: the first in name order).
pub(crate) fn most_common<S: AsRef<str>>(names: impl Iterator<Item = S>) -> Option<String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for n in names {
        *count.entry(n.as_ref().to_string()).or_default() += 1;
    }
    let best = count.values().copied().max()?;
    count.into_iter().find(|&(_, n)| n == best).map(|(t, _)| t)
}

/// What a dialect's import knows to choose the map's owner by.
pub(crate) struct MapOwner<'a> {
    /// `--owner`, as a team name of the import.
    pub named: Option<String>,
    /// The one team the lines give a path, if one.
    pub single: &'a dyn Fn(&str) -> Option<String>,
    /// The team named on the most lines (ties: the first in name order).
    pub most_lines: &'a dyn Fn() -> Option<String>,
}

/// Chooses the map's owner (`--owner`, else the owner of the CODEOWNERS
/// file at `codeowners_at`, else the team the lines give the map's path,
/// else the team of most lines) and appends to `text` a rule giving it the
/// map's new files (OWNERS.toml at `config_at`, the baseline) that the lines
/// do not give it already: an import of an export gives them so, and a
/// second rule would make the next export differ from the first. The
/// CODEOWNERS file keeps the owner its lines give it: the import changes
/// the meaning of no line. No owner when the map lies outside the
/// repository (`config_at` is `None`) or the lines name no team.
pub(crate) fn adopt_map(
    text: &mut String,
    owner: &MapOwner<'_>,
    codeowners_at: Option<&str>,
    config_at: Option<&str>,
) -> Option<(String, Why)> {
    let config_at = config_at?;
    let (team, why) = owner
        .named
        .clone()
        .map(|t| (t, Why::Named))
        .or_else(|| {
            codeowners_at
                .and_then(owner.single)
                .map(|t| (t, Why::OwnedCodeowners))
        })
        .or_else(|| (owner.single)(config_at).map(|t| (t, Why::OwnedItAlready)))
        .or_else(|| (owner.most_lines)().map(|t| (t, Why::MostLines)))?;
    let files = std::iter::once(config_at).chain(MAP_FILES.iter().copied());
    let missing: Vec<String> = files
        .filter(|f| (owner.single)(f).as_deref() != Some(team.as_str()))
        .map(|f| toml_string(&format!("/{}", escape_literal(f))))
        .collect();
    if !missing.is_empty() {
        text.push('\n');
        let _ = writeln!(
            text,
            "# This map now decides ownership: its owner reviews every change to it."
        );
        text.push_str("[[own]]\n");
        let _ = writeln!(text, "team = {}", toml_string(&team));
        let _ = writeln!(text, "paths = [{}]", missing.join(", "));
    }
    Some((team, why))
}

/// The window `init` gives an imported map's audit.
const RECENT_HISTORY: &str =
    "version = 1\n\n[coupling]\nsince = \"12 months\"  # audit recent history: older changes predate this map\n";

/// The files of the map besides OWNERS.toml, repository-relative: the
/// baseline that adoption writes (at the root, wherever the map is). They belong to the map's owner, so that
/// an edit of the map is one team's change.
pub(crate) const MAP_FILES: &[&str] = &[crate::baseline::FILE_NAME];

/// The OWNERS.toml text for a CODEOWNERS text, and how many lines it
/// skipped (each also noted as a comment in the output). Line N that GitHub
/// reads is pattern N of the map, and nothing else is added.
pub fn import(codeowners: &str, origin: &str) -> (String, usize) {
    let (lines, skipped) = parse(codeowners);
    let names = team_names(&lines);
    let mut out = String::new();
    write_map(&mut out, origin, &lines, &skipped, &names);
    (out, skipped.len())
}

/// The import as `init` writes it: the lossless map, then a last rule that
/// gives the map itself (at `config_at`, a repository-relative path; no
/// rule when it lies outside the repository) to a team. The map now decides
/// who owns what, so whoever decided that before (the owner of the
/// CODEOWNERS file at `codeowners_at`) should review changes to it. Without
/// one such team, the team the lines already give the map's path keeps it;
/// failing that, the first team.
pub fn adopt(
    codeowners: &str,
    origin: &str,
    codeowners_at: Option<&str>,
    config_at: Option<&str>,
    owner: Option<&str>,
) -> Import {
    let (lines, skipped) = parse(codeowners);
    let names = team_names(&lines);
    let mut text = String::new();
    write_map(&mut text, origin, &lines, &skipped, &names);
    // An audit of the adopted map starts from recent history: years of it
    // under today's map would mostly measure reorganisations.
    text = text.replacen("version = 1\n", RECENT_HISTORY, 1);

    let single_team = |owners: &[String]| -> Option<&str> {
        let teams: BTreeSet<&str> = owners
            .iter()
            .map(|o| names[&o.to_lowercase()].1.as_str())
            .collect();
        (teams.len() == 1)
            .then(|| teams.into_iter().next())
            .flatten()
    };
    let last_match = |path: &str| lines.iter().rev().find(|l| matches_path(l, path));
    let single = |path: &str| last_match(path).and_then(|l| single_team(&l.owners));
    // The team named on most lines, for a CODEOWNERS whose own owner is
    // not one team (ties: the first in name order).
    let most_lines = || most_common(lines.iter().filter_map(|l| single_team(&l.owners)));
    let named = owner.map(|o| {
        let key = o.to_lowercase();
        names
            .get(&key)
            .or_else(|| names.values().find(|(_, n)| n == o))
            .map_or(o, |(_, n)| n.as_str())
    });
    let config_owner = adopt_map(
        &mut text,
        &MapOwner {
            named: named.map(String::from),
            single: &|path| single(path).map(String::from),
            most_lines: &most_lines,
        },
        codeowners_at,
        config_at,
    );
    let leaderless = names
        .values()
        .filter(|(owner, _)| !is_person(owner))
        .map(|(_, n)| n.clone())
        .collect();
    Import {
        text,
        skipped: skipped.len(),
        config_owner,
        leaderless,
        teams: names.len(),
        team_names: names.values().map(|(_, n)| n.clone()).collect(),
        errors: Vec::new(),
    }
}

fn write_map(
    out: &mut String,
    origin: &str,
    lines: &[Line],
    skipped: &[Skipped],
    names: &BTreeMap<String, (String, String)>,
) {
    let _ = writeln!(
        out,
        "# Imported from {} by `teamlint init --from-codeowners`.",
        comment(origin)
    );
    let _ = writeln!(
        out,
        "# Each CODEOWNERS line is one pattern below, in the same order:"
    );
    let _ = writeln!(out, "# the last matching pattern wins, as on GitHub.");
    out.push_str("version = 1\n");
    if !skipped.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "# Lines GitHub skips, left out here:");
        for s in skipped {
            let _ = writeln!(
                out,
                "#   line {}: {}  ({})",
                s.number,
                comment(&s.text),
                comment(&s.reason)
            );
        }
    }
    for (owner, name) in names.values() {
        out.push('\n');
        let _ = writeln!(out, "[teams.{}]", toml_key(name));
        if is_person(owner) {
            // A person owns these paths: they lead them.
            let _ = writeln!(out, "leader = {}", toml_string(owner));
        } else {
            let _ = writeln!(
                out,
                "# leader = \"someone@example.com\"  # one person whose only job is this team"
            );
        }
        let _ = writeln!(out, "github = {}", toml_string(owner));
    }

    let team_of = |o: &String| names[&o.to_lowercase()].1.as_str();
    // Consecutive lines with the same owners share one [[own]] table.
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len() && lines[j].owners == lines[i].owners {
            j += 1;
        }
        out.push('\n');
        out.push_str("[[own]]\n");
        let mut teams: Vec<&str> = Vec::new();
        for team in lines[i].owners.iter().map(team_of) {
            if !teams.contains(&team) {
                teams.push(team);
            }
        }
        match teams.len() {
            0 => out.push_str("unowned = true\n"),
            1 => {
                let _ = writeln!(out, "team = {}", toml_string(teams[0]));
            }
            _ => {
                let list: Vec<String> = teams.iter().map(|o| toml_string(o)).collect();
                let _ = writeln!(out, "teams = [{}]", list.join(", "));
            }
        }
        out.push_str("paths = [\n");
        for line in &lines[i..j] {
            let _ = writeln!(
                out,
                "  {},  # line {}",
                toml_string(&line.pattern),
                line.number
            );
        }
        out.push_str("]\n");
        i = j;
    }
}

/// Does a CODEOWNERS line match this path?
fn matches_path(line: &Line, path: &str) -> bool {
    crate::pattern::compile(&line.pattern)
        .is_ok_and(|compiled| PatternSet::new([&compiled]).is_match(path))
}

/// `@user` and `name@domain` are people; `@org/team` is a team.
pub(super) fn is_person(owner: &str) -> bool {
    !owner.starts_with('@') || !owner.contains('/')
}

/// Text made safe for a TOML comment, which ends at a line break and may
/// hold no control character but a tab: those are written as escapes.
pub(super) fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A team for every owner, keyed by the owner in lower case (GitHub reads
/// `@Acme/Web` and `@acme/web` as one owner): the owner as first written,
/// and a team name. `@acme/payments` is `payments`, `@alice` is `alice`,
/// `legal@acme.com` is `legal`; clashes get the org or domain, and a
/// number when even that is taken.
fn team_names(lines: &[Line]) -> BTreeMap<String, (String, String)> {
    names_for(lines.iter().flat_map(|l| &l.owners))
}

/// [`team_names`] for any owners.
pub(super) fn names_for<'a>(
    all: impl Iterator<Item = &'a String>,
) -> BTreeMap<String, (String, String)> {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    for o in all {
        owners.entry(o.to_lowercase()).or_insert_with(|| o.clone());
    }
    let short = |o: &str| -> String {
        let s = if let Some(h) = o.strip_prefix('@') {
            // `@@maintainer`, a GitLab role, is `maintainer`.
            let h = h.trim_start_matches('@');
            h.rsplit('/').next().unwrap_or(h)
        } else {
            o.split('@').next().unwrap_or(o)
        };
        s.to_string()
    };
    let long = |o: &str| -> String {
        o.trim_start_matches('@')
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for o in owners.values() {
        *count.entry(short(o)).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    owners
        .into_iter()
        .map(|(key, o)| {
            let s = short(&o);
            let base = if count[&s] > 1 { long(&o) } else { s };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            (key, (o, name))
        })
        .collect()
}
