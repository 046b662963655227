use super::*;
use crate::audit::fixtures::*;

fn svg<'a>(html: &'a str, class: &str) -> &'a str {
    let open = format!("<svg class=\"{class}\"");
    let start = html.find(&open).unwrap_or_else(|| panic!("no {class} svg"));
    let end = html[start..].find("</svg>").expect("svg closed") + start;
    &html[start..end]
}

fn shown(s: &str) -> String {
    html! { (Shown(s)) }.into_string()
}

#[test]
fn shown_text_is_escaped_and_shows_bytes_that_are_not_utf8() {
    assert_eq!(
        shown(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;'&amp;'&lt;/a&gt;"
    );
    assert_eq!(shown("plain/path.rs é"), "plain/path.rs é");
    assert_eq!(shown("&amp;"), "&amp;amp;");
    let raw = teamlint_core::pathname::from_bytes(b"dir/\xff<x>.rs");
    assert_eq!(shown(&raw), "dir/\\377&lt;x&gt;.rs");
    // In an attribute, a quote cannot end the value.
    let attr = html! { span title=(Shown(format!("{raw} \"q\""))) {} }.into_string();
    assert_eq!(
        attr,
        "<span title=\"dir/\\377&lt;x&gt;.rs &quot;q&quot;\"></span>"
    );
}

#[test]
fn a_trend_makes_three_svgs_and_lead_time_two() {
    let s = sample();
    let html = render(&s.report());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<svg").count(), 5);
    assert_eq!(html.matches("</svg>").count(), 5);
    let trend = svg(&html, "trend");
    assert_eq!(trend.matches("class=\"pt\"").count(), 2);
    assert!(trend.contains("<polyline"));
    assert!(trend.contains("2025-01") && trend.contains("2025-02"));
}

#[test]
fn without_a_trend_a_note_says_how_to_get_one() {
    let mut s = sample();
    s.trend = None;
    s.lead_time.periods.clear();
    let html = render(&s.report());
    // The heatmap, the graph and lead time by teams touched.
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("teamlint audit --by month"));
}

#[test]
fn a_period_without_score_breaks_the_line() {
    let mut s = sample();
    if let Some(t) = s.trend.as_mut() {
        let mut gap = t[0].clone();
        gap.period = "2025-03".into();
        gap.separability = None;
        let mut after = t[1].clone();
        after.period = "2025-04".into();
        t.push(gap);
        t.push(after);
    }
    let html = render(&s.report());
    let trend = svg(&html, "trend");
    assert_eq!(trend.matches("<polyline").count(), 1);
    assert_eq!(trend.matches("class=\"pt\"").count(), 3);
}

#[test]
fn data_from_the_repository_is_escaped_everywhere() {
    let s = sample();
    let html = render(&s.report());
    assert!(!html.contains("<script"), "raw script tag in output");
    assert!(
        !html.contains("<b>"),
        "raw markup from a message or subject"
    );
    assert!(html.contains("&lt;b&gt;often&lt;/b&gt;"));
    assert!(!html.contains("web<&>"));
    assert!(!html.contains("acme<shop>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;,x.rs"));
    assert!(html.contains("infra/&quot;main&quot;|v2.tf"));
    // A commit subject, in the cell and in its tooltip.
    let subject = "Fix &lt;script&gt;alert('x')&lt;/script&gt; &amp; friends";
    assert!(html.contains(&format!("</code> 2025-02-20 {subject}</li>")));
    assert!(html.contains(&format!(" 2025-02-20 {subject}\"><code>")));
    // Inside the SVGs too: the team with markup in its name is a label.
    assert!(svg(&html, "heatmap").contains("web&lt;&amp;&gt;"));
    assert!(svg(&html, "graph").contains("web&lt;&amp;&gt;"));
    assert!(html.contains("cache rebuilt &lt;fresh&gt;"));
    assert!(html.contains("<title>teamlint audit — acme&lt;shop&gt;</title>"));

    // A team whose name is not UTF-8 is shown as git shows it, in the
    // tables and in the SVG text.
    let mut s = sample();
    let raw = teamlint_core::pathname::from_bytes(b"ops\xfe").into_owned();
    s.metrics.teams[0].name = raw.clone();
    let html = render(&s.report());
    assert!(!html.contains(&raw));
    assert!(svg(&html, "heatmap").contains(">ops\\376</text>"));
    assert!(html.contains("<td>ops\\376</td>"));
}

