//! The project index for Java, Kotlin and C#: `wslsp check` on the multi-file trees of
//! `tests/projects/{java-spring,kotlin-ktor,csharp-aspnet}` finds close codes defined in another
//! file (a class's constants, an enum's members, an object's or companion's `const val`) and
//! the calls of close helpers defined in another file (directly and through a helper that
//! forwards its parameter), and stays silent on the look-alikes: a `TIMEOUT = 1000` passed to
//! a timer, a helper closing a pool or journal, a project class with its own `close(code)`,
//! and codes compared after a close.
//!
//! Each tree is copied into a scratch directory with a `.git` of its own, so that its root is
//! the project's (C# has no manifest name the index knows, and the repository's own
//! `Cargo.toml` must not become the root).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// `(path, line, code)` of a site, path relative to the tree's root.
type Site = (String, u64, i64);

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch copy of `tests/projects/<name>` with a `.git` directory at its root.
fn scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/projects")
            .join(name),
        &root,
    );
    std::fs::create_dir(root.join(".git")).unwrap();
    (dir, root)
}

/// `wslsp check --format json <args>` run in `root`: the sites, sorted, and the findings.
fn check(root: &Path, args: &[&str]) -> (Vec<Site>, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(report["errors"], Value::Array(vec![]), "{report}");
    let mut sites: Vec<Site> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
            (
                path,
                s["line"].as_u64().unwrap(),
                s["code"].as_i64().unwrap(),
            )
        })
        .collect();
    sites.sort();
    (sites, report["findings"].as_array().unwrap().clone())
}

/// Runs the whole tree, then only `file` (the index still reads the rest of the project), and
/// compares both with `expected` (`file`'s sites, then `others`'); no file of `silent` has a
/// site.
fn assert_tree(
    name: &str,
    file: &str,
    expected: &[(u64, i64)],
    others: &[(&str, u64, i64)],
    silent: &[&str],
) {
    let (_dir, root) = scratch(name);
    let alone_expected: Vec<Site> = expected
        .iter()
        .map(|&(line, code)| (file.to_owned(), line, code))
        .collect();
    let mut all_expected = alone_expected.clone();
    all_expected.extend(others.iter().map(|&(p, l, c)| (p.to_owned(), l, c)));
    all_expected.sort();
    let (found, findings) = check(&root, &["."]);
    assert_eq!(found, all_expected, "{name}: sites of the whole tree");
    assert_eq!(findings, Vec::<Value>::new(), "{name}: findings");
    for path in silent {
        assert!(
            found.iter().all(|(p, ..)| p != path),
            "{name}: {path} is a look-alike"
        );
    }
    let (alone, _) = check(&root, &[file]);
    assert_eq!(
        alone, alone_expected,
        "{name}: sites when {file} is checked alone"
    );
}

#[test]
fn java_constants_enums_and_helpers_across_files() {
    assert_tree(
        "java-spring",
        "src/main/java/com/example/ws/ChatHandler.java",
        &[
            (17, 4001), // new CloseStatus(CloseCodes.AUTH_FAILED, …): a class's static final
            (21, 4003), // new CloseStatus(Codes.BANNED): an interface's constant
            (24, 4002), // SessionCloser.closeWith(session, 4002, …): a helper, literal
            (25, 4001), // closeWith(session, CloseCodes.AUTH_FAILED, …): a helper, constant
            (26, 4029), // reject(session, AppCloseCode.RATE_LIMITED.getCode()): forwards to closeWith
            (27, 4005), // closeWith(session, CloseCodes.KICKED, …): `(short) 4005`
            (28, 1008), // closeQuietly(session, CloseStatus.POLICY_VIOLATION): Spring's constant
            // new CloseStatus(AppCloseCode.SERVER_RESTART.getCode(), …): an enum member. Its use
            // in a close call is also what makes the index read AppCloseCode.java, which line
            // 26 needs: the names in a helper call's arguments are not searched for.
            (32, 4100),
        ],
        &[],
        // Database.shutdown(…) closes a pool, Pool.close(code) is not a WebSocket, and
        // Maintenance calls both with the project's codes; Streams passes an enum of small
        // numbers (StreamCode.CANCEL(8)) to a stream's close in a file with Spring's imports.
        &[
            "src/main/java/com/example/ws/Streams.java",
            "src/main/java/com/example/ws/StreamCode.java",
            "src/main/java/com/example/store/Database.java",
            "src/main/java/com/example/store/Pool.java",
            "src/main/java/com/example/store/Maintenance.java",
            "src/main/java/com/example/ws/CloseCodes.java",
            "src/main/java/com/example/ws/SessionCloser.java",
        ],
    );
}

