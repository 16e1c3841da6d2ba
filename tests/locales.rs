//! The five locales: every catalog entry, rule and label translated in every locale (checked on
//! the raw files, since the library falls back to English silently), and `wslsp check` in a
//! locale chosen by `--locale` or the environment. The language server's locale is tested in
//! `tests/lsp.rs`, with its client.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use wslsp::analysis::analyze;
use wslsp::catalog::catalog;
use wslsp::languages::Language;
use wslsp::locale::{Locale, labels};
use wslsp::rules;

/// The locales with translation files (all but English, the source).
const TRANSLATED: [Locale; 4] = [Locale::Fr, Locale::Ja, Locale::PtBr, Locale::Vi];

fn read_toml(relative: &str) -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The `{placeholder}`s of a template, e.g. `{code}` and `{name}`.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.match_indices('{')
        .filter_map(|(i, _)| text[i..].find('}').map(|end| &text[i..=i + end]))
        .collect()
}

/// Checks that `table[key]` is a non-empty string with the placeholders of `english`, and
/// that it is not the English text left as it was; pushes a problem otherwise.
fn check_string(
    problems: &mut Vec<String>,
    at: &str,
    table: Option<&toml::Table>,
    key: &str,
    english: &str,
) {
    let Some(text) = table.and_then(|t| t.get(key)).and_then(|v| v.as_str()) else {
        problems.push(format!("{at}: `{key}` is missing"));
        return;
    };
    if text.trim().is_empty() {
        problems.push(format!("{at}: `{key}` is empty"));
    } else if placeholders(text) != placeholders(english) {
        problems.push(format!(
            "{at}: `{key}` has placeholders {:?}, English has {:?}",
            placeholders(text),
            placeholders(english)
        ));
    } else if text == english && english.chars().count() > 12 {
        problems.push(format!("{at}: `{key}` is the English text"));
    }
}

/// Keys of `table` that `allowed` does not have: stale or misspelt translations.
fn extra_keys(problems: &mut Vec<String>, at: &str, table: &toml::Table, allowed: &[String]) {
    for key in table.keys().filter(|k| !allowed.contains(k)) {
        problems.push(format!("{at}: unknown key `{key}`"));
    }
}

fn catalog_problems(locale: Locale) -> Vec<String> {
    let file = format!("src/locales/{locale}/catalog.toml");
    let raw = read_toml(&file);
    let empty = toml::Table::new();
    let entries = raw
        .get("entry")
        .and_then(|v| v.as_table())
        .unwrap_or(&empty);
    let mut problems = Vec::new();
    let keys: Vec<String> = catalog().entries().iter().map(|e| e.key()).collect();
    extra_keys(&mut problems, &file, entries, &keys);
    for entry in catalog().entries() {
        let at = format!("{file} [entry.\"{}\"]", entry.key());
        let Some(t) = entries.get(&entry.key()).and_then(|v| v.as_table()) else {
            problems.push(format!("{at}: missing"));
            continue;
        };
        let mut fields: Vec<String> = ["summary", "meaning", "when_seen", "resolve"]
            .map(String::from)
            .to_vec();
        check_string(&mut problems, &at, Some(t), "summary", &entry.summary);
        check_string(&mut problems, &at, Some(t), "meaning", &entry.meaning);
        check_string(&mut problems, &at, Some(t), "when_seen", &entry.when_seen);
        check_string(&mut problems, &at, Some(t), "resolve", &entry.resolve);
        if entry.is_range() {
            // A range's name is wslsp's description, not a registered name: translated.
            check_string(&mut problems, &at, Some(t), "name", &entry.name);
            fields.push("name".into());
        }
        if let Some(summary) = t.get("summary").and_then(|v| v.as_str())
            && summary.chars().count() > 80
        {
            problems.push(format!("{at}: summary is longer than 80 characters"));
        }
        fields.push("confused_with".into());
        extra_keys(&mut problems, &at, t, &fields);
        let confused = t.get("confused_with").and_then(|v| v.as_table());
        let codes: Vec<String> = entry
            .confused_with
            .iter()
            .map(|c| c.code.to_string())
            .collect();
        if let Some(confused) = confused {
            extra_keys(
                &mut problems,
                &format!("{at} confused_with"),
                confused,
                &codes,
            );
        }
        for c in &entry.confused_with {
            let at = format!("{at} confused_with");
            check_string(&mut problems, &at, confused, &c.code.to_string(), &c.choose);
        }
    }
    problems
}

