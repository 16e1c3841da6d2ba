//! `wslsp catalog --out DIR`: the catalog and the rules as a static site of plain HTML and CSS,
//! one directory per locale. Each locale has an index (every code, range, comparison and rule,
//! with a filter box), a page per catalog entry, per pair of entries one names in
//! `confused_with` (`<a>-vs-<b>.html`, the lower code first) and per rule (`rules/<id>.html`).
//!
//! The page frame, the stylesheet and the filter script are data files in `site/`; the pages
//! are the same text `explain` and `rules` print ([`EntryView`], [`Comparison`]), escaped as
//! HTML. Navigation links are relative, so the site works from a file system with no network;
//! only `canonical` and `hreflang` links use the base URL, when there is one.

use std::io;
use std::path::Path;

use wslsp::catalog::{Entry, catalog};
use wslsp::locale::{Labels, Locale, labels};
use wslsp::rules::{self, Rule};

use super::explain::{self, Comparison, EntryView, fill};

/// The frame of every page; `{name}` placeholders are filled by [`substitute`].
const LAYOUT: &str = include_str!("site/layout.html");
const STYLE: &str = include_str!("site/style.css");
/// The index's filter box (plain DOM, no framework).
const FILTER: &str = include_str!("site/filter.js");

/// How many pages [`write`] wrote.
pub struct Written {
    /// Every HTML page, the language chooser at the root included.
    pub pages: usize,
    /// The pages of one locale.
    pub per_locale: usize,
    pub locales: usize,
}

/// `url` as a base URL for the site: an absolute `http(s)` URL, without its trailing slash.
pub fn base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match host {
        Some(rest)
            if !rest.is_empty()
                && !rest.contains(|c: char| c.is_whitespace() || "\"'<>?#\\".contains(c)) =>
        {
            Ok(trimmed.to_owned())
        }
        _ => Err(format!(
            "--base-url {url:?} is not an absolute http(s) URL without a query or fragment"
        )),
    }
}

/// Writes the site under `dir`; `base_url` (see [`base_url`]) makes canonical and alternate
/// links absolute.
pub fn write(dir: &Path, base_url: Option<&str>) -> io::Result<Written> {
    let files = render(base_url);
    for (path, text) in &files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    let pages = files.iter().filter(|(p, _)| p.ends_with(".html")).count();
    Ok(Written {
        pages,
        per_locale: Page::all().len(),
        locales: Locale::ALL.len(),
    })
}

/// Every file of the site as (path from the site's root with `/` separators, contents).
pub fn render(base_url: Option<&str>) -> Vec<(String, String)> {
    let mut files = vec![
        ("style.css".to_owned(), STYLE.to_owned()),
        ("filter.js".to_owned(), FILTER.to_owned()),
        ("index.html".to_owned(), language_chooser(base_url)),
    ];
    for locale in Locale::ALL {
        for page in Page::all() {
            let path = page.path();
            let context = Context {
                locale,
                labels: labels(locale),
                base_url,
                path: path.clone(),
            };
            files.push((format!("{}/{path}", locale.tag()), context.render(page)));
        }
    }
    files
}

