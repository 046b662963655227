//! Stopping a long scan part way (Ctrl-C) without losing its work.
//!
//! The binary owns the signal; the scan owns what stopping means. While a
//! scan diffs, it is *armed*: the first interrupt asks it to stop, the diff
//! threads finish the commit at hand, the diffs done so far
//! are written to the cache, and the run ends with exit status 130. The
//! next audit diffs only the commits still missing. When nothing is armed
//! (any other command, or the scan's other phases), an interrupt ends the
//! process at once, as it would without a handler.

use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Default)]
pub struct Interrupt {
    armed: AtomicBool,
    requested: AtomicBool,
}

impl Interrupt {
    pub const fn new() -> Interrupt {
        Interrupt {
            armed: AtomicBool::new(false),
            requested: AtomicBool::new(false),
        }
    }

    /// Asks an armed scan to stop. `false`: nothing will stop for it (no
    /// scan is armed, or this is the second request), so the caller should
    /// end the process.
    pub fn request(&self) -> bool {
        self.armed.load(Ordering::SeqCst) && !self.requested.swap(true, Ordering::SeqCst)
    }

    pub(crate) fn is_requested(&self) -> bool {
        self.requested.load(Ordering::Relaxed)
    }

    /// Armed until the guard is dropped.
    pub(crate) fn arm(&self) -> Armed<'_> {
        self.armed.store(true, Ordering::SeqCst);
        Armed(self)
    }
}

pub(crate) struct Armed<'a>(&'a Interrupt);

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        self.0.armed.store(false, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_armed_scan_takes_a_request_and_only_the_first() {
        let i = Interrupt::new();
        assert!(!i.request(), "nothing armed: the process should end");
        assert!(!i.is_requested());
        {
            let _armed = i.arm();
            assert!(i.request());
            assert!(i.is_requested());
            assert!(!i.request(), "a second Ctrl-C ends the process");
        }
        assert!(!i.request());
    }
}
