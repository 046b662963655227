//! Time to value on the page: the headline, the lead time by teams touched
//! (median and p90 bars, as inline SVG), its trend per period, and the
//! per-team table.

use super::*;
use crate::audit::lead;
use teamlint_core::metrics::{LeadTime, PeriodLead};

const SINGLE: &str = "#2563eb";
const CROSS: &str = "#dc2626";
const P90: &str = "#fecaca";
const P90_SINGLE: &str = "#bfdbfe";

pub(super) fn lead_time_section(out: &mut String, lt: &LeadTime) {
    section_start(out, "lead-time", "Time to value");
    let _ = writeln!(
        out,
        "<p class=\"note\">Lead time of a landed change: when it landed on the main line (its \
         committer time) minus the earliest author time of the commits it brought (a merge's \
         branch, a squashed pull request's commits). Teams touched: the single owners, today, of \
         the files it changed.</p>"
    );
    if let Some(h) = lead::headline(lt) {
        let _ = writeln!(
            out,
            "<p class=\"headline\"><strong>{}</strong></p>",
            escape(&h)
        );
    }
    if let Some(s) = lead::size_matched(lt) {
        let _ = writeln!(out, "<p>{}</p>", escape(&s));
    }
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&lead::counts(lt)));
    buckets_chart(out, lt);
    if !lt.periods.is_empty() {
        trend(out, &lt.periods);
    }
    let teams: Vec<_> = lt.teams.iter().filter(|t| t.changes > 0).collect();
    if !teams.is_empty() {
        out.push_str(
            "<table><thead><tr><th>team</th><th class=\"n\">landed changes</th>\
             <th class=\"n\">median</th><th class=\"n\">p90</th></tr></thead><tbody>\n",
        );
        for t in teams.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td></tr>",
                escape(&t.name),
                t.changes,
                escape(&lead::hours(t.median_hours)),
                escape(&lead::hours(t.p90_hours))
            );
        }
        out.push_str("</tbody></table>\n");
        more(out, teams.len(), MAX_ROWS);
    }
    out.push_str("</section>\n");
}

/// One row per number of teams touched: a light bar to the p90 and a dark
/// one to the median, on one hour scale.
fn buckets_chart(out: &mut String, lt: &LeadTime) {
    let top = lt
        .by_teams
        .iter()
        .filter_map(|b| b.p90_hours.or(b.median_hours))
        .map(finite)
        .fold(0.0_f64, f64::max);
    if top <= 0.0 {
        return;
    }
    let (w, row, ml, mr, mt) = (760.0, 44.0, 80.0, 250.0, 24.0);
    let h = mt + row * lt.by_teams.len() as f64 + 30.0;
    let pw = w - ml - mr;
    let x = |v: f64| ml + pw * (finite(v).max(0.0) / top).min(1.0);
    let _ = writeln!(
        out,
        "<div class=\"chart\"><svg class=\"lead\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"lead time by teams touched\">"
    );
    for k in 0..=4 {
        let v = top * k as f64 / 4.0;
        let _ = writeln!(
            out,
            "<line x1=\"{gx}\" x2=\"{gx}\" y1=\"{mt}\" y2=\"{}\" stroke=\"#e5e7eb\"/>\
             <text x=\"{gx}\" y=\"{}\" font-size=\"11\" fill=\"#6b7280\" \
             text-anchor=\"middle\">{}</text>",
            num(h - 26.0),
            num(h - 10.0),
            escape(&lead::hours(Some(v))),
            gx = num(x(v))
        );
    }
    for (i, b) in lt.by_teams.iter().enumerate() {
        let y0 = mt + row * i as f64;
        let (dark, light) = if b.teams == "1" {
            (SINGLE, P90_SINGLE)
        } else {
            (CROSS, P90)
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#111827\" text-anchor=\"end\" \
             dominant-baseline=\"central\">{} team{}</text>",
            num(ml - 10.0),
            num(y0 + row / 2.0 - 4.0),
            b.teams,
            if b.teams == "1" { "" } else { "s" }
        );
        let tip = format!(
            "{} team(s): {} landed changes, median {}, p90 {}",
            b.teams,
            b.changes,
            lead::hours(b.median_hours),
            lead::hours(b.p90_hours)
        );
        if let Some(p) = b.p90_hours {
            let _ = writeln!(
                out,
                "<rect x=\"{ml}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"{light}\">\
                 <title>{}</title></rect>",
                num(y0 + 4.0),
                num(x(p) - ml),
                escape(&tip)
            );
        }
        if let Some(m) = b.median_hours {
            let _ = writeln!(
                out,
                "<rect x=\"{ml}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"{dark}\">\
                 <title>{}</title></rect>",
                num(y0 + 4.0),
                num((x(m) - ml).max(1.0)),
                escape(&tip)
            );
        }
        let label = match b.median_hours {
            Some(_) => format!(
                "median {} · p90 {} · {} landed",
                lead::hours(b.median_hours),
                lead::hours(b.p90_hours),
                b.changes
            ),
            None => "no change".to_string(),
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#374151\" \
             dominant-baseline=\"central\">{}</text>",
            num(ml + pw + 8.0),
            num(y0 + 15.0),
            escape(&label)
        );
    }
    out.push_str("</svg></div>\n");
    let _ = writeln!(
        out,
        "<div class=\"legend\"><span><span class=\"swatch\" style=\"background:{SINGLE}\"></span>\
         median, one team</span><span><span class=\"swatch\" style=\"background:{CROSS}\"></span>\
         median, 2+ teams</span><span><span class=\"swatch\" style=\"background:{P90}\"></span>\
         p90</span></div>"
    );
}

