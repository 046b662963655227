//! "Did you mean …?" suggestions.

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo: similar by Jaro-Winkler, or a few edits away counting a swap of
/// two letters as one (which Jaro-Winkler misses in short names: `wbe`).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<((usize, f64), &str)> = None;
    let budget = (word.chars().count() / 3).max(1);
    for c in candidates {
        let edits = strsim::damerau_levenshtein(word, c);
        let similarity = strsim::jaro_winkler(word, c);
        if edits > budget && similarity < 0.8 {
            continue;
        }
        // Fewer edits first, then the more similar.
        let key = (edits, -similarity);
        if best.is_none_or(|(k, _)| key.0 < k.0 || (key.0 == k.0 && key.1 < k.1)) {
            best = Some((key, c));
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
        assert_eq!(closest("wbe", ["web", "api"]), Some("web"));
        assert_eq!(closest("xyz", ["web", "api"]), None);
    }
}
