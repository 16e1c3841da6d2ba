//! The stable fuzz harness: each property of `tests/fuzz_support` (shared with the libFuzzer
//! targets in `fuzz/`) runs on generated inputs for a bounded time, `WSLSP_FUZZ_SECONDS`
//! seconds each (default 2). Generated texts stay under `WSLSP_FUZZ_MAX_TEXT` bytes (default
//! 8192) and one mutation nests at most `WSLSP_FUZZ_MAX_DEPTH` levels (default 300), so that
//! one input takes well under a second in a debug build; libFuzzer explores the larger ones.
//! A failure prints arbtest's seed; `WSLSP_FUZZ_SEED=<seed>` replays exactly that input.

mod fuzz_support;

use arbitrary::Unstructured;
use fuzz_support as support;
use wslsp::languages::Language;

/// Runs `property` on generated inputs for the configured time, or on one seed's input.
fn run(property: impl FnMut(&mut Unstructured<'_>) -> arbitrary::Result<()>) {
    let setting = |name: &str, default: u64| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    support::set_limits(
        setting("WSLSP_FUZZ_MAX_TEXT", 8192) as usize,
        setting("WSLSP_FUZZ_MAX_DEPTH", 300) as usize,
    );
    let seconds = setting("WSLSP_FUZZ_SECONDS", 2);
    let test = arbtest::arbtest(property).budget_ms(seconds * 1000);
    match std::env::var("WSLSP_FUZZ_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
    {
        Some(seed) => test.seed(seed).run(),
        None => test.run(),
    }
}

fn language(u: &mut Unstructured) -> arbitrary::Result<Language> {
    Ok(*u.choose(&Language::ALL)?)
}

#[test]
fn analysis_of_generated_source_is_well_formed() {
    run(|u| {
        let language = language(u)?;
        let text = support::grow(language, support::fixtures(language), u)?;
        support::analysis_holds(language, text.as_bytes());
        Ok(())
    });
}

#[test]
fn analysis_of_arbitrary_bytes_never_panics() {
    run(|u| {
        let language = language(u)?;
        let bytes: Vec<u8> = u.arbitrary()?;
        support::analysis_holds(language, &bytes);
        Ok(())
    });
}

#[test]
fn incremental_analysis_equals_a_fresh_one() {
    run(|u| {
        let language = language(u)?;
        let text = support::grow(language, support::fixtures(language), u)?;
        support::incremental_holds(language, &text, u)
    });
}

#[test]
fn fixes_applied_twice_change_nothing_more() {
    run(|u| {
        let language = language(u)?;
        let text = support::grow(language, support::fixtures(language), u)?;
        support::fix_twice_holds(language, &text);
        Ok(())
    });
}

#[test]
fn configuration_parsing_never_panics() {
    run(|u| {
        let text = support::config_text(u)?;
        support::config_holds(text.as_bytes());
        Ok(())
    });
}

#[test]
fn lsp_frames_pass_the_guard_decodable() {
    run(|u| {
        let frames = support::frames(u)?;
        let well_formed = frames.iter().all(|f| f.length.is_none());
        let count = support::frames_hold(support::wire(&frames));
        if well_formed {
            // Every frame comes through, as itself or as the stand-in for a malformed one.
            assert_eq!(count, frames.len(), "{frames:?}");
        }
        Ok(())
    });
}

/// Found by this harness: a Content-Length of 2^64 - 1 made the transport guard panic on
/// allocating the body (ending the session), one of a terabyte aborted the process.
#[test]
fn regression_huge_content_length() {
    for length in ["18446744073709551615", "1000000000000"] {
        let input = format!("Content-Length: {length}\r\n\r\n{{}}Content-Length: 2\r\n\r\n{{}}");
        assert_eq!(support::frames_hold(input.into_bytes()), 0);
    }
}
