//! The persistent cache (as ruff's): for each file, the analyses it gave, each under a key
//! made of its exact bytes, the options it was analysed with and, for an analysis that read the
//! project index, the index's [`crate::index::ProjectIndex::digest`]. A file whose key matches
//! is neither parsed nor analysed again: its sites, findings and facts come from the cache.
//!
//! One cache file per cache directory, written whole at the end of a run through a temporary
//! file renamed over the old one, so that two concurrent runs never leave a torn file (the
//! last one wins). The file starts with a stamp naming the wslsp build that wrote it; a file
//! from another build, or one that cannot be decoded (truncated, corrupt), is ignored and
//! rewritten, never trusted.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, Options};

/// The name of the cache directory at a project's root.
pub const DIR_NAME: &str = ".wslsp_cache";

/// The cache file inside the cache directory.
const FILE_NAME: &str = "files.bin";

const MAGIC: &str = "wslsp-cache-1";

/// Which analysis of a file an entry holds: a file has at most one of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The file analysed alone, as the walk does.
    Alone = 0,
    /// Its facts, analysed for the index in a round of [`crate::workspace::Indexer::finish`].
    Round = 1,
    /// The file analysed again with its project's index.
    Indexed = 2,
}

/// A cached analysis, and whether the file was parsed for it
/// ([`crate::analysis::FileAnalysis::parsed`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cached {
    key: u64,
    pub parsed: bool,
    pub analysis: Analysis,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entry {
    slots: [Option<Cached>; 3],
}

#[derive(Serialize, Deserialize)]
struct Header {
    magic: String,
    stamp: String,
}

/// The cache of one run. Shared by the walker's threads; does nothing when disabled.
#[derive(Debug, Default)]
pub struct Cache {
    /// The cache file; `None`: caching is off.
    file: Option<PathBuf>,
    stamp: String,
    entries: Mutex<HashMap<PathBuf, Entry>>,
    changed: AtomicBool,
}

impl Cache {
    /// No caching: every lookup misses and nothing is written.
    pub fn disabled() -> Cache {
        Cache::default()
    }

    /// The cache kept in the directory `dir`, as the running wslsp wrote it last; empty when
    /// there is none yet, or when the file is from another build or cannot be decoded.
    pub fn open(dir: &Path) -> Cache {
        let stamp = build_stamp();
        let file = dir.join(FILE_NAME);
        let entries = std::fs::read(&file)
            .ok()
            .and_then(|bytes| decode(&bytes, &stamp))
            .unwrap_or_default();
        Cache {
            file: Some(file),
            stamp,
            entries: Mutex::new(entries),
            changed: AtomicBool::new(false),
        }
    }

    /// The analysis stored for the file at `path` (absolute) for `purpose` under `key`.
    pub fn get(&self, path: &Path, purpose: Purpose, key: u64) -> Option<Cached> {
        self.file.as_ref()?;
        let entries = self.entries.lock().unwrap();
        let slot = entries.get(path)?.slots[purpose as usize].as_ref()?;
        (slot.key == key).then(|| slot.clone())
    }

    /// Stores `analysis` for the file at `path` (absolute) for `purpose` under `key`.
    pub fn put(&self, path: &Path, purpose: Purpose, key: u64, parsed: bool, analysis: &Analysis) {
        if self.file.is_none() {
            return;
        }
        let mut entries = self.entries.lock().unwrap();
        entries.entry(path.to_path_buf()).or_default().slots[purpose as usize] = Some(Cached {
            key,
            parsed,
            analysis: analysis.clone(),
        });
        self.changed.store(true, Ordering::Relaxed);
    }

    /// Writes the cache if this run changed it: to a temporary file in the cache directory,
    /// then renamed over the cache file. The directory is created with a `.gitignore` that
    /// keeps it out of version control.
    ///
    /// # Errors
    /// When the directory or the file cannot be written.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        if !self.changed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(
                &ignore,
                "# Created by wslsp: the cache is not for version control.\n*\n",
            )?;
        }
        let header = Header {
            magic: MAGIC.into(),
            stamp: self.stamp.clone(),
        };
        let entries = self.entries.lock().unwrap();
        let mut bytes = postcard::to_stdvec(&header).map_err(std::io::Error::other)?;
        bytes.extend(postcard::to_stdvec(&*entries).map_err(std::io::Error::other)?);
        let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
        temporary.write_all(&bytes)?;
        temporary.persist(file).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The entries of a cache file's `bytes` if it was written by the build `stamp`.
fn decode(bytes: &[u8], stamp: &str) -> Option<HashMap<PathBuf, Entry>> {
    let (header, rest) = postcard::take_from_bytes::<Header>(bytes).ok()?;
    if header.magic != MAGIC || header.stamp != stamp {
        return None;
    }
    postcard::from_bytes(rest).ok()
}