#[test]
fn heatmap_has_a_cell_per_team_pair() {
    let s = sample();
    let html = render(&s.report());
    let map = svg(&html, "heatmap");
    assert_eq!(map.matches("class=\"hm-cell\"").count(), 9);
    // Undeclared payments/platform at 0.34 ≥ 0.10: outlined on both sides.
    assert_eq!(map.matches("class=\"hm-flag\"").count(), 2);
    // Declared payments/web: marked on both sides, not outlined.
    assert_eq!(map.matches("class=\"hm-declared\"").count(), 2);
    // Diagonal in greens, the scored pair in reds, web has no score.
    assert!(map.contains(&format!("fill=\"{}\"", ramp(&GREENS, 0.6))));
    assert!(map.contains(&format!("fill=\"{}\"", ramp(&REDS, 6.0 / 17.5))));
    assert!(map.contains("not enough history"));
    assert!(map.contains(">34%<"));

    // A declared pair above the threshold is allowed coupling: no outline.
    let mut s = sample();
    s.metrics.team_pairs[1].scored = true;
    let html = render(&s.report());
    let map = svg(&html, "heatmap");
    assert!(s.metrics.team_pairs[1].degree >= 0.10);
    assert_eq!(map.matches("class=\"hm-flag\"").count(), 2);
    assert_eq!(map.matches("class=\"hm-declared\"").count(), 2);
    let graph = svg(&html, "graph");
    assert_eq!(
        graph
            .matches(&format!("stroke=\"{UNDECLARED_EDGE}\""))
            .count(),
        1
    );
}

#[test]
fn heatmap_scales_to_forty_teams() {
    let mut s = sample();
    s.metrics.teams = (0..40)
        .map(|i| team(&format!("team-{i:02}"), 10.0 + i as f64, Some(0.5), 1.0))
        .collect();
    s.metrics.team_pairs = (1..40)
        .map(|i| {
            pair(
                "team-00",
                &format!("team-{i:02}"),
                3.0,
                (10.0, 10.0),
                i % 2 == 0,
            )
        })
        .collect();
    let html = render(&s.report());
    let map = svg(&html, "heatmap");
    assert_eq!(map.matches("class=\"hm-cell\"").count(), 1600);
    let width: f64 = map
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .expect("width");
    assert!(width < 1100.0, "heatmap {width}px wide");
    let graph = svg(&html, "graph");
    assert_eq!(graph.matches("class=\"node\"").count(), 40);
    assert_eq!(graph.matches("class=\"edge\"").count(), 39);
    assert!(graph.contains("rotate("), "many teams get radial labels");
}

#[test]
fn five_hundred_teams_draw_the_strongest_couplings_on_a_page_of_bounded_size() {
    let mut s = sample();
    s.metrics.teams = (0..500)
        .map(|i| team(&format!("team-{i:03}"), 10.0 + i as f64, Some(0.5), 1.0))
        .collect();
    // Every team shares a little with its neighbour; one pair far more.
    s.metrics.team_pairs = (0..499)
        .map(|i| {
            let shared = if i == 250 { 9.0 } else { 1.0 };
            pair(
                &format!("team-{i:03}"),
                &format!("team-{:03}", i + 1),
                shared,
                (10.0, 10.0),
                false,
            )
        })
        .collect();
    let html = render(&s.report());
    let map = svg(&html, "heatmap");
    assert_eq!(
        map.matches("class=\"hm-cell\"").count(),
        MAX_CHART_TEAMS * MAX_CHART_TEAMS
    );
    assert!(
        map.contains("team-250") && map.contains("team-251"),
        "the strongest pair is drawn"
    );
    let graph = svg(&html, "graph");
    assert_eq!(graph.matches("class=\"node\"").count(), MAX_CHART_TEAMS);
    assert!(html.contains("Drawn: the 40 teams of the strongest couplings, of 500 teams"));
    assert!(html.len() < 1 << 20, "{} bytes", html.len());
}

