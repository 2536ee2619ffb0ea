"""The version of the watpl package; `make wheel` checks it against include/watpl.h."""
__version__ = "1.2.0"
