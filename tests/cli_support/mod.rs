//! Helpers the `tests/cli*.rs` end-to-end tests share: running the real binary.

#![allow(dead_code)] // each test crate uses its own subset

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `wslsp ARGS` in `cwd`.
pub fn wslsp(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the wslsp binary runs")
}

/// Runs `wslsp ARGS` in `cwd` with `input` on standard input: its stdout and exit status.
pub fn wslsp_stdin(args: &[&str], cwd: &Path, input: &str) -> (String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wslsp binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

/// Writes `contents` to `dir/name`, creating the directories on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// `wslsp check --format json PATHS` run in `dir`: every site as `(path, line, code)`. Fails
/// the test when wslsp prints no JSON or reports a file it could not check.
pub fn site_set(dir: &Path, paths: &[&str]) -> std::collections::BTreeSet<(String, u64, i64)> {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let out = wslsp(&args, dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: no JSON ({e}); stderr: {stderr}", dir.display()));
    assert_eq!(
        value["errors"],
        serde_json::Value::Array(Vec::new()),
        "{}: {stderr}",
        dir.display()
    );
    value["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["line"].as_u64().unwrap(),
                s["code"].as_i64().unwrap(),
            )
        })
        .collect()
}
