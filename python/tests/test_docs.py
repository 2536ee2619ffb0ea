"""docs/rules.md and the library's catalogue cannot drift apart; every
relative link of the README and the docs leads to a file of the repository;
the examples of docs/python.md run and print what the page says."""
import doctest
import os
import re
import unittest
from typing import List

import watpl

from . import ROOT



class RulesDocTest(unittest.TestCase):
    def test_every_rule_is_documented_with_its_severity_and_meta_code(self) -> None:
        with open(os.path.join(ROOT, "docs", "rules.md"), encoding="utf-8") as f:
            rows = {}
            for line in f:
                m = re.match(r"\| `([a-z_.]+)` \| (error|warning) \| (\d*) \|", line)
                if m:
                    rows[m.group(1)] = (m.group(2), int(m.group(3) or 0))
        library = {rid: (sev, code) for rid, sev, code in watpl.rules()}
        self.assertEqual(set(rows), set(library), "rules missing from docs/rules.md or from the library")
        for rid, want in library.items():
            self.assertEqual(rows[rid], want, rid)


class LinksTest(unittest.TestCase):
    def test_relative_links_resolve(self) -> None:
        pages = [os.path.join(ROOT, "README.md")]
        docs = os.path.join(ROOT, "docs")
        pages += [os.path.join(docs, n) for n in sorted(os.listdir(docs)) if n.endswith(".md")]
        for page in pages:
            with open(page, encoding="utf-8") as f:
                text = f.read()
            for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
                if re.match(r"[a-z]+:", target):
                    continue  # an outside address
                path = os.path.normpath(os.path.join(os.path.dirname(page), target))
                self.assertTrue(os.path.exists(path), "%s links to missing %s" % (page, target))


def python_blocks(page: str) -> List[str]:
    with open(os.path.join(ROOT, "docs", page), encoding="utf-8") as f:
        return re.findall(r"^```python\n(.*?)^```", f.read(), re.S | re.M)


class PythonDocTest(unittest.TestCase):
    def test_every_option_is_in_the_options_table(self) -> None:
        from watpl import _lib
        with open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8") as f:
            rows = set(re.findall(r"^\| `(\w+)` \| ", f.read(), re.M))
        self.assertLessEqual(set(_lib.OPTION_SPECS), rows)

    def test_examples_of_python_md_run_as_shown(self) -> None:
        blocks = python_blocks("python.md")
        sessions = [b for b in blocks if b.startswith(">>>")]
        self.assertGreaterEqual(len(sessions), 8)
        for block in blocks:
            if not block.startswith(">>>"):
                compile(block, "docs/python.md", "exec")  # the plain examples are valid Python
        # One session in the order of the page, in the repository (the examples open its files).
        test = doctest.DocTestParser().get_doctest("\n".join(sessions), {}, "docs/python.md", "docs/python.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        out: List[str] = []
        here = os.getcwd()
        os.chdir(ROOT)
        try:
            runner.run(test, out=out.append)
        finally:
            os.chdir(here)
        self.assertEqual(runner.failures, 0, "".join(out))
        self.assertGreaterEqual(runner.tries, 50)


if __name__ == "__main__":
    unittest.main()
