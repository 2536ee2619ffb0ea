"""Wrong arguments are a watpl.UsageError raised at the call, naming the function
and the argument: a TypeError for a wrong type, a ValueError for a wrong value.
Nothing escapes as AttributeError, and no time is truncated: a float, a str or a
bool is refused, an aware datetime is converted exactly."""
import datetime
import unittest
from typing import Any, Callable, Dict, Type

import watpl

GOOD: Dict[str, Any] = {"name": "order_update", "language": "en_US", "category": "UTILITY",
                        "components": [{"type": "BODY", "text": "Your order {{1}} has shipped and will arrive soon.",
                                        "example": {"body_text": [["A-1042"]]}}]}
T0 = 1767225600  # 2026-01-01T00:00:00Z
UTC = datetime.timezone.utc
# The calls below are wrong on purpose, as an untyped caller could make them (mypy refuses them when typed).
api: Any = watpl


class _Index:
    """An integer type that is not int (as numpy's are): accepted through __index__."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


class UsageErrorTest(unittest.TestCase):
    def assertUsage(self, kind: Type[watpl.UsageError], function: str, argument: str, call: Callable[[], object]) -> None:
        with self.assertRaises(kind) as cm:
            call()
        err = cm.exception
        self.assertIsInstance(err, watpl.Error)
        self.assertEqual((err.function, err.argument), (function, argument), str(err))
        self.assertIn("%s()" % function, str(err))
        self.assertIn(repr(argument), str(err))

    def test_wrong_types_name_the_argument(self) -> None:
        T = watpl.ArgumentTypeError
        w: Any = watpl.Window()
        cases: Any = [
            ("lint", "template", lambda: api.lint(123)),
            ("lint", "template", lambda: api.lint(None)),
            ("lint", "category", lambda: api.lint(GOOD, category=5)),
            ("lint", "unit", lambda: api.lint(GOOD, unit=1)),
            ("lint", "words_per_param", lambda: api.lint(GOOD, words_per_param="3")),
            ("lint", "words_per_param", lambda: api.lint(GOOD, words_per_param=True)),
            ("lint", "mismatch_confidence", lambda: api.lint(GOOD, mismatch_confidence=0.6)),
            ("lint", "footer_param_severity", lambda: api.lint(GOOD, footer_param_severity=2)),
            ("classify", "template", lambda: api.classify(["BODY"])),
            ("classify_text", "text", lambda: api.classify_text(123)),
            ("classify_text", "language", lambda: api.classify_text("Hello", language=5)),
            ("render", "params", lambda: api.render(GOOD, 42)),
            ("render", "params", lambda: api.render(GOOD, [{"type": "body", "parameters": {1, 2}}])),
            ("render", "auth_code", lambda: api.render(GOOD, [], auth_code=482913)),
            ("Window.call", "t", lambda: w.call(1767225600.0)),
            ("Window.call", "t", lambda: w.call(1767225600.7)),
            ("Window.call", "t", lambda: w.call("1767225600")),
            ("Window.call", "t", lambda: w.call(True)),
            ("Window.call", "t", lambda: w.call(datetime.date(2026, 1, 1))),
            ("Window.welcome", "t", lambda: w.welcome(None)),
            ("Window.inbound", "t", lambda: w.inbound(1.5e9)),
            ("Window.inbound", "entry", lambda: w.inbound(T0, entry=1)),
            ("Window.inbound", "device", lambda: w.inbound(T0, device=0)),
            ("Window.outbound", "kind", lambda: w.outbound(T0, 2)),
            ("Window.outbound", "t", lambda: w.outbound(float(T0), "UTILITY")),
            ("Window.query", "now", lambda: w.query(T0 + 0.5, "SERVICE")),
            ("Window.query", "kind", lambda: w.query(T0, None)),
            ("Window.query", "schedule", lambda: w.query(T0, "SERVICE", schedule=2)),
            ("Window.query", "service_sent_this_month",
             lambda: w.query(T0, "SERVICE", service_sent_this_month=1.0)),
            ("Window.load", "blob", lambda: api.Window.load("WTPW")),
        ]
        for function, argument, call in cases:
            with self.subTest(function=function, argument=argument):
                self.assertUsage(T, function, argument, call)
                with self.assertRaises(TypeError):
                    call()
        # none of them changed the window
        self.assertEqual(w.save(), watpl.Window().save())

    def test_wrong_values_name_the_argument(self) -> None:
        V = watpl.ArgumentValueError
        w: Any = watpl.Window()
        loop: Dict[str, Any] = {"components": []}
        loop["self"] = loop
        cases: Any = [
            ("lint", "unit", lambda: api.lint(GOOD, unit="bytes")),
            ("lint", "count_unit", lambda: api.lint(GOOD, unit="utf16", count_unit="codepoints")),
            ("lint", "words_per_param", lambda: api.lint(GOOD, words_per_param=101)),
            ("lint", "max_json_depth", lambda: api.lint(GOOD, max_json_depth=3)),
            ("lint", "template", lambda: api.lint(loop)),
            ("classify", "pricing_schedule", lambda: api.classify(GOOD, pricing_schedule="2030-01")),
            ("render", "footer_param_severity", lambda: api.render(GOOD, [], footer_param_severity="fatal")),
            ("Context", "emoji_cap_utility", lambda: api.Context(emoji_cap_utility=-1)),
            ("Context.set", "colour", lambda: api.Context().set("colour", 1)),
            ("Window.outbound", "kind", lambda: w.outbound(T0, "PROMO")),
            ("Window.inbound", "entry", lambda: w.inbound(T0, entry="tv")),
            ("Window.query", "service_sent_this_month",
             lambda: w.query(T0, "SERVICE", service_sent_this_month=-1)),
            ("Window.call", "t", lambda: w.call(2 ** 63)),
            ("Window.call", "t", lambda: w.call(-(2 ** 63) - 1)),
            ("Window.call", "t", lambda: w.call(datetime.datetime(2026, 1, 1))),
            ("Window.call", "t", lambda: w.call(datetime.datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC))),
        ]
        for function, argument, call in cases:
            with self.subTest(function=function, argument=argument):
                self.assertUsage(V, function, argument, call)
                with self.assertRaises(ValueError):
                    call()
        self.assertEqual(w.save(), watpl.Window().save())

    def test_value_refused_by_the_library_is_a_value_error_with_its_code(self) -> None:
        w = watpl.Window()
        with self.assertRaises(watpl.ArgumentValueError) as cm:
            w.call(2 ** 63 - 1)  # t + 72h would overflow: WATPL_EINVAL
        self.assertEqual((cm.exception.code, cm.exception.argument), (-1, "t"))

    def test_aware_datetimes_are_converted_exactly(self) -> None:
        paris = datetime.timezone(datetime.timedelta(hours=1))
        at = datetime.datetime(2026, 1, 1, 1, 0, 0, tzinfo=paris)  # = T0
        by_int = watpl.Window().inbound(T0, entry="ctwa").outbound(T0 + 300, "UTILITY")
        by_dt = watpl.Window().inbound(at, entry="ctwa").outbound(at + datetime.timedelta(seconds=300), "UTILITY")
        self.assertEqual(by_dt.save(), by_int.save())
        answer = by_dt.query(datetime.datetime(2026, 1, 1, 21, 20, tzinfo=UTC), "MARKETING")
        self.assertEqual(answer, by_int.query(T0 + 76800, "MARKETING"))
        self.assertEqual(answer.t, T0 + 76800)
        self.assertIs(type(answer.t), int)
        # far from the epoch, where a float would lose seconds
        far = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
        self.assertEqual(watpl.Window().query(far, "SERVICE").t, 253402300799)
        before = datetime.datetime(1, 1, 1, tzinfo=UTC)
        self.assertEqual(watpl.Window().query(before, "SERVICE").t, -62135596800)

    def test_integer_types_other_than_int_are_accepted(self) -> None:
        w = api.Window().call(_Index(T0))
        self.assertTrue(w.query(_Index(T0 + 1), "SERVICE").allowed)
        self.assertTrue(api.lint(GOOD, words_per_param=_Index(0)).valid)

    def test_bytes_like_inputs(self) -> None:
        import json
        raw = json.dumps(GOOD).encode()
        self.assertEqual(watpl.lint(bytearray(raw)), watpl.lint(memoryview(raw)))
        self.assertEqual(watpl.lint(raw), watpl.lint(GOOD))


if __name__ == "__main__":
    unittest.main()
