use super::Context;
use crate::config::{Config, Team};
use crate::finding::{Finding, Location, RuleId, Source};
use crate::ownership::{Decision, Resolver};
use crate::pattern::Dialect;

const HELP: &str = "run `teamlint codeowners --write` to regenerate CODEOWNERS from OWNERS.toml";
/// When the map cannot be exported yet, regenerating is not the first step.
const HELP_NO_EXPORT: &str = "give every team its GitHub owner (`github = \"@org/team\"` under [teams.NAME]), then run `teamlint codeowners --write`";

/// Findings for every tracked path that `codeowners` (the text of the
/// CODEOWNERS file at `path`) resolves differently from OWNERS.toml, read
/// in the map's dialect (or GitLab's, when the file is GitLab's), and for
/// each GitLab syntax error in it.
pub fn check(cx: &Context<'_>, path: &str, codeowners: &str) -> Vec<Finding> {
    let dialect = match cx.config.dialect {
        Dialect::Gitlab => Dialect::Gitlab,
        Dialect::Github => crate::codeowners::detect(Some(path), codeowners),
    };
    let mut out = Vec::new();
    if dialect == Dialect::Gitlab {
        let source = Source::new(path.to_string(), codeowners.to_string());
        for e in crate::codeowners::gitlab::parse(codeowners).errors {
            // Its identity is the error and the line's text, never its number.
            let line = codeowners.lines().nth(e.number - 1).unwrap_or("").trim();
            let subject = format!("{} {line}", e.kind.name());
            out.push(
                Finding::new(
                    RuleId::CodeownersDrift,
                    format!(
                        "{path} line {}: {} (GitLab: {})",
                        e.number,
                        e.message,
                        e.kind.name()
                    ),
                )
                .at(Location::new(&source, e.span), e.label)
                .path(path)
                .subject(subject)
                .help(e.help),
            );
        }
    }
    // What `codeowners --write` would write resolves as OWNERS.toml does
    // (the export's round-trip tests hold it to that): nothing to compare.
    let export = crate::codeowners::export(cx.config, Some(codeowners));
    if cx.config.dialect == dialect && export.as_ref().is_ok_and(|ours| ours == codeowners) {
        return out;
    }
    let help = if export.is_ok() { HELP } else { HELP_NO_EXPORT };
    // The import keeps the meaning of every line the dialect reads, in
    // order, one pattern per line; `numbers[i]` is pattern i's line.
    let (toml, numbers) = match dialect {
        Dialect::Github => {
            let (toml, _) = crate::codeowners::import(codeowners, path);
            let (lines, _) = crate::codeowners::parse(codeowners);
            (
                toml,
                lines
                    .iter()
                    .map(|l| (l.number, l.pattern.clone()))
                    .collect::<Vec<_>>(),
            )
        }
        Dialect::Gitlab => {
            let imported = crate::codeowners::gitlab::import(codeowners, path);
            let file = crate::codeowners::gitlab::parse(codeowners);
            let patterns = imported
                .numbers
                .iter()
                .map(|&n| {
                    let p = file.entries.iter().find(|e| e.number == n);
                    (n, p.map_or_else(String::new, |e| e.pattern.clone()))
                })
                .collect();
            (imported.text, patterns)
        }
    };
    let theirs = match Config::load(Source::new(path.to_string(), toml), Vec::new()) {
        Ok(c) => c,
        // Its syntax errors, reported above, say why already.
        Err(_) if !out.is_empty() => return out,
        Err((_, errors)) => {
            let why = errors
                .first()
                .map_or_else(|| "it does not parse".to_string(), |e| e.message.clone());
            out.push(
                Finding::new(
                    RuleId::CodeownersDrift,
                    format!("`{path}` cannot be read as CODEOWNERS: {why}"),
                )
                .path(path)
                .help(help),
            );
            return out;
        }
    };
    let resolver = Resolver::new(&theirs);
    let resolved = resolver.resolve_all(cx.ownership.paths.clone());

    // Drift is about lines: the files the same CODEOWNERS lines (one, or
    // one per GitLab section) give to other owners than one OWNERS.toml
    // rule does are one finding, so an edit of one line is one finding
    // however many files it moves.
    type Key = (
        Vec<u32>,
        Option<crate::ownership::RuleRef>,
        Vec<String>,
        Vec<String>,
    );
    let mut order: Vec<Key> = Vec::new();
    let mut groups: std::collections::HashMap<Key, (Vec<String>, usize)> = Default::default();
    for (i, p) in cx.ownership.paths.iter().enumerate() {
        let ours = &cx.ownership.decisions[i];
        let ours_h = handles(cx.config, dialect, ours);
        let theirs_d = &resolved.decisions[i];
        let theirs_h = handles(&theirs, dialect, theirs_d);
        if same(&ours_h, &theirs_h) {
            continue;
        }
        let mut deciding: Vec<u32> = theirs_d
            .rule
            .iter()
            .chain(&theirs_d.also)
            .map(|r| r.pattern)
            .collect();
        deciding.sort_unstable();
        let key = (deciding, ours.rule, theirs_h, ours_h);
        groups
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                (Vec::new(), i)
            })
            .0
            .push(p.clone());
    }
    out.extend(order.into_iter().filter_map(|key| {
        let (paths, first) = groups.remove(&key)?;
        let (deciding, ours_rule, theirs_h, ours_h) = key;
        let lines: Vec<&(usize, String)> = deciding
            .iter()
            .filter_map(|&l| numbers.get(l as usize))
            .collect();
        let (said, subject) = if lines.is_empty() {
            ("no line".to_string(), String::new())
        } else {
            let said: Vec<String> = lines
                .iter()
                .map(|(n, pattern)| format!("line {n} `{pattern}`"))
                .collect();
            let subject: Vec<&str> = lines.iter().map(|(_, p)| p.as_str()).collect();
            (said.join(", "), subject.join(" "))
        };
        let mut f = Finding::new(
            RuleId::CodeownersDrift,
            format!(
                "{path} {said} gives {} to {}, OWNERS.toml to {}: {}",
                crate::finding::text::plural(paths.len(), "file", "files"),
                show(&theirs_h),
                show(&ours_h),
                crate::finding::text::first_few(&paths, 3, true)
            ),
        )
        .path(path)
        .subject(format!(
            "{subject} {} -> {}",
            show(&theirs_h),
            show(&ours_h)
        ))
        .teams(cx.ownership.decisions[first].owner.names(cx.config))
        .paths(paths)
        .help(help);
        if let Some(at) = ours_rule.and_then(|r| super::pattern_at(cx, r)) {
            f = f.at(at, "OWNERS.toml decides these files here");
        }
        Some(f)
    }));
    out
}

