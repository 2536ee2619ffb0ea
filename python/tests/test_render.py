"""watpl.render: substitution and send-time rules."""
import unittest
from typing import Any, Dict

import watpl

TEMPLATE = {"name": "order_shipped", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.",
                            "example": {"body_text": [["Ana", "A-1"]]}},
                           {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track",
                                                            "url": "https://x.example/t/{{1}}",
                                                            "example": ["A-1"]}]}]}


def body(*values: str) -> Dict[str, Any]:
    return {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}


class RenderTest(unittest.TestCase):
    def test_values_are_substituted(self) -> None:
        r = watpl.render(TEMPLATE, [body("Ana", "A-1042"),
                                    {"type": "button", "sub_type": "url", "index": "0",
                                     "parameters": [{"type": "text", "text": "A-1042"}]}])
        self.assertTrue(r.valid, r.rules())
        self.assertEqual(r.body, "Hi Ana, your order A-1042 has shipped.")
        self.assertEqual(r.buttons[0], "https://x.example/t/A-1042")

    def test_wrong_count_and_whitespace_are_reported(self) -> None:
        r = watpl.render(TEMPLATE, {"components": [body("Ana\twith tab")]})
        self.assertFalse(r.valid)
        self.assertIn("send.param.whitespace", r.rules())
        self.assertIn("send.param.count", r.rules())

    def test_auth_code_fills_body_and_button(self) -> None:
        login = {"name": "login_code", "language": "en_US", "category": "AUTHENTICATION",
                 "components": [{"type": "BODY", "text": "*{{1}}* is your verification code."},
                                {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Copy code",
                                 "url": "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}"}]}]}
        r = watpl.render(login, [], auth_code="482913")
        self.assertTrue(r.valid, r.rules())
        self.assertEqual(r.body, "*482913* is your verification code.")
        self.assertEqual(r.components[1]["parameters"][0]["text"], "482913")
        self.assertEqual(watpl.render(login, [], auth_code="www.x.io").rules(), ["send.auth.code"])

    def test_malformed_params_raise(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.render(TEMPLATE, '[{"type": "body", "parameters": [{"type": "text"}]}]')
        self.assertEqual(cm.exception.rule, "input.json.type")


if __name__ == "__main__":
    unittest.main()
