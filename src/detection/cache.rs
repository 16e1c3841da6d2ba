//! The query's results per part of a file's tree, kept across edits for the language server.
//!
//! After an edit and tree-sitter's incremental reparse, a part whose node the reparse reused
//! (the same node id, away from the edit) keeps its cached matches, shifted; every other part
//! is queried again. The matches that differ from before decide what is resolved again: only
//! the candidates they name, unless one of them carries a file-wide fact (a mark, a scope, a
//! binding, a constant), which can change any site's library or role.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Node, QueryCursor, Tree};

use super::{
    Ancestors, Candidate, CandidateKey, Capture, CloseSite, Context, Extra, Resolutions, add_match,
    empty_facts, for_each_match, is_file_wide, macros, resolve, sort_sites,
};
use crate::budget::{Budget, Stop};
use crate::facts::FileFacts;
use crate::index::FileScope;
use crate::languages::Language;

/// A text edit as tree-sitter sees it: bytes `start..old_end` became `start..new_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteEdit {
    /// Byte offset where the edit starts, the same in the old and the new text.
    pub start: usize,
    /// Byte offset in the old text where the replaced bytes ended.
    pub old_end: usize,
    /// Byte offset in the new text where the inserted bytes end.
    pub new_end: usize,
}

impl ByteEdit {
    /// This edit followed by `next` (whose offsets are in the text after this one), as one edit.
    pub fn then(self, next: ByteEdit) -> ByteEdit {
        let end = self.new_end.max(next.old_end);
        ByteEdit {
            start: self.start.min(next.start),
            old_end: end + self.old_end - self.new_end,
            new_end: end + next.new_end - next.old_end,
        }
    }

    /// Maps a byte offset in the old text to the new text: unchanged before the edit, shifted
    /// after it, and the end of the inserted bytes inside it.
    pub fn map(self, offset: usize) -> usize {
        if offset <= self.start {
            offset
        } else if offset >= self.old_end {
            offset + self.new_end - self.old_end
        } else {
            self.new_end
        }
    }

    /// Whether a byte range of the new text overlaps or touches the inserted bytes.
    pub fn touches_new(self, range: &Range<usize>) -> bool {
        range.start <= self.new_end && self.start <= range.end
    }

    /// Whether an old byte range overlaps or touches the replaced bytes.
    fn touches(self, range: &Range<usize>) -> bool {
        range.start <= self.old_end && self.start <= range.end
    }
}

/// One query match as plain data: its pattern and captures.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct PlainMatch {
    pub(super) pattern: usize,
    pub(super) captures: Vec<Capture>,
}

impl PlainMatch {
    fn shift(&mut self, map: &dyn Fn(usize) -> usize) {
        for capture in &mut self.captures {
            capture.shift(map);
        }
    }
}

/// The matches of a part of the tree: either every match rooted at one node (`exact`, a node
/// on the path to the chunks), or every match rooted anywhere in one node's subtree (a chunk).
#[derive(Debug, Clone)]
struct Entry {
    range: Range<usize>,
    /// tree-sitter's id of the node: a reparse keeps it for every subtree it reuses as is.
    id: usize,
    shape: Shape,
    exact: bool,
    /// How many entries this one's run holds: itself and, when exact, every entry below it.
    len: usize,
    matches: Vec<PlainMatch>,
}

/// A subtree at most this long is one chunk; a longer node is queried for the matches rooted
/// at it alone, and its children are split in turn.
const CHUNK_BYTES: usize = 2048;

/// The close sites of the last [`FactCache::detect`], with their candidates' keys, and what
/// they were resolved against.
#[derive(Debug, Clone)]
struct Resolved {
    context: Context,
    sites: Vec<(CandidateKey, CloseSite)>,
    extras: Vec<(CandidateKey, Extra)>,
    /// The project index the sites were resolved against: its root and generation.
    against: Option<(std::path::PathBuf, u64)>,
}

/// What must be resolved again at the next [`FactCache::detect`].
#[derive(Debug, Clone)]
enum Dirty {
    /// Every candidate: the cache is new, or a file-wide fact changed.
    All,
    /// Only these candidates (none when the edit changed no match).
    Keys(HashSet<CandidateKey>),
}

