"""The library's JSON, read by the binding, is the same under every locale, and
lint() reads messages that quote user text cut on a character boundary."""
import locale
import unittest
from typing import Any, Dict

import watpl


def template(body: str, category: str = "UTILITY", language: str = "en_US") -> Dict[str, Any]:
    return {"name": "t", "language": language, "category": category,
            "components": [{"type": "BODY", "text": body}]}


class LocaleTest(unittest.TestCase):
    def test_scores_under_a_decimal_comma_locale(self) -> None:
        body = "Big news! Get 20% off all sandals this weekend with code SUN20."
        before = watpl.classify(template(body))
        try:
            locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
        except locale.Error:
            self.skipTest("de_DE.UTF-8 is not installed (make deps generates it)")
        try:
            self.assertEqual(locale.localeconv()["decimal_point"], ",")
            after = watpl.classify(template(body))
            report = watpl.lint(template(body))
        finally:
            locale.setlocale(locale.LC_ALL, "C")
        self.assertEqual(after.confidence, before.confidence)
        self.assertEqual(after.scores, before.scores)
        self.assertTrue(report.diagnostics)

    def test_a_long_hindi_language_code_is_cut_between_characters(self) -> None:
        report = watpl.lint(template("Hello there, your order is ready.", language="\u0939" * 60))
        messages = [d.message for d in report.diagnostics if d.rule == "template.language.unknown"]
        self.assertEqual(len(messages), 1)
        self.assertIn("\u2026", messages[0])
        self.assertIn("\u0939" * 13, messages[0])


if __name__ == "__main__":
    unittest.main()
