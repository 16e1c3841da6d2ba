//! Converting byte offsets to line/column positions and back, in the three units clients
//! use: bytes (UTF-8 code units), UTF-16 code units (LSP's default) and Unicode scalar
//! values (characters: `wslsp check` output, SARIF `unicodeCodePoints`).

/// The unit a column counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units.
    Utf16,
    /// Unicode scalar values (characters; LSP's "utf-32").
    Char,
}

/// A 0-based line and a 0-based column in some [`ColumnUnit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 0-based line; lines end at `\n`.
    pub line: u32,
    /// 0-based column, counted in the [`ColumnUnit`] the caller asked for.
    pub column: u32,
}

/// Line starts of one text, for O(log n) conversions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line's content.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        // The language server keeps one index per open document: no spare capacity.
        line_starts.shrink_to_fit();
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// Brings the index up to date after the bytes `range` of the old text were replaced by
    /// `inserted` (`text` is the new text), in time proportional to the lines after the edit
    /// (one move of their starts) and to `inserted`, not to the text: equal to
    /// `LineIndex::new(text)`.
    pub fn replace(&mut self, text: &str, range: std::ops::Range<usize>, inserted: &str) {
        let first = self.line_starts.partition_point(|&s| s <= range.start);
        let last = self.line_starts.partition_point(|&s| s <= range.end);
        let delta = inserted.len() as isize - (range.end - range.start) as isize;
        let added: Vec<usize> = memchr::memchr_iter(b'\n', inserted.as_bytes())
            .map(|i| range.start + i + 1)
            .collect();
        let shifted = first + added.len();
        self.line_starts.splice(first..last, added);
        for start in &mut self.line_starts[shifted..] {
            *start = start.saturating_add_signed(delta);
        }
        self.len = text.len();
        debug_assert_eq!(self.line_starts, LineIndex::new(text).line_starts);
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = column_width(&text[start..offset], unit);
        LineCol {
            line: line as u32,
            column: column as u32,
        }
    }

    /// The byte offset of `pos`. A line past the end maps to the end of the text; a column
    /// past the end of its line maps to the end of that line (before its `\r\n`); a column in
    /// the middle of a character (half a UTF-16 surrogate pair) maps to that character's start.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return self.len;
        };
        let end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map_or(self.len, |&next| next - 1);
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut width = 0usize;
        for (i, ch) in line.char_indices() {
            let w = char_width(ch, unit);
            if width + w > pos.column as usize {
                return start + i;
            }
            width += w;
        }
        start + line.len()
    }

    /// The byte offset where `line` (0-based) starts, or the text's end past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }
}

/// The width of `s` in `unit`.
pub fn column_width(s: &str, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Utf8 => s.len(),
        ColumnUnit::Utf16 => s.encode_utf16().count(),
        ColumnUnit::Char => s.chars().count(),
    }
}

fn char_width(ch: char, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Utf8 => ch.len_utf8(),
        ColumnUnit::Utf16 => ch.len_utf16(),
        ColumnUnit::Char => 1,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_updated_by_edits_equals_a_fresh_one() {
        let mut text = String::from("ab\ncd\r\n\nef");
        let mut index = LineIndex::new(&text);
        for (range, inserted) in [(1..1, "x\ny"), (0..4, ""), (2..6, "\n\n"), (0..0, "")] {
            let range = range.start.min(text.len())..range.end.min(text.len());
            text.replace_range(range.clone(), inserted);
            index.replace(&text, range, inserted);
            let fresh = LineIndex::new(&text);
            assert_eq!(
                (&index.line_starts, index.len),
                (&fresh.line_starts, fresh.len)
            );
        }
        let end = text.len();
        text.push_str("\nz");
        index.replace(&text, end..end, "\nz");
        assert_eq!(index.line_starts, LineIndex::new(&text).line_starts);
    }

    #[test]
    fn columns_in_each_unit_after_emoji_cjk_and_combining_marks() {
        // "é" here is e + U+0301 (two chars, three bytes); 😀 is 4 bytes, 2 UTF-16 units.
        let text = "ok\n😀漢e\u{301} ws.close(1006)\r\nend";
        let idx = LineIndex::new(text);
        let at = text.find("1006").unwrap();
        assert_eq!(
            idx.position(text, at, ColumnUnit::Utf8),
            LineCol {
                line: 1,
                column: 20
            }
        );
        assert_eq!(
            idx.position(text, at, ColumnUnit::Utf16),
            LineCol {
                line: 1,
                column: 15
            }
        );
        assert_eq!(
            idx.position(text, at, ColumnUnit::Char),
            LineCol {
                line: 1,
                column: 14
            }
        );
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let pos = idx.position(text, at, unit);
            assert_eq!(idx.offset(text, pos, unit), at);
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(
                text,
                LineCol {
                    line: 0,
                    column: 99
                },
                ColumnUnit::Utf16
            ),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, column: 0 }, ColumnUnit::Utf16),
            6
        );
        assert_eq!(
            idx.position(text, 99, ColumnUnit::Char),
            LineCol { line: 1, column: 2 }
        );
    }

    #[test]
    fn half_a_surrogate_pair_maps_to_the_char_start() {
        let text = "😀x";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, column: 1 }, ColumnUnit::Utf16),
            0
        );
    }
}
