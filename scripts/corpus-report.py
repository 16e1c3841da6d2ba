#!/usr/bin/env python3
"""Compare `wslsp check` on the labelled corpus with the hand-made labels.

Reads the labels (corpus/labels.tsv, format in its header), runs
`wslsp check --format json` over the fetched corpus (scripts/fetch-corpus.sh) or reads a
saved JSON report, and prints:

- recall of the labelled close sites per language, per kind and per part (src / test /
  example), and for the library-API kinds (literal, library constant) per language;
- code-value accuracy: of the labelled sites wslsp found, how many it gives the labelled code;
- the missed sites, and the sites wslsp reports that no label names (a label to add, or a
  false site);
- sites and findings on look-alike lines (a wslsp site there is a false site);
- sites and findings whose role the labels contradict (a server site reported as a client,
  a browser-only rule on Node server or `ws` client code);
- how many findings carry a reviewed verdict (`finding` lines), and which do not.

`--json` prints the same as one JSON object, for diffing before/after. Standard library only;
no network. Exit status 0 unless the labels or the wslsp output cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# File extension -> the language the figures are grouped by (the 13 of the project; C and
# C++ count as one, as wslsp reads both with one library table).
LANGUAGES = {
    "js": "javascript", "mjs": "javascript", "cjs": "javascript", "jsx": "javascript",
    "ts": "typescript", "mts": "typescript", "cts": "typescript", "tsx": "typescript",
    "py": "python", "pyi": "python", "go": "go", "rs": "rust", "java": "java",
    "kt": "kotlin", "kts": "kotlin", "cs": "csharp",
    "c": "c/c++", "h": "c/c++", "cc": "c/c++", "cpp": "c/c++", "cxx": "c/c++",
    "hpp": "c/c++", "hh": "c/c++", "hxx": "c/c++", "ipp": "c/c++",
    "swift": "swift", "dart": "dart", "php": "php", "rb": "ruby",
}
SITE_KINDS = ("literal", "library-constant", "project-constant", "helper", "dynamic")
LIBRARY_API_KINDS = ("literal", "library-constant")
PARTS = ("src", "test", "example")
ROLES = ("server", "client", "browser", "unknown", "-")
# Rules that hold only for the WHATWG WebSocket API (a browser, undici, Deno's client).
BROWSER_RULES = {"browser-close-code"}


@dataclass
class Site:
    path: str
    line: int
    code: int | None  # None for a dynamic site
    kind: str
    role: str
    part: str
    note: str

    @property
    def language(self) -> str:
        return language_of(self.path)


@dataclass
class LookAlike:
    path: str
    line: int
    what: str
    note: str


@dataclass
class Verdict:
    path: str
    line: int
    rule: str
    verdict: str
    why: str


@dataclass
class Labels:
    sites: list[Site] = field(default_factory=list)
    lookalikes: list[LookAlike] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)


def language_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return LANGUAGES.get(ext, "other")


def parse_labels(path: Path) -> Labels:
    """Read a labels file; raises ValueError naming the line of a malformed record."""
    labels = Labels()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        kind = cols[0]
        where = f"{path}:{number}"
        try:
            if kind == "site":
                _, p, line, code, site_kind, role, part, *note = cols
                if site_kind not in SITE_KINDS:
                    raise ValueError(f"unknown kind {site_kind!r}")
                if role not in ROLES:
                    raise ValueError(f"unknown role {role!r}")
                if part not in PARTS:
                    raise ValueError(f"unknown part {part!r}")
                value = None if code == "-" else int(code)
                if (value is None) != (site_kind == "dynamic"):
                    raise ValueError("code is `-` exactly when the kind is dynamic")
                labels.sites.append(
                    Site(p, int(line), value, site_kind, role, part, "\t".join(note))
                )
            elif kind == "lookalike":
                _, p, line, what, *note = cols
                labels.lookalikes.append(LookAlike(p, int(line), what, "\t".join(note)))
            elif kind == "finding":
                _, p, line, rule, verdict, *why = cols
                if verdict not in ("true", "false"):
                    raise ValueError(f"verdict must be true or false, not {verdict!r}")
                labels.verdicts.append(Verdict(p, int(line), rule, verdict, "\t".join(why)))
            else:
                raise ValueError(f"unknown record type {kind!r}")
        except ValueError as err:
            raise ValueError(f"{where}: {err}: {raw!r}") from None
    return labels


def run_wslsp(wslsp: str, root: Path) -> dict:
    """`wslsp check --format json` over every project directory, paths relative to root."""
    projects = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not projects:
        raise ValueError(f"{root} holds no project directories (run scripts/fetch-corpus.sh)")
    cmd = [wslsp, "check", "--format", "json", "--exit-zero", "--max-file-size", "8000000",
           *projects]
    done = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise ValueError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def ratio(found: int, total: int) -> float | None:
    return None if total == 0 else round(100.0 * found / total, 1)


def fmt_ratio(found: int, total: int) -> str:
    r = ratio(found, total)
    return "   -  " if r is None else f"{r:5.1f}%"


def tally(sites: list[Site], found: set[tuple[str, int]], key) -> dict[str, dict]:
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in sites:
        g = groups[key(s)]
        g[0] += 1
        g[1] += (s.path, s.line) in found
    return {k: {"labelled": n, "found": f, "recall": ratio(f, n)} for k, (n, f) in sorted(groups.items())}


def compare(labels: Labels, report: dict) -> dict:
    """All the figures and lists of the report, as one JSON-ready dict."""
    def norm(p: str) -> str:
        return p[2:] if p.startswith("./") else p

    wsites: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for s in report.get("sites", []):
        wsites[(norm(s["path"]), s["line"])].append(s)
    findings = [dict(f, path=norm(f["path"])) for f in report.get("findings", [])]

    labelled = {(s.path, s.line): s for s in labels.sites}
    lookalike = {(x.path, x.line): x for x in labels.lookalikes}
    counted = [s for s in labels.sites if s.kind != "dynamic"]
    found = {(s.path, s.line) for s in counted if (s.path, s.line) in wsites}

    wrong_code = []
    for s in counted:
        got = wsites.get((s.path, s.line))
        if got and all(g.get("code") != s.code for g in got):
            wrong_code.append({"path": s.path, "line": s.line, "labelled": s.code,
                               "wslsp": [g.get("code") for g in got], "kind": s.kind})

    missed = [{"path": s.path, "line": s.line, "code": s.code, "kind": s.kind, "part": s.part}
              for s in counted if (s.path, s.line) not in found]
    unlabelled = []
    sites_on_lookalikes = []
    for key, got in sorted(wsites.items()):
        for g in got:
            item = {"path": key[0], "line": key[1], "code": g.get("code"),
                    "form": g.get("form"), "api": g.get("api"), "role": g.get("role")}
            if key in lookalike:
                sites_on_lookalikes.append(dict(item, what=lookalike[key].what))
            elif key not in labelled:
                unlabelled.append(item)

    role_contradictions = []
    for key, got in sorted(wsites.items()):
        s = labelled.get(key)
        if s is None or s.role in ("unknown", "-"):
            continue
        for g in got:
            have = g.get("role")
            if (s.role == "server" and have == "client") or (
                s.role in ("client", "browser") and have == "server"
            ):
                role_contradictions.append({"path": key[0], "line": key[1], "labelled": s.role,
                                            "wslsp": have, "api": g.get("api"), "rule": None})

    findings_on_lookalikes = []
    verdict_of = {(v.path, v.line, v.rule): v for v in labels.verdicts}
    unreviewed = []
    verdicts = Counter()
    for f in findings:
        key = (f["path"], f["line"])
        item = {"path": f["path"], "line": f["line"], "rule": f["rule"], "code": f.get("code")}
        if key in lookalike:
            findings_on_lookalikes.append(dict(item, what=lookalike[key].what))
        s = labelled.get(key)
        if s is not None and f["rule"] in BROWSER_RULES and s.role in ("server", "client"):
            role_contradictions.append({"path": key[0], "line": key[1], "labelled": s.role,
                                        "wslsp": None, "api": None, "rule": f["rule"]})
        v = verdict_of.get((f["path"], f["line"], f["rule"]))
        if v is None:
            unreviewed.append(item)
        else:
            verdicts[v.verdict] += 1

    lib_api = [s for s in counted if s.kind in LIBRARY_API_KINDS]
    kinds = Counter(s.kind for s in labels.sites)
    return {
        "labels": {
            "sites": len(labels.sites), "counted": len(counted), "by_kind": dict(sorted(kinds.items())),
            "lookalikes": len(labels.lookalikes),
            "lookalikes_by_what": dict(sorted(Counter(x.what for x in labels.lookalikes).items())),
            "projects": len({s.path.split("/", 1)[0] for s in labels.sites}
                            | {x.path.split("/", 1)[0] for x in labels.lookalikes}),
        },
        "wslsp": {"files_checked": report.get("files_checked"), "sites": len(report.get("sites", [])),
                  "findings": len(findings)},
        "overall": {"labelled": len(counted), "found": len(found), "recall": ratio(len(found), len(counted))},
        "library_api_by_language": tally(lib_api, found, lambda s: s.language),
        "by_language": tally(counted, found, lambda s: s.language),
        "by_kind": tally(counted, found, lambda s: s.kind),
        "by_part": tally(counted, found, lambda s: s.part),
        "src_by_kind": tally([s for s in counted if s.part == "src"], found, lambda s: s.kind),
        "code_accuracy": {"found": len(found), "right": len(found) - len(wrong_code),
                          "accuracy": ratio(len(found) - len(wrong_code), len(found)),
                          "wrong": wrong_code},
        "missed": missed,
        "unlabelled_sites": unlabelled,
        "sites_on_lookalikes": sites_on_lookalikes,
        "findings_on_lookalikes": findings_on_lookalikes,
        "role_contradictions": role_contradictions,
        "findings_reviewed": {"true": verdicts["true"], "false": verdicts["false"],
                              "unreviewed": unreviewed},
    }


def print_text(r: dict, out=sys.stdout) -> None:
    def w(line: str = "") -> None:
        print(line, file=out)

    def table(title: str, rows: dict) -> None:
        w(title)
        w(f"  {'':<20} {'labelled':>8} {'found':>6} {'recall':>7}")
        for name, t in rows.items():
            w(f"  {name:<20} {t['labelled']:>8} {t['found']:>6} {fmt_ratio(t['found'], t['labelled']):>7}")
        w()

    lab, ws = r["labels"], r["wslsp"]
    w(f"labels: {lab['sites']} sites ({lab['counted']} with a static code) in {lab['projects']} projects; "
      f"{lab['lookalikes']} look-alikes")
    w(f"  sites by kind: {', '.join(f'{k} {n}' for k, n in lab['by_kind'].items())}")
    w(f"  look-alikes: {', '.join(f'{k} {n}' for k, n in lab['lookalikes_by_what'].items())}")
    w(f"wslsp: {ws['files_checked']} files checked, {ws['sites']} sites, {ws['findings']} findings")
    w()
    o = r["overall"]
    w(f"overall recall: {o['found']}/{o['labelled']} = {fmt_ratio(o['found'], o['labelled']).strip()}")
    c = r["code_accuracy"]
    w(f"code-value accuracy: {c['right']}/{c['found']} = {fmt_ratio(c['right'], c['found']).strip()}")
    w()
    table("library API (literal + library constant) by language", r["library_api_by_language"])
    table("all kinds by language", r["by_language"])
    table("by kind", r["by_kind"])
    table("by part", r["by_part"])
    table("application code (src) by kind", r["src_by_kind"])

    def listing(title: str, items: list, fmt) -> None:
        w(f"{title}: {len(items)}")
        for it in items:
            w("  " + fmt(it))
        w()

    listing("wrong code values", c["wrong"],
            lambda i: f"{i['path']}:{i['line']} labelled {i['labelled']} ({i['kind']}), wslsp {i['wslsp']}")
    listing("missed sites", r["missed"],
            lambda i: f"{i['path']}:{i['line']} {i['code']} {i['kind']} ({i['part']})")
    listing("sites on look-alikes (false sites)", r["sites_on_lookalikes"],
            lambda i: f"{i['path']}:{i['line']} {i['code']} {i['api']} ({i['what']})")
    listing("findings on look-alikes", r["findings_on_lookalikes"],
            lambda i: f"{i['path']}:{i['line']} {i['rule']} {i['code']} ({i['what']})")
    listing("role contradictions", r["role_contradictions"],
            lambda i: f"{i['path']}:{i['line']} labelled {i['labelled']}, "
                      + (f"rule {i['rule']}" if i["rule"] else f"wslsp {i['wslsp']} ({i['api']})"))
    listing("unlabelled wslsp sites (add a label or fix a false site)", r["unlabelled_sites"],
            lambda i: f"{i['path']}:{i['line']} {i['code']} {i['form']} {i['api']} {i['role']}")
    fr = r["findings_reviewed"]
    listing(f"findings reviewed: {fr['true']} true, {fr['false']} false; unreviewed",
            fr["unreviewed"], lambda i: f"{i['path']}:{i['line']} {i['rule']} {i['code']}")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", type=Path, default=here.parent / "corpus" / "labels.tsv")
    ap.add_argument("--corpus", type=Path,
                    default=Path(os.environ.get("CORPUS_DIR", "/work/corpus")) / "labelled",
                    help="the fetched corpus root (default: $CORPUS_DIR/labelled)")
    target = Path(os.environ.get("CARGO_TARGET_DIR", here.parent / "target"))
    ap.add_argument("--wslsp", default=os.environ.get("WSLSP", str(target / "release" / "wslsp")),
                    help="the wslsp binary (default: $WSLSP, else release/wslsp in $CARGO_TARGET_DIR "
                         "or the repository's target/)")
    ap.add_argument("--report", type=Path,
                    help="read this saved `wslsp check --format json` output instead of running wslsp "
                         "(paths relative to the corpus root)")
    ap.add_argument("--save", type=Path, help="also write wslsp's JSON output here")
    ap.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = ap.parse_args(argv)
    try:
        labels = parse_labels(args.labels)
        if args.report:
            report = json.loads(args.report.read_text(encoding="utf-8"))
        else:
            report = run_wslsp(args.wslsp, args.corpus)
    except (OSError, ValueError) as err:
        print(f"corpus-report: {err}", file=sys.stderr)
        return 2
    if args.save:
        args.save.write_text(json.dumps(report), encoding="utf-8")
    result = compare(labels, report)
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
    else:
        print_text(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
