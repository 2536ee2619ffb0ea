"""The package metadata is in pyproject.toml. This file only marks the wheel as
platform-specific when the build tree bundles the C library
(watpl/libwatpl.so.1, put there by `make wheel`): the wheel is then tagged
py3-none-<platform> (the package holds no Python extension, so any Python 3
will do, but only on this platform). Without a bundled library the wheel is
pure (py3-none-any) and the package uses WATPL_LIBRARY or the system's library."""
import os
from typing import Any, Dict, Tuple

from setuptools import setup  # type: ignore[import]
from setuptools.dist import Distribution  # type: ignore[import]

options: Dict[str, Any] = {}
if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "watpl", "libwatpl.so.1")):
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[import]

    class BundledLibrary(Distribution):  # type: ignore[misc]
        """Installs to platlib and makes a platform wheel, as a package with a compiled part does."""

        def has_ext_modules(self) -> bool:
            return True

    class PlatformWheel(bdist_wheel):  # type: ignore[misc]
        def get_tag(self) -> Tuple[str, str, str]:
            _, _, platform = super().get_tag()
            return "py3", "none", platform

    options = {"distclass": BundledLibrary, "cmdclass": {"bdist_wheel": PlatformWheel}}

setup(**options)
