//! Pathological source files per language, generated (never committed): the inputs of
//! `tests/pathological.rs` and the language server's fault tests.
#![allow(dead_code)] // each test binary uses part of it

/// How a language spells a file with one close call (code 1006, which `reserved-code` always
/// reports), and the syntax the deep inputs nest around it.
pub struct Template {
    pub ext: &'static str,
    /// Imports and the socket, up to where statements go (inside a function where the
    /// language needs one).
    pub prelude: &'static str,
    /// The close call, an expression.
    pub close: &'static str,
    /// What turns an expression into a statement: before and after it.
    pub stmt: (&'static str, &'static str),
    /// What ends the file after the statements.
    pub epilogue: &'static str,
    /// A block statement's opening and closing; `None`: blocks are indentation (Python).
    pub block: Option<(&'static str, &'static str)>,
    /// A string literal and the operator that concatenates strings.
    pub concat: (&'static str, &'static str),
    /// A comment opener that runs to the end of the file when unterminated.
    pub open_comment: &'static str,
}

impl Template {
    /// The file with `expr` as its one statement.
    pub fn with(&self, expr: &str) -> String {
        format!(
            "{}{}{expr}{}\n{}",
            self.prelude, self.stmt.0, self.stmt.1, self.epilogue
        )
    }

    /// The ordinary file: one close call, one `reserved-code` finding.
    pub fn ordinary(&self) -> String {
        self.with(self.close)
    }

    fn statement(&self) -> String {
        format!("{}{}{}", self.stmt.0, self.close, self.stmt.1)
    }
}