/// The query's matches over one file, cached per part of the tree, and the sites last resolved
/// from them; [`FactCache::detect`] gives what [`super::detect`] gives on the same tree.
#[derive(Debug, Clone)]
pub struct FactCache {
    /// In preorder of their nodes: sorted by start, an exact entry before the parts inside it.
    entries: Vec<Entry>,
    resolved: Option<Resolved>,
    dirty: Dirty,
    /// The libraries whose own code the file is ([`FactCache::set_own_libraries`]).
    own: &'static [&'static str],
}

/// The close sites of one [`FactCache::detect`], in source order.
#[derive(Debug, Clone)]
pub struct Detected {
    /// The file's close sites, as [`super::detect`] gives them (byte offsets in the new text).
    pub sites: Vec<CloseSite>,
    /// What the file tells its project's index.
    pub facts: FileFacts,
    /// For each site, its index among the previous `detect`'s sites when it is that site
    /// carried over (only its offsets moved by the edit); `None` when resolved anew.
    pub kept: Vec<Option<usize>>,
}

impl FactCache {
    /// Queries the whole tree, part by part; gives up when `budget` runs out.
    pub fn build(
        language: Language,
        tree: &Tree,
        source: &[u8],
        budget: &Budget,
    ) -> Result<FactCache, Stop> {
        let mut walk = Walk::new(language, source, None, Vec::new(), budget);
        walk.visit(tree.root_node())?;
        Ok(FactCache {
            entries: walk.entries,
            resolved: None,
            dirty: Dirty::All,
            own: &[],
        })
    }

