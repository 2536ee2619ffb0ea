"""Reading the library's JSON results into typed values, checking each field,
so that a result is what its annotations say."""
from typing import Any, Dict, Optional, Tuple, TypeVar

_S = TypeVar("_S", bound=str)


class ResultFormatError(AssertionError):
    """The library's JSON is not what this binding knows (a mismatched library)."""


def field(d: Dict[str, Any], key: str) -> Any:
    try:
        return d[key]
    except KeyError:
        raise ResultFormatError("the library's JSON has no %r field" % key) from None


def string(d: Dict[str, Any], key: str) -> str:
    value = field(d, key)
    if not isinstance(value, str):
        raise ResultFormatError("%r is not a string: %r" % (key, value))
    return value


def optional_string(d: Dict[str, Any], key: str) -> Optional[str]:
    value = d.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ResultFormatError("%r is not a string: %r" % (key, value))
    return value


def integer(d: Dict[str, Any], key: str) -> int:
    value = field(d, key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ResultFormatError("%r is not an integer: %r" % (key, value))
    return value


def number(d: Dict[str, Any], key: str) -> float:
    value = field(d, key)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ResultFormatError("%r is not a number: %r" % (key, value))
    return float(value)


def boolean(d: Dict[str, Any], key: str) -> bool:
    return bool(field(d, key))


def name(value: object, names: Tuple[_S, ...], what: str) -> _S:
    for n in names:
        if value == n:
            return n
    raise ResultFormatError("%r is not a %s known to this binding" % (value, what))


def optional_name(value: object, names: Tuple[_S, ...], what: str) -> Optional[_S]:
    if value is None or value == "":
        return None
    return name(value, names, what)
