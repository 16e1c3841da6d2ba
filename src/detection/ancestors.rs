//! The ancestors of many nodes of one tree, found in one walk.
//!
//! Role inference asks which marked nodes and scopes enclose each close site's code
//! expression. `Node::parent` descends from the root on every call, so following parents is
//! quadratic in the depth; a file nested 100,000 levels deep took minutes. Instead one
//! `TreeCursor` visits the targets in preorder, moving forward and up (both O(1)) and down
//! only on the way to the next target, and keeps every node it descends through once, in an
//! arena linked to its parent, so the walk is linear in the nodes it visits.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use crate::budget::{Budget, Stop};

/// How many ancestors [`Ancestors::of`] gives at most, innermost first. Real code nests a few
/// dozen levels; a site deeper than this below a mark or scope loses that evidence, which
/// leaves its role unknown (whole-file marks still apply), never wrong.
pub const MAX_ANCESTORS: usize = 1024;

/// How many cursor steps pass between two polls of the budget.
const STEPS_PER_POLL: usize = 4096;

/// A node as a target: its byte range and node kind id.
pub type Target = (Range<usize>, u16);

/// The ancestors of a set of target nodes.
#[derive(Debug, Default)]
pub struct Ancestors {
    /// Every node the walk descended through: its byte range, its kind and the arena index
    /// of its parent.
    arena: Vec<(Range<usize>, u16, Option<usize>)>,
    /// For each target found, the arena index of its parent (`None`: the target is the root).
    parent_of: HashMap<Target, Option<usize>>,
}

impl Ancestors {
    /// Walks from `root` to every one of `targets` (the outermost node with that range and
    /// kind; targets that are not nodes of the tree are left out).
    pub fn find(
        root: Node,
        targets: impl IntoIterator<Item = Target>,
        budget: &Budget,
    ) -> Result<Ancestors, Stop> {
        let mut targets: Vec<Target> = targets.into_iter().collect();
        targets.sort_by_key(|(r, kind)| (r.start, std::cmp::Reverse(r.end), *kind));
        targets.dedup();
        let mut found = Ancestors::default();
        let mut cursor = root.walk();
        // Arena indices of the ancestors of the cursor's node, outermost first.
        let mut path: Vec<usize> = Vec::new();
        let mut steps = 0;
        for target in targets {
            let (range, kind) = &target;
            let mut ascended = false;
            loop {
                steps += 1;
                if steps % STEPS_PER_POLL == 0 {
                    budget.check()?;
                }
                let node = cursor.node();
                let here = node.byte_range();
                if here == *range && node.kind_id() == *kind {
                    found.parent_of.insert(target, path.last().copied());
                    break;
                }
                if here == *range
                    && let Some(parent) = found.same_range_ancestor(&path, &target)
                {
                    // A node with the same range as one of its ancestors, visited first.
                    found.parent_of.insert(target, parent);
                    break;
                }
                let contains = here.start <= range.start && range.end <= here.end;
                if contains && ascended {
                    break; // every child from the last target on was passed: not a node
                }
                if contains {
                    found
                        .arena
                        .push((here, node.kind_id(), path.last().copied()));
                    path.push(found.arena.len() - 1);
                    if !cursor.goto_first_child() {
                        path.pop();
                        break;
                    }
                    continue;
                }
                if here.end <= range.start && cursor.goto_next_sibling() {
                    ascended = false;
                    continue;
                }
                if !cursor.goto_parent() {
                    break;
                }
                path.pop();
                ascended = true;
            }
        }
        Ok(found)
    }

    /// Among the nodes on `path` (innermost last) with `target`'s range, the one of its kind:
    /// `Some` with that node's parent.
    fn same_range_ancestor(&self, path: &[usize], target: &Target) -> Option<Option<usize>> {
        path.iter()
            .rev()
            .map(|&i| &self.arena[i])
            .take_while(|(range, _, _)| *range == target.0)
            .find(|(_, kind, _)| *kind == target.1)
            .map(|(_, _, parent)| *parent)
    }

    /// The byte ranges of `target`'s ancestors, innermost first, at most [`MAX_ANCESTORS`];
    /// empty for a target [`Ancestors::find`] was not given or did not find.
    pub fn of(&self, target: &Target) -> Vec<Range<usize>> {
        let mut at = self.parent_of.get(target).copied().flatten();
        let mut out = Vec::new();
        while let Some(i) = at
            && out.len() < MAX_ANCESTORS
        {
            let (range, _, parent) = &self.arena[i];
            out.push(range.clone());
            at = *parent;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::parse;
    use crate::languages::Language;

    /// The ancestors `Node::parent` gives, innermost first.
    fn by_parents(node: Node) -> Vec<Range<usize>> {
        std::iter::successors(node.parent(), |n| n.parent())
            .map(|n| n.byte_range())
            .collect()
    }

    #[test]
    fn equals_following_parents_for_every_node_of_a_file() {
        let text = "import WebSocket from 'ws';\nconst ws = new WebSocket(u);\nfunction f(a) { if (a) { ws.close(1000, `x${a}`); } else { g(h(1), [2, {k: 3}]); } }\n;;\nclass C { m() { return () => ws.close(4001); } }\n";
        let tree = parse(Language::JavaScript, text, None).unwrap();
        let mut nodes = Vec::new();
        let mut cursor = tree.root_node().walk();
        'walk: loop {
            nodes.push(cursor.node());
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        let targets = nodes.iter().map(|n| (n.byte_range(), n.kind_id()));
        let found = Ancestors::find(tree.root_node(), targets, &Budget::unlimited()).unwrap();
        for node in nodes {
            let target = (node.byte_range(), node.kind_id());
            let want = by_parents(node);
            // Nodes with the same range and kind as their parent are reached as the parent.
            if node
                .parent()
                .is_some_and(|p| (p.byte_range(), p.kind_id()) == target)
            {
                continue;
            }
            assert_eq!(found.of(&target), want, "{} at {:?}", node.kind(), target.0);
        }
        assert!(found.of(&(1..2, 9999)).is_empty());
    }

    #[test]
    fn is_linear_in_depth_and_capped() {
        let depth = 100_000;
        let text = format!(
            "{}ws.close(1006){};\n",
            "f(".repeat(depth),
            ")".repeat(depth)
        );
        let tree = parse(Language::JavaScript, &text, None).unwrap();
        let at = text.find("1006").unwrap();
        let code = tree
            .root_node()
            .descendant_for_byte_range(at, at + 4)
            .unwrap();
        let target = (code.byte_range(), code.kind_id());
        let found =
            Ancestors::find(tree.root_node(), [target.clone()], &Budget::unlimited()).unwrap();
        let ancestors = found.of(&target);
        assert_eq!(ancestors.len(), MAX_ANCESTORS);
        assert!(
            ancestors
                .windows(2)
                .all(|w| w[1].start <= w[0].start && w[0].end <= w[1].end)
        );
        let spent = Budget::new(std::time::Duration::ZERO);
        assert!(Ancestors::find(tree.root_node(), [target], &spent).is_err());
    }
}
