//! "Did you mean …?" suggestions.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, or `otherwise`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match closest(word, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise(),
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_names_only() {
        let names = ["payments", "platform", "search"];
        assert_eq!(closest("paymnets", names), Some("payments"));
        assert_eq!(closest("platfrom", names), Some("platform"));
        assert_eq!(closest("zebra", names), None);
    }
}
