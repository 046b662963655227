//! The separability trend chart, as inline SVG.

use super::*;

/// The frame of a chart over periods: periods left to right, a share of
/// the value axis (0 to 1) bottom to top.
pub(super) struct PeriodFrame {
    n: usize,
    ml: f64,
    mt: f64,
    pw: f64,
    ph: f64,
}

impl PeriodFrame {
    /// `n` periods on a `w` × `h` chart whose value labels take `ml` on the left.
    pub(super) fn new(n: usize, w: f64, h: f64, ml: f64) -> PeriodFrame {
        let (mr, mt, mb) = (24.0, 20.0, 62.0);
        PeriodFrame {
            n,
            ml,
            mt,
            pw: w - ml - mr,
            ph: h - mt - mb,
        }
    }

    pub(super) fn x(&self, i: usize) -> f64 {
        if self.n <= 1 {
            self.ml + self.pw / 2.0
        } else {
            self.ml + self.pw * i as f64 / (self.n - 1) as f64
        }
    }

    /// Where a share of the value axis stands.
    pub(super) fn y(&self, share: f64) -> f64 {
        self.mt + self.ph * (1.0 - share.clamp(0.0, 1.0))
    }

    /// Five grid lines (0, ¼, ½, ¾, all of the axis) with `label(k)` for
    /// the k-th quarter.
    pub(super) fn grid(&self, label: impl Fn(usize) -> String) -> Markup {
        html! {
            @for k in 0..=4 {
                @let y0 = num(self.y(k as f64 / 4.0));
                line x1=(self.ml) x2=(num(self.ml + self.pw)) y1=(y0) y2=(y0) stroke="#e5e7eb" {}
                text x=(num(self.ml - 8.0)) y=(y0) font-size="11" fill="#6b7280" text-anchor="end"
                    dominant-baseline="central" { (label(k)) }
            }
        }
    }

    /// Period `i`'s name under the axis; about twelve are named at most.
    pub(super) fn period_label(&self, i: usize, name: &str) -> Markup {
        let n = self.n;
        html! {
            @if i % n.div_ceil(12).max(1) == 0 || i + 1 == n {
                text transform={
                    "translate(" (num(self.x(i))) "," (num(self.mt + self.ph + 16.0)) ") rotate("
                    (if n > 6 { "-35" } else { "0" }) ")"
                } font-size="11" fill="#374151" text-anchor=(if n > 6 { "end" } else { "middle" }) {
                    (Shown(text::truncate(name, 16)))
                }
            }
        }
    }
}

/// Below this many changes a period's point is drawn hollow: a figure of a
/// handful of changes (a period just begun, a quiet month) is read with
/// care, not as a trend.
pub(super) const THIN: usize = 10;

/// A period's point, filled, or hollow when it stands for fewer than
/// [`THIN`] changes; `tip` is its tooltip.
pub(super) fn point(cx: &str, cy: &str, colour: &str, changes: usize, tip: String) -> Markup {
    let thin = changes < THIN;
    html! {
        circle class=(if thin { "pt thin" } else { "pt" }) cx=(cx) cy=(cy) r="4"
            fill=(if thin { "#fff" } else { colour }) stroke=(if thin { colour } else { "#fff" })
            stroke-width=(if thin { "2" } else { "1.5" }) {
            title { (Shown(tip)) }
        }
    }
}

/// The legend's word on hollow points, for a chart that has one.
pub(super) fn thin_legend(colour: &str, any: bool) -> Markup {
    html! {
        @if any {
            span {
                span class="swatch" style={
                    "width:8px;height:8px;border-radius:50%;background:#fff;border:2px solid "
                    (colour)
                } {}
                "fewer than " (THIN) " changes in the period: read with care"
            }
        }
    }
}

pub(super) fn trend_chart(periods: &[PeriodStats]) -> Markup {
    let n = periods.len();
    let (w, h) = (760.0, 290.0);
    let frame = PeriodFrame::new(n, w, h, 52.0);
    let (ml, pw) = (frame.ml, frame.pw);
    let x = |i: usize| frame.x(i);
    let y = |v: f64| frame.y(v);
    let low = num(y(LOW_SEPARABILITY));
    // One polyline per run of periods with a score; a gap means no owned change.
    let mut run: Vec<String> = Vec::new();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for (i, p) in periods.iter().enumerate() {
        match p.separability.filter(|v| v.is_finite()) {
            Some(v) => run.push(format!("{},{}", num(x(i)), num(y(v)))),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    html! {
        div class="chart" {
            svg class="trend" xmlns="http://www.w3.org/2000/svg" width=(w) height=(h)
                viewBox={ "0 0 " (w) " " (h) } role="img"
                aria-label="repository separability per period" {
                (frame.grid(|k| format!("{}%", k * 25)))
                line x1=(ml) x2=(num(ml + pw)) y1=(low) y2=(low) stroke=(UNDECLARED_EDGE)
                    stroke-dasharray="4 4" stroke-opacity="0.7" {}
                @for r in runs.iter().filter(|r| r.len() > 1) {
                    polyline points=(r.join(" ")) fill="none" stroke="#15803d" stroke-width="2.5"
                        stroke-linejoin="round" {}
                }
                @for (i, p) in periods.iter().enumerate() {
                    @let px = num(x(i));
                    @let tip = format!(
                        "{}: separability {} ({} changes)",
                        p.period,
                        percent(p.separability),
                        p.changes
                    );
                    @match p.separability.filter(|v| v.is_finite()) {
                        Some(v) => {
                            (point(&px, &num(y(v)), "#15803d", p.changes, tip))
                            @if n <= 16 {
                                text x=(px) y=(num(y(v) - 9.0)) font-size="11" text-anchor="middle"
                                    fill="#1f2937" { (percent(Some(v))) }
                            }
                        }
                        None => {
                            text x=(px) y=(num(y(0.0) - 6.0)) font-size="12" text-anchor="middle"
                                fill="#9ca3af" { "—" title { (Shown(tip)) } }
                        }
                    }
                    (frame.period_label(i, &p.period))
                }
            }
        }
        div class="legend" {
            span {
                span class="line" style="border-top:3px solid #15803d" {}
                "repository separability per period"
            }
            span {
                span class="line" style={ "border-top:2px dashed " (UNDECLARED_EDGE) } {}
                "80%: below it a team gets " code { "low-separability" }
            }
            span { "— no change touched an owned file" }
            (thin_legend(
                "#15803d",
                periods.iter().any(|p| p.separability.is_some() && p.changes < THIN),
            ))
        }
    }
}
