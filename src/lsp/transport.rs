//! A guard in front of tower-lsp-server's reader.
//!
//! tower-lsp-server 0.23 stops reading stdin after the first message it cannot decode (its
//! framed reader ends the stream on a decode error), so one malformed message would end the
//! session. This module reads the frames itself and hands on only messages the framework can
//! decode; a malformed one is replaced by a request to [`MALFORMED`], which the server answers
//! with the JSON-RPC error (`-32700` parse error, `-32600` invalid request) and a `null` id,
//! as JSON-RPC asks, and the session goes on.
//!
//! Framing faults, and what the reader does (each is logged):
//!
//! - a `Content-Length` that is not a number, or missing: the parse error; the bytes up to the
//!   next header are skipped;
//! - a `Content-Length` shorter than the body: the cut body is a parse error, and the rest of
//!   the body is skipped up to the next header;
//! - a `Content-Length` longer than the body: the body ends where the next header starts (a
//!   `Content-Length: <digits>` line can never lie inside a JSON text, whose strings hold no raw
//!   line breaks), or, when the client sends nothing more for [`STALL`], where what came is
//!   already a whole JSON value;
//! - a body over [`MAX_BODY`]: read and dropped as it comes, never buffered, and answered with
//!   an error.
//!
//! A client that stops reading the server's output: the server's writes block; tower-lsp-server
//! then stops taking messages from this reader, whose pipe to it ([`PIPE`]) fills, and this
//! reader stops reading stdin. Memory stays bounded, and everything goes on once the client
//! reads again.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};

/// The internal method that stands for a malformed message.
pub const MALFORMED: &str = "wslsp/internal/malformedMessage";

/// The largest header line kept whole (a real one is about 30 bytes); a longer line is junk,
/// skipped in pieces.
const MAX_HEADER_LINE: usize = 4096;

/// The largest message body accepted: 64 MiB (a document at the server's 10 MiB analysis
/// limit, escaped as JSON, is far smaller).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// How long the client may pause in the middle of a body before the reader checks whether
/// what came is already a whole message (its `Content-Length` lied).
pub const STALL: Duration = Duration::from_secs(1);

/// The pipe between this reader and tower-lsp-server's, in bytes.
const PIPE: usize = 64 * 1024;

/// How much is read from the input at a time.
const CHUNK: usize = 64 * 1024;

/// What a header search keeps of skipped bytes: enough to hold a `Content-Length: ` that the
/// cut splits.
const KEEP: usize = 64;

/// A reader of `input` that yields only well-formed LSP frames.
pub fn guard(input: impl AsyncRead + Unpin + Send + 'static) -> impl AsyncRead + Unpin {
    let (mut to_server, from_proxy) = tokio::io::duplex(PIPE);
    tokio::spawn(async move {
        let mut framer = Framer::new(input);
        loop {
            let body = match framer.next().await {
                Ok(Some(Ok(body))) => vet(body),
                Ok(Some(Err(reason))) => malformed(ErrorCode::ParseError, &reason),
                // End of input, or the client went away: the server sees the end of stdin.
                Ok(None) | Err(_) => break,
            };
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            if to_server.write_all(header.as_bytes()).await.is_err()
                || to_server.write_all(&body).await.is_err()
            {
                break;
            }
        }
    });
    from_proxy
}

/// The next frame's body, or why the frame is malformed; `None` at the end of input.
type Frame = Result<Vec<u8>, String>;

/// Splits the input into frames; see the module documentation for the faults it survives.
struct Framer<R> {
    input: R,
    /// Bytes read and not yet consumed.
    buf: Vec<u8>,
    /// The input ended.
    eof: bool,
}

impl<R: AsyncRead + Unpin> Framer<R> {
    fn new(input: R) -> Self {
        Framer {
            input,
            buf: Vec::new(),
            eof: false,
        }
    }

    /// Reads more input; the number of bytes (0 at the end of input).
    async fn fill(&mut self) -> std::io::Result<usize> {
        if self.eof {
            return Ok(0);
        }
        self.buf.reserve(CHUNK);
        let n = self.input.read_buf(&mut self.buf).await?;
        self.eof = n == 0;
        Ok(n)
    }