#[test]
fn graph_draws_every_shared_pair_deterministically() {
    let s = sample();
    let html = render(&s.report());
    let graph = svg(&html, "graph");
    assert_eq!(graph.matches("class=\"node\"").count(), 3);
    assert_eq!(graph.matches("class=\"edge\"").count(), 2);
    assert!(graph.contains(&format!("stroke=\"{UNDECLARED_EDGE}\"")));
    assert!(graph.contains(&format!("stroke=\"{DECLARED_EDGE}\" stroke-width")));
    assert!(graph.contains("stroke-dasharray=\"6 4\""));
    assert_eq!(html, render(&s.report()));
}

#[test]
fn tables_show_teams_pairs_and_findings() {
    let s = sample();
    let html = render(&s.report());
    let teams = &html[html.find("id=\"teams\"").expect("teams")..];
    let (pay, plat) = (
        teams.find("<td>payments</td>").expect("payments row"),
        teams.find("<td>platform</td>").expect("platform row"),
    );
    assert!(pay < plat, "least separable first");
    assert!(html.contains("<code>0123456</code> 2025-02-20"));
    assert!(html.contains("<code>abcdef1</code> 2025-02-21"));
    assert!(html.contains("<span class=\"sev error\">error</span>"));
    assert!(html.contains("<code>undeclared-coupling</code>"));
    assert!(html.contains(">70%</div>"), "the big number");
    assert!(html.contains("2025-01-03") && html.contains("2025-02-27"));
}

#[test]
fn compare_shows_both_maps_and_the_deltas() {
    let s = sample();
    let html = render(&s.report());
    let cmp = &html[html.find("id=\"compare\"").expect("compare section")..];
    assert!(cmp.contains("proposed/OWNERS.toml"));
    // payments 60% -> 85%, repository 70% -> 82%.
    assert!(cmp.contains("<span class=\"good\">+25 pp</span>"));
    assert!(cmp.contains("+12 pp"));
    // billing only exists in the proposal, web only today.
    assert!(cmp.contains("<td>billing</td>"));
    assert!(cmp.contains("<td>web&lt;&amp;&gt;</td>"));
    // payments/platform 0.34 -> 0.10.
    assert!(cmp.contains("<span class=\"good\">−0.24</span>"), "{cmp}");
    // payments/web: web has no team in the proposal, so no delta.
    let web = &cmp[cmp.find("<td>payments</td><td>web").expect("pair row")..];
    let row = &web[..web.find("</tr>").expect("row end")];
    assert!(
        row.contains("no such team") && row.contains("<td class=\"n\">—</td>"),
        "{row}"
    );
    let mut doc = s.report();
    doc.compare = None;
    assert!(!render(&doc).contains("id=\"compare\""));
}

#[test]
fn empty_and_odd_numbers_do_not_break_the_page() {
    let mut s = sample();
    s.metrics.teams.clear();
    s.metrics.team_pairs.clear();
    s.metrics.file_pairs.clear();
    s.metrics.separability = None;
    s.findings.clear();
    let html = render(&s.report());
    assert!(html.contains("No team had a change"));
    assert!(html.contains("No findings."));

    let mut s = sample();
    s.metrics.team_pairs[0].degree = f64::NAN;
    s.metrics.teams[0].revs = f64::INFINITY;
    let html = render(&s.report());
    for class in ["heatmap", "graph"] {
        let values = svg(&html, class).split('"').skip(1).step_by(2);
        for v in values {
            assert!(!v.contains("NaN") && !v.contains("inf"), "{class}: {v}");
        }
    }
    assert!(!svg(&html, "heatmap").contains(">NaN"));

    let mut s = sample();
    s.metrics.teams.truncate(1);
    assert_eq!(
        svg(&render(&s.report()), "graph")
            .matches("class=\"node\"")
            .count(),
        1
    );
}

