//! The little binary format of what `build.rs` makes for a start to read
//! back (the classifier's model, the sheet's words, the resolver's names):
//! little-endian `u32` numbers, strings as a length and UTF-8 bytes, and an
//! FNV-1a fingerprint of what the bytes were made from. The build script
//! compiles this module too, so both sides write and read alike.

/// Appends `n` as four bytes (a larger number is written as `u32::MAX`,
/// which no reader takes for a length that fits).
pub fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

/// Starts bytes made from some data: what they are (`magic`), and the
/// fingerprint of the data.
pub fn put_header(out: &mut Vec<u8>, magic: &[u8], fingerprint: u64) {
    out.extend_from_slice(magic);
    out.extend_from_slice(&fingerprint.to_le_bytes());
}

/// Appends a string: its length, then its bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Appends a list of strings: their number, then each.
pub fn put_strs(out: &mut Vec<u8>, list: &[String]) {
    put_u32(out, list.len());
    for s in list {
        put_str(out, s);
    }
}

/// Reads what the `put_*` functions wrote; every read is `None` past the
/// end or on bytes that are not what was asked for.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The header [`put_header`] wrote, if it is this one: `None` for
    /// other bytes, or bytes made from other data.
    pub fn header(&mut self, magic: &[u8], fingerprint: u64) -> Option<()> {
        (self.take(magic.len())? == magic
            && u64::from_le_bytes(self.take(8)?.try_into().ok()?) == fingerprint)
            .then_some(())
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    /// A number written by [`put_u32`].
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A number written by [`put_u32`], as a `usize`.
    pub fn number(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    /// A string written by [`put_str`], borrowed.
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.number()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A string written by [`put_str`].
    pub fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    /// A list written by [`put_strs`].
    pub fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.number()?;
        // A damaged count cannot make a huge allocation: each string takes
        // at least four bytes.
        let mut out = Vec::with_capacity(n.min(self.0.len() / 4));
        for _ in 0..n {
            out.push(self.string()?);
        }
        Some(out)
    }
}

/// FNV-1a over byte strings, each ended by a byte no UTF-8 text has, so
/// that `["ab", "c"]` and `["a", "bc"]` differ.
pub struct Fingerprint(pub u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl Fingerprint {
    /// Takes in one byte string.
    pub fn eat(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Takes in a list of strings (its length first).
    pub fn eat_all(&mut self, list: &[String]) {
        self.eat(&list.len().to_le_bytes());
        for s in list {
            self.eat(s.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_written_and_nothing_past_the_end() {
        let mut out = Vec::new();
        put_u32(&mut out, 7);
        put_str(&mut out, "Lånekassen");
        put_strs(&mut out, &["a".to_owned(), String::new()]);
        let mut r = Reader(&out);
        assert_eq!(r.number(), Some(7));
        assert_eq!(r.str(), Some("Lånekassen"));
        assert_eq!(r.strings(), Some(vec!["a".to_owned(), String::new()]));
        assert_eq!(r.u32(), None);
        // A length past the end reads nothing.
        let mut r = Reader(&[9, 0, 0, 0, b'a']);
        assert_eq!(r.str(), None);
        let mut a = Fingerprint::default();
        a.eat_all(&["ab".to_owned(), "c".to_owned()]);
        let mut b = Fingerprint::default();
        b.eat_all(&["a".to_owned(), "bc".to_owned()]);
        assert_ne!(a.0, b.0);
    }
}
