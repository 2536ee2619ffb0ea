"""Loading of libwatpl through ctypes, the library's errors as exceptions, and
the context (policy options) every call runs under.

The library is looked for in this order (docs/python.md, "Finding the library"):

1. the file or name in the WATPL_LIBRARY environment variable; when it is set
   it is the only candidate, so a wrong value is an error, never a silent
   fallback to another copy;
2. the copy bundled in the package (watpl/libwatpl.so.1, in the wheel);
3. the system: libwatpl.so.1 through the dynamic loader, then
   ctypes.util.find_library("watpl").

ctypes.CDLL releases the GIL around every call into the library, so calls
from several threads run in parallel.
"""
import ctypes
import ctypes.util
import os
from typing import Any, Callable, Dict, Iterator, List, Literal, Mapping, NamedTuple, Optional, Tuple

from . import _args
from ._errors import (ECORRUPT, EINVAL, ELIMIT, ENOMEM, ESYNTAX, ETYPE, EUTF8, EVERSION, ArgumentValueError,
                      Error, InputError, LibraryError, LimitError, OutOfMemoryError, SavedStateError)
from ._types import COUNT_UNITS, PLACEMENTS, SCHEDULES, SEVERITIES, CountUnit, Placement, Schedule, Severity, codes

ABI_MAJOR = 1
SONAME = "libwatpl.so.%d" % ABI_MAJOR

#: Where the loaded library came from.
Origin = Literal["WATPL_LIBRARY", "bundled", "system"]

c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_int64 = ctypes.c_int64
c_void_p = ctypes.c_void_p
c_double = ctypes.c_double
POINTER = ctypes.POINTER


class Candidate(NamedTuple):
    origin: Origin
    path: str


def candidates(environ: Mapping[str, str], package_dir: str,
               find_library: Callable[[str], Optional[str]] = ctypes.util.find_library) -> Iterator[Candidate]:
    """The candidates, in the order they are tried (find_library is called only
    when the earlier ones failed: it may run ldconfig)."""
    env = environ.get("WATPL_LIBRARY")
    if env:
        yield Candidate("WATPL_LIBRARY", env)
        return
    yield Candidate("bundled", os.path.join(package_dir, SONAME))
    yield Candidate("system", SONAME)
    found = find_library("watpl")
    if found and found != SONAME:
        yield Candidate("system", found)


def load(environ: Mapping[str, str], package_dir: str) -> Tuple[ctypes.CDLL, Candidate]:
    tried: List[str] = []
    for cand in candidates(environ, package_dir):
        if os.sep in cand.path and not os.path.exists(cand.path):
            tried.append("%s %s: no such file" % (cand.origin, cand.path))
            continue
        try:
            return ctypes.CDLL(cand.path), cand
        except OSError as exc:
            tried.append("%s %s: %s" % (cand.origin, cand.path, exc))
    if "WATPL_LIBRARY" in environ and environ["WATPL_LIBRARY"]:
        hint = "fix or unset WATPL_LIBRARY"
    else:
        hint = "install the watpl wheel (make wheel), install the C library, or set WATPL_LIBRARY"
        built = os.path.join(os.path.dirname(os.path.dirname(package_dir)), "build", SONAME)
        if os.path.exists(built):  # the package of a source checkout, used through PYTHONPATH
            hint += "=%s" % built
    raise LibraryError("libwatpl shared library not found (%s); tried: %s" % (hint, "; ".join(tried)))


lib, _loaded = load(os.environ, os.path.dirname(os.path.abspath(__file__)))


def fn(name: str, restype: Any, *argtypes: Any) -> Any:
    """Declare one C function of the library and return it."""
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


def optional_fn(name: str, restype: Any, *argtypes: Any) -> Optional[Any]:
    """A function added after 1.0.0: None when the loaded library predates it."""
    if not hasattr(lib, name):
        return None
    return fn(name, restype, *argtypes)


_version_number = fn("watpl_version_number", ctypes.c_uint32)
_version_string = fn("watpl_version_string", c_char_p)
if _version_number() // 10000 != ABI_MAJOR:
    raise LibraryError("%s (%s) is libwatpl %s, not of ABI version %d"
                       % (_loaded.path, _loaded.origin, _version_string().decode(), ABI_MAJOR))


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", c_char_p), ("dli_fbase", c_void_p), ("dli_sname", c_char_p),
                ("dli_saddr", c_void_p)]


