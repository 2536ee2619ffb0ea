"""The customer service window, free entry points and pricing (docs/window.md).

    w = watpl.Window()
    w.inbound(1767225600, entry="ctwa")
    w.outbound(1767225900, "UTILITY")
    answer = w.query(1767300000, "MARKETING")
    answer.billable, answer.reason          # False, 'fep.open'
    blob = w.save(); w2 = watpl.Window.load(blob)

Times are Unix seconds (WhatsApp's webhook "timestamp"), events may come in
any order. The fields of an answer are those of `watpl window --json`.
"""
import ctypes

from ._lib import Context, Error, c_int, c_int64, c_size_t, c_void_p, fn, _strerror

KINDS = {"MARKETING": 1, "UTILITY": 2, "AUTHENTICATION": 3, "SERVICE": 4}
ENTRIES = {None: 0, "ctwa": 1, "page_cta": 2}
DEVICES = {"mobile": 0, "desktop": 1}
SCHEDULES = {"2025-07": 1, "2026-10": 2}
_SCHEDULE_NAMES = {v: k for k, v in SCHEDULES.items()}
_KIND_NAMES = {v: k for k, v in KINDS.items()}
_MODELS = {1: "CBP", 2: "PMP"}
_INITIATORS = {1: "user", 2: "business"}
_TIME_NONE = -(2 ** 63)
_ANSWER_VERSION = 1


class _Answer(ctypes.Structure):
    """watpl_window_answer, version 1."""
    _fields_ = [
        ("version", ctypes.c_uint32),
        ("csw_open", ctypes.c_int32),
        ("csw_closes_at", ctypes.c_int64),
        ("fep_open", ctypes.c_int32),
        ("allowed", ctypes.c_int32),
        ("fep_until", ctypes.c_int64),
        ("billable", ctypes.c_int32),
        ("pricing_model", ctypes.c_int32),
        ("pricing_category", ctypes.c_int32),
        ("pricing_type", ctypes.c_int32),
        ("initiator", ctypes.c_int32),
        ("schedule", ctypes.c_int32),
        ("reason", ctypes.c_int32),
        ("kind", ctypes.c_int32),
        ("reserved", ctypes.c_int64 * 6),
    ]


_new = fn("watpl_window_new", c_int, ctypes.POINTER(c_void_p), c_void_p)
_free = fn("watpl_window_free", None, c_void_p)
_inbound = fn("watpl_window_inbound", c_int, c_void_p, c_int64, c_int, c_int)
_call = fn("watpl_window_call", c_int, c_void_p, c_int64)
_welcome = fn("watpl_window_welcome", c_int, c_void_p, c_int64)
_outbound = fn("watpl_window_outbound", c_int, c_void_p, c_int64, c_int)
_query = fn("watpl_window_query", c_int, c_void_p, c_int64, c_int, c_int, c_int64,
            ctypes.POINTER(_Answer))
_saved_size = fn("watpl_window_saved_size", c_size_t)
_save = fn("watpl_window_save", c_int, c_void_p, ctypes.c_char_p, c_size_t, ctypes.POINTER(c_size_t))
_load = fn("watpl_window_load", c_int, c_void_p, ctypes.c_char_p, c_size_t)
_reset = fn("watpl_window_reset", None, c_void_p)
_reason_name = fn("watpl_window_reason_name", ctypes.c_char_p, c_int)
_pcat_name = fn("watpl_pricing_category_name", ctypes.c_char_p, c_int)
_ptype_name = fn("watpl_pricing_type_name", ctypes.c_char_p, c_int)

_INT64 = (-(2 ** 63), 2 ** 63 - 1)


def _check(rc):
    if rc != 0:
        raise Error(rc, _strerror(rc).decode())


def _time(t):
    """An int64 time; out-of-range values reach the library as an invalid time."""
    t = int(t)
    if not _INT64[0] <= t <= _INT64[1]:
        raise Error(-1, "time %d does not fit in 64 bits" % t)
    return t


def _lookup(table, value, what):
    try:
        return table[value]
    except (KeyError, TypeError):
        raise ValueError("%s must be one of %s, not %r"
                         % (what, ", ".join(str(k) for k in table if k is not None), value)) from None


