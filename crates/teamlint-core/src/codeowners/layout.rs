//! Writing an export over the CODEOWNERS file it replaces, so that what did
//! not change keeps its bytes: comments, blank lines, alignment, line
//! endings and the lines CODEOWNERS tools skip stay where they were; only
//! the lines whose meaning changed are removed or added. An unchanged map
//! writes the file back byte for byte, and an edit of OWNERS.toml changes
//! only the lines it has to.

/// A line the export wants, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    /// A line with meaning (an entry or a section header): matched with the
    /// previous file's lines by `key`.
    Line { key: String, text: Line },
    /// Layout of a fresh file (a heading comment, a blank line): written
    /// only when there is no previous file.
    Fresh(String),
}

/// How a wanted line is written when it is new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// Written as is (a section header).
    Plain(String),
    /// A pattern and its owners, the owners aligned with the lines around.
    Entry { pattern: String, owners: String },
}

/// Owners as a key: in order, without regard to case, each once (an owner
/// written twice is one owner).
pub(crate) fn owners_key(owners: &[String]) -> String {
    let mut seen: Vec<String> = Vec::with_capacity(owners.len());
    for o in owners {
        let o = o.to_lowercase();
        if !seen.contains(&o) {
            seen.push(o);
        }
    }
    seen.join(" ")
}

/// Beyond this many cells the middle of a change is not aligned line by
/// line: it is rewritten (a rewrite of thousands of lines at once).
const MAX_CELLS: usize = 4_000_000;

/// Owners line up in a column in a fresh file, unless a long pattern would
/// push them far.
const MAX_COLUMN: usize = 48;

/// The text for `want`, written over `previous` when there is one. `key`
/// gives a previous line's key (`None` for a comment, a blank line or a
/// line the dialect skips: kept as it is).
pub fn write(
    want: &[Want],
    previous: Option<&str>,
    key: impl Fn(&str) -> Option<String>,
) -> String {
    match previous {
        None => fresh(want),
        Some(old) => over(want, old, key),
    }
}

fn fresh(want: &[Want]) -> String {
    let width = want
        .iter()
        .filter_map(|w| match w {
            Want::Line {
                text: Line::Entry { pattern, .. },
                ..
            } => Some(pattern.chars().count()),
            _ => None,
        })
        .filter(|&w| w <= MAX_COLUMN)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for w in want {
        match w {
            Want::Fresh(text) => out.push_str(text),
            Want::Line { text, .. } => out.push_str(&render(text, width + 1)),
        }
        out.push('\n');
    }
    out
}

fn render(line: &Line, column: usize) -> String {
    match line {
        Line::Plain(t) => t.clone(),
        Line::Entry { pattern, owners } if owners.is_empty() => pattern.clone(),
        Line::Entry { pattern, owners } => {
            let pad = column.saturating_sub(pattern.chars().count()).max(1);
            format!("{pattern}{:pad$}{owners}", "")
        }
    }
}

/// The column where the owners of an entry line start, if it has owners.
fn owners_column(line: &str) -> Option<usize> {
    let body = line.trim_end_matches(['\n', '\r']);
    let mut escaped = false;
    let mut in_gap = false;
    for (col, c) in body.chars().enumerate() {
        if in_gap && !c.is_whitespace() {
            return Some(col);
        }
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c.is_whitespace() && col > 0 {
            in_gap = true;
        }
    }
    None
}

