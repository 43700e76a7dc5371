//! Empty: a package needs a build script for cargo to resolve its build dependencies, and those
//! are what this crate is for (see `Cargo.toml`).

fn main() {}
