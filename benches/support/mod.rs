//! The document both language-server benchmarks measure (`benches/lsp.rs` in process,
//! `benches/lsp_stdio.rs` over stdio): a `ws` server file of [`LINES`] lines with a close call
//! in each eight-line handler (2,500 handlers, 3 in 7 of them with a code a server must not
//! send; 346 KB).

#![allow(dead_code)] // each bench uses its own subset

pub const LINES: usize = 20_000;
pub const CODES: [u32; 7] = [1000, 1006, 1008, 4001, 1011, 2500, 1010];

/// The document, the same on every run.
pub fn source() -> String {
    let mut text = String::from(
        "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (socket) => {\n",
    );
    let (mut i, mut lines) = (0, 3);
    while lines + 8 < LINES {
        let code = CODES[i % CODES.len()];
        text.push_str(&format!(
            "  function handler{i}(msg) {{\n    const data = JSON.parse(msg);\n    if (!data.ok) {{\n      socket.close({code}, \"bad message {i}\");\n      return;\n    }}\n    console.log(data.value + {i});\n  }}\n"
        ));
        i += 1;
        lines += 8;
    }
    while lines < LINES - 1 {
        text.push_str("  // end\n");
        lines += 1;
    }
    text.push_str("});\n");
    text
}

/// The line (0-based) and byte column of the code of the `nth` close call, and its byte
/// offset: the column is a UTF-16 column too (the document is ASCII).
pub fn code_of_site(text: &str, nth: usize) -> (usize, usize, usize) {
    let mut offset = 0;
    let mut seen = 0;
    for (line, content) in text.split_inclusive('\n').enumerate() {
        if let Some(at) = content.find("socket.close(") {
            if seen == nth {
                let column = at + "socket.close(".len();
                return (line, column, offset + column);
            }
            seen += 1;
        }
        offset += content.len();
    }
    panic!("no close call number {nth}")
}

/// The one-character edit both benchmarks make: the last digit of a four-digit code, toggled
/// between 7 and 8 (so the document keeps its size and every edit changes a finding).
pub fn toggled_digit(text: &str, code_offset: usize) -> &'static str {
    if &text[code_offset + 3..code_offset + 4] == "7" {
        "8"
    } else {
        "7"
    }
}