fn rules_problems(locale: Locale) -> Vec<String> {
    let file = format!("src/locales/{locale}/rules.toml");
    let raw = read_toml(&file);
    let english = read_toml("src/rules.toml");
    let empty = toml::Table::new();
    let translated = raw.get("rule").and_then(|v| v.as_table()).unwrap_or(&empty);
    let mut problems = Vec::new();
    let ids: Vec<String> = rules::all().iter().map(|r| r.id.clone()).collect();
    extra_keys(&mut problems, &file, translated, &ids);
    for source in english["rule"].as_array().expect("[[rule]]") {
        let id = source["id"].as_str().expect("rule id");
        let at = format!("{file} [rule.{id}]");
        let Some(t) = translated.get(id).and_then(|v| v.as_table()) else {
            problems.push(format!("{at}: missing"));
            continue;
        };
        let fields = ["title", "message", "help", "summary"];
        for key in fields {
            let english = source[key].as_str().expect("English field");
            check_string(&mut problems, &at, Some(t), key, english);
        }
        let mut allowed: Vec<String> = fields.map(String::from).to_vec();
        allowed.push("message_for".into());
        extra_keys(&mut problems, &at, t, &allowed);
        let empty = toml::Table::new();
        let english_for = source
            .get("message_for")
            .and_then(|v| v.as_table())
            .unwrap_or(&empty);
        let translated_for = t.get("message_for").and_then(|v| v.as_table());
        let codes: Vec<String> = english_for.keys().cloned().collect();
        if let Some(translated_for) = translated_for {
            extra_keys(
                &mut problems,
                &format!("{at} message_for"),
                translated_for,
                &codes,
            );
        }
        for (code, english) in english_for {
            let at = format!("{at} message_for");
            check_string(
                &mut problems,
                &at,
                translated_for,
                code,
                english.as_str().unwrap(),
            );
        }
    }
    problems
}

fn ui_problems(locale: Locale) -> Vec<String> {
    let file = format!("src/locales/{locale}/ui.toml");
    let raw = read_toml(&file);
    let english = read_toml("src/locales/en/ui.toml");
    let mut problems = Vec::new();
    let keys: Vec<String> = english.keys().cloned().collect();
    extra_keys(&mut problems, &file, &raw, &keys);
    for (key, text) in &english {
        check_string(
            &mut problems,
            &file,
            Some(&raw),
            key,
            text.as_str().unwrap(),
        );
    }
    problems
}