    /// Sets the libraries whose own code the file is (library ids from its project's
    /// manifests): they count as evidence at the next [`FactCache::detect`]. A change resolves
    /// every candidate again.
    pub fn set_own_libraries(&mut self, own: &'static [&'static str]) {
        if self.own != own {
            self.own = own;
            self.dirty = Dirty::All;
        }
    }

    /// Brings the cache to `tree`, which tree-sitter reparsed from the tree the cache was last
    /// brought up to date with after [`Tree::edit`] with `edit` (several edits merged with
    /// [`ByteEdit::then`]). Parts whose nodes the reparse reused are kept, shifted; the rest
    /// is queried again. When `budget` runs out the cache is left empty: build it anew.
    pub fn update(
        &mut self,
        language: Language,
        edit: ByteEdit,
        tree: &Tree,
        source: &[u8],
        budget: &Budget,
    ) -> Result<(), Stop> {
        let old = std::mem::take(&mut self.entries);
        let mut walk = Walk::new(language, source, Some(edit), old, budget);
        walk.visit(tree.root_node())?;
        let map = |p: usize| edit.map(p);
        // The matches of the parts that were not kept, in new offsets, against the fresh ones.
        let mut before: Vec<PlainMatch> = Vec::new();
        let mut exact_before: Vec<Range<usize>> = Vec::new();
        for (entry, kept) in walk.old.iter_mut().zip(&walk.kept) {
            if !kept {
                if entry.exact {
                    exact_before.push(map(entry.range.start)..map(entry.range.end));
                }
                for mut m in std::mem::take(&mut entry.matches) {
                    m.shift(&map);
                    before.push(m);
                }
            }
        }
        let fresh: Vec<&Entry> = walk.fresh.iter().map(|&i| &walk.entries[i]).collect();
        let mut exact_after: Vec<Range<usize>> = fresh
            .iter()
            .filter(|e| e.exact)
            .map(|e| e.range.clone())
            .collect();
        let after: Vec<&PlainMatch> = fresh.iter().flat_map(|e| &e.matches).collect();
        exact_before.sort_by_key(|r| (r.start, r.end));
        exact_after.sort_by_key(|r| (r.start, r.end));
        let changed = if exact_before == exact_after {
            changed_candidates(language, &before, &after)
        } else {
            // The nesting of the large nodes changed: the ancestors of kept parts may differ.
            None
        };
        self.dirty = match (&self.dirty, changed) {
            (Dirty::Keys(pending), Some(keys)) if pending.is_empty() => Dirty::Keys(keys),
            _ => Dirty::All,
        };
        if let Some(resolved) = &mut self.resolved {
            resolved.context.shift(&map);
            for (key, site) in &mut resolved.sites {
                *key = (map(key.0), map(key.1), key.2);
                shift_site(site, &map);
            }
            for (key, extra) in &mut resolved.extras {
                *key = (map(key.0), map(key.1), key.2);
                extra.shift(&map);
            }
        }
        self.entries = walk.entries;
        Ok(())
    }

    /// The close sites of the file the cache is current for, as [`super::detect`] finds them:
    /// sites whose facts did not change are carried over; the rest are resolved from the
    /// cached matches. `tree` is the tree the cache is current for. When `budget` runs out
    /// the cache must be built anew.
    pub fn detect(
        &mut self,
        language: Language,
        tree: &Tree,
        source: &[u8],
        budget: &Budget,
        project: Option<FileScope>,
    ) -> Result<Detected, Stop> {
        let against = project.map(|p| (p.index.root().to_path_buf(), p.index.generation()));
        let parent = self.parents();
        // Code expressions whose ancestors the parts do not hold: looked up in one walk.
        let outside = self
            .entries
            .iter()
            .flat_map(|e| &e.matches)
            .flat_map(|m| &m.captures)
            .filter_map(|c| match &c.value {
                super::Value::Code(Some(code)) if code.inner.is_none() => Some(code.target()),
                _ => None,
            });
        let found = Ancestors::find(tree.root_node(), outside, budget)?;
        let ancestors_of = |c: &Candidate| {
            let Some(code) = &c.code else {
                return Vec::new();
            };
            match (&code.inner, c.part) {
                (Some(inner), Some(part)) => {
                    let mut all = inner.clone();
                    let mut at = parent[part];
                    while let Some(p) = at
                        && all.len() < super::ancestors::MAX_ANCESTORS
                    {
                        all.push(self.entries[p].range.clone());
                        at = parent[p];
                    }
                    all
                }
                _ => found.of(&code.target()),
            }
        };
        let mut dirty = std::mem::replace(&mut self.dirty, Dirty::Keys(HashSet::new()));
        if self.resolved.as_ref().is_some_and(|r| r.against != against) {
            dirty = Dirty::All;
        }
        let (resolved, kept) = match (self.resolved.take(), dirty) {
            (Some(previous), Dirty::Keys(keys)) => {
                let mut facts = empty_facts();
                let call = language.query().capture_index_for_name("close.call");
                for (i, entry) in self.entries.iter().enumerate() {
                    if !keys
                        .iter()
                        .any(|k| entry.range.start <= k.0 && k.1 <= entry.range.end)
                    {
                        continue;
                    }
                    for m in &entry.matches {
                        if call_key(m, call).is_some_and(|k| keys.contains(&k)) {
                            add_match(language, &mut facts, m.pattern, &m.captures, Some(i));
                        }
                    }
                }
                let anew = if facts.candidates.is_empty() {
                    Resolutions::default()
                } else {
                    let marks = previous.context.index();
                    resolve(
                        language,
                        facts.candidates,
                        &previous.context,
                        &marks,
                        &ancestors_of,
                        project,
                        budget,
                    )?
                };
                let mut extras: Vec<(CandidateKey, Extra)> = previous
                    .extras
                    .into_iter()
                    .filter(|(key, _)| !keys.contains(key))
                    .chain(anew.extras)
                    .collect();
                extras.sort_by_key(|(key, _)| *key);
                let mut merged: Vec<(CandidateKey, CloseSite, Option<usize>)> = previous
                    .sites
                    .into_iter()
                    .enumerate()
                    .filter(|(_, (key, _))| !keys.contains(key))
                    .map(|(i, (key, site))| (key, site, Some(i)))
                    .chain(anew.sites.into_iter().map(|(key, site)| (key, site, None)))
                    .collect();
                sort_sites(&mut merged, |(key, site, _)| (key, site));
                let (sites, kept) = merged
                    .into_iter()
                    .map(|(key, site, kept)| ((key, site), kept))
                    .unzip();
                (
                    Resolved {
                        context: previous.context,
                        sites,
                        extras,
                        against,
                    },
                    kept,
                )
            }
            _ => {
                let mut facts = empty_facts();
                for (i, entry) in self.entries.iter().enumerate() {
                    for m in &entry.matches {
                        add_match(language, &mut facts, m.pattern, &m.captures, Some(i));
                    }
                }
                let context = Context::of(language, &mut facts, self.own);
                let marks = context.index();
                let all = resolve(
                    language,
                    facts.candidates,
                    &context,
                    &marks,
                    &ancestors_of,
                    project,
                    budget,
                )?;
                let kept = vec![None; all.sites.len()];
                let resolved = Resolved {
                    context,
                    sites: all.sites,
                    extras: all.extras,
                    against,
                };
                (resolved, kept)
            }
        };
        let sites = resolved.sites.iter().map(|(_, s)| s.clone()).collect();
        let facts = super::file_facts(&resolved.context, &resolved.extras, source);
        self.resolved = Some(resolved);
        Ok(Detected { sites, facts, kept })
    }

    /// Each entry's innermost enclosing exact entry, by one sweep over the entries in
    /// preorder (exact entries nest as their nodes do).
    fn parents(&self) -> Vec<Option<usize>> {
        let mut parent = Vec::with_capacity(self.entries.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            while open
                .last()
                .is_some_and(|&top| top + self.entries[top].len <= i)
            {
                open.pop();
            }
            parent.push(open.last().copied());
            if entry.exact {
                open.push(i);
            }
        }
        parent
    }
}

