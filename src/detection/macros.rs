//! Macro bodies read as code. tree-sitter-rust leaves a macro call's arguments as a token tree,
//! so a close call written inside `tokio::select! { .. }`, `join!(..)` or a project's own macro
//! would never reach the query. A body the query captures as `@macro.body` (the query leaves
//! out assertion macros: what they hold is compared, not sent) is parsed again as code of the
//! same language, reading only the body's bytes, and queried like any other part; its nodes
//! keep their offsets in the file, so sites, fixes and positions need no mapping. Bodies inside
//! bodies are read the same way, down to [`MAX_DEPTH`].

use tree_sitter::{Node, QueryCursor};

use super::cache::PlainMatch;
use super::{Capture, Value, for_each_match, inner_ancestors};
use crate::analysis::parse_ranges_within;
use crate::budget::{Budget, Stop};
use crate::languages::Language;

/// How many macro calls deep a body is still read: real code nests two or three (`select!`
/// holding a `vec![..]`); the bound keeps a generated file's nesting from costing a parse per
/// level.
const MAX_DEPTH: usize = 4;

/// A macro body to read: the token tree's ranges, and its ancestors in the part it was found
/// in (innermost first, up to and including the part's root).
pub(super) struct Body {
    range: tree_sitter::Range,
    outer: Vec<std::ops::Range<usize>>,
}

impl Body {
    /// The body `node` (a `@macro.body` capture) of a match in the part rooted at `part`.
    pub(super) fn of(node: Node, part: Node) -> Body {
        let mut outer = vec![node.byte_range()];
        outer.extend(inner_ancestors(part, node).unwrap_or_default());
        Body {
            range: node.range(),
            outer,
        }
    }

    /// The body between its delimiters (`(`, `[` or `{`, one byte each), or `None` when empty.
    fn inside(&self) -> Option<tree_sitter::Range> {
        let mut r = self.range;
        if r.end_byte < r.start_byte + 2 {
            return None;
        }
        r.start_byte += 1;
        r.start_point.column += 1;
        r.end_byte -= 1;
        r.end_point.column = r.end_point.column.saturating_sub(1);
        Some(r)
    }
}

/// Queries the macro bodies in `bodies` (and the bodies inside them) and gives each match to
/// `each`, as plain data with offsets in `source`. A body without a close token is not parsed;
/// one that cannot be parsed gives no matches. Gives up when `budget` runs out.
pub(super) fn query_bodies(
    language: Language,
    source: &[u8],
    bodies: Vec<Body>,
    budget: &Budget,
    mut each: impl FnMut(PlainMatch),
) -> Result<(), Stop> {
    let Ok(text) = std::str::from_utf8(source) else {
        return Ok(());
    };
    let wanted = language.query().capture_index_for_name("macro.body");
    let mut work: Vec<(Body, usize)> = bodies.into_iter().map(|b| (b, 1)).collect();
    let mut cursor = QueryCursor::new();
    while let Some((body, depth)) = work.pop() {
        let Some(inside) = body.inside() else {
            continue;
        };
        if !language.may_contain_close_site(&source[inside.start_byte..inside.end_byte]) {
            continue;
        }
        let Ok(tree) = parse_ranges_within(language, text, None, &[inside], budget) else {
            // Out of budget, or a body tree-sitter gave up on: only the former stops the file.
            budget.check()?;
            continue;
        };
        let root = tree.root_node();
        for_each_match(&mut cursor, language.query(), root, source, budget, |m| {
            let mut captures = Vec::with_capacity(m.captures.len());
            for c in m.captures {
                if Some(c.index) == wanted {
                    if depth < MAX_DEPTH {
                        let mut inner = Body::of(c.node, root);
                        inner.outer.extend(body.outer.iter().cloned());
                        work.push((inner, depth + 1));
                    }
                    return;
                }
                let mut capture = Capture::read(language, c.index, c.node, source, Some(root));
                if let Value::Code(Some(code)) = &mut capture.value
                    && let Some(inner) = &mut code.inner
                {
                    inner.extend(body.outer.iter().cloned());
                }
                captures.push(capture);
            }
            each(PlainMatch {
                pattern: m.pattern_index,
                captures,
            });
        })?;
    }
    Ok(())
}
