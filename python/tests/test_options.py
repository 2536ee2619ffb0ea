"""The binding's option names and the library's option table cannot drift
apart: every row of lib/options_internal.h (one per WATPL_OPT_* of
include/watpl.h) is a keyword of watpl.Context with the option's value, and
the binding knows no other option."""
import importlib
import os
import pkgutil
import re
import unittest

import watpl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def library_options():
    """{keyword: WATPL_OPT_ value} from the table, checked against watpl.h."""
    values = {m.group(1): int(m.group(2))
              for m in re.finditer(r"^#define WATPL_OPT_(\w+)\s+(\d+)", read("include", "watpl.h"), re.M)}
    table = read("lib", "options_internal.h").replace("\\\n", " ")
    body = re.search(r"#define WATPL__OPTIONS\(X\)(.*)", table).group(1)
    rows = re.findall(r"\bX\(\s*(\w+)\s*,\s*(\w+)\s*,", body)
    return values, rows


def binding_options():
    """The binding's {keyword: value} dict (OPTIONS, in whichever module of
    the package holds it)."""
    if isinstance(getattr(watpl, "OPTIONS", None), dict):
        return watpl.OPTIONS
    for info in pkgutil.iter_modules(watpl.__path__):
        module = importlib.import_module("watpl." + info.name)
        if isinstance(getattr(module, "OPTIONS", None), dict):
            return module.OPTIONS
    raise AssertionError("no OPTIONS dict in the watpl package")


class OptionTableTest(unittest.TestCase):
    def test_table_has_one_row_per_public_option(self):
        values, rows = library_options()
        self.assertTrue(rows, "no row found in lib/options_internal.h")
        self.assertEqual(sorted(n for n, _ in rows), sorted(values))
        for name, keyword in rows:
            self.assertEqual(keyword, name.lower(), "the field of WATPL_OPT_%s is named after it" % name)

    def test_binding_lists_every_option_with_its_value(self):
        values, rows = library_options()
        self.assertEqual(binding_options(), {keyword: values[name] for name, keyword in rows})


if __name__ == "__main__":
    unittest.main()
