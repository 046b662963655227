//! The team graph, as inline SVG.

use super::*;

pub(super) fn graph(doc: &AuditReport<'_>, teams: &Teams<'_>) -> Markup {
    let n = teams.sorted.len();
    if n == 0 {
        return html! { p class="note" { "No team had a change in this window." } };
    }
    let font = 11.0;
    let labels: Vec<String> = teams
        .sorted
        .iter()
        .map(|t| text::truncate(&t.name, 22))
        .collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let label_px = longest * font * 0.6;
    let ring = if n == 1 {
        0.0
    } else {
        (n as f64 * 18.0).clamp(160.0, 300.0)
    };
    let spacing = if n == 1 {
        f64::INFINITY
    } else {
        2.0 * PI * ring / n as f64
    };
    let r_max = (spacing * 0.42).clamp(5.0, 26.0);
    let r_min = (r_max * 0.3).max(3.0);
    // Horizontal labels (few teams) need room only at the sides; radial
    // ones all around.
    let margin_x = r_max + 8.0 + label_px + 10.0;
    let margin_y = if n <= 12 {
        r_max + 8.0 + 2.0 * font
    } else {
        margin_x
    };
    let (width, height) = (2.0 * (ring + margin_x), 2.0 * (ring + margin_y));
    let (cx0, cy0) = (width / 2.0, height / 2.0);
    let max_revs = teams.sorted.iter().map(|t| t.revs).fold(0.0_f64, f64::max);
    // Deterministic: by name, clockwise from twelve o'clock.
    let nodes: Vec<(f64, f64, f64, f64)> = teams
        .sorted
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let angle = -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
            let r = if max_revs > 0.0 && t.revs.is_finite() {
                r_min + (r_max - r_min) * (t.revs.max(0.0) / max_revs).sqrt()
            } else {
                r_min
            };
            (cx0 + ring * angle.cos(), cy0 + ring * angle.sin(), r, angle)
        })
        .collect();
    let index: BTreeMap<&str, usize> = teams
        .sorted
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();

    // Weakest edges first, so the strong ones are drawn on top.
    let mut edges: Vec<&TeamPair> = teams
        .pairs
        .values()
        .copied()
        .filter(|p| p.shared > 0.0)
        .collect();
    edges.sort_by(|a, b| a.degree.total_cmp(&b.degree));
    let (w, h) = (num(width), num(height));
    html! {
        div class="chart" {
            svg class="graph" xmlns="http://www.w3.org/2000/svg" width=(w) height=(h)
                viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="team graph" {
                @for p in edges {
                    @let ends = (index.get(p.a.as_str()), index.get(p.b.as_str()));
                    @if let (Some(&i), Some(&j)) = ends {
                        @if i != j {
                            (edge(doc, p, nodes[i], nodes[j], (cx0, cy0)))
                        }
                    }
                }
                @for (i, t) in teams.sorted.iter().enumerate() {
                    (node(t, &labels[i], nodes[i], n, font))
                }
            }
        }
    }
}

/// One edge of the graph, bent towards the centre `c0` so that
/// neighbours' edges stay apart.
fn edge(
    doc: &AuditReport<'_>,
    p: &TeamPair,
    (x1, y1, _, _): (f64, f64, f64, f64),
    (x2, y2, _, _): (f64, f64, f64, f64),
    (cx0, cy0): (f64, f64),
) -> Markup {
    let cx = ((x1 + x2) / 2.0 + cx0) / 2.0;
    let cy = ((y1 + y2) / 2.0 + cy0) / 2.0;
    let (stroke, dash, opacity) = if p.declared {
        (DECLARED_EDGE, Some("6 4"), None)
    } else if doc.undeclared(p) {
        (UNDECLARED_EDGE, None, None)
    } else {
        (OTHER_EDGE, None, Some("0.55"))
    };
    let width = (1.0 + 9.0 * finite(p.degree)).clamp(1.0, 10.0);
    let title = format!(
        "{} ↔ {}: degree {:.2}, {} shared changes{}",
        p.a,
        p.b,
        p.degree,
        count(p.shared),
        if p.declared { ", declared" } else { "" }
    );
    html! {
        path class="edge"
            d={
                "M" (num(x1)) " " (num(y1)) " Q" (num(cx)) " " (num(cy)) " " (num(x2)) " "
                (num(y2))
            }
            fill="none" stroke=(stroke) stroke-width=(num(width)) stroke-linecap="round"
            stroke-dasharray=[dash] stroke-opacity=[opacity] {
            title { (Shown(title)) }
        }
    }
}

/// A team's circle and its label: under it for a lone team, beside it for
/// a few, radial for many.
fn node(
    t: &TeamStats,
    label: &str,
    (x, y, r, angle): (f64, f64, f64, f64),
    n: usize,
    font: f64,
) -> Markup {
    let fill = match t.separability {
        Some(s) => ramp(&GREENS, s),
        None => NO_SCORE.to_string(),
    };
    let title = format!(
        "{}: {} changes, separability {}",
        t.name,
        count(t.revs),
        percent(t.separability)
    );
    let circle = html! {
        circle class="node" cx=(num(x)) cy=(num(y)) r=(num(r)) fill=(fill) stroke="#334155"
            stroke-width="1.5" {
            title { (Shown(title)) }
        }
    };
    if n == 1 {
        return html! {
            (circle)
            text x=(num(x)) y=(num(y + r + font + 4.0)) font-size=(font) text-anchor="middle" {
                (Shown(label))
            }
        };
    }
    let (cos, sin) = (angle.cos(), angle.sin());
    let lx = x + (r + 6.0) * cos;
    let ly = y + (r + 6.0) * sin;
    if n <= 12 {
        let anchor = if cos > 0.3 {
            "start"
        } else if cos < -0.3 {
            "end"
        } else {
            "middle"
        };
        let ly = if sin > 0.3 {
            ly + font * 0.8
        } else if sin < -0.3 {
            ly - 2.0
        } else {
            ly
        };
        return html! {
            (circle)
            text x=(num(lx)) y=(num(ly)) font-size=(font) text-anchor=(anchor)
                dominant-baseline="central" { (Shown(label)) }
        };
    }
    // Many teams: radial labels, read left to right on both halves.
    let deg = angle.to_degrees();
    let (rot, anchor) = if cos >= -1e-9 {
        (deg, "start")
    } else {
        (deg + 180.0, "end")
    };
    html! {
        (circle)
        text transform={ "translate(" (num(lx)) "," (num(ly)) ") rotate(" (num(rot)) ")" }
            font-size=(font) text-anchor=(anchor) dominant-baseline="central" { (Shown(label)) }
    }
}

pub(super) fn graph_legend(threshold: f64) -> Markup {
    html! {
        div class="legend" {
            span {
                "circle area: changes; fill: separability 0"
                span class="ramp" style={ "background:" (css_gradient(&GREENS)) } {}
                "100%"
            }
            span {
                span class="line" style={ "border-top:3px solid " (UNDECLARED_EDGE) } {}
                "undeclared, degree ≥ " (format!("{threshold:.2}"))
            }
            span {
                span class="line" style={ "border-top:3px dashed " (DECLARED_EDGE) } {}
                "declared " code { "depends_on" }
            }
            span {
                span class="line" style={ "border-top:3px solid " (OTHER_EDGE) ";opacity:.55" } {}
                "other shared changes"
            }
            span { "edge width: degree" }
        }
    }
}