/// Median lead time per period: one line for single-team changes, one for
/// changes that touch 2+ teams.
fn trend(out: &mut String, periods: &[PeriodLead]) {
    let single = |p: &PeriodLead| p.by_teams.first().and_then(|b| b.median_hours);
    let cross = |p: &PeriodLead| p.ratio.as_ref().map(|r| r.cross_team_hours);
    let top = periods
        .iter()
        .flat_map(|p| [single(p), cross(p)])
        .flatten()
        .map(finite)
        .fold(0.0_f64, f64::max);
    if top <= 0.0 {
        return;
    }
    let (w, h) = (760.0, 260.0);
    let frame = super::trend::PeriodFrame::new(periods.len(), w, h, 60.0);
    let x = |i: usize| frame.x(i);
    let y = |v: f64| frame.y(finite(v) / top);
    let _ = writeln!(
        out,
        "<div class=\"chart\"><svg class=\"lead-trend\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"median lead time per period\">"
    );
    frame.grid(out, |k| escape(&lead::hours(Some(top * k as f64 / 4.0))));
    for (colour, value) in [
        (SINGLE, &single as &dyn Fn(&PeriodLead) -> Option<f64>),
        (CROSS, &cross),
    ] {
        let points: Vec<String> = periods
            .iter()
            .enumerate()
            .filter_map(|(i, p)| value(p).map(|v| format!("{},{}", num(x(i)), num(y(v)))))
            .collect();
        if points.len() > 1 {
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" \
                 stroke-linejoin=\"round\"/>",
                points.join(" ")
            );
        }
        for (i, p) in periods.iter().enumerate() {
            if let Some(v) = value(p) {
                let tip = format!(
                    "{}: median {} ({} landed changes; ratio {})",
                    p.period,
                    lead::hours(Some(v)),
                    p.measured,
                    p.ratio
                        .as_ref()
                        .map_or("—".into(), |r| lead::times(r.value))
                );
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\" stroke=\"#fff\" \
                     stroke-width=\"1.5\"><title>{}</title></circle>",
                    num(x(i)),
                    num(y(v)),
                    escape(&tip)
                );
            }
        }
    }
    for (i, p) in periods.iter().enumerate() {
        frame.period_label(out, i, &p.period);
    }
    out.push_str("</svg></div>\n");
    let _ = writeln!(
        out,
        "<div class=\"legend\"><span><span class=\"line\" style=\"border-top:3px solid {SINGLE}\">\
         </span>median lead time, one team</span><span><span class=\"line\" \
         style=\"border-top:3px solid {CROSS}\"></span>median lead time, 2+ teams</span></div>"
    );
}

/// The lead-time figures of the same landed changes under a second map.
pub(super) fn lead_compare(out: &mut String, today: &LeadTime, proposed: &LeadTime) {
    section_start(out, "compare-lead", "Proposed ownership: time to value");
    out.push_str(
        "<p class=\"note\">The same landed changes, their teams counted under the proposed map.</p>\n<table>\n<thead><tr><th>teams touched</th>\
         <th class=\"n\">changes today</th><th class=\"n\">proposed</th>\
         <th class=\"n\">median today</th><th class=\"n\">proposed</th></tr></thead>\n<tbody>\n",
    );
    for (a, b) in today.by_teams.iter().zip(&proposed.by_teams) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            a.teams,
            a.changes,
            b.changes,
            escape(&lead::hours(a.median_hours)),
            escape(&lead::hours(b.median_hours))
        );
    }
    let _ = writeln!(
        out,
        "<tr><td><strong>cross-team / single-team</strong></td><td></td><td></td>\
         <td class=\"n\" colspan=\"2\">{}</td></tr>",
        escape(&lead::ratio_change(today, proposed))
    );
    out.push_str("</tbody></table>\n</section>\n");
}
