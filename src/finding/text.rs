//! Numbers and words as every report writes them, so that two formats never
//! disagree on how a figure reads.

/// A share as a percentage for people, or "—" when there is no score.
pub fn percent(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{:.0}%", v * 100.0),
        None => "—".to_string(),
    }
}

/// A weighted count: whole numbers without decimals.
pub fn count(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// "1 file", "2 files".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A signed figure: `+3`, `−0.25`, and `±0` for what rounds to zero.
pub fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    if s.chars().all(|c| c == '0' || c == '.') {
        format!("±{s}")
    } else if x > 0.0 {
        format!("+{s}")
    } else {
        format!("−{s}")
    }
}

/// The change between two shares in whole percentage points (`+3 pp`), or
/// "—" when either has no score.
pub fn delta_pp(before: Option<f64>, after: Option<f64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!("{} pp", signed(((a - b) * 100.0).round(), 0)),
        _ => "—".to_string(),
    }
}

/// At most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        assert_eq!(percent(Some(0.574)), "57%");
        assert_eq!(percent(None), "—");
        assert_eq!(count(3.0), "3");
        assert_eq!(count(2.25), "2.2");
        assert_eq!(plural(1, "file", "files"), "1 file");
        assert_eq!(plural(0, "file", "files"), "0 files");
        assert_eq!(signed(0.004, 2), "±0.00");
        assert_eq!(signed(-0.25, 2), "−0.25");
        assert_eq!(delta_pp(Some(0.5), Some(0.53)), "+3 pp");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