/// The candidates whose facts differ between the matches `before` (in new offsets) and
/// `after`, compared as multisets; `None` when a differing match carries a file-wide fact.
fn changed_candidates(
    language: Language,
    before: &[PlainMatch],
    after: &[&PlainMatch],
) -> Option<HashSet<CandidateKey>> {
    let mut count: HashMap<&PlainMatch, isize> = HashMap::new();
    for m in before {
        *count.entry(m).or_default() -= 1;
    }
    for m in after {
        *count.entry(m).or_default() += 1;
    }
    let query = language.query();
    let names = query.capture_names();
    let call = query.capture_index_for_name("close.call");
    let mut keys = HashSet::new();
    for (m, n) in count {
        if n == 0 {
            continue;
        }
        if m.captures
            .iter()
            .any(|c| is_file_wide(names[c.index as usize]))
        {
            return None;
        }
        keys.extend(call_key(m, call));
    }
    Some(keys)
}

/// The key of the candidate a match contributes to, if it captures a call.
fn call_key(m: &PlainMatch, call: Option<u32>) -> Option<CandidateKey> {
    let c = m.captures.iter().find(|c| Some(c.index) == call)?;
    Some((c.range.start, c.range.end, c.kind))
}

/// Maps every byte offset of a site with `map`.
fn shift_site(site: &mut CloseSite, map: &dyn Fn(usize) -> usize) {
    let m = |r: &mut Range<usize>| *r = map(r.start)..map(r.end);
    m(&mut site.code_range);
    m(&mut site.call_range);
    if let Some(reason) = &mut site.reason {
        m(&mut reason.range);
        m(&mut reason.content_range);
    }
}

/// One pass over a new tree: parts the old cache holds for reused nodes are moved over, the
/// others are queried.
struct Walk<'s> {
    language: Language,
    source: &'s [u8],
    /// The edit since the old entries, when there are any.
    edit: Option<ByteEdit>,
    old: Vec<Entry>,
    /// Which old entries were moved over.
    kept: Vec<bool>,
    entries: Vec<Entry>,
    /// Indices in `entries` of the entries queried in this pass.
    fresh: Vec<usize>,
    cursor: QueryCursor,
    budget: &'s Budget,
}

