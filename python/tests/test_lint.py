"""watpl.lint on good and bad templates."""
import json
import os
import unittest

import watpl

from . import ROOT


GOOD = {"name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Your order {{1}} has shipped and will arrive soon.",
                        "example": {"body_text": [["A-1042"]]}}]}


class LintTest(unittest.TestCase):
    def test_good_template_is_valid(self) -> None:
        report = watpl.lint(GOOD)
        self.assertTrue(report.valid, report.rules())
        self.assertEqual(report.errors, 0)
        self.assertEqual(report.name, "order_update")

    def test_json_string_and_dict_give_the_same_report(self) -> None:
        self.assertEqual(watpl.lint(GOOD).data, watpl.lint(json.dumps(GOOD)).data)

    def test_bad_name_and_language_are_reported(self) -> None:
        bad = dict(GOOD, name="Order Update", language="en-US")
        report = watpl.lint(bad)
        self.assertFalse(report.valid)
        self.assertIn("template.name.charset", report.rules())
        self.assertIn("template.language.unknown", report.rules())
        d = report.diagnostics[0]
        self.assertEqual(d.severity, "error")
        self.assertEqual(d.component, "TEMPLATE")

    def test_legacy_category_is_a_warning(self) -> None:
        report = watpl.lint(dict(GOOD, category="TRANSACTIONAL"))
        self.assertTrue(report.valid)
        self.assertEqual(report.category, "UTILITY")
        self.assertIn("template.category.legacy", report.rules())

    def test_category_override(self) -> None:
        report = watpl.lint(GOOD, category="NOT_A_CATEGORY")
        self.assertIn("template.category.invalid", report.rules())

    def test_rule_catalogue_lists_stable_ids(self) -> None:
        ids = [r[0] for r in watpl.rules()]
        self.assertIn("body.trailing_param", ids)
        self.assertEqual(len(ids), len(set(ids)))

    def test_examples_directory_templates_read(self) -> None:
        folder = os.path.join(ROOT, "examples", "templates")
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
        self.assertGreaterEqual(len(names), 4)
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                report = watpl.lint(f.read())
            self.assertIsNotNone(report.name, name)


if __name__ == "__main__":
    unittest.main()