    /// [`Framer::fill`], or `None` if nothing came within `wait`.
    async fn fill_within(&mut self, wait: Duration) -> std::io::Result<Option<usize>> {
        match tokio::time::timeout(wait, self.fill()).await {
            Ok(n) => n.map(Some),
            Err(_) => Ok(None),
        }
    }

    async fn next(&mut self) -> std::io::Result<Option<Frame>> {
        let mut length: Option<Result<usize, String>> = None;
        let mut in_header = false;
        let mut junk = 0;
        loop {
            let Some(line) = self.line(&mut junk).await? else {
                log_junk(junk);
                return Ok(None);
            };
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if !in_header {
                    continue; // stray blank line between frames
                }
                break;
            }
            if let Some(at) = find_content_length(text.as_bytes()) {
                // What precedes the header on its line is the rest of something cut short.
                junk += at;
                let value = text[at..].split_once(':').map_or("", |(_, v)| v.trim());
                length = Some(
                    value
                        .parse()
                        .map_err(|_| format!("invalid Content-Length {value:?}")),
                );
                in_header = true;
            } else if is_header_field(text) {
                in_header = true;
            } else {
                junk += line.len();
            }
        }
        log_junk(junk);
        let length = match length {
            Some(Ok(length)) => length,
            Some(Err(reason)) => return Ok(Some(Err(reason))),
            None => return Ok(Some(Err("a header without Content-Length".to_owned()))),
        };
        if length > MAX_BODY {
            return self.skip_body(length).await.map(Some);
        }
        self.body(length).await.map(Some)
    }

    /// The next line, its `\n` included; a line longer than [`MAX_HEADER_LINE`] is skipped
    /// (counted in `junk`) up to its last [`KEEP`] bytes, which may start a header. `None` at
    /// the end of input.
    async fn line(&mut self, junk: &mut usize) -> std::io::Result<Option<Vec<u8>>> {
        let mut searched = 0;
        loop {
            if let Some(nl) = memchr::memchr(b'\n', &self.buf[searched..]) {
                let end = searched + nl + 1;
                return Ok(Some(self.buf.drain(..end).collect()));
            }
            searched = self.buf.len();
            if self.buf.len() > MAX_HEADER_LINE {
                let cut = self.buf.len() - KEEP;
                *junk += cut;
                self.buf.drain(..cut);
                searched = KEEP;
            }
            if self.fill().await? == 0 {
                *junk += self.buf.len();
                self.buf.clear();
                return Ok(None);
            }
        }
    }

    /// A body of `length` bytes, ended early at a header inside it, or at a stall after a
    /// whole JSON value.
    async fn body(&mut self, length: usize) -> std::io::Result<Frame> {
        let mut scanned: usize = 0;
        loop {
            let have = self.buf.len().min(length);
            let header = find_header(&self.buf, scanned.saturating_sub(KEEP));
            if let Some(at) = header.filter(|&at| at < length) {
                tracing::warn!(
                    "Content-Length said {length} bytes, but a header starts after {at}; \
                     the body ends there"
                );
                return Ok(Ok(self.buf.drain(..at).collect()));
            }
            if have == length {
                return Ok(Ok(self.buf.drain(..length).collect()));
            }
            scanned = self.buf.len();
            match self.fill_within(STALL).await? {
                Some(0) => {
                    return Ok(Err(format!(
                        "the input ended {have} bytes into a body of {length}"
                    )));
                }
                Some(_) => {}
                None if is_json(&self.buf) => {
                    tracing::warn!(
                        "Content-Length said {length} bytes, but the client stopped after {have} \
                         that form a whole message; read as such"
                    );
                    return Ok(Ok(std::mem::take(&mut self.buf)));
                }
                None => {}
            }
        }
    }

    /// Drops a body over [`MAX_BODY`] as it comes, without buffering it; it ends early at a
    /// header inside it (its `Content-Length` lied).
    async fn skip_body(&mut self, length: usize) -> std::io::Result<Frame> {
        let reason =
            format!("a message of {length} bytes is over the {MAX_BODY}-byte limit; skipped");
        tracing::error!("{reason}");
        let mut left = length;
        loop {
            let have = self.buf.len().min(left);
            if let Some(at) = find_header(&self.buf, 0).filter(|&at| at < left) {
                self.buf.drain(..at);
                tracing::warn!("a header starts inside the skipped message; reading from there");
                return Ok(Err(reason));
            }
            // Keep the tail, which may hold the start of a header the next read completes.
            let drop = if have == left {
                have
            } else {
                have.saturating_sub(KEEP)
            };
            self.buf.drain(..drop);
            left -= drop;
            if left == 0 {
                return Ok(Err(reason));
            }
            if self.fill().await? == 0 {
                return Ok(Err(reason));
            }
        }
    }
}

