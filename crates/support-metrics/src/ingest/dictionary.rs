//! Dictionary encoding of text columns: each distinct value gets a code, in order of first
//! appearance.

use std::collections::HashMap;

/// Codes for distinct text values.
#[derive(Debug, Default, Clone)]
pub(crate) struct Dictionary {
    codes: HashMap<Box<[u8]>, u32, foldhash::fast::FixedState>,
    values: Vec<String>,
}

impl Dictionary {
    /// The code of `value`, adding it when new; `None` when a new value is not UTF-8.
    #[inline]
    pub(crate) fn code(&mut self, value: &[u8]) -> Option<u32> {
        if let Some(&c) = self.codes.get(value) {
            return Some(c);
        }
        let text = std::str::from_utf8(value).ok()?;
        let c = self.values.len() as u32;
        self.codes.insert(value.into(), c);
        self.values.push(text.to_owned());
        Some(c)
    }

    /// Adds every value of `other` and returns, for each of its codes, the code here.
    pub(crate) fn absorb(&mut self, other: &Dictionary) -> Vec<u32> {
        other
            .values
            .iter()
            .map(|v| self.code(v.as_bytes()).unwrap_or(u32::MAX))
            .collect()
    }

    /// The values, indexed by code.
    pub(crate) fn into_values(self) -> Vec<String> {
        self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_first_appearance_and_merge() {
        let mut a = Dictionary::default();
        assert_eq!(
            (a.code(b"x"), a.code(b"y"), a.code(b"x")),
            (Some(0), Some(1), Some(0))
        );
        let mut b = Dictionary::default();
        assert_eq!((b.code(b"z"), b.code(b"x")), (Some(0), Some(1)));
        assert_eq!(b.code(b"\xff"), None);
        // b's z becomes 2 in a; b's x is a's 0.
        assert_eq!(a.absorb(&b), vec![2, 0]);
        assert_eq!(a.into_values(), vec!["x", "y", "z"]);
    }
}
