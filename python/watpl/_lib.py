"""Loading of libwatpl through ctypes, errors, and the context wrapper.

The shared library is found through the WATPL_LIBRARY environment variable,
then the build tree next to this package (build/libwatpl.so.1), then the
system (ld.so search path).
"""
import ctypes
import ctypes.util
import os

ABI_MAJOR = 1

c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_int64 = ctypes.c_int64
c_void_p = ctypes.c_void_p
c_double = ctypes.c_double


def _candidates():
    env = os.environ.get("WATPL_LIBRARY")
    if env:
        yield env
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    yield os.path.join(root, "build", "libwatpl.so.%d" % ABI_MAJOR)
    yield "libwatpl.so.%d" % ABI_MAJOR
    found = ctypes.util.find_library("watpl")
    if found:
        yield found


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append("%s: not found" % path)
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append(str(exc))
    raise ImportError("libwatpl shared library not found; set WATPL_LIBRARY (%s)" % "; ".join(errors))


lib = _load()


def fn(name, restype, *argtypes):
    """Declare one C function and return it."""
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_version_number = fn("watpl_version_number", ctypes.c_uint32)
_version_string = fn("watpl_version_string", c_char_p)
if _version_number() // 10000 != ABI_MAJOR:
    raise ImportError("libwatpl %s is not ABI version %d" % (_version_string().decode(), ABI_MAJOR))

_strerror = fn("watpl_strerror", c_char_p, c_int)
_free = fn("watpl_free", None, c_void_p)
_ctx_new = fn("watpl_ctx_new", c_int, ctypes.POINTER(c_void_p))
_ctx_free = fn("watpl_ctx_free", None, c_void_p)
_ctx_set_option = fn("watpl_ctx_set_option", c_int, c_void_p, c_int, c_int64)
_ctx_errcode = fn("watpl_ctx_errcode", c_int, c_void_p)
_ctx_errmsg = fn("watpl_ctx_errmsg", c_char_p, c_void_p)
_ctx_error_rule = fn("watpl_ctx_error_rule", c_char_p, c_void_p)
_ctx_error_offset = fn("watpl_ctx_error_offset", c_int64, c_void_p)
_ctx_error_line = fn("watpl_ctx_error_line", c_int64, c_void_p)
_ctx_error_column = fn("watpl_ctx_error_column", c_int64, c_void_p)
_ctx_error_path = fn("watpl_ctx_error_path", c_char_p, c_void_p)

OPTIONS = {
    "count_unit": 1, "words_per_param": 2, "footer_param_severity": 3,
    "emoji_cap_marketing": 4, "emoji_cap_utility": 5, "max_input_bytes": 6,
    "max_json_depth": 7, "mismatch_confidence": 8, "pricing_schedule": 9,
    "placement_policy": 10,
}
UNITS = {"utf16": 1, "codepoints": 2}
COMPONENTS = ["TEMPLATE", "HEADER", "BODY", "FOOTER", "BUTTONS", "CARD", "PARAMS",
              "CAROUSEL", "LIMITED_TIME_OFFER"]
CATEGORIES = {0: None, 1: "MARKETING", 2: "UTILITY", 3: "AUTHENTICATION"}


def version():
    """The version of the loaded library, "MAJOR.MINOR.PATCH"."""
    return _version_string().decode()


class Error(Exception):
    """A failure reported by libwatpl, with its position when it concerns input."""

    def __init__(self, code, message, rule="", line=0, column=0, offset=-1, path=""):
        self.code = code
        self.message = message
        self.rule = rule
        self.line = line
        self.column = column
        self.offset = offset
        self.path = path
        where = ""
        if line:
            where = " at line %d, column %d" % (line, column)
        elif offset >= 0:
            where = " at byte %d" % offset
        if path:
            where += " (%s)" % path
        super().__init__("%s%s%s" % ("%s: " % rule if rule else "", message, where))


def to_bytes(value):
    """str -> UTF-8 bytes (surrogates pass through, so invalid text reaches the library)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogatepass")


class Context:
    """A watpl_ctx: policy options and error details. Not shared between threads."""

    def __init__(self, **options):
        self.handle = None
        handle = c_void_p()
        rc = _ctx_new(ctypes.byref(handle))
        if rc != 0:
            raise Error(rc, _strerror(rc).decode())
        self.handle = handle
        for key, value in options.items():
            if value is not None:
                self.set(key, value)

    def set(self, name, value):
        if name == "count_unit" and isinstance(value, str):
            if value not in UNITS:
                raise ValueError("count_unit must be one of %s" % ", ".join(UNITS))
            value = UNITS[value]
        if name not in OPTIONS:
            raise ValueError("unknown option %r" % name)
        self.check(_ctx_set_option(self.handle, OPTIONS[name], int(value)))

    def check(self, rc):
        if rc == 0:
            return
        h = self.handle
        msg = (_ctx_errmsg(h) or b"").decode("utf-8", "replace") or _strerror(rc).decode()
        raise Error(rc, msg, (_ctx_error_rule(h) or b"").decode(), _ctx_error_line(h),
                    _ctx_error_column(h), _ctx_error_offset(h),
                    (_ctx_error_path(h) or b"").decode("utf-8", "replace"))

    def take_string(self, call, *args):
        """Call a function with (ctx, *args, char **out, size_t *len) and return its string."""
        out = c_void_p()
        n = c_size_t()
        self.check(call(self.handle, *args, ctypes.byref(out), ctypes.byref(n)))
        try:
            return ctypes.string_at(out, n.value).decode("utf-8")
        finally:
            _free(out)

    def close(self):
        if self.handle:
            _ctx_free(self.handle)
            self.handle = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_tpl_parse = fn("watpl_template_parse_json", c_int, c_void_p, c_char_p, c_size_t,
                ctypes.POINTER(c_void_p))
_tpl_free = fn("watpl_template_free", None, c_void_p)
_tpl_set_category = fn("watpl_template_set_category", c_int, c_void_p, c_char_p, c_size_t)


def template_json(template):
    """A template given as a dict, a JSON str or bytes -> UTF-8 JSON bytes."""
    import json
    if isinstance(template, (dict, list)):
        return json.dumps(template, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return to_bytes(template)


class Template:
    """A parsed watpl_template, freed with the object."""

    def __init__(self, ctx, template, category=None):
        self.handle = None
        data = template_json(template)
        handle = c_void_p()
        ctx.check(_tpl_parse(ctx.handle, data, len(data), ctypes.byref(handle)))
        self.handle = handle
        if category is not None:
            cat = to_bytes(category)
            rc = _tpl_set_category(handle, cat, len(cat))
            if rc:
                self.close()
                ctx.check(rc)

    def close(self):
        if self.handle:
            _tpl_free(self.handle)
            self.handle = None

    def __del__(self):
        self.close()
