//! Path names as git stores them: bytes, almost always UTF-8, kept
//! losslessly in a `String` (docs/reference.md §6.4).
//!
//! A name that is UTF-8 is its own text. In one that is not, every byte
//! that does not decode is kept as a code point of its own, U+10FF00 plus
//! the byte (U+10FF80..=U+10FFFF, the end of Unicode's last private-use
//! plane), so [`to_bytes`] gives back exactly the bytes git has. A name
//! that holds one of those 128 code points itself has their bytes kept the
//! same way, so no two names ever share a text.
//!
//! Text outputs show such a byte as git does, `\377` (a listing C-quotes
//! the whole name); a SARIF URI percent-encodes it, `%FF`; JSON, CSV and
//! the baseline carry the code point itself, which every parser reads as
//! valid UTF-8 and which maps back to the byte.

use std::borrow::Cow;

const BASE: u32 = 0x10_FF00;

/// The byte a code point keeps, if it is one of the kept bytes.
pub(crate) fn raw_byte(c: char) -> Option<u8> {
    let c = c as u32;
    (BASE + 0x80..=BASE + 0xFF)
        .contains(&c)
        .then(|| (c - BASE) as u8)
}

fn kept(b: u8) -> char {
    char::from_u32(BASE + u32::from(b)).expect("a valid code point")
}

/// Whether a name holds bytes that are not UTF-8 (or the reserved code
/// points).
pub fn has_raw(s: &str) -> bool {
    s.chars().any(|c| raw_byte(c).is_some())
}

/// A name for a reader: each kept byte written as git writes it, `\\377`
/// (octal); everything else as it is.
pub fn shown(s: &str) -> Cow<'_, str> {
    if !has_raw(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match raw_byte(c) {
            Some(b) => out.push_str(&format!("\\{b:03o}")),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A name from git's bytes.
pub fn from_bytes(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        if !has_raw(s) {
            return Cow::Borrowed(s);
        }
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if raw_byte(c).is_some() {
                let mut buf = [0u8; 4];
                out.extend(c.encode_utf8(&mut buf).bytes().map(kept));
            } else {
                out.push(c);
            }
        }
        out.extend(chunk.invalid().iter().copied().map(kept));
    }
    Cow::Owned(out)
}

/// The bytes git has for a name.
pub fn to_bytes(s: &str) -> Cow<'_, [u8]> {
    if !has_raw(s) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match raw_byte(c) {
            Some(b) => out.push(b),
            None => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Cow::Owned(out)
}

/// The name as a file system path (relative to the work tree).
#[cfg(unix)]
pub fn to_path(s: &str) -> Cow<'_, std::path::Path> {
    use std::os::unix::ffi::OsStrExt;
    match to_bytes(s) {
        Cow::Borrowed(b) => Cow::Borrowed(std::path::Path::new(std::ffi::OsStr::from_bytes(b))),
        Cow::Owned(b) => {
            use std::os::unix::ffi::OsStringExt;
            Cow::Owned(std::ffi::OsString::from_vec(b).into())
        }
    }
}

/// The name as a file system path (relative to the work tree).
#[cfg(not(unix))]
pub fn to_path(s: &str) -> Cow<'_, std::path::Path> {
    Cow::Borrowed(std::path::Path::new(s))
}

/// A file system path (an argument, a walk of the work tree) as a name.
#[cfg(unix)]
pub fn from_path(p: &std::path::Path) -> Cow<'_, str> {
    use std::os::unix::ffi::OsStrExt;
    from_bytes(p.as_os_str().as_bytes())
}

/// A file system path (an argument, a walk of the work tree) as a name.
#[cfg(not(unix))]
pub fn from_path(p: &std::path::Path) -> Cow<'_, str> {
    p.to_string_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_are_their_own_text() {
        assert!(matches!(
            from_bytes(b"pay/caf\xc3\xa9.go"),
            Cow::Borrowed("pay/café.go")
        ));
        assert!(matches!(to_bytes("pay/café.go"), Cow::Borrowed(_)));
    }

    #[test]
    fn other_bytes_come_back_exactly_and_names_stay_apart() {
        let latin1 = b"pay/caf\xe9.go".to_vec();
        let s = from_bytes(&latin1);
        assert_ne!(s, String::from_utf8_lossy(&latin1), "not U+FFFD");
        assert!(has_raw(&s));
        assert_eq!(to_bytes(&s).as_ref(), &latin1[..]);
        // Two names that U+FFFD would merge stay two names.
        assert_ne!(from_bytes(b"a\xff"), from_bytes(b"a\xfe"));
        // A name holding a reserved code point keeps it.
        let reserved = "x\u{10FF80}".as_bytes().to_vec();
        let s = from_bytes(&reserved);
        assert_ne!(s, from_bytes(b"x\x80"));
        assert_eq!(to_bytes(&s).as_ref(), &reserved[..]);
    }

    #[test]
    fn every_byte_string_round_trips() {
        // Every one- and two-byte string, and some longer mixes.
        let mut cases: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
        for a in (0..=255u8).step_by(3) {
            for b in 0..=255u8 {
                cases.push(vec![a, b]);
            }
        }
        cases.push("é\u{10FFFF}\u{10FF7F}".as_bytes().to_vec());
        cases.push(b"\xf4\x8f\xbe\x80\xc3".to_vec());
        for bytes in cases {
            assert_eq!(
                to_bytes(&from_bytes(&bytes)).as_ref(),
                &bytes[..],
                "{bytes:?}"
            );
        }
    }
}
