//! GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request.
//!
//! The output is one command per finding,
//! `::error file=F,line=L,col=C,title=teamlint (RULE)::MESSAGE` (`::warning`
//! for a warning), then one `::notice::NOTE` per note, and last one summary,
//! `::notice::teamlint: N errors, M warnings in F files`. Nothing else is
//! written, so every line is a command.
//!
//! A finding about a path points at that path with no line (a file-level
//! annotation), and its message names the rule that decided it; one with
//! only a location points at that file, line and column (a config file);
//! one with neither points at line 1 of the root config. The message
//! carries the help line after a newline.
//!
//! Escaping is the Actions toolkit's (`@actions/core`, `command.ts`), which
//! the runner undoes: property values through [`escape_property`], the
//! message through [`escape_data`].

use std::fmt::Write as _;

use super::{CheckReport, Place};
use teamlint_core::finding::text::plural;
use teamlint_core::finding::{Finding, Severity};

/// Findings that point nowhere are shown on the root config.
const ROOT_CONFIG: &str = "OWNERS.toml";

pub fn check(doc: &CheckReport<'_>) -> String {
    let root = doc.sources.first().map_or(ROOT_CONFIG, |s| s.path.as_str());
    let mut out = String::new();
    for f in doc.findings {
        let mut places = doc.places(f);
        if places.is_empty() && doc.changed.is_none() {
            places.push(Place {
                file: root.to_string(),
                line: Some((1, 0)),
            });
        }
        if places.is_empty() {
            // No file of the change to show it on: an annotation without a
            // file, which the run's summary lists.
            out.push_str(&annotation(f, None));
            out.push('\n');
        }
        for place in &places {
            out.push_str(&annotation(f, Some(place)));
            out.push('\n');
        }
    }
    for n in &doc.notes {
        let _ = writeln!(out, "::notice::{}", escape_data(n));
    }
    let s = doc.summary;
    let counts = format!(
        "{}, {}",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings")
    );
    let summary = if doc.config_failed {
        format!("teamlint: the config could not be read: {counts}")
    } else {
        format!("teamlint: {counts} in {}", plural(s.files, "file", "files"))
    };
    let _ = writeln!(out, "::notice::{}", escape_data(&summary));
    out
}

