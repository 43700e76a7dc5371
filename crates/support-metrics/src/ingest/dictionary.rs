//! Dictionary encoding of text columns: each distinct value gets a code, in order of first
//! appearance.

use std::collections::HashMap;

/// Codes for distinct text values.
#[derive(Debug, Default, Clone)]
pub(crate) struct Dictionary {
    codes: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    values: Vec<String>,
}

impl Dictionary {
    /// The code of `value`, adding it when new.
    pub(crate) fn code(&mut self, value: &str) -> u32 {
        if let Some(&c) = self.codes.get(value) {
            return c;
        }
        let c = self.values.len() as u32;
        self.codes.insert(value.into(), c);
        self.values.push(value.to_owned());
        c
    }

    /// Adds every value of `other` and returns, for each of its codes, the code here.
    pub(crate) fn absorb(&mut self, other: &Dictionary) -> Vec<u32> {
        other.values.iter().map(|v| self.code(v)).collect()
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
        assert_eq!((a.code("x"), a.code("y"), a.code("x")), (0, 1, 0));
        let mut b = Dictionary::default();
        assert_eq!((b.code("z"), b.code("x")), (0, 1));
        // b's z becomes 2 in a; b's x is a's 0.
        assert_eq!(a.absorb(&b), vec![2, 0]);
        assert_eq!(a.into_values(), vec!["x", "y", "z"]);
    }
}
