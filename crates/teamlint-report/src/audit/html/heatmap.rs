//! The team coupling heatmap, as inline SVG.

use super::*;

pub(super) fn heatmap(out: &mut String, doc: &AuditReport<'_>, teams: &Teams<'_>) {
    let n = teams.sorted.len();
    if n == 0 {
        out.push_str("<p class=\"note\">No team had a change in this window.</p>\n");
        return;
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
    let width = left + grid + label_px * 0.72 + 16.0;
    let height = top + grid + 8.0;
    let _ = writeln!(
        out,
        "<div class=\"chart\"><svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"team coupling heatmap\">",
        w = num(width),
        h = num(height)
    );
    for (i, label) in labels.iter().enumerate() {
        let name = &teams.sorted[i].name;
        let y = top + cell * (i as f64 + 0.5);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"end\" dominant-baseline=\"central\">\
             <title>{}</title>{}</text>",
            num(left - 6.0),
            num(y),
            num(label_font),
            escape(name),
            escape(label)
        );
        let x = left + cell * (i as f64 + 0.5);
        let _ = writeln!(
            out,
            "<text transform=\"translate({},{}) rotate(-45)\" font-size=\"{}\">\
             <title>{}</title>{}</text>",
            num(x),
            num(top - 6.0),
            num(label_font),
            escape(name),
            escape(label)
        );
    }
    let with_sign = cell >= 40.0;
    let flag = (cell * 0.06).clamp(1.5, 2.5);
    for (i, row) in teams.sorted.iter().enumerate() {
        for (j, col) in teams.sorted.iter().enumerate() {
            let x = left + cell * j as f64;
            let y = top + cell * i as f64;
            let c = heat_cell(doc, teams, row, col, i == j, with_sign);
            let _ = writeln!(
                out,
                "<rect class=\"hm-cell\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" fill=\"{}\" \
                 stroke=\"#fff\" stroke-width=\"1\"><title>{}</title></rect>",
                num(x),
                num(y),
                c.fill,
                escape(&c.title),
                s = num(cell)
            );
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" \
                 dominant-baseline=\"central\" fill=\"{}\" pointer-events=\"none\">{}</text>",
                num(x + cell / 2.0),
                num(y + cell / 2.0),
                num(value_font),
                c.ink,
                escape(&c.text)
            );
            if c.flagged {
                let _ = writeln!(
                    out,
                    "<rect class=\"hm-flag\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" \
                     fill=\"none\" stroke=\"{FLAG}\" stroke-width=\"{}\" pointer-events=\"none\"/>",
                    num(x + flag),
                    num(y + flag),
                    num(flag),
                    s = num(cell - 2.0 * flag)
                );
            }
            if c.declared {
                let _ = writeln!(
                    out,
                    "<circle class=\"hm-declared\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{DECLARED}\" \
                     stroke=\"#fff\" stroke-width=\"1\" pointer-events=\"none\"/>",
                    num(x + cell - cell * 0.16),
                    num(y + cell * 0.16),
                    num((cell * 0.09).max(2.5))
                );
            }
        }
    }
    out.push_str("</svg></div>\n");
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

pub(super) fn heatmap_legend(out: &mut String, threshold: f64) {
    let _ = writeln!(
        out,
        "<div class=\"legend\">\
         <span>coupling degree 0<span class=\"ramp\" style=\"background:{}\"></span>1</span>\
         <span>team separability (diagonal) 0<span class=\"ramp\" style=\"background:{}\"></span>100%</span>\
         <span><span class=\"swatch\" style=\"outline:2.5px solid {FLAG};outline-offset:-3px;background:{}\"></span>\
         undeclared, degree ≥ {:.2} (<code>team_threshold</code>)</span>\
         <span><span class=\"swatch\" style=\"background:#fff;position:relative\">\
         <span style=\"position:absolute;right:1px;top:1px;width:6px;height:6px;border-radius:3px;background:{DECLARED}\"></span>\
         </span>declared <code>depends_on</code></span>\
         <span><span class=\"swatch\" style=\"background:{NO_SCORE}\"></span>— not enough history</span>\
         </div>",
        css_gradient(&REDS),
        css_gradient(&GREENS),
        ramp(&REDS, 0.5),
        threshold
    );
}
