"""The customer service window, free entry points and pricing (docs/window.md).

    w = watpl.Window()
    w.inbound(1767225600, entry="ctwa")
    w.outbound(1767225900, "UTILITY")
    answer = w.query(1767300000, "MARKETING")
    answer.billable, answer.reason          # False, 'fep.open'
    blob = w.save(); w2 = watpl.Window.load(blob)

Times are Unix seconds (WhatsApp's webhook "timestamp") as int, or aware
datetimes holding whole seconds; events may come in any order.
"""
import ctypes
from dataclasses import dataclass
from typing import Any, ClassVar, Dict, Optional, Tuple, Union

from . import _args
from ._lib import Context, c_int, c_int64, c_size_t, c_void_p, check, fn
from ._types import (DEVICES, ENTRIES, INITIATORS, KINDS, PRICING_CATEGORIES, PRICING_MODELS, PRICING_TYPES,
                     SCHEDULES, Device, Entry, Initiator, Kind, PricingCategory, PricingModel, PricingType,
                     Schedule, Time, codes)
from .pricing import Price, Rates, answer_price

_KIND_CODES = codes(KINDS)
_ENTRY_CODES = codes(ENTRIES)
_DEVICE_CODES = codes(DEVICES, 0)
_SCHEDULE_CODES = codes(SCHEDULES)
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


def _when(value: int) -> Optional[int]:
    return None if value == _TIME_NONE else value


def _coded(names: Tuple[Any, ...], code: int, first: int = 1) -> Any:
    """The name of a library number, None for 0 (none) or a number this binding does not know."""
    i = code - first
    return names[i] if 0 <= i < len(names) else None


@dataclass(frozen=True)
class Answer:
    """Whether a message of `kind` may be sent at `t` and how Meta bills it.

    Absent times are None; `pricing_type` is None under conversation-based
    pricing, `initiator` None when no conversation decides, `schedule` None
    under CBP. The fields are those of `watpl window --json` plus `schedule`.
    """

    t: int
    kind: Kind
    csw_open: bool
    csw_closes_at: Optional[int]
    fep_open: bool
    fep_until: Optional[int]
    allowed: bool
    billable: bool
    pricing_model: PricingModel
    pricing_category: Optional[PricingCategory]
    pricing_type: Optional[PricingType]
    initiator: Optional[Initiator]
    reason: str
    schedule: Optional[Schedule]
    #: The list price when the query named a recipient (libwatpl with pricing), else None.
    price: Optional[Price] = None

    FIELDS: ClassVar[Tuple[str, ...]] = (
        "t", "kind", "csw_open", "csw_closes_at", "fep_open", "fep_until", "allowed", "billable",
        "pricing_model", "pricing_category", "pricing_type", "initiator", "reason", "schedule")

    @classmethod
    def _from_struct(cls, t: int, a: _Answer, price: Optional[Price] = None) -> "Answer":
        reason: bytes = _reason_name(a.reason)
        return cls(t=t, kind=KINDS[a.kind - 1], csw_open=bool(a.csw_open), csw_closes_at=_when(a.csw_closes_at),
                   fep_open=bool(a.fep_open), fep_until=_when(a.fep_until), allowed=bool(a.allowed),
                   billable=bool(a.billable), pricing_model=PRICING_MODELS[a.pricing_model - 1],
                   pricing_category=_coded(PRICING_CATEGORIES, a.pricing_category),
                   pricing_type=_coded(PRICING_TYPES, a.pricing_type),
                   initiator=_coded(INITIATORS, a.initiator), reason=reason.decode(),
                   schedule=_coded(SCHEDULES, a.schedule), price=price)

    def to_dict(self) -> Dict[str, Any]:
        """The fields by name, as `watpl window --json` gives them (plus `schedule`):
        with a price, also `market`, `price` (a Decimal, None when unknown),
        `currency` and `price_reason`."""
        d = {k: getattr(self, k) for k in self.FIELDS}
        if self.price is not None:
            d.update(market=self.price.market, price=self.price.amount, currency=self.price.currency,
                     price_reason=self.price.reason)
        return d

    def __getitem__(self, key: str) -> Any:
        if key not in self.FIELDS and key != "price":
            raise KeyError(key)
        return getattr(self, key)


