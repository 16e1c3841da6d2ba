//! The editor integrations under `editors/`, each against its real client: Neovim and Emacs
//! (Debian's packages, installed when missing) and the VS Code extension (npm, with
//! Microsoft's client libraries) drive the `wslsp` binary end to end through the scripts in
//! `editors/*/test/run.sh`. Helix has no headless client, so its `languages.toml` is checked
//! as data. Every editor's language list is checked against `editors/languages.toml`, and that
//! table against the languages the server reads.
//!
//! A script exits 77 when this platform cannot run it (no apt-get, no root, Node.js too old);
//! the test then prints `SKIPPED: …` where `cargo test` shows it, and fails when `CI` is set.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;
use wslsp::languages::Language;

/// One script at a time: two concurrent `apt-get install`s would fight over dpkg's lock.
static ONE_SCRIPT_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The exit status a script uses for "this platform cannot run me".
const SKIPPED: i32 = 77;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Editor ids per wslsp language and editor: `editors/languages.toml`.
type LanguageTable = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn language_table() -> LanguageTable {
    let text = std::fs::read_to_string(repo().join("editors/languages.toml")).unwrap();
    toml::from_str(&text).expect("editors/languages.toml parses")
}

/// Every id `editor` must list, in table order, without repeats.
fn ids_for(editor: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut ids = Vec::new();
    for (language, editors) in language_table() {
        let row = editors
            .get(editor)
            .unwrap_or_else(|| panic!("editors/languages.toml: {language} has no {editor} ids"));
        ids.extend(row.iter().filter(|id| seen.insert(id.to_string())).cloned());
    }
    ids
}

/// Writes where `cargo test` shows it even for a passing test (libtest captures only the
/// `print!` family).
fn visible(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Runs `editors/<script>` with the binary and `env`, within `limit`; passes, fails with the
/// script's output, or reports a skip (a failure under CI).
fn run_editor_script(script: &str, env: &[(&str, String)], limit: Duration) {
    let _one = ONE_SCRIPT_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut log = tempfile::tempfile().unwrap();
    let mut child = Command::new("bash")
        .arg(repo().join("editors").join(script))
        .env("WSLSP_BIN", env!("CARGO_BIN_EXE_wslsp"))
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .expect("bash starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut output = String::new();
    log.rewind().unwrap();
    log.read_to_string(&mut output).unwrap();
    let took = started.elapsed().as_secs_f32();
    let Some(status) = status else {
        panic!("{script} did not finish within {limit:?}; killed\n{output}")
    };
    match status.code() {
        Some(0) => visible(&format!("{script}: passed in {took:.1} s")),
        Some(SKIPPED) => {
            let reason = output
                .lines()
                .rfind(|l| l.starts_with("SKIPPED:"))
                .unwrap_or("SKIPPED: (no reason given)");
            let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
            assert!(!in_ci, "{script}: {reason}; CI must run it\n{output}");
            visible(&format!("{script}: {reason}"));
        }
        _ => panic!("{script} failed ({status}) after {took:.1} s\n{output}"),
    }
}

fn joined(ids: &[String]) -> String {
    ids.join(",")
}

#[test]
fn neovim_diagnostics_hover_and_quick_fix() {
    run_editor_script(
        "nvim/test/run.sh",
        &[("WSLSP_EXPECT_FILETYPES", joined(&ids_for("nvim")))],
        Duration::from_secs(420),
    );
}

#[test]
fn emacs_eglot_diagnostics_and_hover() {
    run_editor_script(
        "emacs/test/run.sh",
        &[("WSLSP_EXPECT_MODES", joined(&ids_for("emacs")))],
        Duration::from_secs(420),
    );
}

#[test]
fn vscode_extension_builds_passes_its_tests_and_packages() {
    run_editor_script("vscode/test/run.sh", &[], Duration::from_secs(540));
}

#[test]
fn every_language_the_server_reads_has_editor_ids() {
    let table = language_table();
    for language in Language::ALL {
        let row = table.get(language.name()).unwrap_or_else(|| {
            panic!(
                "editors/languages.toml has no [{}]: add the editors' ids for it",
                language.name()
            )
        });
        for editor in ["vscode", "nvim", "helix", "emacs"] {
            assert!(
                row.get(editor).is_some_and(|ids| !ids.is_empty()),
                "editors/languages.toml: [{}] lacks {editor} ids",
                language.name()
            );
        }
    }
}

fn vscode_manifest() -> Value {
    let text = std::fs::read_to_string(repo().join("editors/vscode/package.json")).unwrap();
    serde_json::from_str(&text).expect("package.json parses")
}

#[test]
fn vscode_extension_activates_for_every_language() {
    let manifest = vscode_manifest();
    let events: BTreeSet<&str> = manifest["activationEvents"]
        .as_array()
        .expect("activationEvents")
        .iter()
        .filter_map(|e| e.as_str()?.strip_prefix("onLanguage:"))
        .collect();
    let expected: BTreeSet<String> = ids_for("vscode").into_iter().collect();
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(events, expected);
}

#[test]
fn vscode_rules_setting_offers_exactly_the_servers_rules() {
    let manifest = vscode_manifest();
    let offered: BTreeSet<&str> =
        manifest["contributes"]["configuration"]["properties"]["wslsp.rules"]["properties"]
            .as_object()
            .expect("wslsp.rules lists the rules")
            .keys()
            .map(String::as_str)
            .collect();
    let rules: BTreeSet<&str> = wslsp::rules::all().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(offered, rules);
    let properties = manifest["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    for setting in [
        "wslsp.path",
        "wslsp.inlayHints",
        "wslsp.rules",
        "wslsp.trace.server",
    ] {
        assert!(properties.contains_key(setting), "{setting} is missing");
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct HelixConfig {
    language_server: BTreeMap<String, HelixServer>,
    language: Vec<HelixLanguage>,
}

#[derive(serde::Deserialize)]
struct HelixServer {
    command: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    config: Option<toml::Value>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct HelixLanguage {
    name: String,
    language_servers: Vec<String>,
}

#[test]
fn helix_config_starts_wslsp_lsp_for_every_language() {
    let path = repo().join("editors/helix/languages.toml");
    let config: HelixConfig = toml::from_str(&std::fs::read_to_string(path).unwrap())
        .expect("editors/helix/languages.toml parses");
    let server = &config.language_server["wslsp"];
    assert_eq!(
        (server.command.as_str(), server.args.as_slice()),
        ("wslsp", ["lsp".to_owned()].as_slice())
    );
    // The settings block must be one the server reads: a table with its keys only.
    let settings = server.config.as_ref().and_then(toml::Value::as_table);
    for key in settings
        .map(|t| t.keys().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        assert!(
            ["inlayHints", "severity"].contains(&key.as_str()),
            "unknown setting {key}"
        );
    }
    let mut names = BTreeSet::new();
    for language in &config.language {
        assert!(
            names.insert(language.name.as_str()),
            "{} twice",
            language.name
        );
        assert_eq!(
            language.language_servers.last().map(String::as_str),
            Some("wslsp"),
            "{}: wslsp must be in language-servers, last (hover goes to the first)",
            language.name
        );
        for other in &language.language_servers[..language.language_servers.len() - 1] {
            assert_ne!(other, "wslsp", "{}: wslsp twice", language.name);
        }
    }
    let expected: Vec<String> = ids_for("helix");
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(names, expected);
    visible("helix: languages.toml checked as data only; there is no headless Helix client");
}
