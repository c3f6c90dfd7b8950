//! The bundled paragraphs' tantivy index, written ahead of time and read
//! from bytes in the binary.
//!
//! Building the index in memory at the first search took ~20 M of the
//! ~87 M instructions of a one-question `ask` that searches, and most of the
//! difference in peak RSS between such a question and one that does not
//! search (the writer's term table, the documents, the indexing). The
//! index of the bundled sheet is the same at every start, so
//! `faktabot index` writes its files once into `knowledge/search-index.bin`
//! ([`encode`]), the binary embeds them, and [`Frozen`] serves them to
//! tantivy as a read-only [`Directory`] without a copy.
//!
//! The bytes begin with a [`fingerprint`] of what the index was made from:
//! the paragraphs with their build-time words ([`crate::sheetwords`], so the
//! text analysis too), their parts, and tantivy's version. An index whose
//! fingerprint is not that of the paragraphs being searched is never used:
//! the index is then built in memory as before, so the bytes can make a
//! search start sooner but never change what it finds. A test checks that
//! the bundled bytes are current and that they find what the index built
//! in memory finds.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};

/// What the bytes begin with.
const MAGIC: &[u8] = b"faktabot search index 1\n";

/// A number for what an index is made from: the paragraphs' build-time
/// words (which hold the paragraphs' text), each paragraph's part, and
/// tantivy's version (two CRC-32s, of the words and of the rest).
#[must_use]
pub fn fingerprint(words: &[u8], sources: &[(String, String)]) -> u64 {
    let of_words = crc32fast::hash(words);
    let mut rest = crc32fast::Hasher::new();
    rest.update(tantivy::version_string().as_bytes());
    for (text, part) in sources {
        rest.update(&(text.len() as u64).to_le_bytes());
        rest.update(part.as_bytes());
        rest.update(&[0]);
    }
    (u64::from(of_words) << 32) | u64::from(rest.finalize())
}

/// The files of an index (by name) as bytes, with the fingerprint of what
/// it was made from first; the names in order, so that the same files give
/// the same bytes.
#[must_use]
pub fn encode(fingerprint: u64, files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&fingerprint.to_le_bytes());
    out.extend_from_slice(&(files.len() as u64).to_le_bytes());
    for (name, data) in files {
        let name = name.to_string_lossy();
        out.extend_from_slice(&(name.len() as u64).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// An index's files served from bytes, read only.
#[derive(Clone, Debug)]
pub struct Frozen {
    files: Arc<BTreeMap<PathBuf, &'static [u8]>>,
}

impl Frozen {
    /// The files of `bytes` ([`encode`]) when they were made from what
    /// `fingerprint` numbers; `None` for other or broken bytes.
    #[must_use]
    pub fn decode(bytes: &'static [u8], fingerprint: u64) -> Option<Frozen> {
        let mut r = Reader(bytes.strip_prefix(MAGIC)?);
        if u64::try_from(r.number()?).ok()? != fingerprint {
            return None;
        }
        let count = r.number()?;
        let mut files = BTreeMap::new();
        for _ in 0..count {
            let n = r.number()?;
            let name = std::str::from_utf8(r.take(n)?).ok()?;
            let n = r.number()?;
            files.insert(PathBuf::from(name), r.take(n)?);
        }
        r.0.is_empty().then(|| Frozen {
            files: Arc::new(files),
        })
    }

    /// The names of its files.
    pub fn names(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }
}

/// What is left of the bytes being read.
struct Reader(&'static [u8]);

impl Reader {
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    fn number(&mut self) -> Option<usize> {
        let n = self.take(8)?;
        usize::try_from(u64::from_le_bytes(n.try_into().ok()?)).ok()
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the bundled index is read only",
    )
}

impl Directory for Frozen {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.files.get(path) {
            Some(data) => Ok(Arc::new(*data)),
            None => Err(OpenReadError::FileDoesNotExist(path.to_owned())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_owned(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_owned(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.files.get(path) {
            Some(data) => Ok(data.to_vec()),
            None => Err(OpenReadError::FileDoesNotExist(path.to_owned())),
        }
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing writes or collects files here, so no lock is needed (the
    /// default takes one by writing a file).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_back_only_for_their_fingerprint() {
        let files: BTreeMap<PathBuf, Vec<u8>> = [
            (PathBuf::from("meta.json"), b"{}".to_vec()),
            (PathBuf::from("a.idx"), vec![1, 2, 3]),
        ]
        .into_iter()
        .collect();
        let bytes: &'static [u8] = encode(7, &files).leak();
        let frozen = Frozen::decode(bytes, 7).unwrap();
        assert_eq!(
            frozen.atomic_read(Path::new("a.idx")).unwrap(),
            vec![1, 2, 3]
        );
        assert!(frozen.exists(Path::new("meta.json")).unwrap());
        assert!(!frozen.exists(Path::new("b.idx")).unwrap());
        assert!(frozen.atomic_write(Path::new("meta.json"), b"x").is_err());
        assert!(Frozen::decode(bytes, 8).is_none());
        assert!(Frozen::decode(&bytes[..bytes.len() - 1], 7).is_none());
        assert!(Frozen::decode(b"", 7).is_none());
    }

    #[test]
    fn the_fingerprint_changes_with_a_word_or_a_part() {
        let sources = vec![("Tekst".to_owned(), "kdd".to_owned())];
        let a = fingerprint(b"words", &sources);
        assert_ne!(a, fingerprint(b"wordz", &sources));
        assert_ne!(
            a,
            fingerprint(b"words", &[("Tekst".to_owned(), "kud".to_owned())])
        );
        assert_eq!(a, fingerprint(b"words", &sources));
    }
}
