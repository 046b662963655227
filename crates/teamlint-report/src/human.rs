//! Human output: miette diagnostics with spans into OWNERS.toml for config
//! findings, compact grouped lines for per-file findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::{CheckReport, PathEntry, Style};
use teamlint_core::error::Error;
use teamlint_core::finding::text::{plural, printable, quoted_path};
use teamlint_core::finding::RuleId;
use teamlint_core::finding::{Finding, Group, Severity, Source};

/// Per-file findings of one rule shown before the rest are summed up.
const MAX_PATH_LINES: usize = 20;
/// Paths of a group that shares one span, shown before the rest are counted.
const MAX_GROUP_PATHS: usize = 5;
/// Diagnostics of one rule drawn in full; the rest take a line each.
const MAX_BOXES_PER_RULE: usize = 2;

fn paint(style: &Style, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_word(style: &Style, s: Severity) -> String {
    match s {
        Severity::Error => paint(style, "1;31", "error"),
        Severity::Warning => paint(style, "1;33", "warning"),
        Severity::Allow => "allow".into(),
    }
}

fn handler(style: &Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::Custom(snippet_words))
}

/// Words for wrapping: split at spaces, but never inside a `code` span, so
/// a snippet to copy (`depends_on = ["api"]`) stays on one line.
fn snippet_words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let (mut start, mut in_code) = (0, false);
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b' ' if !in_code => {
                let mut end = i;
                while end < bytes.len() && bytes[end] == b' ' {
                    end += 1;
                }
                words.push(textwrap::core::Word::from(&line[start..end]));
                start = end;
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// A config text as an excerpt shows it: each control character but a line
/// end or a tab becomes `?`, byte for byte, so spans still point where they
/// did and nothing in the file can drive the terminal.
fn displayable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Renders one finding that points into a config file, with its span;
/// `count` findings share it (the first one's message stands for all, and
/// `help` is the help they share).
fn diagnostic(
    f: &Finding,
    count: usize,
    help: Option<&str>,
    sources: &[Source],
    style: &Style,
) -> String {
    let message = if count > 1 {
        format!("{} (and {} more files, listed below)", f.message, count - 1)
    } else {
        f.message.clone()
    };
    let message = printable(&message).into_owned();
    let mut d = MietteDiagnostic::new(message)
        .with_code(f.rule.name())
        .with_severity(match f.severity {
            Severity::Error => miette::Severity::Error,
            _ => miette::Severity::Warning,
        });
    if let Some(h) = help {
        d = d.with_help(printable(h).into_owned());
    }
    let source = f
        .location
        .as_ref()
        .and_then(|l| sources.iter().find(|s| s.path == l.file));
    let mut out = String::new();
    match (source, &f.location) {
        (Some(src), Some(loc)) => {
            let len = loc.span.end.saturating_sub(loc.span.start);
            d = d.with_label(LabeledSpan::at(
                loc.span.start..loc.span.start + len,
                printable(f.label.as_deref().unwrap_or_default()).into_owned(),
            ));
            let report = miette::Report::new(d).with_source_code(NamedSource::new(
                printable(&src.path),
                displayable(&src.text),
            ));
            let _ = handler(style).render_report(&mut out, report.as_ref());
        }
        _ => {
            let _ = handler(style).render_report(&mut out, &d);
        }
    }
    out
}

pub fn check(doc: &CheckReport<'_>, style: &Style) -> String {
    if style.quiet {
        return concise(doc.findings, style);
    }
    let mut out = findings(doc, style);
    out.push_str(&counts_by_rule(doc.findings, style));
    out.push_str(&summary_line(doc, style));
    out
}

/// `-q`: nothing but the findings, one line each (where, severity, rule,
/// message), for scripts and editors.
pub(crate) fn concise(findings: &[Finding], style: &Style) -> String {
    let mut out = String::new();
    for f in findings {
        let at = match (&f.path, &f.location) {
            (Some(p), _) => format!("{}: ", quoted_path(p)),
            (None, Some(l)) => format!("{}:{}:{}: ", printable(&l.file), l.line, l.column),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "{at}{}[{}] {}",
            severity_word(style, f.severity),
            f.rule,
            printable(&f.message)
        );
    }
    out
}

/// The help a group of findings shares: theirs when they all have the
/// same, none when they differ (each is then shown with its own).
fn common_help<'f>(group: &[&'f Finding]) -> Option<&'f str> {
    let first = group.first()?.help.as_deref()?;
    group
        .iter()
        .all(|f| f.help.as_deref() == Some(first))
        .then_some(first)
}