/// One page of a locale's directory.
#[derive(Clone, Copy)]
enum Page {
    Index,
    Entry(&'static Entry),
    /// Two entries, the lower first.
    Pair(&'static Entry, &'static Entry),
    Rule(&'static Rule),
}

impl Page {
    /// Every page of one locale: the index, the entries by code, the pairs, the rules.
    fn all() -> Vec<Page> {
        let mut pages = vec![Page::Index];
        pages.extend(entries().into_iter().map(Page::Entry));
        pages.extend(pairs().into_iter().map(|(a, b)| Page::Pair(a, b)));
        pages.extend(rules::all().iter().map(Page::Rule));
        pages
    }

    /// The page's path inside its locale's directory.
    fn path(self) -> String {
        match self {
            Page::Index => "index.html".to_owned(),
            Page::Entry(e) => entry_path(e),
            Page::Pair(a, b) => pair_path(a, b),
            Page::Rule(r) => r.site_path(),
        }
    }
}

/// Every catalog entry, single codes and ranges each by their first code.
fn entries() -> Vec<&'static Entry> {
    let mut entries: Vec<&Entry> = catalog().entries().iter().collect();
    entries.sort_by_key(|e| (e.is_range(), e.first));
    entries
}

/// Every pair of entries that one of them names in `confused_with`, once, the lower first.
fn pairs() -> Vec<(&'static Entry, &'static Entry)> {
    let mut pairs: Vec<(&Entry, &Entry)> = Vec::new();
    for entry in catalog().entries() {
        for confusion in &entry.confused_with {
            let other = catalog().lookup(confusion.code);
            let pair = if entry.first < other.first {
                (entry, other)
            } else {
                (other, entry)
            };
            if !pairs
                .iter()
                .any(|p| std::ptr::eq(p.0, pair.0) && std::ptr::eq(p.1, pair.1))
            {
                pairs.push(pair);
            }
        }
    }
    pairs.sort_by_key(|(a, b)| (a.first, b.first));
    pairs
}

/// `1008.html`, or `4000-4999.html` for a range.
fn entry_path(entry: &Entry) -> String {
    format!("{}.html", entry.key())
}

/// `1008-vs-1010.html`.
fn pair_path(a: &Entry, b: &Entry) -> String {
    format!("{}-vs-{}.html", a.key(), b.key())
}

/// The first code that resolves to `entry` (3001 for 3000–3999, whose 3000 has its own entry):
/// the code the rules are asked about.
fn representative(entry: &Entry) -> u16 {
    (entry.first..=entry.last)
        .find(|&code| std::ptr::eq(catalog().lookup(code), entry))
        .unwrap_or(entry.first)
}

/// The rules a page about `entry` links to.
fn rules_about(entry: &Entry) -> Vec<&'static Rule> {
    rules::rules_about(i64::from(representative(entry)))
        .into_iter()
        .filter_map(rules::by_id)
        .collect()
}

/// The pairs `entry` is part of, with the other entry.
fn pairs_of(entry: &Entry) -> Vec<(&'static Entry, &'static Entry, &'static Entry)> {
    pairs()
        .into_iter()
        .filter_map(|(a, b)| {
            if std::ptr::eq(a, entry) {
                Some((a, b, b))
            } else if std::ptr::eq(b, entry) {
                Some((a, b, a))
            } else {
                None
            }
        })
        .collect()
}

