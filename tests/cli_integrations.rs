//! The ready-made integrations: the pre-commit hook, run by `pre-commit try-repo` against a
//! scratch git repository, as a user's commit would run it. pre-commit comes from PyPI: the
//! one on PATH, else one installed into a venv under `target/`. Where neither works (no
//! python3, no network) the test prints SKIPPED and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(program: &Path, args: &[&str], cwd: &Path, path_env: &str) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("PATH", path_env)
        .env(
            "PRE_COMMIT_HOME",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-home"),
        )
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", program.display()))
}

fn git(args: &[&str], cwd: &Path) {
    let out = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `pre-commit` from PATH, or from `target/pre-commit-venv` (created on first use).
fn pre_commit() -> Result<PathBuf, String> {
    if let Ok(out) = Command::new("pre-commit").arg("--version").output()
        && out.status.success()
    {
        return Ok(PathBuf::from("pre-commit"));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-venv");
    let bin = venv.join(if cfg!(windows) {
        "Scripts/pre-commit.exe"
    } else {
        "bin/pre-commit"
    });
    if bin.exists() {
        return Ok(bin);
    }
    let python = if cfg!(windows) { "python" } else { "python3" };
    let status = |cmd: &mut Command| {
        cmd.status()
            .map_err(|e| format!("{cmd:?}: {e}"))
            .and_then(|s| s.success().then_some(()).ok_or(format!("{cmd:?} failed")))
    };
    status(Command::new(python).arg("-m").arg("venv").arg(&venv))?;
    let pip = venv.join(if cfg!(windows) {
        "Scripts/pip.exe"
    } else {
        "bin/pip"
    });
    status(Command::new(&pip).args(["install", "--quiet", "pre-commit"]))?;
    Ok(bin)
}

#[test]
fn the_pre_commit_hook_checks_the_staged_files() {
    let pre_commit = match pre_commit() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("SKIPPED the_pre_commit_hook_checks_the_staged_files: no pre-commit ({why})");
            return;
        }
    };
    // The `wslsp-system` hook runs the wslsp under test, found on PATH.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_wslsp")).parent().unwrap();
    let path_env = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let path_env = path_env.to_str().unwrap();

    let repo = tempfile::tempdir().unwrap();
    git(&["init", "--quiet"], repo.path());
    git(&["config", "user.email", "t@example.com"], repo.path());
    git(&["config", "user.name", "t"], repo.path());
    let server = "import { WebSocketServer } from 'ws';\n\
                  const wss = new WebSocketServer({ port: 8080 });\n\
                  wss.on('connection', (s) => { s.close(1010); });\n";
    std::fs::write(repo.path().join("server.js"), server).unwrap();
    std::fs::write(repo.path().join("notes.txt"), "s.close(1006)\n").unwrap();
    git(&["add", "server.js", "notes.txt"], repo.path());
    // An unstaged file with a finding is not the hook's business.
    std::fs::write(
        repo.path().join("draft.js"),
        "new WebSocket(u).close(1006);\n",
    )
    .unwrap();

    let this_repo = env!("CARGO_MANIFEST_DIR");
    let try_repo = |repo_dir: &Path| {
        let out = run(
            &pre_commit,
            &["try-repo", this_repo, "wslsp-system", "--verbose"],
            repo_dir,
            path_env,
        );
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (status, text) = try_repo(repo.path());
    assert_eq!(status, Some(1), "{text}");
    assert!(
        text.contains("server.js:3:") && text.contains("client-only-code"),
        "{text}"
    );
    assert!(
        !text.contains("draft.js") && !text.contains("notes.txt:"),
        "{text}"
    );

    let fixed = server.replace("1010", "1011");
    std::fs::write(repo.path().join("server.js"), fixed).unwrap();
    git(&["add", "server.js"], repo.path());
    let (status, text) = try_repo(repo.path());
    assert_eq!(status, Some(0), "{text}");
}
