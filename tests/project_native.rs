//! The project index for Go, Rust and C/C++ (`queries/{go,rust,cpp}.facts.scm`) through
//! `wslsp check`: the trees under `tests/projects/` define close codes and close helpers in one
//! file and use them from another. Each test asserts the exact sites found, and that the
//! look-alikes stay silent: a project constant `1000` given to a timer, a helper closing a file
//! or a pool with a code, a project type's own `close(code)`, codes compared.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod cli_support;

fn tree(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/projects")
        .join(name)
}

/// `wslsp check --format json PATHS` in the tree: every site as `(path, line, code)`.
fn sites(name: &str, paths: &[&str]) -> BTreeSet<(String, u64, i64)> {
    cli_support::site_set(&tree(name), paths)
}

fn expected(rows: &[(&str, u64, i64)]) -> BTreeSet<(String, u64, i64)> {
    rows.iter()
        .map(|(p, l, c)| ((*p).to_owned(), *l, *c))
        .collect()
}

/// No site in the look-alike file, nor on a line comparing codes.
fn silent(found: &BTreeSet<(String, u64, i64)>, lookalike_file: &str, comparisons: &[(&str, u64)]) {
    assert!(
        found.iter().all(|(p, ..)| p != lookalike_file),
        "a look-alike in {lookalike_file} became a site: {found:?}"
    );
    for (path, line) in comparisons {
        assert!(
            !found.iter().any(|(p, l, _)| p == path && l == line),
            "the comparison at {path}:{line} became a site"
        );
    }
}

#[test]
fn go_constants_and_helpers_across_packages() {
    let found = sites("go-gorilla", &["."]);
    assert_eq!(
        found,
        expected(&[
            // `server.Deny(conn, codes.CloseAuth)`: Deny forwards to Kick, in another package.
            ("api/routes.go", 11, 4001),
            ("api/routes.go", 14, 4002),
            // Kick (server/close.go) with a literal, then a constant of package `codes`.
            ("server/handler.go", 24, 4001),
            ("server/handler.go", 28, 4003),
            // `s.drop(codes.CloseIdle)`: a method forwarding to Deny, forwarding to Kick.
            ("server/handler.go", 32, 4008),
            // `websocket.FormatCloseMessage(codes.CloseAuth, …)`: a constant of another file.
            ("server/handler.go", 33, 4001),
            // `Kick(conn, int(codes.KindShutdown), …)`: a typed constant, converted.
            ("server/handler.go", 34, 4100),
        ])
    );
    // `time.Sleep(codes.Timeout * …)`, `waitFor(codes.Timeout)`, `Pool.Close(code)`,
    // `closeLog(l, code)` and `ce.Code == codes.CloseBanned` stay silent.
    silent(
        &found,
        "store/store.go",
        &[("api/routes.go", 10), ("api/routes.go", 18)],
    );
}

#[test]
fn go_coder_status_constants_and_a_helper_with_a_common_name() {
    let found = sites("go-coder", &["."]);
    assert_eq!(
        found,
        expected(&[
            // `wsx.CloseWith` with a typed project constant, coder's own constant, a literal.
            ("cmd/relay/main.go", 25, 4003),
            ("cmd/relay/main.go", 26, 1008),
            ("cmd/relay/main.go", 27, 4004),
            // `close(c, StatusBusy)`: a helper named `close` called from its own package, with
            // `StatusBusy = websocket.StatusCode(4002)` from another file.
            ("internal/wsx/close.go", 16, 4002),
        ])
    );
    // `close(pool, 4005)` in another directory is not wsx's `close`; `RetryAfterMs` goes to
    // timers only.
    assert!(
        !found.iter().any(|(_, l, _)| *l >= 28),
        "a look-alike in cmd/relay/main.go became a site: {found:?}"
    );
}

#[test]
fn go_a_checked_file_still_reads_the_rest_of_its_project() {
    let found = sites("go-gorilla", &["server/handler.go"]);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found.contains(&("server/handler.go".to_owned(), 32, 4008)));
}

#[test]
fn rust_constants_and_helpers_across_modules() {
    let found = sites("rust-tungstenite", &["."]);
    assert_eq!(
        found,
        expected(&[
            // `kick` (src/close.rs) with a literal, `codes::BANNED`, and `BANNED as BAN`.
            ("src/server.rs", 10, 4001),
            ("src/server.rs", 13, 4003),
            ("src/server.rs", 14, 4003),
            // `deny` forwards to `kick`; `AppClose::IDLE` is an associated const.
            ("src/server.rs", 15, 4008),
            // `session.drop_with(Reason::Shutdown as u16)`: a method forwarding to `deny`, and
            // an enum discriminant.
            ("src/server.rs", 16, 4100),
            // `crate::close::kick(ws, codes::legacy::OLD_CLIENT, …)`: a const of a nested module.
            ("src/server.rs", 17, 4200),
            // `CloseFrame { code: codes::AUTH.into(), … }`: a constant of another file.
            ("src/server.rs", 20, 4001),
            // `code: codes::KICKED`, a `CloseCode::Library(4010)` constant of another file.
            ("src/server.rs", 26, 4010),
        ])
    );
    // `sleep(Duration::from_millis(codes::TIMEOUT_MS))`, `Pool::close(code)`, `close_db`,
    // `code == codes::AUTH` stay silent.
    silent(&found, "src/store.rs", &[("src/server.rs", 30)]);
}

#[test]
fn cpp_constants_and_helpers_across_files() {
    let found = sites("cpp-beast", &["."]);
    assert_eq!(
        found,
        expected(&[
            // `Session::kick` (src/session.cpp) with a literal, a namespace constant and a macro.
            ("src/server.cpp", 8, 4001),
            ("src/server.cpp", 11, 4003),
            // `deny` forwards to `kick`.
            ("src/server.cpp", 12, 4001),
            // `static_cast<std::uint16_t>(AppClose::Shutdown)`: an `enum class` member.
            ("src/server.cpp", 13, 4100),
            // `p->deny(Limits::kOldClient)`: a static member of a struct.
            ("src/server.cpp", 15, 4200),
        ])
    );
    // `sleep_for(milliseconds(codes::kTimeoutMs))`, `Pool::close(code)`, `close_log` in a file
    // with no WebSocket library, `code == CLOSE_AUTH` stay silent.
    silent(&found, "src/store.cpp", &[("src/server.cpp", 20)]);
}

#[test]
fn c_macros_enums_and_helpers_across_files() {
    let found = sites("c-lws", &["."]);
    assert_eq!(
        found,
        expected(&[
            // `relay_reject` (src/ws.c, `lws_close_reason`) with a literal and a `#define`.
            ("src/protocol.c", 14, 4001),
            ("src/protocol.c", 18, 4001),
            // `relay_deny` forwards to `relay_reject`, with an anonymous enum's member, then
            // a named enum's, both named bare.
            ("src/protocol.c", 22, 4013),
            ("src/protocol.c", 25, 4003),
        ])
    );
    // `usleep(RELAY_TIMEOUT_MS * 1000)`, `log_close(log, code)`, `wait_ms(RELAY_TIMEOUT_MS)` and
    // `code == RELAY_CLOSE_IDLE` stay silent.
    silent(
        &found,
        "src/store.c",
        &[("src/protocol.c", 28), ("src/protocol.c", 30)],
    );
}
