#!/usr/bin/env python3
"""List the lines of the labelled corpus a person must read to label it.

A candidate is a line with a close-like call that passes arguments (`close(`, `Close(`,
`CloseAsync(`, `close_with(`, `send_close(`, `writeClose(`, `sendClose(`, `cancel(with:`,
`disconnect(`, `shutdown(`, `terminate(`, `end(` …), a close-status type or constant
(`CloseFrame`, `CloseReason`, `CloseStatus`, `CLOSE_…`, `STATUS_…`, `WebSocketCloseStatus`,
`websocket.close` ASGI messages), or a number that is a close code (1000–1015, 3000–4999)
next to a word about closing. Lines already labelled are left out unless `--all`.

Prints `path<TAB>line<TAB>mark<TAB>text`, paths relative to the corpus root, where mark is
`S` when `wslsp check` (saved JSON from `corpus-report.py --save`) reports a site there.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

EXTS = {"js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "py", "go", "rs", "java", "kt",
        "kts", "cs", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "ipp", "swift", "dart", "php", "rb"}
CALL = re.compile(
    r"(?:\b|_)(?:close|Close|CloseAsync|CloseOutputAsync|close_with|closeWith|closeWithCode|"
    r"send_close|sendClose|writeClose|WriteClose|close_connection|fail_connection|"
    r"disconnect|Disconnect|shutdown|terminate|end|cancel)\s*\(\s*(?:with:\s*)?[^)\s]"
)
CONST = re.compile(
    r"CloseFrame|CloseReason|CloseStatus|CloseCode|WebSocketCloseStatus|CLOSE_[A-Z]|"
    r"STATUS_[A-Z]|closeCode|close_code|CloseMessage|websocket\.close|normalClosure|"
    r"WSLAY_CODE|LWS_CLOSE_STATUS|CloseCodeNormal|WS_CLOSE"
)
CODE = re.compile(r"(?<![\w.])(?:10(?:0\d|1[0-5])|[34]\d{3})(?![\w.])")
WORD = re.compile(r"close|Close|CLOSE|status|code|Code|reason|disconnect|shutdown|terminate")


def candidates(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.rsplit(".", 1)[-1].lower() not in EXTS or name.endswith(".min.js"):
                continue
            path = Path(dirpath, name)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            rel = path.relative_to(root).as_posix()
            for number, line in enumerate(text.splitlines(), 1):
                if len(line) > 400:
                    continue
                if CALL.search(line) or CONST.search(line) or (CODE.search(line) and WORD.search(line)):
                    yield rel, number, line.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("projects", nargs="*", help="project names (default: all)")
    ap.add_argument("--corpus", type=Path,
                    default=Path(os.environ.get("CORPUS_DIR", "/work/corpus")) / "labelled")
    ap.add_argument("--labels", type=Path,
                    default=Path(__file__).resolve().parent.parent / "corpus" / "labels.tsv")
    ap.add_argument("--report", type=Path, help="saved wslsp JSON (marks its sites with S)")
    ap.add_argument("--all", action="store_true", help="include lines already labelled")
    args = ap.parse_args()
    labelled = set()
    if args.labels.exists() and not args.all:
        for raw in args.labels.read_text(encoding="utf-8").splitlines():
            cols = raw.split("\t")
            if len(cols) > 2 and cols[0] in ("site", "lookalike"):
                labelled.add((cols[1], int(cols[2])))
    sites = set()
    if args.report:
        for s in json.loads(args.report.read_text(encoding="utf-8"))["sites"]:
            sites.add((s["path"].removeprefix("./"), s["line"]))
    names = args.projects or sorted(p.name for p in args.corpus.iterdir() if p.is_dir())
    unknown = [n for n in names if not (args.corpus / n).is_dir()]
    if unknown:
        print(f"corpus-candidates: no project {', '.join(unknown)} under {args.corpus}", file=sys.stderr)
        return 2
    for name in names:
        for rel, number, text in candidates(args.corpus / name):
            key = (f"{name}/{rel}", number)
            if key in labelled:
                continue
            print(f"{key[0]}\t{number}\t{'S' if key in sites else '-'}\t{text[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