/// The offset of `Content-Length:` (any case) in `bytes`.
fn find_content_length(bytes: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    memchr::memchr2_iter(b'c', b'C', bytes).find(|&at| {
        bytes
            .get(at..at + NAME.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(NAME))
    })
}

/// The offset, at or after `from`, of a whole `Content-Length: <digits>` line in `bytes`: the
/// start of the next frame, which no JSON text can contain (its strings hold no raw line
/// breaks, and the name is no JSON token).
fn find_header(bytes: &[u8], from: usize) -> Option<usize> {
    let mut from = from.min(bytes.len());
    while let Some(at) = find_content_length(&bytes[from..]).map(|i| from + i) {
        let rest = &bytes[at + "content-length:".len()..];
        let value = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'0'..=b'9'));
        let n = value.count();
        let line_ends = rest[n..].starts_with(b"\r\n") || rest[n..].starts_with(b"\n");
        if line_ends && rest[..n].iter().any(u8::is_ascii_digit) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A header field line (`Name: value`, the name an HTTP token).
fn is_header_field(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    })
}

/// `bytes` are one whole JSON value (and whitespace).
fn is_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

fn log_junk(junk: usize) {
    if junk > 0 {
        tracing::warn!("skipped {junk} bytes that belong to no message");
    }
}

/// `body` if the framework can decode it, else the stand-in request for the error.
fn vet(body: Vec<u8>) -> Vec<u8> {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => return malformed(ErrorCode::ParseError, &format!("not JSON: {e}")),
    };
    let request = serde_json::from_value::<Request>(value.clone());
    if request.is_ok() || serde_json::from_value::<Response>(value).is_ok() {
        return body;
    }
    let reason = request.err().map_or_else(String::new, |e| e.to_string());
    malformed(
        ErrorCode::InvalidRequest,
        &format!("not a JSON-RPC 2.0 message: {reason}"),
    )
}

fn malformed(code: ErrorCode, reason: &str) -> Vec<u8> {
    tracing::warn!("malformed message: {reason}");
    serde_json::to_vec(&json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": MALFORMED,
        "params": {"code": code.code(), "message": reason},
    }))
    .expect("serialisable")
}

