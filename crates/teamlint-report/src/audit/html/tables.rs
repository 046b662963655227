//! The tables behind the pictures, and the comparison with a proposed map.

use super::*;

pub(super) fn teams_table(m: &Metrics) -> Markup {
    if m.teams.is_empty() {
        return section(
            "teams",
            "Least separable teams",
            html! { p class="note" { "No team had a change in this window." } },
        );
    }
    let rows = least_separable(m);
    let people = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |_| percent(x));
    section(
        "teams",
        "Least separable teams",
        html! {
            table {
                (table_head(&[
                    ("team", TEXT),
                    ("changes", NUMBER),
                    ("separability", NUMBER),
                    ("cross-team changes", NUMBER),
                    ("leader focus", NUMBER),
                    ("cohesion", NUMBER),
                ]))
                tbody {
                    @for t in rows.iter().take(MAX_ROWS) {
                        @let low = t.separability.is_some_and(|s| s < LOW_SEPARABILITY);
                        tr class=[low.then_some("low")] {
                            td { (Shown(&t.name)) }
                            td class="n" { (count(t.revs)) }
                            td class=(if low { "n bad" } else { "n" }) {
                                @match t.separability {
                                    Some(_) => (percent(t.separability)),
                                    None => span title="not enough history" {
                                        "— not enough history"
                                    },
                                }
                            }
                            td class="n" { (count(t.cross_team)) }
                            td class="n" { (people(t.people.leader_focus)) }
                            td class="n" { (people(t.people.cohesion)) }
                        }
                    }
                }
            }
            (more(rows.len(), MAX_ROWS))
        },
    )
}

pub(super) fn team_pairs_table(doc: &AuditReport<'_>) -> Markup {
    let pairs = coupled_team_pairs(doc.metrics);
    if pairs.is_empty() {
        return html! {};
    }
    section(
        "team-pairs",
        "Coupled team pairs",
        html! {
            table {
                (table_head(&[
                    ("team a", TEXT),
                    ("team b", TEXT),
                    ("shared", NUMBER),
                    ("degree", NUMBER),
                    ("confidence a→b / b→a", NUMBER),
                    ("declared", TEXT),
                    ("recent commits", TEXT),
                ]))
                tbody {
                    @for p in pairs.iter().take(MAX_ROWS) {
                        tr {
                            td { (Shown(&p.a)) }
                            td { (Shown(&p.b)) }
                            td class="n" { (count(p.shared)) }
                            td class=(if doc.undeclared(p) { "n bad" } else { "n" }) {
                                @if p.scored {
                                    (format!("{:.2}", p.degree))
                                } @else {
                                    span title="not enough history" { "—" }
                                }
                            }
                            td class="n" {
                                (format!("{:.2} / {:.2}", p.confidence_ab, p.confidence_ba))
                            }
                            td { (if p.declared { "✓ declared" } else { "✗" }) }
                            td { (commits(&p.commits)) }
                        }
                    }
                }
            }
            (more(pairs.len(), MAX_ROWS))
        },
    )
}

pub(super) fn file_pairs_table(m: &Metrics) -> Markup {
    let pairs = cross_team_file_pairs(m);
    if pairs.is_empty() {
        return section(
            "file-pairs",
            "Top cross-team file pairs",
            html! {
                p class="note" {
                    "No pair of files owned by different teams changed together often enough \
                     to report."
                }
            },
        );
    }
    let team = |t: &Option<String>| match t {
        Some(t) => html! { (Shown(t)) },
        None => html! { i { "unowned" } },
    };
    section(
        "file-pairs",
        "Top cross-team file pairs",
        html! {
            table {
                (table_head(&[
                    ("file a", TEXT),
                    ("file b", TEXT),
                    ("teams", TEXT),
                    ("shared", NUMBER),
                    ("degree", NUMBER),
                    ("confidence a→b / b→a", NUMBER),
                    ("recent commits", TEXT),
                ]))
                tbody {
                    @for p in pairs.iter().take(MAX_ROWS) {
                        tr {
                            td { code { (Shown(&p.a)) } }
                            td { code { (Shown(&p.b)) } }
                            td { (team(&p.a_team)) " ↔ " (team(&p.b_team)) }
                            td class="n" { (count(p.shared)) }
                            td class="n" { (format!("{:.2}", p.degree)) }
                            td class="n" {
                                (format!("{:.2} / {:.2}", p.confidence_ab, p.confidence_ba))
                            }
                            td { (commits(&p.commits)) }
                        }
                    }
                }
            }
            (more(pairs.len(), MAX_ROWS))
        },
    )
}