/// The findings, the change line and the notes of a report, without the
/// closing counts (the audit report closes with its own).
///
/// Findings that point at the same span of a config file under the same
/// rule (every file a shared rule decides, say) are one diagnostic with the
/// count and the first few paths; findings with only a path are grouped by
/// rule. `--format json` lists every one.
pub fn findings(doc: &CheckReport<'_>, style: &Style) -> String {
    let mut out = String::new();
    let mut spans: Vec<(&Finding, Vec<&Finding>)> = Vec::new();
    // Per-file findings of one rule on one span share a diagnostic; found
    // by key, so grouping stays linear in the number of findings.
    let mut span_of: std::collections::HashMap<(RuleId, &str, usize, usize), usize> =
        std::collections::HashMap::new();
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in doc.findings {
        match &f.location {
            Some(l) => {
                let groupable = f.path.is_some() && f.subject.is_none();
                let key = (f.rule, l.file.as_str(), l.span.start, l.span.end);
                match span_of.get(&key).filter(|_| groupable) {
                    Some(&i) => spans[i].1.push(f),
                    None => {
                        if groupable {
                            span_of.insert(key, spans.len());
                        }
                        spans.push((f, vec![f]));
                    }
                }
            }
            None => by_rule.entry(f.rule.name()).or_default().push(f),
        }
    }
    // A few diagnostics per rule in full; the rest of that rule's, one line
    // each, so a large map's report stays a couple of screens long.
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    let mut compact: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (first, group) in &spans {
        let n = shown.entry(first.rule.name()).or_default();
        *n += 1;
        // Config errors each need their own fix: all are drawn.
        if *n > MAX_BOXES_PER_RULE && first.rule.group() != Group::Config {
            compact
                .entry(first.rule.name())
                .or_default()
                .push(one_line(first, group.len()));
            continue;
        }
        out.push_str(&diagnostic(
            first,
            group.len(),
            common_help(group),
            doc.sources,
            style,
        ));
        if group.len() > 1 {
            let paths: Vec<&str> = group.iter().filter_map(|f| f.path.as_deref()).collect();
            out.push_str(&path_list(&paths, style));
        }
        out.push('\n');
    }
    for (rule, lines) in compact {
        let _ = writeln!(out, "{rule}, {} more:", lines.len());
        for l in lines {
            let _ = writeln!(out, "  {} {}", paint(style, "2", "·"), printable(&l));
        }
        out.push('\n');
    }
    for (rule, list) in by_rule {
        let sev = list[0].severity;
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            severity_word(style, sev),
            rule,
            plural(list.len(), "finding", "findings")
        );
        let help = common_help(&list);
        for f in list.iter().take(MAX_PATH_LINES) {
            let _ = writeln!(
                out,
                "  {} {}",
                paint(style, "2", "·"),
                printable(&f.message)
            );
            // Each finding's own help (its evidence) when the group's differ.
            if let (None, Some(h)) = (help, &f.help) {
                let _ = writeln!(out, "    {}", paint(style, "2", &printable(h)));
            }
        }
        if list.len() > MAX_PATH_LINES {
            let _ = writeln!(
                out,
                "  … and {} more (`--format json` lists them all)",
                list.len() - MAX_PATH_LINES
            );
        }
        if let Some(h) = help {
            let _ = writeln!(out, "  {} {}", paint(style, "36", "help:"), printable(h));
        }
        out.push('\n');
    }
    if let Some(c) = &doc.change {
        let teams: Vec<String> = c
            .teams
            .iter()
            .map(|(t, n)| format!("{} ({n})", printable(t)))
            .collect();
        let _ = writeln!(
            out,
            "change: {} touching {}{}",
            plural(c.files, "file", "files"),
            if teams.is_empty() {
                "no team".into()
            } else {
                teams.join(", ")
            },
            match (c.unowned, c.shared) {
                (0, 0) => String::new(),
                (u, 0) => format!(", {u} unowned"),
                (0, s) => format!(", {s} of shared rules"),
                (u, s) => format!(", {u} unowned, {s} of shared rules"),
            }
        );
    }
    for n in &doc.notes {
        let _ = writeln!(out, "{} {}", paint(style, "36", "note:"), printable(n));
    }
    out
}

/// A diagnostic in one line: its message, where, and how many files share it.
fn one_line(f: &Finding, count: usize) -> String {
    let at = f.location.as_ref().map_or_else(String::new, |l| {
        format!(" ({}:{}:{})", l.file, l.line, l.column)
    });
    if count > 1 {
        format!("{}{at}, and {} more files", f.message, count - 1)
    } else {
        format!("{}{at}", f.message)
    }
}

/// The first few paths of a group, then how many more.
fn path_list(paths: &[&str], style: &Style) -> String {
    let mut out = format!(
        "  {}\n",
        paint(style, "1", &plural(paths.len(), "file:", "files:"))
    );
    for p in paths.iter().take(MAX_GROUP_PATHS) {
        let _ = writeln!(out, "  {} {}", paint(style, "2", "·"), printable(p));
    }
    if paths.len() > MAX_GROUP_PATHS {
        let _ = writeln!(
            out,
            "  … and {} more (`--format json` lists them all)",
            paths.len() - MAX_GROUP_PATHS
        );
    }
    out
}

/// `--statistics`-style closing lines: how many findings each rule has.
fn counts_by_rule(findings: &[Finding], style: &Style) -> String {
    let mut counts: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for f in findings {
        let e = counts.entry(f.rule.name()).or_insert((0, f.severity));
        e.0 += 1;
        e.1 = e.1.max(f.severity);
    }
    if counts.len() < 2 && findings.len() < 2 {
        return String::new();
    }
    let width = counts
        .values()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for (rule, (n, sev)) in counts {
        let _ = writeln!(out, "{n:>width$} {rule} ({})", severity_word(style, sev));
    }
    out
}