impl<'s> Walk<'s> {
    fn new(
        language: Language,
        source: &'s [u8],
        edit: Option<ByteEdit>,
        old: Vec<Entry>,
        budget: &'s Budget,
    ) -> Walk<'s> {
        Walk {
            language,
            source,
            edit,
            kept: vec![false; old.len()],
            entries: Vec::with_capacity(old.len()),
            old,
            fresh: Vec::new(),
            cursor: QueryCursor::new(),
            budget,
        }
    }

    /// Splits `root`'s subtree into parts in preorder, with a cursor rather than recursion:
    /// a file nested 100,000 levels deep has as many exact parts in a chain.
    fn visit(&mut self, root: Node) -> Result<(), Stop> {
        let mut cursor = root.walk();
        // The entries of the exact parts the cursor is inside, outermost first.
        let mut open: Vec<usize> = Vec::new();
        loop {
            let node = cursor.node();
            let mut descend = false;
            if let Some(i) = self.reusable(node) {
                self.keep(i);
            } else {
                let at = self.entries.len();
                let entry = self.query(node)?;
                descend = entry.exact;
                self.entries.push(entry);
                self.fresh.push(at);
                if descend {
                    open.push(at);
                }
            }
            if descend && cursor.goto_first_child() {
                continue;
            }
            if descend {
                self.close(open.pop().expect("just opened"));
            }
            // Up to the next sibling, closing every exact part left on the way.
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return Ok(());
                }
                self.close(open.pop().expect("only exact parts are descended into"));
            }
        }
    }

    /// Ends exact entry `at`'s run after the last entry inside it.
    fn close(&mut self, at: usize) {
        self.entries[at].len = self.entries.len() - at;
    }

    /// The old entry for `node`, if its part is unchanged: away from the edit and the same
    /// range once shifted, so the same text; and either the very node the reparse reused (the
    /// same id), or an error-free node of the same shape. A reparse rebuilds every other item
    /// of a long repetition with the same structure and a new id, so ids alone would send half
    /// the parts back to the query, and `Tree::changed_ranges`, which is exact, walks every
    /// rebuilt node and costs more than the queries it saves. Error recovery is the one place
    /// where the same text parses into another structure after an edit elsewhere, hence the
    /// id for nodes with errors. Old entries are sorted by start, and shifting keeps the order.
    fn reusable(&self, node: Node) -> Option<usize> {
        let edit = self.edit?;
        let range = node.byte_range();
        let shape = Shape::of(node);
        let first = self
            .old
            .partition_point(|e| edit.map(e.range.start) < range.start);
        self.old[first..]
            .iter()
            .take_while(|e| edit.map(e.range.start) == range.start)
            .position(|e| {
                edit.map(e.range.end) == range.end
                    && !edit.touches(&e.range)
                    && (e.id == node.id() || (e.shape == shape && !shape.has_error))
            })
            .map(|k| first + k)
    }

    /// Moves old entry `i` and its run over, shifted.
    fn keep(&mut self, i: usize) {
        let edit = self.edit.expect("only old entries are kept");
        let map = |p: usize| edit.map(p);
        let moved = edit.new_end != edit.old_end && self.old[i].range.start >= edit.old_end;
        for j in i..i + self.old[i].len {
            self.kept[j] = true;
            let old = &mut self.old[j];
            let mut entry = Entry {
                range: map(old.range.start)..map(old.range.end),
                id: old.id,
                shape: old.shape,
                exact: old.exact,
                len: old.len,
                matches: std::mem::take(&mut old.matches),
            };
            if moved {
                for m in &mut entry.matches {
                    m.shift(&map);
                }
            }
            self.entries.push(entry);
        }
    }

    /// Queries `node`'s part: the matches rooted at it when it is longer than a chunk (its
    /// children are parts of their own), else every match in its subtree.
    fn query(&mut self, node: Node) -> Result<Entry, Stop> {
        let range = node.byte_range();
        let exact = range.len() > CHUNK_BYTES && node.child_count() > 0;
        self.cursor.set_max_start_depth(exact.then_some(0));
        let (language, source) = (self.language, self.source);
        let body = language.query().capture_index_for_name("macro.body");
        let mut matches = Vec::new();
        let mut bodies = Vec::new();
        for_each_match(
            &mut self.cursor,
            language.query(),
            node,
            source,
            self.budget,
            |m| match m.captures.iter().find(|c| Some(c.index) == body) {
                Some(c) => bodies.push(macros::Body::of(c.node, node)),
                None => matches.push(PlainMatch {
                    pattern: m.pattern_index,
                    captures: m
                        .captures
                        .iter()
                        .map(|c| Capture::read(language, c.index, c.node, source, Some(node)))
                        .collect(),
                }),
            },
        )?;
        if !bodies.is_empty() {
            macros::query_bodies(language, source, bodies, self.budget, |m| matches.push(m))?;
        }
        Ok(Entry {
            range,
            id: node.id(),
            shape: Shape::of(node),
            exact,
            len: 1,
            matches,
        })
    }
}

/// What a node looks like from outside, each part O(1) to read in tree-sitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    kind: u16,
    descendants: usize,
    has_error: bool,
}

