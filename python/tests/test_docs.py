"""docs/rules.md and the library's catalogue cannot drift apart."""
import os
import re
import unittest

import watpl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class RulesDocTest(unittest.TestCase):
    def test_every_rule_is_documented_with_its_severity_and_meta_code(self):
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


if __name__ == "__main__":
    unittest.main()
