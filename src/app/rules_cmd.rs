//! `teamlint rules [NAME]`.

use super::{write_report_with, Io};
use super::{Format, Global};
use teamlint_core::error::Result;
use teamlint_core::finding::RuleId;
use teamlint_report::Style;

pub fn run(name: Option<&str>, g: &Global, io: &mut Io<'_>, style: &Style) -> Result<u8> {
    let rules: Vec<_> = match name {
        Some(n) => vec![super::rule_named(n)?],
        None => RuleId::ALL.to_vec(),
    };
    let format = g.format.unwrap_or(Format::Human);
    write_report_with(g, io, |w| {
        teamlint_report::write_rules(format, &rules, name.is_some(), style, w)
    })?;
    Ok(super::EXIT_OK)
}
