"""Checks of the arguments a program passes, made before the library is called,
so that a wrong argument is a UsageError naming the function and the argument."""
import datetime
import json
import operator
from typing import Mapping, Optional, Tuple, TypeVar

from ._errors import ArgumentTypeError, ArgumentValueError

INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_SECOND = datetime.timedelta(seconds=1)

_S = TypeVar("_S", bound=str)


def type_name(value: object) -> str:
    return type(value).__name__


def wrong_type(function: str, argument: str, expected: str, value: object) -> ArgumentTypeError:
    return ArgumentTypeError("argument '%s' must be %s, not %s" % (argument, expected, type_name(value)),
                             function, argument)


def text(function: str, argument: str, value: object) -> bytes:
    """str (encoded with surrogatepass, so invalid text reaches the library and is
    reported there as input.utf8) or bytes-like -> bytes."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise wrong_type(function, argument, "str or bytes", value)


def optional_text(function: str, argument: str, value: object) -> Optional[bytes]:
    return None if value is None else text(function, argument, value)


def json_text(function: str, argument: str, value: object, containers: Tuple[type, ...],
              expected: str) -> bytes:
    """A JSON document given as one of `containers` (serialised here), a JSON str or bytes."""
    if isinstance(value, containers):
        try:
            return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
        except TypeError as exc:
            raise ArgumentTypeError("argument '%s' holds a value JSON cannot represent: %s"
                                    % (argument, exc), function, argument) from None
        except ValueError as exc:  # a circular reference, NaN or an infinity
            raise ArgumentValueError("argument '%s' cannot be written as JSON: %s" % (argument, exc),
                                     function, argument) from None
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        return text(function, argument, value)
    raise wrong_type(function, argument, expected, value)


def template_json(function: str, value: object, argument: str = "template") -> bytes:
    return json_text(function, argument, value, (dict,), "a dict, a JSON str or bytes")


def integer(function: str, argument: str, value: object, low: int = INT64_MIN, high: int = INT64_MAX) -> int:
    """An int (or an object with __index__), never a bool, a float or a str."""
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise wrong_type(function, argument, "an int", value)
    number = operator.index(value)  # type: ignore[arg-type]
    if not low <= number <= high:
        raise ArgumentValueError("argument '%s' must be in %d..%d, not %d" % (argument, low, high, number),
                                 function, argument)
    return number


def time(function: str, argument: str, value: object) -> int:
    """Unix seconds: an int, or an aware datetime holding a whole number of seconds
    (converted exactly, without floating point)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ArgumentValueError("argument '%s' is a naive datetime; give it a timezone "
                                     "(tzinfo=datetime.timezone.utc)" % argument, function, argument)
        delta = value - _EPOCH
        if delta % _SECOND:
            raise ArgumentValueError("argument '%s' has a fraction of a second (%s); times are whole "
                                     "Unix seconds" % (argument, value.isoformat()), function, argument)
        return delta // _SECOND
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise wrong_type(function, argument, "an int (Unix seconds) or an aware datetime", value)
    return integer(function, argument, value)


def choice(function: str, argument: str, value: object, table: Mapping[_S, int]) -> int:
    """One of the names of `table` -> its number."""
    if not isinstance(value, str):
        raise wrong_type(function, argument, "a str (one of %s)" % ", ".join(map(repr, table)), value)
    try:
        return table[value]  # type: ignore[index]
    except KeyError:
        raise ArgumentValueError("argument '%s' must be one of %s, not %r"
                                 % (argument, ", ".join(map(repr, table)), value), function, argument) from None
