"""Tests of the watpl package. They run against the watpl that Python imports
(the installed wheel in `make check`) and read the repository's docs and
examples from WATPL_SOURCE_DIR, or from the checkout they sit in."""
import os

ROOT = os.environ.get("WATPL_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
