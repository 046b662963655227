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

/// The first `n` items, then how many more: "`a`, `b`, and 3 more". Items
/// are shown as code spans when `code`.
pub(crate) fn first_few<S: AsRef<str>>(items: &[S], n: usize, code: bool) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(n)
        .map(|s| {
            if code {
                format!("`{}`", s.as_ref())
            } else {
                s.as_ref().to_string()
            }
        })
        .collect();
    let mut out = shown.join(", ");
    if items.len() > n {
        out.push_str(&format!(", and {} more", items.len() - n));
    }
    out
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

/// Text for a terminal: every control character (a newline in a file
/// name, an escape sequence) written as a C escape, as git writes paths
/// (`core.quotePath`), so nothing a repository holds can start a line of its
/// own (a GitHub workflow command) or drive the terminal. Backslashes are
/// doubled only when something else was escaped, so ordinary text reads as
/// it is.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_control(c) || raw_byte(c).is_some()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if raw_byte(c).is_some() => out.push_str(&crate::pathname::shown(&c.to_string())),
            c if is_control(c) => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as `ls` lists it: as it is, or quoted with C escapes (as git
/// does) when it holds a control character, a quote or a backslash.
pub fn quoted_path(p: &str) -> std::borrow::Cow<'_, str> {
    if !p
        .chars()
        .any(|c| is_control(c) || c == '"' || c == '\\' || raw_byte(c).is_some())
    {
        return std::borrow::Cow::Borrowed(p);
    }
    let mut out = String::from("\"");
    for c in p.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push_str(&printable(&c.to_string())),
        }
    }
    out.push('"');
    std::borrow::Cow::Owned(out)
}

use crate::pathname::raw_byte;

/// C0 and C1 controls and DEL; a tab is one too (it would misalign columns).
fn is_control(c: char) -> bool {
    c.is_control()
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

    #[test]
    fn control_characters_never_reach_a_terminal() {
        assert_eq!(printable("plain `a\\b`"), "plain `a\\b`");
        assert_eq!(
            printable("pay/x\n::error title=pwned::injected"),
            "pay/x\\n::error title=pwned::injected"
        );
        assert_eq!(printable("a\u{1b}[31mred"), "a\\033[31mred");
        assert_eq!(printable("a\\b\r"), "a\\\\b\\r");
        assert_eq!(printable("\u{9b}x"), "\\302\\233x");
        assert_eq!(quoted_path("a b.txt"), "a b.txt");
        assert_eq!(quoted_path("a\nb"), "\"a\\nb\"");
        assert_eq!(quoted_path("say \"hi\""), "\"say \\\"hi\\\"\"");
    }
}
