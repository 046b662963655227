//! The team coupling heatmap, as inline SVG.

use super::*;

pub(super) fn heatmap(doc: &AuditReport<'_>, teams: &Teams<'_>) -> Markup {
    let n = teams.sorted.len();
    if n == 0 {
        return html! { p class="note" { "No team had a change in this window." } };
    }
    // Cells shrink with the team count but never below what a value fits in.
    let cell = (640.0 / n as f64).clamp(18.0, 56.0);
    let label_font = (cell * 0.42).clamp(9.0, 13.0);
    let value_font = (cell * 0.34).clamp(6.5, 13.0);
    let labels: Vec<String> = teams
        .sorted
        .iter()
        .map(|t| text::truncate(&t.name, 24))
        .collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let label_px = longest * label_font * 0.6;
    let left = label_px + 12.0;
    let top = label_px * 0.72 + 16.0;
    let grid = cell * n as f64;
    let (w, h) = (
        num(left + grid + label_px * 0.72 + 16.0),
        num(top + grid + 8.0),
    );
    let with_sign = cell >= 40.0;
    let flag = (cell * 0.06).clamp(1.5, 2.5);
    let s = num(cell);
    html! {
        div class="chart" {
            svg class="heatmap" xmlns="http://www.w3.org/2000/svg" width=(w) height=(h)
                viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="team coupling heatmap" {
                @for (i, (label, t)) in labels.iter().zip(&teams.sorted).enumerate() {
                    text x=(num(left - 6.0)) y=(num(top + cell * (i as f64 + 0.5)))
                        font-size=(num(label_font)) text-anchor="end" dominant-baseline="central" {
                        title { (Shown(&t.name)) }
                        (Shown(label))
                    }
                    text transform={
                        "translate(" (num(left + cell * (i as f64 + 0.5))) "," (num(top - 6.0))
                        ") rotate(-45)"
                    } font-size=(num(label_font)) {
                        title { (Shown(&t.name)) }
                        (Shown(label))
                    }
                }
                @for (i, row) in teams.sorted.iter().enumerate() {
                    @for (j, col) in teams.sorted.iter().enumerate() {
                        @let x = left + cell * j as f64;
                        @let y = top + cell * i as f64;
                        @let c = heat_cell(doc, teams, row, col, i == j, with_sign);
                        rect class="hm-cell" x=(num(x)) y=(num(y)) width=(s) height=(s)
                            fill=(c.fill) stroke="#fff" stroke-width="1" {
                            title { (Shown(&c.title)) }
                        }
                        text x=(num(x + cell / 2.0)) y=(num(y + cell / 2.0))
                            font-size=(num(value_font))
                            text-anchor="middle" dominant-baseline="central" fill=(c.ink)
                            pointer-events="none" { (c.text) }
                        @if c.flagged {
                            @let side = num(cell - 2.0 * flag);
                            rect class="hm-flag" x=(num(x + flag)) y=(num(y + flag)) width=(side)
                                height=(side) fill="none" stroke=(FLAG) stroke-width=(num(flag))
                                pointer-events="none" {}
                        }
                        @if c.declared {
                            circle class="hm-declared" cx=(num(x + cell - cell * 0.16))
                                cy=(num(y + cell * 0.16)) r=(num((cell * 0.09).max(2.5)))
                                fill=(DECLARED) stroke="#fff" stroke-width="1"
                                pointer-events="none" {}
                        }
                    }
                }
            }
        }
    }
}

pub(super) struct HeatCell {
    fill: String,
    ink: &'static str,
    text: String,
    title: String,
    flagged: bool,
    declared: bool,
}