#[test]
fn every_entry_rule_and_label_is_translated_in_every_locale() {
    let mut problems = Vec::new();
    for locale in TRANSLATED {
        problems.extend(catalog_problems(locale));
        problems.extend(rules_problems(locale));
        problems.extend(ui_problems(locale));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checks_catch_a_missing_translation_a_lost_placeholder_and_a_stale_key() {
    let mut problems = Vec::new();
    let table: toml::Table = toml::from_str(
        "message = \"{code} est réservé\"\nhelp = \"\"\nold = \"x\"\ntitle = \"Same English title\"",
    )
    .unwrap();
    check_string(
        &mut problems,
        "t",
        Some(&table),
        "message",
        "{code} ({name}) is reserved",
    );
    check_string(
        &mut problems,
        "t",
        Some(&table),
        "help",
        "send another code",
    );
    check_string(&mut problems, "t", Some(&table), "summary", "A summary");
    check_string(
        &mut problems,
        "t",
        Some(&table),
        "title",
        "Same English title",
    );
    extra_keys(
        &mut problems,
        "t",
        &table,
        &["message".into(), "help".into(), "title".into()],
    );
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

#[test]
fn translations_load_and_are_what_the_library_returns() {
    for locale in TRANSLATED {
        let raw = read_toml(&format!("src/locales/{locale}/catalog.toml"));
        let entry = catalog().lookup(1008);
        let text = entry.text(locale);
        assert_eq!(
            Some(text.meaning),
            raw["entry"]["1008"]["meaning"].as_str(),
            "{locale}"
        );
        // A registered name stays as IANA spells it; a range's name is translated.
        assert_eq!(text.name, "Policy Violation");
        assert_ne!(catalog().lookup(4001).text(locale).name, "Private Use");
        assert_ne!(
            rules::by_id("reserved-code").unwrap().title_in(locale),
            rules::by_id("reserved-code").unwrap().title
        );
        assert_ne!(labels(locale).when_seen, labels(Locale::En).when_seen);
    }
    // English is the source text itself.
    let entry = catalog().lookup(1008);
    assert_eq!(entry.text(Locale::En).meaning, entry.meaning);
    assert_eq!(entry.label_in(Locale::En), entry.label());
}

/// Sources that trigger every rule, `reason-too-long` included.
const EVERY_RULE: &str = "const s = new WebSocket(u);\n\
s.close(1006);\ns.close(1004);\ns.close(5000);\ns.close(2001);\ns.close(1013);\n\
s.close(1000, 'ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé');\n\
s.close(4001); // wslsp-ignore: reserved-code\n\
s.close(3001);\n";
const SERVER_1010: &str = "import { WebSocketServer } from 'ws';\n\
const wss = new WebSocketServer({ port: 8080 });\n\
wss.on('connection', (socket) => {\n  socket.close(1010, \"missing ext\");\n\
  socket.close(1014);\n  socket.close(1008, \"message too big\");\n});\n";
/// A Python file whose library names its codes: `magic-close-code`.
const STARLETTE_1008: &str = "from starlette import status\nfrom starlette.websockets import WebSocket\n\
async def endpoint(websocket: WebSocket):\n    await websocket.close(1008)\n";

#[test]
fn localized_messages_equal_the_analysis_in_english_and_keep_codes_in_every_locale() {
    let mut seen = BTreeSet::new();
    for (language, source) in [
        (Language::JavaScript, EVERY_RULE),
        (Language::JavaScript, SERVER_1010),
        (Language::Python, STARLETTE_1008),
    ] {
        let analysis = analyze(language, source);
        for f in &analysis.findings {
            seen.insert(f.rule);
            let site = f.site.map(|i| &analysis.sites[i]);
            assert_eq!(f.message_in(site, Locale::En), f.message);
            assert_eq!(f.help_in(Locale::En), f.help);
            for locale in TRANSLATED {
                let message = f.message_in(site, locale);
                assert_ne!(message, f.message, "{locale} {}", f.rule);
                assert_ne!(f.help_in(locale), f.help, "{locale} {}", f.rule);
                let source = &rules::by_id(f.rule).unwrap().source;
                assert!(message.ends_with(&format!("({source})")), "{message}");
                match (f.rule, site, f.code) {
                    ("reason-too-long", Some(site), _) => {
                        let bytes = site.reason.as_ref().unwrap().text.len().to_string();
                        assert!(message.contains(&bytes), "{message}");
                    }
                    (_, _, Some(code)) => {
                        assert!(message.contains(&code.to_string()), "{message}")
                    }
                    // A suppression finding quotes the rule ids, which stay untranslated.
                    _ => assert!(message.contains("`reserved-code`"), "{message}"),
                }
            }
        }
    }
    assert_eq!(seen.len(), rules::all().len(), "{seen:?}");
}

// ------------------------------------------------------------------------------------------
// `wslsp check` in a locale
// ------------------------------------------------------------------------------------------

/// Runs `wslsp` in `dir` with the locale variables cleared, then `env` set.
fn wslsp(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wslsp"));
    command.args(args).current_dir(dir);
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().expect("the wslsp binary runs")
}

/// A project with one server file that sends 1010.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("server.ts"), SERVER_1010).unwrap();
    dir
}

/// The English, and `locale`'s, message and help of the finding in [`SERVER_1010`].
fn expected(locale: Locale) -> (String, String) {
    let analysis = analyze(Language::TypeScript, SERVER_1010);
    let finding = &analysis.findings[0];
    let site = finding.site.map(|i| &analysis.sites[i]);
    (finding.message_in(site, locale), finding.help_in(locale))
}

fn json_finding(out: &Output) -> Value {
    let value: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    value["findings"][0].clone()
}

#[test]
fn check_with_locale_fr_prints_french_messages_and_keeps_ids_codes_and_keys() {
    let dir = project();
    let (message, help) = expected(Locale::Fr);
    assert!(message.starts_with("un serveur ne doit pas envoyer 1010 (Mandatory Ext.)"));

    let out = wslsp(&["--locale", "fr", "check", "."], dir.path(), &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("error[client-only-code]: {message}")),
        "{stdout}"
    );
    assert!(stdout.contains(&help), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The option also goes after the subcommand; JSON keeps its keys and ids.
    let out = wslsp(
        &["check", "--format", "json", "--locale", "fr_FR.UTF-8", "."],
        dir.path(),
        &[],
    );
    let finding = json_finding(&out);
    assert_eq!(finding["message"], message.as_str());
    assert_eq!(finding["rule"], "client-only-code");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["code"], 1010);
}

#[test]
fn check_follows_lang_and_lc_all_overrides_it() {
    let dir = project();
    let (message, _) = expected(Locale::Vi);
    let out = wslsp(
        &["check", "--format", "json", "."],
        dir.path(),
        &[("LANG", "vi_VN.UTF-8")],
    );
    assert_eq!(json_finding(&out)["message"], message.as_str());

    let (message, _) = expected(Locale::Ja);
    let env = [("LANG", "vi_VN.UTF-8"), ("LC_ALL", "ja_JP.UTF-8")];
    let out = wslsp(&["check", "--format", "json", "."], dir.path(), &env);
    assert_eq!(json_finding(&out)["message"], message.as_str());

    // --locale wins over the environment.
    let (message, _) = expected(Locale::PtBr);
    let out = wslsp(
        &["--locale", "pt", "check", "--format", "json", "."],
        dir.path(),
        &env,
    );
    assert_eq!(json_finding(&out)["message"], message.as_str());
}

#[test]
fn an_untranslated_locale_falls_back_to_english() {
    let dir = project();
    let (message, help) = expected(Locale::En);
    assert!(
        message.starts_with("a server must not send 1010"),
        "{message}"
    );

    // From the environment: silently, as any program does for a language it lacks.
    let out = wslsp(&["check", "."], dir.path(), &[("LANG", "de_DE.UTF-8")]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&message) && stdout.contains(&help),
        "{stdout}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = wslsp(&["check", "."], dir.path(), &[("LANG", "C")]);
    assert!(String::from_utf8(out.stdout).unwrap().contains(&message));

    // Asked for on the command line: English, with a note on stderr, and the same exit status.
    let out = wslsp(&["--locale", "de", "check", "."], dir.path(), &[]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no translation for locale \"de\""),
        "{stderr}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains(&message));
    assert_eq!(out.status.code(), Some(1));
}

// ------------------------------------------------------------------------------------------
// `wslsp explain` and `wslsp rules` in a locale
// ------------------------------------------------------------------------------------------

/// `wslsp ARGS` in `locale` (by `--locale`), its standard output.
fn doc_in(locale: Locale, args: &[&str]) -> String {
    let mut all = vec!["--locale", locale.tag()];
    all.extend_from_slice(args);
    let out = wslsp(&all, Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    assert_eq!(out.status.code(), Some(0), "{all:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn json_in(locale: Locale, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&doc_in(locale, &all)).unwrap()
}

#[test]
fn explain_speaks_every_locale_in_text_json_and_markdown() {
    let english = labels(Locale::En);
    let entry = catalog().lookup(1008);
    for locale in Locale::ALL {
        let l = labels(locale);
        let text = entry.text(locale);
        let out = doc_in(locale, &["explain", "1008"]);
        for part in [
            "1008 Policy Violation",
            &format!("{}:", l.sent_by),
            l.sender_either.as_str(),
            &format!("{}\n  {}", l.meaning, text.meaning),
            &format!("{}\n  {}", l.when_seen, text.when_seen),
            &format!("{}\n  {}", l.resolve, text.resolve),
            &format!("{}\n", l.confused_with),
            "RFC 6455 §7.4.1",
        ] {
            assert!(out.contains(part), "{locale}: {part:?} in\n{out}");
        }
        if locale != Locale::En {
            for english in [&english.meaning, &english.sent_by, &english.sender_either] {
                assert!(!out.contains(english.as_str()), "{locale}: {english:?}");
            }
        }

        let json = json_in(locale, &["explain", "1008"]);
        assert_eq!(json["locale"], locale.tag());
        assert_eq!(
            (json["code"].as_u64(), json["sender"].as_str()),
            (Some(1008), Some("either"))
        );
        assert_eq!(json["meaning"], text.meaning);
        assert_eq!(json["confused_with"][0]["choose"], text.confused_with[0].1);

        let markdown = doc_in(locale, &["explain", "1008", "--format", "markdown"]);
        assert!(
            markdown.starts_with("# 1008 Policy Violation\n"),
            "{markdown}"
        );
        assert!(markdown.contains(&format!("## {}\n\n{}", l.when_seen, text.when_seen)));

        // A range's name is translated, its numbers are not.
        let range = catalog().lookup(4001).label_in(locale);
        assert!(doc_in(locale, &["explain", "4001"]).starts_with(&format!("4001: {range}\n")));
    }
}

#[test]
fn comparisons_speak_every_locale_and_keep_their_keys() {
    for locale in Locale::ALL {
        let l = labels(locale);
        let out = doc_in(locale, &["explain", "1008", "1010"]);
        let title = l
            .versus
            .replace("{a}", "1008 Policy Violation")
            .replace("{b}", "1010 Mandatory Ext.");
        assert!(out.starts_with(&format!("{title}\n")), "{locale}\n{out}");
        for heading in [&l.key_differences, &l.when_to_use] {
            assert!(
                out.contains(&format!("\n{heading}\n")),
                "{locale}: {heading}"
            );
        }
        assert!(
            out.contains(&format!(
                "- {}: 1008 {}; 1010 {}",
                l.sent_by, l.sender_either, l.sender_client
            )),
            "{locale}\n{out}"
        );
        let markdown = doc_in(locale, &["explain", "1008", "1010", "--format", "markdown"]);
        assert!(markdown.starts_with(&format!("# {title}\n")), "{locale}");
        assert!(
            markdown.contains(&format!("## {}\n", l.when_to_use)),
            "{locale}"
        );

        let json = json_in(locale, &["explain", "1008", "1010"]);
        assert_eq!(json["differences"][0]["aspect"], "sender");
        assert_eq!(json["differences"][0]["label"], l.sent_by.as_str());
        assert_eq!(json["differences"][0]["second"], l.sender_client.as_str());
        assert_eq!(json["second"]["name"], "Mandatory Ext.");

        let same = doc_in(locale, &["explain", "4001", "4002"]);
        assert!(same.contains(&l.meaning_only), "{locale}\n{same}");
    }
}

#[test]
fn rules_speak_every_locale_and_keep_ids_severities_and_examples() {
    let rule = rules::by_id("client-only-code").unwrap();
    for locale in Locale::ALL {
        let l = labels(locale);
        let out = doc_in(locale, &["rules", "client-only-code"]);
        let default = l.default_severity.replace("{severity}", "error");
        assert!(
            out.starts_with(&format!(
                "client-only-code ({default})\n  {}\n",
                rule.title_in(locale)
            )),
            "{locale}\n{out}"
        );
        for part in [
            rule.summary_in(locale),
            &format!("{}:", l.flagged),
            &format!("{}:", l.fixed),
            &format!("{}:", l.fix),
            rule.help_in(locale),
            rule.flagged.as_str(),
        ] {
            assert!(out.contains(part), "{locale}: {part:?} in\n{out}");
        }
        let json = json_in(locale, &["rules", "client-only-code"]);
        assert_eq!(
            (json["id"].as_str(), json["severity"].as_str()),
            (Some("client-only-code"), Some("error"))
        );
        assert_eq!(json["title"], rule.title_in(locale));
        assert_eq!(json["flagged"], rule.flagged.as_str());

        let all = doc_in(locale, &["rules", "--format", "markdown"]);
        assert!(
            all.starts_with(&format!("# {}\n", l.rules_title)),
            "{locale}"
        );
        assert!(all.contains(&format!(
            "## `client-only-code`: {}\n",
            rule.title_in(locale)
        )));
        assert!(all.contains(&format!("### {}\n", l.how_to_fix)), "{locale}");
        assert_eq!(
            json_in(locale, &["rules"]).as_array().map(Vec::len),
            Some(rules::all().len())
        );
    }
}

#[test]
fn explain_and_rules_follow_the_environment_as_check_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str], env: &[(&str, &str)]| {
        String::from_utf8(wslsp(args, dir, env).stdout).unwrap()
    };
    let meaning = |locale: Locale| catalog().lookup(1008).text(locale).meaning.to_owned();
    // Every way a user asks for French.
    for (args, env) in [
        (&["explain", "1008", "--locale", "fr"][..], &[][..]),
        (&["--locale", "fr", "explain", "1008"], &[]),
        (&["explain", "1008"], &[("LANG", "fr_FR.UTF-8")]),
        (&["explain", "1008"], &[("LC_MESSAGES", "fr_CA")]),
    ] {
        assert!(
            run(args, env).contains(&meaning(Locale::Fr)),
            "{args:?} {env:?}"
        );
    }
    // LC_ALL wins over LANG, and --locale over both.
    let env = [("LANG", "fr_FR.UTF-8"), ("LC_ALL", "ja_JP.UTF-8")];
    assert!(run(&["explain", "1008"], &env).contains(&meaning(Locale::Ja)));
    assert!(run(&["explain", "1008", "--locale", "vi"], &env).contains(&meaning(Locale::Vi)));
    let title = rules::by_id("reserved-code")
        .unwrap()
        .title_in(Locale::PtBr);
    assert!(run(&["rules"], &[("LANG", "pt_BR.UTF-8")]).contains(title));
    // No translation: English.
    assert!(run(&["explain", "1008"], &[("LANG", "de_DE.UTF-8")]).contains(&meaning(Locale::En)));
}
