//! `--fix` applied twice (safe fixes, then unsafe ones too): the second pass changes nothing and
//! every byte outside the edits is kept. Input and mutations as in `analyze.rs`.
#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use libfuzzer_sys::{fuzz_mutator, fuzz_target};

fuzz_target!(|data: &[u8]| {
    if let Some((language, text)) = fuzz_support::split_input(data)
        && let Ok(text) = std::str::from_utf8(text)
    {
        fuzz_support::fix_twice_holds(language, text);
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    fuzz_support::mutate_input(data, size, max_size, seed, libfuzzer_sys::fuzzer_mutate)
});
