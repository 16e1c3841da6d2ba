// scratch, not committed
#[test]
fn dump() {
    let Ok(path) = std::env::var("DUMP") else {
        return;
    };
    let lang = wslsp::languages::Language::from_path(std::path::Path::new(&path)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang.grammar()).unwrap();
    let t = p.parse(&text, None).unwrap();
    fn walk(n: tree_sitter::Node, src: &str, depth: usize, field: Option<&str>) {
        if !n.is_named() {
            return;
        }
        let txt: String = src[n.byte_range()]
            .chars()
            .take(40)
            .collect::<String>()
            .replace('\n', "\\n");
        println!(
            "{}{}{} [{}]",
            "  ".repeat(depth),
            field.map(|f| format!("{f}: ")).unwrap_or_default(),
            n.kind(),
            txt
        );
        let mut c = n.walk();
        for (i, ch) in n.children(&mut c).enumerate() {
            walk(ch, src, depth + 1, n.field_name_for_child(i as u32));
        }
    }
    walk(t.root_node(), &text, 0, None);
    let a = wslsp::analysis::analyze(lang, &text);
    for s in &a.sites {
        println!(
            "SITE {:?} code={} api={} role={:?} reason={:?}",
            &text[s.code_range.clone()],
            s.code,
            s.api,
            s.role,
            s.reason.as_ref().map(|r| &r.text)
        );
    }
    for f in &a.findings {
        println!("FINDING {} site={}", f.rule, f.site);
    }
}

#[test]
fn query() {
    use tree_sitter::StreamingIterator;
    let Ok(path) = std::env::var("QUERY") else {
        return;
    };
    let lang = wslsp::languages::Language::from_path(std::path::Path::new(&path)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let src = std::fs::read_to_string(format!("queries/{}.scm", lang.name())).unwrap();
    let q = tree_sitter::Query::new(&lang.grammar(), &src).unwrap_or_else(|e| panic!("{e}"));
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang.grammar()).unwrap();
    let t = p.parse(&text, None).unwrap();
    let mut c = tree_sitter::QueryCursor::new();
    let mut m = c.matches(&q, t.root_node(), text.as_bytes());
    while let Some(m) = m.next() {
        let caps: Vec<String> = m
            .captures
            .iter()
            .filter(|c| !q.capture_names()[c.index as usize].starts_with('_'))
            .map(|c| {
                format!(
                    "@{}={:?}",
                    q.capture_names()[c.index as usize],
                    text[c.node.byte_range()]
                        .chars()
                        .take(30)
                        .collect::<String>()
                )
            })
            .collect();
        println!(
            "p{} L{} {}",
            m.pattern_index,
            m.captures[0].node.start_position().row + 1,
            caps.join(" ")
        );
    }
}
