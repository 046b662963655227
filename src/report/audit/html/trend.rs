//! The separability trend chart, as inline SVG.

use super::*;

pub(super) fn trend_chart(out: &mut String, periods: &[PeriodStats]) {
    let n = periods.len();
    let (w, h) = (760.0, 290.0);
    let (ml, mr, mt, mb) = (52.0, 24.0, 20.0, 62.0);
    let (pw, ph) = (w - ml - mr, h - mt - mb);
    let x = |i: usize| {
        if n <= 1 {
            ml + pw / 2.0
        } else {
            ml + pw * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| mt + ph * (1.0 - v.clamp(0.0, 1.0));
    let _ = writeln!(
        out,
        "<div class=\"chart\"><svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"repository separability per period\">"
    );
    for k in 0..=4 {
        let v = k as f64 / 4.0;
        let _ = writeln!(
            out,
            "<line x1=\"{ml}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\" stroke=\"#e5e7eb\"/>\
             <text x=\"{}\" y=\"{y0}\" font-size=\"11\" fill=\"#6b7280\" text-anchor=\"end\" \
             dominant-baseline=\"central\">{}%</text>",
            num(ml + pw),
            num(ml - 8.0),
            k * 25,
            y0 = num(y(v))
        );
    }
    let low = y(LOW_SEPARABILITY);
    let _ = writeln!(
        out,
        "<line x1=\"{ml}\" x2=\"{}\" y1=\"{l}\" y2=\"{l}\" stroke=\"{UNDECLARED_EDGE}\" \
         stroke-dasharray=\"4 4\" stroke-opacity=\"0.7\"/>",
        num(ml + pw),
        l = num(low)
    );
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
    for r in runs.iter().filter(|r| r.len() > 1) {
        let _ = writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#15803d\" stroke-width=\"2.5\" \
             stroke-linejoin=\"round\"/>",
            r.join(" ")
        );
    }
    let step = n.div_ceil(12).max(1);
    for (i, p) in periods.iter().enumerate() {
        let px = x(i);
        let tip = format!(
            "{}: separability {} ({} changes)",
            p.period,
            percent(p.separability),
            p.changes
        );
        match p.separability.filter(|v| v.is_finite()) {
            Some(v) => {
                let _ = writeln!(
                    out,
                    "<circle class=\"pt\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#15803d\" stroke=\"#fff\" \
                     stroke-width=\"1.5\"><title>{}</title></circle>",
                    num(px),
                    num(y(v)),
                    escape(&tip)
                );
                if n <= 16 {
                    let _ = writeln!(
                        out,
                        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" \
                         fill=\"#1f2937\">{}</text>",
                        num(px),
                        num(y(v) - 9.0),
                        percent(Some(v))
                    );
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#9ca3af\">\
                     —<title>{}</title></text>",
                    num(px),
                    num(y(0.0) - 6.0),
                    escape(&tip)
                );
            }
        }
        if i % step == 0 || i + 1 == n {
            let ly = mt + ph + 16.0;
            let _ = writeln!(
                out,
                "<text transform=\"translate({},{}) rotate({})\" font-size=\"11\" fill=\"#374151\" \
                 text-anchor=\"{}\">{}</text>",
                num(px),
                num(ly),
                if n > 6 { "-35" } else { "0" },
                if n > 6 { "end" } else { "middle" },
                escape(&text::truncate(&p.period, 16))
            );
        }
    }
    out.push_str("</svg></div>\n");
    let _ = writeln!(
        out,
        "<div class=\"legend\"><span><span class=\"line\" style=\"border-top:3px solid #15803d\"></span>\
         repository separability per period</span>\
         <span><span class=\"line\" style=\"border-top:2px dashed {UNDECLARED_EDGE}\"></span>\
         80%: below it a team gets <code>low-separability</code></span>\
         <span>— no change touched an owned file</span></div>"
    );
}
