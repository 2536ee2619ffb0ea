"""The exception classes: what each failure raises and what it carries."""
import pickle
import unittest
import zlib
from typing import Any, Callable, Dict, List

import watpl

GOOD: Dict[str, Any] = {"name": "order_update", "language": "en_US", "category": "UTILITY",
                        "components": [{"type": "BODY", "text": "Your order {{1}} has shipped and will arrive soon.",
                                        "example": {"body_text": [["A-1042"]]}}]}


class HierarchyTest(unittest.TestCase):
    def test_every_exception_is_a_watpl_error_and_the_builtin_it_stands_for(self) -> None:
        for cls, builtin in ((watpl.InputError, watpl.Error), (watpl.LimitError, watpl.InputError),
                             (watpl.SavedStateError, watpl.Error), (watpl.UsageError, watpl.Error),
                             (watpl.ArgumentTypeError, TypeError), (watpl.ArgumentTypeError, watpl.UsageError),
                             (watpl.ArgumentValueError, ValueError), (watpl.ArgumentValueError, watpl.UsageError),
                             (watpl.OutOfMemoryError, MemoryError), (watpl.LibraryError, ImportError),
                             (watpl.Error, Exception)):
            self.assertTrue(issubclass(cls, builtin), (cls, builtin))
        self.assertFalse(issubclass(watpl.InputError, ValueError))
        self.assertFalse(issubclass(watpl.SavedStateError, watpl.InputError))


class InputErrorTest(unittest.TestCase):
    def test_syntax_error_carries_rule_line_column_offset_and_argument(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.lint('{"name": "x",\n "language": }')
        e = cm.exception
        self.assertEqual((e.code, e.rule, e.line, e.column, e.offset, e.path, e.argument),
                         (-4, "input.json.syntax", 2, 14, 27, "", "template"))
        self.assertEqual(str(e), "input.json.syntax: unexpected token near '}' at line 2, column 14")

    def test_parameters_are_named_as_the_argument_at_fault(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.render(GOOD, '[{"type": "body", "parameters": [{"type": "text"}]}]')
        e = cm.exception
        self.assertEqual((e.rule, e.path, e.argument), ("input.json.type", "$.components[0].parameters[0]", "params"))

    def test_invalid_utf8_of_a_bare_text(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.classify_text(b"ok \xff")
        self.assertEqual((cm.exception.rule, cm.exception.offset, cm.exception.argument), ("input.utf8", 3, "text"))
        with self.assertRaises(watpl.InputError):
            watpl.classify_text("ok \udcff")  # a lone surrogate reaches the library as invalid UTF-8

    def test_input_over_a_bound_is_a_limit_error(self) -> None:
        with self.assertRaises(watpl.LimitError) as cm:
            watpl.lint(GOOD, max_input_bytes=64)
        self.assertEqual((cm.exception.code, cm.exception.rule), (-6, "input.too_large"))
        deep = '{"components": [[[[[[]]]]]]}'
        with self.assertRaises(watpl.LimitError) as cm:
            watpl.classify(deep, max_json_depth=4)
        self.assertEqual((cm.exception.line, cm.exception.offset), (1, 18))  # the 5th bracket
        many = dict(GOOD, components=[{"type": "FOOTER", "text": "x"}] * 17)
        with self.assertRaises(watpl.InputError) as caught:  # a LimitError is an InputError
            watpl.lint(many)
        self.assertIsInstance(caught.exception, watpl.LimitError)
        self.assertEqual(caught.exception.path, "$.components")


class PickleTest(unittest.TestCase):
    def test_errors_survive_pickling_with_their_details(self) -> None:
        errors: List[watpl.Error] = []
        api: Any = watpl
        calls: List[Callable[[], object]] = [
            lambda: watpl.lint("{"), lambda: watpl.lint(GOOD, max_input_bytes=64), lambda: watpl.Window.load(b""),
            lambda: api.Window().call(1.5), lambda: watpl.Context(words_per_param=-1)]
        for call in calls:
            try:
                call()
            except watpl.Error as exc:
                errors.append(exc)
        self.assertEqual(len(errors), 5)
        for err in errors:
            back = pickle.loads(pickle.dumps(err))
            self.assertIs(type(back), type(err))
            self.assertEqual((str(back), back.__dict__), (str(err), err.__dict__))


class SavedStateErrorTest(unittest.TestCase):
    def test_damaged_and_newer_states(self) -> None:
        blob = watpl.Window().call(1767225600).save()
        with self.assertRaises(watpl.SavedStateError) as cm:
            watpl.Window.load(blob[:-1])
        self.assertEqual(cm.exception.code, -9)
        newer = blob[:4] + (2).to_bytes(2, "little") + blob[6:-4]
        newer += zlib.crc32(newer).to_bytes(4, "little")
        with self.assertRaises(watpl.SavedStateError) as cm:
            watpl.Window.load(newer)
        self.assertEqual(cm.exception.code, -10)


class OptionErrorTest(unittest.TestCase):
    def test_option_out_of_range(self) -> None:
        with self.assertRaises(watpl.ArgumentValueError) as cm:
            watpl.Context(words_per_param=1000)
        self.assertEqual(cm.exception.argument, "words_per_param")
        self.assertIn("0..100", str(cm.exception))
        with self.assertRaises(ValueError):
            watpl.lint(GOOD, max_input_bytes=63)
        self.assertTrue(watpl.lint(GOOD, max_input_bytes=64 * 1024, words_per_param=0).valid)

    def test_options_reach_the_library(self) -> None:
        footer = dict(GOOD, components=GOOD["components"] + [{"type": "FOOTER", "text": "Ref {{1}}"}])
        self.assertEqual([d.severity for d in watpl.lint(footer).diagnostics if d.rule == "footer.param"],
                         ["error"])
        report = watpl.lint(footer, footer_param_severity="warning")
        self.assertEqual([d.severity for d in report.diagnostics if d.rule == "footer.param"], ["warning"])


if __name__ == "__main__":
    unittest.main()
