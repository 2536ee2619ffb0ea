"""The installed package: where the library comes from, what the package ships,
and the refusals at import (no library, a library of another ABI)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from typing import Dict, List, Optional

import watpl
from watpl import _lib

from . import ROOT

PACKAGE_DIR = os.path.dirname(os.path.abspath(watpl.__file__))


def run_python(code: str, env: Dict[str, Optional[str]], cwd: Optional[str] = None) -> "subprocess.CompletedProcess[str]":
    full = dict(os.environ)
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    return subprocess.run([sys.executable, "-c", code], env=full, cwd=cwd, capture_output=True, text=True,
                          timeout=60)


class LibraryLookupTest(unittest.TestCase):
    def test_candidates_in_order(self) -> None:
        calls: List[str] = []

        def find(name: str) -> Optional[str]:
            calls.append(name)
            return "libwatpl.so.1.9"

        got = list(_lib.candidates({}, "/pkg/watpl", find))
        self.assertEqual(got, [("bundled", "/pkg/watpl/libwatpl.so.1"), ("system", "libwatpl.so.1"),
                               ("system", "libwatpl.so.1.9")])
        calls.clear()
        got = list(_lib.candidates({"WATPL_LIBRARY": "/opt/lib/libwatpl.so.1"}, "/pkg/watpl", find))
        self.assertEqual(got, [("WATPL_LIBRARY", "/opt/lib/libwatpl.so.1")])
        self.assertEqual(calls, [])  # an explicit choice is the only candidate
        lazy = _lib.candidates({}, "/pkg/watpl", find)
        next(lazy)
        self.assertEqual(calls, [])  # find_library (which may run ldconfig) only when needed

    def test_library_path_and_origin(self) -> None:
        path = watpl.library_path()
        self.assertTrue(os.path.isabs(path) and os.path.exists(path), path)
        origin = watpl.library_origin()
        self.assertIn(origin, ("WATPL_LIBRARY", "bundled", "system"))
        env = os.environ.get("WATPL_LIBRARY")
        if env:
            self.assertEqual(origin, "WATPL_LIBRARY")
            self.assertEqual(os.path.realpath(path), os.path.realpath(env))
        expected = os.environ.get("WATPL_TEST_INSTALLED")
        if expected:
            self.assertEqual(origin, expected)
        if origin == "bundled":
            self.assertEqual(os.path.dirname(path), PACKAGE_DIR)
            self.assertEqual(watpl.version(), watpl.__version__)  # the wheel carries its own version

    def test_version(self) -> None:
        major, minor, patch = watpl.version_tuple()
        self.assertEqual(major, 1)
        self.assertEqual(watpl.version(), "%d.%d.%d" % (major, minor, patch))

    def test_installed_outside_the_source_tree(self) -> None:
        if not os.environ.get("WATPL_TEST_INSTALLED"):
            self.skipTest("run from the source tree (make check runs the installed package too)")
        self.assertFalse(os.path.realpath(PACKAGE_DIR).startswith(os.path.realpath(ROOT) + os.sep + "python"),
                         PACKAGE_DIR)
        self.assertTrue(os.path.exists(os.path.join(PACKAGE_DIR, "py.typed")))

    def test_wrong_watpl_library_is_an_error_naming_it(self) -> None:
        p = run_python("import watpl", {"WATPL_LIBRARY": "/nonexistent/libwatpl.so.1"})
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("watpl.LibraryError: ", p.stderr)
        self.assertIn("WATPL_LIBRARY /nonexistent/libwatpl.so.1: no such file", p.stderr)
        self.assertNotIn("bundled", p.stderr)  # no silent fallback to another copy

    def test_no_library_anywhere_lists_every_candidate(self) -> None:
        probe = run_python("import ctypes, ctypes.util, sys\n"
                           "try:\n    ctypes.CDLL('libwatpl.so.1')\nexcept OSError:\n"
                           "    sys.exit(0 if ctypes.util.find_library('watpl') is None else 1)\nsys.exit(1)", {})
        if probe.returncode != 0:
            self.skipTest("a libwatpl is installed on this system")
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(PACKAGE_DIR, os.path.join(tmp, "watpl"),
                            ignore=shutil.ignore_patterns("libwatpl.so.1", "__pycache__"))
            p = run_python("import watpl", {"WATPL_LIBRARY": None, "PYTHONPATH": tmp}, cwd=tmp)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("libwatpl shared library not found", p.stderr)
        self.assertIn("bundled %s: no such file" % os.path.join(tmp, "watpl", "libwatpl.so.1"), p.stderr)
        self.assertIn("system libwatpl.so.1:", p.stderr)

    def test_library_of_another_abi_is_refused(self) -> None:
        fake = os.environ.get("WATPL_TEST_FAKE_LIBRARY")
        if not fake:
            self.skipTest("WATPL_TEST_FAKE_LIBRARY not set (make check builds it)")
        p = run_python("import watpl", {"WATPL_LIBRARY": fake})
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("is libwatpl 2.0.0, not of ABI version 1", p.stderr)


if __name__ == "__main__":
    unittest.main()
