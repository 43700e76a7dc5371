//! Feature unification for the supportctl workspace; it holds no code. See its `Cargo.toml`.