/// Text escaped for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A label with `code spans` in backticks, as escaped HTML with `<code>` elements.
fn inline(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// `template` with each `{name}` that `values` names replaced by its value, in one pass:
/// inserted values are not searched again, and other braces stay as they are.
fn substitute(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after
            .find('}')
            .and_then(|close| values.iter().find(|(name, _)| *name == &after[..close]));
        match known {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The parts of a page the layout frames.
struct Content {
    title: String,
    description: String,
    body: String,
    /// Whether the page has the filter box.
    filter: bool,
}

/// What a page of one locale is rendered with.
struct Context<'a> {
    locale: Locale,
    labels: &'static Labels,
    base_url: Option<&'a str>,
    /// The page's path inside the locale's directory.
    path: String,
}

impl Context<'_> {
    /// From this page up to the locale's directory: `""`, or `"../"` from `rules/`.
    fn up(&self) -> &'static str {
        if self.path.contains('/') { "../" } else { "" }
    }

    /// A relative link to `path` in this locale's directory.
    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.up())
    }

    /// A relative link to `path` in `locale`'s directory.
    fn link_in(&self, locale: Locale, path: &str) -> String {
        format!("{}../{}/{path}", self.up(), locale.tag())
    }

    /// The URL of `path` in `locale`'s directory: absolute with a base URL, else relative.
    fn url_in(&self, locale: Locale, path: &str) -> String {
        match self.base_url {
            Some(base) => format!("{base}/{}/{path}", locale.tag()),
            None => self.link_in(locale, path),
        }
    }

    fn render(&self, page: Page) -> String {
        let content = match page {
            Page::Index => self.index(),
            Page::Entry(e) => self.entry(e),
            Page::Pair(a, b) => self.pair(a, b),
            Page::Rule(r) => self.rule(r),
        };
        let mut alternates = String::new();
        for locale in Locale::ALL {
            alternates.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n",
                locale.tag(),
                esc(&self.url_in(locale, &self.path))
            ));
        }
        alternates.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">",
            esc(&self.url_in(Locale::En, &self.path))
        ));
        let languages: String = Locale::ALL
            .iter()
            .map(|&locale| {
                format!(
                    "<a href=\"{}\" hreflang=\"{tag}\" lang=\"{tag}\"{current}>{}</a>",
                    esc(&self.link_in(locale, &self.path)),
                    esc(&labels(locale).language_name),
                    tag = locale.tag(),
                    current = if locale == self.locale {
                        " aria-current=\"page\""
                    } else {
                        ""
                    },
                )
            })
            .collect();
        let title = if matches!(page, Page::Index) {
            content.title.clone()
        } else {
            format!("{} · {}", content.title, self.labels.site_title)
        };
        let scripts = if content.filter {
            format!("<script src=\"{}../filter.js\" defer></script>", self.up())
        } else {
            String::new()
        };
        substitute(
            LAYOUT,
            &[
                ("lang", self.locale.tag()),
                ("title", &esc(&title)),
                ("description", &esc(&content.description)),
                ("canonical", &esc(&self.url_in(self.locale, &self.path))),
                ("alternates", &alternates),
                ("root", &format!("{}../", self.up())),
                ("home", &self.link("index.html")),
                ("site_title", &esc(&self.labels.site_title)),
                ("languages", &languages),
                ("body", &content.body),
                ("scripts", &scripts),
                ("version", env!("CARGO_PKG_VERSION")),
            ],
        )
    }

    /// A link to an entry's page, showing its label.
    fn entry_link(&self, entry: &Entry) -> String {
        format!(
            "<a href=\"{}\">{}</a>",
            esc(&self.link(&entry_path(entry))),
            esc(&entry.label_in(self.locale))
        )
    }

    /// A link to a pair's page, titled "A vs B" with the two codes.
    fn pair_link(&self, a: &Entry, b: &Entry) -> String {
        let title = fill(&self.labels.versus, &[("a", &a.key()), ("b", &b.key())]);
        format!(
            "<a href=\"{}\">{}</a>",
            esc(&self.link(&pair_path(a, b))),
            esc(&title)
        )
    }

    /// A list item linking to a rule's page, with its title.
    fn rule_item(&self, rule: &Rule) -> String {
        format!(
            "<li><a href=\"{}\"><code>{}</code></a> <span class=\"summary\">{}</span></li>\n",
            esc(&self.link(&rule.site_path())),
            esc(&rule.id),
            esc(rule.title_in(self.locale))
        )
    }

    /// The breadcrumb back to the index.
    fn crumbs(&self) -> String {
        format!(
            "<nav class=\"crumbs\"><a href=\"{}\">{}</a></nav>\n",
            esc(&self.link("index.html")),
            esc(&self.labels.all_codes)
        )
    }

    fn index(&self) -> Content {
        let l = self.labels;
        let mut body = format!(
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n\
             <div class=\"filter\" role=\"search\"><label for=\"filter\">{}</label> \
             <input type=\"search\" id=\"filter\" placeholder=\"{}\" autocomplete=\"off\"></div>\n\
             <p id=\"filter-none\" hidden>{}</p>\n",
            esc(&l.site_title),
            esc(&l.site_description),
            esc(&l.filter),
            esc(&l.filter_hint),
            esc(&l.filter_none),
        );
        let (singles, ranges): (Vec<&Entry>, Vec<&Entry>) =
            entries().into_iter().partition(|e| !e.is_range());
        for (id, heading, group) in [("codes", &l.codes, singles), ("ranges", &l.ranges, ranges)] {
            body.push_str(&section_start(id, heading));
            for entry in group {
                body.push_str(&format!(
                    "<li>{} <span class=\"summary\">{}</span></li>\n",
                    self.entry_link(entry),
                    esc(entry.text(self.locale).summary)
                ));
            }
            body.push_str("</ul></section>\n");
        }
        body.push_str(&section_start("comparisons", &l.comparisons));
        for (a, b) in pairs() {
            body.push_str(&format!(
                "<li>{} <span class=\"summary\">{} · {}</span></li>\n",
                self.pair_link(a, b),
                esc(&a.label_in(self.locale)),
                esc(&b.label_in(self.locale))
            ));
        }
        body.push_str("</ul></section>\n");
        body.push_str(&section_start("rules", &l.rules));
        for rule in rules::all() {
            body.push_str(&self.rule_item(rule));
        }
        body.push_str("</ul></section>\n");
        Content {
            title: l.site_title.clone(),
            description: l.site_description.clone(),
            body,
            filter: true,
        }
    }

    fn entry(&self, entry: &'static Entry) -> Content {
        let l = self.labels;
        let view = EntryView::new(entry.first, entry, self.locale);
        let mut body = self.crumbs();
        body.push_str(&format!(
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n",
            esc(&view.label),
            esc(view.summary)
        ));
        body.push_str(&self.facts(entry));
        for (heading, text) in view.sections(l) {
            body.push_str(&format!(
                "<h2>{}</h2>\n<p>{}</p>\n",
                esc(heading),
                esc(text)
            ));
        }
        if !view.confused_with.is_empty() {
            body.push_str(&format!(
                "<h2>{}</h2>\n<ul class=\"confused\">\n",
                esc(&l.confused_with)
            ));
            for confusion in &view.confused_with {
                let other = catalog().lookup(confusion.code);
                let (a, b) = if entry.first < other.first {
                    (entry, other)
                } else {
                    (other, entry)
                };
                body.push_str(&format!(
                    "<li>{} ({}): {}</li>\n",
                    self.entry_link(other),
                    self.pair_link(a, b),
                    esc(&confusion.choose)
                ));
            }
            body.push_str("</ul>\n");
        }
        // Pairs where only the other entry names this one.
        let named_by_others: Vec<String> = pairs_of(entry)
            .into_iter()
            .filter(|(_, _, other)| {
                !entry
                    .confused_with
                    .iter()
                    .any(|c| std::ptr::eq(catalog().lookup(c.code), *other))
            })
            .map(|(a, b, _)| format!("<li>{}</li>\n", self.pair_link(a, b)))
            .collect();
        if !named_by_others.is_empty() {
            body.push_str(&format!(
                "<h2>{}</h2>\n<ul>\n{}</ul>\n",
                esc(&l.comparisons),
                named_by_others.concat()
            ));
        }
        self.rules_section(&mut body, &rules_about(entry));
        Content {
            title: view.label.clone(),
            description: view.summary.to_owned(),
            body,
            filter: false,
        }
    }

    /// Who may send the entry's code, Close frame, browser `close()` and source, as a list.
    fn facts(&self, entry: &Entry) -> String {
        let l = self.labels;
        format!(
            "<dl class=\"facts\">\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n\
             <dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd><a href=\"{}\">{}</a></dd>\n</dl>\n",
            esc(&l.sent_by),
            esc(explain::sender(entry, l)),
            esc(&l.on_wire),
            esc(explain::on_wire(entry, l)),
            esc(&l.browser_close).replace("{close}", "<code>close()</code>"),
            esc(explain::browser(entry, l)),
            esc(&l.source),
            esc(&entry.source_url),
            esc(&entry.source),
        )
    }

    /// The "rules that check it" section, unless `rules` is empty.
    fn rules_section(&self, body: &mut String, rules: &[&Rule]) {
        if rules.is_empty() {
            return;
        }
        body.push_str(&format!(
            "<h2>{}</h2>\n<ul>\n",
            esc(&self.labels.rules_for_code)
        ));
        for rule in rules {
            body.push_str(&self.rule_item(rule));
        }
        body.push_str("</ul>\n");
    }

    fn pair(&self, a: &'static Entry, b: &'static Entry) -> Content {
        let l = self.labels;
        let c = Comparison::of((a.first, a), (b.first, b), self.locale);
        let title = c.title(self.locale);
        let mut body = self.crumbs();
        body.push_str(&format!("<h1>{}</h1>\n", esc(&title)));
        if let Some(sentence) = c.same_entry_sentence(self.locale) {
            body.push_str(&format!("<p>{}</p>\n", esc(&sentence)));
        }
        body.push_str("<div class=\"pair\">\n");
        for (view, entry) in [(&c.first, a), (&c.second, b)] {
            body.push_str(&format!(
                "<section>\n<h2>{}</h2>\n<p class=\"lead\">{}</p>\n",
                self.entry_link(entry),
                esc(view.summary)
            ));
            for (heading, text) in view.sections(l) {
                body.push_str(&format!(
                    "<h3>{}</h3>\n<p>{}</p>\n",
                    esc(heading),
                    esc(text)
                ));
            }
            body.push_str("</section>\n");
        }
        body.push_str("</div>\n");
        body.push_str(&format!("<h2>{}</h2>\n", esc(&l.key_differences)));
        if c.differences.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", esc(&l.meaning_only)));
        } else {
            body.push_str(&format!(
                "<table>\n<thead><tr><th></th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                esc(&c.first.label),
                esc(&c.second.label)
            ));
            for d in &c.differences {
                body.push_str(&format!(
                    "<tr><th>{}</th><td>{}</td><td>{}</td></tr>\n",
                    esc(&d.label),
                    esc(&d.first),
                    esc(&d.second)
                ));
            }
            body.push_str("</tbody>\n</table>\n");
        }
        body.push_str(&format!("<h2>{}</h2>\n", esc(&l.when_to_use)));
        for advice in &c.choose {
            body.push_str(&format!("<p>{}</p>\n", esc(advice)));
        }
        body.push_str("<ul>\n");
        for view in [&c.first, &c.second] {
            body.push_str(&format!(
                "<li><strong>{}</strong>: {}</li>\n",
                esc(&view.label),
                esc(view.resolve)
            ));
        }
        body.push_str("</ul>\n");
        let mut rules = rules_about(a);
        for rule in rules_about(b) {
            if !rules.iter().any(|r| r.id == rule.id) {
                rules.push(rule);
            }
        }
        rules.sort_by_key(|r| rules::all().iter().position(|x| x.id == r.id));
        self.rules_section(&mut body, &rules);
        Content {
            description: fill(
                &l.pair_description,
                &[("a", &c.first.label), ("b", &c.second.label)],
            ),
            title,
            body,
            filter: false,
        }
    }

    fn rule(&self, rule: &'static Rule) -> Content {
        let l = self.labels;
        let locale = self.locale;
        let title = format!("{}: {}", rule.id, rule.title_in(locale));
        let mut body = self.crumbs();
        body.push_str(&format!(
            "<h1><code>{}</code>: {}</h1>\n",
            esc(&rule.id),
            esc(rule.title_in(locale))
        ));
        let severity = format!("<strong>{}</strong>", esc(rule.severity.name()));
        let source = format!(
            "<a href=\"{}\">{}</a>",
            esc(&rule.source_url),
            esc(&rule.source)
        );
        body.push_str(&format!(
            "<p>{}</p>\n",
            substitute(
                &esc(&l.rule_source),
                &[("severity", &severity), ("source", &source)]
            )
        ));
        body.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n",
            esc(&l.why),
            esc(rule.summary_in(locale))
        ));
        for (heading, example) in [(&l.flagged, &rule.flagged), (&l.fixed, &rule.fixed)] {
            body.push_str(&format!(
                "<h2>{}</h2>\n<pre><code>{}</code></pre>\n",
                esc(heading),
                esc(example)
            ));
        }
        body.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n<p>{}</p>\n",
            esc(&l.how_to_fix),
            esc(&explain::help_sentence(rule, locale)),
            inline(&explain::fixes_sentence(rule, locale))
        ));
        let concerned: Vec<String> = entries()
            .into_iter()
            .filter(|e| rules_about(e).iter().any(|r| r.id == rule.id))
            .map(|e| format!("<li>{}</li>\n", self.entry_link(e)))
            .collect();
        if !concerned.is_empty() {
            body.push_str(&format!(
                "<h2>{}</h2>\n<ul>\n{}</ul>\n",
                esc(&l.codes_for_rule),
                concerned.concat()
            ));
        }
        body.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n<pre><code>[rules]\n{} = \"{}\"   # error | warning | info | hint | off</code></pre>\n\
             <pre><code>wslsp check --warn {}</code></pre>\n",
            esc(&l.configuration),
            inline(&l.configure),
            esc(&rule.id),
            esc(rule.severity.name()),
            esc(&rule.id),
        ));
        if !rule.enabled_in_check {
            body.push_str(&format!("<p>{}</p>\n", inline(&l.off_in_check)));
        }
        Content {
            title,
            description: rule.summary_in(locale).to_owned(),
            body,
            filter: false,
        }
    }
}

