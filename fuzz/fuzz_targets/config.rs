//! Configuration parsing: the input as a `wslsp.toml` / `pyproject.toml`, and as the choices
//! of [`fuzz_support::config_text`] (sections, keys and values, odd globs mixed in).
#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_support::config_holds(data);
    if let Ok(text) = fuzz_support::config_text(&mut Unstructured::new(data)) {
        fuzz_support::config_holds(text.as_bytes());
    }
});