fn over(want: &[Want], old: &str, key: impl Fn(&str) -> Option<String>) -> String {
    let eol = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let old_keys: Vec<Option<String>> = lines.iter().map(|l| key(l.trim())).collect();
    let sig_old: Vec<usize> = (0..lines.len())
        .filter(|&i| old_keys[i].is_some())
        .collect();
    let wanted: Vec<(&String, &Line)> = want
        .iter()
        .filter_map(|w| match w {
            Want::Line { key, text } => Some((key, text)),
            Want::Fresh(_) => None,
        })
        .collect();
    let a: Vec<&str> = sig_old
        .iter()
        .map(|&i| old_keys[i].as_deref().unwrap_or(""))
        .collect();
    let b: Vec<&str> = wanted.iter().map(|(k, _)| k.as_str()).collect();
    // partner[i] = the wanted line old significant line i is kept as.
    let partner = align(&a, &b);

    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 4);
    let mut column: Option<usize> = None;
    let mut next_new = 0;
    let mut held: Vec<String> = Vec::new();
    let emit_new = |out: &mut Vec<String>,
                    upto: usize,
                    next_new: &mut usize,
                    column: Option<usize>| {
        while *next_new < upto {
            let (_, text) = wanted[*next_new];
            if matches!(text, Line::Plain(_)) && out.last().is_some_and(|l| !l.trim().is_empty()) {
                out.push(eol.to_string());
            }
            let width = match text {
                Line::Entry { pattern, .. } => column.unwrap_or(pattern.chars().count() + 1),
                Line::Plain(_) => 0,
            };
            out.push(format!("{}{eol}", render(text, width)));
            *next_new += 1;
        }
    };
    let mut sig = 0;
    for (i, line) in lines.iter().enumerate() {
        if old_keys[i].is_none() {
            held.push((*line).to_string());
            continue;
        }
        let here = partner[sig];
        sig += 1;
        match here {
            Some(j) => {
                emit_new(&mut out, j, &mut next_new, column);
                out.append(&mut held);
                out.push((*line).to_string());
                next_new = j + 1;
                if let Some(c) = owners_column(line) {
                    column = Some(c);
                }
            }
            None => out.append(&mut held),
        }
    }
    emit_new(&mut out, wanted.len(), &mut next_new, column);
    out.append(&mut held);
    // A last line without its line break gets one when others follow.
    let mut text = String::with_capacity(old.len() + 64);
    let n = out.len();
    for (i, l) in out.into_iter().enumerate() {
        text.push_str(&l);
        if i + 1 < n && !l.ends_with('\n') {
            text.push_str(eol);
        }
    }
    text
}

/// A longest common subsequence of `a` and `b`: for each item of `a`, the
/// index in `b` it is matched with.
fn align(a: &[&str], b: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; a.len()];
    let mut lo = 0;
    while lo < a.len() && lo < b.len() && a[lo] == b[lo] {
        out[lo] = Some(lo);
        lo += 1;
    }
    let (mut ha, mut hb) = (a.len(), b.len());
    while ha > lo && hb > lo && a[ha - 1] == b[hb - 1] {
        out[ha - 1] = Some(hb - 1);
        ha -= 1;
        hb -= 1;
    }
    let (n, m) = (ha - lo, hb - lo);
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_CELLS {
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[lo+i..ha], b[lo+j..hb].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a[lo + i] == b[lo + j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[lo + i] == b[lo + j] {
            out[lo + i] = Some(lo + j);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(p: &str, o: &str) -> Want {
        Want::Line {
            key: format!("{p} {o}"),
            text: Line::Entry {
                pattern: p.into(),
                owners: o.into(),
            },
        }
    }

    fn key(line: &str) -> Option<String> {
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut parts = line.split_whitespace();
        let p = parts.next()?;
        let o: Vec<&str> = parts.collect();
        Some(format!("{p} {}", o.join(" ")))
    }

    #[test]
    fn an_unchanged_map_writes_the_file_back() {
        let old = "# top\n\n/a/     @x\n# about b\r\n/b/  @y @z\n\n# end";
        let want = [entry("/a/", "@x"), entry("/b/", "@y @z")];
        assert_eq!(write(&want, Some(old), key), old);
    }

    #[test]
    fn an_edit_changes_only_its_lines() {
        let old = "# top\n/a/     @x\n\n# about b\n/b/     @y\n/c/     @w\n";
        let want = [
            entry("/a/", "@x"),
            entry("/new/", "@q"),
            entry("/b/", "@y"),
            entry("/c/", "@v"),
        ];
        assert_eq!(
            write(&want, Some(old), key),
            "# top\n/a/     @x\n/new/   @q\n\n# about b\n/b/     @y\n/c/     @v\n"
        );
    }

    #[test]
    fn a_fresh_file_aligns_owners() {
        let want = [
            Want::Fresh("# generated".into()),
            entry("/a/", "@x"),
            entry("/long/", "@y"),
            entry("/u/", ""),
        ];
        assert_eq!(
            write(&want, None, key),
            "# generated\n/a/    @x\n/long/ @y\n/u/\n"
        );
    }
}
