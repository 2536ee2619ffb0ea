"""Markets and list prices (libwatpl 1.2.0; docs/window.md, "Prices").

    watpl.market_of("+55 11 99999-0000")             # Market(name='Brazil', country_iso='BR')
    watpl.price_message("+5511999990000", "marketing", 1767225600)
    w.query(now, "MARKETING", recipient="+5511999990000").price

Amounts are exact: `decimal.Decimal` read from the library's decimal text, and
the same amount in integer millionths of the currency unit.
"""
import ctypes
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, List, NamedTuple, Optional, Union

from . import _args
from ._errors import ArgumentValueError, Error
from ._lib import Context, c_char_p, c_int, c_int64, c_size_t, c_void_p, check, error_for, optional_fn
from ._types import PRICING_CATEGORIES, PRICING_MODELS, PricingCategory, PricingModel, Time, codes

_TIME_NONE = -(2 ** 63)
_PRICE_VERSION = 1
_AUTH_INTERNATIONAL = 1
_PCAT_CODES = codes(PRICING_CATEGORIES)


class _Price(ctypes.Structure):
    """watpl_price, version 1."""
    _fields_ = [
        ("version", ctypes.c_uint32),
        ("known", ctypes.c_int32),
        ("amount_micros", ctypes.c_int64),
        ("reason", ctypes.c_int32),
        ("pricing_category", ctypes.c_int32),
        ("card_effective_from", ctypes.c_int64),
        ("market", ctypes.c_char_p),
        ("country_iso", ctypes.c_char_p),
        ("currency", ctypes.c_char * 8),
        ("amount", ctypes.c_char * 32),
        ("auth_international", ctypes.c_int32),
        ("reserved32", ctypes.c_int32),
        ("reserved", ctypes.c_int64 * 4),
    ]


_P = ctypes.POINTER
_market_of = optional_fn("watpl_market_of", c_int, c_void_p, c_char_p, c_size_t, _P(c_char_p), _P(c_char_p))
_rates_new = optional_fn("watpl_rates_new", c_int, _P(c_void_p), c_void_p)
_rates_free = optional_fn("watpl_rates_free", None, c_void_p)
_rates_load_card = optional_fn("watpl_rates_load_card", c_int, c_void_p, c_void_p, c_char_p, c_size_t)
_rates_card_count = optional_fn("watpl_rates_card_count", c_size_t, c_void_p)
_rates_card_currency = optional_fn("watpl_rates_card_currency", c_char_p, c_void_p, c_size_t)
_rates_card_model = optional_fn("watpl_rates_card_model", c_int, c_void_p, c_size_t)
_rates_card_from = optional_fn("watpl_rates_card_effective_from", c_int64, c_void_p, c_size_t)
_rates_card_until = optional_fn("watpl_rates_card_effective_until", c_int64, c_void_p, c_size_t)
_rates_card_source = optional_fn("watpl_rates_card_source", c_char_p, c_void_p, c_size_t)
_price_init = optional_fn("watpl_price_init", None, _P(_Price))
_price_reason_name = optional_fn("watpl_price_reason_name", c_char_p, c_int)
_price_message = optional_fn("watpl_price_message", c_int, c_void_p, c_void_p, c_char_p, c_size_t, c_int,
                             c_int64, c_char_p, c_size_t, c_int, _P(_Price))
_answer_price = optional_fn("watpl_window_answer_price", c_int, c_void_p, c_void_p, c_void_p, c_int64, c_char_p,
                            c_size_t, c_char_p, c_size_t, c_int, _P(_Price))

#: True when the loaded library has markets, rate cards and prices.
AVAILABLE = None not in (_market_of, _rates_new, _rates_free, _rates_load_card, _rates_card_count,
                         _rates_card_currency, _rates_card_model, _rates_card_from, _rates_card_until,
                         _rates_card_source, _price_init, _price_reason_name, _price_message, _answer_price)


def _require(function: str) -> None:
    if not AVAILABLE:
        raise Error("%s(): the loaded libwatpl (%s) has no pricing API (libwatpl 1.2.0 with markets and rate "
                    "cards)" % (function, _version()))