pub(super) fn heat_cell(
    doc: &AuditReport<'_>,
    teams: &Teams<'_>,
    row: &TeamStats,
    col: &TeamStats,
    diagonal: bool,
    with_sign: bool,
) -> HeatCell {
    let value = |v: f64| {
        let p = format!("{:.0}", (finite(v) * 100.0).clamp(0.0, 100.0));
        if with_sign {
            p + "%"
        } else {
            p
        }
    };
    if diagonal {
        return match row.separability {
            Some(s) => HeatCell {
                fill: ramp(&GREENS, s),
                ink: ink(s),
                text: value(s),
                title: format!(
                    "{}: separability {} ({} changes, {} touched another team)",
                    row.name,
                    percent(Some(s)),
                    count(row.revs),
                    count(row.cross_team)
                ),
                flagged: false,
                declared: false,
            },
            None => HeatCell {
                fill: NO_SCORE.to_string(),
                ink: "#6b7280",
                text: "—".to_string(),
                title: format!(
                    "{}: not enough history ({} changes, min_revs {})",
                    row.name,
                    count(row.revs),
                    doc.min_revs
                ),
                flagged: false,
                declared: false,
            },
        };
    }
    match teams.pair(&row.name, &col.name) {
        Some(p) if p.scored => {
            let (conf_rc, conf_cr) = if p.a == row.name {
                (p.confidence_ab, p.confidence_ba)
            } else {
                (p.confidence_ba, p.confidence_ab)
            };
            HeatCell {
                fill: ramp(&REDS, p.degree),
                ink: ink(p.degree),
                text: value(p.degree),
                title: format!(
                    "{} ↔ {}: degree {:.2}, {} shared changes, confidence {} → {} {:.2}, \
                     {} → {} {:.2}{}",
                    row.name,
                    col.name,
                    p.degree,
                    count(p.shared),
                    row.name,
                    col.name,
                    conf_rc,
                    col.name,
                    row.name,
                    conf_cr,
                    if p.declared {
                        ", declared"
                    } else if doc.undeclared(p) {
                        ", undeclared and above the threshold"
                    } else {
                        ", undeclared"
                    }
                ),
                flagged: doc.undeclared(p),
                declared: p.declared,
            }
        }
        Some(p) => HeatCell {
            fill: NO_SCORE.to_string(),
            ink: "#6b7280",
            text: "—".to_string(),
            title: format!(
                "{} ↔ {}: not enough history ({} shared changes, min_revs {})",
                row.name,
                col.name,
                count(p.shared),
                doc.min_revs
            ),
            flagged: false,
            declared: p.declared,
        },
        None if row.separability.is_some() && col.separability.is_some() => HeatCell {
            fill: "#ffffff".to_string(),
            ink: "#9ca3af",
            text: "0".to_string(),
            title: format!("{} ↔ {}: no shared change", row.name, col.name),
            flagged: false,
            declared: false,
        },
        None => HeatCell {
            fill: NO_SCORE.to_string(),
            ink: "#6b7280",
            text: "—".to_string(),
            title: format!(
                "{} ↔ {}: no shared change, not enough history to score",
                row.name, col.name
            ),
            flagged: false,
            declared: false,
        },
    }
}

pub(super) fn heatmap_legend(threshold: f64) -> Markup {
    html! {
        div class="legend" {
            span {
                "coupling degree 0"
                span class="ramp" style={ "background:" (css_gradient(&REDS)) } {}
                "1"
            }
            span {
                "team separability (diagonal) 0"
                span class="ramp" style={ "background:" (css_gradient(&GREENS)) } {}
                "100%"
            }
            span {
                span class="swatch" style={
                    "outline:2.5px solid " (FLAG) ";outline-offset:-3px;background:"
                    (ramp(&REDS, 0.5))
                } {}
                "undeclared, degree ≥ " (format!("{threshold:.2}"))
                " (" code { "team_threshold" } ")"
            }
            span {
                span class="swatch" style="background:#fff;position:relative" {
                    span style={
                        "position:absolute;right:1px;top:1px;width:6px;height:6px;\
                         border-radius:3px;background:" (DECLARED)
                    } {}
                }
                "declared " code { "depends_on" }
            }
            span {
                span class="swatch" style={ "background:" (NO_SCORE) } {}
                "— not enough history"
            }
        }
    }
}
