//! `wslsp check --format …`: every output format on the same files, one of them with a
//! non-ASCII path and non-ASCII text before the finding, so that columns in characters and
//! escaping show in the snapshots; SARIF validated against the SARIF 2.1.0 schema.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod cli_support;
use cli_support::{write, wslsp, wslsp_stdin};

/// The line with the browser finding: its code `1006` starts at character 21 but byte 23.
const BROWSER: &str = "const s = new WebSocket(u);\n/* größe */ s.close(1006, \"zu spät\");\n";
const CLIENT: &str =
    "const WebSocket = require('ws');\nconst ws = new WebSocket('ws://x');\nws.close(1013);\n";

/// A scratch tree: `src/café/ünï.js` (two errors), `src/client.js` (a warning), a binary file.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/café/ünï.js", BROWSER);
    write(dir.path(), "src/client.js", CLIENT);
    write(dir.path(), "src/blob.js", b"WebSocket close\0\x01");
    dir
}

fn stdout_of(format: &str, dir: &Path) -> (String, Output) {
    let out = wslsp(&["check", "--format", format, "src"], dir);
    (String::from_utf8(out.stdout.clone()).unwrap(), out)
}

#[test]
fn every_format_has_its_snapshot_and_the_same_exit_status() {
    let dir = tree();
    for format in [
        "human",
        "concise",
        "json",
        "json-lines",
        "github",
        "sarif",
        "gitlab",
        "junit",
    ] {
        let (stdout, out) = stdout_of(format, dir.path());
        assert_eq!(out.status.code(), Some(1), "{format}: {stdout}");
        insta::assert_snapshot!(format!("format_{format}"), stdout);
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = tree();
    let line = BROWSER.lines().nth(1).unwrap();
    let column = line[..line.find("1006").unwrap()].chars().count() + 1;
    assert_eq!(column, 21);
    let (github, _) = stdout_of("github", dir.path());
    assert!(
        github.contains(&format!(
            "file=src/café/ünï.js,line=2,col={column},endLine=2,endColumn={}",
            column + 4
        )),
        "{github}"
    );
    let (concise, _) = stdout_of("concise", dir.path());
    assert!(concise.contains(&format!("src/café/ünï.js:2:{column}: error[reserved-code]")));
    let (sarif, _) = stdout_of("sarif", dir.path());
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], column);
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
}

#[test]
fn sarif_is_valid_sarif_2_1_0_and_describes_every_rule() {
    let dir = tree();
    let (sarif, _) = stdout_of("sarif", dir.path());
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is not vacuous: a result without a message is rejected.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), wslsp::rules::all().len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("docs/rules/{id}.md"))
        );
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "reserved-code");
    assert_eq!(
        ids[result["ruleIndex"].as_u64().unwrap() as usize],
        "reserved-code"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/caf%C3%A9/%C3%BCn%C3%AF.js"
    );
    let browser = &run["results"][1];
    assert_eq!(browser["ruleId"], "browser-close-code");
    let replacement = &browser["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "1000");
    assert_eq!(replacement["deletedRegion"]["startColumn"], 21);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "src/blob.js"
    );
}

#[test]
fn exit_zero_quiet_and_statistics() {
    let dir = tree();
    let out = wslsp(&["check", "--exit-zero", "src"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[reserved-code]"));
    // --exit-zero does not hide a usage error.
    let out = wslsp(&["check", "--exit-zero", "nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));

    let out = wslsp(
        &["check", "--format", "concise", "--quiet", "src"],
        dir.path(),
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(!stdout.contains("Checked"));

    let out = wslsp(&["check", "--statistics", "src"], dir.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("statistics", stdout);
    let out = wslsp(
        &["check", "--statistics", "--format", "json", "src"],
        dir.path(),
    );
    let counts: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts.as_array().unwrap().len(), 3);
    let warning = counts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "server-only-code")
        .unwrap();
    assert_eq!(
        (warning["count"].as_u64(), warning["fixable"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn stdin_is_checked_as_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, input: &str| {
        let args = ["check", "--format", "concise", "--stdin-filename", name];
        wslsp_stdin(&args, dir.path(), input)
    };
    let (stdout, status) = run("web/ünï.js", BROWSER);
    assert_eq!(status, Some(1));
    assert!(
        stdout.starts_with("web/ünï.js:2:21: error[reserved-code]"),
        "{stdout}"
    );
    // The name picks the language: the same text as Python holds no close site.
    let (stdout, status) = run("web/x.py", BROWSER);
    assert_eq!(status, Some(0), "{stdout}");
    assert!(
        !dir.path().join("web").exists(),
        "nothing is read or written on disk"
    );
}
