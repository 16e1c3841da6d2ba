//! The ready-made integrations: the pre-commit hooks, run by `pre-commit try-repo` against a
//! scratch git repository as a user's commit would run them, and the GitHub Action's steps. pre-commit comes from PyPI: the
//! one on PATH, else one installed into a venv under `target/`. Where neither works (no
//! python3, no network) the test prints SKIPPED and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// `target/pre-commit-venv`, a Python venv with pre-commit (and so PyYAML) installed into it
/// on first use.
fn venv() -> Result<PathBuf, String> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-venv");
    if venv_bin(&venv, "pre-commit").exists() {
        return Ok(venv);
    }
    let python = if cfg!(windows) { "python" } else { "python3" };
    let status = |cmd: &mut Command| {
        cmd.status()
            .map_err(|e| format!("{cmd:?}: {e}"))
            .and_then(|s| s.success().then_some(()).ok_or(format!("{cmd:?} failed")))
    };
    status(Command::new(python).arg("-m").arg("venv").arg(&venv))?;
    status(Command::new(venv_bin(&venv, "pip")).args(["install", "--quiet", "pre-commit"]))?;
    Ok(venv)
}

fn venv_bin(venv: &Path, name: &str) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join(format!("{name}.exe"))
    } else {
        venv.join("bin").join(name)
    }
}

/// `pre-commit` from PATH, or from the venv.
fn pre_commit() -> Result<PathBuf, String> {
    if let Ok(out) = Command::new("pre-commit").arg("--version").output()
        && out.status.success()
    {
        return Ok(PathBuf::from("pre-commit"));
    }
    Ok(venv_bin(&venv()?, "pre-commit"))
}

/// PATH with the directory of the wslsp under test first.
fn path_with_wslsp() -> String {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_wslsp")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    path.into_string().unwrap()
}

const SERVER: &str = "import { WebSocketServer } from 'ws';\n\
                      const wss = new WebSocketServer({ port: 8080 });\n\
                      wss.on('connection', (s) => { s.close(1010); });\n";

/// `pre-commit try-repo THIS_REPO HOOK` in `repo_dir` (on the staged files): exit status and
/// output. `cargo_env` is extra environment for the hooks that build wslsp.
fn try_repo(
    pre_commit: &Path,
    hook: &str,
    repo_dir: &Path,
    path_env: &str,
    cargo_env: &[(&str, String)],
) -> (Option<i32>, String) {
    let out = Command::new(pre_commit)
        .args(["try-repo", env!("CARGO_MANIFEST_DIR"), hook, "--verbose"])
        .current_dir(repo_dir)
        .env("PATH", path_env)
        .env(
            "PRE_COMMIT_HOME",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-home"),
        )
        .envs(cargo_env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", pre_commit.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// Both hooks, on a scratch repository with a staged finding, a staged non-source file and an
/// unstaged finding; then with the finding fixed and staged. `wslsp-system` runs the wslsp
/// under test from PATH. `wslsp` (`language: rust`) is built by pre-commit with
/// `cargo install`, as users get it; the test points cargo at `target/pre-commit-cargo` and
/// turns release optimisation off, since it checks the hook, not the optimiser: the first run
/// builds the dependencies (about 3 minutes on 2 cores), later runs only wslsp (about 30 s).
#[test]
fn the_pre_commit_hooks_check_the_staged_files() {
    let pre_commit = match pre_commit() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("SKIPPED the_pre_commit_hooks_check_the_staged_files: no pre-commit ({why})");
            return;
        }
    };
    let plain_path = std::env::var("PATH").unwrap_or_default();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-cargo");
    let cargo_env = [
        ("CARGO_TARGET_DIR", target.to_string_lossy().into_owned()),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".to_owned()),
        ("CARGO_PROFILE_RELEASE_DEBUG", "false".to_owned()),
        ("CARGO_PROFILE_RELEASE_INCREMENTAL", "true".to_owned()),
    ];
    for (hook, path_env) in [("wslsp-system", path_with_wslsp()), ("wslsp", plain_path)] {
        let repo = tempfile::tempdir().unwrap();
        git(&["init", "--quiet"], repo.path());
        git(&["config", "user.email", "t@example.com"], repo.path());
        git(&["config", "user.name", "t"], repo.path());
        std::fs::write(repo.path().join("server.js"), SERVER).unwrap();
        std::fs::write(repo.path().join("notes.txt"), "s.close(1006)\n").unwrap();
        git(&["add", "server.js", "notes.txt"], repo.path());
        // An unstaged file with a finding is not the hook's business.
        std::fs::write(
            repo.path().join("draft.js"),
            "new WebSocket(u).close(1006);\n",
        )
        .unwrap();

        let (status, text) = try_repo(&pre_commit, hook, repo.path(), &path_env, &cargo_env);
        assert_eq!(status, Some(1), "{hook}: {text}");
        assert!(
            text.contains("server.js:3:") && text.contains("client-only-code"),
            "{hook}: {text}"
        );
        assert!(
            !text.contains("draft.js") && !text.contains("notes.txt:"),
            "{hook}: {text}"
        );

        std::fs::write(
            repo.path().join("server.js"),
            SERVER.replace("1010", "1011"),
        )
        .unwrap();
        git(&["add", "server.js"], repo.path());
        let (status, text) = try_repo(&pre_commit, hook, repo.path(), &path_env, &cargo_env);
        assert_eq!(status, Some(0), "{hook}: {text}");
    }
}

/// The composite action's steps, run as the runner would run them (bash, inputs through
/// `env`), except the install step, which would build a release binary: the wslsp under test
/// is on PATH instead.
#[test]
fn the_github_action_annotates_and_writes_sarif() {
    let venv = match venv() {
        Ok(v) => v,
        Err(why) => {
            eprintln!("SKIPPED the_github_action_annotates_and_writes_sarif: no PyYAML ({why})");
            return;
        }
    };
    let out = Command::new(venv_bin(&venv, "python"))
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let action: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let install = steps[0]["run"].as_str().unwrap();
    assert!(
        install.contains("cargo install --locked --path \"$ACTION_PATH\""),
        "{install}"
    );

    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("src")).unwrap();
    std::fs::write(repo.path().join("src/server.js"), SERVER).unwrap();
    let inputs = [
        ("paths", "src"),
        ("fail-on", "error"),
        ("sarif-file", "out.sarif"),
    ];
    let mut outputs = Vec::new();
    for step in &steps[1..] {
        let mut cmd = Command::new("bash");
        cmd.args(["-c", step["run"].as_str().unwrap()])
            .current_dir(repo.path())
            .env("PATH", path_with_wslsp());
        for (name, value) in step["env"].as_object().unwrap() {
            let value = value.as_str().unwrap();
            let input = value
                .strip_prefix("${{ inputs.")
                .and_then(|v| v.strip_suffix(" }}"))
                .unwrap_or_else(|| panic!("{name}: {value} is an input"));
            let (_, given) = inputs.iter().find(|(n, _)| *n == input).unwrap();
            assert!(
                action["inputs"].get(input).is_some(),
                "input {input} is declared"
            );
            cmd.env(name, given);
        }
        outputs.push(cmd.output().unwrap());
    }
    let (sarif_step, check_step) = (&outputs[0], &outputs[1]);
    assert_eq!(
        sarif_step.status.code(),
        Some(0),
        "the SARIF step never fails the job"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "client-only-code");
    assert_eq!(check_step.status.code(), Some(1));
    let annotations = String::from_utf8_lossy(&check_step.stdout);
    assert!(
        annotations.starts_with("::error file=src/server.js,line=3,"),
        "{annotations}"
    );
}
