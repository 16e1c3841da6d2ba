//! Analysis of arbitrary bytes: the first byte picks the language (or `WSLSP_FUZZ_LANGUAGE`,
//! a language name, fixes it for the run), the rest is the file. Half the mutations are
//! structure-aware ([`fuzz_support::mutate`]): close calls nested and repeated in the
//! language's syntax.
#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use libfuzzer_sys::{fuzz_mutator, fuzz_target};

fuzz_target!(|data: &[u8]| {
    if let Some((language, text)) = fuzz_support::split_input(data) {
        fuzz_support::analysis_holds(language, text);
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    fuzz_support::mutate_input(data, size, max_size, seed, libfuzzer_sys::fuzzer_mutate)
});
