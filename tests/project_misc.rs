//! The project index for Swift, Dart, PHP and Ruby (`queries/{swift,dart,php,ruby}.facts.scm`)
//! through `wslsp check`: the trees under `tests/projects/` define close codes and close
//! helpers in one file and use them from another. Each test asserts the exact sites found, and
//! that the look-alikes stay silent: a project constant `1000` given to a timer or a sleep, a
//! helper closing a database with a code, a project class's own `close(code)`, codes compared.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod cli_support;

type Sites = BTreeSet<(String, u64, i64)>;

fn tree(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/projects")
        .join(name)
}

/// `wslsp check --format json PATHS` in the tree: every site as `(path, line, code)`.
fn sites(name: &str, paths: &[&str]) -> Sites {
    cli_support::site_set(&tree(name), paths)
}

fn expected(path: &str, rows: &[(u64, i64)]) -> Sites {
    rows.iter()
        .map(|(l, c)| (path.to_owned(), *l, *c))
        .collect()
}

/// The whole tree gives exactly `rows` in `caller`, and checking `caller` alone resolves the
/// same through its project; the look-alike file gives no site.
fn check(name: &str, caller: &str, rows: &[(u64, i64)], lookalikes: &str) {
    let want = expected(caller, rows);
    let found = sites(name, &["."]);
    assert_eq!(found, want, "{name}: the whole tree");
    assert_eq!(sites(name, &[caller]), want, "{name}: {caller} alone");
    assert_eq!(
        sites(name, &[lookalikes]),
        Sites::new(),
        "{name}: {lookalikes}"
    );
}

#[test]
fn ruby_module_constants_and_helpers() {
    check(
        "ruby-faye",
        "lib/chat/app.rb",
        &[
            // `session.kick(...)` (Session#kick in session.rb): a literal, then a constant of
            // module CloseCodes (close_codes.rb).
            (9, 4001),
            (10, 4002),
            // `Moderation.ban(session, Chat::CloseCodes::BANNED)`: ban forwards to kick.
            (11, 4003),
            // `Session.deny(ws, code: ...)`: a keyword parameter.
            (12, 4001),
            // A direct close with a project constant.
            (13, 4003),
            // Lines 17–18 compare codes; 20–21 pass Settings::TIMEOUT (1000) to a timer.
        ],
        // `@db.close(code)` in a helper, and Pipe#close(code), in a file without WebSocket.
        "lib/chat/store.rb",
    );
}

#[test]
fn dart_static_consts_enums_and_helpers() {
    check(
        "dart-chat",
        "lib/server.dart",
        &[
            // `session.kick(...)` (session.dart): a literal, then `CloseCodes.sessionExpired`.
            (13, 4001),
            (14, 4002),
            // `ban(session, AppClose.banned.code)`: ban (moderation.dart) forwards to kick; an
            // enhanced enum's value.
            (15, 4003),
            // `deny(channel, code: kicked)`: a named parameter, a top-level const.
            (16, 4004),
            // A direct close with an enum member.
            (17, 4008),
            // Lines 20–21 compare codes; 22–24 pass Settings.timeout (1000) to timers.
        ],
        "lib/src/store.dart",
    );
}

#[test]
fn php_class_constants_aliases_and_helpers() {
    check(
        "php-ratchet",
        "src/Chat.php",
        &[
            // `$session->kick(...)` (Session.php): a literal, then a class constant.
            (16, 4001),
            (18, 4002),
            // `ban($session, ModerationCodes::BANNED)`: ban (Moderation.php) forwards to kick;
            // an interface constant.
            (20, 4003),
            // `Session::deny($conn, code: Codes::UNAUTHORIZED)`: a named argument, a class
            // imported as `Codes`.
            (22, 4001),
            // `Session::deny($conn, KICKED)`: a namespace constant.
            (24, 4004),
            // A direct close through the alias.
            (26, 4002),
            // Line 32 compares codes; 35–36 pass Settings::TIMEOUT (1000) to a timer and usleep.
        ],
        "src/Store.php",
    );
}

#[test]
fn swift_enum_cases_static_lets_and_helpers() {
    check(
        "swift-starscream",
        "Sources/Chat/Client.swift",
        &[
            // `session.kick(...)` (Session.swift): a literal, then a static let.
            (17, 4001),
            (19, 4002),
            // `ban(session, AppCloseCode.banned.rawValue)`: ban (Moderation.swift) forwards to
            // kick; an enum case's raw value.
            (21, 4003),
            // `Session.deny(socket, code: kickedCode)`: a labelled parameter, a global let.
            (23, 4004),
            // A direct close with an enum case of the project.
            (25, 4001),
            // Line 28 compares codes; 34–35 pass Settings.timeout (1000) to timers.
        ],
        "Sources/Chat/Store.swift",
    );
}