/// A team as the dialect's CODEOWNERS names it.
fn handle(team: &Team, dialect: Dialect) -> String {
    let h = match dialect {
        Dialect::Github => team.github.as_ref(),
        Dialect::Gitlab => team.gitlab.as_ref().or(team.github.as_ref()),
    };
    match h {
        Some(g) => g.value.trim().to_string(),
        None => format!("@{}", team.name),
    }
}

/// The owners of a decision as the dialect names them, sorted, each once.
fn handles(config: &Config, dialect: Dialect, d: &Decision) -> Vec<String> {
    let mut out: Vec<String> = d
        .owner
        .team_ids()
        .iter()
        .map(|&t| handle(&config.teams[t], dialect))
        .collect();
    out.sort_by_key(|h| h.to_ascii_lowercase());
    out.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    out
}

/// GitHub handles and emails compare without regard to case.
fn same(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

fn show(handles: &[String]) -> String {
    if handles.is_empty() {
        "no owner".into()
    } else {
        handles.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(root: &str, paths: &[&str], codeowners: &str) -> Vec<Finding> {
        let config = Config::load(Source::new("OWNERS.toml".into(), root.into()), vec![])
            .unwrap_or_else(|_| panic!("config"));
        let resolver = Resolver::new(&config);
        let ownership = resolver.resolve_all(paths.iter().map(|p| p.to_string()).collect());
        let cx = Context {
            config: &config,
            resolver: &resolver,
            ownership: &ownership,
        };
        check(&cx, ".github/CODEOWNERS", codeowners)
    }

    const ROOT: &str = "version = 1\n\
        [teams.web]\ngithub = \"@acme/web\"\n\
        [teams.ops]\n\
        [[own]]\nteam = \"web\"\npaths = [\"*\"]\n\
        [[own]]\nteam = \"ops\"\npaths = [\"/infra/\"]\n\
        [[own]]\nunowned = true\npaths = [\"/gen/\"]\n";

    #[test]
    fn codeowners_drift_is_silent_when_in_sync() {
        let co = "* @ACME/web\n/infra/ @ops\n/gen/\n";
        let f = run(ROOT, &["a.js", "infra/x.tf", "gen/y"], co);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn codeowners_drift_fires_per_differing_line() {
        let co = "* @acme/web\n/infra/ @acme/web\n";
        let f = run(ROOT, &["a.js", "gen/y", "infra/x.tf"], co);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].paths, ["gen/y"]);
        assert_eq!(
            f[0].message,
            ".github/CODEOWNERS line 1 `*` gives 1 file to @acme/web, OWNERS.toml to no owner: `gen/y`"
        );
        assert_eq!(f[1].paths, ["infra/x.tf"]);
        assert_eq!(f[1].teams, vec!["ops"]);
        assert!(
            f[1].message.contains("OWNERS.toml to @ops"),
            "{}",
            f[1].message
        );
        assert!(f[1].help.as_deref().unwrap().contains("codeowners --write"));
    }

    #[test]
    fn codeowners_drift_is_one_finding_per_line_listing_every_file() {
        let paths: Vec<String> = (0..1500).map(|i| format!("infra/{i}")).collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let f = run(ROOT, &refs, "* @acme/web\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].paths.len(), 1500);
        assert!(f[0].message.contains("1500 files"), "{}", f[0].message);
        // ROOT's `ops` team has no `github`: the export cannot run yet.
        assert!(f[0].help.as_deref().unwrap().starts_with("give every team"));
    }

    #[test]
    fn codeowners_drift_tells_apart_owners_whose_team_names_clash() {
        // Both owners would be team `a-b-c`; the import numbers the second.
        let f = run(ROOT, &["a.js", "infra/x"], "* @a.b/c\n/infra/ @a-b/c\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].message.contains("to @a.b/c"), "{}", f[0].message);
        assert!(f[1].message.contains("to @a-b/c"), "{}", f[1].message);
    }
}
