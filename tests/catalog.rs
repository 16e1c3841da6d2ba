//! Consistency and fact checks for the embedded close-code catalog (`src/catalog.toml`).

use wslsp::catalog::{Entry, Sender, catalog};

fn same(a: &Entry, b: &Entry) -> bool {
    std::ptr::eq(a, b)
}

#[test]
fn catalog_parses() {
    // Forces the LazyLock; panics here if the embedded TOML is invalid.
    assert!(!catalog().entries().is_empty());
}

#[test]
fn every_code_resolves_to_exactly_one_entry() {
    let entries = catalog().entries();
    let singles: Vec<&Entry> = entries.iter().filter(|e| !e.is_range()).collect();
    let ranges: Vec<&Entry> = entries.iter().filter(|e| e.is_range()).collect();

    for e in entries {
        assert!(e.first <= e.last, "{}: first > last", e.label());
    }
    for code in 0..=u16::MAX {
        let single: Vec<&&Entry> = singles.iter().filter(|e| e.first == code).collect();
        let range: Vec<&&Entry> = ranges
            .iter()
            .filter(|e| (e.first..=e.last).contains(&code))
            .collect();
        assert!(single.len() <= 1, "{code}: {} single entries", single.len());
        assert!(range.len() <= 1, "{code}: {} ranges overlap", range.len());
        assert!(
            !single.is_empty() || !range.is_empty(),
            "{code}: not covered"
        );
        let expected = single.first().or(range.first()).unwrap();
        let got = catalog().lookup(code);
        assert!(
            same(got, expected),
            "{code}: lookup gave {} but expected {}",
            got.label(),
            expected.label()
        );
        assert!((got.first..=got.last).contains(&code));
    }
}

#[test]
fn expected_entries_exist() {
    let c = catalog();
    for code in (1000..=1015).chain([3000, 3003, 3008]) {
        let e = c.lookup(code);
        assert!(!e.is_range(), "{code} should be its own entry");
        assert_eq!(e.first, code);
    }
    for (first, last) in [
        (0, 999),
        (1016, 2999),
        (3000, 3999),
        (4000, 4999),
        (5000, 65535),
    ] {
        assert!(
            c.entries()
                .iter()
                .any(|e| e.first == first && e.last == last),
            "missing range {first}-{last}"
        );
    }
    // 3001 is inside 3000-3999 but has no entry of its own.
    let e = c.lookup(3001);
    assert_eq!((e.first, e.last), (3000, 3999));
    assert_eq!(c.lookup(3000).name, "Unauthorized");
    assert_eq!(c.lookup(3003).name, "Forbidden");
    assert_eq!(c.lookup(3008).name, "Timeout");
    assert_eq!(c.entries().len(), 24);
}

#[test]
fn reserved_local_codes_never_on_wire() {
    for code in [1004, 1005, 1006, 1015] {
        let e = catalog().lookup(code);
        assert!(!e.on_wire, "{code} must not be on the wire");
        assert_eq!(e.sender, Sender::Nobody, "{code}");
    }
    for code in [0, 999, 1016, 2999, 5000, 65535] {
        let e = catalog().lookup(code);
        assert!(!e.on_wire, "{code} must not be on the wire");
        assert_eq!(e.sender, Sender::Nobody, "{code}");
    }
}

#[test]
fn sender_roles() {
    let c = catalog();
    assert_eq!(c.lookup(1010).sender, Sender::Client);
    for code in 1012..=1014 {
        assert_eq!(c.lookup(code).sender, Sender::Server, "{code}");
    }
    assert_eq!(c.lookup(1011).sender, Sender::Either);
    for code in [
        1000, 1001, 1002, 1003, 1007, 1008, 1009, 3000, 3500, 4000, 4999,
    ] {
        assert_eq!(c.lookup(code).sender, Sender::Either, "{code}");
    }
}

#[test]
fn on_wire_agrees_with_sender() {
    for e in catalog().entries() {
        assert_eq!(
            e.on_wire,
            e.sender != Sender::Nobody,
            "{}: on_wire and sender disagree",
            e.label()
        );
    }
}

#[test]
fn browser_close_only_1000_and_3000_to_4999() {
    for code in 0..=u16::MAX {
        let allowed = code == 1000 || (3000..=4999).contains(&code);
        assert_eq!(
            catalog().lookup(code).browser_close,
            allowed,
            "browser_close wrong for {code}"
        );
    }
}

#[test]
fn texts_are_present_and_summary_is_short() {
    for e in catalog().entries() {
        let label = e.label();
        for (field, text) in [
            ("name", &e.name),
            ("summary", &e.summary),
            ("meaning", &e.meaning),
            ("when_seen", &e.when_seen),
            ("resolve", &e.resolve),
            ("source", &e.source),
            ("source_url", &e.source_url),
        ] {
            assert!(!text.trim().is_empty(), "{label}: empty {field}");
        }
        let n = e.summary.chars().count();
        assert!(n <= 80, "{label}: summary has {n} characters");
        assert!(
            e.source_url.starts_with("https://"),
            "{label}: source_url is not https"
        );
    }
}

#[test]
fn confused_with_resolves_elsewhere() {
    let c = catalog();
    for e in c.entries() {
        for conf in &e.confused_with {
            let other = c
                .lookup_value(i64::from(conf.code))
                .expect("a u16 always resolves");
            assert!(
                !same(other, e),
                "{}: confused_with {} points at itself",
                e.label(),
                conf.code
            );
            assert!(
                !conf.choose.trim().is_empty(),
                "{}: empty choose for {}",
                e.label(),
                conf.code
            );
        }
        let mut codes: Vec<u16> = e.confused_with.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes.len(),
            e.confused_with.len(),
            "{}: duplicate confused_with",
            e.label()
        );
    }
}

#[test]
fn lookup_value_bounds() {
    let c = catalog();
    assert!(c.lookup_value(-1).is_none());
    assert!(c.lookup_value(70000).is_none());
    assert!(c.lookup_value(i64::MIN).is_none());
    assert!(c.lookup_value(i64::MAX).is_none());
    assert!(c.lookup_value(65536).is_none());
    let e = c.lookup_value(4001).expect("4001 resolves");
    assert_eq!((e.first, e.last), (4000, 4999));
    assert_eq!(e.name, "Private Use");
    assert_eq!(c.lookup_value(0).unwrap().first, 0);
    assert_eq!(c.lookup_value(65535).unwrap().last, 65535);
    assert!(same(c.lookup_value(1008).unwrap(), c.lookup(1008)));
}

#[test]
fn labels() {
    let c = catalog();
    assert_eq!(c.lookup(1008).label(), "1008 Policy Violation");
    assert_eq!(c.lookup(4001).label(), "4000\u{2013}4999 Private Use");
    assert!(!c.lookup(1008).is_range());
    assert!(c.lookup(4001).is_range());
}

#[test]
fn sources_match_kind() {
    for e in catalog().entries() {
        let ok = matches!(
            (e.source.as_str(), e.source_url.as_str()),
            (
                "RFC 6455 §7.4.1",
                "https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1"
            ) | (
                "RFC 6455 §7.4.2",
                "https://www.rfc-editor.org/rfc/rfc6455#section-7.4.2"
            ) | (
                "IANA WebSocket Close Code Number Registry",
                "https://www.iana.org/assignments/websocket/websocket.xhtml#close-code-number"
            )
        );
        assert!(ok, "{}: unexpected source {:?}", e.label(), e.source);
    }
}
