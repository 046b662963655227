//! CSV (RFC 4180): the audit as one "long" table, one row per team, team
//! pair, file pair, file and trend period, told apart by `kind`, so a
//! spreadsheet or `pandas` can pivot it without knowing the JSON shape.
//!
//! What the columns hold per kind (a blank field does not apply):
//!
//! | kind | a, b | team_a, team_b | revs_a, revs_b | shared | other |
//! |---|---|---|---|---|---|
//! | `team` | the team | the team | its changes | its changes that touched another team | separability |
//! | `team_pair` | the teams | the teams | each team's changes | shared changes | degree, confidences, declared |
//! | `file_pair` | the paths | their owners | each file's changes | shared changes | degree, confidences |
//! | `file` | the path | its owner | its changes | | |
//! | `period` | the team, blank for the repository | the team | its changes; the period's changes on the repository row | | separability, period |
//! | `lead_time` | teams touched (`1`, `2`, `3+`) | | landed changes | | median_hours, p90_hours; period on per-period rows |
//! | `lead_time_team` | the team | the team | its landed changes | | median_hours, p90_hours |
//! | `lead_time_ratio` | `all` or `size_matched` | | | | ratio, ratio_low, ratio_high; period on per-period rows |
//!
//! A blank separability is "not enough history", never zero.

use std::collections::BTreeMap;
use std::io::Write;

use crate::AuditReport;
use teamlint_core::metrics::{Bucket, LeadTime, Ratio};

pub(crate) const HEADER: &str = "kind,a,b,team_a,team_b,revs_a,revs_b,shared,degree,\
                          confidence_ab,confidence_ba,separability,declared,period,\
                          median_hours,p90_hours,ratio,ratio_low,ratio_high";

/// One line of the long table; `None` and empty strings are blank fields.
#[derive(Default)]
struct Row<'a> {
    kind: &'static str,
    a: &'a str,
    b: &'a str,
    team_a: &'a str,
    team_b: &'a str,
    revs_a: Option<f64>,
    revs_b: Option<f64>,
    shared: Option<f64>,
    degree: Option<f64>,
    confidence_ab: Option<f64>,
    confidence_ba: Option<f64>,
    separability: Option<f64>,
    declared: Option<bool>,
    period: &'a str,
    median_hours: Option<f64>,
    p90_hours: Option<f64>,
    ratio: Option<f64>,
    ratio_low: Option<f64>,
    ratio_high: Option<f64>,
}

/// The report, row by row into `w` (one row per file: a large history's
/// report never sits whole in memory).
pub fn write(doc: &AuditReport<'_>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, w);
    write_rows(doc, &mut out)?;
    out.flush()
}

fn write_rows(doc: &AuditReport<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let m = doc.metrics;
    out.write_all(HEADER.as_bytes())?;
    out.write_all(b"\r\n")?;

    for t in &m.teams {
        write_row(
            out,
            &Row {
                kind: "team",
                a: &t.name,
                team_a: &t.name,
                revs_a: Some(t.revs),
                shared: Some(t.cross_team),
                separability: t.separability,
                ..Row::default()
            },
        )?;
    }
    let revs: BTreeMap<&str, f64> = m.teams.iter().map(|t| (t.name.as_str(), t.revs)).collect();
    for p in &m.team_pairs {
        write_row(
            out,
            &Row {
                kind: "team_pair",
                a: &p.a,
                b: &p.b,
                team_a: &p.a,
                team_b: &p.b,
                revs_a: revs.get(p.a.as_str()).copied(),
                revs_b: revs.get(p.b.as_str()).copied(),
                shared: Some(p.shared),
                degree: Some(p.degree),
                confidence_ab: Some(p.confidence_ab),
                confidence_ba: Some(p.confidence_ba),
                declared: Some(p.declared),
                ..Row::default()
            },
        )?;
    }
    for p in &m.file_pairs {
        write_row(
            out,
            &Row {
                kind: "file_pair",
                a: &p.a,
                b: &p.b,
                team_a: p.a_team.as_deref().unwrap_or(""),
                team_b: p.b_team.as_deref().unwrap_or(""),
                revs_a: Some(p.revs_a),
                revs_b: Some(p.revs_b),
                shared: Some(p.shared),
                degree: Some(p.degree),
                confidence_ab: Some(p.confidence_ab),
                confidence_ba: Some(p.confidence_ba),
                ..Row::default()
            },
        )?;
    }
    for f in &m.files {
        write_row(
            out,
            &Row {
                kind: "file",
                a: &f.path,
                team_a: f.team.as_deref().unwrap_or(""),
                revs_a: Some(f.revs),
                ..Row::default()
            },
        )?;
    }
    for p in doc.trend.iter().flatten() {
        write_row(
            out,
            &Row {
                kind: "period",
                revs_a: Some(p.changes as f64),
                separability: p.separability,
                period: &p.period,
                ..Row::default()
            },
        )?;
        for t in &p.teams {
            write_row(
                out,
                &Row {
                    kind: "period",
                    a: &t.name,
                    team_a: &t.name,
                    revs_a: Some(t.revs),
                    separability: t.separability,
                    period: &p.period,
                    ..Row::default()
                },
            )?;
        }
    }
    if let Some(lt) = doc.lead_time {
        lead_time_rows(out, lt)?;
    }
    Ok(())
}