/// The start of a filterable index section: heading and list.
fn section_start(id: &str, heading: &str) -> String {
    format!(
        "<section data-filter id=\"{id}\">\n<h2>{}</h2>\n<ul class=\"entries\">\n",
        esc(heading)
    )
}

/// `DIR/index.html`: the five locales, each in its own language.
fn language_chooser(base_url: Option<&str>) -> String {
    let url = |locale: Locale| match base_url {
        Some(base) => format!("{base}/{}/index.html", locale.tag()),
        None => format!("{}/index.html", locale.tag()),
    };
    let english = labels(Locale::En);
    let mut alternates = String::new();
    let mut body = format!(
        "<h1>{}</h1>\n<ul class=\"entries\">\n",
        esc(&english.site_title)
    );
    for locale in Locale::ALL {
        let l = labels(locale);
        alternates.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n",
            locale.tag(),
            esc(&url(locale))
        ));
        body.push_str(&format!(
            "<li lang=\"{tag}\"><a href=\"{tag}/index.html\" hreflang=\"{tag}\">{}</a> \
             <span class=\"summary\">{}</span></li>\n",
            esc(&l.language_name),
            esc(&l.site_title),
            tag = locale.tag(),
        ));
    }
    body.push_str("</ul>\n");
    let canonical = base_url.map_or_else(|| "index.html".to_owned(), |b| format!("{b}/"));
    substitute(
        LAYOUT,
        &[
            ("lang", Locale::En.tag()),
            ("title", &esc(&english.site_title)),
            ("description", &esc(&english.site_description)),
            ("canonical", &esc(&canonical)),
            ("alternates", alternates.trim_end()),
            ("root", ""),
            ("home", "index.html"),
            ("site_title", &esc(&english.site_title)),
            ("languages", ""),
            ("body", &body),
            ("scripts", ""),
            ("version", env!("CARGO_PKG_VERSION")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_code_spans_become_code() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(
            inline("run `a<b` & `c`"),
            "run <code>a&lt;b</code> &amp; <code>c</code>"
        );
    }

    #[test]
    fn substitution_is_one_pass_and_leaves_unknown_braces() {
        assert_eq!(
            substitute("{a} {b} {c} {", &[("a", "{b}"), ("b", "2")]),
            "{b} 2 {c} {"
        );
    }

    #[test]
    fn base_urls_are_absolute_http_without_query() {
        assert_eq!(
            base_url("https://example.org/wslsp/").as_deref(),
            Ok("https://example.org/wslsp")
        );
        for bad in [
            "example.org",
            "https://",
            "ftp://x",
            "https://x/?a",
            "https://x y",
        ] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }
}