def _loaded_file() -> str:
    """The file the dynamic loader mapped (dladdr), so a name like libwatpl.so.1
    is reported as the path it resolved to."""
    try:
        dladdr = ctypes.CDLL(None).dladdr
    except (OSError, AttributeError):
        return _loaded.path
    dladdr.restype = c_int
    dladdr.argtypes = [c_void_p, POINTER(_DlInfo)]
    info = _DlInfo()
    if dladdr(ctypes.cast(_version_string, c_void_p), ctypes.byref(info)) and info.dli_fname:
        return os.path.abspath(os.fsdecode(info.dli_fname))
    return _loaded.path


_LOADED_FILE = _loaded_file()


def library_path() -> str:
    """The path of the shared library the package loaded."""
    return _LOADED_FILE


def library_origin() -> Origin:
    """Where it came from: "WATPL_LIBRARY", "bundled" (the copy inside the package) or "system"."""
    return _loaded.origin


def version() -> str:
    """The version of the loaded library, "MAJOR.MINOR.PATCH"."""
    text: bytes = _version_string()
    return text.decode()


def version_tuple() -> Tuple[int, int, int]:
    """The version of the loaded library as numbers."""
    n: int = _version_number()
    return n // 10000, n // 100 % 100, n % 100


_strerror = fn("watpl_strerror", c_char_p, c_int)
free = fn("watpl_free", None, c_void_p)
_ctx_new = fn("watpl_ctx_new", c_int, POINTER(c_void_p))
_ctx_free = fn("watpl_ctx_free", None, c_void_p)
_ctx_set_option = fn("watpl_ctx_set_option", c_int, c_void_p, c_int, c_int64)
_ctx_errmsg = fn("watpl_ctx_errmsg", c_char_p, c_void_p)
_ctx_error_rule = fn("watpl_ctx_error_rule", c_char_p, c_void_p)
_ctx_error_offset = fn("watpl_ctx_error_offset", c_int64, c_void_p)
_ctx_error_line = fn("watpl_ctx_error_line", c_int64, c_void_p)
_ctx_error_column = fn("watpl_ctx_error_column", c_int64, c_void_p)
_ctx_error_path = fn("watpl_ctx_error_path", c_char_p, c_void_p)


def strerror(code: int) -> str:
    text: bytes = _strerror(code)
    return text.decode()


def _decoded(value: Optional[bytes]) -> str:
    return (value or b"").decode("utf-8", "replace")


def error_for(code: int, function: str, argument: Optional[str] = None, handle: Any = None) -> Error:
    """The exception for a failed call; `handle` is the context holding the details."""
    message = _decoded(_ctx_errmsg(handle)) if handle else ""
    message = message or strerror(code)
    if code in (EUTF8, ESYNTAX, ETYPE, ELIMIT) and handle:
        cls = LimitError if code == ELIMIT else InputError
        return cls(message, code, _decoded(_ctx_error_rule(handle)), int(_ctx_error_line(handle)),
                   int(_ctx_error_column(handle)), int(_ctx_error_offset(handle)),
                   _decoded(_ctx_error_path(handle)), argument)
    if code == ELIMIT:
        return LimitError(message, code, "input.too_large", argument=argument)
    if code in (ECORRUPT, EVERSION):
        return SavedStateError(message, code)
    if code == ENOMEM:
        return OutOfMemoryError(message, code)
    if code == EINVAL and argument:
        return ArgumentValueError("argument '%s' refused by the library: %s" % (argument, message),
                                  function, argument, code)
    return Error("%s(): %s" % (function, message), code)


def check(code: int, function: str, argument: Optional[str] = None, handle: Any = None) -> None:
    if code != 0:
        raise error_for(code, function, argument, handle)


class OptionSpec(NamedTuple):
    """How the binding checks one option before the library does."""

    code: int  # WATPL_OPT_*
    low: int
    high: int
    names: Optional[Dict[str, int]]  # the accepted strings of an option given by name, and their values


# One entry per row of the library's option table (lib/options_internal.h);
# python/tests/test_options.py checks the codes and ranges against it.
OPTION_SPECS: Dict[str, OptionSpec] = {
    "count_unit": OptionSpec(1, 1, 2, codes(COUNT_UNITS)),
    "words_per_param": OptionSpec(2, 0, 100, None),
    "footer_param_severity": OptionSpec(3, 1, 2, codes(SEVERITIES)),
    "emoji_cap_marketing": OptionSpec(4, 0, 1000000, None),
    "emoji_cap_utility": OptionSpec(5, 0, 1000000, None),
    "max_input_bytes": OptionSpec(6, 64, 268435456, None),
    "max_json_depth": OptionSpec(7, 4, 256, None),
    "mismatch_confidence": OptionSpec(8, 0, 1000, None),
    "pricing_schedule": OptionSpec(9, 1, 2, codes(SCHEDULES)),
    "placement_policy": OptionSpec(10, 1, 2, codes(PLACEMENTS)),
}
#: keyword -> WATPL_OPT_* value.
OPTIONS: Dict[str, int] = {name: spec.code for name, spec in OPTION_SPECS.items()}