fn lead_time_rows(out: &mut dyn Write, lt: &LeadTime) -> std::io::Result<()> {
    let buckets = |out: &mut dyn Write, by: &[Bucket], period: &str| {
        by.iter().try_for_each(|b| {
            write_row(
                out,
                &Row {
                    kind: "lead_time",
                    a: b.teams,
                    revs_a: Some(b.changes as f64),
                    median_hours: b.median_hours,
                    p90_hours: b.p90_hours,
                    period,
                    ..Row::default()
                },
            )
        })
    };
    let ratio = |out: &mut dyn Write, which: &str, r: &Ratio, period: &str| {
        write_row(
            out,
            &Row {
                kind: "lead_time_ratio",
                a: which,
                ratio: Some(r.value),
                ratio_low: r.low,
                ratio_high: r.high,
                period,
                ..Row::default()
            },
        )
    };
    buckets(out, &lt.by_teams, "")?;
    if let Some(r) = &lt.ratio {
        ratio(out, "all", r, "")?;
    }
    if let Some(r) = &lt.size_matched {
        ratio(out, "size_matched", r, "")?;
    }
    for t in &lt.teams {
        write_row(
            out,
            &Row {
                kind: "lead_time_team",
                a: &t.name,
                team_a: &t.name,
                revs_a: Some(t.changes as f64),
                median_hours: t.median_hours,
                p90_hours: t.p90_hours,
                ..Row::default()
            },
        )?;
    }
    for p in &lt.periods {
        buckets(out, &p.by_teams, &p.period)?;
        if let Some(r) = &p.ratio {
            ratio(out, "all", r, &p.period)?;
        }
    }
    Ok(())
}

