//! git's EWAH compressed bitmaps, as the split index stores which shared
//! entries it deletes and replaces.
//!
//! The layout: the bit count, the number of 64-bit words, the words (all
//! big-endian), then the position of the last marker word. Each marker word
//! holds a run (bit 0: its value, bits 1-32: its length in words) and the
//! number of literal words that follow it (bits 33-63).

/// The length of the bitmap at the start of `d`, or `None` if it does not
/// fit.
pub fn len(d: &[u8]) -> Option<usize> {
    let words = be32(d, 4)? as usize;
    let len = words.checked_mul(8)?.checked_add(12)?;
    (len <= d.len()).then_some(len)
}

/// The positions of the set bits, ascending; `None` if the bitmap is
/// malformed or sets a bit at or past `limit`.
pub fn bits(d: &[u8], limit: usize) -> Option<Vec<usize>> {
    let size = be32(d, 0)? as usize;
    let words = be32(d, 4)? as usize;
    if len(d)? != d.len() {
        return None;
    }
    let word = |i: usize| -> Option<u64> {
        let at = 8 + i * 8;
        Some(u64::from_be_bytes(d.get(at..at + 8)?.try_into().ok()?))
    };
    let mut out = Vec::new();
    let mut pos = 0usize;
    let mut i = 0;
    while i < words {
        let marker = word(i)?;
        let run = ((marker >> 1) & 0xffff_ffff) as usize;
        let literals = (marker >> 33) as usize;
        let run_bits = run.checked_mul(64)?;
        if marker & 1 == 1 {
            let end = pos.checked_add(run_bits)?.min(size);
            if end > limit {
                return None;
            }
            out.extend(pos..end);
        }
        pos = pos.checked_add(run_bits)?;
        for k in 0..literals {
            let w = word(i + 1 + k)?;
            for b in 0..64 {
                if w >> b & 1 == 1 {
                    let bit = pos + b;
                    if bit >= size {
                        break;
                    }
                    if bit >= limit {
                        return None;
                    }
                    out.push(bit);
                }
            }
            pos += 64;
        }
        i += 1 + literals;
    }
    Some(out)
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitmap(size: u32, words: &[u64]) -> Vec<u8> {
        let mut d = size.to_be_bytes().to_vec();
        d.extend((words.len() as u32).to_be_bytes());
        for w in words {
            d.extend(w.to_be_bytes());
        }
        d.extend(0u32.to_be_bytes());
        d
    }

    #[test]
    fn runs_and_literals() {
        // A run of one word of ones, then one literal word with bits 1 and 3.
        let d = bitmap(200, &[(1 << 33) | (1 << 1) | 1, 0b1010]);
        assert_eq!(len(&d), Some(d.len()));
        let want: Vec<usize> = (0..64).chain([65, 67]).collect();
        assert_eq!(bits(&d, 200), Some(want));
        // A bit past the limit is refused, not allocated.
        assert_eq!(bits(&d, 66), None);
        // Bits past the bitmap's size do not count.
        assert_eq!(bits(&bitmap(2, &[1 << 33, 0b111]), 10), Some(vec![0, 1]));
        assert_eq!(bits(&d[..d.len() - 1], 200), None);
    }
}
