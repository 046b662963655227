//! CODEOWNERS to OWNERS.toml, without a change in meaning: every line
//! becomes one pattern, in the same order, so the last match still wins.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{parse, Line};
use crate::config::{toml_key, toml_string};

/// The OWNERS.toml text for a CODEOWNERS text, and how many lines it
/// skipped (each also noted as a comment in the output).
pub fn import(codeowners: &str, origin: &str) -> (String, usize) {
    let (lines, skipped) = parse(codeowners);
    let names = team_names(&lines);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported from {origin} by `teamlint init --from-codeowners`."
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
        for s in &skipped {
            let _ = writeln!(out, "#   line {}: {}  ({})", s.number, s.text, s.reason);
        }
    }
    for (owner, name) in &names {
        out.push('\n');
        let _ = writeln!(out, "[teams.{}]", toml_key(name));
        if owner.starts_with('@') && !owner.contains('/') || !owner.starts_with('@') {
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

    // Consecutive lines with the same owners share one [[own]] table.
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len() && lines[j].owners == lines[i].owners {
            j += 1;
        }
        out.push('\n');
        out.push_str("[[own]]\n");
        let owners: Vec<&str> = lines[i].owners.iter().map(|o| names[o].as_str()).collect();
        let mut owners_dedup = owners.clone();
        owners_dedup.sort_unstable();
        owners_dedup.dedup();
        match owners_dedup.len() {
            0 => out.push_str("unowned = true\n"),
            1 => {
                let _ = writeln!(out, "team = {}", toml_string(owners_dedup[0]));
            }
            _ => {
                let list: Vec<String> = owners.iter().map(|o| toml_string(o)).collect();
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
    (out, skipped.len())
}

/// A team name for every owner: `@acme/payments` is `payments`, `@alice` is
/// `alice`, `legal@acme.com` is `legal`; clashes get the org or domain.
fn team_names(lines: &[Line]) -> BTreeMap<String, String> {
    let mut owners: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.owners.iter().map(String::as_str))
        .collect();
    owners.sort_unstable();
    owners.dedup();
    let short = |o: &str| -> String {
        let s = if let Some(h) = o.strip_prefix('@') {
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
    for o in &owners {
        *count.entry(short(o)).or_default() += 1;
    }
    owners
        .iter()
        .map(|&o| {
            let s = short(o);
            let name = if count[&s] > 1 { long(o) } else { s };
            (o.to_string(), name)
        })
        .collect()
}