fn write_row(out: &mut dyn Write, r: &Row<'_>) -> std::io::Result<()> {
    let fields = [
        r.kind.to_string(),
        field(r.a),
        field(r.b),
        field(r.team_a),
        field(r.team_b),
        number(r.revs_a),
        number(r.revs_b),
        number(r.shared),
        number(r.degree),
        number(r.confidence_ab),
        number(r.confidence_ba),
        number(r.separability),
        r.declared.map_or(String::new(), |d| d.to_string()),
        field(r.period),
        number(r.median_hours),
        number(r.p90_hours),
        number(r.ratio),
        number(r.ratio_low),
        number(r.ratio_high),
    ];
    out.write_all(fields.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

/// A text field as OWASP's advice on CSV injection has it: control
/// characters written as C escapes (a path can hold a line break or an
/// escape sequence), a field that a spreadsheet would read as a formula
/// (it begins with `=`, `+`, `-`, `@`, a tab or a CR) prefixed with `'`,
/// and quoted when it holds a separator or a quote.
fn field(s: &str) -> String {
    let s = teamlint_core::finding::text::printable(s);
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let s = if formula {
        format!("'{s}")
    } else {
        s.into_owned()
    };
    if s.contains([',', '"', '\r', '\n']) || formula {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Up to four decimals without trailing zeros; blank for no value.
fn number(x: Option<f64>) -> String {
    let Some(x) = x.filter(|x| x.is_finite()) else {
        return String::new();
    };
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    /// The report as text.
    fn render(doc: &AuditReport<'_>) -> String {
        let mut out = Vec::new();
        write(doc, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    use super::*;
    use crate::audit::fixtures::{sample, EVIL_PATH, QUOTED_PATH};

    /// A strict RFC 4180 reader: CRLF records, quoted fields with doubled
    /// quotes; anything else is an error.
    fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut at_start = true;
        while let Some(c) = chars.next() {
            match c {
                '"' if at_start => {
                    loop {
                        match chars.next() {
                            Some('"') if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            Some('"') => break,
                            Some(c) => field.push(c),
                            None => return Err("unterminated quote".into()),
                        }
                    }
                    at_start = false;
                    match chars.peek() {
                        Some(',') | Some('\r') | None => {}
                        other => return Err(format!("{other:?} after a closing quote")),
                    }
                }
                '"' => return Err(format!("bare quote in {field:?}")),
                ',' => {
                    record.push(std::mem::take(&mut field));
                    at_start = true;
                }
                '\r' => {
                    if chars.next() != Some('\n') {
                        return Err("CR without LF".into());
                    }
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                    at_start = true;
                }
                '\n' => return Err("bare LF".into()),
                c => {
                    field.push(c);
                    at_start = false;
                }
            }
        }
        if !field.is_empty() || !record.is_empty() {
            return Err("last record without CRLF".into());
        }
        Ok(records)
    }

    fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
        let records = parse(csv).expect("valid CSV");
        let header = &records[0];
        assert_eq!(header.join(","), HEADER);
        records[1..]
            .iter()
            .map(|r| {
                assert_eq!(r.len(), header.len(), "{r:?}");
                header.iter().cloned().zip(r.iter().cloned()).collect()
            })
            .collect()
    }

    fn find<'a>(
        rows: &'a [BTreeMap<String, String>],
        kind: &str,
        a: &str,
    ) -> &'a BTreeMap<String, String> {
        rows.iter()
            .find(|r| r["kind"] == kind && r["a"] == a)
            .unwrap_or_else(|| panic!("no {kind} row for {a}"))
    }

    #[test]
    fn fields_with_separators_and_quotes_are_quoted() {
        assert_eq!(field("plain/path.rs"), "plain/path.rs");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "two\\nlines");
        assert_eq!(field("cr\rhere\u{1b}[2J"), "cr\\rhere\\033[2J");
        assert_eq!(field(""), "");
    }

    #[test]
    fn fields_a_spreadsheet_would_run_are_neutralised() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "\"'+1\"");
        assert_eq!(field("-2+3"), "\"'-2+3\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("\t=1"), "\\t=1");
        assert_eq!(field("a=1"), "a=1");
    }

    #[test]
    fn numbers_have_at_most_four_decimals() {
        assert_eq!(number(Some(20.0)), "20");
        assert_eq!(number(Some(6.0 / 17.5)), "0.3429");
        assert_eq!(number(Some(0.5)), "0.5");
        assert_eq!(number(Some(-0.00001)), "0");
        assert_eq!(number(Some(f64::NAN)), "");
        assert_eq!(number(None), "");
    }

    #[test]
    fn odd_paths_come_back_intact() {
        let s = sample();
        let csv = render(&s.report());
        let expected = "file_pair,\"services/pay/<script>alert(1)</script>,x.rs\",\
                        \"infra/\"\"main\"\"|v2.tf\",payments,platform,10,8,5,0.5556,0.5,0.625,,,,,,,,\r\n";
        assert!(csv.contains(expected), "{csv}");
        let rows = rows(&csv);
        let pair = find(&rows, "file_pair", EVIL_PATH);
        assert_eq!(pair["b"], QUOTED_PATH);
        assert_eq!(pair["team_b"], "platform");
        assert_eq!(pair["degree"], "0.5556");
        let file = find(&rows, "file", QUOTED_PATH);
        assert_eq!(file["team_a"], "", "unowned file");
        assert_eq!(file["revs_a"], "8");
    }

    #[test]
    fn one_row_per_team_pair_file_and_period() {
        let s = sample();
        let csv = render(&s.report());
        assert!(csv.starts_with(&format!("{HEADER}\r\n")));
        let rows = rows(&csv);
        let kinds = |k: &str| rows.iter().filter(|r| r["kind"] == k).count();
        assert_eq!(kinds("team"), 3);
        assert_eq!(kinds("team_pair"), 2);
        assert_eq!(kinds("file_pair"), 1);
        assert_eq!(kinds("file"), 2);
        // Two periods, each with a repository row and one team row.
        assert_eq!(kinds("period"), 4);
        // Lead time: three buckets overall and per period (two), a row per
        // team, the ratios.
        let buckets = 3 * (1 + s.lead_time.periods.len());
        assert_eq!(kinds("lead_time"), buckets);
        assert_eq!(kinds("lead_time_team"), 3);
        let ratios = kinds("lead_time_ratio");
        assert!(ratios >= 1);
        assert_eq!(rows.len(), 12 + buckets + 3 + ratios);
        let one = rows
            .iter()
            .find(|r| r["kind"] == "lead_time" && r["a"] == "1" && r["period"].is_empty())
            .expect("the one-team bucket");
        let b = &s.lead_time.by_teams[0];
        assert_eq!(one["revs_a"], b.changes.to_string());
        assert_eq!(one["median_hours"], number(b.median_hours));
        assert_eq!(one["p90_hours"], number(b.p90_hours));
        let all = find(&rows, "lead_time_ratio", "all");
        assert_eq!(
            all["ratio"],
            number(s.lead_time.ratio.as_ref().map(|r| r.value))
        );

        let pay = find(&rows, "team", "payments");
        assert_eq!(
            (pay["revs_a"].as_str(), pay["shared"].as_str()),
            ("20", "8")
        );
        assert_eq!(pay["separability"], "0.6");
        assert_eq!(pay["b"], "");
        assert_eq!(
            find(&rows, "team", "web<&>")["separability"],
            "",
            "no score is blank, not zero"
        );

        let pp = rows
            .iter()
            .find(|r| r["kind"] == "team_pair" && r["b"] == "platform")
            .expect("payments/platform");
        assert_eq!(pp["a"], "payments");
        assert_eq!((pp["revs_a"].as_str(), pp["revs_b"].as_str()), ("20", "15"));
        assert_eq!(pp["degree"], "0.3429");
        assert_eq!(pp["confidence_ab"], "0.3");
        assert_eq!(pp["confidence_ba"], "0.4");
        assert_eq!(pp["declared"], "false");
        assert_eq!(find(&rows, "team_pair", "payments")["period"], "");

        let repo: Vec<_> = rows
            .iter()
            .filter(|r| r["kind"] == "period" && r["a"].is_empty())
            .map(|r| {
                (
                    r["period"].as_str(),
                    r["revs_a"].as_str(),
                    r["separability"].as_str(),
                )
            })
            .collect();
        assert_eq!(repo, [("2025-01", "14", "0.65"), ("2025-02", "18", "0.75")]);
        let team: Vec<_> = rows
            .iter()
            .filter(|r| r["kind"] == "period" && r["a"] == "payments")
            .map(|r| r["separability"].as_str())
            .collect();
        assert_eq!(team, ["0.55", "0.65"]);
    }

    #[test]
    fn without_a_trend_there_are_no_period_rows() {
        let s = sample();
        let mut doc = s.report();
        doc.trend = None;
        doc.lead_time = None;
        let csv = render(&doc);
        assert!(!csv.contains("\r\nperiod,"));
        assert_eq!(rows(&csv).len(), 8);
    }

    #[test]
    fn the_test_parser_rejects_broken_csv() {
        assert!(parse("a,b\r\n").is_ok());
        assert!(parse("\"a,b\r\n").is_err());
        assert!(parse("a\"b\r\n").is_err());
        assert!(parse("a,b\n").is_err());
        assert!(parse("\"a\"x\r\n").is_err());
    }
}
