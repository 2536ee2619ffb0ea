"""watpl.classify and watpl.classify_text."""
import unittest
from typing import Any, Dict, List, Optional

import watpl


def template(body: str, category: str = "UTILITY", language: str = "en_US",
             buttons: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    comps: List[Dict[str, Any]] = [{"type": "BODY", "text": body}]
    if buttons:
        comps.append({"type": "BUTTONS", "buttons": buttons})
    return {"name": "t", "language": language, "category": category, "components": comps}


class ClassifyTest(unittest.TestCase):
    def test_promotion_is_marketing_with_signals_pointing_into_the_text(self) -> None:
        body = "Big news! Get 20% off all sandals this weekend with code SUN20."
        result = watpl.classify(template(body))
        self.assertEqual(result.category, "MARKETING")
        self.assertEqual(result.declared, "UTILITY")
        self.assertGreater(result.confidence, 0.5)
        self.assertAlmostEqual(sum(result.scores.values()), 1.0, places=3)
        texts = [s.text for s in result.signals if s.offset is not None and s.offset >= 0]
        for s in result.signals:
            if s.offset is not None and s.offset >= 0:
                self.assertEqual(body.encode()[s.offset:s.offset + s.length].decode(), s.text)
        self.assertTrue(texts)

    def test_order_update_is_utility(self) -> None:
        result = watpl.classify(template("Your order {{1}} has shipped and will be delivered on {{2}}."))
        self.assertEqual(result.category, "UTILITY")

    def test_otp_button_is_authentication(self) -> None:
        tpl = {"name": "code", "language": "en_US", "category": "AUTHENTICATION",
               "components": [{"type": "BODY", "add_security_recommendation": True},
                              {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]}]}
        self.assertEqual(watpl.classify(tpl).category, "AUTHENTICATION")

    def test_text_in_portuguese_with_accents_and_capitals(self) -> None:
        result = watpl.classify_text("APROVEITE: 30% DE DESCONTÓ em toda a loja!", "pt_BR")
        self.assertEqual(result.category, "MARKETING")
        self.assertEqual(result.language, "pt")

    def test_language_detected_when_missing(self) -> None:
        result = watpl.classify_text("Votre commande n°123 a été expédiée. Suivi disponible.")
        self.assertEqual(result.language, "fr")
        self.assertEqual(result.category, "UTILITY")

    def test_invalid_utf8_text_raises(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.classify_text(b"ok \xff")
        self.assertEqual(cm.exception.rule, "input.utf8")


if __name__ == "__main__":
    unittest.main()
