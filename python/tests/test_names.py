"""The binding's vocabularies and the library's name tables (lib/names.c)
cannot drift apart: the kinds, schedules, initiators and option keywords of
the package are exactly the names the library gives their numbers, in the
library's order, read through ctypes from the library the package loaded."""
import ctypes
import unittest
from typing import Any, Dict, Sequence

from watpl import _lib
from watpl._types import INITIATORS, KINDS, SCHEDULES, codes

ENOTFOUND = -8


def table(vocabulary: str) -> Dict[str, int]:
    """{name: value} of one library table, from watpl_<vocabulary>_name over
    the values 0..63 (every table of the library is numbered below 64)."""
    name_fn: Any = getattr(_lib.lib, "watpl_%s_name" % vocabulary)
    name_fn.restype = ctypes.c_char_p
    name_fn.argtypes = [ctypes.c_int]
    found: Dict[str, int] = {}
    for value in range(64):
        name: bytes = name_fn(value)
        if name:
            found[name.decode()] = value
    return found


def from_name(vocabulary: str, name: str) -> int:
    lookup: Any = getattr(_lib.lib, "watpl_%s_from_name" % vocabulary)
    lookup.restype = ctypes.c_int
    lookup.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    data = name.encode()
    value: int = lookup(data, len(data))
    return value


class NameTableTest(unittest.TestCase):
    def check(self, vocabulary: str, binding: Dict[str, int]) -> None:
        library = table(vocabulary)
        self.assertTrue(library, "the library names no %s" % vocabulary)
        self.assertEqual(binding, library, "the binding's %ss and the library's table differ" % vocabulary)
        for name, value in library.items():
            self.assertEqual(from_name(vocabulary, name), value)
        self.assertEqual(from_name(vocabulary, "no such %s" % vocabulary), ENOTFOUND)

    def names(self, values: Sequence[str]) -> Dict[str, int]:
        return codes(tuple(values))

    def test_kinds(self) -> None:
        self.check("kind", self.names(KINDS))

    def test_schedules(self) -> None:
        self.check("schedule", self.names(SCHEDULES))

    def test_initiators(self) -> None:
        self.check("initiator", self.names(INITIATORS))

    def test_options(self) -> None:
        self.check("option", dict(_lib.OPTIONS))

    def test_names_are_exact(self) -> None:
        self.assertEqual(from_name("kind", "marketing"), ENOTFOUND)
        self.assertEqual(from_name("kind", "MARKETING "), ENOTFOUND)
        self.assertEqual(from_name("schedule", "2025-07-01"), ENOTFOUND)


if __name__ == "__main__":
    unittest.main()