/// What names this build of wslsp: its version and its executable's size and modification
/// time, so that a rebuilt binary never reads what an older one cached.
fn build_stamp() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The key of an analysis of `bytes` with `options`, in a `context` that holds whatever else
/// the analysis depended on (the index's digest, a size limit). An xxh3 hash of all three.
pub fn key(bytes: &[u8], options: &Options, context: impl Hash) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(bytes);
    options.hash(&mut hasher);
    context.hash(&mut hasher);
    hasher.finish()
}

/// Reads an id and finds it in its table with `lookup`, for the table's own `&'static str`;
/// an id the table lacks fails the decoding (the cache entry is not trusted).
fn table_id<'de, D: serde::Deserializer<'de>>(
    d: D,
    lookup: fn(&str) -> Option<&'static str>,
    what: &str,
) -> Result<&'static str, D::Error> {
    let id = String::deserialize(d)?;
    lookup(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown {what} {id}")))
}

/// Serializes a library id ([`crate::libraries::LibraryId`]) as its text and reads it back
/// through the library tables.
pub(crate) mod library_id {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let lookup = |id: &str| crate::libraries::by_id(id).map(|l| l.id.as_str());
        super::table_id(d, lookup, "library")
    }
}

/// As [`library_id`], for rule ids ([`crate::rules::RuleId`]).
pub(crate) mod rule_id {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        super::table_id(
            d,
            |id| crate::rules::by_id(id).map(|r| r.id.as_str()),
            "rule",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis_of(text: &str) -> Analysis {
        let tree =
            crate::analysis::parse(crate::languages::Language::JavaScript, text, None).unwrap();
        crate::analysis::analyze_tree_within(
            crate::languages::Language::JavaScript,
            &tree,
            text,
            &Options::default(),
            &crate::budget::Budget::unlimited(),
            None,
        )
        .unwrap()
    }

    #[test]
    fn an_analysis_comes_back_as_it_was_stored() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "const WebSocket = require('ws');\nconst ws = new WebSocket('x');\nws.close(1005);\n";
        let analysis = analysis_of(text);
        assert!(!analysis.findings.is_empty());
        let key = key(text.as_bytes(), &Options::default(), 0);
        let cache = Cache::open(dir.path());
        cache.put(Path::new("/p/a.js"), Purpose::Alone, key, true, &analysis);
        cache.save().unwrap();
        let again = Cache::open(dir.path());
        let cached = again
            .get(Path::new("/p/a.js"), Purpose::Alone, key)
            .unwrap();
        assert_eq!(cached.analysis, analysis);
        assert!(
            again
                .get(Path::new("/p/a.js"), Purpose::Alone, key ^ 1)
                .is_none()
        );
        assert!(
            again
                .get(Path::new("/p/a.js"), Purpose::Indexed, key)
                .is_none()
        );
        assert!(dir.path().join(".gitignore").exists());
    }

    #[test]
    fn a_corrupt_truncated_or_foreign_cache_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let text = "const WebSocket = require('ws');\nnew WebSocket('x').close(1005);\n";
        let cache = Cache::open(dir.path());
        cache.put(
            Path::new("/a.js"),
            Purpose::Alone,
            1,
            true,
            &analysis_of(text),
        );
        cache.save().unwrap();
        let file = dir.path().join(FILE_NAME);
        let bytes = std::fs::read(&file).unwrap();
        for broken in [
            bytes[..bytes.len() / 2].to_vec(),
            bytes.iter().map(|b| b ^ 0x5a).collect(),
            Vec::new(),
        ] {
            std::fs::write(&file, &broken).unwrap();
            assert!(
                Cache::open(dir.path())
                    .get(Path::new("/a.js"), Purpose::Alone, 1)
                    .is_none()
            );
        }
        std::fs::write(&file, &bytes).unwrap();
        assert!(decode(&bytes, "another build").is_none());
        assert!(decode(&bytes, &build_stamp()).is_some());
    }

    #[test]
    fn keys_change_with_the_bytes_the_options_and_the_index() {
        let options = Options::default();
        let browser = Options {
            browser: true,
            ..Options::default()
        };
        let k = key(b"ws.close(1000)", &options, 0);
        assert_ne!(k, key(b"ws.close(1001)", &options, 0));
        assert_ne!(k, key(b"ws.close(1000)", &browser, 0));
        assert_ne!(k, key(b"ws.close(1000)", &options, 7));
        assert_eq!(k, key(b"ws.close(1000)", &options, 0));
    }
}
