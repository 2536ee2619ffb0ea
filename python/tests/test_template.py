"""watpl.Template: a template read once; render_many gives, send by send, what
watpl.render gives (through the library's prepared send path when it has one)."""
import threading
import unittest
from typing import Any, Callable, Dict, List, Tuple, Union

import watpl

TEMPLATE: Dict[str, Any] = {
    "name": "order_shipped", "language": "en_US", "category": "UTILITY",
    "components": [{"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": {"header_text": ["A-1"]}},
                   {"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.",
                    "example": {"body_text": [["Ana", "A-1"]]}},
                   {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track",
                                                    "url": "https://x.example/t/{{1}}", "example": ["A-1"]}]}]}


def send(name: str, order: str) -> List[Dict[str, Any]]:
    return [{"type": "header", "parameters": [{"type": "text", "text": order}]},
            {"type": "body", "parameters": [{"type": "text", "text": name}, {"type": "text", "text": order}]},
            {"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": order}]}]


SENDS: List[watpl.ParamsInput] = [
    send("Ana", "A-1042"),
    {"components": send("Bo", "B-7")},
    send("Çağrı 🚚", "C-3"),
    send("tab\there", "D-4"),                                   # send.param.whitespace
    [{"type": "body", "parameters": [{"type": "text", "text": "only one"}]}],  # send.param.count
    '[{"type": "body", "parameters": [{"type": "text", "text": "Eve"}, {"type": "text", "text": "E-5"}]}]',
    {"messaging_product": "whatsapp", "to": "+5511999990000", "type": "template",
     "template": {"name": "order_shipped", "language": {"code": "en_US"}, "components": send("Flo", "F-6")}},
]


class TemplateTest(unittest.TestCase):
    def test_render_many_equals_render_send_by_send(self) -> None:
        tpl = watpl.Template(TEMPLATE)
        many = list(tpl.render_many(SENDS))
        self.assertEqual(many, [watpl.render(TEMPLATE, s) for s in SENDS])
        self.assertEqual([r.valid for r in many], [True, True, True, False, False, False, True])
        self.assertEqual(many[2].body, "Hi Çağrı 🚚, your order C-3 has shipped.")
        self.assertEqual(many[0].buttons, {0: "https://x.example/t/A-1042"})
        self.assertIn("send.param.whitespace", many[3].rules())
        self.assertEqual(tpl.render(SENDS[1]), many[1])

    def test_recipient_of_a_whole_message(self) -> None:
        if not watpl.Template(TEMPLATE).prepared:
            self.skipTest("the loaded library has no prepared send path (libwatpl before 1.2.0)")
        many = list(watpl.Template(TEMPLATE).render_many(SENDS))
        self.assertEqual([r.to for r in many], [None] * 6 + ["+5511999990000"])

    def test_prepared_path_is_used_when_the_library_has_it(self) -> None:
        self.assertEqual(watpl.Template(TEMPLATE).prepared, watpl.version_tuple() >= (1, 2, 0)
                         and hasattr(watpl._lib.lib, "watpl_send_render"))

    def test_lint_and_classify_of_the_read_template(self) -> None:
        tpl = watpl.Template(TEMPLATE, words_per_param=0)
        self.assertEqual(tpl.lint(), watpl.lint(TEMPLATE, words_per_param=0))
        self.assertEqual(tpl.classify(), watpl.classify(TEMPLATE))

    def test_a_bad_send_raises_or_is_yielded(self) -> None:
        bad = '[{"type": "body", "parameters": [{"type": "text"}]}]'
        sends: List[watpl.ParamsInput] = [SENDS[0], bad, SENDS[1]]
        tpl = watpl.Template(TEMPLATE)
        got = tpl.render_many(sends)
        self.assertEqual(next(got), watpl.render(TEMPLATE, SENDS[0]))
        with self.assertRaises(watpl.InputError) as cm:
            next(got)
        self.assertEqual((cm.exception.rule, cm.exception.argument), ("input.json.type", "sends"))
        results: List[Union[watpl.Rendered, watpl.InputError]] = list(tpl.render_many(sends, on_error="yield"))
        self.assertEqual(len(results), 3)
        self.assertIsInstance(results[1], watpl.InputError)
        self.assertEqual(results[2], watpl.render(TEMPLATE, SENDS[1]))  # the run went on, state reset

    def test_usage_errors(self) -> None:
        api: Any = watpl.Template(TEMPLATE)
        cases: List[Tuple[Callable[[], object], str]] = [
            (lambda: api.render_many(send("A", "B")[0]), "sends"), (lambda: api.render_many(5), "sends"),
            (lambda: list(api.render_many([5])), "sends"), (lambda: api.render_many([], on_error="skip"), "on_error")]
        for call, argument in cases:
            with self.assertRaises(watpl.UsageError) as cm:
                call()
            self.assertEqual(cm.exception.argument, argument)
        with self.assertRaises(watpl.InputError):
            watpl.Template("{")
        closed = watpl.Template(TEMPLATE)
        closed.close()
        with self.assertRaises(ValueError):
            closed.render(SENDS[0])

    def test_one_template_from_several_threads(self) -> None:
        tpl = watpl.Template(TEMPLATE)
        want = [watpl.render(TEMPLATE, send("N%d" % i, "O-%d" % i)) for i in range(200)]
        got: Dict[int, List[watpl.Rendered]] = {}

        def run(k: int) -> None:
            got[k] = list(tpl.render_many(send("N%d" % i, "O-%d" % i) for i in range(200)))

        threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([got[k] for k in range(4)], [want] * 4)


if __name__ == "__main__":
    unittest.main()
