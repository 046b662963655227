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

pub(super) fn lead_time_section(lt: &LeadTime) -> Markup {
    let teams: Vec<_> = lt.teams.iter().filter(|t| t.changes > 0).collect();
    section(
        "lead-time",
        "Time to value",
        html! {
            p class="note" {
                "Lead time of a landed change: when it landed on the main line (its committer \
                 time) minus the earliest author time of the commits it brought (a merge's \
                 branch, a squashed pull request's commits). Teams touched: the single owners, \
                 today, of the files it changed."
            }
            @if let Some(h) = lead::headline(lt) {
                p class="headline" { strong { (Shown(h)) } }
            }
            @if let Some(s) = lead::size_matched(lt) {
                p { (Shown(s)) }
            }
            p class="note" { (Shown(lead::counts(lt))) }
            (buckets_chart(lt))
            @if !lt.periods.is_empty() {
                (trend(&lt.periods))
            }
            @if !teams.is_empty() {
                table {
                    (table_head(&[
                        ("team", TEXT),
                        ("landed changes", NUMBER),
                        ("median", NUMBER),
                        ("p90", NUMBER),
                    ]))
                    tbody {
                        @for t in teams.iter().take(MAX_ROWS) {
                            tr {
                                td { (Shown(&t.name)) }
                                td class="n" { (t.changes) }
                                td class="n" { (lead::hours(t.median_hours)) }
                                td class="n" { (lead::hours(t.p90_hours)) }
                            }
                        }
                    }
                }
                (more(teams.len(), MAX_ROWS))
            }
        },
    )
}

/// One row per number of teams touched: a light bar to the p90 and a dark
/// one to the median, on one hour scale.
fn buckets_chart(lt: &LeadTime) -> Markup {
    let top = lt
        .by_teams
        .iter()
        .filter_map(|b| b.p90_hours.or(b.median_hours))
        .map(finite)
        .fold(0.0_f64, f64::max);
    if top <= 0.0 {
        return html! {};
    }
    let (w, row, ml, mr, mt) = (760.0, 44.0, 80.0, 250.0, 24.0);
    let h = mt + row * lt.by_teams.len() as f64 + 30.0;
    let pw = w - ml - mr;
    let x = |v: f64| ml + pw * (finite(v).max(0.0) / top).min(1.0);
    html! {
        div class="chart" {
            svg class="lead" xmlns="http://www.w3.org/2000/svg" width=(w) height=(h)
                viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="lead time by teams touched" {
                @for k in 0..=4 {
                    @let v = top * k as f64 / 4.0;
                    @let gx = num(x(v));
                    line x1=(gx) x2=(gx) y1=(mt) y2=(num(h - 26.0)) stroke="#e5e7eb" {}
                    text x=(gx) y=(num(h - 10.0)) font-size="11" fill="#6b7280"
                        text-anchor="middle" {
                        (lead::hours(Some(v)))
                    }
                }
                @for (i, b) in lt.by_teams.iter().enumerate() {
                    @let y0 = mt + row * i as f64;
                    @let (dark, light) = if b.teams == "1" {
                        (SINGLE, P90_SINGLE)
                    } else {
                        (CROSS, P90)
                    };
                    @let tip = format!(
                        "{} team(s): {} landed changes, median {}, p90 {}",
                        b.teams,
                        b.changes,
                        lead::hours(b.median_hours),
                        lead::hours(b.p90_hours)
                    );
                    text x=(num(ml - 10.0)) y=(num(y0 + row / 2.0 - 4.0)) font-size="12"
                        fill="#111827" text-anchor="end" dominant-baseline="central" {
                        (b.teams) " team" (if b.teams == "1" { "" } else { "s" })
                    }
                    @if let Some(p) = b.p90_hours {
                        rect x=(ml) y=(num(y0 + 4.0)) width=(num(x(p) - ml)) height="22"
                            fill=(light) {
                            title { (Shown(&tip)) }
                        }
                    }
                    @if let Some(m) = b.median_hours {
                        rect x=(ml) y=(num(y0 + 4.0)) width=(num((x(m) - ml).max(1.0))) height="22"
                            fill=(dark) {
                            title { (Shown(&tip)) }
                        }
                    }
                    text x=(num(ml + pw + 8.0)) y=(num(y0 + 15.0)) font-size="11" fill="#374151"
                        dominant-baseline="central" {
                        @if b.median_hours.is_some() {
                            "median " (lead::hours(b.median_hours)) " · p90 "
                            (lead::hours(b.p90_hours)) " · " (b.changes) " landed"
                        } @else {
                            "no change"
                        }
                    }
                }
            }
        }
        div class="legend" {
            span { span class="swatch" style={ "background:" (SINGLE) } {} "median, one team" }
            span { span class="swatch" style={ "background:" (CROSS) } {} "median, 2+ teams" }
            span { span class="swatch" style={ "background:" (P90) } {} "p90" }
        }
    }
}

