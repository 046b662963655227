//! JSON: one versioned document per run, with stable field names.

use std::io::Write;

use serde_json::{json, Value};

use super::{CheckReport, PathEntry};
use teamlint_core::finding::RuleId;

pub const VERSION: u32 = 1;

/// A document laid out for people and for line tools alike: the top levels
/// indented, and each element of a top-level list (a finding, a file) on
/// one line of its own. Cheaper to write than fully indented JSON, which
/// matters for an audit's list of every file. Written as it is made (a
/// large report never sits whole in memory).
pub(crate) fn write_document<T: serde::Serialize + ?Sized>(
    value: &T,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Buffered here, so that the serializer's many small writes are not
    // calls through `dyn Write`.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, w);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Layout::default());
    value.serialize(&mut ser)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Indented down to [`Layout::LEVELS`] levels of nesting, compact below.
#[derive(Default)]
struct Layout {
    depth: usize,
    has_value: bool,
}

impl Layout {
    const LEVELS: usize = 2;

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        let laid_out = self.depth <= Self::LEVELS;
        self.depth -= 1;
        if laid_out && self.has_value {
            self.newline(w)?;
        }
        w.write_all(c)
    }

    /// Before an element: a comma after the first, and its own line when the
    /// container is laid out.
    fn element<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= Self::LEVELS {
            self.newline(w)?;
        }
        Ok(())
    }

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.element(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.element(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.depth <= Self::LEVELS {
            b": "
        } else {
            b":"
        })
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

pub fn write_check(doc: &CheckReport<'_>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut v = json!({
        "version": VERSION,
        "findings": doc.findings,
        "summary": doc.summary,
    });
    if !doc.notes.is_empty() {
        v["notes"] = json!(doc.notes);
    }
    if let Some(c) = &doc.change {
        v["change"] = json!({
            "files": c.files,
            "teams": c.teams.iter().map(|(t, n)| json!({"team": t, "files": n})).collect::<Vec<_>>(),
            "unowned": c.unowned,
            "shared": c.shared,
        });
    }
    write_document(&v, w)
}

/// The listing, streamed: each entry is serialized as it is written.
pub fn write_paths(entries: &[PathEntry], w: &mut dyn Write) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        paths: &'a [PathEntry],
        version: u32,
    }
    write_document(
        &Doc {
            paths: entries,
            version: VERSION,
        },
        w,
    )
}

pub fn write_rules(rules: &[RuleId], w: &mut dyn Write) -> std::io::Result<()> {
    let list: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "name": r.name(),
                "default": r.default_severity(),
                "group": r.group().as_str(),
                "summary": r.summary(),
                "doc": r.doc(),
            })
        })
        .collect();
    write_document(&json!({ "version": VERSION, "rules": list }), w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_levels_are_indented_and_list_elements_take_a_line_each() {
        let v = json!({
            "a": {"b": 1, "c": [1, 2]},
            "empty": [],
            "files": [{"path": "x y", "revs": 2.0}, {"path": "z", "team": null}],
        });
        let mut out = Vec::new();
        write_document(&v, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#"{
  "a": {
    "b": 1,
    "c": [1,2]
  },
  "empty": [],
  "files": [
    {"path":"x y","revs":2.0},
    {"path":"z","team":null}
  ]
}
"#
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}