/// The answer to a [`MALFORMED`] stand-in: the error it stands for.
pub fn error_for(params: Value) -> Error {
    let code = params["code"].as_i64().unwrap_or(-32700);
    Error {
        code: ErrorCode::from(code),
        message: params["message"]
            .as_str()
            .unwrap_or("malformed message")
            .to_owned()
            .into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut framer = Framer::new(input);
        let mut out = Vec::new();
        while let Some(frame) = framer.next().await.unwrap() {
            out.push(frame);
        }
        out
    }

    #[tokio::test]
    async fn reads_frames_and_reports_bad_headers() {
        let got = frames(
            b"Content-Length: 2\r\n\r\n{}Content-Type: x\r\n\r\nContent-Length: zz\r\n\r\n\
              content-length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\nnull",
        )
        .await;
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], Ok(b"{}".to_vec()));
        assert!(
            got[1]
                .as_ref()
                .unwrap_err()
                .contains("without Content-Length")
        );
        assert!(
            got[2]
                .as_ref()
                .unwrap_err()
                .contains("invalid Content-Length")
        );
        assert_eq!(got[3], Ok(b"null".to_vec()));
    }

    fn ok(body: &str) -> Frame {
        Ok(body.as_bytes().to_vec())
    }

    #[tokio::test]
    async fn a_lying_content_length_costs_one_message_at_most() {
        // Shorter: the cut body, then the next frame.
        let got =
            frames(b"Content-Length: 8\r\n\r\n{\"a\":1,\"b\":2}Content-Length: 2\r\n\r\n{}").await;
        assert_eq!(got, [ok("{\"a\":1,\""), ok("{}")]);
        // Shorter, the rest of the body spread over lines of its own.
        let got =
            frames(b"Content-Length: 3\r\n\r\n{\r\n \"a\": 1\r\n}\r\nContent-Length: 2\r\n\r\n{}")
                .await;
        assert_eq!(got, [ok("{\r\n"), ok("{}")]);
        // Longer: the body ends where the next header starts.
        let got = frames(b"Content-Length: 90\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}").await;
        assert_eq!(got, [ok("{\"a\":1}"), ok("{}")]);
        // Not a number: an error, then the next frame.
        let got = frames(b"Content-Length: 1e3\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}").await;
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .contains("invalid Content-Length")
        );
        assert_eq!(got[1..], [ok("{}")]);
        // A header inside a JSON string is no header (its line break would be escaped).
        let body = r#"{"text":"Content-Length: 2\r\n\r\n{}"}"#;
        let input = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        assert_eq!(frames(input.as_bytes()).await, [ok(body)]);
    }

    #[tokio::test]
    async fn junk_between_frames_is_skipped_even_in_long_lines() {
        let mut input = b"Content-Length: 2\r\n\r\n{}".to_vec();
        input.extend(std::iter::repeat_n(b'x', 3 * MAX_HEADER_LINE + 17));
        input.extend(b"Content-Length: 4\r\n\r\nnull\r\n\r\n");
        assert_eq!(frames(&input).await, [ok("{}"), ok("null")]);
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_dropped_as_it_comes() {
        let header = format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1);
        // It ends with the input: one error.
        let mut input = header.as_bytes().to_vec();
        input.extend(std::iter::repeat_n(b' ', 5 * CHUNK + 3));
        let got = frames(&input).await;
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().contains("over the"), "{got:?}");
        // Its Content-Length lied: the next header ends it.
        input.extend(b"Content-Length: 2\r\n\r\n{}");
        let got = frames(&input).await;
        assert_eq!(got[1..], [ok("{}")]);
    }

    #[tokio::test]
    async fn a_client_that_stops_inside_a_body_gets_its_whole_json_value_read() {
        let (mut client, server) = tokio::io::duplex(1024);
        client
            .write_all(b"Content-Length: 50\r\n\r\n{\"a\":1}")
            .await
            .unwrap();
        let mut framer = Framer::new(server);
        let frame = tokio::time::timeout(3 * STALL, framer.next()).await;
        assert_eq!(frame.unwrap().unwrap(), Some(ok("{\"a\":1}")));
        // A body that is not yet whole waits for the rest.
        client
            .write_all(b"Content-Length: 7\r\n\r\n{\"a\":")
            .await
            .unwrap();
        let waiting = tokio::time::timeout(2 * STALL, framer.next()).await;
        assert!(waiting.is_err(), "{waiting:?}");
    }

    #[test]
    fn only_decodable_messages_pass() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.to_vec();
        assert_eq!(vet(ok.clone()), ok);
        let response = br#"{"jsonrpc":"2.0","id":1,"result":null}"#.to_vec();
        assert_eq!(vet(response.clone()), response);
        for bad in [
            &b"{not json"[..],
            b"[1,2]",
            b"null",
            br#"{"id":1,"method":"x"}"#,
        ] {
            let replaced: Value = serde_json::from_slice(&vet(bad.to_vec())).unwrap();
            assert_eq!(
                replaced["method"],
                MALFORMED,
                "{}",
                String::from_utf8_lossy(bad)
            );
            assert_eq!(replaced["id"], Value::Null);
        }
    }
}
