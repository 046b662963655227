//! Every line teamlint writes to its standard streams passes through a
//! [`LineGuard`], so nothing a repository holds (a team name, a file name,
//! a commit subject, an error's text) can become a GitHub Actions workflow
//! command in a CI log.
//!
//! The Actions runner reads a log line by line (a bare CR ends a line as LF
//! does), trims the line's leading white space, and runs it as a command
//! when it then starts with `::`; its older form `##[command]data` is a
//! command *anywhere* in a line. The guard breaks each of those where it
//! would start with an invisible U+2060 WORD JOINER (which the runner does
//! not trim and a reader does not see): between the two colons of a
//! leading `::` and between `##` and `[`. A bare CR is written as `\r`.
//!
//! Only the `github` format writes commands, and it escapes their data
//! itself (`report::github`); its stream is made with
//! [`LineGuard::commands`], which lets a line start with `::` and still
//! breaks `##[` inside it.
//!
//! In an Actions run, the guard also brackets whatever is not a command
//! with `::stop-commands::TOKEN` … `::TOKEN::` (a random token the binary
//! makes), so the runner ignores commands there even if one got past it.

use std::cell::RefCell;
use std::io::{self, Write};

/// What the guards of one run share: the Actions token and whether the
/// runner's commands are stopped now.
#[derive(Debug, Default)]
pub struct Bracket {
    token: Option<String>,
    stopped: RefCell<bool>,
}

impl Bracket {
    /// `token`: the stop-commands token, in an Actions run; `None` elsewhere.
    pub fn new(token: Option<String>) -> Bracket {
        Bracket {
            token: token.filter(|t| !t.is_empty()),
            stopped: RefCell::new(false),
        }
    }
}

/// Inserted where a workflow command would start (U+2060 WORD JOINER).
pub(crate) const BREAK: &str = "\u{2060}";

/// A writer that neutralises workflow commands line by line.
pub struct LineGuard<'a> {
    inner: &'a mut dyn Write,
    bracket: &'a Bracket,
    /// May a line start with `::` (the `github` format's own commands)?
    commands: bool,
    /// JSON text: `##[` only occurs inside a string, where `[` is written
    /// `\u005b`, which keeps the data as it is.
    json: bool,
    /// Only white space (or bytes that may be white space to the runner)
    /// since the line began.
    lead: bool,
    /// The byte before this one was a `:` that ended the lead.
    colon: bool,
    /// How many `#` in a row were the last bytes written (up to 2).
    hashes: u8,
    /// A CR waits for the byte after it: a CR LF is a line end.
    cr: bool,
    /// Nothing yet on this line.
    fresh: bool,
    /// The stream underneath is in the middle of a line (a flush wrote
    /// part of one).
    mid: bool,
    out: Vec<u8>,
}

impl<'a> LineGuard<'a> {
    /// A guard over a stream of text: no line can be a command.
    pub fn new(inner: &'a mut dyn Write, bracket: &'a Bracket) -> LineGuard<'a> {
        LineGuard {
            inner,
            bracket,
            commands: false,
            json: false,
            lead: true,
            colon: false,
            hashes: 0,
            cr: false,
            fresh: true,
            mid: false,
            out: Vec::new(),
        }
    }

    /// A guard over the `github` format's stream, whose lines are commands
    /// with escaped data.
    pub fn commands(inner: &'a mut dyn Write, bracket: &'a Bracket) -> LineGuard<'a> {
        LineGuard {
            commands: true,
            ..LineGuard::new(inner, bracket)
        }
    }

    /// A guard over JSON (and SARIF): `##[` is broken with a JSON escape,
    /// so a reader of the document gets the text unchanged.
    pub fn json(inner: &'a mut dyn Write, bracket: &'a Bracket) -> LineGuard<'a> {
        LineGuard {
            json: true,
            ..LineGuard::new(inner, bracket)
        }
    }

    /// Ends the run's output: resumes the runner's commands if this guard
    /// stopped them, and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        self.end_cr();
        self.emit()?;
        if let Some(token) = &self.bracket.token {
            if std::mem::take(&mut *self.bracket.stopped.borrow_mut()) {
                if self.mid {
                    self.inner.write_all(b"\n")?;
                }
                writeln!(self.inner, "::{token}::")?;
            }
        }
        self.inner.flush()
    }

    fn end_cr(&mut self) {
        if std::mem::take(&mut self.cr) {
            self.out.extend_from_slice(b"\\r");
            self.lead = false;
            self.hashes = 0;
            self.colon = false;
        }
    }

    fn push(&mut self, b: u8) {
        if self.cr {
            if b == b'\n' {
                self.cr = false;
                self.out.push(b'\r');
            } else {
                self.end_cr();
            }
        }
        match b {
            b'\r' => {
                self.cr = true;
                return;
            }
            b'\n' => {
                self.out.push(b);
                self.lead = true;
                self.colon = false;
                self.hashes = 0;
                return;
            }
            _ => {}
        }
        if b == b':' && self.colon {
            self.out.extend_from_slice(BREAK.as_bytes());
        }
        if b == b'[' && self.hashes >= 2 {
            if self.json {
                self.out.extend_from_slice(b"\\u005b");
                self.hashes = 0;
                self.colon = false;
                self.lead = false;
                return;
            }
            self.out.extend_from_slice(BREAK.as_bytes());
        }
        self.colon = false;
        if self.lead {
            // The runner trims what .NET calls white space: ASCII blanks and
            // controls, and some non-ASCII characters; any non-ASCII byte
            // is taken as one to be safe.
            if b.is_ascii_whitespace() || b.is_ascii_control() || !b.is_ascii() {
                self.out.push(b);
                return;
            }
            self.lead = false;
            self.colon = b == b':';
        }
        self.hashes = if b == b'#' {
            (self.hashes + 1).min(2)
        } else {
            0
        };
        self.out.push(b);
    }

    /// Writes what is ready: whole lines, bracketed as the run needs.
    fn emit(&mut self) -> io::Result<()> {
        if self.out.is_empty() {
            return Ok(());
        }
        if let Some(token) = self.bracket.token.as_ref().filter(|_| !self.mid) {
            let mut stopped = self.bracket.stopped.borrow_mut();
            let command = self.commands && self.out.starts_with(b"::");
            if command && *stopped {
                writeln!(self.inner, "::{token}::")?;
                *stopped = false;
            } else if !command && !*stopped {
                writeln!(self.inner, "::stop-commands::{token}")?;
                *stopped = true;
            }
        }
        self.inner.write_all(&self.out)?;
        self.mid = !self.out.ends_with(b"\n");
        self.out.clear();
        Ok(())
    }

    fn write_lines(&mut self, buf: &[u8]) -> io::Result<()> {
        for &b in buf {
            if self.commands && self.fresh && b == b':' && !self.cr {
                // The github format's command: its own `::` passes.
                self.lead = false;
                self.fresh = false;
                self.out.push(b);
                continue;
            }
            self.push(b);
            self.fresh = b == b'\n' && !self.cr;
            if b == b'\n' && !self.cr {
                self.emit()?;
            }
        }
        Ok(())
    }
}