pub const LANGUAGES: &[Template] = &[
    js("js"),
    js("ts"),
    js("tsx"),
    Template {
        ext: "py",
        prelude: "import websockets\nws = websockets.connect(u)\n",
        close: "ws.close(1006)",
        stmt: ("", ""),
        epilogue: "",
        block: None,
        concat: ("'a'", " + "),
        open_comment: "'''",
    },
    Template {
        ext: "go",
        prelude: "package p\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/coder/websocket\"\n)\n\nfunc serve(w http.ResponseWriter, r *http.Request) {\n\tc, _ := websocket.Accept(w, r, nil)\n",
        close: "c.Close(1006, \"\")",
        stmt: ("_ = ", ""),
        epilogue: "}\n",
        block: Some(("{\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "rs",
        prelude: "use tokio_tungstenite::accept_async;\nuse tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;\nuse tokio_tungstenite::tungstenite::protocol::CloseFrame;\nasync fn serve(s: TcpStream) {\n    let mut ws = accept_async(s).await.unwrap();\n",
        close: "ws.close(Some(CloseFrame { code: CloseCode::Abnormal, reason: \"\".into() }))",
        stmt: ("let _ = ", ";"),
        epilogue: "}\n",
        block: Some(("{\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "java",
        prelude: "import jakarta.websocket.CloseReason;\nimport jakarta.websocket.CloseReason.CloseCodes;\nimport jakarta.websocket.Session;\nclass A {\n  void f(Session session) throws Exception {\n",
        close: "session.close(new CloseReason(CloseCodes.CLOSED_ABNORMALLY, \"bye\"))",
        stmt: ("", ";"),
        epilogue: "  }\n}\n",
        block: Some(("{\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "kt",
        prelude: "import io.ktor.websocket.CloseReason\nimport io.ktor.websocket.close\nsuspend fun f(session: DefaultWebSocketServerSession) {\n",
        close: "session.close(CloseReason(CloseReason.Codes.CLOSED_ABNORMALLY, \"drop\"))",
        stmt: ("", ""),
        epilogue: "}\n",
        block: Some(("run {\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "cs",
        prelude: "using System.Net.WebSockets;\nusing System.Threading;\nclass A {\n  async Task F(HttpContext context) {\n    var ws = await context.WebSockets.AcceptWebSocketAsync();\n",
        close: "ws.CloseAsync((WebSocketCloseStatus)1006, \"bye\", CancellationToken.None)",
        stmt: ("await ", ";"),
        epilogue: "  }\n}\n",
        block: Some(("{\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "cpp",
        prelude: "#include <boost/beast/websocket.hpp>\nnamespace websocket = boost::beast::websocket;\nvoid f(websocket::stream<tcp::socket>& ws) {\n",
        close: "ws.close(websocket::close_code::abnormal)",
        stmt: ("", ";"),
        epilogue: "}\n",
        block: Some(("{\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "swift",
        prelude: "import Foundation\nfunc f(task: URLSessionWebSocketTask?) {\n",
        close: "task?.cancel(with: .abnormalClosure, reason: nil)",
        stmt: ("", ""),
        epilogue: "}\n",
        block: Some(("do {\n", "}\n")),
        concat: ("\"a\"", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "dart",
        prelude: "import 'package:web_socket_channel/web_socket_channel.dart';\nvoid f(WebSocketChannel channel) {\n",
        close: "channel.sink.close(1006, 'bye')",
        stmt: ("", ";"),
        epilogue: "}\n",
        block: Some(("{\n", "}\n")),
        concat: ("'a'", " + "),
        open_comment: "/*",
    },
    Template {
        ext: "php",
        prelude: "<?php\nuse Amp\\Websocket\\WebsocketClient;\nuse Amp\\Websocket\\WebsocketCloseCode;\nfunction f(WebsocketClient $client) {\n",
        close: "$client->close(1006, 'bye')",
        stmt: ("", ";"),
        epilogue: "}\n",
        block: Some(("{\n", "}\n")),
        concat: ("'a'", " . "),
        open_comment: "/*",
    },
    Template {
        ext: "rb",
        prelude: "require 'async/websocket/adapters/rack'\nAsync::WebSocket::Adapters::Rack.open(env) do |connection|\n",
        close: "connection.close(1006, 'bye')",
        stmt: ("", ""),
        epilogue: "end\n",
        block: Some(("begin\n", "end\n")),
        concat: ("'a'", " + "),
        open_comment: "=begin\n",
    },
];

const fn js(ext: &'static str) -> Template {
    Template {
        ext,
        prelude: "import WebSocket from 'ws';\nconst ws = new WebSocket(u);\n",
        close: "ws.close(1006)",
        stmt: ("", ";"),
        epilogue: "",
        block: Some(("{\n", "}\n")),
        concat: ("'a'", " + "),
        open_comment: "/*",
    }
}

/// Python nests blocks by indentation, one more column a level: the deepest block file that
/// stays near the size limit is 1,500 levels (1.1 MB).
const INDENT_LEVELS: usize = 1500;

/// Every pathological file for `t`: its name and its bytes.
pub fn inputs(t: &Template) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| out.push((format!("{name}.{}", t.ext), bytes));
    for depth in [10_000, 100_000] {
        let wrap = |open: &str, close: &str| {
            t.with(&format!(
                "{}{}{}",
                open.repeat(depth),
                t.close,
                close.repeat(depth)
            ))
        };
        add(&format!("calls{depth}"), wrap("f(", ")").into_bytes());
        add(&format!("brackets{depth}"), wrap("[", "]").into_bytes());
        add(&format!("binary{depth}"), wrap("1 + ", "").into_bytes());
        let concat = format!("{}{}", t.concat.0, t.concat.1);
        add(&format!("concat{depth}"), wrap(&concat, "").into_bytes());
        if let Some((open, close)) = t.block {
            let body = format!(
                "{}{}{}",
                open.repeat(depth),
                t.statement(),
                close.repeat(depth)
            );
            add(&format!("blocks{depth}"), t.with(&body).into_bytes());
        }
    }
    if t.block.is_none() {
        let mut body = String::new();
        for level in 0..INDENT_LEVELS {
            body.push_str(&format!("{}if x:\n", " ".repeat(level)));
        }
        body.push_str(&" ".repeat(INDENT_LEVELS));
        body.push_str(&t.statement());
        add(
            "blocks_indent",
            format!("{}{body}\n", t.prelude).into_bytes(),
        );
    }
    // One line of 1 MiB: close calls separated by `;`.
    let line = format!("{};", t.statement()).repeat((1 << 20) / (t.statement().len() + 1));
    add("one_line", t.with(&line).into_bytes());
    let many = format!("{}\n", t.statement()).repeat(100_000);
    add(
        "many_calls",
        format!("{}{many}{}", t.prelude, t.epilogue).into_bytes(),
    );
    add(
        "only_close_tokens",
        format!("{}{}", t.prelude, "close(".repeat(100_000)).into_bytes(),
    );
    add(
        "unterminated_string",
        format!(
            "{}{}\nx = \"abc\n{}",
            t.prelude,
            t.statement(),
            t.statement().repeat(100)
        )
        .into_bytes(),
    );
    add(
        "unterminated_comment",
        format!(
            "{}{}\n{}{}",
            t.prelude,
            t.statement(),
            t.open_comment,
            t.statement().repeat(100)
        )
        .into_bytes(),
    );
    // NUL bytes after 10 KB of valid code: past the 8 KiB binary probe.
    let mut nul = t.with(&format!("{}\n", t.statement()).repeat(10_000 / t.statement().len()));
    nul.push_str("\0\0\0");
    nul.push_str(&t.statement());
    add("nul_after_code", nul.into_bytes());
    add("bom", format!("\u{feff}{}", t.ordinary()).into_bytes());
    add("crlf", t.ordinary().replace('\n', "\r\n").into_bytes());
    add("lone_cr", t.ordinary().replace('\n', "\r").into_bytes());
    out
}
