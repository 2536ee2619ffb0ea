"""The package is typed for its users (PEP 561): mypy --strict, finding watpl
where Python imports it from (the installed wheel in make check), accepts
correct calls and refuses wrong ones at the lines they are on."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from typing import Set

GOOD = '''\
import datetime
from typing import List, Optional

import watpl

report: watpl.Report = watpl.lint({"name": "x"}, unit="codepoints", words_per_param=2)
rules: List[str] = report.rules()
severity: watpl.Severity = report.diagnostics[0].severity if report.diagnostics else "error"
c: watpl.Category = watpl.classify_text("Get 20% off").category
w = watpl.Window().inbound(1767225600, entry="ctwa").outbound(datetime.datetime.now(datetime.timezone.utc), "UTILITY")
closes: Optional[int] = w.query(1767225600, "SERVICE", schedule="2026-10").csw_closes_at
for r in watpl.Template({"name": "x"}).render_many([[]], on_error="yield"):
    if isinstance(r, watpl.InputError):
        print(r.rule, r.line)
    else:
        print(r.body)
try:
    watpl.Window.load(b"")
except watpl.SavedStateError as e:
    print(e.code)
'''

BAD = '''\
import watpl

w = watpl.Window()
w.outbound(1767225600, "PROMO")
watpl.lint({}, unit="bytes")
watpl.classify_text(123)
closes: int = w.query(1767225600, "SERVICE").csw_closes_at
w.call(1767225600.5)
watpl.lint({}, word_per_param=2)
for r in watpl.Template({}).render_many([[]], on_error="yield"):
    print(r.body)
'''
BAD_LINES = {4, 5, 6, 7, 8, 9, 11}


class TypingTest(unittest.TestCase):
    def mypy(self, source: str) -> "subprocess.CompletedProcess[str]":
        mypy = shutil.which("mypy")
        if mypy is None:
            self.skipTest("mypy is not installed (make deps installs it)")
        with tempfile.TemporaryDirectory() as tmp:
            # a cache of this run's own (mypy's cache is not safe to share between concurrent runs)
            cache = os.environ.get("WATPL_TEST_MYPY_CACHE") or os.path.join(tmp, "mypy-cache")
            path = os.path.join(tmp, "user_code.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(source)
            env = dict(os.environ)
            env.pop("MYPYPATH", None)
            if env.get("PYTHONPATH"):  # mypy runs elsewhere: relative entries must stay valid
                env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in env["PYTHONPATH"].split(os.pathsep))
            return subprocess.run([mypy, "--strict", "--no-error-summary", "--python-executable", sys.executable,
                                   "--cache-dir", cache, path], capture_output=True, text=True, env=env, cwd=tmp,
                                  timeout=600)

    def test_correct_calls_pass_and_wrong_ones_are_refused_where_they_are(self) -> None:
        good = self.mypy(GOOD)
        self.assertEqual((good.returncode, good.stdout), (0, ""), good.stderr)
        bad = self.mypy(BAD)
        self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)
        lines: Set[int] = {int(m.group(1)) for m in re.finditer(r"user_code\.py:(\d+): error", bad.stdout)}
        self.assertEqual(lines, BAD_LINES, bad.stdout)
        self.assertIn("\"PROMO\"", bad.stdout.replace("'", "\""))


if __name__ == "__main__":
    unittest.main()
