//! Time to value in words: the headline and the figures every audit format
//! shows, written once so that two formats never say it differently.

use teamlint_core::metrics::{LeadTime, Ratio};

/// Hours as people read them: `26 h`, `4.5 h`, `—` for none.
pub fn hours(h: Option<f64>) -> String {
    match h {
        None => "—".to_string(),
        Some(h) if !h.is_finite() => "—".to_string(),
        Some(h) if h.abs() < 10.0 => format!("{h:.1} h"),
        Some(h) => format!("{h:.0} h"),
    }
}

/// A ratio: `2.6x`.
pub fn times(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1}x")
    } else {
        "—".to_string()
    }
}

/// A ratio's interval: `95% CI 2.3-2.9`, or nothing when there is none.
pub fn interval(r: &Ratio) -> Option<String> {
    match (r.low, r.high) {
        (Some(l), Some(h)) if l.is_finite() && h.is_finite() => {
            Some(format!("95% CI {l:.1}-{h:.1}"))
        }
        _ => None,
    }
}

/// "changes that touch 2+ teams take 2.6x longer to land: 66 h against
/// 26 h (95% CI 2.3-2.9)"; `None` without both kinds of change.
pub fn headline(lt: &LeadTime) -> Option<String> {
    let r = lt.ratio.as_ref()?;
    let how = if r.value >= 1.0 {
        format!("take {} longer to land", times(r.value))
    } else {
        format!("land in {} the time", times(r.value))
    };
    let ci = interval(r).map(|c| format!(" ({c})")).unwrap_or_default();
    Some(format!(
        "changes that touch 2+ teams {how}: {} against {}{ci}",
        hours(Some(r.cross_team_hours)),
        hours(Some(r.single_team_hours))
    ))
}

/// The ratio among changes of similar size: "size-matched (similar file
/// counts): 2.1x (95% CI 1.8-2.4)".
pub fn size_matched(lt: &LeadTime) -> Option<String> {
    let r = lt.size_matched.as_ref()?;
    let ci = interval(r).map(|c| format!(" ({c})")).unwrap_or_default();
    Some(format!(
        "among changes of similar size (file counts): {}{ci}",
        times(r.value)
    ))
}

/// What was measured: "2012 landed changes measured, 3 not measured, 5
/// bulk skipped, 40 touching no team".
pub fn counts(lt: &LeadTime) -> String {
    format!(
        "{} landed changes measured, {} not measured (no ref for their pull or merge request), {} bulk skipped, {} touching no single-owned file",
        lt.measured, lt.unmeasured, lt.skipped_large, lt.no_team
    )
}

/// The headline when there is one, else what was measured.
pub fn summary(lt: &LeadTime) -> String {
    headline(lt).unwrap_or_else(|| {
        format!(
            "lead time: {} landed changes measured; no cross-team comparison (it needs changes touching one team and changes touching 2+)",
            lt.measured
        )
    })
}

/// The ratio under two maps: "2.6x -> 1.9x".
pub(crate) fn ratio_change(today: &LeadTime, other: &LeadTime) -> String {
    let r = |lt: &LeadTime| {
        lt.ratio
            .as_ref()
            .map_or("—".to_string(), |r| times(r.value))
    };
    format!("{} -> {}", r(today), r(other))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(ratio: Option<Ratio>) -> LeadTime {
        LeadTime {
            measured: 10,
            unmeasured: 1,
            skipped_large: 2,
            no_team: 3,
            by_teams: Vec::new(),
            ratio,
            size_matched: None,
            teams: Vec::new(),
            periods: Vec::new(),
        }
    }

    #[test]
    fn the_headline_reads_as_the_reference_shows_it() {
        let r = Ratio {
            value: 66.2 / 25.5,
            low: Some(2.31),
            high: Some(2.94),
            cross_team_hours: 66.2,
            single_team_hours: 25.5,
        };
        assert_eq!(
            headline(&lt(Some(r))).unwrap(),
            "changes that touch 2+ teams take 2.6x longer to land: 66 h against 26 h (95% CI 2.3-2.9)"
        );
        let faster = Ratio {
            value: 0.5,
            low: None,
            high: None,
            cross_team_hours: 5.0,
            single_team_hours: 10.0,
        };
        assert_eq!(
            headline(&lt(Some(faster))).unwrap(),
            "changes that touch 2+ teams land in 0.5x the time: 5.0 h against 10 h"
        );
        assert!(headline(&lt(None)).is_none());
        assert!(summary(&lt(None)).contains("no cross-team comparison"));
    }
}
