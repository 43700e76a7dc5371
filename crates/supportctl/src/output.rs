//! Where results go: stdout, or `--output FILE` written atomically.
//!
//! A regular file (or a new path) is written to a temporary file in the same folder and renamed
//! over the target only when the whole result has been written, so a failed run never leaves a
//! half file. A device or a pipe (`/dev/stdout`, a FIFO) is written directly. A path that names
//! one of the inputs is refused.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::UsageError;
use crate::settings::same_file;

/// An open destination for a command's data.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file to be renamed over `path`.
    Atomic {
        /// The temporary file.
        file: BufWriter<NamedTempFile>,
        /// The final path.
        path: PathBuf,
    },
    /// A device or pipe, written in place.
    Direct(BufWriter<File>),
}

impl Output {
    /// Opens `path` (or stdout when `None`), refusing any of `inputs`.
    pub fn open(path: Option<&Path>, inputs: &[PathBuf]) -> Result<Output> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        };
        if inputs.iter().any(|input| same_file(input, path)) {
            return Err(UsageError(format!(
                "--output {} is one of the inputs; supportctl never writes to its inputs, choose another file",
                path.display()
            ))
            .into());
        }
        // Write through a symbolic link to the file it names, never replacing the link itself.
        let resolved = std::fs::canonicalize(path).ok();
        let path = resolved.as_deref().unwrap_or(path);
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
        {
            if meta.is_dir() {
                return Err(UsageError(format!(
                    "--output {} is a folder; name a file",
                    path.display()
                ))
                .into());
            }
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            return Ok(Output::Direct(BufWriter::new(file)));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = temporary_in(dir, path)
            .with_context(|| format!("cannot create a file in {}", dir.display()))?;
        Ok(Output::Atomic {
            file: BufWriter::new(file),
            path: path.to_path_buf(),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::Atomic { file, .. } => file,
            Output::Direct(w) => w,
        }
    }

    /// Flushes and, for a file, moves it into place. Dropping without `finish` discards the
    /// temporary file.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush()?,
            Output::Direct(mut w) => w.flush()?,
            Output::Atomic { file, path } => {
                let file = file.into_inner().map_err(|e| e.into_error())?;
                file.as_file().sync_all()?;
                file.persist(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        Ok(())
    }
}

/// A temporary file in `dir` with the permissions the target has, or 0644 for a new file.
#[cfg(unix)]
fn temporary_in(dir: &Path, target: &Path) -> io::Result<NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = std::fs::metadata(target)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
    tempfile::Builder::new()
        .prefix(".supportctl-")
        .permissions(permissions)
        .tempfile_in(dir)
}

/// A temporary file in `dir`.
#[cfg(not(unix))]
fn temporary_in(dir: &Path, _target: &Path) -> io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".supportctl-")
        .tempfile_in(dir)
}
