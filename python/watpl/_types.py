"""The names of categories, kinds, schedules and the other fixed vocabularies.

Each is a `Literal` of plain strings, the same strings as the library's JSON
and the `watpl` command, so results compare and serialise as strings and mypy
checks the arguments a program passes.
"""
import datetime
from typing import Dict, Literal, Tuple, TypeVar, Union, get_args

#: A template category (Meta's three).
Category = Literal["MARKETING", "UTILITY", "AUTHENTICATION"]
#: The kind of an outbound message in the service window: a template category or free-form SERVICE.
Kind = Literal["MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"]
#: A pricing schedule: Meta's rules of 2025-07-01 (the default) or the reported rules of 2026-10-01.
Schedule = Literal["2025-07", "2026-10"]
#: How strictly variable placement is judged: as Meta's API was seen to decide (the default) or as
#: strictly as WhatsApp Manager's editor (docs/rules.md).
Placement = Literal["observed", "editor"]
#: Severity of a diagnostic or of a rule.
Severity = Literal["error", "warning"]
#: The part of a template a diagnostic or a signal points into.
Component = Literal["TEMPLATE", "HEADER", "BODY", "FOOTER", "BUTTONS", "CARD", "PARAMS", "CAROUSEL",
                    "LIMITED_TIME_OFFER"]
#: How text lengths are counted: UTF-16 code units (Meta's editor) or code points.
CountUnit = Literal["utf16", "codepoints"]
#: The entry point of an inbound message: click-to-WhatsApp ad or Facebook Page button.
Entry = Literal["ctwa", "page_cta"]
#: The device an inbound message came from (free entry points open on mobile only).
Device = Literal["mobile", "desktop"]
#: Conversation-based (before 2025-07-01) or per-message pricing.
PricingModel = Literal["CBP", "PMP"]
#: The pricing category of a window answer.
PricingCategory = Literal["marketing", "utility", "authentication", "service", "referral_conversion"]
#: The pricing type of a per-message answer.
PricingType = Literal["regular", "free_customer_service", "free_entry_point"]
#: Who opened the conversation of an answer.
Initiator = Literal["user", "business"]

#: A time: Unix seconds, or an aware datetime of whole seconds (converted exactly).
Time = Union[int, datetime.datetime]

CATEGORIES: Tuple[Category, ...] = get_args(Category)
KINDS: Tuple[Kind, ...] = get_args(Kind)
SCHEDULES: Tuple[Schedule, ...] = get_args(Schedule)
PLACEMENTS: Tuple[Placement, ...] = get_args(Placement)
SEVERITIES: Tuple[Severity, ...] = get_args(Severity)
COMPONENTS: Tuple[Component, ...] = get_args(Component)
COUNT_UNITS: Tuple[CountUnit, ...] = get_args(CountUnit)
ENTRIES: Tuple[Entry, ...] = get_args(Entry)
DEVICES: Tuple[Device, ...] = get_args(Device)
PRICING_MODELS: Tuple[PricingModel, ...] = get_args(PricingModel)
PRICING_CATEGORIES: Tuple[PricingCategory, ...] = get_args(PricingCategory)
PRICING_TYPES: Tuple[PricingType, ...] = get_args(PricingType)
INITIATORS: Tuple[Initiator, ...] = get_args(Initiator)

_T = TypeVar("_T", bound=str)


def codes(names: Tuple[_T, ...], first: int = 1) -> Dict[_T, int]:
    """name -> the library's number, for vocabularies numbered in order from `first`."""
    return {name: first + i for i, name in enumerate(names)}
