//! Replacing a record with whole text a person wrote (`incident edit`), without losing a change
//! another writer made meanwhile: the replacement happens only if the record still holds the
//! text the person started from; otherwise the caller gets the record's new text to merge with.

use std::path::Path;

use crate::files::write::{WriteError, check_writable, open_locked, write_verified};
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
/// leaves it alone and returns its current bytes. A read-only record, one the current user
/// may not write, a FIFO or device, and text over the read limit are refused.
pub fn replace_if_unchanged(
    path: &Path,
    expected: &[u8],
    bytes: &[u8],
    new: &Incident,
) -> Result<Replaced, WriteError> {
    // The same start as every writer: through a link to the file it names (so the link stays
    // a link), under the folder's lock, nothing but a regular file read, and refused when
    // the current user may not write it.
    let (real, _lock, current, meta) = open_locked(path)?;
    if current != expected {
        return Ok(Replaced::Moved(current));
    }
    check_writable(path, &real, &meta)?;
    write_verified(&real, bytes, new, false)?;
    Ok(Replaced::Written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::load::parse_bytes;
    use std::fs;

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

    /// `incident edit` starts like every writer: a FIFO named like the record is refused at
    /// once, never opened for a read that would wait for ever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_at_the_path_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2022-12-18-hk-zone-c.ron");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let new = parse_bytes(&path, HK.as_bytes()).unwrap().incident;
        let err = replace_if_unchanged(&path, b"", HK.as_bytes(), &new).unwrap_err();
        assert!(
            err.to_string()
                .contains("is a named pipe (FIFO), not a regular file"),
            "{err}"
        );
    }
}
