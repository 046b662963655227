//! The team graph, as inline SVG.

use super::*;

pub(super) fn graph(out: &mut String, doc: &AuditReport<'_>, teams: &Teams<'_>) {
    let n = teams.sorted.len();
    if n == 0 {
        out.push_str("<p class=\"note\">No team had a change in this window.</p>\n");
        return;
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

    let _ = writeln!(
        out,
        "<div class=\"chart\"><svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"team graph\">",
        w = num(width),
        h = num(height)
    );
    // Weakest edges first, so the strong ones are drawn on top.
    let mut edges: Vec<&TeamPair> = teams
        .pairs
        .values()
        .copied()
        .filter(|p| p.shared > 0.0)
        .collect();
    edges.sort_by(|a, b| a.degree.total_cmp(&b.degree));
    for p in edges {
        let (Some(&i), Some(&j)) = (index.get(p.a.as_str()), index.get(p.b.as_str())) else {
            continue;
        };
        if i == j {
            continue;
        }
        let (x1, y1, _, _) = nodes[i];
        let (x2, y2, _, _) = nodes[j];
        // Bend towards the centre so neighbours' edges stay apart.
        let cx = ((x1 + x2) / 2.0 + cx0) / 2.0;
        let cy = ((y1 + y2) / 2.0 + cy0) / 2.0;
        let (stroke, extra) = if p.declared {
            (DECLARED_EDGE, " stroke-dasharray=\"6 4\"")
        } else if doc.undeclared(p) {
            (UNDECLARED_EDGE, "")
        } else {
            (OTHER_EDGE, " stroke-opacity=\"0.55\"")
        };
        let width = (1.0 + 9.0 * finite(p.degree)).clamp(1.0, 10.0);
        let _ = writeln!(
            out,
            "<path class=\"edge\" d=\"M{} {} Q{} {} {} {}\" fill=\"none\" stroke=\"{stroke}\" \
             stroke-width=\"{}\" stroke-linecap=\"round\"{extra}><title>{}</title></path>",
            num(x1),
            num(y1),
            num(cx),
            num(cy),
            num(x2),
            num(y2),
            num(width),
            escape(&format!(
                "{} ↔ {}: degree {:.2}, {} shared changes{}",
                p.a,
                p.b,
                p.degree,
                count(p.shared),
                if p.declared { ", declared" } else { "" }
            ))
        );
    }
    for (i, t) in teams.sorted.iter().enumerate() {
        let (x, y, r, angle) = nodes[i];
        let fill = match t.separability {
            Some(s) => ramp(&GREENS, s),
            None => NO_SCORE.to_string(),
        };
        let _ = writeln!(
            out,
            "<circle class=\"node\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"#334155\" \
             stroke-width=\"1.5\"><title>{}</title></circle>",
            num(x),
            num(y),
            num(r),
            escape(&format!(
                "{}: {} changes, separability {}",
                t.name,
                count(t.revs),
                percent(t.separability)
            ))
        );
        let label = escape(&labels[i]);
        if n == 1 {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{font}\" text-anchor=\"middle\">{label}</text>",
                num(x),
                num(y + r + font + 4.0)
            );
            continue;
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
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{font}\" text-anchor=\"{anchor}\" \
                 dominant-baseline=\"central\">{label}</text>",
                num(lx),
                num(ly)
            );
        } else {
            // Many teams: radial labels, read left to right on both halves.
            let deg = angle.to_degrees();
            let (rot, anchor) = if cos >= -1e-9 {
                (deg, "start")
            } else {
                (deg + 180.0, "end")
            };
            let _ = writeln!(
                out,
                "<text transform=\"translate({},{}) rotate({})\" font-size=\"{font}\" \
                 text-anchor=\"{anchor}\" dominant-baseline=\"central\">{label}</text>",
                num(lx),
                num(ly),
                num(rot)
            );
        }
    }
    out.push_str("</svg></div>\n");
}

pub(super) fn graph_legend(out: &mut String, threshold: f64) {
    let _ = writeln!(
        out,
        "<div class=\"legend\">\
         <span>circle area: changes; fill: separability 0<span class=\"ramp\" style=\"background:{}\"></span>100%</span>\
         <span><span class=\"line\" style=\"border-top:3px solid {UNDECLARED_EDGE}\"></span>undeclared, degree ≥ {:.2}</span>\
         <span><span class=\"line\" style=\"border-top:3px dashed {DECLARED_EDGE}\"></span>declared <code>depends_on</code></span>\
         <span><span class=\"line\" style=\"border-top:3px solid {OTHER_EDGE};opacity:.55\"></span>other shared changes</span>\
         <span>edge width: degree</span>\
         </div>",
        css_gradient(&GREENS),
        threshold
    );
}
