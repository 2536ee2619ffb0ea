"""The exceptions of the package: every one is a `watpl.Error`.

    Error                          anything the package raises on purpose
    ├── InputError                 a template or parameter set that cannot be read
    │   └── LimitError             ... because it is over one of the library's input bounds
    ├── SavedStateError            a saved window state that is damaged or of a newer format
    ├── UsageError                 the program called the package wrongly
    │   ├── ArgumentTypeError      ... an argument of the wrong type (also a TypeError)
    │   └── ArgumentValueError     ... an argument of the right type but a wrong value (also a ValueError)
    ├── OutOfMemoryError           the library could not allocate (also a MemoryError)
    └── LibraryError               the shared library cannot be loaded or is not ABI 1 (also an ImportError)
"""
from typing import Any, Dict, Optional, Tuple

# The library's error codes (WATPL_E* in watpl.h).
EINVAL = -1
ENOMEM = -2
EUTF8 = -3
ESYNTAX = -4
ETYPE = -5
ELIMIT = -6
EBUFSIZE = -7
ENOTFOUND = -8
ECORRUPT = -9
EVERSION = -10


class Error(Exception):
    """Base of every exception of the package.

    `code` is the library's WATPL_E* code (negative) when the library refused
    the call, 0 when the package refused it before calling the library;
    `message` is the explanation without the position.
    """

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __reduce__(self) -> Tuple[Any, ...]:
        # Rebuilt from its attributes, so it pickles (multiprocessing, concurrent.futures) whatever
        # the signature of its class.
        return _rebuild, (type(self), self.args, dict(self.__dict__))


def _rebuild(cls: type, args: Tuple[Any, ...], state: Dict[str, Any]) -> "Error":
    err: Error = Exception.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err


class InputError(Error):
    """A template or parameter set that cannot be read: malformed JSON, a field of
    the wrong type, invalid UTF-8.

    `rule` is the rule id (`input.json.syntax`, `input.json.type`, `input.utf8`,
    `input.too_large`); `line` and `column` are 1-based (0 when unknown, columns
    count code points); `offset` is the byte offset in the input (-1 when
    unknown); `path` is the JSON path of the field (`$.components[1].text`, or
    ""); `argument` names the argument that held the input ("template", "params").
    """

    def __init__(self, message: str, code: int, rule: str, line: int = 0, column: int = 0,
                 offset: int = -1, path: str = "", argument: Optional[str] = None) -> None:
        super().__init__(message, code)
        self.rule = rule
        self.line = line
        self.column = column
        self.offset = offset
        self.path = path
        self.argument = argument

    def __str__(self) -> str:
        where = ""
        if self.line:
            where = " at line %d, column %d" % (self.line, self.column)
        elif self.offset >= 0:
            where = " at byte %d" % self.offset
        if self.path:
            where += " (%s)" % self.path
        return "%s%s%s" % ("%s: " % self.rule if self.rule else "", self.message, where)


class LimitError(InputError):
    """Input over one of the library's documented bounds (size, nesting, count):
    rule `input.too_large`."""


class SavedStateError(Error):
    """A saved window state that is truncated, fails its checksum (code -9) or has
    a format version this library does not know (code -10)."""


class UsageError(Error):
    """The package was called wrongly. `function` and `argument` name the call and
    the argument at fault."""

    def __init__(self, message: str, function: str, argument: str, code: int = 0) -> None:
        super().__init__("%s(): %s" % (function, message), code)
        self.function = function
        self.argument = argument


class ArgumentTypeError(UsageError, TypeError):
    """An argument of the wrong type (a float time, a number for a text ...)."""


class ArgumentValueError(UsageError, ValueError):
    """An argument of the right type but not an accepted value (an unknown kind,
    an option out of range, a naive datetime ...)."""


class OutOfMemoryError(Error, MemoryError):
    """The library could not allocate; nothing was changed."""


class LibraryError(Error, ImportError):
    """libwatpl.so.1 cannot be loaded, or the loaded library is not of ABI 1.
    Raised by `import watpl`; the message lists every candidate tried."""


# Shown as watpl.InputError (not watpl._errors.InputError) in tracebacks and reprs.
for _cls in (Error, InputError, LimitError, SavedStateError, UsageError, ArgumentTypeError, ArgumentValueError,
             OutOfMemoryError, LibraryError):
    _cls.__module__ = "watpl"
