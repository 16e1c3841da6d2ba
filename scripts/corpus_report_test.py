#!/usr/bin/env python3
"""Unit tests of scripts/corpus-report.py on synthetic labels and wslsp reports.

Run: python3 -m unittest scripts/corpus_report_test.py (tests/corpus_report.rs runs it too).
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import unittest
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "corpus_report", Path(__file__).resolve().parent / "corpus-report.py"
)
report_mod = importlib.util.module_from_spec(_SPEC)
# dataclasses look their module up in sys.modules while the module runs.
sys.modules["corpus_report"] = report_mod
_SPEC.loader.exec_module(report_mod)

LABELS = "\n".join(
    [
        "# comment",
        "site\ta/server.js\t3\t1000\tliteral\tserver\tsrc\t",
        "site\ta/server.js\t4\t4001\tproject-constant\tserver\tsrc\tKICKED",
        "site\ta/server.js\t5\t-\tdynamic\tserver\tsrc\t",
        "site\ta/test_x.py\t7\t1011\tlibrary-constant\tclient\ttest\t",
        "site\tb/App.kt\t9\t4002\thelper\tbrowser\tsrc\tkick(code)",
        "lookalike\ta/server.js\t20\tcomparison\tcode === 1000",
        "finding\ta/server.js\t3\tserver-only-code\tfalse\tnot server-only",
    ]
)


def site(path, line, code, role="server", api="ws", form="literal"):
    return {"path": path, "line": line, "code": code, "role": role, "api": api, "form": form}


def finding(path, line, rule, code):
    return {"path": path, "line": line, "rule": rule, "code": code}


class CorpusReportTest(unittest.TestCase):
    def labels(self, text=LABELS):
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp, "labels.tsv")
            p.write_text(text, encoding="utf-8")
            return report_mod.parse_labels(p)

    def test_recall_by_language_kind_and_part(self):
        rep = {
            "files_checked": 3,
            "sites": [site("./a/server.js", 3, 1000), site("a/test_x.py", 7, 1011, role="client")],
            "findings": [],
        }
        r = report_mod.compare(self.labels(), rep)
        self.assertEqual(r["overall"], {"labelled": 4, "found": 2, "recall": 50.0})
        self.assertEqual(r["by_language"]["javascript"]["recall"], 50.0)
        self.assertEqual(r["by_language"]["kotlin"]["found"], 0)
        self.assertEqual(r["by_kind"]["helper"], {"labelled": 1, "found": 0, "recall": 0.0})
        self.assertEqual(r["by_part"]["test"]["recall"], 100.0)
        self.assertEqual(r["library_api_by_language"]["python"]["recall"], 100.0)
        self.assertNotIn("kotlin", r["library_api_by_language"])
        missed = {(m["path"], m["line"]) for m in r["missed"]}
        self.assertEqual(missed, {("a/server.js", 4), ("b/App.kt", 9)})

    def test_wrong_code_lowers_accuracy(self):
        rep = {"sites": [site("a/server.js", 3, 1001)], "findings": []}
        r = report_mod.compare(self.labels(), rep)
        self.assertEqual(r["code_accuracy"]["accuracy"], 0.0)
        self.assertEqual(r["code_accuracy"]["wrong"][0]["wslsp"], [1001])

    def test_lookalikes_unlabelled_and_roles(self):
        rep = {
            "sites": [
                site("a/server.js", 20, 1000),
                site("a/other.js", 1, 1000),
                site("a/server.js", 4, 4001, role="client"),
                site("b/App.kt", 9, 4002, role="server"),
            ],
            "findings": [
                finding("a/server.js", 20, "reserved-code", 1000),
                finding("a/server.js", 4, "browser-close-code", 4001),
                finding("a/server.js", 3, "server-only-code", 1000),
            ],
        }
        r = report_mod.compare(self.labels(), rep)
        self.assertEqual([(s["path"], s["line"]) for s in r["sites_on_lookalikes"]], [("a/server.js", 20)])
        self.assertEqual([(s["path"], s["line"]) for s in r["unlabelled_sites"]], [("a/other.js", 1)])
        self.assertEqual(len(r["findings_on_lookalikes"]), 1)
        contra = {(c["path"], c["line"], c["rule"]) for c in r["role_contradictions"]}
        self.assertEqual(
            contra,
            {("a/server.js", 4, None), ("b/App.kt", 9, None), ("a/server.js", 4, "browser-close-code")},
        )
        self.assertEqual(r["findings_reviewed"]["false"], 1)
        self.assertEqual(len(r["findings_reviewed"]["unreviewed"]), 2)

    def test_malformed_labels_name_their_line(self):
        bad = "site\ta/x.js\t1\t1000\tdynamic\tserver\tsrc\t"
        with self.assertRaisesRegex(ValueError, "labels.tsv:1: code is `-` exactly when"):
            self.labels(bad)
        with self.assertRaisesRegex(ValueError, "unknown role"):
            self.labels("site\ta/x.js\t1\t1000\tliteral\tpeer\tsrc\t")
        with self.assertRaisesRegex(ValueError, "unknown record type"):
            self.labels("sight\ta/x.js\t1")
        with self.assertRaisesRegex(ValueError, "verdict must be"):
            self.labels("finding\ta/x.js\t1\trule\tmaybe\twhy")


if __name__ == "__main__":
    unittest.main()