class Window:
    """The window state of one business number x one user (fixed size).

    Each event method returns the window, so calls chain. A Window must not be
    used by two threads at once; distinct windows may be.
    """

    def __init__(self) -> None:
        self.handle: Any = None
        self._ctx: Optional[Context] = None
        self._ctx = Context.for_call("Window", {})
        handle = c_void_p()
        check(_new(ctypes.byref(handle), self._ctx.handle), "Window", None, self._ctx.handle)
        self.handle = handle

    # ---- events ---------------------------------------------------------------------
    def inbound(self, t: Time, entry: Optional[Entry] = None, device: Device = "mobile") -> "Window":
        """A user message at t; entry "ctwa" / "page_cta" may open a free entry point (mobile only)."""
        f = "Window.inbound"
        when = _args.time(f, "t", t)
        e = 0 if entry is None else _args.choice(f, "entry", entry, _ENTRY_CODES)
        check(_inbound(self.handle, when, e, _args.choice(f, "device", device, _DEVICE_CODES)), f, "t")
        return self

    def call(self, t: Time) -> "Window":
        """A user call at t: opens or refreshes the window."""
        check(_call(self.handle, _args.time("Window.call", "t", t)), "Window.call", "t")
        return self

    def welcome(self, t: Time) -> "Window":
        """A request_welcome at t: opens the window."""
        check(_welcome(self.handle, _args.time("Window.welcome", "t", t)), "Window.welcome", "t")
        return self

    def outbound(self, t: Time, kind: Kind) -> "Window":
        """A business message of `kind` delivered at t."""
        f = "Window.outbound"
        when = _args.time(f, "t", t)
        check(_outbound(self.handle, when, _args.choice(f, "kind", kind, _KIND_CODES)), f, "t")
        return self

    # ---- queries ----------------------------------------------------------------------
    def query(self, now: Time, kind: Kind, schedule: Schedule = "2025-07", service_sent_this_month: int = 0, *,
              recipient: Optional[str] = None, currency: str = "USD", auth_international: bool = False,
              rates: Optional[Rates] = None) -> Answer:
        """The answer for a message of `kind` sent at `now`.

        `service_sent_this_month` is the number of service messages the business
        number already sent this calendar month (the 2026-10 allowance; under
        conversation-based pricing, its conversations: docs/window.md).

        With `recipient` (the user's phone number), the answer carries the list
        price in `currency` (Answer.price), from `rates` or the compiled cards;
        this needs a libwatpl with pricing."""
        f = "Window.query"
        when = _args.time(f, "now", now)
        k = _args.choice(f, "kind", kind, _KIND_CODES)
        s = _args.choice(f, "schedule", schedule, _SCHEDULE_CODES)
        count = _args.integer(f, "service_sent_this_month", service_sent_this_month, 0)
        a = _Answer()
        a.version = _ANSWER_VERSION
        check(_query(self.handle, when, k, s, count, ctypes.byref(a)), f, "now")
        price = None
        if recipient is not None:
            price = answer_price(f, a, when, recipient, currency, auth_international, rates)
        return Answer._from_struct(when, a, price)

    # ---- saved form ----------------------------------------------------------------------
    def save(self) -> bytes:
        """The state as bytes (versioned, checksummed; docs/window.md)."""
        size: int = _saved_size()
        buf = ctypes.create_string_buffer(size)
        needed = c_size_t()
        check(_save(self.handle, buf, size, ctypes.byref(needed)), "Window.save")
        return buf.raw[:needed.value]

    @classmethod
    def load(cls, blob: Union[bytes, bytearray, memoryview]) -> "Window":
        """A Window from save() bytes; raises SavedStateError if they are damaged
        or of a newer format."""
        if not isinstance(blob, (bytes, bytearray, memoryview)):
            raise _args.wrong_type("Window.load", "blob", "bytes", blob)
        data = bytes(blob)
        w = cls()
        check(_load(w.handle, data, len(data)), "Window.load", "blob")
        return w

    def reset(self) -> "Window":
        """Forget every event."""
        _reset(self.handle)
        return self

    def close(self) -> None:
        """Free the state now (it is also freed when collected)."""
        if getattr(self, "handle", None):
            _free(self.handle)
            self.handle = None
        ctx = getattr(self, "_ctx", None)
        if ctx is not None:
            ctx.close()

    def __del__(self) -> None:
        self.close()

    def __enter__(self) -> "Window":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Window", "Answer", "Time"]
