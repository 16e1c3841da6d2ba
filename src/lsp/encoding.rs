//! Position encodings: which unit an LSP `Position.character` counts, negotiated once at
//! `initialize`, and the conversions between the engine's byte offsets and LSP positions.
//! Every range the server sends or reads goes through [`LineMap`], which delegates to
//! [`wslsp::position`].

use std::cell::Cell;
use std::ops::Range;

use tower_lsp_server::ls_types::{self as lsp, PositionEncodingKind};
use wslsp::position::{ColumnUnit, LineCol, LineIndex};

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Columns count bytes of UTF-8.
    Utf8,
    /// Columns count UTF-16 code units: LSP's default, and what a client that offers nothing
    /// gets.
    Utf16,
    /// Columns count Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// The best encoding the client offers in `general.positionEncodings`: UTF-8 (no
    /// conversion at all), then UTF-32, then UTF-16, which every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        let has = |kind: &PositionEncodingKind| offered.contains(kind);
        if has(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if has(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// The kind announced in `ServerCapabilities.positionEncoding`.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// The engine's name for the same unit.
    pub fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
            Encoding::Utf32 => ColumnUnit::Char,
        }
    }
}

/// One text with its line index, seen in one encoding.
#[derive(Clone, Copy)]
pub struct LineMap<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex, encoding: Encoding) -> Self {
        LineMap {
            text,
            index,
            encoding,
        }
    }

    /// The LSP position of byte `offset`.
    pub fn position(&self, offset: usize) -> lsp::Position {
        let at = self.index.position(self.text, offset, self.encoding.unit());
        lsp::Position::new(at.line, at.column)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, range: &Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(range.start), self.position(range.end))
    }

    /// A converter for many offsets in ascending order; see [`Positions`].
    pub fn positions(self) -> Positions<'a> {
        Positions {
            map: self,
            last: Cell::new((0, lsp::Position::new(0, 0))),
        }
    }

    /// The byte offset of `pos`, clamped the way LSP asks: a column past the end of its line
    /// means the end of the line, a line past the end means the end of the text.
    pub fn offset(&self, pos: lsp::Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: pos.line,
                column: pos.character,
            },
            self.encoding.unit(),
        )
    }

    /// The byte offset of `pos` only if `pos` names a character boundary inside the text
    /// (or the end of a line); `None` for positions past the end of a line or of the text,
    /// or inside a character.
    pub fn exact_offset(&self, pos: lsp::Position) -> Option<usize> {
        let offset = self.offset(pos);
        (self.position(offset) == pos).then_some(offset)
    }

    /// The byte range of an LSP range, its ends ordered.
    pub fn byte_range(&self, range: lsp::Range) -> Range<usize> {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }
}

/// Converts many byte offsets, mostly in ascending order (a document's findings, in source
/// order), in time linear in the text: each conversion goes on from the previous one when both
/// lie on the same line, instead of counting the line's columns from its start. Without it,
/// the 65,000 findings of a 1 MiB single line would each count half a mebibyte.
pub struct Positions<'a> {
    map: LineMap<'a>,
    /// The last offset converted, and its position.
    last: Cell<(usize, lsp::Position)>,
}

impl Positions<'_> {
    /// [`LineMap::position`].
    pub fn position(&self, offset: usize) -> lsp::Position {
        let text = self.map.text;
        let (at, last) = self.last.get();
        let on_from_last = offset >= at
            && offset <= text.len()
            && text.is_char_boundary(offset)
            && memchr::memchr(b'\n', &text.as_bytes()[at..offset]).is_none();
        let position = if on_from_last {
            let width = wslsp::position::column_width(&text[at..offset], self.map.encoding.unit());
            lsp::Position::new(last.line, last.character + width as u32)
        } else {
            self.map.position(offset)
        };
        self.last.set((offset, position));
        position
    }

    /// [`LineMap::range`].
    pub fn range(&self, range: &Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(range.start), self.position(range.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_utf8_then_utf32_and_defaults_to_utf16() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF32])),
            Encoding::Utf32
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF32, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("utf-7")])),
            Encoding::Utf16
        );
    }

    #[test]
    fn positions_in_a_row_equal_positions_one_by_one() {
        let text = "a😀b\r\ncé😀\n\nxyz";
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let map = LineMap::new(text, &index, encoding);
            let positions = map.positions();
            let offsets = (0..=text.len()).filter(|&o| text.is_char_boundary(o));
            // Ascending, then backwards and past the end.
            for offset in offsets.clone().chain(offsets.rev()).chain([99, 3]) {
                assert_eq!(positions.position(offset), map.position(offset), "{offset}");
            }
        }
    }

    #[test]
    fn exact_offsets_reject_positions_past_the_line() {
        let text = "a😀b\nc";
        let index = LineIndex::new(text);
        let map = LineMap::new(text, &index, Encoding::Utf16);
        assert_eq!(map.exact_offset(lsp::Position::new(0, 3)), Some(5));
        assert_eq!(map.exact_offset(lsp::Position::new(0, 4)), Some(6));
        assert_eq!(map.exact_offset(lsp::Position::new(0, 5)), None);
        assert_eq!(map.exact_offset(lsp::Position::new(0, 2)), None);
        assert_eq!(map.exact_offset(lsp::Position::new(7, 0)), None);
        assert_eq!(map.offset(lsp::Position::new(7, 0)), text.len());
    }
}