def _version() -> str:
    from ._lib import version
    return version()


def _when(value: int) -> Optional[int]:
    return None if value == _TIME_NONE else value


class Market(NamedTuple):
    """The market of a phone number in Meta's rate cards, and its country (None
    when the calling code is shared, as +1 outside the listed area codes, or not listed)."""

    name: str
    country_iso: Optional[str]


class Card(NamedTuple):
    """One rate card of a Rates set."""

    currency: str
    model: PricingModel
    effective_from: Optional[int]
    effective_until: Optional[int]
    source: str


@dataclass(frozen=True)
class Price:
    """The list price of one message (volume tiers are not published, so not applied).

    `known` false means the price cannot be told (`reason` says why:
    "unknown.currency", "unknown.card", "unknown.market", "unknown.rate");
    then `amount`, `amount_micros` and `currency` are None. A free or unsent
    message is known, of amount 0 (`reason` "free" or "not_sent").
    """

    known: bool
    amount: Optional[Decimal]
    amount_micros: Optional[int]
    currency: Optional[str]
    reason: str
    pricing_category: Optional[PricingCategory]
    market: str
    country_iso: Optional[str]
    card_effective_from: Optional[int]
    auth_international: bool

    @classmethod
    def _from_struct(cls, p: _Price) -> "Price":
        assert _price_reason_name is not None
        reason: bytes = _price_reason_name(p.reason)
        known = bool(p.known)
        i = p.pricing_category - 1
        return cls(known=known, amount=Decimal(p.amount.decode()) if known else None,
                   amount_micros=int(p.amount_micros) if known else None,
                   currency=p.currency.decode() if known else None, reason=reason.decode(),
                   pricing_category=PRICING_CATEGORIES[i] if 0 <= i < len(PRICING_CATEGORIES) else None,
                   market=(p.market or b"").decode(), country_iso=(p.country_iso or b"").decode() or None,
                   card_effective_from=_when(p.card_effective_from), auth_international=bool(p.auth_international))


class Rates:
    """A set of rate cards: those compiled into the library, plus the cards
    loaded with load_card (docs: "Card files"). Read-only once loaded: it may be
    shared between threads."""

    def __init__(self) -> None:
        _require("Rates")
        assert _rates_new is not None
        self.handle: Any = None
        self._ctx = Context.for_call("Rates", {})  # the set allocates through it: kept as long as the set
        handle = c_void_p()
        check(_rates_new(ctypes.byref(handle), self._ctx.handle), "Rates", None, self._ctx.handle)
        self.handle = handle
        self._lock = threading.Lock()

    def load_card(self, text: Union[str, bytes]) -> None:
        """Add (or replace) one card, given as the text of a card file. On failure
        (InputError with the rule "card.*", line and column) the set is unchanged."""
        assert _rates_load_card is not None
        data = _args.text("Rates.load_card", "text", text)
        with self._lock, Context.for_call("Rates.load_card", {}) as ctx:
            ctx.check(_rates_load_card(ctx.handle, self.handle, data, len(data)), "text")

    @property
    def cards(self) -> List[Card]:
        """The cards of the set, by model, currency and effective date."""
        assert _rates_card_count and _rates_card_currency and _rates_card_model and _rates_card_from
        assert _rates_card_until and _rates_card_source
        out: List[Card] = []
        for i in range(_rates_card_count(self.handle)):
            currency: bytes = _rates_card_currency(self.handle, i)
            model: int = _rates_card_model(self.handle, i)
            source: bytes = _rates_card_source(self.handle, i)
            out.append(Card(currency.decode(), PRICING_MODELS[model - 1], _when(_rates_card_from(self.handle, i)),
                            _when(_rates_card_until(self.handle, i)), source.decode("utf-8", "replace")))
        return out

    def close(self) -> None:
        if getattr(self, "handle", None) and _rates_free is not None:
            _rates_free(self.handle)
            self.handle = None
        ctx = getattr(self, "_ctx", None)
        if ctx is not None:
            ctx.close()

    def __del__(self) -> None:
        self.close()