impl Shape {
    fn of(node: Node) -> Shape {
        Shape {
            kind: node.kind_id(),
            descendants: node.descendant_count(),
            has_error: node.has_error(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::parse;
    use tree_sitter::{InputEdit, Point};

    /// Brings `cache` to `tree` after `edit` and detects, with no budget.
    fn update_and_detect(
        cache: &mut FactCache,
        edit: ByteEdit,
        tree: &Tree,
        text: &str,
    ) -> Detected {
        let unlimited = Budget::unlimited();
        let js = Language::JavaScript;
        cache
            .update(js, edit, tree, text.as_bytes(), &unlimited)
            .unwrap();
        cache
            .detect(js, tree, text.as_bytes(), &unlimited, None)
            .unwrap()
    }

    /// What a fresh detection of `text` finds.
    fn fresh(tree: &Tree, text: &str) -> Vec<CloseSite> {
        super::super::detect(
            Language::JavaScript,
            tree,
            text.as_bytes(),
            &Budget::unlimited(),
            None,
        )
        .unwrap()
        .sites
    }

    /// A `ws` server with `n` handlers of about 200 bytes each, every one a chunk of its own.
    fn server(n: usize) -> String {
        let mut text = String::from(
            "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (socket) => {\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "  function handler{i}(msg) {{\n    if (!msg) {{\n      socket.close(100{}, \"bad {i}\");\n    }}\n  }}\n",
                i % 10
            ));
        }
        text.push_str("});\n");
        text
    }

    fn point(text: &str, offset: usize) -> Point {
        let row = text[..offset].matches('\n').count();
        Point::new(
            row,
            offset - text[..offset].rfind('\n').map_or(0, |i| i + 1),
        )
    }

    /// Replaces `start..end` with `new` in `text` and `tree` and reparses; the edit, the new tree.
    fn edit(
        text: &mut String,
        tree: &Tree,
        start: usize,
        end: usize,
        new: &str,
    ) -> (ByteEdit, Tree) {
        let input = InputEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte: start + new.len(),
            start_position: point(text, start),
            old_end_position: point(text, end),
            new_end_position: point(&format!("{}{new}", &text[..start]), start + new.len()),
        };
        text.replace_range(start..end, new);
        let mut old = tree.clone();
        old.edit(&input);
        let tree = parse(Language::JavaScript, text, Some(&old)).unwrap();
        (
            ByteEdit {
                start,
                old_end: end,
                new_end: start + new.len(),
            },
            tree,
        )
    }

    #[test]
    fn an_edit_in_one_handler_queries_and_resolves_only_that_handler_again() {
        let mut text = server(200);
        let tree = parse(Language::JavaScript, &text, None).unwrap();
        let mut cache = FactCache::build(
            Language::JavaScript,
            &tree,
            text.as_bytes(),
            &Budget::unlimited(),
        )
        .unwrap();
        assert!(cache.entries.len() > 200, "{}", cache.entries.len());
        let first = cache
            .detect(
                Language::JavaScript,
                &tree,
                text.as_bytes(),
                &Budget::unlimited(),
                None,
            )
            .unwrap();
        assert_eq!(first.sites.len(), 200);
        // 1003 -> 1006 in the 103rd handler.
        let at = text.match_indices("close(100").nth(103).unwrap().0 + "close(100".len();
        let (e, tree) = edit(&mut text, &tree, at, at + 1, "6");
        let unlimited = Budget::unlimited();
        let mut walk = Walk::new(
            Language::JavaScript,
            text.as_bytes(),
            Some(e),
            cache.entries.clone(),
            &unlimited,
        );
        walk.visit(tree.root_node()).unwrap();
        let queried: Vec<_> = walk
            .fresh
            .iter()
            .map(|&i| &walk.entries[i])
            .filter(|e| !e.exact)
            .collect();
        assert_eq!(queried.len(), 1, "one chunk queried again: {queried:?}");
        let detected = update_and_detect(&mut cache, e, &tree, &text);
        let anew: Vec<usize> = (0..200).filter(|&i| detected.kept[i].is_none()).collect();
        assert_eq!(anew, vec![103]);
        assert_eq!(detected.sites[103].code, 1006);
        assert_eq!(detected.sites, fresh(&tree, &text));
        // An inserted line before it shifts every later site, and keeps them.
        let at = text.find("  function handler50(").unwrap();
        let (e, tree) = edit(&mut text, &tree, at, at, "  // note\n");
        let detected = update_and_detect(&mut cache, e, &tree, &text);
        assert!(detected.kept.iter().all(Option::is_some));
        assert_eq!(detected.sites, fresh(&tree, &text));
        // A new import is a file-wide fact: every site is resolved again.
        let (e, tree) = edit(&mut text, &tree, 0, 0, "import http from 'http';\n");
        let detected = update_and_detect(&mut cache, e, &tree, &text);
        assert!(detected.kept.iter().all(Option::is_none));
    }
}
