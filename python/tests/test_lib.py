"""The ctypes layer: library lookup, version, errors as exceptions."""
import os
import unittest

import watpl


class LibraryTest(unittest.TestCase):
    def test_version_is_semver_of_major_1(self) -> None:
        parts = watpl.version().split(".")
        self.assertEqual(len(parts), 3)
        self.assertEqual(parts[0], "1")

    def test_library_found_through_environment(self) -> None:
        from watpl import _lib
        path = os.environ.get("WATPL_LIBRARY")
        if path:
            self.assertEqual(os.path.realpath(_lib.lib._name), os.path.realpath(path))

    def test_malformed_json_raises_error_with_rule_and_line(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.lint('{"name": "x",\n "language": }')
        err = cm.exception
        self.assertEqual(err.rule, "input.json.syntax")
        self.assertEqual(err.line, 2)
        self.assertGreater(err.column, 0)
        self.assertIn("input.json.syntax", str(err))

    def test_wrong_type_raises_error_with_path(self) -> None:
        with self.assertRaises(watpl.InputError) as cm:
            watpl.lint({"name": "x", "language": "en_US", "category": "UTILITY", "components": 3})
        self.assertEqual(cm.exception.rule, "input.json.type")
        self.assertEqual(cm.exception.path, "$.components")

    def test_invalid_utf8_raises_error_with_offset(self) -> None:
        data = b'{"name": "x\xff"}'
        with self.assertRaises(watpl.InputError) as cm:
            watpl.lint(data)
        self.assertEqual(cm.exception.rule, "input.utf8")
        self.assertEqual(cm.exception.offset, 11)

    def test_unknown_option_is_rejected(self) -> None:
        with self.assertRaises(TypeError):
            watpl.Context(no_such_option=1)  # type: ignore[call-arg]
        with self.assertRaises(watpl.ArgumentValueError) as cm:
            watpl.Context().set("no_such_option", 1)
        self.assertEqual(cm.exception.argument, "no_such_option")

    def test_out_of_range_option_raises_error(self) -> None:
        with self.assertRaises(watpl.Error):
            watpl.Context(words_per_param=1000)


if __name__ == "__main__":
    unittest.main()