#[test]
fn kotlin_objects_companions_enums_and_extension_helpers_across_files() {
    assert_tree(
        "kotlin-ktor",
        "src/main/kotlin/com/example/ws/Routes.kt",
        &[
            (14, 4001), // CloseReason(CloseCodes.AUTH_FAILED, …): an object's const val
            (18, 4005), // CloseReason(Codes.KICKED, …): through `import … CloseCodes as Codes`
            (20, 4003), // CloseReason(BANNED, …): a top-level const val
            (21, 4008), // CloseReason(Limits.TOO_MANY, …): a companion object's const val
            (22, 4100), // CloseReason(AppCloseCode.SERVER_RESTART.code, …): an enum entry
            (23, 4002), // closeWith(4002, …): an extension helper, literal
            (24, 4001), // closeWith(CloseCodes.AUTH_FAILED, …): an extension helper, constant
            (25, 4029), // closeWith(message = …, code = AppCloseCode.RATE_LIMITED.code): named
            (26, 4006), // deny(4006): forwards to closeWith
            (27, 4008), // kick(this, "kicked", Limits.TOO_MANY): the code third
            (28, 4010), // CloseReason(GONE, …): a top-level val
        ],
        // An extension function's own `close(CloseReason(code, …))`, called on its receiver.
        &[
            ("src/main/kotlin/com/example/ws/Admin.kt", 6, 4011),
            ("src/main/kotlin/com/example/ws/Admin.kt", 7, 4008),
        ],
        // JobChannel.close(code) is not a WebSocket; shutdown(channel, code) closes it;
        // Streams.kt passes an enum of small numbers to a stream's close next to OkHttp.
        &[
            "src/main/kotlin/com/example/ws/Streams.kt",
            "src/main/kotlin/com/example/jobs/Files.kt",
            "src/main/kotlin/com/example/ws/CloseCodes.kt",
            "src/main/kotlin/com/example/ws/Closing.kt",
        ],
    );
}

#[test]
fn csharp_constants_enums_and_extension_helpers_across_files() {
    assert_tree(
        "csharp-aspnet",
        "src/Ws/ChatEndpoint.cs",
        &[
            (18, 4001), // (WebSocketCloseStatus)CloseCodes.AuthFailed: a class's const
            (21, 4003), // CloseCodes.Banned: `const WebSocketCloseStatus … = (…)4003`
            (22, 4100), // (WebSocketCloseStatus)AppCloseCode.ServerRestart: an enum member
            (23, 4002), // socket.CloseWithAsync((WebSocketCloseStatus)4002, …): an extension method
            (24, 1008), // socket.CloseWithAsync(WebSocketCloseStatus.PolicyViolation, …)
            (25, 4001), // FailAsync(socket, Codes.AuthFailed, …): through `using Codes = …`
            (26, 4029), // FailAsync(socket, reason: …, code: (int)AppCloseCode.RateLimited): named
            (27, 4005), // RejectAsync(socket, CloseCodes.Kicked): forwards to FailAsync
        ],
        // A WebSocket subclass's helper around its own CloseOutputAsync(status, …).
        &[("src/Ws/RelaySocket.cs", 18, 1002)],
        // Journal.Close(code) is not a WebSocket; Journal.Shutdown(journal, code) closes it.
        &[
            "src/Storage/Journal.cs",
            "src/Ws/CloseCodes.cs",
            "src/Ws/SocketExtensions.cs",
        ],
    );
}
