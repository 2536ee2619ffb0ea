"""The binding's option names and the library's option table cannot drift
apart: every row of lib/options_internal.h (one per WATPL_OPT_* of
include/watpl.h) is a keyword of watpl.Context with the option's value and
range, and the binding knows no other option."""
import importlib
import inspect
import os
import pkgutil
import re
import unittest
from typing import Callable, Dict, List, Tuple

import watpl
from watpl import _lib

from . import ROOT


def read(*parts: str) -> str:
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def header_values() -> Dict[str, int]:
    """Every `#define WATPL_X <number>` of watpl.h."""
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^#define (WATPL_\w+)\s+(-?\d+)", read("include", "watpl.h"), re.M)}


def library_options() -> Tuple[Dict[str, int], List[Tuple[str, str, str, str]]]:
    """{NAME: WATPL_OPT_ value} from watpl.h, and the rows (NAME, keyword, min, max) of the table."""
    values = {name[len("WATPL_OPT_"):]: v for name, v in header_values().items() if name.startswith("WATPL_OPT_")}
    table = read("lib", "options_internal.h").replace("\\\n", " ")
    found = re.search(r"#define WATPL__OPTIONS\(X\)(.*)", table)
    assert found is not None, "no WATPL__OPTIONS table in lib/options_internal.h"
    rows = re.findall(r"\bX\(\s*(\w+)\s*,\s*(\w+)\s*,\s*\w+\s*,\s*[\w-]+\s*,\s*([\w-]+)\s*,\s*([\w-]+)\s*\)",
                      found.group(1))
    return values, rows


def binding_options() -> Dict[str, int]:
    """The binding's {keyword: value} dict (OPTIONS, in whichever module of
    the package holds it)."""
    if isinstance(getattr(watpl, "OPTIONS", None), dict):
        return dict(getattr(watpl, "OPTIONS"))
    for info in pkgutil.iter_modules(watpl.__path__):
        module = importlib.import_module("watpl." + info.name)
        if isinstance(getattr(module, "OPTIONS", None), dict):
            return dict(getattr(module, "OPTIONS"))
    raise AssertionError("no OPTIONS dict in the watpl package")


class OptionTableTest(unittest.TestCase):
    def test_table_has_one_row_per_public_option(self) -> None:
        values, rows = library_options()
        self.assertTrue(rows, "no row found in lib/options_internal.h")
        self.assertEqual(sorted(n for n, _, _, _ in rows), sorted(values))
        for name, keyword, _, _ in rows:
            self.assertEqual(keyword, name.lower(), "the field of WATPL_OPT_%s is named after it" % name)

    def test_binding_lists_every_option_with_its_value(self) -> None:
        values, rows = library_options()
        self.assertEqual(binding_options(), {keyword: values[name] for name, keyword, _, _ in rows})

    def test_every_function_taking_options_takes_them_all(self) -> None:
        functions: Dict[str, Callable[..., object]] = {
            "lint": watpl.lint, "classify": watpl.classify, "classify_text": watpl.classify_text,
            "render": watpl.render, "Context": watpl.Context.__init__, "Template": watpl.Template.__init__}
        for name, function in functions.items():
            params = inspect.signature(function).parameters
            keywords = {k for k, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
            self.assertLessEqual(set(_lib.OPTION_SPECS), keywords, name)
            for option in _lib.OPTION_SPECS:
                self.assertIsNone(params[option].default, (name, option))

    def test_binding_checks_the_ranges_of_the_table(self) -> None:
        defines = header_values()
        _, rows = library_options()

        def number(token: str) -> int:
            return defines[token] if token in defines else int(token)

        for _name, keyword, low, high in rows:
            spec = _lib.OPTION_SPECS[keyword]
            self.assertEqual((spec.low, spec.high), (number(low), number(high)), keyword)
            if spec.names is not None:  # an option given by name: one name per value of the range
                self.assertEqual(sorted(spec.names.values()), list(range(spec.low, spec.high + 1)), keyword)
            ctx = watpl.Context()
            for value, ok in ((spec.low, True), (spec.high, True), (spec.low - 1, False), (spec.high + 1, False)):
                given: object = value
                if spec.names is not None:
                    given = next((n for n, v in spec.names.items() if v == value), "no-such-%s" % keyword)
                if ok:
                    ctx.set(keyword, given)
                else:
                    with self.assertRaises(watpl.ArgumentValueError):
                        ctx.set(keyword, given)


if __name__ == "__main__":
    unittest.main()
