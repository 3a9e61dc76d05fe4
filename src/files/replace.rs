//! Replacing a record with whole text a person wrote (`incident edit`), without losing a change
//! another writer made meanwhile: the replacement happens only if the record still holds the
//! text the person started from; otherwise the caller gets the record's new text to merge with.

use std::fs;
use std::path::Path;

use crate::files::load::io_problem;
use crate::files::write::{WriteError, lock, write_verified};
use crate::model::record::Incident;

/// What [`replace_if_unchanged`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Replaced {
    /// The record held `expected`; it now holds the new text.
    Written,
    /// Another writer changed the record since `expected` was read: nothing was written, and
    /// this is what the record holds now.
    Moved(Vec<u8>),
}

/// Under the record's lock: when the file at `path` still holds exactly `expected`, replaces it
/// atomically with `bytes` (which must parse to `new`, as every write is verified); otherwise
/// leaves it alone and returns its current bytes. A read-only record is refused.
pub fn replace_if_unchanged(
    path: &Path,
    expected: &[u8],
    bytes: &[u8],
    new: &Incident,
) -> Result<Replaced, WriteError> {
    // Write through a link to the file it names, so the link stays a link.
    let real = fs::canonicalize(path).map_err(|e| WriteError::Load(io_problem(path, &e)))?;
    let _lock = lock(&real)?;
    let current = fs::read(&real).map_err(|e| WriteError::Load(io_problem(path, &e)))?;
    if current != expected {
        return Ok(Replaced::Moved(current));
    }
    let meta = fs::metadata(&real).map_err(|e| WriteError::Load(io_problem(path, &e)))?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    write_verified(&real, bytes, new, false)?;
    Ok(Replaced::Written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::load::parse_bytes;

    const HK: &str = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");

    #[test]
    fn writes_only_over_the_text_it_started_from() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2022-12-18-hk-zone-c.ron");
        fs::write(&path, HK).unwrap();
        let edited = HK.replacen(
            "title: \"Alibaba Cloud",
            "title: \"Edited: Alibaba Cloud",
            1,
        );
        let new = parse_bytes(&path, edited.as_bytes()).unwrap().incident;
        // Someone else wrote first: nothing is written, and their text comes back.
        let theirs = HK.replacen("Zone C outage", "Zone C outage (theirs)", 1);
        fs::write(&path, &theirs).unwrap();
        let got = replace_if_unchanged(&path, HK.as_bytes(), edited.as_bytes(), &new).unwrap();
        assert_eq!(got, Replaced::Moved(theirs.clone().into_bytes()));
        assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
        // Started from what is there: written.
        let got = replace_if_unchanged(&path, theirs.as_bytes(), edited.as_bytes(), &new).unwrap();
        assert_eq!(got, Replaced::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    }
}
