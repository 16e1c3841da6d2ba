//! Which open documents keep their parse tree and analysis cache.
//!
//! A document's text, line index, sites and findings are small (a few times its text); its
//! tree-sitter tree and its [`wslsp::analysis::Incremental`] cache are not (tens of times its
//! text). They pay only while the document is being edited: they let an edit reparse
//! incrementally and re-query only what it touched. So only the documents refreshed most
//! recently keep them, within a bound by count and by estimated bytes (the `parseTrees`
//! setting, [`Limits`]); the others drop them and, when edited again, parse their text anew
//! (one full parse, then incremental again). The project indexes count in the same byte
//! bound.
//!
//! The lanes call [`Trees::touch`] after each refresh that left a tree; it answers which other
//! documents must drop theirs, which the dispatcher then tells their lanes (a document's
//! state belongs to its lane alone).

use std::collections::VecDeque;
use std::sync::Mutex;

use tower_lsp_server::ls_types::Uri;

/// How many documents may keep a tree, and how many bytes (estimated) the trees, their
/// analysis caches and the project indexes may take together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Documents that keep a tree (at least one: the document being edited always does).
    pub documents: usize,
    /// Bytes for the trees, the analysis caches and the project indexes, estimated.
    pub bytes: usize,
}

impl Default for Limits {
    /// Eight documents, 64 MiB: the trees of many small documents, or of one 20,000-line one
    /// (37 MiB with its analysis cache), so that a hundred such documents open stay within
    /// 300 MB in all.
    fn default() -> Self {
        Limits {
            documents: 8,
            bytes: 64 * 1024 * 1024,
        }
    }
}

/// The documents that hold a tree, least recently refreshed first, with their estimated cost
/// in bytes.
#[derive(Default)]
pub struct Trees {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    limits: Limits,
    held: VecDeque<(Uri, usize)>,
    /// Bytes the project indexes take (estimated), counted against [`Limits::bytes`].
    indexes: usize,
}

impl Inner {
    /// Drops the least recently refreshed entries (never the newest) until the rest fit.
    fn evict(&mut self) -> Vec<Uri> {
        let mut total: usize = self.indexes + self.held.iter().map(|(_, b)| b).sum::<usize>();
        let mut evicted = Vec::new();
        while self.held.len() > 1
            && (self.held.len() > self.limits.documents.max(1) || total > self.limits.bytes)
        {
            let Some((uri, bytes)) = self.held.pop_front() else {
                break;
            };
            total -= bytes;
            evicted.push(uri);
        }
        evicted
    }
}

impl Trees {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records that `uri` was just refreshed and holds a tree costing `bytes` (estimated);
    /// returns the documents that must drop theirs to stay within the limits.
    pub fn touch(&self, uri: &Uri, bytes: usize) -> Vec<Uri> {
        let mut inner = self.inner();
        inner.held.retain(|(held, _)| held != uri);
        inner.held.push_back((uri.clone(), bytes));
        inner.evict()
    }

    /// `uri` holds no tree any more (dropped, closed).
    pub fn forget(&self, uri: &Uri) {
        self.inner().held.retain(|(held, _)| held != uri);
    }

    /// Whether `uri` may keep its tree.
    pub fn holds(&self, uri: &Uri) -> bool {
        self.inner().held.iter().any(|(held, _)| held == uri)
    }

    /// New limits; returns the documents that must drop their trees.
    pub fn set_limits(&self, limits: Limits) -> Vec<Uri> {
        let mut inner = self.inner();
        inner.limits = limits;
        inner.evict()
    }

    /// The project indexes now take `bytes` (estimated); returns the documents that must drop
    /// their trees.
    pub fn set_index_bytes(&self, bytes: usize) -> Vec<Uri> {
        let mut inner = self.inner();
        inner.indexes = bytes;
        inner.evict()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(n: usize) -> Uri {
        format!("file:///d{n}.js").parse().unwrap()
    }

    #[test]
    fn the_least_recently_refreshed_drop_their_trees_first() {
        let trees = Trees::default();
        trees.set_limits(Limits {
            documents: 2,
            bytes: 100,
        });
        assert!(trees.touch(&uri(0), 10).is_empty());
        assert!(trees.touch(&uri(1), 10).is_empty());
        assert!(
            trees.touch(&uri(0), 10).is_empty(),
            "a refresh moves it last"
        );
        assert_eq!(trees.touch(&uri(2), 10), [uri(1)]);
        assert!(trees.holds(&uri(0)) && !trees.holds(&uri(1)));
        // By bytes: the newest stays even when it alone is over.
        assert_eq!(trees.touch(&uri(3), 85), [uri(0)]);
        assert_eq!(trees.touch(&uri(4), 500), [uri(2), uri(3)]);
        assert!(trees.holds(&uri(4)));
        assert_eq!(trees.set_index_bytes(10), Vec::<Uri>::new());
        trees.forget(&uri(4));
        assert!(!trees.holds(&uri(4)));
    }
}
