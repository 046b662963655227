//! `teamlint init --from-history`: a first map drafted from co-change.

use super::Io;
use crate::cli::Global;
use crate::error::{Error, Result};

pub fn run(_g: &Global, _teams: Option<usize>, _force: bool, _io: &mut Io<'_>) -> Result<u8> {
    Err(Error::usage("not yet", "later"))
}