class Context:
    """A watpl_ctx: policy options and the details of the last error.

    The functions of the package make their own context per call and take the
    options as keywords; a Context is useful to check option values up front.
    It must not be used by two threads at once.
    """

    def __init__(self, *, count_unit: Optional[CountUnit] = None, words_per_param: Optional[int] = None,
                 footer_param_severity: Optional[Severity] = None, emoji_cap_marketing: Optional[int] = None,
                 emoji_cap_utility: Optional[int] = None, max_input_bytes: Optional[int] = None,
                 max_json_depth: Optional[int] = None, mismatch_confidence: Optional[int] = None,
                 pricing_schedule: Optional[Schedule] = None,
                 placement_policy: Optional[Placement] = None) -> None:
        self._init("Context", {
            "count_unit": count_unit, "words_per_param": words_per_param,
            "footer_param_severity": footer_param_severity, "emoji_cap_marketing": emoji_cap_marketing,
            "emoji_cap_utility": emoji_cap_utility, "max_input_bytes": max_input_bytes,
            "max_json_depth": max_json_depth, "mismatch_confidence": mismatch_confidence,
            "pricing_schedule": pricing_schedule, "placement_policy": placement_policy})

    @classmethod
    def for_call(cls, function: str, options: Mapping[str, object]) -> "Context":
        ctx = cls.__new__(cls)
        ctx._init(function, options)
        return ctx

    def _init(self, function: str, options: Mapping[str, object]) -> None:
        self.handle: Any = None
        self.function = function
        handle = c_void_p()
        check(_ctx_new(ctypes.byref(handle)), function)
        self.handle = handle
        for name, value in options.items():
            if value is not None:
                self._set(function, name, value)

    def set(self, name: str, value: object) -> None:
        """Set one option, by its keyword name."""
        self._set("Context.set", name, value)

    def _set(self, function: str, name: str, value: object) -> None:
        option = OPTION_SPECS.get(name) if isinstance(name, str) else None
        if option is None:
            raise ArgumentValueError("unknown option %r (one of %s)" % (name, ", ".join(OPTION_SPECS)),
                                     function, str(name))
        if option.names is not None:
            number = _args.choice(function, name, value, option.names)
        else:
            number = _args.integer(function, name, value, option.low, option.high)
        check(_ctx_set_option(self.handle, option.code, number), function, name, self.handle)

    def check(self, code: int, argument: Optional[str] = None) -> None:
        """Raise the exception for a failed call made with this context."""
        check(code, self.function, argument, self.handle)

    def take_string(self, call: Any, *args: Any) -> str:
        """Call a function with (ctx, *args, char **out, size_t *len) and return its string."""
        out = c_void_p()
        n = c_size_t()
        self.check(call(self.handle, *args, ctypes.byref(out), ctypes.byref(n)))
        try:
            # "replace": a library that wrote invalid UTF-8 must not turn into a UnicodeDecodeError here
            return ctypes.string_at(out, n.value).decode("utf-8", "replace")
        finally:
            free(out)

    def close(self) -> None:
        """Free the context now (it is also freed when collected)."""
        if getattr(self, "handle", None):
            _ctx_free(self.handle)
            self.handle = None

    def __del__(self) -> None:
        self.close()

    def __enter__(self) -> "Context":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_tpl_parse = fn("watpl_template_parse_json", c_int, c_void_p, c_char_p, c_size_t, POINTER(c_void_p))
_tpl_free = fn("watpl_template_free", None, c_void_p)
_tpl_set_category = fn("watpl_template_set_category", c_int, c_void_p, c_char_p, c_size_t)


class ParsedTemplate:
    """A watpl_template read from JSON, freed with the object."""

    def __init__(self, ctx: Context, data: bytes, category: Optional[bytes] = None) -> None:
        self.handle: Any = None
        handle = c_void_p()
        ctx.check(_tpl_parse(ctx.handle, data, len(data), ctypes.byref(handle)), "template")
        self.handle = handle
        if category is not None:
            rc = _tpl_set_category(handle, category, len(category))
            if rc:
                self.close()
                ctx.check(rc, "category")

    def close(self) -> None:
        if getattr(self, "handle", None):
            _tpl_free(self.handle)
            self.handle = None

    def __del__(self) -> None:
        self.close()

    def __enter__(self) -> "ParsedTemplate":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
