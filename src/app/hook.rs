//! Placeholder replaced by the real command.

use super::Io;
use crate::cli::Global;
use crate::error::{Error, Result};

pub fn install(_g: &Global, _force: bool, _io: &mut Io<'_>) -> Result<u8> {
    Err(Error::usage("not yet", "later"))
}