class Answer:
    """Whether a message may be sent at `t` and how Meta bills it."""

    FIELDS = ("t", "kind", "csw_open", "csw_closes_at", "fep_open", "fep_until", "allowed",
              "billable", "pricing_model", "pricing_category", "pricing_type", "initiator",
              "reason", "schedule")
    __slots__ = FIELDS

    def __init__(self, t, a):
        def when(v):
            return None if v == _TIME_NONE else v
        self.t = t
        self.kind = _KIND_NAMES[a.kind]
        self.csw_open = bool(a.csw_open)
        self.csw_closes_at = when(a.csw_closes_at)
        self.fep_open = bool(a.fep_open)
        self.fep_until = when(a.fep_until)
        self.allowed = bool(a.allowed)
        self.billable = bool(a.billable)
        self.pricing_model = _MODELS.get(a.pricing_model)
        self.pricing_category = _pcat_name(a.pricing_category).decode() or None
        self.pricing_type = _ptype_name(a.pricing_type).decode() or None
        self.initiator = _INITIATORS.get(a.initiator)
        self.reason = _reason_name(a.reason).decode()
        self.schedule = _SCHEDULE_NAMES.get(a.schedule)  # None under CBP

    def to_dict(self):
        return {k: getattr(self, k) for k in self.FIELDS}

    def __getitem__(self, key):
        if key not in self.FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def __eq__(self, other):
        return isinstance(other, Answer) and self.to_dict() == other.to_dict()

    def __repr__(self):
        return "Answer(%s)" % ", ".join("%s=%r" % (k, getattr(self, k)) for k in self.FIELDS)


class Window:
    """The window state of one business number x one user (fixed size)."""

    def __init__(self):
        self.handle = None
        self._ctx = None
        self._ctx = Context()
        handle = c_void_p()
        _check(_new(ctypes.byref(handle), self._ctx.handle))
        self.handle = handle

    # ---- events ---------------------------------------------------------------------
    def inbound(self, t, entry=None, device="mobile"):
        """A user message; entry "ctwa" / "page_cta" may open a free entry point (mobile only)."""
        _check(_inbound(self.handle, _time(t), _lookup(ENTRIES, entry, "entry"),
                        _lookup(DEVICES, device, "device")))
        return self

    def call(self, t):
        """A user call: opens or refreshes the window."""
        _check(_call(self.handle, _time(t)))
        return self

    def welcome(self, t):
        """A request_welcome: opens the window."""
        _check(_welcome(self.handle, _time(t)))
        return self

    def outbound(self, t, kind):
        """A business message of kind MARKETING/UTILITY/AUTHENTICATION/SERVICE delivered at t."""
        _check(_outbound(self.handle, _time(t), _lookup(KINDS, kind, "kind")))
        return self

    # ---- queries ----------------------------------------------------------------------
    def query(self, now, kind, schedule="2025-07", service_sent_this_month=0):
        """Answer for a message of `kind` sent at `now` (an Answer)."""
        a = _Answer()
        a.version = _ANSWER_VERSION
        _check(_query(self.handle, _time(now), _lookup(KINDS, kind, "kind"),
                      _lookup(SCHEDULES, schedule, "schedule"), _time(service_sent_this_month),
                      ctypes.byref(a)))
        return Answer(int(now), a)

    # ---- saved form ----------------------------------------------------------------------
    def save(self):
        """The state as bytes (versioned, checksummed; docs/window.md)."""
        size = _saved_size()
        buf = ctypes.create_string_buffer(size)
        needed = c_size_t()
        _check(_save(self.handle, buf, size, ctypes.byref(needed)))
        return buf.raw[:needed.value]

    @classmethod
    def load(cls, blob):
        """A Window from save() bytes; raises watpl.Error if damaged or of a newer format."""
        if not isinstance(blob, (bytes, bytearray, memoryview)):
            raise TypeError("load() takes bytes")
        data = bytes(blob)
        w = cls()
        _check(_load(w.handle, data, len(data)))
        return w

    def reset(self):
        """Forget every event."""
        _reset(self.handle)
        return self

    def close(self):
        if self.handle:
            _free(self.handle)
            self.handle = None
        if self._ctx is not None:
            self._ctx.close()

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