pub(super) fn findings_table(doc: &AuditReport<'_>) -> Markup {
    if doc.findings.is_empty() {
        return section(
            "findings",
            "Findings",
            html! { p class="note" { "No findings." } },
        );
    }
    section(
        "findings",
        "Findings",
        html! {
            table {
                (table_head(&[("severity", TEXT), ("rule", TEXT), ("finding", TEXT)]))
                tbody {
                    @for f in doc.findings.iter().take(MAX_FINDINGS) {
                        @let class = match f.severity {
                            Severity::Error => "sev error",
                            _ => "sev warning",
                        };
                        tr {
                            td { span class=(class) { (f.severity) } }
                            td { code { (Shown(f.rule.name())) } }
                            td {
                                (Shown(&f.message))
                                @if let Some(p) = &f.path {
                                    " " code { (Shown(p)) }
                                }
                                @if let Some(h) = &f.help {
                                    br;
                                    span class="help" { "help: " (Shown(h)) }
                                }
                            }
                        }
                    }
                }
            }
            (more(doc.findings.len(), MAX_FINDINGS))
        },
    )
}

pub(super) fn compare_tables(today: &Metrics, proposed: &Metrics, label: &str) -> Markup {
    let no_team = || html! { span class="note" { "no such team" } };
    let share = |x: Option<Option<f64>>| match x {
        Some(x) => html! { (percent(x)) },
        None => no_team(),
    };
    let degree = |x: Option<f64>| match x {
        Some(d) => html! { (format!("{d:.2}")) },
        None => no_team(),
    };
    let rows = pair_deltas(today, proposed);
    section(
        "compare",
        "Proposed ownership",
        html! {
            p class="note" {
                "The same history under " code { (Shown(label)) } ". Separability up and \
                 coupling down are improvements."
            }
            h3 { "Separability" }
            table {
                (table_head(&[
                    ("team", TEXT),
                    ("today", NUMBER),
                    ("proposed", NUMBER),
                    ("Δ", NUMBER),
                ]))
                tbody {
                    tr {
                        td { strong { "repository" } }
                        td class="n" { (percent(today.separability)) }
                        td class="n" { (percent(proposed.separability)) }
                        td class="n" { (delta_pp(today.separability, proposed.separability)) }
                    }
                    @for t in team_deltas(today, proposed) {
                        tr {
                            td { (Shown(t.name)) }
                            td class="n" { (share(t.today)) }
                            td class="n" { (share(t.proposed)) }
                            td class="n" { (delta_pp(t.today.flatten(), t.proposed.flatten())) }
                        }
                    }
                }
            }
            h3 { "Team pair coupling" }
            @if rows.is_empty() {
                p class="note" { "No two teams share a change under either map." }
            } @else {
                table {
                    (table_head(&[
                        ("team a", TEXT),
                        ("team b", TEXT),
                        ("degree today", NUMBER),
                        ("proposed", NUMBER),
                        ("Δ", NUMBER),
                    ]))
                    tbody {
                        @for r in rows.iter().take(MAX_ROWS) {
                            tr {
                                td { (Shown(r.a)) }
                                td { (Shown(r.b)) }
                                td class="n" { (degree(r.today)) }
                                td class="n" { (degree(r.proposed)) }
                                td class="n" {
                                    @match (r.today, r.proposed) {
                                        (Some(b), Some(a)) => (delta_degree(b, a)),
                                        _ => "—",
                                    }
                                }
                            }
                        }
                    }
                }
                (more(rows.len(), MAX_ROWS))
            }
        },
    )
}
