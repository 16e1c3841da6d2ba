//! The fixes of the library-aware rules, applied to fixture files: for each rule with findings
//! in a fixture, every finding's first fix is applied with [`wslsp::fixes::apply`] and the
//! fixed file is snapshotted (`tests/snapshots/rules_fixes__<file>__<rule>.snap`). The fixed
//! file must no longer raise that rule where a fix was applied.

use std::path::Path;

use wslsp::analysis::analyze;
use wslsp::fixes;
use wslsp::languages::Language;

/// Fixtures (under `tests/fixtures/`) and the rules whose fixes are snapshotted in each.
const CASES: &[(&str, &[&str])] = &[
    (
        "go/advice_gorilla_alias.go",
        &[
            "magic-close-code",
            "prefer-specific-code",
            "unregistered-code",
            "peer-rejects-code",
        ],
    ),
    ("go/gorilla_reserved.go", &["magic-close-code"]),
    (
        "go/advice_coder.go",
        &["magic-close-code", "peer-rejects-code"],
    ),
    (
        "python/advice_fastapi.py",
        &[
            "magic-close-code",
            "prefer-specific-code",
            "unregistered-code",
            "peer-rejects-code",
        ],
    ),
    ("python/advice_websockets.py", &["magic-close-code"]),
    ("python/advice_aiohttp.py", &["magic-close-code"]),
    (
        "rust/advice_axum.rs",
        &["magic-close-code", "reserved-code"],
    ),
    (
        "rust/advice_tungstenite.rs",
        &["magic-close-code", "reserved-code"],
    ),
    ("java/AdviceJakarta.java", &["magic-close-code"]),
    ("java/NettyServerHandler.java", &["magic-close-code"]),
    (
        "javascript/advice_ws.js",
        &[
            "reserved-code",
            "prefer-specific-code",
            "unregistered-code",
            "peer-rejects-code",
        ],
    ),
];

fn read(fixture: &str) -> (Language, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let language = Language::from_path(&path).unwrap();
    (language, std::fs::read_to_string(&path).unwrap())
}

/// `text` with the first fix of every finding of `rule` applied, and how many were applied.
fn fix_rule(language: Language, text: &str, rule: &str) -> (String, usize) {
    let analysis = analyze(language, text);
    let findings: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .collect();
    let combined = fixes::combine(findings.iter().copied(), true);
    (fixes::apply(text, &combined.edits), combined.applied)
}

#[test]
fn each_rule_fix_is_snapshotted_and_clears_the_rule() {
    for (fixture, rules) in CASES {
        let (language, text) = read(fixture);
        for rule in *rules {
            let before = analyze(language, &text)
                .findings
                .iter()
                .filter(|f| f.rule == *rule)
                .count();
            let (fixed, applied) = fix_rule(language, &text, rule);
            assert!(applied > 0, "{fixture}: no {rule} fix applied");
            let after = analyze(language, &fixed)
                .findings
                .iter()
                .filter(|f| f.rule == *rule)
                .count();
            assert_eq!(after, before - applied, "{fixture}: {rule} after the fixes");
            let name = format!("{}__{rule}", fixture.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, fixed);
        }
    }
}

#[test]
fn only_magic_close_code_fixes_are_safe() {
    for (fixture, _) in CASES {
        let (language, text) = read(fixture);
        for finding in analyze(language, &text).findings {
            for fix in &finding.fixes {
                assert_eq!(
                    fix.safe,
                    finding.rule == "magic-close-code",
                    "{fixture}: {} fix {:?}",
                    finding.rule,
                    fix.title
                );
            }
        }
    }
}

/// `magic-close-code` stays silent when the file shows no import of the constant's home:
/// Ratchet's `Frame::CLOSE_POLICY` needs `use Ratchet\RFC6455\Messaging\Frame;`, and wslsp
/// does not add imports.
#[test]
fn no_constant_hint_without_an_import_in_scope() {
    let (language, text) = read("php/ratchet_server.php");
    let import = "use Ratchet\\RFC6455\\Messaging\\Frame;\n";
    assert!(text.contains(import));
    let (fixed, applied) = fix_rule(language, &text, "magic-close-code");
    assert_eq!(applied, 1);
    assert!(
        fixed.contains("$conn->close(Frame::CLOSE_POLICY)"),
        "{fixed}"
    );
    let rules: Vec<_> = analyze(language, &text.replacen(import, "", 1))
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert!(!rules.contains(&"magic-close-code"), "{rules:?}");
}
