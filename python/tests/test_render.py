"""watpl.render: substitution and send-time rules."""
import unittest

import watpl

TEMPLATE = {"name": "order_shipped", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.",
                            "example": {"body_text": [["Ana", "A-1"]]}},
                           {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track",
                                                            "url": "https://x.example/t/{{1}}",
                                                            "example": ["A-1"]}]}]}


def body(*values):
    return {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}


class RenderTest(unittest.TestCase):
    def test_values_are_substituted(self):
        r = watpl.render(TEMPLATE, [body("Ana", "A-1042"),
                                    {"type": "button", "sub_type": "url", "index": "0",
                                     "parameters": [{"type": "text", "text": "A-1042"}]}])
        self.assertTrue(r.valid, r.rules())
        self.assertEqual(r.body, "Hi Ana, your order A-1042 has shipped.")
        self.assertEqual(r.buttons[0], "https://x.example/t/A-1042")

    def test_wrong_count_and_whitespace_are_reported(self):
        r = watpl.render(TEMPLATE, {"components": [body("Ana\twith tab")]})
        self.assertFalse(r.valid)
        self.assertIn("send.param.whitespace", r.rules())
        self.assertIn("send.param.count", r.rules())

    def test_malformed_params_raise(self):
        with self.assertRaises(watpl.Error) as cm:
            watpl.render(TEMPLATE, '[{"type": "body", "parameters": [{"type": "text"}]}]')
        self.assertEqual(cm.exception.rule, "input.json.type")


if __name__ == "__main__":
    unittest.main()