/// A richer audit for looking at: `cargo test --lib report::audit::html -- --ignored`
/// writes /tmp/teamlint-sample.html (and a 40-team one next to it).
#[test]
#[ignore]
fn write_sample_report() {
    let names = [
        "payments",
        "platform",
        "search",
        "checkout",
        "identity",
        "mobile<app>",
        "data",
        "growth",
    ];
    let write = |path: &str, names: &[String]| {
        let revs = |i: usize| 12.0 + ((i * 37) % 50) as f64;
        let teams: Vec<TeamStats> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let sep = if i == 3 {
                    None
                } else {
                    Some(0.55 + ((i * 13) % 45) as f64 / 100.0)
                };
                team(n, revs(i), sep, (revs(i) * 0.3).round())
            })
            .collect();
        let mut pairs = Vec::new();
        for i in 0..names.len() {
            for j in i + 1..names.len() {
                let shared = ((i * 7 + j * 11) % 13) as f64 - 4.0;
                if shared > 0.0 {
                    let mut p = pair(
                        &names[i],
                        &names[j],
                        shared,
                        (revs(i), revs(j)),
                        (i + j) % 4 == 0,
                    );
                    p.commits = vec![CommitRef {
                        id: format!(
                            "{:08x}{:032x}",
                            (i * 7919 + j * 104_729) * 2_654_435_761 % (1 << 32),
                            j
                        ),
                        date: "2025-05-02".into(),
                        subject: format!("Touch {} and {}", names[i], names[j]),
                    }];
                    pairs.push(p);
                }
            }
        }
        let mut s = sample();
        s.metrics.teams = teams;
        s.metrics.team_pairs = pairs;
        s.trend = Some(
            (1..=12)
                .map(|m| PeriodStats {
                    period: format!("2025-{m:02}"),
                    changes: 40 + m,
                    separability: if m == 7 {
                        None
                    } else {
                        Some(0.6 + (m as f64 * 0.025) - if m % 3 == 0 { 0.08 } else { 0.0 })
                    },
                    teams: Vec::new(),
                })
                .collect(),
        );
        std::fs::write(path, render(&s.report())).expect("write sample");
    };
    let few: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    write("/tmp/teamlint-sample.html", &few);
    let many: Vec<String> = (0..40).map(|i| format!("team-{i:02}-service")).collect();
    write("/tmp/teamlint-sample-40.html", &many);
}

#[test]
fn lead_time_draws_each_bucket_and_its_trend() {
    let s = sample();
    let html = render(&s.report());
    let buckets = svg(&html, "lead");
    // A median bar and a p90 bar per bucket with changes.
    let drawn = s
        .lead_time
        .by_teams
        .iter()
        .filter(|b| b.changes > 0)
        .count();
    assert_eq!(buckets.matches("<rect").count(), 2 * drawn);
    for b in ["1 team", "2 teams", "3+ teams"] {
        assert!(buckets.contains(b), "{b}");
    }
    let trend = svg(&html, "lead-trend");
    assert_eq!(trend.matches("<polyline").count(), 2);
    let headline = crate::audit::lead::headline(&s.lead_time).unwrap();
    assert!(html.contains(&shown(&headline)));
    // The proposed map's figures, side by side.
    assert!(html.contains("Proposed ownership: time to value"));
    assert!(html.contains("web&lt;&amp;&gt;"));
}

#[test]
fn a_period_of_few_changes_is_drawn_hollow_and_the_legend_says_so() {
    let mut s = sample();
    let html = render(&s.report());
    let trend = svg(&html, "trend");
    assert!(!trend.contains("pt thin"), "14 and 18 changes are not thin");
    // Only the lead-time legend speaks of thin periods (see below).
    assert_eq!(html.matches("read with care").count(), 1);
    if let Some(t) = s.trend.as_mut() {
        let mut just_begun = t[1].clone();
        just_begun.period = "2025-03".into();
        just_begun.changes = 2;
        just_begun.separability = Some(1.0);
        t.push(just_begun);
    }
    let html = render(&s.report());
    let trend = svg(&html, "trend");
    assert_eq!(trend.matches("class=\"pt\"").count(), 2);
    assert_eq!(trend.matches("class=\"pt thin\"").count(), 1);
    assert!(trend.contains("2025-03: separability 100% (2 changes)"));
    assert!(html.contains("fewer than 10 changes in the period: read with care"));
    assert_eq!(html.matches("read with care").count(), 2);
    // The lead-time lines: a month holds about ten landed changes, split
    // among the lines, so each of their points stands for fewer than ten.
    let lead = svg(&html, "lead-trend");
    assert!(lead.contains("class=\"pt thin\""));
    assert!(!lead.contains("class=\"pt\""));
}
