//! LSP framing and JSON-RPC decoding: the input as raw bytes on the server's stdin, and as the
//! choices of [`fuzz_support::frames`] (frames with odd headers and bodies), through the
//! transport guard of `src/lsp/transport.rs`: what it passes on must be framed and decodable,
//! and it must not panic. With every header right, every frame must come through.
#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_support::frames_hold(data.to_vec());
    if let Ok(frames) = fuzz_support::frames(&mut Unstructured::new(data)) {
        let count = fuzz_support::frames_hold(fuzz_support::wire(&frames));
        if frames.iter().all(|f| f.length.is_none()) {
            assert_eq!(count, frames.len(), "{frames:?}");
        }
    }
});
