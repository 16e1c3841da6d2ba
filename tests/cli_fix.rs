//! `wslsp check --fix`, `--unsafe-fixes` and `--diff` on real files: what changes, what is
//! kept (line endings, BOM, permissions, symlinks), and that a second run changes nothing.

use std::process::Output;

mod cli_support;
use cli_support::{wslsp, wslsp_stdin};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A ws server that sends 1010 and a reserved 1006: two findings, both with unsafe fixes.
const SERVER: &str = "import { WebSocketServer } from 'ws';\n\
const wss = new WebSocketServer({ port: 8080 });\n\
wss.on('connection', (socket) => {\n\
  socket.close(1010, \"missing ext\");\n\
  socket.close(1006);\n\
});\n";

const FIXED: &str = "import { WebSocketServer } from 'ws';\n\
const wss = new WebSocketServer({ port: 8080 });\n\
wss.on('connection', (socket) => {\n\
  socket.close(1008, \"missing ext\");\n\
  socket.close(1011);\n\
});\n";

#[test]
fn fix_alone_leaves_unsafe_fixes_and_says_how_many_and_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("server.js"), SERVER).unwrap();
    let out = wslsp(&["check", "--fix", "server.js"], dir.path());
    assert_eq!(out.status.code(), Some(1), "the findings remain");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("server.js")).unwrap(),
        SERVER
    );
    let err = stderr(&out);
    assert!(
        err.contains("2 fixes not applied")
            && err.contains("unsafe")
            && err.contains("--unsafe-fixes"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[client-only-code]"));
}

#[test]
fn unsafe_fixes_keep_crlf_bom_and_permissions_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.js");
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    std::fs::write(&path, crlf(SERVER)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
    }

    let out = wslsp(&["check", "--fix", "--unsafe-fixes", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("fixed 2 findings in 1 file"),
        "{}",
        stderr(&out)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        crlf(FIXED),
        "BOM and CRLF kept, only the codes changed"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o751);
    }
    // The cache directory is wslsp's own (and holds no temporary file either).
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".wslsp_cache")
        .collect();
    assert_eq!(names, ["server.js"], "no temporary file is left behind");
    let cached: Vec<_> = std::fs::read_dir(dir.path().join(".wslsp_cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        cached.iter().all(|n| n == "files.bin" || n == ".gitignore"),
        "{cached:?}"
    );

    let again = wslsp(&["check", "--fix", "--unsafe-fixes", "."], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert!(!stderr(&again).contains("fixed"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("server.js"), SERVER).unwrap();
    let out = wslsp(&["check", "--unsafe-fixes", "server.js"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--fix"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("server.js")).unwrap(),
        SERVER
    );
}

#[test]
fn diff_prints_a_unified_diff_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/server.js"), SERVER).unwrap();
    let out = wslsp(&["check", "--diff", "--unsafe-fixes", "src"], dir.path());
    assert_eq!(out.status.code(), Some(1), "a file would change");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/server.js")).unwrap(),
        SERVER
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());

    // Without --unsafe-fixes there is nothing safe to apply: an empty diff, exit 0.
    let out = wslsp(&["check", "--diff", "src"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("2 fixes not applied"));
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_symlink_and_its_target_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/server.js"), SERVER).unwrap();
    std::os::unix::fs::symlink("real/server.js", dir.path().join("link.js")).unwrap();
    let out = wslsp(&["check", "--fix", "--unsafe-fixes", "link.js"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.js"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/server.js")).unwrap(),
        FIXED
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], input: &str| wslsp_stdin(args, dir.path(), input);
    let args = [
        "check",
        "--fix",
        "--unsafe-fixes",
        "--stdin-filename",
        "server.js",
    ];
    assert_eq!(run(&args, SERVER), (FIXED.to_owned(), Some(0)));
    // Text without a close site comes back unchanged.
    assert_eq!(
        run(&args, "let x = 1;\n"),
        ("let x = 1;\n".to_owned(), Some(0))
    );
    // Safe fixes only: the text is unchanged and the findings keep the status at 1.
    let (text, status) = run(
        &args[..2]
            .iter()
            .chain(&args[3..])
            .copied()
            .collect::<Vec<_>>(),
        SERVER,
    );
    assert_eq!((text.as_str(), status), (SERVER, Some(1)));
}