fn summary_line(doc: &CheckReport<'_>, style: &Style) -> String {
    let s = doc.summary;
    let files = plural(s.files, "file", "files");
    if doc.config_failed {
        return format!(
            "{} {} in the ownership config; nothing was checked\n",
            paint(style, "1;31", "✗"),
            plural(s.errors, "error", "errors"),
        );
    }
    if s.errors == 0 && s.warnings == 0 {
        format!("{} no findings in {files}\n", paint(style, "1;32", "✓"))
    } else if s.errors == 0 {
        // Warnings do not fail a run; the mark says so.
        format!(
            "{} no errors, {} in {files}\n",
            paint(style, "1;33", "✓"),
            plural(s.warnings, "warning", "warnings"),
        )
    } else {
        format!(
            "{} {}, {} in {files}\n",
            paint(style, "1;31", "✗"),
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
        )
    }
}

pub fn paths(
    entries: &[PathEntry],
    detailed: bool,
    style: &Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if !detailed {
        for e in entries {
            let owner = if e.declared_unowned {
                "(unowned)".to_string()
            } else if e.unowned {
                "(no owner)".to_string()
            } else {
                printable(&e.teams.join(",")).into_owned()
            };
            writeln!(out, "{}\t{owner}", quoted_path(&e.path))?;
        }
        return Ok(());
    }
    for e in entries {
        writeln!(out, "{}", paint(style, "1", &quoted_path(&e.path)))?;
        let owner = if e.declared_unowned {
            "unowned (declared)".to_string()
        } else if e.unowned {
            paint(style, "31", "no owner")
        } else {
            e.teams
                .iter()
                .zip(&e.leaders)
                .map(|(t, l)| match l {
                    Some(l) => format!(
                        "{} (leader {})",
                        paint(style, "1;32", &printable(t)),
                        printable(l)
                    ),
                    None => format!(
                        "{} ({})",
                        paint(style, "1;32", &printable(t)),
                        paint(style, "31", "no leader")
                    ),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "  owner:    {owner}")?;
        let section = |r: &super::RuleInfo| match &r.section {
            Some(s) => format!("  [{}]", printable(s)),
            None => String::new(),
        };
        match &e.rule {
            Some(r) => {
                writeln!(
                    out,
                    "  rule:     {}:{}  {}{}",
                    printable(&r.file),
                    r.line,
                    printable(&r.pattern),
                    section(r)
                )?;
                for a in &e.also {
                    writeln!(
                        out,
                        "  also:     {}:{}  {}{}  ({})",
                        printable(&a.file),
                        a.line,
                        printable(&a.pattern),
                        section(a),
                        printable(&a.owner)
                    )?;
                }
            }
            None => {
                writeln!(out, "  rule:     none matches")?;
            }
        }
        for r in &e.overridden {
            writeln!(
                out,
                "  overrode: {}:{}  {}  ({})",
                printable(&r.file),
                r.line,
                printable(&r.pattern),
                printable(&r.owner)
            )?;
        }
        if e.excluded {
            writeln!(
                out,
                "  note:     excluded by [settings] exclude: not analysed"
            )?;
        } else if e.unowned && !e.declared_unowned && e.exempt {
            writeln!(out, "  note:     may stay unowned ([settings] unowned)")?;
        }
        if e.tracked == Some(false) {
            writeln!(
                out,
                "  note:     not tracked: the owner a new file here would get"
            )?;
        }
    }
    Ok(())
}

pub fn rules(rules: &[RuleId], one: bool, style: &Style) -> String {
    let mut out = String::new();
    if one {
        let r = rules[0];
        let _ = writeln!(
            out,
            "{} ({}, default {})\n",
            paint(style, "1", r.name()),
            r.group().as_str(),
            r.default_severity()
        );
        let _ = writeln!(out, "{}", r.doc());
        return out;
    }
    let width = rules.iter().map(|r| r.name().len()).max().unwrap_or(0);
    let mut group = None;
    for r in rules {
        if group != Some(r.group()) {
            group = Some(r.group());
            let _ = writeln!(
                out,
                "{}",
                paint(style, "1", &format!("{} rules", r.group().as_str()))
            );
        }
        let _ = writeln!(
            out,
            "  {:width$}  {:7}  {}",
            r.name(),
            r.default_severity().as_str(),
            r.summary()
        );
    }
    out.push_str("\n`teamlint rules NAME` shows a rule's documentation.\n");
    out
}

/// Renders a failure (exit status 2) to the log stream.
pub fn error(err: &mut dyn std::io::Write, e: &Error, style: &Style) {
    let mut d = MietteDiagnostic::new(printable(&e.to_string()).into_owned())
        .with_severity(miette::Severity::Error);
    if let Some(h) = e.help() {
        d = d.with_help(printable(h).into_owned());
    }
    let mut out = String::new();
    let _ = handler(style).render_report(&mut out, &d);
    let _ = err.write_all(out.as_bytes());
}
