//! A guard in front of tower-lsp-server's reader.
//!
//! tower-lsp-server 0.23 stops reading stdin after the first message it cannot decode (its
//! framed reader ends the stream on a decode error), so one malformed message would end the
//! session. This module reads the frames itself and hands on only messages the framework can
//! decode; a malformed one is replaced by a request to [`MALFORMED`], which the server answers
//! with the JSON-RPC error (`-32700` parse error, `-32600` invalid request) and a `null` id,
//! as JSON-RPC asks, and the session goes on.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};

/// The internal method that stands for a malformed message.
pub const MALFORMED: &str = "wslsp/internal/malformedMessage";

/// The largest header line accepted (a real one is about 30 bytes).
const MAX_HEADER_LINE: usize = 4096;

/// A reader of `input` that yields only well-formed LSP frames.
pub fn guard(input: impl AsyncRead + Unpin + Send + 'static) -> impl AsyncRead + Unpin {
    let (mut to_server, from_proxy) = tokio::io::duplex(64 * 1024);
    tokio::spawn(async move {
        let mut reader = BufReader::new(input);
        loop {
            let body = match read_frame(&mut reader).await {
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
async fn read_frame(
    reader: &mut (impl AsyncBufReadExt + Unpin),
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        let n = (&mut *reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .await?;
        if n == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !seen_any {
                continue; // stray blank line between frames
            }
            break;
        }
        seen_any = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("invalid Content-Length {:?}", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(reason)) => return Ok(Some(Err(reason))),
        None => return Ok(Some(Err("a header without Content-Length".to_owned()))),
    };
    // Read what arrives instead of allocating the announced length first: a Content-Length
    // of 2^64 - 1 would panic (and end the session), one of a terabyte abort the process.
    let mut body = Vec::new();
    (&mut *reader)
        .take(u64::try_from(length).unwrap_or(u64::MAX))
        .read_to_end(&mut body)
        .await?;
    if body.len() < length {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(Ok(body)))
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

    async fn frames(input: &'static [u8]) -> Vec<Result<Vec<u8>, String>> {
        let mut reader = BufReader::new(input);
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).await.unwrap() {
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

    #[tokio::test]
    async fn a_huge_content_length_ends_the_input_without_allocating_it() {
        for input in [
            &b"Content-Length: 18446744073709551615\r\n\r\n{}"[..],
            b"Content-Length: 1000000000000\r\n\r\n{}",
        ] {
            let mut reader = BufReader::new(input);
            let error = read_frame(&mut reader).await.unwrap_err();
            assert_eq!(error.kind(), std::io::ErrorKind::UnexpectedEof);
        }
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