/// One finding as a workflow command on `place` (none: the summary),
/// without the line end.
fn annotation(f: &Finding, place: Option<&Place>) -> String {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Allow => "notice",
    };
    let mut props: Vec<(&str, String)> = Vec::new();
    if let Some(place) = place {
        props.push(("file", place.file.clone()));
        if let Some((line, col)) = place.line {
            props.push(("line", line.to_string()));
            if col > 0 {
                props.push(("col", col.to_string()));
            }
        }
    }
    props.push(("title", format!("teamlint ({})", f.rule)));
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    let mut message = f.message.clone();
    // Shown elsewhere than its rule: the message names the rule's place.
    if let Some(l) = &f.location {
        if place.is_none_or(|p| p.file != l.file) {
            let _ = write!(message, "\nrule: {}:{}:{}", l.file, l.line, l.column);
        }
    }
    if let Some(h) = &f.help {
        let _ = write!(message, "\nhelp: {h}");
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

/// The toolkit's `escapeData`: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// The toolkit's `escapeProperty`: `escapeData` and `:` and `,`, which
/// separate properties.
fn escape_property(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in teamlint_core::pathname::shown(s).chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use teamlint_core::finding::RuleId;
    use teamlint_core::finding::{Location, Source};

    fn render(findings: &[Finding], sources: &[Source]) -> String {
        check(&CheckReport::new(findings, 2, sources))
    }

    fn on(file: &str) -> Place {
        Place {
            file: file.into(),
            line: None,
        }
    }

    #[test]
    fn in_a_change_only_changed_files_are_annotated_and_the_rest_goes_to_the_summary() {
        let src = Source::new("OWNERS.toml".into(), "a = 1\n[teams.s]\n".into());
        let findings = [
            // About an untouched file, decided by an untouched rule.
            Finding::new(RuleId::UnownedFile, "old").path("old.txt"),
            // A cross-team change shown on a changed file of each team.
            Finding::new(RuleId::CrossTeamChange, "two teams").anchors(vec![
                "a/x.rs".into(),
                "b/y.rs".into(),
                "gone.rs".into(),
            ]),
            // On the map's line, when the map is changed.
            Finding::new(RuleId::OwnershipChange, "moves").at(Location::new(&src, 7..14), "here"),
        ];
        let mut doc = CheckReport::new(&findings, 2, std::slice::from_ref(&src));
        doc.changed = Some(["a/x.rs", "b/y.rs"].iter().map(|s| s.to_string()).collect());
        let out = check(&doc);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "::error title=teamlint (unowned-file)::old");
        assert!(
            lines[1].starts_with("::warning file=a/x.rs,title="),
            "{out}"
        );
        assert!(
            lines[2].starts_with("::warning file=b/y.rs,title="),
            "{out}"
        );
        assert!(
            lines[3].starts_with(
                "::warning title=teamlint (ownership-change)::moves%0Arule: OWNERS.toml:2:2"
            ),
            "{out}"
        );
        assert_eq!(lines.len(), 5, "{out}");
        doc.changed = Some(["OWNERS.toml".to_string()].into_iter().collect());
        assert!(check(&doc).contains(
            "::warning file=OWNERS.toml,line=2,col=2,title=teamlint (ownership-change)::moves\n"
        ));
    }

    #[test]
    fn escape_data_matches_the_toolkit() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b %0A"),
            "100%25 done%0D%0Anext: a,b %250A"
        );
    }

    #[test]
    fn escape_property_matches_the_toolkit() {
        assert_eq!(
            escape_property("100% done\r\nnext: a,b %3A"),
            "100%25 done%0D%0Anext%3A a%2Cb %253A"
        );
    }

    #[test]
    fn a_config_finding_has_file_line_and_column() {
        let src = Source::new("dir:x/OWNERS.toml".into(), "a = 1\n[teams.s]\n".into());
        let f = Finding::new(RuleId::MissingLeader, "team `s` has no leader: 100%")
            .teams(["s"])
            .at(Location::new(&src, 7..14), "here")
            .help("add `leader = \"a@b.c\"`, one person");
        assert_eq!(
            render(&[f], std::slice::from_ref(&src)),
            "::error file=dir%3Ax/OWNERS.toml,line=2,col=2,title=teamlint (missing-leader)\
             ::team `s` has no leader: 100%25%0Ahelp: add `leader = \"a@b.c\"`, one person\n\
             ::notice::teamlint: 1 error, 0 warnings in 2 files\n"
        );
    }

    #[test]
    fn a_path_finding_has_the_escaped_path_and_no_line() {
        let f = Finding::new(RuleId::UnownedFile, "`a,b:c%d.txt` has no owner")
            .path("a,b:c%d.txt")
            .help("add an [[own]] rule");
        assert_eq!(
            annotation(&f, Some(&on("a,b:c%d.txt"))),
            "::error file=a%2Cb%3Ac%25d.txt,title=teamlint (unowned-file)\
             ::`a,b:c%25d.txt` has no owner%0Ahelp: add an [[own]] rule"
        );
    }

    #[test]
    fn newlines_in_paths_and_messages_are_escaped() {
        let f = Finding::new(RuleId::DeadPattern, "one\r\ntwo").path("new\nline.txt");
        assert_eq!(
            annotation(&f, Some(&on("new\nline.txt"))),
            "::warning file=new%0Aline.txt,title=teamlint (dead-pattern)::one%0D%0Atwo"
        );
    }

    #[test]
    fn a_finding_without_place_points_at_the_root_config() {
        let src = Source::new("conf/team,lint.toml".into(), String::new());
        let f = Finding::new(RuleId::LeaderOfMany, "x leads 2 teams");
        assert_eq!(
            render(&[f], &[src]).lines().next().unwrap(),
            "::warning file=conf/team%2Clint.toml,line=1,title=teamlint (leader-of-many)::x leads 2 teams"
        );
        let f = Finding::new(RuleId::LeaderOfMany, "x leads 2 teams");
        assert!(render(&[f], &[]).starts_with("::warning file=OWNERS.toml,line=1,"));
    }

    #[test]
    fn every_line_is_a_command_and_the_summary_is_last() {
        let findings = [
            Finding::new(RuleId::UnownedFile, "a").path("a"),
            Finding::new(RuleId::DeadPattern, "b").path("b"),
        ];
        let mut doc = CheckReport::new(&findings, 1, &[]);
        doc.notes.push("codeowners-drift skipped: 50% done".into());
        let out = check(&doc);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| l.starts_with("::")));
        assert_eq!(lines[2], "::notice::codeowners-drift skipped: 50%25 done");
        assert_eq!(lines[3], "::notice::teamlint: 1 error, 1 warning in 1 file");
        doc.config_failed = true;
        assert!(check(&doc)
            .ends_with("::notice::teamlint: the config could not be read: 1 error, 1 warning\n"));
    }
}