/// A line's median lead time in a period.
type Median = fn(&PeriodLead) -> Option<f64>;

/// How many changes a line's point stands for in a period.
type Count = fn(&PeriodLead) -> usize;

/// Median lead time per period: one line for single-team changes, one for
/// changes that touch 2+ teams.
fn trend(periods: &[PeriodLead]) -> Markup {
    let single = |p: &PeriodLead| p.by_teams.first().and_then(|b| b.median_hours);
    let cross = |p: &PeriodLead| p.ratio.as_ref().map(|r| r.cross_team_hours);
    // How many changes each line's point stands for.
    let single_n = |p: &PeriodLead| p.by_teams.first().map_or(0, |b| b.changes);
    let cross_n = |p: &PeriodLead| p.by_teams.iter().skip(1).map(|b| b.changes).sum();
    let top = periods
        .iter()
        .flat_map(|p| [single(p), cross(p)])
        .flatten()
        .map(finite)
        .fold(0.0_f64, f64::max);
    if top <= 0.0 {
        return html! {};
    }
    let (w, h) = (760.0, 260.0);
    let frame = super::trend::PeriodFrame::new(periods.len(), w, h, 60.0);
    let x = |i: usize| frame.x(i);
    let y = |v: f64| frame.y(finite(v) / top);
    let lines: [(&str, Median, Count); 2] = [(SINGLE, single, single_n), (CROSS, cross, cross_n)];
    let thin = lines.iter().any(|&(_, value, count)| {
        periods
            .iter()
            .any(|p| value(p).is_some() && count(p) < super::trend::THIN)
    });
    html! {
        div class="chart" {
            svg class="lead-trend" xmlns="http://www.w3.org/2000/svg" width=(w) height=(h)
                viewBox={ "0 0 " (w) " " (h) } role="img" aria-label="median lead time per period" {
                (frame.grid(|k| lead::hours(Some(top * k as f64 / 4.0))))
                @for (colour, value, count) in lines {
                    @let points: Vec<String> = periods
                        .iter()
                        .enumerate()
                        .filter_map(|(i, p)| {
                            value(p).map(|v| format!("{},{}", num(x(i)), num(y(v))))
                        })
                        .collect();
                    @if points.len() > 1 {
                        polyline points=(points.join(" ")) fill="none" stroke=(colour)
                            stroke-width="2.5" stroke-linejoin="round" {}
                    }
                    @for (i, p) in periods.iter().enumerate() {
                        @if let Some(v) = value(p) {
                            (super::trend::point(
                                &num(x(i)),
                                &num(y(v)),
                                colour,
                                count(p),
                                format!(
                                    "{}: median {} of {} landed changes ({} in the period; ratio {})",
                                    p.period,
                                    lead::hours(Some(v)),
                                    count(p),
                                    p.measured,
                                    p.ratio
                                        .as_ref()
                                        .map_or("—".into(), |r| lead::times(r.value))
                                ),
                            ))
                        }
                    }
                }
                @for (i, p) in periods.iter().enumerate() {
                    (frame.period_label(i, &p.period))
                }
            }
        }
        div class="legend" {
            span {
                span class="line" style={ "border-top:3px solid " (SINGLE) } {}
                "median lead time, one team"
            }
            span {
                span class="line" style={ "border-top:3px solid " (CROSS) } {}
                "median lead time, 2+ teams"
            }
            (super::trend::thin_legend("#6b7280", thin))
        }
    }
}

/// The lead-time figures of the same landed changes under a second map.
pub(super) fn lead_compare(today: &LeadTime, proposed: &LeadTime) -> Markup {
    section(
        "compare-lead",
        "Proposed ownership: time to value",
        html! {
            p class="note" {
                "The same landed changes, their teams counted under the proposed map."
            }
            table {
                (table_head(&[
                    ("teams touched", TEXT),
                    ("changes today", NUMBER),
                    ("proposed", NUMBER),
                    ("median today", NUMBER),
                    ("proposed", NUMBER),
                ]))
                tbody {
                    @for (a, b) in today.by_teams.iter().zip(&proposed.by_teams) {
                        tr {
                            td { (a.teams) }
                            td class="n" { (a.changes) }
                            td class="n" { (b.changes) }
                            td class="n" { (lead::hours(a.median_hours)) }
                            td class="n" { (lead::hours(b.median_hours)) }
                        }
                    }
                    tr {
                        td { strong { "cross-team / single-team" } }
                        td {}
                        td {}
                        td class="n" colspan="2" { (lead::ratio_change(today, proposed)) }
                    }
                }
            }
        },
    )
}