impl Write for LineGuard<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_lines(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guarded(text: &str, commands: bool, token: Option<&str>) -> String {
        guarded_as(text, if commands { "commands" } else { "text" }, token)
    }

    fn guarded_as(text: &str, mode: &str, token: Option<&str>) -> String {
        let bracket = Bracket::new(token.map(str::to_string));
        let mut out = Vec::new();
        {
            let mut g = match mode {
                "commands" => LineGuard::commands(&mut out, &bracket),
                "json" => LineGuard::json(&mut out, &bracket),
                _ => LineGuard::new(&mut out, &bracket),
            };
            // Byte by byte: a pattern split across writes is still caught.
            for b in text.as_bytes() {
                g.write_all(std::slice::from_ref(b)).unwrap();
            }
            g.finish().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn no_line_starts_a_command() {
        let b = BREAK;
        assert_eq!(guarded("a::b\n", false, None), "a::b\n");
        assert_eq!(
            guarded("::error::x\n", false, None),
            format!(":{b}:error::x\n")
        );
        assert_eq!(
            guarded("  help: x\n    ::error title=t::pwned\n", false, None),
            format!("  help: x\n    :{b}:error title=t::pwned\n")
        );
        assert_eq!(
            guarded("\t\u{a0}::warning::x", false, None),
            format!("\t\u{a0}:{b}:warning::x")
        );
        assert_eq!(
            guarded("see ##[error]x and #[y] ###[z]\n", false, None),
            format!("see ##{b}[error]x and #[y] ###{b}[z]\n")
        );
        assert_eq!(
            guarded("a\r::error::x\r\nb\n", false, None),
            "a\\r::error::x\r\nb\n"
        );
        assert_eq!(guarded("end\r", false, None), "end\\r");
    }

    #[test]
    fn json_keeps_its_data() {
        let text = "{\"path\": \"##[error]x\"}\n";
        let out = guarded_as(text, "json", None);
        assert_eq!(out, "{\"path\": \"##\\u005berror]x\"}\n");
        let a: serde_json::Value = serde_json::from_str(text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_github_stream_keeps_its_own_commands() {
        let b = BREAK;
        assert_eq!(
            guarded("::error file=a::m ##[x]\n", true, None),
            format!("::error file=a::m ##{b}[x]\n")
        );
        // Text that is not a command of its own is still broken.
        assert_eq!(
            guarded("::notice::a\n ::x\n", true, None),
            format!("::notice::a\n :{b}:x\n")
        );
    }

    #[test]
    fn an_actions_run_brackets_text_and_resumes_for_commands() {
        assert_eq!(
            guarded("hello\nworld\n", false, Some("T0")),
            "::stop-commands::T0\nhello\nworld\n::T0::\n"
        );
        assert_eq!(guarded("::notice::n\n", true, Some("T0")), "::notice::n\n");
        assert_eq!(guarded("", false, Some("T0")), "");
        assert_eq!(
            guarded("partial", false, Some("T0")),
            "::stop-commands::T0\npartial\n::T0::\n"
        );
    }
}
