//! Incremental analysis against a fresh one: the input drives [`fuzz_support::grow`] (a fixture
//! or prelude, mutated) and then batches of edits; after each batch the
//! [`wslsp::analysis::Incremental`] result must equal `analyze_tree` of the reparsed tree.
#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((language, rest)) = fuzz_support::split_input(data) else {
        return;
    };
    let mut u = Unstructured::new(rest);
    if let Ok(text) = fuzz_support::grow(language, fuzz_support::fixtures(language), &mut u) {
        let _ = fuzz_support::incremental_holds(language, &text, &mut u);
    }
});
