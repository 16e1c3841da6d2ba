//! `wslsp explain` and `wslsp rules`: the catalog and the rules in the terminal, as text, JSON
//! and Markdown; and `docs/rules/`, generated from `wslsp rules --format markdown`, in sync.
//! Regenerate the docs with `WSLSP_BLESS_DOCS=1 cargo test --test cli_docs`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn wslsp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(args)
        .output()
        .expect("the wslsp binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = wslsp(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn rule_ids() -> Vec<String> {
    let rules: Value = serde_json::from_str(&stdout(&["rules", "--format", "json"])).unwrap();
    rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn explain_gives_the_full_entry() {
    let text = stdout(&["explain", "1008"]);
    for part in [
        "1008 Policy Violation",
        "Sent by:          either endpoint",
        "On the wire:      yes",
        "Browser close():  throws InvalidAccessError",
        "What it means\n",
        "When you see it\n",
        "How to resolve\n",
        "Confused with\n  1003 Unsupported Data:",
        "Source:           RFC 6455 §7.4.1",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
    let text = stdout(&["explain", "1010"]);
    assert!(text.contains("Sent by:          the client only"), "{text}");
}

#[test]
fn a_code_in_a_range_explains_the_range() {
    let text = stdout(&["explain", "4001"]);
    assert!(text.starts_with("4001: 4000–4999 Private Use\n"), "{text}");
    let json: Value =
        serde_json::from_str(&stdout(&["explain", "4001", "--format", "json"])).unwrap();
    assert_eq!(
        (
            json["code"].as_u64(),
            json["first"].as_u64(),
            json["last"].as_u64()
        ),
        (Some(4001), Some(4000), Some(4999))
    );
    assert_eq!(json["name"], "Private Use");
    let text = stdout(&["explain", "65535"]);
    assert!(text.starts_with("65535: 5000–65535 Out of Range"), "{text}");
    // The first code of a range is the range itself.
    let text = stdout(&["explain", "4000"]);
    assert!(text.starts_with("4000–4999 Private Use\n"), "{text}");
}

#[test]
fn two_codes_are_compared_side_by_side() {
    let text = stdout(&["explain", "1008", "1010"]);
    insta::assert_snapshot!("explain_1008_1010", text);
    let json: Value =
        serde_json::from_str(&stdout(&["explain", "1008", "1010", "--format", "json"])).unwrap();
    assert_eq!(json["differences"][0]["aspect"], "sender");
    assert_eq!(json["differences"][0]["label"], "Sent by");
    assert_eq!(json["differences"][0]["second"], "the client only");
    assert_eq!(
        json["choose"].as_array().unwrap().len(),
        2,
        "advice from both entries"
    );
    let markdown = stdout(&["explain", "1008", "1010", "--format", "markdown"]);
    for heading in [
        "# 1008 Policy Violation vs 1010 Mandatory Ext.\n",
        "## 1008 Policy Violation\n",
        "## Key differences\n",
        "## When to use which\n",
    ] {
        assert!(markdown.contains(heading), "{heading:?}");
    }
    // Two codes of one range: said so, and no difference in the rules.
    let text = stdout(&["explain", "4001", "4002"]);
    assert!(text.contains("both in 4000–4999 Private Use"), "{text}");
    assert!(text.contains("they differ in meaning only"), "{text}");
}

#[test]
fn bad_arguments_are_usage_errors() {
    for args in [
        &["explain", "70000"][..],
        &["explain", "abc"],
        &["explain", "1000", "1001", "1002"],
        &["explain"],
        &["rules", "no-such-rule"],
    ] {
        let out = wslsp(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn rules_lists_every_rule_with_severity_and_examples() {
    let text = stdout(&["rules"]);
    let ids = rule_ids();
    assert_eq!(ids.len(), wslsp::rules::all().len());
    for id in &ids {
        let one = stdout(&["rules", id]);
        assert!(text.contains(&one), "`rules {id}` is a part of `rules`");
        assert!(
            one.contains("Flagged:  ") && one.contains("Fixed:    "),
            "{one}"
        );
    }
    insta::assert_snapshot!(
        "rules_client_only_code",
        stdout(&["rules", "client-only-code"])
    );
    let json: Value =
        serde_json::from_str(&stdout(&["rules", "reason-too-long", "--format", "json"])).unwrap();
    assert_eq!(json["severity"], "error");
    assert!(
        json["doc_url"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/reason-too-long.md")
    );
}

/// Each `docs/rules/<id>.md` is `wslsp rules <id> --format markdown`, and `docs/rules/README.md`
/// is `wslsp rules --format markdown`; nothing else lives there.
#[test]
fn rule_docs_are_generated_and_in_sync() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let bless = std::env::var_os("WSLSP_BLESS_DOCS").is_some();
    let mut expected = vec![(
        "README.md".to_owned(),
        stdout(&["rules", "--format", "markdown"]),
    )];
    for id in rule_ids() {
        expected.push((
            format!("{id}.md"),
            stdout(&["rules", &id, "--format", "markdown"]),
        ));
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_ref() != Some(text) {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules/ is out of date ({stale:?}); run WSLSP_BLESS_DOCS=1 cargo test --test cli_docs"
    );
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    present.sort();
    let mut names: Vec<String> = expected.into_iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(
        present, names,
        "docs/rules/ holds exactly the generated pages"
    );
}