_default_lock = threading.Lock()
_default: List[Rates] = []


def default_rates() -> Rates:
    """The set of the compiled cards, made once per process."""
    with _default_lock:
        if not _default:
            _default.append(Rates())
        return _default[0]


def _currency(function: str, currency: object) -> bytes:
    data = _args.text(function, "currency", currency)
    if not (len(data) == 3 and data.isalpha() and data.isupper()):
        raise ArgumentValueError("argument 'currency' must be an ISO 4217 code such as 'USD', not %r"
                                       % (currency,), function, "currency")
    return data


def _recipient(function: str, recipient: object, argument: str = "recipient") -> bytes:
    return _args.text(function, argument, recipient)


def _price_error(code: int, function: str, ctx: Context) -> Error:
    from ._lib import _ctx_error_rule
    rule: Optional[bytes] = _ctx_error_rule(ctx.handle)
    argument = "recipient" if rule and rule.startswith(b"recipient.") else "currency"
    return error_for(code, function, argument, ctx.handle)


def market_of(number: str) -> Market:
    """The market of a phone number (E.164, with or without "+"; spaces and dashes ignored)."""
    _require("market_of")
    assert _market_of is not None
    data = _recipient("market_of", number, "number")
    market = c_char_p()
    iso = c_char_p()
    with Context.for_call("market_of", {}) as ctx:
        rc = _market_of(ctx.handle, data, len(data), ctypes.byref(market), ctypes.byref(iso))
        if rc:
            raise error_for(rc, "market_of", "number", ctx.handle)
    return Market((market.value or b"").decode(), (iso.value or b"").decode() or None)


def price_message(recipient: str, pricing_category: PricingCategory, t: Time, currency: str = "USD", *,
                  auth_international: bool = False, rates: Optional[Rates] = None) -> Price:
    """The list price of one delivered message of `pricing_category` to
    `recipient` at `t`, from the card in force then (per-message cards from
    2025-07-01, conversation-based ones before)."""
    f = "price_message"
    _require(f)
    assert _price_message is not None and _price_init is not None
    to = _recipient(f, recipient)
    cat = _args.choice(f, "pricing_category", pricing_category, _PCAT_CODES)
    when = _args.time(f, "t", t)
    cur = _currency(f, currency)
    flags = _flags(f, auth_international)
    p = _Price()
    _price_init(ctypes.byref(p))
    with Context.for_call(f, {}) as ctx:
        rc = _price_message(ctx.handle, (rates or default_rates()).handle, to, len(to), cat, when, cur, len(cur),
                            flags, ctypes.byref(p))
        if rc:
            raise _price_error(rc, f, ctx)
    return Price._from_struct(p)


def _flags(function: str, auth_international: object) -> int:
    if not isinstance(auth_international, bool):
        raise _args.wrong_type(function, "auth_international", "a bool", auth_international)
    return _AUTH_INTERNATIONAL if auth_international else 0


def answer_price(function: str, answer: Any, now: int, recipient: object, currency: object,
                 auth_international: object, rates: Optional[Rates]) -> Price:
    """The price of a window answer (a watpl_window_answer struct) sent to recipient at now."""
    _require(function)
    assert _answer_price is not None and _price_init is not None
    to = _recipient(function, recipient)
    cur = _currency(function, currency)
    flags = _flags(function, auth_international)
    if rates is not None and not isinstance(rates, Rates):
        raise _args.wrong_type(function, "rates", "a watpl.Rates", rates)
    p = _Price()
    _price_init(ctypes.byref(p))
    with Context.for_call(function, {}) as ctx:
        rc = _answer_price(ctx.handle, (rates or default_rates()).handle, ctypes.byref(answer), now, to, len(to),
                           cur, len(cur), flags, ctypes.byref(p))
        if rc:
            raise _price_error(rc, function, ctx)
    return Price._from_struct(p)


__all__ = ["Price", "Market", "Card", "Rates", "market_of", "price_message", "default_rates", "AVAILABLE"]
