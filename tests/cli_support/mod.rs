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
