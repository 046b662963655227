//! `teamlint rules [NAME]`.

use super::{write_report, Io};
use crate::cli::{Format, Global};
use crate::error::Result;
use crate::report::{self, Style};

pub fn run(name: Option<&str>, g: &Global, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let rules: Vec<_> = match name {
        Some(n) => match crate::rules::lookup(n) {
            Some(r) => vec![r],
            None => return Err(crate::suggest::unknown_rule(n)),
        },
        None => crate::rules::ALL.to_vec(),
    };
    let format = g.format.unwrap_or(Format::Human);
    write_report(g, io, &report::rules(format, &rules, name.is_some(), style))?;
    Ok(super::EXIT_OK)
}
